"""Anchoring annotations: where each quote lies in its source's reading text.

In order: (1) the quote's exact words; (2) when they occur several times, the `prefix` and
`suffix` choose the one meant; (3) failing an exact match, the same after folding whitespace
runs, typographic quotes and dashes (`fold`); (4) failing that, approximate matching with
rapidfuzz's `partial_ratio_alignment` (an optimal Levenshtein alignment of the quote inside
each paragraph), refined to word boundaries and scored with `fuzz.ratio`, the normalised
Indel similarity of the quote and the words found. A match scoring `APPROXIMATE_MIN` or
more anchors the note, flagged for review; below it the annotation is an orphan, reported
with the closest passage and its score. Nothing is dropped silently.

The reading text of a source is its paragraphs in order joined by `SEPARATOR`; offsets
count code points (Python string indices). Context (`prefix`/`suffix`) is read across
paragraph boundaries in that text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..annotation_models import Anchor, Annotation
from ..models import Dossier, Span
from ..problems import Problem, Severity

SEPARATOR = "\n\n"  # between paragraphs in the reading text that positions count in
APPROXIMATE_MIN = 0.85  # least similarity (0..1) for an approximate anchor
APPROXIMATE_MIN_CHARS = 8  # shorter quotes anchor only exactly (after folding)
CONTEXT_MARGIN = 0.1  # how much better the context of the chosen repeat must fit than the next
CONTEXT_MIN = 0.6  # and how well it must fit at least
NEAR = 0.02  # approximate matches this close to the best one compete for it
_FOLD = {ord(c): "'" for c in "‘’‚‛′`´"} | {ord(c): '"' for c in "“”„‟″«»"} | {ord(c): "-" for c in "‐‑‒–—―−"}
_FOLD[ord("…")] = "..."


@dataclass(frozen=True)
class Located:
    """What anchoring a quote in one source found."""

    status: str  # exact | context | approximate | ambiguous | orphan
    spans: tuple[Span, ...]  # the anchor; the competing places (ambiguous); the closest passage (orphan)
    score: float  # similarity of the quote and the words at spans[0] (0 when nothing is close)


class ReadingText:
    """A source's paragraphs as one text, with each paragraph's offset in it."""

    def __init__(self, source: str, paragraphs: Sequence[tuple[str, str]]):
        self.source = source
        self.paragraphs = tuple(paragraphs)  # (paragraph id, text)
        self.offsets: dict[str, int] = {}
        pos = 0
        for pid, text in self.paragraphs:
            self.offsets[pid] = pos
            pos += len(text) + len(SEPARATOR)
        self.text = SEPARATOR.join(text for _, text in self.paragraphs)
        self._by_id = dict(self.paragraphs)

    @classmethod
    def of(cls, source) -> ReadingText:
        return cls(source.id, [(p.id, p.text) for p in source.reading.paragraphs])

    def words(self, span: Span) -> str:
        return self._by_id[span.paragraph][span.start:span.end]

    def position(self, span: Span) -> tuple[int, int]:
        """The span's start and end in the whole reading text (code points)."""
        base = self.offsets[span.paragraph]
        return base + span.start, base + span.end

    def context(self, span: Span, width: int) -> tuple[str, str]:
        """Up to `width` code points before and after the span, without a cut word at the far ends."""
        start, end = self.position(span)
        before = self.text[max(0, start - width):start]
        after = self.text[end:end + width]
        if start > width and 0 <= (cut := before.find(" ")) < len(before) - 1:
            before = before[cut + 1:]
        if end + width < len(self.text) and (cut := after.rfind(" ")) > 0:
            after = after[:cut]
        return before, after


