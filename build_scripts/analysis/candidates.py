"""Names that occur in the sources but in no entity's aliases, for editors to register."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..models import Candidate, Dossier, Mention, Source
from ..source_cache import per_source

# Words (letters, digits, apostrophes, hyphens) joined by single spaces: only such words make
# a run, so a paragraph is read chain by chain, each split at its spaces in C.
_CHAIN = re.compile(r"[^\W_][\w'’-]*(?: [^\W_][\w'’-]*)*")
_POSSESSIVE = re.compile(r"['’]s?$")


Run = tuple[str, str, int, int, int]  # name, paragraph, its line, start, end in the paragraph


def name_runs(dossier: Dossier) -> list[tuple[Run, ...]]:
    """Each source's runs of two or more capitalised words that are not in the names lexicon's
    `not_names`: found from the text and the lexicon alone, so that a source's runs stay in the
    cache while entities are edited (which of them a mention covers is `name_candidates`')."""
    lexicon = dossier.names
    words = _Words(set(lexicon.leading_words), set(lexicon.connectors), set(lexicon.adjectives))
    ignored = set(lexicon.not_names)
    return per_source("name-runs", dossier, lexicon, lambda source: _source_runs(source, words, ignored))


def name_candidates(dossier: Dossier, mentions: tuple[Mention, ...], runs: list[tuple[Run, ...]]) -> tuple[Candidate, ...]:
    """The runs (`name_runs`) that no mention covers, most frequent first."""
    covered: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        covered[(m.source, m.paragraph)].append((m.start, m.end))
    found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for source, found_in in zip(dossier.sources, runs):
        for name, pid, line, start, end in found_in:
            if not any(s < end and start < e for s, e in covered.get((source.id, pid), ())):
                found[name].append((source.id, pid, line))
    out = [
        Candidate(name, len(where), tuple(dict.fromkeys(w[0] for w in where)), *where[0])
        for name, where in found.items()
    ]
    return tuple(sorted(out, key=lambda c: (-c.count, c.name)))


def _source_runs(source: Source, words: _Words, ignored: set[str]) -> tuple[Run, ...]:
    out = []
    for para in source.reading.paragraphs:
        if para.heading:
            continue  # headlines capitalise every word
        out += [(name, para.id, para.line, start, end) for name, start, end in _runs(para.text, words)
                if name not in ignored]
    return tuple(out)


@dataclass(frozen=True)
class _Words:
    leading: set[str]  # dropped from the start (The, President)
    connectors: set[str]  # lower-case particles inside a name (al, bin, de, von)
    adjectives: set[str]  # capitalised adjectives (Iranian, Kurdish): dropped from the start

    def capitalised(self, word: str) -> bool:
        """A capitalised word, or a particle joined by a hyphen to one ("al-Sisi", "el-Fattah")."""
        if word[0].isupper():
            return True
        head, _, rest = word.partition("-")
        return head in self.connectors and rest[:1].isupper()


def _runs(text: str, words: _Words):
    """(name, start, end) for each run of capitalised words (connectors allowed inside)."""
    connectors = words.connectors
    for chain in _CHAIN.finditer(text):
        ws = chain.group().split(" ")
        # Where a run can start: a capitalised word (most words are not: looked at in one pass).
        starts = [i for i, w in enumerate(ws) if w[0].isupper() or ("-" in w and words.capitalised(w))]
        if len(starts) < 2:
            continue  # a run holds two capitalised words at least
        n, following = len(ws), 0
        for i in starts:
            if i < following:
                continue  # inside the last run
            j = i + 1
            while j < n:
                k = j
                while k < n and ws[k] in connectors:
                    k += 1  # particles, several in a row ("von der Leyen"), then a capitalised word
                if k < n and words.capitalised(ws[k]):
                    j = k + 1
                else:
                    break
            following = j
            first = i + _lead(ws, i, j, words)
            if j - first >= 2:
                start = chain.start() + sum(map(len, ws[:first])) + first
                end = start + sum(map(len, ws[first:j])) + (j - first - 1)
                yield _POSSESSIVE.sub("", text[start:end].rstrip(".,")), start, end


def _lead(ws: list[str], i: int, j: int, words: _Words) -> int:
    """How many of the words ws[i:j] to drop from the start of the run: sentence-opening words
    and titles; adjectives go with a title after them ("Egyptian President Abdel Fattah
    al-Sisi"), and a run of adjectives alone ("Iranian Kurdish") goes."""
    k = i
    while k < j and ws[k] in words.adjectives:
        k += 1
    first = k if k == j or ws[k] in words.leading else i
    while first < j and (ws[first] in words.leading or ws[first] in words.connectors):
        first += 1
    return first - i
