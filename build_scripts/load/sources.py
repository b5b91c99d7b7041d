"""Reading one source folder: its metadata, and its capture checked byte for byte.

Every check runs even when another fails, so one run lists every problem of a source: a
field that does not validate does not stop the others; a wrong hash or a capture that is not
UTF-8 does not stop the quotes from being looked for (in the best reading of the capture).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..charsets import BIDI, NONCHARACTERS, describe, line_of
from ..models import ATTESTED, Source
from ..problems import Problem, Severity
from . import convert
from .capturemsg import decode_capture, hash_problem
from .files import is_refused, read_doc
from .schema import Capture, SourceMeta
from .validate import validate
from .xrefcheck import Located
from .yamlread import YamlDoc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CAPTURE_BYTES = 5_000_000  # README.md, "Sources": the size limit of a text (a plain capture, an extracted text)
MAX_ARCHIVE_BYTES = 50_000_000  # and of a page's HTML or an archive (hashed, never shown whole)
MAX_LINE_CHARS = 100_000  # and a line's (a paragraph is at most one line, or a block of lines)
_LONG_LINE = re.compile(f"[^\n]{{{MAX_LINE_CHARS + 1}}}")


def load_source(folder: Path, problems: list[Problem], origins: dict,
                refused: frozenset[Path] = frozenset()) -> Located | None:
    """The source in `folder` (a `Source` without reading text yet), or None when it is broken.
    Nothing in `refused` (links, reported already) is opened."""
    meta_path = folder / "source.yml"
    if is_refused(meta_path, refused):
        return None
    if not meta_path.is_file():
        problems.append(Problem(str(meta_path), 1, "source folder has no source.yml; add its metadata (see README.md)",
                                code="source-no-metadata"))
        return None
    doc = read_doc(meta_path, problems)
    if doc is None:
        return None
    meta, found = validate(SourceMeta, doc)
    problems += found
    if meta is None:  # still check the capture and the quotes of the fields that are valid
        _check_valid_parts(folder, doc, problems, refused)
        return None
    id_line = doc.line_of(("id",))
    if f"source:{meta.id}" in origins:
        first = origins[f"source:{meta.id}"]
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} is already the id of the source at {first[0]}:{first[1]}; "
            "every source needs its own id (and a folder of that name)"), code="duplicate-id"))
        return None
    origins[f"source:{meta.id}"] = (str(meta_path), id_line)
    if meta.id != folder.name:
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} differs from the folder name {folder.name!r}; "
            "rename the folder or the id so that they are the same"), code="id-not-folder"))
    if _refused_files(folder, meta.capture, refused):
        return None
    checked = _capture(folder, meta.capture, doc, problems)
    if checked is None:
        return None
    data, text, sound = checked
    _check_quotes({name: getattr(meta, name) for name in ATTESTED}, text, doc, problems)
    if not sound:
        return None
    info = convert.source_info(meta, doc)
    return Located(Source(info, folder, meta_path, folder / (info.capture.extracted or info.capture).file, data, text), doc, ())


def _refused_files(folder: Path, capture: Capture, refused: frozenset[Path]) -> bool:
    extracted = capture.extracted
    return is_refused(folder / capture.file, refused) or (
        extracted is not None and is_refused(folder / extracted.file, refused))


def _check_valid_parts(folder: Path, doc: YamlDoc, problems: list[Problem], refused: frozenset[Path]) -> None:
    """The capture and quote checks of a source.yml that does not validate, on its valid parts."""
    capture, fields = _valid_parts(doc)
    if capture is None or _refused_files(folder, capture, refused):
        return
    written = str((doc.data.get("capture") or {}).get("sha256", ""))
    checked = _capture(folder, capture, doc, problems, written)
    if checked is not None:
        _check_quotes(fields, checked[1], doc, problems)


def _valid_parts(doc: YamlDoc) -> tuple[Capture | None, dict[str, BaseModel]]:
    """The capture and the metadata fields of a source.yml that are valid on their own."""
    data = doc.data if isinstance(doc.data, dict) else {}
    parts: dict[str, BaseModel] = {}
    for name in ("capture", *ATTESTED):
        model = SourceMeta.model_fields[name].annotation
        try:
            parts[name] = model.model_validate(data.get(name))
        except ValidationError:
            continue
    capture = data.get("capture")
    if "capture" not in parts and isinstance(capture, dict):  # a hash not written yet: still give its line
        try:
            parts["capture"] = Capture.model_validate(capture | {"sha256": "0" * 64})
        except ValidationError:
            pass
    return parts.pop("capture", None), parts


def _check_quotes(fields: dict[str, BaseModel], text: str, doc: YamlDoc, problems: list[Problem]) -> None:
    for field, value in fields.items():
        quote = value.quote
        if quote is not None and quote not in text:
            problems.append(Problem(str(doc.path), doc.line_of((field, "quote")), (
                f"{field}.quote is not in the capture word for word: {quote!r}; copy the words "
                "exactly as the capture has them (apostrophes and quotation marks included)"),
                code="quote-not-in-capture"))


def _capture(folder: Path, capture: Capture, doc: YamlDoc, problems: list[Problem],
             written: str | None = None) -> tuple[bytes, str, bool] | None:
    """The capture's bytes, its text (the best reading when it is not UTF-8), and whether it
    passed every check; None when there is no text to check against. For a page or an
    archive, the text is its extracted reading text, whose hash is checked too.
    (The schema allows only plain names, so the files are in the source's folder.)"""
    name = capture.file
    meta_path = str(folder / "source.yml")
    path = folder / name
    if not path.is_file():
        problems.append(Problem(meta_path, doc.line_of(("capture", "file")), (
            f"capture.file: the capture {name!r} is missing from {folder.as_posix()}/; add the file "
            "exactly as received, or correct the name"), code="capture-missing"))
        return None
    text_capture = capture.media_type == "text/plain"
    if _too_big(path, "capture", MAX_CAPTURE_BYTES if text_capture else MAX_ARCHIVE_BYTES, problems):
        return None
    data = path.read_bytes()
    sound = True
    actual = hashlib.sha256(data).hexdigest()
    if actual != capture.sha256:
        problems.append(hash_problem(path, data, actual, written or capture.sha256, doc))
        sound = False
    if capture.extracted is not None:
        path = _extracted(folder, capture, doc, problems)
        if path is None:
            return None
    text, decoded = decode_capture(path, path.read_bytes(), problems)
    sound = sound and decoded
    if not text.strip().strip("\ufeff"):
        problems.append(Problem(str(path), 1, (
            f"the capture is empty ({len(data)} bytes, no text); add the captured text, "
            "or remove the source"), code="capture-empty"))
        return None
    long_line = _LONG_LINE.search(text)
    if long_line:
        line = line_of(text, long_line.start())
        length = text.find("\n", long_line.start())
        length = (len(text) if length < 0 else length) - text.rfind("\n", 0, long_line.start()) - 1
        problems.append(Problem(str(path), line, (
            f"this line is {length:,} characters long, over the limit of {MAX_LINE_CHARS:,} characters for "
            "a line of a capture; capture the page again with its line breaks (say so in capture.method)"),
            code="capture-line-too-long"))
        return None
    _odd_characters(path, text, problems)
    return data, text, sound


def _too_big(path: Path, what: str, limit: int, problems: list[Problem]) -> bool:
    """Whether the file is over its size limit (then it is reported, and never read: the
    build's memory stays bounded)."""
    size = path.stat().st_size
    if size > limit:
        kind = "a capture" if limit == MAX_CAPTURE_BYTES else "a page or an archive"
        problems.append(Problem(str(path), 1, (
            f"the {what} is {size:,} bytes, over the limit of {limit:,} bytes ({limit // 1_000_000} MB) for "
            f"{kind}; split the page into several captures (one source each)"), code="capture-too-big"))
    return size > limit


def _odd_characters(path: Path, text: str, problems: list[Problem]) -> None:
    """Warnings for control characters, non-characters and bidirectional controls: all are
    shown as symbols (bidirectional controls: isolated) on the site."""
    for match in _CONTROL.finditer(text):
        problems.append(Problem(str(path), line_of(text, match.start()), (
            f"the capture holds the control character U+{ord(match.group()):04X}; it is shown as a "
            "symbol on the site: check the capture was saved as text"), Severity.WARNING, code="capture-control"))
    for match in re.finditer(f"[\x80-\x9f{NONCHARACTERS}]", text):
        problems.append(Problem(str(path), line_of(text, match.start()), (
            f"the capture holds {describe(match.group())}, which is not text; it is shown as "
            f"⟨U+{ord(match.group()):04X}⟩ on the site: check the capture was saved as text"), Severity.WARNING,
            code="capture-control"))
    for match in BIDI.finditer(text):
        problems.append(Problem(str(path), line_of(text, match.start()), (
            f"the capture holds the bidirectional control {describe(match.group())}, which can make text "
            "display in a misleading order; the site isolates it: check it is in the original"), Severity.WARNING,
            code="bidi-control"))


def _extracted(folder: Path, capture: Capture, doc: YamlDoc, problems: list[Problem]) -> Path | None:
    """The extracted reading text of a page or an archive, once its hash is checked."""
    ext = capture.extracted
    path = folder / ext.file
    if not path.is_file():
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "file")), (
            f"capture.extracted.file: the extracted text {ext.file!r} is missing from {folder.as_posix()}/; "
            "restore it, or import the capture again with `python -m build_scripts add`"), code="capture-missing"))
        return None
    if _too_big(path, "extracted text", MAX_CAPTURE_BYTES, problems):
        return None
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != ext.sha256:
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "sha256")), (
            f"capture.extracted.sha256: {ext.file} has SHA-256 {actual}, but {ext.sha256} is recorded; "
            "the extracted text is never edited: restore it (add a furniture rule to change the reading text)"),
            code="extracted-changed"))
        return None
    return path
