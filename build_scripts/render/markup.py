"""The one place where untrusted text is escaped, for the context it lands in.

- `md(text)`: inline Markdown (headings, table cells, list items, link labels): HTML
  metacharacters become entities and every Markdown metacharacter is backslash-escaped, so
  Python-Markdown shows the text as written and interprets nothing: with `<` and `&` escaped
  there is no raw HTML, autolink or entity; with `[ ] ( ) !` no link, image or reference; with
  `{ }` no attribute list (`{: onerror=... }`); with `*`, `|` and the rest, no emphasis or table
  cell. A bare URL or a `:` needs no escape as long as no extension of mkdocs.yml autolinks
  (such as pymdownx.magiclink) or reads snippets or abbreviations; tests/test_hostile.py
  builds the site with every payload and would show it if one did.
- `heading(text)`: the same for a heading, whose text the table of contents repeats as plain
  text (bidirectional controls shown as symbols there, as in the page title).
- `html(text)`: text inside a raw HTML block, which Markdown passes through untouched.
- `highlight(text, marks)`: a paragraph with possibly overlapping marked spans (mentions,
  topic passages, quotations, annotations...) as escaped HTML with `<mark>` elements; the
  one way any feature shows a span of text.
- `code(text)`: a code span, for Markdown that GitHub renders (the change report).
- `attr(text)`: text inside an HTML attribute's double quotes.
- `front_matter(title)`: the page title, which MkDocs themes print unescaped (and Material
  even un-escapes with `striptags`), so it is stored HTML-escaped; each text of the front
  matter is written exactly as PyYAML's serialiser writes it (`yaml_string`, tested on every
  code point), so it can never fail to parse (MkDocs would then render it as Markdown).

Control characters (which could also collide with Python-Markdown's internal placeholders)
and non-characters are shown as visible symbols in every context. Text holding a
bidirectional control is isolated in `<bdi>` wherever it lands in HTML, so it cannot reorder
what surrounds it; in the page title and the navigation, plain text, the control is shown as
a visible symbol instead.
"""

from __future__ import annotations

import functools
import html as _html
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from ..charsets import BIDI, NONCHARACTER, NONCHARACTERS

_MD_ESCAPED = frozenset("\\`*_{}[]()>#+-.!|")
_READER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads what MkDocs' SafeLoader reads, faster


_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: f"\u27e8U+{code:04X}\u27e9" for code in range(0x80, 0xA0)})
_SHOWN = re.compile("[" + "".join(f"\\x{code:02x}" for code in _VISIBLE) + NONCHARACTERS + "]")  # what `visible` changes


def _code(match: re.Match) -> str:
    return f"\u27e8U+{ord(match.group()):04X}\u27e9"


def visible(text: str) -> str:
    """Control characters as visible symbols (U+2400 block), non-characters as ⟨U+FFFF⟩;
    everything else unchanged."""
    # The usual case, nothing to show, found in C: every character to show is unprintable
    # (`translate` would look each character of a non-ASCII text up in a dict).
    if text.isprintable() or not _SHOWN.search(text):
        return text
    return NONCHARACTER.sub(_code, text.translate(_VISIBLE))


def _isolated(escaped: str, text: str) -> str:
    return f"<bdi>{escaped}</bdi>" if BIDI.search(text) else escaped


def md(text: str) -> str:
    """`text` as inline Markdown that renders exactly as written (on one line)."""
    escaped = _html.escape(" ".join(visible(text).split()), quote=False)
    return _isolated("".join("\\" + ch if ch in _MD_ESCAPED else ch for ch in escaped), text)


def heading(text: str) -> str:
    """`text` as inline Markdown for a heading: as `md`, but bidirectional controls shown as
    symbols, since the table of contents repeats a heading's text as plain text."""
    return md(BIDI.sub(_code, text))


