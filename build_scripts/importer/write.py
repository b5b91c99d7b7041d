"""Writing a new source folder: validated in a temporary folder first, then moved into place
in one step, so a refused or failed import leaves nothing in the dossier."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from ..pipeline import read_dossier
from ..problems import Problem, Severity
from .detect import Refused


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def dump(meta: dict) -> str:
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_id(sources: Path, sid: str) -> None:
    """Refuse an id that is taken, also by a folder differing only in letter case."""
    existing = sorted(p.name for p in sources.iterdir()) if sources.is_dir() else []
    if sid in existing:
        raise Refused(f"{sources / sid}: a source with id {sid!r} exists; an import never replaces a source: "
                      "choose another id with --id")
    twins = [n for n in existing if n.lower() == sid.lower()]
    if twins:
        raise Refused(f"{sources / twins[0]}: the id {sid!r} differs from the existing {twins[0]!r} only in "
                      "letter case, which would clash on case-insensitive file systems; choose another id with --id")


def next_id(sources: Path) -> str:
    """The next free three-digit id (000, 001, ...), as the seed sources are numbered."""
    taken = {p.name.lower() for p in sources.iterdir()} if sources.is_dir() else set()
    n = 0
    while f"{n:03d}" in taken:
        n += 1
    return f"{n:03d}"


def validate_and_write(dossier: Path, sid: str, files: dict[str, bytes], dry_run: bool) -> list[Problem]:
    """Load and normalise the new source as `check` would, in a trial dossier with the same
    dossier.yml and rules; move it into `dossier` unless there is an error or `dry_run`."""
    staging = Path(tempfile.mkdtemp(prefix=".add-", dir=dossier))
    try:
        trial = staging / "dossier"
        trial.mkdir()
        shutil.copy2(dossier / "dossier.yml", trial / "dossier.yml")
        if (dossier / "rules").is_dir():
            shutil.copytree(dossier / "rules", trial / "rules")
        folder = trial / "sources" / sid
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        _, problems = read_dossier(trial)
        problems = [_relocate(p, trial, dossier) for p in problems]
        if any(p.severity is Severity.ERROR for p in problems) or dry_run:
            return problems
        (dossier / "sources").mkdir(exist_ok=True)
        os.rename(folder, dossier / "sources" / sid)  # fails if the folder appeared meanwhile
        return problems
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _relocate(problem: Problem, staged: Path, final: Path) -> Problem:
    path = problem.path.replace(str(staged), str(final))
    return Problem(path, problem.line, problem.message, problem.severity)
