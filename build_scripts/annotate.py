"""`annotate`: write a new annotation file for the exact words of a source.

The words must occur exactly once in the source's reading text; the prefix and suffix
are filled from the words around them, so the note stays anchored if the reading text
later changes. An existing file is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from .analysis.anchoring import ReadingText, locate
from .load.annotations import LINK_KINDS, check_text
from .models import Dossier, Span
from .pipeline import read_dossier
from .problems import DossierError, DossierInvalid, UsageError

CONTEXT_CHARS = 32
FIELDS = ("id", "source", "exact", "prefix", "suffix", "note", "motivation", "author", "date", "imported_from")


class AnnotateError(DossierError):
    """The words cannot be annotated as given; the message says what to do."""


def load_checked(root: Path) -> Dossier:
    """The dossier with its reading text; stops on any error in it."""
    dossier, problems = read_dossier(root)
    if dossier is None:
        raise DossierInvalid(problems)
    return dossier


def find_once(dossier: Dossier, source_id: str, words: str) -> tuple[ReadingText, Span]:
    """The one place of `words` in the source's reading text, or an error that says why not."""
    ids = [s.id for s in dossier.sources]
    if source_id not in ids:
        raise UsageError(f"there is no source {source_id!r}; the sources are {', '.join(ids)}")
    if not words.strip():
        raise UsageError("the words to annotate are empty; give the exact words of the source, in quotes")
    reading = ReadingText.of(dossier.source(source_id))
    spans = [Span(source_id, pid, i, i + len(words)) for pid, text in reading.paragraphs
             for i in _all(text, words)]
    if len(spans) > 1:
        places = ", ".join(s.paragraph for s in spans)
        raise AnnotateError(f"the words occur {len(spans)} times in source {source_id}'s reading text ({places}); "
                            "quote more words, so that they occur once")
    if not spans:
        found = locate(reading, words)
        if found.spans:
            span = found.spans[0]
            closest = f"the closest passage is {span.paragraph} “{reading.words(span)}” (similarity {found.score:.2f})"
        else:
            closest = "no passage comes close"
        raise AnnotateError(f"the words are not in source {source_id}'s reading text: {closest}; copy the words "
                            "exactly from the source page")
    return reading, spans[0]


def _all(text: str, words: str) -> list[int]:
    hits, i = [], text.find(words)
    while i >= 0:
        hits.append(i)
        i = text.find(words, i + 1)
    return hits


def annotate(root: Path, source_id: str, words: str, note: str, motivation: str = "commenting",
             author: str | None = None, ident: str | None = None, links: Sequence[str] = ()) -> Path:
    """Write `root/annotations/<id>.yml` for `words` of `source_id`; returns its path."""
    dossier = load_checked(root)
    reading, span = find_once(dossier, source_id, words)
    prefix, suffix = reading.context(span, CONTEXT_CHARS)
    fields = {"source": source_id, "exact": words, "prefix": prefix or None, "suffix": suffix or None,
              "note": note, "motivation": motivation, "author": author or default_author(),
              "date": dt.datetime.now(dt.timezone.utc).date().isoformat()}
    found = locate(reading, words, prefix, suffix)
    if found.status != "exact" or found.spans != (span,):  # pragma: no cover - a bug, never the editor's input
        raise AnnotateError(f"the new annotation would not anchor back to {span.paragraph}; please report this")
    return write_annotation(root, fields, ident, parse_links(dossier, links))


def parse_links(dossier: Dossier, links: Sequence[str]) -> dict[str, list[str]]:
    known = {"sources": {s.id for s in dossier.sources}, "entities": {e.id for e in dossier.entities},
             "topics": {t.slug for t in dossier.topics}, "annotations": {a.id for a in dossier.annotations}}
    out: dict[str, list[str]] = {}
    for link in links:
        kind, _, ref = link.partition(":")
        if kind not in LINK_KINDS or not ref:
            raise UsageError(f"--link {link!r}: write KIND:ID with KIND one of {', '.join(LINK_KINDS)}")
        if ref not in known[kind]:
            raise UsageError(f"--link {link!r}: there is no such {kind[:-1] if kind != 'entities' else 'entity'}")
        out.setdefault(kind, []).append(ref)
    return out


def default_author() -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def new_id(folder: Path, source_id: str, words: str) -> str:
    """An id from the source and the first words, not yet used in `folder`."""
    slug = ""
    for word in re.findall(r"[a-z0-9]+", words.lower()):
        if slug and len(slug) + len(word) >= 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    slug = slug or "note"
    base = f"{source_id}-{slug}"
    ident, n = base, 1
    while (folder / f"{ident}.yml").exists():
        n += 1
        ident = f"{base}-{n}"
    return ident


def write_annotation(root: Path, fields: Mapping[str, str | None], ident: str | None,
                     links: Mapping[str, list[str]]) -> Path:
    """Create the annotation file (never overwriting one); checked against the schema first."""
    folder = root / "annotations"
    ident = ident or new_id(folder, str(fields["source"]), str(fields["exact"]))
    text = to_yaml({"id": ident, **fields}, links)
    path = folder / f"{ident}.yml"
    problems = check_text(path, text)
    if problems:
        raise AnnotateError("; ".join(p.message for p in problems))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise AnnotateError(f"{path} already exists; an annotation file is never rewritten: choose another --id") from None
    return path


def to_yaml(fields: Mapping[str, str | None], links: Mapping[str, list[str]]) -> str:
    """The annotation as YAML: every value a double-quoted scalar, so nothing in it is interpreted."""
    lines = [f"{key}: {_scalar(fields[key])}" for key in FIELDS if fields.get(key) is not None]
    if links:
        lines.append("links:")
        for kind in LINK_KINDS:
            if links.get(kind):
                lines.append(f"  {kind}: [{', '.join(_scalar(r) for r in links[kind])}]")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, plus those YAML reads as line breaks or refuses."""
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in quoted)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
