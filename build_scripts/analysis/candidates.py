"""Names that occur in the sources but in no entity's aliases, for editors to register."""

from __future__ import annotations

import re
from collections import defaultdict

from ..models import Candidate, Dossier, Mention

_WORD = re.compile(r"[^\W_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


def name_candidates(dossier: Dossier, mentions: tuple[Mention, ...]) -> tuple[Candidate, ...]:
    """Runs of two or more capitalised words that no mention covers, most frequent first."""
    lexicon = dossier.names
    skip_lead = set(lexicon.leading_words)
    connectors = set(lexicon.connectors)
    ignored = set(lexicon.not_names)
    covered: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        covered[(m.source, m.paragraph)].append((m.start, m.end))
    found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for source in dossier.sources:
        for para in source.reading.paragraphs:
            if para.heading:
                continue  # headlines capitalise every word
            spans = covered[(source.id, para.id)]
            for name, start, end in _runs(para.text, connectors, skip_lead):
                if name in ignored or any(s < end and start < e for s, e in spans):
                    continue
                found[name].append((source.id, para.id, para.line))
    out = [
        Candidate(name, len(where), tuple(dict.fromkeys(w[0] for w in where)), *where[0])
        for name, where in found.items()
    ]
    return tuple(sorted(out, key=lambda c: (-c.count, c.name)))


def _runs(text: str, connectors: set[str], skip_lead: set[str]):
    """(name, start, end) for each run of capitalised words (connectors allowed inside)."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        if not words[i][0][0].isupper():
            i += 1
            continue
        j = i
        run = [words[i]]
        while j + 1 < len(words) and text[run[-1][2]:words[j + 1][1]] == " ":
            nxt = words[j + 1][0]
            if nxt[0].isupper() or (nxt in connectors and j + 2 < len(words) and words[j + 2][0][0].isupper()):
                run.append(words[j + 1])
                j += 1
            else:
                break
        i = j + 1
        while run and (run[0][0] in skip_lead or run[0][0] in connectors):
            run = run[1:]
        while run and run[-1][0] in connectors:
            run = run[:-1]
        if len(run) >= 2:
            start, end = run[0][1], run[-1][2]
            name = _POSSESSIVE.sub("", text[start:end].rstrip(".,"))
            yield name, start, end
