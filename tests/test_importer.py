"""`add`: saved pages, WARC and WACZ archives, text captures, and every refusal (by its text)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_scripts.cli import main
from build_scripts.importer import AddOptions, Refused, add
from build_scripts.load import load
from build_scripts.pipeline import build, read_dossier

from .conftest import ROOT, DossierFactory, dump
from .importer_inputs import NEWS_JSONLD, PROSE, article_html, wacz_bytes, warc_bytes


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    """A working tree with a dossier (no sources yet) and an inbox; the current folder."""
    DossierFactory(tmp_path / "dossier")
    (tmp_path / "inbox").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(tree: Path, name: str, data: str | bytes) -> Path:
    path = tree / "inbox" / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path("inbox") / name


def run_add(tree: Path, path: Path, **kw) -> object:
    fields = tuple((k, kw.pop(k)) for k in list(kw) if k in ("title", "outlet", "url", "published", "language", "byline"))
    return add(AddOptions(path, Path("dossier"), fields=fields, **kw), tree)


def written(tree: Path) -> list[str]:
    return sorted(p.relative_to(tree).as_posix() for p in (tree / "dossier").rglob("*")
                  if "sources" in p.parts)


def meta_of(tree: Path, sid: str) -> dict:
    return yaml.safe_load((tree / "dossier" / "sources" / sid / "source.yml").read_text("utf-8"))


# --------------------------------------------------------------------------- pages


def test_html_with_jsonld_gives_metadata_each_with_its_basis(tree):
    html = article_html(jsonld=NEWS_JSONLD)
    added = run_add(tree, put(tree, "ferry.html", html))
    meta = meta_of(tree, added.sid)
    assert added.sid == "000"
    assert meta["title"] == {"value": "Ferry terminal to close for winter repairs", "basis": 'the page\'s JSON-LD, key "headline"'}
    assert meta["published"] == {"value": "2024-02-27T08:15:00Z", "basis": 'the page\'s JSON-LD, key "datePublished"'}
    assert meta["byline"] == {"value": "Ada Lovelace, Tom Kerr", "basis": 'the page\'s JSON-LD, key "author"'}
    assert meta["outlet"]["value"] == "Portmere Gazette"
    assert meta["language"] == {"value": "en", "basis": "the lang attribute of the page's <html> element"}
    assert meta["retrieved"] == {"unknown": "The capture does not record when it was made."}
    assert meta["url"] == {"unknown": "The capture does not record the page's address."}


def test_html_capture_is_kept_byte_for_byte_and_its_reading_text_hashed(tree):
    html = article_html(jsonld=NEWS_JSONLD).encode("utf-8")
    added = run_add(tree, put(tree, "ferry.html", html))
    folder = tree / "dossier" / "sources" / added.sid
    cap = meta_of(tree, added.sid)["capture"]
    assert (folder / "capture.html").read_bytes() == html
    assert cap["sha256"] == hashlib.sha256(html).hexdigest()
    extracted = (folder / "capture.extracted.txt").read_bytes()
    assert cap["extracted"]["sha256"] == hashlib.sha256(extracted).hexdigest()
    assert cap["extracted"]["extractor"].startswith("trafilatura ")
    assert extracted.decode("utf-8").splitlines() == ["Ferry terminal to close for repairs", *PROSE]  # no nav, no footer
    assert cap["media_type"] == "text/html"


def test_html_without_jsonld_reads_meta_elements_and_title(tree):
    head = ('<meta property="og:site_name" content="Portmere Gazette">'
            '<meta property="article:published_time" content="2024-02-26T18:00:00+01:00">'
            '<meta name="author" content="Ada Lovelace">'
            '<link rel="canonical" href="https://portmere.example/news/ferry">')
    added = run_add(tree, put(tree, "ferry.html", article_html(head=head)))
    meta = meta_of(tree, added.sid)
    assert meta["title"] == {"value": "Ferry terminal to close | Portmere Gazette", "basis": "the page's <title> element"}
    assert meta["outlet"] == {"value": "Portmere Gazette", "basis": 'the page\'s <meta property="og:site_name">'}
    assert meta["published"]["value"] == "2024-02-26T18:00:00+01:00"
    assert meta["byline"] == {"value": "Ada Lovelace", "basis": 'the page\'s <meta name="author">'}
    assert meta["url"] == {"value": "https://portmere.example/news/ferry", "basis": 'the page\'s <link rel="canonical">'}


def test_jsonld_article_body_is_used_when_the_extractor_finds_too_little(tree):
    body = "\n".join(PROSE[:2])
    html = ('<!DOCTYPE html><html lang="en"><head><script type="application/ld+json">'
            + json.dumps(NEWS_JSONLD | {"articleBody": body})
            + '</script></head><body><div id="app"></div><script>render()</script></body></html>')
    added = run_add(tree, put(tree, "app.html", html))
    cap = meta_of(tree, added.sid)["capture"]
    assert cap["extracted"]["extractor"] == "JSON-LD articleBody"
    assert (tree / "dossier" / "sources" / added.sid / "capture.extracted.txt").read_text("utf-8") == body + "\n"


def test_page_in_a_non_utf8_charset_is_decoded_by_its_declared_charset(tree):
    prose = [p.replace("harbour authority", "harbour authority of Säo Tomé, whose façade") for p in PROSE]
    html = article_html(prose=prose, charset="iso-8859-1").encode("iso-8859-1")
    added = run_add(tree, put(tree, "latin1.html", html))
    folder = tree / "dossier" / "sources" / added.sid
    assert (folder / "capture.html").read_bytes() == html  # kept as received, in its charset
    assert "Säo Tomé, whose façade" in (folder / "capture.extracted.txt").read_text("utf-8")


def test_command_line_options_are_the_editors_basis(tree):
    added = run_add(tree, put(tree, "ferry.html", article_html(jsonld=NEWS_JSONLD)),
                    title="Ferry terminal closes", url="https://portmere.example/a")
    meta = meta_of(tree, added.sid)
    assert meta["title"] == {"value": "Ferry terminal closes",
                             "basis": "given by the editor who imported the capture (add --title)"}
    assert meta["url"]["basis"] == "given by the editor who imported the capture (add --url)"


# --------------------------------------------------------------------------- archives

PAGE1 = article_html(jsonld=NEWS_JSONLD).encode("utf-8")
PAGE2 = article_html(prose=[p.replace("ferry", "bridge") for p in PROSE]).encode("utf-8")
URL1, URL2 = "https://portmere.example/news/ferry", "https://portmere.example/news/bridge"


def test_warc_gives_url_and_retrieval_time_from_the_record(tree):
    added = run_add(tree, put(tree, "crawl.warc.gz", warc_bytes([(URL1, PAGE1), (URL2, PAGE2)])))
    meta = meta_of(tree, added.sid)
    assert meta["url"] == {"value": URL1, "basis": "WARC-Target-URI of the archive's record"}
    assert meta["retrieved"] == {"value": "2024-03-01T10:20:30Z", "basis": "WARC-Date of the archive's record"}
    assert meta["capture"]["media_type"] == "application/warc"
    assert meta["capture"]["file"] == "capture.warc.gz"
    assert meta["capture"]["extracted"]["record"] == URL1


def test_warc_record_is_chosen_with_record(tree):
    added = run_add(tree, put(tree, "crawl.warc", warc_bytes([(URL1, PAGE1), (URL2, PAGE2)], gz=False)), record=URL2)
    folder = tree / "dossier" / "sources" / added.sid
    assert "bridge terminal" in (folder / "capture.extracted.txt").read_text("utf-8")
    assert meta_of(tree, added.sid)["capture"]["file"] == "capture.warc"


def test_wacz_is_read_from_its_archive_folder(tree):
    data = wacz_bytes(warc_bytes([(URL2, PAGE2)]))
    added = run_add(tree, put(tree, "crawl.wacz", data))
    meta = meta_of(tree, added.sid)
    assert meta["url"]["value"] == URL2
    assert meta["capture"]["media_type"] == "application/wacz"
    assert (tree / "dossier" / "sources" / added.sid / "capture.wacz").read_bytes() == data


def test_archive_whose_record_is_missing_lists_the_records(tree):
    path = put(tree, "crawl.warc.gz", warc_bytes([(URL1, PAGE1), (URL2, PAGE2)]))
    with pytest.raises(Refused) as exc:
        run_add(tree, path, record="https://portmere.example/news/missing")
    assert str(exc.value) == (
        "inbox/crawl.warc.gz: no HTML record for --record https://portmere.example/news/missing; "
        f"the archive holds HTML records for:\n  {URL1}\n  {URL2}")
    assert written(tree) == []


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_archive_is_refused(tree, gz):
    data = warc_bytes([(URL1, PAGE1), (URL2, PAGE2)], gz=gz)
    path = put(tree, "cut.warc.gz" if gz else "cut.warc", data[: len(data) - 40])
    with pytest.raises(Refused) as exc:
        run_add(tree, path)
    reason = ("Compressed file ended before the end-of-stream marker was reached" if gz
              else f"the record of {URL2} ends early")
    assert str(exc.value) == f"{path}: the archive is damaged or truncated ({reason}); download or export it again"
    assert written(tree) == []


def test_truncated_wacz_is_refused(tree):
    data = wacz_bytes(warc_bytes([(URL1, PAGE1)]))
    path = put(tree, "cut.wacz", data[: len(data) // 2])
    with pytest.raises(Refused) as exc:
        run_add(tree, path)
    assert str(exc.value).startswith("inbox/cut.wacz: the WACZ (zip) file is damaged or truncated (")
    assert str(exc.value).endswith("); download or export the archive again")
    assert written(tree) == []


# --------------------------------------------------------------------------- text captures


def test_text_capture_gets_its_own_words_as_quotes(tree):
    text = ("Ferry terminal to close\nBy Ada Lovelace\nTuesday, 27 February 2024\n"
            "PORTMERE (Gazette Wire) - " + PROSE[0] + "\n" + PROSE[1] + "\n© 2024 Gazette Wire. All rights reserved.\n")
    added = run_add(tree, put(tree, "wire.txt", text))
    meta = meta_of(tree, added.sid)
    assert meta["byline"] == {"value": "Ada Lovelace", "quote": "By Ada Lovelace"}
    assert meta["published"] == {"value": "2024-02-27", "quote": "Tuesday, 27 February 2024"}
    assert meta["dateline"] == {"value": "Portmere", "quote": "PORTMERE (Gazette Wire)"}
    assert meta["outlet"] == {"value": "Gazette Wire", "quote": "(Gazette Wire)"}
    assert meta["capture"] == {"media_type": "text/plain", "file": "capture.txt",
                               "sha256": hashlib.sha256(text.encode()).hexdigest(),
                               "method": "Imported unchanged by `python -m build_scripts add` from the file 'wire.txt'."}
    dossier, problems = read_dossier(tree / "dossier")
    assert dossier is not None, problems
    reading = [p.text for p in dossier.sources[0].reading.paragraphs]
    assert "By Ada Lovelace" not in reading and "Tuesday, 27 February 2024" not in reading  # furniture, in the log
    assert {e.rule for e in dossier.sources[0].reading.log} >= {"byline", "date-line", "copyright-line"}


def test_prose_that_opens_like_a_byline_is_not_taken_for_one(tree):
    text = "By the time the ferry left, the harbour was empty.\n" + PROSE[0] + "\n"
    meta = meta_of(tree, run_add(tree, put(tree, "t.txt", text)).sid)
    assert "unknown" in meta["byline"] and "unknown" in meta["dateline"] and "unknown" in meta["published"]


# --------------------------------------------------------------------------- the built source


def test_imported_sources_pass_check_and_build_without_serving_html(tree):
    run_add(tree, put(tree, "ferry.html", article_html(jsonld=NEWS_JSONLD)))
    run_add(tree, put(tree, "crawl.wacz", wacz_bytes(warc_bytes([(URL2, PAGE2)]))))
    run_add(tree, put(tree, "wire.txt", "\n".join(PROSE) + "\n"))
    assert main(["check", "--dossier", "dossier"]) == 0
    files = build(tree / "dossier").files
    published = sorted(p for p in files if p.startswith("sources/") and not p.endswith(".md"))
    assert published == ["sources/000/capture.extracted.txt", "sources/000/capture.html.txt",
                         "sources/001/capture.extracted.txt", "sources/002/capture.txt"]
    assert files["sources/000/capture.html.txt"] == (tree / "dossier/sources/000/capture.html").read_bytes()
    page = files["sources/000/index.md"].decode("utf-8")
    assert '<a href="capture.html.txt">capture.html</a>' in page  # provenance is a raw HTML table
    assert "capture.wacz (kept in the dossier, not published)" in files["sources/001/index.md"].decode("utf-8")
    for sid in ("000", "001", "002"):  # the download link (finished HTML, which MkDocs does not check) lands on a file
        hrefs = re.findall(r'\(<a href="([^"]+)">download ', files[f"sources/{sid}/index.md"].decode("utf-8"))
        assert len(hrefs) == 1 and f"sources/{sid}/{hrefs[0]}" in files, (sid, hrefs)
    data = json.loads(files["data/dossier.json"])
    jsonschema.Draft202012Validator(json.loads((ROOT / "docs/data/dossier.schema.json").read_text("utf-8"))).validate(data)
    assert data["sources"][1]["capture"]["extracted"]["record"] == URL2


def test_edited_extracted_text_fails_check(tree):
    added = run_add(tree, put(tree, "ferry.html", article_html(jsonld=NEWS_JSONLD)))
    path = tree / "dossier" / "sources" / added.sid / "capture.extracted.txt"
    path.write_text(path.read_text("utf-8") + "An added line.\n", "utf-8")
    dossier, problems = load(tree / "dossier")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    recorded = meta_of(tree, added.sid)["capture"]["extracted"]["sha256"]
    assert dossier is None
    assert [p.message for p in problems] == [
        f"capture.extracted.sha256: capture.extracted.txt has SHA-256 {actual}, but {recorded} is recorded; "
        "the extracted text is never edited: restore it (add a furniture rule to change the reading text)"]


def test_command_prints_what_it_found_where_and_what_stays_unknown(tree, capsys):
    put(tree, "ferry.html", article_html(jsonld=NEWS_JSONLD))
    assert main(["add", "inbox/ferry.html", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("inbox/ferry.html: text/html, ")
    assert "  title: 'Ferry terminal to close for winter repairs' (the page's JSON-LD, key \"headline\")\n" in out
    assert "unknown:\n" in out and "  retrieved: The capture does not record when it was made.\n" in out
    assert out.endswith("dry run: nothing written\n")
    assert written(tree) == []


def test_dry_run_writes_nothing(tree):
    before = sorted(p.as_posix() for p in tree.rglob("*"))
    added = run_add(tree, put(tree, "ferry.html", article_html()), dry_run=True)
    assert added.written is False and added.meta["title"]["value"]
    assert sorted(p.as_posix() for p in tree.rglob("*")) == sorted(before + [str(tree / "inbox" / "ferry.html")])


# --------------------------------------------------------------------------- refusals (exact text)


def refused(tree: Path, capsys, *args: str) -> str:
    assert main(["add", *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert written(tree) == []
    assert not [p for p in (tree / "dossier").iterdir() if p.name.startswith(".add-")]
    return captured.err


def test_file_that_is_not_text_html_or_archive(tree, capsys):
    put(tree, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert refused(tree, capsys, "inbox/photo.png") == (
        "error: inbox/photo.png: not a text file, an HTML page or a web archive (WARC, WACZ); import a page "
        "saved by a browser (HTML), a WARC/WACZ file or a UTF-8 text capture\nnothing written\n")


def test_page_of_50_mb_is_refused(tree, capsys):
    path = put(tree, "huge.html", "<!DOCTYPE html><html><body><p>")
    with path.open("r+b") as f:
        f.truncate(50 * 1024 * 1024)
    assert refused(tree, capsys, "inbox/huge.html") == (
        "error: inbox/huge.html: text/html file of 50.0 MB is larger than the limit of 10 MB for text/html "
        "captures; save only the article's page\nnothing written\n")


def test_path_outside_the_working_tree(tree, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "page.html"
    outside.write_text(article_html(), "utf-8")
    assert refused(tree, capsys, str(outside)) == (
        f"error: {outside}: the file is outside the working tree ({tree.resolve()}); copy it into the working "
        "tree first (for example into inbox/), then run add on the copy\nnothing written\n")


def test_id_that_exists(tree, capsys):
    put(tree, "a.txt", "\n".join(PROSE) + "\n")
    assert main(["add", "inbox/a.txt", "--id", "ferry-news"]) == 0
    before = (tree / "dossier/sources/ferry-news/source.yml").read_bytes()
    capsys.readouterr()
    assert main(["add", "inbox/a.txt", "--id", "ferry-news"]) == 1
    assert capsys.readouterr().err == (
        "error: dossier/sources/ferry-news: a source with id 'ferry-news' exists; an import never replaces a "
        "source: choose another id with --id\nnothing written\n")
    assert (tree / "dossier/sources/ferry-news/source.yml").read_bytes() == before


def test_id_that_differs_only_in_letter_case(tree, capsys):
    put(tree, "a.txt", "\n".join(PROSE) + "\n")
    assert main(["add", "inbox/a.txt", "--id", "ferry-news"]) == 0
    capsys.readouterr()
    assert main(["add", "inbox/a.txt", "--id", "Ferry-News"]) == 1
    assert capsys.readouterr().err == (
        "error: dossier/sources/ferry-news: the id 'Ferry-News' differs from the existing 'ferry-news' only in "
        "letter case, which would clash on case-insensitive file systems; choose another id with --id\n"
        "nothing written\n")
    assert sorted(p.name for p in (tree / "dossier/sources").iterdir()) == ["ferry-news"]


def test_page_with_no_article(tree, capsys):
    put(tree, "home.html", '<!DOCTYPE html><html><head><title>Portmere Gazette</title></head><body><nav>'
        '<a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></body></html>')
    assert refused(tree, capsys, "inbox/home.html") == (
        "error: inbox/home.html: no article found in the page (the extractor and the page's JSON-LD give fewer "
        "than 10 words); save the article's own page, not a home, index or consent page\nnothing written\n")


def test_text_that_is_not_utf8(tree, capsys):
    put(tree, "latin1.txt", "Café au lait\nSecond line\n".encode("iso-8859-1"))
    assert refused(tree, capsys, "inbox/latin1.txt") == (
        "error: inbox/latin1.txt:1: not UTF-8 text (byte 0xe9 at offset 3); save the capture as UTF-8 and say "
        "so in capture.method\nnothing written\n")


@pytest.mark.mkdocs
def test_mkdocs_site_of_an_imported_page_serves_its_html_only_as_text(tree, tmp_path_factory):
    from .conftest import make_project, mkdocs_build

    run_add(tree, put(tree, "ferry.html", article_html(jsonld=NEWS_JSONLD)))
    project = make_project(tmp_path_factory.mktemp("project"), tree / "dossier")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    folder = project / "site" / "sources" / "000"
    assert sorted(p.name for p in folder.iterdir()) == ["capture.extracted.txt", "capture.html.txt", "index.html"]


def test_command_reports_where_it_wrote(tree, capsys):
    put(tree, "wire.txt", "PORTMERE: " + "\n".join(PROSE) + "\n")
    assert main(["add", "inbox/wire.txt", "--id", "wire-1", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "  dateline: 'Portmere' (quote: 'PORTMERE')\n" in out
    assert "  language: 'en' (given by the editor who imported the capture (add --language))\n" in out
    assert out.endswith("wrote dossier/sources/wire-1/ (capture and reading text hashed); review its source.yml, "
                        "then run `python -m build_scripts check`\n")
    assert written(tree) == ["dossier/sources", "dossier/sources/wire-1", "dossier/sources/wire-1/capture.txt",
                             "dossier/sources/wire-1/source.yml"]


def test_missing_extracted_text_fails_check(tree):
    added = run_add(tree, put(tree, "ferry.html", article_html()))
    (tree / "dossier" / "sources" / added.sid / "capture.extracted.txt").unlink()
    dossier, problems = load(tree / "dossier")
    assert dossier is None
    assert [p.message for p in problems] == [
        "capture.extracted.file: the extracted text 'capture.extracted.txt' is missing from "
        f"{(tree / 'dossier' / 'sources' / added.sid).as_posix()}/; restore it, or import the capture again "
        "with `python -m build_scripts add`"]


# --------------------------------------------------------------------------- the schema of imported sources


def test_page_capture_without_extracted_text_is_refused_by_check(tmp_path):
    factory = DossierFactory(tmp_path / "dossier")
    html = article_html().encode("utf-8")
    factory.write("sources/s1/capture.html", html)
    meta = factory.meta("s1", html, "capture.html")
    meta["capture"]["media_type"] = "text/html"
    path = factory.write("sources/s1/source.yml", dump(meta))
    dossier, problems = load(tmp_path / "dossier")
    assert dossier is None
    assert [(p.path, p.message) for p in problems] == [(str(path), (
        "capture: a text/html capture needs `extracted:` (run `python -m build_scripts add` on it)"))]


def test_archive_capture_with_a_page_name_is_refused_by_check(tree):
    added = run_add(tree, put(tree, "crawl.warc.gz", warc_bytes([(URL1, PAGE1)])))
    meta_path = tree / "dossier" / "sources" / added.sid / "source.yml"
    meta_path.write_text(meta_path.read_text("utf-8").replace("file: capture.warc.gz", "file: capture.html"), "utf-8")
    _, problems = load(tree / "dossier")
    assert [p.message for p in problems] == [
        "capture.file: 'capture.html' is not allowed: name the capture file with letters, digits, dots, hyphens "
        "or underscores, ending in .warc or .warc.gz (for application/warc)"]


def test_a_source_may_skip_a_default_rule(tree):
    added = run_add(tree, put(tree, "wire.txt", "Advertisement\n" + "\n".join(PROSE) + "\n"))
    meta_path = tree / "dossier" / "sources" / added.sid / "source.yml"
    meta_path.write_text(meta_path.read_text("utf-8") + "normalise:\n  skip_rules: [advertisement-marker]\n", "utf-8")
    dossier, problems = read_dossier(tree / "dossier")
    assert dossier is not None, [p.format() for p in problems]
    assert dossier.sources[0].reading.paragraphs[0].text == "Advertisement"


def test_check_help_says_that_add_computes_the_hash(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "Capture hashes are checked, never typed: `python -m build_scripts add` computes them." in capsys.readouterr().out
