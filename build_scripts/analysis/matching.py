"""Multi-pattern matching over reading text, linear in the length of the text.

One Aho-Corasick automaton (pyahocorasick) per case mode finds every pattern in a single
pass. Text and patterns are first folded the same way, so that spelling variants real
sources use meet: runs of white space and hyphens become one space ("Amir-Abdollahian" =
"Amir Abdollahian", "Fattah-II" = "Fattah II"), every apostrophe becomes "'" and every
double quotation mark '"'. A case-sensitive pattern also matches its sentence-initial, Title
Case and UPPER CASE forms ("Paydari party" = "Paydari Party" = "PAYDARI PARTY"). Matches must
sit on word boundaries; a possessive ("Khamenei's", "Houthis'") is part of the surface form;
overlapping matches resolve to the longest, leftmost one within each group of payloads (by
default one group: callers that need every group to see its own matches pass `group`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from .text import lowers_per_character

T = TypeVar("T")

_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013")  # hyphens and the en dash
_APOSTROPHES = frozenset("'\u2019\u02bc\u2018`\u2032")
_QUOTES = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033')
_FOLD = {ord(c): " " for c in _SEPARATORS} | {ord(c): "'" for c in _APOSTROPHES} | {ord(c): '"' for c in _QUOTES} | {
    i: " " for i in range(0x3001) if chr(i).isspace()}  # every white space character is below U+3001


@functools.cache
def _lower_table() -> dict[int, str]:
    """Each character's lower case, cut to one character (made when first needed: 30 ms)."""
    return {i: chr(i).lower()[:1] for i in range(0x1E922) if chr(i).lower()[:1] != chr(i)}  # U+1E921 is the last with a lower case


_RUNS = re.compile(" {2,}")  # runs of white space and hyphens, once translated
# The same folding as three substitutions, for a text that is not ASCII: `translate` would look
# each of its characters up in the dict (about three times slower).
_FOLD_SUBS = tuple((re.compile("[" + re.escape("".join(chr(c) for c, to in _FOLD.items() if to == into != chr(c))) + "]"), into)
                   for into in (" ", "'", '"'))


def fold(text: str) -> tuple[str, Sequence[int]]:
    """`text` folded for matching, and for each folded character its index in `text`."""
    if text.isascii():
        folded = text.translate(_FOLD)
    else:
        folded = text
        for chars, into in _FOLD_SUBS:
            folded = chars.sub(into, folded)
    if "  " not in folded:  # the usual case: no run to collapse, every character kept in place
        return folded, range(len(folded))
    out: list[str] = []
    index: list[int] = []
    at = 0
    for run in _RUNS.finditer(folded):
        out.append(folded[at:run.start() + 1])
        index.extend(range(at, run.start() + 1))
        at = run.end()
    out.append(folded[at:])
    index.extend(range(at, len(folded)))
    return "".join(out), index


def lower_same_length(text: str) -> str:
    """Lower-case `text` without changing its length (offsets stay valid): a character whose
    lower case is longer ("İ" gives "i" and a combining dot) keeps its first character."""
    if not lowers_per_character(text):
        return text.translate(_lower_table())
    return text.lower()  # the same, character for character, and many times faster


def match_key(pattern: str, insensitive: bool) -> str:
    """The form under which a pattern is matched: two patterns with one key are the same."""
    key = fold(pattern.strip())[0].strip()
    return lower_same_length(key) if insensitive else key


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int  # offsets in the original text
    end: int
    surface: str  # the text as written, possessive included
    payload: T


@dataclass(frozen=True)
class _Entry(Generic[T]):
    length: int
    payload: T
    prefix: bool  # a trailing * in the pattern: the match may run on to the end of the word


class Matcher(Generic[T]):
    """Finds patterns in text; each pattern carries a payload returned with its matches."""

    def __init__(self, patterns: Iterable[tuple[str, T, bool]]):
        """`patterns`: (pattern, payload, case-insensitive). A trailing * makes a prefix pattern."""
        self._automata = {False: ahocorasick.Automaton(), True: ahocorasick.Automaton()}
        self._entries: dict[tuple[bool, str], list[_Entry[T]]] = {}
        for pattern, payload, insensitive in patterns:
            prefix = pattern.endswith("*")
            key = match_key(pattern.rstrip("*") if prefix else pattern, insensitive)
            if not key:
                continue
            keys = {key} if insensitive else case_variants(key)
            for k in keys:
                entries = self._entries.setdefault((insensitive, k), [])
                entry = _Entry(len(k), payload, prefix)
                if entry not in entries:  # a pattern listed twice matches once
                    entries.append(entry)
        for (insensitive, key), entries in self._entries.items():
            self._automata[insensitive].add_word(key, (key, entries))
        for automaton in self._automata.values():
            if len(automaton):
                automaton.make_automaton()

    def find(self, text: str, accept: Callable[[T], bool] = lambda _: True,
             group: Callable[[T], Hashable] = lambda _: None) -> list[Match[T]]:
        """Matches in `text` whose payloads pass `accept`: within each `group` of payloads they do
        not overlap (longest leftmost first); matches of different groups may overlap."""
        folded, index = fold(text)
        found: list[tuple[int, int, T]] = []
        for insensitive, automaton in self._automata.items():
            if not len(automaton):
                continue
            haystack = lower_same_length(folded) if insensitive else folded
            for last, (key, entries) in automaton.iter(haystack):
                start = last - len(key) + 1
                if start > 0 and _is_word(folded[start - 1]) and _is_word(key[0]):
                    continue  # starts inside a word
                for entry in entries:
                    end = _word_end(folded, last + 1, entry.prefix)
                    if end is not None and accept(entry.payload):
                        found.append((start, end, entry.payload))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        matches: list[Match[T]] = []
        reached: dict[Hashable, int] = {}
        chosen: dict[Hashable, tuple[int, int]] = {}
        for start, end, payload in found:
            g = group(payload)
            if (start, end) != chosen.get(g):  # payloads sharing the chosen span all match
                if start < reached.get(g, 0):
                    continue
                chosen[g] = (start, end)
            stop = _possessive_end(folded, end)
            o_start, o_end = index[start], index[stop - 1] + 1
            matches.append(Match(o_start, o_end, text[o_start:o_end], payload))
            reached[g] = stop
        return matches


def case_variants(key: str) -> set[str]:
    """The forms a case-sensitive pattern matches: as written, opening a sentence, in Title Case
    (each lower-case initial raised) and in UPPER CASE. Other letters keep their case, so "US"
    never matches "us" and "Leader" never "leader"."""
    words = key.split(" ")
    title = " ".join(w[:1].upper() + w[1:] if w[:1].islower() else w for w in words)
    keys = {key, key[0].upper() + key[1:], title}
    if any(c.isalpha() for c in key):
        keys.add(key.upper() if len(key.upper()) == len(key) else key)
    return keys


def _word_end(folded: str, end: int, prefix: bool) -> int | None:
    """Where a match ending at `end` ends as a word, or None when it ends inside a word."""
    if prefix:
        while end < len(folded) and _is_word(folded[end]):
            end += 1
        return end
    if end < len(folded) and _is_word(folded[end]) and _is_word(folded[end - 1]):
        return None
    return end


def _possessive_end(folded: str, end: int) -> int:
    if folded.startswith("'s", end) and (end + 2 == len(folded) or not _is_word(folded[end + 2])):
        return end + 2
    if folded.startswith("'", end) and folded[end - 1] == "s" and (end + 1 == len(folded) or not _is_word(folded[end + 1])):
        return end + 1
    return end
