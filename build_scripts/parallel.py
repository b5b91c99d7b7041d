"""Work spread over the machine's cores: `imap(fn, items)` is `map(fn, items)`, the same results
in the same order, computed by forked worker processes when that pays; `imap_unordered` gives
them as they are done, with their index; `spread(fn, items)` is `list(map(fn, items))` made by
the workers and this process together, one pickled list coming back from each worker;
`Beside(fn)` computes `fn()` in a forked worker while this process goes on with other work;
`fewer_collections()` runs Python's cyclic garbage collector less often while a build runs.

Forked workers inherit the whole build in memory (the dossier, the analysis, `fn` itself, even a
lambda), so nothing is sent to them but two indexes per chunk of items; only the results come
back, pickled (the same objects the per-source cache pickles). Work runs in this process instead
when there is little of it, when the machine has one core or `DOSSIER_JOBS=1`, when fork is not
available, inside a worker, or when other threads run (`mkdocs serve`: forking a process with
threads can copy a lock that one of them holds). Results never depend on which way was taken.
"""

from __future__ import annotations

import collections
import gc
import itertools
import multiprocessing
import multiprocessing.pool
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from .problems import DossierError

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64  # fewer items are done here: forking and pickling would cost more than they save
CHUNKS_PER_WORKER = 8  # small enough chunks to keep every worker busy until the end
CHUNK_MAX = 100  # and small enough to keep few results in memory at once
AHEAD = 2  # chunks asked of each worker ahead of the one being taken
RUNS_PER_WORKER = 16  # `spread`: runs of items per process, so that they end about together
# Allocations between two collections of the youngest generation, and the collections of each
# generation between two of the next (CPython's defaults: 700, 10, 10), as mypy sets them.
GC_THRESHOLD = (200_000, 30, 30)

_job: dict[str, Any] = {"fn": None, "items": None, "worker": False}


class fewer_collections:  # lower case, as contextlib's `suppress`: `with fewer_collections(): ...`
    """Python's cyclic garbage collector run less often while the block runs (workers forked in
    it inherit that). A build makes millions of objects that live until it ends, and almost no
    reference cycles (a build's peak memory is the same with the collector off); at the
    defaults the collector walks them again and again, about a tenth of a build's time
    (docs/performance.md). The previous thresholds come back at the end. A class rather than a
    generator: one entered and never left (a hook's `on_startup` without its `on_shutdown`)
    does nothing at exit."""

    def __enter__(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLD)

    def __exit__(self, *exc) -> None:
        gc.set_threshold(*self._saved)


