"""The figures page: numbers the sources report, grouped by the quantity they measure, with
disagreements first; and the figures section of a topic page."""

from __future__ import annotations

from ..analysis.quantities import Quantity
from ..models import Analysis, Dossier
from .markup import html, md, page_path, plural, raw, table
from .names import in_paragraphs
from .passages import quote_block
from .split import TOPIC_ITEMS, Block, more_on, split

INDEX_ROWS = 300  # quantities listed in the table of page 1
DECIDED = {"confirmed": "confirmed by an editor", "merged": "merged by an editor", "split": "split by an editor"}


def _note(f) -> str:
    bits = [f"value {html(f.value)}"]
    if f.qualifier:
        bits[0] = f"value {html(f.qualifier)} {html(f.value)}"
    if f.attribution == "reportedly":
        bits.append("“reportedly”: no one named")
    else:
        bits.append(f"given by {html(f.attribution)}" if f.attribution else "no attribution in the sentence")
    return " · ".join(bits)


def quantity_block(dossier: Dossier, here: str, q: Quantity, in_toc: bool = True) -> str:
    """A quantity: its heading (in the page's table of contents, or only in the page: the figures
    pages list hundreds), its values and status, and the sentences that give them."""
    status = "<strong>Disagreement:</strong> the sources give different numbers" if q.disagreement else "Values agree"
    if len(q.values) > 1 and not q.disagreement:
        status = "Numbers differ, but the subject is not established: not compared (an editor can confirm)"
    if q.decided:
        status += f" ({DECIDED[q.decided]}{': ' + html(q.note) if q.note else ''})"
    anchor = _anchor(q)
    body = (f"<p>Quantity <code>{html(q.id)}</code> · values: {', '.join(html(v) for v in q.values)} · {status}.</p>\n"
            + "\n".join(quote_block(dossier, here, f.span, f.sentence, _note(f)) for f in q.figures))
    if in_toc:
        return f"### {md(q.label)} {{ #{anchor} }}\n\n{raw(body)}"
    return raw(f'<h3 id="{anchor}">{html(q.label)}<a class="headerlink" href="#{anchor}" title="Permanent link">'
               f"&para;</a></h3>\n{body}")


def _anchor(q: Quantity) -> str:
    return q.id.replace('@', '--').replace('.', '-')


def render_figures(dossier: Dossier, analysis: Analysis) -> dict[str, str]:
    """The figures pages (one, or several when the listing is long: `split.py`)."""
    qs = analysis.compare.quantities
    disagreements = [q for q in qs if q.disagreement]
    rest = [q for q in qs if not q.disagreement]
    items = (disagreements or [Block("", "None found.", "Disagreements")]) + (rest or [Block("", "None.", "All other quantities")])
    pages = split("figures", items, lambda q, here: Block(
        _anchor(q), quantity_block(dossier, here, q, in_toc=False), "Disagreements" if q.disagreement else "All other quantities"))
    more = f"The first {INDEX_ROWS:,} are listed here; the others follow, in order." if len(rest) > INDEX_ROWS else ""

    def index(here: str) -> str:
        rows = [[pages.link(f"`{q.id}`", here, _anchor(q)), md(q.label), ", ".join(md(v) for v in q.values),
                 str(len({f.span.source for f in q.figures}))] for q in rest[:INDEX_ROWS]]
        return "\n\n".join(p for p in (table(["Quantity", "What", "Values", "Sources"], rows, "lllr"), more) if p)

    if rest:
        pages.open_section("All other quantities", index)
    first = [("Numbers the sources give, with what they count, who gives them when the sentence says, "
              "and where. Figures measure the same quantity when they count the same thing "
              "(crew, killed civilians, towers, ...) of the same subject: a registered vessel, event or weapon "
              "named in the sentence, its paragraph or its story. Figures without such a subject are "
              "listed but never compared, so \"5,000 terrorists\" and \"5,000 children\" are never set against "
              "each other. Editors confirm, merge or split quantities in `dossier/figures.yml`, using the "
              "quantity ids shown here."),
             f"{plural(len(analysis.compare.figures), 'figure')}, {plural(len(qs), 'quantity', 'quantities')}, "
             f"{plural(len(disagreements), 'disagreement')}." + (f" They are listed over {len(pages.pages)} pages, "
                                                               "disagreements first." if len(pages.pages) > 1 else "")]
    return pages.render("Reported figures", first, {"search": {"exclude": True}})


def topic_figures(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    qs = in_paragraphs("quantities", analysis.compare.quantities, lambda q: (f.span for f in q.figures), paragraphs)
    if not qs:
        return "No figure is reported in these passages."
    qs.sort(key=lambda q: not q.disagreement)  # disagreements first (the sort is stable)
    blocks = [quantity_block(dossier, here, q) for q in qs[:TOPIC_ITEMS]]
    return "\n\n".join(blocks + [more_on(len(qs), "quantity", "quantities", here, "figures", "Reported figures")])
