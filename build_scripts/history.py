"""When each source was added and when the dossier last changed, from git.

Dates come from the git history of the dossier's folder (one `git log`, linear in commits):
a source was added by the first commit that added a file of its folder; the dossier last
changed with the newest commit that touched it. Outside a git work tree, or for files not
yet committed, there is no date here and the callers say which fallback they use. Output is
deterministic: the same commits give the same dates.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class History:
    added: dict[str, str] = field(default_factory=dict)  # source id -> ISO 8601 date-time of its first commit
    last_change: str | None = None  # ISO 8601 date-time of the newest commit touching the dossier


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path) -> History:
    """The dossier's dates from git (empty when `root` is not in a git work tree)."""
    log = _git(root, "log", "--relative", "--diff-filter=A", "--format=%x00%cI", "--name-only", "--", "sources")
    if log is None:
        return History()
    added: dict[str, str] = {}
    for commit in log.split("\x00")[1:]:
        lines = commit.strip().split("\n")
        date, paths = lines[0], lines[1:]
        for path in paths:
            parts = path.strip().split("/")
            if len(parts) >= 3 and parts[0] == "sources":
                added[parts[1]] = date  # newest first: the last one kept is the first commit
    last = (_git(root, "log", "-1", "--format=%cI", "--", ".") or "").strip() or None
    return History(added, last)
