"""Checks across files (build_scripts/xrefcheck.py): entity aliases, topic rules, slugs and
ids that one file gives and another must know; each problem at the exact line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.analysis import analyse
from build_scripts.pipeline import read_dossier
from build_scripts.pipeline import build
from build_scripts.problems import Problem, Severity

CAPTURE = "The Board met the Ferry Company on Tuesday.\nThe Board said that fares will rise.\n"
CLASH = ("a mention could not be attributed: keep it on one entity, or limit both with `sources:` or `stories:`")


def entities(alias_a: str, alias_b: str) -> str:
    """Two entities; each alias argument is the YAML of the alias list item, starting on line 6
    (harbour-board) and line 6 + its own lines + 6 (ferry-company)."""
    return (
        "- id: harbour-board\n"
        "  name: Harbour Board\n"
        "  kind: organisation\n"
        "  description: Runs the harbour.\n"
        "  aliases:\n"
        f"    - {alias_a}\n"
        "- id: ferry-company\n"
        "  name: Ferry Company\n"
        "  kind: organisation\n"
        "  description: Runs the ferries.\n"
        "  aliases:\n"
        f"    - {alias_b}\n"
    )


def topic(slug: str, match: str, extra: str = "") -> str:
    """A topic file: `match` is the YAML block under `match:`, which starts on line 5. Terms
    with no anchoring entity get one on the block's last line (terms alone make no passage)."""
    if "terms" in match and "\n  entities:" not in "\n" + match:
        match += "  anchors: [harbour-board]\n"
    return f"slug: {slug}\ntitle: Topic {slug}\nsummary: A test topic.\nmatch:\n{match}{extra}"


@pytest.fixture
def df(factory):
    """Two sources, north-post and south-post, with the same small capture."""
    for sid in ("north-post", "south-post"):
        add_source(factory, sid)
    return factory


def add_source(factory, sid: str, capture: str = CAPTURE, **fields) -> Path:
    """`factory.source` with this module's capture by default."""
    return factory.source(sid, capture, **fields)


def found(problems: list[Problem]) -> list[tuple[str, int, str, Severity]]:
    return sorted((p.path, p.line, p.message, p.severity) for p in problems)


def error(path: Path, line: int, message: str) -> tuple[str, int, str, Severity]:
    return (str(path), line, message, Severity.ERROR)


def warning(path: Path, line: int, message: str) -> tuple[str, int, str, Severity]:
    return (str(path), line, message, Severity.WARNING)


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "check", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


# --------------------------------------------------------------------------- aliases


def test_alias_shared_by_two_entities_is_an_error_naming_both(df):
    path = df.write("entities/orgs.yml", entities("the Board", "the Board"))
    dossier, problems = read_dossier(df.root)
    assert dossier is None
    assert found(problems) == [error(path, 12, (
        f"alias 'the Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:6); {CLASH}"))]


def test_alias_shared_across_two_files_names_the_first_file_and_line(df):
    lines = entities("the Board", "the Board").splitlines(keepends=True)
    first = df.write("entities/a-harbour.yml", "# The harbour.\n" + "".join(lines[:6]))
    second = df.write("entities/b-ferries.yml", "".join(lines[6:]))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(second, 6, (
        f"alias 'the Board' of 'ferry-company' is also an alias of 'harbour-board' ({first}:7); {CLASH}"))]


def test_entity_name_used_as_alias_of_another_entity_is_a_clash(df):
    path = df.write("entities/orgs.yml", entities("Harbour Authority", "Harbour Board"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 12, (
        f"alias 'Harbour Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:2); {CLASH}"))]


def test_same_alias_allowed_when_confined_to_disjoint_sources(df):
    df.write("entities/orgs.yml", entities("{text: the Board, sources: [north-post]}",
                                           "{text: the Board, sources: [south-post]}"))
    dossier, problems = read_dossier(df.root)
    assert problems == []
    analysis, _ = analyse(dossier)
    board = {(m.source, m.entity) for m in analysis.mentions if m.alias == "the Board"}
    assert board == {("north-post", "harbour-board"), ("south-post", "ferry-company")}


def test_same_alias_with_overlapping_sources_is_a_clash(df):
    path = df.write("entities/orgs.yml", entities("{text: the Board, sources: [north-post]}",
                                                  "{text: the Board, sources: [south-post, north-post]}"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 12, (
        f"alias 'the Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:6); {CLASH}"))]


def test_same_alias_confined_on_one_entity_only_is_a_clash(df):
    path = df.write("entities/orgs.yml", entities("{text: the Board, sources: [north-post]}", "the Board"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 12, (
        f"alias 'the Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:6); {CLASH}"))]


def test_same_alias_confined_to_disjoint_stories_of_other_sources_is_allowed(df):
    df.write("entities/orgs.yml", entities("{text: the Board, stories: [north-post/s1]}",
                                           "{text: the Board, stories: [south-post/s1]}"))
    dossier, problems = read_dossier(df.root)
    assert problems == []


