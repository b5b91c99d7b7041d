"""The cross-reference index: entities x sources and topics x sources, and the pictures.

With few sources each matrix is a grid, one column per source, headed by the source's
short name (outlet, or the start of its label; the full title on hover and for screen
readers), ordered by date, then outlet, then id; past `GRID_MAX` sources a grid would be
unreadable, so each row lists only the sources it occurs in (the page grows with the number
of non-empty cells, not rows x columns). Either way the rows are grouped by kind, and a
filter box and sortable columns come with every table (tables.js). The page is reached from
the navigation once; nothing of it is rendered into other pages.
"""

from __future__ import annotations

from collections import Counter

from ..models import Analysis, Dossier, Source
from .listings import KIND_TITLES, TOOLS
from .markup import cell_html, html_table, inline, link, md, md_link, page_path, table
from .paging import group_by_source, pages_by_source
from .pictures import coverage_matrix, heatmap, together
from .split import Block, split

GRID_MAX = 12
ROW_MAX = 30  # past the grid, the sources listed in a row, most first
SHORT_MAX = 16  # characters of a label used as a column's short name


def column_order(sources: tuple[Source, ...]) -> list[Source]:
    """Sources by publication date, then outlet, then id (unknown dates and outlets last)."""
    return sorted(sources, key=lambda s: (s.meta.published.known is None, s.meta.published.known or "",
                                          s.meta.outlet.known is None, s.meta.outlet.known or "", s.id))


