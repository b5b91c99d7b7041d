"""Topic membership, decided on the evidence of one passage at a time.

A passage is a paragraph seen together with its `window` (the paragraphs of its story on
either side). A paragraph is a passage of a topic when it holds a match of the topic's rule
itself (a mention of one of its `entities`, or one of its `terms` with an anchoring entity in
the window), the window holds `min_mentions` such matches and, when the rule has `requires`,
one of those too. A story, and so a source, joins a topic only through its passages: matches
in distant paragraphs never add up, so a passing mention does not make a member. Metadata
lines (bylines, datelines) are never passages.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from ..models import Dossier, FrozenMap, Mention, Paragraph, Passage, Source, Span, Topic, TopicResult
from ..problems import Problem, Severity
from ..source_cache import per_source
from .matching import Matcher
from .metalines import metadata_paragraphs

Found = list[tuple[Span, str]]  # where in the paragraph, and the words as written


@dataclass(frozen=True)
class _Para:
    """What a topic's rule finds in one paragraph."""

    para: Paragraph
    entities: Found  # mentions of the rule's entities
    anchors: Found  # mentions of its anchoring entities
    terms: Found  # its terms (they count only when anchored)
    required: tuple[Found, ...]  # matches of each of its `requires` groups


def topic_membership(dossier: Dossier, mentions: tuple[Mention, ...]) -> tuple[FrozenMap[str, TopicResult], list[Problem]]:
    terms = functools.cache(lambda: Matcher(
        (term, (topic.slug, group), True)
        for topic in dossier.topics
        for group, matchers in [("match", topic.match)] + [
            (f"requires{k}", g) for k, g in enumerate(topic.match.requires)]
        for term in matchers.terms
    ))  # built only when some source is not in the cache
    by_paragraph: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paragraph[(m.source, m.paragraph)].append(m)
    passages: dict[str, list[Passage]] = {t.slug: [] for t in dossier.topics}
    # A source's passages depend on it, on the topics and, through its mentions, on the entities.
    ids = {t.slug: _Ids.of(t) for t in dossier.topics}
    found = per_source("topics", dossier, (dossier.topics, dossier.entities),
                       lambda source: _source_passages(dossier.topics, ids, terms(), by_paragraph, source))
    for per_topic in found:
        for slug, more in per_topic:
            passages[slug] += more
    problems = []
    for topic in dossier.topics:
        if not passages[topic.slug]:
            problems.append(Problem(topic.origin.path, topic.origin.line, (
                f"topic {topic.slug!r} has no passages: no paragraph matches its rules; widen `match` "
                "(entities, anchors, terms, window, min_mentions) or remove the topic"), Severity.WARNING, code="topic-empty"))
    return FrozenMap((t.slug, TopicResult(t.slug, tuple(passages[t.slug]))) for t in dossier.topics), problems


@dataclass(frozen=True)
class _Ids:
    """A topic's rule's entity ids as sets (its rule lists them): a paragraph's mentions are
    filtered by them for every topic its story may belong to."""

    entities: frozenset[str]
    anchors: frozenset[str]
    requires: tuple[frozenset[str], ...]

    @staticmethod
    def of(topic: Topic) -> _Ids:
        rule = topic.match
        return _Ids(frozenset(rule.entities), frozenset(rule.anchors or ()), tuple(frozenset(g.entities) for g in rule.requires))


