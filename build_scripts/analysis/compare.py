"""The comparisons between sources, gathered in one `Comparison`: shared text, quotation
groups, reported figures and quantities, dated events and wording. Each analysis lives in its
own module and costs time linear in the size of the dossier (benchmarks/bench_compare.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import Analysis, Dossier
from ..problems import Problem
from ..source_cache import code_version, fingerprint, merged
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


def compare(dossier: Dossier, analysis: Analysis, texts: str,
            from_text: Callable[[], tuple[SharedText, tuple[DatedEvent, ...], Wording]]) -> tuple[Comparison, list[Problem]]:
    """The comparisons. `texts` is `texts_key(dossier)`; `from_text()` gives those that need no
    mentions (`text_only`, perhaps found meanwhile in a worker process)."""
    figures = find_figures(dossier, analysis)
    quantity_list, problems = quantities(dossier, figures)
    # Quotations read the paragraphs, the entities (speakers, through the mentions) and the
    # wording lexicon: in a long-lived process, kept while those stay.
    quotes = merged("quotes", dossier, f"{code_version()}\0{texts}\0{fingerprint((dossier.entities, dossier.wording))}",
                    lambda: find_quotes(dossier, analysis))
    shared, dates, wording = from_text()
    return Comparison(shared=shared, quotes=quotes, figures=figures, quantities=quantity_list, dates=dates,
                      wording=wording), problems


def text_only(dossier: Dossier, known: SharedText | None) -> tuple[SharedText, tuple[DatedEvent, ...], Wording]:
    """The comparisons that need no mentions, only the paragraphs (and the wording lexicon):
    shared text (`known`, when a long-lived process kept it for these paragraphs), dates and
    wording."""
    return (known if known is not None else shared_text(dossier)), find_dates(dossier), find_wording(dossier)
