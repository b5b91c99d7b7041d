"""Verbatim passages for the comparison pages: a span shown in its sentence or paragraph,
highlighted through `markup.marked`, with a link to the paragraph it comes from."""

from __future__ import annotations

from ..models import Dossier, Span
from .markup import html, marked, md, md_link, page_path, url
from .names import number


def span_text(dossier: Dossier, span: Span) -> str:
    """The span's words, verbatim from the paragraph's reading text."""
    return dossier.source(span.source).reading.paragraph(span.paragraph).text[span.start:span.end]


def excerpt(dossier: Dossier, span: Span, context: Span | None = None, css: str = "dossier-hit") -> str:
    """Escaped HTML of `context` (default: the whole paragraph) with `span` highlighted."""
    text = dossier.source(span.source).reading.paragraph(span.paragraph).text
    start, end = (context.start, context.end) if context else (0, len(text))
    return marked(text[start:end], span.start - start, span.end - start, css)


def where(dossier: Dossier, here: str, span: Span) -> str:
    """An HTML link to the paragraph of `span`: "Source 002, paragraph 17 (line 22)", the
    paragraph's number in reading order and the capture line it starts on."""
    source = dossier.source(span.source)
    para = source.reading.paragraph(span.paragraph)
    link = url(here, page_path("sources", span.source), para.id)
    return f'<a href="{link}">Source {html(span.source)}, paragraph {number(source, para.id)} (line {para.line})</a>'


def source_md(dossier: Dossier, here: str, sid: str) -> str:
    """A Markdown link to a source's page, labelled with its id and label."""
    source = dossier.source(sid)
    return md_link(f"{md(sid)}: {md(source.label)}", here, page_path("sources", sid))


def quote_block(dossier: Dossier, here: str, span: Span, context: Span | None = None, note: str = "",
                css: str = "dossier-hit") -> str:
    """A blockquote of the passage with its citation; `note` is HTML already escaped."""
    cite = url(here, page_path("sources", span.source), span.paragraph)
    return (f'<blockquote class="dossier-quote" cite="{cite}"><p>{excerpt(dossier, span, context, css)}</p>'
            f'<p class="dossier-cite">— {where(dossier, here, span)}{" · " + note if note else ""}</p></blockquote>')


def slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part) or "x"
