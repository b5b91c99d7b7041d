"""`add`: one command from a saved web page, a web archive or a text file to a new source.

detect (what the file is) -> archive (the page inside a WARC/WACZ) -> page (reading text and
markup metadata) / evidence (metadata in the text's own words) -> fields (merged, the rest
unknown) -> write (validated as `check` would, then moved into dossier/sources/<id>/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Severity, display_path
from ..load.schema import DateAttested
from .detect import Refused, read_input
from .evidence import find_evidence
from .fields import UNKNOWN_RETRIEVED_TEXT, merge, where
from .jsonld import iso_date
from .write import check_id, dump, next_id, sha256, validate_and_write

__all__ = ["AddOptions", "Refused", "add"]

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
CAPTURE_STEM = "capture"
EXTRACTED = "capture.extracted.txt"


@dataclass(frozen=True)
class AddOptions:
    path: Path
    dossier: Path
    sid: str | None = None
    record: str | None = None
    dry_run: bool = False
    fields: tuple[tuple[str, str], ...] = ()  # (field, value) given on the command line


@dataclass(frozen=True)
class Added:
    sid: str
    folder: Path
    meta: dict
    files: tuple[str, ...]
    report: str  # what was found, where, and what stays unknown
    problems: tuple = ()
    written: bool = False


def add(opts: AddOptions, tree: Path | None = None) -> Added:
    """Import `opts.path` as a new source; raises Refused (nothing written) when it cannot."""
    tree = tree or Path.cwd()
    sources = opts.dossier / "sources"
    if not (opts.dossier / "dossier.yml").is_file():
        raise Refused(f"{opts.dossier}: no dossier here (dossier.yml is missing); pass --dossier with the "
                      "folder that holds dossier.yml")
    if opts.sid is not None:
        check_id(sources, opts.sid)
        if not _SLUG.fullmatch(opts.sid):
            raise Refused(f"--id {opts.sid!r} is not a valid id: use lower-case letters, digits and inner "
                          "hyphens, such as 005 or presstv-khamenei-ties")
    item = read_input(opts.path, tree)
    sid = opts.sid or next_id(sources)
    meta, files, notes = _describe(item, opts)
    meta = {"id": sid, **meta}
    files["source.yml"] = dump(meta).encode("utf-8")
    problems = validate_and_write(opts.dossier, sid, files, opts.dry_run)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(p.format() for p in errors)
        raise Refused(f"{opts.path}: the new source would not be valid, so nothing was written:\n{listed}")
    folder = sources / sid
    report = _report(item.path, item.media_type, len(item.data), sid, folder, meta, notes, opts.dry_run)
    return Added(sid, folder, meta, tuple(files), report, tuple(problems), not opts.dry_run)


def _describe(item, opts: AddOptions) -> tuple[dict, dict[str, bytes], list[str]]:
    """The source's metadata (without id), its files and notes on how the text was found."""
    options = dict(opts.fields)
    capture_name = CAPTURE_STEM + item.suffix
    files = {capture_name: item.data}
    notes: list[str] = []
    found_archive: dict[str, dict] = {}
    if item.media_type == "text/plain":
        text = item.data.decode("utf-8")
        fields = merge(options, find_evidence(text))
        if "unknown" in fields["retrieved"]:
            fields["retrieved"] = {"unknown": UNKNOWN_RETRIEVED_TEXT}
        capture = {"media_type": "text/plain", "file": capture_name, "sha256": sha256(item.data)}
        method = f"Imported unchanged by `python -m build_scripts add` from the file {item.path.name!r}."
        return _meta(fields, capture, method), files, notes
    # The extractor (trafilatura, lxml) and the archive reader (warcio) are imported here, when a
    # page or an archive is imported: not by every command as it starts.
    from .archive import pick_record
    from .page import read_page

    record = None
    if item.media_type == "text/html":
        html, charset = item.data, None
    else:
        record = pick_record(item, opts.record)
        html, charset = record.body, record.charset
        found_archive = _archive_fields(record)
        notes.append(f"record: {record.target_uri} (WARC-Date {record.date})"
                     + (f" in {record.member}" if record.member else ""))
    page = read_page(html, charset, options.get("url") or (record.target_uri if record else None))
    if page is None:
        raise Refused(f"{item.path}: no article found in the page (the extractor and the page's JSON-LD give "
                      "fewer than 10 words); save the article's own page, not a home, index or consent page")
    text = page.text + "\n"
    files[EXTRACTED] = text.encode("utf-8")
    fields = merge(options, found_archive, page.fields, find_evidence(page.text))
    notes.append(f"reading text: {len(page.text.splitlines())} lines extracted by {page.extractor}")
    capture = {"media_type": item.media_type, "file": capture_name, "sha256": sha256(item.data),
               "extracted": {"file": EXTRACTED, "sha256": sha256(files[EXTRACTED]), "extractor": page.extractor}}
    if record is not None:
        capture["extracted"]["record"] = record.target_uri
    method = (f"Imported by `python -m build_scripts add` from the file {item.path.name!r} "
              f"({item.media_type}, kept unchanged); the reading text was extracted by {page.extractor}.")
    return _meta(fields, capture, method), files, notes


def _archive_fields(record) -> dict[str, dict]:
    """What the archive's record establishes: the address and the moment of capture."""
    found = {}
    if record.target_uri:
        found["url"] = {"value": record.target_uri, "basis": "WARC-Target-URI of the archive's record"}
    date = iso_date(record.date)
    if date:
        try:  # only a date the schema accepts
            DateAttested(value=date, basis="WARC-Date")
            found["retrieved"] = {"value": date, "basis": "WARC-Date of the archive's record"}
        except ValueError:
            pass
    return found


def _meta(fields: dict[str, dict], capture: dict, method: str) -> dict:
    return {**fields, "capture": {**capture, "method": method}}


def _report(path, media_type, size, sid, folder, meta, notes, dry_run) -> str:
    lines = [f"{path}: {media_type}, {size:,} bytes -> source {sid!r}"]
    lines += [f"  {n}" for n in notes]
    found = [(k, v) for k, v in meta.items() if isinstance(v, dict) and "unknown" not in v and k != "capture"]
    unknown = [(k, v) for k, v in meta.items() if isinstance(v, dict) and "unknown" in v]
    lines.append("found:")
    lines += [f"  {k}: {v['value'] if 'value' in v else v['quote']!r} ({where(v)})" for k, v in found] or ["  nothing"]
    lines.append("unknown:")
    lines += [f"  {k}: {v['unknown']}" for k, v in unknown] or ["  nothing"]
    if dry_run:
        lines.append("dry run: nothing written")
    else:
        lines.append(f"wrote {display_path(folder)}/ (capture and reading text hashed); review its source.yml, "
                     "then run `python -m build_scripts check`")
    return "\n".join(lines)
