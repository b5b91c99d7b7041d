"""Entity mentions: every alias of the registry found in every paragraph, in one pass each."""

from __future__ import annotations

from .matching import Matcher
from ..models import Alias, Dossier, Mention, Span


def in_scope(alias: Alias, source: str, story: str) -> bool:
    """Whether an alias limited to some sources or stories applies in `source`/`story`."""
    if alias.sources is None and alias.stories is None:
        return True
    return source in (alias.sources or ()) or f"{source}/{story}" in (alias.stories or ())


def find_mentions(dossier: Dossier) -> tuple[Mention, ...]:
    matcher: Matcher[tuple[str, Alias]] = Matcher(
        (alias.text, (entity.id, alias), alias.case == "insensitive")
        for entity in dossier.entities
        for alias in entity.all_aliases()
    )
    mentions: list[Mention] = []
    for source in dossier.sources:
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
