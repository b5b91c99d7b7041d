"""Material's navigation sidebar, rendered once for each set of links instead of once per page.

Material renders `partials/nav.html` into every page. For a page outside the navigation (every
source, entity and cut listing page: nearly all of a large site) what it renders depends on the
page only through the relative URLs of the navigation's links, and no item of the navigation is
marked as the current one. So the sidebar of such a page is rendered once per distinct tuple of
those URLs (one per folder depth and section, a handful in all) and reused; a page in the
navigation, whose sidebar marks it and holds its table of contents, is always rendered as
Material does. Without this, the sidebar was about half of the time spent applying the theme.
tests/test_prerender.py builds a site with and without it and compares every byte.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment, TemplateNotFound
from mkdocs.utils import normalize_url

TEMPLATE = "partials/nav.html"


def cache_navigation(env: Environment) -> None:
    """Wrap the compiled `partials/nav.html` of this environment (MkDocs makes one per build) so
    that its output for pages outside the navigation is remembered."""
    try:
        template = env.get_template(TEMPLATE)
    except TemplateNotFound:  # another theme
        return
    render = template.root_render_func
    if getattr(render, "dossier_cached", False):
        return
    rendered: dict[tuple, str] = {}

    def root_render_func(context) -> Iterator[str]:
        key = _key(context)
        if key is None:
            yield from render(context)
            return
        if key not in rendered:
            rendered[key] = "".join(render(context))
        yield rendered[key]

    root_render_func.dossier_cached = True
    template.root_render_func = root_render_func


def _key(context) -> tuple | None:
    """What the sidebar of the page being rendered depends on, or None when it must be rendered
    (a page in the navigation, or no page)."""
    page, nav, config = context.get("page"), context.get("nav"), context.get("config")
    if page is None or nav is None or config is None or page in nav.pages:
        return None
    base = context.get("base_url", "")
    urls = [*_urls(nav.items), getattr(nav.homepage, "url", ""), str(config.extra.get("homepage") or ""),
            str(config.theme.get("logo") or "")]
    return (base, *(normalize_url(u, page, base) for u in urls))


def _urls(items) -> Iterator[str]:
    for item in items:
        yield from _urls(getattr(item, "children", None) or ())
        if getattr(item, "url", None) is not None:
            yield item.url