def fold(text: str) -> tuple[str, list[int]]:
    """`text` with whitespace runs as one space and typographic quotes and dashes as ASCII,
    and for each character of the result the index of the character it comes from."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\ufeff":
            if out and out[-1] == " ":
                continue
            ch = " "
        for part in _FOLD.get(ord(ch), ch):
            out.append(part)
            index.append(i)
    index.append(len(text))
    return "".join(out), index


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100


def locate(reading: ReadingText, exact: str, prefix: str | None = None, suffix: str | None = None) -> Located:
    """Anchor the quote `exact` in `reading`; never raises on any text."""
    quote = exact.strip()
    if not quote:
        return Located("orphan", (), 0.0)
    spans = [Span(reading.source, pid, i, i + len(quote)) for pid, text in reading.paragraphs for i in _find(text, quote)]
    if spans:
        return _choose(reading, spans, prefix, suffix, quote, approximate=False)
    folded_quote = fold(quote)[0].strip()
    spans = []
    for pid, text in reading.paragraphs:
        folded, index = fold(text)
        spans += [Span(reading.source, pid, index[i], index[i + len(folded_quote) - 1] + 1)
                  for i in _find(folded, folded_quote)]
    if spans:
        return _choose(reading, spans, prefix, suffix, quote, approximate=True)
    return _approximate(reading, quote, folded_quote, prefix, suffix)


def _find(text: str, word: str) -> list[int]:
    hits, i = [], text.find(word)
    while i >= 0:
        hits.append(i)
        i = text.find(word, i + 1)
    return hits


def _choose(reading: ReadingText, spans: list[Span], prefix, suffix, quote: str, approximate: bool) -> Located:
    def result(span: Span, status: str) -> Located:
        words = reading.words(span)
        return Located("approximate" if approximate or words != quote else status, (span,), similarity(quote, words))

    if len(spans) == 1:
        return result(spans[0], "exact")
    scored = sorted(((context_fit(reading, s, prefix, suffix), s) for s in spans), key=lambda t: -t[0])
    best, runner = scored[0][0], scored[1][0]
    if best >= CONTEXT_MIN and best - runner >= CONTEXT_MARGIN:
        return result(scored[0][1], "context")
    return Located("ambiguous", tuple(spans), 1.0)


def context_fit(reading: ReadingText, span: Span, prefix: str | None, suffix: str | None) -> float:
    """How well `prefix` and `suffix` match the words around `span` (0..1; 0 without either)."""
    start, end = reading.position(span)
    fits = []
    if prefix and prefix.strip():
        want = fold(prefix)[0].strip()
        have = fold(reading.text[max(0, start - 2 * len(prefix) - 2):start])[0].rstrip()[-len(want):]
        fits.append(similarity(want, have))
    if suffix and suffix.strip():
        want = fold(suffix)[0].strip()
        have = fold(reading.text[end:end + 2 * len(suffix) + 2])[0].lstrip()[:len(want)]
        fits.append(similarity(want, have))
    return sum(fits) / len(fits) if fits else 0.0


def _approximate(reading: ReadingText, quote: str, folded_quote: str, prefix, suffix) -> Located:
    found: list[tuple[float, Span]] = []
    for pid, text in reading.paragraphs:
        folded, index = fold(text)
        if not folded.strip():
            continue
        align = fuzz.partial_ratio_alignment(folded_quote, folded)
        start, end = _refine(folded_quote, folded, align.dest_start, align.dest_end)
        if end <= start:
            continue
        score = similarity(folded_quote, folded[start:end])
        found.append((score, Span(reading.source, pid, index[start], index[end - 1] + 1)))
    if not found:
        return Located("orphan", (), 0.0)
    found.sort(key=lambda t: (-t[0], t[1]))
    best = found[0][0]
    if best < APPROXIMATE_MIN or len(folded_quote) < APPROXIMATE_MIN_CHARS:
        span = found[0][1]
        return Located("orphan", (span,), similarity(quote, reading.words(span)))
    near = [s for score, s in found if best - score <= NEAR]
    if len(near) > 1:
        scored = sorted(((context_fit(reading, s, prefix, suffix), s) for s in near), key=lambda t: -t[0])
        if not (scored[0][0] >= CONTEXT_MIN and scored[0][0] - scored[1][0] >= CONTEXT_MARGIN):
            return Located("ambiguous", tuple(near), best)
        near = [scored[0][1]]
    return Located("approximate", (near[0],), similarity(quote, reading.words(near[0])))


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of `text` near [start, end) most similar to `quote`, at word boundaries when possible."""
    slack = min(20, max(4, len(quote) // 10))
    starts = {s for s in range(max(0, start - slack), min(len(text), start + slack) + 1) if _boundary(text, s)} | {start}
    ends = {e for e in range(max(0, end - slack), min(len(text), end + slack) + 1) if _boundary(text, e)} | {end}
    best = (-1.0, 0, start, end)
    for s in sorted(starts):
        while s < len(text) and text[s] == " ":
            s += 1
        for e in sorted(ends):
            if e <= s:
                continue
            e2 = len(text[s:e].rstrip()) + s
            score = fuzz.ratio(quote, text[s:e2])
            key = (score, -abs(s - start) - abs(e2 - end), s, e2)
            if key > best:
                best = key
    return best[2], best[3]


def _boundary(text: str, i: int) -> bool:
    return i == 0 or i == len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


def anchor_annotations(dossier: Dossier) -> tuple[tuple[Anchor, ...], list[Problem]]:
    """Anchor every annotation of the dossier; problems say what to review or fix."""
    readings: dict[str, ReadingText] = {}
    anchors, problems = [], []
    for note in dossier.annotations:
        reading = readings.get(note.source) or readings.setdefault(note.source, ReadingText.of(dossier.source(note.source)))
        found = locate(reading, note.exact, note.prefix, note.suffix)
        problem = describe(note, found, reading)
        if problem is not None:
            problems.append(problem)
        if found.status == "ambiguous":
            continue  # an error: the build stops and the problem says what to add
        if found.status == "orphan":
            closest = found.spans[0] if found.spans else None
            text = reading.words(closest) if closest else ""
            anchors.append(Anchor(note, "orphan", None, found.score, text, closest))
        else:
            span = found.spans[0]
            anchors.append(Anchor(note, found.status, span, found.score, reading.words(span)))
    return tuple(anchors), problems


def describe(note: Annotation, found: Located, reading: ReadingText) -> Problem | None:
    """The problem an anchoring result raises, or None when the quote was found as written."""
    path, line = note.origin.path, note.origin.line
    where = f"annotation {note.id!r}: "
    if found.status == "ambiguous":
        places = ", ".join(s.paragraph for s in found.spans)
        return Problem(path, line, where + (
            f"the quote occurs {len(found.spans)} times in source {note.source} ({places}) and its prefix and "
            "suffix do not say which is meant; add `prefix:` (the words just before) or `suffix:` (the words "
            "just after) of the one you mean"))
    if found.status == "orphan":
        if not found.spans:
            closest = "and no paragraph comes close"
        else:
            span = found.spans[0]
            closest = f"the closest passage is {span.paragraph} “{reading.words(span)}” (similarity {found.score:.2f})"
        return Problem(path, line, where + (
            f"the quote is not in source {note.source}'s reading text (orphan): {closest}; copy the words "
            "exactly from the source page into `exact`, or remove the annotation"), Severity.WARNING)
    if found.status == "approximate":
        span = found.spans[0]
        return Problem(path, line, where + (
            f"the quote matches {span.paragraph} only approximately (similarity {found.score:.2f}): the reading "
            f"text has “{reading.words(span)}”; check that the note still applies and copy these words into "
            "`exact`"), Severity.WARNING)
    return None
