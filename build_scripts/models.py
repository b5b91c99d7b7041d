"""The typed, immutable models passed between the stages of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from .schema import DossierMeta, Entity, NamesLexicon, NormaliseRules, SourceMeta, Topic


@dataclass(frozen=True)
class Paragraph:
    id: str  # "p12": the paragraph that starts on line 12 of the capture (stable for ever)
    line: int  # 1-based line of the capture where it starts
    start: int  # offsets into the decoded capture text: text == capture[start:end]
    end: int
    text: str
    story: str  # id of the story it belongs to
    heading: bool  # short and without final punctuation: rendered as a subheading


@dataclass(frozen=True)
class Story:
    id: str  # "s12": the story whose first paragraph is p12
    title: str | None
    title_origin: Literal["headline", "editor", "none"]  # headline = the capture's own words
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Source:
    meta: SourceMeta
    folder: Path
    meta_path: Path
    capture_path: Path
    capture: bytes  # the capture as received, byte for byte
    text: str  # the capture decoded as UTF-8
    reading: Reading

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
    origins: Mapping[str, tuple[str, int]]  # "entity:<id>", "topic:<slug>", "source:<id>" -> (file, line)

    @cached_property
    def _by_id(self) -> Mapping[str, Source]:
        return {s.id: s for s in self.sources}

    def source(self, sid: str) -> Source:
        return self._by_id[sid]

    def origin(self, key: str) -> tuple[str, int]:
        return self.origins.get(key, (str(self.root), 1))


# --- analysis -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    entity: str
    source: str
    story: str
    paragraph: str
    start: int  # offsets in the paragraph's text
    end: int
    surface: str  # as written, possessive included ("Khamenei’s")
    alias: str  # the registry's alias that matched


@dataclass(frozen=True)
class Passage:
    topic: str
    source: str
    story: str
    paragraph: str
    hits: tuple[str, ...]  # the words that made it a passage of the topic, as written
    anchors: tuple[str, ...] = ()  # anchoring names in its window that let its terms count
    required: tuple[str, ...] = ()  # the words in its window that met the topic's `requires`


@dataclass(frozen=True)
class TopicResult:
    slug: str
    passages: tuple[Passage, ...]  # in dossier order

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.source for p in self.passages))


@dataclass(frozen=True)
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
    topics: Mapping[str, TopicResult]
    candidates: tuple[Candidate, ...]

    @cached_property
    def by_entity(self) -> Mapping[str, tuple[Mention, ...]]:
        return _group(self.mentions, lambda m: m.entity)

    @cached_property
    def by_paragraph(self) -> Mapping[tuple[str, str], tuple[Mention, ...]]:
        return _group(self.mentions, lambda m: (m.source, m.paragraph))

    @cached_property
    def passages_by_paragraph(self) -> Mapping[tuple[str, str], tuple[Passage, ...]]:
        return _group((p for t in self.topics.values() for p in t.passages), lambda p: (p.source, p.paragraph))


def _group(items, key) -> dict:
    out: dict = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in out.items()}
