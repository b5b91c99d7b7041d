"""The real site: `mkdocs build --strict` with the hook, checked in the built HTML and data."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from .conftest import REPO_URL, ROOT, SEED, make_project, mkdocs_build

pytestmark = pytest.mark.mkdocs

REQUIRED_TOPICS = ["fattah-ii", "galaxy-leader", "paydari", "kurdistan-border", "khamenei-cut-ties",
                   "houthi-red-sea-campaign", "tavassoli-sentence", "kayhan-two-state"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def without_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def export(seed_site) -> dict:
    return json.loads((seed_site / "data" / "dossier.json").read_text("utf-8"))


def test_every_page_is_rendered(seed_site):
    for sid in ("000", "001", "002", "003", "004"):
        assert (seed_site / "sources" / sid / "index.html").is_file()
    for slug in REQUIRED_TOPICS:
        assert (seed_site / "topics" / slug / "index.html").is_file()
    for page in ("index.html", "sources/index.html", "topics/index.html", "entities/index.html",
                 "xref/index.html", "entities/ali-khamenei/index.html", "data/dossier.json"):
        assert (seed_site / page).is_file(), page


def test_captures_are_published_byte_for_byte(seed_site):
    for folder in (SEED / "sources").iterdir():
        for capture in folder.glob("*.txt"):
            published = seed_site / "sources" / folder.name / capture.name
            assert published.read_bytes() == capture.read_bytes()


def test_every_internal_link_and_anchor_resolves(seed_site):
    pages = {p: parse(p) for p in seed_site.rglob("*.html")}
    broken = []
    checked = 0
    for page, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            base = seed_site if parts.path.startswith("/") else page.parent  # 404.html is root-relative
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(seed_site)}: {href}")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(seed_site)}: {href} (no such anchor)")
            checked += 1
    assert not broken, broken[:20]
    assert checked > 1000  # the passages, mentions and matrices are all links


def test_topic_passages_link_to_the_paragraph_they_quote(seed_site, export):
    text = {(s["id"], p["id"]): p["text"] for s in export["sources"] for p in s["paragraphs"]}
    html = (seed_site / "topics" / "galaxy-leader" / "index.html").read_text("utf-8")
    assert 'href="../../sources/002/#p24"' in html
    assert "The hijacked ship is Galaxy Leader, registered under a British company" in without_tags(html)
    assert '<mark class="dossier-hit">Galaxy Leader</mark>, registered' in html  # the words that put it there
    assert text[("002", "p24")].startswith("The hijacked ship is Galaxy Leader")


def test_source_pages_are_reached_from_indexes_not_the_navigation(seed_site):
    page = (seed_site / "topics" / "paydari" / "index.html").read_text("utf-8")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', page)
    site_links = [h for h in nav if not h.startswith("#")]
    assert site_links == ["../..", "../../sources/", "../", "../../entities/", "../../xref/", "../../annotations/",
                          "../../search/",
                          "../../quotations/", "../../figures/", "../../timeline/", "../../wording/",
                          "../../about/", "../../data/", "../../performance/", "../../contributing/"]
    listing = (seed_site / "sources" / "index.html").read_text("utf-8")
    assert all(f'href="{sid}/"' in listing for sid in ("000", "001", "002", "003", "004"))


def test_pagefind_marks_content_and_leaves_out_captures_logs_and_listings(seed_site):
    source = (seed_site / "sources" / "004" / "index.html").read_text("utf-8")
    body = source.index("<div data-pagefind-body>")
    ignored = source.index('<div data-pagefind-ignore="all"><h2 data-search-exclude id="shared-text">')
    assert body < source.index('class="dossier-para') < ignored < source.index('<pre class="dossier-capture">')
    for tail in ('id="cited-in_1"', 'id="normalisation-log"'):  # links to other pages; what normalisation did
        assert ignored < source.index(tail)
    assert source.count("data-pagefind-ignore") == 1
    for listing in ("sources/index.html", "xref/index.html", "entities/index.html", "search/index.html"):
        assert "data-pagefind-body" not in (seed_site / listing).read_text("utf-8"), listing
    assert (seed_site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (seed_site / "search" / "search_index.json").exists()  # Material's search plugin is off


def test_the_index_made_beside_the_theme_is_the_one_pagefind_makes_from_the_built_site(seed_site, tmp_path):
    """`mkdocs build` gives Pagefind only the marked part of each page, while MkDocs applies the
    theme (search_index.Staged); Pagefind run afterwards over the whole built site, the way
    `mkdocs serve` still indexes, must give the same index byte for byte."""
    import shutil
    import subprocess
    import sys

    site = shutil.copytree(seed_site, tmp_path / "site", ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent", "--exclude-selectors",
                    ".headerlink", "--exclude-selectors", ".dossier-l"], check=True, capture_output=True)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert re.search(r"search index of \d+ pages made beside the theme", (seed_site.parent / "build.log").read_text())
    staged, whole = files(seed_site / "pagefind"), files(site / "pagefind")
    assert any(name.startswith("fragment/") for name in staged)
    assert staged == whole


def test_pagefind_keeps_the_source_headings_of_topic_and_entity_pages_as_metadata(seed_site):
    """Search results name the source of a quoted passage or a mention by these headings' text."""
    topic = (seed_site / "topics" / "galaxy-leader" / "index.html").read_text("utf-8")
    entity = (seed_site / "entities" / "abraham-ungar" / "index.html").read_text("utf-8")
    assert '<h3 id="from-002" data-pagefind-meta="from-002">' in topic
    assert '<h3 id="in-002" data-pagefind-meta="in-002">' in entity
    assert '<tr id="in-002.p24"><td><a href="../../sources/002/#p24">19</a></td>' in entity
    for page in (topic, entity):  # nothing else is metadata
        assert len(re.findall(r"data-pagefind-meta=", page)) == len(re.findall(r'<h3 id="(?:from|in)-', page))


