"""Stage 5, write: the only code that touches an output folder.

A file is written only when its bytes change; a page whose source is gone is removed; a
file this writer did not write is never overwritten or removed. What it wrote is listed
in the folder's manifest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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

    Every target is checked before anything is written; changed files are first written
    under temporary names, and only once all of them are on disk are they renamed into
    place; the manifest is replaced last. A failure leaves the previous output as it was.
    """
    out = out.resolve()
    manifest = out / MANIFEST
    owned = set(manifest.read_text("utf-8").splitlines()) if manifest.is_file() else set()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose a folder to write the pages to")
    if out.exists() and not manifest.is_file() and any(out.iterdir()):
        raise OutputError(f"{out} is not empty and was not written by build_scripts; choose an empty or new folder")
    targets = {rel: _check_target(out, rel, owned) for rel in sorted(files)}
    changed = [rel for rel, target in targets.items() if not (target.is_file() and target.read_bytes() == files[rel])]
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            target = targets[rel]
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(files[rel])
            staged.append((tmp, target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {exc.filename}: {exc.strerror}; nothing was changed in {out}") from None
    for tmp, target in staged:
        os.replace(tmp, target)
    removed = sorted(owned - files.keys())
    for rel in removed:
        _inside(out, rel).unlink(missing_ok=True)
        _prune(out, _inside(out, rel).parent)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f"{MANIFEST}.tmp"
    tmp.write_text("".join(f"{rel}\n" for rel in sorted(files)), "utf-8")
    os.replace(tmp, manifest)
    done = set(changed)
    unchanged = tuple(rel for rel in targets if rel not in done)
    return WriteReport(tuple(changed), unchanged, tuple(removed))


def _check_target(out: Path, rel: str, owned: set[str]) -> Path:
    target = _inside(out, rel)
    if target.is_dir():
        raise OutputError(f"{target} is a folder, but a generated file has that path; move it away first")
    if target.exists() and rel not in owned:
        raise OutputError(f"{target} exists and was not written by build_scripts; move it away first")
    for parent in target.relative_to(out).parents:
        if (out / parent).is_file():
            raise OutputError(f"{out / parent} is a file, but generated files go inside it; move it away first")
    return target


def _inside(out: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if PurePosixPath(rel).is_absolute() or ".." in parts:
        raise OutputError(f"refusing to write outside {out}: {rel}")
    return out.joinpath(*parts)


def _prune(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_cache_file(path: Path, data: bytes) -> None:
    """Write one entry of a build cache (`source_cache.py`) atomically; a cache that cannot be
    written is only slower, so errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
