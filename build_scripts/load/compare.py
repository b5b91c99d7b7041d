"""The editor data behind the comparisons between sources: schema, reading and conversion.

- `lexicons/wording.yml`: the terms whose use the wording page compares across sources;
- `figures.yml`: editors' decisions on reported quantities (confirm, merge, split).

Both files are optional; problems are reported with file and line like every other file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator

from .. import compare_models as m
from ..problems import Problem
from .convert import origin
from .files import is_refused, read_doc
from .schema import Strict, Text
from .validate import validate

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


def _read(path: Path, model, problems: list[Problem], refused: frozenset[Path]):
    if is_refused(path, refused) or not path.is_file():  # a link is reported by refuse_links, never followed
        return None, None
    doc = read_doc(path, problems)
    if doc is None or doc.data is None:
        return None, None
    value, found = validate(model, doc)
    problems += found
    return value, doc


def load_wording(root: Path, problems: list[Problem], refused: frozenset[Path] = frozenset()) -> tuple[m.Term, ...]:
    lexicon, _ = _read(root / "lexicons" / "wording.yml", WordingLexicon, problems, refused)
    if lexicon is None:
        return ()
    return tuple(m.Term(t.term, tuple(t.forms), t.refers_to, t.case, t.note) for t in lexicon.terms)


def load_figure_decisions(root: Path, problems: list[Problem],
                          refused: frozenset[Path] = frozenset()) -> tuple[m.FigureDecision, ...]:
    figures, doc = _read(root / "figures.yml", FiguresFile, problems, refused)
    if figures is None:
        return ()
    return tuple(
        m.FigureDecision(d.quantity, d.action, d.note, tuple(d.others),
                         tuple((v.source, v.paragraph, v.value) for v in d.values), d.to,
                         origin(doc, ("decisions", i)))
        for i, d in enumerate(figures.decisions))