def test_same_alias_confined_to_disjoint_stories_of_one_source_is_allowed(factory):
    add_source(factory, "bundle", "The Board met on Tuesday.\nThe Board said fares rise.\n"
                                  "The Board of the ferries met too.\nIt said little.\n",
               normalise={"stories": [{"starts": "The Board met"}, {"starts": "The Board of the ferries"}]})
    factory.write("entities/orgs.yml", entities("{text: the Board, stories: [bundle/s1]}",
                                                "{text: the Board, stories: [bundle/s3]}"))
    dossier, problems = read_dossier(factory.root)
    assert problems == []


def test_case_insensitive_alias_clashes_with_case_sensitive_one(df):
    path = df.write("entities/orgs.yml", entities("{text: the board, case: insensitive}", "the Board"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 12, (
        f"alias 'the Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:6); {CLASH}"))]


def test_case_sensitive_aliases_differing_in_case_do_not_clash(df):
    df.write("entities/orgs.yml", entities("the board", "the Board"))
    dossier, problems = read_dossier(df.root)
    assert problems == []


def test_alias_clashing_only_at_sentence_start_is_an_error(df):
    path = df.write("entities/orgs.yml", entities("the Board", "The Board"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 12, (
        f"alias 'The Board' of 'ferry-company' is also an alias of 'harbour-board' ({path}:6); {CLASH}"))]


def test_alias_listed_twice_in_one_entity_is_a_warning(df):
    path = df.write("entities/orgs.yml", entities("the Board\n    - the Board", "Ferries"))
    dossier, problems = read_dossier(df.root)
    assert dossier is not None
    assert found(problems) == [warning(path, 7, "alias 'the Board' is listed twice for 'harbour-board'; keep one")]


def test_alias_scoped_to_unknown_source_is_an_error(df):
    path = df.write("entities/orgs.yml", entities("text: the Board\n      sources:\n        - north-psot", "Ferries"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 8, "alias 'the Board': no source has the id 'north-psot' (did you mean 'north-post'?)")]


def test_alias_scoped_to_unknown_story_is_an_error(df):
    path = df.write("entities/orgs.yml", entities(
        "text: the Board\n      stories:\n        - north-post/s1\n        - north-post/s9", "Ferries"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 9, (
        "alias 'the Board': no story 'north-post/s9'; story ids (s<line>) are listed on each source page"))]


def test_alias_scoped_to_story_of_unknown_source_is_an_error(df):
    path = df.write("entities/orgs.yml", entities("{text: the Board, stories: [east-post/s1]}", "Ferries"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 6, (
        "alias 'the Board': no story 'east-post/s1'; story ids (s<line>) are listed on each source page"))]


def test_alias_scoped_to_source_that_failed_to_load_is_not_an_error(df):
    broken = add_source(df, "west-post", outlet={"value": "West Post"})  # no quote or basis
    df.write("entities/orgs.yml", entities("{text: the Board, sources: [west-post]}",
                                           "{text: the Line, stories: [west-post/s1]}"))
    dossier, problems = read_dossier(df.root)
    assert dossier is None
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [(str(broken), "outlet")]


def test_furniture_rule_scoped_to_unknown_source_is_an_error(df):
    path = df.write("rules/normalise.yml", (
        "furniture:\n  - id: share-label\n    description: Share labels\n    pattern: 'Share on [A-Za-z]+'\n"
        "    sources:\n      - south-post\n      - sooth-post\n    examples: [Share on Facebook]\n"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(path, 7, "furniture[0].sources: no source has the id 'sooth-post' (did you mean 'south-post'?)")]


# --------------------------------------------------------------------------- entity ids


def test_duplicate_entity_id_names_the_first_file_and_line(df):
    first = df.write("entities/a.yml", entities("the Board", "Ferries"))
    second = df.write("entities/b.yml", (
        "- id: fares-office\n  name: Fares Office\n  kind: organisation\n  description: Sets fares.\n"
        "- id: harbour-board\n  name: Harbour Trust\n  kind: organisation\n  description: A second one.\n"))
    dossier, problems = read_dossier(df.root)
    assert found(problems) == [error(second, 5, (
        f"id: entity 'harbour-board' is already defined at {first}:1; give each entity its own id or merge the two"))]


# --------------------------------------------------------------------------- topics


@pytest.fixture
def registry(df):
    df.write("entities/orgs.yml", entities("the Board", "Ferries"))
    return df


def test_topic_rule_naming_unknown_entity_suggests_close_id(registry):
    path = registry.write("topics/fares.yml", topic("fares", "  entities:\n    - harbour-board\n    - ferry-compnay\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(path, 7, (
        "match.entities: no entity has the id 'ferry-compnay' (did you mean 'ferry-company'?); "
        "add it to dossier/entities/ or correct the id"))]


