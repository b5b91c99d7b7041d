"""Stage 3, analyse: pure functions over the whole dossier, gathered before any rendering."""

from __future__ import annotations

from dataclasses import replace

from ..models import Analysis, Dossier
from ..parallel import Beside
from ..problems import Problem
from ..source_cache import code_version, keep, recall, take_deferred, texts_key
from .anchoring import anchor_annotations
from .candidates import name_candidates, name_runs
from .citations import check_citations
from .compare import compare, text_only
from .mentions import find_mentions
from .topics import topic_membership


def analyse(dossier: Dossier) -> tuple[Analysis, list[Problem]]:
    # Shared text, dates and wording need no mentions: found in a worker process while the rest
    # runs here. In a long-lived process (`mkdocs serve`) the shared text is kept, here, while the
    # paragraphs stay.
    texts = texts_key(dossier)
    shared_key = f"{code_version()}\0{texts}"
    known = recall("shared-text", dossier, shared_key)
    write_packs = take_deferred()  # the earlier stages' cache packs, written beside too

    def beside():
        write_packs()
        return text_only(dossier, known)

    with Beside(beside, count=len(dossier.sources)) as from_text:
        mentions = find_mentions(dossier)
        topics, problems = topic_membership(dossier, mentions)
        candidates = name_candidates(dossier, mentions, name_runs(dossier))
        anchors, found = anchor_annotations(dossier)
        analysis = Analysis(mentions, topics, candidates, anchors)
        comparison, more = compare(dossier, analysis, texts, from_text.result)
    keep("shared-text", dossier, shared_key, comparison.shared)
    return replace(analysis, compare=comparison), problems + found + more + check_citations(dossier)
