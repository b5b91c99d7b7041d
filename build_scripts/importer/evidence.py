"""Metadata a text establishes in its own words: a dateline ("TEHRAN:"), a byline ("By ..."),
a date line, an outlet named in a credit or copyright line. Each is returned as a quote of
the text's exact words (with the value, where it differs), so `check` can verify it.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DATES = [
    re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})", re.IGNORECASE),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? " + _MONTH + r",? (?P<year>\d{4})", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
]
_DATE_LINE = re.compile(r"(?i:(?:published|posted|first published|updated|last updated)(?: on| at)?:?\s*)?"
                        r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? )?(?P<date>.{8,30}?)"
                        r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,5}| GMT[+-]?\d*)?)?\.?$")
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
                       r"(?: \((?P<agency>[A-Z][A-Za-z .&]{1,30})\))?\s?(?:[:—–]|-{1,2}) ")
_BYLINE = re.compile(r"^By:? (?P<names>[A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]+|van|de|al|bin|von|da))*"
                     r"(?:(?:,| and| &) [A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]+|van|de|al|bin|von|da))*){0,4})"
                     r"(?:,? (?:[A-Z][\w.&]+ )*(?:Correspondent|Reporter|Editor|Writer|Staff))?\s*$")
_CREDIT = re.compile(r"^(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s+)?"
                     r"(?P<outlet>[A-Z][\w&.'’ -]{1,50}?)\.?(?:\s+All rights reserved\.?)?$", re.IGNORECASE)
_LINE_WORDS = 12  # lines longer than this are prose, not a byline, date or credit line


def find_evidence(text: str) -> dict[str, dict]:
    """Attested fields (`quote`, with `value` where it differs) found in the first lines of `text`
    (dateline, byline, date) and anywhere (outlet named in a credit or copyright line)."""
    found: dict[str, dict] = {}
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:12]:
        _dateline(line, found)
        if len(line.split()) > _LINE_WORDS:
            continue
        if "byline" not in found and (m := _BYLINE.match(line)):
            found["byline"] = {"value": m.group("names").strip(), "quote": line}
        if "published" not in found and (date := _date_line(line)):
            found["published"] = {"value": date, "quote": line}
    for line in lines:
        if "outlet" not in found and len(line.split()) <= _LINE_WORDS and (m := _CREDIT.match(line)):
            found["outlet"] = {"value": m.group("outlet").strip(), "quote": line}
    return found


def _dateline(line: str, found: dict[str, dict]) -> None:
    m = _DATELINE.match(line)
    if not m or "dateline" in found or m.group("place") in {"UPDATE", "WATCH", "READ", "BREAKING", "NOTE"}:
        return
    quote = m.group(0).rstrip(" :—–-")
    found["dateline"] = {"value": m.group("place").title(), "quote": quote}
    if m.group("agency") and "outlet" not in found:
        found["outlet"] = {"value": m.group("agency").strip(), "quote": f"({m.group('agency')})"}


def _date_line(line: str) -> str | None:
    m = _DATE_LINE.fullmatch(line)
    return parse_date(m.group("date")) if m else None


def parse_date(words: str) -> str | None:
    """YYYY-MM-DD for a date written out in full ("19 November 2023", "Nov. 19, 2023", "2023-11-19")."""
    for pattern in _DATES:
        m = pattern.fullmatch(words.strip().rstrip(","))
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"][:3].lower())
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except (TypeError, ValueError):
            return None
    return None
