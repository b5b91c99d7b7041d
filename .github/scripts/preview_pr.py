"""Check, through the API, the pull request that a Preview run claims to have built.

The pull request must be open, its head commit must still be the run's head commit and its
head repository the repository the run built; a fork's pull request also needs the
maintainer's approval label, which approves only the commit it was given on: the run that
adding it started, whose actor (recorded by GitHub) is the maintainer, a user with write
access. A run started by anyone else is the build of a later push: the approval is withdrawn.
Outputs: deploy (true/false), reason, fork, withdraw, approved_sha.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.error

from ghapi import call, fail, output, repo_path


def skip(reason: str, message: str, **values: str) -> None:
    print(f"::notice::{message}")
    output(deploy="false", reason=reason, **values)
    sys.exit(0)


def can_write(login: str) -> bool:
    """Whether `login` has write access to this repository (a maintainer)."""
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", login):
        return False
    try:
        permission = call("GET", f"{repo_path()}/collaborators/{login}/permission", missing_ok=True)
    except urllib.error.HTTPError:  # pragma: no cover - call() fails on other errors itself
        return False
    return permission is not None and permission.get("permission") in ("admin", "write")


def main() -> None:
    pr_number = os.environ["PR_NUMBER"]
    run_head_sha = os.environ["RUN_HEAD_SHA"]
    label = os.environ["APPROVAL_LABEL"]
    if not re.fullmatch(r"[1-9][0-9]{0,9}", pr_number):
        fail("not a pull request number")
    if not re.fullmatch(r"[0-9a-f]{40}", run_head_sha):
        fail("the workflow run has no head commit")
    pr = call("GET", f"{repo_path()}/pulls/{pr_number}")
    head_repo = pr["head"].get("repo") or {}
    base_repo = pr["base"]["repo"]
    if str(head_repo.get("id")) != os.environ["RUN_HEAD_REPOSITORY_ID"]:
        fail(f"pull request #{pr_number} does not come from the repository the Preview run built")
    if pr["state"] != "open":
        skip("closed", f"pull request #{pr_number} is closed: no preview")
    if pr["head"]["sha"] != run_head_sha:
        skip("stale", f"pull request #{pr_number} has moved on since this build: the newer build will be deployed")
    fork = head_repo.get("id") != base_repo["id"]
    labels = {item["name"] for item in pr.get("labels", [])}
    if fork and label not in labels:
        skip("needs-label", f"pull request #{pr_number} comes from a fork: a maintainer must add the {label} label",
             fork="true")
    # The label approves the head commit of the moment it was added: the run that adding it
    # started, whose actor is the maintainer. A run started by anyone else is the build of a
    # later push: withdraw the approval.
    if fork and not can_write(os.environ["RUN_ACTOR"]):
        skip("needs-label", (f"pull request #{pr_number}: {run_head_sha} was pushed after the {label} label "
                             "was given; the label approves only the commit it was given on: a maintainer "
                             "must add it again"), fork="true", withdraw="true")
    output(deploy="true", reason="ok", fork="true" if fork else "false", approved_sha=run_head_sha)
    print(f"pull request #{pr_number}: deploying (fork: {fork})")


if __name__ == "__main__":
    main()
