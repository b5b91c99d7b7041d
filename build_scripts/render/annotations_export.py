"""Every annotation as a W3C Web Annotation: `data/annotations.jsonld` (see docs/data.md).

The file is an AnnotationCollection whose first page holds every annotation; each one
carries its own `@context`, so it stands alone. Its target is the reading text of its
source (`urn:news-dossier:source:<id>`), selected by a TextQuoteSelector (the reading
text's own words, with up to 32 code points of context) and a TextPositionSelector
(code points in the reading text: the paragraphs joined by a blank line).
"""

from __future__ import annotations

import datetime as dt
import json

from ..analysis.anchoring import ReadingText
from ..annotation_models import Anchor
from ..models import Analysis, Dossier

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
IRI = "urn:news-dossier:"
CONTEXT_CHARS = 32
# The dossier's motivations as W3C motivations: "disputing" is an assessment of the target.
W3C_MOTIVATION = {"commenting": "commenting", "questioning": "questioning", "disputing": "assessing",
                  "tagging": "tagging", "linking": "linking"}
LINK_IRI = {"sources": "source", "entities": "entity", "topics": "topic", "annotations": "annotation"}


def iri(kind: str, ident: str) -> str:
    return f"{IRI}{kind}:{ident}"


def web_annotation(anchor: Anchor, reading: ReadingText) -> dict:
    a = anchor.annotation
    quote: dict = {"type": "TextQuoteSelector", "exact": anchor.text if anchor.span else a.exact}
    selectors = [quote]
    if anchor.span is not None:
        prefix, suffix = reading.context(anchor.span, CONTEXT_CHARS)
        if prefix:
            quote["prefix"] = prefix
        if suffix:
            quote["suffix"] = suffix
        start, end = reading.position(anchor.span)
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    else:
        for key in ("prefix", "suffix"):
            if getattr(a, key):
                quote[key] = getattr(a, key)
    bodies: list = [{"type": "TextualBody", "value": a.note, "format": "text/plain",
                     "purpose": W3C_MOTIVATION[a.motivation]}]
    bodies += [iri(LINK_IRI[kind], ref) for kind, refs in a.links.items() for ref in refs]
    out = {
        "@context": CONTEXT,
        "id": iri("annotation", a.id),
        "type": "Annotation",
        "motivation": W3C_MOTIVATION[a.motivation],
        "creator": {"type": "Person", "name": a.author},
        "body": bodies[0] if len(bodies) == 1 else bodies,
        "target": {"type": "SpecificResource", "source": iri("source", a.source), "selector": selectors},
    }
    if "T" in a.date:  # an RFC 3339 date-time, seconds included
        out["created"] = dt.datetime.fromisoformat(a.date.replace("Z", "+00:00")).isoformat().replace("+00:00", "Z")
    else:
        out["dcterms:date"] = a.date  # only the day is known: not an xsd:dateTime, so not `created`
    if a.imported_from:
        out["via"] = a.imported_from
    if anchor.status != "exact" and anchor.status != "context":
        out["dossier:anchoring"] = {"status": anchor.status, "similarity": round(anchor.score, 4)}
    return out


def export_annotations(dossier: Dossier, analysis: Analysis) -> str:
    readings = {s.id: ReadingText.of(s) for s in dossier.sources if any(a.source == s.id for a in dossier.annotations)}
    items = [web_annotation(a, readings[a.annotation.source]) for a in sorted(analysis.anchors, key=lambda a: a.annotation.id)]
    collection = {
        "@context": CONTEXT,
        "id": iri("annotations", "all"),
        "type": "AnnotationCollection",
        "label": f"Annotations of {dossier.meta.title}",
        "total": len(items),
        "first": {"id": iri("annotations", "page-1"), "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
