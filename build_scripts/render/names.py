"""Lookups every page needs (an entity's name, a topic's title, a paragraph's number), made
once per dossier or source rather than once per page: a page per source that rebuilt them
would cost sources × entities."""

from __future__ import annotations

from collections.abc import Mapping

from ..models import Dossier, Source

_LAST: dict[str, tuple[object, dict[str, str]]] = {}  # what -> (the tuple it was made from, the lookup)


def _lookup(what: str, items: tuple, make) -> Mapping[str, str]:
    hit = _LAST.get(what)
    if hit is None or hit[0] is not items:  # a new dossier (or build): make it again
        hit = (items, make(items))
        _LAST[what] = hit
    return hit[1]


def entity_names(dossier: Dossier) -> Mapping[str, str]:
    return _lookup("entities", dossier.entities, lambda es: {e.id: e.name for e in es})


def topic_titles(dossier: Dossier) -> Mapping[str, str]:
    return _lookup("topics", dossier.topics, lambda ts: {t.slug: t.title for t in ts})


_NUMBERS: dict[int, tuple[object, dict[str, int]]] = {}  # id(reading) -> (reading, numbers)


def number(source: Source, pid: str) -> int:
    """A paragraph's number in reading order (1, 2, 3...); its id (`p<line>`) stays the anchor."""
    reading = source.reading
    cached = _NUMBERS.get(id(reading))
    if cached is None or cached[0] is not reading:
        if len(_NUMBERS) > 4096:
            _NUMBERS.clear()
        cached = _NUMBERS[id(reading)] = (reading, {p.id: n for n, p in enumerate(reading.paragraphs, start=1)})
    return cached[1][pid]
