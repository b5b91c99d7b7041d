"""`python -m build_scripts report --base REF` on temporary git repositories with two commits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.report import make_report
from build_scripts.report.compare import provenance
from build_scripts.render.markup import code
from build_scripts.problems import display_path
from tests.conftest import DossierFactory, dump, sha256
from tests.gitrepo import commit, git, init

S1 = "Harbour Board meets on Tuesday.\nThe Harbour Board will vote on ferries.\n"
S2 = "Ferry timetable changes next month.\nThe Harbour Board approved the change.\n"
S3 = "Snow closes the mountain pass.\nRoads reopen on Friday.\n"
ENTITY = {"id": "harbour-board", "name": "Harbour Board", "kind": "organisation",
          "description": "The board that runs the harbour.", "aliases": []}


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, DossierFactory]:
    root = init(tmp_path / "project")
    f = DossierFactory(root / "dossier")
    f.source("s1", S1, title={"quote": "Harbour Board meets on Tuesday."})
    f.source("s2", S2)
    f.source("s3", S3)
    f.entities([ENTITY])
    f.topic("ferries", match={"entities": ["harbour-board"], "terms": ["ferr*"], "window": 1})
    commit(root, "first")
    return root, f


def report(root: Path, base: str = "HEAD~1") -> str:
    return make_report(root / "dossier", base)


def test_removed_source_renamed_entity_and_added_source(repo):
    root, f = repo
    git(root, "rm", "-r", "--quiet", "dossier/sources/s2")
    f.entities([ENTITY | {"id": "port-authority"}])
    f.topic("ferries", match={"entities": ["port-authority"], "terms": ["ferr*"], "window": 1})
    f.source("s4", "Ferries run late again.\nThe Harbour Board says sorry.\n",
             byline={"unknown": "No author is named."})
    commit(root, "second")
    text = report(root)
    assert text.startswith("# Change report\n\nCompared with `HEAD~1` (commit `")
    body = text.split("\n", 4)[4]
    assert body == (
        "## Sources\n\n"
        "- added `s4` `Test source s4`: 2 of 8 fields established (basis: title, language; unknown: outlet, url, "
        "published, retrieved, byline, dateline)\n"
        "- removed `s2` `Test source s2`\n\n"
        "## Topics\n\n"
        "- `ferries` passages 4 \u2192 4 (+0); gains sources `s4`; loses sources `s2`\n\n"
        "## Entities\n\n"
        "- renamed `harbour-board` \u2192 `port-authority` (`Harbour Board`): the page entities/port-authority/ "
        "replaces entities/harbour-board/; mentions 3 \u2192 3 (+0)\n\n"
        "## Paragraph ids that disappeared\n\n"
        "Links to these anchors (from the site or from elsewhere) no longer lead to their paragraph.\n\n"
        "- `sources/s2/` (source removed: 2 paragraphs); linked from `entities/harbour-board/`, `topics/ferries/`\n\n"
        "## New unknown metadata\n\n"
        "- `s4` outlet: `Not in the test capture.`\n"
        "- `s4` url: `Not in the test capture.`\n"
        "- `s4` published: `Not in the test capture.`\n"
        "- `s4` retrieved: `Not in the test capture.`\n"
        "- `s4` byline: `No author is named.`\n"
        "- `s4` dateline: `Not in the test capture.`\n\n"
        "## Problems (`check`)\n\n"
        "None: `check` finds no problem.\n"
    )


def test_a_broken_working_tree_still_gives_a_report_of_its_problems(repo):
    root, f = repo
    f.write("topics/ferries.yml", "slug: ferries\ntitle: Ferries: all of them\n")
    (root / "dossier" / "sources" / "s3" / "capture.txt").write_bytes(b"Snow.\n")
    text = report(root, "HEAD")
    assert "The dossier has errors, so what it changes cannot be shown until they are fixed." in text
    assert "## Sources" not in text
    problems = text.split("## Problems (`check`)\n\n", 1)[1]
    old, new = sha256(S3.encode()), sha256(b"Snow.\n")
    restore = f"git checkout -- {display_path(root / 'dossier/sources/s3/capture.txt')}"
    assert problems == (
        "2 errors, 0 warnings, 0 notes:\n\n"
        f"- error at `dossier/sources/s3/source.yml:22`: ``capture.sha256: capture.txt was changed after it was "
        f"committed (its SHA-256 is now {new}, {old} is recorded); a capture is never edited: restore it with "
        f"`{restore}` (a different capture of the article is a new source)``\n"
        f"  fix: `{restore}`\n"
        "- error at `dossier/topics/ferries.yml:2`: ``unexpected `: ` on this line: if the value contains a colon, "
        "put the whole value in quotes (title: \"Words: more words\"); if this line is a key, indent it like the "
        "keys above it``\n")


def test_unknown_ref_and_no_repository_are_usage_errors(repo, tmp_path):
    root, _ = repo
    result = subprocess.run([sys.executable, "-m", "build_scripts", "report", "--base", "no-such-branch"],
                            cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("error: --base 'no-such-branch': no such commit in this repository; give a branch, "
                             "tag or commit, such as main or HEAD~1 (a shallow clone may need `git fetch` first)\n")
    outside = DossierFactory(tmp_path / "plain" / "dossier")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "report", "--base", "main"],
                            cwd=outside.root.parent, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "is not in a git repository" in result.stderr


def test_a_base_without_the_dossier_compares_with_an_empty_one(tmp_path):
    root = init(tmp_path / "project")
    (root / "README").write_text("first\n")
    commit(root, "no dossier yet")
    f = DossierFactory(root / "dossier")
    f.source("s1", S1)
    text = report(root, "HEAD")
    assert "- added `s1` `Test source s1`" in text


def test_report_prints_markdown_and_never_touches_the_working_tree(repo):
    root, f = repo
    git(root, "rm", "-r", "--quiet", "dossier/sources/s3")
    before = git(root, "status", "--porcelain")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "report", "--base", "HEAD"],
                            cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "- removed `s3` `Test source s3`" in result.stdout
    assert git(root, "status", "--porcelain") == before


def test_hostile_titles_stay_code(repo):
    root, f = repo
    f.source("s5", S3, title={"value": "x` <img src=x onerror=alert(1)> @everyone ${{ github.token }}",
                              "basis": "The editor."})
    text = report(root, "HEAD")
    assert "- added `s5` ``x` <img src=x onerror=alert(1)> @everyone ${{ github.token }}``: " in text


def test_new_sections_appear_when_both_exports_have_the_key():
    from build_scripts.report.compare import SECTIONS
    base = {"sources": [], "entities": [], "topics": [], "quotes": [{"id": "q1", "text": "old"}]}
    head = base | {"quotes": [{"id": "q1", "text": "old"}, {"id": "q2", "text": "new `one`"}],
                   "figures": [{"id": "f1"}]}
    out = [line for section in SECTIONS for line in section(base, head)]
    assert out == ["## New quotation variants", "", "- id `q2`, text `` new `one` ``"]


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "`plain`"), ("a`b", "``a`b``"), ("`x`", "`` `x` ``"), ("", "` `"),
    ("line\nbreak\x00", "`line break\u2400`"), ("a\u202eb", "`a\u27e8U+202E\u27e9b`"),
])
def test_code_span(text, expected):
    assert code(text) == expected


def test_provenance_in_words():
    source = {"provenance": {name: {"value": "v", "quote": "q"} for name in
                             ("title", "outlet", "url", "published", "retrieved", "language", "byline", "dateline")}}
    source["provenance"]["byline"] = {"value": None, "unknown": "n/a"}
    assert provenance(source) == ("7 of 8 fields established (quote: title, outlet, url, published, retrieved, "
                                  "language, dateline; unknown: byline)")


def test_paragraphs_lost_from_a_kept_source_are_listed_one_by_one(repo):
    root, f = repo
    capture = root / "dossier" / "sources" / "s1" / "capture.txt"
    capture.write_text("The Harbour Board will vote on ferries.\n", "utf-8")
    meta = capture.parent / "source.yml"
    from tests.conftest import sha256 as digest
    old_meta = meta.read_text("utf-8")
    meta.write_text(old_meta.replace(digest(S1.encode()), digest(capture.read_bytes()))
                    .replace("quote: Harbour Board meets on Tuesday.", "quote: The Harbour Board will vote"), "utf-8")
    text = report(root, "HEAD")
    assert "- changed `s1` `The Harbour Board will vote`: new capture, metadata (title), reading text (2 \u2192 1 paragraph)" in text
    assert "- `sources/s1/#p2`; linked from `entities/harbour-board/`, `topics/ferries/`\n" in text


def test_an_annotation_orphaned_by_the_change_is_reported(repo):
    root, f = repo
    f.write("annotations/vote.yml", dump({"id": "vote", "source": "s1", "exact": "will vote on ferries",
                                          "note": "Which vote?", "motivation": "questioning",
                                          "author": "Editor", "date": "2026-11-23"}))
    commit(root, "annotate")
    capture = root / "dossier" / "sources" / "s1" / "capture.txt"
    capture.write_text("Harbour Board meets on Tuesday.\nNothing else was decided.\n", "utf-8")
    meta = capture.parent / "source.yml"
    meta.write_text(meta.read_text("utf-8").replace(sha256(S1.encode()), sha256(capture.read_bytes())), "utf-8")
    text = report(root, "HEAD")
    assert "## Orphaned annotations\n\n- id `vote`, source `s1`, exact `will vote on ferries`, status `orphan`\n" in text
