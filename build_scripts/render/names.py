"""Lookups every page needs (an entity's name, a topic's title), made once per dossier rather
than once per page: a page per source that rebuilt them would cost sources × entities."""

from __future__ import annotations

from collections.abc import Mapping

from ..models import Dossier

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
