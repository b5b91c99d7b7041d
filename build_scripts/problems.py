"""Problems found in the dossier, and the small exception hierarchy mapped to exit codes.

Every stage collects `Problem`s instead of raising at the first one, so that one run
reports everything; the pipeline stops once, with `DossierInvalid`, when any is an error.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.IntEnum):
    NOTE = 0  # a suggestion (e.g. a name no entity covers); never fails a run
    WARNING = 1  # the site can still be right; fails only with --strict
    ERROR = 2  # the site would be wrong; always fails


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR
    code: str = "invalid"  # stable, for tools: what kind of problem (see `check --format json`)
    fix: str | None = None  # the exact text that fixes it, when there is one (a line to paste)
    column: int | None = None  # 1-based, when known

    def format(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.severity.name.lower()}: {self.message}"

    def as_data(self) -> dict:
        """The problem as JSON-ready data (what `check --format json` prints)."""
        return {"file": display_path(self.path), "line": self.line, "column": self.column,
                "severity": self.severity.name.lower(), "code": self.code, "message": self.message,
                "fix": self.fix}

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command (an annotation on the file's line)."""
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}[self.severity]
        props = {"file": display_path(self.path), "line": str(self.line)}
        if self.column is not None:
            props["col"] = str(self.column)
        props["title"] = self.code
        text = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
        message = self.message + (f"\n{self.fix}" if self.fix else "")
        return f"::{kind} {text}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """Escaping of a workflow command's message, as GitHub's toolkit does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escaping of a workflow command's property value (`escapeProperty`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, -p.severity, p.message))


class DossierError(Exception):
    """Base of the errors the command line turns into messages and exit codes."""

    exit_code = 1


class DossierInvalid(DossierError):
    """The dossier has problems that make the site wrong; `problems` holds all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} problem(s) in the dossier")


class OutputError(DossierError):
    """The output folder cannot be written safely."""


class UsageError(DossierError):
    exit_code = 2
