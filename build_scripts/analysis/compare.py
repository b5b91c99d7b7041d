"""The comparisons between sources, gathered in one `Comparison`: shared text, quotation
groups, reported figures and quantities, dated events and wording. Each analysis lives in its
own module and costs time linear in the size of the dossier (benchmarks/bench_compare.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Analysis, Dossier
from ..problems import Problem
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
    return Comparison(
        shared=shared_text(dossier),
        quotes=find_quotes(dossier, analysis),
        figures=figures,
        quantities=quantity_list,
        dates=find_dates(dossier),
        wording=find_wording(dossier),
    ), problems
