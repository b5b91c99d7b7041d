"""The figures page: numbers the sources report, grouped by the quantity they measure, with
disagreements first; and the figures section of a topic page."""

from __future__ import annotations

from ..analysis.quantities import Quantity
from ..models import Analysis, Dossier
from .markup import front_matter, html, md, page_path, plural, table
from .passages import quote_block
from .sections import Section, paged_sections

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


def quantity_block(dossier: Dossier, here: str, q: Quantity, level: str = "###") -> str:
    status = "**Disagreement:** the sources give different numbers" if q.disagreement else "Values agree"
    if len(q.values) > 1 and not q.disagreement:
        status = "Numbers differ, but the subject is not established: not compared (an editor can confirm)"
    if q.decided:
        status += f" ({DECIDED[q.decided]}{': ' + md(q.note) if q.note else ''})"
    parts = [f"{level} {md(q.label)} {{ #{q.id.replace('@', '--').replace('.', '-')} }}",
             f"Quantity `{q.id}` · values: {', '.join(md(v) for v in q.values)} · {status}."]
    parts += [quote_block(dossier, here, f.span, f.sentence, _note(f)) for f in q.figures]
    return "\n\n".join(parts)


def render_figures(dossier: Dossier, analysis: Analysis) -> dict[str, str]:
    """The figures page (and, when the figures are many, its further pages: sections.py)."""
    qs = analysis.compare.quantities
    disagreements = [q for q in qs if q.disagreement]
    rest = [q for q in qs if not q.disagreement]
    head = [front_matter("Reported figures", search={"exclude": True}), "# Reported figures",
            ("Numbers the sources give, with what they count, who gives them when the sentence says, "
             "and where. Figures measure the same quantity when they count the same thing "
             "(crew, killed civilians, towers, ...) of the same subject: a registered vessel, event or weapon "
             "named in the sentence, its paragraph or its story. Figures without such a subject are "
             "listed but never compared, so \"5,000 terrorists\" and \"5,000 children\" are never set against "
             "each other. Editors confirm, merge or split quantities in `dossier/figures.yml`, using the "
             "quantity ids shown here."),
            f"{plural(len(analysis.compare.figures), 'figure')}, {plural(len(qs), 'quantity', 'quantities')}, "
            f"{plural(len(disagreements), 'disagreement')}."]

    def disagreeing(rows: list[int], here: str) -> list[str]:
        return [quantity_block(dossier, here, disagreements[i]) for i in rows]

    def others(rows: list[int], here: str) -> list[str]:  # the table lists the quantities of its page
        table_rows = [[f"[`{q.id}`](#{q.id.replace('@', '--').replace('.', '-')})", md(q.label),
                       ", ".join(md(v) for v in q.values), str(len({f.span.source for f in q.figures}))]
                      for q in (rest[i] for i in rows)]
        return [table(["Quantity", "What", "Values", "Sources"], table_rows, "lllr"),
                *(quantity_block(dossier, here, rest[i]) for i in rows)]

    return paged_sections("figures", "Reported figures", head, [
        Section("Disagreements", "None found.", [len(q.figures) for q in disagreements], disagreeing),
        Section("All other quantities", "None.", [len(q.figures) for q in rest], others)])


def topic_figures(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    qs = [q for q in analysis.compare.quantities
          if any((f.span.source, f.span.paragraph) in paragraphs for f in q.figures)]
    if not qs:
        return "No figure is reported in these passages."
    return "\n\n".join(quantity_block(dossier, here, q, "###") for q in qs)
