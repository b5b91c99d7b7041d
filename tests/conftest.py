"""Shared fixtures: the seed dossier, synthetic dossiers, and copies of the whole project."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dossier"  # frozen: never the live dossier/
SEED = FIXTURE  # the fixture holds the five seed captures and their editor data
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MKDOCS = [sys.executable, "-m", "mkdocs"]

UNKNOWN = {"unknown": "Not in the test capture."}


class _NoAliasDumper(yaml.SafeDumper):
    """Writes shared objects out in full: the loader refuses YAML anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DossierFactory:
    """Writes a small, valid dossier to a folder; tests then add or break what they need."""

    def __init__(self, root: Path, rules: bool = True):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.write("dossier.yml", "title: Test dossier\nsummary: A dossier made by a test.\n")
        if rules:
            self.write("rules/normalise.yml", (SEED / "rules" / "normalise.yml").read_text("utf-8"))

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    def meta(self, sid: str, capture: bytes, filename: str = "capture.txt", **fields) -> dict:
        meta = {
            "id": sid,
            "title": {"value": f"Test source {sid}", "basis": "Given by the test."},
            "outlet": UNKNOWN, "url": UNKNOWN, "published": UNKNOWN, "retrieved": UNKNOWN,
            "language": {"value": "en", "basis": "English text."},
            "byline": UNKNOWN, "dateline": UNKNOWN,
            "capture": {"file": filename, "sha256": sha256(capture), "method": "Written by a test."},
        }
        meta.update(fields)
        return meta

    def source(self, sid: str, capture: str | bytes, filename: str = "capture.txt", **fields) -> Path:
        """Add a source; `fields` override or add metadata keys (a value of None removes the key)."""
        data = capture.encode("utf-8") if isinstance(capture, str) else capture
        self.write(f"sources/{sid}/{filename}", data)
        meta = {k: v for k, v in self.meta(sid, data, filename, **fields).items() if v is not None}
        return self.write(f"sources/{sid}/source.yml", dump(meta))

    def entities(self, entities: list[dict], name: str = "entities.yml") -> Path:
        return self.write(f"entities/{name}", dump(entities))

    def topic(self, slug: str, **fields) -> Path:
        topic = {"slug": slug, "title": f"Topic {slug}", "summary": "A test topic."} | fields
        return self.write(f"topics/{slug}.yml", dump(topic))


@pytest.fixture
def factory(tmp_path: Path) -> DossierFactory:
    return DossierFactory(tmp_path / "dossier")


def make_project(dest: Path, dossier: Path = SEED) -> Path:
    """A copy of the project (mkdocs.yml, docs/, build_scripts/) around a copy of `dossier`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(dossier, dest / "dossier")
    return dest


REPO_URL = "https://example.org/test/news-dossier"  # the repository address the seed site is built with


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})
    return subprocess.run([*MKDOCS, "build", "--strict", "-d", str(project / "site"), *extra],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed dossier's site, built once per session by a real `mkdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp("seed-project"))
    result = mkdocs_build(project, env={"DOSSIER_REPO_URL": REPO_URL})
    assert result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stderr, "utf-8")  # what MkDocs and the hook logged
    return project / "site"
