"""The ``boilerplate`` command: parses arguments and hands off to the library.

``boilerplate clean`` cleans files, folders and standard input (text pages, JSON
Lines, Parquet, Common Crawl WET files) through :func:`boilerplate.runner.run`;
each subcommand sets ``run`` on its arguments.
"""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from concurrent.futures.process import BrokenProcessPool

from . import __version__
from .corpus import MIN_PAGES, MIN_SHARE
from .folders import path_argument
from .model import LinearModel, ModelError, load_linear, model_file, not_there, read_receipt
from .planning import ERROR_FIELD, Options, UsageError, plan
from .runner import REPORTED_PER_REASON, check_options, check_streams, run
from .shell import shell_path
from .stopping import _stop_signals, _stopped_how

EVALUATE_DESCRIPTION = (
    "Measure the cleaner cross-site and on the benchmark beside its peers, and write the "
    "evaluation report (Markdown, self-contained HTML, JSON and the plot). The benchmark is "
    "../shared/bench beside the repository, or the folder that the environment variable "
    "BOILERPLATE_BENCH names."
)

CLEAN_EPILOG = f"""\
A folder contributes its *.txt files (*.jsonl with --jsonl, *.parquet with
--parquet, *.wet.gz and *.wet with --wet), recursively; with --out DIR the
outputs mirror its tree. One input and no --out prints to standard output
(Parquet, a file, always needs --out); - reads standard input and always
writes to standard output, and so does a pipe given by its path
(<(zcat x.jsonl.gz), /dev/stdin). Outputs are written as
NAME.part and renamed when complete: a rerun skips outputs that exist, so a
killed run can be rerun, and redoes those that another model, version,
--group-by or --url-field made (each output folder's .boilerplate-outputs
says which run made what). An output being written is locked: a second run
that reaches it leaves it to the first and reports it. A page or record that
fails is reported with its file and line (row, WET record; the first {REPORTED_PER_REASON}
of a kind per input, the rest are counted) and the run goes on; in JSON Lines
and Parquet outputs it is kept as it came, marked in the field
{ERROR_FIELD!r} (WET: see below), and a rerun redoes an output that holds
such marks. Exit code: 0 when everything was cleaned, 1 when anything failed,
2 for a usage or model error.

WET (--wet): Common Crawl's WET files (WARC/1.0 or 1.1 records), gzip-compressed
or not (told by the first bytes). Each conversion record's body is a page;
warcinfo and other records are skipped. The output is JSON Lines, one line per
conversion record (and per failure), in order: url (WARC-Target-URI),
warc_record_id, warc_date, language (WARC-Identified-Content-Language, or null),
and the article under --output-field (default: text). x.warc.wet.gz gives
DIR/x.warc.wet.jsonl (a final .gz dropped, .jsonl added). A record that cannot
be read (a file cut short, a wrong Content-Length) is reported with its file and
record number, and written as a line marked in {ERROR_FIELD!r}.

Corpus mode (--group-by host, with --jsonl, --parquet or --wet): a line that
repeats on at least {MIN_PAGES} distinct pages of a site, and on at least {MIN_SHARE:.0%} of
them, is chrome. The site is the host of the URL in --url-field (with --wet: of
the WARC-Target-URI; lower case, a leading www. folded, xn-- labels decoded); a
record without that field, or whose URL has no host, is cleaned on its own. All
inputs are read twice: once to count the lines, once to clean; the result does
not depend on the order of the pages, on --jobs, or on which outputs a rerun
skips. Standard input cannot be read twice: save it first.
"""


#: Heap slack the clean command keeps (glibc's M_TOP_PAD; the default is 128 KiB).
#: Each batch frees its feature arrays and the next one asks for as much again;
#: with the default, glibc hands the memory back to the kernel in between and
#: every batch pays for fresh zeroed pages: ``boilerplate clean --jsonl --jobs 1``
#: on 12,864 pages spent 0.9-1.2 s of its 7-8 s in the kernel, 0.2-0.3 s with this.
MALLOC_TOP_PAD = 16 << 20


def _keep_heap_slack() -> None:
    """Set :data:`MALLOC_TOP_PAD` for this process and the workers it forks (glibc only).

    Left alone when ``MALLOC_TOP_PAD_`` is in the environment: the user's setting wins.
    """
    if not sys.platform.startswith("linux") or "MALLOC_TOP_PAD_" in os.environ:
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library
        return
    m_top_pad = -2  # malloc.h
    mallopt(ctypes.c_int(m_top_pad), ctypes.c_int(MALLOC_TOP_PAD))


