"""A real `mkdocs serve --livereload` on a copy of the project, edited while it runs.

The server is started exactly as a contributor would (`python -m mkdocs serve --livereload`),
on a free port of 127.0.0.1, in a copy of the project made by `make_project`; every check
goes over HTTP or reads the server's own log. Nothing here touches the checkout's dossier/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from .conftest import make_project

pytestmark = pytest.mark.mkdocs

START_TIMEOUT = 120  # seconds for the first build and the first HTTP answer
CHANGE_TIMEOUT = 60  # seconds for an edit to show over HTTP (or in the log)
QUIET_PERIOD = 5  # seconds watched after a rebuild, to see that no further rebuild follows
SOURCE = "004"
SOURCE_YML = f"dossier/sources/{SOURCE}/source.yml"
BUILD_LINE = "Building documentation"  # logged by `mkdocs serve` once per build
REBUILD_FAILED = "An error happened during the rebuild"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, with its size and modification time (a rewrite changes it)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def with_marker(yml_text: str, marker: str) -> str:
    """The source.yml text with `marker` as the first words of its folded `notes:` block."""
    assert yml_text.count("\nnotes: >-\n") == 1, "the seed source.yml no longer has a folded `notes:` block"
    return yml_text.replace("\nnotes: >-\n", f"\nnotes: >-\n  {marker}\n")


class Served:
    """A running `mkdocs serve` and its log."""

    def __init__(self, project: Path, port: int, proc: subprocess.Popen, log_path: Path):
        self.project = project
        self.base = f"http://127.0.0.1:{port}"
        self.proc = proc
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")

    def get(self, path: str, timeout: float = 30) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait(self, what: str, condition, timeout: float) -> None:
        """Poll `condition()` until it holds; fail with the server's log if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if condition():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if not self.alive():
                pytest.fail(f"mkdocs serve exited ({self.proc.returncode}) while waiting for {what}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout}s waiting for {what}; server log:\n{self.log()}")
            time.sleep(0.25)

    def page_has(self, path: str, text: str) -> bool:
        status, body = self.get(path)
        return status == 200 and text in body


def stop(proc: subprocess.Popen) -> None:
    """Stop the server (its temporary site is under the test's tmp_path), killing it if it hangs."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture
def served(tmp_path: Path):
    project = make_project(tmp_path / "project")
    port = free_port()
    log_path = tmp_path / "serve.log"
    tmp = tmp_path / "tmp"  # where `mkdocs serve` puts the site it serves (tempfile.mkdtemp)
    tmp.mkdir()
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    try:
        server = Served(project, port, proc, log_path)
        server.wait("the home page over HTTP", lambda: server.page_has("/", "<h1"), START_TIMEOUT)
        yield server
    finally:
        stop(proc)


def test_edit_rebuilds_once_and_writes_nothing_into_docs(served: Served) -> None:
    status, before = served.get(f"/sources/{SOURCE}/")
    assert status == 200
    assert "Muslim countries should cut political ties with Israel" in before  # the source's title
    marker = "LiveEdit" + uuid.uuid4().hex
    assert marker not in before
    docs = served.project / "docs"
    docs_before = listing(docs)
    assert "stylesheets/dossier.css" in docs_before  # the listing sees the copy's docs/
    assert served.log().count(BUILD_LINE) == 1, served.log()  # the initial build only

    yml = served.project / SOURCE_YML
    yml.write_text(with_marker(yml.read_text("utf-8"), marker), "utf-8")
    served.wait("the edited notes to be served", lambda: served.page_has(f"/sources/{SOURCE}/", marker),
                CHANGE_TIMEOUT)
    time.sleep(QUIET_PERIOD)  # room for a rebuild loop to show itself

    log = served.log()
    assert log.count(BUILD_LINE) == 2, f"expected the initial build and one rebuild:\n{log}"
    assert log.count("Detected file changes") == 1, log
    assert REBUILD_FAILED not in log, log
    assert served.alive()
    assert listing(docs) == docs_before, "mkdocs serve wrote into the project's docs/"
    # The other pages were rebuilt from the same edit, too: the data export carries the notes.
    status, data = served.get("/data/dossier.json")
    assert status == 200 and marker in data


def test_broken_dossier_keeps_server_alive_and_a_fix_brings_the_page_back(served: Served) -> None:
    yml = served.project / SOURCE_YML
    original = yml.read_text("utf-8")
    recorded = re.search(r"^  sha256: ([0-9a-f]{64})$", original, re.M).group(1)
    wrong = ("0" if recorded[0] != "0" else "1") + recorded[1:]
    offset = len(served.log())

    yml.write_text(original.replace(recorded, wrong), "utf-8")
    served.wait("the rebuild to fail", lambda: REBUILD_FAILED in served.log()[offset:], CHANGE_TIMEOUT)
    broken_log = served.log()[offset:]
    problem = next((line for line in broken_log.splitlines() if line.startswith(f"{SOURCE_YML}:")), None)
    assert problem is not None, f"no problem line naming {SOURCE_YML}:\n{broken_log}"
    assert "sha256" in problem and wrong in problem and recorded in problem, problem
    assert served.alive(), served.log()
    # Still answering HTTP: the live-reload endpoint reports the last good build at once.
    status, epoch = served.get("/livereload/0/0", timeout=30)
    assert status == 200 and epoch.strip().isdigit()

    marker = "FixedEdit" + uuid.uuid4().hex
    fix_offset = len(served.log())
    yml.write_text(with_marker(original, marker), "utf-8")
    served.wait("the fixed page to be served", lambda: served.page_has(f"/sources/{SOURCE}/", marker),
                CHANGE_TIMEOUT)
    status, page = served.get(f"/sources/{SOURCE}/")
    assert status == 200
    assert "Muslim countries should cut political ties with Israel" in page
    assert recorded in page and wrong not in page
    fixed_log = served.log()[fix_offset:]
    assert REBUILD_FAILED not in fixed_log and "the dossier has problems" not in fixed_log, fixed_log
    assert served.alive()
