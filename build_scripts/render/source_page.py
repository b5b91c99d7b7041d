"""The page of one source: provenance and reading text first; what cites it, the
normalisation log and the capture verbatim follow, each in a collapsed section (`<details>`
with an id; docs/javascripts/details.js opens the one an anchor link points into)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from ..models import ATTESTED, Analysis, CaptureInfo, Dossier, Field, Source, Story
from .annotations import annotated, notes, numbering, orphans_section, source_anchors
from .names import entity_names, number, topic_titles  # number: also for the pages that import it from here
from .markup import attr, front_matter, heading, html, html_table, inline, link, md, page_path, plural, raw, text_description
from .shared_text import source_shared

FIELD_LABELS = {"title": "Title", "outlet": "Outlet", "url": "URL", "published": "Published",
                "retrieved": "Retrieved", "language": "Language", "byline": "Byline", "dateline": "Dateline"}
ACTIONS = {"removed": "Removed", "trimmed": "Trimmed", "folded": "Folded", "split": "Story split"}


def title_remark(source: Source) -> str:
    """What to say of the name a source goes by: "" for the capture's own title."""
    if source.has_title:
        return ""
    return "editor’s label" if source.meta.label else "untitled"


def collapsed(anchor: str, summary: str, body: str) -> str:
    """A section closed by default, opened by a click, the keyboard or an anchor link into it;
    `body` is finished HTML, so the whole section is one raw block that Markdown never parses."""
    return raw(f'<details class="dossier-more" id="{anchor}">\n<summary>{summary}</summary>\n{body}\n</details>')


def completeness(source: Source) -> tuple[int, int]:
    """How many of the attested metadata fields the capture or an editor establishes."""
    return sum(getattr(source.meta, f).known is not None for f in ATTESTED), len(ATTESTED)


