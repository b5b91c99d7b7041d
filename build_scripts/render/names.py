"""Lookups every page needs (an entity's name, a topic's title, a paragraph's number, what is
found in given paragraphs), made once per dossier or source rather than once per page: a page
per source that rebuilt them would cost sources × entities, and a topic page that scanned every
figure would cost topics × figures."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TypeVar

from ..models import Dossier, Source, Span

T = TypeVar("T")

_LAST: dict[str, tuple[object, Mapping]] = {}  # what -> (the tuple it was made from, the lookup)


def _lookup(what: str, items: tuple, make) -> Mapping:
    hit = _LAST.get(what)
    if hit is None or hit[0] is not items:  # a new dossier (or build): make it again
        hit = (items, make(items))
        _LAST[what] = hit
    return hit[1]


def entity_names(dossier: Dossier) -> Mapping[str, str]:
    return _lookup("entities", dossier.entities, lambda es: {e.id: e.name for e in es})


def topic_titles(dossier: Dossier) -> Mapping[str, str]:
    return _lookup("topics", dossier.topics, lambda ts: {t.slug: t.title for t in ts})


def number(source: Source, pid: str) -> int:
    """A paragraph's number in reading order (1, 2, 3...); its id (`p<line>`) stays the anchor."""
    return source.reading.number(pid)


def in_paragraphs(what: str, items: tuple[T, ...], spans: Callable[[T], Iterable[Span]],
                  paragraphs: Collection[tuple[str, str]]) -> list[T]:
    """The items, in their order, with a span in one of `paragraphs` ((source id, paragraph id)
    pairs), looked up in an index of the items by paragraph made once per build (`what` names it)."""
    index = _lookup(what, items, lambda its: _by_paragraph(its, spans))
    return [items[i] for i in sorted({i for key in paragraphs for i in index.get(key, ())})]


def _by_paragraph(items: tuple, spans: Callable) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(items):
        for span in spans(item):
            index.setdefault((span.source, span.paragraph), []).append(i)
    return index