#: What to do about an output that cannot be written, by errno.
WRITE_FIXES = {
    errno.EACCES: "give --out a folder you can write to",
    errno.EPERM: "give --out a folder you can write to",
    errno.EROFS: "give --out a folder on a writable file system",
    errno.ENOSPC: "free some space, or give --out a folder on another disk",
    errno.EDQUOT: "free some space, or give --out a folder on another disk",
    errno.ENOTDIR: "a file stands where --out needs a folder: give another --out",
    errno.EEXIST: "a file stands where --out needs a folder: give another --out",
}

#: The same when everything goes to standard output (no --out, or only -).
STDOUT_FIXES = {
    errno.ENOSPC: "free some space where standard output goes, or give --out a folder on another disk",
    errno.EDQUOT: "free some space where standard output goes, or give --out a folder on another disk",
}

#: The same when what goes there is read as a stream (-, a pipe), which --out does not redirect.
STREAM_FIXES = {
    errno.ENOSPC: "free some space where standard output goes, or redirect it to a file on another disk",
    errno.EDQUOT: "free some space where standard output goes, or redirect it to a file on another disk",
}


def _shaping_options(args: argparse.Namespace) -> tuple[str, ...]:
    """The options of ``boilerplate clean`` given that shape its output, as ``--name=value``
    quoted for a shell (a value may start with ``-``): advice that prints a whole command
    repeats them (:attr:`boilerplate.planning.Options.command_options`).

    >>> _shaping_options(build_parser().parse_args(["clean", "--jsonl", "--output-field", "my text", "-j", "2", "a.jsonl"]))
    ("'--output-field=my text'",)
    """
    errors = None if args.errors == "strict" else args.errors
    # Not --group-by nor --url-field: corpus mode reads its inputs twice, so it refuses a stream, and a
    # run of it is told to decompress, convert or render a file in place or beside it, never a pipe.
    given = {"--field": args.field, "--output-field": args.output_field, "--model": args.model, "--errors": errors}
    return tuple(shlex.quote(f"{name}={value}") for name, value in given.items() if value is not None)


def _clean_command(args: argparse.Namespace) -> int:
    _keep_heap_slack()
    kind = "jsonl" if args.jsonl else "parquet" if args.parquet else "wet" if args.wet else "text"
    if kind == "wet" and args.field is not None:
        print(
            "boilerplate: --field does not apply to --wet: the page is each conversion record's body"
            " (--output-field names where its article goes).",
            file=sys.stderr,
        )
        return 2
    if kind == "wet" and args.url_field is not None:
        print("boilerplate: --url-field does not apply to --wet: a record's URL is its WARC-Target-URI.", file=sys.stderr)
        return 2
    # --field text is the default, and was always let be for text pages.
    options = {"--field": args.field not in (None, "text"), "--output-field": args.output_field is not None}
    given = [name for name, value in {**options, "--group-by": args.group_by}.items() if value]
    if given and kind == "text":
        kinds = "--jsonl and --parquet" if "--field" in given else "--jsonl, --parquet and --wet"
        verb = "applies" if len(given) == 1 else "apply"
        print(f"boilerplate: {' and '.join(given)} {verb} to {kinds} only.", file=sys.stderr)
        return 2
    if args.url_field is not None and not args.group_by:
        print("boilerplate: --url-field applies with --group-by only.", file=sys.stderr)
        return 2
    model = _model(args.model)
    opts = Options(
        kind=kind,
        field="text" if args.field is None else args.field,
        output_field=args.output_field,
        errors=args.errors,
        overwrite=args.overwrite,
        group_by=args.group_by,
        url_field="url" if args.url_field is None else args.url_field,
        model=model,
        command_options=_shaping_options(args),
    )
    try:
        tasks = plan(args.inputs, args.out, kind)
        check_options(tasks, opts)
        check_streams(tasks)
    except UsageError as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 2
    jobs = args.jobs or _cores()
    bar = _Progress(counting=bool(args.group_by)) if not args.quiet and sys.stderr.isatty() else None
    with _stop_signals() as take_stops:
        try:
            take_stops()  # inside: a stop landing as the handlers are set is taken as any other
            stats = run(
                tasks,
                opts,
                jobs=jobs,
                progress=bar.clean if bar is not None else None,
                counting=bar.count if bar is not None else None,
                report=bar.write if bar is not None else _print,
            )
        except BrokenPipeError:
            # The reader of standard output went away (``| head``): stop quietly, as
            # other filters do, with the exit code of a process killed by SIGPIPE.
            return _broken_pipe()
        except (KeyboardInterrupt, BrokenProcessPool, OSError) as exc:
            if bar is not None:
                bar.close()
            if isinstance(exc, OSError) and not isinstance(exc, BrokenProcessPool):
                writing = [task for task in tasks if task.error is None]  # a task that only fails writes nothing
                if exc.filename is None and all(task.output is None for task in writing):
                    fix = (STREAM_FIXES if all(task.stream for task in writing) else STDOUT_FIXES).get(exc.errno, "fix that")
                    print(f"boilerplate: cannot write to standard output ({exc.strerror or exc}): {fix}, then rerun.", file=sys.stderr)
                    return 1
                where = f" {exc.filename}" if exc.filename else ""
                fix = WRITE_FIXES.get(exc.errno, "fix that")
                print(
                    f"boilerplate: cannot write{where} ({exc.strerror or exc}): {fix}, then rerun;"
                    " unfinished outputs were removed and complete ones kept.",
                    file=sys.stderr,
                )
                return 1
            if isinstance(exc, KeyboardInterrupt):  # Ctrl-C, or a stop signal (_Stopped)
                what, code = _stopped_how(exc)
            else:
                what, code = "a worker process died (out of memory?)", 1
            print(f"boilerplate: {what}; unfinished outputs were removed and complete ones kept: rerun to finish.", file=sys.stderr)
            return code
    if bar is not None:
        bar.close()
    if not args.quiet or stats.failed:
        try:
            print(stats.summary(), file=sys.stderr)
        except BrokenPipeError:  # standard error goes to the same reader (2>&1 | head)
            return _broken_pipe()
    return 1 if stats.failed else 0


