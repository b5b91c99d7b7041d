"""The extraction benchmark script, run on the small sample kept in tests/data (no fetching)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "article-extraction-benchmark"
ROW = re.compile(r"^(our import|trafilatura alone)\s+(?P<f1>[01]\.\d{3}) ± \d\.\d{3}\s+(?P<p>[01]\.\d{3}) ± \d\.\d{3}\s+"
                 r"(?P<r>[01]\.\d{3}) ± \d\.\d{3}\s+[01]\.\d{3} ± \d\.\d{3}\s+\d+\.\d$")


def test_benchmark_prints_both_extractions_scored_by_the_benchmarks_own_method():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "extraction_benchmark.py"), str(SAMPLE),
                             "--n-bootstrap", "20"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("article-extraction-benchmark: 4 pages; trafilatura ")
    rows = {m.group(1): m for m in map(ROW.match, lines[2:]) if m}
    assert set(rows) == {"our import", "trafilatura alone"}
    for m in rows.values():
        p, r, f1 = float(m["p"]), float(m["r"]), float(m["f1"])
        assert abs(f1 - 2 * p * r / (p + r)) < 0.002  # F1 of the printed precision and recall
    assert float(rows["our import"]["f1"]) >= 0.9  # these four pages are extracted well


def test_benchmark_refuses_a_folder_that_is_not_the_benchmark(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "extraction_benchmark.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path}: not a checkout of the benchmark (no ground-truth.json) nor a bare git clone"
