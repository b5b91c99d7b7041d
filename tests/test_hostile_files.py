"""Hostile files (issue 14): characters YAML refuses, symbolic links, oversized captures and
lines, bidirectional controls. Each is a clear `file:line` problem, tested by its exact text,
through the loader and through the command line (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.load.sources import MAX_CAPTURE_BYTES, MAX_LINE_CHARS
from build_scripts.pipeline import build, read_dossier
from build_scripts.problems import Severity

from .conftest import ROOT, dump, sha256

CAPTURE = "The harbour board meets on Tuesday.\nThe ferry timetable changes next month.\n"


def problems_of(root: Path, severity: Severity | None = None) -> list[tuple[str, int, str]]:
    _, problems = read_dossier(root)
    return sorted((p.path, p.line, p.message) for p in problems if severity is None or p.severity is severity)


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "check", "--dossier", str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------- characters YAML refuses

REFUSED = {"\x00": "U+0000 (a control character)", "\x80": "U+0080 (a control character)",
           "\x1b": "U+001B (a control character)", "\ufffe": "U+FFFE (a non-character)",
           "\uffff": "U+FFFF (a non-character)"}


def refused_message(ch: str) -> str:
    return (f"the file holds the character {REFUSED[ch]}, which YAML files may not contain; "
            "remove it (save the file as plain UTF-8 text)")


def kinds_of_file(factory) -> dict[str, tuple[Path, str]]:
    """Every kind of YAML file of a dossier, as (path, valid text with a `{X}` on line 2)."""
    factory.source("one", CAPTURE)
    source = factory.root / "sources" / "one" / "source.yml"
    return {
        "dossier": (factory.root / "dossier.yml", "title: Test\nsummary: A {X} summary.\n"),
        "source": (source, source.read_text("utf-8").replace("id: one\n", "id: one\nnotes: A {X} note.\n", 1)),
        "entities": (factory.root / "entities" / "people.yml",
                     "- id: ann\n  name: Ann {X} Lee\n  kind: person\n  description: d\n  aliases: [Ann Lee]\n"),
        "topic": (factory.root / "topics" / "t.yml", "slug: t\ntitle: T {X}\nsummary: s\nmatch: {terms: [ferry], terms_alone: true}\n"),
        "rules": (factory.root / "rules" / "normalise.yml", "furniture: []\n# {X}\n"),
        "lexicon": (factory.root / "lexicons" / "names.yml", "not_names: []\n# {X}\n"),
        "annotation": (factory.root / "annotations" / "a.yml",
                       "id: a\nnote: A {X} note.\nsource: one\nexact: harbour board\nmotivation: commenting\n"
                       "author: An editor\ndate: 2023-11-19\n"),
    }


@pytest.mark.parametrize("ch", list(REFUSED), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("kind", ["dossier", "source", "entities", "topic", "rules", "lexicon", "annotation"])
def test_a_raw_character_yaml_refuses_is_a_file_line_error(factory, kind, ch):
    path, text = kinds_of_file(factory)[kind]
    if kind == "source":
        text = text.replace("notes: A {X} note.\n", "notes: A note.\n# {X}\n")
    factory.write(path.relative_to(factory.root).as_posix(), text.replace("{X}", ch))
    line = text.splitlines().index(next(l for l in text.splitlines() if "{X}" in l)) + 1
    assert problems_of(factory.root) == [(str(path), line, refused_message(ch))]


def test_check_reports_a_raw_nul_without_a_traceback(factory):
    factory.write("dossier.yml", "title: Test\nsummary: A \x00 summary.\n")
    result = check(factory.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout
    assert f"dossier.yml:2: error: {refused_message(chr(0))}" in result.stdout


def test_an_escaped_lone_surrogate_is_refused(factory):
    factory.write("dossier.yml", 'title: Test\nsummary: "A \\ud800 summary."\n')
    assert problems_of(factory.root) == [(str(factory.root / "dossier.yml"), 2, (
        "the value holds U+D800 (half of a UTF-16 surrogate pair), which is not a character; "
        "write the character itself instead of its escape"))]


# --------------------------------------------------------------------------- bidirectional controls

BIDI_WARNING = ("the value holds the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE), which can make "
                "text display in a misleading order; the site isolates it (and shows it as a symbol in "
                "titles and headings), but remove it unless the text needs it")


def test_a_bidi_control_in_a_title_is_a_warning(factory):
    factory.write("dossier.yml", 'title: "Test \\u202Eevil"\nsummary: ok\n')
    dossier, problems = read_dossier(factory.root)
    assert dossier is not None
    assert [(p.path, p.line, p.message, p.severity) for p in problems] == [
        (str(factory.root / "dossier.yml"), 1, BIDI_WARNING, Severity.WARNING)]
    result = check(factory.root)
    assert result.returncode == 0
    assert f"dossier.yml:1: warning: {BIDI_WARNING}" in result.stdout


def test_odd_characters_in_a_capture_are_warnings(factory):
    path = factory.source("one", "First line \u202e here.\nSecond \x85 line.\nThird \uffff line.\n").parent / "capture.txt"
    assert problems_of(factory.root, Severity.WARNING) == [
        (str(path), 1, "the capture holds the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE), which can "
                       "make text display in a misleading order; the site isolates it: check it is in the "
                       "original"),
        (str(path), 2, "the capture holds U+0085 (a control character), which is not text; it is shown as "
                       "⟨U+0085⟩ on the site: check the capture was saved as text"),
        (str(path), 3, "the capture holds U+FFFF (a non-character), which is not text; it is shown as "
                       "⟨U+FFFF⟩ on the site: check the capture was saved as text"),
    ]


# --------------------------------------------------------------------------- symbolic links

LINK = ("this is a symbolic link; the dossier holds only plain files and folders (a link could publish "
        "a file from outside the repository): put the file or folder itself here")


@pytest.fixture
def outside(tmp_path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:a secret line from outside the dossier\n")
    return secret


def test_a_capture_linked_to_a_file_outside_is_refused_before_hashing(factory, outside):
    data = outside.read_bytes()
    meta = factory.source("one", data)
    capture = meta.parent / "capture.txt"
    capture.unlink()
    capture.symlink_to(outside)
    assert problems_of(factory.root) == [(str(capture), 1, LINK)]
    result = check(factory.root)
    assert result.returncode == 1
    assert sha256(data) not in result.stdout + result.stderr
    assert "secret line" not in result.stdout


def test_a_capture_linked_with_a_wrong_hash_never_prints_the_outside_hash(factory, outside):
    meta = factory.source("one", CAPTURE)
    capture = meta.parent / "capture.txt"
    capture.unlink()
    capture.symlink_to(outside)
    result = check(factory.root)
    assert result.returncode == 1
    assert sha256(outside.read_bytes()) not in result.stdout + result.stderr
    assert f"capture.txt:1: error: {LINK}" in result.stdout


def test_a_source_folder_linked_outside_is_refused(factory, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    factory.source("one", CAPTURE)
    os.rename(factory.root / "sources" / "one", elsewhere)
    (factory.root / "sources" / "one").symlink_to(elsewhere, target_is_directory=True)
    assert problems_of(factory.root) == [(str(factory.root / "sources" / "one"), 1, LINK)]


@pytest.mark.parametrize("rel", ["dossier.yml", "entities/people.yml", "topics/t.yml", "rules/normalise.yml",
                                 "lexicons/names.yml", "annotations/a.yml", "entities", "topics", "annotations"])
def test_a_linked_yaml_file_or_folder_is_refused(factory, tmp_path, rel):
    for path, text in kinds_of_file(factory).values():
        factory.write(path.relative_to(factory.root).as_posix(), text.replace("{X}", "x"))
    assert problems_of(factory.root, Severity.ERROR) == []  # the topic's terms_alone is only a warning
    target = tmp_path / "elsewhere" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(factory.root / rel, target)
    (factory.root / rel).symlink_to(target, target_is_directory=target.is_dir())
    assert problems_of(factory.root, Severity.ERROR) == [(str(factory.root / rel), 1, LINK)]


def test_a_linked_dossier_folder_is_refused(factory, tmp_path):
    link = tmp_path / "linked-dossier"
    link.symlink_to(factory.root, target_is_directory=True)
    assert problems_of(link) == [(str(link), 1, LINK)]


def test_a_link_inside_the_dossier_is_refused_too(factory):
    meta = factory.source("one", CAPTURE)
    (meta.parent / "copy.txt").symlink_to(meta.parent / "capture.txt")
    assert problems_of(factory.root) == [(str(meta.parent / "copy.txt"), 1, LINK)]


# --------------------------------------------------------------------------- sizes


def test_limits_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"{MAX_CAPTURE_BYTES:,} bytes" in readme and f"{MAX_LINE_CHARS:,} characters" in readme


def test_a_capture_over_the_size_limit_is_refused_unread(factory):
    data = (b"A line of an oversized capture about the harbour.\n" * (MAX_CAPTURE_BYTES // 50 + 1))
    assert len(data) > MAX_CAPTURE_BYTES
    meta = factory.source("big", data)
    assert problems_of(factory.root) == [(str(meta.parent / "capture.txt"), 1, (
        f"the capture is {len(data):,} bytes, over the limit of 5,000,000 bytes (5 MB) for a capture; "
        "split the page into several captures (one source each)"))]


def test_a_line_over_the_length_limit_is_refused(factory):
    capture = "A first line.\nA second line.\n" + "x" * (MAX_LINE_CHARS + 1) + "\nA last line.\n"
    meta = factory.source("long", capture)
    assert problems_of(factory.root) == [(str(meta.parent / "capture.txt"), 3, (
        "this line is 100,001 characters long, over the limit of 100,000 characters for a line of a "
        "capture; capture the page again with its line breaks (say so in capture.method)"))]


def long_line_export(factory, words: int) -> tuple[int, int]:
    """(export size, mentions) for a capture whose one long line names an entity `words // 2` times."""
    line = " ".join(["Zanzibar"] * (words // 2) + ["harbour"] * (words - words // 2))
    factory.source("long", f"The harbour of Zanzibar at dawn.\n{line}\n")
    factory.entities([{"id": "zanzibar", "name": "Zanzibar", "kind": "place", "description": "An island.",
                       "aliases": ["Zanzibar"]}])
    factory.topic("harbour", match={"terms": ["harbour"], "anchors": ["zanzibar"]})
    site = build(factory.root)
    data = json.loads(site.files["data/dossier.json"])
    return len(site.files["data/dossier.json"]), len(data["entities"][0]["mentions"])


def test_export_of_a_long_line_naming_an_entity_thousands_of_times_is_bounded(factory, tmp_path):
    """Before: every mention copied its paragraph (6,000 mentions x 80 KB = 480 MB)."""
    words = MAX_LINE_CHARS // 9 * 1  # ~11,000 words, a line just under the limit
    size, mentions = long_line_export(factory, words)
    assert mentions == words // 2 + 1
    line_chars = words * 8.5
    # The line appears once as a paragraph and once as the topic's passage; each mention
    # adds a small constant (ids, the word, its span).
    assert size < 2 * line_chars + 200 * mentions, (size, mentions)
    half, half_mentions = long_line_export(type(factory)(tmp_path / "half"), words // 2)
    assert 1.8 < size / half < 2.2  # linear in the size of the line


def html_source(factory, html: bytes, extracted: bytes) -> Path:
    """A source whose capture is a page's HTML with its extracted reading text."""
    folder = factory.root / "sources" / "page"
    factory.write("sources/page/capture.html", html)
    factory.write("sources/page/capture.extracted.txt", extracted)
    meta = factory.meta("page", html, "capture.html")
    meta["capture"].update(media_type="text/html", extracted={
        "file": "capture.extracted.txt", "sha256": sha256(extracted), "extractor": "a test"})
    factory.write("sources/page/source.yml", dump(meta))
    return folder


