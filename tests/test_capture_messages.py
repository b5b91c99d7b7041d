"""One `check` run lists every mistake of a new source, in plain words (issue 11), and a wrong
hash is worded by what the last commit holds: a capture just added, one edited after it was
committed, or a recorded hash that was edited."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.pipeline import read_dossier
from build_scripts.problems import Severity
from tests.conftest import DossierFactory, sha256
from tests.gitrepo import commit, git, init

CAPTURE = "Harbour board\u2019s plan\nThe ferry timetable changes next month.\n"
CP1252 = CAPTURE.encode("cp1252")  # the curly apostrophe is byte 0x92
WRONG = "0" * 64

FIVE_MISTAKES = f"""\
id: s1
title:
  quote: Harbour board meets on Friday
outlet:
  unknown: Not in the capture.
autor: Jane Doe
url:
  unknown: Not in the capture.
published:
  unknown: Not in the capture.
retrieved:
  value: "2023-11-20"
  basis: The day it was saved.
language:
  value: en
  basis: English text.
byline:
  unknown: No author is named.
dateline:
  unknown: No dateline.
capture:
  file: capture.txt
  sha256: {WRONG}
\tmethod: Saved from the browser.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a committed dossier with no sources yet."""
    root = init(tmp_path / "project")
    DossierFactory(root / "dossier")
    commit(root, "dossier")
    return root


def problems_of(root: Path):
    dossier, problems = read_dossier(root / "dossier")
    assert dossier is None
    return [(Path(p.path).relative_to(root).as_posix(), p.line, p.code, p.message) for p in sorted(problems)]


def add_five_mistakes(root: Path) -> Path:
    folder = root / "dossier" / "sources" / "s1"
    folder.mkdir(parents=True)
    (folder / "capture.txt").write_bytes(CP1252)
    (folder / "source.yml").write_text(FIVE_MISTAKES, "utf-8")
    return folder


def expected_five(actual: str) -> list[tuple[str, int, str, str]]:
    return [
        ("dossier/sources/s1/capture.txt", 1, "capture-not-utf8", (
            "the capture is not UTF-8 text: byte 0x92 at offset 13 is not UTF-8. It looks like Windows-1252 "
            "(an older Windows encoding). Convert it to UTF-8 (in a text editor: save as, encoding UTF-8), say so "
            "in capture.method, and record the converted file's SHA-256 in capture.sha256")),
        ("dossier/sources/s1/source.yml", 3, "quote-not-in-capture", (
            "title.quote is not in the capture word for word: 'Harbour board meets on Friday'; copy the words "
            "exactly as the capture has them (apostrophes and quotation marks included)")),
        ("dossier/sources/s1/source.yml", 6, "unknown-key", (
            "autor: unknown key; did you mean `byline`? allowed keys here: id, title, label, outlet, url, published, retrieved, "
            "language, byline, dateline, capture, notes, normalise")),
        ("dossier/sources/s1/source.yml", 23, "capture-hash-new", (
            f"capture.sha256: capture.txt is new (not in the last commit) and its SHA-256 is {actual}, not {WRONG}; "
            "if it is the file as received (converted to UTF-8 if it had to be), record its hash by replacing "
            f"this line with `  sha256: {actual}` (or make the source with `python -m build_scripts add FILE`, which "
            "computes the hash)")),
        ("dossier/sources/s1/source.yml", 24, "yaml-tab", "tabs are not allowed in YAML; indent with spaces"),
    ]


def test_five_mistakes_in_one_new_source_are_listed_in_one_run(repo):
    add_five_mistakes(repo)
    assert problems_of(repo) == expected_five(sha256(CP1252))


def test_check_lists_the_five_mistakes_in_file_and_line_order(repo):
    add_five_mistakes(repo)
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--dossier", "dossier"],
                            cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{path}:{line}: error: {message}"
                                          for path, line, _, message in expected_five(sha256(CP1252))]
    assert result.stderr.splitlines()[-1] == "5 error(s), 0 warning(s), 0 note(s)"


def test_fixing_the_encoding_of_a_new_capture_leads_to_recording_its_hash(repo):
    """The loop of the issue: converting to UTF-8 must not be answered by 'restore the file'."""
    folder = add_five_mistakes(repo)
    (folder / "capture.txt").write_bytes(CAPTURE.encode("utf-8"))
    fixed = FIVE_MISTAKES.replace("\t", "  ").replace("autor: Jane Doe\n", "").replace(" meets on Friday", "\u2019s plan")
    (folder / "source.yml").write_text(fixed, "utf-8")
    [(path, line, code, message)] = problems_of(repo)
    actual = sha256(CAPTURE.encode("utf-8"))
    assert (path, line, code) == ("dossier/sources/s1/source.yml", 22, "capture-hash-new")
    assert f"replacing this line with `  sha256: {actual}`" in message
    # Pasting the line it gives makes the source valid.
    (folder / "source.yml").write_text(fixed.replace(f"  sha256: {WRONG}", f"  sha256: {actual}"), "utf-8")
    dossier, problems = read_dossier(repo / "dossier")
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert dossier is not None and dossier.source("s1").meta.title.known == "Harbour board\u2019s plan"


def committed_source(repo: Path) -> tuple[Path, bytes]:
    data = CAPTURE.encode("utf-8")
    DossierFactory(repo / "dossier", rules=False).source("s1", data)
    commit(repo, "add s1")
    return repo / "dossier" / "sources" / "s1", data


def test_a_committed_capture_that_was_edited_says_how_to_restore_it(repo):
    folder, data = committed_source(repo)
    edited = data.replace(b"ferry", b"ferries")
    (folder / "capture.txt").write_bytes(edited)
    dossier, problems = read_dossier(repo / "dossier")
    [problem] = problems
    assert problem.code == "capture-changed"
    assert problem.fix == f"git checkout -- {(folder / 'capture.txt').as_posix()}"  # (run from elsewhere: in full)
    assert problem.message == (
        f"capture.sha256: capture.txt was changed after it was committed (its SHA-256 is now {sha256(edited)}, "
        f"{sha256(data)} is recorded); a capture is never edited: restore it with `{problem.fix}` "
        "(a different capture of the article is a new source)")
    # The command it gives restores the capture.
    git(repo, "checkout", "--", "dossier/sources/s1/capture.txt")
    assert read_dossier(repo / "dossier")[0] is not None


def test_the_restore_command_is_relative_to_where_check_runs(repo):
    folder, data = committed_source(repo)
    (folder / "capture.txt").write_bytes(data + b"more\n")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--dossier", "dossier"],
                            cwd=repo, capture_output=True, text=True, timeout=60)
    assert "restore it with `git checkout -- dossier/sources/s1/capture.txt`" in result.stdout


def test_an_edited_hash_of_a_committed_capture_says_to_put_it_back(repo):
    folder, data = committed_source(repo)
    meta = folder / "source.yml"
    meta.write_text(meta.read_text("utf-8").replace(sha256(data), WRONG), "utf-8")
    [problem] = read_dossier(repo / "dossier")[1]
    assert problem.code == "capture-hash-wrong"
    assert problem.message == (
        "capture.sha256: capture.txt is unchanged since the last commit, but the hash recorded here is not its "
        f"SHA-256; replace this line with `  sha256: {sha256(data)}`")
    assert problem.fix == f"  sha256: {sha256(data)}"


def test_without_git_the_message_gives_both_ways(tmp_path, monkeypatch):
    factory = DossierFactory(tmp_path / "dossier")
    meta = factory.source("s1", CAPTURE)
    (meta.parent / "capture.txt").write_bytes(b"other\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    [problem] = read_dossier(tmp_path / "dossier")[1]
    assert problem.code == "capture-hash"
    assert problem.fix == f"  sha256: {sha256(b'other' + bytes([10]))}"
    assert "if it was added before, it must not be edited: restore the file as received" in problem.message


# --------------------------------------------------------------------------- as data, as annotations


def run_check(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    return subprocess.run([sys.executable, "-m", "build_scripts", "check", "--dossier", "dossier", *args],
                          cwd=repo, capture_output=True, text=True, timeout=60, env=environ)


def test_check_format_json_gives_the_same_problems_as_data(repo):
    add_five_mistakes(repo)
    result = run_check(repo, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    actual = sha256(CP1252)
    assert [(p["file"], p["line"], p["code"], p["message"]) for p in data["problems"]] == expected_five(actual)
    assert data["problems"][0]["column"] == 14 and data["problems"][-1]["column"] == 1
    assert data["problems"][3]["fix"] == f"  sha256: {actual}"
    assert {p["severity"] for p in data["problems"]} == {"error"}
    assert (data["errors"], data["warnings"], data["notes"]) == (5, 0, 0)
    assert list(data["problems"][0]) == ["file", "line", "column", "severity", "code", "message", "fix"]


def test_check_under_github_actions_prints_annotations(repo):
    add_five_mistakes(repo)
    lines = run_check(repo, env={"GITHUB_ACTIONS": "true"}).stdout.splitlines()
    assert lines[0].startswith("dossier/sources/s1/capture.txt:1: error: the capture is not UTF-8 text")
    assert lines[1].startswith("::error file=dossier/sources/s1/capture.txt,line=1,col=14,title=capture-not-utf8::"
                               "the capture is not UTF-8 text: byte 0x92")
    assert lines[9] == "::error file=dossier/sources/s1/source.yml,line=24,col=1,title=yaml-tab::" + \
        "tabs are not allowed in YAML; indent with spaces"
    hash_annotation = lines[7]
    assert hash_annotation.endswith(f"which computes the hash)%0A  sha256: {sha256(CP1252)}")
    assert "::" not in run_check(repo).stdout, "annotations only under GitHub Actions"


def test_annotations_escape_what_github_would_read_as_commands():
    from build_scripts.problems import Problem
    problem = Problem("dir,a:b/x%.yml", 3, "100% wrong\r\nnext ::error::x", Severity.WARNING, code="c,d:e")
    assert problem.annotation() == (
        "::warning file=dir%2Ca%3Ab/x%25.yml,line=3,title=c%2Cd%3Ae::100%25 wrong%0D%0Anext ::error::x")


@pytest.mark.parametrize(("key", "suggested"), [("Author", "byline"), ("autor", "byline"), ("date", "published"),
                                                 ("headline", "title"), ("titel", "title"), ("lang", "language")])
def test_unknown_keys_suggest_the_key_people_mean(tmp_path, key, suggested):
    factory = DossierFactory(tmp_path / "dossier")
    meta = factory.source("s1", CAPTURE.encode("utf-8"))
    meta.write_text(meta.read_text("utf-8") + f"{key}: x\n", "utf-8")
    [problem] = read_dossier(tmp_path / "dossier")[1]
    assert problem.message.startswith(f"{key}: unknown key; did you mean `{suggested}`? allowed keys here: ")


def test_in_a_pull_request_new_and_changed_are_judged_against_the_base(repo, monkeypatch):
    """The preview checks out the merge commit, where everything is committed: DOSSIER_GIT_BASE
    names the base branch's commit instead."""
    folder, data = committed_source(repo)  # s1 is in the base
    (folder / "capture.txt").write_bytes(data + b"edited in the pull request\n")
    add_five_mistakes_as = repo / "dossier" / "sources" / "s2"
    add_five_mistakes_as.mkdir()
    (add_five_mistakes_as / "capture.txt").write_bytes(b"A new capture.\n")
    (add_five_mistakes_as / "source.yml").write_text(
        (folder / "source.yml").read_text("utf-8").replace("id: s1", "id: s2").replace(sha256(data), WRONG), "utf-8")
    commit(repo, "the pull request")  # the merge commit, as the workflow checks it out
    monkeypatch.setenv("DOSSIER_GIT_BASE", "HEAD^1")
    problems = {Path(p.path).parent.name: p for p in read_dossier(repo / "dossier")[1]}
    assert problems["s1"].code == "capture-changed"
    assert problems["s1"].fix == f"git checkout HEAD^1 -- {(folder / 'capture.txt').as_posix()}"
    assert problems["s2"].code == "capture-hash-new"
    assert problems["s2"].message.startswith(
        "capture.sha256: capture.txt is new (not in HEAD^1, the commit compared with) and its SHA-256 is ")
    monkeypatch.delenv("DOSSIER_GIT_BASE")
    assert {p.code for p in read_dossier(repo / "dossier")[1]} == {"capture-hash-wrong"}


def test_a_hash_not_written_yet_still_gets_the_line_to_paste(repo):
    folder = add_five_mistakes(repo)
    (folder / "capture.txt").write_bytes(CAPTURE.encode("utf-8"))
    fixed = FIVE_MISTAKES.replace("\t", "  ").replace("autor: Jane Doe\n", "").replace(" meets on Friday", "\u2019s plan")
    (folder / "source.yml").write_text(fixed.replace(WRONG, "TODO"), "utf-8")
    actual = sha256(CAPTURE.encode("utf-8"))
    assert [(line, code, message) for _, line, code, message in problems_of(repo)] == [
        (22, "bad-form", "capture.sha256: 'TODO' is not a SHA-256 (64 digits and letters a to f); the capture's hash "
                         "is given with the line to paste, next to this problem"),
        (22, "capture-hash-new", (
            f"capture.sha256: capture.txt is new (not in the last commit) and its SHA-256 is {actual}, not TODO; "
            "if it is the file as received (converted to UTF-8 if it had to be), record its hash by replacing this "
            f"line with `  sha256: {actual}` (or make the source with `python -m build_scripts add FILE`, which "
            "computes the hash)")),
    ]
