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
    out = out.resolve()
    manifest = out / MANIFEST
    owned = set(manifest.read_text("utf-8").splitlines()) if manifest.is_file() else set()
    if out.exists() and not manifest.is_file() and any(out.iterdir()):
        raise OutputError(f"{out} is not empty and was not written by build_scripts; choose an empty or new folder")
    written, unchanged = [], []
    for rel, data in sorted(files.items()):
        target = _inside(out, rel)
        if target.exists() and rel not in owned:
            raise OutputError(f"{target} exists and was not written by build_scripts; move it away first")
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(rel)
    removed = sorted(owned - files.keys())
    for rel in removed:
        _inside(out, rel).unlink(missing_ok=True)
        _prune(out, _inside(out, rel).parent)
    out.mkdir(parents=True, exist_ok=True)
    manifest.write_text("".join(f"{rel}\n" for rel in sorted(files)), "utf-8")
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _inside(out: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if PurePosixPath(rel).is_absolute() or ".." in parts:
        raise OutputError(f"refusing to write outside {out}: {rel}")
    return out.joinpath(*parts)


def _prune(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
