"""Stage 3, analyse: pure functions over the whole dossier, gathered before any rendering."""

from __future__ import annotations

from dataclasses import replace

from ..models import Analysis, Dossier
from ..problems import Problem
from .anchoring import anchor_annotations
from .candidates import name_candidates
from .citations import check_citations
from .compare import compare
from .mentions import find_mentions
from .topics import topic_membership


def analyse(dossier: Dossier) -> tuple[Analysis, list[Problem]]:
    mentions = find_mentions(dossier)
    topics, problems = topic_membership(dossier, mentions)
    candidates = name_candidates(dossier, mentions)
    anchors, found = anchor_annotations(dossier)
    analysis = Analysis(mentions, topics, candidates, anchors)
    comparison, more = compare(dossier, analysis)
    return replace(analysis, compare=comparison), problems + found + more + check_citations(dossier)
