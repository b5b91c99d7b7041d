"""The comparisons in `data/dossier.json`: `shared_text`, `quotes`, `figures`, `timeline` and
`wording` (docs/data.md). Every `text`, `sentence` and `paragraph_text` is verbatim: the
characters of the paragraph's reading text between the offsets given beside it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from ..analysis.dates import sort_key
from ..models import Analysis, Dossier, Span

Section = tuple[Sequence[Any], Callable[[Any], dict]]  # the items of a list in the export, and each one's record


def _text(dossier: Dossier, span: Span) -> str:
    return dossier.source(span.source).reading.paragraph(span.paragraph).text[span.start:span.end]


def _at(dossier: Dossier, span: Span) -> dict:
    return {"source": span.source, "paragraph": span.paragraph, "start": span.start, "end": span.end,
            "text": _text(dossier, span)}


def _shared(dossier: Dossier, analysis: Analysis) -> Section:
    return analysis.compare.shared.pairs, lambda p: {"a": _at(dossier, p.a), "b": _at(dossier, p.b),
                                                     "similarity": p.similarity}


def _quotes(dossier: Dossier, analysis: Analysis) -> Section:
    return analysis.compare.quotes, lambda g: {
        "id": g.id, "sources": list(g.sources),
        "variants": [{**_at(dossier, v.span), "speaker": v.speaker or None, "entity": v.entity or None,
                      "speaker_as_written": v.written or v.speaker or None, "kind": v.kind}
                     for v in g.variants]}


def _figures(dossier: Dossier, analysis: Analysis) -> Section:
    return analysis.compare.quantities, lambda q: {
        "id": q.id, "label": q.label, "disagreement": q.disagreement, "decided": q.decided or None,
        "note": q.note or None,
        "values": [{"value": f.value, "number": f.number, **_at(dossier, f.span),
                    "sentence": _text(dossier, f.sentence), "counted": f.counted, "event": f.event or None,
                    "subject": f.subject or None, "qualifier": f.qualifier or None,
                    "attribution": f.attribution or None} for f in q.figures]}


def _timeline(dossier: Dossier, analysis: Analysis) -> Section:
    """Resolved dates in chronological order, each with its passages; then each unresolved one."""
    by_date: dict = defaultdict(list)
    for e in analysis.compare.dates:
        if e.date:
            by_date[e.date].append(e)
    entries = [(d, "", tuple(by_date[d])) for d in sorted(by_date, key=sort_key)]
    entries += [("", e.unresolved, (e,)) for e in analysis.compare.dates if not e.date]

    def passage(e) -> dict:
        return {**_at(dossier, e.span), "sentence": _text(dossier, e.sentence)}

    return entries, lambda entry: {"date": entry[0] or None, "unresolved": entry[1] or None,
                                   "passages": [passage(e) for e in entry[2]]}


def _wording(dossier: Dossier, analysis: Analysis) -> Section:
    w = analysis.compare.wording
    return w.terms, lambda t: {
        "term": t.term, "forms": list(t.forms), "refers_to": t.refers_to,
        "counts": {s.id: w.counts.get((t.term, s.id), 0) for s in dossier.sources if (t.term, s.id) in w.counts},
        "occurrences": [_at(dossier, o.span) for s in dossier.sources for o in w.of(t.term, s.id)]}


def compare_sections(dossier: Dossier, analysis: Analysis) -> dict[str, Section]:
    """Each comparison as (its items, the function that makes an item's record)."""
    return {"shared_text": _shared(dossier, analysis), "quotes": _quotes(dossier, analysis),
            "figures": _figures(dossier, analysis), "timeline": _timeline(dossier, analysis),
            "wording": _wording(dossier, analysis)}
