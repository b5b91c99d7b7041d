"""Under `mkdocs serve`, re-render only the pages whose Markdown changed.

Each live-reload rebuild regenerates every page in memory (`File.generated`), and MkDocs
treats every generated page as modified, so `--dirty` saves nothing. Instead the hook keeps,
for the life of the serve process, each page's rendered HTML keyed by its path and the
SHA-256 of its Markdown; a page whose Markdown is unchanged reuses it and skips
Python-Markdown (about half of MkDocs' time). The theme still wraps every page, so the
navigation stays right. Only `mkdocs serve` uses this: `mkdocs build` renders everything.

With `mkdocs serve --dirty` (what `make serve` runs) it goes further: the generated pages are
mirrored on disk (`.cache/dossier/serve-pages/`, by the writer, which rewrites a file only when
its bytes change) and handed to MkDocs as files, so MkDocs' own `--dirty` check (source newer
than output) skips both Markdown and the theme for every page whose content is unchanged.

The state lives in this module, not in the hook, because MkDocs re-imports hook files at
every rebuild while packages stay imported.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Mapping
from pathlib import Path

from . import source_cache
from .writer import write_pages

_state: dict = {"serving": False, "dirty": False, "pages": {}, "hits": 0, "misses": 0}


def start(command: str, dirty: bool = False) -> None:
    _state["serving"] = command == "serve"
    _state["dirty"] = command == "serve" and dirty


def mirror(root: Path, files: Mapping[str, bytes]) -> Path | None:
    """Under `mkdocs serve --dirty`: write the pages that changed to the mirror; its folder."""
    if not _state["dirty"]:
        return None
    folder = (source_cache.folder_for(root) or root.resolve().parent / ".cache" / "dossier") / "serve-pages"
    write_pages(files, folder)
    return folder


def serving() -> bool:
    return _state["serving"]


def _digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()


def reuse(page, markdown: str) -> None:
    """If `page` was rendered from the same Markdown before, make its render reuse that HTML."""
    if not _state["serving"]:
        return
    digest = _digest(markdown)
    page._dossier_digest = digest
    hit = _state["pages"].get(page.file.src_uri)
    if hit is None or hit[0] != digest:
        _state["misses"] += 1
        return
    _state["hits"] += 1
    _, content, toc, title, anchors = hit

    def render(self, config, files) -> None:
        self.content, self.toc, self._title_from_render = content, toc, title
        self.present_anchor_ids = anchors
        self.links_to_anchors = None  # checked when it was rendered

    page.render = types.MethodType(render, page)


def remember(page, html: str) -> None:
    digest = getattr(page, "_dossier_digest", None)
    if digest is not None:
        _state["pages"][page.file.src_uri] = (digest, html, page.toc, page._title_from_render,
                                              page.present_anchor_ids)


def stats() -> tuple[int, int]:
    return _state["hits"], _state["misses"]
