"""Quotations: quoted and reported speech with its speaker, and the renderings of one statement
across sources grouped together (translations, paraphrases, reported speech).

Extraction: text between “ ” or " " of at least four words is a quotation; its speaker is
read from the words around it ("..., Khamenei said", "he added", "X said: ...", "according
to X"). A sentence without quotation marks whose subject is followed by a reporting verb
("He further called for Islamic states to sever ...") is reported speech: the words after the
verb. "He"/"she" and "the group" resolve to the last speaker named in the same story. A speaker
written as an alias of a registered entity is that entity.

Grouping: each statement becomes its content words (stopwords dropped, light stemming, and
lexicon terms replaced by what they refer to, so "the Zionist regime" and "Israel" meet).
An inverted index on rare content words proposes candidates (never every pair); a candidate
joins when it shares at least `MIN_SHARED` content words, covering at least 60% of the shorter
statement, with a rapidfuzz token-set similarity of at least `MIN_SCORE`, and the two groups
joined do not have two different registered speakers (checked per group, so that an
unattributed rendering cannot chain the statements of two people together).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..models import Analysis, Dossier, Mention, Span
from ..source_cache import per_source
from .text import STOPWORDS, sentences, stem, words
from .wording import canonical_terms, term_matcher

MIN_WORDS = 4
MIN_SHARED = 3
MIN_OVERLAP = 0.6
MIN_SCORE = 60
MAX_POSTING = 200  # content words in more statements than this do not propose candidates

QUOTE = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
VERBS = (r"said|says|stated|states|added|declared|told|warned|asserted|insisted|noted|wrote|claimed|"
         r"urged|reiterated|stressed|emphasi[sz]ed|called for|called on|calls for|calls on|demanded|asked")
_VERB = re.compile(rf"(?<!\bits )(?<!\btheir )(?<!\bthe )(?<!\bhis )(?<!\bher )\b(?:{VERBS})\b")
_AFTER = re.compile(rf"^[\s,.!?;:–—-]*(?P<who>[^,.;:“”\"]{{1,60}}?)\s+(?:{VERBS})\b|^[\s,.!?;:–—-]*(?:{VERBS})\s+(?P<who2>[A-Z][^,.;:“”\"]{{0,60}}?)(?=[,.;]|$)")
_ACCORDING = re.compile(r"according to (?P<who>[^,.;:“”\"]{1,60}?)(?=[,.;]|$)")
_FILLER = {"further", "also", "later", "then", "again", "has", "have", "had", "was", "is", "had", "reportedly"}
PRONOUNS = {"he", "she", "they", "the group", "the movement", "it"}


@dataclass(frozen=True, order=True)
class Statement:
    span: Span  # the quoted words (inside the marks) or the reported clause
    kind: str  # "quoted" or "reported"
    speaker: str  # as written near the statement (after pronoun resolution); "" when unattributed
    entity: str  # the registered entity that speaker names, or ""
    written: str = ""  # the speaker's words next to the statement when they differ ("he"), else ""


@dataclass(frozen=True)
class QuoteGroup:
    id: str  # "q-<source>-<paragraph>-<start>" of its first variant
    variants: tuple[Statement, ...]  # in dossier order

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.span.source for v in self.variants))


def _who(clause: str) -> str:
    kept = [w for w in clause.split() if w.lower() not in _FILLER and not w.lower().endswith("ly")]
    return " ".join(kept[-6:])


def _speaker_before(text: str, start: int) -> str:
    """'X said: “...' or 'It is necessary, X said, to “...': the speaker before the quote."""
    head = text[:start]
    m = _ACCORDING.search(head)
    verbs = list(_VERB.finditer(head))
    if not verbs:
        return m.group("who") if m else ""
    clause = re.split(r"[,;:“”\"]|\.\s", head[:verbs[-1].start()])[-1]
    return _who(clause) if clause.strip() else ""


def _speaker_after(text: str, end: int) -> str:
    tail = text[end:]
    m = _AFTER.match(tail)
    if m:
        return _who(m.group("who") or m.group("who2") or "")
    m = _ACCORDING.match(tail.lstrip(" ,"))
    return m.group("who") if m else ""


def _entity_of(who_start: int, who_end: int, mentions: tuple[Mention, ...]) -> str:
    """The last registered entity named inside the speaker's words (the head of the phrase)."""
    inside = [m.entity for m in mentions if m.start >= who_start and m.end <= who_end]
    return inside[-1] if inside else ""


@dataclass
class _Context:
    """What a pronoun can refer to while one source is read, per story."""

    people: frozenset[str]  # ids of the registered persons
    last: dict  # story -> (speaker, entity) of the last attributed statement
    persons: dict  # story -> (surface, entity) of the last person named in an earlier paragraph

    def resolve(self, text: str, who: str, near: int, mentions, story: str) -> tuple[str, str]:
        if not who:
            return "", ""
        if who.lower() in ("he", "she"):
            here = [m for m in mentions if m.entity in self.people and m.end <= near]
            if here:
                return here[-1].surface, here[-1].entity
            last = self.last.get(story, ("", ""))
            return last if last[1] in self.people else self.persons.get(story, (who, ""))
        if who.lower() in PRONOUNS:
            return self.last.get(story) or (who, "")
        start = text.find(who, near)
        if start < 0:
            start = text.rfind(who, 0, near)
        return who, _entity_of(start, start + len(who), mentions) if start >= 0 else ""