def test_topic_requires_naming_unknown_entity_is_an_error_at_its_item(registry):
    path = registry.write("topics/fares.yml", topic(
        "fares", "  terms: [fares]\n  requires:\n    entities:\n      - ferry-company\n      - harbor-board\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(path, 9, (
        "match.requires.entities: no entity has the id 'harbor-board' (did you mean 'harbour-board'?); "
        "add it to dossier/entities/ or correct the id"))]


def test_topic_related_names_unknown_slug(registry):
    registry.write("topics/fares.yml", topic("fares", "  terms: [fares]\n"))
    path = registry.write("topics/board.yml", topic("board", "  entities: [harbour-board]\n", "related:\n  - fare\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(path, 7, "related: no topic has the slug 'fare' (did you mean 'fares'?)")]


def test_topic_related_to_itself_is_a_warning(registry):
    registry.write("topics/fares.yml", topic("fares", "  terms: [fares]\n"))
    path = registry.write("topics/board.yml", topic("board", "  entities: [harbour-board]\n", "related: [fares, board]\n"))
    dossier, problems = read_dossier(registry.root)
    assert dossier is not None
    assert found(problems) == [warning(path, 6, "related: a topic cannot be related to itself; remove it")]


@pytest.mark.parametrize("term", ["fa*res", "fares**", "*fares", "*"])
def test_topic_term_with_star_not_at_the_end(registry, term):
    path = registry.write("topics/fares.yml", topic("fares", f"  terms:\n    - rise\n    - '{term}'\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(path, 7, f"match.terms: {term!r}: a * may only end a term (sever* matches severing)")]


def test_topic_term_with_star_at_the_end_is_allowed(registry):
    registry.write("topics/fares.yml", topic("fares", "  terms: [fare*]\n"))
    dossier, problems = read_dossier(registry.root)
    assert problems == []


def test_topic_term_with_star_inside_requires(registry):
    path = registry.write("topics/fares.yml", topic("fares", "  terms: [fares]\n  requires:\n    terms: [ri*se]\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(path, 7, "match.requires.terms: 'ri*se': a * may only end a term (sever* matches severing)")]


def test_duplicate_topic_slug_in_two_files_names_the_first(registry):
    first = registry.write("topics/a-fares.yml", "# Fares.\n" + topic("fares", "  terms: [fares]\n"))
    second = registry.write("topics/b-fares.yml", topic("fares", "  terms: [rise]\n"))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [error(second, 1, (
        f"slug: topic 'fares' is already defined at {first}:2; give each topic its own slug or merge the two"))]


NO_PASSAGES = ("topic 'zebras' has no passages: no paragraph matches its rules; widen `match` "
               "(entities, anchors, terms, window, min_mentions) or remove the topic")


def test_topic_with_no_passages_is_a_warning_and_the_site_builds(registry):
    registry.write("topics/fares.yml", topic("fares", "  terms: [fares]\n"))
    path = registry.write("topics/zebras.yml", "# Nothing matches.\n" + topic("zebras", "  terms: [zebra]\n"))
    site = build(registry.root)
    problems = [p for p in site.problems if p.severity is not Severity.NOTE]
    assert found(problems) == [warning(path, 2, NO_PASSAGES)]
    assert "topics/zebras/index.md" in site.files
    assert "topics/fares/index.md" in site.files
    assert site.analysis.topics["fares"].passages and not site.analysis.topics["zebras"].passages


def test_topic_with_no_passages_fails_check_only_with_strict(registry, tmp_path):
    registry.write("topics/zebras.yml", topic("zebras", "  terms: [zebra]\n"))
    relaxed = check("--dossier", str(registry.root), cwd=tmp_path)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert f"dossier/topics/zebras.yml:1: warning: {NO_PASSAGES}" in relaxed.stdout.splitlines()
    strict = check("--strict", "--dossier", str(registry.root), cwd=tmp_path)
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert f"dossier/topics/zebras.yml:1: warning: {NO_PASSAGES}" in strict.stdout.splitlines()


def test_topic_anchors_and_a_list_of_requires_groups_name_known_entities(registry):
    path = registry.write("topics/fares.yml", topic("fares", (
        "  entities: [harbour-board]\n  terms: [fares]\n  anchors:\n    - ferry-compnay\n"
        "  requires:\n    - terms: [rise]\n    - entities:\n        - harbor-board\n")))
    dossier, problems = read_dossier(registry.root)
    assert found(problems) == [
        error(path, 8, ("match.anchors: no entity has the id 'ferry-compnay' (did you mean 'ferry-company'?); "
                        "add it to dossier/entities/ or correct the id")),
        error(path, 12, ("match.requires[1].entities: no entity has the id 'harbor-board' (did you mean "
                         "'harbour-board'?); add it to dossier/entities/ or correct the id")),
    ]
