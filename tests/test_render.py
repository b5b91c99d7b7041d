"""Rendering on dossiers the seeds do not resemble: many sources, untitled sources, empty topics."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.models import Span
from build_scripts.pipeline import build
from build_scripts.render.names import in_paragraphs
from build_scripts.render.xref import GRID_MAX

from .conftest import ROOT


def header_cells(page: str, after: str) -> list[str]:
    """The header cells of the first table after `after` (tables are raw HTML blocks)."""
    table = page.split(after, 1)[1]
    return re.findall(r"<th[^>]*>(.*?)</th>", table.split("</thead>", 1)[0])


def html_rows(section: str) -> list[list[str]]:
    """The cells (inner HTML) of each body row of the tables in `section`."""
    return [re.findall(r"<td[^>]*>(.*?)</td>", line) for line in section.splitlines() if re.match(r"<tr[^>]*><td", line)]


def test_xref_is_a_grid_for_few_sources(factory):
    for i in range(3):
        factory.source(f"s{i}", f"Ships in the Red Sea, report {i}.\n")
    factory.entities([{"id": "red-sea", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("shipping", match={"terms": ["ships"], "anchors": ["red-sea"]})
    page = build(factory.root).files["xref/index.md"].decode()
    assert "The index is cut into" not in page  # one page: its filter boxes see every row
    cells = header_cells(page, "### Places")
    assert cells[:2] == ["Entity", "Total"]
    names = [re.fullmatch(r'<abbr class="dossier-abbr" title="([^"]*)" aria-hidden="true">([^<]*)</abbr>'
                          r'<span class="dossier-sr">([^<]*)</span>', c).groups() for c in cells[2:]]
    full = [f"Test source s{i}; outlet unknown, date unknown; source s{i}" for i in range(3)]
    shown = [f"Test source s{i} (s{i})" for i in range(3)]  # a raw HTML table: nothing Markdown-escaped
    assert names == [(full[i], shown[i], full[i]) for i in range(3)]


def test_xref_columns_are_ordered_by_date_then_outlet_then_id(factory):
    def dated(day):
        return {"value": f"2024-01-0{day}", "basis": "test"} if day else {"unknown": "test"}

    def outlet(name):
        return {"value": name, "basis": "test"} if name else {"unknown": "test"}

    # id: (published day, outlet); the expected order: day 1 (Alpha, Beta, unknown), day 2, undated.
    for sid, (day, name) in {"a": (2, "Alpha"), "b": (1, None), "c": (1, "Beta"), "d": (None, "Alpha"),
                             "e": (1, "Alpha"), "f": (1, "Alpha")}.items():
        factory.source(sid, "Ships in the Red Sea.\n", published=dated(day), outlet=outlet(name))
    factory.entities([{"id": "red-sea", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("shipping", match={"terms": ["ships"], "terms_alone": True})
    page = build(factory.root).files["xref/index.md"].decode()
    ids = [re.search(r"source (\w+)</span>$", c).group(1) for c in header_cells(page, "### Places")[2:]]
    assert ids == ["e", "f", "c", "b", "a", "d"]
    assert "Columns are sources ordered by date of publication, then outlet, then id" in page


def test_xref_lists_only_occurring_sources_past_the_grid_size(factory):
    count = GRID_MAX * 3
    for i in range(count):
        text = "Ships in the Red Sea were stopped.\n" if i % 10 == 0 else "Nothing to report today.\n"
        factory.source(f"s{i:03d}", text)
    factory.entities([{"id": "red-sea", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("shipping", match={"terms": ["ships"], "anchors": ["red-sea"]})
    page = build(factory.root).files["xref/index.md"].decode()
    assert header_cells(page, "### Places") == ["Entity", "Total", "Sources (count)"]
    row = next(r for r in html_rows(page) if r[0] == '<a href="../entities/red-sea/">Red Sea</a>')
    assert re.findall(r"<code>(s\d+)</code>", row[2]) == ["s000", "s010", "s020", "s030"]
    assert f"With {count} sources, each row lists the sources it occurs in" in page


def test_untitled_source_page_says_so(factory):
    factory.source("u", "A paragraph without a headline.\n",
                   title={"unknown": "The capture starts with the body."}, label="Editor's name for it")
    page = build(factory.root).files["sources/u/index.md"].decode()
    assert "# Editor's name for it" in page
    assert "*The capture gives no title: the heading is the editor’s label (see Title below).*" in page
    assert "The capture starts with the body." in page  # the reason, in the provenance table (raw HTML)
    assert "Nothing was removed, folded or split" in page
    assert '<span id="L1" class="dossier-line" data-n="1">A paragraph without a headline.</span>' in page


def test_empty_topic_and_unmentioned_entity_pages(factory):
    factory.source("a", "Nothing about floods here.\n")
    factory.entities([{"id": "x", "name": "Nobody", "kind": "person", "description": "Unseen."}])
    factory.topic("volcano", match={"entities": ["x"], "terms": ["volcano*"]})
    site = build(factory.root)
    assert "*No source has a passage on this topic yet.*" in site.files["topics/volcano/index.md"].decode()
    assert "No source names this entity yet." in site.files["entities/x/index.md"].decode()
    assert [p.message.split(":")[0] for p in site.problems] == ["topic 'volcano' has no passages"]


def test_cited_in_lists_topics_and_entities_per_paragraph(factory):
    factory.source("a", "The Galaxy Leader was seized.\nA quiet day elsewhere.\nThe Galaxy Leader crew is held.\n")
    factory.entities([{"id": "gl", "name": "Galaxy Leader", "kind": "vessel", "description": "A ship."}])
    factory.topic("seizure", match={"entities": ["gl"], "terms": ["seiz*"]})
    page = build(factory.root).files["sources/a/index.md"].decode()
    cited = page.split("## Cited in", 1)[1].split("## Normalisation log", 1)[0]
    assert '<!-- dossier-raw -->\n<details class="dossier-more" id="cited-in">' in cited  # finished HTML
    assert "<summary>Paragraphs quoted or naming an entity: 2</summary>" in cited
    assert html_rows(cited) == [
        ['<a href="#p1" title="line 1 of the capture">1</a>', '<a href="../../topics/seizure/#a-p1">Topic seizure</a>',
         '<a href="../../entities/gl/">Galaxy Leader</a>'],
        ['<a href="#p3" title="line 3 of the capture">3</a>', '<a href="../../topics/seizure/#a-p3">Topic seizure</a>',
         '<a href="../../entities/gl/">Galaxy Leader</a>'],
    ]


BULLETIN = """Storm News / Weather / Coast
Storm closes the harbour
The harbour of Port Vell was closed on Monday as the storm reached the coast.
READ ALSO: Ferries cancelled for a second day
Harbour master Ana Ruiz said the Port Vell quays would reopen on Wednesday.
"""


@pytest.fixture
def bulletin(factory):
    factory.source("storm", BULLETIN, published={"value": "2024-02-05", "quote": "on Monday", "note": "A guess-free test."},
                   outlet={"value": "Storm News", "quote": "Storm News"})
    factory.source("calm", "Calm returns\nThe wind dropped over Port Vell on Thursday.\n")
    factory.entities([
        {"id": "port-vell", "name": "Port Vell", "kind": "place", "description": "A harbour."},
        {"id": "ana-ruiz", "name": "Ana Ruiz", "kind": "person", "description": "Harbour master.",
         "aliases": ["Ruiz", "Harbour master Ana Ruiz"]},
    ])
    factory.topic("storm", title="The storm", match={"terms": ["storm*", "harbour"], "anchors": ["port-vell"], "window": 1}, related=["calm"])
    factory.topic("calm", title="After the storm", match={"terms": ["calm*", "wind"], "anchors": ["port-vell"], "window": 1})
    return build(factory.root)


def test_sources_index_row(bulletin):
    page = bulletin.files["sources/index.md"].decode()
    rows = html_rows(page)
    assert rows[0] == ["<code>storm</code>", '<a href="storm/">Test source storm</a>', "Storm News", "2024-02-05",
                       "1", "3", "4/8"]
    assert rows[1][0] == "<code>calm</code>"  # dated sources first


def test_normalisation_log_rows_on_the_source_page(bulletin):
    page = bulletin.files["sources/storm/index.md"].decode()
    log = page.split("## Normalisation log", 1)[1].split("## Original capture", 1)[0]
    assert html_rows(log) == [
        ['<a href="#L1">1</a>', "Removed", "“Storm News / Weather / Coast”",
         "Page furniture: The page&#x27;s breadcrumb of site sections (rule “breadcrumb”)."],
        ['<a href="#L4">4</a>', "Removed", "“READ ALSO: Ferries cancelled for a second day”",
         "Page furniture: A link to another article of the site (&quot;READ ALSO&quot;, &quot;Read more&quot;) "
         "(rule “read-also”)."],
    ]
    assert ["<strong>Published</strong>", "2024-02-05",
            'The capture says “on Monday” (<a href="#L3">line 3</a>) <em>Note:</em> A guess-free test.'] in html_rows(page)


def test_entity_page_sections(bulletin):
    page = bulletin.files["entities/ana-ruiz/index.md"].decode()
    rows = html_rows(page)
    assert ["“Harbour master Ana Ruiz”", "1"] in rows
    assert "Registered but not seen in any source: “Ana Ruiz”, “Ruiz”." in page
    assert '<h3 id="in-storm"><a href="../../sources/storm/">Test source storm</a></h3>' in page
    assert ['<a href="../../sources/storm/#p5">3</a>',
            '<mark class="dossier-mention">Harbour master Ana Ruiz</mark> said the Port Vell quays would reopen '
            "on Wednesday."] in rows
    # The row's id names the source and the paragraph: search results say which paragraph matched.
    assert '<tr id="in-storm.p5"><td><a href="../../sources/storm/#p5">3</a></td>' in page
    assert ['<a href="../port-vell/">Port Vell</a>', "1"] in html_rows(page.split("## Appears with", 1)[1])
    assert "- [The storm](../../topics/storm/index.md): named in 1 passage it quotes" in page


def test_topic_page_coverage_passages_and_related(bulletin):
    page = bulletin.files["topics/storm/index.md"].decode()
    coverage = page.split("## Coverage", 1)[1].split("## Passages", 1)[0]
    assert html_rows(coverage) == [['<a href="../../sources/storm/">Test source storm</a>', "Storm News", "2024-02-05",
                                    "1 of 1", '<a href="#from-storm">3</a>']]
    assert ('<blockquote class="dossier-quote" id="storm-p3" cite="../../sources/storm/#p3"><p>The '
            '<mark class="dossier-hit">harbour</mark> of Port Vell was closed on Monday as the '
            '<mark class="dossier-hit">storm</mark> reached the coast.</p>') in page
    assert "- [After the storm](../calm/index.md)" in page.split("## Related topics", 1)[1]
    assert ['<a href="../../entities/port-vell/">Port Vell</a>', "2"] in html_rows(page)


def test_export_of_a_new_dossier_is_verbatim(bulletin):
    data = json.loads(bulletin.files["data/dossier.json"])
    paragraphs = {(s["id"], p["id"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    items = [p for t in data["topics"] for p in t["passages"]]
    assert len(items) >= 5 and all("text" not in item and (item["source"], item["paragraph"]) in paragraphs
                                   for item in items)
    mentions = [m for e in data["entities"] for m in e["mentions"]]
    assert len(mentions) >= 4 and all(m["text"] == paragraphs[(m["source"], m["paragraph"])][m["start"]:m["end"]]
                                     == m["surface"] for m in mentions)
    schema = json.loads((ROOT / "docs" / "data" / "dossier.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_alias_rows_group_spellings_of_one_alias(factory):
    factory.source("a", "Khamenei’s speech was long. Khamenei's aides agreed. Khamenei left.\n"
                        "The Leader spoke. Later the Leader left.\n")
    factory.entities([{"id": "k", "name": "Khamenei", "kind": "person", "description": "x",
                       "aliases": ["the Leader"]}])
    page = build(factory.root).files["entities/k/index.md"].decode()
    rows = html_rows(page.split("## Aliases seen", 1)[1].split("##", 1)[0])
    assert rows == [["“Khamenei”, “Khamenei&#x27;s”, “Khamenei’s”", "3"], ["“The Leader”, “the Leader”", "2"]]


def test_snippets_end_at_word_boundaries():
    from build_scripts.render.entity_page import snippet
    text = ("Officials in the southern port city confirmed on Sunday evening that negotiations continued "
            "while the Galaxy Leader remained anchored offshore, guarded by armed fighters aboard small boats nearby.")
    start = text.index("Galaxy Leader")
    out = snippet(text, start, start + len("Galaxy Leader"))
    assert out == ("…on Sunday evening that negotiations continued while the "
                   '<mark class="dossier-mention">Galaxy Leader</mark> remained anchored offshore, guarded by armed fighters…')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(["p1", "p2", "p3"])), max_size=4), max_size=12),
       st.sets(st.tuples(st.sampled_from("abcd"), st.sampled_from(["p1", "p2", "p4"]))))
def test_in_paragraphs_finds_what_a_scan_of_every_item_finds(places, paragraphs):
    """A topic page's figures, quotations and dates are looked up by paragraph (names.in_paragraphs),
    not found by scanning every item of the dossier for each topic: the same items, in their order."""
    items = tuple(tuple(Span(s, p, 0, 1) for s, p in spans) for spans in places)
    scanned = [item for item in items if any((span.source, span.paragraph) in paragraphs for span in item)]
    assert in_paragraphs("test-items", items, lambda item: item, paragraphs) == scanned
    again = tuple(reversed(items))  # another build's items: the index is made again
    assert in_paragraphs("test-items", again, lambda item: item, paragraphs) == scanned[::-1]
