"""The typed, deeply immutable models passed between the stages of the pipeline.

They are kept apart from the YAML schema (`load/schema.py`), which only validates files:
renaming a key in a file changes the loader's conversion, not the pages. Every model is a
frozen dataclass of tuples, strings, numbers and `FrozenMap`s, so it is hashable (the
basis of caching per source), and every model read from a file records its `origin`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .frozen import FrozenMap, pickled_by_slots

if TYPE_CHECKING:
    from .annotation_models import Anchor, Annotation
    from .compare_models import FigureDecision, Term


@pickled_by_slots
@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """Where a model was read: the file and the line of its first key."""

    path: str
    line: int


NOWHERE = Origin("", 0)


@pickled_by_slots
@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A piece of text: characters [start, end) of one paragraph's text, in code points.

    The one way analyses point at text (mentions, topic passages, quotations, figures,
    dates, annotations); `render.markup.highlight` turns a paragraph and its spans into HTML.
    """

    source: str
    paragraph: str
    start: int
    end: int

    def text(self, paragraph_text: str) -> str:
        return paragraph_text[self.start : self.end]


# --- editor data ------------------------------------------------------------------------


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Field:
    """A metadata field: a value with what establishes it, or unknown with the reason."""

    value: str | None = None
    quote: str | None = None  # the capture's own words (verbatim)
    basis: str | None = None  # an editor's statement of how it is established
    unknown: str | None = None  # why it is not known
    note: str | None = None
    origin: Origin = NOWHERE

    @property
    def known(self) -> str | None:
        if self.unknown is not None:
            return None
        return self.value if self.value is not None else self.quote


@dataclass(frozen=True)
class ExtractedInfo:  # the reading text extracted from a page or an archive, beside it
    file: str
    sha256: str
    extractor: str  # library and version, such as "trafilatura 2.3.1"
    record: str | None = None  # for archives: the WARC-Target-URI of the record


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class CaptureInfo:
    file: str
    sha256: str
    media_type: str
    method: str
    extracted: ExtractedInfo | None = None  # pages and archives: their reading text


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class StorySplit:
    starts: str
    title: str | None
    origin: Origin = NOWHERE  # the line of `starts`


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class NormaliseOptions:
    paragraphs: Literal["lines", "blank-lines"] = "lines"
    stories: tuple[StorySplit, ...] | None = None
    skip_rules: tuple[str, ...] = ()


ATTESTED = ("title", "outlet", "url", "published", "retrieved", "language", "byline", "dateline")


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source's metadata, as its `source.yml` gives it."""

    id: str
    title: Field
    label: str | None
    outlet: Field
    url: Field
    published: Field
    retrieved: Field
    language: Field
    byline: Field
    dateline: Field
    capture: CaptureInfo
    notes: str
    normalise: NormaliseOptions
    origin: Origin = NOWHERE


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class FurnitureRule:
    id: str
    description: str
    pattern: str  # RE2
    action: Literal["drop", "trim"]
    sources: tuple[str, ...] | None
    examples: tuple[str, ...]
    origin: Origin = NOWHERE


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class FoldRepeats:
    min_chars: int = 40


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Headings:
    max_words: int = 14


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class StoryRules:
    min_paragraphs: int = 3


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class NormaliseRules:
    fold_repeats: FoldRepeats = FoldRepeats()
    headings: Headings = Headings()
    stories: StoryRules = StoryRules()
    furniture: tuple[FurnitureRule, ...] = ()


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    case: Literal["sensitive", "insensitive"] = "sensitive"
    sources: tuple[str, ...] | None = None  # only in these sources
    stories: tuple[str, ...] | None = None  # or only in these stories (<source>/s<n>)
    note: str | None = None
    origin: Origin = NOWHERE
    story_origins: tuple[Origin, ...] = ()  # the line of each entry of `stories`


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str
    description: str
    wikidata: str | None
    aliases: tuple[Alias, ...]
    origin: Origin = NOWHERE

    def all_aliases(self) -> tuple[Alias, ...]:
        """The name, then the aliases (an alias equal to the name refines its options)."""
        listed = {a.text for a in self.aliases}
        return (() if self.name in listed else (Alias(self.name, origin=self.origin),)) + self.aliases


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Membership:
    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    anchors: tuple[str, ...] | None = ()  # entities that let a term count; None: terms count alone
    window: int = 0
    min_mentions: int = 1
    requires: tuple[Membership, ...] = ()  # groups (only entities and terms) each met in the window


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    title: str
    summary: str
    match: Membership
    related: tuple[str, ...]
    origin: Origin = NOWHERE


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class NamesLexicon:
    not_names: tuple[str, ...] = ()
    leading_words: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class DossierMeta:
    title: str
    summary: str
    origin: Origin = NOWHERE


