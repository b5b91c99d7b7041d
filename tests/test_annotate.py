"""`annotate SOURCE WORDS --note ...` and `annotate import FILE` (W3C JSON-LD, Hypothesis API JSON)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.load import load
from build_scripts.pipeline import build

from .conftest import DossierFactory
from .test_annotations import CAPTURE, add_annotation

HOSTILE_NOTE = 'First line: "quoted" # not a comment\n\nSecond \u2028 line\t&amp; <b>x</b> \\ {{ y }} \u0085 👩🏽‍🚀'


@pytest.fixture
def harbour(factory: DossierFactory, monkeypatch) -> DossierFactory:
    factory.source("h1", CAPTURE)
    factory.source("h2", "Other paper\nThe minister called it a grave incident on a global level in parliament.\n",
                   url={"value": "https://example.org/news/minister", "basis": "Given by the test."})
    monkeypatch.chdir(factory.root.parent)
    return factory


def annotate(*args: str) -> int:
    return main(["annotate", *args, "--dossier", "dossier"])


def test_annotate_writes_a_new_file_with_prefix_and_suffix(harbour, capsys):
    assert annotate("h1", "officials said", "--note", "Which officials?", "--motivation", "questioning",
                    "--author", "Ed", "--link", "sources:h2") == 0
    assert capsys.readouterr().out == "dossier/annotations/h1-officials-said.yml: written\n"
    text = (harbour.root / "annotations" / "h1-officials-said.yml").read_text("utf-8")
    assert 'exact: "officials said"\nprefix: "ship carried 25 crew members, "\nsuffix: " on Monday.\\n\\nLater a second"\n' in text
    assert 'links:\n  sources: ["h2"]\n' in text
    [anchor] = build(harbour.root).analysis.anchors
    assert anchor.status == "exact" and anchor.span.paragraph == "p2"
    assert anchor.annotation.motivation == "questioning" and anchor.annotation.author == "Ed"


def test_annotate_refuses_words_not_in_the_source(harbour, capsys):
    assert annotate("h1", "officials said on Tuesday", "--note", "n") == 1
    assert capsys.readouterr().err == (
        "error: the words are not in source h1's reading text: the closest passage is p2 “officials said on Monday” "
        "(similarity 0.86); copy the words exactly from the source page\n")
    assert not (harbour.root / "annotations").exists()


def test_annotate_refuses_ambiguous_words(harbour, capsys):
    assert annotate("h1", "carried 25 crew members", "--note", "n") == 1
    assert capsys.readouterr().err == (
        "error: the words occur 2 times in source h1's reading text (p2, p3); quote more words, so that they "
        "occur once\n")


@pytest.mark.parametrize("args, message", [
    (["h1", "   ", "--note", "n"], "error: the words to annotate are empty; give the exact words of the source, in quotes\n"),
    (["h1", "officials"], 'error: give the note with --note "..."\n'),
    (["zz", "officials", "--note", "n"], "error: there is no source 'zz'; the sources are h1, h2\n"),
    (["h1", "officials", "--note", "n", "--link", "topics:none"], "error: --link 'topics:none': there is no such topic\n"),
    (["h1", "officials", "--note", "n", "--link", "people:x"],
     "error: --link 'people:x': write KIND:ID with KIND one of sources, entities, topics, annotations\n"),
])
def test_annotate_usage_errors(harbour, capsys, args, message):
    assert annotate(*args) == 2
    assert capsys.readouterr().err == message


def test_annotate_never_rewrites_a_file(harbour, capsys):
    assert annotate("h1", "officials said", "--note", "first", "--id", "mine") == 0
    before = (harbour.root / "annotations" / "mine.yml").read_bytes()
    assert annotate("h1", "on Monday", "--note", "second", "--id", "mine") == 1
    assert capsys.readouterr().err.endswith(
        "annotations/mine.yml already exists; an annotation file is never rewritten: choose another --id\n")
    assert (harbour.root / "annotations" / "mine.yml").read_bytes() == before
    assert annotate("h1", "officials said", "--note", "again") == 0
    assert annotate("h1", "officials said", "--note", "and again") == 0
    assert sorted(p.name for p in (harbour.root / "annotations").iterdir()) == [
        "h1-officials-said-2.yml", "h1-officials-said.yml", "mine.yml"]


def test_annotate_keeps_hostile_text_exactly(harbour):
    words = "“a grave incident on a global level”"
    assert annotate("h1", words, "--note", HOSTILE_NOTE, "--author", "<script>me</script>", "--id", "h") == 0
    dossier, problems = load(harbour.root)
    assert problems == []
    [note] = dossier.annotations
    assert (note.exact, note.note, note.author) == (words, HOSTILE_NOTE, "<script>me</script>")


# --------------------------------------------------------------------------- import

W3C_PAGE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://annotations.example/page1", "type": "AnnotationPage",
    "items": [
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a1", "type": "Annotation",
         "motivation": "assessing", "created": "2024-02-03T10:00:00Z",
         "creator": {"type": "Person", "name": "Reviewer One"},
         "body": {"type": "TextualBody", "value": "Which officials?", "format": "text/plain"},
         "target": {"source": "https://elsewhere.example/harbour",
                    "selector": {"type": "TextQuoteSelector", "exact": "officials said", "prefix": "members, "}}},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a2", "type": "Annotation",
         "bodyValue": "Typographic quotes differ.",
         "target": {"source": "https://elsewhere.example/harbour", "selector": [
             {"type": "TextQuoteSelector", "exact": 'called it "a grave incident on a global level" in a statement'}]}},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a3", "type": "Annotation",
         "bodyValue": "Gone.", "target": {"source": "https://elsewhere.example/harbour", "selector": {
             "type": "TextQuoteSelector", "exact": "the port authority denied any incident"}}},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a4", "type": "Annotation",
         "bodyValue": "About the page.", "target": "https://elsewhere.example/harbour"},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a5", "type": "Annotation",
         "motivation": "replying", "bodyValue": "I agree.", "target": "https://annotations.example/a1"},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example/a6", "type": "Annotation",
         "body": [{"type": "TextualBody", "value": "The minister's words.", "purpose": "commenting"},
                  {"type": "TextualBody", "value": "quotes", "purpose": "tagging"}],
         "target": {"source": "https://example.org/news/minister/", "selector": {
             "type": "TextQuoteSelector", "exact": "a grave incident on a global level"}}},
    ],
}

HYPOTHESIS = {
    "total": 3,
    "rows": [
        {"id": "Ab1_xYz", "created": "2023-11-20T08:00:00.000000+00:00", "user": "acct:alice@hypothes.is",
         "uri": "https://elsewhere.example/harbour", "text": "Forty? *Other reports* say thirty.",
         "tags": ["figures"], "links": {"html": "https://hypothes.is/a/Ab1_xYz"},
         "target": [{"source": "https://elsewhere.example/harbour", "selector": [
             {"type": "RangeSelector", "startContainer": "/div[1]/p[5]", "startOffset": 0,
              "endContainer": "/div[1]/p[5]", "endOffset": 30},
             {"type": "TextPositionSelector", "start": 310, "end": 340},
             {"type": "TextQuoteSelector", "exact": "destroyed forty boats", "prefix": "the storm ",
              "suffix": " along"}]}],
         "user_info": {"display_name": "Alice"}},
        {"id": "Rep1y", "user": "acct:bob@hypothes.is", "uri": "https://elsewhere.example/harbour",
         "text": "Agreed.", "references": ["Ab1_xYz"], "target": [{"source": "https://elsewhere.example/harbour"}]},
        {"id": "HiLite", "user": "acct:bob@hypothes.is", "uri": "https://elsewhere.example/harbour", "text": "",
         "tags": [], "target": [{"source": "https://elsewhere.example/harbour", "selector": [
             {"type": "TextQuoteSelector", "exact": "officials said"}]}]},
    ],
}


def import_json(tmp: Path, data: dict, capsys) -> tuple[int, list[str]]:
    path = tmp / "in.json"
    path.write_text(json.dumps(data), "utf-8")
    code = annotate("import", str(path))
    return code, capsys.readouterr().out.splitlines()


def test_import_w3c_annotation_page(harbour, capsys, tmp_path):
    code, lines = import_json(tmp_path, W3C_PAGE, capsys)
    assert code == 1  # some could not be anchored
    assert lines[0] == ("imported: https://annotations.example/a1 -> dossier/annotations/h1-officials-said.yml "
                        "(source h1, p2, exact)")
    assert lines[1].startswith("imported: https://annotations.example/a2 -> dossier/annotations/h1-called-it-a-grave")
    assert lines[1].endswith("(source h1, p4, approximately, similarity 0.97: review it); it has no creation date, "
                             "so it is dated today")
    assert lines[2] == ("imported: https://annotations.example/a6 -> dossier/annotations/h2-a-grave-incident-on-a-"
                        "global-level.yml (source h2, p2, exact); it has no creation date, so it is dated today")
    assert lines[3] == "skipped: https://annotations.example/a5: a reply to another annotation, not a note on words"
    assert lines[4].startswith("not anchored: https://annotations.example/a3: the words “the port authority denied "
                               "any incident” are not in the reading text of any source; the closest passage is ")
    assert lines[5] == ("not anchored: https://annotations.example/a4: it has no TextQuoteSelector (the quoted "
                        "words), so nothing tells where it belongs")
    assert lines[6] == "3 imported, 1 skipped, 2 not anchored"
    anchors = {a.annotation.imported_from: a for a in build(harbour.root).analysis.anchors}
    a1 = anchors["https://annotations.example/a1"]
    assert (a1.status, a1.annotation.motivation, a1.annotation.author, a1.annotation.date) == (
        "exact", "disputing", "Reviewer One", "2024-02-03")
    a2 = anchors["https://annotations.example/a2"]
    assert a2.status == "exact" and a2.annotation.exact == "called it “a grave incident on a global level” in a statement"
    assert anchors["https://annotations.example/a6"].annotation.note == "The minister's words.\n\nTags: quotes"
    # importing again writes nothing new
    code, lines = import_json(tmp_path, W3C_PAGE, capsys)
    assert "skipped: https://annotations.example/a1: already imported as h1-officials-said" in lines
    assert f"skipped: https://annotations.example/a2: already imported as {a2.annotation.id}" in lines
    assert lines[-1] == "0 imported, 4 skipped, 2 not anchored"


def test_import_hypothesis_search_result(harbour, capsys, tmp_path):
    code, lines = import_json(tmp_path, HYPOTHESIS, capsys)
    assert code == 0
    assert lines == [
        "imported: https://hypothes.is/a/Ab1_xYz -> dossier/annotations/h1-destroyed-forty-boats.yml (source h1, p5, exact)",
        "skipped: https://hypothes.is/a/Rep1y: a reply to another annotation, not a note on words",
        "skipped: https://hypothes.is/a/HiLite: it has no text and no tags (a highlight without a note)",
        "1 imported, 2 skipped, 0 not anchored",
    ]
    [anchor] = build(harbour.root).analysis.anchors
    note = anchor.annotation
    assert (note.note, note.author, note.date, note.motivation) == (
        "Forty? *Other reports* say thirty.\n\nTags: figures", "Alice", "2023-11-20", "commenting")


def test_export_then_import_round_trips(harbour, capsys, tmp_path):
    add_annotation(harbour, "one", "h1", "carried 25 crew members", prefix="Later a second ship ")
    add_annotation(harbour, "two", "h2", "in parliament", motivation="disputing")
    exported = json.loads(build(harbour.root).files["data/annotations.jsonld"])
    before = {a.annotation.id: a.span for a in build(harbour.root).analysis.anchors}
    shutil.rmtree(harbour.root / "annotations")
    (tmp_path / "export.jsonld").write_text(json.dumps(exported), "utf-8")
    assert annotate("import", str(tmp_path / "export.jsonld")) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 imported, 0 skipped, 0 not anchored"
    after = {a.annotation.imported_from.rsplit(":", 1)[1]: a for a in build(harbour.root).analysis.anchors}
    assert {k: a.span for k, a in after.items()} == before
    assert after["two"].annotation.motivation == "disputing" and after["two"].status == "exact"


def test_import_refuses_a_file_that_is_not_json(harbour, capsys, tmp_path):
    (tmp_path / "bad.json").write_text("<html>", "utf-8")
    assert annotate("import", str(tmp_path / "bad.json")) == 2
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'bad.json'} is not JSON text: ")
