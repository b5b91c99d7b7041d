"""`annotate import FILE`: annotations made elsewhere, as new annotation files.

Reads W3C Web Annotation JSON-LD (one Annotation, a list, an AnnotationPage or an
AnnotationCollection with embedded pages) and the JSON of Hypothesis's API (one annotation,
a list, or a search result with `rows`). Each annotation's target is anchored in the source
whose URL it targets, or else in the source whose reading text holds its quote
(TextQuoteSelector; a TextPositionSelector alone is used only for this dossier's own
`urn:news-dossier:source:<id>` targets, whose positions count in the reading text). The
file written quotes the reading text's own words, with prefix and suffix filled.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from .analysis.anchoring import ReadingText, locate
from .annotate import CONTEXT_CHARS, load_checked, new_id, write_annotation
from .models import Dossier, Span
from .problems import UsageError, display_path

OWN = "urn:news-dossier:source:"
CLEARLY_BETTER = 0.05  # an approximate match in one source must beat the others by this much
MOTIVATIONS = {"commenting": "commenting", "questioning": "questioning", "tagging": "tagging", "linking": "linking",
               "assessing": "disputing"}


@dataclass
class Incoming:
    origin: str  # the annotation's IRI (or the position in the file when it has none)
    url: str | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    position: tuple[int, int] | None = None
    note: str = ""
    motivation: str = "commenting"
    author: str | None = None
    created: str | None = None
    skip: str | None = None  # why it is not an annotation on words


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"imported: {w}" for w in self.written] + [f"skipped: {s}" for s in self.skipped]
                + [f"not anchored: {f}" for f in self.failed]
                + [f"{len(self.written)} imported, {len(self.skipped)} skipped, {len(self.failed)} not anchored"])


def import_file(root: Path, path: Path, author: str | None = None) -> ImportReport:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no file {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not JSON text: {exc}; give a W3C Web Annotation or Hypothesis API file") from None
    dossier = load_checked(root)
    readings = {s.id: ReadingText.of(s) for s in dossier.sources}
    done = {a.imported_from: a.id for a in dossier.annotations if a.imported_from}
    report = ImportReport()
    for k, raw in enumerate(_items(data)):
        item = parse(raw, f"{path.name}#{k + 1}")
        if item.skip:
            report.skipped.append(f"{item.origin}: {item.skip}")
        elif item.origin in done:
            report.skipped.append(f"{item.origin}: already imported as {done[item.origin]}")
        else:
            _import_one(root, dossier, readings, item, author, report)
            done[item.origin] = "this run"
    return report


def _import_one(root: Path, dossier: Dossier, readings: dict[str, ReadingText], item: Incoming,
                author: str | None, report: ImportReport) -> None:
    placed = anchor(dossier, readings, item)
    if isinstance(placed, str):
        report.failed.append(f"{item.origin}: {placed}")
        return
    sid, span, how = placed
    reading = readings[sid]
    prefix, suffix = reading.context(span, CONTEXT_CHARS)
    date = (item.created or "")[:10]
    fields = {"source": sid, "exact": reading.words(span), "prefix": prefix or None, "suffix": suffix or None,
              "note": item.note, "motivation": item.motivation, "author": item.author or author or "unknown",
              "date": date if len(date) == 10 else dt.datetime.now(dt.timezone.utc).date().isoformat(),
              "imported_from": item.origin}
    path = write_annotation(root, fields, new_id(root / "annotations", sid, reading.words(span)), {})
    undated = "" if len(date) == 10 else "; it has no creation date, so it is dated today"
    report.written.append(f"{item.origin} -> {display_path(path)} (source {sid}, {span.paragraph}, {how}){undated}")


def anchor(dossier: Dossier, readings: dict[str, ReadingText], item: Incoming) -> tuple[str, Span, str] | str:
    """(source id, span, how) for the item, or the reason it cannot be anchored."""
    own = item.url[len(OWN):] if item.url and item.url.startswith(OWN) else None
    if own is not None and own not in readings:
        return f"it targets source {own!r}, which this dossier does not have"
    if item.exact is None and own is not None and item.position is not None:
        return _by_position(readings[own], item.position)
    if not item.exact or not item.exact.strip():
        return "it has no TextQuoteSelector (the quoted words), so nothing tells where it belongs"
    by_url = [own] if own else [s.id for s in dossier.sources if _same(s.meta.url.known, item.url)]
    candidates = by_url or list(readings)
    found = {sid: locate(readings[sid], item.exact, item.prefix, item.suffix) for sid in candidates}
    for status in ("exact", "context", "approximate"):
        hits = [sid for sid, f in found.items() if f.status == status]
        if len(hits) == 1:
            f = found[hits[0]]
            how = status if status != "approximate" else f"approximately, similarity {f.score:.2f}: review it"
            return hits[0], f.spans[0], how
        ranked = sorted((found[sid].score, sid) for sid in hits)
        if len(hits) > 1 and status == "approximate" and ranked[-1][0] - ranked[-2][0] >= CLEARLY_BETTER:
            f = found[ranked[-1][1]]
            return ranked[-1][1], f.spans[0], f"approximately, similarity {f.score:.2f}: review it"
        if len(hits) > 1:
            return (f"the words are in several sources ({', '.join(hits)}) and its URL ({item.url}) is no "
                    "source's URL; give the source its `url` in source.yml, or annotate it with `annotate`")
    if any(f.status == "ambiguous" for f in found.values()):
        sid = next(s for s, f in found.items() if f.status == "ambiguous")
        places = ", ".join(s.paragraph for s in found[sid].spans)
        return f"the words occur several times in source {sid} ({places}) and the prefix and suffix do not say which"
    best = max(found.items(), key=lambda kv: kv[1].score, default=None)
    closest = ""
    if best and best[1].spans:
        span = best[1].spans[0]
        closest = (f"; the closest passage is {best[0]}/{span.paragraph} “{readings[best[0]].words(span)}” "
                   f"(similarity {best[1].score:.2f})")
    where = f"source {by_url[0]}" if by_url else "any source"
    return f"the words “{item.exact}” are not in the reading text of {where}{closest}"


def _by_position(reading: ReadingText, position: tuple[int, int]) -> tuple[str, Span, str] | str:
    start, end = position
    for pid, text in reading.paragraphs:
        base = reading.offsets[pid]
        if base <= start < end <= base + len(text):
            return reading.source, Span(reading.source, pid, start - base, end - base), "by position"
    return f"positions {start}-{end} are not within one paragraph of source {reading.source}'s reading text"


def _same(known: str | None, url: str | None) -> bool:
    def norm(u: str) -> str:
        return u.split("#")[0].rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return bool(known and url) and norm(known) == norm(url)


def _items(data) -> list:
    if isinstance(data, list):
        return [i for d in data for i in _items(d)] if any(isinstance(d, list) for d in data) else data
    if not isinstance(data, dict):
        raise UsageError("the file holds neither annotations nor a collection of them")
    if isinstance(data.get("rows"), list):  # Hypothesis search API
        return data["rows"]
    types = _list(data.get("type"))
    if "AnnotationCollection" in types:
        first = data.get("first")
        return _page_items(first) if isinstance(first, dict) else []
    if "AnnotationPage" in types:
        return _page_items(data)
    return [data]


def _page_items(page: dict) -> list:
    items = list(page.get("items") or [])
    nxt = page.get("next")
    return items + (_page_items(nxt) if isinstance(nxt, dict) else [])


def _list(value) -> list:
    return value if isinstance(value, list) else ([] if value is None else [value])


def parse(raw, fallback: str) -> Incoming:
    if not isinstance(raw, dict):
        return Incoming(fallback, skip="not an annotation object")
    w3c = "Annotation" in _list(raw.get("type")) or "@context" in raw
    return _parse_w3c(raw, fallback) if w3c else _parse_hypothesis(raw, fallback)


def _selectors(target) -> tuple[str | None, list[dict]]:
    """The first target's source and its selectors."""
    for t in _list(target):
        if isinstance(t, str):
            return t, []
        if isinstance(t, dict):
            selectors = [s for s in _list(t.get("selector")) if isinstance(s, dict)]
            return t.get("source") or t.get("id"), selectors
    return None, []


