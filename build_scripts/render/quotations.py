"""The quotations page, and the quotations section of a topic page: the renderings of one
statement side by side, each verbatim with its source, speaker and kind."""

from __future__ import annotations

from ..analysis.quotes import QuoteGroup, Statement
from ..analysis.text import sentence_at
from ..models import Analysis, Dossier, Span
from .markup import front_matter, html, md, page_path, plural, raw
from .passages import quote_block, span_text
from .sections import Section, paged_sections

KIND = {"quoted": "quoted", "reported": "reported speech"}


def _speaker(dossier: Dossier, st: Statement) -> str:
    names = {e.id: e.name for e in dossier.entities}
    if not st.speaker:
        return "speaker not stated"
    text = f"speaker: {html(st.speaker)}"
    if st.written:
        text = f"speaker: “{html(st.written)}”, read as {html(st.speaker)} (the person last named or quoted)"
    if st.entity and names.get(st.entity, "") != st.speaker:
        text += f" ({html(names.get(st.entity, st.entity))})"
    return text


def _context(dossier: Dossier, span: Span) -> Span:
    """The sentences around a statement: from the sentence where it starts to where it ends."""
    text = dossier.source(span.source).reading.paragraph(span.paragraph).text
    first, last = sentence_at(text, span.start), sentence_at(text, max(span.start, span.end - 1))
    return Span(span.source, span.paragraph, first[0], max(last[1], span.end))


def variants(dossier: Dossier, here: str, group: QuoteGroup) -> str:
    cells = []
    for st in group.variants:
        note = f"{KIND[st.kind]} · {_speaker(dossier, st)}"
        cells.append(f'<div class="dossier-variant">{quote_block(dossier, here, st.span, _context(dossier, st.span), note)}</div>')
    return raw(f'<div class="dossier-variants" id="{group.id}">\n' + "\n".join(cells) + "\n</div>")


def _heading(dossier: Dossier, group: QuoteGroup) -> str:
    first = group.variants[0]
    words = span_text(dossier, first.span).split()
    short = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
    who = next((v.speaker for v in group.variants if v.entity), first.speaker) or "Unattributed"
    return f"{md(who)}: “{md(short)}”"


def render_quotations(dossier: Dossier, analysis: Analysis) -> dict[str, str]:
    """The quotations page (and, when the statements are many, its further pages: sections.py)."""
    groups = analysis.compare.quotes
    shared = [g for g in groups if len(g.variants) > 1]
    single = sorted((g for g in groups if len(g.variants) == 1), key=lambda g: g.variants[0])
    head = [front_matter("Quotations", search={"exclude": True}), "# Quotations",
            ("Quoted and reported speech found in the sources, with its speaker where the text names one. "
             "Renderings of one statement in several places (the same words, a translation, a paraphrase "
             "or reported speech) are grouped and shown side by side; the highlighted words are the "
             "statement, verbatim from each source. Grouping is automatic: it compares content words, "
             "and never groups statements of two different registered speakers."),
            f"{plural(len(groups), 'statement')} in total; {plural(len(shared), 'group')} with several renderings."]

    def several(rows: list[int], here: str) -> list[str]:
        return [part for i in rows for part in (
            f"### {_heading(dossier, shared[i])} {{ #{shared[i].id}-h }}",
            f"{plural(len(shared[i].variants), 'rendering')} in {plural(len(shared[i].sources), 'source')}.",
            variants(dossier, here, shared[i]))]

    def once(rows: list[int], here: str) -> list[str]:
        blocks = []
        for g in (single[i] for i in rows):
            st = g.variants[0]
            note = KIND[st.kind] + " · " + _speaker(dossier, st)
            blocks.append(f'<div id="{g.id}">{quote_block(dossier, here, st.span, _context(dossier, st.span), note)}</div>')
        return [raw("\n".join(blocks))]  # one block, spliced in after Python-Markdown (rawblocks.py)

    return paged_sections("quotations", "Quotations", head, [
        Section("Statements rendered more than once", "None yet.", [len(g.variants) for g in shared], several),
        Section("Other statements", "None.", [1] * len(single), once)])


def topic_quotations(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    groups = [g for g in analysis.compare.quotes
              if len(g.variants) > 1 and any((v.span.source, v.span.paragraph) in paragraphs for v in g.variants)]
    if not groups:
        return "No statement quoted in these passages is rendered in more than one place."
    parts = []
    for g in groups:
        parts += [f"### {_heading(dossier, g)}", variants(dossier, here, g)]
    return "\n\n".join(parts)
