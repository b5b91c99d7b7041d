"""Sizes under hostile captures (issue 14): a script that prints figures.

Each case is a one-source dossier built in a fresh process (so that its peak memory is its
own): a long line naming an entity thousands of times (the export used to copy the whole
paragraph into every mention: 146 MB of JSON for a 50 KB line, over 20 GB of memory for a
5 MB one), and captures of ordinary lines up to the 5 MB limit. Printed: the capture's size,
the mentions, the export's size, the largest page, the pipeline's time and the process's peak
resident memory. Export and page sizes that grow in proportion to the capture show that the
cost stays linear.

    .venv/bin/python benchmarks/hostile_sizes.py
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def unknown() -> dict:  # a new object each time: the loader refuses YAML aliases
    return {"unknown": "Not in the benchmark capture."}


def make(root: Path, capture: str) -> None:
    import yaml

    data = capture.encode("utf-8")
    (root / "sources" / "big").mkdir(parents=True)
    (root / "entities").mkdir()
    (root / "topics").mkdir()
    (root / "dossier.yml").write_text("title: Benchmark\nsummary: Hostile sizes.\n")
    (root / "sources" / "big" / "capture.txt").write_bytes(data)
    meta = {"id": "big", "title": {"value": "Big", "basis": "benchmark"}, "outlet": unknown(), "url": unknown(),
            "published": unknown(), "retrieved": unknown(), "language": {"value": "en", "basis": "benchmark"},
            "byline": unknown(), "dateline": unknown(),
            "capture": {"file": "capture.txt", "sha256": hashlib.sha256(data).hexdigest(), "method": "benchmark"}}
    (root / "sources" / "big" / "source.yml").write_text(yaml.safe_dump(meta))
    (root / "entities" / "e.yml").write_text(yaml.safe_dump([{"id": "zanzibar", "name": "Zanzibar", "kind": "place",
                                                              "description": "An island.", "aliases": ["Zanzibar"]}]))
    (root / "topics" / "t.yml").write_text(yaml.safe_dump({"slug": "harbour", "title": "Harbour", "summary": "s",
                                                          "match": {"terms": ["harbour"], "unit": "paragraph"}}))


def measure(capture: str) -> dict:
    """Runs in the child process: build the dossier, report sizes, time and peak memory."""
    from build_scripts.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        make(Path(tmp) / "dossier", capture)
        start = time.perf_counter()
        site = build(Path(tmp) / "dossier")
        seconds = time.perf_counter() - start
        export = site.files["data/dossier.json"]
        mentions = sum(len(e["mentions"]) for e in json.loads(export)["entities"])
        pages = [len(v) for k, v in site.files.items() if k.endswith(".md")]
    return {"capture": len(capture.encode()), "mentions": mentions, "export": len(export), "page": max(pages),
            "seconds": seconds, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def lines(size: int) -> str:
    """Distinct ordinary lines (repeated ones would be folded), each naming the entity."""
    out, total, i = [], 0, 0
    while True:
        line = f"Line {i}: the harbour board of Zanzibar meets on Tuesday at nine.\n"
        if total + len(line) > size:
            return "".join(out)
        out.append(line)
        total += len(line)
        i += 1


CASES = {
    "50 KB line, 2,845 mentions": lambda: " ".join(["Zanzibar harbour"] * 2845) + "\n",
    "100,000-char line (the limit)": lambda: " ".join(["Zanzibar"] * 11_111)[:100_000] + "\n",
    "1 MB of ordinary lines": lambda: lines(1_000_000),
    "5 MB of ordinary lines (the limit)": lambda: lines(5_000_000),
}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(measure(CASES[sys.argv[2]]())))
        return
    print(f"{'case':36} {'capture':>10} {'mentions':>9} {'export':>12} {'largest page':>13} {'build s':>8} {'peak MB':>8}")
    for name in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:36} {r['capture']:>10,} {r['mentions']:>9,} {r['export']:>12,} {r['page']:>13,} "
              f"{r['seconds']:>8.2f} {r['peak']:>8.0f}")


if __name__ == "__main__":
    main()
