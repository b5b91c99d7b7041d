"""Site search with Pagefind: an index cut into small chunks, so one search downloads only the
chunks its words need (the whole index of Material's search plugin was fetched by every reader).

MkDocs renders the pages; `marked(html, meta)` then marks what to index: the content of every
page whose front matter does not say `search: {exclude: true}` (listings), minus the tail of a
source page from its first heading marked `data-search-exclude` (its cross-reference tables,
normalisation log and original capture). The search page's `processResult`
(docs/javascripts/search-results.js) turns hits in paragraphs, quoted passages and mention rows
into results that name the source and paragraph. `mkdocs build` stages what Pagefind reads
of each page and runs the Pagefind binary (PyPI `pagefind[bin]`) on it while MkDocs applies the
theme (`Staged`); under `mkdocs serve` and `--dirty`, `index_site(site_dir)` indexes the built
site after the build (under serve in a thread, since MkDocs holds page requests until a build
ends). The UI (`docs/search.md`) is served from the site itself, so a search makes no request
off the site.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
from html import escape
from pathlib import Path

from .problems import DossierError
from .writer import write_scratch_file

BOOST = 4  # Pagefind weight of a topic or entity page's text (Pagefind's default is 1)
# A source page closes with what search leaves out: its shared text and "cited in" tables (links
# to other pages, none of the source's words), its normalisation log and its capture.
IGNORED_FROM = re.compile(r"<h2\b[^>]*\bdata-search-exclude\b")
# On topic and entity pages, a heading names the source that the passages or mentions under it come
# from. Pagefind records a heading's text decoded once too often ("&amp;" written in a title comes
# back as "&") but a page's metadata as written: the heading's text is also kept as metadata
# "from-<source id>" or "in-<source id>", so that a search hit under it names its source exactly
# (docs/javascripts/search-results.js).
SOURCE_HEADING = re.compile(r'<h3 id="((?:from|in)-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)">')


def marked(html: str, meta: dict) -> tuple[str, str | None]:
    """The page's content marked for Pagefind, and what Pagefind indexes of it (the marked body
    without its ignored tail), or None when the page is left out of the index."""
    search = meta.get("search") or {}
    if isinstance(search, dict) and search.get("exclude"):
        return html, None
    html = SOURCE_HEADING.sub(r'<h3 id="\1" data-pagefind-meta="\1">', html)
    found = IGNORED_FROM.search(html)
    kept = html[:found.start()] if found else html
    if found:
        html = kept + '<div data-pagefind-ignore="all">' + html[found.start():] + "</div>"
    if isinstance(search, dict) and search.get("boost"):  # topic and entity pages: what a name search wants first
        opening = f'<div data-pagefind-body data-pagefind-weight="{BOOST}">'
    else:
        opening = "<div data-pagefind-body>"
    return f"{opening}{html}</div>", f"{opening}{kept}</div>"


def _command(site: Path, output: Path | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent", "--exclude-selectors", ".headerlink",
           "--exclude-selectors", ".dossier-l"]  # "line 12" beside every paragraph is not text to find
    return cmd + (["--output-path", str(output)] if output is not None else [])


def index_site(site_dir: Path) -> None:
    """Build the Pagefind index into `<site_dir>/pagefind/`; raises DossierError if it fails."""
    result = subprocess.run(_command(site_dir), capture_output=True, text=True)
    if result.returncode != 0:
        raise DossierError(f"pagefind failed to index {site_dir}:\n{result.stdout}{result.stderr}")


class Staged:
    """`mkdocs build`: what Pagefind reads of each page is staged in a scratch folder as soon as
    the page is converted (`add`), and Pagefind indexes that folder in a background process while
    MkDocs applies the theme to every page (`launch`, after the last conversion), on the second
    core. Pagefind reads only the marked body of a page and the page's language, so the index is
    byte for byte the one it makes from the built site (tested); the theme's navigation, header
    and footer, and the ignored tail of each page, are never parsed. `finish` waits for it and
    raises DossierError if it failed; `discard` stops it and removes the scratch folder."""

    def __init__(self, site_dir: Path, lang: str) -> None:
        self.site_dir, self.lang = site_dir, lang
        self.folder = Path(tempfile.mkdtemp(prefix="dossier-search-"))
        self.count = 0
        self.process: subprocess.Popen | None = None

    def add(self, dest_uri: str, body: str | None) -> None:
        """Stage the indexed part of the page that MkDocs writes to `dest_uri` (None: not indexed)."""
        if body is None:
            return
        write_scratch_file(self.folder, dest_uri,
                           f'<!doctype html><html lang="{escape(self.lang)}"><head></head><body>{body}</body></html>')
        self.count += 1

    def launch(self) -> None:
        # With no page marked, Pagefind would index every page whole: `finish` does that instead.
        if self.count and self.process is None:
            self.process = subprocess.Popen(_command(self.folder, self.site_dir / "pagefind"), stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, text=True)

    def finish(self) -> None:
        try:
            if self.process is None:
                index_site(self.site_dir)
                return
            output, _ = self.process.communicate()
            if self.process.returncode != 0:
                raise DossierError(f"pagefind failed to index {self.site_dir}:\n{output}")
        finally:
            self.discard()

    def discard(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


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