def _fill(item: Incoming, selectors: list[dict]) -> None:
    for s in selectors:
        if s.get("type") == "TextQuoteSelector" and isinstance(s.get("exact"), str) and item.exact is None:
            item.exact, item.prefix, item.suffix = s["exact"], s.get("prefix"), s.get("suffix")
        elif s.get("type") == "TextPositionSelector" and isinstance(s.get("start"), int) and isinstance(s.get("end"), int):
            item.position = (s["start"], s["end"])


def _parse_w3c(raw: dict, fallback: str) -> Incoming:
    item = Incoming(str(raw.get("id") or raw.get("@id") or fallback))
    item.url, selectors = _selectors(raw.get("target"))
    _fill(item, selectors)
    notes, tags = [], []
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])
    for body in _list(raw.get("body")):
        if isinstance(body, dict) and isinstance(body.get("value"), str):
            (tags if "tagging" in _list(body.get("purpose")) else notes).append(body["value"])
    motivations = [m for m in _list(raw.get("motivation")) if isinstance(m, str)]
    if "replying" in motivations:
        item.skip = "a reply to another annotation, not a note on words"
    item.motivation = next((MOTIVATIONS[m] for m in motivations if m in MOTIVATIONS), "commenting")
    item.note = _note(notes, tags)
    if not item.note and not item.skip:
        item.skip = "it has no textual body (a highlight without a note)"
    item.author = _agent(raw.get("creator"))
    item.created = raw.get("created") if isinstance(raw.get("created"), str) else None
    return item


def _parse_hypothesis(raw: dict, fallback: str) -> Incoming:
    ident = raw.get("id")
    links = raw.get("links") if isinstance(raw.get("links"), dict) else {}
    item = Incoming(str(links.get("html") or (f"https://hypothes.is/a/{ident}" if ident else fallback)))
    item.url, selectors = _selectors(raw.get("target"))
    item.url = item.url or raw.get("uri")
    _fill(item, selectors)
    tags = [t for t in _list(raw.get("tags")) if isinstance(t, str)]
    text = raw.get("text") if isinstance(raw.get("text"), str) else ""
    item.note = _note([text] if text.strip() else [], tags)
    item.motivation = "commenting" if text.strip() else "tagging"
    if raw.get("references"):
        item.skip = "a reply to another annotation, not a note on words"
    elif not item.note:
        item.skip = "it has no text and no tags (a highlight without a note)"
    info = raw.get("user_info") if isinstance(raw.get("user_info"), dict) else {}
    user = raw.get("user") if isinstance(raw.get("user"), str) else None
    item.author = info.get("display_name") or (user.removeprefix("acct:") if user else None)
    item.created = raw.get("created") if isinstance(raw.get("created"), str) else None
    return item


def _note(notes: list[str], tags: list[str]) -> str:
    text = "\n\n".join(n.strip() for n in notes if n.strip())
    if tags:
        text += ("\n\n" if text else "") + "Tags: " + ", ".join(tags)
    return text


def _agent(creator) -> str | None:
    for c in _list(creator):
        if isinstance(c, str):
            return c
        if isinstance(c, dict):
            name = c.get("name") or c.get("nickname") or c.get("id")
            if isinstance(name, str):
                return name
    return None
