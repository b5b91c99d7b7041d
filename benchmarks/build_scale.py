"""Build time and memory against the number of sources: a script that prints figures.

Makes synthetic dossiers of growing size from the seed dossier (its five sources plus
copies of their captures under new ids, each copy with a line of its own), then measures
the pipeline (load + normalise + analyse + render) and the writer, then the peak of
Python memory from tracemalloc in a second run. With --mkdocs it also times a real `mkdocs build` of
the largest one. Per-source figures that stay flat show that builds scale linearly.

    .venv/bin/python benchmarks/build_scale.py [--sizes 50 100 200 400] [--mkdocs]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.pipeline import build  # noqa: E402
from build_scripts.writer import write_pages  # noqa: E402

SEED = ROOT / "dossier"


def make_dossier(dest: Path, size: int) -> Path:
    shutil.copytree(SEED, dest)
    seeds = sorted(p for p in (SEED / "sources").iterdir() if p.is_dir())
    for i in range(max(0, size - len(seeds))):
        seed = seeds[i % len(seeds)]
        capture = next(seed.glob("*.txt"))
        data = capture.read_bytes() + f"\nCopy {i} of the capture, made for the benchmark.\n".encode()
        sid = f"x{i:05d}"
        folder = dest / "sources" / sid
        folder.mkdir()
        (folder / capture.name).write_bytes(data)
        meta = (seed / "source.yml").read_text("utf-8")
        meta = re.sub(r'^id: ".*"$', f'id: "{sid}"', meta, count=1, flags=re.M)
        meta = re.sub(r"^  sha256: [0-9a-f]{64}$", f"  sha256: {hashlib.sha256(data).hexdigest()}", meta, flags=re.M)
        (folder / "source.yml").write_text(meta, "utf-8")
    return dest


def measure(size: int, work: Path) -> dict:
    dossier = make_dossier(work / f"dossier-{size}", size)
    start = time.perf_counter()
    site = build(dossier)
    built = time.perf_counter()
    write_pages(site.files, work / f"out-{size}")
    written = time.perf_counter()
    del site
    tracemalloc.start()  # a second run for memory: tracing slows Python down
    site = build(dossier)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"sources": size, "pages": len(site.files), "build_s": built - start, "write_s": written - built,
            "peak_mb": peak / 2**20, "bytes": sum(len(v) for v in site.files.values())}


def mkdocs_time(dossier: Path, work: Path) -> float:
    project = work / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "build_scripts", project / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(dossier, project / "dossier")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], cwd=project,
                   check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--mkdocs", action="store_true", help="also time a real mkdocs build of the largest size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"{'sources':>8} {'pages':>7} {'build s':>8} {'ms/source':>10} {'write s':>8} {'peak MB':>8} {'KB/source':>10}")
        for size in args.sizes:
            r = measure(size, work)
            print(f"{r['sources']:>8} {r['pages']:>7} {r['build_s']:>8.2f} {1000 * r['build_s'] / size:>10.1f} "
                  f"{r['write_s']:>8.2f} {r['peak_mb']:>8.1f} {r['bytes'] / 1024 / size:>10.1f}")
        if args.mkdocs:
            largest = max(args.sizes)
            seconds = mkdocs_time(work / f"dossier-{largest}", work)
            print(f"mkdocs build of {largest} sources: {seconds:.1f} s ({1000 * seconds / largest:.0f} ms/source)")


if __name__ == "__main__":
    main()
