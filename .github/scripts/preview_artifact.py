"""Validate the Preview run's artifact (untrusted DATA: a fork can put anything in it).

Run by preview-deploy.yml on the folder the artifact was downloaded to (outside the
workspace). The artifact must hold exactly `site/`, `pr_number`, `head_sha` and, optionally,
`report.md`: plain files and folders only, every path inside the folder, `pr_number` digits
only, `head_sha` the head commit of the workflow run, no file that Cloudflare Pages would
treat as configuration or code, and a report that is UTF-8 text of bounded size.
Outputs: pr_number, head_sha, report (true when a report came with the site).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import ghapi
from ghapi import output

MAX_REPORT_BYTES = 1_000_000
REQUIRED = {"head_sha", "pr_number", "site"}


def fail(message: str) -> None:
    # Only fixed text here: nothing read from the artifact is ever printed.
    ghapi.fail(f"artifact rejected: {message}")


def read_small(root: Path, name: str) -> str:
    path = root / name
    if not path.is_file():
        fail(f"no {name} file")
    data = path.read_bytes()
    if len(data) > 64:
        fail(f"{name} is too long")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fail(f"{name} is not ASCII")
    return text[:-1] if text.endswith("\n") else text


def check_tree(root: Path) -> None:
    """Plain files and folders only, each inside `root`: a symlink (or a path that leads
    out) could make the deploy step upload or the comment step read files of this runner."""
    inside = os.path.realpath(root) + os.sep
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                fail("it holds something other than plain files and folders")
            if not os.path.realpath(path).startswith(inside) or name in (".", ".."):
                fail("it holds a path outside its folder")


def check_report(root: Path) -> bool:
    path = root / "report.md"
    if not path.exists():
        return False
    if path.stat().st_size > MAX_REPORT_BYTES:
        fail("report.md is too large")
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        fail("report.md is not UTF-8 text")
    return True


def main() -> None:
    root = Path(os.environ["ARTIFACT_DIR"])
    run_head_sha = os.environ["RUN_HEAD_SHA"]
    if not re.fullmatch(r"[0-9a-f]{40}", run_head_sha):
        fail("the workflow run has no head commit")
    if not root.is_dir():
        fail("nothing was downloaded")
    check_tree(root)
    names = set(os.listdir(root))
    if not REQUIRED <= names or names - REQUIRED - {"report.md"}:
        fail("it must hold exactly site/, pr_number, head_sha and optionally report.md")
    pr_number = read_small(root, "pr_number")
    if not re.fullmatch(r"[1-9][0-9]{0,9}", pr_number):
        fail("pr_number is not a pull request number (digits only)")
    head_sha = read_small(root, "head_sha")
    if head_sha != run_head_sha:
        fail("head_sha is not the head commit of the workflow run")
    site = root / "site"
    if not site.is_dir() or not (site / "index.html").is_file():
        fail("site/index.html is missing")
    # Cloudflare Pages reads these names in the deployed folder as configuration or as
    # server-side code (_worker.js runs on Cloudflare with the project's bindings).
    for name in ("_worker.js", "_routes.json", "_headers", "_redirects"):
        if (site / name).exists():
            fail(f"site/{name} is not allowed in a preview")
    report = check_report(root)
    output(pr_number=pr_number, head_sha=head_sha, report="true" if report else "false")
    print(f"artifact accepted: pull request #{pr_number} at {head_sha}")


if __name__ == "__main__":
    main()
