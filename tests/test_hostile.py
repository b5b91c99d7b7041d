"""Hostile payloads in every field of every kind of file, through a real `mkdocs build` (issue 14).

Every payload (HTML, Markdown, attribute lists, snippets, templates, comments, abbreviations,
reference links, `javascript:`/`data:` links in any case and encoding) is combined with every
control character, non-character and bidirectional control, and put in every text field of
dossier.yml, source.yml, the entity registry, a topic, the furniture rules, annotations and the
captures.
One site is built with all of them at once, and every page is scanned: no script but the
theme's, no `on*` attribute, no `javascript:`/`data:` URL, no link or image to the payloads'
addresses, no Markdown turned into markup, no raw control or non-character, no bidirectional
control outside a `<bdi>` (and none at all in the page title and navigation), no front matter
rendered as text. A browser test (test_browser.py) loads the affected pages.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_scripts.charsets import BIDI, NONCHARACTER

from .conftest import MKDOCS, DossierFactory, _NoAliasDumper, make_project

pytestmark = pytest.mark.mkdocs

# Each payload carries a marker word "zq<n>" so that what it might have become can be found.
PAYLOADS = [
    "<script>alert('zq1')</script>",
    "<img src=x onerror=alert('zq2')>",
    "![zq3](https://x.invalid/y.png){: onerror=alert(document.domain) }",
    "[zq4](javascript:alert(1)) [zq4](JaVaScRiPt:alert(1)) [zq4](&#106;avascript:alert(1))",
    "[zq5](java%73cript:alert(1)) [zq5](data:text/html;base64,PHNjcmlwdD4=) [zq5](DATA:text/html,x)",
    "<javascript:alert('zq6')> <data:text/html,zq6> <https://x.invalid/zq6> https://x.invalid/zq6raw",
    "[zq7]: javascript:alert(1)",
    "[zq8][r] [r]: https://x.invalid/ref",
    "*[zq9]: an abbreviation",
    "--8<-- \"/etc/passwd\" zq10 ;--8<-- 'README.md'",
    "{{ config.site_name }} zq11 {% include 'x.html' %}",
    "<!-- zq12 --> &lt;b&gt;zq12&lt;/b&gt; &#60;i&#62;zq12",
    "**zq13** __zq13__ *zq13* _zq13_ `zq13` ~~zq13~~ ^^zq13^^ ==zq13==",
    "# zq14 heading",
    "> zq15 quote",
    "- zq16 item",
    "1. zq17 item",
    "| zq18 | cell |",
    "{: #zq19 .zq19 onclick=alert(1) }",
    "zq20 {#zq20 onmouseover=alert(1)}",
    "<a href=\"javascript:alert(1)\">zq21</a><svg onload=alert(1)>",
    "\\<b>zq22\\</b> \\[zq22](javascript:alert(1))",
    "---\ntitle: zq23\n---",
    "<style>body{display:none}</style>zq24",
    # the markers and the token of rawblocks.py (finished HTML spliced in after Python-Markdown)
    "<!-- dossier-raw --> <script>alert('zq25')</script> <!-- /dossier-raw --> dossierraw0x0 zq25",
]
CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
NONCHARS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
BIDIS = ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
SPECIALS = CONTROLS + NONCHARS + BIDIS + ["\u2028", "\u2029", "\ufeff"]


def hostile(group: list[str]) -> str:
    """Every payload of `group`, each preceded by every special character in turn."""
    return " ".join(special + payload for payload in group for special in SPECIALS)


_turn = iter(range(10**6))


def some(group: list[str]) -> str:
    """Every payload of `group`, each preceded by three special characters; each call takes the
    next three, so that the fields together meet every one (the cross product of payloads and
    characters is in the dossier's summary and in the captures)."""
    out = []
    for payload in group:
        k = next(_turn) * 3
        out.append("".join(SPECIALS[(k + j) % len(SPECIALS)] for j in range(3)) + payload)
    return " ".join(out)


def one_line(text: str) -> str:
    """`text` without line breaks (for values that must stay on one line of a capture)."""
    return re.sub("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", " ", text)


GROUPS = [PAYLOADS[i::4] for i in range(4)]  # four sources, entities and topics; all payloads each kind
# A capture line cannot hold a raw NUL... it can: a capture is shown, not parsed. Only a line
# break would split it into two paragraphs.
CAPTURE_LINES = [one_line(hostile(group)) + " zebra" for group in GROUPS]


def capture(n: int) -> str:
    return (f"The zebra crossing of the town square opens at dawn number {n}.\n{CAPTURE_LINES[n]}\n"
            "DROPME furniture line.\nA closing line of the capture.\n")


def escaped(data) -> str:
    """YAML with every non-ASCII character escaped (the file itself is plain ASCII)."""
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=False, sort_keys=False)


