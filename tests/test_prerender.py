"""`mkdocs build` converts every page in worker processes before MkDocs reaches it
(build_scripts/prerender.py), and renders Material's navigation sidebar once per kind of page
(build_scripts/theme_cache.py): the site is byte for byte the one MkDocs alone gives,
and what MkDocs logs about a page converted in a worker still reaches the log once, and fails
`mkdocs build --strict`. Run on a dossier large enough to fork (parallel.MIN_ITEMS pages)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.synth import write_dossier

from .conftest import ROOT, make_project
from .test_scale import listing

# `python -c WRAPPER on|off build ...`: MkDocs' command line, counting the forks and the pages
# whose navigation sidebar is taken from theme_cache; "off" leaves every page to MkDocs' own
# conversion and Material's own sidebar.
WRAPPER = """
import atexit, sys
from build_scripts import parallel, prerender, theme_cache
forks, cached = [], []
real, key = parallel.forking, theme_cache._key
parallel.forking = lambda count: forks.append(real(count)) or forks[-1]
theme_cache._key = lambda context: cached.append(key(context)) or cached[-1]
if sys.argv.pop(1) == "off":
    prerender.usable = lambda config: False
    theme_cache.cache_navigation = lambda env: None
# atexit runs last in, first out: the forks are printed last
atexit.register(lambda: print("forks:", sum(1 for n in forks if n), file=sys.stderr))
atexit.register(lambda: print("sidebars:", len(cached), "of", len(set(cached) - {None}), "kinds", file=sys.stderr))
from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""


def build(project: Path, mode: str, site: str, *extra: str) -> subprocess.CompletedProcess:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "DOSSIER_JOBS": "2", "DOSSIER_CACHE": "off"}
    return subprocess.run([sys.executable, "-c", WRAPPER, mode, "build", *extra, "-d", str(project / site)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("prerender")
    return make_project(tmp / "project", write_dossier(tmp / "dossier", 70, seed=11))


def test_pages_converted_by_workers_give_the_site_of_mkdocs_own_conversion(project):
    """And the navigation sidebar taken from theme_cache is the one Material renders."""
    own, workers = build(project, "off", "site-own"), build(project, "on", "site-workers")
    assert own.returncode == workers.returncode == 0, own.stderr + workers.stderr
    assert "sidebars: 0 of 0 kinds" in own.stderr
    sidebars = re.search(r"sidebars: (\d+) of (\d+) kinds", workers.stderr)
    assert int(sidebars[1]) > 100 and 2 <= int(sidebars[2]) <= 20, sidebars[0]  # a handful of depths and sections
    # generation only: loading and normalising spread over two processes, shared text beside the
    # analysis, the pages
    assert own.stderr.splitlines()[-1] == "forks: 4"
    assert workers.stderr.splitlines()[-1] == "forks: 5"  # and the conversion
    assert "made beside the theme" in workers.stderr
    own_files, worker_files = listing(project / "site-own"), listing(project / "site-workers")
    assert len(own_files) > 200 and own_files.keys() == worker_files.keys()
    assert [p for p in own_files if own_files[p] != worker_files[p]] == []  # the search index included


def test_a_warning_about_a_page_converted_in_a_worker_is_logged_once_and_fails_strict(project):
    broken = project / "docs" / "broken.md"
    broken.write_text("# Broken\n\nA link to [a page that does not exist](nowhere.md).\n", "utf-8")
    try:
        own = build(project, "off", "site-broken-own", "--strict")
        workers = build(project, "on", "site-broken-workers", "--strict")
    finally:
        broken.unlink()
    warning = ("WARNING -  Doc file 'broken.md' contains a link 'nowhere.md', but the target is not found among "
               "documentation files.")
    for result in (own, workers):
        assert result.returncode == 1
        assert result.stderr.count(warning) == 1, result.stderr
    # The same warnings in the same order (the synthetic dossier has one of its own: a topic without
    # passages), and the same count, so `--strict` aborts alike.
    warnings = [[line for line in r.stderr.splitlines() if line.startswith("WARNING")] for r in (own, workers)]
    assert warnings[0] == warnings[1] and warning in warnings[0]
    aborted = [[line for line in (r.stdout + r.stderr).splitlines() if "in strict mode" in line] for r in (own, workers)]
    assert aborted[0] == aborted[1] == [f"Aborted with {len(warnings[0])} warnings in strict mode!"]
    assert workers.stderr.splitlines()[-1] == "forks: 5"


def test_the_workers_are_used_only_when_the_hook_is_the_only_plugin(tmp_path):
    """Another plugin's page events would not run in the workers: MkDocs then converts alone."""
    from mkdocs.config import load_config

    from build_scripts import prerender

    (tmp_path / "docs").mkdir()
    for plugins, usable in (("[]", True), ("[search]", False)):
        config = tmp_path / "mkdocs.yml"
        config.write_text(f"site_name: t\nhooks:\n  - {ROOT / 'build_scripts' / 'mkdocs_hook.py'}\nplugins: {plugins}\n",
                          "utf-8")
        assert prerender.usable(load_config(str(config))) is usable, plugins
