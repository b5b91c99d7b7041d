"""Loading editors' annotations: `dossier/annotations/<id>.yml`, one annotation per file.

The file schema (`AnnotationFile`, extra keys forbidden, one documented field per line) is
validated like every other file, with problems reported by file and line; links to sources,
entities, topics and other annotations are checked to exist. Anchoring the quote in the
reading text is an analysis (`analysis/anchoring.py`): it needs the normalised text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import field_validator

from ..annotation_models import Annotation
from ..models import FrozenMap, Origin
from ..problems import Problem
from .files import is_refused, read_doc
from .schema import Slug, Strict, Text
from .validate import validate
from .yamlread import YamlDoc, read_yaml

MOTIVATIONS = ("commenting", "questioning", "disputing", "tagging", "linking")
LINK_KINDS = ("sources", "entities", "topics", "annotations")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))?")


class Links(Strict):
    sources: list[Slug] = []  # ids of other sources the note refers to
    entities: list[Slug] = []  # ids of registered entities
    topics: list[Slug] = []  # slugs of topics
    annotations: list[Slug] = []  # ids of other annotations


class AnnotationFile(Strict):
    id: Slug  # equals the file name without .yml
    source: Slug  # the id of the annotated source
    exact: str  # the quoted words, verbatim from the reading text
    prefix: str | None = None  # the words just before the quote (tells repeated quotes apart)
    suffix: str | None = None  # the words just after the quote
    note: Text  # the editor's note (plain text, shown as written)
    motivation: Literal["commenting", "questioning", "disputing", "tagging", "linking"]
    author: Text  # who wrote the note
    date: Text  # when: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with Z or an offset
    links: Links = Links()  # other sources, entities, topics or annotations the note is about
    imported_from: Text | None = None  # the IRI of the annotation this one was imported from

    @field_validator("exact")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the quote is empty; copy the words of the source that the note is about")
        return v

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str) -> str:
        try:
            if not _DATE.fullmatch(v):
                raise ValueError
            dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{v!r} is not an ISO date; write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MMZ)") from None
        return v


def load_annotations(root: Path, known: dict[str, set[str]],
                     refused: frozenset[Path] = frozenset()) -> tuple[tuple[Annotation, ...], list[Problem]]:
    """Every annotation under `root/annotations/`; `known` maps "sources", "entities" and
    "topics" to the ids that exist, for checking the links. Nothing in `refused` (symbolic
    links, reported by the loader) is read."""
    problems: list[Problem] = []
    found: list[tuple[AnnotationFile, YamlDoc]] = []
    folder = root / "annotations"
    paths = [p for p in sorted(folder.glob("*.yml")) if not is_refused(p, refused)] if folder.is_dir() else []
    for path in paths:
        item = _read(path, problems)
        if item is not None:
            found.append(item)
    ids = {p.stem for p in paths}  # a link to a file with problems is not reported twice
    annotations = []
    for item, doc in found:
        problems += _check_links(item, doc, known | {"annotations": ids})
        annotations.append(_model(item, doc))
    return tuple(sorted(annotations, key=lambda a: a.id)), problems


def check_text(path: Path, text: str) -> list[Problem]:
    """The problems of an annotation file about to be written at `path` (none when it is valid)."""
    doc, problems = read_yaml(path, text)
    if doc is not None:
        problems += validate(AnnotationFile, doc)[1]
    return problems


def _read(path: Path, problems: list[Problem]) -> tuple[AnnotationFile, YamlDoc] | None:
    doc = read_doc(path, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(str(path), 1, "expected one annotation: a mapping with `id:`, `source:`, `exact:`, "
                                              "`note:`, `motivation:`, `author:` and `date:`"))
        return None
    item, found = validate(AnnotationFile, doc)
    problems += found
    if item is None:
        return None
    if item.id != path.stem:
        problems.append(Problem(str(path), doc.line_of(("id",)), (
            f"id: {item.id!r} differs from the file name {path.name!r}; name the file {item.id}.yml "
            "or change the id")))
        return None
    return item, doc


def _check_links(item: AnnotationFile, doc: YamlDoc, known: dict[str, set[str]]) -> list[Problem]:
    problems = []
    if item.source not in known["sources"]:
        problems.append(Problem(str(doc.path), doc.line_of(("source",)), (
            f"source: there is no source {item.source!r}; give the id of a folder in sources/")))
    singular = {"sources": "source", "entities": "entity", "topics": "topic", "annotations": "annotation"}
    for kind in LINK_KINDS:
        for i, ref in enumerate(getattr(item.links, kind)):
            if ref not in known[kind]:
                problems.append(Problem(str(doc.path), doc.line_of(("links", kind, i)), (
                    f"links.{kind}[{i}]: there is no {singular[kind]} {ref!r}; correct the id or remove the link")))
    return problems


def _model(item: AnnotationFile, doc: YamlDoc) -> Annotation:
    links = FrozenMap((k, tuple(getattr(item.links, k))) for k in LINK_KINDS if getattr(item.links, k))
    return Annotation(
        id=item.id, source=item.source, exact=item.exact, prefix=item.prefix or None, suffix=item.suffix or None,
        note=item.note, motivation=item.motivation, author=item.author, date=item.date, links=links,
        imported_from=item.imported_from, origin=Origin(str(doc.path), doc.line_of(("exact",))),
    )
