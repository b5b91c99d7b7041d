"""The command line (`python -m build_scripts`): exit codes, help, the form of its output,
`build --out` and its output folder, and notes."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.cli import COMMANDS, main, parser
from build_scripts.pipeline import read_dossier

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "dossier"  # never the live dossier/
CAPTURE = "The harbour board meets on Tuesday.\nThe ferry timetable changes next month.\n"
LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>[1-9][0-9]*): (?P<severity>error|warning|note): (?P<message>\S.*)$")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def add_source(factory, sid: str, capture: str = CAPTURE, **fields) -> Path:
    """`factory.source` with this module's capture by default."""
    return factory.source(sid, capture, **fields)


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


def summary(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


# --------------------------------------------------------------------------- usage


def test_no_command_exits_2(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: python -m build_scripts")
    assert "the following arguments are required: {check,build,evaluate,report,add,annotate,synth}" in result.stderr


@pytest.mark.parametrize("args", [["--bogus"], ["check", "--bogus"], ["build", "--out", "x", "--bogus"]])
def test_unknown_option_exits_2(tmp_path, args):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage: python -m build_scripts" in result.stderr
    assert re.search(r"error: (unrecognized arguments: --bogus|the following arguments are required)", result.stderr)


def test_build_without_out_exits_2(tmp_path):
    result = run("build", "--dossier", str(SEED), cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required: --out" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_nonexistent_dossier_exits_2_naming_the_folder(tmp_path, command):
    missing = tmp_path / "no-such-dossier"
    extra = ["--out", str(tmp_path / "out")] if command == "build" else []
    result = run(command, "--dossier", str(missing), *extra, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"error: no dossier folder at {missing}: pass --dossier with the folder "
                             "that holds dossier.yml\n")
    assert not (tmp_path / "out").exists()


def test_check_seed_dossier_exits_0():
    result = run("check", "--dossier", str(SEED), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result).startswith("0 error(s), ")
    assert ": error: " not in result.stdout


# --------------------------------------------------------------------------- help


def subcommands() -> set[str]:
    [action] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return set(action.choices)


def test_every_subcommand_is_listed_in_commands():
    """A subcommand added outside COMMANDS would escape the help test below."""
    assert subcommands() == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_subcommand_help_has_an_example(command, tmp_path):
    result = run(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example" in result.stdout
    example = result.stdout[result.stdout.index("Example"):]
    assert f"python -m build_scripts {command}" in example


def test_top_level_help_has_an_example(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout


# --------------------------------------------------------------------------- output


def test_output_lines_have_the_form_path_line_severity_message(factory, tmp_path, monkeypatch):
    add_source(factory, "s1", title={"quote": "The harbour board meets on Friday"})
    add_source(factory, "s2", published={"value": "next Tuesday", "basis": "The editor."})
    factory.write("topics/ferries.yml", "slug: ferries\ntitle: Ferries\nsummary: Ferries.\n"
                                        "match:\n  terms: [ferry]\n  terms_alone: true\nrelated: [ferries]\n")
    result = run("check", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    for m in parsed:
        assert not Path(m["path"]).is_absolute() and m["path"].startswith("dossier/")
        assert (tmp_path / m["path"]).is_file()
    assert sorted((m["path"], int(m["line"]), m["severity"]) for m in parsed) == [
        ("dossier/sources/s1/source.yml", 3, "error"),
        ("dossier/sources/s2/source.yml", 10, "error"),
        ("dossier/topics/ferries.yml", 6, "warning"),
        ("dossier/topics/ferries.yml", 7, "warning"),
    ]
    monkeypatch.chdir(tmp_path)
    _, problems = read_dossier(Path("dossier"))
    assert sorted(lines) == sorted(p.format() for p in problems)
    assert summary(result) == "2 error(s), 2 warning(s), 0 note(s)"


def test_the_command_line_ends_its_process_at_once_with_its_output_and_exit_code(factory, tmp_path):
    """`python -m build_scripts` ends with `os._exit` once its output is flushed (the build's
    objects are not freed one by one): an exit handler never runs, yet every line of its output,
    written to pipes, is there, and the exit code is the command's. In the same process (the
    tests), `main` returns instead."""
    add_source(factory, "s1", title={"quote": "The harbour board meets on Friday"})
    add_source(factory, "s2")
    code = ("import atexit, runpy, sys; atexit.register(lambda: print('exit handler ran', file=sys.stderr)); "
            "sys.argv = ['build_scripts', 'check', '--dossier', 'dossier', '--format', 'json']; "
            "runpy.run_module('build_scripts', run_name='__main__', alter_sys=True)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    assert "exit handler ran" not in result.stderr
    problems = json.loads(result.stdout)["problems"]  # block-buffered in a pipe: there only if flushed
    assert [(p["file"], p["line"]) for p in problems if p["severity"] == "error"] == [("dossier/sources/s1/source.yml", 3)]
    assert summary(result).startswith("1 error(s), ")
    assert main(["check", "--dossier", str(tmp_path / "dossier"), "--quiet-notes"]) == 1  # returns, here


def test_the_command_line_ends_quietly_when_its_reader_has_gone(monkeypatch, capsys):
    """`python -m build_scripts check | head -1`: a reader that has gone (the flush at the end
    meets a broken pipe) gets no traceback, and the exit code is the command's."""
    import build_scripts.cli as cli

    class Gone:
        def write(self, text):
            return len(text)

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    ended = []
    monkeypatch.setattr(cli.os, "_exit", lambda code: ended.append(code))
    monkeypatch.setattr(cli.sys, "stdout", Gone())
    assert cli.main(["check", "--dossier", str(SEED)], fast_exit=True) == 0 and ended == [0]


def test_problem_paths_are_shown_as_given_outside_the_working_folder(factory, tmp_path):
    add_source(factory, "s1", title={"quote": "Not in the capture"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("check", "--dossier", str(factory.root), cwd=elsewhere)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{factory.root.as_posix()}/sources/s1/source.yml:3: error: title.quote is not in the capture")


# --------------------------------------------------------------------------- build --out


def valid_dossier(factory) -> None:
    add_source(factory, "s1")
    add_source(factory, "s2", "The ferry timetable changes next month.\nFares rise in spring.\n")
    factory.write("topics/ferries.yml", "slug: ferries\ntitle: Ferries\nsummary: Ferries.\nmatch:\n"
                                        "  terms: [ferry]\n  anchors: [board]\n  window: 1\n")
    factory.entities([{"id": "board", "name": "harbour board", "kind": "organisation", "description": "Runs the harbour."}])


def manifest(out: Path) -> set[str]:
    return set((out / ".dossier-pages").read_text("utf-8").splitlines())


def written_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {".dossier-pages"}


def test_build_writes_pages_and_a_second_run_writes_nothing(factory, tmp_path):
    valid_dossier(factory)
    first = run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    out = tmp_path / "out"
    pages = written_files(out)
    assert {"sources/s1/index.md", "sources/s1/capture.txt", "sources/s2/index.md", "topics/ferries/index.md",
            "data/dossier.json"} <= pages
    assert manifest(out) == pages
    assert (out / "sources/s1/capture.txt").read_bytes() == CAPTURE.encode()
    assert first.stdout.splitlines() == [f"out: {len(pages)} written, 0 unchanged, 0 removed"]
    before = snapshot(out)
    second = run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path)
    assert second.returncode == 0
    assert second.stdout.splitlines() == [f"out: 0 written, {len(pages)} unchanged, 0 removed"]
    assert snapshot(out) == before


def test_build_removes_the_pages_of_a_removed_source(factory, tmp_path):
    valid_dossier(factory)
    assert run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    before = manifest(out)
    for path in (factory.root / "sources" / "s2").iterdir():
        path.unlink()
    (factory.root / "sources" / "s2").rmdir()
    result = run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert before - manifest(out) == {"sources/s2/index.md", "sources/s2/capture.txt"}
    assert not (out / "sources" / "s2").exists()
    assert written_files(out) == manifest(out)
    assert re.fullmatch(r"out: [0-9]+ written, [0-9]+ unchanged, 2 removed", result.stdout.strip())


def test_build_keeps_a_file_added_to_its_own_output_folder(factory, tmp_path):
    valid_dossier(factory)
    assert run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path).returncode == 0
    mine = tmp_path / "out" / "NOTES.txt"
    mine.write_text("my notes\n", "utf-8")
    (factory.root / "sources" / "s2" / "source.yml").unlink()
    (factory.root / "sources" / "s2" / "capture.txt").unlink()
    (factory.root / "sources" / "s2").rmdir()
    assert run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path).returncode == 0
    assert mine.read_text("utf-8") == "my notes\n"


def test_build_refuses_a_non_empty_folder_it_did_not_write(factory, tmp_path):
    valid_dossier(factory)
    other = tmp_path / "site-notes"
    (other / "sources").mkdir(parents=True)
    (other / "index.md").write_text("Hand-written.\n", "utf-8")
    (other / "sources" / "index.md").write_text("Also hand-written.\n", "utf-8")
    before = snapshot(other)
    result = run("build", "--out", "site-notes", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"error: {other.resolve()} is not empty and was not written by build_scripts; choose an empty or new folder")
    assert snapshot(other) == before


def test_build_into_an_empty_existing_folder_is_allowed(factory, tmp_path):
    valid_dossier(factory)
    (tmp_path / "out").mkdir()
    result = run("build", "--out", "out", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "sources" / "s1" / "index.md").is_file()


# --------------------------------------------------------------------------- notes


NAMES = "Ismail Haniyeh met Ziyad Nakhalah in Beirut on Tuesday.\nThe talks lasted two hours.\n"


def note(name: str) -> str:
    return (f"dossier/sources/s1/capture.txt:1: note: name candidate {name!r} (1 time in 1 source) is in no "
            "entity's aliases: add it to an entity in dossier/entities/, or to not_names in dossier/lexicons/names.yml")


def test_check_lists_name_candidates_as_notes(factory, tmp_path):
    add_source(factory, "s1", NAMES)
    result = run("check", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(result.stdout.splitlines()) == [note("Ismail Haniyeh"), note("Ziyad Nakhalah")]
    assert summary(result) == "0 error(s), 0 warning(s), 2 note(s)"


def test_quiet_notes_hides_the_notes(factory, tmp_path):
    add_source(factory, "s1", NAMES)
    result = run("check", "--quiet-notes", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""
    assert summary(result) == "0 error(s), 0 warning(s), 2 note(s)"


def test_notes_never_change_the_exit_code(factory, tmp_path):
    add_source(factory, "s1", NAMES)
    strict = run("check", "--strict", "--dossier", "dossier", cwd=tmp_path)
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert note("Ismail Haniyeh") in strict.stdout.splitlines()
    built = run("build", "--strict", "--out", "out", "--dossier", "dossier", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert summary(built) == "0 error(s), 0 warning(s), 2 note(s)"  # build counts notes, does not list them


def test_registered_name_is_no_longer_a_note(factory, tmp_path):
    add_source(factory, "s1", NAMES)
    factory.write("entities/people.yml", "- id: ismail-haniyeh\n  name: Ismail Haniyeh\n  kind: person\n"
                                         "  description: A test person.\n")
    result = run("check", "--dossier", "dossier", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [note("Ziyad Nakhalah")]
