"""The models of editors' annotations (kept beside `models.py`, which refers to them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .models import NOWHERE, FrozenMap, Origin, Span

Motivation = Literal["commenting", "questioning", "disputing", "tagging", "linking"]


@dataclass(frozen=True)
class Annotation:
    """An editor's note on the exact words of a source (dossier/annotations/<id>.yml)."""

    id: str
    source: str
    exact: str  # the quoted words, as the editor wrote them
    prefix: str | None  # the words just before (optional; tells repeats apart)
    suffix: str | None  # the words just after
    note: str  # plain text
    motivation: Motivation
    author: str
    date: str  # ISO date (or date and time)
    links: FrozenMap[str, tuple[str, ...]]  # "sources" | "entities" | "topics" | "annotations" -> ids
    imported_from: str | None  # the IRI of the annotation it was imported from
    origin: Origin = NOWHERE  # the line of `exact`


AnchorStatus = Literal["exact", "context", "approximate", "orphan"]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation's quote lies in its source's reading text, and how sure that is."""

    annotation: Annotation
    status: AnchorStatus  # exact; exact and told apart from repeats by prefix/suffix; approximate; orphan
    span: Span | None  # None for an orphan
    score: float  # similarity of the quote and the words at `span` (1.0 = identical)
    text: str  # the reading text's words at `span`; for an orphan, the closest passage found
    closest: Span | None = None  # for an orphan: where the closest passage is

    @property
    def review(self) -> bool:
        return self.status in ("approximate", "orphan")
