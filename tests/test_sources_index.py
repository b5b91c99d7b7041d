"""The sources index is cut into pages of a bounded number of rows, in date order, with a pager
that keyboards and screen readers can use; every link into it lands on a page that exists,
and a real `mkdocs build --strict` accepts them."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from build_scripts.pipeline import build
from build_scripts.render import Pages, export, paging, render_site
from build_scripts.render.listings import by_date
from build_scripts.render.sources_index import render_sources_index
from build_scripts.synth import write_dossier
from build_scripts.writer import write_pages

from .conftest import make_project, mkdocs_build
from .test_browser import browser, serve_folder  # noqa: F401 - the shared browser fixture

ROW = re.compile(r'<tr><td><code>([\w-]+)</code></td><td><a href="([^"]+)">')
HTML_LINK = re.compile(r"<a ([^>]*)>([^<]*)</a>")


@pytest.fixture(scope="module")
def synth25(tmp_path_factory) -> Path:
    return write_dossier(tmp_path_factory.mktemp("synth") / "dossier", 25, seed=2)  # no warning: --strict passes


@pytest.fixture(scope="module")
def site25(synth25):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOSSIER_CACHE", "off")
        return build(synth25)


def target_of(here: str, href: str) -> str:
    """The generated file a relative link from page `here` points to."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(here), href.split("#")[0]))
    return path if path.endswith(".md") else posixpath.join(path, "index.md")


def test_pages_hold_every_source_once_in_date_order(site25):
    pages = render_sources_index(site25.dossier, per_page=10)
    assert list(pages) == ["sources/index.md", "sources/page_2/index.md", "sources/page_3/index.md"]
    rows = [(path, sid) for path, text in pages.items() for sid, _ in ROW.findall(text)]
    assert [sid for _, sid in rows] == [s.id for s in by_date(site25.dossier.sources)]  # ordered as one page was
    assert [sum(p == path for p, _ in rows) for path in pages] == [10, 10, 5]
    for path, text in pages.items():  # each row links to its source's page, from wherever the row is
        for sid, href in ROW.findall(text):
            assert target_of(path, href) == f"sources/{sid}/index.md"
    assert "Sources 11 to 20 of the 25 captures in the dossier" in pages["sources/page_2/index.md"]
    assert 'title: "Sources, page 3 of 3"' in pages["sources/page_3/index.md"]


def test_the_pager_is_a_labelled_landmark_with_the_current_page_marked(site25):
    pages = render_sources_index(site25.dossier, per_page=10)
    page = pages["sources/page_2/index.md"]
    navs = re.findall(r'<nav aria-label="([^"]+)" class="dossier-pager">\n<p>(.*)</p>\n</nav>', page)
    assert [label for label, _ in navs] == ["Pages of the sources index",
                                            "Pages of the sources index (end of the page)"]  # distinct names
    assert navs[0][1].startswith("Page 2 of 3: ")
    assert HTML_LINK.findall(navs[0][1]) == [
        ('href="../" rel="prev"', "Previous"), ('href="../"', "1"),
        ('aria-current="page" class="dossier-current" href="./"', "2"), ('href="../page_3/"', "3"),
        ('href="../page_3/" rel="next"', "Next")]
    first = HTML_LINK.findall(re.search(r"<nav[^>]*>\n(.*)\n</nav>", pages["sources/index.md"]).group(1))
    assert [label for _, label in first] == ["1", "2", "3", "Next"]  # no "Previous" on page 1
    for path, text in pages.items():  # every pager link lands on a page of the index
        for href in re.findall(r'href="([^"]*)"', "".join(re.findall(r"<nav[^>]*>\n(.*)\n</nav>", text))):
            assert target_of(path, href) in pages


def test_a_small_dossier_keeps_one_page_without_a_pager(site25):
    pages = render_sources_index(site25.dossier)
    assert list(pages) == ["sources/index.md"]
    assert "<nav" not in pages["sources/index.md"] and "Every capture in the dossier (25)" in pages["sources/index.md"]


