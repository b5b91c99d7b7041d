"""The cross-reference index: entities x sources and topics x sources.

With few sources each matrix is a grid, one column per source; past `GRID_MAX` sources a
grid would be unreadable, so each row lists only the sources it occurs in (the page grows
with the number of non-empty cells, not rows x columns). Either way the rows are grouped
by kind, and a filter box and sortable columns come with every table (tables.js). The page
is reached from the navigation once; nothing of it is rendered into other pages.
"""

from __future__ import annotations

from collections import Counter

from ..models import Analysis, Dossier
from .listings import KIND_TITLES, TOOLS, by_date
from .markup import front_matter, html_table, inline, link, md, md_link, page_path
from .paging import group_by_source, pages_by_source

GRID_MAX = 12
ROW_MAX = 30  # past the grid, the sources listed in a row, most first


def render_xref(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("xref")
    sources = [s.id for s in by_date(dossier.sources)]
    grid = len(sources) <= GRID_MAX
    parts = [
        front_matter("Cross-reference index", search={"exclude": True}),
        "# Cross-reference index",
        _legend(dossier, sources, grid, here),
        "## Topics × sources",
        TOOLS,
        _topic_matrix(dossier, analysis, sources, grid, here),
        "## Entities × sources",
    ]
    for kind, title in KIND_TITLES.items():
        entities = [e for e in dossier.entities if e.kind == kind and analysis.by_entity.get(e.id)]
        if entities:
            parts += [f"### {title}", TOOLS, _entity_matrix(entities, analysis, sources, grid, here)]
    return "\n\n".join(parts) + "\n"


def _legend(dossier: Dossier, sources: list[str], grid: bool, here: str) -> str:
    text = ("Which source covers which topic, and which source names which entity. A number counts "
            "passages (topics) or mentions (entities) and links to them. ")
    if grid:
        labels = "; ".join(f"`{sid}` = " + md_link(md(dossier.source(sid).label), here, page_path("sources", sid))
                           for sid in sources)
        return text + "Columns are sources by date: " + labels + "."
    return text + (f"With {len(sources)} sources, each row lists the sources it occurs in, "
                   "most first; use the filter box to find a row.")


def _matrix(first: str, rows: list[tuple[str, str, Counter, dict]], anchor: str, sources: list[str], grid: bool,
            here: str) -> str:
    """A matrix of counts: each row is (label as Markdown, target page, counts by source id, the
    page of the target's listing that holds each source); each count links to that page's anchor
    for the source (`<anchor>-<source id>`)."""
    out = []
    for label, target, counts, page_of in rows:
        def count(sid: str, n: int, page_of=page_of) -> str:
            return link(str(n), here, page_of[sid], f"{anchor}-{sid}")

        if grid:
            cells = [count(sid, counts[sid]) if counts[sid] else "" for sid in sources]
        else:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            cells = [", ".join(f"<code>{sid}</code> " + count(sid, n) for sid, n in ranked[:ROW_MAX])]
            if len(ranked) > ROW_MAX:  # keeps the page small however many sources name it
                cells[0] += f" and {len(ranked) - ROW_MAX:,} more on " + link("its page", here, target)
        out.append([link(label, here, target), str(sum(counts.values()))] + cells)
    header = [first, "Total"] + ([f"<code>{sid}</code>" for sid in sources] if grid else ["Sources (count)"])
    return html_table(header, out, "lr" + ("r" * len(sources) if grid else "l"))


def _topic_matrix(dossier: Dossier, analysis: Analysis, sources: list[str], grid: bool, here: str) -> str:
    rows = []
    for t in dossier.topics:
        groups = group_by_source(analysis.topics[t.slug].passages)
        rows.append((inline(t.title), page_path("topics", t.slug), Counter({sid: len(g) for sid, g in groups.items()}),
                     pages_by_source("topics", t.slug, groups)))
    return _matrix("Topic", rows, "from", sources, grid, here)


def _entity_matrix(entities, analysis: Analysis, sources: list[str], grid: bool, here: str) -> str:
    ranked = sorted(entities, key=lambda e: (-len(analysis.by_entity[e.id]), e.name))
    rows = []
    for e in ranked:
        groups = group_by_source(analysis.by_entity[e.id])
        rows.append((inline(e.name), page_path("entities", e.id), Counter({sid: len(g) for sid, g in groups.items()}),
                     pages_by_source("entities", e.id, groups)))
    return _matrix("Entity", rows, "in", sources, grid, here)
