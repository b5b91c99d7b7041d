"""Turning pydantic's validation errors into problems that say where and what to do."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from .schema import SLUG_HELP, SLUG_PATTERN, STORY_PATTERN
from .yamlread import Loc, YamlDoc

_KIND = {"string_type": "text", "list_type": "a list", "model_type": "a mapping (key: value lines)",
         "dict_type": "a mapping (key: value lines)", "int_parsing": "a whole number",
         "int_type": "a whole number"}

_CODE = {"missing": "missing-key", "extra_forbidden": "unknown-key", "string_pattern_mismatch": "bad-form",
         "value_error": "bad-value", "assertion_error": "bad-value", **{kind: "wrong-type" for kind in _KIND}}


def validate(model: type[BaseModel], doc: YamlDoc, loc: Loc = ()) -> tuple[BaseModel | None, list[Problem]]:
    """Validate the value at `loc` of `doc` against `model`."""
    value = doc.data
    for part in loc:
        value = value[part]
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        return None, [_problem(model, doc, loc, err) for err in exc.errors()]


def _problem(model: type[BaseModel], doc: YamlDoc, loc: Loc, err: dict) -> Problem:
    where = tuple(err["loc"])
    field = _dotted(where)
    kind = err["type"]
    if kind == "missing":
        message = f"{field}: required key is missing; add `{where[-1]}:`"
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(model, where[:-1])
        close = _synonym(str(where[-1]), allowed) or difflib.get_close_matches(str(where[-1]), allowed, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        message = f"{field}: unknown key; {hint}allowed keys here: {', '.join(allowed)}"
    elif kind in _KIND:
        message = f"{field}: expected {_KIND[kind]}, found {_describe(err.get('input'))}"
    elif kind == "string_pattern_mismatch" and where[-2:] == ("capture", "file"):
        message = (f"{field}: {err['input']!r} is not allowed: name the capture file with letters, digits, "
                   "dots, hyphens or underscores, ending in .txt (it is published as plain text)")
    elif kind == "string_pattern_mismatch" and where[-2:] == ("capture", "sha256"):
        message = (f"{field}: {err['input']!r} is not a SHA-256 (64 digits and letters a to f); the capture's "
                   "hash is given with the line to paste, next to this problem")
    elif kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == SLUG_PATTERN:
        message = f"{field}: {err['input']!r} is not a valid id: use {SLUG_HELP}"
    elif kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == STORY_PATTERN:
        message = (f"{field}: {err['input']!r} is not a story id: write the source id, a slash and the "
                   "story id shown on the source page, such as 002/s20")
    elif kind == "string_pattern_mismatch":
        message = f"{field}: {err['input']!r} does not have the expected form ({err['ctx']['pattern']})"
    elif kind in ("value_error", "assertion_error"):
        message = f"{field}: {err['msg'].removeprefix('Value error, ')}"
    else:
        message = f"{field}: {err['msg']}"
    return Problem(str(doc.path), doc.line_of(loc + where), message, code=_CODE.get(kind, "invalid-value"))


# Words people write for a key the schema names otherwise (any language's spelling close to these).
_SYNONYMS = {"author": "byline", "authors": "byline", "writer": "byline", "by": "byline", "date": "published",
             "headline": "title", "link": "url", "address": "url", "source": "outlet", "publisher": "outlet",
             "newspaper": "outlet", "place": "dateline", "location": "dateline", "lang": "language",
             "captured": "retrieved", "accessed": "retrieved", "hash": "sha256", "sha": "sha256", "note": "notes"}


def _synonym(key: str, allowed: list[str]) -> list[str]:
    word = difflib.get_close_matches(key.lower(), list(_SYNONYMS), n=1, cutoff=0.75)
    return [_SYNONYMS[word[0]]] if word and _SYNONYMS[word[0]] in allowed else []


def _dotted(where: tuple) -> str:
    if not where:
        return "(whole file)"
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None or value == "":
        return "nothing"
    return repr(value)


def _allowed_keys(model: type[BaseModel], where: tuple) -> list[str]:
    """The keys the schema allows at `where` (a path of keys and list indexes into `model`)."""
    annotation: object = model
    for part in where:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            annotation = info.annotation if info else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: object) -> object:
    """Strip Optional[...] and Annotated[...] around a model or list annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else annotation
            if len(rest) != 1:
                return annotation
        else:
            return annotation


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
