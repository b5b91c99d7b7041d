"""The live `dossier/` belongs to editors: adding a source to it never breaks the suite.

Tests build the frozen fixture (`tests/fixtures/dossier/`); the live dossier is checked by
`check --strict` and a strict MkDocs build (`make check-live`, run by `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, DossierFactory

NEW_SOURCE = """Dockworkers in Rotterdam end a two-day strike
ROTTERDAM, 4 March 2024 (Harbour Wire) - Dockworkers at the port of Rotterdam returned to work on Monday
after a two-day strike over night-shift pay, the FNV union said.
The union said 1,200 workers had joined the strike, which held up 40 container ships.
"""


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [f for f in out.stdout.decode().split("\0") if f]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout to copy the repository")
def test_a_new_source_in_the_live_dossier_breaks_no_test(tmp_path):
    copy = tmp_path / "repo"
    for rel in tracked_files():
        if (ROOT / rel).is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
    editor = DossierFactory.__new__(DossierFactory)
    editor.root = copy / "dossier"  # the live dossier of the copy: add to it, change nothing else
    editor.source("rotterdam-strike", NEW_SOURCE, title={"quote": "Dockworkers in Rotterdam end a two-day strike"},
                  outlet={"value": "Harbour Wire", "quote": "(Harbour Wire)"})
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    check = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--strict", "--quiet-notes"],
                           cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser and not mkdocs",
         "--ignore", "tests/test_live_dossier.py", "--ignore", "tests/test_seeds.py"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=1500)
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout.splitlines()[-1]