def _source_passages(topics: tuple[Topic, ...], ids: dict[str, _Ids], terms: Matcher[tuple[str, str]],
                     by_paragraph: dict[tuple[str, str], list[Mention]], source: Source) -> tuple[tuple[str, tuple[Passage, ...]], ...]:
    """(topic slug, the source's passages of that topic), in the order found."""
    out: dict[str, list[Passage]] = {}
    skip = metadata_paragraphs(source)
    for story in source.reading.stories:
        paras = [source.reading.paragraph(pid) for pid in story.paragraphs if pid not in skip]
        found = [_terms_by_group(terms, source.id, p) for p in paras]
        named = {m.entity for p in paras for m in by_paragraph.get((source.id, p.id), ())}
        termed = {slug for f in found for slug, group in f if group == "match"}
        for topic in topics:
            # A passage needs a match of the rule itself (one of its entities, or one of its terms):
            # a story with neither cannot give one, whatever its other paragraphs hold.
            if named.isdisjoint(ids[topic.slug].entities) and topic.slug not in termed:
                continue
            seen = [_seen(topic, ids[topic.slug], p, f, by_paragraph.get((source.id, p.id), []))
                    for p, f in zip(paras, found)]
            more = _story_passages(topic, source.id, story.id, seen)
            if more:
                out.setdefault(topic.slug, []).extend(more)
    return tuple((slug, tuple(v)) for slug, v in out.items())


def _terms_by_group(terms: Matcher[tuple[str, str]], sid: str, para: Paragraph) -> dict[tuple[str, str], Found]:
    """Every topic group sees all its own matches: overlaps are resolved within a group only."""
    out: dict[tuple[str, str], Found] = defaultdict(list)
    for m in terms.find(para.text, group=lambda payload: payload):
        out[m.payload].append((Span(sid, para.id, m.start, m.end), m.surface))
    return out


def _seen(topic: Topic, ids: _Ids, para: Paragraph, terms: dict[tuple[str, str], Found], mentions: list[Mention]) -> _Para:
    if not mentions and not terms:  # nothing in the paragraph for any topic
        return _Para(para, [], [], [], tuple([] for _ in ids.requires))

    def named(wanted: frozenset[str]) -> Found:
        return [(m.span, m.surface) for m in mentions if m.entity in wanted] if wanted else []

    entities, anchors = named(ids.entities), named(ids.anchors)
    own = terms.get((topic.slug, "match"), [])
    if own:
        taken = [m.span for m in mentions if m.entity in ids.entities or m.entity in ids.anchors]
        own = [(s, w) for s, w in own if not _inside(s, taken)]
    required = tuple(named(wanted) + terms.get((topic.slug, f"requires{k}"), [])
                     for k, wanted in enumerate(ids.requires))
    return _Para(para, entities, anchors, own, required)


def _inside(span: Span, mentions: list[Span]) -> bool:
    """Whether a term lies within an entity mention ("Border" in "Iraqi Border Patrol")."""
    return any(m.start <= span.start and span.end <= m.end for m in mentions)


def _story_passages(topic: Topic, source: str, story: str, seen: list[_Para]) -> list[Passage]:
    rule = topic.match
    w = rule.window

    def window(i: int) -> list[_Para]:
        return seen[max(0, i - w): i + w + 1]

    counted: list[Found] = []
    anchored_by: list[tuple[str, ...]] = []
    for i, p in enumerate(seen):
        # Terms count when the rule has no anchors, or when one is in the window.
        anchors = tuple(dict.fromkeys(a for q in window(i) for _, a in q.anchors)) if p.terms else ()
        use_terms = bool(p.terms) and (rule.anchors is None or bool(anchors))
        counted.append(sorted(p.entities + p.terms) if use_terms else sorted(p.entities))
        anchored_by.append(anchors if use_terms and rule.anchors is not None else ())
    out = []
    for i, p in enumerate(seen):
        near = range(max(0, i - w), min(len(seen), i + w + 1))
        if not counted[i] or sum(len(counted[j]) for j in near) < rule.min_mentions:
            continue
        groups = [[r for q in window(i) for _, r in sorted(q.required[k])] for k in range(len(rule.requires))]
        if not all(groups):
            continue
        required = tuple(dict.fromkeys(r for g in groups for r in g))
        out.append(Passage(topic.slug, source, story, p.para.id, tuple(s for s, _ in counted[i]),
                           tuple(w for _, w in counted[i]), anchored_by[i], required))
    return out
