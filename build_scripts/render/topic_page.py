"""The page of one topic: the editor's summary, coverage, passages quoted verbatim with a
link to the paragraph each came from, the entities involved and related topics."""

from __future__ import annotations

from collections import Counter

from ..models import Analysis, Dossier, Passage, Topic
from .annotations import annotated, note, numbering
from .listings import by_date, source_link_html
from .markup import (
    Mark,
    front_matter,
    heading,
    html,
    html_table,
    inline,
    link,
    md,
    md_link,
    page_path,
    text_description,
    plural,
    raw,
    url,
)
from ..credits import summary_editor
from .figures_page import topic_figures
from .paging import chunk_path, chunks, group_by_source, pager, per_page
from .prose import editors_prose, plain_text
from .quotations import topic_quotations
from .shared_text import also_in, carriers, topic_texts
from .source_page import number, story_name
from .timeline import topic_timeline


def render_topic(dossier: Dossier, analysis: Analysis, topic: Topic) -> str:
    """The topic's own page (the first page of its passages)."""
    return render_topic_pages(dossier, analysis, topic)[page_path("topics", topic.slug)]


def render_topic_pages(dossier: Dossier, analysis: Analysis, topic: Topic) -> dict[str, str]:
    """The topic's page, and further pages of passages when they are many (see paging.py)."""
    here = page_path("topics", topic.slug)
    result = analysis.topics[topic.slug]
    groups = group_by_source(result.passages)
    pages = chunks(groups, per_page("topics"))
    page_of = {sid: chunk_path("topics", topic.slug, k) for k, page in enumerate(pages) for sid in page}
    same = carriers(analysis, result.passages)
    description = text_description(plain_text(topic.summary))
    parts = [front_matter(topic.title, description=description, search={"boost": True}, edit=f"topics/{topic.slug}.yml"),
             f"# {heading(topic.title)}", editors_prose(dossier, topic.summary, summary_editor(topic, dossier.meta), "summary", here)]
    if not result.passages:
        parts.append("*No source has a passage on this topic yet.*")
    else:
        parts += ["## Coverage", topic_texts(analysis, result.passages)]
        if len(pages) > 1:  # each page of passages has the coverage rows of its own sources
            parts.append(f"{plural(len(groups), 'source')} have passages on this topic, listed over {len(pages)} pages; "
                         f"the {plural(len(pages[0]), 'source')} below have theirs on this page.")
        parts.append(_coverage(dossier, {sid: groups[sid] for sid in pages[0]}, page_of, here))
        parts += ["## Passages", *_paged(dossier, analysis, topic, groups, pages, page_of, 0, here, same)]
        paragraphs = {(p.source, p.paragraph) for p in result.passages}
        parts += ["## Quotations", topic_quotations(dossier, analysis, paragraphs, here)]
        parts += ["## Figures", topic_figures(dossier, analysis, paragraphs, here)]
        parts += ["## Timeline", topic_timeline(dossier, analysis, paragraphs, here)]
        parts += ["## Entities involved", _entities(dossier, analysis, result.passages, here)]
    related = [md_link(md(t.title), here, page_path("topics", t.slug))
               for t in dossier.topics if t.slug in topic.related]
    parts += ["## Related topics", "\n".join(f"- {r}" for r in related) if related else "None."]
    parts += ["## How membership is decided", _rules(dossier, topic, here)]
    out = {here: "\n\n".join(parts) + "\n"}
    for k in range(1, len(pages)):
        path = chunk_path("topics", topic.slug, k)
        title = f"{topic.title}: passages, page {k + 1} of {len(pages)}"
        body = [front_matter(title, search={"exclude": True}), f"# {heading(title)}",
                f"Back to {md_link(md(topic.title), path, here)}.", "## Sources on this page",
                _coverage(dossier, {sid: groups[sid] for sid in pages[k]}, page_of, path), "## Passages",
                *_paged(dossier, analysis, topic, groups, pages, page_of, k, path, same)]
        out[path] = "\n\n".join(body) + "\n"
    return out


def _paged(dossier: Dossier, analysis: Analysis, topic: Topic, groups: dict, pages: list[list[str]],
           page_of: dict[str, str], k: int, here: str, same: dict) -> list[str]:
    """Page k of the passages; `page_of` gives the page of each source's passages."""
    nav = pager("topics", topic.slug, len(pages), k, here, "the passages")
    listing = _passages(dossier, analysis, {sid: groups[sid] for sid in pages[k]}, here, same, page_of)
    return [nav, listing] if nav else [listing]


def _coverage(dossier: Dossier, groups: dict[str, list[Passage]], page_of: dict[str, str], here: str) -> str:
    rows = []
    for source in by_date(tuple(dossier.source(sid) for sid in groups)):
        mine = groups[source.id]
        stories = dict.fromkeys(p.story for p in mine)
        count = (f'<a href="#from-{source.id}">{len(mine)}</a>' if page_of[source.id] == here
                 else link(str(len(mine)), here, page_of[source.id], f"from-{source.id}"))
        rows.append([source_link_html(source, here), inline(source.meta.outlet.known or "unknown"),
                     inline(source.meta.published.known or "unknown"),
                     f"{len(stories)} of {len(source.reading.stories)}", count])
    return html_table(["Source", "Outlet", "Published", "Stories", "Passages"], rows, "lllrr")


