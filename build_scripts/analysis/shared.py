"""Shared text: paragraphs that one source reproduces from another, word for word or nearly.

Each paragraph becomes the set of its word 4-grams (shingles); a MinHash signature of that
set (the values of datasketch's `MinHash`, computed here with NumPy) goes into a
locality-sensitive hashing index (`Bands`, the banding of datasketch's `MinHashLSH`), which
returns, for each paragraph, only the paragraphs likely to share at least half their shingles.
Only those candidates are compared exactly (Jaccard similarity of the shingle sets), so the cost
grows with the number of paragraphs, not with its square. Paragraphs of one source are never
paired. tests/test_compare.py checks the signatures and the candidates against datasketch's own
classes; datasketch is not imported by a build (with SciPy, which it imports, that took 0.4 s).

Stories then reproduce stories: story X "reproduces" story Y when most of X's paragraphs have
a counterpart in Y. Texts linked that way count once as an independent text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
import hashlib
from functools import cache

from ..models import Dossier, FrozenMap, Span
from ..source_cache import per_source
from .text import words

SHINGLE = 4  # words per shingle
MIN_WORDS = 6  # shorter paragraphs (headings, datelines) are not compared
THRESHOLD = 0.5  # Jaccard similarity of shingle sets from which two paragraphs count as shared
PERMUTATIONS = 64
# A paragraph that already has a counterpart (similarity THRESHOLD or more) among the indexed
# ones is not indexed itself: its counterpart stands for it. Indexing every similar paragraph
# made each query return all earlier variants of a much repeated sentence, so the work grew
# with the square of the dossier (4.7 times from 1,000 to 3,000 synthetic sources; 3.5 now).
NEAR_EXACT = THRESHOLD
STORY_SHARE = 0.5  # share of a story's paragraphs that must be shared for the story to reproduce another


@dataclass(frozen=True, order=True)
class SharedPair:
    a: Span  # the whole paragraph (a.source < b.source)
    b: Span
    similarity: float  # Jaccard similarity of the two paragraphs' word 4-grams, 1.0 = word for word


@dataclass(frozen=True, order=True)
class StoryLink:
    source: str
    story: str
    other: str  # the source whose story it reproduces
    other_story: str
    shared: int  # paragraphs of `story` found in `other_story`
    total: int  # paragraphs of `story` that were compared
    identical: bool  # every shared paragraph is word for word the same


@dataclass(frozen=True)
class SharedText:
    pairs: tuple[SharedPair, ...]
    links: tuple[StoryLink, ...]
    clusters: FrozenMap  # (source, paragraph) -> id of its group of shared paragraphs (first member)
    texts: FrozenMap  # (source, story) -> id of its independent text (first story of its group)
    by_source: FrozenMap  # source -> (its pairs, its story links)

    def pairs_of(self, source: str) -> tuple[SharedPair, ...]:
        return self.by_source.get(source, ((), ()))[0]

    def links_of(self, source: str) -> tuple[StoryLink, ...]:
        return self.by_source.get(source, ((), ()))[1]


def shingles(text: str) -> frozenset[str]:
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return frozenset()
    return frozenset(" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@cache
def _permutations():
    """datasketch's `MinHash` permutations for seed 1 (`MinHash._init_permutations`): pairs (a, b)
    drawn from NumPy's `RandomState(1)`, made once. NumPy is imported when first used, by the
    worker process that compares the paragraphs (`analyse` runs shared text beside the rest)."""
    import numpy as np

    gen = np.random.RandomState(1)
    return np.array([(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
                     for _ in range(PERMUTATIONS)], dtype=np.uint64).T


_MERSENNE, _MAX_HASH = (1 << 61) - 1, (1 << 32) - 1  # datasketch.minhash's prime and largest hash value


def _signatures(source) -> tuple[tuple[str, bytes], ...]:
    """(key, MinHash values) of each paragraph of `source` long enough to compare: the values
    of datasketch's `MinHash` (its hash function, `sha1_hash32`, and its permutations), computed
    for all the source's paragraphs at once (one NumPy call for them all, where `MinHash` makes
    several for each paragraph), as the bytes of their unsigned 64-bit integers (which `Bands`
    reads, and which pickle at once into the cache)."""
    import numpy as np

    keys, hashes, starts = [], [], []
    for para in source.reading.paragraphs:
        items = shingles(para.text)
        if items:
            keys.append(f"{source.id}\x00{para.id}")
            starts.append(len(hashes))
            # datasketch.hashfunc.sha1_hash32: the first 4 bytes of the SHA-1, little-endian
            hashes += [int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in items]
    if not keys:
        return ()
    a, b = _permutations()
    # MinHash.update_batch's arithmetic (in unsigned 64 bits, as there), a row per shingle; then
    # the least value of each permutation over each paragraph's rows.
    hv = np.array(hashes, dtype=np.uint64, ndmin=2).T
    phv = np.bitwise_and((hv * a + b) % np.uint64(_MERSENNE), np.uint64(_MAX_HASH))
    raw, width = np.minimum.reduceat(phv, starts, axis=0).tobytes(), PERMUTATIONS * 8
    return tuple((key, raw[i * width:(i + 1) * width]) for i, key in enumerate(keys))


def signatures(dossier: Dossier) -> dict[str, bytes]:
    """The MinHash values of every comparable paragraph, keyed `source\x00paragraph` (kept in
    the per-source cache)."""
    return {k: values for found in per_source("signatures", dossier, (), _signatures) for k, values in found}


class Bands:
    """The locality-sensitive hashing index of datasketch's `MinHashLSH`: the signature cut into
    BANDS bands of ROWS values, the numbers `MinHashLSH` chooses for THRESHOLD and PERMUTATIONS
    (tested); a paragraph is a candidate for another when one of their bands is the same. The
    buckets are kept here, as plain dicts keyed by a band's bytes: `MinHashLSH` finds the same
    candidates (tests/test_compare.py), but its queries, a NumPy call and a storage lookup per
    band, took a quarter of the pairing's time."""

    BANDS, ROWS = 14, 4

    def __init__(self) -> None:
        self.bands, self.rows = self.BANDS, self.ROWS
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(self.bands)]

    def _keys(self, values: bytes) -> list[bytes]:
        width = 8 * self.rows  # a band: `rows` values of 8 bytes
        return [values[i * width:(i + 1) * width] for i in range(self.bands)]

    def query(self, values: bytes) -> set[str]:
        """The keys of the indexed signatures (`_signatures`' bytes) that share a band with `values`."""
        found: set[str] = set()
        for table, band in zip(self.tables, self._keys(values)):
            found.update(table.get(band, ()))
        return found

    def insert(self, key: str, values: bytes) -> None:
        for table, band in zip(self.tables, self._keys(values)):
            table.setdefault(band, []).append(key)


