"""Golden test: every page generated from the seed dossier, byte for byte.

After an intended change, regenerate and review the diff (see README.md, "Tests"):

    rm -rf tests/golden/pages && .venv/bin/python -m build_scripts build --out tests/golden/pages
"""

from __future__ import annotations

import difflib
from pathlib import Path

from build_scripts.pipeline import build
from build_scripts.writer import MANIFEST

from .conftest import SEED

GOLDEN = Path(__file__).parent / "golden" / "pages"


def test_generated_pages_match_the_golden_files():
    files = build(SEED).files
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*")
                if p.is_file() and p.name != MANIFEST}
    assert sorted(files) == sorted(expected), "the set of generated files changed"
    for path in sorted(files):
        if files[path] != expected[path]:
            diff = difflib.unified_diff(expected[path].decode(errors="replace").splitlines(),
                                        files[path].decode(errors="replace").splitlines(),
                                        f"golden/{path}", f"generated/{path}", lineterm="", n=2)
            raise AssertionError("\n".join(list(diff)[:60]) + "\n\nRegenerate as the module docstring says.")


def test_generation_is_deterministic():
    assert build(SEED).files == build(SEED).files
