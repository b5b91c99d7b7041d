"""The footer of every page: the dossier's editor, licence, contact and the date of its
last change, as escaped HTML (the theme's copyright partial prints it as given)."""

from __future__ import annotations

from ..models import DossierMeta
from .markup import html


def render_footer(meta: DossierMeta, last_change: str | None) -> str:
    items = [f"Edited by {html(meta.editor)}" if meta.editor else "Editor not named (dossier.yml: editor)"]
    items.append(f"Licence: {html(meta.licence)}" if meta.licence else "Licence not stated (dossier.yml: licence)")
    if meta.contact:
        contact = meta.contact.strip()
        if contact.startswith(("https://", "http://")):
            items.append(f'Contact: <a href="{html(contact)}">{html(contact)}</a>')
        elif "@" in contact and " " not in contact:
            items.append(f'Contact: <a href="mailto:{html(contact)}">{html(contact)}</a>')
        else:
            items.append(f"Contact: {html(contact)}")
    if last_change:
        items.append(f'Last change: <time datetime="{html(last_change)}">{html(last_change[:10])}</time>')
    else:
        items.append("Last change: not recorded (no git history)")
    return '<p class="dossier-footer">' + " · ".join(items) + "</p>"
