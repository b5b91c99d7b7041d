"""Build time, memory, page sizes, search download and edit latency against the number of sources.

For each size N it writes a synthetic dossier (`python -m build_scripts synth`) into a copy of
the project and measures, each step in a fresh process:

  (a) generate_s  generation alone: `python -m build_scripts build` (load, normalise, analyse,
                  render, write), with an empty cache;
  (b) build_s     `mkdocs build` with the hook (generation + MkDocs + search index), empty cache;
  (c) baseline_s  `mkdocs build` of the same pages written out beforehand, hook off: MkDocs' own cost;
  peak_rss_mb     the larger peak resident memory of (a) and (b) (each also given apart);
  site_mb, max_page_kb   the built site's size and its largest HTML page;
  search_download_kb     the bytes a reader's browser fetches to run one search (measured in
                         chromium through Playwright on the built site);
  (d) edit_s      under `mkdocs serve --livereload`, from saving an edit to one source's
                  metadata until the served page shows it.

It prints a table and, with --json, writes the rows (a list of objects with those keys).

    .venv/bin/python benchmarks/bench_build.py --sources 100,1000,3000 --repeat 2 --json bench.json
    .venv/bin/python benchmarks/bench_build.py --sources 10000 --only generate --repeat 2

With --repeat K, each of (a), (b) and (c) runs K times, interleaved, each from an empty cache,
and the fastest run counts (the machine's other work only ever slows a run down).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
RUSAGE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
          "rc = subprocess.run(sys.argv[1:]).returncode; t = time.perf_counter() - t; "
          "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
          "print('%d %.6f %d %.6f' % (rc, t, u.ru_maxrss, u.ru_utime + u.ru_stime), file=sys.stderr)")
CPU: dict[str, float] = {}  # CPU seconds (user + system, children included) of the last run of each step


def timed(cmd: list[str], cwd: Path, step: str = "") -> tuple[float, float]:
    """Run `cmd` in a fresh wrapper process: (wall seconds, peak RSS of the command in MB).
    Its CPU seconds go to CPU[step]: on a shared machine they vary less than wall time."""
    proc = subprocess.run([sys.executable, "-c", RUSAGE, *cmd], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    rc, seconds, kb, cpu = proc.stderr.strip().splitlines()[-1].split()
    if rc != "0":
        raise SystemExit(f"failed ({rc}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    CPU[step] = float(cpu)
    return float(seconds), int(kb) / 1024


def make_project(dest: Path, sources: int, seed: int) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")  # theme.custom_dir
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "build_scripts", "synth", "--sources", str(sources), "--out",
                    str(dest / "dossier"), "--seed", str(seed)], cwd=dest, env=ENV, check=True,
                   stdout=subprocess.DEVNULL)
    return dest


def baseline_project(project: Path, pages: Path, dest: Path) -> Path:
    """The same site with the generated pages written into docs/ and the hook removed."""
    shutil.copytree(project / "docs", dest / "docs")
    shutil.copytree(project / "overrides", dest / "overrides")
    shutil.copytree(pages, dest / "docs", dirs_exist_ok=True, ignore=shutil.ignore_patterns(".dossier-pages"))
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"^(?:hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    (dest / "mkdocs.yml").write_text(config, "utf-8")
    return dest


def site_figures(site: Path) -> tuple[float, float]:
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    return sum(sizes) / 2**20, max(pages) / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search_download_kb(site: Path, query: str) -> float | None:
    """Bytes fetched by the browser for one search on the site's search page (None: no browser)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search_probe import measure_search  # noqa: PLC0415

    return measure_search(site, query)


