"""Entity mentions: every alias of the registry found in every paragraph, in one pass each."""

from __future__ import annotations

import functools

from ..models import Alias, Dossier, Mention, Source, Span
from ..source_cache import per_source
from .matching import Matcher


def in_scope(alias: Alias, source: str, story: str) -> bool:
    """Whether an alias limited to some sources or stories applies in `source`/`story`."""
    if alias.sources is None and alias.stories is None:
        return True
    return source in (alias.sources or ()) or f"{source}/{story}" in (alias.stories or ())


def find_mentions(dossier: Dossier) -> tuple[Mention, ...]:
    matcher = functools.cache(lambda: Matcher(
        (alias.text, (entity.id, alias), alias.case == "insensitive")
        for entity in dossier.entities
        for alias in entity.all_aliases()
    ))  # built only when some source is not in the cache
    found = per_source("mentions", dossier, dossier.entities, lambda source: _mentions(matcher(), source))
    return tuple(m for mentions in found for m in mentions)


def _mentions(matcher: Matcher[tuple[str, Alias]], source: Source) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    for para in source.reading.paragraphs:
        def accept(payload: tuple[str, Alias], sid=source.id, story=para.story) -> bool:
            return in_scope(payload[1], sid, story)
        seen: set[tuple[str, int]] = set()
        for m in matcher.find(para.text, accept):
            entity, alias = m.payload
            if (entity, m.start) in seen:  # two aliases of one entity on one span count once
                continue
            seen.add((entity, m.start))
            mentions.append(Mention(entity, Span(source.id, para.id, m.start, m.end), para.story, m.surface, alias.text))
    return tuple(mentions)