def test_the_site_links_to_every_page_and_streams_them_once(site25, synth25, monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    monkeypatch.setattr(paging, "INDEX_PER_PAGE", 7)
    site = build(synth25)
    paths = [p for p in site.files if re.fullmatch(r"sources/(page_\d+/)?index\.md", p)]
    assert paths == ["sources/index.md", *[f"sources/page_{k}/index.md" for k in (2, 3, 4)]]
    home = site.files["index.md"].decode()
    assert "[25 sources](sources/index.md)" in home  # the home page's link goes to page 1
    monkeypatch.setattr(export, "RECORDS", 2)  # the export comes in many pieces
    pages = render_site(site.dossier, site.analysis, site.history)
    assert isinstance(pages, Pages)
    streamed = [(path, content if isinstance(content, bytes) else list(content)) for path, content in pages.stream()]
    assert pages._files is None  # streaming kept nothing
    pieces = dict(streamed).pop("data/dossier.json")
    assert len(pieces) > 10 and b"".join(pieces) == site.files["data/dossier.json"]
    data = json.loads(site.files["data/dossier.json"])  # the bytes json.dumps gives for the whole
    assert b"".join(pieces) == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    assert sorted(p for p, _ in streamed) == sorted(site.files)  # streamed as the workers finish them
    assert list(site.files)[:2] == ["index.md", "sources/index.md"]  # the mapping in the site's order
    assert list(site.files)[-3:] == ["data/dossier.json", "data/annotations.jsonld", "feed.xml"]
    monkeypatch.setenv("DOSSIER_JOBS", "1")  # made in order, one by one: the same files in the same order
    assert list(render_site(site.dossier, site.analysis, site.history).files.items()) == list(site.files.items())
    monkeypatch.delenv("DOSSIER_JOBS")
    assert all(site.files[p] == c for p, c in streamed if p != "data/dossier.json")
    out = tmp_path / "out"
    report = write_pages(render_site(site.dossier, site.analysis, site.history), out)
    assert len(report.written) == len(site.files)
    assert all((out / p).read_bytes() == c for p, c in site.files.items())
    again = write_pages(render_site(site.dossier, site.analysis, site.history), out)  # nothing changed
    assert again.written == () and len(again.unchanged) == len(site.files)


@pytest.fixture(scope="module")
def paged_site(synth25, tmp_path_factory) -> Path:
    """The site of `synth25` built by a real `mkdocs build --strict`, with short pages."""
    project = make_project(tmp_path_factory.mktemp("paged") / "project", synth25)
    (project / "paged_hook.py").write_text(
        "from build_scripts.render import paging\n"
        "from build_scripts.render import split, xref\n"
        "paging.INDEX_PER_PAGE, paging.PER_PAGE, split.PAGE_CHARS, xref.XREF_ROWS = 10, 6, 5000, 4  # short pages\n"
        "from build_scripts.mkdocs_hook import *  # noqa: F401,F403,E402\n", "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - build_scripts/mkdocs_hook.py", "  - paged_hook.py"), "utf-8")
    result = mkdocs_build(project, env={"DOSSIER_CACHE": "off"})
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.mkdocs
def test_the_export_is_encoded_as_json_encodes_it():
    """orjson encodes the export (render/export.py `_dumps`): the bytes of `json.dumps` with the
    export's settings for every character but the surrogates (which UTF-8 cannot hold), in every
    kind of value, and for numbers; only a number under 1e-4 that is not 0 may be written
    another way (0.00001, not 1e-05), which reads back as the same number."""
    import random
    import sys

    from build_scripts.render.export import _dumps

    def dumps(value) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert _dumps(text) == dumps(text)
    for c in range(0x110000):
        if (c % 97 == 0 and not 0xD800 <= c <= 0xDFFF) or c < 0x100:
            assert _dumps({chr(c): [chr(c), f'a{chr(c)}"\\']}) == dumps({chr(c): [chr(c), f'a{chr(c)}"\\']}), hex(c)
    values = [None, True, False, 0, -1, 2**63 - 1, -(2**63), [], {}, "", {"a": [1, {"b": None}], "c": "d"},
              0.5, 1.0, 0.999, 1200.0, 2.5e6, 1e16, 1.2345678901234568e17, 1e300, -0.0]
    rng = random.Random(7)
    values += [(1 + rng.random()) * 10 ** rng.randint(-4, 30) for _ in range(20000)]
    for value in values:
        assert _dumps(value) == dumps(value), value
    for small in (1e-5, 5.911534350013039e-08, -7.3e-300):
        assert json.loads(_dumps(small)) == small
    assert (_dumps(1e-5), dumps(1e-5)) == (b"0.00001", b"1e-05")


