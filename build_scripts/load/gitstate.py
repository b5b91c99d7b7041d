"""What the last commit holds of a file: tells a capture just added from one edited after
it was committed. Works without git (or outside a repository): the answer is then unknown.

The commit compared with is HEAD, or the commit named by the environment variable
DOSSIER_GIT_BASE: a pull request's workflow checks out the merge commit, where the new
capture is already committed, so it sets DOSSIER_GIT_BASE=HEAD^1 (the base branch)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

NEW, COMMITTED = "new", "committed"


def base_ref() -> str:
    """The commit a capture is compared with (see the module's docstring)."""
    ref = os.environ.get("DOSSIER_GIT_BASE", "").strip()
    return ref if ref and not ref.startswith("-") else "HEAD"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def last_commit(path: Path) -> tuple[str, bytes | None] | None:
    """(NEW, None) when `path` is not in the last commit (`base_ref()`), (COMMITTED, its
    committed bytes) when it is, None when git cannot tell (no git, not a repository)."""
    folder = path.parent.resolve()
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None or top.returncode != 0:
        return None
    root = Path(top.stdout.decode().strip())
    try:
        rel = (folder / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    ref = base_ref()
    head = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if head is None or head.returncode != 0:
        return (NEW, None) if ref == "HEAD" else None  # nothing committed yet; or an unknown base
    blob = _git(root, "cat-file", "blob", f"{head.stdout.decode().strip()}:{rel}")
    if blob is None:
        return None
    return (COMMITTED, blob.stdout) if blob.returncode == 0 else (NEW, None)
