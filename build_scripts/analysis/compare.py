"""The comparisons between sources, gathered in one `Comparison`: shared text, quotation
groups, reported figures and quantities, dated events and wording. Each analysis lives in its
own module and costs time linear in the size of the dossier (benchmarks/bench_compare.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Analysis, Dossier
from ..problems import Problem
from ..source_cache import code_version, fingerprint, merged, texts_key
from .dates import DatedEvent, find_dates
from .figures import Figure, find_figures
from .quantities import Quantity, quantities
from .quotes import QuoteGroup, find_quotes
from .shared import SharedText, shared_text
from .wording import Wording, find_wording


@dataclass(frozen=True)
class Comparison:
    shared: SharedText
    quotes: tuple[QuoteGroup, ...]  # groups in more sources first
    figures: tuple[Figure, ...]  # in dossier order
    quantities: tuple[Quantity, ...]  # disagreements first
    dates: tuple[DatedEvent, ...]  # in dossier order
    wording: Wording


def compare(dossier: Dossier, analysis: Analysis) -> tuple[Comparison, list[Problem]]:
    figures = find_figures(dossier, analysis)
    quantity_list, problems = quantities(dossier, figures)
    # Shared text reads only the paragraphs; quotations the paragraphs, the entities (speakers,
    # through the mentions) and the wording lexicon: in a long-lived process, kept while those stay.
    texts = texts_key(dossier)
    return Comparison(
        shared=merged("shared-text", dossier, f"{code_version()}\0{texts}", lambda: shared_text(dossier)),
        quotes=merged("quotes", dossier, f"{code_version()}\0{texts}\0{fingerprint((dossier.entities, dossier.wording))}",
                      lambda: find_quotes(dossier, analysis)),
        figures=figures,
        quantities=quantity_list,
        dates=find_dates(dossier),
        wording=find_wording(dossier),
    ), problems
