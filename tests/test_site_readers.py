"""The built seed site as readers and machines see it (issue 12): one description per page,
Open Graph tags, "edit this file" links to the dossier/ file behind each generated page, the
footer, the Atom feed, and no source maps or other languages' search files published."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import REPO_URL

pytestmark = pytest.mark.mkdocs


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.edit: list[str] = []
        self.footer = ""
        self._in_footer = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content") or ""
        if tag == "a" and "md-content__button" in (attrs.get("class") or ""):
            self.edit.append(attrs.get("href") or "")
        if tag == "p" and attrs.get("class") == "dossier-footer":
            self._in_footer = 1

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_footer = 0

    def handle_data(self, data):
        if self._in_footer:
            self.footer += data


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text("utf-8"))
    return parser


PAGES = {  # page: the dossier file behind it
    "index.html": "dossier.yml",
    "sources/002/index.html": "sources/002/source.yml",
    "topics/galaxy-leader/index.html": "topics/galaxy-leader.yml",
    "entities/abraham-ungar/index.html": "entities/people.yml",
}


def test_each_generated_page_has_its_own_description_and_open_graph_tags(seed_site):
    seen = set()
    for page in PAGES:
        meta = head(seed_site / page).meta
        assert meta["description"] == meta["og:description"], page
        assert meta["og:title"] and meta["og:site_name"] == "News dossier"
        seen.add(meta["description"])
    assert len(seen) == len(PAGES)
    topic = head(seed_site / "topics/galaxy-leader/index.html").meta
    assert topic["og:title"] == "The seizure of the Galaxy Leader"
    assert topic["description"].startswith("On 19 November 2023 the Houthis seized the Galaxy Leader")
    assert "[[" not in topic["description"]  # citations are left out of descriptions


def test_generated_pages_link_to_the_dossier_file_behind_them(seed_site):
    for page, file in PAGES.items():
        assert head(seed_site / page).edit == [f"{REPO_URL}/edit/main/dossier/{file}"], page
    assert head(seed_site / "about" / "index.html").edit == [f"{REPO_URL}/edit/main/docs/about.md"]


def test_the_repository_link_asks_no_third_party_for_its_facts(seed_site):
    html = (seed_site / "index.html").read_text("utf-8")
    assert f'<a href="{REPO_URL}" title="Go to repository" class="md-source">' in html
    assert 'data-md-component="source"' not in html  # Material would ask the GitHub API for stars
    assert '<div class="md-source__repository">\n    test/news-dossier\n  </div>' in html


def test_footer_replaces_the_theme_credit(seed_site):
    html = (seed_site / "index.html").read_text("utf-8")
    assert "Made with" not in html
    footer = head(seed_site / "index.html").footer
    assert "Editor not named" in footer and "Last change: not recorded" in footer  # the copy has no git


def test_feed_is_published_and_its_links_resolve(seed_site):
    feed = ET.parse(seed_site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    hrefs = [e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")]
    assert sorted(hrefs) == [f"sources/{sid}/" for sid in ("000", "001", "002", "003", "004")]
    for href in hrefs:
        assert (seed_site / href / "index.html").is_file()
    assert 'type="application/atom+xml"' in (seed_site / "index.html").read_text("utf-8")


def test_no_source_maps_or_unused_search_languages_are_published(seed_site):
    published = [p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*") if p.is_file()]
    assert [p for p in published if p.endswith(".map")] == []
    lunr = [p for p in published if "/lunr/" in p]
    assert all(re.search(r"lunr\.(stemmer\.support|multi)\.min\.js$", p) for p in lunr), lunr
