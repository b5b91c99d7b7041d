"""Rendering on dossiers the seeds do not resemble: many sources, untitled sources, empty topics."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from build_scripts.pipeline import build
from build_scripts.render.xref import GRID_MAX

from .conftest import ROOT


def header_cells(page: str, after: str) -> list[str]:
    table = page.split(after, 1)[1]
    header = next(line for line in table.splitlines() if line.startswith("| "))
    return [c.strip() for c in header.strip("|").split("|")]


def test_xref_is_a_grid_for_few_sources(factory):
    for i in range(3):
        factory.source(f"s{i}", f"Ships in the Red Sea, report {i}.\n")
    factory.entities([{"id": "red-sea", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("shipping", match={"terms": ["ships"]})
    page = build(factory.root).files["xref/index.md"].decode()
    assert header_cells(page, "### Places") == ["Entity", "Total", "`s0`", "`s1`", "`s2`"]


def test_xref_lists_only_occurring_sources_past_the_grid_size(factory):
    count = GRID_MAX * 3
    for i in range(count):
        text = "Ships in the Red Sea were stopped.\n" if i % 10 == 0 else "Nothing to report today.\n"
        factory.source(f"s{i:03d}", text)
    factory.entities([{"id": "red-sea", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("shipping", match={"terms": ["ships"]})
    page = build(factory.root).files["xref/index.md"].decode()
    assert header_cells(page, "### Places") == ["Entity", "Total", "Sources (count)"]
    row = next(line for line in page.splitlines() if line.startswith("| [Red Sea]"))
    assert re.findall(r"`(s\d+)`", row) == ["s000", "s010", "s020", "s030"]
    assert f"With {count} sources, each row lists the sources it occurs in" in page


def test_untitled_source_page_says_so(factory):
    factory.source("u", "A paragraph without a headline.\n",
                   title={"unknown": "The capture starts with the body."}, label="Editor's name for it")
    page = build(factory.root).files["sources/u/index.md"].decode()
    assert "# Editor's name for it" in page
    assert "*The capture gives no title (The capture starts with the body\\.); the heading is the editor’s label.*" in page
    assert "Nothing was removed, folded or split" in page
    assert '<span id="L1" class="dossier-line" data-n="1">A paragraph without a headline.</span>' in page


def test_empty_topic_and_unmentioned_entity_pages(factory):
    factory.source("a", "Nothing about floods here.\n")
    factory.entities([{"id": "x", "name": "Nobody", "kind": "person", "description": "Unseen."}])
    factory.topic("volcano", match={"terms": ["volcano*"]})
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
    rows = [line for line in cited.splitlines() if line.startswith("| [p")]
    assert rows == [
        "| [p1](#p1) | [Topic seizure](../../topics/seizure/index.md#a-p1) | [Galaxy Leader](../../entities/gl/index.md) |",
        "| [p3](#p3) | [Topic seizure](../../topics/seizure/index.md#a-p3) | [Galaxy Leader](../../entities/gl/index.md) |",
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
    factory.topic("storm", title="The storm", match={"terms": ["storm*", "harbour"]}, related=["calm"])
    factory.topic("calm", title="After the storm", match={"terms": ["calm*", "wind"]})
    return build(factory.root)


def test_sources_index_row(bulletin):
    page = bulletin.files["sources/index.md"].decode()
    row = next(line for line in page.splitlines() if line.startswith("| `storm`"))
    assert row == "| `storm` | [Test source storm](storm/index.md) | Storm News | 2024\\-02\\-05 | 1 | 3 | 4/8 |"
    assert page.index("| `storm`") < page.index("| `calm`")  # dated sources first


def test_normalisation_log_rows_on_the_source_page(bulletin):
    page = bulletin.files["sources/storm/index.md"].decode()
    log = page.split("## Normalisation log", 1)[1].split("## Original capture", 1)[0]
    rows = [line for line in log.splitlines() if line.startswith("| [")]
    assert rows == [
        "| [1](#L1) | Removed | “Storm News / Weather / Coast” | The page's breadcrumb of site sections (rule `breadcrumb`) |",
        "| [4](#L4) | Removed | “READ ALSO: Ferries cancelled for a second day” | A link to another article of the "
        "site \\(\"READ ALSO\", \"Read more\"\\) (rule `read-also`) |",
    ]
    assert "| **Published** | 2024\\-02\\-05 | The capture says “on Monday” ([line 3](#L3)) *Note:* A guess\\-free test\\. |" in page


def test_entity_page_sections(bulletin):
    page = bulletin.files["entities/ana-ruiz/index.md"].decode()
    assert "| “Harbour master Ana Ruiz” | 1 |" in page
    assert "Registered but not seen in any source: “Ana Ruiz”, “Ruiz”." in page
    assert "### [Test source storm](../../sources/storm/index.md) { #in-storm }" in page
    assert "| [p5](../../sources/storm/index.md#p5) | **Harbour master Ana Ruiz** said the Port Vell quays" in page
    assert "| [Port Vell](../port-vell/index.md) | 1 |" in page.split("## Appears with", 1)[1]
    assert "- [The storm](../../topics/storm/index.md): named in 1 passage it quotes" in page


def test_topic_page_coverage_passages_and_related(bulletin):
    page = bulletin.files["topics/storm/index.md"].decode()
    coverage = page.split("## Coverage", 1)[1].split("## Passages", 1)[0]
    assert "| [Test source storm](../../sources/storm/index.md) | Storm News | 2024\\-02\\-05 | 1 of 1 | [3](#from-storm) |" in coverage
    assert '<blockquote class="dossier-quote" id="storm-p3" cite="../../sources/storm/#p3"><p>The harbour of Port Vell was closed' in page
    assert "- [After the storm](../calm/index.md)" in page.split("## Related topics", 1)[1]
    assert "| [Port Vell](../../entities/port-vell/index.md) | 2 |" in page


def test_export_of_a_new_dossier_is_verbatim(bulletin):
    data = json.loads(bulletin.files["data/dossier.json"])
    paragraphs = {(s["id"], p["id"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    items = [p for t in data["topics"] for p in t["passages"]] + [m for e in data["entities"] for m in e["mentions"]]
    assert len(items) > 5 and all("text" not in item and (item["source"], item["paragraph"]) in paragraphs
                                  for item in items)
    mentions = [m for e in data["entities"] for m in e["mentions"]]
    assert all(paragraphs[(m["source"], m["paragraph"])][m["start"]:m["end"]] == m["surface"] for m in mentions)
    schema = json.loads((ROOT / "docs" / "data" / "dossier.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