def test_mkdocs_strict_accepts_the_pages_and_their_links(paged_site):
    site = paged_site
    built = {k: (site / "sources" / k / "index.html").read_text("utf-8") for k in ("", "page_2", "page_3")}
    assert not (site / "sources" / "page_4").exists()
    page = built["page_2"]
    assert '<nav aria-label="Pages of the sources index" class="dossier-pager">' in page
    assert re.search(r'<a aria-current="page" class="dossier-current" href="\./">2</a>', page)
    assert re.search(r'<a href="\.\./page_3/" rel="next">Next</a>', page)
    for name, html in built.items():  # every link of the pager and of the rows reaches a built page
        here = site / "sources" / name
        hrefs = re.findall(r'href="([^"#]*)"', "".join(re.findall(r'<nav [^>]*class="dossier-pager".*?</nav>', html, re.S)))
        hrefs += [href for _, href in ROW.findall(html)]
        assert len(hrefs) > 10
        for href in hrefs:
            assert (here / href / "index.html").resolve().is_file(), (name, href)
    assert "data-pagefind-body" not in page  # kept out of search, like page 1
    for kind in ("figures", "quotations", "xref"):  # the comparison pages and the cross-reference index are cut too, and MkDocs found their links
        later = (site / kind / "2" / "index.html").read_text("utf-8")
        assert '<nav aria-label="Pages of the ' + kind + ' page" class="dossier-pager">' in later
        for href in re.findall(r'href="(\.\./(?:\d+/)?)"', later):
            assert (site / kind / "2" / href / "index.html").resolve().is_file()


