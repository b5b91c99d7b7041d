"""Reading one YAML file of the dossier, and checking the furniture rules it may hold."""

from __future__ import annotations

import os
from pathlib import Path

from ..normalise import compile_pattern
from ..problems import Problem
from .schema import NormaliseRules
from .yamlread import YamlDoc, read_yaml


def decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(str(path), line, (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 text (for a capture, note the conversion in capture.method)"),
            code="not-utf8", column=exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1))
        return None


def read_doc(path: Path, problems: list[Problem]) -> YamlDoc | None:
    text = decode(path, path.read_bytes(), problems)
    if text is None:
        return None
    doc, found = read_yaml(path, text)
    problems += found
    return doc


def check_rules(doc: YamlDoc, rules: NormaliseRules, problems: list[Problem]) -> set[str]:
    """Check the furniture rules; returns the ids of rules whose pattern does not compile."""
    seen: set[str] = set()
    bad: set[str] = set()
    for i, rule in enumerate(rules.furniture):
        def at(*loc, i=i):
            return doc.line_of(("furniture", i, *loc))
        if rule.id in seen:
            problems.append(Problem(str(doc.path), at("id"), f"furniture[{i}].id: {rule.id!r} is the id of an earlier rule; rename one",
                                    code="duplicate-id"))
        seen.add(rule.id)
        try:
            regex = compile_pattern(rule.pattern)
        except Exception as exc:  # re2.error carries bytes
            detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            problems.append(Problem(str(doc.path), at("pattern"), f"furniture[{i}].pattern: not a valid RE2 expression: {detail}",
                                    code="bad-pattern"))
            bad.add(rule.id)
            continue
        for k, example in enumerate(rule.examples):
            hit = regex.fullmatch(example) if rule.action == "drop" else regex.search(example)
            if not hit:
                problems.append(Problem(str(doc.path), at("examples", k), (
                    f"furniture[{i}].examples[{k}]: {example!r} is not matched by the rule's pattern "
                    "(a drop rule must match the whole paragraph); fix the pattern or the example"),
                    code="example-not-matched"))
    return bad


def refuse_links(root: Path, problems: list[Problem]) -> frozenset[Path]:
    """Every symbolic link (and anything but a plain file or folder) in `root`, the folder
    itself included, reported as an error; the loader then never opens what they point to,
    so no file from outside the dossier is ever hashed, read or published."""
    refused: list[Path] = []
    if root.is_symlink():
        refused.append(root)
    else:
        folders = [str(root)]
        while folders:  # each entry's type as the folder listing gives it: no system call per file
            try:
                entries = list(os.scandir(folders.pop()))
            except OSError:  # unreadable: skipped here, as os.walk does; reading it reports it
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    refused.append(Path(entry.path))
    for path in sorted(refused):
        what = "a symbolic link" if path.is_symlink() else "neither a plain file nor a folder"
        problems.append(Problem(str(path), 1, (
            f"this is {what}; the dossier holds only plain files and folders (a link could publish "
            "a file from outside the repository): put the file or folder itself here")))
    return frozenset(refused)


def is_refused(path: Path, refused: frozenset[Path]) -> bool:
    """True when `path` or a folder it is in is one of the `refused` links."""
    return bool(refused) and any(p in refused for p in (path, *path.parents))
