"""Editors' annotations on the pages: the annotated words highlighted in a paragraph, each
note shown right after it, and the annotations index (by motivation, source and topic).

Accessibility without scripts: each highlighted passage is a `<mark>` that takes keyboard
focus and is described (`aria-describedby`) by its note, an `<aside>` that follows the
paragraph and links back to the passage. All text goes through `markup`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..annotation_models import Anchor
from ..models import Analysis, Dossier, Source
from .markup import Mark, front_matter, highlight, html, md, md_link, page_path, plural, table, url

MOTIVATION_TITLES = {"commenting": "Comments", "questioning": "Questions", "disputing": "Disputed",
                     "tagging": "Tags", "linking": "Links"}
LINK_PAGES = {"sources": "sources", "entities": "entities", "topics": "topics"}


def mark_id(anchor: Anchor) -> str:
    return f"mark-{anchor.annotation.id}"


def note_id(anchor: Anchor) -> str:
    return f"note-{anchor.annotation.id}"


def annotated(text: str, anchors: Iterable[Anchor], numbers: dict[str, int], others: Iterable[Mark] = ()) -> str:
    """A paragraph's text as escaped HTML, each anchored annotation's words highlighted
    (with `others`, the marks of other analyses)."""
    marks = list(others)
    for a in anchors:
        css = f"dossier-annotated dossier-annotated-{a.annotation.motivation}"
        if a.review:
            css += " dossier-annotated-review"
        title = f"Note {numbers[a.annotation.id]} ({a.annotation.motivation})"
        marks.append(Mark(a.span.start, a.span.end, css, title, mark_id(a), describedby=note_id(a) + "-text"))
    return highlight(text, marks)


def notes(anchors: Iterable[Anchor], numbers: dict[str, int], here: str) -> str:
    """The notes on a paragraph, as `<aside>` elements to follow it."""
    return "\n\n".join(note(a, numbers[a.annotation.id], here) for a in anchors)


def note(anchor: Anchor, number: int, here: str, back: bool = True) -> str:
    a = anchor.annotation
    label = f"Note {number}"
    head = f'<a href="#{mark_id(anchor)}">{label}</a>' if back and anchor.span else label
    parts = [f'<p class="dossier-note-head">{head} · {html(a.motivation)} · {html(a.author)}, {html(a.date)}</p>']
    parts += [f"<p>{html(block)}</p>" for block in a.note.split("\n\n") if block.strip()]
    links = _links(a.links, here)
    if links:
        parts.append(f'<p class="dossier-note-links">See also: {links}</p>')
    review = _review(anchor)
    if review:
        parts.append(f'<p class="dossier-note-review">{review}</p>')
    css = f"dossier-note dossier-note-{a.motivation}"
    return (f'<aside class="{css}" id="{note_id(anchor)}" aria-label="Editor’s note {number}">'
            f'<div id="{note_id(anchor)}-text">' + "".join(parts) + "</div></aside>")


def _review(anchor: Anchor) -> str:
    a = anchor.annotation
    if anchor.status == "approximate":
        return (f"Anchored approximately (similarity {anchor.score:.2f}): the note was written on "
                f"“{html(a.exact)}”. To be reviewed.")
    if anchor.status == "orphan":
        closest = (f" The closest passage ({html(anchor.closest.paragraph)}, similarity {anchor.score:.2f}) reads "
                   f"“{html(anchor.text)}”." if anchor.closest else "")
        return f"Orphan: the words “{html(a.exact)}” are not in the reading text.{closest}"
    return ""


def _links(links, here: str) -> str:
    out = []
    for kind, ids in links.items():
        for ref in ids:
            if kind == "annotations":
                out.append(f'<a href="{url(here, page_path("annotations"), "ann-" + ref)}">annotation {html(ref)}</a>')
            else:
                singular = {"sources": "source", "entities": "entity", "topics": "topic"}[kind]
                out.append(f'<a href="{url(here, page_path(LINK_PAGES[kind], ref))}">{singular} {html(ref)}</a>')
    return ", ".join(out)


def numbering(anchors: Iterable[Anchor]) -> dict[str, int]:
    return {a.annotation.id: n for n, a in enumerate(anchors, start=1)}


def source_anchors(analysis: Analysis, source: Source) -> list[Anchor]:
    """A source's anchored annotations in reading order (orphans are listed apart)."""
    return [a for p in source.reading.paragraphs for a in analysis.anchors_by_paragraph.get((source.id, p.id), ())]


def orphans_section(analysis: Analysis, source_id: str, start: int, here: str) -> str | None:
    lost = [a for a in analysis.anchors if a.annotation.source == source_id and a.span is None]
    if not lost:
        return None
    intro = "These notes' words are no longer found in the reading text; they are kept here until an editor fixes them."
    return intro + "\n\n" + "\n\n".join(note(a, start + k, here, back=False) for k, a in enumerate(lost, start=1))


