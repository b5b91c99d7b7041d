"""Long listings split over several pages, so that no page grows with the dossier.

An entity's mentions and a topic's passages are grouped by source; the groups are cut into
pages of at most `PER_PAGE` items (a source's group is never cut in two, so the anchor
`#in-<source>` or `#from-<source>` lives on exactly one page). Page 1 is the entity's or
topic's own page; page k > 1 is `<kind>/<name>/<k>/index.md`. Every link to a source's
group (from the cross-reference index, the coverage table) goes through `pages_by_source`,
so it always lands on the page that holds it.

A whole index (the sources index) is cut the same way, into pages of `INDEX_PER_PAGE` rows:
page 1 is `<kind>/index.md`, page k > 1 `<kind>/page_<k>/index.md` (an underscore, which no
id or slug may hold, so it never meets a source's own folder).

`pager` links every page of a listing inside a `<nav>` landmark named for the listing, the
current page marked with `aria-current="page"`, with "Previous" and "Next" links: plain links
in reading order, so a keyboard reaches each with Tab and a screen reader announces where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .markup import attr, page_path, raw, url

PER_PAGE = 250
INDEX_PER_PAGE = 1000  # rows of an index page: about 250 KB of Markdown for the sources index

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


def cut_weights(weights: list[int], per_page: int) -> list[range]:
    """Items of the given weights cut, in order, into pages of at most `per_page` (a heavier
    item has a page of its own); one page, maybe empty, at least."""
    pages: list[range] = []
    start = total = 0
    for i, weight in enumerate(weights):
        if i > start and total + weight > per_page:
            pages.append(range(start, i))
            start, total = i, 0
        total += weight
    return pages + [range(start, len(weights))]


def chunk_path(kind: str, name: str | None, k: int) -> str:
    """Path of page k (0-based) of a listing (of the index of `kind` when `name` is None)."""
    if name is None:
        return page_path(kind) if k == 0 else f"{kind}/page_{k + 1}/index.md"
    return page_path(kind, name) if k == 0 else f"{kind}/{name}/{k + 1}/index.md"


def index_chunks(count: int, per_page: int | None = None) -> list[range]:
    """The rows of an index of `count` rows cut into pages (one page, maybe empty, at least)."""
    per_page = per_page or INDEX_PER_PAGE
    return [range(start, min(start + per_page, count)) for start in range(0, count, per_page)] or [range(0)]


def pages_by_source(kind: str, name: str, groups: dict[str, list]) -> dict[str, str]:
    """Source id -> the page of the listing that holds its group."""
    return {sid: chunk_path(kind, name, k) for k, page in enumerate(chunks(groups, per_page(kind))) for sid in page}


def per_page(kind: str) -> int:
    """Items per page of a listing: a topic's passages show whole paragraphs (about 3.5 KB each
    with their highlighting), so they come 100 to a page; mentions, with a snippet, 250."""
    return max(1, PER_PAGE * 2 // 5) if kind == "topics" else PER_PAGE


def pager(kind: str, name: str | None, count: int, current: int, here: str, what: str = "") -> str:
    """Links to every page of a listing (empty when it fits on one page); `what` names the
    listing for screen readers ("Pages of <what>")."""
    return nav(count, current, here, lambda k: chunk_path(kind, name, k), what)


def nav(count: int, current: int, here: str, path_of: Callable[[int], str], what: str = "") -> str:
    """The pager of a listing whose page k (0-based) is `path_of(k)`, as finished HTML (a long
    listing's pager holds a link to each of its pages: Markdown would parse them all)."""
    if count <= 1:
        return ""

    def to(k: int, label: str, *extra: tuple[str, str]) -> str:
        attributes = sorted([("href", url(here, path_of(k))), *extra])  # in the order Python-Markdown writes them
        return "<a " + " ".join(f'{name}="{value}"' for name, value in attributes) + f">{label}</a>"

    links = [to(k, str(k + 1), *([("aria-current", "page"), ("class", "dossier-current")] if k == current else []))
             for k in range(count)]
    if current > 0:
        links.insert(0, to(current - 1, "Previous", ("rel", "prev")))
    if current < count - 1:
        links.append(to(current + 1, "Next", ("rel", "next")))
    label = f"Pages of {what}" if what else "Pages"
    return raw(f'<nav aria-label="{attr(label)}" class="dossier-pager">\n'
               f"<p>Page {current + 1} of {count}: {' · '.join(links)}</p>\n</nav>")
