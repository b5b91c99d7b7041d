"""Quantities: figures grouped by what they measure, the editors' decisions applied
(`dossier/figures.yml`: confirm, merge, split), and disagreements flagged.

A quantity disagrees when its figures give more than one number and it is safe to compare
them: its subject is known (see figures.py), or an editor confirmed or merged it. A quantity
whose figures agree never disagrees, whatever an editor wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Dossier
from ..problems import Problem
from .figures import Figure


@dataclass(frozen=True)
class Quantity:
    id: str  # "crew@galaxy-leader"; an editor's id after a split
    label: str  # what it measures, in words
    figures: tuple[Figure, ...]  # in dossier order
    disagreement: bool  # different numbers for the same quantity
    decided: str  # "confirmed", "merged", "split" when an editor decided, else ""
    note: str  # the editor's note

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.value for f in self.figures))


def _label(f: Figure, names: dict[str, str]) -> str:
    what = f"{f.counted} {f.event}" if f.event else f.counted
    return f"{what} ({names.get(f.subject, f.subject)})" if f.subject else what


def _disagrees(figures: list[Figure], trusted: bool) -> bool:
    return trusted and len({f.number for f in figures}) > 1


def quantities(dossier: Dossier, figures: tuple[Figure, ...]) -> tuple[tuple[Quantity, ...], list[Problem]]:
    names = {e.id: e.name for e in dossier.entities}
    groups: dict[str, list[Figure]] = {}
    for f in figures:
        groups.setdefault(f.quantity, []).append(f)
    meta: dict[str, dict] = {qid: {"label": _label(fs[0], names), "decided": "", "note": "",
                                   "trusted": bool(fs[0].subject)} for qid, fs in groups.items()}
    problems = _apply(dossier, groups, meta)
    out = [Quantity(qid, meta[qid]["label"], tuple(sorted(fs)), _disagrees(fs, meta[qid]["trusted"]),
                    meta[qid]["decided"], meta[qid]["note"]) for qid, fs in groups.items() if fs]
    return tuple(sorted(out, key=lambda q: (not q.disagreement, q.id))), problems


def _apply(dossier: Dossier, groups: dict, meta: dict) -> list[Problem]:
    problems: list[Problem] = []
    for i, d in enumerate(dossier.figure_decisions):
        where = (d.origin.path or str(dossier.root / "figures.yml"), d.origin.line or 1)
        missing = [q for q in (d.quantity, *d.others) if q not in groups]
        if missing:
            problems.append(Problem(*where, (f"decisions[{i}]: {missing[0]!r} is not a quantity of the dossier; "
                                             "copy the id from the figures page (figures/index.md)")))
            continue
        entry = meta[d.quantity]
        entry.update(decided={"confirm": "confirmed", "merge": "merged", "split": "split"}[d.action],
                     note=d.note or "")
        if d.action in ("confirm", "merge"):
            entry["trusted"] = True
        for other in d.others:
            groups[d.quantity] += groups.pop(other)
            meta.pop(other)
        if d.action == "split":
            problems += _split(d, i, where, groups, meta)
    return problems


def _split(d, i: int, where: tuple[str, int], groups: dict, meta: dict) -> list[Problem]:
    moved = []
    for source, paragraph, value in d.values:
        match = [f for f in groups[d.quantity]
                 if (f.span.source, f.span.paragraph, f.value) == (source, paragraph, value)]
        if not match:
            return [Problem(*where, (
                f"decisions[{i}].values: no figure {value!r} in source {source} paragraph {paragraph} "
                f"belongs to {d.quantity!r}; copy source, paragraph and value from the figures page"))]
        moved += match
    groups[d.quantity] = [f for f in groups[d.quantity] if f not in moved]
    groups.setdefault(d.to, []).extend(moved)
    meta.setdefault(d.to, {"label": d.to, "decided": "split", "note": d.note or "", "trusted": True})
    return []
