"""Stage 5, write: the only code that touches an output folder.

A file is written only when its bytes change; a page whose source is gone is removed; a
file this writer did not write is never overwritten or removed. What it wrote is listed
in the folder's manifest.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from typing import BinaryIO
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .problems import OutputError

MANIFEST = ".dossier-pages"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(files: Mapping[str, bytes], out: Path) -> WriteReport:
    """Write `files` (relative POSIX path -> bytes) into `out`.

    Every target is checked before it is written; changed files are first written under
    temporary names, and only once all of them are on disk are they renamed into place; the
    manifest is replaced last. A failure (a refused target, a write error, an error while the
    files are produced) removes the temporary files and leaves the previous output as it was.
    When `files` can `stream()` (render.Pages), each file is taken as it is rendered and let go
    once staged, so the pages of a large dossier are never all in memory at once.
    """
    out = out.resolve()
    manifest = out / MANIFEST
    owned = set(manifest.read_text("utf-8").splitlines()) if manifest.is_file() else set()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose a folder to write the pages to")
    if out.exists() and not manifest.is_file() and any(out.iterdir()):
        raise OutputError(f"{out} is not empty and was not written by build_scripts; choose an empty or new folder")
    stream = getattr(files, "stream", None)
    items = stream() if stream is not None else ((rel, files[rel]) for rel in sorted(files))
    staging = _Staging(out)
    try:
        paths, changed = staging.stage(items, owned)
    except BaseException:
        staging.undo()
        raise
    for tmp, target in staging.staged:
        os.replace(tmp, target)
    removed = sorted(owned - paths)
    for rel in removed:
        _inside(out, rel).unlink(missing_ok=True)
        _prune(out, _inside(out, rel).parent)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f"{MANIFEST}.tmp"
    tmp.write_text("".join(f"{rel}\n" for rel in sorted(paths)), "utf-8")
    os.replace(tmp, manifest)
    unchanged = tuple(sorted(paths - set(changed)))
    return WriteReport(tuple(sorted(changed)), unchanged, tuple(removed))


class _Staging:
    """Changed files written under temporary names beside their targets, undone on failure."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staged: list[tuple[Path, Path]] = []
        self.made: list[Path] = []  # folders created for them, parents first
        # Each folder is looked at once in a run, not once per file inside it (thousands of
        # pages share a few folders): those of `out` found not to be files, those found or made,
        # and those made, which hold nothing but what this run writes (so nothing to look at).
        self.checked: set[Path] = set()
        self.ready: set[Path] = set()
        self.new: set[Path] = set()

    def stage(self, items: Iterable[tuple[str, bytes | Iterable[bytes]]], owned: set[str]) -> tuple[set[str], list[str]]:
        paths: set[str] = set()
        changed: list[str] = []
        for rel, content in items:
            target = _inside(self.out, rel)
            found = None if self._in_new(target.parent) else _check_target(self.out, target, rel, owned, self.checked)
            paths.add(rel)
            whole = isinstance(content, (bytes, bytearray))
            a_file = found is not None and stat.S_ISREG(found.st_mode)
            if whole and a_file and found.st_size == len(content) and target.read_bytes() == content:
                continue
            self._mkdir(target.parent)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            self.staged.append((tmp, target))
            try:
                tmp.write_bytes(content) if whole else _write(tmp, content)
            except OSError as exc:
                raise OutputError(f"cannot write {exc.filename}: {exc.strerror}; nothing was changed in {self.out}") from None
            if not whole and a_file and filecmp.cmp(tmp, target, shallow=False):
                self.staged.pop()  # a streamed file found unchanged once on disk
                tmp.unlink()
                continue
            changed.append(rel)
        return paths, changed

    def _in_new(self, folder: Path) -> bool:
        """Whether `folder` is, or will be made, inside a folder made in this run."""
        while folder not in self.ready and folder != self.out:
            folder = folder.parent
        return folder in self.new

    def _mkdir(self, folder: Path) -> None:
        """Make `folder` and the folders it is in that are missing, parents first."""
        chain = []
        while folder not in self.ready and folder != folder.parent:
            chain.append(folder)
            folder = folder.parent
        for folder in reversed(chain):
            if folder.parent in self.new or not folder.is_dir():  # in a folder just made: not there yet
                try:
                    folder.mkdir()
                except OSError as exc:
                    raise OutputError(f"cannot write {exc.filename}: {exc.strerror}; nothing was changed in {self.out}") from None
                self.made.append(folder)
                self.new.add(folder)
            self.ready.add(folder)

    def undo(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()


def _write(path: Path, pieces: Iterable[bytes]) -> None:
    with path.open("wb") as f:
        for piece in pieces:
            f.write(piece)


_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what `Path.exists()` takes for nothing there


def _check_target(out: Path, target: Path, rel: str, owned: set[str], checked: set[Path]) -> os.stat_result | None:
    """What is at `target` (the path of `rel` in `out`) now (None: nothing), refused when it is a
    folder, a file this writer did not write, or inside a file. `checked`: folders found not to
    be files in this run (only this run writes to `out` meanwhile), added to."""
    try:
        found = target.stat()
    except OSError as exc:
        if exc.errno not in _ABSENT:
            raise
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{target} is a folder, but a generated file has that path; move it away first")
    if found is not None and rel not in owned:
        raise OutputError(f"{target} exists and was not written by build_scripts; move it away first")
    for parent in target.relative_to(out).parents:
        if (out / parent) in checked:
            break  # and so are its own parents
        if (out / parent).is_file():
            raise OutputError(f"{out / parent} is a file, but generated files go inside it; move it away first")
        checked.add(out / parent)
    return found


def _inside(out: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if PurePosixPath(rel).is_absolute() or ".." in parts:
        raise OutputError(f"refusing to write outside {out}: {rel}")
    return out.joinpath(*parts)


def _prune(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def read_cache_file(path: Path, load: Callable[[BinaryIO], object]) -> object:
    """`load(file)` on a build cache's file, read as a stream (its pair, `write_cache_file`,
    lives here with the rest of the file output); raises OSError when it cannot be read."""
    with path.open("rb") as f:
        return load(f)


def write_cache_file(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write one entry of a build cache (`source_cache.py`) atomically: `data`, or what
    `data(file)` writes (a pickle streamed, never held whole in memory). A cache that cannot be
    written is only slower, so errors are ignored."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            f.write(data) if isinstance(data, bytes) else data(f)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


_OLD_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")


def remove_old_cache_entries(cache: Path) -> None:
    """Remove the entries of the cache's first layout, one pickle per source folder in a folder
    named by its first two hex digits (`ab/ab…(64 hex).pickle`), which no build reads any more:
    left alone they would keep a copy of every source ever loaded. Only files of exactly that
    form (not links), and their folders once empty."""
    for folder in cache.glob("[0-9a-f][0-9a-f]") if cache.is_dir() else []:
        if folder.is_symlink() or not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if (_OLD_ENTRY.fullmatch(entry.name) and entry.name.startswith(folder.name)
                    and not entry.is_symlink() and entry.is_file()):
                with contextlib.suppress(OSError):  # a cache that cannot be cleared is only bigger
                    entry.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty


def write_scratch_file(folder: Path, rel: str, text: str) -> None:
    """Write `text` to `rel` inside a scratch folder of the build (what Pagefind reads of each
    page, `search_index.Staged`), creating its folders; `rel` must stay inside."""
    path = _inside(folder, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
