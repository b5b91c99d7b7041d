"""Strict YAML reading for untrusted dossier files.

PyYAML composes the node tree; we build plain data from it ourselves so that we can:

- keep every scalar a string (the schema decides types: no `id: 004` turning into 4,
  no `no` turning into False, no dates guessed from `2023-11-19`);
- report duplicate keys, which PyYAML silently resolves to the last one;
- refuse anchors, aliases and explicit tags (no billion-laughs, no object construction),
  each at the line where it is written;
- remember the line of every value, so schema errors name the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..charsets import BIDI, SURROGATE, describe, line_of
from ..problems import Problem, Severity
from .yamlerrors import parse

Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _StringsOnlyLoader(yaml.SafeLoader):
    """A SafeLoader with no implicit resolvers (every plain scalar is a string) that notes
    the line of every anchor and alias it meets."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream: str):
        super().__init__(stream)
        self.anchor_lines: list[int] = []

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            self.anchor_lines.append(event.start_mark.line + 1)
        return super().compose_node(parent, index)


_FAST = getattr(yaml, "CSafeLoader", None)
if _FAST is not None:
    class _CStringsOnlyLoader(_FAST):
        """libyaml's parser with no implicit resolvers: the fast path for plain files."""

        yaml_implicit_resolvers: dict = {}

# What the fast path leaves to the exact one: anchors, aliases and tags (which only the exact
# reader notes line by line), tabs, and line breaks other than \n (where readers may count lines
# differently). Any syntax error also goes the exact way, to be explained.
_SLOW_CHARACTERS = frozenset("&*!\t\r\x85\u2028\u2029")


def _compose_fast(text: str):
    """The node tree of `text` by libyaml, or False when the exact reader must do it."""
    if _FAST is None or not _SLOW_CHARACTERS.isdisjoint(text):
        return False
    loader = _CStringsOnlyLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


@dataclass(frozen=True)
class YamlDoc:
    path: Path
    data: Any
    lines: dict[Loc, int] = field(repr=False)

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest enclosing value when `loc` is absent."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, text: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `text` (the contents of `path`). Returns the document (None when it cannot be
    read as written) and every problem found; a document whose only syntax problems are tabs
    is returned with those problems, so that the rest of it is still checked."""
    try:
        _StringsOnlyLoader(text).dispose()
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, as a raw character
        return None, [_refused_character(path, text, exc)]
    anchor_lines: list[int] = []
    problems: list[Problem] = []

    def compose(source: str):
        loader = _StringsOnlyLoader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        anchor_lines[:] = loader.anchor_lines
        return node

    fast = _compose_fast(text)
    try:
        root, syntax, _exact = (fast, [], True) if fast is not False else parse(text, compose)
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [Problem(str(path), 1, f"malformed YAML: {exc}", code="yaml-syntax")]
    problems += [Problem(str(path), s.line, s.message, code=s.code, column=s.column) for s in syntax]
    if anchor_lines:  # refused before anything is built: no alias is ever expanded
        message = "anchors and aliases (&name, *name) are not supported; write the value out in full"
        return None, problems + [Problem(str(path), line, message, code="yaml-anchor")
                                 for line in sorted(set(anchor_lines))]
    if root is None:
        return (YamlDoc(path, None, {(): 1}) if not syntax else None), problems
    builder = _Builder(path)
    data = builder.build(root, ())
    problems += builder.problems
    # Duplicate keys (the first is kept) and non-text keys (skipped) leave a document that can
    # still be checked; any other error (tags, what is not text) refuses it.
    refused = any(p.severity is Severity.ERROR and p.code not in ("yaml-duplicate-key", "yaml-key")
                  for p in builder.problems)
    return (None if refused else YamlDoc(path, data, builder.lines)), problems


def _refused_character(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    ch = text[exc.position] if 0 <= exc.position < len(text) else chr(exc.character)
    return Problem(str(path), line_of(text, exc.position), (
        f"the file holds the character {describe(ch)}, which YAML files may not contain; "
        "remove it (save the file as plain UTF-8 text)"), code="refused-character")


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, message: str, code: str = "yaml-not-text") -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, message, code=code,
                                     column=node.start_mark.column + 1))

    def _check_text(self, node: yaml.ScalarNode) -> None:
        """Refuse what is not text (lone surrogates, from escapes); warn of bidirectional controls."""
        bad = SURROGATE.search(node.value)
        if bad:
            self._problem(node, (f"the value holds {describe(bad.group())}, which is not a character; "
                                 "write the character itself instead of its escape"))
        for ch in dict.fromkeys(BIDI.findall(node.value)):
            self.problems.append(Problem(str(self.path), node.start_mark.line + 1, (
                f"the value holds the bidirectional control {describe(ch)}, which can make text display "
                "in a misleading order; the site isolates it (and shows it as a symbol in titles and "
                "headings), but remove it unless the text needs it"), Severity.WARNING, code="bidi-control"))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in (_STR, _SEQ, _MAP):
            self._problem(node, f"explicit YAML tags ({node.tag}) are not supported; remove the tag", "yaml-tag")
            return None
        if isinstance(node, yaml.ScalarNode):
            self._check_text(node)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._mapping(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a key must be a plain name, not a list or mapping", "yaml-key")
                continue
            key = key_node.value
            self._check_text(key_node)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self._problem(
                    key_node,
                    f"duplicate key {key!r} (first given on line {first_line[key]}); keep only one of them",
                    "yaml-duplicate-key",
                )
                continue
            first_line[key] = line
            self.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key))
        return result
