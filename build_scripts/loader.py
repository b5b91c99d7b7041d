"""Stage 1, load: read every file of `dossier/` into one immutable `Dossier`.

Nothing is guessed and nothing stops at the first problem: every file is read, every
problem is collected with its file and line, and the caller stops once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import source_cache
from .models import Dossier, Source
from .normalise import compile_pattern, derive_reading
from .problems import Problem, Severity, UsageError
from .schema import (
    ATTESTED,
    DossierMeta,
    Entity,
    NamesLexicon,
    NormaliseRules,
    SourceMeta,
    Topic,
)
from .validate import validate
from .xrefcheck import Located, check_cross_references
from .yamlread import YamlDoc, read_yaml

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load(root: Path) -> tuple[Dossier | None, list[Problem]]:
    """Read the dossier at `root`; the dossier is None when any problem is an error."""
    if not root.is_dir():
        raise UsageError(f"no dossier folder at {root}: pass --dossier with the folder that holds dossier.yml")
    problems: list[Problem] = []
    origins: dict[str, tuple[str, int]] = {}
    meta, _ = _one(root / "dossier.yml", DossierMeta, problems, required=True)
    rules, rules_doc = _one(root / "rules" / "normalise.yml", NormaliseRules, problems)
    if rules is None:
        rules = NormaliseRules()
    else:
        bad = _check_rules(rules_doc, rules, problems)
        rules = rules.model_copy(update={"furniture": [r for r in rules.furniture if r.id not in bad]})
    names = _one(root / "lexicons" / "names.yml", NamesLexicon, problems)[0] or NamesLexicon()
    entities = _many(root / "entities", Entity, "id", "entity", problems, origins, listed=True)
    topics = _many(root / "topics", Topic, "slug", "topic", problems, origins, listed=False)
    folders = sorted(p for p in (root / "sources").iterdir() if p.is_dir()) if (root / "sources").is_dir() else []
    cache, rules_digest = source_cache.folder_for(root), hashlib.sha256(rules.model_dump_json().encode()).hexdigest()
    sources = [s for s in (_cached_source(f, rules, rules_digest, cache, problems, origins) for f in folders)
               if s is not None]
    problems += check_cross_references(rules, rules_doc, sources, {f.name for f in folders}, entities, topics)
    if meta is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    dossier = Dossier(
        root=root,
        meta=meta,
        rules=rules,
        sources=tuple(sorted((s.item for s in sources), key=lambda s: s.id)),
        entities=tuple(sorted((e.item for e in entities), key=lambda e: e.id)),
        topics=tuple(sorted((t.item for t in topics), key=lambda t: t.slug)),
        names=names,
        origins=origins,
    )
    return dossier, problems


def _read_doc(path: Path, problems: list[Problem]) -> YamlDoc | None:
    text = _decode(path, path.read_bytes(), problems)
    if text is None:
        return None
    doc, found = read_yaml(path, text)
    problems += found
    return doc


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(str(path), line, (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 text (for a capture, note the conversion in capture.method)")))
        return None


def _one(path: Path, model, problems: list[Problem], required: bool = False):
    """The single item of the file at `path`, and its document; (None, None) when absent or bad."""
    if not path.is_file():
        if required:
            problems.append(Problem(str(path), 1, "file is missing; create it (see README.md, 'The data')"))
        return None, None
    doc = _read_doc(path, problems)
    if doc is None:
        return None, None
    if doc.data is None:
        if required:
            problems.append(Problem(str(path), 1, "file is empty; fill in its keys (see README.md, 'The data')"))
        return None, None
    value, found = validate(model, doc)
    problems += found
    return value, doc


def _many(folder: Path, model, key: str, kind: str, problems, origins, *, listed: bool) -> list[Located]:
    """Items of every `*.yml` in `folder`: a list of items per file, or one item per file."""
    items = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        doc = _read_doc(path, problems)
        if doc is None or doc.data is None:
            continue
        if listed and not isinstance(doc.data, list):
            problems.append(Problem(str(path), 1, f"expected a list of {kind} entries (each starting with `- {key}:`)"))
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
                    f"give each {kind} its own {key} or merge the two")))
                continue
            origins[f"{kind}:{name}"] = here
            items.append(Located(item, doc, loc))
    return items


def _check_rules(doc: YamlDoc, rules: NormaliseRules, problems: list[Problem]) -> set[str]:
    """Check the furniture rules; returns the ids of rules whose pattern does not compile."""
    seen: set[str] = set()
    bad: set[str] = set()
    for i, rule in enumerate(rules.furniture):
        def at(*loc, i=i):
            return doc.line_of(("furniture", i, *loc))
        if rule.id in seen:
            problems.append(Problem(str(doc.path), at("id"), f"furniture[{i}].id: {rule.id!r} is the id of an earlier rule; rename one"))
        seen.add(rule.id)
        try:
            regex = compile_pattern(rule.pattern)
        except Exception as exc:  # re2.error carries bytes
            detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            problems.append(Problem(str(doc.path), at("pattern"), f"furniture[{i}].pattern: not a valid RE2 expression: {detail}"))
            bad.add(rule.id)
            continue
        for k, example in enumerate(rule.examples):
            hit = regex.fullmatch(example) if rule.action == "drop" else regex.search(example)
            if not hit:
                problems.append(Problem(str(doc.path), at("examples", k), (
                    f"furniture[{i}].examples[{k}]: {example!r} is not matched by the rule's pattern "
                    "(a drop rule must match the whole paragraph); fix the pattern or the example")))
    return bad


def _cached_source(folder: Path, rules: NormaliseRules, rules_digest: str, cache: Path | None,
                   problems: list[Problem], origins) -> Located | None:
    """`_source`, from the cache when the folder, the rules and the code are unchanged."""
    k = source_cache.key(folder, rules_digest)
    hit = source_cache.get(cache, k)
    if hit is None:
        found: list[Problem] = []
        mine: dict[str, tuple[str, int]] = {}
        located = _source(folder, rules, found, mine)
        hit = (located, found, mine)
        if not any(p.severity is Severity.ERROR for p in found):
            source_cache.put(cache, k, hit)
    located, found, mine = hit
    for name, here in mine.items():
        if name in origins:  # the same id in two folders
            first = origins[name]
            problems.append(Problem(here[0], here[1], (
                f"id: {name.split(':', 1)[1]!r} is already the id of the source at {first[0]}:{first[1]}; "
                "every source needs its own id (and a folder of that name)")))
            return None
    origins.update(mine)
    problems += found
    return located


def _source(folder: Path, rules: NormaliseRules, problems: list[Problem], origins) -> Located | None:
    meta_path = folder / "source.yml"
    if not meta_path.is_file():
        problems.append(Problem(str(meta_path), 1, "source folder has no source.yml; add its metadata (see README.md)"))
        return None
    doc = _read_doc(meta_path, problems)
    if doc is None:
        return None
    meta, found = validate(SourceMeta, doc)
    problems += found
    if meta is None:
        return None
    id_line = doc.line_of(("id",))
    if f"source:{meta.id}" in origins:
        first = origins[f"source:{meta.id}"]
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} is already the id of the source at {first[0]}:{first[1]}; "
            "every source needs its own id (and a folder of that name)")))
        return None
    origins[f"source:{meta.id}"] = (str(meta_path), id_line)
    if meta.id != folder.name:
        problems.append(Problem(str(meta_path), id_line, (
            f"id: {meta.id!r} differs from the folder name {folder.name!r}; "
            "rename the folder or the id so that they are the same")))
    capture = _capture(folder, meta, doc, problems)
    if capture is None:
        return None
    data, text = capture
    for field in ATTESTED:
        quote = getattr(meta, field).quote
        if quote is not None and quote not in text:
            problems.append(Problem(str(meta_path), doc.line_of((field, "quote")), (
                f"{field}.quote is not in the capture word for word: {quote!r}; copy the words "
                "exactly as the capture has them (apostrophes and quotation marks included)")))
    reading, issues = derive_reading(text, meta, rules)
    problems += [Problem(str(meta_path), doc.line_of(loc), msg) for loc, msg in issues]
    capture_path = folder / meta.capture.file
    if not reading.paragraphs:
        problems.append(Problem(str(capture_path), 1, (
            "no reading text is left once the furniture rules have run; check the rules in "
            "rules/normalise.yml, or list one in this source's normalise.skip_rules")))
    return Located(Source(meta, folder, meta_path, capture_path, data, text, reading), doc, ())


def _capture(folder: Path, meta: SourceMeta, doc: YamlDoc, problems: list[Problem]) -> tuple[bytes, str] | None:
    """The capture's bytes and text, once its hash, encoding and content are checked.
    (The schema allows only a plain `*.txt` name, so the file is in the source's folder.)"""
    name = meta.capture.file
    meta_path = str(folder / "source.yml")
    path = folder / name
    if not path.is_file():
        problems.append(Problem(meta_path, doc.line_of(("capture", "file")), (
            f"capture.file: the capture {name!r} is missing from {folder.as_posix()}/; add the file "
            "exactly as received, or correct the name")))
        return None
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != meta.capture.sha256:
        problems.append(Problem(meta_path, doc.line_of(("capture", "sha256")), (
            f"capture.sha256: {name} has SHA-256 {actual}, but {meta.capture.sha256} is recorded; "
            "a capture is never edited: restore the file as received (a new capture is a new source)")))
        return None
    text = _decode(path, data, problems)
    if text is None:
        return None
    if not text.strip().strip("\ufeff"):
        problems.append(Problem(str(path), 1, (
            f"the capture is empty ({len(data)} bytes, no text); add the captured text, "
            "or remove the source")))
        return None
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(str(path), line, (
            f"the capture holds the control character U+{ord(match.group()):04X}; it is shown as a "
            "symbol on the site: check the capture was saved as text"), Severity.WARNING))
    return data, text
