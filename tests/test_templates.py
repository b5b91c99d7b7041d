"""The contributor-facing templates: the issue form validates against GitHub's schema, and
the pull-request template and the guide point to each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-source.yml"
NEW_SOURCE = ROOT / ".github" / "PULL_REQUEST_TEMPLATE" / "new-source.md"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def check_form(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-issue-forms", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_issue_form_matches_githubs_schema():
    result = check_form(FORM)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_form(tmp_path):
    broken = tmp_path / "form.yml"
    form = yaml.safe_load(FORM.read_text("utf-8"))
    form["body"][1]["type"] = "dropdown"  # a dropdown needs options
    broken.write_text(yaml.safe_dump(form), "utf-8")
    assert check_form(broken).returncode != 0


def test_issue_form_asks_for_the_address_and_the_reason():
    form = yaml.safe_load(FORM.read_text("utf-8"))
    required = [item["id"] for item in form["body"] if item.get("validations", {}).get("required")]
    assert required == ["url", "why"]


def test_templates_and_guide_point_to_each_other():
    guide = (ROOT / "docs" / "contributing.md").read_text("utf-8")
    assert "docs/contributing.md" in NEW_SOURCE.read_text("utf-8")
    assert "?template=new-source.md" in guide and "Suggest a" in guide and "safe-to-preview" in guide
    assert "new-source.md" in (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
