"""The sources index: every source by date of publication, in pages of at most
`paging.INDEX_PER_PAGE` rows, so that the page stays small however large the dossier grows."""

from __future__ import annotations

from ..models import Dossier, Source
from . import paging
from .listings import TOOLS, by_date, source_link_html
from .markup import front_matter, html, html_table, inline, plural
from .paging import chunk_path, index_chunks, pager
from .source_page import completeness

INTRO = ("by date of publication; unknown dates last. *Provenance* counts the metadata fields (title, outlet, "
         "URL, dates, language, byline, dateline) that the capture or an editor establishes.")


def render_sources_index(dossier: Dossier, per_page: int | None = None) -> dict[str, str]:
    """Path -> Markdown of each page of the sources index (one page when the dossier is small)."""
    ordered = by_date(dossier.sources)
    pages = index_chunks(len(ordered), per_page or paging.INDEX_PER_PAGE)
    return {chunk_path("sources", None, k): _page(dossier, ordered, rows, k, len(pages))
            for k, rows in enumerate(pages)}


def _page(dossier: Dossier, ordered: list[Source], rows: range, k: int, count: int) -> str:
    here = chunk_path("sources", None, k)
    table = html_table(["Id", "Source", "Outlet", "Published", "Stories", "Paragraphs", "Provenance"],
                       [_row(ordered[i], here) for i in rows], "lllllrr")
    if count == 1:
        return "\n\n".join([front_matter("Sources", search={"exclude": True}), "# Sources",
                            f"Every capture in the dossier ({len(dossier.sources)}), {INTRO}", TOOLS, table]) + "\n"
    title = "Sources" if k == 0 else f"Sources, page {k + 1} of {count}"
    where = (f"Sources {rows.start + 1:,} to {rows.stop:,} of the {plural(len(ordered), 'capture')} in the dossier, "
             f"{INTRO} The list is cut into {count} pages; filtering and sorting apply to this page.")
    nav = pager("sources", None, count, k, here, "the sources index")
    end = pager("sources", None, count, k, here, "the sources index (end of the page)")
    return "\n\n".join([front_matter(title, search={"exclude": True}), f"# {title}", where, nav, TOOLS, table, end]) + "\n"


def _row(s: Source, here: str) -> list[str]:
    known, total = completeness(s)
    return [f"<code>{html(s.id)}</code>", source_link_html(s, here), inline(s.meta.outlet.known or "unknown"),
            inline(s.meta.published.known or "unknown"), str(len(s.reading.stories)),
            str(len(s.reading.paragraphs)), f"{known}/{total}"]
