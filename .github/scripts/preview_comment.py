"""Post, or update, the ONE preview comment of a pull request: the preview's link and the
change report that the Preview run built.

The report comes from the pull request's own code, so it is untrusted text: it is read from
the validated artifact, sent as the JSON body of an API request (never through a shell or a
workflow expression) and shown inside a code block whose fence is longer than any run of
backticks in it, so that GitHub renders none of it (no HTML, link, image or @mention). The
comment is found again by a hidden marker, and only when github-actions[bot] wrote it.
"""

from __future__ import annotations

import os
import re

from ghapi import call, fail, repo_path

MARKER = "<!-- dossier-preview -->"
BOT = "github-actions[bot]"
URL = re.compile(r"https://[a-z0-9-]+\.[a-z0-9-]+\.pages\.dev")
MAX_REPORT_CHARS = 60_000  # a comment holds at most 65,536 characters
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fenced(text: str) -> str:
    """`text` as a fenced code block that nothing inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def report_block(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(MAX_REPORT_CHARS + 1)
    except OSError:
        return ["", "(No change report came with this build.)"]
    text = _CONTROL.sub("\ufffd", text.replace("\r\n", "\n")).rstrip("\n")
    note = ""
    if len(text) > MAX_REPORT_CHARS:
        text = text[:MAX_REPORT_CHARS].rsplit("\n", 1)[0]
        note = "\n\nThe report is longer than a comment can hold: the whole of it is in the run's `preview` artifact."
    return ["", "<details open><summary>Change report (built from this pull request, shown as text)</summary>", "",
            fenced(text), "", "</details>" + note]


def body() -> str:
    sha = os.environ["HEAD_SHA"][:7]
    url = os.environ.get("PREVIEW_URL", "")
    if URL.fullmatch(url):
        lines = [MARKER, f"**Preview** of {sha}: {url}", "",
                 "Built from this pull request by the Preview workflow and served from a separate origin "
                 "(Cloudflare Pages), not from the published site."]
        return "\n".join(lines + report_block(os.environ["REPORT_FILE"])) + "\n"
    if os.environ.get("REASON") == "needs-label":
        return "\n".join([MARKER, (
            f"No preview yet for {sha}: this pull request comes from a fork, so a maintainer has to read the "
            "changes and add the `safe-to-preview` label first (needed again after every new push).")]) + "\n"
    fail("nothing to comment")
    return ""


def previous_comment(number: str) -> int | None:
    page = 1
    while True:
        comments = call("GET", f"{repo_path()}/issues/{number}/comments?per_page=100&page={page}")
        for comment in comments:
            user = comment.get("user") or {}
            if user.get("login") == BOT and user.get("type") == "Bot" and (comment.get("body") or "").startswith(MARKER):
                return int(comment["id"])
        if len(comments) < 100:
            return None
        page += 1


def main() -> None:
    number = os.environ["PR_NUMBER"]
    if not re.fullmatch(r"[1-9][0-9]{0,9}", number) or not re.fullmatch(r"[0-9a-f]{40}", os.environ["HEAD_SHA"]):
        fail("not a pull request number and commit")
    text = body()
    found = previous_comment(number)
    if found is None:
        call("POST", f"{repo_path()}/issues/{number}/comments", {"body": text})
        print(f"commented on pull request #{number}")
    else:
        call("PATCH", f"{repo_path()}/issues/comments/{found}", {"body": text})
        print(f"updated comment {found} on pull request #{number}")


if __name__ == "__main__":
    main()