def html(text: str) -> str:
    """`text` for the inside of an HTML element."""
    if text.isascii():  # the usual case: no bidirectional control to isolate (they are not ASCII)
        return _escape(text if text.isprintable() else visible(text))
    return _isolated(attr(text), text)


def attr(text: str) -> str:
    """`text` for the inside of an HTML attribute (in double quotes)."""
    return _escape(visible(text))


def _escape(text: str) -> str:
    """`html.escape(text, quote=True)`, without its five passes when nothing needs escaping."""
    return _html.escape(text, quote=True) if _SPECIAL.search(text) else text


_SPECIAL = re.compile(r"""[&<>"']""")


def cell_html(text: str) -> str:
    """`text` for raw HTML inside a Markdown table cell or an attribute: `plain` (on one line,
    bidi controls as visible symbols), escaped, and `|` as a character reference so that it
    cannot split the cell."""
    return html(plain(text)).replace("|", "&#124;")


def md_attr(text: str) -> str:
    """`text` for an attribute of an inline HTML tag in Markdown (a table cell, a paragraph):
    `cell_html`, then Markdown's metacharacters backslash-escaped, since Python-Markdown reads
    links and emphasis before it sets inline tags aside (the escapes are undone in the output)."""
    return "".join("\\" + ch if ch in _MD_ESCAPED else ch for ch in cell_html(text))


def plain(text: str) -> str:
    """`text` for plain-text places (the page title, the navigation): on one line, control
    characters, non-characters and bidirectional controls all shown as visible symbols."""
    return BIDI.sub(_code, " ".join(visible(text).split()))


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
    return _isolated("".join("\\" + ch if ch in _MD_ESCAPED else ch for ch in escaped), text)


def highlight(text: str, marks: Iterable[Mark], markdown: bool = False) -> str:
    """`text` with each mark wrapped in `<mark>`, escaped for raw HTML (or, with `markdown`,
    for inline Markdown on one line). Overlapping marks nest; a mark that crosses another's
    end is closed and reopened, so the HTML stays well formed."""
    escape = _md_inline if markdown else html
    order = sorted({m for m in marks if 0 <= m.start < m.end <= len(text)},
                   key=lambda m: (m.start, -m.end, m.css, m.title, m.id or ""))
    if len(order) <= 1:  # the usual case, and what the general loop below gives for it
        return _one_mark(text, order[0], escape) if order else escape(text)
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
            out.append(_start_tag(mark, first=mark not in opened))
            opened.add(mark)
            stack.append(mark)
        out.append(escape(text[left:right]))
    out += ["</mark>"] * len(stack)
    return "".join(out)


def _start_tag(mark: Mark, first: bool) -> str:
    """The opening tag of a mark (its id and focus only on its first element)."""
    attrs = f' class="{attr(mark.css)}"'
    if mark.id and first:
        attrs += f' id="{attr(mark.id)}"'
    if mark.describedby and first:
        attrs += f' aria-describedby="{attr(mark.describedby)}" tabindex="0"'
    if mark.title:
        attrs += f' title="{attr(mark.title)}"'
    return f"<mark{attrs}>"


def marked(text: str, start: int, end: int, css: str) -> str:
    """`highlight(text, [Mark(start, end, css)])`, for the one span of a snippet or an excerpt
    (tens of thousands in a large dossier), without making the mark and sorting it."""
    if not 0 <= start < end <= len(text):
        return html(text)
    return _wrapped(text, start, end, _plain_start_tag(css), html)


@functools.lru_cache(maxsize=64)
def _plain_start_tag(css: str) -> str:
    """`_start_tag` of a mark with a class only."""
    return _start_tag(Mark(0, 1, css), first=True)


def _one_mark(text: str, mark: Mark, escape) -> str:
    return _wrapped(text, mark.start, mark.end, _start_tag(mark, first=True), escape)


def _wrapped(text: str, start: int, end: int, tag: str, escape) -> str:
    """`text` escaped, with [start, end) inside `tag` and `</mark>`."""
    before = escape(text[:start]) if start > 0 else ""
    after = escape(text[end:]) if end < len(text) else ""
    return f"{before}{tag}{escape(text[start:end])}</mark>{after}"


