"""The `add` command's arguments and its run: what the thin CLI calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import AddOptions, Refused, add

SUMMARY = "import a saved web page (HTML), a web archive (WARC, WACZ) or a text file as a new source"
EXAMPLE = """Example:
  python -m build_scripts add inbox/article.html --dry-run
  python -m build_scripts add inbox/crawl.wacz --record https://example.org/news/1 --id example-news-1
  python -m build_scripts add inbox/wire.txt --outlet "Example Wire" --language en

The capture is kept byte for byte and hashed (you never type a hash). For pages and
archives the reading text is extracted (trafilatura, or the page's JSON-LD articleBody)
and stored beside it with its own hash. Metadata is filled only from what the capture
establishes (or from the options, recorded as the editor's); the rest stays unknown.
Limits: 10 MB for a page or text, 200 MB for an archive; the file must be inside the
working tree. An existing source is never replaced."""
FIELDS = ("title", "outlet", "url", "published", "language", "byline")


def configure(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("path", type=Path, metavar="PATH", help="the file to import (inside the working tree)")
    cmd.add_argument("--dossier", type=Path, default=Path("dossier"), metavar="DIR",
                     help="the dossier folder (default: ./dossier)")
    cmd.add_argument("--id", dest="sid", metavar="ID", help="the new source's id (default: the next free number)")
    for name in FIELDS:
        cmd.add_argument(f"--{name}", metavar=name.upper(),
                         help=f"the source's {name}, recorded as given by the editor")
    cmd.add_argument("--record", metavar="URL", help="in an archive, the WARC-Target-URI of the page to import "
                     "(default: the first HTML response)")
    cmd.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")


def run(args: argparse.Namespace) -> int:
    """0 when the source was added (or would be, with --dry-run), 1 when refused."""
    fields = tuple((name, getattr(args, name)) for name in FIELDS if getattr(args, name))
    options = AddOptions(args.path, args.dossier, args.sid, args.record, args.dry_run, fields)
    try:
        added = add(options)
    except Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    print(added.report)
    for problem in added.problems:
        print(problem.format())
    return 0
