"""Topic membership, decided per passage: a story (or a paragraph) joins a topic when it
holds enough of the topic's matches, so a passing mention does not make a source a
topic's source, and a capture that bundles stories contributes only the relevant ones.
"""

from __future__ import annotations

from collections import defaultdict

from .matching import Matcher
from ..models import Dossier, FrozenMap, Matchers, Mention, Paragraph, Passage, Span, Topic, TopicResult
from ..problems import Problem, Severity

Hits = dict[tuple[str, str], list[tuple[Span, str]]]  # (topic slug, "match" | "requires") -> spans and words


def topic_membership(dossier: Dossier, mentions: tuple[Mention, ...]) -> tuple[FrozenMap[str, TopicResult], list[Problem]]:
    terms: Matcher[tuple[str, str]] = Matcher(
        (term, (topic.slug, group), True)
        for topic in dossier.topics
        for group, matchers in _groups(topic)
        for term in matchers.terms
    )
    wanted = {(t.slug, g): set(m.entities) for t in dossier.topics for g, m in _groups(t)}
    by_paragraph: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paragraph[(m.source, m.paragraph)].append(m)
    passages: dict[str, list[Passage]] = {t.slug: [] for t in dossier.topics}
    for source in dossier.sources:
        for story in source.reading.stories:
            paras = [source.reading.paragraph(pid) for pid in story.paragraphs]
            hits = [_paragraph_hits(source.id, p, terms, wanted, by_paragraph[(source.id, p.id)]) for p in paras]
            for topic in dossier.topics:
                passages[topic.slug] += _story_passages(topic, source.id, story.id, paras, hits)
    problems = []
    for topic in dossier.topics:
        if not passages[topic.slug]:
            problems.append(Problem(topic.origin.path, topic.origin.line, (
                f"topic {topic.slug!r} has no passages: no story matches its rules; widen `match` "
                "(entities, terms, min_mentions) or remove the topic"), Severity.WARNING, code="topic-empty"))
    return FrozenMap((t.slug, TopicResult(t.slug, tuple(passages[t.slug]))) for t in dossier.topics), problems


def _groups(topic: Topic) -> list[tuple[str, Matchers]]:
    out: list[tuple[str, Matchers]] = [("match", topic.match)]
    if topic.match.requires is not None:
        out.append(("requires", topic.match.requires))
    return out


def _paragraph_hits(sid: str, para: Paragraph, terms, wanted, mentions: list[Mention]) -> Hits:
    hits: Hits = defaultdict(list)
    for m in terms.find(para.text):
        hits[m.payload].append((Span(sid, para.id, m.start, m.end), m.surface))
    for key, entities in wanted.items():
        hits[key] += [(m.span, m.surface) for m in mentions if m.entity in entities]
    return hits


def _story_passages(topic: Topic, source: str, story: str, paras: list[Paragraph], hits: list[Hits]) -> list[Passage]:
    rule = topic.match
    main = [h.get((topic.slug, "match"), []) for h in hits]
    needed = [h.get((topic.slug, "requires"), []) for h in hits]
    if rule.unit == "paragraph":
        keep = [i for i in range(len(paras))
                if len(main[i]) >= rule.min_mentions and (rule.requires is None or needed[i])]
    elif sum(map(len, main)) >= rule.min_mentions and (rule.requires is None or any(needed)):
        keep = [i for i in range(len(paras)) if main[i]]
    else:
        keep = []
    return [Passage(topic.slug, source, story, paras[i].id, tuple(sorted(span for span, _ in main[i])),
                    tuple(word for _, word in main[i])) for i in keep]
