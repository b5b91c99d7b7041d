"""The runtime models: deeply immutable, hashable, apart from the YAML schema, and each
recording the file and line it came from."""

from __future__ import annotations

import dataclasses

import pytest

from build_scripts.models import FrozenMap, Origin, Span
from build_scripts.pipeline import build

from .conftest import FIXTURE


@pytest.fixture(scope="module")
def site():
    return build(FIXTURE)


def test_models_are_frozen_all_the_way_down(site):
    entity = site.dossier.entities[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.name = "Someone else"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        entity.aliases.append(entity.aliases[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        site.analysis.topics["paydari"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        site.analysis.topics.update({})  # type: ignore[attr-defined]


def test_models_are_hashable_so_stages_can_be_cached(site):
    assert hash(site.dossier) == hash(site.dossier)
    for model in (*site.dossier.entities, *site.dossier.topics, *site.dossier.sources, site.analysis.topics,
                  *site.analysis.mentions[:50], site.dossier.rules):
        hash(model)
    assert hash(build(FIXTURE).dossier.entities) == hash(site.dossier.entities)  # by value, not identity


def test_frozen_map_behaves_as_a_read_only_mapping():
    one = FrozenMap([("a", 1), ("b", 2)])
    assert list(one) == ["a", "b"] and one["b"] == 2 and len(one) == 2
    assert one == {"a": 1, "b": 2} and hash(one) == hash(FrozenMap({"a": 1, "b": 2}))
    with pytest.raises(AttributeError):
        one.extra = 1


def test_every_model_read_from_a_file_points_back_to_its_line(site):
    lines = {}
    for model in (*site.dossier.entities, *site.dossier.topics):
        text = open(model.origin.path, encoding="utf-8").read().splitlines()
        lines[model] = text[model.origin.line - 1]
    assert all(("id: " + e.id) in lines[e] for e in site.dossier.entities)
    assert all(lines[t] == f"slug: {t.slug}" for t in site.dossier.topics)
    source = site.dossier.source("002")
    assert source.meta.origin == Origin(str(FIXTURE / "sources" / "002" / "source.yml"), 1)
    split = source.meta.normalise.stories[1]
    line = open(split.origin.path, encoding="utf-8").read().splitlines()[split.origin.line - 1]
    assert line.strip() == f"- starts: {split.starts}"
    assert source.meta.published.origin.line > 1


def test_mentions_and_passages_point_at_text_with_spans(site):
    mention = site.analysis.mentions[0]
    para = site.dossier.source(mention.source).reading.paragraph(mention.paragraph)
    assert isinstance(mention.span, Span) and mention.span.text(para.text) == mention.surface
    for topic in site.analysis.topics.values():
        for passage in topic.passages:
            para = site.dossier.source(passage.source).reading.paragraph(passage.paragraph)
            assert all(h.source == passage.source and h.paragraph == passage.paragraph for h in passage.hits)
            assert sorted(h.text(para.text) for h in passage.hits) == sorted(passage.words)


def test_renderers_and_analyses_never_see_the_file_schema():
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "build_scripts"
    for folder in ("render", "analysis"):
        for module in (package / folder).glob("*.py"):
            source = module.read_text("utf-8")
            assert "load.schema" not in source and "from ..load" not in source, module
