"""What the MkDocs hook needs beyond the pages: the repository's address for "edit this
file" links, and the theme files that are not published (source maps, search stemmers of
languages the site does not use)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path

DEFAULT_BRANCH = "main"
KEEP_LUNR = re.compile(r"lunr\.(stemmer\.support|multi)\.min\.js")  # English needs none of the others


def repository(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(repo_url, edit_uri) from DOSSIER_REPO_URL or GitHub Actions' variables; (None, None)
    when neither says where the repository is (no link is better than a guessed one)."""
    branch = env.get("DOSSIER_EDIT_BRANCH") or DEFAULT_BRANCH
    url = env.get("DOSSIER_REPO_URL")
    if not url and env.get("GITHUB_REPOSITORY"):
        url = f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}"
    if not url:
        return None, None
    return url.rstrip("/"), f"edit/{branch}/docs/"


def edit_url(repo_url: str | None, edit_uri: str | None, dossier_file: str | None) -> str | None:
    """The edit link of a generated page: its file in dossier/ (None without a repository)."""
    if not repo_url or not edit_uri or not dossier_file:
        return None
    base = edit_uri.rstrip("/").removesuffix("/docs")
    return f"{repo_url}/{base}/dossier/{dossier_file}"


def strip_unused(site: Path, log: logging.Logger | None = None) -> list[Path]:
    """Delete source maps and the search stemmers of other languages from the built site."""
    assets = site / "assets" / "javascripts"
    removed = sorted(p for p in site.rglob("*.map") if p.is_file() and p.relative_to(site).parts[0] != "pagefind")
    lunr = assets / "lunr"
    if lunr.is_dir():
        removed += sorted(p for p in lunr.rglob("*.js") if not KEEP_LUNR.fullmatch(p.name))
    for path in removed:
        path.unlink()
    for folder in (assets / "lunr" / "min", assets / "lunr"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if log is not None:
        log.info("removed %d unused theme files (source maps, other languages' search stemmers)", len(removed))
    return removed