def _print(message: str) -> None:
    print(message, file=sys.stderr)


def _broken_pipe() -> int:
    """The exit code of a process killed by SIGPIPE, after pointing standard output and
    error at the null device, so that Python's flush at exit raises no second error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None: closed before the command started (>&-)
            os.dup2(devnull, stream.fileno())
    return 128 + 13


def _tells_its_size(stream) -> bool:
    """Does the terminal ``stream`` is on tell how many rows it has (not 0)? True when it cannot be asked."""
    try:
        return os.get_terminal_size(stream.fileno()).lines > 0
    except (AttributeError, OSError, ValueError):  # no fileno, not a terminal, or closed
        return True


class _Progress:
    """The progress bar on standard error: pages and pages/s.

    In corpus mode a first bar counts the pages of the counting pass; it gives way
    to the cleaning bar when the first pages are cleaned.
    """

    def __init__(self, counting: bool) -> None:
        self.counting = counting
        self.bar = self._new("counting lines" if counting else None)

    @staticmethod
    def _new(desc: str | None):
        from tqdm import tqdm

        # The count as a whole number ("12,864 pages"; unit_scale alone writes "5.00 pages"),
        # the rate scaled ("1.58k pages/s").
        count = ("" if desc is None else f"{desc}: ") + "{n:,} pages [{elapsed}, {rate_fmt}]"
        # A terminal that tells no size (0 rows: a pseudo-terminal nobody sized, as `docker run -t`
        # or `ssh -tt` run from a script make): tqdm hides a bar at or below the last row, and cuts
        # the line a character short (it takes the width for -1), so the bar is given rows of its own,
        # no width (0: the counts, uncut) and is not resized.
        sized = _tells_its_size(sys.stderr)
        size = {"dynamic_ncols": True} if sized else {"ncols": 0, "nrows": 24}
        return tqdm(
            desc=desc, unit=" pages", unit_scale=True, bar_format=count, file=sys.stderr, mininterval=0.5, **size
        )

    def count(self, n: int) -> None:
        self.bar.update(n)

    def clean(self, n: int) -> None:
        if self.counting:
            self.bar.close()
            self.bar = self._new("cleaning")
            self.counting = False
        self.bar.update(n)

    def write(self, message: str) -> None:
        # Keeps the progress bar below the messages; tqdm.write's file is standard output
        # unless told, where the message would land among the articles.
        self.bar.write(message, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


MODEL_HELP = (
    "a model train.py wrote for your labels: its --model-dir folder or its boilerplate.joblib (default: the shipped "
    "model). Name only one you made or trust: its receipt is read, and the model file, a pickle, is loaded when the "
    "receipt does not hold the model's function"
)


def _model(path: Path | None) -> LinearModel | None:
    """``--model``'s line model (``None``: the shipped one); a :class:`ModelError` (exit code 2,
    see :func:`main`) when it cannot be used."""
    if path is None:
        return None
    if not os.path.exists(path):  # not Path.exists: it raises for a name too long to be a file's
        raise ModelError(f"--model {not_there(path)}")
    return load_linear(path)


def _add_clean(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "clean",
        help="clean pages: files, folders, standard input, JSON Lines, Parquet, Common Crawl WET",
        description="Keep the article of each page and drop the site's chrome.",
        epilog=CLEAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        metavar="INPUT",
        nargs="+",
        help="a file (UTF-8 text; JSON Lines with --jsonl, Parquet with --parquet, WET with --wet), a folder, "
        "or - for standard input (or a pipe)",
    )
    p.add_argument("-o", "--out", metavar="DIR", help="write one cleaned file per input into DIR")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--jsonl", action="store_true", help="inputs are JSON Lines: clean one field of each record")
    form.add_argument("--parquet", action="store_true", help="inputs are Parquet files: clean one column (needs pyarrow)")
    form.add_argument(
        "--wet",
        action="store_true",
        help="inputs are Common Crawl WET files (.warc.wet.gz, or not compressed): clean each conversion record; "
        "the output is JSON Lines (see below)",
    )
    p.add_argument("--field", type=_field, help="the field (or column) holding the page (default: text; not with --wet)")
    p.add_argument(
        "--output-field",
        type=_field,
        metavar="FIELD",
        help="where the cleaned page goes (default: the same field; with --wet: text)",
    )
    p.add_argument(
        "--group-by",
        choices=("host",),
        help="corpus mode: lines that repeat across many pages of one site are chrome; the site is the host of "
        "each record's URL (see below)",
    )
    p.add_argument(
        "--url-field",
        type=_field,
        metavar="FIELD",
        help="with --group-by: the field (or column) holding the page's URL (default: url; not with --wet)",
    )
    p.add_argument("--model", type=path_argument, metavar="PATH", help=MODEL_HELP)
    p.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N", help="worker processes (default: 1; 0: one per core the process may use)")
    p.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8: strict reports it and skips the page (default; a JSON Lines or WET record is written marked); "
        "replace cleans it with U+FFFD",
    )
    p.add_argument("--overwrite", action="store_true", help="rewrite outputs that already exist instead of skipping them")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, and no summary unless something failed (failures are always reported)")
    p.set_defaults(run=_clean_command)


def _field(value: str) -> str:
    """A field (or column) name given to an option, refused when empty: an empty value is most
    often an unset variable, and must not quietly mean the option's default."""
    if not value:
        raise argparse.ArgumentTypeError("an empty field name (an unset variable?); name a field, or leave the option out.")
    return value


