"""The command line: a thin layer over the pipeline that maps problems to exit codes.

Exit codes: 0 clean, 1 problems in the dossier (or the output folder), 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from .importer import command as add_command
from .annotate import annotate
from .annotation_import import import_file
from .load.annotations import MOTIVATIONS
from .evaluate import evaluate, format_report, label_files, read_labels
from .parallel import fewer_collections
from .pipeline import build
from .problems import DossierError, DossierInvalid, Problem, Severity, UsageError, display_path

COMMANDS = {
    "check": ("validate the whole dossier and list every problem as path:line: message",
              "Example:\n  python -m build_scripts check\n  python -m build_scripts check --strict --dossier path/to/dossier\n"
              "  python -m build_scripts check --format json\n\n"
              "Under GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an annotation.\n"
              "A wrong capture hash is judged against the last commit (HEAD), or against the commit\n"
              "named by DOSSIER_GIT_BASE (a pull request's build sets HEAD^1, its base).\n"
              "Capture hashes are checked, never typed: `python -m build_scripts add` computes them."),
    "build": ("write the generated pages (Markdown, captures, data/dossier.json) to a folder",
              "Example:\n  python -m build_scripts build --out build/pages"),
    "evaluate": ("score the topic rules on a labelled set of texts: precision and recall per topic",
                 "Example:\n  python -m build_scripts evaluate --labels tests/fixtures/topic-labels\n"
                 "  python -m build_scripts evaluate --dossier dossier --labels my-labels.yml --min-precision 0.95"),
    "report": ("print, as Markdown, what the dossier changes against a git ref (its export compared)",
               "Example:\n  python -m build_scripts report --base main\n"
               "  python -m build_scripts report --base HEAD~1 > report.md"),
    "add": (add_command.SUMMARY, add_command.EXAMPLE),
    "annotate": ("write a new annotation on the exact words of a source, or import annotations (W3C or Hypothesis "
                 "JSON)", "Examples:\n  python -m build_scripts annotate 002 \"52 crew members\" --note \"Elsewhere "
                 "25.\" --motivation disputing\n  python -m build_scripts annotate import hypothesis-export.json"),
    "synth": ("write a synthetic dossier of N sources (invented news) for tests and benchmarks",
              "Example:\n  python -m build_scripts synth --sources 1000 --out /tmp/dossier-1000 --seed 7"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m build_scripts",
        description="Check the dossier and generate its pages.",
        epilog="Example:\n  python -m build_scripts check\n\nRun a command with --help for its options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="{" + ",".join(COMMANDS) + "}")
    for name, (summary, example) in COMMANDS.items():
        cmd = sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                             epilog=example, formatter_class=argparse.RawDescriptionHelpFormatter)
        if name == "add":
            add_command.configure(cmd)
            continue
        if name == "synth":
            cmd.add_argument("--sources", type=int, required=True, metavar="N", help="how many sources to write")
            cmd.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new or empty folder")
            cmd.add_argument("--seed", type=int, default=1, metavar="S",
                             help="the same seed gives the same bytes (default 1)")
            continue
        cmd.add_argument("--dossier", type=Path, default=Path("dossier"), metavar="DIR",
                         help="the dossier folder (default: ./dossier)")
        if name == "evaluate":
            _evaluate_options(cmd)
            continue
        if name == "report":
            cmd.add_argument("--base", required=True, metavar="GIT_REF",
                             help="the branch, tag or commit to compare with (such as main)")
            continue
        if name == "annotate":
            _annotate_arguments(cmd)
            continue
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name == "build":
            cmd.add_argument("--out", type=Path, required=True, metavar="DIR",
                             help="the folder to write to (created if missing; only files it wrote are replaced)")
        if name == "check":
            cmd.add_argument("--quiet-notes", action="store_true",
                             help="do not list notes (name candidates for the entity registry)")
            cmd.add_argument("--format", choices=("text", "json"), default="text",
                             help="text: one `path:line: severity: message` per line (default); json: the problems "
                                  "as data (file, line, column, severity, code, message, fix)")
    return top


def _evaluate_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--labels", type=Path, default=Path("tests/fixtures/topic-labels"), metavar="PATH",
                     help="a label file, or a folder of them (*.yml) (default: tests/fixtures/topic-labels)")
    cmd.add_argument("--min-precision", type=float, default=0.0, metavar="P",
                     help="exit 1 when a topic's paragraph precision is below P")
    cmd.add_argument("--min-recall", type=float, default=0.0, metavar="R",
                     help="exit 1 when a topic's paragraph recall is below R")


def _annotate_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("source", metavar="SOURCE_ID", help="the source's id, or `import` to import annotations")
    cmd.add_argument("words", metavar="WORDS", help="the exact words of its reading text (or the FILE to import)")
    cmd.add_argument("--note", help="the note, plain text (required, except for import)")
    cmd.add_argument("--motivation", default="commenting", choices=MOTIVATIONS, help="default: commenting")
    cmd.add_argument("--author", help="who writes the note (default: git config user.name, or the login name)")
    cmd.add_argument("--id", dest="ident", help="the annotation's id (default: from the source and the words)")
    cmd.add_argument("--link", action="append", default=[], metavar="KIND:ID",
                     help="a related sources:ID, entities:ID, topics:SLUG or annotations:ID (repeatable)")


def main(argv: list[str] | None = None, *, fast_exit: bool = False) -> int:
    """Run one command; its exit code. With `fast_exit` (`python -m build_scripts`), the process
    ends as soon as the command is done: its output flushed, then `os._exit`, as mypy ends
    (`mypy.util.hard_exit`), without freeing the build's millions of objects one by one (about a
    second of CPU at 3,000 sources, docs/performance.md). Every file is closed and every worker gone
    by then. Callers in the same process (the tests) get the exit code back instead."""
    args = parser().parse_args(argv)
    held: list = []  # what the command made, left for the end of the process to free
    with fewer_collections():
        code = _run(args, held)
    if fast_exit:
        with contextlib.suppress(BrokenPipeError):  # a reader that has gone (`| head`) wants no more
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code


def _run(args: argparse.Namespace, held: list) -> int:
    if args.command == "synth":
        return _synth(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "report":
        return _change_report(args)
    if args.command == "add":
        return add_command.run(args)
    if args.command == "annotate":
        return _annotate(args)
    try:
        site = build(args.dossier, args.out if args.command == "build" else None)
        held.append(site)
    except DossierInvalid as exc:
        return _report(exc.problems, args, failed=True)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if site.written is not None:
        report = site.written
        print(f"{display_path(args.out)}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
              f"{len(report.removed)} removed")
    return _report(list(site.problems), args, failed=False)


def _synth(args: argparse.Namespace) -> int:
    from .synth import write_dossier

    if args.sources < 1:
        print("error: --sources must be 1 or more", file=sys.stderr)
        return 2
    try:
        write_dossier(args.out, args.sources, args.seed)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{display_path(args.out)}: a synthetic dossier of {args.sources} sources (seed {args.seed})")
    return 0


def _annotate(args: argparse.Namespace) -> int:
    try:
        if args.source == "import":
            report = import_file(args.dossier, Path(args.words), args.author)
            for line in report.lines():
                print(line)
            return 1 if report.failed else 0
        if args.note is None or not args.note.strip():
            raise UsageError("give the note with --note \"...\"")
        path = annotate(args.dossier, args.source, args.words, args.note, args.motivation, args.author,
                        args.ident, args.link)
    except DossierInvalid as exc:
        return _report(exc.problems, args, failed=True)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{display_path(path)}: written")
    return 0


def _report(problems: list[Problem], args: argparse.Namespace, failed: bool) -> int:
    shown = [p for p in problems if not (p.severity is Severity.NOTE and getattr(args, "quiet_notes", True))]
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    if getattr(args, "format", "text") == "json":
        print(json.dumps({"problems": [p.as_data() for p in shown],
                          **{f"{s.name.lower()}s": counts[s] for s in reversed(Severity)}},
                         ensure_ascii=False, indent=1))
    else:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        for problem in shown:
            print(problem.format())
            if github:
                print(problem.annotation())
    print(f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.NOTE]} note(s)",
          file=sys.stderr)
    if failed or counts[Severity.ERROR] or (getattr(args, "strict", False) and counts[Severity.WARNING]):
        return 1
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    if not args.labels.exists():
        print(f"error: no label file or folder at {display_path(args.labels)}: pass --labels", file=sys.stderr)
        return 2
    if not args.dossier.is_dir():
        print(f"error: no dossier folder at {display_path(args.dossier)}: pass --dossier", file=sys.stderr)
        return 2
    labels, problems = read_labels(label_files(args.labels))
    try:
        if problems:
            raise DossierInvalid(problems)
        report = evaluate(args.dossier, labels)
    except DossierInvalid as exc:
        return _report(exc.problems, args, failed=True)
    print(format_report(report))
    low = [slug for slug, s in report.paragraphs.items()
           if s.precision < args.min_precision or s.recall < args.min_recall]
    if low:
        print(f"below the targets: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


def _change_report(args: argparse.Namespace) -> int:
    """Exit 0 once the report is written, whatever problems it lists (`check` judges them)."""
    from .report import make_report

    try:
        text = make_report(args.dossier, args.base)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    sys.stdout.write(text)
    return 0
