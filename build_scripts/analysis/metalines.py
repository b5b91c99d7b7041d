"""Metadata lines: bylines, datelines, publication dates and the like, which are printed as
paragraphs of an article but are not what it says. They never count as topic passages (a
byline "Maritime Correspondent" is not a passage on shipping).

A paragraph is a metadata line when it is short and either (a) is made of the capture's own
words quoted by the source's metadata (`byline`, `dateline`, `published`, `retrieved`) with at
most a few words around them, or (b) has the shape of one: "By Jane Doe", "Jane Doe, Maritime
Correspondent", "Updated 19 November 2023", "Reporting by ...".
"""

from __future__ import annotations

import re

from ..models import Paragraph, Source

MAX_WORDS = 14  # a metadata line is short; longer paragraphs are always text
_AROUND = 4  # words allowed around a quoted byline or dateline ("By", "in", the outlet's name)
_QUOTED = ("byline", "dateline", "published", "retrieved")

_ROLE = (r"(?:correspondent|editor|reporter|writer|journalist|contributor|columnist|analyst|"
         r"bureau|desk|staff|newsroom|producer|agencies|agency)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SHAPES = (  # (pattern, most words a line of that shape has)
    (re.compile(r"(?i)^(?:written |reporting |reported |words |text |compiled |edited )?by\s+\S"), MAX_WORDS),
    (re.compile(rf"(?i)\b{_ROLE}s?\W*$"), 7),
    (re.compile(r"(?i)^(?:published|updated|last updated|posted|first published|modified|filed)\b"), MAX_WORDS),
    (re.compile(rf"(?i)^(?:\w+day,?\s+)?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})\b[\w\s,:.+-]*$"), 7),
    (re.compile(r"(?i)^\(?(?:reuters|afp|ap|dpa|ani|irna|isna|tasnim|xinhua)\)?\W*$"), 2),
)


def metadata_paragraphs(source: Source) -> frozenset[str]:
    """Ids of the paragraphs of `source` that are metadata lines, not text."""
    quotes = [q for f in _QUOTED if (q := getattr(source.meta, f).quote)]
    return frozenset(p.id for p in source.reading.paragraphs if is_metadata_line(p, quotes))


def is_metadata_line(para: Paragraph, quotes: list[str]) -> bool:
    text = para.text.strip()
    words = len(text.split())
    if words > MAX_WORDS:
        return False
    for quote in quotes:
        if quote in text and words - len(quote.split()) <= _AROUND:
            return True
    return any(words <= most and shape.search(text) for shape, most in _SHAPES)