# --- the index page -------------------------------------------------------------------------


def render_annotations_index(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("annotations")
    anchors = sorted(analysis.anchors, key=lambda a: a.annotation.id)
    parts = [front_matter("Annotations"), "# Annotations",
             (f"Editors’ notes on the exact words of the sources: {plural(len(anchors), 'annotation')}. Each is "
              "highlighted on its source’s page with the note beside it, and exported as W3C Web Annotations in "
              "[data/annotations.jsonld](../data/annotations.jsonld).")]
    if not anchors:
        return "\n\n".join(parts + ["No annotation yet."]) + "\n"
    review = [a for a in anchors if a.review]
    parts += ["## To review", _review_table(dossier, review, here) if review else
              "Every annotation is anchored to its words exactly."]
    parts.append("## By motivation")
    for motivation, title in MOTIVATION_TITLES.items():
        mine = [a for a in anchors if a.annotation.motivation == motivation]
        if mine:
            parts += [f"### {title} ({len(mine)})", _table(dossier, mine, here)]
    parts += ["## By source", _by_source(dossier, anchors, here)]
    parts += ["## By topic", _by_topic(dossier, analysis, anchors, here)]
    parts += ["## All annotations", "\n\n".join(_entry(dossier, a, here) for a in anchors)]
    return "\n\n".join(parts) + "\n"


def _passage_link(dossier: Dossier, a: Anchor, here: str) -> str:
    words = a.text if a.span else a.annotation.exact
    anchor = mark_id(a) if a.span else note_id(a)
    return md_link(f"“{md(words)}”", here, page_path("sources", a.annotation.source), anchor)


def _table(dossier: Dossier, anchors: list[Anchor], here: str) -> str:
    rows = [[f"[{md(a.annotation.id)}](#ann-{a.annotation.id})", _passage_link(dossier, a, here),
             md(a.annotation.note), f"`{a.annotation.source}`", md(f"{a.annotation.author}, {a.annotation.date}")]
            for a in anchors]
    return table(["Annotation", "Passage", "Note", "Source", "By"], rows)


def _review_table(dossier: Dossier, anchors: list[Anchor], here: str) -> str:
    rows = []
    for a in anchors:
        state = "orphan" if a.span is None else "approximate"
        found = f"“{md(a.text)}”" + (f" ({a.closest.paragraph})" if a.closest else "") if a.text else "nothing close"
        rows.append([f"[{md(a.annotation.id)}](#ann-{a.annotation.id})", state, f"{a.score:.2f}",
                     f"“{md(a.annotation.exact)}”", found])
    intro = ("Annotations whose words were not found exactly: check the note still applies and correct the "
             "annotation's `exact` words. An orphan shows the closest passage found.")
    return intro + "\n\n" + table(["Annotation", "Anchored", "Similarity", "Words in the file", "Closest words in the source"],
                                  rows, "llrll")


def _by_source(dossier: Dossier, anchors: list[Anchor], here: str) -> str:
    items = []
    for source in dossier.sources:
        mine = [a for a in anchors if a.annotation.source == source.id]
        if mine:
            refs = ", ".join(f"[{md(a.annotation.id)}](#ann-{a.annotation.id})" for a in mine)
            label = md_link(md(source.label), here, page_path("sources", source.id))
            items.append(f"- `{source.id}` {label}: {refs}")
    return "\n".join(items)


def _by_topic(dossier: Dossier, analysis: Analysis, anchors: list[Anchor], here: str) -> str:
    items = []
    for topic in dossier.topics:
        quoted = {(p.source, p.paragraph) for p in analysis.topics[topic.slug].passages}
        mine = [a for a in anchors if (a.span and (a.span.source, a.span.paragraph) in quoted)
                or topic.slug in a.annotation.links.get("topics", ())]
        if mine:
            refs = ", ".join(f"[{md(a.annotation.id)}](#ann-{a.annotation.id})" for a in mine)
            items.append(f"- {md_link(md(topic.title), here, page_path('topics', topic.slug))}: {refs}")
    return "\n".join(items) if items else "No topic quotes an annotated passage yet."


def _entry(dossier: Dossier, a: Anchor, here: str) -> str:
    n = a.annotation
    where = f"{a.span.paragraph}" if a.span else "orphan"
    head = f"### {md(n.id)} {{ #ann-{n.id} }}"
    line = (f"*{n.motivation}* · {md(n.author)}, {md(n.date)} · source `{n.source}`, {where} · "
            f"{_passage_link(dossier, a, here)}")
    return f"{head}\n\n{line}\n\n" + "\n\n".join(md(b) for b in n.note.split("\n\n") if b.strip())