def write_dossier(root: Path) -> None:
    factory = DossierFactory(root, rules=False)
    factory.write("dossier.yml", escaped({"title": some(PAYLOADS), "summary": hostile(PAYLOADS)}))
    factory.write("rules/normalise.yml", escaped({"furniture": [{
        "id": "dropme", "description": some(PAYLOADS), "pattern": "^DROPME.*$", "examples": ["DROPME x"]}]}))
    for n, group in enumerate(GROUPS):
        text = capture(n)
        meta = factory.meta(
            f"s{n}", text.encode("utf-8"), outlet={"unknown": some(group)},
            title={"value": some(group), "basis": some(group), "note": some(group)} if n % 2 == 0
            else {"unknown": some(group), "note": some(group)},
            byline={"value": some(group), "quote": CAPTURE_LINES[n]},
            dateline={"value": some(group), "basis": some(group)}, notes=some(group))
        meta["capture"]["method"] = some(group)
        if n % 2:
            meta["label"] = some(group)
        if n == 0:
            meta["normalise"] = {"stories": [{"starts": "The zebra crossing", "title": some(group)},
                                             {"starts": CAPTURE_LINES[0][:40], "title": some(group)}]}
        factory.write(f"sources/s{n}/capture.txt", text)
        factory.write(f"sources/s{n}/source.yml", escaped(meta))
        factory.write(f"entities/e{n}.yml", escaped([{
            "id": f"e{n}", "name": some(group), "kind": ["person", "place", "organisation", "other"][n],
            "description": some(group), "aliases": [some(group), {"text": "zebra" if n == 0 else f"dawn number {n}",
                                                                  "note": some(group)}]}]))
        factory.write(f"annotations/a{n}.yml", escaped({
            "id": f"a{n}", "source": f"s{n}", "exact": "town square", "prefix": "crossing of the ",
            "note": some(group) + "\n \n" + some(group) + "\n\n" + some(group), "motivation": "commenting",
            "author": some(group), "date": "2023-11-19", "links": {"entities": [f"e{n}"], "topics": [f"t{n}"]}}))
        factory.write(f"annotations/orphan{n}.yml", escaped({  # its words are not in the source: shown apart
            "id": f"orphan{n}", "source": f"s{n}", "exact": some(group), "note": some(group),
            "motivation": "questioning", "author": some(group), "date": "2023-11-19"}))
        factory.write(f"topics/t{n}.yml", escaped({
            "slug": f"t{n}", "title": some(group), "summary": some(group) + "\n\n" + some(group),
            "match": {"entities": ["e0"], "terms": ["zebra"]}}))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-all")
    write_dossier(tmp / "dossier")
    project = make_project(tmp / "project", dossier=tmp / "dossier")
    # Not --strict: the dossier's warnings (bidirectional controls, control characters in
    # captures) are intended here; the build must succeed all the same.
    result = subprocess.run([*MKDOCS, "build", "-d", str(project / "site")], cwd=project, capture_output=True,
                            text=True, timeout=600, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-5000:]
    return project / "site"


