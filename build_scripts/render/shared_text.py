"""Shared text on source and topic pages: which stories reproduce which, how many independent
texts a topic's captures hold, and the carriers of a reproduced passage."""

from __future__ import annotations

from ..models import Analysis, Dossier, Passage, Source
from .markup import md, md_link, page_path, plural, table, url


def _story(dossier: Dossier, sid: str, story_id: str) -> str:
    """"story 1", or "story 1 (“Title”)" when the story has a title."""
    stories = dossier.source(sid).reading.stories
    number, story = next((i, s) for i, s in enumerate(stories, start=1) if s.id == story_id)
    return f"story {number}" + (f" (“{md(story.title)}”)" if story.title else "")


def source_shared(dossier: Dossier, analysis: Analysis, source: Source) -> str:
    here = page_path("sources", source.id)
    shared = analysis.compare.shared
    links, pairs = shared.links_of(source.id), shared.pairs_of(source.id)
    if not pairs:
        return "No passage of this source is found in another source."
    lines = []
    for link in links:
        mine = "Its text" if len(source.reading.stories) == 1 else f"Its {_story(dossier, source.id, link.story)}"
        other = md_link(f"{md(link.other)}: {md(dossier.source(link.other).label)}", here, page_path("sources", link.other))
        how = "word for word" if link.identical else "with small differences"
        lines.append(f"- {mine} reproduces {_story(dossier, link.other, link.other_story)} of {other}: "
                     f"{link.shared} of {plural(link.total, 'paragraph')} shared, {how}.")
    rows = []
    order = {p.id: i for i, p in enumerate(source.reading.paragraphs)}
    mine_first = sorted(((pair.a, pair.b) if pair.a.source == source.id else (pair.b, pair.a), pair) for pair in pairs)
    for (mine, theirs), pair in sorted(mine_first, key=lambda x: (order[x[0][0].paragraph], x[0][1])):
        rows.append([f"[{mine.paragraph}](#{mine.paragraph})",
                     md_link(f"{md(theirs.source)}, {theirs.paragraph}", here, page_path("sources", theirs.source), theirs.paragraph),
                     "identical" if pair.similarity == 1.0 else f"{pair.similarity:.0%}"])
    text = "\n".join(lines) + "\n\n" if lines else ""
    return (text + "Paragraphs found in other sources (similarity of their word sequences; which source "
            "was first is not established):\n\n" + table(["Paragraph", "Also in", "Similarity"], rows, "llr"))


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


def also_in(dossier: Dossier, here: str, group: list[Passage]) -> str:
    """HTML: the other sources carrying a passage shown once."""
    links = []
    for p in group[1:]:
        para = dossier.source(p.source).reading.paragraph(p.paragraph)
        links.append(f'<a href="{url(here, page_path("sources", p.source), para.id)}">source {p.source}, '
                     f'paragraph {para.id}</a>')
    return " · also carried by " + ", ".join(links) if links else ""