DESCRIPTION_MAX = 160  # characters: what search engines and link previews show


def text_description(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (plain text)."""
    text = " ".join(visible(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def front_matter(title: str, **extra: object) -> str:
    """The page's YAML front matter: each text written as PyYAML's serialiser writes it
    (double-quoted, every character YAML refuses escaped), so MkDocs always parses it (a block
    it cannot parse would be rendered as Markdown). `title` and `description` are printed by
    the theme unescaped (meta tags, Open Graph), so they are stored HTML-escaped; `edit` names
    the dossier/ file behind the page (mkdocs_hook.py turns it into the page's "edit this file"
    link). Other values are our own data (`search`), written as JSON."""
    if "description" in extra:
        extra["description"] = _html.escape(plain(str(extra["description"])), quote=True)
    data = {"title": _html.escape(plain(title), quote=True), **extra}
    lines = ["---"]
    for key, value in data.items():
        lines.append(f"{key}: {yaml_string(value) if isinstance(value, str) else json.dumps(value, sort_keys=True)}")
    return "\n".join(lines + ["---", ""])


# What PyYAML's serialiser writes as it is in a double-quoted scalar, with allow_unicode (its
# `Emitter.write_double_quoted`): the printable characters of the Basic Multilingual Plane but
# the line breaks U+0085, U+2028, U+2029 and the byte order mark U+FEFF; and `"` and `\`, which
# it escapes with a backslash. It escapes the rest (`\x02`, `\u2028`, `\U0001F600`).
_YAML_AS_IS = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line, exactly as PyYAML's `safe_dump` writes
    it (tests/test_markup_hostile.py compares them on every code point): a text whose every
    character YAML takes as it is is written here, the others by `safe_dump` itself."""
    if _YAML_AS_IS.fullmatch(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    value = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=float("inf")).strip()
    if yaml.load(value, _READER) != text:  # pragma: no cover - the serialiser's promise
        raise ValueError(f"{text!r} does not read back as written in YAML")
    return value


def page_path(kind: str, name: str | None = None) -> str:
    """Source path of a generated page: `sources/index.md`, `sources/000/index.md`, ..."""
    return f"{kind}/index.md" if name is None else f"{kind}/{name}/index.md"


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath` for the site's own paths (relative, no `.` or `..` parts), by parts."""
    to, here = target.split("/"), start.split("/")
    if not {"", ".", ".."}.isdisjoint(to + here):
        return posixpath.relpath(target, start)
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def md_link(label_md: str, here: str, target: str, anchor: str | None = None) -> str:
    """A Markdown link from page `here` to page `target` (both source paths), checked by MkDocs."""
    rel = _relpath(target, posixpath.dirname(here))
    return f"[{label_md}]({rel}{'#' + anchor if anchor else ''})"


def url(here: str, target: str, anchor: str | None = None) -> str:
    """The URL of page `target` relative to page `here`, for raw HTML (directory URLs)."""
    rel = _page_url(here, target)
    return f"{rel}#{_escape(anchor)}" if anchor else rel or "./"


def _page_url(here: str, target: str) -> str:
    """The relative directory URL (escaped for HTML) of page `target` from page `here`: "" for
    the same page. Called for every link of every page, with few pairs alike, so the parts of
    each path are what is remembered."""
    start, to = _here_parts(here), _target_parts(target)
    if start is None or to is None:  # a "", "." or ".." part: the general rule
        return _escape(_page_url_general(here, target))
    common, most = 0, min(len(start), len(to))
    while common < most and start[common] == to[common]:
        common += 1
    return "../" * (len(start) - common) + "".join(to[common:])


@functools.lru_cache(maxsize=None)
def _here_parts(path: str) -> tuple[str, ...] | None:
    """The folders page `path` is in, each escaped and followed by "/" (None: see `_parts`)."""
    return _parts(posixpath.dirname(path))


@functools.lru_cache(maxsize=None)
def _target_parts(path: str) -> tuple[str, ...] | None:
    """The folders of page `path`'s URL, each escaped and followed by "/" (None: see `_parts`)."""
    return _parts(_url_folder(path))


def _url_folder(path: str) -> str:
    """The folder of page `path`'s directory URL: `a/index.md` is `a/`, `a/b.md` is `a/b/`."""
    return posixpath.dirname(path) if path.endswith("index.md") else path.removesuffix(".md")


def _parts(folder: str) -> tuple[str, ...] | None:
    """`folder`'s parts, each escaped and followed by "/"; None when a part is "", "." or "..",
    which `_relpath` resolves."""
    parts = folder.split("/") if folder else []
    return None if not {"", ".", ".."}.isdisjoint(parts) else tuple(_escape(part) + "/" for part in parts)


def _page_url_general(here: str, target: str) -> str:
    rel = _relpath(_url_folder(target) or ".", posixpath.dirname(here) or ".")
    return "" if rel == "." else rel + "/"


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


@functools.lru_cache(maxsize=16384)
def inline(text: str) -> str:
    """`text` as HTML on one line, shown exactly as written (the counterpart of `md`).
    Remembered: the same names, titles and labels are written hundreds of times."""
    return html(" ".join(visible(text).split()))


def link(label_html: str, here: str, target: str, anchor: str | None = None) -> str:
    """An HTML link from page `here` to page `target` (source paths), for raw HTML blocks."""
    return f'<a href="{url(here, target, anchor)}">{label_html}</a>'


def html_table(headers: list[str], rows: list[list[str]], align: str | None = None, wrap: bool = True,
               row_ids: list[str | None] | None = None) -> str:
    """A table as one raw HTML block (`raw`, unless `wrap` is False), shaped as Python-Markdown's
    tables; cells are HTML; `row_ids` gives rows an id (None: no id)."""
    # Left is the default alignment: only right-aligned cells carry a style (long tables stay small).
    styles = ["" if a == "l" else ' style="text-align: right;"' for a in (align or "l" * len(headers))]
    lines = ["<table>", "<thead>", "<tr>"]
    lines += [f"<th{styles[i]}>{h}</th>" for i, h in enumerate(headers)]
    lines += ["</tr>", "</thead>", "<tbody>"]
    for n, row in enumerate(rows):
        rid = row_ids[n] if row_ids else None
        cells = "".join(f"<td{styles[i]}>{cell}</td>" for i, cell in enumerate(row))
        lines.append((f'<tr id="{attr(rid)}">' if rid else "<tr>") + cells + "</tr>")
    lines += ["</tbody>", "</table>"]
    return raw("\n".join(lines)) if wrap else "\n".join(lines)


RAW_OPEN, RAW_CLOSE = "<!-- dossier-raw -->", "<!-- /dossier-raw -->"


def raw(html_block: str) -> str:
    """A block of finished HTML that the MkDocs hook splices in after Python-Markdown has run
    (build_scripts/rawblocks.py), so Markdown never parses it; without the hook it is an
    ordinary raw HTML block and renders the same. `html_block` is built from escaped text, so it
    cannot contain the closing marker."""
    return f"{RAW_OPEN}\n{html_block}\n{RAW_CLOSE}"
_BACKTICKS = re.compile(r"`+")


def code(text: str, limit: int = 300) -> str:
    """`text` as a Markdown code span (on one line, at most `limit` characters): shown exactly
    as written by any CommonMark renderer, GitHub's included (no HTML, link, image, emphasis
    or @mention is ever made of it; bidirectional controls are shown as symbols). Used by the
    change report, which GitHub renders."""
    flat = plain(text)
    if len(flat) > limit:
        flat = flat[: limit - 1] + "\u2026"
    if not flat:
        return "` `"
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat[0] == "`" or flat[-1] == "`" else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
