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

from ..models import ATTESTED, Source
from ..problems import Problem, Severity, display_path
from . import convert
from .files import read_doc
from .gitstate import COMMITTED, base_ref, last_commit
from .schema import Capture, SourceMeta
from .validate import validate
from .xrefcheck import Located
from .yamlread import YamlDoc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ADD_COMMAND = "python -m build_scripts add"


def load_source(folder: Path, problems: list[Problem], origins: dict) -> Located | None:
    """The source in `folder` (a `Source` without reading text yet), or None when it is broken."""
    meta_path = folder / "source.yml"
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
        capture, fields = _valid_parts(doc)
        written = str((doc.data.get("capture") or {}).get("sha256", "")) if capture is not None else ""
        checked = _capture(folder, capture, doc, problems, written) if capture is not None else None
        if checked is not None:
            _check_quotes(fields, checked[1], doc, problems)
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
    checked = _capture(folder, meta.capture, doc, problems)
    if checked is None:
        return None
    data, text, sound = checked
    _check_quotes({name: getattr(meta, name) for name in ATTESTED}, text, doc, problems)
    if not sound:
        return None
    info = convert.source_info(meta, doc)
    return Located(Source(info, folder, meta_path, folder / (info.capture.extracted or info.capture).file, data, text),
                   doc, ())


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
    data = path.read_bytes()
    sound = True
    actual = hashlib.sha256(data).hexdigest()
    if actual != capture.sha256:
        problems.append(_hash_problem(path, data, actual, written or capture.sha256, doc))
        sound = False
    if capture.extracted is not None:
        path = _extracted(folder, capture, doc, problems)
        if path is None:
            return None
    text, decoded = _decode_capture(path, path.read_bytes(), problems)
    sound = sound and decoded
    if not text.strip().strip("\ufeff"):
        problems.append(Problem(str(path), 1, (
            f"the capture is empty ({len(data)} bytes, no text); add the captured text, "
            "or remove the source"), code="capture-empty"))
        return None
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(str(path), line, (
            f"the capture holds the control character U+{ord(match.group()):04X}; it is shown as a "
            "symbol on the site: check the capture was saved as text"), Severity.WARNING, code="capture-control"))
    return data, text, sound


def _decode_capture(path: Path, data: bytes, problems: list[Problem]) -> tuple[str, bool]:
    """The capture's text and True; or, when it is not UTF-8, its best reading and False."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as exc:
        start = exc.start
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    try:
        data.decode("cp1252")
        guess = " It looks like Windows-1252 (an older Windows encoding)."
    except UnicodeDecodeError:
        guess = ""
    problems.append(Problem(str(path), line, (
        f"the capture is not UTF-8 text: byte 0x{data[start]:02x} at offset {start} is not UTF-8.{guess} "
        "Convert it to UTF-8 (in a text editor: save as, encoding UTF-8), say so in capture.method, "
        "and record the converted file's SHA-256 in capture.sha256"), code="capture-not-utf8", column=column))
    return data.decode("cp1252", errors="replace"), False


def _hash_problem(path: Path, data: bytes, actual: str, recorded: str, doc: YamlDoc) -> Problem:
    """A wrong hash, worded by what git knows of the capture: just added, edited after it was
    committed, or its recorded hash edited."""
    line = doc.line_of(("capture", "sha256"))
    paste = f"{_indent_of(doc.path, line)}sha256: {actual}"
    name = path.name
    state = last_commit(path)
    ref = base_ref()
    where = "the last commit" if ref == "HEAD" else f"{ref}, the commit compared with"
    if state is not None and state[0] == COMMITTED and state[1] != data:
        restore = f"git checkout {'' if ref == 'HEAD' else ref + ' '}-- {display_path(path)}"
        return Problem(str(doc.path), line, (
            f"capture.sha256: {name} was changed after it was committed (its SHA-256 is now {actual}, "
            f"{recorded} is recorded); a capture is never edited: restore it with `{restore}` "
            "(a different capture of the article is a new source)"), code="capture-changed", fix=restore)
    if state is not None and state[0] == COMMITTED:
        message = (f"capture.sha256: {name} is unchanged since {where}, but the hash recorded here is not its "
                   f"SHA-256; replace this line with `{paste}`")
        return Problem(str(doc.path), line, message, code="capture-hash-wrong", fix=paste)
    if state is not None:
        message = (f"capture.sha256: {name} is new (not in {where}) and its SHA-256 is {actual}, "
                   f"not {recorded}; if it is the file as received (converted to UTF-8 if it had to be), "
                   f"record its hash by replacing this line with `{paste}` (or make the source with "
                   f"`{ADD_COMMAND} FILE`, which computes the hash)")
        return Problem(str(doc.path), line, message, code="capture-hash-new", fix=paste)
    message = (f"capture.sha256: {name} has SHA-256 {actual}, but {recorded} is recorded; if the capture "
               f"was just added, record its hash by replacing this line with `{paste}` (or make the "
               f"source with `{ADD_COMMAND} FILE`); if it was added before, it must not be edited: restore the file as received")
    return Problem(str(doc.path), line, message, code="capture-hash", fix=paste)


def _indent_of(path: Path, line: int) -> str:
    """The indentation of `line` of the file at `path` (spaces only), to paste a line at."""
    try:
        text = path.read_text("utf-8").split("\n")[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return "  "
    return " " * (len(text) - len(text.lstrip(" ")))


def _extracted(folder: Path, capture: Capture, doc: YamlDoc, problems: list[Problem]) -> Path | None:
    """The extracted reading text of a page or an archive, once its hash is checked."""
    ext = capture.extracted
    path = folder / ext.file
    if not path.is_file():
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "file")), (
            f"capture.extracted.file: the extracted text {ext.file!r} is missing from {folder.as_posix()}/; "
            "restore it, or import the capture again with `python -m build_scripts add`"), code="capture-missing"))
        return None
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != ext.sha256:
        problems.append(Problem(str(folder / "source.yml"), doc.line_of(("capture", "extracted", "sha256")), (
            f"capture.extracted.sha256: {ext.file} has SHA-256 {actual}, but {ext.sha256} is recorded; "
            "the extracted text is never edited: restore it (add a furniture rule to change the reading text)"),
            code="extracted-changed"))
        return None
    return path
