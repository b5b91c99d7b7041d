"""Work spread over the cores (build_scripts/parallel.py): the same results in the same order as
one process (`imap`, `Beside`), byte for byte the same site, errors that surface, a clear error
for a bad DOSSIER_JOBS, and the garbage collector's thresholds while a build runs. Each check
that must really fork runs in a fresh process: the test process may hold threads (the browser
tests'), and then the work is rightly done in one process."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_scripts import parallel
from build_scripts.pipeline import build
from build_scripts.problems import DossierError
from build_scripts.synth import write_dossier

from .conftest import ROOT, SEED
from .test_scale import listing


def fresh_python(code: str, **env: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                            env=os.environ | env, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_imap_gives_map_in_order_from_worker_processes():
    out = fresh_python("""
        import os
        from build_scripts import parallel
        parallel.MIN_ITEMS = 1
        offset = 7  # a closure: workers inherit it, nothing is pickled but results
        got = list(parallel.imap(lambda x: (x * x + offset, os.getpid()), range(500)))
        assert [v for v, _ in got] == [x * x + offset for x in range(500)]
        print(len({pid for _, pid in got} - {os.getpid()}))
    """, DOSSIER_JOBS="2")
    assert int(out) >= 1  # worker processes did the work (the first item is done in the parent)


def test_imap_unordered_gives_each_result_once_and_a_slow_item_holds_up_no_other():
    out = fresh_python("""
        import os, time
        from build_scripts import parallel
        parallel.MIN_ITEMS = 1
        def fn(x):
            if x == 1:
                time.sleep(1.0)  # a long listing
            return x * x, os.getpid()
        got = list(parallel.imap_unordered(fn, range(300)))
        assert sorted(i for i, _ in got) == list(range(300))
        assert all(value == i * i for i, (value, _) in got)
        order = [i for i, _ in got]
        assert order.index(1) > 200, order.index(1)  # the others came first
        print(len({pid for _, (_, pid) in got} - {os.getpid()}))
        try:
            list(parallel.imap_unordered(lambda x: 1 // (x - 250), range(300)))
        except ZeroDivisionError:
            pass
        else:
            raise AssertionError("no error")
    """, DOSSIER_JOBS="2")
    assert int(out) == 2


def test_imap_unordered_gives_the_ordered_items_last_and_in_order():
    """With `ordered_from`, the items before it come as they are done, then the others in order
    (the export's pieces after the pages), and the workers start on the ordered ones while a
    slow item holds up the rest (how many they start on: the next test)."""
    out = fresh_python("""
        import os, time
        from build_scripts import parallel
        parallel.MIN_ITEMS = 1
        def fn(x):
            if x in (5, 260):
                time.sleep(0.5)  # a long listing; a slow piece
            return x * 3, os.getpid(), time.monotonic()
        got = []
        for i, value in parallel.imap_unordered(fn, range(400), ordered_from=250):
            got.append((i, value))
        order = [i for i, _ in got]
        assert sorted(order[:250]) == list(range(250)) and order[250:] == list(range(250, 400)), order
        assert all(value[0] == i * 3 for i, value in got)
        assert order.index(5) > 100  # the slow page held up no other page
        five = dict(got)[5][2]
        print(sum(1 for i, v in got if i >= 250 and v[2] < five))  # ordered items done while item 5 slept
        assert [i for i, _ in parallel.imap_unordered(fn, range(300), ordered_from=0)] == list(range(300))
        assert sorted(i for i, _ in parallel.imap_unordered(fn, range(300), ordered_from=300)) == list(range(300))
    """, DOSSIER_JOBS="2")
    assert int(out) > 0


def test_chunks_asked_for_and_not_given_stay_few_when_ordered_items_come_early():
    """The memory bound: an ordered chunk done before its turn counts among those asked for, so
    that while a slow page holds the ordered results up, few more chunks are asked for (without
    the bound the workers would do, and this process hold, every ordered chunk meanwhile)."""
    out = fresh_python("""
        import multiprocessing.pool, time
        from build_scripts import parallel
        parallel.MIN_ITEMS = 1
        parallel.CHUNK_MAX = 4
        def fn(x):
            if x == 3:
                time.sleep(1.0)  # a slow page
            return x
        asked = []
        apply_async = multiprocessing.pool.Pool.apply_async
        def counted(self, func, args=(), *more, **kw):
            asked.append(args[0])
            return apply_async(self, func, args, *more, **kw)
        multiprocessing.pool.Pool.apply_async = counted
        for i, _ in parallel.imap_unordered(fn, range(300), ordered_from=10):
            if i == 3:
                print(len(asked), len(list(parallel._chunks(1, 10, 2))), len(list(parallel._chunks(10, 300, 2))))
    """, DOSSIER_JOBS="2")
    asked, page_chunks, ordered_chunks = map(int, out.split())
    assert ordered_chunks > 40 and asked <= 2 * parallel.AHEAD + page_chunks  # AHEAD per worker, one more per chunk given


@pytest.mark.parametrize("stop", [2, 17, 3_431, 30_001])
def test_chunks_cover_every_item_once_growing_then_shrinking(stop):
    """The first items (whole listings, the heaviest pages) go one by one, the middle in chunks
    of at most CHUNK_MAX, the last ones again in small chunks: no worker is left with a long
    chunk at either end while the other waits."""
    bounds = list(parallel._chunks(1, stop, 2))
    assert [lo for lo, _ in bounds] == [1] + [hi for _, hi in bounds[:-1]] and bounds[-1][1] == stop
    sizes = [hi - lo for lo, hi in bounds]
    assert min(sizes) >= 1 and max(sizes) <= parallel.CHUNK_MAX
    assert sizes[0] == sizes[-1] == 1
    if stop > 3_000:
        assert sizes[:3] == [1, 2, 3]
        assert max(sizes) > 50 and len(bounds) < stop / 20  # few chunks for many items
        assert sum(sizes[-8:]) < 50


def test_an_error_in_a_worker_reaches_the_caller():
    fresh_python("""
        from build_scripts import parallel
        parallel.MIN_ITEMS = 1
        def fn(x):
            if x == 321:
                raise ValueError(f"bad item {x}")
            return x
        try:
            list(parallel.imap(fn, range(400)))
        except ValueError as exc:
            assert str(exc) == "bad item 321", exc
        else:
            raise AssertionError("no error")
    """, DOSSIER_JOBS="2")


def test_spread_gives_map_in_order_from_this_process_and_the_workers_taking_runs_in_turn():
    out = fresh_python("""
        import os, time
        from build_scripts import parallel
        offset = 7  # a closure: workers inherit it, nothing is pickled but results
        for n in (64, 65, 1_000):
            got = parallel.spread(lambda x: (time.sleep(0.001), x * x + offset, os.getpid())[1:], list(range(n)))
            assert [v for v, _ in got] == [x * x + offset for x in range(n)]
            assert os.getpid() in {pid for _, pid in got} and len({pid for _, pid in got}) == 2
        # This process first does its own work (`meanwhile`): the worker takes more of the runs.
        seen = []
        got = parallel.spread(lambda x: (time.sleep(0.002), os.getpid())[1], list(range(400)),
                              meanwhile=lambda: (time.sleep(0.4), seen.append(os.getpid())))
        assert seen == [os.getpid()]
        here = sum(1 for pid in got if pid == os.getpid())
        assert here < 200 - 50, here  # the worker took at least a hundred more than half
        print("ok")
    """, DOSSIER_JOBS="2")
    assert out.strip() == "ok"


def test_spread_calls_meanwhile_once_without_workers_too(monkeypatch):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    calls = []
    assert parallel.spread(str, range(100), meanwhile=lambda: calls.append(1)) == [str(i) for i in range(100)]
    assert parallel.spread(str, [], meanwhile=lambda: calls.append(2)) == []
    assert calls == [1, 2]


def test_an_error_in_a_spread_run_reaches_the_caller():
    fresh_python("""
        from build_scripts import parallel
        def fn(x):
            if x in (3, 321):  # here, then in the worker
                raise ValueError(f"bad item {x}")
            return x
        for items in (range(400), range(10, 400)):
            try:
                parallel.spread(fn, list(items))
            except ValueError as exc:
                assert str(exc) == f"bad item {3 if 3 in items else 321}", exc
            else:
                raise AssertionError("no error")
    """, DOSSIER_JOBS="2")


def test_one_process_when_asked_for_or_when_there_is_little_work(monkeypatch):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    assert parallel.forking(10_000) == 0
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    assert parallel.forking(parallel.MIN_ITEMS - 1) == 0
    assert list(parallel.imap(str, range(5))) == ["0", "1", "2", "3", "4"]
    assert parallel.spread(str, range(5)) == ["0", "1", "2", "3", "4"]


def test_beside_computes_in_a_worker_while_this_process_goes_on():
    out = fresh_python("""
        import os
        from build_scripts import parallel
        with parallel.Beside(lambda: (sum(range(10**6)), os.getpid()), count=1000) as job:
            here = sum(range(10))
            value, pid = job.result()
        assert value == sum(range(10**6)) and here == 45
        print(pid != os.getpid())
    """, DOSSIER_JOBS="2")
    assert out.strip() == "True"


def test_beside_without_a_worker_computes_once_when_asked(monkeypatch):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    calls = []
    with parallel.Beside(lambda: calls.append(1) or len(calls), count=10_000) as job:
        assert calls == []  # not yet
        assert job.result() == 1 and job.result() == 1
    assert calls == [1]


def test_an_error_beside_reaches_the_caller():
    fresh_python("""
        from build_scripts import parallel
        def fail():
            raise ValueError("no shared text")
        with parallel.Beside(fail, count=1000) as job:
            try:
                job.result()
            except ValueError as exc:
                assert str(exc) == "no shared text"
            else:
                raise AssertionError("no error")
    """, DOSSIER_JOBS="2")


def test_what_a_worker_found_is_kept_by_the_process_that_asked(tmp_path):
    """`mkdocs serve`'s first build runs before its threads, so it forks; the shared text found
    by the worker must still be kept for the rebuilds after an edit that leaves the text alone."""
    dossier = write_dossier(tmp_path / "dossier", 70, seed=11)
    out = fresh_python(f"""
        import importlib
        from pathlib import Path
        from build_scripts import parallel
        from build_scripts.pipeline import build
        compare = importlib.import_module("build_scripts.analysis.compare")
        forks = []
        real = parallel.forking
        parallel.forking = lambda count: forks.append(real(count)) or forks[-1]
        root = Path({str(dossier)!r})
        build(root)
        calls = []
        compare.shared_text = lambda d, _real=compare.shared_text: calls.append(1) or _real(d)
        meta = root / "sources" / "s0007" / "source.yml"
        meta.write_text(meta.read_text("utf-8").replace("The text is in English.", "Edited."), "utf-8")
        import threading
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()  # then, as under mkdocs serve, threads run
        build(root)
        stop.set()
        print(forks[0], forks[-1], len(calls))
    """, DOSSIER_JOBS="2", DOSSIER_CACHE=str(tmp_path / "cache"))
    assert out.split() == ["2", "0", "0"]  # the first build forked; the rebuild found nothing to redo


@pytest.mark.parametrize("value", ["two", "1.5", "-"])
def test_a_bad_jobs_setting_is_named_with_what_to_do(monkeypatch, value):
    monkeypatch.setenv("DOSSIER_JOBS", value)
    with pytest.raises(DossierError) as caught:
        parallel.workers()
    assert str(caught.value) == (f"DOSSIER_JOBS={value!r} is not a whole number: set it to the number of worker "
                                 "processes (1 for none) or unset it")


def test_the_site_is_the_same_from_one_process_and_from_several(tmp_path):
    """Without the cache, and with it cold then warm (the stages then take what they can from it
    and spread only the rest over the processes)."""
    dossier = write_dossier(tmp_path / "dossier", 70, seed=11)  # more sources than MIN_ITEMS: the analysis forks too
    code = f"""
        from pathlib import Path
        from build_scripts import parallel
        from build_scripts.pipeline import build
        forks = []
        real = parallel.forking
        parallel.forking = lambda count: forks.append(real(count)) or forks[-1]
        build(Path({str(dossier)!r}), Path(__import__("sys").argv[1]))
        print(sum(1 for n in forks if n))
    """

    def run(out: str, jobs: str, cache: str) -> int:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(tmp_path / out)], cwd=ROOT, text=True,
                              capture_output=True, env=os.environ | {"DOSSIER_JOBS": jobs, "DOSSIER_CACHE": cache})
        assert done.returncode == 0, done.stderr
        return int(done.stdout)

    assert run("one", "1", "off") == 0
    # the sources loaded, then normalised, over two processes; shared text and dates beside the
    # analysis; then the pages
    assert run("two", "2", "off") == 4
    assert listing(tmp_path / "one") == listing(tmp_path / "two")
    cache = str(tmp_path / "cache")
    assert run("cold", "2", cache) == 4
    # every stage's pack, the load and normalise stages' written by the worker beside the analysis
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {
        f"stage-{stage}.pickle" for stage in ("load", "normalise", "mentions", "topics", "name-runs", "figures",
                                              "quotes", "wording", "signatures", "dates")}
    assert run("warm", "2", cache) >= 2  # the pages at least; loading keys the folders over two processes
    assert listing(tmp_path / "one") == listing(tmp_path / "cold") == listing(tmp_path / "warm")


def test_models_pickle_to_equal_objects(tmp_path, monkeypatch):
    """Results come back from workers, and out of the cache, pickled (models.pickled_by_init)."""
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    site = build(SEED)
    for value in (site.dossier.sources, site.dossier.entities, site.dossier.topics, site.analysis.mentions,
                  site.analysis.topics, site.analysis.candidates):
        again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == value


def test_fewer_collections_for_the_block_then_the_thresholds_as_they_were():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with parallel.fewer_collections():
            assert gc.get_threshold() == parallel.GC_THRESHOLD != before
            raise RuntimeError("an error in the build")
    assert gc.get_threshold() == before


def test_the_command_line_and_the_mkdocs_hook_collect_less_often_while_they_run(monkeypatch):
    from build_scripts import cli, mkdocs_hook, serve_cache

    before = gc.get_threshold()
    seen = []

    def build(*args):
        seen.append(gc.get_threshold())
        raise DossierError("stop here")

    monkeypatch.setattr(cli, "build", build)
    assert cli.main(["check", "--dossier", str(SEED)]) != 0
    assert seen == [parallel.GC_THRESHOLD] and gc.get_threshold() == before
    monkeypatch.setattr(serve_cache, "_state", dict(serve_cache._state))  # what on_startup sets besides
    monkeypatch.setattr(mkdocs_hook, "_search", dict(mkdocs_hook._search))
    mkdocs_hook.on_startup("build", False)
    try:
        assert gc.get_threshold() == parallel.GC_THRESHOLD
    finally:
        mkdocs_hook.on_shutdown()
    assert gc.get_threshold() == before
    mkdocs_hook.on_startup("serve", True)  # a server's rebuilds leave the previous site's cycles behind
    try:
        assert gc.get_threshold() == before
    finally:
        mkdocs_hook.on_shutdown()
    mkdocs_hook.on_startup("build", False)  # `mkdocs serve --clean` says "build" at startup, then serves
    try:
        server = object()
        assert mkdocs_hook.on_serve(server, config=None, builder=None) is server
        assert gc.get_threshold() == before
    finally:
        mkdocs_hook.on_shutdown()
    assert gc.get_threshold() == before


def test_a_run_left_without_on_shutdown_exits_quietly():
    """A script that calls the hook's on_startup and never its on_shutdown (as a profiling script
    may): nothing is printed at exit."""
    code = """
        from mkdocs.config import load_config
        config = load_config("mkdocs.yml")  # the hook loaded as MkDocs loads it
        config.plugins.on_startup(command="build", dirty=False)
        print("ok")
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")
