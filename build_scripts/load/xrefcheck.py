"""Checks across files: names that one file gives and another must know.

Run by the loader once every file is read, so each problem can name the exact line.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Any, NamedTuple

from ..analysis.matching import match_key
from ..problems import Problem, Severity
from .schema import Alias
from .yamlread import Loc, YamlDoc


class Located(NamedTuple):
    """An item read from a file, with where it was read."""

    item: Any
    doc: YamlDoc
    loc: Loc

    def problem(self, sub: Loc, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(str(self.doc.path), self.doc.line_of(self.loc + sub), message, severity, code="unknown-reference")


def check_cross_references(rules: Located | None, sources: list[Located], folders: set[str],
                           entities: list[Located], topics: list[Located]) -> list[Problem]:
    """`sources` are the sources that loaded; `folders` names every source folder, loaded or not.
    (Aliases confined to stories are checked once stories exist, by the normalise stage.)"""
    source_ids = {s.item.id for s in sources} | folders
    problems: list[Problem] = []
    for i, rule in enumerate(rules.item.furniture if rules else []):
        for k, sid in enumerate(rule.sources or []):
            if sid not in source_ids:
                problems.append(rules.problem(("furniture", i, "sources", k), (
                    f"furniture[{i}].sources: no source has the id {sid!r}{suggest(sid, source_ids)}")))
    rule_ids = {r.id for r in rules.item.furniture} if rules else set()
    for s in sources:
        for k, rid in enumerate(s.item.meta.normalise.skip_rules):
            if rid not in rule_ids:
                problems.append(s.problem(("normalise", "skip_rules", k), (
                    f"normalise.skip_rules: no furniture rule has the id {rid!r}{suggest(rid, rule_ids)}")))
    problems += _check_aliases(entities, source_ids)
    problems += _check_topics(topics, {e.item.id for e in entities})
    return problems


def suggest(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _scope(alias: Alias) -> set[str] | None:
    """Where a confined alias applies: source ids and source/story ids (None: everywhere)."""
    if alias.sources is None and alias.stories is None:
        return None
    return set(alias.sources or []) | set(alias.stories or [])


def _overlap(mine: set[str] | None, theirs: set[str] | None) -> bool:
    if mine is None or theirs is None:
        return True
    sources = lambda scope: {s.split("/")[0] for s in scope if "/" not in s}  # noqa: E731
    return bool(mine & theirs) or any(s.split("/")[0] in sources(theirs) for s in mine) or any(
        s.split("/")[0] in sources(mine) for s in theirs)


def _forms(alias: Alias) -> set[str]:
    """The texts an alias matches: a lower-case initial also matches capitalised (a sentence start)."""
    if alias.case == "insensitive":
        return {match_key(alias.text, True)}
    key = match_key(alias.text, False)
    return {key, key[:1].upper() + key[1:]}


def _check_aliases(entities: list[Located], source_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    by_key: dict[str, list[tuple[Located, int, Alias]]] = defaultdict(list)
    for ent in entities:
        listed = ent.item.all_aliases()
        offset = len(listed) - len(ent.item.aliases)  # 1 when the name is prepended
        for i, alias in enumerate(listed):
            sub = ("aliases", i - offset) if i >= offset else ("name",)
            for k, sid in enumerate(alias.sources or []):
                if sid not in source_ids:
                    problems.append(ent.problem((*sub, "sources", k), (
                        f"alias {alias.text!r}: no source has the id {sid!r}{suggest(sid, source_ids)}")))
            by_key[match_key(alias.text, True)].append((ent, sub, alias))
    for owners in by_key.values():
        for n, (ent, sub, alias) in enumerate(owners):
            for other, other_sub, other_alias in owners[:n]:
                problems += _alias_clash(ent, sub, alias, other, other_sub, other_alias)
    return problems


def _alias_clash(ent, sub, alias, other, other_sub, other_alias) -> list[Problem]:
    if "insensitive" not in (alias.case, other_alias.case) and not _forms(alias) & _forms(other_alias):
        return []
    if ent.item.id == other.item.id:
        return [ent.problem(sub, f"alias {alias.text!r} is listed twice for {ent.item.id!r}; keep one", Severity.WARNING)]
    if not _overlap(_scope(alias), _scope(other_alias)):
        return []
    first = f"{other.doc.path}:{other.doc.line_of(other.loc + other_sub)}"
    return [ent.problem(sub, (
        f"alias {alias.text!r} of {ent.item.id!r} is also an alias of {other.item.id!r} ({first}); a mention "
        "could not be attributed: keep it on one entity, or limit both with `sources:` or `stories:`"))]


def _dotted(where: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(where))


def _check_topics(topics: list[Located], entity_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    slugs = {t.item.slug for t in topics}
    for top in topics:
        topic = top.item
        groups = [(("match",), topic.match)]
        if isinstance(topic.match.requires, list):
            groups += [(("match", "requires", k), g) for k, g in enumerate(topic.match.requires)]
        elif topic.match.requires is not None:
            groups.append((("match", "requires"), topic.match.requires))
        for where, group in groups:
            ids = [("entities", group.entities)] + ([("anchors", group.anchors)] if where == ("match",) and group.anchors else [])
            for field, listed in ids:
                for k, eid in enumerate(listed):
                    if eid not in entity_ids:
                        problems.append(top.problem((*where, field, k), (
                            f"{_dotted(where)}.{field}: no entity has the id {eid!r}{suggest(eid, entity_ids)}; "
                            "add it to dossier/entities/ or correct the id")))
            for k, term in enumerate(group.terms):
                if "*" in term.rstrip("*") or term.count("*") > 1 or not term.strip("* "):
                    problems.append(top.problem((*where, "terms", k), (
                        f"{_dotted(where)}.terms: {term!r}: a * may only end a term (sever* matches severing)")))
        if topic.match.terms_alone:
            problems.append(top.problem(("match", "terms_alone"), (
                "match.terms_alone: terms make passages with no anchoring entity, so any story using "
                "these words joins the topic; list anchoring `entities` or `anchors` instead"), Severity.WARNING))
        for k, rel in enumerate(topic.related):
            if rel == topic.slug:
                problems.append(top.problem(("related", k), "related: a topic cannot be related to itself; remove it", Severity.WARNING))
            elif rel not in slugs:
                problems.append(top.problem(("related", k), f"related: no topic has the slug {rel!r}{suggest(rel, slugs)}"))
    return problems
