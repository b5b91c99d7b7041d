"""The quotations page, and the quotations section of a topic page: the renderings of one
statement side by side, each verbatim with its source, speaker and kind."""

from __future__ import annotations

from ..analysis.quotes import QuoteGroup, Statement
from ..analysis.text import sentence_at
from ..models import Analysis, Dossier, Span
from .markup import html, md, plural, raw
from .passages import quote_block, span_text
from .names import entity_names, in_paragraphs
from .split import TOPIC_ITEMS, Block, more_on, split

STATEMENTS = 100  # statements of one rendering per block
KIND = {"quoted": "quoted", "reported": "reported speech"}


def _speaker(dossier: Dossier, st: Statement) -> str:
    names = entity_names(dossier)
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
    """The quotations pages (one, or several when the listing is long: `split.py`)."""
    groups = analysis.compare.quotes
    shared = [g for g in groups if len(g.variants) > 1]
    single = sorted((g for g in groups if len(g.variants) == 1), key=lambda g: g.variants[0])

    def shared_block(g: QuoteGroup, here: str) -> Block:
        return Block(f"{g.id}-h", "\n\n".join([
            f"### {_heading(dossier, g)} {{ #{g.id}-h }}",
            f"{plural(len(g.variants), 'rendering')} in {plural(len(g.sources), 'source')}.",
            variants(dossier, here, g)]), "Statements rendered more than once")

    def single_block(run: list[QuoteGroup], here: str) -> Block:
        quotes = [f'<div id="{g.id}">{quote_block(dossier, here, g.variants[0].span, _context(dossier, g.variants[0].span), KIND[g.variants[0].kind] + " · " + _speaker(dossier, g.variants[0]))}</div>'
                  for g in run]
        return Block("", raw("\n".join(quotes)), "Other statements")  # spliced in after Python-Markdown (rawblocks.py)

    items = [(shared_block, g) for g in shared] or [Block("", "None yet.", "Statements rendered more than once")]
    items += [(single_block, single[i:i + STATEMENTS]) for i in range(0, len(single), STATEMENTS)] or [
        Block("", "None.", "Other statements")]
    pages = split("quotations", items, lambda item, here: item[0](item[1], here))
    first = [("Quoted and reported speech found in the sources, with its speaker where the text names one. "
              "Renderings of one statement in several places (the same words, a translation, a paraphrase "
              "or reported speech) are grouped and shown side by side; the highlighted words are the "
              "statement, verbatim from each source. Grouping is automatic: it compares content words, "
              "and never groups statements of two different registered speakers."),
             f"{plural(len(groups), 'statement')} in total; {plural(len(shared), 'group')} with several renderings."
             + (f" They are listed over {len(pages.pages)} pages, groups first." if len(pages.pages) > 1 else "")]
    return pages.render("Quotations", first, {"search": {"exclude": True}})


def topic_quotations(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    groups = [g for g in in_paragraphs("quotes", analysis.compare.quotes, lambda g: (v.span for v in g.variants), paragraphs)
              if len(g.variants) > 1]
    if not groups:
        return "No statement quoted in these passages is rendered in more than one place."
    parts = []
    for g in groups[:TOPIC_ITEMS]:
        parts += [f"### {_heading(dossier, g)}", variants(dossier, here, g)]
    parts.append(more_on(len(groups), "statement", "statements", here, "quotations", "Quotations"))
    return "\n\n".join(p for p in parts if p)