def short_name(source: Source) -> str:
    """A column's name: the outlet, or the start of the title or label, with the id."""
    name = source.meta.outlet.known or source.label
    if len(name) > SHORT_MAX:
        name = name[: SHORT_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"{name} ({source.id})"


def _full_name(source: Source) -> str:
    return (f"{source.label}; {source.meta.outlet.known or 'outlet unknown'}, "
            f"{source.meta.published.known or 'date unknown'}; source {source.id}")


def _header(source: Source) -> str:
    """A column header: the short name, the full title on hover and for screen readers."""
    # A raw HTML table (rawblocks): escaped HTML on one line, never read as Markdown.
    return (f'<abbr class="dossier-abbr" title="{cell_html(_full_name(source))}" aria-hidden="true">'
            f'{cell_html(short_name(source))}</abbr><span class="dossier-sr">{cell_html(_full_name(source))}</span>')


XREF_ROWS = 300  # entity rows per table block: the page is cut between blocks (split.py)


def render_xref(dossier: Dossier, analysis: Analysis) -> dict[str, str]:
    """The cross-reference index: one page, or several when the entities are many (split.py;
    an entity's row is on one page, a kind's table goes on "(continued)" on the next)."""
    sources = column_order(dossier.sources)
    grid = len(sources) <= GRID_MAX
    first = [_legend(len(sources), grid), "## Topics × sources", _coverage_picture(dossier, analysis, sources), TOOLS,
             _topic_matrix(dossier, analysis, sources, grid, page_path("xref"))]
    items: list = []
    for kind, title in KIND_TITLES.items():
        entities = [e for e in dossier.entities if e.kind == kind and analysis.by_entity.get(e.id)]
        ranked = sorted(entities, key=lambda e: (-len(analysis.by_entity[e.id]), e.name))
        items += [(title, k, ranked[k:k + XREF_ROWS]) for k in range(0, len(ranked), XREF_ROWS)]
    if not items:
        first.append("## Entities × sources")

    def make(item, here: str) -> Block:
        if item == "together":
            return Block("", _together(dossier, analysis, here), "Entities named together")
        title, k, entities = item
        head = f"### {title}" if k == 0 else f"### {title} (continued)"
        return Block("", "\n\n".join([head, TOOLS, _entity_matrix(entities, analysis, sources, grid, here)]),
                     "Entities × sources")

    pages = split("xref", [*items, "together"], make)
    if len(pages.pages) > 1:  # a table's filter box and sorting see the rows of their own page only
        first[0] += (f" The index is cut into {len(pages.pages)} pages (the pager below); a table's filter box "
                     "and sorting apply to the rows on its page.")
    return pages.render("Cross-reference index", first, {
        "search": {"exclude": True},
        "description": "Which source covers which topic, and which source names which entity."})


def _legend(count: int, grid: bool) -> str:
    text = ("Which source covers which topic, and which source names which entity. A number counts "
            "passages (topics) or mentions (entities) and links to them. ")
    if grid:
        return text + ("Columns are sources ordered by date of publication, then outlet, then id (unknown "
                       "dates and outlets last); hover a column's name for the source's full title.")
    return text + (f"With {count} sources, each row lists the sources it occurs in, "
                   "most first; use the filter box to find a row.")


def _coverage_picture(dossier: Dossier, analysis: Analysis, sources: list[Source]) -> str:
    if not dossier.topics or len(sources) > GRID_MAX:
        return "The table below lists each topic's sources."
    matrix = coverage_matrix(dossier, analysis, [(s.id, short_name(s)) for s in sources])
    return heatmap(matrix, "coverage-picture", "Passages quoted by each topic from each source",
                   "Rows are topics, columns are sources (by date, then outlet, then id); the darker a cell, "
                   "the more passages; the numbers are in the table below.")


def _together(dossier: Dossier, analysis: Analysis, here: str) -> str:
    matrix, pairs = together(dossier, analysis)
    if not pairs:
        return "No paragraph names two registered entities."
    names = {e.id: e.name for e in dossier.entities}
    picture = heatmap(matrix, "together-picture", "Entities named in the same paragraphs",
                      f"The {len(matrix.rows)} entities named most often, each against the others; the darker "
                      "a cell, the more paragraphs name both; the same pairs are in the table below, and each "
                      "entity's page lists all the entities named with it.")
    shown = set(matrix.ids)
    rows = [[md_link(md(names[a]), here, page_path("entities", a)), md_link(md(names[b]), here, page_path("entities", b)),
             str(n)] for a, b, n in pairs if a in shown and b in shown]
    return "\n\n".join([picture, TOOLS, table(["Entity", "Named with", "Shared paragraphs"], rows, "llr")])


def _matrix(first: str, rows: list[tuple[str, str, Counter, dict]], anchor: str, sources: list[Source], grid: bool,
            here: str) -> str:
    """A matrix of counts: each row is (label as Markdown, target page, counts by source id, the
    page of the target's listing that holds each source); each count links to that page's anchor
    for the source (`<anchor>-<source id>`)."""
    out = []
    for label, target, counts, page_of in rows:
        def count(sid: str, n: int, page_of=page_of) -> str:
            return link(str(n), here, page_of[sid], f"{anchor}-{sid}")

        if grid:
            cells = [count(s.id, counts[s.id]) if counts[s.id] else "" for s in sources]
        else:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            cells = [", ".join(f"<code>{sid}</code> " + count(sid, n) for sid, n in ranked[:ROW_MAX])]
            if len(ranked) > ROW_MAX:  # keeps the page small however many sources name it
                cells[0] += f" and {len(ranked) - ROW_MAX:,} more on " + link("its page", here, target)
        out.append([link(label, here, target), str(sum(counts.values()))] + cells)
    header = [first, "Total"] + ([_header(s) for s in sources] if grid else ["Sources (count)"])
    return html_table(header, out, "lr" + ("r" * len(sources) if grid else "l"))


def _topic_matrix(dossier: Dossier, analysis: Analysis, sources: list[Source], grid: bool, here: str) -> str:
    rows = []
    for t in dossier.topics:
        groups = group_by_source(analysis.topics[t.slug].passages)
        rows.append((inline(t.title), page_path("topics", t.slug), Counter({sid: len(g) for sid, g in groups.items()}),
                     pages_by_source("topics", t.slug, groups)))
    return _matrix("Topic", rows, "from", sources, grid, here)


def _entity_matrix(ranked, analysis: Analysis, sources: list[Source], grid: bool, here: str) -> str:
    rows = []
    for e in ranked:
        groups = group_by_source(analysis.by_entity[e.id])
        rows.append((inline(e.name), page_path("entities", e.id), Counter({sid: len(g) for sid, g in groups.items()}),
                     pages_by_source("entities", e.id, groups)))
    return _matrix("Entity", rows, "in", sources, grid, here)
