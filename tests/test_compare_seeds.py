"""The comparisons on the fixture dossier (the five seeds), and the export's comparison keys:
every `text` verbatim from its source, on the fixture and on a dossier made by the test."""

from __future__ import annotations

import json

import pytest

from build_scripts.pipeline import build

from .conftest import FIXTURE


@pytest.fixture(scope="module")
def seed():
    return build(FIXTURE)


def text_of(site, span) -> str:
    return site.dossier.source(span.source).reading.paragraph(span.paragraph).text[span.start:span.end]


def test_capture_001_is_story_1_of_002_word_for_word(seed):
    links = {(l.source, l.story, l.other, l.other_story, l.identical, l.shared, l.total)
             for l in seed.analysis.compare.shared.links}
    assert links == {("001", "s1", "002", "s1", True, 8, 8), ("002", "s1", "001", "s1", True, 8, 8)}
    page = seed.files["topics/khamenei-cut-ties/index.md"].decode()
    assert "5 captures, 4 independent texts." in page


def test_khamenei_call_and_condemnation_are_grouped(seed):
    groups = [{(v.span.source, v.kind, text_of(seed, v.span)) for v in g.variants} for g in seed.analysis.compare.quotes]
    call = next(g for g in groups if any(t.startswith("Islamic governments should at least cut off") for _, _, t in g))
    assert {s for s, _, _ in call} == {"000", "003", "004"}
    assert ("003", "reported", "Islamic states to sever political ties with the Israeli regime for at least a limited period") in call
    assert ("004", "quoted", "The Muslim governments should cut their political relations with the Zionist regime at "
            "least for a limited period of time") in call
    condemned = next(g for g in groups if any(t.startswith("Some Islamic governments have condemned") for _, _, t in g))
    assert {s for s, _, _ in condemned} == {"000", "001", "002"}
    assert call != condemned


def test_galaxy_leader_crew_disagreement(seed):
    crew = next(q for q in seed.analysis.compare.quantities if q.id == "crew@galaxy-leader")
    assert crew.disagreement and crew.decided == "confirmed"
    assert [(f.span.source, f.value, f.attribution) for f in crew.figures] == [
        ("000", "25", "reportedly"), ("002", "52", "Arabic-language media outlets"), ("002", "25", "Israeli PM's office")]
    terrorists = [q for q in seed.analysis.compare.quantities if any(f.counted == "terrorists" for f in q.figures)]
    children = [q for q in seed.analysis.compare.quantities if any(f.counted == "children" for f in q.figures)]
    assert terrorists and children and not {q.id for q in terrorists} & {q.id for q in children}


def test_dates_resolved_only_where_the_publication_date_is_known(seed):
    found = {(e.span.source, text_of(seed, e.span)): e.date or e.unresolved for e in seed.analysis.compare.dates}
    assert found[("004", "Sunday")] == "2023-11-19"
    assert found[("004", "October 7")] == "2023-10-07"
    assert found[("000", "November 1")] == "the source's publication date is unknown"
    assert found[("002", "2021")] == "2021"
    assert found[("002", "March 2024")] == "2024-03"


def test_wording_page_counts_link_to_occurrences(seed):
    page = seed.files["wording/index.md"].decode()
    assert "| [004](../sources/004/index.md) | [7](#w-israel-004) | [5](#w-zionist-regime-004) |" in page
    assert "### “Zionist regime” in 004 { #w-zionist-regime-004 }" in page
    assert page.count('<mark class="dossier-hit">Zionist regime</mark>') >= 5


def _texts(data: dict):
    """Every (passage, sentence) of the comparison keys of the export."""
    for pair in data["shared_text"]:
        yield pair["a"], None
        yield pair["b"], None
    for group in data["quotes"]:
        yield from ((v, None) for v in group["variants"])
    for quantity in data["figures"]:
        yield from ((v, v["sentence"]) for v in quantity["values"])
    for event in data["timeline"]:
        yield from ((p, p["sentence"]) for p in event["passages"])
    for term in data["wording"]:
        yield from ((o, None) for o in term["occurrences"])


def assert_verbatim(data: dict) -> int:
    paragraphs = {(s["id"], p["id"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    count = 0
    for passage, sentence in _texts(data):
        text = paragraphs[(passage["source"], passage["paragraph"])]
        assert passage["text"] and text[passage["start"]:passage["end"]] == passage["text"], passage
        if sentence is not None:
            assert sentence in text and passage["text"] in sentence
        count += 1
    return count


def test_export_comparison_texts_are_verbatim(seed):
    data = json.loads(seed.files["data/dossier.json"])
    assert assert_verbatim(data) > 100
    assert {q["id"]: q["disagreement"] for q in data["figures"]}["crew@galaxy-leader"] is True
    assert any(e["date"] is None and e["unresolved"] for e in data["timeline"])


def test_export_and_pages_of_hostile_text(factory):
    hostile = "“<script>alert(1)</script> will *never* be [forgotten](javascript:x) on Sunday,” Doe said. 40 <b>ships</b> sank."
    factory.entities([{"id": "doe", "name": "Doe", "kind": "person", "description": "A person."}])
    factory.write("lexicons/wording.yml", "terms:\n  - term: <b>ships</b>\n")
    factory.source("a", hostile + "\n", published={"value": "2024-03-03", "basis": "Given by the test."})
    factory.source("b", hostile + "\n")
    site = build(factory.root)
    data = json.loads(site.files["data/dossier.json"])
    assert assert_verbatim(data) >= 6
    for page in ("quotations/index.md", "timeline/index.md", "figures/index.md", "wording/index.md", "sources/a/index.md"):
        text = site.files[page].decode()
        assert "<script>" not in text and "<b>" not in text, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site.files["quotations/index.md"].decode()
    assert "### 2024-03-03" in site.files["timeline/index.md"].decode()
