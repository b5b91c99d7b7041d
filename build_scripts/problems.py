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

    def format(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.severity.name.lower()}: {self.message}"


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
