"""Inputs for the import tests, made here: pages, a WARC and a WACZ (written with warcio)."""

from __future__ import annotations

import io
import json
import zipfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PROSE = [
    "The harbour authority of Portmere said on Tuesday that the northern ferry terminal would close for "
    "repairs at the end of the month, leaving the island with a single crossing for most of the winter.",
    "Officials told reporters that the works, delayed twice since the spring, would cost about four "
    "million pounds and should be finished before the summer timetable begins in May.",
    "Residents of the island have complained for years about cancelled sailings, and a petition signed by "
    "more than two thousand people asked the council to keep both terminals open during the repairs.",
    "The council's transport committee will discuss the petition at its next meeting, a spokesperson said, "
    "adding that a temporary pontoon was being considered but had not yet been approved.",
]


def article_html(*, jsonld: dict | None = None, head: str = "", prose: list[str] = PROSE,
                 charset: str = "utf-8", lang: str = "en") -> str:
    script = (f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else "")
    paras = "\n".join(f"<p>{p}</p>" for p in prose)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{charset}">{head}{script}'
            f"<title>Ferry terminal to close | Portmere Gazette</title></head><body>"
            '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
            f"<article><h1>Ferry terminal to close for repairs</h1>\n{paras}\n</article>"
            "<footer><p>Contact us</p></footer></body></html>")


NEWS_JSONLD = {
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Ferry terminal to close for winter repairs",
    "datePublished": "2024-02-27T08:15:00.000Z",
    "author": [{"@type": "Person", "name": "Ada Lovelace"}, {"@type": "Person", "name": "Tom Kerr"}],
    "publisher": {"@type": "Organization", "name": "Portmere Gazette"},
}


def warc_bytes(pages: list[tuple[str, bytes]], gz: bool = True, extra: bool = True) -> bytes:
    """A WARC with a request record, a non-HTML response and one HTML response per page."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    if extra:
        css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://portmere.example/style.css", "response", payload=io.BytesIO(b"body{}"), http_headers=css,
            warc_headers_dict={"WARC-Date": "2024-03-01T10:20:29Z"}))
    for url, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html), http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-01T10:20:30Z"}))
    return buf.getvalue()


def wacz_bytes(warc: bytes) -> bytes:
    """A WACZ as the spec lays it out: archive/*.warc.gz, pages/pages.jsonl, datapackage.json."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.warc.gz", warc)
        z.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
    return buf.getvalue()