def _cores() -> int:
    """The cores this process may run on (``--jobs 0``): its CPU affinity where the
    system has one (Linux: ``taskset``, a container's CPU set), else the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (0 or more)")
    return n


def _label_command(args: argparse.Namespace) -> int:
    from .labeling import LabelFileExists, prefill

    with _stop_signals() as take_stops:
        try:
            take_stops()
            model = _model(args.model)
            written = prefill(args.pages, args.out, force=args.force, model=model)
        except (LabelFileExists, ValueError) as exc:  # found before anything is written; PageError is a ValueError
            for message in str(exc).splitlines():
                print(f"boilerplate: {message}", file=sys.stderr)
            return 2
        except OSError as exc:  # while writing: a full disk, say
            where = f" {exc.filename}" if exc.filename else ""
            print(f"boilerplate: cannot write{where} ({exc.strerror or exc}); fix that, then rerun with --force.",
                  file=sys.stderr)
            return 1
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP
            # Each page and its label file are written whole (folders.write_whole): those
            # written are as good as a finished run's, and --force writes them again.
            what, code = _stopped_how(exc)
            print(f"boilerplate: {what}; the label files written so far are whole: rerun with --force to write them all.",
                  file=sys.stderr)
            return code
    print(
        f"Wrote {len(written)} label file(s) to {os.path.join(args.out, '')} with the model's labels and empty roles.\n"
        f"Correct them, then train (in a checkout of the repository){_train_command(args.out, args.model)}",
        file=sys.stderr,
    )
    return 0


def _train_command(out: str, model: Path | None) -> str:
    """The end of ``boilerplate label``'s last line: the ``train.py`` command for the label
    folder ``out``. With ``--model`` of your own (not trained on ``labels/`` alone), it
    trains into that model's folder on the label folders its receipt names as well, so
    that pasting it does not rewrite the model without the pages labelled before."""
    folders, model_dir, clause = ["labels/", out], "my_model/", ""
    trained_on = _label_folder_names(model) if model is not None else []
    if trained_on and trained_on != ["labels"]:
        model_dir = str(model if model.is_dir() else model.parent)
        out_name = Path(out).resolve().name
        folders = ["labels/", *(out if name == out_name else name for name in trained_on if name != "labels")]
        if out_name not in trained_on:
            folders.append(out)
        clause = f", with the label folders {model_dir} was trained on"
    # Pages labelled into labels/ itself: train.py refuses a folder given twice.
    folders = [f for i, f in enumerate(folders) if Path(f).resolve() not in {Path(g).resolve() for g in folders[:i]}]
    return f"{clause}: python train.py --labels {' '.join(map(shell_path, folders))} --model-dir {shell_path(model_dir)}"


def _label_folder_names(model: Path) -> list[str]:
    """The names of the label folders a model's receipt says it was trained on (train.py
    records each folder's name), in order; none when the receipt does not say."""
    try:
        entries = read_receipt(model_file(model)).get("labels")
    except ModelError:
        return []
    if not isinstance(entries, list):
        return []
    names = [entry.get("folder") if isinstance(entry, dict) else None for entry in entries]
    return names if all(isinstance(name, str) and name for name in names) else []


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boilerplate",
        description="Remove site chrome (menus, date bars, headline lists, footers) from plain-text web pages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_clean(commands)
    label_parser = commands.add_parser(
        "label",
        help="write label files pre-filled with the model's labels, for a person to correct",
        description="Write a label file for each page, pre-filled with the model's labels (roles left empty), and "
        "a copy of the page, into one label folder: correct the labels, then train on the folder with train.py "
        "(see LABELING.md). Every page is checked before anything is written; exit code 2 when one cannot be "
        "labelled.",
    )
    label_parser.add_argument(
        "pages", nargs="+", metavar="PAGE", help="UTF-8 text files to label (for a folder, give its files: pages/*.txt)"
    )
    label_parser.add_argument("--out", required=True, metavar="DIR", help="the label folder to write")
    label_parser.add_argument("--force", action="store_true", help="overwrite label files that already exist")
    label_parser.add_argument("--model", type=path_argument, metavar="PATH", help="the model to pre-fill with: " + MODEL_HELP)
    label_parser.set_defaults(run=_label_command)
    # evaluate's options are parsed by its own parser (see _evaluate_command), so that
    # the other commands start without importing the evaluation's libraries.
    evaluate_parser = commands.add_parser(
        "evaluate", help="measure the model and its peers; write the report (reports/evaluation.md, .html, .json and the plot) and, for reports/, the README's headline table", add_help=False
    )
    evaluate_parser.set_defaults(run=_evaluate_command)
    return parser


