"""Stage 1, load: read every file of `dossier/` into one immutable `Dossier`.

Nothing is guessed and nothing stops at the first problem: every file is read, every
problem is collected with its file and line, and the caller stops once. The files are
validated against their schema (`schema.py`) and converted to the runtime models
(`convert.py`); reading text is derived later, by the normalise stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .. import source_cache
from ..compare_models import FigureDecision, Term
from ..models import Dossier, NormaliseRules as NormaliseRulesModel  # (schema.NormaliseRules is the file's)
from ..problems import Problem, Severity, UsageError
from . import convert
from .defaults import with_defaults
from .annotations import load_annotations
from .compare import load_figure_decisions, load_wording
from .files import check_rules, is_refused, read_doc, refuse_links
from .schema import DossierMeta, Entity, NamesLexicon, NormaliseRules, Topic
from .sources import load_source
from .validate import validate
from .xrefcheck import Located, check_cross_references

__all__ = ["load"]


def load(root: Path) -> tuple[Dossier | None, list[Problem]]:
    """Read the dossier at `root`; the dossier is None when any problem is an error."""
    if not root.is_dir():
        raise UsageError(f"no dossier folder at {root}: pass --dossier with the folder that holds dossier.yml")
    problems: list[Problem] = []
    refused = refuse_links(root, problems)
    if root in refused:
        return None, problems
    origins: dict[str, tuple[str, int]] = {}
    folders = sorted(p for p in (root / "sources").iterdir() if p.is_dir()) if (root / "sources").is_dir() else []
    cache = source_cache.folder_for(root)
    kept = [f for f in folders if not is_refused(f, refused)]
    # The editor's files are read here while worker processes load the sources; their problems
    # come first, as the sources' are added once the editor's files are read.
    editor: list[_EditorFiles] = []
    loaded = source_cache.load_all(kept, cache, problems, origins, load_source, refused,
                                   meanwhile=lambda: editor.append(_editor_files(root, problems, origins, refused)))
    sources = [s for s in loaded if s is not None]
    meta, rules, runtime_rules, names, wording, figure_decisions, entities, topics = editor[0]
    problems += check_cross_references(rules, sources, {f.name for f in folders}, entities, topics)
    annotations, found = load_annotations(root, {"sources": {f.name for f in folders},
                                                 "entities": {e.item.id for e in entities},
                                                 "topics": {t.item.slug for t in topics}}, refused)
    problems += found
    if meta is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    dossier = Dossier(
        root=root,
        meta=convert.dossier_meta(meta.item, meta.doc),
        rules=runtime_rules,
        sources=tuple(sorted((s.item for s in sources), key=lambda s: s.id)),
        entities=tuple(sorted((convert.entity(e.item, e.doc, e.loc) for e in entities), key=lambda e: e.id)),
        topics=tuple(sorted((convert.topic(t.item, t.doc, t.loc) for t in topics), key=lambda t: t.slug)),
        names=convert.names(names.item if names else NamesLexicon()),
        annotations=annotations,
        wording=wording,
        figure_decisions=figure_decisions,
    )
    return dossier, problems


class _EditorFiles(NamedTuple):
    meta: Located | None
    rules: Located | None
    runtime_rules: NormaliseRulesModel
    names: Located | None
    wording: tuple[Term, ...]
    figure_decisions: tuple[FigureDecision, ...]
    entities: list[Located]
    topics: list[Located]


def _editor_files(root: Path, problems: list[Problem], origins: dict, refused: frozenset[Path]) -> _EditorFiles:
    """Every file of the dossier but the sources', validated: the dossier's metadata, the
    furniture rules (with the defaults), the lexicons, the entities and the topics."""
    meta = _one(root / "dossier.yml", DossierMeta, problems, refused, required=True)
    rules = _one(root / "rules" / "normalise.yml", NormaliseRules, problems, refused)
    if rules is not None:
        bad = check_rules(rules.doc, rules.item, problems)
        kept = [r for r in rules.item.furniture if r.id not in bad]
        rules = Located(rules.item.model_copy(update={"furniture": kept}), rules.doc, ())
    rules, runtime_rules = with_defaults(rules, problems)
    names = _one(root / "lexicons" / "names.yml", NamesLexicon, problems, refused)
    wording, figure_decisions = load_wording(root, problems, refused), load_figure_decisions(root, problems, refused)
    entities = _many(root / "entities", Entity, "id", "entity", problems, origins, refused, listed=True)
    topics = _many(root / "topics", Topic, "slug", "topic", problems, origins, refused, listed=False)
    return _EditorFiles(meta, rules, runtime_rules, names, wording, figure_decisions, entities, topics)


def _one(path: Path, model, problems: list[Problem], refused: frozenset[Path],
         required: bool = False) -> Located | None:
    """The single item of the file at `path`, with its document; None when absent or bad."""
    if is_refused(path, refused):
        return None
    if not path.is_file():
        if required:
            problems.append(Problem(str(path), 1, "file is missing; create it (see README.md, 'The data')",
                                    code="missing-file"))
        return None
    doc = read_doc(path, problems)
    if doc is None:
        return None
    if doc.data is None:
        if required:
            problems.append(Problem(str(path), 1, "file is empty; fill in its keys (see README.md, 'The data')",
                                    code="empty-file"))
        return None
    value, found = validate(model, doc)
    problems += found
    return None if value is None else Located(value, doc, ())


def _many(folder: Path, model, key: str, kind: str, problems, origins, refused, *, listed: bool) -> list[Located]:
    """Items of every `*.yml` in `folder`: a list of items per file, or one item per file."""
    items = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        if is_refused(path, refused):
            continue
        doc = read_doc(path, problems)
        if doc is None or doc.data is None:
            continue
        if listed and not isinstance(doc.data, list):
            problems.append(Problem(str(path), 1, f"expected a list of {kind} entries (each starting with `- {key}:`)",
                                    code="wrong-type"))
            continue
        for loc in [(i,) for i in range(len(doc.data))] if listed else [()]:
            item, found = validate(model, doc, loc)
            problems += found
            if item is None:
                continue
            name = getattr(item, key)
            here = (str(path), doc.line_of(loc))
            if f"{kind}:{name}" in origins:
                first = origins[f"{kind}:{name}"]
                problems.append(Problem(here[0], here[1], (
                    f"{key}: {kind} {name!r} is already defined at {first[0]}:{first[1]}; "
                    f"give each {kind} its own {key} or merge the two"), code="duplicate-id"))
                continue
            origins[f"{kind}:{name}"] = here
            items.append(Located(item, doc, loc))
    return items
