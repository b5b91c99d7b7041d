"""The one place where untrusted text is escaped, for the context it lands in.

- `md(text)`: inline Markdown (headings, table cells, list items, link labels): HTML
  metacharacters become entities and every Markdown metacharacter is backslash-escaped, so
  Python-Markdown shows the text as written and interprets nothing.
- `html(text)`: text inside a raw HTML block, which Markdown passes through untouched.
- `highlight(text, marks)`: a paragraph with possibly overlapping marked spans (mentions,
  topic passages, quotations, annotations...) as escaped HTML with `<mark>` elements; the
  one way any feature shows a span of text.
- `front_matter(title)`: the page title, which MkDocs themes print unescaped (and Material
  even un-escapes with `striptags`), so it is stored HTML-escaped.

Control characters (which could also collide with Python-Markdown's internal placeholders)
are shown as visible symbols in every context.
"""

from __future__ import annotations

import functools
import html as _html
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

_MD_ESCAPED = frozenset("\\`*_{}[]()>#+-.!|")


_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: f"\u27e8U+{code:04X}\u27e9" for code in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """Control characters as visible symbols (U+2400 block); everything else unchanged."""
    return text.translate(_VISIBLE)


def md(text: str) -> str:
    """`text` as inline Markdown that renders exactly as written (on one line)."""
    escaped = _html.escape(" ".join(visible(text).split()), quote=False)
    return "".join("\\" + ch if ch in _MD_ESCAPED else ch for ch in escaped)


def html(text: str) -> str:
    """`text` for the inside of an HTML element or attribute."""
    return _html.escape(visible(text), quote=True)


@dataclass(frozen=True, order=True)
class Mark:
    """A span of a paragraph's text to highlight: [start, end) in code points."""

    start: int
    end: int
    css: str = "dossier-mark"
    title: str = ""  # shown on hover; plain text
    id: str | None = None  # an anchor id, put on the mark's first element
    describedby: str | None = None  # the id of what describes it (a note): its first element then takes focus


_SPACES = re.compile(r"\s+")


def _md_inline(text: str) -> str:
    """Like `md`, but keeps a leading or trailing space (a piece of a longer line)."""
    escaped = _html.escape(_SPACES.sub(" ", visible(text)), quote=False)
    return "".join("\\" + ch if ch in _MD_ESCAPED else ch for ch in escaped)


def highlight(text: str, marks: Iterable[Mark], markdown: bool = False) -> str:
    """`text` with each mark wrapped in `<mark>`, escaped for raw HTML (or, with `markdown`,
    for inline Markdown on one line). Overlapping marks nest; a mark that crosses another's
    end is closed and reopened, so the HTML stays well formed."""
    escape = _md_inline if markdown else html
    order = sorted({m for m in marks if 0 <= m.start < m.end <= len(text)},
                   key=lambda m: (m.start, -m.end, m.css, m.title, m.id or ""))
    bounds = sorted({0, len(text), *(m.start for m in order), *(m.end for m in order)})
    out: list[str] = []
    stack: list[Mark] = []
    active: list[Mark] = []  # the marks covering the current piece, outermost first
    opened: set[Mark] = set()
    following = 0
    for left, right in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > left]
        while following < len(order) and order[following].start == left:
            active.append(order[following])
            following += 1
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        out += ["</mark>"] * (len(stack) - keep)
        stack = stack[:keep]
        for mark in active[keep:]:
            attrs = f' class="{html(mark.css)}"'
            if mark.id and mark not in opened:
                attrs += f' id="{html(mark.id)}"'
            if mark.describedby and mark not in opened:
                attrs += f' aria-describedby="{html(mark.describedby)}" tabindex="0"'
            if mark.title:
                attrs += f' title="{html(mark.title)}"'
            out.append(f"<mark{attrs}>")
            opened.add(mark)
            stack.append(mark)
        out.append(escape(text[left:right]))
    out += ["</mark>"] * len(stack)
    return "".join(out)


def front_matter(title: str, **extra: object) -> str:
    lines = ["---", f"title: {json.dumps(html(title), ensure_ascii=False)}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    return "\n".join(lines + ["---", ""])


def page_path(kind: str, name: str | None = None) -> str:
    """Source path of a generated page: `sources/index.md`, `sources/000/index.md`, ..."""
    return f"{kind}/index.md" if name is None else f"{kind}/{name}/index.md"


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    return posixpath.relpath(target, start)


def md_link(label_md: str, here: str, target: str, anchor: str | None = None) -> str:
    """A Markdown link from page `here` to page `target` (both source paths), checked by MkDocs."""
    rel = _relpath(target, posixpath.dirname(here))
    return f"[{label_md}]({rel}{'#' + anchor if anchor else ''})"


def url(here: str, target: str, anchor: str | None = None) -> str:
    """The URL of page `target` relative to page `here`, for raw HTML (directory URLs)."""
    to_dir = posixpath.dirname(target) if target.endswith("index.md") else target.removesuffix(".md")
    rel = _relpath(to_dir or ".", posixpath.dirname(here) or ".")
    rel = "" if rel == "." else rel + "/"
    return _html.escape(f"{rel}{'#' + anchor if anchor else ''}" or "./", quote=True)


def table(headers: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A Markdown table; cells are Markdown already escaped by the caller."""
    sep = [":--" if (align or "l" * len(headers))[i] == "l" else "--:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def paragraphs_md(text: str) -> str:
    """Editor's plain text (blank lines separate paragraphs) as escaped Markdown paragraphs."""
    return "\n\n".join(md(block) for block in text.split("\n\n") if block.strip())


# --- raw HTML for bulky listings ------------------------------------------------------------
# Python-Markdown spends most of its time on inline syntax in table cells; a table written as
# a raw HTML block is passed through untouched, which makes long listings cheap for MkDocs.
# Their links are final URLs (`url`), since MkDocs rewrites links only in Markdown.


def inline(text: str) -> str:
    """`text` as HTML on one line, shown exactly as written (the counterpart of `md`)."""
    return html(" ".join(visible(text).split()))


def link(label_html: str, here: str, target: str, anchor: str | None = None) -> str:
    """An HTML link from page `here` to page `target` (source paths), for raw HTML blocks."""
    return f'<a href="{url(here, target, anchor)}">{label_html}</a>'


def html_table(headers: list[str], rows: list[list[str]], align: str | None = None, wrap: bool = True) -> str:
    """A table as one raw HTML block (`raw`, unless `wrap` is False), shaped as Python-Markdown's
    tables; cells are HTML."""
    # Left is the default alignment: only right-aligned cells carry a style (long tables stay small).
    styles = ["" if a == "l" else ' style="text-align: right;"' for a in (align or "l" * len(headers))]
    lines = ["<table>", "<thead>", "<tr>"]
    lines += [f"<th{styles[i]}>{h}</th>" for i, h in enumerate(headers)]
    lines += ["</tr>", "</thead>", "<tbody>"]
    for row in rows:
        lines.append("<tr>" + "".join(f"<td{styles[i]}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return raw("\n".join(lines)) if wrap else "\n".join(lines)


RAW_OPEN, RAW_CLOSE = "<!-- dossier-raw -->", "<!-- /dossier-raw -->"


def raw(html_block: str) -> str:
    """A block of finished HTML that the MkDocs hook splices in after Python-Markdown has run
    (build_scripts/rawblocks.py), so Markdown never parses it; without the hook it is an
    ordinary raw HTML block and renders the same. `html_block` is built from escaped text, so it
    cannot contain the closing marker."""
    return f"{RAW_OPEN}\n{html_block}\n{RAW_CLOSE}"