def _passages(dossier: Dossier, analysis: Analysis, groups: dict[str, list[Passage]], here: str,
              same: dict, page_of: dict[str, str]) -> str:
    """The passages of some sources; a passage reproduced from one shown earlier (`same`, the
    topic's carriers) is shown once, with a link to it, on whichever page of the listing it is."""
    blocks = []
    numbers = numbering(a for mine in groups.values() for p in mine
                        for a in analysis.anchors_by_paragraph.get((p.source, p.paragraph), ()))
    for sid, mine in groups.items():
        source = dossier.source(sid)
        quotes = [f'<h3 id="from-{sid}">{source_link_html(source, here)}</h3>']  # kept out of the toc
        story_of = {s.id: s for s in source.reading.stories}
        for p in mine:
            para = source.reading.paragraph(p.paragraph)
            group = same[(p.source, p.paragraph)]
            if group[0] is not p and not analysis.anchors_by_paragraph.get((sid, para.id)):  # reproduced: shown once
                first = group[0]
                called = f"source {html(first.source)}, paragraph {number(dossier.source(first.source), first.paragraph)}"
                there = link(called, here, page_of[first.source],
                             f"{first.source}-{first.paragraph}") if page_of[first.source] != here else (
                    f'<a href="#{first.source}-{first.paragraph}">{called}</a>')
                quotes.append(f'<p class="dossier-same" id="{sid}-{para.id}">Paragraph {number(source, para.id)}: the same text as '
                              f'{there}, quoted {"above" if page_of[first.source] == here else "earlier"}.</p>')
                continue
            where = f"Source {sid}, paragraph {number(source, para.id)} (line {para.line} of the capture)"
            if len(source.reading.stories) > 1:
                name, remark = story_name(source, story_of[p.story])
                where += f", in {html(name)}" + (f" ({remark})" if remark else "")
            marks = [Mark(h.start, h.end, "dossier-hit") for h in p.hits]
            href = url(here, page_path("sources", sid), para.id)
            anchors = analysis.anchors_by_paragraph.get((sid, para.id), ())
            quotes.append(
                f'<blockquote class="dossier-quote" id="{sid}-{para.id}" cite="{href}">'
                f'<p>{annotated(para.text, anchors, numbers, marks)}</p>'
                f'<p class="dossier-cite">— <a href="{href}">{where}</a> · {why_quoted(p)}'
                f'{also_in(dossier, here, group)}</p>'
                + "".join(note(a, numbers[a.annotation.id], here) for a in anchors) + '</blockquote>'
            )
        blocks.append(raw("\n".join(quotes)))
    return "\n\n".join(blocks)


def why_quoted(p: Passage) -> str:
    """Why a passage is quoted, in words (escaped HTML): its matches, and what anchored them."""
    def quoted(words) -> str:
        return ", ".join(f"“{html(w)}”" for w in dict.fromkeys(words))
    text = f"matched {quoted(p.words)}"
    if p.anchors:
        text += f"; terms anchored by {quoted(p.anchors)}"
    if p.required:
        text += f"; required words within reach: {quoted(p.required)}"
    return text


def _entities(dossier: Dossier, analysis: Analysis, passages: tuple[Passage, ...], here: str) -> str:
    counts = Counter(m.entity for p in passages for m in analysis.by_paragraph.get((p.source, p.paragraph), ()))
    if not counts:
        return "No registered entity is named in these passages."
    names = {e.id: e.name for e in dossier.entities}
    rows = [[link(inline(names[eid]), here, page_path("entities", eid)), str(n)]
            for eid, n in sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]]))]
    return html_table(["Entity", "Mentions in these passages"], rows, "lr")


def _rules(dossier: Dossier, topic: Topic, here: str) -> str:
    names = {e.id: e.name for e in dossier.entities}
    rule = topic.match

    def entities(ids) -> str:
        return _either([md_link(md(names[e]), here, page_path("entities", e)) for e in ids])

    def terms(words) -> str:
        return _either([f"“{md(t)}”" for t in words])

    where = _window_words(rule.window)
    ways = []
    if rule.entities:
        ways.append(f"names {entities(rule.entities)}")
    if rule.terms and rule.anchors is None:
        ways.append(f"uses {terms(rule.terms)} (these words count on their own)")
    elif rule.terms:
        ways.append(f"uses {terms(rule.terms)} with {entities(rule.anchors)} named {where}")
    text = f"A paragraph is quoted here when it {', or '.join(ways)}"
    if rule.min_mentions > 1:
        text += f"; it needs at least {plural(rule.min_mentions, 'such match', 'such matches')} {where}"
    for group in rule.requires:
        also = [f"names {entities(group.entities)}"] if group.entities else []
        also += [f"uses {terms(group.terms)}"] if group.terms else []
        text += f"; and {where} it also {' or '.join(also)}"
    return text + (". A story, and so its source, belongs to the topic only through such paragraphs: "
                   "matches in distant paragraphs do not add up, and bylines and datelines are never "
                   "quoted. A trailing * matches any ending of a word.")


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "one of " + ", ".join(items)


def _window_words(window: int) -> str:
    if window == 0:
        return "in the same paragraph"
    return f"in the same paragraph or the {plural(window, 'paragraph')} on either side"
