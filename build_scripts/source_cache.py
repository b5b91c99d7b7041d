"""A cache of the per-source work of the build, so that a rebuild after one edit redoes only
the work of the source that changed: the load stage's (YAML parsing, validation, the capture's
hash and encoding checks), and through `per_source` the normalise and analyse stages' (reading
text, mentions, topic passages, name candidates, quotations, figures, dates, wording, shared-text
signatures). Only the merges across sources run in full at every build.

An entry is keyed by the SHA-256 of: the code's version (the bytes of every module of
build_scripts), the source folder's path and the name and bytes of every file in it
(metadata and capture). Anything that could change the result changes the key,
so deleting the cache never changes any output, only the time. A source with errors is not
cached, so its problems are found again at every build.

A later stage's entry is keyed by the SHA-256 of: the code's version, the stage's name, the
source folder's key as above, a fingerprint of the normalisation rules and one of the editor
data the work reads besides the source (entities, topics, lexicons).

Each stage keeps one pack, a pickle of the entries of the last build only (`stage-<name>.pickle`,
written by this program into `.cache/dossier/` beside the dossier, outside docs/ and dossier/;
DOSSIER_CACHE=<dir> moves it, DOSSIER_CACHE=off turns it off), so the cache never outgrows the
dossier, and a cold build writes one file per stage, not one per source. A build that writes the
load stage's pack removes the entries of the first layout (one pickle per source folder), which
no build reads any more.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import enum
import functools
import hashlib
import importlib.metadata
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .parallel import spread
from .problems import Problem
from .writer import read_cache_file, remove_old_cache_entries, write_cache_file

PACKAGE = Path(__file__).resolve().parent
READ_LIMIT = 50_000_000  # load/sources.py MAX_ARCHIVE_BYTES: a bigger file is an error, so never cached


@functools.cache
def code_version() -> str:
    """Our modules' bytes and every installed package's version (dateparser, pyahocorasick and the
    others decide results too)."""
    digest = hashlib.sha256()
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(dist.encode() + b"\0")
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_OFF = contextvars.ContextVar("dossier_cache_off", default=False)


@contextlib.contextmanager
def off() -> Iterator[None]:
    """No cache read or written inside: for commands that must leave the working tree as it is
    (`report`)."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


def folder_for(root: Path) -> Path | None:
    setting = os.environ.get("DOSSIER_CACHE", "")
    if setting == "off" or _OFF.get():
        return None
    return Path(setting) if setting else root.resolve().parent / ".cache" / "dossier"


T = TypeVar("T")
_FOLDER_KEYS: dict[Path, str] = {}  # each source folder's key, as the load stage last computed it
# A long-lived process (`mkdocs serve`) keeps each stage's last pack in memory too, and reads no
# file for it.
_PACKS: dict[str, tuple[Path, dict]] = {}  # stage -> (pack file, entries)


def key(folder: Path, rules_digest: str) -> str:
    digest = hashlib.sha256(f"{code_version()}\0{rules_digest}\0{folder}\0".encode())
    for path in sorted(folder.iterdir()):
        if path.is_symlink():  # refused by the load stage: never read through, only its target named
            digest.update(path.name.encode() + b"\1" + os.fsencode(os.readlink(path)) + b"\0")
        elif path.is_file() and path.stat().st_size > READ_LIMIT:  # refused as too big: never read whole
            digest.update(path.name.encode() + b"\2" + str(path.stat().st_size).encode() + b"\0")
        elif path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_all(folders: list[Path], cache: Path | None, problems: list, origins: dict, load_source,
             refused: frozenset[Path] = frozenset(), meanwhile: Callable[[], object] | None = None) -> list:
    """`load_source(folder, problems, origins, refused)` for each folder, in order, taken from the
    load stage's pack when the folder and the code are unchanged. The folders are keyed, and those
    not in the pack loaded, over the machine's cores (`parallel.spread`, while this process also
    calls `meanwhile()`); the id check against other folders (`origins`) runs here, in order,
    every time, once `meanwhile` is done."""
    pack = cache / "stage-load.pickle" if cache is not None else None
    old = _last_pack("load", pack) if pack is not None else {}
    new: dict[str, Any] = {}
    out = []
    loaded = spread(functools.partial(_load_one, old, load_source, refused), folders, meanwhile)
    for folder, (k, hit) in zip(folders, loaded):
        _FOLDER_KEYS[folder] = k
        hit = old[k] if hit is None else hit
        if not any(p.severity.name == "ERROR" for p in hit[1]):  # errors are found again at every build
            new[k] = hit
        out.append(_check_ids(hit, problems, origins))
    if pack is not None:
        if new.keys() != old.keys():  # a build that writes the pack clears what older versions left
            remove_old_cache_entries(pack.parent)
        _keep_pack("load", pack, old, new)
    return out


