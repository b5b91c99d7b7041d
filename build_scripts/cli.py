"""The command line: a thin layer over the pipeline that maps problems to exit codes.

Exit codes: 0 clean, 1 problems in the dossier (or the output folder), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pipeline import build
from .problems import DossierError, DossierInvalid, Problem, Severity, display_path
from .writer import write_pages

COMMANDS = {
    "check": ("validate the whole dossier and list every problem as path:line: message",
              "Example:\n  python -m build_scripts check\n  python -m build_scripts check --strict --dossier path/to/dossier"),
    "build": ("write the generated pages (Markdown, captures, data/dossier.json) to a folder",
              "Example:\n  python -m build_scripts build --out build/pages"),
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
    sub = top.add_subparsers(dest="command", required=True, metavar="{check,build,synth}")
    for name, (summary, example) in COMMANDS.items():
        cmd = sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                             epilog=example, formatter_class=argparse.RawDescriptionHelpFormatter)
        if name == "synth":
            cmd.add_argument("--sources", type=int, required=True, metavar="N", help="how many sources to write")
            cmd.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new or empty folder")
            cmd.add_argument("--seed", type=int, default=1, metavar="S",
                             help="the same seed gives the same bytes (default 1)")
            continue
        cmd.add_argument("--dossier", type=Path, default=Path("dossier"), metavar="DIR",
                         help="the dossier folder (default: ./dossier)")
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name == "build":
            cmd.add_argument("--out", type=Path, required=True, metavar="DIR",
                             help="the folder to write to (created if missing; only files it wrote are replaced)")
        if name == "check":
            cmd.add_argument("--quiet-notes", action="store_true",
                             help="do not list notes (name candidates for the entity registry)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "synth":
        return _synth(args)
    try:
        site = build(args.dossier)
    except DossierInvalid as exc:
        return _report(exc.problems, args, failed=True)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.command == "build":
        try:
            report = write_pages(site.files, args.out)
        except DossierError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_code
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


def _report(problems: list[Problem], args: argparse.Namespace, failed: bool) -> int:
    shown = [p for p in problems if not (p.severity is Severity.NOTE and getattr(args, "quiet_notes", True))]
    for problem in shown:
        print(problem.format())
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    print(f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.NOTE]} note(s)",
          file=sys.stderr)
    if failed or counts[Severity.ERROR] or (args.strict and counts[Severity.WARNING]):
        return 1
    return 0