def edit_latency(project: Path, timeout: float = 600) -> float:
    """Seconds from saving an edit to one source's metadata to the served page showing it."""
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
                             cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        sid = sorted(p.name for p in (project / "dossier" / "sources").iterdir())[0]
        page = f"http://127.0.0.1:{port}/sources/{sid}/"
        _wait(lambda: "Provenance" in _get(page), timeout, serve)
        # The first build's search index is made in the background; an editor saves later than that.
        _wait(lambda: bool(_get(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json")), timeout, serve)
        time.sleep(1.0)  # let the watcher settle
        meta = project / "dossier" / "sources" / sid / "source.yml"
        marker = f"Edited for the benchmark {time.time_ns()}"
        text = meta.read_text("utf-8").replace("basis: The text is in English.", f"basis: {marker}.", 1)
        start = time.perf_counter()
        meta.write_text(text, "utf-8")
        _wait(lambda: marker in _get(page), timeout, serve)
        return time.perf_counter() - start
    finally:
        serve.terminate()
        serve.wait(30)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait(ok, timeout: float, proc: subprocess.Popen) -> None:
    end = time.monotonic() + timeout
    while not ok():
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{proc.stderr.read()[-3000:]}")
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for mkdocs serve")
        time.sleep(0.05)


def measure(n: int, work: Path, seed: int, only_generate: bool, serve: bool, search: bool, repeat: int = 1) -> dict:
    """One row. (a), (b) and (c) are each run `repeat` times, interleaved, from an empty cache each
    time: a time is the fastest run's (as `timeit` advises: a slower run measures the machine's
    other work), its CPU seconds that run's, peak memory the largest of all runs."""
    project = work / f"project-{n}"
    pages = work / f"pages-{n}"
    start = time.perf_counter()
    make_project(project, n, seed)
    row: dict = {"sources": n, "synth_s": round(time.perf_counter() - start, 3), "repeat": repeat}
    base = work / f"baseline-{n}"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]
    steps = {"generate": ([sys.executable, "-m", "build_scripts", "build", "--dossier", "dossier", "--out", str(pages)],
                          project, (project / ".cache", pages)),
             "build": (mkdocs, project, (project / ".cache",)),
             "baseline": (mkdocs, base, ())}
    runs: dict[str, list[tuple[float, float, float]]] = {}  # step -> (wall s, peak MB, CPU s) of each run
    for _ in range(repeat):
        for step in ["generate"] if only_generate else steps:
            cmd, cwd, empty = steps[step]
            for folder in empty:
                shutil.rmtree(folder, ignore_errors=True)
            if step == "baseline" and not base.exists():  # the pages of (a), written into docs/ once
                baseline_project(project, pages, base)
            seconds, rss = timed(cmd, cwd, step)
            runs.setdefault(step, []).append((seconds, rss, CPU[step]))
    best = {step: min(r) for step, r in runs.items()}
    peak = {step: max(rss for _, rss, _ in r) for step, r in runs.items()}
    row |= {"generate_s": round(best["generate"][0], 3), "generate_cpu_s": round(best["generate"][2], 3),
            "generate_rss_mb": round(peak["generate"], 1)}
    if only_generate:
        return row | {"peak_rss_mb": round(peak["generate"], 1)}
    site_mb, max_page_kb = site_figures(project / "site")
    row |= {"build_s": round(best["build"][0], 3), "build_cpu_s": round(best["build"][2], 3),
            "build_rss_mb": round(peak["build"], 1),
            "baseline_s": round(best["baseline"][0], 3), "baseline_cpu_s": round(best["baseline"][2], 3),
            "peak_rss_mb": round(max(peak["generate"], peak["build"]), 1), "site_mb": round(site_mb, 2),
            "max_page_kb": round(max_page_kb, 1)}
    dl = search_download_kb(project / "site", "negotiators") if search else None
    row["search_download_kb"] = None if dl is None else round(dl, 1)
    row["edit_s"] = round(edit_latency(project), 3) if serve else None
    shutil.rmtree(base, ignore_errors=True)
    return row


COLUMNS = [("sources", "{:>8}"), ("synth_s", "{:>8.1f}"), ("generate_s", "{:>10.2f}"), ("generate_cpu_s", "{:>14.2f}"),
           ("build_s", "{:>8.2f}"), ("build_cpu_s", "{:>11.2f}"), ("baseline_s", "{:>10.2f}"),
           ("baseline_cpu_s", "{:>14.2f}"), ("peak_rss_mb", "{:>11.0f}"), ("site_mb", "{:>8.1f}"),
           ("max_page_kb", "{:>11.0f}"), ("search_download_kb", "{:>18.0f}"), ("edit_s", "{:>7.2f}")]


def show(row: dict) -> str:
    cells = []
    for key, fmt in COLUMNS:
        width = int(re.search(r"\d+", fmt).group())
        cells.append(fmt.format(row[key]) if row.get(key) is not None else "-".rjust(width))
    return " ".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", default="100,1000,3000", help="comma-separated sizes (default 100,1000,3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the rows to FILE as JSON")
    parser.add_argument("--only", choices=["generate"], help="measure generation alone (for very large sizes)")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-latency step under mkdocs serve")
    parser.add_argument("--no-search", action="store_true", help="skip the browser search measurement")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="run (a), (b) and (c) K times each, interleaved, and keep the fastest (default 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (default: a temp dir)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sources.split(",") if s.strip()]
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}")
    print(" ".join(k.rjust(int(re.search(r'\d+', f).group())) for k, f in COLUMNS))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            row = measure(n, work, args.seed, args.only == "generate", not args.no_serve, not args.no_search,
                          max(1, args.repeat))
            row["load_average"] = round(os.getloadavg()[0], 2)
            rows.append(row)
            print(show(row), flush=True)
    for key in ("generate_s", "build_s", "baseline_s", "edit_s", "site_mb", "max_page_kb", "search_download_kb"):
        for row in rows:
            row.setdefault(key, None)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
