"""The footer of every page: the dossier's editor, licence, contact and the date of its
last change, as escaped HTML (the theme's copyright partial prints it as given)."""

from __future__ import annotations

from ..credits import contact, editor, licence
from ..models import DossierMeta
from .markup import html


def render_footer(meta: DossierMeta, last_change: str | None) -> str:
    name, terms, reach = editor(meta), licence(meta), contact(meta)
    items = [f"Edited by {html(name)}" if name else "Editor not named (dossier.yml: editor)"]
    items.append(f"Licence: {html(terms)}" if terms else "Licence not stated (dossier.yml: licence)")
    if reach:
        contact_ = reach.strip()
        if contact_.startswith(("https://", "http://")):
            items.append(f'Contact: <a href="{html(contact_)}">{html(contact_)}</a>')
        elif "@" in contact_ and " " not in contact_:
            items.append(f'Contact: <a href="mailto:{html(contact_)}">{html(contact_)}</a>')
        else:
            items.append(f"Contact: {html(contact_)}")
    if last_change:
        items.append(f'Last change: <time datetime="{html(last_change)}">{html(last_change[:10])}</time>')
    else:
        items.append("Last change: not recorded (no git history)")
    return '<p class="dossier-footer">' + " · ".join(items) + "</p>"
