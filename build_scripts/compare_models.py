"""The models of the editor data behind the comparisons between sources (kept beside
`models.py`, which refers to them): the wording lexicon and decisions on reported quantities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .models import NOWHERE, Origin


@dataclass(frozen=True)
class Term:  # a term of the wording lexicon (`lexicons/wording.yml`)
    term: str
    forms: tuple[str, ...] = ()
    refers_to: str | None = None  # terms that name the same thing share it
    case: Literal["sensitive", "insensitive"] = "insensitive"
    note: str | None = None


@dataclass(frozen=True)
class FigureDecision:  # an editor's decision on a reported quantity (`figures.yml`)
    quantity: str
    action: Literal["confirm", "merge", "split"]
    note: str | None = None
    others: tuple[str, ...] = ()
    values: tuple[tuple[str, str, str], ...] = ()  # (source, paragraph, value as written)
    to: str | None = None
    origin: Origin = NOWHERE
