"""The sections of the change report: each compares the base's export with the working
tree's and returns its Markdown lines (none when it has nothing to say).

Every value that comes from the dossier is shown through `markup.code` (a code span), so the
report renders on GitHub exactly as written. To report a new part of the export, add a
section to `SECTIONS` (or a key to `NEW_ITEMS` for a list whose new entries are worth
listing); a section whose key is missing from either export is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import ATTESTED
from ..problems import Severity, display_path
from ..render.markup import code, plural

if TYPE_CHECKING:
    from . import Snapshot

MAX_ITEMS = 50  # entries listed per section; the rest are counted


def _by(items: list[dict], key: str) -> dict[str, dict]:
    return {item[key]: item for item in items}


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_ITEMS:
        return lines
    return lines[:MAX_ITEMS] + [f"- \u2026 and {len(lines) - MAX_ITEMS} more"]


def provenance(source: dict) -> str:
    """How completely a source's metadata is established, in words."""
    kinds: dict[str, list[str]] = {"quote": [], "basis": [], "unknown": []}
    for name in ATTESTED:
        field = source["provenance"][name]
        kinds["unknown" if "unknown" in field else "quote" if "quote" in field else "basis"].append(name)
    known = len(kinds["quote"]) + len(kinds["basis"])
    parts = [f"{kind}: {', '.join(names)}" for kind, names in kinds.items() if names]
    return f"{known} of {len(ATTESTED)} fields established ({'; '.join(parts)})"


def _source_line(source: dict) -> str:
    title = source["title"] or source["label"] or "(no title)"
    return f"{code(source['id'])} {code(title, 120)}"


def sources(base: dict, head: dict) -> list[str]:
    old, new = _by(base["sources"], "id"), _by(head["sources"], "id")
    lines: list[str] = []
    added = [f"- added {_source_line(new[s])}: {provenance(new[s])}" for s in sorted(new.keys() - old.keys())]
    changed = [f"- changed {_source_line(new[s])}: {', '.join(what)}; {provenance(new[s])}"
               for s in sorted(new.keys() & old.keys()) if (what := _source_changes(old[s], new[s]))]
    removed = [f"- removed {_source_line(old[s])}" for s in sorted(old.keys() - new.keys())]
    lines += _capped(added) + _capped(changed) + _capped(removed)
    return ["## Sources", "", *lines] if lines else []


def _source_changes(old: dict, new: dict) -> list[str]:
    what = []
    if old["sha256"] != new["sha256"]:
        what.append("new capture")
    fields = [name for name in ATTESTED if old["provenance"][name] != new["provenance"][name]]
    if fields:
        what.append(f"metadata ({', '.join(fields)})")
    if [p["text"] for p in old["paragraphs"]] != [p["text"] for p in new["paragraphs"]]:
        what.append(f"reading text ({len(old['paragraphs'])} \u2192 {plural(len(new['paragraphs']), 'paragraph')})")
    if (old["label"], old["notes"]) != (new["label"], new["notes"]):
        what.append("label or notes")
    return what


def _count_change(before: int, after: int) -> str:
    return f"{before} \u2192 {after} ({after - before:+d})"


def topics(base: dict, head: dict) -> list[str]:
    old, new = _by(base["topics"], "slug"), _by(head["topics"], "slug")
    lines = [f"- new topic {code(s)} {code(new[s]['title'])}: {plural(len(new[s]['passages']), 'passage')} "
             f"in {plural(len(new[s]['sources']), 'source')}" for s in sorted(new.keys() - old.keys())]
    for slug in sorted(new.keys() & old.keys()):
        a, b = old[slug], new[slug]
        before, after = len(a["passages"]), len(b["passages"])
        gained, lost = sorted(set(b["sources"]) - set(a["sources"])), sorted(set(a["sources"]) - set(b["sources"]))
        if before == after and not gained and not lost:
            continue
        line = f"- {code(slug)} passages {_count_change(before, after)}"
        line += "".join(f"; {label} {', '.join(code(s) for s in ids)}"
                        for label, ids in (("gains sources", gained), ("loses sources", lost)) if ids)
        lines.append(line)
    lines += [f"- topic removed {code(s)} {code(old[s]['title'])}" for s in sorted(old.keys() - new.keys())]
    return ["## Topics", "", *_capped(lines)] if lines else []


