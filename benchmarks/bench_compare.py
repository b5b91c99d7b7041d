"""Time of the comparisons between sources against the number of sources: prints figures.

Generates synthetic dossiers (deterministic, seeded): each source has eight paragraphs of
made-up words with a quotation of a registered speaker, a figure of a registered vessel, date
expressions and wording-lexicon terms; one source in ten reproduces a paragraph of an earlier
source (with a word changed in half of them), one in ten renders an earlier statement again.
It then times, on each dossier, every comparison (shared text, quotations, figures and
quantities, dates, wording) and the rendering of the whole site. Time per source that stays
flat as the dossier grows shows the analyses are linear; none compares every pair. Times are
CPU seconds of this process, which other work on a shared machine disturbs less than wall time.

    .venv/bin/python benchmarks/bench_compare.py [--sizes 1000 3000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.analysis import analyse  # noqa: E402
from build_scripts.analysis.dates import find_dates  # noqa: E402
from build_scripts.analysis.figures import find_figures  # noqa: E402
from build_scripts.analysis.quantities import quantities  # noqa: E402
from build_scripts.analysis.quotes import find_quotes  # noqa: E402
from build_scripts.analysis.shared import shared_text  # noqa: E402
from build_scripts.analysis.wording import find_wording  # noqa: E402
from build_scripts.pipeline import read_dossier  # noqa: E402
from build_scripts.render import render_site  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ran", "tu", "sel", "vo", "ne", "dar", "bi", "os", "fen", "gu", "pra", "hal", "zu"]
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s", "ta")})
NAMES = [f"{a.title()}{b}" for a in SYLLABLES for b in SYLLABLES][:60]
TERMS = ["Zionist regime", "Israeli regime", "resistance", "rebels", "genocide", "terror group"]
DATES = ["on Sunday", "back in March", "on November 3", "in 2021", "last week", "in March 2024"]
UNKNOWN = {"unknown": "Synthetic source."}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the loader refuses YAML anchors: write values in full
        return True


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, i: int) -> str:
    name, vessel = rng.choice(NAMES), rng.choice(NAMES)
    kinds = [
        lambda: f"“{sentence(rng, 12)[:-1]},” Minister {name} said {rng.choice(DATES)}.",
        lambda: f"Officials say the {vessel} Star had {rng.randint(10, 60)} crew members aboard {rng.choice(DATES)}.",
        lambda: f"{sentence(rng, 10)[:-1]} the {rng.choice(TERMS)} {sentence(rng, 8).lower()}",
    ]
    return " ".join([sentence(rng, rng.randint(12, 20)), kinds[i % 3](), sentence(rng, rng.randint(10, 16))])


def make_dossier(dest: Path, size: int, seed: int = 9) -> Path:
    rng = random.Random(seed)
    (dest / "lexicons").mkdir(parents=True)
    (dest / "dossier.yml").write_text("title: Synthetic\nsummary: Made by bench_compare.py.\n", "utf-8")
    (dest / "lexicons" / "wording.yml").write_text(yaml.safe_dump({"terms": [{"term": t} for t in TERMS]}), "utf-8")
    entities = [{"id": f"minister-{n.lower()}", "name": f"Minister {n}", "kind": "person", "description": "Synthetic."}
                for n in NAMES]
    entities += [{"id": f"{n.lower()}-star", "name": f"{n} Star", "kind": "vessel", "description": "Synthetic."}
                 for n in NAMES]
    (dest / "entities").mkdir()
    (dest / "entities" / "synthetic.yml").write_text(yaml.safe_dump(entities), "utf-8")
    previous: list[str] = []
    for s in range(size):
        paras = [paragraph(rng, i) for i in range(8)]
        if previous and s % 10 == 5:  # reproduces a paragraph of an earlier source, sometimes edited
            copied = rng.choice(previous)
            paras[3] = copied if s % 20 == 5 else copied.replace(copied.split()[4], "altered", 1)
        previous.append(paras[rng.randrange(8)])
        write_source(dest, f"s{s:05d}", "\n".join(paras) + "\n", published=s % 2 == 0)
    return dest


def write_source(dest: Path, sid: str, text: str, published: bool) -> None:
    data = text.encode("utf-8")
    folder = dest / "sources" / sid
    folder.mkdir(parents=True)
    (folder / "capture.txt").write_bytes(data)
    meta = {"id": sid, "title": {"value": f"Synthetic {sid}", "basis": "Synthetic."}, "outlet": UNKNOWN,
            "url": UNKNOWN, "published": {"value": "2023-11-19", "basis": "Synthetic."} if published else UNKNOWN,
            "retrieved": UNKNOWN, "language": {"value": "en", "basis": "Synthetic."}, "byline": UNKNOWN,
            "dateline": UNKNOWN,
            "capture": {"file": "capture.txt", "sha256": hashlib.sha256(data).hexdigest(), "method": "Synthetic."}}
    (folder / "source.yml").write_text(yaml.dump(meta, Dumper=_Dumper, sort_keys=False), "utf-8")


def timed(fn, *args):
    """The result and the CPU time of this process (the machine is shared: wall time is noisy)."""
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def measure(size: int, work: Path) -> dict:
    dossier, problems = read_dossier(make_dossier(work / f"dossier-{size}", size))
    assert dossier is not None, problems[:3]
    analysis, t_all = timed(lambda d: analyse(d)[0], dossier)
    row = {"sources": size, "paragraphs": sum(len(s.reading.paragraphs) for s in dossier.sources), "analyse": t_all}
    shared, row["shared"] = timed(shared_text, dossier)
    quotes, row["quotes"] = timed(find_quotes, dossier, analysis)
    figures, row["figures"] = timed(lambda d, a: quantities(d, find_figures(d, a)), dossier, analysis)
    dates, row["dates"] = timed(find_dates, dossier)
    _, row["wording"] = timed(find_wording, dossier)
    _, row["render"] = timed(lambda d, a: render_site(d, a).files, dossier, analysis)  # render_site is lazy
    row["pairs"] = len(shared.pairs)
    row["groups"] = sum(1 for g in quotes if len(g.variants) > 1)
    row["disagreements"] = sum(1 for q in figures[0] if q.disagreement)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000], help="numbers of sources (e.g. 1000 3000)")
    args = parser.parse_args()
    cols = ["shared", "quotes", "figures", "dates", "wording", "analyse", "render"]
    print(f"| sources | paragraphs | {' | '.join(c + ' (s)' for c in cols)} | compare ms/source | pairs | quote groups | disagreements |")
    print("| ---: " * (len(cols) + 6) + "|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            r = measure(size, Path(tmp))
            compare = sum(r[c] for c in ("shared", "quotes", "figures", "dates", "wording"))
            cells = " | ".join(f"{r[c]:.2f}" for c in cols)
            print(f"| {size:,} | {r['paragraphs']:,} | {cells} | {1000 * compare / size:.2f} | {r['pairs']:,} | "
                  f"{r['groups']:,} | {r['disagreements']:,} |", flush=True)


if __name__ == "__main__":
    main()
