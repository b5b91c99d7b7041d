"""An Atom feed (RFC 4287) of the sources, in the order they were added, made with feedgen.

When a source was added comes from git (history.py); a source not yet committed falls back
to its `retrieved` date, then its `published` date, then to 1970-01-01 (the entry says the
date is not recorded). Ids are `urn:uuid:` names derived from the source id and its capture's
SHA-256, so they are stable; links are relative to the feed, which sits at the site's root.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from ..credits import editor
from ..history import History
from ..models import Dossier, Source
from .markup import visible

FEED_PATH = "feed.xml"
EPOCH = "1970-01-01T00:00:00+00:00"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "news-dossier:feed")


def _date(text: str) -> datetime:
    """An ISO date or date-time as an aware datetime (dates are midnight UTC)."""
    value = datetime.fromisoformat(text if "T" in text else text + "T00:00:00+00:00")
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def added(source: Source, history: History) -> tuple[str, str]:
    """When the source was added, and how that is known."""
    if source.id in history.added:
        return history.added[source.id], "added to the dossier's history"
    for name in ("retrieved", "published"):
        value = getattr(source.meta, name).known
        if value:
            return value, f"not yet committed: its {name} date"
    return EPOCH, "the date it was added is not recorded"


def render_feed(dossier: Dossier, history: History) -> bytes:
    dated = sorted(((added(s, history), s) for s in dossier.sources), key=lambda x: (_date(x[0][0]), x[1].id))
    feed = FeedGenerator()
    feed.id(uuid.uuid5(NAMESPACE, "dossier").urn)
    feed.title(visible(dossier.meta.title))
    feed.subtitle("The dossier's sources, in the order they were added.")
    feed.author({"name": visible(editor(dossier.meta) or "The dossier's editor")})
    feed.link(href="./", rel="alternate")
    feed.link(href=FEED_PATH, rel="self")
    feed.language("en")
    newest = max((_date(d) for (d, _), _ in dated), default=_date(EPOCH))
    feed.updated(newest)
    for (date, how), source in dated:  # feedgen lists entries newest first when added in this order
        entry = feed.add_entry(order="prepend")
        entry.id(uuid.uuid5(NAMESPACE, f"source/{source.id}/{source.meta.capture.sha256}").urn)
        entry.title(visible(source.label))
        entry.link(href=f"sources/{source.id}/", rel="alternate")
        entry.updated(_date(date))
        outlet = source.meta.outlet.known or "outlet unknown"
        published = source.meta.published.known or "date unknown"
        entry.summary(visible(f"Source {source.id}: {outlet}, {published}; "
                              f"{len(source.reading.paragraphs)} paragraphs. Date in the feed: {how}."))
    return feed.atom_str(pretty=True)
