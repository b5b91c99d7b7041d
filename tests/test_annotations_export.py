"""`data/annotations.jsonld`: every annotation is a W3C Web Annotation that passes the MUST
assertions of the W3C test suite (web-platform-tests `annotation-model/`), and its
TextPositionSelector counts code points in the reading text documented in docs/data.md.

The wpt schemas are vendored under tests/data/w3c-annotation-model/ (origin, commits and
BSD licence in its README.md), so this test never skips; when ../shared/w3c-annotation-model
is beside the checkout, the copy is checked to be identical to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from build_scripts.pipeline import build

from .conftest import FIXTURE as SEED
from .conftest import ROOT, DossierFactory
from .test_annotations import add_annotation

W3C = Path(__file__).parent / "data" / "w3c-annotation-model"
SHARED = ROOT.parent / "shared" / "w3c-annotation-model"
DEFINITIONS = ["annotations.json", "id.json", "bodyTarget.json", "otherProperties.json", "specificResource.json",
               "choiceSet.json"]


def _registry() -> Registry:
    resources = []
    for name in DEFINITIONS:
        doc = json.loads((W3C / "definitions" / name).read_text("utf-8"))
        resources.append((doc["id"], Resource.from_contents(doc, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def _assertions(test_file: str) -> list[dict]:
    spec = json.loads((W3C / test_file).read_text("utf-8"))
    out = []
    for entry in spec["assertions"]:
        assert isinstance(entry, str), "the MUST list holds only file names"
        out.append(json.loads((W3C / entry).read_text("utf-8")))
    return out


MUSTS = [a for a in _assertions("annotations/annotationMusts.test") if a.get("assertionType", "must") == "must"]
SPECIFIC = json.loads((W3C / "definitions" / "specificResource.json").read_text("utf-8"))


def _validator(schema: dict) -> Draft4Validator:
    return Draft4Validator(schema, registry=REGISTRY, format_checker=Draft4Validator.FORMAT_CHECKER)


def _definition(name: str) -> Draft4Validator:
    return _validator({"$ref": f"specificResource.json#/definitions/{name}"})


def failures(annotation: dict) -> list[str]:
    """The MUST assertions the annotation fails (annotation level, then its target's selectors)."""
    failed = []
    for assertion in MUSTS:
        valid = _validator(assertion).is_valid(annotation)
        if valid != (assertion.get("expectedResult", "valid") == "valid"):
            failed.append(assertion["id"])
    targets = annotation.get("target")
    for target in targets if isinstance(targets, list) else [targets]:
        if isinstance(target, dict):
            for name in ("specificeResourceDetected", "selectorDefined"):
                if not _definition(name).is_valid(target):
                    failed.append(name)
            for selector in target.get("selector", []):
                for name in ("textQuoteSelectorTypeValidIfPresent", "textPositionSelectorTypeValidIfPresent"):
                    if not _definition(name).is_valid(selector):
                        failed.append(name)
    return failed


def exported(root: Path) -> list[dict]:
    site = build(root)
    collection = json.loads(site.files["data/annotations.jsonld"])
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(collection["first"]["items"]) == len(site.dossier.annotations)
    return collection["first"]["items"]


def reading_text(root: Path, source: str) -> str:
    """The reading text as docs/data.md defines it, from data/dossier.json alone."""
    data = json.loads(build(root).files["data/dossier.json"])
    [src] = [s for s in data["sources"] if s["id"] == source]
    return "\n\n".join(p["text"] for p in src["paragraphs"])


def test_vendored_schemas_are_the_shared_ones():
    if not SHARED.is_dir():
        pytest.skip("../shared/w3c-annotation-model is not beside this checkout")
    for path in SHARED.rglob("*"):
        if path.is_file():
            assert (W3C / path.relative_to(SHARED)).read_bytes() == path.read_bytes(), path


def test_the_must_assertions_are_loaded():
    assert len(MUSTS) == 14
    assert {"3.1-annotationContextValidated.json", "3.1-targetKeyFound.json", "3.2.5-notBodyBodyValue.json"} <= {
        m["id"] for m in MUSTS}


def test_every_seed_annotation_passes_the_w3c_musts():
    items = exported(SEED)
    assert len(items) >= 8
    for item in items:
        assert failures(item) == [], item["id"]


def test_the_validator_rejects_broken_annotations():
    [item] = [i for i in exported(SEED) if i["id"].endswith(":crew-count-52")]
    assert failures(item) == []
    assert "3.1-targetKeyFound.json" in failures({k: v for k, v in item.items() if k != "target"})
    assert "3.1-annotationContextValidated.json" in failures(item | {"@context": "http://example.org/ctx"})
    assert "3.2.5-notBodyBodyValue.json" in failures(item | {"bodyValue": "x"})
    assert "3.1-annotationIdValidated.json" in failures(item | {"id": "not a uri"})
    bad_selector = {"type": "TextPositionSelector", "start": -1, "end": 3}
    assert "textPositionSelectorTypeValidIfPresent" in failures(item | {"target": item["target"] | {"selector": [bad_selector]}})


def test_selectors_count_code_points_in_the_reading_text(factory: DossierFactory):
    capture = "Заголовок без точки\nВ Тегеране 👩🏽‍🚀 сказали: «ракета Фаттах-2» готова.\nرسالة قصيرة 🚀 هنا والآن.\n"
    factory.source("u1", capture)
    add_annotation(factory, "cyr", "u1", "«ракета Фаттах-2»", note="Кириллица & <b>")
    add_annotation(factory, "arab", "u1", "قصيرة 🚀 هنا")
    items = {i["id"].rsplit(":", 1)[1]: i for i in exported(factory.root)}
    text = reading_text(factory.root, "u1")
    for key, words in [("cyr", "«ракета Фаттах-2»"), ("arab", "قصيرة 🚀 هنا")]:
        item = items[key]
        assert failures(item) == []
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == words
        assert text[position["start"]:position["end"]] == words
        assert text[:position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"]:].startswith(quote.get("suffix", ""))
    # "👩🏽‍🚀" is four code points (seven UTF-16 units): a count in UTF-16 or bytes would differ
    start = items["cyr"]["target"]["selector"][1]["start"]
    assert start == len("Заголовок без точки\n\nВ Тегеране 👩🏽‍🚀 сказали: ")
    assert items["cyr"]["body"]["value"] == "Кириллица & <b>"


def test_disputing_is_exported_as_assessing_and_links_as_bodies():
    [item] = [i for i in exported(SEED) if i["id"].endswith(":crew-count-52")]
    assert item["motivation"] == "assessing"
    body, *links = item["body"]
    assert body == {"type": "TextualBody", "value": body["value"], "format": "text/plain", "purpose": "assessing"}
    assert links == ["urn:news-dossier:source:000", "urn:news-dossier:annotation:crew-count-25"]
    assert item["target"]["source"] == "urn:news-dossier:source:002"
    assert "created" not in item and item["dcterms:date"] == "2026-11-23"


def test_a_date_with_a_time_is_exported_as_created(factory: DossierFactory):
    factory.source("t1", "A short capture about a harbour strike that ended on Monday.\n")
    add_annotation(factory, "timed", "t1", "harbour strike", date="2026-11-23T21:40+01:00")
    add_annotation(factory, "utc", "t1", "ended on Monday", date="2026-11-23T21:40Z")
    items = {i["id"].rsplit(":", 1)[1]: i for i in exported(factory.root)}
    assert items["timed"]["created"] == "2026-11-23T21:40:00+01:00"
    assert items["utc"]["created"] == "2026-11-23T21:40:00Z"
    assert "dcterms:date" not in items["utc"]
    for item in items.values():
        assert failures(item) == []
    assert "3.3.1-annotationCreatedValidated.json" in failures(items["utc"] | {"created": "2026-11-23T21:40Z"})
