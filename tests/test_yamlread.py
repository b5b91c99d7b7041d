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


def flagged(text: str) -> list[tuple[int, str]]:
    """The (line, message) of each problem of a document that is still read (and then
    validated), so that its other problems are listed in the same run."""
    doc, problems = read(text)
    assert doc is not None
    assert problems and all(p.severity is Severity.ERROR for p in problems)
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
    assert flagged("slug: one\ntitle: One\nslug: two\n") == [
        (3, "duplicate key 'slug' (first given on line 1); keep only one of them")]


def test_duplicate_key_in_nested_mapping_names_both_lines():
    assert flagged("slug: one\nmatch:\n  terms: [a]\n  unit: story\n  terms: [b]\n") == [
        (5, "duplicate key 'terms' (first given on line 3); keep only one of them")]


def test_duplicate_key_in_mapping_inside_a_list_names_both_lines():
    text = "- id: a\n  name: A\n- id: b\n  aliases:\n    - text: B\n      case: insensitive\n      text: Bee\n"
    assert flagged(text) == [(7, "duplicate key 'text' (first given on line 5); keep only one of them")]


def test_duplicate_key_quoted_and_plain_is_a_duplicate():
    assert flagged('"id": a\nid: b\n') == [(2, "duplicate key 'id' (first given on line 1); keep only one of them")]


def test_every_duplicate_key_is_reported():
    problems = flagged("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert sorted(problems) == [
        (4, "duplicate key 'c' (first given on line 3); keep only one of them"),
        (5, "duplicate key 'a' (first given on line 1); keep only one of them"),
    ]


def test_non_scalar_key_is_flagged():
    assert flagged("a: 1\n? [x, y]\n: 2\n") == [(2, "a key must be a plain name, not a list or mapping")]


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
    assert refused("title: One\nsummary: Note: two\n") == [(2, COLON)]


def test_unclosed_quote_names_the_line_where_it_opens():
    assert refused('title: "One\nsummary: two\n') == [(1, (
        "the quotation mark opened on this line is never closed; end the value with the same "
        "quotation mark (\" or ') it starts with"))]


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


# --------------------------------------------------------------------------- syntax in plain words

TABS = "tabs are not allowed in YAML; indent with spaces"
COLON = ("unexpected `: ` on this line: if the value contains a colon, put the whole value in quotes "
         "(title: \"Words: more words\"); if this line is a key, indent it like the keys above it")
INDENT = ("this line is not indented like the lines around it: indent it with spaces so that it lines up "
          "with the keys (or `- ` items) it belongs with")


def test_tabs_are_named_on_every_line_and_the_rest_is_still_read():
    doc, problems = read("slug: one\nmatch:\n\tterms: [a]\n\tunit: story\ntitle: One\n")
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (3, 1, "yaml-tab", TABS), (4, 1, "yaml-tab", TABS)]
    assert doc is not None and doc.data == {"slug": "one", "match": {"terms": ["a"], "unit": "story"}, "title": "One"}
    assert doc.line_of(("match", "unit")) == 4


def test_a_tab_after_a_colon_is_named_and_mended():
    doc, problems = read("slug:\tone\ncapture:\n  file: a.txt\n\tmethod: typed\n")
    assert [(p.line, p.message) for p in problems] == [
        (1, "tabs are not allowed in YAML; replace the tab with a space"), (4, TABS)]
    assert doc.data == {"slug": "one", "capture": {"file": "a.txt", "method": "typed"}}


def test_every_syntax_error_of_a_file_is_listed():
    text = 'title: "One\nsummary: Note: two\nslug: one\n  extra: x\n\tbad: tab\n'
    assert refused(text) == [
        (1, "the quotation mark opened on this line is never closed; end the value with the same "
            "quotation mark (\" or ') it starts with"),
        (2, COLON),
        (4, COLON),
        (5, TABS),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n  b: 1\n c: 2\n", (3, INDENT)),
    ("a: 1\nfoo\nb: 2\n", (2, "this line is not a `key: value` line: add `: ` after the key, or indent it "
                              "to continue the value above")),
    ("a: @x\n", (1, "a value cannot start with `@` in YAML; put the whole value in quotes")),
    ("a: `x`\n", (1, "a value cannot start with `` ` `` in YAML; put the whole value in quotes")),
    ("a: {b: 1\nc: 2\n", (1, "a bracket opened on this line is never closed with `}`; close it, or put the "
                             "whole value in quotes if the brackets are part of the text")),
    ("a: [b, c\nd: 2\n", (1, "a bracket opened on this line is never closed with `]`; close it, or put the "
                             "whole value in quotes if the brackets are part of the text")),
], ids=["indentation", "no-colon", "at-sign", "backtick", "brace", "bracket"])
def test_common_syntax_errors_in_plain_words(text, expected):
    assert refused(text)[0] == expected


def test_tabs_and_anchors_together_still_refuse_the_anchors():
    assert sorted(refused("a: &x 1\n\tb: *x\n")) == [(1, ANCHORS), (2, ANCHORS), (2, TABS)]


# libyaml reads plain files (the fast path); anything else goes the exact, line-tracking way.
# Both must give the same document, lines and problems.
SAMPLES = [
    "id: '004'\ntitle: \"A title: with a colon\"\nlist:\n  - a\n  - b: c\n    d: [1, 2]\n",
    "a: 1\na: 2\n",  # duplicate key
    "? [a, b]\n: value\n",  # a key that is not text
    "a: yes\nb: no\nc: 2023-11-19\nd: ~\ne: 0x1F\n",  # all stay strings
    "text: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
    "a: \"\\ud800\"\n",  # a lone surrogate from an escape
    "a: \"\\u202e evil\"\n",  # a bidirectional control
    "a: [unclosed\n",  # a syntax error
    "a: b: c\n",
    "- one\n- two\n",
    "",
    "# only a comment\n",
    "a: 'it''s'\nb: \"x\\ty\"\n",
    "a: &x 1\nb: *x\n",  # anchors (exact path)
    "a:\n\t- b\n",  # a tab (exact path)
    "a: !!python/object x\n",  # a tag (exact path)
    "a: 1\n---\nb: 2\n",  # two documents
]


@pytest.mark.parametrize("text", SAMPLES)
def test_fast_and_exact_paths_agree(text, monkeypatch):
    from build_scripts.load import yamlread

    fast_doc, fast_problems = read_yaml(PATH, text)
    monkeypatch.setattr(yamlread, "_FAST", None)
    doc, problems = read_yaml(PATH, text)
    assert fast_problems == problems
    assert (fast_doc is None) == (doc is None)
    if doc is not None:
        assert (fast_doc.data, fast_doc.lines) == (doc.data, doc.lines)


def test_plain_files_take_the_fast_path():
    from build_scripts.load import yamlread

    assert yamlread._compose_fast(SAMPLES[0]) is not False
    assert yamlread._compose_fast(SAMPLES[-4]) is False  # anchors: the exact reader notes their lines