class Scan(HTMLParser):
    """What a page holds that a payload could have produced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.stack: list[str] = []
        self.bdi = 0
        self.where: list[str] = []  # "title", "nav", "code-pre" regions

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "srcset", "cite", "data", "poster", "xlink:href"):
                url = re.sub(r"[\x00-\x20]", "", value or "").lower()
                fragment = re.fullmatch(r"#[\w-]*", url)  # a heading's anchor, slugified from its text
                if url.startswith(("javascript:", "data:", "vbscript:")) or "x.invalid" in url or (
                        "zq" in url and not fragment):
                    self.found.append(f"<{tag} {name}={value!r}>")
            if value and (BIDI.search(value) or NONCHARACTER.search(value)):
                self.found.append(f"<{tag} {name}> holds a raw bidi control or non-character")
        generated = str(attrs.get("class") or "").startswith("dossier-")  # the pictures, column headers
        if tag in ("img", "iframe", "object", "embed", "style", "abbr", "svg") and "md-" not in str(attrs.get("class")) \
                and not generated:
            if tag not in ("svg",) or self._in_article():
                self.found.append(f"<{tag}> element")
        if tag == "script":
            self.scripts.append((attrs.get("src"), ""))
        if tag not in ("meta", "link", "br", "hr", "img", "input", "path", "source"):
            self.stack.append(tag)
            self.where.append(self._region(tag, attrs))
        if tag == "bdi":
            self.bdi += 1
        if tag == "hr" and self._in_article():
            self.found.append("<hr> in the article (front matter rendered as Markdown?)")

    def _region(self, tag, attrs) -> str:
        cls = attrs.get("class") or ""
        if tag == "title" and "svg" not in self.stack:
            return "title"
        if tag == "nav" or "md-nav" in cls:
            return "nav"
        if tag == "article":
            return "article"
        return ""

    def _in_article(self) -> bool:
        return "article" in self.where

    def handle_endtag(self, tag):
        if tag == "bdi":
            self.bdi -= 1
        if tag in self.stack:
            while self.stack:
                self.where.pop()
                if self.stack.pop() == tag:
                    break

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] = (self.scripts[-1][0], self.scripts[-1][1] + data)
            return
        if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", data) or NONCHARACTER.search(data):
            self.found.append(f"raw control or non-character in text: {data[:40]!r}")
        if BIDI.search(data):
            if "title" in self.where or "nav" in self.where:
                self.found.append(f"bidi control in the page title or navigation: {data[:40]!r}")
            elif not self.bdi:
                self.found.append(f"bidi control outside <bdi> in <{self.stack[-1] if self.stack else ''}>: {data[:40]!r}")
        if re.fullmatch(r"\s*zq\d+(?: (?:heading|quote|item|cell))?\s*", data):
            # shown as written, a payload's word is always part of a longer text node
            self.found.append(f"<{self.stack[-1] if self.stack else ''}> made of payload markup: {data!r}")

    def handle_comment(self, data):
        if "zq" in data:
            self.found.append(f"HTML comment from a payload: {data!r}")


class Text(HTMLParser):
    """The text of a page's article, as a reader sees it (entities decoded, whitespace collapsed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += tag not in ("br", "hr", "img", "input", "meta", "link")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_hostile_site_has_every_kind_of_page(hostile_site):
    names = {p.relative_to(hostile_site).as_posix() for p in pages(hostile_site)}
    assert {"index.html", "sources/s0/index.html", "annotations/index.html", "sources/s1/index.html", "entities/e0/index.html",
            "topics/t0/index.html", "xref/index.html", "entities/index.html", "topics/index.html"} <= names


def test_no_page_holds_anything_a_payload_became(hostile_site):
    problems = {}
    theme_scripts = set()
    for page in pages(hostile_site):
        scan = Scan()
        scan.feed(page.read_text("utf-8"))
        found = list(scan.found)
        for src, text in scan.scripts:
            if src is not None:
                name = src.rsplit("/", 1)[-1]
                # the theme's bundle, our tables.js and details.js, Pagefind's search UI (issue 13)
                # and our search-results.js, with which its results name the source and paragraph
                if not (re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", name)
                        or name in ("tables.js", "details.js", "pagefind-ui.js", "search-results.js")):
                    found.append(f"script src={src}")
                theme_scripts.add(name.split(".")[0])
            elif re.search(r"zq\d|alert|x\.invalid", text):
                found.append(f"inline script with payload text: {text[:80]!r}")
        if found:
            problems[page.relative_to(hostile_site).as_posix()] = found
    assert problems == {}
    assert theme_scripts == {"bundle", "tables", "details", "pagefind-ui", "search-results"}


