"""The ``boilerplate`` command: parses arguments and hands off to the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .cleaner import clean
from .model import ModelError
from .report import add_arguments as _evaluate_arguments
from .report import run as _evaluate_command


def _read(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        data = Path(source).read_bytes()
        name = source
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not valid UTF-8 at byte {exc.start}; convert the file to UTF-8 first.") from None


def _clean_command(args: argparse.Namespace) -> int:
    try:
        text = _read(args.file)
    except (OSError, ValueError) as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 1
    cleaned = clean(text)
    sys.stdout.write(cleaned + "\n" if cleaned else "")
    return 0


def _label_command(args: argparse.Namespace) -> int:
    from .labeling import LabelFileExists, prefill

    try:
        written = prefill(args.pages, args.out, force=args.force)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = str(exc) if isinstance(exc, (LabelFileExists, ValueError)) else f"{exc}"
        print(f"boilerplate: {message}", file=sys.stderr)
        return 1
    print(
        f"Wrote {len(written)} label file(s) to {args.out}/ with the model's labels and empty roles.\n"
        f"Correct them, then train: python train.py --labels labels/ {args.out}",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boilerplate",
        description="Remove site chrome (menus, date bars, headline lists, footers) from plain-text web pages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    clean_parser = commands.add_parser("clean", help="print the article text of a page")
    clean_parser.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for standard input")
    clean_parser.set_defaults(run=_clean_command)
    label_parser = commands.add_parser(
        "label", help="write label files pre-filled with the model's labels, for a person to correct"
    )
    label_parser.add_argument("pages", nargs="+", metavar="PAGE", help="UTF-8 text files to label")
    label_parser.add_argument("--out", required=True, metavar="DIR", help="the label folder to write")
    label_parser.add_argument("--force", action="store_true", help="overwrite label files that already exist")
    label_parser.set_defaults(run=_label_command)
    evaluate_parser = commands.add_parser(
        "evaluate", help="measure the model and its peers; write reports/evaluation.md and .html",
        description="Measure the cleaner cross-site and on ../shared/bench beside its peers, and write the "
        "evaluation report (Markdown, self-contained HTML, JSON and the plot).",
    )
    _evaluate_arguments(evaluate_parser)
    evaluate_parser.set_defaults(run=_evaluate_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ModelError as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 2
