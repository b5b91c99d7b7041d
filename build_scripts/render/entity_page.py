"""The page of one entity: aliases seen, mentions by source, company kept, topics."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..analysis.matching import match_key
from ..models import Analysis, Dossier, Entity, Mention
from ..credits import editor
from .listings import source_link_html
from .markup import (
    front_matter,
    heading,
    html_table,
    inline,
    link,
    marked,
    md,
    md_link,
    page_path,
    plural,
    raw,
    text_description,
)
from .paging import chunk_path, chunks, group_by_source, pager
from .prose import byline, plain_text, prose_inline
from .source_page import number

_POSSESSIVE = re.compile(r"['’ʼ]s?$")
CONTEXT = 60  # characters of the paragraph shown on each side of a mention


def snippet(text: str, start: int, end: int) -> str:
    """The mention in its paragraph, as HTML: verbatim words, the mention marked."""
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    if left > 0 and not text[left - 1].isspace():  # never cut a word: start after the next space
        left = next((i + 1 for i in range(left, start) if text[i].isspace()), start)
    if right < len(text) and not text[right].isspace():  # and end before the last space
        right = next((i for i in range(right - 1, end - 1, -1) if text[i].isspace()), end)
    return ("…" if left else "") + marked(text[left:right], start - left, end - left, "dossier-mention") + (
        "…" if right < len(text) else "")


def render_entity(dossier: Dossier, analysis: Analysis, entity: Entity) -> str:
    """The entity's own page (the first page of its mentions)."""
    return render_entity_pages(dossier, analysis, entity)[page_path("entities", entity.id)]


def render_entity_pages(dossier: Dossier, analysis: Analysis, entity: Entity) -> dict[str, str]:
    """The entity's page, and further pages of mentions when they are many (see paging.py)."""
    here = page_path("entities", entity.id)
    mentions = analysis.by_entity.get(entity.id, ())
    groups = group_by_source(mentions)
    pages = chunks(groups)
    head = f"*{entity.kind}* · {prose_inline(dossier, entity.description, here)}"
    if entity.wikidata:
        head += f" · Wikidata [{entity.wikidata}](https://www.wikidata.org/wiki/{entity.wikidata})"
    head += f"\n\n{byline(editor(dossier.meta), 'description')}\n{{: .dossier-byline }}"
    description = text_description(f"{entity.name} ({entity.kind}): {plain_text(entity.description)}")
    edit = _entity_file(dossier, entity)
    parts = [front_matter(entity.name, description=description, search={"boost": True}, **({"edit": edit} if edit else {})),
             f"# {heading(entity.name)}", head]
    if not mentions:
        parts.append("No source names this entity yet.")
    else:
        parts.append(f"Named {plural(len(mentions), 'time')} in {plural(len(groups), 'source')}.")
        parts += ["## Aliases seen", _aliases(entity, mentions)]
        parts += ["## Mentions by source", *_paged(dossier, entity, groups, pages, 0, here)]
        parts += ["## Appears with", _company(dossier, analysis, mentions, entity, here)]
    parts += ["## Topics", _topics(dossier, analysis, entity, mentions, here)]
    out = {here: "\n\n".join(parts) + "\n"}
    for k in range(1, len(pages)):
        path = chunk_path("entities", entity.id, k)
        title = f"{entity.name}: mentions, page {k + 1} of {len(pages)}"
        body = [front_matter(title, search={"exclude": True}), f"# {heading(title)}",
                f"Back to {md_link(md(entity.name), path, here)}.", *_paged(dossier, entity, groups, pages, k, path)]
        out[path] = "\n\n".join(body) + "\n"
    return out


def _paged(dossier: Dossier, entity: Entity, groups: dict, pages: list[list[str]], k: int, here: str) -> list[str]:
    nav = pager("entities", entity.id, len(pages), k, here, "the mentions")
    listing = _mentions(dossier, {sid: groups[sid] for sid in pages[k]}, here)
    return [nav, listing] if nav else [listing]


