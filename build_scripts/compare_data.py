"""The editor data behind the comparisons between sources, with its declared schema:

- `dossier/lexicons/wording.yml`: the terms whose use is compared across sources;
- `dossier/figures.yml`: an editor's decisions on reported quantities (confirm, merge, split).

Both files are optional. They are read in the load stage (`load_compare`); problems are
reported with file and line like every other file of the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator

from .problems import Problem
from .schema import Strict, Text
from .validate import validate
from .yamlread import YamlDoc, read_yaml

QuantityId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9@.+-]{0,119}$")]


class Term(Strict):
    term: Text  # the term as editors name it; also matched in the text
    forms: list[Text] = []  # other spellings counted as the same term ("Zionist entity")
    refers_to: Text | None = None  # what the term names; terms naming one thing are compared together
    case: Literal["sensitive", "insensitive"] = "insensitive"  # whether case must match
    note: Text | None = None  # an editor's remark shown on the wording page


class WordingLexicon(Strict):
    terms: list[Term] = []  # in the order the wording page lists them


class FigureValue(Strict):
    source: Text  # the source id
    paragraph: Text  # the paragraph id (p12)
    value: Text  # the number as written ("25", "1,200")


class FigureDecision(Strict):
    quantity: QuantityId  # the id the figures page shows for a quantity ("crew@galaxy-leader")
    action: Literal["confirm", "merge", "split"]  # what the editor decides
    note: Text | None = None  # why, shown on the figures page
    label: Text | None = None  # a name for the quantity shown on the figures page
    others: list[QuantityId] = []  # merge: quantities that are in fact this one
    values: list[FigureValue] = []  # split: values that belong to another quantity
    to: QuantityId | None = None  # split: the id of that other quantity

    @model_validator(mode="after")
    def _complete(self) -> FigureDecision:
        if self.action == "merge" and not self.others:
            raise ValueError("a merge needs `others:`, the ids of the quantities to merge into this one")
        if self.action == "split" and (not self.values or self.to is None):
            raise ValueError("a split needs `values:` (source, paragraph, value) and `to:`, the id of the new quantity")
        if self.action == "confirm" and (self.others or self.values or self.to):
            raise ValueError("a confirm takes no `others`, `values` or `to`; use merge or split for those")
        return self


class FiguresFile(Strict):
    decisions: list[FigureDecision] = []  # applied in order


@dataclass(frozen=True)
class CompareData:
    wording: WordingLexicon = field(default_factory=WordingLexicon)
    figures: FiguresFile = field(default_factory=FiguresFile)
    figures_path: str = "figures.yml"
    decision_lines: tuple[int, ...] = ()  # line of each decision in figures.yml


def _read(path: Path, model, problems: list[Problem]) -> tuple[object | None, YamlDoc | None]:
    if not path.is_file():
        return None, None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(str(path), 1, "not valid UTF-8; save the file as UTF-8 text"))
        return None, None
    doc, found = read_yaml(path, text)
    problems += found
    if doc is None or doc.data is None:
        return None, doc
    value, found = validate(model, doc)
    problems += found
    return value, doc


def load_compare(root: Path, problems: list[Problem]) -> CompareData:
    """Read `lexicons/wording.yml` and `figures.yml` of the dossier at `root`."""
    wording, _ = _read(root / "lexicons" / "wording.yml", WordingLexicon, problems)
    figures_path = root / "figures.yml"
    figures, doc = _read(figures_path, FiguresFile, problems)
    lines: tuple[int, ...] = ()
    if figures is not None and doc is not None:
        lines = tuple(doc.line_of(("decisions", i)) for i in range(len(figures.decisions)))
    return CompareData(wording or WordingLexicon(), figures or FiguresFile(), str(figures_path), lines)
