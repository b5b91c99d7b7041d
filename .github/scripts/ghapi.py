"""The little of the GitHub REST API the preview scripts need, with nothing but the standard
library (these scripts run on the runner's own Python, before anything is installed).

Values come from the environment that the workflow sets with `env:`; nothing here is ever
interpolated into a shell command or a workflow expression.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request


def fail(message: str) -> None:
    """Stop the step with an error annotation. Only fixed text and checked values reach it."""
    print(f"::error::{message}")
    sys.exit(1)


def output(**values: str) -> None:
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        for key, value in values.items():
            out.write(f"{key}={value}\n")


def call(method: str, path: str, body: dict | None = None, missing_ok: bool = False) -> object:
    """One API request (`path` starts with /repos/...); the answer's JSON (None for a 404
    when `missing_ok`)."""
    url = os.environ["GITHUB_API_URL"].rstrip("/") + path
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Accept": "application/vnd.github+json",
        "Authorization": f"Bearer {os.environ['GH_TOKEN']}",
        "X-GitHub-Api-Version": "2022-11-28",
        **({"Content-Type": "application/json"} if data is not None else {}),
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        if missing_ok and error.code == 404:
            return None
        fail(f"{method} {path.split('?')[0]}: the API answered {error.code}")
    return None  # not reached


def repo_path() -> str:
    return f"/repos/{os.environ['GITHUB_REPOSITORY']}"
