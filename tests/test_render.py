"""Rendering on dossiers the seeds do not resemble: many sources, untitled sources, empty topics."""

from __future__ import annotations

import re

from build_scripts.pipeline import build
from build_scripts.render.xref import GRID_MAX


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
