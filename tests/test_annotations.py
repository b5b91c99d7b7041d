"""Annotations: loading (errors by file and line), anchoring (exact, context, approximate,
orphan, ambiguous) and rendering, on small dossiers that are not the seeds."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from build_scripts.analysis.anchoring import ReadingText, fold, locate
from build_scripts.load import load
from build_scripts.pipeline import build
from build_scripts.problems import DossierInvalid, Severity

from .conftest import DossierFactory, dump

CAPTURE = (
    "Harbour report\n"
    "The ship carried 25 crew members, officials said on Monday.\n"
    "Later a second ship carried 25 crew members, the navy said.\n"
    "The minister called it “a grave incident on a global level” in a statement.\n"
    "Fishermen say the storm destroyed forty boats along the northern coast last week.\n"
)


def add_annotation(factory: DossierFactory, ident: str, source: str, exact: str, **fields) -> Path:
    data = {"id": ident, "source": source, "exact": exact, "note": "A note.", "motivation": "commenting",
            "author": "A test", "date": "2026-11-23"} | fields
    return factory.write(f"annotations/{ident}.yml", dump(data))


@pytest.fixture
def harbour(factory: DossierFactory) -> DossierFactory:
    factory.source("h1", CAPTURE)
    return factory


def reading() -> ReadingText:
    lines = CAPTURE.strip().split("\n")
    return ReadingText("h1", [(f"p{n}", text) for n, text in enumerate(lines, start=1)])


def anchors_of(root: Path):
    site = build(root)
    return {a.annotation.id: a for a in site.analysis.anchors}, site


def messages(problems) -> list[str]:
    return [p.message for p in problems]


# --------------------------------------------------------------------------- anchoring


def test_exact_quote_anchors_in_its_paragraph():
    found = locate(reading(), "officials said on Monday")
    assert found.status == "exact" and found.score == 1.0
    [span] = found.spans
    assert (span.paragraph, span.start, span.end) == ("p2", 34, 58)


def test_repeated_quote_told_apart_by_prefix_or_suffix():
    assert locate(reading(), "carried 25 crew members").status == "ambiguous"
    by_prefix = locate(reading(), "carried 25 crew members", prefix="a second ship ")
    by_suffix = locate(reading(), "carried 25 crew members", suffix=", officials said")
    assert by_prefix.status == by_suffix.status == "context"
    assert by_prefix.spans[0].paragraph == "p3" and by_suffix.spans[0].paragraph == "p2"
    # context read across paragraphs: the end of p2 tells apart the start of p3
    assert locate(reading(), "carried 25 crew members", prefix="ship ", suffix=", the navy").spans[0].paragraph == "p3"


def test_small_edit_in_the_context_still_tells_repeats_apart():
    # the editor's prefix was taken before the text changed: "a second ship" became "a second vessel"
    found = locate(reading(), "carried 25 crew members", prefix="Later a second vessel ")
    assert found.status == "context" and found.spans[0].paragraph == "p3"
    # and a unique quote is found exactly whatever its prefix and suffix now say
    assert locate(reading(), "officials said", prefix="nothing like this", suffix="nor this").status == "exact"


def test_whitespace_and_typographic_quotes_anchor_approximately():
    found = locate(reading(), 'called it  "a grave incident on a global level"')
    assert found.status == "approximate"
    words = reading().words(found.spans[0])
    assert words == "called it “a grave incident on a global level”"
    assert 0.85 < found.score < 1.0


def test_small_edit_near_the_quote_anchors_approximately():
    found = locate(reading(), "the storm destroyed fourty boats along the north coast")
    assert found.status == "approximate"
    assert reading().words(found.spans[0]) == "the storm destroyed forty boats along the northern coast"
    assert found.score == pytest.approx(0.95, abs=0.03)


def test_deleted_quote_is_an_orphan_with_the_closest_passage():
    found = locate(reading(), "the port authority denied any incident")
    assert found.status == "orphan"
    assert found.spans and found.score < 0.85


def test_empty_and_overlong_quotes_are_orphans():
    assert locate(reading(), "   ").status == "orphan"
    long_quote = CAPTURE.replace("\n", " ") * 3
    found = locate(reading(), long_quote)
    assert found.status == "orphan" and found.score < 0.5


def test_non_latin_scripts_and_emoji_count_code_points():
    r = ReadingText("x", [("p1", "Пролог 👩🏽‍🚀 «Фаттах-2» 🚀 ещё"), ("p2", "نص عربي 🚀 هنا")])
    found = locate(r, "«Фаттах-2» 🚀")
    assert found.status == "exact"
    assert found.spans[0].start == len("Пролог 👩🏽‍🚀 ") == 12
    assert r.position(locate(r, "🚀 هنا").spans[0]) == (len(r.paragraphs[0][1]) + 2 + 8, len(r.paragraphs[0][1]) + 2 + 13)


def test_fold_maps_every_character_back():
    text = "a\u00a0\u00a0“b”—c…"
    folded, index = fold(text)
    assert folded == 'a "b"-c...'
    assert len(index) == len(folded) + 1 and index[-1] == len(text)


# --------------------------------------------------------------------------- in the pipeline


def test_annotations_anchor_in_the_built_dossier(harbour):
    add_annotation(harbour, "one", "h1", "officials said on Monday")
    add_annotation(harbour, "two", "h1", "carried 25 crew members", prefix="Later a second ship ")
    anchors, site = anchors_of(harbour.root)
    assert anchors["one"].status == "exact" and anchors["two"].status == "context"
    assert anchors["two"].span.paragraph == "p3"
    assert not [p for p in site.problems if "annotation" in p.message]


def test_ambiguous_quote_is_an_error_asking_for_prefix_or_suffix(harbour):
    path = add_annotation(harbour, "amb", "h1", "carried 25 crew members")
    with pytest.raises(DossierInvalid) as exc:
        build(harbour.root)
    [problem] = exc.value.problems
    assert (problem.path, problem.line, problem.severity) == (str(path), 3, Severity.ERROR)
    assert problem.message == (
        "annotation 'amb': the quote occurs 2 times in source h1 (p2, p3) and its prefix and suffix do not say "
        "which is meant; add `prefix:` (the words just before) or `suffix:` (the words just after) of the one "
        "you mean")


def test_approximate_anchor_is_a_warning_for_review(harbour):
    add_annotation(harbour, "moved", "h1", "the storm destroyed fourty boats along the north coast")
    anchors, site = anchors_of(harbour.root)
    [problem] = [p for p in site.problems if "annotation" in p.message]
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "annotation 'moved': the quote matches p5 only approximately (similarity 0.96): the reading text has "
        "“the storm destroyed forty boats along the northern coast”; check that the note still applies and copy "
        "these words into `exact`")
    assert anchors["moved"].review


def test_orphan_is_a_warning_and_is_listed_on_the_pages(harbour):
    add_annotation(harbour, "gone", "h1", "the port authority denied any incident", note="Orphaned note.")
    anchors, site = anchors_of(harbour.root)
    [problem] = [p for p in site.problems if "annotation" in p.message]
    assert problem.severity is Severity.WARNING
    assert re.fullmatch(
        r"annotation 'gone': the quote is not in source h1's reading text \(orphan\): the closest passage is p\d "
        r"“[^”]+” \(similarity 0\.\d\d\); copy the words exactly from the source page into `exact`, or remove "
        r"the annotation", problem.message)
    assert anchors["gone"].status == "orphan" and anchors["gone"].span is None
    index = site.files["annotations/index.md"].decode()
    assert "## To review" in index and "| [gone](#ann-gone) | orphan |" in index
    page = site.files["sources/h1/index.md"].decode()
    assert "## Notes that lost their words" in page and "Orphaned note." in page


# --------------------------------------------------------------------------- loading


def test_empty_quote_is_refused_with_its_line(harbour):
    path = add_annotation(harbour, "empty", "h1", "  ")
    _, problems = load(harbour.root)
    assert [(p.path, p.line, p.message) for p in problems] == [
        (str(path), 3, "exact: the quote is empty; copy the words of the source that the note is about")]


def test_bad_annotation_files_are_reported_by_file_and_line(harbour):
    a = add_annotation(harbour, "a", "nope", "officials",
                       links={"entities": ["ghost"], "annotations": ["b", "missing"]})
    b = harbour.write("annotations/b.yml", "id: b\nsource: h1\nexact: x\nnote: n\nmotivation: praising\n"
                                           "author: me\ndate: 23/11/2026\ncolour: red\n")
    c = add_annotation(harbour, "other-name", "h1", "officials")
    harbour.write("annotations/c.yml", c.read_text("utf-8"))
    c.unlink()
    _, problems = load(harbour.root)
    got = sorted((Path(p.path).name, p.line, p.message) for p in problems)
    assert got == sorted([
        ("a.yml", 2, "source: there is no source 'nope'; give the id of a folder in sources/"),
        ("a.yml", 10, "links.entities[0]: there is no entity 'ghost'; correct the id or remove the link"),
        ("a.yml", 13, "links.annotations[1]: there is no annotation 'missing'; correct the id or remove the link"),
        ("b.yml", 5, "motivation: Input should be 'commenting', 'questioning', 'disputing', 'tagging' or 'linking'"),
        ("b.yml", 7, "date: '23/11/2026' is not an ISO date; write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MMZ)"),
        ("b.yml", 8, "colour: unknown key; allowed keys here: id, source, exact, prefix, suffix, note, motivation, "
                     "author, date, links, imported_from"),
        ("c.yml", 1, "id: 'other-name' differs from the file name 'c.yml'; name the file other-name.yml or change "
                     "the id"),
    ]), [str(a), str(b)]


# --------------------------------------------------------------------------- rendering


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


HOSTILE = ('<script>alert(1)</script> **bold** [x](javascript:alert(1)) " onmouseover="x" {: #id } '
           "&amp; <!-- c --> </aside></p>")


def test_hostile_note_is_shown_literally_and_the_passage_is_described(harbour):
    harbour.topic("ships", match={"terms": ["ship"], "terms_alone": True})
    add_annotation(harbour, "evil", "h1", "officials said on Monday", note=HOSTILE, author="<b>me</b>",
                   motivation="disputing")
    site = build(harbour.root)
    for page in ("sources/h1/index.md", "topics/ships/index.md"):
        html = markdown.markdown(site.files[page].decode(), extensions=["attr_list", "tables", "toc"])
        parsed = _Tags()
        parsed.feed(html)
        names = [t for t, _ in parsed.tags]
        assert "script" not in names and "b" not in names and "img" not in names
        assert not any("onmouseover" in attrs for _, attrs in parsed.tags)
        text = "".join(parsed.text)
        assert HOSTILE in text and "<b>me</b>" in text
        [mark] = [a for t, a in parsed.tags if t == "mark" and "dossier-annotated" in a["class"]]
        assert mark["aria-describedby"] == "note-evil-text" and mark["tabindex"] == "0" and mark["id"] == "mark-evil"
        [aside] = [a for t, a in parsed.tags if t == "aside"]
        assert aside["id"] == "note-evil" and {"id": "note-evil-text"} in [a for t, a in parsed.tags if t == "div"]
        assert "officials said on Monday" in text


def test_annotations_index_lists_by_motivation_source_and_topic(harbour):
    harbour.topic("ships", match={"terms": ["ship"], "terms_alone": True})
    add_annotation(harbour, "q1", "h1", "officials said on Monday", motivation="questioning")
    add_annotation(harbour, "d1", "h1", "forty boats", motivation="disputing", links={"topics": ["ships"]})
    index = build(harbour.root).files["annotations/index.md"].decode()
    assert "### Questions (1)" in index and "### Disputed (1)" in index
    assert "Every annotation is anchored to its words exactly." in index
    by_source = index.split("## By source")[1].split("## By topic")[0]
    assert "[d1](#ann-d1), [q1](#ann-q1)" in by_source
    by_topic = index.split("## By topic")[1].split("## All annotations")[0]
    assert "Topic ships" in by_topic and "[d1](#ann-d1)" in by_topic and "[q1](#ann-q1)" in by_topic


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "hr", "img", "meta", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(tag)


def test_overlapping_annotations_nest_in_well_formed_html(harbour):
    add_annotation(harbour, "outer", "h1", "The ship carried 25 crew members")
    add_annotation(harbour, "inner", "h1", "25 crew members, officials said", prefix="carried ")
    page = build(harbour.root).files["sources/h1/index.md"].decode()
    [line] = [x for x in page.split("\n") if x.startswith('<p id="p2"')]
    checker = _Balance()
    checker.feed(line)
    assert checker.bad == [] and checker.stack == []
    assert line.count('tabindex="0"') == 2 and 'id="mark-outer"' in line and 'id="mark-inner"' in line
    assert page.index('id="note-outer"') < page.index('id="note-inner"') < page.index('id="p3"')