@pytest.mark.browser
def test_the_pager_works_from_the_keyboard_and_passes_axe(paged_site, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    with serve_folder(paged_site) as url:
        page = browser.new_page()
        for path in ("/sources/page_2/", "/figures/2/", "/quotations/"):
            page.goto(url + path)
            found = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
            assert [v["id"] for v in found if v["impact"] in {"serious", "critical"}] == [], path
        page.goto(url + "/sources/page_2/")
        nav = page.get_by_role("navigation", name="Pages of the sources index", exact=True)
        assert nav.get_by_role("link", name="2").get_attribute("aria-current") == "page"
        for _ in range(200):  # Tab through the page to the pager's "Next" link, then follow it
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "Next":
                break
        assert page.evaluate("document.activeElement.closest('nav').getAttribute('aria-label')") == \
            "Pages of the sources index"
        page.keyboard.press("Enter")
        page.wait_for_url("**/sources/page_3/")
        assert page.title().startswith("Sources, page 3 of 3")
        page.close()


def test_the_cross_reference_index_is_cut_between_tables_of_bounded_rows(site25, monkeypatch):
    from build_scripts.render import split, xref

    monkeypatch.setattr(xref, "XREF_ROWS", 4)
    monkeypatch.setattr(split, "PAGE_CHARS", 4000)
    pages = xref.render_xref(site25.dossier, site25.analysis)
    assert len(pages) > 2 and list(pages)[1] == "xref/2/index.md"
    rows = [re.search(r'<a href="[^"]*entities/([\w-]+)/">', line).group(1)
            for text in pages.values() for line in text.splitlines() if line.startswith("<tr><td><a ")
            and "/entities/" in line.split("</td>")[0]]
    named = [e.id for e in site25.dossier.entities if site25.analysis.by_entity.get(e.id)]
    assert named and sorted(rows) == sorted(named)  # every named entity has one row, on one page
    tables = [len(re.findall(r"^<tr><td>", t.split("<tbody>", 1)[1], re.M)) for text in pages.values()
              for t in text.split("</table>") if "<tbody>" in t]
    assert max(tables) <= max(4, len(site25.dossier.topics))  # an entity table holds at most XREF_ROWS rows
    later = "".join(list(pages.values())[1:])
    assert "(continued)" in later and '<nav aria-label="Pages of the xref page" class="dossier-pager">' in later
    told = (f"The index is cut into {len(pages)} pages (the pager below); a table's filter box and sorting "
            "apply to the rows on its page.")
    assert told in pages["xref/index.md"] and told not in later  # where the filter box would mislead
    for path, text in pages.items():  # the pager's links land on pages of the index
        for href in re.findall(r'href="([^"#]+)"', "".join(re.findall(r"<nav[^>]*>\n(.*)\n</nav>", text))):
            assert target_of(path, href) in pages


def test_a_crowded_date_goes_on_over_blocks_and_topic_pages_show_a_few_of_its_passages(site25, monkeypatch):
    from collections import Counter

    from build_scripts.render import split, timeline

    d, a = site25.dossier, site25.analysis
    per_date = Counter(e.date for e in a.compare.dates if e.date)
    crowded, count = per_date.most_common(1)[0]
    assert count >= 3
    monkeypatch.setattr(timeline, "DATE_EVENTS", 2)
    monkeypatch.setattr(split, "PAGE_CHARS", 1)  # every block on a page of its own
    pages = timeline.render_timeline(d, a)
    text = "".join(pages.values())
    assert text.count(f"{{ #d-{crowded} }}") == 1  # one anchor, on the page where the date starts
    assert text.count(f"### {crowded} (continued)") == (count + 1) // 2 - 1
    shown = sum(len(re.findall(r'<blockquote class="dossier-quote"', t.split("## Not resolved")[0]))
                for t in pages.values())
    assert shown == sum(per_date.values())  # every dated passage once
    monkeypatch.setattr(timeline, "TOPIC_DATE_EVENTS", 1)
    everything = {(s.id, p.id) for s in d.sources for p in s.reading.paragraphs}
    topic = timeline.topic_timeline(d, a, everything, "topics/x/index.md")
    assert re.search(rf"Dates with more than 1 passages \([^)]*{crowded}[^)]*\) show their first 1 here; "
                     r"\[Timeline\]\(\.\./\.\./timeline/index\.md\) lists them all\.", topic)
    shown_dates = re.findall(r"^### (\S+) \{ #d-", topic, re.M)
    assert len(re.findall(r'<blockquote class="dossier-quote"', topic.split("### Not resolved")[0])) == len(shown_dates)


def test_a_passage_names_at_most_a_few_of_its_other_carriers(site25, monkeypatch):
    from build_scripts.render import shared_text
    from build_scripts.render.topic_page import render_topic_pages

    d, a = site25.dossier, site25.analysis
    monkeypatch.setattr(shared_text, "ALSO_MAX", 1)
    pages = {p: t for topic in d.topics for p, t in render_topic_pages(d, a, topic).items()}
    lists = [m for t in pages.values() for m in re.findall(r" · also carried by (.*?)</p>", t)]
    assert lists and all(m.count("<a ") <= 1 for m in lists)
    assert any(re.fullmatch(r'<a [^>]+>[^<]+</a>, and [\d,]+ more \(each source’s page lists the text it shares\)'
                            .replace("’", "'"), m) for m in lists)
