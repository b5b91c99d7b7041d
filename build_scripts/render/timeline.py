"""The timeline page, and the timeline section of a topic page: dated events in date order,
each with its passages; expressions that cannot be resolved are listed as such."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..analysis.dates import DatedEvent, sort_key
from ..models import Analysis, Dossier
from .listings import by_date
from .markup import front_matter, html, md, md_link, page_path, plural, table
from .passages import quote_block, span_text
from .pictures import Matrix, heatmap

PICTURE_DATES = 60  # dates drawn at most (the most mentioned); the table lists them all
PICTURE_SOURCES = 12  # past this, one column counts every source together


def _events(dossier: Dossier, here: str, events: list[DatedEvent], level: str) -> str:
    by_date: dict[str, list[DatedEvent]] = defaultdict(list)
    for e in events:
        if e.date:
            by_date[e.date].append(e)
    parts = []
    for date in sorted(by_date, key=sort_key):
        parts.append(f"{level} {date} {{ #d-{date} }}")
        for e in by_date[date]:
            note = f"“{html(span_text(dossier, e.span))}”"
            parts.append(quote_block(dossier, here, e.span, e.sentence, note))
    return "\n\n".join(parts) if parts else "No date expression could be resolved."


def _picture(dossier: Dossier, events: list[DatedEvent]) -> str:
    """Dates x sources as a picture, and a table of the same data."""
    dated = [e for e in events if e.date]
    if not dated:
        return "No date expression could be resolved."
    counts = Counter((e.date, e.span.source) for e in dated)
    per_date = Counter(e.date for e in dated)
    drawn = sorted(sorted(per_date, key=lambda d: (-per_date[d], sort_key(d)))[:PICTURE_DATES], key=sort_key)
    dated_sources = {e.span.source for e in dated}
    sources = [s for s in by_date(dossier.sources) if s.id in dated_sources]
    if len(sources) <= PICTURE_SOURCES:
        columns = tuple(f"{s.meta.outlet.known or s.label[:24]} ({s.id})" for s in sources)
        values = tuple(tuple(counts[(d, s.id)] for s in sources) for d in drawn)
    else:
        columns, values = ("All sources",), tuple((per_date[d],) for d in drawn)
    more = (f" Only the {PICTURE_DATES} dates mentioned most are drawn." if len(per_date) > len(drawn) else "")
    picture = heatmap(Matrix(tuple(drawn), columns, values), "timeline-picture", "Dates the sources mention",
                      "Rows are dates in order, columns are sources (by date, then outlet, then id); the darker "
                      "a cell, the more expressions of the source resolve to that date; the numbers are in the "
                      "table below." + more)
    named_on: dict[str, set[str]] = defaultdict(set)
    for e in dated:
        named_on[e.date].add(e.span.source)
    rows = []
    for d in sorted(per_date, key=sort_key):
        named = sorted(named_on[d])
        rows.append([f"[{d}](#d-{d})", str(per_date[d]), ", ".join(f"`{md(sid)}`" for sid in named)])
    return picture + "\n\n" + table(["Date", "Expressions", "Sources"], rows, "lrl")


def _unresolved(dossier: Dossier, here: str, events: list[DatedEvent]) -> str:
    rows = []
    for e in events:
        if e.date:
            continue
        link = md_link(f"{md(e.span.source)}, {e.span.paragraph}", here, page_path("sources", e.span.source), e.span.paragraph)
        rows.append([f"“{md(span_text(dossier, e.span))}”", link, md(e.unresolved)])
    if not rows:
        return "None."
    return table(["Expression", "Where", "Why it is not resolved"], rows)


def render_timeline(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("timeline")
    events = list(analysis.compare.dates)
    resolved = sum(1 for e in events if e.date)
    parts = [front_matter("Timeline", search={"exclude": True}), "# Timeline",
             ("Dates the sources mention, resolved against each source's publication date: \"Sunday\" in a "
              "source published on Sunday 19 November 2023 is that day, \"November 1\" is 1 November 2023. "
              "Dates are given as precisely as the text gives them (a day, a month, a year or a week). "
              "An expression is left unresolved, with the reason, when the source's publication date is "
              "unknown and the expression has no year, or when it is too vague; nothing is guessed."),
             f"{plural(len(events), 'date expression')}: {resolved:,} resolved, {len(events) - resolved:,} not."]
    parts += ["## At a glance", _picture(dossier, events)]
    parts += ["## Events by date", _events(dossier, here, events, "###")]
    parts += ["## Not resolved", _unresolved(dossier, here, events)]
    return "\n\n".join(parts) + "\n"


def topic_timeline(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    events = [e for e in analysis.compare.dates if (e.span.source, e.span.paragraph) in paragraphs]
    if not events:
        return "These passages mention no date."
    unresolved = [e for e in events if not e.date]
    text = _events(dossier, here, events, "###")
    if unresolved:
        text += "\n\n### Not resolved\n\n" + _unresolved(dossier, here, unresolved)
    return text
