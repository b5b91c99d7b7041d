"""Reading one source folder: its metadata, and its capture checked byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..models import ATTESTED, Source
from ..problems import Problem, Severity
from . import convert
from .files import decode, read_doc
from .schema import SourceMeta
from .validate import validate
from .xrefcheck import Located
from .yamlread import YamlDoc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load_source(folder: Path, problems: list[Problem], origins: dict) -> Located | None:
    """The source in `folder` (a `Source` without reading text yet), or None when it is broken."""
    meta_path = folder / "source.yml"
    if not meta_path.is_file():
        problems.append(Problem(str(meta_path), 1, "source folder has no source.yml; add its metadata (see README.md)"))
        return None
    doc = read_doc(meta_path, problems)
    if doc is None:
        return None
    meta, found = validate(SourceMeta, doc)
    problems += found
    if meta is None:
        return None
    id_line = doc.line_of(("id",))
    if f"source:{meta.id}" in origins:
        first = origins[f"source:{meta.id}"]
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} is already the id of the source at {first[0]}:{first[1]}; "
            "every source needs its own id (and a folder of that name)")))
        return None
    origins[f"source:{meta.id}"] = (str(meta_path), id_line)
    if meta.id != folder.name:
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} differs from the folder name {folder.name!r}; "
            "rename the folder or the id so that they are the same")))
    capture = _capture(folder, meta, doc, problems)
    if capture is None:
        return None
    data, text = capture
    for field in ATTESTED:
        quote = getattr(meta, field).quote
        if quote is not None and quote not in text:
            problems.append(Problem(str(meta_path), doc.line_of((field, "quote")), (
                f"{field}.quote is not in the capture word for word: {quote!r}; copy the words "
                "exactly as the capture has them (apostrophes and quotation marks included)")))
    info = convert.source_info(meta, doc)
    return Located(Source(info, folder, meta_path, folder / (info.capture.extracted or info.capture).file, data, text), doc, ())


def _capture(folder: Path, meta: SourceMeta, doc: YamlDoc, problems: list[Problem]) -> tuple[bytes, str] | None:
    """The capture's bytes and text, once its hash, encoding and content are checked.
    For a page or an archive, the text is its extracted reading text, whose hash is checked too.
    (The schema allows only plain names, so the files are in the source's folder.)"""
    name = meta.capture.file
    meta_path = str(folder / "source.yml")
    path = folder / name
    if not path.is_file():
        problems.append(Problem(meta_path, doc.line_of(("capture", "file")), (
            f"capture.file: the capture {name!r} is missing from {folder.as_posix()}/; add the file "
            "exactly as received, or correct the name")))
        return None
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != meta.capture.sha256:
        problems.append(Problem(meta_path, doc.line_of(("capture", "sha256")), (
            f"capture.sha256: {name} has SHA-256 {actual}, but {meta.capture.sha256} is recorded; "
            "a capture is never edited: restore the file as received (a new capture is a new source)")))
        return None
    if meta.capture.extracted is not None:
        path = _extracted(folder, meta, doc, problems)
        if path is None:
            return None
    text = decode(path, path.read_bytes(), problems)
    if text is None:
        return None
    if not text.strip().strip("\ufeff"):
        problems.append(Problem(str(path), 1, (
            f"the capture is empty ({len(data)} bytes, no text); add the captured text, "
            "or remove the source")))
        return None
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(str(path), line, (
            f"the capture holds the control character U+{ord(match.group()):04X}; it is shown as a "
            "symbol on the site: check the capture was saved as text"), Severity.WARNING))
    return data, text


def _extracted(folder: Path, meta: SourceMeta, doc: YamlDoc, problems: list[Problem]) -> Path | None:
    """The extracted reading text of a page or an archive, once its hash is checked."""
    ext = meta.capture.extracted
    path = folder / ext.file
    if not path.is_file():
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "file")), (
            f"capture.extracted.file: the extracted text {ext.file!r} is missing from {folder.as_posix()}/; "
            "restore it, or import the capture again with `python -m build_scripts add`")))
        return None
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != ext.sha256:
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "sha256")), (
            f"capture.extracted.sha256: {ext.file} has SHA-256 {actual}, but {ext.sha256} is recorded; "
            "the extracted text is never edited: restore it (add a furniture rule to change the reading text)")))
        return None
    return path
