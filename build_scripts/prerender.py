"""`mkdocs build`: the pages converted to HTML by forked workers before MkDocs reaches them.

MkDocs reads and converts its pages one by one in one process, and Python-Markdown on our
pages was most of a full build's own time. Once the navigation is made (the hook's `on_nav`:
every page and every link target is known), `convert` has every page read and converted by
worker processes (`parallel.imap`, in page order) exactly as MkDocs would convert it:
`Page.read_source`, the hook's Markdown step, `Page.render` (Python-Markdown with the site's
extensions and MkDocs' own link and anchor processors), the hook's content step. When MkDocs
then reaches a page, `install(page)` makes its `render` hand over the worker's result instead of
converting the page again, the way `serve_cache` hands over reused HTML under `mkdocs serve`.

What MkDocs or Python-Markdown log while a page is converted (a link whose target is missing,
say) is held back, and logged here when MkDocs reaches the page, through the same loggers, so
the messages come in page order and `mkdocs build --strict` counts them. A page whose conversion
fails is left to MkDocs, which then fails on it with its own message. The results are the same
bytes as MkDocs' own conversion (tested on a site large enough to fork).

Used only under `mkdocs build` without `--dirty`, and only when the hook is the only plugin:
another plugin's page events would not run in the workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from . import parallel

MarkdownStep = Callable[[str, Page], str]
ContentStep = Callable[[str, Page], "tuple[str, str | None]"]


@dataclass(frozen=True, slots=True)
class Converted:
    content: str  # after the hook's content step
    indexed: str | None  # what the search index reads of the page (None: left out)
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None  # (target src_uri, (anchor, link)...)
    records: tuple[logging.LogRecord, ...]


_done: dict[str, Converted] = {}


def usable(config) -> bool:
    """Only the hook handles page events: nothing else would miss its turn in the workers."""
    return all(name.endswith("mkdocs_hook.py") for name in config.plugins)


def convert(config, files, markdown_step: MarkdownStep, content_step: ContentStep) -> Iterator[tuple[File, Converted]]:
    """Convert every page of the build, in page order: (its file, the result) for each page
    converted; the results are kept for `install`."""
    pages = files.documentation_pages()

    def one(file: File) -> Converted | None:
        return _convert(file, config, files, markdown_step, content_step)

    for file, converted in zip(pages, parallel.imap(one, pages)):
        if converted is not None:
            _done[file.src_uri] = converted
            yield file, converted


def install(page: Page) -> bool:
    """If a worker converted `page`, make its `render` hand over the result; whether it did."""
    done = _done.pop(page.file.src_uri, None)
    if done is None:
        return False

    def render(config, files) -> None:
        for record in done.records:
            logging.getLogger(record.name).handle(record)
        page.content, page.toc, page._title_from_render = done.content, done.toc, done.title
        page.present_anchor_ids = set(done.anchors)
        if done.links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(links) for uri, links in done.links}

    page.render = render
    return True


def forget() -> None:
    _done.clear()


def _convert(file: File, config, files, markdown_step: MarkdownStep, content_step: ContentStep) -> Converted | None:
    page = file.page if file.page is not None else Page(None, file, config)
    records: list[logging.LogRecord] = []
    config._current_page = page
    try:
        with _held(records):
            page.read_source(config)
            page.markdown = markdown_step(page.markdown, page)
            page.render(config, files)
            content, indexed = content_step(page.content, page)
    except Exception:  # noqa: BLE001 - MkDocs converts the page again and reports the error itself
        return None
    finally:
        config._current_page = None
    links = None if page.links_to_anchors is None else tuple(
        (target.src_uri, tuple(anchors.items())) for target, anchors in page.links_to_anchors.items())
    return Converted(content, indexed, page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()),
                     links, tuple(records))


class _held:
    """Every record that reaches a handler of any logger is kept in `records`, unhandled."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        self.records, self.seen = records, set()
        loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.root.manager.loggerDict)]
        self.handlers = {id(h): h for logger in loggers for h in getattr(logger, "handlers", ())}.values()

    def filter(self, record: logging.LogRecord) -> bool:
        if id(record) not in self.seen:  # one record can reach several handlers
            self.seen.add(id(record))
            record.msg, record.args = record.getMessage(), None  # pickles whatever its arguments were
            record.exc_info = record.exc_text = None
            self.records.append(record)
        return False

    def __enter__(self) -> _held:
        for handler in self.handlers:
            handler.addFilter(self)
        return self

    def __exit__(self, *exc) -> None:
        for handler in self.handlers:
            handler.removeFilter(self)
