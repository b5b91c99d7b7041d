"""Who wrote the editor's prose, and the dossier's colophon: the runtime models of the optional
`editor`, `licence` and `contact` fields (dossier.yml) and a topic's `editor`.

They extend models.py's `DossierMeta` and `Topic` (which stay as they are); the load stage
builds these, and the readers below give None for a plain `DossierMeta` or `Topic`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import DossierMeta, Topic


@dataclass(frozen=True)
class CreditedMeta(DossierMeta):
    editor: str | None = None  # who edits the dossier and writes its prose (footer, bylines)
    licence: str | None = None  # the licence of the editor's texts, in words
    contact: str | None = None  # an address or a URL


@dataclass(frozen=True)
class CreditedTopic(Topic):
    editor: str | None = None  # who wrote the summary, when not the dossier's editor


def editor(meta: DossierMeta) -> str | None:
    return getattr(meta, "editor", None)


def licence(meta: DossierMeta) -> str | None:
    return getattr(meta, "licence", None)


def contact(meta: DossierMeta) -> str | None:
    return getattr(meta, "contact", None)


def summary_editor(topic: Topic, meta: DossierMeta) -> str | None:
    """Who wrote a topic's summary: its own editor, else the dossier's."""
    return getattr(topic, "editor", None) or editor(meta)