def article_text(page: Path) -> str:
    parser = Text()
    parser.feed(page.read_text("utf-8"))
    return parser.text()


@pytest.mark.parametrize("page", ["index.html", "sources/s0/index.html", "sources/s3/index.html", "topics/t1/index.html",
                                  "entities/e2/index.html", "entities/index.html"])
def test_the_payloads_are_shown_as_written(hostile_site, page):
    """Not dropped or decoded either: the text a reader sees holds each payload as written."""
    text = article_text(hostile_site / page)
    group = PAYLOADS if page == "index.html" else GROUPS[int(page.split("/")[1][1]) if page[-12:-11].isdigit() else 0]
    for payload in group:
        assert " ".join(payload.split()) in text, payload


def test_control_and_non_characters_are_shown_as_symbols(hostile_site):
    text = article_text(hostile_site / "index.html")
    symbols = [chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"]
    symbols += [f"\u27e8U+{c:04X}\u27e9" for c in [*range(0x80, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF, 0xFDD0,
                                                     0x1FFFE, 0x10FFFF]]
    for symbol in ["\u2421", *symbols]:
        assert symbol in text, symbol


def test_the_page_title_shows_bidi_controls_as_symbols(hostile_site):
    html = (hostile_site / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert re.search("\u27e8U\\+(?:200[EF]|202[A-E]|206[6-9])\u27e9", title) and not BIDI.search(title)
    assert "<bdi>" in html


# --------------------------------------------------------------------------- in a browser

# Every element gets the events that inline handlers and injected markup listen to; the mouse
# goes over every link and mark. A payload that became live code would open a dialog.
FORCE_HANDLERS = """() => {
  const events = ['error', 'load', 'mouseover', 'mouseenter', 'focus', 'animationstart', 'toggle', 'pointerover'];
  let n = 0;
  for (const el of document.querySelectorAll('body *')) {
    for (const type of events) { el.dispatchEvent(new Event(type)); n++; }
  }
  return n;
}"""

BROWSER_PAGES = ["/", "/sources/", "/sources/s0/", "/sources/s1/", "/sources/s2/", "/sources/s3/", "/topics/",
                 "/topics/t0/", "/topics/t1/", "/topics/t2/", "/topics/t3/", "/entities/", "/entities/e0/",
                 "/entities/e1/", "/entities/e2/", "/entities/e3/", "/xref/", "/annotations/"]


@pytest.fixture(scope="module")
def hostile_site_url(hostile_site):
    from .test_browser import serve_folder

    with serve_folder(hostile_site) as url:
        yield url


@pytest.fixture
def page_watch(request):
    """test_browser's `watched` page (Debian's Chromium through Playwright, third-party
    requests refused and recorded), on a browser of this module."""
    from .test_browser import Watched

    browser = request.getfixturevalue("browser")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        watched = Watched(context.new_page())
        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), watched.refuse)
        yield watched
    finally:
        context.close()


from .test_browser import browser  # noqa: E402,F401  (the browser tests' Chromium fixture, reused)


@pytest.mark.browser
def test_no_dialog_fires_on_any_hostile_page(page_watch, hostile_site_url):
    page = page_watch.page
    for path in BROWSER_PAGES:
        page_watch.open(hostile_site_url + path)
        assert page.evaluate(FORCE_HANDLERS) > 100
        for link in page.locator("article a, article mark").all()[:8]:
            link.hover(timeout=2000, force=True)
        page.wait_for_timeout(100)
        assert page_watch.dialogs == [], path
        assert page_watch.third_party == [], path  # no image or link to a payload's address was loaded
        assert page.evaluate("document.querySelectorAll('article img, article script, article iframe').length") == 0
    assert page_watch.errors == []
