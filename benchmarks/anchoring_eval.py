"""How well annotations re-anchor when the text changes, on articles that are not the seeds.

Corpus: the hand-checked article bodies of scrapinghub/article-extraction-benchmark
(`ground-truth.json`, 181 news and blog articles, MIT licence). For each article, quotes of
4 to 16 words are drawn (seeded, so the figures repeat) and put through the changes the
anchoring must survive, each with a known right answer:

- `unchanged`: the quote as it is            -> anchored at its span (exact)
- `typography`: quote marks and spaces differ -> anchored at its span
- `edited`: one word inside the quoted words changed in the text -> anchored at the edited span
- `moved`: the quote's paragraph moved to the end of the text -> anchored at its new place
- `repeated`: the quoted words given again in a new paragraph; prefix and suffix (32 code
  points each) from the first place -> the first place
- `deleted`: the quoted words removed from the text -> orphan (any anchor is a false one)

An anchor is right when it overlaps the expected span by at least 80% (intersection over union).
Prints, per case, right / wrong / orphan / ambiguous counts, precision and recall, and the time.

    .venv/bin/python benchmarks/anchoring_eval.py path/to/ground-truth.json [--quotes 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.analysis.anchoring import ReadingText, locate  # noqa: E402

CASES = ("unchanged", "typography", "edited", "moved", "repeated", "deleted")
WORD = re.compile(r"\S+")


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n") if len(p.strip()) > 40]


def draw(paras: list[str], rng: random.Random):
    """A quote: (paragraph index, start, end) covering 4 to 16 whole words of a paragraph."""
    k = rng.randrange(len(paras))
    words = list(WORD.finditer(paras[k]))
    if len(words) < 6:
        return None
    n = rng.randint(4, min(16, len(words) - 1))
    i = rng.randrange(len(words) - n + 1)
    return k, words[i].start(), words[i + n - 1].end()


def case(kind: str, paras: list[str], k: int, s: int, e: int, rng: random.Random):
    """(paragraphs of the changed text, quote, prefix, suffix, expected (paragraph index, start, end) or None)."""
    text = paras[k]
    quote, prefix, suffix = text[s:e], text[max(0, s - 32):s], text[e:e + 32]
    if sum(p.count(quote) for p in paras) > 1:
        return None  # a quote that already repeats has no single right answer
    new = list(paras)
    if kind == "typography":
        quote = quote.replace("'", "’").replace("’", "'", 1).replace('"', "“").replace(" ", "  ", 1)
        return new, quote, None, None, (k, s, e)
    if kind == "edited":
        words = list(WORD.finditer(quote))
        w = words[len(words) // 2]
        replacement = "changed"
        new[k] = text[:s + w.start()] + replacement + text[s + w.end():]
        return new, quote, prefix, suffix, (k, s, e + len(replacement) - (w.end() - w.start()))
    if kind == "moved":
        new.append(new.pop(k))
        return new, quote, prefix, suffix, (len(new) - 1, s, e)
    if kind == "repeated":
        new.insert(k + 1 + rng.randrange(len(paras) - k), f"Elsewhere in the text the same words, {quote}, come back.")
        return new, quote, prefix, suffix, (k, s, e)
    if kind == "deleted":
        new[k] = text[:s] + text[e:]
        if any(quote in p for p in new):
            return None
        return new, quote, prefix, suffix, None
    return new, quote, None, None, (k, s, e)


def judge(paras: list[str], quote, prefix, suffix, expected) -> str:
    reading = ReadingText("x", [(f"p{j}", p) for j, p in enumerate(paras)])
    found = locate(reading, quote, prefix, suffix)
    if found.status in ("orphan", "ambiguous"):
        return found.status
    span = found.spans[0]
    if expected is None:
        return "wrong"
    k, s, e = expected
    if span.paragraph != f"p{k}":
        return "wrong"
    overlap = max(0, min(e, span.end) - max(s, span.start))
    union = max(e, span.end) - min(s, span.start)
    return "right" if overlap / union >= 0.8 else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="ground-truth.json of scrapinghub/article-extraction-benchmark")
    parser.add_argument("--quotes", type=int, default=3, help="quotes drawn per article and case (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    articles = json.loads(args.corpus.read_text("utf-8"))
    rng = random.Random(args.seed)
    results = {kind: Counter() for kind in CASES}
    timing = {kind: 0.0 for kind in CASES}
    for key in sorted(articles):
        paras = paragraphs(articles[key].get("articleBody") or "")
        if len(paras) < 2:
            continue
        for kind in CASES:
            for _ in range(args.quotes):
                quote = draw(paras, rng)
                made = quote and case(kind, paras, *quote, rng)
                if not made:
                    continue
                started = time.perf_counter()
                results[kind][judge(*made)] += 1
                timing[kind] += time.perf_counter() - started
    print(f"{'case':<11} {'quotes':>6} {'right':>6} {'wrong':>6} {'orphan':>6} {'ambig':>6} "
          f"{'precision':>9} {'recall':>7} {'ms/quote':>8}")
    for kind in CASES:
        c = results[kind]
        total = sum(c.values())
        anchored = c["right"] + c["wrong"]
        if kind == "deleted":
            precision = "-"
            recall = f"{c['orphan'] / total:.3f}" if total else "-"  # orphans found, of all deleted quotes
        else:
            precision = f"{c['right'] / anchored:.3f}" if anchored else "-"
            recall = f"{c['right'] / total:.3f}" if total else "-"
        ms = 1000 * timing[kind] / total if total else 0.0
        print(f"{kind:<11} {total:>6} {c['right']:>6} {c['wrong']:>6} {c['orphan']:>6} {c['ambiguous']:>6} "
              f"{precision:>9} {recall:>7} {ms:>8.2f}")


if __name__ == "__main__":
    main()