def test_a_page_over_its_size_limit_is_refused(factory, monkeypatch):
    monkeypatch.setattr("build_scripts.load.sources.MAX_ARCHIVE_BYTES", 2_000_000)
    html = b"<html><body><p>" + b"The harbour board meets on Tuesday. " * 60_000 + b"</p></body></html>"
    folder = html_source(factory, html, CAPTURE.encode())
    assert problems_of(factory.root) == [(str(folder / "capture.html"), 1, (
        f"the capture is {len(html):,} bytes, over the limit of 2,000,000 bytes (2 MB) for a page or an "
        "archive; split the page into several captures (one source each)"))]


def test_an_extracted_text_over_the_size_limit_is_refused(factory, monkeypatch):
    monkeypatch.setattr("build_scripts.load.sources.MAX_CAPTURE_BYTES", 1_000_000)
    extracted = CAPTURE.encode() * 20_000
    folder = html_source(factory, b"<html><body><p>The harbour board.</p></body></html>", extracted)
    assert problems_of(factory.root) == [(str(folder / "capture.extracted.txt"), 1, (
        f"the extracted text is {len(extracted):,} bytes, over the limit of 1,000,000 bytes (1 MB) for a "
        "capture; split the page into several captures (one source each)"))]


def test_an_extracted_text_linked_outside_is_refused(factory, outside):
    folder = html_source(factory, b"<html><body><p>The harbour board.</p></body></html>", outside.read_bytes())
    (folder / "capture.extracted.txt").unlink()
    (folder / "capture.extracted.txt").symlink_to(outside)
    assert problems_of(factory.root) == [(str(folder / "capture.extracted.txt"), 1, LINK)]
