"""The editor's prose (home summary, topic summaries, entity descriptions) as Markdown:
escaped text, citations (`[[002#p24]]`, analysis/citations.py) as links to the paragraph,
and a line that says whose words they are."""

from __future__ import annotations

from ..analysis.citations import CITATION, parse
from ..models import Dossier
from .markup import attr, inline, link, md, md_attr, md_link, page_path
from .source_page import number


def prose_inline(dossier: Dossier, text: str, here: str) -> str:
    """One block of prose as inline Markdown; each citation becomes a link to its paragraph."""
    out, last = [], 0
    for start, end, cite in parse(text):
        out.append(_piece(text[last:start]))
        out.append(_link(dossier, cite, here))
        last = end
    out.append(_piece(text[last:]))
    return "".join(out).strip()


def _piece(text: str) -> str:
    """Escaped Markdown that keeps the spaces at either end (it sits between citations)."""
    inner = md(text)
    if not inner:
        return " " if text and text.isspace() else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _link(dossier: Dossier, cite, here: str) -> str:
    if cite.source is None:
        return md(cite.text)  # check reports it; shown as written
    label, title = _cite_label(dossier, cite)
    link = md_link(md(label), here, page_path("sources", cite.source), cite.paragraph)
    return f"<sup class=\"dossier-ref\" title=\"{md_attr(title)}\">{link}</sup>"


def prose_html(dossier: Dossier, text: str, here: str) -> str:
    """`prose_inline` as HTML on one line, for raw HTML blocks (rawblocks, listings' tables)."""
    out, last = [], 0
    for start, end, cite in parse(text):
        out.append(_piece_html(text[last:start]))
        out.append(_link_html(dossier, cite, here))
        last = end
    out.append(_piece_html(text[last:]))
    return "".join(out).strip()


def _piece_html(text: str) -> str:
    inner = inline(text)
    if not inner:
        return " " if text and text.isspace() else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _link_html(dossier: Dossier, cite, here: str) -> str:
    if cite.source is None:
        return inline(cite.text)
    label, title = _cite_label(dossier, cite)
    a = link(inline(label), here, page_path("sources", cite.source), cite.paragraph)
    return f'<sup class="dossier-ref" title="{attr(title)}">{a}</sup>'


def _cite_label(dossier: Dossier, cite) -> tuple[str, str]:
    source = dossier.source(cite.source)
    if cite.paragraph is None:
        return f"source {cite.source}", source.label
    para = source.reading.paragraph(cite.paragraph)
    n = number(source, para.id)
    return f"{cite.source} ¶{n}", f"{source.label}, paragraph {n} (line {para.line} of the capture)"


def prose_md(dossier: Dossier, text: str, here: str) -> str:
    """Prose as Markdown paragraphs (blank lines separate them)."""
    return "\n\n".join(prose_inline(dossier, block, here) for block in text.split("\n\n") if block.strip())


def byline(editor: str | None, what: str) -> str:
    """Who wrote a piece of prose: "Editor's summary" when unnamed."""
    return f"Editor’s {what}" + (f", by {md(editor)}" if editor else "")


def editors_prose(dossier: Dossier, text: str, editor: str | None, what: str, here: str) -> str:
    """A block of the editor's prose, marked as such, with who wrote it."""
    body = prose_md(dossier, text, here)
    return (f'<div class="dossier-editorial" markdown="1">\n\n{byline(editor, what)}\n{{: .dossier-byline }}\n\n'
            f"{body}\n\n</div>")


def plain_text(text: str) -> str:
    """Prose without its citations, as plain text (meta descriptions)."""
    return " ".join(CITATION.sub("", text).split())