def _load_one(old: dict, load_source, refused: frozenset[Path], folder: Path) -> tuple[str, tuple | None]:
    """The folder's key, and what loading it gives (None when `old` has it: not sent back)."""
    k = key(folder, "")
    if k in old:
        return k, None
    found: list = []
    mine: dict = {}
    return k, (load_source(folder, found, mine, refused), found, mine)


def _check_ids(hit, problems: list, origins: dict):
    located, found, mine = hit
    for name, here in mine.items():
        if name in origins:  # the same id in two folders
            first = origins[name]
            problems.append(Problem(here[0], here[1], (
                f"id: {name.split(':', 1)[1]!r} is already the id of the source at {first[0]}:{first[1]}; "
                "every source needs its own id (and a folder of that name)"), code="duplicate-id"))
            return None
    origins.update(mine)
    problems += found
    return located


# --- the per-source work of the later stages ------------------------------------------------------


def fingerprint(value: Any) -> str:
    """A SHA-256 of editor data (models, tuples, mappings, text) that is the same in every
    process: sets are taken in sorted order, mappings in their (deterministic) order, and only
    declared fields count. Unknown types are refused rather than guessed at."""
    digest = hashlib.sha256()

    def feed(v: Any) -> None:
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            digest.update(f"D{type(v).__qualname__}(".encode())
            for f in dataclasses.fields(v):
                digest.update(f.name.encode() + b"=")
                feed(getattr(v, f.name))
            digest.update(b")")
        elif isinstance(v, Mapping):
            digest.update(b"M%d{" % len(v))
            for k, x in v.items():
                feed(k)
                feed(x)
            digest.update(b"}")
        elif isinstance(v, (tuple, list, frozenset, set)):
            items = sorted(v, key=fingerprint) if isinstance(v, (frozenset, set)) else v
            digest.update(b"L%d[" % len(items))
            for x in items:
                feed(x)
            digest.update(b"]")
        elif v is None or isinstance(v, (str, int, float, Path, enum.Enum)):
            digest.update(f"{type(v).__name__}:{v!r};".encode())
        else:
            raise TypeError(f"cannot fingerprint a {type(v).__name__}")

    feed(value)
    return digest.hexdigest()


def per_source(stage: str, dossier, depends_on: Any, work: Callable[[Any], T], *, alone: bool = False) -> list[T]:
    """`[work(source) for source in dossier.sources]`, each result taken from the cache when the
    source's files, `depends_on` (the editor data `work` reads besides the source), the
    normalisation rules and the code are those of a cached result. `work` must be a pure
    function of those; its results must be picklable and are never to be mutated. A stage that
    runs `alone` (nothing else runs beside it) spreads the work left to do over the machine's
    cores (`parallel.spread`)."""
    cache = folder_for(dossier.root)
    run = (lambda items: iter(spread(work, items))) if alone else (lambda items: map(work, items))
    if cache is None:
        return list(run(dossier.sources))
    base = f"{code_version()}\0{stage}\0{fingerprint(depends_on)}\0{fingerprint(dossier.rules)}\0"
    pack = cache / f"stage-{stage}.pickle"
    old = _last_pack(stage, pack)
    keys = []
    for source in dossier.sources:
        folder = _FOLDER_KEYS.get(source.folder)  # None: not read by the load stage (a dossier made in memory)
        keys.append(None if folder is None else hashlib.sha256((base + folder).encode()).hexdigest())
    missing = [source for source, k in zip(dossier.sources, keys) if k not in old]
    done = run(missing)
    out: list[T] = [old[k] if k in old else next(done) for k in keys]
    new: dict[str, T] = {k: value for k, value in zip(keys, out) if k is not None}
    _keep_pack(stage, pack, old, new)
    return out


