"""Names that occur in the sources but in no entity's aliases, for editors to register."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..models import Candidate, Dossier, Mention, Source
from ..source_cache import per_source

_WORD = re.compile(r"[^\W_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


def name_candidates(dossier: Dossier, mentions: tuple[Mention, ...]) -> tuple[Candidate, ...]:
    """Runs of two or more capitalised words that no mention covers, most frequent first."""
    lexicon = dossier.names
    words = _Words(set(lexicon.leading_words), set(lexicon.connectors), set(lexicon.adjectives))
    ignored = set(lexicon.not_names)
    covered: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        covered[(m.source, m.paragraph)].append((m.start, m.end))
    found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    # A source's candidates depend on it, on the names lexicon and, through its mentions, on the entities.
    per = per_source("candidates", dossier, (lexicon, dossier.entities),
                     lambda source: _source_candidates(source, words, ignored, covered))
    for names in per:
        for name, where in names:
            found[name].append(where)
    out = [
        Candidate(name, len(where), tuple(dict.fromkeys(w[0] for w in where)), *where[0])
        for name, where in found.items()
    ]
    return tuple(sorted(out, key=lambda c: (-c.count, c.name)))


def _source_candidates(source: Source, words: _Words, ignored: set[str], covered: dict) -> tuple:
    """(name, (source, paragraph, line)) for each run of capitalised words no mention covers."""
    out = []
    for para in source.reading.paragraphs:
        if para.heading:
            continue  # headlines capitalise every word
        spans = covered.get((source.id, para.id), ())
        for name, start, end in _runs(para.text, words):
            if name in ignored or any(s < end and start < e for s, e in spans):
                continue
            out.append((name, (source.id, para.id, para.line)))
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
    found = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(found):
        if not words.capitalised(found[i][0]):
            i += 1
            continue
        run = [found[i]]
        j = i + 1
        while j < len(found) and text[run[-1][2]:found[j][1]] == " ":
            k = j
            while k < len(found) and found[k][0] in words.connectors and text[found[k - 1][2]:found[k][1]] == " ":
                k += 1  # particles, several in a row ("von der Leyen"), then a capitalised word
            if k < len(found) and text[found[k - 1][2]:found[k][1]] == " " and words.capitalised(found[k][0]):
                run += found[j:k + 1]
                j = k + 1
            else:
                break
        i = j
        run = _strip_lead(run, words)
        if len(run) >= 2:
            start, end = run[0][1], run[-1][2]
            name = _POSSESSIVE.sub("", text[start:end].rstrip(".,"))
            yield name, start, end


def _strip_lead(run: list, words: _Words) -> list:
    """Drop sentence-opening words and titles; adjectives go with a title after them ("Egyptian
    President Abdel Fattah al-Sisi"), and a run of adjectives alone ("Iranian Kurdish") goes."""
    k = 0
    while k < len(run) and run[k][0] in words.adjectives:
        k += 1
    if k == len(run) or run[k][0] in words.leading:
        run = run[k:]
    while run and (run[0][0] in words.leading or run[0][0] in words.connectors):
        run = run[1:]
    return run
