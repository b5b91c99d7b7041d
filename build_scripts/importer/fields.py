"""The metadata of a new source: what the command line, the archive, the page's markup and
the text's own words establish, in that order; every other field unknown with the reason."""

from __future__ import annotations

from ..models import ATTESTED

OPTION_BASIS = "given by the editor who imported the capture (add --{name})"
UNKNOWN = {
    "title": "The capture gives no title that add could read; an editor may give it with --title.",
    "outlet": "The capture names no publisher that add could read.",
    "url": "The capture does not record the page's address.",
    "published": "The capture gives no date of publication that add could read.",
    "retrieved": "The capture does not record when it was made.",
    "language": "The capture does not declare its language.",
    "byline": "No author is named where add looks (byline, page metadata).",
    "dateline": "The text opens with no dateline.",
}
UNKNOWN_RETRIEVED_TEXT = "A text capture does not record when it was made; an editor may note it."


def merge(options: dict[str, str | None], *found: dict[str, dict]) -> dict[str, dict]:
    """One attested mapping per field: the first of options, then each `found` in order."""
    fields: dict[str, dict] = {}
    for name in ATTESTED:
        if options.get(name):
            fields[name] = {"value": options[name], "basis": OPTION_BASIS.format(name=name)}
            continue
        for source in found:
            if name in source:
                fields[name] = dict(source[name])
                break
        else:
            fields[name] = {"unknown": UNKNOWN[name]}
    return fields


def where(field: dict) -> str:
    """How a field is established, for the command's report."""
    if "quote" in field:
        return f"quote: {field['quote']!r}"
    return field.get("basis") or ""