def _entity_file(dossier: Dossier, entity: Entity) -> str | None:
    """The entity's file, relative to the dossier folder (None when not inside it)."""
    try:
        return Path(entity.origin.path).resolve().relative_to(dossier.root.resolve()).as_posix()
    except ValueError:
        return None


def alias_form(surface: str) -> str:
    """The form under which spellings of one alias meet: apostrophe and quotation-mark styles,
    case, hyphens and a possessive ending do not make another row."""
    return match_key(_POSSESSIVE.sub("", surface), insensitive=True)


def _aliases(entity: Entity, mentions: tuple[Mention, ...]) -> str:
    groups: dict[str, Counter] = {}
    for m in mentions:
        groups.setdefault(alias_form(m.surface), Counter())[m.surface] += 1
    ordered = sorted(groups.values(), key=lambda c: (-sum(c.values()), min(c)))
    rows = [[", ".join(f"“{inline(form)}”" for form, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))),
             str(sum(c.values()))] for c in ordered]
    used = {m.alias for m in mentions}
    unused = [a.text for a in entity.all_aliases() if a.text not in used]
    out = html_table(["As written", "Mentions"], rows, "lr")
    if unused:
        out += "\n\nRegistered but not seen in any source: " + ", ".join(f"“{md(a)}”" for a in unused) + "."
    return out


def _mentions(dossier: Dossier, groups: dict[str, list[Mention]], here: str) -> str:
    blocks = []
    for sid, mine in groups.items():
        source = dossier.source(sid)
        rows, ids = [], []
        for m in mine:
            para = source.reading.paragraph(m.paragraph)
            rows.append([link(str(number(source, m.paragraph)), here, page_path("sources", sid), m.paragraph),
                         snippet(para.text, m.start, m.end)])
            # The first row of each paragraph is an anchor: search results name the paragraph matched
            # (docs/javascripts/search-results.js). The dot keeps it apart from every slug-made id.
            ids.append(None if f"in-{sid}.{m.paragraph}" in ids else f"in-{sid}.{m.paragraph}")
        # The heading is in the raw block too: hundreds of them would swamp the table of contents.
        blocks.append(raw(f'<h3 id="in-{sid}">{source_link_html(source, here)}</h3>\n'
                          + html_table(["Paragraph", "In context"], rows, wrap=False, row_ids=ids)))
    return "\n\n".join(blocks)


def _company(dossier: Dossier, analysis: Analysis, mentions: tuple[Mention, ...], entity: Entity, here: str) -> str:
    paragraphs = {(m.source, m.paragraph) for m in mentions}
    shared = Counter()
    for key in paragraphs:
        for other in {m.entity for m in analysis.by_paragraph.get(key, ())} - {entity.id}:
            shared[other] += 1
    if not shared:
        return "No other entity is named in the same paragraphs."
    names = {e.id: e.name for e in dossier.entities}
    rows = [[link(inline(names[eid]), here, page_path("entities", eid)), str(n)]
            for eid, n in sorted(shared.items(), key=lambda kv: (-kv[1], names[kv[0]]))]
    return ("Entities named in the same paragraphs, most often first.\n\n"
            + html_table(["Entity", "Shared paragraphs"], rows, "lr"))


def _topics(dossier: Dossier, analysis: Analysis, entity: Entity, mentions: tuple[Mention, ...], here: str) -> str:
    quoting = Counter(p.topic for key in dict.fromkeys((m.source, m.paragraph) for m in mentions)
                      for p in analysis.passages_by_paragraph.get(key, ()))
    items = []
    for topic in dossier.topics:
        by_rule = entity.id in topic.match.entities or entity.id in (topic.match.anchors or ()) or any(
            entity.id in g.entities for g in topic.match.requires)
        quoted = quoting[topic.slug]
        if by_rule or quoted:
            why = ["in the topic's rules"] if by_rule else []
            if quoted:
                why.append(f"named in {plural(quoted, 'passage')} it quotes")
            items.append(f"- {md_link(md(topic.title), here, page_path('topics', topic.slug))}: {', '.join(why)}")
    return "\n".join(items) if items else "No topic involves this entity yet."
