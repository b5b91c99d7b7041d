"""Site search with Pagefind: an index cut into small chunks, so one search downloads only the
chunks its words need (the whole index of Material's search plugin was fetched by every reader).

MkDocs renders the pages; `mark(html, meta)` then marks what to index: the content of every
page whose front matter does not say `search: {exclude: true}` (listings), minus a source
page's normalisation log and original capture. The search page's `processResult`
(docs/javascripts/search-results.js) turns hits in paragraphs, quoted passages and mention rows
into results that name the source and paragraph. After the build, `index_site(site_dir)` runs
the Pagefind binary (PyPI `pagefind[bin]`) over the site (under `mkdocs serve`, in a thread, since
MkDocs holds page requests until a build ends); the UI (`docs/search.md`) is served
from the site itself, so a search makes no request off the site.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

from .problems import DossierError

BOOST = 4  # Pagefind weight of a topic or entity page's text (Pagefind's default is 1)
IGNORED_FROM = re.compile(r'<h2\b[^>]*\bid="normalisation-log"')  # the log and the capture close a source page
# On topic and entity pages, a heading names the source that the passages or mentions under it come
# from. Pagefind records a heading's text decoded once too often ("&amp;" written in a title comes
# back as "&") but a page's metadata as written: the heading's text is also kept as metadata
# "from-<source id>" or "in-<source id>", so that a search hit under it names its source exactly
# (docs/javascripts/search-results.js).
SOURCE_HEADING = re.compile(r'<h3 id="((?:from|in)-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)">')


def mark(html: str, meta: dict) -> str:
    """The page's content marked for Pagefind (unmarked pages are left out of the index)."""
    search = meta.get("search") or {}
    if isinstance(search, dict) and search.get("exclude"):
        return html
    html = SOURCE_HEADING.sub(r'<h3 id="\1" data-pagefind-meta="\1">', html)
    found = IGNORED_FROM.search(html)
    if found:
        cut = found.start()
        html = html[:cut] + '<div data-pagefind-ignore="all">' + html[cut:] + "</div>"
    if isinstance(search, dict) and search.get("boost"):  # topic and entity pages: what a name search wants first
        return f'<div data-pagefind-body data-pagefind-weight="{BOOST}">{html}</div>'
    return f"<div data-pagefind-body>{html}</div>"


def index_site(site_dir: Path) -> None:
    """Build the Pagefind index into `<site_dir>/pagefind/`; raises DossierError if it fails."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", "--exclude-selectors", ".headerlink",
           "--exclude-selectors", ".dossier-l"]  # "line 12" beside every paragraph is not text to find
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise DossierError(f"pagefind failed to index {site_dir}:\n{result.stdout}{result.stderr}")


_indexer: dict[str, threading.Thread | None] = {"thread": None}


def index_in_background(site_dir: Path, log) -> None:
    """Under `mkdocs serve`: index in a thread, so the served pages need not wait for the index
    (a search may briefly miss the newest edit). One indexing at a time; the last one wins."""
    previous = _indexer["thread"]
    if previous is not None:
        previous.join()

    def run() -> None:
        try:
            index_site(site_dir)
        except DossierError as exc:
            log.warning(str(exc))

    _indexer["thread"] = threading.Thread(target=run, name="pagefind", daemon=True)
    _indexer["thread"].start()
