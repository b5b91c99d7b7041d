"""Dated events: date expressions found in the text and resolved against the source's
publication date with `dateparser` (relative base = publication date, dates from the past).

"November 1" in a source published on 2023-11-19 is 2023-11-01; "Last Wednesday" 2023-11-15;
"back in March" 2023-03; "in 2021" 2021. A month alone ("in March") stays unresolved unless the
text says it is past ("back in March", "earlier in March"): the next election "in March" is not
last March. A weekday named alone ("Sunday", "on Sunday") is the
last such day on or before publication, as news reports use it: "Sunday" in a source published
on Sunday 19 November 2023 is that day. An expression without a year in a source whose
publication date is unknown is not resolved, and neither is one dateparser cannot read
("this weekend"): both are listed as unresolved, with the reason, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..models import Dossier, Span
from ..source_cache import per_source
from .text import sentence_at

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH = f"(?:{'|'.join(_MONTHS)})"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_EXPRESSIONS = "|".join([
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b(?!,?\s*\d)",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?:19|20)\d\d)?\b",
    rf"\b(?:(?:early|late|mid)[- ])?{_MONTH},?\s+(?:19|20)\d\d\b",
    rf"\b(?:(?:[Bb]ack|[Ll]ate|[Ee]arly|[Ee]arlier|[Ll]ater) in |(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\blate )|(?<=\bearly )){_MONTH}\b",
    rf"\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext)\s+)?{_DAY}\b",
    r"\b(?:[Yy]esterday|(?:[Ll]ast|[Tt]his|[Nn]ext) (?:week|weekend|month|year)|[Ee]arlier this (?:week|month|year))\b",
    r"(?<![\d,.-])(?:19|20)\d\d(?![\d,.-]\d)\b",
])
# Every expression starts with a letter or a digit: saying so first lets `re` pass over the
# other characters without trying each alternative there (a third faster; the same matches,
# tests/test_compare.py).
EXPRESSION = re.compile(rf"(?=[A-Za-z0-9])(?:{_EXPRESSIONS})")
# Every alternative of EXPRESSION holds one of these words: a paragraph without any (most of
# them) is not searched with the long alternation, which tries every alternative at every position.
TRIGGER = re.compile(rf"{_MONTH}|{_DAY}|[Yy]esterday|week|month|year|(?:19|20)\d\d")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, order=True)
class DatedEvent:
    span: Span  # the date expression as written
    sentence: Span  # the sentence it is in (the passage shown on the timeline)
    date: str  # ISO 8601: 2023-11-19, 2023-11, 2023, or 2023-W46; "" when unresolved
    unresolved: str  # why it could not be resolved, or ""


@lru_cache(maxsize=4096)
def _parser(base: dt.date | None):
    """dateparser's parser for a publication date (dateparser is imported here, when first
    needed: by the worker process that finds dates beside the analysis, not as every command
    starts)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=65536)
def resolve(expression: str, published: dt.date | None) -> tuple[str, str]:
    """(ISO date, "") or ("", reason) for a date expression in a source published on `published`."""
    if re.fullmatch(rf"(?:(?:late |early |later )?in )?{_MONTH}", expression, re.I):
        return "", "a month without a year, and the text does not say whether it is past or to come"
    text = re.sub(r"^(?:back|late|early|earlier|later|mid)[- ]in\s+|^(?:early|late|mid)[- ]", "", expression, flags=re.I)
    text = re.sub(r"^earlier this", "this", text, flags=re.I)
    if _YEAR_ALONE.fullmatch(text):  # that year, whatever the publication date, as dateparser reads it (tested)
        return text, ""
    if published is None and not _HAS_YEAR.search(text):
        return "", "the source's publication date is unknown"
    words = text.lower().split()
    if published is not None and words[-1] in _WEEKDAYS and (len(words) == 1 or words[0] == "on"):
        back = (published.weekday() - _WEEKDAYS.index(words[-1])) % 7
        return (published - dt.timedelta(days=back)).isoformat(), ""
    plain = _plain_date(text, published)
    if plain is not None:
        return plain, ""
    data = _parser(published).get_date_data(text)
    if data.date_obj is None:
        return "", "dateparser cannot read this expression"
    d, period = data.date_obj.date(), data.period
    if period == "year":
        return f"{d.year:04d}", ""
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", ""
    if period == "week":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}", ""
    return d.isoformat(), ""


_MONTH_NUMBERS = {name: n for n, name in enumerate(_MONTHS, start=1)}
# A day and a month, perhaps a year: "November 1", "November 1, 2023", "1 November 2023".
_PLAIN = re.compile(rf"(?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:,? (?P<year>(?:19|20)\d\d))?"
                    rf"|(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH})(?: (?P<year2>(?:19|20)\d\d))?")


def _plain_date(text: str, published: dt.date | None) -> str | None:
    """The date dateparser reads in a plain day and month (the dates news reports give most),
    found here without it (dateparser takes 0.4 ms for each): with its year, that day; without
    one, the last such day on or before the publication date, as dateparser reads it with dates
    preferred from the past. None for any other text, or a day that no such month has, which
    dateparser reads. tests/test_compare.py compares both on every day of the year."""
    m = _PLAIN.fullmatch(text)
    if m is None:
        return None
    month = _MONTH_NUMBERS[m["month"] or m["month2"]]
    day, year = int(m["day"] or m["day2"]), m["year"] or m["year2"]
    try:
        if year is not None:
            return dt.date(int(year), month, day).isoformat()
        if published is None:
            return None
        date = dt.date(published.year, month, day)
        return (date if date <= published else dt.date(published.year - 1, month, day)).isoformat()
    except ValueError:  # February 29 in a year without it, or no such day
        return None


def _published(source) -> dt.date | None:
    value = source.meta.published.known
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def find_dates(dossier: Dossier) -> tuple[DatedEvent, ...]:
    return tuple(e for events in per_source("dates", dossier, (), _source_dates) for e in events)


def _source_dates(source) -> tuple[DatedEvent, ...]:
    found: list[DatedEvent] = []
    published = _published(source)
    for para in source.reading.paragraphs:
        if not TRIGGER.search(para.text):
            continue
        for m in EXPRESSION.finditer(para.text):
            date, why = resolve(m.group(), published)
            s_start, s_end = sentence_at(para.text, m.start())
            found.append(DatedEvent(Span(source.id, para.id, m.start(), m.end()),
                                    Span(source.id, para.id, s_start, s_end), date, why))
    return tuple(found)


def sort_key(date: str) -> tuple:
    """Chronological order of ISO dates of any precision; a week sorts at its Monday."""
    if "-W" in date:
        year, week = date.split("-W")
        date = dt.date.fromisocalendar(int(year), int(week), 1).isoformat()
    return tuple(int(p) for p in date.split("-")) if date else (9999,)