def _command_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of ``parser``'s sub-command ``name``."""
    [commands] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return commands.choices[name]


def evaluate_parser() -> argparse.ArgumentParser:
    """The ``evaluate`` command's own parser (it imports pandas and scikit-learn)."""
    from .report import add_arguments

    parser = argparse.ArgumentParser(prog="boilerplate evaluate", description=EVALUATE_DESCRIPTION)
    add_arguments(parser)
    return parser


def _evaluate_command(args: argparse.Namespace) -> int:
    from .report import run

    with _stop_signals() as take_stops:
        try:
            take_stops()
            return run(evaluate_parser().parse_args(args.options))
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP; write_report leaves no .part file
            what, code = _stopped_how(exc)
            print(f"boilerplate: {what}.", file=sys.stderr)
            return code


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stderr is None:
        # Standard error closed (2>&-): messages have nowhere to go, and print() would
        # put them on standard output, among the articles. The exit code still tells.
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args, rest = parser.parse_known_args(argv)
    if args.command == "evaluate":
        args.options = rest
    elif rest:
        # Inputs on both sides of an option (boilerplate clean a.txt --out DIR b.txt): the
        # command's own parser takes its options and inputs in any order, and names an
        # unknown option alone, with the command's usage.
        given = argv[argv.index(args.command) + 1 :]
        args = _command_parser(parser, args.command).parse_intermixed_args(given, argparse.Namespace(command=args.command))
    try:
        return args.run(args)
    except ModelError as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before a command takes it (clean, label and evaluate say what they kept)
        print("boilerplate: interrupted.", file=sys.stderr)
        return 130