def find_pairs(dossier: Dossier, signed: dict[str, bytes]) -> tuple[SharedPair, ...]:
    """Each paragraph paired with the most similar earlier paragraph of another source.

    One pair per reproduced paragraph (not every pair of copies) keeps the output linear: the
    copies of a paragraph form a tree, and `shared_text` groups them. A paragraph that has a
    counterpart among those already indexed is not indexed itself, so a passage reproduced (or
    a sentence varied) by many sources does not make every later query return all its copies. Only the indexed
    paragraphs' shingle sets are kept (a query's are made when it is asked), which bounds memory.
    """
    lsh = Bands()
    found: list[SharedPair] = []
    indexed: dict[str, tuple[frozenset[str], Span]] = {}
    for source in dossier.sources:
        for para in source.reading.paragraphs:
            key = f"{source.id}\x00{para.id}"
            values = signed.get(key)
            if values is None:
                continue
            items, span = shingles(para.text), Span(source.id, para.id, 0, len(para.text))
            best: tuple[float, str] | None = None
            for other in lsh.query(values):
                theirs, where = indexed[other]
                if where.source == source.id:
                    continue
                common = len(items & theirs)
                sim = common / (len(items) + len(theirs) - common)  # Jaccard similarity, without building the union
                # the most similar; of those as similar, the first key in sorted order
                if sim >= THRESHOLD and (best is None or sim > best[0] or (sim == best[0] and other < best[1])):
                    best = (sim, other)
            if best is not None:
                a, b = sorted((indexed[best[1]][1], span))
                same = dossier.source(a.source).reading.paragraph(a.paragraph).text == para.text
                found.append(SharedPair(a, b, 1.0 if same else min(round(best[0], 3), 0.999)))
            if best is None or best[0] < NEAR_EXACT:
                lsh.insert(key, values)
                indexed[key] = (items, span)
    return tuple(sorted(found, key=_pair_order))


