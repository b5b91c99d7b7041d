"""Strict YAML reading (build_scripts/yamlread.py): every scalar a string, duplicate keys,
anchors, aliases, tags and multi-document files refused, each at its line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from build_scripts.problems import Severity
from build_scripts.load.yamlread import read_yaml

PATH = Path("dossier/topics/example.yml")
ANCHORS = "anchors and aliases (&name, *name) are not supported; write the value out in full"


def read(text: str):
    return read_yaml(PATH, text)


def refused(text: str) -> list[tuple[int, str]]:
    """The (line, message) of each problem; the document must be refused."""
    doc, problems = read(text)
    assert doc is None, doc
    assert problems, "a refused document must say why"
    for p in problems:
        assert p.path == str(PATH)
        assert p.severity is Severity.ERROR
    return [(p.line, p.message) for p in problems]


# --------------------------------------------------------------------------- scalars


@pytest.mark.parametrize("plain", ["004", "yes", "no", "on", "true", "2023-11-19", "2023-11-19T10:00:00Z",
                                   "1.5", "1e3", "0x1F", "null", "~", ".inf", "12:30"])
def test_plain_scalars_stay_strings(plain):
    doc, problems = read(f"value: {plain}\nlist: [{plain}, {plain}]\n{plain}: key\n")
    assert problems == []
    assert doc.data == {"value": plain, "list": [plain, plain], plain: "key"}


def test_empty_value_is_the_empty_string_not_none():
    doc, problems = read("note:\nother: x\n")
    assert problems == []
    assert doc.data == {"note": "", "other": "x"}


def test_empty_file_is_no_data():
    doc, problems = read("# only a comment\n")
    assert problems == []
    assert doc.data is None
    assert doc.line_of(("anything",)) == 1


# --------------------------------------------------------------------------- duplicate keys


def test_duplicate_key_at_top_level_names_both_lines():
    assert refused("slug: one\ntitle: One\nslug: two\n") == [
        (3, "duplicate key 'slug' (first given on line 1); keep only one of them")]


def test_duplicate_key_in_nested_mapping_names_both_lines():
    assert refused("slug: one\nmatch:\n  terms: [a]\n  unit: story\n  terms: [b]\n") == [
        (5, "duplicate key 'terms' (first given on line 3); keep only one of them")]


def test_duplicate_key_in_mapping_inside_a_list_names_both_lines():
    text = "- id: a\n  name: A\n- id: b\n  aliases:\n    - text: B\n      case: insensitive\n      text: Bee\n"
    assert refused(text) == [(7, "duplicate key 'text' (first given on line 5); keep only one of them")]


def test_duplicate_key_quoted_and_plain_is_a_duplicate():
    assert refused('"id": a\nid: b\n') == [(2, "duplicate key 'id' (first given on line 1); keep only one of them")]


def test_every_duplicate_key_is_reported():
    problems = refused("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert sorted(problems) == [
        (4, "duplicate key 'c' (first given on line 3); keep only one of them"),
        (5, "duplicate key 'a' (first given on line 1); keep only one of them"),
    ]


def test_non_scalar_key_is_refused():
    assert refused("a: 1\n? [x, y]\n: 2\n") == [(2, "a key must be a plain name, not a list or mapping")]


# --------------------------------------------------------------------------- anchors and aliases


def test_alias_of_a_scalar_is_refused():
    assert refused("outlet: &u Unknown\nurl: *u\n") == [(1, ANCHORS), (2, ANCHORS)]  # anchor and alias


def test_alias_of_a_mapping_is_refused():
    text = "outlet: &u\n  unknown: Not given.\nurl: *u\nbyline: *u\n"
    assert set(refused(text)) == {(1, ANCHORS), (3, ANCHORS), (4, ANCHORS)}  # every line that has one


def test_merge_key_is_refused():
    assert refused("base: &b\n  kind: person\nitem:\n  <<: *b\n  id: x\n") == [(1, ANCHORS), (4, ANCHORS)]


def test_billion_laughs_is_refused_quickly():
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for name, prev in zip("bcdefghij", "abcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"  # fully expanded: 9**10 strings
    start = time.perf_counter()
    problems = refused(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"took {elapsed:.2f}s"
    assert {m for _, m in problems} == {ANCHORS}
    assert len(problems) <= 9 * 9  # one per alias written, never one per expansion


def test_alias_used_as_a_key_is_refused():
    assert {m for _, m in refused("name: &n alpha\n*n : beta\n")} == {ANCHORS}


def test_anchor_on_a_key_aliased_as_a_value_is_refused():
    assert {m for _, m in refused("&k a: 1\nb: *k\n")} == {ANCHORS}


def test_unused_anchor_is_refused():
    assert refused("title: &t Alpha\nsummary: Beta\n") == [(1, ANCHORS)]


# --------------------------------------------------------------------------- tags


def test_python_object_tag_is_refused():
    assert refused("a: !!python/object:os.system echo\n") == [
        (1, "explicit YAML tags (tag:yaml.org,2002:python/object:os.system) are not supported; remove the tag")]


def test_python_apply_tag_is_refused_without_running_anything(tmp_path):
    marker = tmp_path / "ran"
    problems = refused(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert problems == [(1, "explicit YAML tags (tag:yaml.org,2002:python/object/apply:os.system) "
                            "are not supported; remove the tag")]
    assert not marker.exists()


def test_custom_tag_is_refused():
    assert refused("title: One\nsummary: !custom Two\n") == [
        (2, "explicit YAML tags (!custom) are not supported; remove the tag")]


def test_custom_tag_on_a_mapping_is_refused():
    assert refused("a:\n  b: !thing\n    c: d\n") == [(2, "explicit YAML tags (!thing) are not supported; remove the tag")]


def test_int_tag_is_refused():
    assert refused("min_mentions: !!int 2\n") == [
        (1, "explicit YAML tags (tag:yaml.org,2002:int) are not supported; remove the tag")]


# --------------------------------------------------------------------------- documents and syntax


def test_multi_document_file_is_refused():
    assert refused("title: One\n---\ntitle: Two\n") == [
        (2, "malformed YAML: expected a single document in the stream but found another document; "
            "fix the syntax on this line")]


def test_malformed_yaml_names_the_line():
    assert refused("title: One\nsummary: Note: two\n") == [
        (2, "malformed YAML: mapping values are not allowed here; fix the syntax on this line")]


def test_unclosed_quote_is_malformed():
    [(line, message)] = refused('title: "One\n')
    assert line == 2
    assert message.startswith("malformed YAML: ") and message.endswith("; fix the syntax on this line")
    assert "quoted scalar" in message


# --------------------------------------------------------------------------- lines


TREE = """\
slug: one
match:
  terms:
    - alpha
    - text: beta
      case: insensitive
related: [two, three]
"""


def test_line_of_present_values():
    doc, problems = read(TREE)
    assert problems == []
    assert doc.line_of(()) == 1
    assert doc.line_of(("slug",)) == 1
    assert doc.line_of(("match",)) == 2
    assert doc.line_of(("match", "terms")) == 3
    assert doc.line_of(("match", "terms", 0)) == 4
    assert doc.line_of(("match", "terms", 1)) == 5
    assert doc.line_of(("match", "terms", 1, "case")) == 6
    assert doc.line_of(("related", 1)) == 7


def test_line_of_falls_back_to_the_nearest_enclosing_value():
    doc, _ = read(TREE)
    assert doc.line_of(("match", "terms", 1, "sources", 0)) == 5  # absent key inside item 1
    assert doc.line_of(("match", "terms", 7)) == 3  # absent item of the list
    assert doc.line_of(("match", "requires", "entities")) == 2  # absent key of `match`
    assert doc.line_of(("summary",)) == 1  # absent top-level key: the document


def test_line_of_a_document_not_starting_on_line_one():
    doc, _ = read("# comment\n\nslug: one\nmatch:\n  terms: [a]\n")
    assert doc.line_of(("match", "terms")) == 5
    assert doc.line_of(("match", "unit")) == 4
