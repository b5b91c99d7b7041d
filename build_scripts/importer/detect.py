"""What kind of file is being imported: plain text, an HTML page, a WARC or a WACZ archive.

The kind is read from the bytes (not the file name); sizes are limited so that a stray
download cannot fill the dossier: see MAX_BYTES.
"""

from __future__ import annotations

import gzip
import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

MB = 1024 * 1024
MAX_BYTES = {"text/plain": 10 * MB, "text/html": 10 * MB, "application/warc": 200 * MB, "application/wacz": 200 * MB}
SUFFIX = {"text/plain": ".txt", "text/html": ".html", "application/wacz": ".wacz"}

_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_INSIDE = re.compile(rb"<(?:html|head|body)\b[^>]*>", re.IGNORECASE)


class Refused(Exception):
    """The input cannot be imported; the message says why and what to do. Nothing was written."""


@dataclass(frozen=True)
class Input:
    path: Path
    data: bytes
    media_type: str  # text/plain, text/html, application/warc or application/wacz
    suffix: str  # the capture file's suffix: .txt, .html, .warc, .warc.gz or .wacz


def read_input(path: Path, tree: Path) -> Input:
    """The file at `path`, which must lie inside the working tree `tree`, with its kind."""
    resolved = path.resolve()
    if not resolved.is_relative_to(tree.resolve()):
        raise Refused(f"{path}: the file is outside the working tree ({tree.resolve()}); copy it into the "
                      "working tree first (for example into inbox/), then run add on the copy")
    if not resolved.is_file():
        raise Refused(f"{path}: no such file; give the path of a saved page, a web archive or a text capture")
    size = resolved.stat().st_size
    if size == 0:
        raise Refused(f"{path}: the file is empty (0 bytes); nothing to import")
    with resolved.open("rb") as f:
        head = f.read(4096)
    media_type, suffix = _kind(head, path)
    if size > MAX_BYTES[media_type]:
        raise Refused(f"{path}: {media_type} file of {size / MB:.1f} MB is larger than the limit of "
                      f"{MAX_BYTES[media_type] // MB} MB for {media_type} captures; save only the article's page")
    data = resolved.read_bytes()
    if media_type == "text/plain":
        _check_text(path, data)
    return Input(path, data, media_type, suffix)


def _kind(head: bytes, path: Path) -> tuple[str, str]:
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = gzip.GzipFile(fileobj=BytesIO(head)).read(5)
        except (OSError, EOFError):
            inner = b""
        if inner.startswith(b"WARC/"):
            return "application/warc", ".warc.gz"
    elif head.startswith(b"WARC/"):
        return "application/warc", ".warc"
    elif head.startswith(b"PK\x03\x04"):
        return "application/wacz", ".wacz"
    elif _HTML_START.match(head) or (b"\x00" not in head and _HTML_INSIDE.search(head)):
        return "text/html", ".html"
    elif b"\x00" not in head and not _binary(head):
        return "text/plain", ".txt"
    raise Refused(f"{path}: not a text file, an HTML page or a web archive (WARC, WACZ); "
                  "import a page saved by a browser (HTML), a WARC/WACZ file or a UTF-8 text capture")


def _binary(head: bytes) -> bool:
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return controls > len(head) // 100


def _check_text(path: Path, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                      "save the capture as UTF-8 and say so in capture.method") from None


def wacz_members(data: bytes, path: Path) -> list[tuple[str, bytes]]:
    """The WARC files of a WACZ (a zip with archive/*.warc or *.warc.gz, per the WACZ spec)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = sorted(n for n in z.namelist()
                           if n.startswith("archive/") and n.endswith((".warc", ".warc.gz")))
            if not names:
                raise Refused(f"{path}: the WACZ file holds no archive/*.warc.gz; it is not a web archive "
                              "as the WACZ spec describes it: export the archive again")
            return [(n, z.read(n)) for n in names]
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise Refused(f"{path}: the WACZ (zip) file is damaged or truncated ({exc}); "
                      "download or export the archive again") from None