def _pair_order(pair: SharedPair) -> tuple:
    """The order of `SharedPair`s (a, then b, then similarity), as a tuple that sorts in C."""
    a, b = pair.a, pair.b
    return a.source, a.paragraph, a.start, a.end, b.source, b.paragraph, b.start, b.end, pair.similarity


def _find(parent: dict, x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict, x, y) -> None:
    rx, ry = _find(parent, x), _find(parent, y)
    if rx != ry:
        parent[max(rx, ry)] = min(rx, ry)


def story_links(dossier: Dossier, pairs: tuple[SharedPair, ...], comparable) -> tuple[StoryLink, ...]:
    """`comparable`: the keys (`source\x00paragraph`) of the paragraphs long enough to compare."""
    counts: dict[tuple, list[float]] = defaultdict(list)
    for pair in pairs:
        for mine, theirs in ((pair.a, pair.b), (pair.b, pair.a)):
            s_mine = dossier.source(mine.source).reading.paragraph(mine.paragraph).story
            s_theirs = dossier.source(theirs.source).reading.paragraph(theirs.paragraph).story
            counts[(mine.source, s_mine, theirs.source, s_theirs, mine.paragraph)].append(pair.similarity)
    per_story: dict[tuple, list[float]] = defaultdict(list)
    for (src, story, other, ostory, _pid), sims in counts.items():
        per_story[(src, story, other, ostory)].append(max(sims))
    @cache
    def count(src: str, story: str) -> int:
        """The story's paragraphs that were compared: counted once per story."""
        story_obj = next(s for s in dossier.source(src).reading.stories if s.id == story)
        return sum(1 for pid in story_obj.paragraphs if f"{src}\x00{pid}" in comparable)

    links = []
    for (src, story, other, ostory), sims in per_story.items():
        total = count(src, story)
        if total and len(sims) / total >= STORY_SHARE:
            links.append(StoryLink(src, story, other, ostory, len(sims), total, all(s == 1.0 for s in sims)))
    return tuple(sorted(links))


def shared_text(dossier: Dossier) -> SharedText:
    signed = signatures(dossier)
    pairs = find_pairs(dossier, signed)
    links = story_links(dossier, pairs, signed)
    parent: dict = {}
    for pair in pairs:
        _union(parent, (pair.a.source, pair.a.paragraph), (pair.b.source, pair.b.paragraph))
    clusters = {key: _find(parent, key) for key in list(parent)}
    stories: dict = {}
    for link in links:
        _union(stories, (link.source, link.story), (link.other, link.other_story))
    texts = {key: _find(stories, key) for key in list(stories)}
    by_source: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pair in pairs:
        by_source[pair.a.source][0].append(pair)
        by_source[pair.b.source][0].append(pair)
    for link in links:
        by_source[link.source][1].append(link)
    index = FrozenMap({k: (tuple(v[0]), tuple(v[1])) for k, v in by_source.items()})
    return SharedText(pairs, links, FrozenMap(clusters), FrozenMap(texts), index)
