"""The dossier as data: `data/dossier.json`, described in docs/data.md and by the JSON
Schema docs/data/dossier.schema.json. Every `text` is verbatim from a source's reading text.
Sizes are bounded: a paragraph's text appears once in its source, at most once per topic that
quotes it, and never per mention (a mention carries the words it matched and their span)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from ..models import ATTESTED, Analysis, Dossier, Entity, Field, Source, Topic
from .export_compare import Section, compare_sections

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
    """`value` as compact UTF-8 JSON, by orjson: the bytes of `json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))` (tests/test_sources_index.py compares them on
    every code point and on numbers), in less than half its time; but a number under 1e-4 that
    is not 0 may be written without an exponent (0.00001, not 1e-05): the same value."""
    return orjson.dumps(value)


RECORDS = 50  # records encoded by one part


def export_json(dossier: Dossier, analysis: Analysis) -> bytes:
    """The export as UTF-8 JSON, compact: the bytes of `_dumps` of the whole."""
    return b"".join(part() for part in export_parts(dossier, analysis))


def export_parts(dossier: Dossier, analysis: Analysis) -> list[Callable[[], bytes]]:
    """`export_json` as parts whose bytes, in order, make the file: each part encodes at most
    `RECORDS` sources, entities, topics or comparison records, so that the parts can be encoded by
    the worker processes beside the pages and the file streamed to disk piece by piece (neither
    the whole as Python objects nor its text is ever held)."""
    sections: dict[str, Section] = {
        "sources": (dossier.sources, _source),
        "entities": (dossier.entities, functools.partial(_entity, dossier, analysis)),
        "topics": (dossier.topics, functools.partial(_topic, analysis)),
        **compare_sections(dossier, analysis),
    }
    head = b"{" + b",".join(_dumps(k) + b":" + _dumps(v) for k, v in
                            {"schema_version": SCHEMA_VERSION, "title": dossier.meta.title}.items())
    parts: list[Callable[[], bytes]] = [lambda: head]
    for key, (items, record) in sections.items():
        opening = b"," + _dumps(key) + b":["
        for start in range(0, max(len(items), 1), RECORDS):  # an empty list is one part: its brackets
            parts.append(functools.partial(_records, record, items[start:start + RECORDS],
                                           opening if start == 0 else b",", start + RECORDS >= len(items)))
    parts.append(lambda: b"}\n")
    return parts


def _records(record: Callable[[Any], dict], items: Sequence[Any], before: bytes, last: bool) -> bytes:
    return before + b",".join(_dumps(record(item)) for item in items) + (b"]" if last else b"")
