"""Precision and recall of quotation grouping on a labelled set that is not the seeds.

Each item of benchmarks/data/quotes_labelled.yml becomes a source of its own; the script
runs the real pipeline and compares the groups found with the gold groups, pair by pair: a
pair of items is predicted together when one of their statements falls in one group.

    .venv/bin/python benchmarks/eval_quotes.py
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.pipeline import build  # noqa: E402

DATA = Path(__file__).parent / "data" / "quotes_labelled.yml"
UNKNOWN = {"unknown": "Labelled item."}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def make(dest: Path, data: dict) -> None:
    (dest / "entities").mkdir(parents=True)
    (dest / "lexicons").mkdir()
    (dest / "dossier.yml").write_text("title: Labelled\nsummary: Quotation grouping set.\n", "utf-8")
    (dest / "entities" / "e.yml").write_text(yaml.dump(data["entities"], Dumper=_Dumper), "utf-8")
    (dest / "lexicons" / "wording.yml").write_text(yaml.dump({"terms": data["lexicon"]}, Dumper=_Dumper), "utf-8")
    for i, item in enumerate(data["items"]):
        body = (item["text"] + "\n").encode("utf-8")
        folder = dest / "sources" / f"i{i:02d}"
        folder.mkdir(parents=True)
        (folder / "c.txt").write_bytes(body)
        meta = {"id": f"i{i:02d}", "title": {"value": "Item", "basis": "Labelled."}, "outlet": UNKNOWN, "url": UNKNOWN,
                "published": UNKNOWN, "retrieved": UNKNOWN, "language": {"value": "en", "basis": "Labelled."},
                "byline": UNKNOWN, "dateline": UNKNOWN,
                "capture": {"file": "c.txt", "sha256": hashlib.sha256(body).hexdigest(), "method": "Labelled."}}
        (folder / "source.yml").write_text(yaml.dump(meta, Dumper=_Dumper, sort_keys=False), "utf-8")


def main() -> None:
    data = yaml.safe_load(DATA.read_text("utf-8"))
    gold = {f"i{i:02d}": item["group"] for i, item in enumerate(data["items"])}
    with tempfile.TemporaryDirectory() as tmp:
        make(Path(tmp) / "dossier", data)
        site = build(Path(tmp) / "dossier")
    together = set()
    found = set()
    for group in site.analysis.compare.quotes:
        sources = sorted({v.span.source for v in group.variants})
        found.update(sources)
        together.update(itertools.combinations(sources, 2))
    pairs = list(itertools.combinations(sorted(gold), 2))
    tp = sum(1 for p in pairs if p in together and gold[p[0]] == gold[p[1]])
    fp = sum(1 for p in pairs if p in together and gold[p[0]] != gold[p[1]])
    fn = sum(1 for p in pairs if p not in together and gold[p[0]] == gold[p[1]])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"items {len(gold)}, statements found in {len(found)} of them; same-statement pairs {tp + fn}")
    print(f"pairs: true positive {tp}, false positive {fp}, false negative {fn}")
    print(f"precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f}")
    for p in pairs:
        if (p in together) != (gold[p[0]] == gold[p[1]]):
            kind = "false positive" if p in together else "false negative"
            print(f"  {kind}: {p[0]} ({gold[p[0]]}) / {p[1]} ({gold[p[1]]})")


if __name__ == "__main__":
    main()
