"""Long comparison pages (quotations, figures) cut into pages of a bounded number of items.

A page is a head (title, explanation) and sections in order; each section's items (a group of
quotations, a quantity with its figures) weigh the number of passages they show. Items are cut,
in order, into pages of at most `paging.PER_PAGE` passages (an item is never cut in two; a heavier
one has a page of its own). Page 1 keeps the page's path and head; page k > 1 is
`<kind>/page_<k>/index.md`, says where it belongs, and every page carries the pager. A section
that goes on over a page break is headed again, "(continued)". With one page, the output is the
page as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import paging
from .markup import front_matter, heading, md, md_link
from .paging import chunk_path, cut_weights, pager


@dataclass(frozen=True)
class Section:
    heading: str  # Markdown of the "## ..." heading's text
    empty: str  # what the section says when it has no items
    weights: list[int]  # passages shown by each item
    render: Callable[[list[int], str], list[str]]  # (indices of items on a page, the page's path) -> parts


def paged_sections(kind: str, title: str, head: list[str], sections: list[Section],
                   per_page: int | None = None) -> dict[str, str]:
    """Path -> Markdown of each page (`head`: the front matter and opening parts of page 1)."""
    items = [(s, i) for s, section in enumerate(sections) for i in range(len(section.weights))]
    cuts = cut_weights([sections[s].weights[i] for s, i in items], per_page or paging.PER_PAGE)
    pages = [[items[j] for j in rows] for rows in cuts]
    home = _homes(sections, pages)
    out = {}
    for k, on_page in enumerate(pages):
        here = chunk_path(kind, None, k)
        parts = list(head) if k == 0 else _continuation(kind, title, k, len(pages), here)
        nav = pager(kind, None, len(pages), k, here, f"the {title.lower()}")
        parts += [nav] if nav else []
        for s, section in enumerate(sections):
            mine = [i for t, i in on_page if t == s]
            if mine:
                more = " (continued)" if mine[0] > 0 else ""
                parts += [f"## {section.heading}{more}", *section.render(mine, here)]
            elif not section.weights and home[s] == k:
                parts += [f"## {section.heading}", section.empty]
        if nav:
            parts.append(pager(kind, None, len(pages), k, here, f"the {title.lower()} (end of the page)"))
        out[here] = "\n\n".join(parts) + "\n"
    return out


def _homes(sections: list[Section], pages: list[list[tuple[int, int]]]) -> list[int]:
    """The page of each section without items: where the sections before it end."""
    last, homes = 0, []
    for s in range(len(sections)):
        homes.append(last)
        last = max([k for k, page in enumerate(pages) if any(t == s for t, _ in page)], default=last)
    return homes


def _continuation(kind: str, title: str, k: int, count: int, here: str) -> list[str]:
    name = f"{title}, page {k + 1} of {count}"
    return [front_matter(name, search={"exclude": True}), f"# {heading(name)}",
            f"Continued from {md_link(md(title), here, chunk_path(kind, None, 0))}."]