def _last_pack(stage: str, pack: Path) -> dict:
    """The entries of `stage`'s last build: kept in memory by this process, else read from `pack`."""
    kept = _PACKS.get(stage)
    return kept[1] if kept is not None and kept[0] == pack else _read_pack(pack)


def _keep_pack(stage: str, pack: Path, old: dict, new: dict) -> None:
    """This build's entries of `stage`, in memory and (when they differ from the last build's) in
    `pack`: now, or later when `deferring`."""
    if new.keys() != old.keys():
        def write() -> None:
            write_cache_file(pack, lambda f: pickle.dump(new, f, protocol=pickle.HIGHEST_PROTOCOL))
        if _DEFERRED is not None and _DEFERRED[0] == os.getpid():
            _DEFERRED[1].append(write)
        else:  # not deferring, or in a worker forked meanwhile, which writes its own stages' packs
            write()
    _PACKS[stage] = (pack, new)


_DEFERRED: tuple[int, list[Callable[[], None]]] | None = None  # the process deferring, and its pack writes


@contextlib.contextmanager
def deferring() -> Iterator[None]:
    """Packs written inside the block are written later: by whoever calls what `take_deferred`
    gave (`analyse` hands the load and normalise stages' packs to the worker process it forks
    beside it, where they cost the main process nothing: about 0.3 s at 3,000 sources), or at
    the end of the block, even on an error."""
    global _DEFERRED
    outer, _DEFERRED = _DEFERRED, (os.getpid(), [])
    try:
        yield
    finally:
        (_, pending), _DEFERRED = _DEFERRED, outer
        for write in pending:
            write()


def take_deferred() -> Callable[[], None]:
    """The pack writes put off so far, as one call, which this process will not make itself;
    later packs are written at once again (the analysis writes its own as it goes)."""
    global _DEFERRED
    pending = list(_DEFERRED[1]) if _DEFERRED is not None else []
    if _DEFERRED is not None:
        _DEFERRED = (0, [])  # no process has id 0: nothing more is put off

    def write_all() -> None:
        for write in pending:
            write()
    return write_all


def _read_pack(pack: Path) -> dict:
    try:
        old = read_cache_file(pack, pickle.load)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}  # absent or unreadable: do the work again
    return old if isinstance(old, dict) else {}


# --- the merges across sources, in a long-lived process --------------------------------------------

_MERGES: dict[str, tuple[Path, str, Any]] = {}  # stage -> (cache folder, key, result) of the last build


def texts_key(dossier) -> str:
    """A digest of every paragraph's text, in dossier order, with its source, id and story."""
    digest = hashlib.sha256()
    for source in dossier.sources:
        for para in source.reading.paragraphs:
            digest.update(f"{source.id}\0{para.id}\0{para.story}\0{para.text}\1".encode())
    return digest.hexdigest()


def merged(stage: str, dossier, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or the result it gave at the last build of this process when `key` (a digest
    of everything `compute` reads) is the same: under `mkdocs serve`, an edit that leaves the
    reading text alone (metadata, annotations, editor's prose) does not redo the comparisons
    across sources. Only in memory; with the cache off it always computes."""
    kept = recall(stage, dossier, key)
    if kept is not None:
        return kept
    result = compute()
    keep(stage, dossier, key, result)
    return result


def recall(stage: str, dossier, key: str) -> Any:
    """What `keep` kept for `stage` and `key` in this process (None if nothing, or cache off)."""
    cache = folder_for(dossier.root)
    kept = _MERGES.get(stage)
    return kept[2] if cache is not None and kept is not None and kept[:2] == (cache, key) else None


def keep(stage: str, dossier, key: str, result: Any) -> None:
    """Keep `result` in this process as `stage`'s for `key` (a result found by a worker process
    is kept by the process that asked for it)."""
    cache = folder_for(dossier.root)
    if cache is not None:
        _MERGES[stage] = (cache, key, result)
