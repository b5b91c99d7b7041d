"""Golden test: every page generated from the frozen fixture dossier, byte for byte.

The fixture (`tests/fixtures/dossier/`) is a copy of the seed dossier that only tests
change; the live `dossier/` belongs to editors and is checked by `check --strict` and a
strict build instead. After an intended change to the pages, regenerate and review the diff:

    rm -rf tests/golden/pages && .venv/bin/python -m build_scripts build --dossier tests/fixtures/dossier --out tests/golden/pages && rm tests/golden/pages/feed.xml

The Atom feed (`feed.xml`) is left out: its dates come from the git history of the fixture,
which a shallow clone does not have; tests/test_readers.py checks the feed on dossiers with a
history made by the test.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from build_scripts.pipeline import build
from build_scripts.writer import MANIFEST

from .conftest import FIXTURE

GOLDEN = Path(__file__).parent / "golden" / "pages"
DIFF_LINES = 12  # of each differing file
NOT_GOLDEN = {"feed.xml"}  # depends on git history (see above)


def golden_differences(files: dict[str, bytes], golden: Path) -> list[str]:
    """Every difference between generated `files` and the folder `golden`, each with a short diff."""
    expected = {p.relative_to(golden).as_posix(): p.read_bytes() for p in golden.rglob("*")
                if p.is_file() and p.name != MANIFEST and p.name not in NOT_GOLDEN}
    files = {path: content for path, content in files.items() if path not in NOT_GOLDEN}
    report = [f"missing from the golden files: {path}" for path in sorted(files.keys() - expected.keys())]
    report += [f"no longer generated: {path}" for path in sorted(expected.keys() - files.keys())]
    for path in sorted(files.keys() & expected.keys()):
        if files[path] != expected[path]:
            diff = difflib.unified_diff(expected[path].decode(errors="replace").splitlines(),
                                        files[path].decode(errors="replace").splitlines(),
                                        f"golden/{path}", f"generated/{path}", lineterm="", n=1)
            report.append("\n".join(list(diff)[:DIFF_LINES]))
    return report


def test_generated_pages_match_the_golden_files():
    report = golden_differences(dict(build(FIXTURE).files), GOLDEN)
    assert not report, (f"{len(report)} generated file(s) differ from tests/golden/pages:\n\n" + "\n\n".join(report)
                        + "\n\nRegenerate as the module docstring says, and review the diff.")


def test_the_golden_test_reports_every_differing_file(tmp_path):
    files = {"a.md": b"one\ntwo\n", "b.md": b"three\n", "c.md": b"new\n"}
    (tmp_path / "a.md").write_bytes(b"one\nTWO\n")
    (tmp_path / "b.md").write_bytes(b"THREE\n")
    (tmp_path / "gone.md").write_bytes(b"old\n")
    report = golden_differences(files, tmp_path)
    assert report[:2] == ["missing from the golden files: c.md", "no longer generated: gone.md"]
    assert [r.splitlines()[:2] for r in report[2:]] == [["--- golden/a.md", "+++ generated/a.md"],
                                                        ["--- golden/b.md", "+++ generated/b.md"]]
    assert "-TWO" in report[2] and "+two" in report[2] and "+three" in report[3]


def test_generation_is_deterministic():
    assert build(FIXTURE).files == build(FIXTURE).files
