"""The timeline page, and the timeline section of a topic page: dated events in date order,
each with its passages; expressions that cannot be resolved are listed as such."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..analysis.dates import DatedEvent, sort_key
from ..models import Analysis, Dossier
from .listings import by_date
from .markup import html, html_table, inline, link, md, md_link, page_path, plural, raw, table
from .names import in_paragraphs
from .passages import quote_block, span_text
from .pictures import Matrix, heatmap
from .split import TOPIC_ITEMS, Block, more_on, split

PICTURE_DATES = 60  # dates drawn at most (the most mentioned); the table lists them all
NAMED_SOURCES = 12  # source ids named in a row of the dates table at most
UNRESOLVED_ROWS = 200  # rows of the table of unresolved expressions per block
DATE_EVENTS = 200  # passages of one date per block of the timeline (a date with more goes on in another)
TOPIC_DATE_EVENTS = 10  # passages of one date shown in full on a topic page
PICTURE_SOURCES = 12  # past this, one column counts every source together


def _note(dossier: Dossier, e: DatedEvent) -> str:
    return f"“{html(span_text(dossier, e.span))}”"


def _events(dossier: Dossier, here: str, dates: list[tuple[str, list[DatedEvent]]]) -> str:
    """Markdown: each date as a heading, then its passages (a topic page's timeline)."""
    parts = []
    for date, events in dates:
        parts.append(f"### {date} {{ #d-{date} }}")
        parts += [quote_block(dossier, here, e.span, e.sentence, _note(dossier, e)) for e in events]
    return "\n\n".join(parts) if parts else "No date expression could be resolved."


def _date_blocks(events: list[DatedEvent]) -> list[tuple[str, list[DatedEvent]]]:
    """(date, its events in order) for every resolved date, in date order."""
    by_date: dict[str, list[DatedEvent]] = defaultdict(list)
    for e in events:
        if e.date:
            by_date[e.date].append(e)
    return [(d, by_date[d]) for d in sorted(by_date, key=sort_key)]


def _date_block(dossier: Dossier, here: str, date: str, events: list[DatedEvent], continued: bool = False) -> Block:
    quotes = "\n".join(quote_block(dossier, here, e.span, e.sentence, _note(dossier, e)) for e in events)
    if continued:  # a date with more than DATE_EVENTS passages goes on in a block of its own (split.py cuts between)
        return Block("", f"### {date} (continued)\n\n{raw(quotes)}", "Events by date")
    return Block(f"d-{date}", f"### {date} {{ #d-{date} }}\n\n{raw(quotes)}", "Events by date")


def _unresolved_block(dossier: Dossier, here: str, events: list[DatedEvent]) -> Block:
    rows = [[f"“{inline(span_text(dossier, e.span))}”",
             link(f"{inline(e.span.source)}, {e.span.paragraph}", here, page_path("sources", e.span.source), e.span.paragraph),
             inline(e.unresolved)] for e in events]
    return Block("", html_table(["Expression", "Where", "Why it is not resolved"], rows), "Not resolved")


def _picture(dossier: Dossier, events: list[DatedEvent], date_link=None) -> str:
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
        shown = ", ".join(f"`{md(sid)}`" for sid in named[:NAMED_SOURCES])
        if len(named) > NAMED_SOURCES:
            shown += f" and {len(named) - NAMED_SOURCES:,} more"
        rows.append([date_link(d) if date_link else f"[{d}](#d-{d})", str(per_date[d]), shown])
    return picture + "\n\n" + table(["Date", "Expressions", "Sources"], rows, "lrl")


def render_timeline(dossier: Dossier, analysis: Analysis) -> dict[str, str]:
    """The timeline pages (one, or several when the listing is long: `split.py`)."""
    events = list(analysis.compare.dates)
    resolved = sum(1 for e in events if e.date)
    unresolved = [e for e in events if not e.date]
    items = [("date", d, es[i:i + DATE_EVENTS], i > 0) for d, es in _date_blocks(events)
             for i in range(0, len(es), DATE_EVENTS)] or [
        Block("", "No date expression could be resolved.", "Events by date")]
    items += [("unresolved", "", unresolved[i:i + UNRESOLVED_ROWS]) for i in range(0, len(unresolved), UNRESOLVED_ROWS)] or [
        Block("", "None.", "Not resolved")]
    pages = split("timeline", items, lambda item, here: _date_block(dossier, here, item[1], item[2], item[3])
                  if item[0] == "date" else _unresolved_block(dossier, here, item[2]))
    here = page_path("timeline")
    first = [("Dates the sources mention, resolved against each source's publication date: \"Sunday\" in a "
              "source published on Sunday 19 November 2023 is that day, \"November 1\" is 1 November 2023. "
              "Dates are given as precisely as the text gives them (a day, a month, a year or a week). "
              "An expression is left unresolved, with the reason, when the source's publication date is "
              "unknown and the expression has no year, or when it is too vague; nothing is guessed."),
             f"{plural(len(events), 'date expression')}: {resolved:,} resolved, {len(events) - resolved:,} not."
             + (f" Events are listed by date over {len(pages.pages)} pages, then the expressions not resolved."
                if len(pages.pages) > 1 else ""),
             "## At a glance", _picture(dossier, events, lambda d: pages.link(d, here, f"d-{d}"))]
    return pages.render("Timeline", first, {"search": {"exclude": True}})


def topic_timeline(dossier: Dossier, analysis: Analysis, paragraphs: set[tuple[str, str]], here: str) -> str:
    events = in_paragraphs("dates", analysis.compare.dates, lambda e: (e.span,), paragraphs)
    if not events:
        return "These passages mention no date."
    unresolved = [e for e in events if not e.date]
    dates = _date_blocks(events)
    text = _events(dossier, here, [(d, es[:TOPIC_DATE_EVENTS]) for d, es in dates[:TOPIC_ITEMS]])  # the rest on the timeline
    more = more_on(len(dates), "date", "dates", here, "timeline", "Timeline")
    cut = [d for d, es in dates[:TOPIC_ITEMS] if len(es) > TOPIC_DATE_EVENTS]
    if cut:
        more = (more + " " if more else "") + (
            f"Dates with more than {TOPIC_DATE_EVENTS} passages ({', '.join(cut)}) show their first "
            f"{TOPIC_DATE_EVENTS} here; {md_link('Timeline', here, page_path('timeline'))} lists them all.")
    if more:
        text += "\n\n" + more
    if unresolved:
        text += "\n\n### Not resolved\n\n" + _unresolved_block(dossier, here, unresolved[:TOPIC_ITEMS]).text
        more = more_on(len(unresolved), "expression", "expressions", here, "timeline", "Timeline")
        text += "\n\n" + more if more else ""
    return text
