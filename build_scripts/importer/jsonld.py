"""The page's own structured data: schema.org objects in <script type="application/ld+json">."""

from __future__ import annotations

import json
import re

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "backgroundnewsarticle", "report", "webpage", "liveblogposting"}
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")


def article_objects(tree) -> list[dict]:
    """The JSON-LD objects of the page that describe an article, articles first."""
    found: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        found += list(_objects(data))
    articles = [o for o in found if _types(o) & (ARTICLE_TYPES - {"webpage"})]
    return articles + [o for o in found if "webpage" in _types(o)]


def _objects(data, depth: int = 0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _objects(data[key], depth + 1)


def _types(obj: dict) -> set[str]:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {k.lower() for k in kinds if isinstance(k, str)}


def first_text(objects: list[dict], key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def names(objects: list[dict], key: str) -> str | None:
    """The name(s) of `key` (author, publisher): a text, an object with `name`, or a list of them."""
    for obj in objects:
        value = obj.get(key)
        items = value if isinstance(value, list) else [value]
        found = [i.strip() if isinstance(i, str) else i.get("name", "").strip()
                 for i in items if isinstance(i, str) or (isinstance(i, dict) and isinstance(i.get("name"), str))]
        found = [f for f in found if f]
        if found:
            return ", ".join(dict.fromkeys(found))
    return None


def iso_date(text: str | None) -> str | None:
    """An ISO date or date-time (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS][zone]) from a JSON-LD value."""
    if not text:
        return None
    m = _ISO.match(text.strip())
    if not m:
        return None
    date, hm, sec, zone = m.groups()
    if not hm:
        return date
    zone = (zone[:3] + ":" + zone[-2:] if zone and zone != "Z" and ":" not in zone else zone) or ""
    return f"{date}T{hm}" + (f":{sec}" if sec else "") + zone
