"""Reading a page out of a web archive (WARC, or WACZ: a zip of WARCs) with warcio.

The record is the one whose WARC-Target-URI is `--record`, or else the only or first HTML
response. Its WARC headers establish the page's address (WARC-Target-URI) and the moment
of capture (WARC-Date).
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .detect import MAX_BYTES, Input, Refused, wacz_members

_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    target_uri: str
    date: str  # WARC-Date as written in the record
    body: bytes  # the HTTP payload: the page's HTML
    charset: str | None  # from the HTTP Content-Type header
    member: str | None  # for a WACZ, the WARC file inside it


def pick_record(source: Input, wanted: str | None) -> Record:
    """The record to import from the archive `source` (see the module's docstring)."""
    if source.media_type == "application/wacz":
        members = wacz_members(source.data, source.path)
    else:
        members = [(None, source.data)]
    pages: list[Record] = []
    for member, data in members:
        pages += _html_records(data, member, source.path)
    if not pages:
        raise Refused(f"{source.path}: the archive holds no HTML response record; "
                      "archive the article's page itself (not only its images or scripts)")
    if wanted is None:
        return pages[0]
    for record in pages:
        if record.target_uri == wanted:
            return record
    listed = "\n  ".join(r.target_uri for r in pages[:20])
    raise Refused(f"{source.path}: no HTML record for --record {wanted}; the archive holds HTML records for:\n  {listed}")


def _html_records(data: bytes, member: str | None, path: Path) -> list[Record]:
    where = f"{path} ({member})" if member else str(path)
    found = []
    try:
        _check_gzip(data)
        for rec in ArchiveIterator(BytesIO(data), check_digests=False):
            if rec.rec_type not in ("response", "resource"):
                content = None
            elif rec.rec_type == "response" and rec.http_headers is not None:
                content = rec.http_headers.get_header("Content-Type") or ""
                status = rec.http_headers.get_statuscode()
                if not status.startswith("2"):
                    content = None
            else:
                content = rec.rec_headers.get_header("Content-Type") or ""
            body = rec.content_stream().read(MAX_BYTES["text/html"] + 1)
            rec.content_stream().read()
            if rec.raw_stream.limit > 0:  # fewer bytes than its Content-Length: cut off
                raise EOFError(f"the record of {rec.rec_headers.get_header('WARC-Target-URI')} ends early")
            if content is None or "html" not in content.lower():
                continue
            if len(body) > MAX_BYTES["text/html"]:
                raise Refused(f"{where}: the page {rec.rec_headers.get_header('WARC-Target-URI')} is larger than "
                              f"the limit of {MAX_BYTES['text/html'] // (1024 * 1024)} MB for HTML pages")
            charset = _CHARSET.search(content)
            found.append(Record(rec.rec_headers.get_header("WARC-Target-URI") or "",
                                rec.rec_headers.get_header("WARC-Date") or "", body,
                                charset.group(1) if charset else None, member))
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        raise Refused(f"{where}: the archive is damaged or truncated ({_first_line(exc)}); "
                      "download or export it again") from None
    return found


def _check_gzip(data: bytes) -> None:
    """Raise EOFError when a gzipped WARC ends before its last member does."""
    if data.startswith(b"\x1f\x8b"):
        with gzip.GzipFile(fileobj=BytesIO(data)) as stream:
            while stream.read(1 << 20):
                pass


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
