"""PyYAML's syntax errors in plain words, and the reading that goes on past them.

PyYAML stops at the first syntax error and words it as a parser would ("found character
'\\t' that cannot start any token"). `parse` records that error in words a contributor can
act on, mends or blanks the line, and parses again, so that one run lists every syntax
problem of a file. Only tabs are mended (they are replaced by the indentation that lets the
file parse): a file whose only syntax problems are tabs is still read and validated, so its
other problems are listed too. Any other syntax error blanks its line to look for more,
and the file is then not read further.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import yaml

MAX_ERRORS = 20  # syntax errors listed per file

TAB_INDENT = "tabs are not allowed in YAML; indent with spaces"
TAB_INSIDE = "tabs are not allowed in YAML; replace the tab with a space"


class SyntaxProblem(NamedTuple):
    line: int
    column: int
    message: str
    code: str


def _where(exc: yaml.MarkedYAMLError, use_context: bool = False) -> tuple[int, int]:
    mark = (exc.context_mark if use_context else None) or exc.problem_mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def explain(exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    """The syntax error `exc` in plain words, at the line a person should look at."""
    problem, context = exc.problem or "", exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark else None
    if "'\\t'" in problem or "tab character" in problem:
        line, column = _where(exc)
        return SyntaxProblem(line, column, TAB_INDENT if column == 1 else TAB_INSIDE, "yaml-tab")
    if "quoted scalar" in context:
        line, column = _where(exc, use_context=True)
        return SyntaxProblem(line, column, (
            "the quotation mark opened on this line is never closed; end the value with the same "
            "quotation mark (\" or ') it starts with"), "yaml-unclosed-quote")
    if problem.startswith("expected ',' or '") or "flow" in context:
        line, column = _where(exc, use_context=True)
        bracket = "}" if "mapping" in context else "]"
        return SyntaxProblem(line, column, (
            f"a bracket opened on this line is never closed with `{bracket}`; close it, or put the "
            "whole value in quotes if the brackets are part of the text"), "yaml-unclosed-bracket")
    if problem == "mapping values are not allowed here":
        line, column = _where(exc)
        return SyntaxProblem(line, column, (
            "unexpected `: ` on this line: if the value contains a colon, put the whole value in "
            "quotes (title: \"Words: more words\"); if this line is a key, indent it like the keys "
            "above it"), "yaml-colon")
    if problem == "could not find expected ':'":
        line, column = _where(exc, use_context=True)
        return SyntaxProblem(line, column, (
            "this line is not a `key: value` line: add `: ` after the key, or indent it to continue "
            "the value above"), "yaml-no-colon")
    if problem.startswith("expected <block end>") or problem.startswith("expected <block"):
        line, column = _where(exc)
        return SyntaxProblem(line, column, (
            "this line is not indented like the lines around it: indent it with spaces so that it "
            "lines up with the keys (or `- ` items) it belongs with"), "yaml-indentation")
    found = re.fullmatch(r"found character '(.)' that cannot start any token", problem)
    if found:
        line, column = _where(exc)
        char = found.group(1)
        shown = "`` ` ``" if char == "`" else f"`{char}`"
        return SyntaxProblem(line, column, (
            f"a value cannot start with {shown} in YAML; put the whole value in quotes"),
            "yaml-reserved-character")
    line, column = _where(exc)
    what = " ".join(s for s in (context, problem) if s)
    return SyntaxProblem(line, column, f"malformed YAML: {what}; fix the syntax on this line", "yaml-syntax")


def parse(text: str, compose: Callable[[str], object]) -> tuple[object, list[SyntaxProblem], bool]:
    """Compose `text`, going on past syntax errors. Returns the node tree (None when the text
    could only be read by blanking lines), the syntax problems, and whether the tree is exact
    apart from mended tabs."""
    lines = text.split("\n")
    problems: list[SyntaxProblem] = []
    exact = True
    while True:
        try:
            node = compose("\n".join(lines))
            return (node if exact else None), problems, exact
        except yaml.MarkedYAMLError as exc:
            found = explain(exc)
            index = found.line - 1
            if len(problems) >= MAX_ERRORS or index >= len(lines) or not lines[index].strip():
                return None, problems, False
            again = any(p.line == found.line for p in problems)  # mending did not help: blank it
            if not again:
                problems.append(found)
            if found.code == "yaml-tab" and not again:
                lines[index] = _mend_tabs(lines, index, compose)
            else:
                exact = False
                lines[index] = ""


def _mend_tabs(lines: list[str], index: int, compose: Callable[[str], object]) -> str:
    """Line `index` with its tabs replaced: leading ones by the indentation (tried in turn)
    that lets the file parse at least past this line, inner ones by a space."""
    line = lines[index]
    body = line.lstrip(" \t")
    inner = body.replace("\t", " ") if not body.lstrip().startswith(("'", '"')) else body
    previous = next((x for x in reversed(lines[:index]) if x.strip()), "")
    prev_indent = len(previous) - len(previous.lstrip(" "))
    lead = line[: len(line) - len(body)]
    candidates = [lead.expandtabs(n) for n in (2, 4, 8)] + [" " * prev_indent, " " * (prev_indent + 2)]
    if "\t" not in lead:
        candidates = [lead]
    for indent in dict.fromkeys(candidates):
        trial = lines[:index] + [indent + inner] + lines[index + 1:]
        try:
            compose("\n".join(trial))
            return indent + inner
        except yaml.MarkedYAMLError as exc:
            if (exc.problem_mark.line if exc.problem_mark else 0) > index:
                return indent + inner
    return candidates[0] + inner
