"""Long listings split over several pages, so that no page grows with the dossier.

An entity's mentions and a topic's passages are grouped by source; the groups are cut into
pages of at most `PER_PAGE` items (a source's group is never cut in two, so the anchor
`#in-<source>` or `#from-<source>` lives on exactly one page). Page 1 is the entity's or
topic's own page; page k > 1 is `<kind>/<name>/<k>/index.md`. Every link to a source's
group (from the cross-reference index, the coverage table) goes through `pages_by_source`,
so it always lands on the page that holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from .markup import md_link, page_path

PER_PAGE = 250

T = TypeVar("T")


def group_by_source(items: Iterable[T]) -> dict[str, list[T]]:
    """Items (mentions or passages, in dossier order) grouped by source, in one pass."""
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(item.source, []).append(item)
    return out


def chunks(groups: dict[str, list[T]], per_page: int | None = None) -> list[list[str]]:
    """Source ids cut into pages of at most `per_page` items (a bigger group has a page of its own)."""
    per_page = per_page or PER_PAGE
    pages: list[list[str]] = [[]]
    count = 0
    for sid, items in groups.items():
        if pages[-1] and count + len(items) > per_page:
            pages.append([])
            count = 0
        pages[-1].append(sid)
        count += len(items)
    return pages


def chunk_path(kind: str, name: str, k: int) -> str:
    """Path of page k (0-based) of a listing."""
    return page_path(kind, name) if k == 0 else f"{kind}/{name}/{k + 1}/index.md"


def pages_by_source(kind: str, name: str, groups: dict[str, list]) -> dict[str, str]:
    """Source id -> the page of the listing that holds its group."""
    return {sid: chunk_path(kind, name, k) for k, page in enumerate(chunks(groups)) for sid in page}


def pager(kind: str, name: str, count: int, current: int, here: str) -> str:
    """Links to every page of a listing (empty when it fits on one page)."""
    if count <= 1:
        return ""
    links = [f"**{k + 1}**" if k == current else md_link(str(k + 1), here, chunk_path(kind, name, k))
             for k in range(count)]
    return "Pages: " + " · ".join(links)
