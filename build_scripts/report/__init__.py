"""`python -m build_scripts report --base REF`: what the working tree's dossier changes
against a git ref, as Markdown, for reviewers and for the pull-request preview's comment.

Both sides are built into the export (`data/dossier.json`, `render/export.py`) by the code of
the working tree: the base's dossier is read from git into a temporary folder (`git archive`,
never a checkout over the working tree). The two exports are then compared by the sections of
`compare.py`. A working tree whose dossier has errors still gives a report: its problems.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import source_cache
from ..analysis import analyse
from ..pipeline import candidate_notes, read_dossier
from ..problems import DossierError, Problem, UsageError, sort_problems
from ..render.export import export_json
from .compare import render_report

__all__ = ["Snapshot", "base_dossier", "make_report", "snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """One side of the comparison: the export (None when the dossier has errors) and the
    problems `check` finds."""

    export: dict | None
    problems: list[Problem] = field(default_factory=list)


def snapshot(root: Path | None) -> Snapshot:
    """The export of the dossier at `root` (an empty dossier when `root` is None), with the
    name candidates added as `name_candidates`."""
    if root is None or not root.is_dir():
        return Snapshot({"sources": [], "entities": [], "topics": [], "name_candidates": []})
    dossier, problems = read_dossier(root)
    if dossier is None:
        return Snapshot(None, sort_problems(problems))
    analysis, more = analyse(dossier)
    problems = sort_problems(problems + more + candidate_notes(dossier, analysis))
    data = json.loads(export_json(dossier, analysis))
    data["name_candidates"] = sorted({c.name for c in analysis.candidates})
    data["annotations"] = [{"id": a.annotation.id, "source": a.annotation.source, "exact": a.annotation.exact,
                            "status": a.status} for a in analysis.anchors]  # as data/annotations.jsonld says
    return Snapshot(data, problems)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except OSError as exc:
        raise UsageError(f"git is needed to read the base of the comparison: {exc}") from None


def base_dossier(root: Path, ref: str, into: Path) -> tuple[Path | None, str, Path]:
    """Extract the dossier at `root` as it is at `ref` into the folder `into`. Returns the
    extracted folder (None when the ref has no such folder), the ref's commit and the
    repository's top folder."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"{root} is not in a git repository: `report` compares with a commit of its history")
    if ref.startswith("-"):
        raise UsageError(f"--base {ref!r}: give a branch, tag or commit, such as main or HEAD~1")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise UsageError(f"--base {ref!r}: no such commit in this repository; give a branch, tag or commit, "
                         "such as main or HEAD~1 (a shallow clone may need `git fetch` first)")
    sha = commit.stdout.decode().strip()
    toplevel = Path(top.stdout.decode().strip()).resolve()
    rel = root.resolve().relative_to(toplevel).as_posix()
    listed = _git(toplevel, "ls-tree", "-d", "--name-only", sha, "--", rel)
    if rel != "." and not listed.stdout.strip():
        return None, sha, toplevel
    archive = _git(toplevel, "archive", "--format=tar", sha, "--", rel)
    if archive.returncode != 0:
        raise DossierError(f"git archive failed for {ref}: {archive.stderr.decode(errors='replace').strip()}")
    # tar writes the scratch copy (this package writes no file itself); git archive's entries
    # are the commit's own relative paths.
    untar = subprocess.run(["tar", "-x", "--no-same-owner", "-C", str(into)], input=archive.stdout,
                           capture_output=True, timeout=120, check=False)
    if untar.returncode != 0:
        raise DossierError(f"could not unpack the dossier of {ref}: {untar.stderr.decode(errors='replace').strip()}")
    return into / rel, sha, toplevel


def make_report(root: Path, ref: str) -> str:
    """The Markdown change report of the dossier at `root` against `ref`."""
    with source_cache.off(), tempfile.TemporaryDirectory(prefix="dossier-base-") as tmp:
        folder, sha, top = base_dossier(root, ref, Path(tmp))
        base = snapshot(folder)
        head = snapshot(root)  # a report writes nothing, not even the load cache
    return render_report(base, head, ref, sha, top)
