"""The dossier as data: `data/dossier.json`, described in docs/data.md and by the JSON
Schema docs/data/dossier.schema.json. Every `text` is verbatim from a source's reading text.
Sizes are bounded: a paragraph's text appears once in its source, at most once per topic that
quotes it, and never per mention (a mention carries the words it matched and their span)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from ..models import ATTESTED, Analysis, Dossier, Entity, Field, Source, Topic
from .export_compare import compare_json

SCHEMA_VERSION = 2  # 2: passages point to their paragraph instead of repeating its text; compact JSON


def _field(field: Field) -> dict:
    out: dict = {"value": field.known}
    if field.unknown is not None:
        out["unknown"] = field.unknown
    for key in ("quote", "basis", "note"):
        if getattr(field, key) is not None:
            out[key] = getattr(field, key)
    return out


def _source(source: Source) -> dict:
    meta = source.meta
    return {
        "id": source.id,
        "label": source.label,
        **{name: getattr(meta, name).known for name in ATTESTED},
        "provenance": {name: _field(getattr(meta, name)) for name in ATTESTED},
        "sha256": meta.capture.sha256,
        "capture": {"file": meta.capture.file, "bytes": len(source.capture),
                    "media_type": meta.capture.media_type, "method": meta.capture.method,
                    **({"extracted": {k: v for k, v in vars(meta.capture.extracted).items() if v is not None}}
                       if meta.capture.extracted else {})},
        "notes": meta.notes,
        "stories": [{"id": s.id, "title": s.title, "title_origin": s.title_origin, "paragraphs": list(s.paragraphs)}
                    for s in source.reading.stories],
        "paragraphs": [{"id": p.id, "text": p.text, "line": p.line, "start": p.start, "end": p.end,
                        "story": p.story, "heading": p.heading} for p in source.reading.paragraphs],
        "normalisation": [{"action": e.action, "line": e.line, "text": e.text, "reason": e.reason, "rule": e.rule}
                          for e in source.reading.log],
    }


def _text(dossier: Dossier, sid: str, pid: str) -> str:
    return dossier.source(sid).reading.paragraph(pid).text


def _entity(dossier: Dossier, analysis: Analysis, e: Entity) -> dict:
    return {
        "id": e.id, "name": e.name, "kind": e.kind, "description": e.description, "wikidata": e.wikidata,
        "aliases": [a.text for a in e.all_aliases()],
        # the matched words only (with their span in the paragraph): a paragraph's text is never
        # copied per mention, so the export stays linear in the size of the dossier
        "mentions": [{"source": m.source, "paragraph": m.paragraph,
                      "text": _text(dossier, m.source, m.paragraph)[m.start:m.end],
                      "surface": m.surface, "start": m.start, "end": m.end}
                     for m in analysis.by_entity.get(e.id, ())],
    }


def _topic(analysis: Analysis, t: Topic) -> dict:
    return {
        "slug": t.slug, "title": t.title, "summary": t.summary, "related": list(t.related),
        "sources": list(analysis.topics[t.slug].sources),
        "passages": [{"source": p.source, "story": p.story, "paragraph": p.paragraph, "matched": list(p.words)}
                     for p in analysis.topics[t.slug].passages],
    }


def _dumps(value: object) -> bytes:
    # Compact separators keep the file small and let json use its C encoder (indent forces Python's).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


CHUNK = 1 << 20  # bytes handed to the writer at a time


def export_json(dossier: Dossier, analysis: Analysis) -> bytes:
    """The export as UTF-8 JSON, compact: exactly the bytes of `json.dumps` of the whole."""
    return b"".join(export_chunks(dossier, analysis))


def export_chunks(dossier: Dossier, analysis: Analysis) -> Iterator[bytes]:
    """`export_json` in pieces of about `CHUNK` bytes, encoded one source, entity, topic or
    comparison record at a time, so that neither the whole as Python objects nor its text is
    ever held (the writer streams the pieces to disk)."""
    sections = {
        "schema_version": SCHEMA_VERSION,
        "title": dossier.meta.title,
        "sources": (_source(s) for s in dossier.sources),
        "entities": (_entity(dossier, analysis, e) for e in dossier.entities),
        "topics": (_topic(analysis, t) for t in dossier.topics),
        **compare_json(dossier, analysis),
    }
    buffer = io.BytesIO()
    for n, (key, value) in enumerate(sections.items()):
        buffer.write((b"{" if n == 0 else b",") + _dumps(key) + b":")
        if isinstance(value, (list, Iterator)):
            buffer.write(b"[")
            for i, item in enumerate(value):
                buffer.write(_dumps(item) if i == 0 else b"," + _dumps(item))
                if buffer.tell() >= CHUNK:
                    yield buffer.getvalue()
                    buffer = io.BytesIO()
            buffer.write(b"]")
        else:
            buffer.write(_dumps(value))
    buffer.write(b"}\n")
    yield buffer.getvalue()
