"""What readers get beyond the pages' text (issue 12): citations in the editor's prose and
their checks, who wrote the prose, the Atom feed, the footer, the pictures, the site files
that are not published, and the wording of generated pages. On small dossiers made here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_scripts.credits import CreditedMeta as DossierMeta
from build_scripts.pipeline import build
from build_scripts.problems import DossierInvalid
from build_scripts.render.footer import render_footer
from build_scripts.render.pictures import Matrix, heatmap
from build_scripts.site_files import edit_url, repository, strip_unused

ATOM = "{http://www.w3.org/2005/Atom}"
CAPTURE = "Ships crossed the Red Sea on Monday.\nA quiet day in the port.\nShips waited at the port.\n"


def errors(root: Path) -> list[str]:
    with pytest.raises(DossierInvalid) as caught:
        build(root)
    return [p.format() for p in caught.value.problems if p.severity.name == "ERROR"]


# --- citations in the editor's prose -----------------------------------------------------------


def test_bad_citations_are_errors_with_file_and_line(factory, monkeypatch):
    monkeypatch.chdir(factory.root)
    factory.source("a", CAPTURE)
    factory.write("dossier.yml", "title: T\nsummary: |\n  First line.\n  Cites [[zz#p1]] here.\n")
    factory.write("topics/ships.yml", "slug: ships\ntitle: Ships\nsummary: |\n  Fine [[a#p1]].\n\n"
                  "  Missing [[a#p4]] and\n  [[a p1]].\nmatch:\n  terms: [ships]\n  terms_alone: true\n")
    factory.entities([{"id": "x", "name": "Port", "kind": "place", "description": "See [[a#p9]]."}])
    assert errors(factory.root) == [
        "dossier.yml:4: error: summary: [[zz#p1]] cites the source 'zz', which the dossier does not have; "
        "use the id of a folder in dossier/sources/",
        "entities/entities.yml:4: error: description: [[a#p9]] cites paragraph p9 of source a, which has no "
        "such paragraph; paragraph ids are p and the capture line a paragraph starts on, shown beside each "
        "paragraph of the source page",
        "topics/ships.yml:6: error: summary: [[a#p4]] cites paragraph p4 of source a, which has no such "
        "paragraph; paragraph ids are p and the capture line a paragraph starts on, shown beside each "
        "paragraph of the source page",
        "topics/ships.yml:7: error: summary: [[a p1]] is not a citation; write [[<source id>#p<line>]], "
        "such as [[002#p24]], or [[<source id>]] for a whole source",
    ]


def test_the_check_command_reports_a_bad_citation(factory):
    factory.source("a", CAPTURE)
    factory.topic("ships", summary="Missing [[a/p7]].", match={"terms": ["ships"], "terms_alone": True})
    done = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--dossier", str(factory.root)],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent, timeout=120)
    assert done.returncode == 1
    assert "ships.yml:3: error: summary: [[a/p7]] cites paragraph p7 of source a" in done.stdout + done.stderr


def test_citations_render_as_links_to_the_paragraph_with_its_number(factory):
    factory.source("a", CAPTURE)
    factory.topic("ships", summary="Ships *crossed* [[a#p3]]; see [[a/p1]] and [[a]].", editor="Jo <b>Editor</b>",
                  match={"terms": ["ships"], "terms_alone": True})
    page = build(factory.root).files["topics/ships/index.md"].decode()
    assert "Editor’s summary, by Jo &lt;b&gt;Editor&lt;/b&gt;\n{: .dossier-byline }" in page
    assert ('Ships \\*crossed\\* <sup class="dossier-ref" title="Test source a, paragraph 3 \\(line 3 of the '
            'capture\\)">[a ¶3](../../sources/a/index.md#p3)</sup>; see ') in page
    assert '[a ¶1](../../sources/a/index.md#p1)</sup> and <sup class="dossier-ref" title="Test source a">' in page
    assert "[source a](../../sources/a/index.md)</sup>\\." in page


def test_citations_in_the_entities_table_are_html_links(factory):
    """The entities index is a raw HTML table (rawblocks): citations are HTML there, text escaped."""
    factory.source("a", CAPTURE)
    factory.entities([{"id": "x", "name": "Red Sea", "kind": "place", "description": "A *sea* <b>x</b> [[a#p3]] & [[a]]."}])
    page = build(factory.root).files["entities/index.md"].decode()
    assert ('<td>A *sea* &lt;b&gt;x&lt;/b&gt; <sup class="dossier-ref" title="Test source a, paragraph 3 (line 3 of the '
            'capture)"><a href="../sources/a/#p3">a ¶3</a></sup> &amp; <sup class="dossier-ref" title="Test source a">'
            '<a href="../sources/a/">source a</a></sup>.</td>') in page


def test_unnamed_prose_is_the_editors(factory):
    factory.source("a", CAPTURE)
    factory.entities([{"id": "x", "name": "Red Sea", "kind": "place", "description": "A sea [[a#p1]]."}])
    site = build(factory.root)
    assert "Editor’s summary\n{: .dossier-byline }" in site.files["index.md"].decode()
    entity = site.files["entities/x/index.md"].decode()
    assert "Editor’s description\n{: .dossier-byline }" in entity
    assert "*place* · A sea <sup" in entity


def test_the_dossiers_editor_signs_entity_descriptions_and_unsigned_summaries(factory):
    factory.write("dossier.yml", "title: T\nsummary: S.\neditor: Dana Desk\n")
    factory.source("a", CAPTURE)
    factory.entities([{"id": "x", "name": "Red Sea", "kind": "place", "description": "A sea."}])
    factory.topic("own", editor="Sam Signer", match={"terms": ["ships"], "terms_alone": True})
    factory.topic("unsigned", match={"terms": ["ships"], "terms_alone": True})
    site = build(factory.root)
    assert "Editor’s summary, by Dana Desk\n" in site.files["index.md"].decode()
    assert "Editor’s description, by Dana Desk\n" in site.files["entities/x/index.md"].decode()
    assert "Editor’s summary, by Sam Signer\n" in site.files["topics/own/index.md"].decode()
    assert "Editor’s summary, by Dana Desk\n" in site.files["topics/unsigned/index.md"].decode()


# --- words ---------------------------------------------------------------------------------------


def test_membership_rule_speaks_plain_english(factory):
    factory.source("a", CAPTURE)
    factory.topic("ships", match={"terms": ["ships"], "terms_alone": True})
    page = build(factory.root).files["topics/ships/index.md"].decode()
    assert "A paragraph is quoted here when it uses “ships”" in page
    assert "storys" not in page


def test_reading_text_numbers_paragraphs_in_order_beside_their_line(factory):
    factory.source("a", "First paragraph here.\n\nSecond paragraph, after a blank line.\n\n\nThird.\n")
    page = build(factory.root).files["sources/a/index.md"].decode()
    numbers = [(n, line) for n, line in __import__("re").findall(
        r'<span class="dossier-n">(\d+)</span><span class="dossier-l"><span class="dossier-sr">, </span>'
        r"line (\d+)</span>", page)]
    assert numbers == [("1", "1"), ("2", "3"), ("3", "6")]
    assert '<p id="p6" class="dossier-para">' in page  # ids stay the capture's lines


def test_untitled_sources_are_named_the_same_way_everywhere(factory):
    factory.source("a", CAPTURE, title={"unknown": "None."}, label="An editor's name")
    site = build(factory.root)
    for path in ("sources/index.md", "xref/index.md"):
        assert "(untitled)" not in site.files[path].decode()
    assert "An editor&#x27;s name <em>(editor’s label)</em>" in site.files["sources/index.md"].decode()  # raw HTML


# --- the feed -------------------------------------------------------------------------------------


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = os.environ | {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def feed_of(root: Path) -> ET.Element:
    return ET.fromstring(build(root).files["feed.xml"])


def test_feed_lists_sources_by_the_commit_that_added_them(factory):
    for sid in ("b", "a", "c"):
        factory.source(sid, CAPTURE)
    _git(factory.root, "init", "-q")
    _git(factory.root, "add", "dossier.yml", "rules", "sources/b")
    _git(factory.root, "commit", "-qm", "b", date="2024-03-01T10:00:00+00:00")
    _git(factory.root, "add", "sources/a")
    _git(factory.root, "commit", "-qm", "a", date="2024-03-02T10:00:00+00:00")
    factory.source("c", CAPTURE, retrieved={"value": "2024-03-05", "basis": "test"})  # not committed
    feed = feed_of(factory.root)
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert titles == ["Test source c", "Test source a", "Test source b"]  # newest first
    assert updated == ["2024-03-05T00:00:00+00:00", "2024-03-02T10:00:00+00:00", "2024-03-01T10:00:00+00:00"]
    assert feed.findtext(f"{ATOM}updated") == "2024-03-05T00:00:00+00:00"
    assert "not yet committed: its retrieved date" in entries[0].findtext(f"{ATOM}summary")


def test_feed_has_what_rfc_4287_requires(factory):
    factory.write("dossier.yml", "title: A <dossier> & more\nsummary: S.\neditor: Ana Editor\n")
    factory.source("a", CAPTURE)
    factory.source("b", CAPTURE, title={"unknown": "None."})
    raw = build(factory.root).files["feed.xml"]
    feed = ET.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.findtext(f"{ATOM}title") == "A <dossier> & more"
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Ana Editor"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "./", "self": "feed.xml"}
    ids = set()
    for entry in feed.findall(f"{ATOM}entry"):  # no git here: the fallback date for both
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        ids.add(entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
        assert "the date it was added is not recorded" in entry.findtext(f"{ATOM}summary")
        [link] = entry.findall(f"{ATOM}link")
        assert link.get("rel", "alternate") == "alternate" and link.get("href") in {"sources/a/", "sources/b/"}
    assert len(ids) == 2
    assert build(factory.root).files["feed.xml"] == raw  # deterministic


# --- footer, edit links, published files ------------------------------------------------------------


def test_footer_names_editor_licence_contact_and_last_change_escaped():
    meta = DossierMeta("T", "S", editor="Ana <i>", licence="CC BY 4.0", contact="javascript:alert(1)")
    footer = render_footer(meta, "2024-03-02T10:00:00+00:00")
    assert footer == ('<p class="dossier-footer">Edited by Ana &lt;i&gt; · Licence: CC BY 4.0 · '
                      'Contact: javascript:alert(1) · Last change: <time datetime="2024-03-02T10:00:00+00:00">'
                      "2024-03-02</time></p>")
    assert 'href="mailto:ed@example.org"' in render_footer(DossierMeta("T", "S", contact="ed@example.org"), None)
    assert "Editor not named" in render_footer(DossierMeta("T", "S"), None)
    assert "Last change: not recorded" in render_footer(DossierMeta("T", "S"), None)


def test_edit_links_need_a_known_repository():
    assert repository({}) == (None, None)
    url, uri = repository({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"})
    assert (url, uri) == ("https://github.com/o/r", "edit/main/docs/")
    assert edit_url(url, uri, "topics/x.yml") == "https://github.com/o/r/edit/main/dossier/topics/x.yml"
    assert repository({"DOSSIER_REPO_URL": "https://example.org/r/", "DOSSIER_EDIT_BRANCH": "dev",
                       "GITHUB_REPOSITORY": "o/r"}) == ("https://example.org/r", "edit/dev/docs/")
    assert edit_url(None, None, "dossier.yml") is None


def test_source_maps_and_other_languages_search_files_are_not_published(tmp_path):
    js = tmp_path / "assets" / "javascripts"
    for rel in ("bundle.js", "bundle.js.map", "lunr/min/lunr.de.min.js", "lunr/min/lunr.stemmer.support.min.js",
                "lunr/tinyseg.js", "workers/search.js", "workers/search.js.map"):
        (js / rel).parent.mkdir(parents=True, exist_ok=True)
        (js / rel).write_text("x")
    (tmp_path / "assets" / "stylesheets").mkdir()
    (tmp_path / "assets" / "stylesheets" / "main.css.map").write_text("x")
    strip_unused(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["assets/javascripts/bundle.js", "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                    "assets/javascripts/workers/search.js"]


# --- pictures ---------------------------------------------------------------------------------------


def test_heatmap_has_a_text_alternative_and_escapes_its_labels():
    svg = heatmap(Matrix(("<b>row</b>",), ("col & co", "two"), ((3, 0),)), "pic", "A <title>", "A & desc")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="dossier-svg" role="img"' in svg
    assert '<title id="pic-title">A &lt;title&gt;</title>' in svg
    assert '<desc id="pic-desc">A &amp; desc</desc>' in svg
    assert 'aria-labelledby="pic-title pic-desc"' in svg
    assert "<b>" not in svg and "&lt;b&gt;row&lt;/b&gt;" in svg
    assert svg.count('<rect class="dossier-svg-cell"') == 2
    assert '<title>&lt;b&gt;row&lt;/b&gt; × col &amp; co: 3</title>' in svg
    assert "\n\n" not in svg  # one raw HTML block for Markdown


def test_xref_pictures_and_their_tables(factory):
    factory.source("a", "Ana met Ben in Rome.\nAna and Ben left.\nCarl stayed.\n")
    factory.source("b", "Ana saw Carl.\n")
    factory.entities([{"id": n.lower(), "name": n, "kind": "person", "description": "A person."}
                      for n in ("Ana", "Ben", "Carl")])
    factory.topic("meeting", match={"terms": ["met", "saw"], "terms_alone": True})
    page = build(factory.root).files["xref/index.md"].decode()
    assert '<figure class="dossier-picture" id="coverage-picture">' in page
    assert '<figure class="dossier-picture" id="together-picture">' in page
    together = page.split("## Entities named together", 1)[1]
    rows = [line for line in together.splitlines() if line.startswith("| [")]
    assert rows == ["| [Ana](../entities/ana/index.md) | [Ben](../entities/ben/index.md) | 2 |",
                    "| [Ana](../entities/ana/index.md) | [Carl](../entities/carl/index.md) | 1 |"]
    assert "<title>Ana × Ben: 2</title>" in together


def test_timeline_picture_has_a_text_alternative_and_a_table_of_the_same_data(factory):
    factory.source("north", "Ferries return\nThe ferries ran again on Sunday, after the storm of November 1.\n",
                   published={"value": "2023-11-19", "basis": "Given by the test."})
    factory.source("south", "Harbour reopens\nThe harbour, shut since November 1, reopened in 2021 style.\n",
                   published={"value": "2023-11-20", "basis": "Given by the test."})
    page = build(factory.root).files["timeline/index.md"].decode()
    glance = page.split("## At a glance", 1)[1].split("## Events by date", 1)[0]
    assert '<title id="timeline-picture-title">Dates the sources mention</title>' in glance
    assert '<desc id="timeline-picture-desc">Rows are dates in order' in glance
    drawn = re.findall(r'text-anchor="end">([^<]+)</text>', glance)
    listed = re.findall(r"^\| \[([0-9W-]+)\]\(#d-\1\) \| (\d+) \| (.+) \|$", glance, re.M)
    assert drawn == [d for d, _, _ in listed] and "2023-11-01" in drawn and "2023-11-19" in drawn
    assert dict((d, (n, s)) for d, n, s in listed)["2023-11-01"] == ("2", "`north`, `south`")
    headings = re.findall(r"^### (\S+) \{ #d-\S+ \}$", page.split("## Events by date", 1)[1], re.M)
    assert headings == drawn  # the picture, the table and the events list the same dates