def test_export_matches_its_schema_and_required_keys(export):
    schema = json.loads((ROOT / "docs" / "data" / "dossier.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(export)
    for source in export["sources"]:
        assert {"id", "title", "outlet", "url", "published", "retrieved", "sha256", "stories", "paragraphs"} <= set(source)
    assert {"id", "name", "kind", "aliases", "mentions"} <= set(export["entities"][0])
    assert {"slug", "title", "sources", "passages"} <= set(export["topics"][0])
    assert {t["slug"] for t in export["topics"]} >= set(REQUIRED_TOPICS)


def test_every_exported_text_is_verbatim_from_its_capture(seed_site, export):
    paragraphs = {}
    for source in export["sources"]:
        data = (seed_site / "sources" / source["id"] / source["capture"]["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"]
        capture = data.decode("utf-8")
        for p in source["paragraphs"]:
            assert capture[p["start"]:p["end"]] == p["text"]
            paragraphs[(source["id"], p["id"])] = p["text"]
        for entry in source["normalisation"]:
            assert entry["text"] in capture
        for field in source["provenance"].values():
            assert field.get("quote") is None or field["quote"] in capture
    passages = [p for t in export["topics"] for p in t["passages"]]
    mentions = [m for e in export["entities"] for m in e["mentions"]]
    assert passages and mentions
    for item in passages:
        assert "text" not in item and (item["source"], item["paragraph"]) in paragraphs
    for m in mentions:
        assert m["text"] == paragraphs[(m["source"], m["paragraph"])][m["start"]:m["end"]] == m["surface"]


def test_unknown_fields_are_exported_with_their_reason(export):
    s000 = next(s for s in export["sources"] if s["id"] == "000")
    assert s000["outlet"] is None and "names no publisher" in s000["provenance"]["outlet"]["unknown"]
    s004 = next(s for s in export["sources"] if s["id"] == "004")
    assert s004["outlet"] == "Press TV" and s004["provenance"]["outlet"]["quote"].startswith("Press TV’s website")
    assert s004["published"] == "2023-11-19" and s004["provenance"]["published"]["quote"] == "on November 19, 2023"
    s003 = next(s for s in export["sources"] if s["id"] == "003")
    assert s003["published"] == "2023-11-19" and s003["provenance"]["published"]["quote"] == "Sun Nov 19 2023"
    assert s003["dateline"] == "Tehran" and s003["provenance"]["dateline"]["quote"] == "TEHRAN:"
    assert all(s["retrieved"] is None and s["provenance"]["retrieved"]["unknown"] for s in export["sources"])


def test_the_build_writes_nothing_into_docs(seed_site):
    project = seed_site.parent

    def listing(folder: Path) -> dict:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert listing(project / "docs") == listing(ROOT / "docs")
    assert listing(project / "dossier") == listing(SEED)


def test_html_is_deterministic(seed_site, tmp_path):
    again = make_project(tmp_path / "again")
    assert mkdocs_build(again, env={"DOSSIER_REPO_URL": REPO_URL}).returncode == 0
    for rel in ("sources/002/index.html", "topics/paydari/index.html", "entities/houthis/index.html",
                "xref/index.html", "data/dossier.json", "pagefind/pagefind-entry.json"):
        assert (again / "site" / rel).read_bytes() == (seed_site / rel).read_bytes(), rel


def test_dossier_errors_stop_the_build_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "p")
    capture = project / "dossier" / "sources" / "001" / "001_a19bc07e59554c42.txt"
    capture.write_bytes(capture.read_bytes() + b" edited")
    (project / "dossier" / "topics" / "paydari.yml").write_text(
        (project / "dossier" / "topics" / "paydari.yml").read_text().replace("[paydari]", "[paydar]"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "dossier/sources/001/source.yml:23: error: capture.sha256: 001_a19bc07e59554c42.txt has SHA-256" in result.stderr
    assert "dossier/topics/paydari.yml:9: error: match.entities: no entity has the id 'paydar'" in result.stderr


def test_a_new_dossier_builds_and_warnings_fail_only_strict(factory, tmp_path):
    factory.source("alpha", "Quake hits the valley\nA strong earthquake shook the valley at dawn.\nRescuers reached the villages by noon.\n")
    factory.entities([{"id": "valley", "name": "the valley", "kind": "place", "description": "A valley."}])
    factory.topic("quake", match={"terms": ["earthquake", "quake"], "anchors": ["valley"], "window": 1})
    factory.topic("floods", match={"terms": ["flood*"], "anchors": ["valley"]})  # no passages: a warning
    project = make_project(tmp_path / "p", factory.root)
    strict = mkdocs_build(project)
    assert strict.returncode != 0
    assert "topic 'floods' has no passages" in strict.stderr
    relaxed = mkdocs_build(project, "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    page = (project / "site" / "topics" / "quake" / "index.html").read_text("utf-8")
    assert "A strong earthquake shook the valley at dawn." in without_tags(page) and "../../sources/alpha/#p2" in page
