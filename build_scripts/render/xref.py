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
from .markup import front_matter, md, md_link, page_path, table

GRID_MAX = 12


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


def _cells(counts: Counter, sources: list[str], grid: bool, link) -> list[str]:
    if grid:
        return [link(sid, counts[sid]) if counts[sid] else "" for sid in sources]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [", ".join(f"`{sid}` " + link(sid, n) for sid, n in ranked)]


def _header(first: str, sources: list[str], grid: bool) -> list[str]:
    return [first, "Total"] + ([f"`{sid}`" for sid in sources] if grid else ["Sources (count)"])


def _topic_matrix(dossier: Dossier, analysis: Analysis, sources: list[str], grid: bool, here: str) -> str:
    rows = []
    for topic in dossier.topics:
        passages = analysis.topics[topic.slug].passages
        counts = Counter(p.source for p in passages)
        target = page_path("topics", topic.slug)

        def link(sid: str, n: int, target=target) -> str:
            return md_link(str(n), here, target, f"from-{sid}")

        rows.append([md_link(md(topic.title), here, target), str(len(passages))] + _cells(counts, sources, grid, link))
    align = "lr" + ("r" * len(sources) if grid else "l")
    return table(_header("Topic", sources, grid), rows, align)


def _entity_matrix(entities, analysis: Analysis, sources: list[str], grid: bool, here: str) -> str:
    rows = []
    ranked = sorted(entities, key=lambda e: (-len(analysis.by_entity[e.id]), e.name))
    for entity in ranked:
        mentions = analysis.by_entity[entity.id]
        counts = Counter(m.source for m in mentions)
        target = page_path("entities", entity.id)

        def link(sid: str, n: int, target=target) -> str:
            return md_link(str(n), here, target, f"in-{sid}")

        rows.append([md_link(md(entity.name), here, target), str(len(mentions))] + _cells(counts, sources, grid, link))
    align = "lr" + ("r" * len(sources) if grid else "l")
    return table(_header("Entity", sources, grid), rows, align)
