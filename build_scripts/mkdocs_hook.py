"""Thin MkDocs hook: `mkdocs build` and `mkdocs serve` generate the dossier's pages.

Pages are added in memory (`File.generated`), so nothing is written into docs/ and a
live-reload rebuild triggers no further rebuild. Problems in the dossier stop the build
with every problem listed; warnings are logged (and fail `mkdocs build --strict`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

try:
    import build_scripts  # noqa: F401
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from build_scripts import prerender, rawblocks, search_index, serve_cache, theme_cache
from build_scripts.parallel import fewer_collections
from build_scripts.pipeline import build
from build_scripts.problems import DossierError, DossierInvalid, Severity
from build_scripts.render import NAV_PAGES
from build_scripts.render.footer import render_footer
from build_scripts.site_files import edit_url, repository, strip_unused

log = logging.getLogger("mkdocs.hooks.dossier")


def on_config(config):
    repo_url, edit_uri = repository(os.environ)
    if repo_url and not config.repo_url:
        config.repo_url, config.edit_uri = repo_url, edit_uri
        config.repo_name = config.repo_name or "/".join(repo_url.rstrip("/").split("/")[-2:])
    return config


def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).parent / "dossier"
    start = time.perf_counter()
    try:
        site = build(root)
    except DossierInvalid as exc:
        raise PluginError("the dossier has problems:\n" + "\n".join(p.format() for p in exc.problems)) from None
    except DossierError as exc:
        raise PluginError(str(exc)) from None
    config.extra["dossier_footer"] = render_footer(site.dossier.meta, site.history.last_change)
    for problem in site.problems:
        if problem.severity is Severity.WARNING:
            log.warning(problem.format())
    log.info(f"dossier: {len(site.files)} files generated in {time.perf_counter() - start:.2f} s")
    mirror = serve_cache.mirror(root, site.files)  # `mkdocs serve --dirty`: pages on disk, rewritten if changed
    for path, content in site.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is also a generated page; rename or remove docs/{path}")
        inclusion = InclusionLevel.UNDEFINED if path in NAV_PAGES else InclusionLevel.NOT_IN_NAV
        if mirror is None:
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        else:
            files.append(File.generated(config, path, abs_src_path=str(mirror / path), inclusion=inclusion))
    return files


_gc = contextlib.ExitStack()  # the collector's thresholds while MkDocs runs (parallel.fewer_collections)


def on_startup(command: str, dirty: bool) -> None:
    # One build (`mkdocs build`, `gh-deploy`): fewer collections until on_shutdown, MkDocs' own work
    # included. A server keeps the defaults: each rebuild leaves the previous site's cycles to collect.
    if command != "serve":
        _gc.enter_context(fewer_collections())
    serve_cache.start(command, dirty)
    _search["staged"] = command != "serve" and not dirty  # --dirty converts only the changed pages


_search: dict = {"staged": False, "index": None}  # `mkdocs build`: the search index made beside the theme


def on_pre_build(config) -> None:
    prerender.forget()
    if _search["staged"]:
        _search["index"] = search_index.Staged(Path(config.site_dir), config.theme["language"])


def on_nav(nav, config, files):
    """`mkdocs build`: every page converted by worker processes now, staged for the search index,
    and Pagefind started, so it indexes while MkDocs applies the theme (`prerender`)."""
    index = _search["index"]
    if index is not None and prerender.usable(config):
        for file, converted in prerender.convert(config, files, _markdown, _content):
            index.add(file.dest_uri, converted.indexed)
        index.launch()
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    page.dossier_converted = prerender.install(page)
    if page.dossier_converted:
        return markdown
    serve_cache.reuse(page, markdown)  # under `mkdocs serve`: skip Markdown for unchanged pages
    return _markdown(markdown, page)


def on_page_content(html: str, page, config, files) -> str:
    if page.dossier_converted:  # already through `_content`, and staged
        return html
    html, indexed = _content(html, page)
    if _search["index"] is not None:
        _search["index"].add(page.file.dest_uri, indexed)
    return html


def _markdown(markdown: str, page) -> str:
    markdown, page.dossier_raw, page.dossier_nonce = rawblocks.lift(markdown)
    return markdown


def _content(html: str, page) -> tuple[str, str | None]:
    """The page's HTML with its finished blocks back in place and marked for search, and what
    the search index reads of it."""
    if page.dossier_raw:  # finished HTML blocks that Python-Markdown never parsed
        html, ids = rawblocks.splice(html, page.dossier_raw, page.dossier_nonce)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        page.dossier_raw = []
    serve_cache.remember(page, html)
    return search_index.marked(html, page.meta)


def on_env(env, config, files):
    if _search["index"] is not None:  # every page is converted: Pagefind runs while the theme is applied
        _search["index"].launch()
    theme_cache.cache_navigation(env)
    return env


def on_page_context(context, page, config, nav):
    """Generated pages link "edit this file" to the dossier/ file behind them."""
    if page.meta.get("edit"):
        page.edit_url = edit_url(config.repo_url, config.edit_uri, page.meta.get("edit"))
    return context


def on_post_build(config) -> None:
    prerender.forget()
    site_dir = Path(config.site_dir)
    strip_unused(site_dir, log)  # before Pagefind writes its index: nothing of the index is touched
    if serve_cache.serving():  # MkDocs holds page requests until a build ends: index afterwards
        search_index.index_in_background(site_dir, log)
        return
    start = time.perf_counter()
    staged, _search["index"] = _search["index"], None
    try:
        staged.finish() if staged is not None else search_index.index_site(site_dir)
    except DossierError as exc:
        raise PluginError(str(exc)) from None
    how = f"of {staged.count} pages made beside the theme" if staged is not None else "made"
    log.info(f"dossier: search index {how}, finished {time.perf_counter() - start:.2f} s after the pages")


def on_serve(server, config, builder):
    # `mkdocs serve --clean` tells on_startup it is a build: once it serves, the collector's
    # defaults come back for its rebuilds (the first build kept the fewer collections).
    _gc.close()
    return server


def on_shutdown() -> None:
    _gc.close()


def on_build_error(error) -> None:
    prerender.forget()
    staged, _search["index"] = _search["index"], None
    if staged is not None:
        staged.discard()
