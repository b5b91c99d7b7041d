"""Article extraction against scrapinghub's article-extraction-benchmark: prints figures.

Runs, on every page of the benchmark, (1) our import: the reading text that `add` gives a
saved page (trafilatura with our options, the JSON-LD articleBody fallback, then the
default furniture rules of build_scripts/defaults/furniture.yml) and (2) `trafilatura.extract`
alone, as the benchmark's own runner calls it; then scores both with the benchmark's own
evaluate.py (token 4-gram shingles against its ground-truth.json) and prints precision,
recall and F1 side by side. Nothing is fetched: give the path of a checkout of the
benchmark (a folder with html/*.html.gz, ground-truth.json and evaluate.py) or of a bare
git clone of it.

    .venv/bin/python benchmarks/extraction_benchmark.py /path/to/article-extraction-benchmark
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from build_scripts.importer.page import read_page  # noqa: E402
from build_scripts.load import convert, schema  # noqa: E402
from build_scripts.load.defaults import with_defaults  # noqa: E402
from build_scripts.models import NormaliseRules, SourceInfo  # noqa: E402
from build_scripts.normalise import derive_reading  # noqa: E402

UNKNOWN = {"unknown": "benchmark page"}


def checkout(path: Path, scratch: Path) -> Path:
    """A folder with the benchmark's files: `path` itself, or an export of a bare git clone."""
    if (path / "ground-truth.json").is_file():
        return path
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        data = subprocess.run(["git", "--git-dir", str(path), "archive", "HEAD", "html", "ground-truth.json",
                               "evaluate.py"], check=True, capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(data)).extractall(scratch, filter="data")
        return scratch
    raise SystemExit(f"{path}: not a checkout of the benchmark (no ground-truth.json) nor a bare git clone")


def load_evaluate(folder: Path):
    spec = importlib.util.spec_from_file_location("aeb_evaluate", folder / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reading_rules() -> NormaliseRules:
    """The default furniture rules (a dossier's own rules are written for its own sources)."""
    problems: list = []
    rules = with_defaults(None, problems)[1]
    if problems:
        raise SystemExit("\n".join(p.format() for p in problems))
    return rules


def our_import(html: bytes, rules: NormaliseRules, meta: SourceInfo) -> str:
    """The reading text `add` and the build give this page: extraction, then normalisation."""
    page = read_page(html)
    if page is None:
        return ""
    reading, _ = derive_reading(page.text + "\n", meta, rules)
    return "\n".join(p.text for p in reading.paragraphs)


def run(folder: Path, n_bootstrap: int, limit: int | None) -> dict[str, dict]:
    evaluate = load_evaluate(folder)
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    truth = {k: truth[k] for k in keys}
    rules = reading_rules()
    meta = convert.source_info(schema.SourceMeta.model_validate({
        "id": "bench", "title": UNKNOWN, "outlet": UNKNOWN, "url": UNKNOWN, "published": UNKNOWN,
        "retrieved": UNKNOWN, "language": UNKNOWN, "byline": UNKNOWN, "dateline": UNKNOWN,
        "capture": {"file": "c.txt", "sha256": "0" * 64, "method": "benchmark"}}), None)
    ours, alone, seconds = {}, {}, {"ours": 0.0, "alone": 0.0}
    for key in keys:
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        start = time.perf_counter()
        ours[key] = {"articleBody": our_import(raw, rules, meta)}
        seconds["ours"] += time.perf_counter() - start
        start = time.perf_counter()
        # exactly as the benchmark's extractors/run_trafilatura.py calls it
        alone[key] = {"articleBody": trafilatura.extract(raw.decode("utf8"), include_comments=False)}
        seconds["alone"] += time.perf_counter() - start
    results = {}
    for name, prediction in (("our import", ours), ("trafilatura alone", alone)):
        metrics = evaluate.evaluate(truth, prediction, n_bootstrap)
        metrics["seconds"] = seconds["ours" if name == "our import" else "alone"]
        results[name] = metrics
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n")[-1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", type=Path, help="checkout (or bare git clone) of article-extraction-benchmark")
    parser.add_argument("--n-bootstrap", type=int, default=1000, help="bootstrap samples for the ± figures")
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = checkout(args.benchmark, Path(scratch))
        results = run(folder, args.n_bootstrap, args.limit)
        pages = len(json.loads((folder / "ground-truth.json").read_text("utf-8"))) if not args.limit else args.limit
    print(f"article-extraction-benchmark: {pages} pages; trafilatura {version('trafilatura')}")
    print(f"{'':<18} {'F1':<13}  {'precision':<13}  {'recall':<13}  {'accuracy':<13}  seconds")
    for name, m in results.items():
        print(f"{name:<18} {m['f1']:.3f} ± {m['f1_std']:.3f}  {m['precision']:.3f} ± {m['precision_std']:.3f}  "
              f"{m['recall']:.3f} ± {m['recall_std']:.3f}  {m['accuracy']:.3f} ± {m['accuracy_std']:.3f}  "
              f"{m['seconds']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
