"""Small text helpers shared by the comparisons: sentences, word tokens, content words.

All offsets are code points of the paragraph's text, so every result can become a `Span`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# A sentence ends at . ! ? (and any closing quotes) followed by space and a capital, a digit or a quote.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "rev", "no",
                            "u.s", "u.k", "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                            "sept", "oct", "nov", "dec", "vs", "inc", "ltd", "co"})

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say stated added told least
""".split())


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, trailing space excluded."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start:m.start()].rsplit(None, 1)
        if before and before[-1].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if before and len(before[-1]) == 1 and before[-1].isupper():  # an initial: "John F. Kennedy"
            continue
        end = m.end()
        yield start, len(text[:end].rstrip())
        start = end
    if text[start:].strip():
        yield start, len(text.rstrip())


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    for start, end in sentences(text):
        if start <= offset < end or offset == end:
            return start, end
    return 0, len(text)


def lowers_per_character(text: str) -> bool:
    """Whether `str.lower` lower-cases `text` character by character, each into one character:
    true unless it holds "İ" (which becomes "i" and a combining dot) or "Σ" (which becomes "ς"
    at the end of a word). tests/test_matching.py checks every code point."""
    return "\u0130" not in text and "\u03a3" not in text


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, with ’ as '."""
    if not lowers_per_character(text):
        return [w.lower().replace("’", "'") for w in WORD.findall(text)]
    # Lower-cased first, every character gives one character that is a word character when it
    # was one: the same words, faster.
    return WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A light English stemmer: enough for 'condemned'/'condemning' and 'ties'/'tie' to meet."""
    word = word.lower().removesuffix("'s")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word
