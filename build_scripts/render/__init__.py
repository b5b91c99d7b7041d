"""Stage 4, render: pure functions from the models to the site's files, gathered in a lazy
`Pages` mapping that refuses to produce the same path twice and can stream its files to the
writer one by one."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping

from ..history import History
from ..models import Analysis, Dossier
from ..parallel import imap_unordered
from .annotations import render_annotations_index
from .annotations_export import export_annotations
from .entity_page import render_entity_pages
from .export import export_parts
from .feed import FEED_PATH, render_feed
from .figures_page import render_figures
from .listings import (
    render_entities_index,
    render_home,
    render_topics_index,
)
from .markup import page_path
from .paging import group_by_source, pages_by_source
from .quotations import render_quotations
from .source_page import published_name, render_source
from .sources_index import render_sources_index
from .timeline import render_timeline
from .topic_page import render_topic_pages
from .wording_page import render_wording
from .xref import render_xref

# Pages listed in the navigation; every other generated page is reached from these.
NAV_PAGES = frozenset({"index.md", "sources/index.md", "topics/index.md", "entities/index.md", "xref/index.md",
                       "annotations/index.md", "quotations/index.md", "figures/index.md", "timeline/index.md",
                       "wording/index.md"})


Content = str | bytes | Iterator[bytes]  # text, bytes, or the pieces of a large file


class DuplicatePage(Exception):
    pass


class Pages(Mapping[str, bytes]):
    """The site's files (path -> bytes), rendered lazily: `stream()` yields each file once as it
    is rendered, in the order the worker processes finish them, so the writer can put it on disk
    and let it go (a large dossier's pages are never all in memory); reading it as a mapping
    renders every file once and keeps them, in a fixed order (what the MkDocs hook needs). Either
    way the same path is never produced twice."""

    def __init__(self, produce: Callable[[], Iterator[tuple[int, str, Content]]]) -> None:
        self._produce = produce  # (rank, path, content): the files in the fixed order of their ranks
        self._files: dict[str, bytes] | None = None

    def stream(self) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
        """Each file once, as it is rendered: bytes, or (a large file) an iterator of its pieces,
        to be consumed once."""
        if self._files is not None:
            yield from self._files.items()
            return
        for _, path, content in self._ranked():
            yield path, content

    def _ranked(self) -> Iterator[tuple[int, str, bytes | Iterator[bytes]]]:
        seen: set[str] = set()
        for rank, path, content in self._produce():
            if path in seen:
                raise DuplicatePage(f"two generated files would have the path {path}")
            seen.add(path)
            yield rank, path, content.encode("utf-8") if isinstance(content, str) else content

    @property
    def files(self) -> dict[str, bytes]:
        if self._files is None:
            ranked = [(rank, path, content if isinstance(content, bytes) else b"".join(content))
                      for rank, path, content in self._ranked()]
            ranked.sort(key=lambda file: file[0])  # stable: a part's files stay in their order
            self._files = {path: content for _, path, content in ranked}
        return self._files

    def __getitem__(self, path: str) -> bytes:
        return self.files[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def render_site(dossier: Dossier, analysis: Analysis, history: History = History()) -> Pages:
    return Pages(lambda: _pages(dossier, analysis, history))


def _pages(dossier: Dossier, analysis: Analysis, history: History) -> Iterator[tuple[int, str, Content]]:
    """Every file, with its rank in the site's fixed order. The pages are made over the machine's
    cores, each part as soon as a worker is free (`parallel.imap_unordered`: a part gives a list
    of files; a long listing holds up no other); then the export, whose parts the workers
    encode as soon as they are free of the pages, given in order."""
    topic_pages = {t.slug: pages_by_source("topics", t.slug, group_by_source(analysis.topics[t.slug].passages))
                   for t in dossier.topics}
    parts: list[Callable[[], list[tuple[str, Content]] | bytes]] = [
        lambda: [("index.md", render_home(dossier, analysis))],
        functools.partial(_listed, render_sources_index, dossier),
        lambda: [(page_path("topics"), render_topics_index(dossier, analysis))],
        lambda: [(page_path("entities"), render_entities_index(dossier, analysis))],
        functools.partial(_listed, render_xref, dossier, analysis),
        *(functools.partial(_listed, render, dossier, analysis)  # one page or several
          for render in (render_quotations, render_figures, render_timeline)),
        lambda: [(page_path("wording"), render_wording(dossier, analysis))],
        *(functools.partial(_source_files, dossier, analysis, source, topic_pages) for source in dossier.sources),
        *(functools.partial(_listed, render_entity_pages, dossier, analysis, e) for e in dossier.entities),
        *(functools.partial(_listed, render_topic_pages, dossier, analysis, t) for t in dossier.topics),
        lambda: [(page_path("annotations"), render_annotations_index(dossier, analysis))],
    ]
    export = len(parts)  # the rank of the export, which comes after the pages
    parts += [lambda: [("data/annotations.jsonld", export_annotations(dossier, analysis))],
              lambda: [(FEED_PATH, render_feed(dossier, history))]]
    pieces = export_parts(dossier, analysis)
    results = imap_unordered(_call, parts + pieces, ordered_from=len(parts))
    for i, done in itertools.islice(results, len(parts)):  # the pages' parts, as they are done
        for path, content in done:
            yield i + (i >= export), path, content
    # Then the export's pieces, in order: streamed to disk one by one.
    pieces_done = (piece for _, piece in results)
    yield export, "data/dossier.json", pieces_done
    for _ in pieces_done:  # whatever the caller did not take: the workers finish, and their pool closes
        pass


def _call(part: Callable[[], list[tuple[str, Content]] | bytes]) -> list[tuple[str, Content]] | bytes:
    """A part's files, text encoded where it was made (a worker): pickled back as bytes, a copy,
    rather than as text that this process would decode, then encode again to write it."""
    files = part()
    if isinstance(files, bytes):
        return files
    return [(path, content.encode("utf-8") if isinstance(content, str) else content) for path, content in files]


def _listed(render: Callable[..., Mapping[str, Content]], *args) -> list[tuple[str, Content]]:
    """The files of a renderer that gives a mapping of them."""
    return list(render(*args).items())


def _source_files(dossier: Dossier, analysis: Analysis, source, topic_pages) -> list[tuple[str, Content]]:
    files: list[tuple[str, Content]] = [(page_path("sources", source.id),
                                         render_source(dossier, analysis, source, topic_pages))]
    cap = source.meta.capture
    if published_name(cap) is not None:
        files.append((f"sources/{source.id}/{published_name(cap)}", source.capture))
    if cap.extracted is not None:
        files.append((f"sources/{source.id}/{cap.extracted.file}", source.text))
    return files
