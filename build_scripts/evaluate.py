"""How well the topic rules hold on texts nobody tuned them on: precision and recall of topic
membership on a labelled set of paragraphs and sources.

A label file (YAML) holds sources written for the purpose or taken from public corpora, each
paragraph marked with the topics it belongs to (every other topic: out). The sources are added,
as if they were new captures, to a copy of a dossier (its rules, entities, topics, lexicons and
sources: aliases confined to its sources stay valid), the copy is loaded and analysed as any
build would, and only the labelled sources are scored. A paragraph is predicted in a topic when it is one of the topic's passages; a
source when it has any passage in it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, StringConstraints, field_validator

from .analysis import analyse
from .models import Analysis
from .pipeline import read_dossier
from .problems import DossierInvalid, Problem
from .load.schema import Slug, Strict, Text
from .load.validate import validate
from .load.yamlread import read_yaml


class LabelledParagraph(Strict):
    text: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\n]+$")]  # one line, verbatim
    topics: list[Slug] = []  # the topics this paragraph is a passage of


class LabelledSource(Strict):
    id: Slug
    origin: Text  # where the text comes from (written for this set, or a corpus and its licence)
    topics: list[Slug]  # the topics the source belongs to: those of its paragraphs
    byline: Text | None = None  # the capture's byline, verbatim, recorded as the source's metadata
    dateline: Text | None = None  # likewise its dateline
    paragraphs: list[LabelledParagraph] = Field(min_length=1)  # each a text (in no topic), or `text` and `topics`

    @field_validator("paragraphs", mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": p} if isinstance(p, str) else p for p in value]
        return value


class LabelFile(Strict):
    about: Text  # what the file's texts are and where they come from
    sources: list[LabelledSource] = Field(min_length=1)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)  # what was wrong, for the report

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, labelled: bool, predicted: bool, what: str) -> None:
        self.tp += labelled and predicted
        self.fp += predicted and not labelled
        self.fn += labelled and not predicted
        if labelled != predicted:
            self.errors.append(("missed " if labelled else "wrongly in ") + what)


@dataclass
class Report:
    paragraphs: dict[str, Score]  # per topic slug
    sources: dict[str, Score]
    counts: tuple[int, int]  # labelled sources, paragraphs

    @staticmethod
    def overall(scores: dict[str, Score]) -> Score:
        total = Score()
        for s in scores.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total


def read_labels(paths: list[Path]) -> tuple[list[LabelledSource], list[Problem]]:
    sources: list[LabelledSource] = []
    problems: list[Problem] = []
    for path in paths:
        doc, found = read_yaml(path, path.read_text("utf-8"))
        problems += found
        if doc is None:
            continue
        labels, found = validate(LabelFile, doc)
        problems += found
        for k, source in enumerate(labels.sources if labels else []):
            union = sorted({t for p in source.paragraphs for t in p.topics})
            if sorted(set(source.topics)) != union:
                problems.append(Problem(str(path), doc.line_of(("sources", k, "topics")), (
                    f"sources[{k}].topics: {source.id!r} is labelled {sorted(set(source.topics))} but its "
                    f"paragraphs {union}: a source belongs to a topic through its passages; make them agree")))
            sources.append(source)
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            problems.append(Problem(str(paths[0]), 1, f"source id {source.id!r} is used twice; give each its own"))
        seen.add(source.id)
    return sources, problems


def label_files(where: Path) -> list[Path]:
    return sorted(where.glob("*.yml")) if where.is_dir() else [where]


def evaluate(dossier: Path, labels: list[LabelledSource]) -> Report:
    """Score the topic rules of `dossier` on `labels` (raises DossierInvalid on bad data)."""
    with tempfile.TemporaryDirectory(prefix="dossier-evaluate-") as tmp:
        root = Path(tmp) / "dossier"
        _write_dossier(dossier, labels, root)
        loaded, problems = read_dossier(root)
        if loaded is None:
            raise DossierInvalid(problems)
        analysis, _ = analyse(loaded)
        slugs = [t.slug for t in loaded.topics]
    unknown = sorted({t for s in labels for t in s.topics} - set(slugs))
    if unknown:
        raise DossierInvalid([Problem(str(dossier / "topics"), 1, f"labelled topics {unknown} are not topics of this dossier")])
    return _score(analysis, labels, slugs)


def _write_dossier(dossier: Path, labels: list[LabelledSource], root: Path) -> None:
    shutil.copytree(dossier, root)
    for source in labels:
        capture = "".join(p.text + "\n" for p in source.paragraphs).encode("utf-8")
        folder = root / "sources" / source.id
        if folder.exists():
            raise DossierInvalid([Problem(str(dossier / "sources" / source.id), 1, (
                f"labelled source {source.id!r} has the id of a source of the dossier; rename it in the label file"))])
        folder.mkdir(parents=True)
        (folder / "capture.txt").write_bytes(capture)
        (folder / "source.yml").write_text(yaml.safe_dump(_meta(source, capture), allow_unicode=True, sort_keys=False), "utf-8")


def _meta(source: LabelledSource, capture: bytes) -> dict:
    def unknown() -> dict:  # a new mapping each time: the loader refuses YAML anchors
        return {"unknown": "A labelled text for the evaluation."}
    meta = {"id": source.id, "title": unknown(), "label": f"Labelled text {source.id}", "outlet": unknown(),
            "url": unknown(), "published": unknown(), "retrieved": unknown(),
            "language": {"value": "en", "basis": "Written in English."},
            "byline": {"quote": source.byline} if source.byline else unknown(),
            "dateline": {"quote": source.dateline} if source.dateline else unknown(),
            "capture": {"file": "capture.txt", "sha256": hashlib.sha256(capture).hexdigest(),
                        "method": f"Written from the label file: {source.origin}"}}
    return meta


def _score(analysis: Analysis, labels: list[LabelledSource], slugs: list[str]) -> Report:
    passages = {(p.topic, p.source, p.paragraph) for t in analysis.topics.values() for p in t.passages}
    members = {(t.slug, s) for t in analysis.topics.values() for s in t.sources}
    paragraphs = {slug: Score() for slug in slugs}
    sources = {slug: Score() for slug in slugs}
    for source in labels:
        for slug in slugs:
            sources[slug].add(slug in source.topics, (slug, source.id) in members, f"source {source.id}")
            for n, para in enumerate(source.paragraphs, start=1):
                paragraphs[slug].add(slug in para.topics, (slug, source.id, f"p{n}") in passages,
                                     f"{source.id} p{n}: {para.text[:70]}")
    return Report(paragraphs, sources, (len(labels), sum(len(s.paragraphs) for s in labels)))


def format_report(report: Report, show_errors: bool = True) -> str:
    lines = [f"{report.counts[0]} labelled sources, {report.counts[1]} paragraphs", "",
             f"{'topic':<26} {'paragraphs P':>12} {'R':>6} {'(tp/fp/fn)':>12}   {'sources P':>9} {'R':>6} {'(tp/fp/fn)':>12}"]
    rows = [(slug, report.paragraphs[slug], report.sources[slug]) for slug in report.paragraphs]
    rows.append(("overall", Report.overall(report.paragraphs), Report.overall(report.sources)))
    for slug, para, src in rows:
        lines.append(f"{slug:<26} {para.precision:>12.3f} {para.recall:>6.3f} {_counts(para):>12}   "
                     f"{src.precision:>9.3f} {src.recall:>6.3f} {_counts(src):>12}")
    if show_errors:
        for slug, para, src in rows[:-1]:
            for error in src.errors + para.errors:
                lines.append(f"{slug}: {error}")
    return "\n".join(lines)


def _counts(score: Score) -> str:
    return f"{score.tp}/{score.fp}/{score.fn}"
