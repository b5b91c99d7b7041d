"""The whole build, as the list it is: load, analyse, render (then the caller writes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .analysis import analyse
from .loader import load
from .models import Analysis, Dossier
from .problems import DossierInvalid, Problem, Severity
from .render import render_site


@dataclass(frozen=True)
class Site:
    dossier: Dossier
    analysis: Analysis
    files: Mapping[str, bytes]  # path in the site's docs -> content
    problems: tuple[Problem, ...]  # warnings and notes (errors stop the build)


def build(root: Path) -> Site:
    """Load and check the dossier at `root`, analyse it and render every page."""
    dossier, problems = load(root)
    if dossier is None:
        raise DossierInvalid(problems)
    analysis, more = analyse(dossier)
    problems = problems + more + candidate_notes(dossier, analysis)
    if any(p.severity is Severity.ERROR for p in problems):
        raise DossierInvalid(problems)
    return Site(dossier, analysis, render_site(dossier, analysis), tuple(problems))


def candidate_notes(dossier: Dossier, analysis: Analysis) -> list[Problem]:
    notes = []
    for c in analysis.candidates:
        source = dossier.source(c.source)
        where = f"{c.count} time{'s' if c.count > 1 else ''} in {len(c.sources)} source{'s' if len(c.sources) > 1 else ''}"
        notes.append(Problem(str(source.capture_path), c.line, (
            f"name candidate {c.name!r} ({where}) is in no entity's aliases: add it to an entity in "
            "dossier/entities/, or to not_names in dossier/lexicons/names.yml"), Severity.NOTE))
    return notes
