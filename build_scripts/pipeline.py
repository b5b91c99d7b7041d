"""The whole build, as the list it is: load, normalise, analyse, render (then the caller writes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import source_cache
from .analysis import analyse
from .history import History, read_history
from .load import load
from .models import Analysis, Dossier
from .normalise import normalise
from .problems import DossierInvalid, Problem, Severity
from .render import render_site
from .writer import WriteReport, write_pages


@dataclass(frozen=True)
class Site:
    dossier: Dossier
    analysis: Analysis
    files: Mapping[str, bytes]  # path in the site's docs -> content
    problems: tuple[Problem, ...]  # warnings and notes (errors stop the build)
    written: WriteReport | None = None  # what the writer did, when the build wrote a folder
    history: History = History()  # dates from git (feed, footer)


def build(root: Path, out: Path | None = None) -> Site:
    """The whole build: load the dossier at `root`, normalise, analyse, render, and write the
    files to `out` when given (the MkDocs hook adds them to MkDocs in memory instead)."""
    with source_cache.deferring():  # the first stages' cache packs are written beside the analysis
        loaded, problems = load(root)
        if loaded is None:
            raise DossierInvalid(problems)
        dossier, more = normalise(loaded)
        _stop_on_errors(problems := problems + more)
        analysis, more = analyse(dossier)
    _stop_on_errors(problems := problems + more + candidate_notes(dossier, analysis))
    history = read_history(root)
    files = render_site(dossier, analysis, history)
    written = write_pages(files, out) if out is not None else None
    return Site(dossier, analysis, files, tuple(problems), written, history)


def read_dossier(root: Path) -> tuple[Dossier | None, list[Problem]]:
    """Load and normalise, without stopping: the dossier (None on errors) and every problem."""
    loaded, problems = load(root)
    if loaded is None:
        return None, problems
    dossier, more = normalise(loaded)
    problems = problems + more
    return (None if _has_errors(problems) else dossier), problems


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _stop_on_errors(problems: list[Problem]) -> None:
    if _has_errors(problems):
        raise DossierInvalid(problems)


def candidate_notes(dossier: Dossier, analysis: Analysis) -> list[Problem]:
    notes = []
    for c in analysis.candidates:
        source = dossier.source(c.source)
        where = f"{c.count} time{'s' if c.count > 1 else ''} in {len(c.sources)} source{'s' if len(c.sources) > 1 else ''}"
        notes.append(Problem(str(source.capture_path), c.line, (
            f"name candidate {c.name!r} ({where}) is in no entity's aliases: add it to an entity in "
            "dossier/entities/, or to not_names in dossier/lexicons/names.yml"), Severity.NOTE, code="name-candidate"))
    return notes
