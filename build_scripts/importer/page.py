"""The reading text and the metadata of an HTML page.

The text comes from trafilatura (article extraction), or from the page's own structured
data (JSON-LD `articleBody`) where trafilatura finds too little. Metadata comes only from
what the page's markup says, and each field names the element or key it was read from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.metadata import version

import htmldate
import lxml.html
import trafilatura
from trafilatura.utils import load_html

from .jsonld import article_objects, first_text, names, iso_date

MIN_WORDS = 10  # an extraction with fewer words than this is no article
EXTRACT_OPTIONS = {"include_comments": False, "favor_precision": True, "include_tables": True}


@dataclass
class Page:
    text: str  # the reading text, one paragraph a line
    extractor: str  # which library (and version) produced the text
    fields: dict[str, dict] = field(default_factory=dict)  # attested metadata found in the markup


def extractor_name() -> str:
    return f"trafilatura {version('trafilatura')}"


def parse(data: bytes, charset: str | None = None) -> lxml.html.HtmlElement | None:
    """The page's tree; `charset` (from an HTTP header) wins over what the page declares."""
    if charset:
        try:
            return load_html(data.decode(charset, errors="replace"))
        except LookupError:
            pass
    return load_html(data)


def read_page(data: bytes, charset: str | None = None, url: str | None = None) -> Page | None:
    """The article of the page, or None when neither trafilatura nor JSON-LD finds one."""
    tree = parse(data, charset)
    if tree is None:
        return None
    articles = article_objects(tree)
    text = extract_text(tree, url)
    body = first_text(articles, "articleBody")
    if _words(text) < MIN_WORDS and body and _words(body) >= MIN_WORDS:
        page = Page(_lines(body), "JSON-LD articleBody")
    elif _words(text) >= MIN_WORDS:
        page = Page(text, extractor_name())
    else:
        return None
    page.fields = page_fields(tree, articles)
    return page


def extract_text(tree: lxml.html.HtmlElement, url: str | None = None) -> str:
    """trafilatura's reading text of the page (one paragraph a line), or ""."""
    # trafilatura prunes the tree it is given: pass a copy so the markup can still be read.
    copy = lxml.html.fromstring(lxml.html.tostring(tree))
    text = trafilatura.extract(copy, url=url, **EXTRACT_OPTIONS) or ""
    return _lines(text)


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def page_fields(tree: lxml.html.HtmlElement, articles: list[dict]) -> dict[str, dict]:
    """Metadata as attested fields, each with the `basis` naming where in the page it is."""
    found: dict[str, dict] = {}

    def put(name: str, value: str | None, basis: str) -> None:
        value = " ".join(value.split()) if value else ""
        if value and name not in found:
            found[name] = {"value": value, "basis": basis}

    put("title", first_text(articles, "headline"), 'the page\'s JSON-LD, key "headline"')
    put("title", _meta(tree, "property", "og:title"), 'the page\'s <meta property="og:title">')
    put("title", tree.findtext(".//title"), "the page's <title> element")
    put("outlet", names(articles, "publisher"), 'the page\'s JSON-LD, key "publisher"')
    put("outlet", _meta(tree, "property", "og:site_name"), 'the page\'s <meta property="og:site_name">')
    put("byline", names(articles, "author"), 'the page\'s JSON-LD, key "author"')
    put("byline", _meta(tree, "name", "author"), 'the page\'s <meta name="author">')
    put("url", _link(tree, "canonical"), 'the page\'s <link rel="canonical">')
    put("url", _meta(tree, "property", "og:url"), 'the page\'s <meta property="og:url">')
    put("url", _saved_from(tree), 'the "saved from url" comment the browser wrote into the saved page')
    put("published", iso_date(first_text(articles, "datePublished")), 'the page\'s JSON-LD, key "datePublished"')
    put("published", iso_date(_meta(tree, "property", "article:published_time")),
        'the page\'s <meta property="article:published_time">')
    if "published" not in found:
        put("published", _htmldate(tree), f"htmldate {version('htmldate')} read it from the page's markup "
            "(original publication date, no extensive search)")
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    put("language", lang, 'the lang attribute of the page\'s <html> element')
    put("language", first_text(articles, "inLanguage"), 'the page\'s JSON-LD, key "inLanguage"')
    return found


def _meta(tree, attr: str, name: str) -> str | None:
    for el in tree.iter("meta"):
        if (el.get(attr) or "").strip().lower() == name:
            return el.get("content")
    return None


def _link(tree, rel: str) -> str | None:
    for el in tree.iter("link"):
        if rel in (el.get("rel") or "").lower().split():
            href = el.get("href") or ""
            return href if href.startswith(("http://", "https://")) else None
    return None


def _saved_from(tree) -> str | None:
    for comment in tree.getroottree().getroot().itersiblings(preceding=True):
        text = str(comment.text or "") if isinstance(comment, lxml.html.HtmlComment) else ""
        if text.strip().startswith("saved from url="):
            url = text.split(")", 1)[-1].strip()
            return url if url.startswith(("http://", "https://")) else None
    return None


def _htmldate(tree) -> str | None:
    try:
        return htmldate.find_date(lxml.html.fromstring(lxml.html.tostring(tree)), original_date=True,
                                  extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, json.JSONDecodeError):
        return None