def extract(dossier: Dossier, analysis: Analysis) -> tuple[Statement, ...]:
    people = frozenset(e.id for e in dossier.entities if e.kind == "person")
    # A source's statements depend on it and, through its mentions and their kinds, on the entities.
    found = per_source("quotes", dossier, dossier.entities,
                       lambda source: _source_statements(source, people, analysis.by_paragraph))
    return tuple(s for statements in found for s in statements)


def _source_statements(source, people: frozenset[str], by_paragraph) -> tuple[Statement, ...]:
    found: list[Statement] = []
    ctx = _Context(people, {}, {})
    for para in source.reading.paragraphs:
        mentions = by_paragraph.get((source.id, para.id), ())
        found += _paragraph(source.id, para, mentions, ctx)
        named = [m for m in mentions if m.entity in people]
        if named:
            ctx.persons[para.story] = (named[-1].surface, named[-1].entity)
    return tuple(found)


def _paragraph(sid: str, para, mentions, ctx: _Context) -> list[Statement]:
    text, out = para.text, []
    quoted_ranges = []
    for m in QUOTE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        start, end = m.start(g), m.end(g)
        while end > start and text[end - 1] in ",;: ":
            end -= 1
        quoted_ranges.append((m.start(), m.end()))
        if len(words(text[start:end])) < MIN_WORDS:
            continue
        who = _speaker_after(text, m.end()) or _speaker_before(text, m.start())
        speaker, entity = ctx.resolve(text, who, m.start(), mentions, para.story)
        if speaker:
            ctx.last[para.story] = (speaker, entity)
        out.append(Statement(Span(sid, para.id, start, end), "quoted", speaker, entity, _written(who, speaker)))
    for s_start, s_end in sentences(text):
        if any(a < s_end and b > s_start for a, b in quoted_ranges):
            continue
        stmt = _reported(sid, para, s_start, s_end, mentions, ctx)
        if stmt is not None:
            out.append(stmt)
    return sorted(out)


def _reported(sid, para, s_start, s_end, mentions, ctx: _Context) -> Statement | None:
    text = para.text
    verb = _VERB.search(text, s_start, s_end)
    if verb is None:
        return None
    clause = re.split(r"[,;:]", text[s_start:verb.start()])[-1]
    who = _who(clause)
    if not who or len(who.split()) > 5 or not (who[0].isupper() or who.lower() in PRONOUNS):
        return None
    start = verb.end() + (len(text[verb.end():s_end]) - len(text[verb.end():s_end].lstrip()))
    if text.startswith("that ", start):
        start += 5
    end = s_end - 1 if text[s_end - 1] in ".!?" else s_end
    if len(words(text[start:end])) < MIN_WORDS:
        return None
    speaker, entity = ctx.resolve(text, who, verb.start() - len(who) - 1, mentions, para.story)
    if not speaker or not entity:
        return None  # reported speech only from a registered speaker (named, or the "he" just quoted)
    ctx.last[para.story] = (speaker, entity)
    return Statement(Span(sid, para.id, start, end), "reported", speaker, entity, _written(who, speaker))


def _written(who: str, speaker: str) -> str:
    return who if who and who != speaker else ""


def content(text: str, dossier: Dossier, matcher=None) -> frozenset[str]:
    """The content words of a statement: canonical terms, no stopwords, lightly stemmed."""
    text = canonical_terms(dossier.wording, text, matcher)
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit())


def related(a: frozenset[str], b: frozenset[str], speaker_a: str, speaker_b: str) -> bool:
    """Whether two statements are renderings of one statement (see the module's docstring)."""
    if speaker_a and speaker_b and speaker_a != speaker_b:
        return False
    shared = len(a & b)
    if shared < MIN_SHARED or shared / min(len(a), len(b)) < MIN_OVERLAP:
        return False
    return fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) >= MIN_SCORE


def group(dossier: Dossier, statements: tuple[Statement, ...]) -> tuple[QuoteGroup, ...]:
    matcher = term_matcher(dossier.wording)
    words_of = [content(dossier.source(st.span.source).reading.paragraph(st.span.paragraph).text[st.span.start:st.span.end],
                        dossier, matcher) for st in statements]
    index: dict[str, list[int]] = defaultdict(list)
    parent = list(range(len(statements)))
    speaker = [st.entity for st in statements]  # per group (at its root): its registered speaker, if any

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (st, mine) in enumerate(zip(statements, words_of)):
        hits: Counter[int] = Counter()
        for w in mine:
            posting = index[w]
            if len(posting) < MAX_POSTING:
                hits.update(posting)
        # in statement order: the result never depends on hashing
        for j in sorted(j for j, n in hits.items() if n >= MIN_SHARED):
            if find(i) != find(j) and related(mine, words_of[j], st.entity, statements[j].entity):
                ri, rj = find(i), find(j)
                if ri != rj and not (speaker[ri] and speaker[rj] and speaker[ri] != speaker[rj]):
                    parent[max(ri, rj)] = min(ri, rj)
                    speaker[min(ri, rj)] = speaker[ri] or speaker[rj]
        for w in mine:
            index[w].append(i)
    members: dict[int, list[Statement]] = defaultdict(list)
    for i, st in enumerate(statements):
        members[find(i)].append(st)
    groups = []
    for items in members.values():
        first = items[0].span
        groups.append(QuoteGroup(f"q-{first.source}-{first.paragraph}-{first.start}", tuple(items)))
    return tuple(sorted(groups, key=lambda g: (-len(g.sources), g.variants[0])))


def find_quotes(dossier: Dossier, analysis: Analysis) -> tuple[QuoteGroup, ...]:
    return group(dossier, extract(dossier, analysis))