def render_source(dossier: Dossier, analysis: Analysis, source: Source,
                  topic_pages: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """`topic_pages`: topic slug -> source id -> the page of the topic that quotes it (paging.py)."""
    here = page_path("sources", source.id)
    parts = [
        front_matter(source.label, description=_description(source),
                     edit=f"sources/{source.id}/source.yml"),
        f"# {heading(source.label)}",
        _kicker(source),
        "## Provenance",
        _provenance(source, here),
    ]
    if len(source.reading.stories) > 1:
        parts += ["## Stories", _story_list(source)]
    anchors = source_anchors(analysis, source)
    numbers = numbering(anchors)
    parts += ["## Reading text", _reading(source, analysis, numbers, here)]
    lost = orphans_section(analysis, source.id, len(numbers), here)
    if lost:
        parts += ["## Notes that lost their words", lost]
    parts += ["## Shared text { data-search-exclude }", source_shared(dossier, analysis, source)]
    cited, count = _cited_in(dossier, analysis, source, here, topic_pages or {})
    parts += ["## Cited in { #cited-in_1 data-search-exclude }", collapsed("cited-in", f"Paragraphs quoted or naming an entity: {count}", cited)]
    parts += ["## Normalisation log { data-search-exclude }",
              collapsed("log", f"What normalisation did: {plural(len(source.reading.log), 'step')}", _log(source))]
    lines = source.text.count("\n") + 1
    parts += ["## Original capture { data-search-exclude }",
              collapsed("capture", f"{'The extracted text' if source.meta.capture.extracted else 'The capture as received'}: "
                                   f"{plural(lines, 'line')}", _capture(source))]
    return "\n\n".join(parts) + "\n"


def _description(source: Source) -> str:
    outlet = source.meta.outlet.known or "outlet unknown"
    date = source.meta.published.known or "date unknown"
    return text_description(f"Source {source.id} ({outlet}, {date}): {source.label}")


def _kicker(source: Source) -> str:
    outlet = source.meta.outlet.known or "outlet unknown"
    date = source.meta.published.known or "date unknown"
    line = f"Source `{source.id}` · {md(outlet)} · {md(date)}"
    if not source.has_title:
        heading = "the editor’s label" if source.meta.label else "the source’s id"
        line += f"\n\n*The capture gives no title: the heading is {heading} (see Title below).*"
    return line


def _established(source: Source, field: Field) -> str:
    if field.unknown is not None:
        how = f"<strong>Unknown:</strong> {inline(field.unknown)}"
    elif field.quote is not None:
        line = source.text.count("\n", 0, source.text.index(field.quote)) + 1
        how = f'The capture says “{inline(field.quote)}” (<a href="#L{line}">line {line}</a>)'
        if field.basis:
            how += f"; {inline(field.basis)}"
    else:
        how = f"Editor: {inline(field.basis or '')}"
    if field.note:
        how += f" <em>Note:</em> {inline(field.note)}"
    return how


def published_name(cap: CaptureInfo) -> str | None:
    """The capture's name on the site: a page's HTML only as text (`.html.txt`, never served as
    HTML); an archive not at all (its extracted text is published beside the page)."""
    if cap.media_type == "text/plain":
        return cap.file
    return cap.file + ".txt" if cap.media_type == "text/html" else None


def _provenance(source: Source, here: str) -> str:
    rows = []
    for name in ATTESTED:
        field: Field = getattr(source.meta, name)
        value = inline(field.known) if field.known is not None else "<em>unknown</em>"
        rows.append([f"<strong>{FIELD_LABELS[name]}</strong>", value, _established(source, field)])
    cap = source.meta.capture
    published = published_name(cap)
    name = (f'<a href="{attr(published)}">{inline(cap.file)}</a>' if published
            else f"{inline(cap.file)} (kept in the dossier, not published)")
    rows.append(["<strong>Capture</strong>", f"{name} · {plural(len(source.capture), 'byte')} · {html(cap.media_type)}",
                 f"SHA-256 <code>{cap.sha256}</code>, checked against the file at every build"])
    if cap.extracted is not None:
        ext = cap.extracted
        rows.append(["<strong>Reading text</strong>",
                     f'<a href="{attr(ext.file)}">{inline(ext.file)}</a> · extracted by {inline(ext.extractor)}'
                     + (f" from the record of {inline(ext.record)}" if ext.record else ""),
                     f"SHA-256 <code>{ext.sha256}</code>, checked against the file at every build"])
    rows.append(["<strong>How captured</strong>", inline(cap.method), ""])
    if source.meta.notes.strip():
        rows.append(["<strong>Notes</strong>", inline(source.meta.notes), ""])
    known, total = completeness(source)
    summary = f"Provenance: {known} of {total} fields established; the others are unknown, with the reason."
    return html_table(["Field", "Value", "How it is established"], rows) + "\n\n" + summary


def story_name(source: Source, story: Story) -> tuple[str, str]:
    """A story's name as plain text, and what to say of its title ("" when it is the capture's)."""
    number = source.reading.stories.index(story) + 1
    if story.title_origin == "none":
        return f"Story {number}", "untitled"
    return f"Story {number}: {story.title}", ("editor’s label" if story.title_origin == "editor" else "")


def story_label(source: Source, story: Story, in_heading: bool = False) -> str:
    """A story's name as Markdown, saying where the title comes from."""
    name, remark = story_name(source, story)
    return (heading if in_heading else md)(name) + (f" *({remark})*" if remark else "")


def _story_list(source: Source) -> str:
    items = []
    for story in source.reading.stories:
        first, last = story.paragraphs[0], story.paragraphs[-1]
        first, last = number(source, first), number(source, last)
        items.append(f"1. [{story_label(source, story)}](#{story.id}) · "
                     f"{plural(len(story.paragraphs), 'paragraph')} ({first}–{last})")
    return "\n".join(items)


def _reading(source: Source, analysis: Analysis, numbers: dict[str, int], here: str) -> str:
    blocks = []
    many = len(source.reading.stories) > 1
    for story in source.reading.stories:
        if many:
            blocks.append(f"### {story_label(source, story, in_heading=True)} {{ #{story.id} }}")
        paras = []
        for pid in story.paragraphs:
            para = source.reading.paragraph(pid)
            css = "dossier-para dossier-heading" if para.heading else "dossier-para"
            n = number(source, pid)
            anchors = analysis.anchors_by_paragraph.get((source.id, para.id), ())
            paras.append(
                f'<p id="{para.id}" class="{css}"><a class="dossier-anchor" href="#{para.id}" '
                f'title="Paragraph {n}, from line {para.line} of the capture">'
                f'<span class="dossier-n">{n}</span>'
                f'<span class="dossier-l"><span class="dossier-sr">, </span>line {para.line}</span></a> '
                f'<span class="dossier-text">{annotated(para.text, anchors, numbers)}</span></p>'
            )
            if anchors:
                paras.append(notes(anchors, numbers, here))
        blocks.append(raw("\n".join(paras)))
    return "\n\n".join(blocks)


def _cited_in(dossier: Dossier, analysis: Analysis, source: Source, here: str,
              topic_pages: Mapping[str, Mapping[str, str]]) -> tuple[str, int]:
    names, titles = entity_names(dossier), topic_titles(dossier)
    rows = []
    for para in source.reading.paragraphs:
        passages = analysis.passages_by_paragraph.get((source.id, para.id), ())
        mentions = analysis.by_paragraph.get((source.id, para.id), ())
        if not passages and not mentions:
            continue
        topics = [link(inline(titles[p.topic]), here,
                       topic_pages.get(p.topic, {}).get(source.id) or page_path("topics", p.topic),
                       f"{source.id}-{para.id}")
                  for p in passages]
        entities = [link(inline(names[e]), here, page_path("entities", e))
                    for e in dict.fromkeys(m.entity for m in mentions)]
        n = number(source, para.id)
        rows.append([f'<a href="#{para.id}" title="line {para.line} of the capture">{n}</a>', ", ".join(topics) or "—",
                     ", ".join(entities)])
    if not rows:
        return "<p>No topic or entity cites this source yet.</p>", 0
    return ("<p>Each paragraph that a topic quotes or that names a registered entity.</p>\n"
            + html_table(["Paragraph", "Topics quoting it", "Entities named"], rows, "rll", wrap=False)), len(rows)


def _log(source: Source) -> str:
    if not source.reading.log:
        return "<p>Nothing was removed, folded or split: each non-blank line of the capture is a paragraph.</p>"
    rows = [[f'<a href="#L{e.line}">{e.line}</a>', ACTIONS[e.action], f"“{inline(e.text)}”", _why(e)]
            for e in source.reading.log]
    intro = ("<p>What normalisation did to the capture to give the reading text above; "
             "the rules are kept as data in <code>dossier/rules/normalise.yml</code>.</p>")
    return intro + "\n" + html_table(["Line", "Action", "Text", "Why"], rows, wrap=False)


def _why(entry) -> str:
    """Why a step was taken, in words: a furniture rule's description names what it removes."""
    if entry.rule:
        return f"Page furniture: {inline(entry.reason)} (rule “{inline(entry.rule)}”)."
    return inline(entry.reason)


def _capture(source: Source) -> str:
    cap = source.meta.capture
    lines = source.text.split("\n")
    spans = "\n".join(f'<span id="L{n}" class="dossier-line" data-n="{n}">{html(line.rstrip(chr(13)))}</span>'
                      for n, line in enumerate(lines, start=1))
    if cap.extracted is not None:
        intro = (f"<p>The text extracted from the capture ({inline(cap.media_type)}) by {inline(cap.extracted.extractor)}, "
                 f"as stored: {plural(len(lines), 'line')} ({_download(cap.extracted.file)}).</p>")
    else:
        intro = (f"<p>The capture exactly as received: {plural(len(lines), 'line')}, "
                 f"{plural(len(source.capture), 'byte')} of UTF-8 text ({_download(cap.file)}).</p>")
    return f'{intro}\n<pre class="dossier-capture"><code>{spans}\n</code></pre>'


def _download(name: str) -> str:
    """A link to a file published beside the page (the page's URL is its folder)."""
    return f'<a href="{attr(quote(name))}">download {inline(name)}</a>'
