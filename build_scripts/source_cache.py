"""A cache of the per-source work of the load stage (YAML parsing, validation, the capture's
hash and encoding checks), so that a rebuild after one edit re-reads only the source that changed.

An entry is keyed by the SHA-256 of: the code's version (the bytes of every module of
build_scripts), the source folder's path and the name and bytes of every file in it
(metadata and capture). Anything that could change the result changes the key,
so deleting the cache never changes any output, only the time. Entries are pickles written by
this program into `.cache/dossier/` beside the dossier (outside docs/ and dossier/;
DOSSIER_CACHE=<dir> moves it, DOSSIER_CACHE=off turns it off). A source with errors is not
cached, so its problems are found again at every build.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from .problems import Problem
from .writer import write_cache_file

PACKAGE = Path(__file__).resolve().parent
READ_LIMIT = 50_000_000  # load/sources.py MAX_ARCHIVE_BYTES: a bigger file is an error, so never cached


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
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


def get(cache: Path | None, k: str):
    if cache is None:
        return None
    path = cache / k[:2] / f"{k}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # absent or unreadable: do the work again


def put(cache: Path | None, k: str, value) -> None:
    if cache is None:
        return
    write_cache_file(cache / k[:2] / f"{k}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_cached(folder: Path, cache: Path | None, problems: list, origins: dict, load_source,
                refused: frozenset[Path] = frozenset()):
    """`load_source(folder, problems, origins, refused)`, from the cache when the folder and the
    code are unchanged. The id check against other folders (`origins`) runs every time."""
    k = key(folder, "")
    hit = get(cache, k)
    if hit is None:
        found: list = []
        mine: dict = {}
        located = load_source(folder, found, mine, refused)
        hit = (located, found, mine)
        if not any(p.severity.name == "ERROR" for p in found):  # errors are found again at every build
            put(cache, k, hit)
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
