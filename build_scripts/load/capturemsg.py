"""What a source's capture is told when its hash or its encoding is wrong, in words that say
what to do: a wrong hash is worded by what git knows of the capture (just added: record the
hash; edited after it was committed: restore it; unchanged: the recorded hash is wrong), and a
capture that is not UTF-8 is still read (as Windows-1252) so that its quotes can be checked."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem, display_path
from .gitstate import COMMITTED, base_ref, last_commit
from .yamlread import YamlDoc

ADD_COMMAND = "python -m build_scripts add"


def decode_capture(path: Path, data: bytes, problems: list[Problem]) -> tuple[str, bool]:
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


def hash_problem(path: Path, data: bytes, actual: str, recorded: str, doc: YamlDoc) -> Problem:
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
