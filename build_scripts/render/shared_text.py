"""Shared text on source and topic pages: which stories reproduce which, how many independent
texts a topic's captures hold, and the carriers of a reproduced passage."""

from __future__ import annotations

from ..models import Analysis, Dossier, Passage, Source
from .markup import html_table, inline, link, page_path, plural, raw, url
from .names import number


LINKS_SHOWN = 50  # stories listed as reproduced at most (a page reproduced by thousands stays small)
PAIRS_SHOWN = 20  # other sources listed for one paragraph at most


def _story(dossier: Dossier, sid: str, story_id: str) -> str:
    """HTML: "story 1", or "story 1 (“Title”)" when the story has a title."""
    stories = dossier.source(sid).reading.stories
    number, story = next((i, s) for i, s in enumerate(stories, start=1) if s.id == story_id)
    return f"story {number}" + (f" (“{inline(story.title)}”)" if story.title else "")


def source_shared(dossier: Dossier, analysis: Analysis, source: Source) -> str:
    """Raw HTML (cheap for MkDocs however long): the stories this source reproduces or that
    reproduce it, and its paragraphs found in other sources."""
    here = page_path("sources", source.id)
    shared = analysis.compare.shared
    links, pairs = shared.links_of(source.id), shared.pairs_of(source.id)
    if not pairs:
        return "No passage of this source is found in another source."
    items = []
    for story_link in links[:LINKS_SHOWN]:
        mine = "Its text" if len(source.reading.stories) == 1 else f"Its {_story(dossier, source.id, story_link.story)}"
        other = link(f"{inline(story_link.other)}: {inline(dossier.source(story_link.other).label)}", here,
                     page_path("sources", story_link.other))
        how = "word for word" if story_link.identical else "with small differences"
        items.append(f"<li>{mine} reproduces {_story(dossier, story_link.other, story_link.other_story)} of {other}: "
                     f"{story_link.shared} of {plural(story_link.total, 'paragraph')} shared, {how}.</li>")
    if len(links) > LINKS_SHOWN:
        items.append(f"<li>… and {plural(len(links) - LINKS_SHOWN, 'other story', 'other stories')} "
                     "(the paragraphs below name every source).</li>")
    order = {p.id: i for i, p in enumerate(source.reading.paragraphs)}
    mine_first = sorted(((pair.a, pair.b) if pair.a.source == source.id else (pair.b, pair.a), pair) for pair in pairs)
    by_paragraph: dict[str, list] = {}
    for (mine, theirs), pair in sorted(mine_first, key=lambda x: (order[x[0][0].paragraph], x[0][1])):
        by_paragraph.setdefault(mine.paragraph, []).append((theirs, pair))
    rows = []
    for pid, others in by_paragraph.items():
        for theirs, pair in others[:PAIRS_SHOWN]:
            rows.append([f'<a href="#{pid}">{pid}</a>',
                         link(f"{inline(theirs.source)}, {theirs.paragraph}", here, page_path("sources", theirs.source),
                              theirs.paragraph),
                         "identical" if pair.similarity == 1.0 else f"{pair.similarity:.0%}"])
        if len(others) > PAIRS_SHOWN:
            rows.append([f'<a href="#{pid}">{pid}</a>', f"… and {plural(len(others) - PAIRS_SHOWN, 'other source')}", ""])
    text = raw("<ul>\n" + "\n".join(items) + "\n</ul>") + "\n\n" if items else ""
    return (text + "Paragraphs found in other sources (similarity of their word sequences; which source "
            "was first is not established):\n\n" + html_table(["Paragraph", "Also in", "Similarity"], rows, "llr"))


def topic_texts(analysis: Analysis, passages: tuple[Passage, ...]) -> str:
    """"5 captures, 4 independent texts": stories that reproduce one another count once."""
    captures = dict.fromkeys(p.source for p in passages)
    texts = {analysis.compare.shared.texts.get((p.source, p.story), (p.source, p.story)) for p in passages}
    return f"{plural(len(captures), 'capture')}, {plural(len(texts), 'independent text')}."


def carriers(analysis: Analysis, passages: tuple[Passage, ...]) -> dict[tuple[str, str], list[Passage]]:
    """For each passage, the passages of the topic with the same text (its group), in order."""
    clusters = analysis.compare.shared.clusters
    groups: dict = {}
    for p in passages:
        groups.setdefault(clusters.get((p.source, p.paragraph), (p.source, p.paragraph)), []).append(p)
    return {(p.source, p.paragraph): groups[clusters.get((p.source, p.paragraph), (p.source, p.paragraph))]
            for p in passages}


ALSO_MAX = 30  # other carriers of a passage named on a topic page


def also_in(dossier: Dossier, here: str, group: list[Passage]) -> str:
    """HTML: the other sources carrying a passage shown once."""
    links = []
    for p in group[1:ALSO_MAX + 1]:  # agency copy can be carried by thousands: the page stays bounded
        source = dossier.source(p.source)
        para = source.reading.paragraph(p.paragraph)
        links.append(f'<a href="{url(here, page_path("sources", p.source), para.id)}">source {inline(p.source)}, '
                     f'paragraph {number(source, para.id)}</a>')
    more = len(group) - 1 - len(links)
    if more > 0:
        links.append(f"and {more:,} more (each source's page lists the text it shares)")
    return " · also carried by " + ", ".join(links) if links else ""