def entities(base: dict, head: dict) -> list[str]:
    old, new = _by(base["entities"], "id"), _by(head["entities"], "id")
    removed, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    renamed = {}
    for r in removed:
        names = {old[r]["name"], *old[r]["aliases"]}
        match = next((a for a in added if a not in renamed.values() and names & {new[a]["name"], *new[a]["aliases"]}), None)
        if match:
            renamed[r] = match
    lines = []
    for r, a in renamed.items():
        lines.append(f"- renamed {code(r)} \u2192 {code(a)} ({code(new[a]['name'])}): the page entities/{a}/ replaces "
                     f"entities/{r}/; mentions {_count_change(len(old[r]['mentions']), len(new[a]['mentions']))}")
    lines += [f"- new entity {code(a)} {code(new[a]['name'])}: {plural(len(new[a]['mentions']), 'mention')}"
              for a in added if a not in renamed.values()]
    lines += [f"- entity removed {code(r)} {code(old[r]['name'])} (had {plural(len(old[r]['mentions']), 'mention')})"
              for r in removed if r not in renamed]
    for eid in sorted(new.keys() & old.keys()):
        before, after = len(old[eid]["mentions"]), len(new[eid]["mentions"])
        if before != after:
            lines.append(f"- {code(eid)} {code(new[eid]['name'])} mentions {_count_change(before, after)}")
    return ["## Entities", "", *_capped(lines)] if lines else []


def lost_paragraphs(base: dict, head: dict) -> list[str]:
    """Paragraph ids of the base that the working tree no longer has: links to them break."""
    now = {(s["id"], p["id"]) for s in head["sources"] for p in s["paragraphs"]}
    gone = [(s["id"], p["id"]) for s in base["sources"] for p in s["paragraphs"] if (s["id"], p["id"]) not in now]
    if not gone:
        return []
    linked: dict[tuple[str, str], set[str]] = {}
    for topic in base["topics"]:
        for passage in topic["passages"]:
            linked.setdefault((passage["source"], passage["paragraph"]), set()).add(f"topics/{topic['slug']}/")
    for entity in base["entities"]:
        for mention in entity["mentions"]:
            linked.setdefault((mention["source"], mention["paragraph"]), set()).add(f"entities/{entity['id']}/")
    kept = {s["id"] for s in head["sources"]}
    lines = []
    for sid in dict.fromkeys(sid for sid, _ in gone):
        ids = [pid for s, pid in gone if s == sid]
        if sid in kept:
            lines += [f"- {code(f'sources/{sid}/#{pid}')}{_linked(linked.get((sid, pid), set()))}" for pid in ids]
        else:  # the whole source is gone: one line
            pages = set().union(*(linked.get((sid, pid), set()) for pid in ids))
            lines.append(f"- {code(f'sources/{sid}/')} (source removed: {plural(len(ids), 'paragraph')}){_linked(pages)}")
    return ["## Paragraph ids that disappeared", "",
            "Links to these anchors (from the site or from elsewhere) no longer lead to their paragraph.", "",
            *_capped(lines)]


def _linked(pages: set[str]) -> str:
    return f"; linked from {', '.join(code(p) for p in sorted(pages))}" if pages else ""


def unknown_metadata(base: dict, head: dict) -> list[str]:
    old = _by(base["sources"], "id")
    lines = []
    for source in head["sources"]:
        for name in ATTESTED:
            field = source["provenance"][name]
            before = old.get(source["id"], {}).get("provenance", {}).get(name, {})
            if "unknown" in field and before.get("unknown") != field["unknown"]:
                lines.append(f"- {code(source['id'])} {name}: {code(field['unknown'])}")
    return ["## New unknown metadata", "", *_capped(lines)] if lines else []


