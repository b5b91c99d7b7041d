"""Citations in the editor's prose: `[[<source id>#p<line>]]` (or `[[002/p24]]`, or `[[002]]`
for a whole source) in the home summary, topic summaries and entity descriptions.

`check_citations` reports every citation of a missing source or paragraph with the file and
line it is written on; render/prose.py turns each citation into a link to the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import Dossier, Origin
from ..problems import Problem

CITATION = re.compile(r"\[\[([^\[\]\n]*)\]\]")
TARGET = re.compile(r"([a-z0-9][a-z0-9-]*)(?:[#/](p[1-9][0-9]*))?")
FORM = "[[<source id>#p<line>]], such as [[002#p24]], or [[<source id>]] for a whole source"


@dataclass(frozen=True)
class Citation:
    text: str  # as written, brackets included
    source: str | None  # None when the citation is malformed
    paragraph: str | None  # None for the whole source


def parse(text: str) -> Iterator[tuple[int, int, Citation]]:
    """Each citation in `text`: (start, end, citation)."""
    for match in CITATION.finditer(text):
        target = TARGET.fullmatch(match.group(1).strip())
        source, paragraph = (target.group(1), target.group(2)) if target else (None, None)
        yield match.start(), match.end(), Citation(match.group(0), source, paragraph)


def prose_of(dossier: Dossier) -> Iterator[tuple[str, str, Origin]]:
    """Every piece of the editor's prose: (what it is, its text, where it is written)."""
    yield "summary", dossier.meta.summary, dossier.meta.origin
    for topic in dossier.topics:
        yield "summary", topic.summary, topic.origin
    for entity in dossier.entities:
        yield "description", entity.description, entity.origin


def _line(origin: Origin, needle: str, lines_cache: dict[str, list[str]]) -> int:
    """The line where `needle` is written: the first at or after the line where the item starts."""
    if origin.path not in lines_cache:
        try:
            lines_cache[origin.path] = Path(origin.path).read_text("utf-8").split("\n")
        except OSError:
            lines_cache[origin.path] = []
    lines = lines_cache[origin.path]
    for n in range(max(origin.line, 1), len(lines) + 1):
        if needle in lines[n - 1]:
            return n
    return origin.line


def check_citations(dossier: Dossier) -> list[Problem]:
    """A problem for each citation of a source or paragraph the dossier does not have."""
    problems: list[Problem] = []
    cache: dict[str, list[str]] = {}
    sources = {s.id: s for s in dossier.sources}
    for field, text, origin in prose_of(dossier):
        for _, _, cite in parse(text):
            if cite.source is None:
                message = f"{field}: {cite.text} is not a citation; write {FORM}"
            elif cite.source not in sources:
                message = (f"{field}: {cite.text} cites the source {cite.source!r}, which the dossier does not "
                           "have; use the id of a folder in dossier/sources/")
            elif cite.paragraph and not _has(sources[cite.source], cite.paragraph):
                message = (f"{field}: {cite.text} cites paragraph {cite.paragraph} of source {cite.source}, which "
                           f"has no such paragraph; paragraph ids are p and the capture line a paragraph starts "
                           f"on, shown beside each paragraph of the source page")
            else:
                continue
            problems.append(Problem(origin.path, _line(origin, cite.text, cache), message))
    return problems


def _has(source, pid: str) -> bool:
    return any(p.id == pid for p in source.reading.paragraphs)
