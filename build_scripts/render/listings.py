"""Index pages: the home page, and the lists of sources, topics and entities."""

from __future__ import annotations

from ..models import Analysis, Dossier, Source
from ..credits import editor
from .markup import (
    front_matter,
    heading,
    html_table,
    inline,
    link,
    md,
    md_link,
    page_path,
    plural,
    table,
    text_description,
)
from .prose import editors_prose, plain_text, prose_html, prose_inline
from .source_page import title_remark

KIND_TITLES = {"person": "People", "organisation": "Organisations", "place": "Places", "weapon": "Weapons",
               "vessel": "Vessels", "publication": "Publications", "event": "Events", "other": "Other"}
TOOLS = '<div class="dossier-table-tools"></div>'  # tables.js adds filtering and sorting to the next table


def by_date(sources: tuple[Source, ...]) -> list[Source]:
    """Sources by publication date (unknown dates last), then id."""
    return sorted(sources, key=lambda s: (s.meta.published.known is None, s.meta.published.known or "", s.id))


def source_link(source: Source, here: str, anchor: str | None = None, in_heading: bool = False) -> str:
    remark = title_remark(source)
    label = (heading if in_heading else md)(source.label) + (f" *({remark})*" if remark else "")
    return md_link(label, here, page_path("sources", source.id), anchor)


def source_link_html(source: Source, here: str, anchor: str | None = None) -> str:
    """`source_link` for raw HTML blocks."""
    remark = title_remark(source)
    label = inline(source.label) + (f" <em>({inline(remark)})</em>" if remark else "")
    return link(label, here, page_path("sources", source.id), anchor)


def render_home(dossier: Dossier, analysis: Analysis) -> str:
    here = "index.md"
    dates = sorted(s.meta.published.known for s in dossier.sources if s.meta.published.known)
    outlets = sorted({s.meta.outlet.known for s in dossier.sources if s.meta.outlet.known})
    if not dates:
        span = "none of them dated"
    else:
        span = f"all dated {dates[0]}" if dates[0] == dates[-1] else f"dated {dates[0]} to {dates[-1]}"
    facts = [
        f"- {md_link(plural(len(dossier.sources), 'source'), here, page_path('sources'))}: "
        f"{len(dates)} with a known date ({span}), {len(outlets)} with a known outlet"
        + (f" ({md(', '.join(outlets))})" if outlets else ""),
        f"- {md_link(plural(len(dossier.topics), 'topic'), here, page_path('topics'))}, "
        f"{md_link(plural(len(dossier.entities), 'entity', 'entities'), here, page_path('entities'))} "
        f"named {plural(len(analysis.mentions), 'time')}, and the "
        f"{md_link('cross-reference index', here, page_path('xref'))}",
    ]
    rows = [[md_link(md(t.title), here, page_path("topics", t.slug)),
             str(len(analysis.topics[t.slug].sources)), str(len(analysis.topics[t.slug].passages))]
            for t in dossier.topics]
    return "\n\n".join([
        front_matter(dossier.meta.title, description=text_description(plain_text(dossier.meta.summary)),
                     edit="dossier.yml"),
        f"# {heading(dossier.meta.title)}",
        editors_prose(dossier, dossier.meta.summary, editor(dossier.meta), "summary", here),
        "## What it holds",
        "\n".join(facts),
        "## Topics",
        table(["Topic", "Sources", "Passages"], rows, "lrr"),
    ]) + "\n"


def render_topics_index(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("topics")
    rows = []
    for t in dossier.topics:
        result = analysis.topics[t.slug]
        rows.append([md_link(md(t.title), here, page_path("topics", t.slug)),
                     str(len(result.sources)), str(len(result.passages)),
                     prose_inline(dossier, t.summary.split("\n\n")[0], here)])
    return "\n\n".join([
        front_matter("Topics"),
        "# Topics",
        "What the sources report, topic by topic; a topic counts only the stories that are about it.",
        TOOLS,
        table(["Topic", "Sources", "Passages", "Summary"], rows, "lrrl"),
    ]) + "\n"


def render_entities_index(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("entities")
    parts = [front_matter("Entities", search={"exclude": True}), "# Entities",
             "The people, organisations, places and things the sources name, by kind."]
    for kind, title in KIND_TITLES.items():
        rows = []
        for e in (e for e in dossier.entities if e.kind == kind):
            mentions = analysis.by_entity.get(e.id, ())
            rows.append([link(inline(e.name), here, page_path("entities", e.id)), prose_html(dossier, e.description, here),
                         str(len(mentions)), str(len({m.source for m in mentions}))])
        if rows:
            parts += [f"## {title}", TOOLS, html_table(["Entity", "Description", "Mentions", "Sources"], rows, "llrr")]
    return "\n\n".join(parts) + "\n"