def name_candidates(base: dict, head: dict) -> list[str]:
    new = sorted(set(head.get("name_candidates", ())) - set(base.get("name_candidates", ())))
    if not new:
        return []
    return ["## New name candidates", "",
            "Capitalised names that no entity covers (add them to an entity, or to `not_names`):", "",
            *_capped([f"- {code(name)}" for name in new])]


# Lists of the export whose new entries the report lists, once the features that add them land.
NEW_ITEMS = {
    "shared_text": "New shared text",
    "quotes": "New quotation variants",
    "figures": "New figure disagreements",
    "timeline": "New timeline entries",
    "annotations": "Orphaned annotations",
}


def _summary(item: object) -> str:
    if not isinstance(item, dict):
        return code(json.dumps(item, ensure_ascii=False))
    scalars = [(k, v) for k, v in item.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    return ", ".join(f"{k} {code(str(v), 120)}" for k, v in scalars[:4]) or code(json.dumps(item, ensure_ascii=False))


def new_items(key: str, title: str) -> Callable[[dict, dict], list[str]]:
    def section(base: dict, head: dict) -> list[str]:
        if not isinstance(base.get(key), list) or not isinstance(head.get(key), list):
            return []  # the feature is not in both exports (yet)
        seen = {json.dumps(item, sort_keys=True) for item in base[key]}
        items = [item for item in head[key] if json.dumps(item, sort_keys=True) not in seen]
        if key == "annotations":  # newly orphaned: the words they were anchored on are gone
            items = [i for i in items if isinstance(i, dict) and i.get("status") == "orphan"]
        return [f"## {title}", "", *_capped([f"- {_summary(i)}" for i in items])] if items else []
    return section


SECTIONS: list[Callable[[dict, dict], list[str]]] = [
    sources, topics, entities, lost_paragraphs, unknown_metadata, name_candidates,
    *(new_items(key, title) for key, title in NEW_ITEMS.items()),
]


def _shown_path(path: str, top: Path | None) -> str:
    """A problem's file relative to the repository's top (as the pull request shows it)."""
    if top is not None:
        try:
            return Path(path).resolve().relative_to(top).as_posix()
        except ValueError:
            pass
    return display_path(path)


def problems_section(head: Snapshot, top: Path | None = None) -> list[str]:
    shown = [p for p in head.problems if p.code != "name-candidate"]
    counts = {s: sum(p.severity is s for p in shown) for s in Severity}
    lines = ["## Problems (`check`)", ""]
    if not shown:
        return lines + ["None: `check` finds no problem."]
    lines.append(", ".join(plural(counts[s], s.name.lower()) for s in reversed(Severity)) + ":")
    lines.append("")
    for p in shown:
        lines.append(f"- {p.severity.name.lower()} at {code(f'{_shown_path(p.path, top)}:{p.line}')}: {code(p.message, 2000)}")
        if p.fix:
            lines.append(f"  fix: {code(p.fix)}")
    return lines


def render_report(base: Snapshot, head: Snapshot, ref: str, sha: str, top: Path | None = None) -> str:
    lines = ["# Change report", "", f"Compared with {code(ref)} (commit {code(sha[:12])})."]
    if head.export is None:
        lines += ["", "The dossier has errors, so what it changes cannot be shown until they are fixed. "
                      "Each problem says what to do:"]
    elif base.export is None:
        lines += ["", "The base's dossier has errors, so it is compared as if it were empty."]
    lines.append("")
    if head.export is not None:
        old = base.export or {"sources": [], "entities": [], "topics": [], "name_candidates": []}
        body = [line for section in SECTIONS if (part := section(old, head.export)) for line in [*part, ""]]
        lines += body or ["No change to sources, topics or entities.", ""]
    lines += problems_section(head, top)
    return "\n".join(lines).rstrip("\n") + "\n"
