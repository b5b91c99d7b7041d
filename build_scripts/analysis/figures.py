"""Reported figures: numbers with what they count, who gives them, and where.

A figure is a number written in digits ("25", "1,200", "12.5", "3 million") that is not a
year, a date or part of a name ("9-Dey", "Fattah II"), followed within a few words by what it
counts. The counted word is normalised through `COUNTED` ("crewmates" and "crew members" are
"crew"); an event word in the same sentence ("killed", "injured") is kept beside it.

A quantity is what a figure measures: (counted, event, subject), where the subject is the
registered vessel, event or weapon the sentence names (else its paragraph, else the only one its
story names). Figures without a subject are listed but never compared: two values disagree
only when they measure the same quantity of the same subject. "5,000 terrorists" and
"5,000 children" are different quantities; so are 12,300 killed and 30,000 injured.

The attribution is the speaker of the sentence when it says so: "according to X", "X says/said
..." before the number, or "reportedly". Editors confirm, merge or split quantities in
`dossier/figures.yml` (applied in `figure_edits.py`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..models import Analysis, Dossier, Span
from ..source_cache import per_source
from .text import sentences, stem

NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|thousand|billion))?(?![\w/]|-(?!kilo|meter|metre|mile|km|year|day|strong))")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.I)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b|^,\s*\d{{4}}", re.I)
# What a figure counts: a word as written (stemmed) -> the quantity's name.
COUNTED = {
    "crew": "crew", "crewmat": "crew", "crewmember": "crew", "sailor": "crew", "seafarer": "crew",
    "kill": "killed", "dead": "killed", "death": "killed", "die": "killed",
    "hostag": "hostages", "hostage": "hostages", "kidnap": "hostages", "kidnapp": "hostages", "captiv": "hostages", "injur": "injured", "wound": "injured",
    "tower": "towers", "kilometer": "kilometres", "kilometre": "kilometres", "km": "kilometres",
    "mile": "miles", "camera": "cameras", "rial": "rials", "seat": "seats", "dollar": "dollars",
    "percent": "percent", "child": "children", "children": "children", "women": "women", "woman": "women",
    "men": "men", "civilian": "civilians", "palestinian": "Palestinians", "israeli": "Israelis",
    "soldier": "soldiers", "terrorist": "terrorists", "people": "people", "person": "people",
    "ship": "ships", "vessel": "ships", "missil": "missiles", "drone": "drones", "rocket": "rockets",
    "year": "years", "day": "days", "month": "months", "week": "weeks", "hour": "hours",
    "member": "members", "candidat": "candidates", "vote": "votes", "prisoner": "prisoners",
    "refuge": "refugees", "hospital": "hospitals", "home": "homes", "building": "buildings",
}
EVENTS = {"kill": "killed", "injur": "injured", "wound": "injured", "dead": "killed", "die": "killed",
          "arrest": "arrested", "detain": "detained", "displac": "displaced", "execut": "executed"}
_SKIP = {"more", "mostly", "other", "of", "the", "than", "about", "some", "new", "additional", "further",
         "were", "was", "have", "has", "had", "been", "are", "taken", "held"}
PEOPLE = {"civilians", "Palestinians", "Israelis", "children", "women", "men", "people", "soldiers", "terrorists"}
_QUALIFIER = re.compile(r"(at least|more than|over|nearly|almost|about|around|some|up to|fewer than|less than|"
                        r"roughly|approximately)\s+$", re.I)
_REPORT = re.compile(r"\b(says|said|say|reported|reports|claims|claimed|announced|stated|told|estimates|estimated)\b")
_ACCORDING = re.compile(r"according to ([^,.;]{1,60})", re.I)
SUBJECT_KINDS = ("vessel", "event", "weapon")


@dataclass(frozen=True, order=True)
class Figure:
    span: Span  # the number (and its counted words) as written
    value: str  # the number as written ("1,200")
    number: float
    counted: str  # the quantity's name ("crew"), or the counted word as written when not in COUNTED
    event: str  # "killed", "injured", ... or ""
    subject: str  # the registered entity measured, or ""
    qualifier: str  # "at least", "more than", ... or ""
    attribution: str  # who gives it, as written ("Israeli PM's office"), "reportedly", or ""
    sentence: Span  # the sentence it is in

    @property
    def quantity(self) -> str:
        """The automatic quantity id, e.g. "crew@galaxy-leader" or "killed-civilians@october-7-attack"."""
        name = re.sub(r"[^a-z0-9]+", "-", f"{self.event}-{self.counted}".lower()).strip("-")
        return f"{name}@{self.subject}" if self.subject else f"{name}@{self.span.source}.{self.span.paragraph}.{self.span.start}"


def _is_date_or_year(text: str, start: int, end: int, value: str) -> bool:
    if _DATE_BEFORE.search(text[max(0, start - 12):start]) or _DATE_AFTER.match(text[end:end + 16]):
        return True
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", value))


def _counted(text: str, end: int) -> tuple[str, int] | None:
    """What the number at `end` counts, and where those words end."""
    pos = end
    for _ in range(5):
        m = re.match(r"[\s-]*([A-Za-z’']+)", text[pos:])
        if m is None:
            return None
        word = m.group(1).lower()
        pos += m.end()
        if word in _SKIP or word.endswith("ly") and word not in ("only",):
            continue
        key = stem(word.removesuffix("s") if word.endswith("members") else word)
        if key == "crew" and re.match(r"\s+members?\b", text[pos:]):
            pos += re.match(r"\s+members?\b", text[pos:]).end()
        if key in COUNTED or word in COUNTED:
            return COUNTED.get(key) or COUNTED[word], pos
        if word[0].isalpha() and word not in ("and", "or", "in", "on", "at", "to", "a", "an"):
            adjective = re.match(r"\s+([a-z]+s)\b", text[pos:])
            if adjective and stem(adjective.group(1)) in COUNTED:  # "150 thermal cameras"
                continue
            return (word if m.group(1).islower() else m.group(1)), pos
        return None
    return None


def _attribution(text: str, s_start: int, at: int) -> str:
    sentence = text[s_start:at]
    m = _ACCORDING.search(text[s_start:text.find(".", at) if text.find(".", at) > 0 else len(text)])
    if m:
        return m.group(1).strip()
    verbs = list(_REPORT.finditer(sentence))
    if verbs:
        clause = re.split(r"[,;:]", sentence[:verbs[-1].start()])[-1].split()
        clause = [w for w in clause if w.lower() not in ("in", "a", "post")]
        if clause and len(clause) <= 6:
            return " ".join(clause)
    return "reportedly" if "reportedly" in text[s_start:at + 80] else ""


@dataclass(frozen=True)
class _Subjects:
    by_para: dict  # (source, paragraph) -> mentions of vessels, events and weapons, in order
    by_story: dict  # (source, story) -> the one named most often, when strictly most often
    vessels: dict  # (source, story) -> [(paragraph id, vessel id)]


def _subjects(dossier: Dossier, analysis: Analysis) -> _Subjects:
    kinds = {e.id: e.kind for e in dossier.entities}
    by_para: dict = defaultdict(list)
    counts: dict = defaultdict(Counter)
    vessels: dict = defaultdict(list)
    for m in analysis.mentions:
        if kinds.get(m.entity) in SUBJECT_KINDS:
            by_para[(m.source, m.paragraph)].append(m)
            counts[(m.source, m.story)][m.entity] += 1
            if kinds[m.entity] == "vessel":
                vessels[(m.source, m.story)].append((m.paragraph, m.entity))
    by_story = {}
    for key, counter in counts.items():
        top = counter.most_common(2)
        if len(top) == 1 or top[0][1] > top[1][1]:
            by_story[key] = top[0][0]
    return _Subjects(by_para, by_story, vessels)


_THE_VESSEL = re.compile(r"\b(?:the|this|that) (?:vessel|ship|boat|tanker|freighter|carrier)\b", re.I)


def _subject(subjects: _Subjects, sid: str, para, order: dict, s_start: int, s_end: int) -> str:
    mentions = subjects.by_para.get((sid, para.id), [])
    in_sentence = [m.entity for m in mentions if s_start <= m.start < s_end]
    if in_sentence:
        return in_sentence[0]
    if mentions:
        return mentions[0].entity
    named = subjects.vessels.get((sid, para.story))
    if named and _THE_VESSEL.search(para.text):  # "the vessel": the vessel named nearest in the story
        here = order[para.id]
        return min((abs(order[pid] - here), order[pid], vid) for pid, vid in named)[2]
    return subjects.by_story.get((sid, para.story), "")


def _event_in(text: str) -> list[str]:
    return [event for word in re.findall(r"[a-z]+", text.lower()) for key, event in EVENTS.items()
            if word.startswith(key)]


def _event(text: str, s_start: int, s_end: int, start: int, end: int) -> str:
    """The event word of a figure: in its own clause after it ("7,000 children were injured"),
    else the nearest before it in the sentence ("killed at least 1,200 civilians")."""
    after = re.split(r"[,;]| and | but ", text[end:s_end], maxsplit=1)[0]
    found = _event_in(after)
    if found:
        return found[0]
    before = _event_in(text[s_start:start])
    return before[-1] if before else (_event_in(text[end:s_end]) or [""])[0]


def find_figures(dossier: Dossier, analysis: Analysis) -> tuple[Figure, ...]:
    subjects = functools.cache(lambda: _subjects(dossier, analysis))  # needed only when some source is not in the cache
    # A source's figures depend on it and, through its mentions and their kinds, on the entities.
    found = per_source("figures", dossier, dossier.entities, lambda source: _source_figures(source, subjects()))
    return tuple(f for figures in found for f in figures)


def _source_figures(source, subjects: _Subjects) -> tuple[Figure, ...]:
    found: list[Figure] = []
    order = {p.id: i for i, p in enumerate(source.reading.paragraphs)}
    for para in source.reading.paragraphs:
        text = para.text
        for s_start, s_end in sentences(text):
            for m in NUMBER.finditer(text, s_start, s_end):
                value = m.group(1)
                if _is_date_or_year(text, m.start(), m.end(), value):
                    continue
                what = _counted(text, m.end())
                if what is None:
                    continue
                counted, end = what
                number = float(value.replace(",", "")) * {"million": 1e6, "thousand": 1e3, "billion": 1e9}.get(m.group(2) or "", 1)
                event = _event(text, s_start, s_end, m.start(), end) if counted in PEOPLE else ""
                q = _QUALIFIER.search(text[max(s_start, m.start() - 20):m.start()])
                subject = _subject(subjects, source.id, para, order, s_start, s_end)
                found.append(Figure(Span(source.id, para.id, m.start(), end), value, number, counted, event,
                                    subject, q.group(1).lower() if q else "", _attribution(text, s_start, m.start()),
                                    Span(source.id, para.id, s_start, s_end)))
    return tuple(found)
