"""The wording page: per source, how often it uses each term of the editors' lexicon
(`dossier/lexicons/wording.yml`), each count linking to its occurrences. It describes usage;
it scores nothing."""

from __future__ import annotations

from ..models import Analysis, Dossier
from .markup import front_matter, html, md, md_link, page_path, plural, table
from .passages import quote_block, slug


def _anchor(term: str, sid: str) -> str:
    return f"w-{slug(term)}-{slug(sid)}"


def render_wording(dossier: Dossier, analysis: Analysis) -> str:
    here = page_path("wording")
    wording = analysis.compare.wording
    parts = [front_matter("Wording", search={"exclude": True}), "# Wording",
             ("How often each source uses the terms editors chose to compare (`dossier/lexicons/wording.yml`). "
              "Each count links to the passages where the term occurs. The page counts words; it does not "
              "say what their use means, and it does not score the sources.")]
    if not wording.terms:
        parts.append("The lexicon lists no term yet: add terms to `dossier/lexicons/wording.yml`.")
        return "\n\n".join(parts) + "\n"
    terms = [t.term for t in wording.terms]
    rows = []
    for source in dossier.sources:
        cells = [md_link(md(source.id), here, page_path("sources", source.id))]
        for term in terms:
            n = wording.counts.get((term, source.id), 0)
            cells.append(f"[{n}](#{_anchor(term, source.id)})" if n else "0")
        rows.append(cells)
    parts += ["## Use per source", table(["Source", *(md(t) for t in terms)], rows, "l" + "r" * len(terms))]
    parts += ["## Terms", _terms(wording)]
    parts += ["## Occurrences", _occurrences(dossier, here, wording)]
    return "\n\n".join(parts) + "\n"


def _terms(wording) -> str:
    rows = [[md(t.term), ", ".join(md(f) for f in t.forms) or "—", md(t.refers_to or "—"),
             "any case" if t.case == "insensitive" else "as written", md(t.note or "")] for t in wording.terms]
    return table(["Term", "Also counted", "Refers to", "Case", "Note"], rows)


def _occurrences(dossier: Dossier, here: str, wording) -> str:
    parts = []
    for term in wording.terms:
        for source in dossier.sources:
            found = wording.of(term.term, source.id)
            if not found:
                continue
            parts.append(f"### “{md(term.term)}” in {md(source.id)} {{ #{_anchor(term.term, source.id)} }}")
            parts.append(f"{plural(len(found), 'occurrence')}.")
            parts += [quote_block(dossier, here, o.span, None, f"“{html(o.surface)}”") for o in found]
    return "\n\n".join(parts) if parts else "No term of the lexicon occurs in the sources."
