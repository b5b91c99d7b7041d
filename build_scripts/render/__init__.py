"""Stage 4, render: pure functions from the models to the site's files, gathered in a
`PageSet` that refuses to produce the same path twice."""

from __future__ import annotations

from ..history import History
from ..models import Analysis, Dossier
from .annotations import render_annotations_index
from .annotations_export import export_annotations
from .entity_page import render_entity_pages
from .export import export_json
from .feed import FEED_PATH, render_feed
from .figures_page import render_figures
from .listings import (
    render_entities_index,
    render_home,
    render_sources_index,
    render_topics_index,
)
from .markup import page_path
from .paging import group_by_source, pages_by_source
from .quotations import render_quotations
from .source_page import published_name, render_source
from .timeline import render_timeline
from .topic_page import render_topic_pages
from .wording_page import render_wording
from .xref import render_xref

# Pages listed in the navigation; every other generated page is reached from these.
NAV_PAGES = frozenset({"index.md", "sources/index.md", "topics/index.md", "entities/index.md", "xref/index.md",
                       "annotations/index.md", "quotations/index.md", "figures/index.md", "timeline/index.md",
                       "wording/index.md"})


class DuplicatePage(Exception):
    pass


class PageSet:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, content: str | bytes) -> None:
        if path in self.files:
            raise DuplicatePage(f"two generated files would have the path {path}")
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content


def render_site(dossier: Dossier, analysis: Analysis, history: History = History()) -> dict[str, bytes]:
    pages = PageSet()
    pages.add("index.md", render_home(dossier, analysis))
    pages.add(page_path("sources"), render_sources_index(dossier))
    pages.add(page_path("topics"), render_topics_index(dossier, analysis))
    pages.add(page_path("entities"), render_entities_index(dossier, analysis))
    pages.add(page_path("xref"), render_xref(dossier, analysis))
    topic_pages = {t.slug: pages_by_source("topics", t.slug, group_by_source(analysis.topics[t.slug].passages))
                   for t in dossier.topics}
    for render in (render_quotations, render_figures, render_timeline):  # each one page, or several (split.py)
        for path, text in render(dossier, analysis).items():
            pages.add(path, text)
    pages.add(page_path("wording"), render_wording(dossier, analysis))
    for source in dossier.sources:
        pages.add(page_path("sources", source.id), render_source(dossier, analysis, source, topic_pages))
        cap = source.meta.capture
        if published_name(cap) is not None:
            pages.add(f"sources/{source.id}/{published_name(cap)}", source.capture)
        if cap.extracted is not None:
            pages.add(f"sources/{source.id}/{cap.extracted.file}", source.text)
    for entity in dossier.entities:
        for path, text in render_entity_pages(dossier, analysis, entity).items():
            pages.add(path, text)
    for topic in dossier.topics:
        for path, text in render_topic_pages(dossier, analysis, topic).items():
            pages.add(path, text)
    pages.add(page_path("annotations"), render_annotations_index(dossier, analysis))
    pages.add("data/dossier.json", export_json(dossier, analysis))
    pages.add("data/annotations.jsonld", export_annotations(dossier, analysis))
    pages.add(FEED_PATH, render_feed(dossier, history))
    return pages.files
