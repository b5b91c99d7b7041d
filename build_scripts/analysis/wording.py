"""Wording: how often each source uses each term of the editors' lexicon
(`dossier/lexicons/wording.yml`), with every occurrence as a span. It counts; it does not score.

One Aho-Corasick automaton (the same `Matcher` as entity mentions) finds every form of every
term in one pass over each paragraph, so the cost is linear in the text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..compare_models import Term
from ..models import Dossier, FrozenMap, Span
from ..source_cache import per_source
from .matching import Matcher


@dataclass(frozen=True, order=True)
class Occurrence:
    term: str  # the lexicon's term
    span: Span
    surface: str  # as written


@dataclass(frozen=True)
class Wording:
    terms: tuple[Term, ...]
    occurrences: tuple[Occurrence, ...]  # in dossier order
    counts: FrozenMap  # (term, source) -> count
    index: FrozenMap  # (term, source) -> occurrences

    def of(self, term: str, source: str) -> tuple[Occurrence, ...]:
        return self.index.get((term, source), ())


def term_matcher(lexicon: tuple[Term, ...]) -> Matcher[Term]:
    return Matcher((form, term, term.case == "insensitive")
                   for term in lexicon for form in (term.term, *term.forms))


def canonical_terms(lexicon: tuple[Term, ...], text: str, matcher: Matcher[Term] | None = None) -> str:
    """`text` with each lexicon term that `refers_to` something replaced by that referent:
    "the Zionist regime" and "Israel" both read "the Israel" when both refer to Israel."""
    matcher = matcher or term_matcher(lexicon)
    out, last = [], 0
    for m in matcher.find(text):
        if m.payload.refers_to:
            out += [text[last:m.start], m.payload.refers_to]
            last = m.end
    return "".join(out) + text[last:]


def find_wording(dossier: Dossier) -> Wording:
    lexicon = dossier.wording
    matcher = functools.cache(lambda: term_matcher(lexicon))  # built only when some source is not in the cache
    found: list[Occurrence] = []
    index: dict[tuple[str, str], list[Occurrence]] = {}
    for occurrences in per_source("wording", dossier, lexicon, lambda source: _source_wording(matcher(), source)):
        for occurrence in occurrences:
            found.append(occurrence)
            index.setdefault((occurrence.term, occurrence.span.source), []).append(occurrence)
    return Wording(lexicon, tuple(found),
                   FrozenMap((k, len(v)) for k, v in index.items()),
                   FrozenMap((k, tuple(v)) for k, v in index.items()))


def _source_wording(matcher: Matcher[Term], source) -> tuple[Occurrence, ...]:
    return tuple(Occurrence(m.payload.term, Span(source.id, para.id, m.start, m.end), m.surface)
                 for para in source.reading.paragraphs for m in matcher.find(para.text))
