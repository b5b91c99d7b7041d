"""Comparison pages (quotations, figures, timeline) cut into pages of bounded size.

Each of these pages is a sequence of blocks (a quantity with its figures, a date with its
passages, a group of renderings of one statement), and grows with the dossier. The blocks are
cut, in order, into pages of at most `PAGE_CHARS` characters of Markdown (a block bigger than
that has a page of its own): page 1 is `<kind>/index.md`, page k > 1 is `<kind>/<k>/index.md`.
A block's anchor lives on exactly one page, and every link to it goes through `Split.link`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .markup import front_matter, md_link, page_path, plural
from .paging import nav

T = TypeVar("T")
TOPIC_ITEMS = 25  # quantities, statements or dates a topic page shows in full; the rest on the main pages
PAGE_CHARS = 150_000  # Markdown characters: at most about 400 KB of HTML with the theme and table of contents, well under 1 MB


@dataclass(frozen=True)
class Block:
    anchor: str  # the id its heading or element carries ("" when nothing links to it)
    text: str  # its Markdown (raw HTML blocks included)
    section: str = ""  # the `##` heading it sits under, repeated on each page the section spans


def path_of(kind: str, k: int) -> str:
    """Path of page k (0-based) of a split page."""
    return page_path(kind) if k == 0 else f"{kind}/{k + 1}/index.md"


def _opens_page(filled: bool, size: int, block: Block, budget: int) -> bool:
    """Whether `block` goes on a new page: the current one holds something (`filled`, `size`
    characters) and would pass `budget` with it."""
    return filled and size + len(block.text) > budget


class Split:
    def __init__(self, kind: str, blocks: list[Block], budget: int | None = None):
        budget = budget or PAGE_CHARS
        self.kind = kind
        self.pages: list[list[Block]] = [[]]
        size = 0
        for block in blocks:
            if _opens_page(bool(self.pages[-1]), size, block, budget):
                self.pages.append([])
                size = 0
            self.pages[-1].append(block)
            size += len(block.text)
        self.page_of = {b.anchor: k for k, page in enumerate(self.pages) for b in page if b.anchor}
        self.opens: dict[str, int] = {}  # section -> the page it starts on
        for k, page in enumerate(self.pages):
            for b in page:
                self.opens.setdefault(b.section, k)

    def link(self, label_md: str, here: str, anchor: str) -> str:
        """A Markdown link to a block, on whichever page holds it."""
        target = path_of(self.kind, self.page_of[anchor])
        return f"[{label_md}](#{anchor})" if target == here else md_link(label_md, here, target, anchor)

    def open_section(self, section: str, make: Callable[[str], str]) -> None:
        """Put `make(here)` at the head of `section`, on the page where it starts (an index of
        the section, whose links are known only once the blocks are cut)."""
        k = self.opens[section]
        at = next(i for i, b in enumerate(self.pages[k]) if b.section == section)
        self.pages[k].insert(at, Block("", make(path_of(self.kind, k)), section))

    def pager(self, current: int, here: str, end: bool = False) -> str:
        what = f"the {self.kind} page" + (" (end of the page)" if end else "")  # distinct landmark names
        return nav(len(self.pages), current, here, lambda k: path_of(self.kind, k), what)

    def render(self, title: str, first: list[str], front: dict) -> dict[str, str]:
        """Every page: page 1 opens with `first` (its Markdown parts after the title); the
        others with a line that names the page and links back to page 1."""
        out: dict[str, str] = {}
        for k, blocks in enumerate(self.pages):
            here = path_of(self.kind, k)
            heading = title if k == 0 else f"{title}, page {k + 1} of {len(self.pages)}"
            parts = [front_matter(heading, **front), f"# {heading}"]
            parts += first if k == 0 else [f"Page {k + 1} of {len(self.pages)} of {md_link(title, here, path_of(self.kind, 0))}."]
            parts.append(self.pager(k, here))
            section = None
            for block in blocks:
                if block.section and block.section != section:
                    parts.append(f"## {block.section}" + (" (continued)" if self.opens[block.section] < k else ""))
                    section = block.section
                parts.append(block.text)
            parts.append(self.pager(k, here, end=True))
            out[here] = "\n\n".join(p for p in parts if p) + "\n"
        return out


def split(kind: str, items: Sequence[T | Block], make: Callable[[T, str], Block], budget: int | None = None) -> Split:
    """The items' blocks (`make(item, here)`, where `here` is the page the block will be on, for
    its relative links) cut into pages. Blocks are made for page 1 until it is full; the rest are
    made for the later pages (which all sit at the same depth, so their sizes, and so the cut, do
    not depend on which later page it is). Only the block that did not fit is made twice."""
    budget = budget or PAGE_CHARS
    first, later = path_of(kind, 0), path_of(kind, 1)

    def made(item, here: str) -> Block:
        return item if isinstance(item, Block) else make(item, here)  # a ready block ("None.") as it is

    blocks: list[Block] = []
    size = 0
    for i, item in enumerate(items):
        block = made(item, first)
        if _opens_page(bool(blocks), size, block, budget):  # page 1 is full
            blocks += [made(rest, later) for rest in items[i:]]
            break
        blocks.append(block)
        size += len(block.text)
    return Split(kind, blocks, budget)


def more_on(count: int, word: str, words: str, here: str, kind: str, title: str) -> str:
    """The line that says a topic page shows only the first `TOPIC_ITEMS` of `count` items, and
    where all of them are (empty when it shows them all)."""
    if count <= TOPIC_ITEMS:
        return ""
    return (f"The first {TOPIC_ITEMS} of {plural(count, word, words)} in these passages are shown here; "
            f"{md_link(title, here, page_path(kind))} lists them all.")