# --- sources and their reading text -------------------------------------------------------


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str  # "p12": the paragraph that starts on line 12 of the capture (stable for ever)
    line: int  # 1-based line of the capture where it starts
    start: int  # offsets into the decoded capture text: text == capture[start:end]
    end: int
    text: str
    story: str  # id of the story it belongs to
    heading: bool  # short and without final punctuation: rendered as a subheading


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Story:
    id: str  # "s12": the story whose first paragraph is p12
    title: str | None
    title_origin: Literal["headline", "editor", "none"]  # headline = the capture's own words
    paragraphs: tuple[str, ...]


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class LogEntry:
    action: Literal["removed", "trimmed", "folded", "split"]
    line: int  # capture line concerned
    text: str  # the capture's words concerned, verbatim
    reason: str  # why, in words
    rule: str | None = None  # the furniture rule id, when a rule decided


@dataclass(frozen=True)
class Reading:
    """The reading text derived from a capture, and every decision taken to derive it."""

    paragraphs: tuple[Paragraph, ...]
    stories: tuple[Story, ...]
    log: tuple[LogEntry, ...]

    @cached_property
    def _by_id(self) -> Mapping[str, Paragraph]:
        return {p.id: p for p in self.paragraphs}

    def paragraph(self, pid: str) -> Paragraph:
        return self._by_id[pid]

    @cached_property
    def _numbers(self) -> Mapping[str, int]:
        return {p.id: n for n, p in enumerate(self.paragraphs, start=1)}

    def number(self, pid: str) -> int:
        """The paragraph's number in reading order (1, 2, 3...); its id (`p<line>`) stays the anchor."""
        return self._numbers[pid]


EMPTY_READING = Reading((), (), ())


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Source:
    meta: SourceInfo
    folder: Path
    meta_path: Path
    capture_path: Path
    capture: bytes  # the capture as received, byte for byte
    text: str  # the capture decoded as UTF-8
    reading: Reading = EMPTY_READING  # filled by the normalise stage

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def label(self) -> str:
        """What to call the source: its title, or a label that says it is not one."""
        title = self.meta.title.known
        if title is not None:
            return title
        if self.meta.label:
            return self.meta.label
        return f"Untitled source {self.id}"

    @property
    def has_title(self) -> bool:
        return self.meta.title.known is not None


@dataclass(frozen=True)
class Dossier:
    root: Path
    meta: DossierMeta
    rules: NormaliseRules
    sources: tuple[Source, ...]  # sorted by id
    entities: tuple[Entity, ...]  # sorted by id
    topics: tuple[Topic, ...]  # sorted by slug
    names: NamesLexicon
    annotations: tuple[Annotation, ...] = ()  # sorted by id
    wording: tuple[Term, ...] = ()  # the wording lexicon, in its order (compare_models.py)
    figure_decisions: tuple[FigureDecision, ...] = ()  # editors' decisions on quantities, in order

    @cached_property
    def _by_id(self) -> Mapping[str, Source]:
        return {s.id: s for s in self.sources}

    def source(self, sid: str) -> Source:
        return self._by_id[sid]


# --- analysis -----------------------------------------------------------------------------


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Mention:
    entity: str
    span: Span
    story: str
    surface: str  # as written, possessive included ("Khamenei’s")
    alias: str  # the registry's alias that matched

    @property
    def source(self) -> str:
        return self.span.source

    @property
    def paragraph(self) -> str:
        return self.span.paragraph

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph quoted by a topic, and the spans of the words that put it there."""

    topic: str
    source: str
    story: str
    paragraph: str
    hits: tuple[Span, ...]  # the words that made it a passage of the topic
    words: tuple[str, ...]  # those words as written
    anchors: tuple[str, ...] = ()  # anchoring names in its window that let its terms count, as written
    required: tuple[str, ...] = ()  # the words in its window that met the topic's `requires`, as written


@dataclass(frozen=True)
class TopicResult:
    slug: str
    passages: tuple[Passage, ...]  # in dossier order

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.source for p in self.passages))


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    count: int
    sources: tuple[str, ...]
    source: str  # where it first occurs
    paragraph: str
    line: int


@dataclass(frozen=True)
class Analysis:
    mentions: tuple[Mention, ...]  # in dossier order
    topics: FrozenMap[str, TopicResult]
    candidates: tuple[Candidate, ...]
    anchors: tuple[Anchor, ...] = ()  # one per annotation, by annotation id (annotation_models.py)

    @cached_property
    def anchors_by_paragraph(self) -> Mapping[tuple[str, str], tuple[Anchor, ...]]:
        placed = sorted((a for a in self.anchors if a.span is not None), key=lambda a: (a.span, a.annotation.id))
        return group(placed, lambda a: (a.span.source, a.span.paragraph))
    compare: object = None  # analysis.compare.Comparison: the comparisons between sources

    @cached_property
    def by_entity(self) -> Mapping[str, tuple[Mention, ...]]:
        return group(self.mentions, lambda m: m.entity)

    @cached_property
    def by_paragraph(self) -> Mapping[tuple[str, str], tuple[Mention, ...]]:
        return group(self.mentions, lambda m: (m.source, m.paragraph))

    @cached_property
    def passages_by_paragraph(self) -> Mapping[tuple[str, str], tuple[Passage, ...]]:
        return group((p for t in self.topics.values() for p in t.passages), lambda p: (p.source, p.paragraph))


def group(items, key) -> FrozenMap:
    """Items grouped by `key`, in order of first appearance."""
    out: dict = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return FrozenMap((k, tuple(v)) for k, v in out.items())
