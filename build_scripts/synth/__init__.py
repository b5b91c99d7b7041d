"""Synthetic dossiers for tests and benchmarks: `write_dossier(out, n, seed)` writes a valid
dossier of `n` sources, the same bytes for the same seed.

The sources report invented events (talks, strikes, seizures, protests, ...) with invented
people, places and organisations (see `world.py`): outlets, dates, bylines and datelines
vary and are quoted from the captures; some captures bundle several stories, some carry
unrelated news (sport, weather) that no topic should take, some repeat agency copy word for
word, some carry furniture (share buttons, "READ ALSO" links, date lines) that the rules
remove. A few entities are named almost everywhere, as a dossier's main states are.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from .articles import make_source
from .world import make_world

RULES = {
    "fold_repeats": {"min_chars": 40},
    "headings": {"max_words": 14},
    "stories": {"min_paragraphs": 3},
    "furniture": [
        {"id": "share-buttons", "description": "Labels of the page's share buttons",
         "pattern": r"(?:icon-[a-z]+\s*)+|(?i:share(?: (?:on|via))?(?: (?:facebook|twitter|x|whatsapp))*)",
         "examples": ["icon-facebook icon-twitter", "Share on Facebook", "share"]},
        {"id": "read-also", "description": "A link to another article of the site",
         "pattern": r"(?i:read also|read more|see also)\s*:.*", "examples": ["READ ALSO: Talks resume"]},
        {"id": "date-line", "description": "A line that holds only the page's date",
         "pattern": r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                    r"oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})",
         "examples": ["Sun Nov 19 2023", "November 19, 2023"]},
        {"id": "copyright", "description": "The outlet's copyright line",
         "pattern": r"© \d{4} .{1,60}", "examples": ["© 2024 The Harbour Courier"]},
    ],
}
NAMES = {
    "leading_words": "The A An In On At As By For From To With Of And But Or According Asked Officials".split(),
    "connectors": ["of", "the"],
    "not_names": ["Security Council meeting"],
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the loader refuses YAML anchors
        return True


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_dossier(out: Path, n_sources: int, seed: int = 1) -> Path:
    """Write a synthetic dossier of `n_sources` sources into `out` (which must not hold files)."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose a new or empty folder")
    rng = random.Random(f"{seed}/world")
    world = make_world(n_sources, rng)
    files = {
        "dossier.yml": _dump({"title": f"Synthetic dossier of {n_sources:,} sources (seed {seed})",
                              "summary": "Invented reports on invented events, written for tests and benchmarks."}),
        "rules/normalise.yml": _dump(RULES),
        "lexicons/names.yml": _dump(NAMES),
    }
    kinds: dict[str, list] = {}
    for e in world.entities:
        item = {"id": e.id, "name": e.name, "kind": e.kind, "description": e.description}
        if e.aliases:
            item["aliases"] = e.aliases
        kinds.setdefault(e.kind, []).append(item)
    for kind, items in kinds.items():
        files[f"entities/{kind}.yml"] = _dump(items)
    for topic in world.topics:
        files[f"topics/{topic['slug']}.yml"] = _dump(topic)
    width = max(4, len(str(n_sources)))
    for i in range(n_sources):
        sid = f"s{i:0{width}d}"
        meta, capture = make_source(sid, i, world, seed)
        files[f"sources/{sid}/source.yml"] = _dump(meta)
        files[f"sources/{sid}/capture.txt"] = capture
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return out
