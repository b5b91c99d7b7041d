"""The layout shows the architecture: one `build()` that reads as the pipeline, one package
or module per stage, small modules and functions, heavy libraries imported where they are used."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

from build_scripts import pipeline

PACKAGE = Path(pipeline.__file__).resolve().parent
STAGES = ["load", "normalise", "analyse", "render_site", "write_pages"]


def test_build_reads_as_the_pipeline():
    tree = ast.parse(inspect.getsource(pipeline.build))
    calls = sorted((n.lineno, n.col_offset, n.func.id) for n in ast.walk(tree)
                   if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))  # in the order they are written
    order = [name for _, _, name in calls if name in STAGES]
    assert order == STAGES


def test_each_stage_has_its_own_package_or_module():
    for stage in ("load/__init__.py", "normalise.py", "analysis/__init__.py", "render/__init__.py", "writer.py"):
        assert (PACKAGE / stage).is_file(), stage
    assert (PACKAGE / "analysis" / "matching.py").is_file()  # matching lives with the analysis that uses it
    for gone in ("loader.py", "yamlread.py", "schema.py", "validate.py", "xrefcheck.py", "matching.py"):
        assert not (PACKAGE / gone).exists(), f"{gone} belongs in a stage's package"


# Commands that write into the dossier (an editor's input, never the site's output) or a scratch folder.
WRITES_INPUT = ("importer", "annotate", "synth", "evaluate")


def test_only_the_writer_writes_the_output():
    for module in PACKAGE.rglob("*.py"):
        if module.name == "writer.py":
            continue
        source = module.read_text("utf-8")
        for call in (r"\.write_bytes\(", r"\.write_text\(", r"(?<![A-Za-z_])open\("):  # not Popen(
            assert not re.search(call, source) or any(name in module.as_posix() for name in WRITES_INPUT), (
                f"{module.relative_to(PACKAGE)} calls {call}")


def test_modules_and_functions_stay_small():
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text("utf-8")
        assert text.count("\n") <= 450, f"{module.relative_to(PACKAGE)} has {text.count(chr(10))} lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= 60, f"{module.relative_to(PACKAGE)}:{node.lineno} {node.name} has {length} lines"


def test_the_commands_start_without_importing_the_comparison_libraries():
    """NumPy is imported by the process that compares paragraphs, when it does (analysis/shared.py;
    datasketch and SciPy, about 0.4 s, by no build at all), dateparser by the one that finds
    dates, and the importer's extractor and archive reader (about 0.1 s) when a page is
    imported: not by every command and `mkdocs build` as they start."""
    code = ("import sys\nimport build_scripts.cli, build_scripts.mkdocs_hook\n"
            "print(sorted(m for m in ('datasketch', 'scipy', 'numpy', 'dateparser', 'trafilatura', 'warcio') "
            "if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "[]\n"), result.stderr
