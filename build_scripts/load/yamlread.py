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

from ..problems import Problem

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
    """Parse `text` (the contents of `path`); returns the document or the problems."""
    loader = _StringsOnlyLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(s) for s in (exc.context, exc.problem) if s)
        return None, [Problem(str(path), line, f"malformed YAML: {what}; fix the syntax on this line")]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [Problem(str(path), 1, f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    if loader.anchor_lines:  # refused before anything is built: no alias is ever expanded
        message = "anchors and aliases (&name, *name) are not supported; write the value out in full"
        return None, [Problem(str(path), line, message) for line in sorted(set(loader.anchor_lines))]
    if root is None:
        return YamlDoc(path, None, {(): 1}), []
    builder = _Builder(path)
    data = builder.build(root, ())
    return (None if builder.problems else YamlDoc(path, data, builder.lines)), builder.problems


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in (_STR, _SEQ, _MAP):
            self._problem(node, f"explicit YAML tags ({node.tag}) are not supported; remove the tag")
            return None
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._mapping(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a key must be a plain name, not a list or mapping")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in first_line:
                self._problem(
                    key_node,
                    f"duplicate key {key!r} (first given on line {first_line[key]}); keep only one of them",
                )
                continue
            first_line[key] = line
            self.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key))
        return result
