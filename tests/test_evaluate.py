"""The evaluation of topic rules (build_scripts/evaluate.py): on the labelled set of new texts
in tests/fixtures/topic-labels/, with the dossier's real topic and entity files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.evaluate import evaluate, format_report, label_files, read_labels

from .conftest import ROOT, SEED

LABELS = Path(__file__).parent / "fixtures" / "topic-labels"
REQUIRED = {"fattah-ii", "galaxy-leader", "paydari", "kurdistan-border"}


@pytest.fixture(scope="module")
def report():
    labels, problems = read_labels(label_files(LABELS))
    assert problems == []
    return evaluate(SEED, labels)


def test_the_labelled_set_is_large_enough_and_has_negatives(report):
    sources, paragraphs = report.counts
    assert paragraphs >= 60
    assert sum(s.tp + s.fn == 0 for s in report.sources.values()) == 0  # every topic has positives


def test_every_topic_meets_the_targets(report):
    assert REQUIRED <= set(report.paragraphs)
    low = {slug: (round(s.precision, 3), round(s.recall, 3)) for slug, s in report.paragraphs.items()
           if s.precision < 0.95 or s.recall < 0.9}
    assert low == {}, format_report(report)
    low_sources = {slug for slug, s in report.sources.items() if s.precision < 0.95 or s.recall < 0.9}
    assert low_sources == set(), format_report(report)


def test_the_command_prints_the_figures(tmp_path):
    result = subprocess.run([sys.executable, "-m", "build_scripts", "evaluate", "--dossier", str(SEED),
                             "--labels", str(LABELS), "--min-precision", "0.95", "--min-recall", "0.9"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["topic", "paragraphs", "P", "R", "(tp/fp/fn)", "sources", "P", "R", "(tp/fp/fn)"]
    assert any(line.startswith("overall ") for line in lines)


def test_a_bad_label_is_reported_with_file_line_and_what_to_do(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("about: Test.\nsources:\n  - id: a\n    origin: Test.\n    topics: [paydari]\n"
                    "    paragraphs:\n      - Nothing here.\n", "utf-8")
    _, problems = read_labels([path])
    assert [p.format() for p in problems] == [
        f"{path}:5: error: sources[0].topics: 'a' is labelled ['paydari'] but its paragraphs []: a source "
        "belongs to a topic through its passages; make them agree"]


def test_a_rule_that_misses_lowers_recall(tmp_path):
    labels, _ = read_labels([LABELS / "iran-politics.yml"])
    dossier = tmp_path / "dossier"
    import shutil
    shutil.copytree(SEED, dossier)
    (dossier / "topics" / "paydari.yml").write_text(
        "slug: paydari\ntitle: Paydari\nsummary: x\nmatch:\n  entities: [paydari]\n  min_mentions: 3\n", "utf-8")
    report = evaluate(dossier, labels)
    assert report.paragraphs["paydari"].recall < 0.9
    assert any(e.startswith("missed stability-front-congress") for e in report.paragraphs["paydari"].errors)