def workers() -> int:
    """`DOSSIER_JOBS` when set (a whole number, at least 1), else the cores this process may use."""
    setting = os.environ.get("DOSSIER_JOBS", "").strip()
    if setting:
        try:
            return max(1, int(setting))
        except ValueError:
            raise DossierError(f"DOSSIER_JOBS={setting!r} is not a whole number: set it to the number of "
                               "worker processes (1 for none) or unset it") from None
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def forking(count: int) -> int:
    """How many worker processes `count` items get (0: do them here)."""
    n = workers()
    if (n < 2 or count < MIN_ITEMS or _job["worker"] or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 0
    return n


def imap(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """`fn(item)` for each item, in order; `fn` must be a pure function whose results pickle."""
    return (result for _, result in _results(fn, items, ordered_from=0))


def imap_unordered(fn: Callable[[T], R], items: Iterable[T], ordered_from: int | None = None) -> Iterator[tuple[int, R]]:
    """`(i, fn(items[i]))` for each item, in the order the results are done: a slow item does not
    hold up the results of those after it (nor, while the caller waits for it, the workers that
    would have gone on with them). The order differs from run to run; the results do not. The
    items from `ordered_from` on, when given, come after all the others, in order (the workers
    start on them as soon as they are free)."""
    return _results(fn, items, ordered_from)


def _results(fn: Callable[[T], R], items: Iterable[T], ordered_from: int | None) -> Iterator[tuple[int, R]]:
    """The results of the items before `ordered_from` (None: all) as they are done, then those of
    the others in order."""
    items = items if isinstance(items, Sequence) else list(items)
    n = forking(len(items))
    if not n:
        yield from enumerate(map(fn, items))
        return
    yield 0, fn(items[0])  # here first: what `fn` builds on first use (an automaton, a lookup) is built once, inherited
    split = len(items) if ordered_from is None else max(1, ordered_from)
    bounds = itertools.chain(_chunks(1, split, n), _chunks(split, len(items), n))  # no chunk on both sides
    _job.update(fn=fn, items=items)
    try:
        with _pool(n) as pool:
            # AHEAD chunks per worker asked for at once (pool.imap would queue every chunk at
            # once, and keep every result until the caller takes it): a chunk is asked for when
            # one is given to the caller, so that the chunks asked for and not yet given, done
            # or not, stay that few. The pool's thread hands over each chunk as it is done; an
            # ordered chunk done before its turn is held until then.
            done: queue.SimpleQueue = queue.SimpleQueue()  # (bounds, results, error) of the chunks done
            ordered: collections.deque = collections.deque()  # the ordered chunks asked for and not yet given
            early: dict[tuple[int, int], list] = {}  # results of ordered chunks done before their turn
            unordered = 0  # the unordered chunks asked for and not yet given

            def ask() -> None:
                nonlocal unordered
                for b in itertools.islice(bounds, 1):
                    pool.apply_async(_run, (b,), callback=lambda r, b=b: done.put((b, r, None)),
                                     error_callback=lambda e, b=b: done.put((b, None, e)))
                    if b[0] >= split:
                        ordered.append(b)
                    else:
                        unordered += 1

            for _ in range(n * AHEAD):
                ask()
            while unordered or ordered:
                if not unordered and ordered[0] in early:
                    b = ordered.popleft()
                    part = early.pop(b)
                else:
                    b, part, error = done.get()
                    if error is not None:
                        raise error
                    if b[0] < split:
                        unordered -= 1
                    elif unordered or b != ordered[0]:
                        early[b] = part
                        continue
                    else:
                        ordered.popleft()
                ask()
                yield from zip(range(*b), part)
    finally:
        _job.update(fn=None, items=None)


def _chunks(start: int, stop: int, workers: int) -> Iterator[tuple[int, int]]:
    """Bounds of the chunks of items start..stop-1, in order. Chunks grow by one item from one
    item (the first items of a list of pages are often its heaviest: whole listings) up to
    CHUNK_MAX, and shrink again towards the end (guided self-scheduling: each a share of what is
    left), so that no worker is left with a long chunk while the others have nothing to do."""
    done = 0
    while start < stop:
        size = max(1, min(CHUNK_MAX, 1 + done, (stop - start) // (workers * CHUNKS_PER_WORKER)))
        yield start, start + size
        start, done = start + size, done + 1


def spread(fn: Callable[[T], R], items: Sequence[T], meanwhile: Callable[[], object] | None = None) -> list[R]:
    """`[fn(item) for item in items]`, made by forked workers and by this process together: each
    takes the next run of items (a counter in shared memory) until none is left, so that this
    process, which first calls `meanwhile()` when given (work of its own that the workers need
    not wait for), simply takes fewer. One pickled list comes back from each worker, which
    costs this process far less than `imap`'s stream of chunks: for many cheap items (loading
    and normalising sources) when this process has nothing else to do but `meanwhile`."""
    n = forking(len(items))
    if not n:
        if meanwhile is not None:
            meanwhile()
        return list(map(fn, items))
    counter = multiprocessing.get_context("fork").Value("q", 0)  # the next item to take, with its lock
    _job.update(fn=fn, items=items, counter=counter, run=max(1, len(items) // (n * RUNS_PER_WORKER)))
    try:
        with _pool(n - 1) as pool:
            pending = [pool.apply_async(_take_runs) for _ in range(n - 1)]
            if meanwhile is not None:
                meanwhile()
            runs = _take_runs()
            for job in pending:
                runs += job.get()
    finally:
        _job.update(fn=None, items=None, counter=None)
    out: list = [None] * len(items)
    for start, results in runs:
        out[start:start + len(results)] = results
    return out


def _take_runs() -> list[tuple[int, list]]:
    """(first index, results) of each run of items this process took, until none is left."""
    fn, items, counter, run = _job["fn"], _job["items"], _job["counter"], _job["run"]
    done = []
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + run
        if start >= len(items):
            return done
        done.append((start, [fn(items[i]) for i in range(start, min(start + run, len(items)))]))


class Beside:
    """`with Beside(fn, count) as job: ...; job.result()`: `fn()` computed in a forked worker
    while the block runs here, when `count` items make it worth it (else by `result()` itself,
    once). Whatever `fn` would remember in memory is remembered in the worker only, so `fn`
    remembers nothing: the caller keeps what it needs of the result (as `analyse` keeps the
    shared text for `mkdocs serve`'s rebuilds, whose first build forks)."""

    def __init__(self, fn: Callable[[], T], count: int) -> None:
        self._fn, self._pool, self._pending, self._done = fn, None, None, ()
        if forking(count):
            _job.update(fn=fn)
            self._pool = _pool(1)
            self._pending = self._pool.apply_async(_call)

    def result(self) -> T:
        if self._pending is not None:
            return self._pending.get()
        if not self._done:
            self._done = (self._fn(),)
        return self._done[0]

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            _job.update(fn=None)


def _pool(n: int) -> multiprocessing.pool.Pool:
    """`n` forked workers. What they inherit is frozen first (`gc.freeze`), so that their garbage
    collector never walks it: walking it would write to every page of memory they share with
    this process, and so copy it."""
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(n, initializer=_enter_worker)
    finally:
        gc.unfreeze()


def _call() -> Any:
    return _job["fn"]()


def _enter_worker() -> None:
    _job["worker"] = True


def _run(bounds: tuple[int, int]) -> list:
    fn, items = _job["fn"], _job["items"]
    return [fn(items[i]) for i in range(*bounds)]
