"""The default furniture rules (build_scripts/defaults/furniture.yml): the common furniture
of news sites, applied to every source after the dossier's own rules, unless a source opts
out (normalise.skip_rules) or the dossier has a rule of the same id, which replaces it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import models as m
from ..problems import Problem
from . import convert
from .files import check_rules, read_doc
from .schema import NormaliseRules
from .validate import validate
from .xrefcheck import Located

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "defaults" / "furniture.yml"


def with_defaults(rules: Located | None, problems: list[Problem]) -> tuple[Located | None, m.NormaliseRules]:
    """The dossier's rules followed by the defaults it does not replace: as a schema value for
    the cross-reference checks (the dossier's rules keep their index), and as the runtime rules."""
    own = rules.item if rules else NormaliseRules()
    model = convert.rules(own, rules.doc if rules else None)
    defaults = _read_defaults(problems)
    if defaults is None:
        return rules, model
    ids = {r.id for r in own.furniture}
    added = [r for r in defaults.item.furniture if r.id not in ids]
    merged = Located(own.model_copy(update={"furniture": [*own.furniture, *added]}),
                     rules.doc if rules else defaults.doc, ())
    keep = {r.id for r in added}
    extra = tuple(r for r in convert.rules(defaults.item, defaults.doc).furniture if r.id in keep)
    return merged, replace(model, furniture=model.furniture + extra)


def _read_defaults(problems: list[Problem]) -> Located | None:
    doc = read_doc(DEFAULT_RULES, problems)
    if doc is None or doc.data is None:
        return None
    value, found = validate(NormaliseRules, doc)
    problems += found
    if value is None:
        return None
    bad = check_rules(doc, value, problems)
    return Located(value.model_copy(update={"furniture": [r for r in value.furniture if r.id not in bad]}), doc, ())
