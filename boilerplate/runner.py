"""The corpus runner behind ``boilerplate clean``: :func:`run`, its counters (:class:`Stats`),
the checks made before anything is read, corpus mode's counting pass, and which run made
each output (:func:`fingerprint`, the :data:`MANIFEST`).

:func:`run` cleans whole inputs (text files, JSON Lines, Parquet, Common Crawl WET
files) into outputs, in chunks of pages, in one process or a pool of ``jobs``
processes. It is built to be killed: every output is written under a temporary
name (``<name>.part``; :mod:`boilerplate.writers`) and renamed when complete, and a rerun skips outputs that
exist, except JSON Lines and Parquet outputs holding records marked as failed,
and outputs that another model, version or grouping made (each output folder's
:data:`MANIFEST` says which run made what), which it redoes. A page or record
that fails is reported with its file and line (or row, or WET record) and the run
goes on; nothing is dropped without a report.
The inputs and their outputs are planned by :mod:`boilerplate.planning`, and read
into chunks by :mod:`boilerplate.readers`.
JSON Lines go to the workers (:mod:`boilerplate.workers`) as raw lines, and WET records (framed by
:mod:`boilerplate.warc`) as their headers' values and raw bodies: the workers
decode, parse and check each record, clean, and send back the bytes to write, so
that the main process — which reads, hands out and writes, in input order — does
not become the bottleneck of a run with several jobs (with one job the same code
runs in the main process). A WET input's output is JSON Lines. A stop (Ctrl-C,
SIGTERM, SIGHUP) is held back while the pool's code runs (:mod:`boilerplate.stopping`).

Corpus mode (``Options.group_by="host"``) makes it two passes: the first reads
every input — also those whose outputs exist, so a resumed run gives the same
bytes — and counts each host's repeated lines with a
:class:`~boilerplate.corpus.LineCounter`; the second is the usual run, by workers
started after the count and holding the repeated lines of every host. The result is that of
``clean_many(texts, group_by=hosts)`` over all pages of the run at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

import numpy as np

from .batch import _count
from .corpus import LineCounter, RepeatedLines
from .model import linear_model
from .planning import ERROR_FIELD, GROUP_BY, RAW_FIELD, STDIN_PATHS, Options, Task, UsageError, _Fail
from .readers import _READERS, _Chunk, _Left, _holds_marks, _output_not_text
from .stopping import _HELD
from .warc import WET_KEYS
from .workers import _Workers, _hash_chunk, _ordered_map
from .writers import _JsonlWriter, _ParquetWriter, _TextWriter, _Writer, _utf8_len


#: File in each folder that gets outputs saying which run made each of them: one JSON
#: object a line, ``{"output": name, "run": fingerprint}`` (see :func:`fingerprint`),
#: appended as each output is complete; an output's last line counts.
MANIFEST = ".boilerplate-outputs"

#: Failures of one kind (``_Fail.reason``) in one input reported one by one; the
#: rest are counted in one line at the input's end (a wrong --field fails every
#: record of a file) and in the summary. Each is marked in the output all the same.
REPORTED_PER_REASON = 10


@dataclass
class Stats:
    """Counters of one run; ``failures`` counts failed pages and files by reason."""

    inputs: int = 0
    outputs: int = 0
    skipped: int = 0
    pages: int = 0
    lines_kept: int = 0
    lines_dropped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    failures: Counter = field(default_factory=Counter)
    #: Outputs that existed but held records marked as failed, and were written anew.
    redone: int = 0
    #: Outputs that existed but a run of another :func:`fingerprint` made, written anew.
    remade: int = 0
    #: Corpus mode (else ``None``): pages with a group in the counting pass, out of ``counted``;
    #: distinct groups; groups with repeated lines.
    grouped: int | None = None
    counted: int = 0
    groups: int = 0
    repeated_groups: int = 0

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def summary(self) -> str:
        """The closing report of a run.

        Counts are written with a thousands separator, as the progress bar writes them.

        >>> print(Stats(inputs=2, outputs=2, pages=3, lines_kept=10, lines_dropped=30, bytes_in=2048, bytes_out=512).summary())
        boilerplate: 3 pages from 2 inputs → 2 outputs; lines kept 10, dropped 30; 2.0 kB in, 0.5 kB out; 0 failed
        >>> print(Stats(inputs=1, outputs=1, pages=12864, lines_kept=98765, lines_dropped=1234567, bytes_in=174_000_000,
        ...             bytes_out=61_000_000, failures=Counter({"not JSON": 1500})).summary())
        boilerplate: 12,864 pages from 1 input → 1 output; lines kept 98,765, dropped 1,234,567; 174.0 MB in, 61.0 MB out; 1,500 failed (not JSON: 1,500)
        """
        text = (
            f"boilerplate: {_count(self.pages, 'page')} from {_count(self.inputs, 'input')}"
            f" → {_count(self.outputs, 'output')}"
            f"; lines kept {self.lines_kept:,}, dropped {self.lines_dropped:,}"
            f"; {_size(self.bytes_in)} in, {_size(self.bytes_out)} out"
            f"; {self.failed:,} failed"
        )
        if self.failures:
            text += " (" + ", ".join(f"{reason}: {n:,}" for reason, n in sorted(self.failures.items())) + ")"
        if self.skipped:
            text += f"; {_count(self.skipped, 'output')} already complete, skipped"
        if self.redone:
            they = "it" if self.redone == 1 else "they"
            text += f"; {_count(self.redone, 'output')} redone: {they} held records marked as failed"
        if self.remade:
            text += f"; {_count(self.remade, 'output')} redone: made with another model, version, --group-by or --url-field"
        if self.grouped is not None:
            text += (
                f"; grouped {self.grouped:,} of {_count(self.counted, 'page')} into {_count(self.groups, 'group')}"
                f" ({self.repeated_groups:,} with repeated lines)"
            )
        return text


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n / 1e3:.1f} kB"


@lru_cache(maxsize=None)
def code_digest(package: Path = Path(__file__).resolve().parent) -> str:
    """A sha256 in hexadecimal of the package's Python source files, by name and content.

    Part of :func:`fingerprint`: a change of the cleaner's code (an editable install,
    or a release that kept its version number) changes what a page's output is, as a
    new model does.
    """
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode("utf-8"))
        digest.update(content)
    return digest.hexdigest()


def fingerprint(opts: Options) -> str:
    """How a run cleans pages, as a sha256 in hexadecimal: this version of boilerplate
    and its code (:func:`code_digest`), the model's weights, the cleaner's
    :class:`~boilerplate.cleaner.Config`, and corpus mode's grouping.

    Which field is read or written, how bytes are decoded (``errors``) and ``overwrite``
    are not part of it: a run may clean JSON Lines files of two shapes into one folder,
    a field at a time, and an output complete under ``errors="strict"`` is what
    ``"replace"`` writes.

    >>> fingerprint(Options()) == fingerprint(Options(kind="jsonl", field="body", errors="replace", overwrite=True))
    True
    >>> fingerprint(Options()) == fingerprint(Options(group_by="host"))
    False
    """
    from . import __version__

    model = linear_model(opts.model)
    weights = hashlib.sha256(np.ascontiguousarray(model.weights, dtype="<f8").tobytes())
    what = {
        "boilerplate": __version__,
        "code": code_digest(),
        "model": [weights.hexdigest(), float(model.bias).hex()],
        "config": repr(opts.config),
        "group_by": opts.group_by,
        "url_field": opts.url_field if opts.group_by else None,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()


class _Made:
    """Which run made each existing output, as the :data:`MANIFEST` of its folder says,
    against this run (its :func:`fingerprint`, taken when first needed: a run that
    writes to standard output only never loads the model for it)."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self._run: str | None = None
        self.folders: dict[Path, dict[str, str]] = {}
        #: Tasks whose existing output is being written anew, and why: the :class:`Stats`
        #: field that counts it once it is ("remade" or "redone").
        self.again: dict[Task, str] = {}
        self.marks: dict[Task, bool] = {}

    @property
    def run(self) -> str:
        if self._run is None:
            self._run = fingerprint(self.opts)
        return self._run

    def _entries(self, folder: Path) -> dict[str, str]:
        if folder not in self.folders:
            entries: dict[str, str] = {}
            runs: dict[str, str] = {}  # each fingerprint held once: a million outputs take 96 MB, not 209
            with contextlib.suppress(OSError), open(folder / MANIFEST, "rb") as file:
                for line in file:
                    try:
                        entry = json.loads(line)
                    except ValueError:  # a line cut by a full disk, or edited: it says nothing
                        continue
                    if isinstance(entry, dict) and isinstance(entry.get("output"), str) and isinstance(entry.get("run"), str):
                        entries[entry["output"]] = runs.setdefault(entry["run"], entry["run"])
            self.folders[folder] = entries
        return self.folders[folder]

    def by_another(self, output: Path) -> bool:
        """Was this output made by a run of another :func:`fingerprint`? An output the
        manifest does not name (made before manifests, or its line lost) was not."""
        made = self._entries(output.parent).get(output.name)
        return made is not None and made != self.run

    def holds_marks(self, task: Task) -> bool:
        """:func:`_holds_marks`, the output read once: corpus mode asks before it counts
        (is every output complete?), and the run again as it skips complete outputs."""
        if task not in self.marks:
            self.marks[task] = _holds_marks(task)
        return self.marks[task]

    @contextlib.contextmanager
    def naming(self, output: Path) -> Iterator[None]:
        """Say that this run made this output, around its rename: the manifest is opened
        first, so that an output whose line cannot be written (a manifest you may not
        write to) is not put in place, and the line is written once it is. After a line cut
        short (a full disk), it starts on a line of its own: run on from it, it would say nothing."""
        line = json.dumps({"output": output.name, "run": self.run}) + "\n"  # names escaped: ASCII, one line
        manifest = output.parent / MANIFEST
        try:
            with open(manifest, "a+b") as file:
                yield
                end = file.seek(0, os.SEEK_END)
                if end:
                    file.seek(end - 1)
                    if file.read(1) != b"\n":
                        line = "\n" + line
                file.write(line.encode("ascii"))
        except OSError as exc:
            if exc.filename is None:  # a full disk as the line is written names no file
                exc.filename = str(manifest)
            raise
        self._entries(output.parent)[output.name] = self.run


def _written(task: Task, opts: Options) -> bool:
    """Is this task's output there from an earlier run, and not to be overwritten?"""
    return task.output is not None and not opts.overwrite and task.output.exists()


def _complete(task: Task, opts: Options, made: _Made) -> bool:
    """Will the run skip this task, its output being there and finished? (see :func:`_chunks`)"""
    return _written(task, opts) and not made.by_another(task.output) and not made.holds_marks(task)


def _chunks(tasks: list[Task], opts: Options, stats: Stats, made: _Made | None = None, left: _Left | None = None) -> Iterator[_Chunk]:
    """The run as chunks of events and texts, in input order; with ``made``, skips
    complete outputs: those that exist, that no run of another fingerprint made
    (``made``) and that hold no records marked as failed (see :func:`_holds_marks`);
    with ``left``, reads no further an input whose output another run is writing (see :data:`~boilerplate.readers._Reader`)."""
    chunk = _Chunk()
    for task in tasks:
        if made is not None and _written(task, opts):
            # Written anew, as --overwrite would; counted once it is (the input may fail now).
            if made.by_another(task.output):
                made.again[task] = "remade"
            elif made.holds_marks(task):
                made.again[task] = "redone"
            else:
                stats.skipped += 1
                continue
        stats.inputs += 1
        if task.error is not None:
            chunk.events.append(("fail", _Fail(task, "", *task.error)))
            continue
        chunk = yield from _READERS[task.kind](task, opts, chunk, left)
        if chunk.full():
            yield chunk
            chunk = _Chunk()
    if chunk.events:
        yield chunk


def check_options(tasks: list[Task], opts: Options) -> None:
    """Raise :class:`UsageError` when the options cannot make a run of these tasks.

    Of Parquet inputs, the first one's schema is read: an ``--output-field`` that names
    an existing column of it that does not hold text is refused (its type would change).

    >>> check_options([], Options(kind="jsonl", output_field=ERROR_FIELD))
    Traceback (most recent call last):
    ...
    boilerplate.planning.UsageError: --output-field boilerplate_error: that field marks the records that failed; choose another name.
    """
    if opts.kind != "text":
        for name in (ERROR_FIELD, RAW_FIELD):
            if opts.out_field == name:
                option = "--output-field" if opts.output_field else "--field"
                raise UsageError(f"{option} {name}: that field marks the records that failed; choose another name.")
    if opts.kind == "wet" and opts.out_field in WET_KEYS:
        raise UsageError(
            f"--output-field {opts.out_field}: that key holds a header of each WET record ({', '.join(WET_KEYS)});"
            " choose another name."
        )
    if opts.out_field != opts.field:
        # Only the first input's schema is read (its footer): a later input with such a
        # column fails on its own when the run reaches it (see _parquet_events).
        first = next((t for t in tasks if t.kind == "parquet" and t.source is not None and t.error is None), None)
        if first is not None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            try:
                not_text = _output_not_text(pq.read_schema(first.source), opts)
            except (OSError, pa.ArrowException):  # the run reports it when it reaches the file
                not_text = None
            if not_text is not None:
                raise UsageError(
                    f"--output-field {opts.out_field} is an existing {not_text} column of {first.source};"
                    " name a new column or a text one."
                )
    check_group_by(tasks, opts)


def check_streams(tasks: list[Task], stdout: IO[str] | None = None) -> None:
    """Raise :class:`UsageError` when a task reads standard input or writes to standard
    output and it is closed (``<&-``, ``>&-``: Python then sets ``sys.stdin`` or
    ``sys.stdout`` to ``None``). ``stdout``: the stream given to :func:`run` instead of ``sys.stdout``.
    """
    if sys.stdin is None and any(task.source is None for task in tasks):
        raise UsageError("standard input is closed; give the pages in a file, or pipe them into -.")
    if (stdout or sys.stdout) is not None:
        return
    for task in tasks:
        if task.output is None and task.error is None:  # a task that only fails writes nothing
            if task.stream:  # written to standard output whatever --out says
                raise UsageError(
                    f"standard output is closed, and {task.name}, read as a stream, is written to it; redirect it to a file."
                )
            raise UsageError("standard output is closed; give --out DIR or redirect it.")


def check_group_by(tasks: list[Task], opts: Options) -> None:
    """Raise :class:`UsageError` when corpus mode cannot run on these tasks."""
    if opts.group_by is None:
        return
    if opts.group_by not in GROUP_BY:
        raise UsageError(f"cannot group by {opts.group_by!r}; use one of {', '.join(GROUP_BY)}.")
    if opts.kind == "text":
        raise UsageError("--group-by needs records with a URL: use it with --jsonl, --parquet or --wet.")
    for task in tasks:
        if task.stream:
            what = "standard input" if task.source is None or str(task.source) in STDIN_PATHS else f"{task.source}, a pipe,"
            raise UsageError(f"--group-by reads the inputs twice and {what} only once: save it to a file first.")


def count_repeated(
    tasks: list[Task],
    opts: Options,
    progress: Callable[[int], None] | None = None,
    workers: _Workers | None = None,
    in_flight: int = 0,
) -> tuple[RepeatedLines, Stats]:
    """Corpus mode's first pass: read every input and count each group's repeated lines.

    Every input is read, whether its output exists or not, so that a resumed run
    cleans with the same counts as an uninterrupted one. Nothing is reported here:
    the second pass meets the same bad records and reports them. The returned
    :class:`Stats` holds the counting's figures (``grouped``, ``counted``, ``groups``,
    ``repeated_groups``).

    ``workers`` (a process pool's) parse JSON Lines and WET records and hash the pages,
    ``in_flight`` chunks at a time (:func:`_hash_chunk`); the counting itself stays here.
    """
    check_group_by(tasks, opts)
    counter = LineCounter()
    stats = Stats(grouped=0)
    pending: deque = deque()

    def take(limit: int) -> None:
        while len(pending) > limit:
            hashed = pending.popleft()
            pages, grouped = workers.result(hashed) if workers is not None else hashed
            for group, hashes in grouped:
                counter.add_hashes(group, *hashes)
            stats.grouped += len(grouped)
            stats.counted += pages
            if progress is not None:
                progress(pages)

    for chunk in _chunks(tasks, opts, Stats()):
        if chunk:
            work = (chunk.texts, chunk.groups, chunk.lines, opts)
            pending.append(_hash_chunk(*work) if workers is None else workers.submit(_hash_chunk, *work))
        take(in_flight)
    take(0)
    repeated = counter.repeated()
    stats.groups, stats.repeated_groups = counter.groups, len(repeated)
    return repeated, stats


def run(
    tasks: list[Task],
    opts: Options = Options(),
    *,
    jobs: int = 1,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    progress: Callable[[int], None] | None = None,
    counting: Callable[[int], None] | None = None,
    stdout: IO[str] | None = None,
) -> Stats:
    """Clean every task's input into its output; returns the run's counters.

    ``report`` gets one line per failure (file, line or row, what went wrong);
    ``progress`` gets the number of pages done after each chunk, and ``counting``
    the number of pages read by corpus mode's first pass (see :func:`count_repeated`).
    ``stdout`` (default ``sys.stdout``) takes the outputs of tasks without an output
    file: a text stream, flushed, whose binary ``buffer`` gets the same bytes a file would
    (a stream without one, such as ``io.StringIO``, gets them as text).
    Raises :class:`UsageError` before anything is read when the options cannot make
    the run (:func:`check_options`) or standard input or output is closed (:func:`check_streams`).
    """
    check_options(tasks, opts)
    check_streams(tasks, stdout)
    stdout = stdout or sys.stdout
    stats = Stats()
    made = _Made(opts)
    writers: dict[Task, _Writer] = {}

    def count(workers: _Workers | None = None, in_flight: int = 0) -> RepeatedLines | None:
        # A rerun with every output complete cleans nothing: reading the corpus to count would be for nothing.
        if opts.group_by is None or all(_complete(task, opts, made) for task in tasks):
            return None
        repeated, counts = count_repeated(tasks, opts, counting, workers, in_flight)
        stats.grouped, stats.counted = counts.grouped, counts.counted
        stats.groups, stats.repeated_groups = counts.groups, counts.repeated_groups
        if counts.counted and not counts.grouped and opts.kind == "wet":
            report("boilerplate: no record has a WARC-Target-URI with a host, so none was grouped")
        elif counts.counted and not counts.grouped:
            report(
                f"boilerplate: no record has a URL with a host in the field {opts.url_field!r}, so none was grouped;"
                " name the URL field with --url-field"
            )
        return repeated

    shown: Counter[tuple[Task, str]] = Counter()

    def left(task: Task) -> bool:
        # Its output found busy as it was opened (the other run took it after _busy): read no further.
        return task in writers and writers[task].busy is not None

    def fail(f: _Fail) -> None:
        stats.failures[f.reason] += 1
        shown[f.task, f.reason] += 1
        if shown[f.task, f.reason] <= REPORTED_PER_REASON:
            where = f"{f.where}: " if f.where else ""
            report(f"boilerplate: {f.task.name}: {where}{f.message}")

    def report_unshown(task: Task, marked: bool = True) -> None:
        # marked: the input ends with its output written, its failed records marked in it
        for (source, reason), n in shown.items():
            if source is task and n > REPORTED_PER_REASON:
                report(f"boilerplate: {task.name}: {n - REPORTED_PER_REASON:,} more failures ({reason}) not shown"
                       + ("; each is marked in the output" if marked else ""))

    # Held there, a stop waits while an output is renamed and named in the manifest (see
    # _Writer.commit): an output in place that no line names is taken for one made before manifests.
    with _HELD.installed():
        try:
            for chunk, (results, runs) in _ordered_map(_chunks(tasks, opts, stats, made, left), jobs, opts, count):
                position = 0
                for event in chunk.events:
                    kind, task = event[0], event[1]
                    if kind == "begin":
                        if task.kind == "text":
                            writers[task] = _TextWriter(task, stdout)
                        elif task.kind in ("jsonl", "wet"):  # a WET input gives JSON Lines
                            writers[task] = _JsonlWriter(task, stdout)
                        else:
                            writers[task] = _ParquetWriter(task, stdout, opts, event[2])
                        writers[task].open(event[3])  # held first: a stop as it opens still removes its .part file
                        if writers[task].busy is not None:
                            fail(_Fail(task, "", "output busy", writers[task].busy))
                    elif kind in ("page", "lines", "batch") and writers[task].busy is not None:
                        # Left to the run writing it: neither written, counted nor reported here.
                        if kind == "page":
                            position += 1
                        elif kind == "batch":
                            position += sum(event[4])  # a page for each valid row
                    elif kind == "page":
                        result = results[position]
                        text = chunk.texts[position]
                        position += 1
                        writer = writers[task]
                        if isinstance(result, str):
                            fail(_Fail(task, "", "cleaning error", f"could not be cleaned ({result})"))
                            writer.failed = True
                            continue
                        stats.pages += 1
                        stats.lines_kept += result.kept
                        stats.lines_dropped += result.lines - result.kept
                        stats.bytes_in += _utf8_len(text)
                        stats.bytes_out += writer.page(result.text)
                    elif kind == "lines":
                        done = runs[event[2]]
                        writers[task].write(done.data)
                        for where, reason, message in done.failures:
                            fail(_Fail(task, where, reason, message))
                        stats.pages += done.pages
                        stats.lines_kept += done.lines_kept
                        stats.lines_dropped += done.lines_dropped
                        stats.bytes_in += done.bytes_in
                        stats.bytes_out += done.bytes_out
                    elif kind == "batch":
                        batch, row, valid = event[2], event[3], event[4]
                        texts: list[str | None] = []
                        errors: list[str | None] = []
                        for i, ok in enumerate(valid):
                            if not ok:
                                f = _Fail(task, f"row {row + i + 1}", "field not a string", f"column {opts.field!r} is null")
                                fail(f)
                                texts.append(None)
                                errors.append(f.message)
                                continue
                            result = results[position]
                            text = chunk.texts[position]
                            position += 1
                            if isinstance(result, str):
                                f = _Fail(task, f"row {row + i + 1}", "cleaning error", f"could not be cleaned ({result})")
                                fail(f)
                                texts.append(text if opts.out_field == opts.field else None)
                                errors.append(f.message)  # a file without an error column gets one at the end
                                continue
                            stats.pages += 1
                            stats.lines_kept += result.kept
                            stats.lines_dropped += result.lines - result.kept
                            stats.bytes_in += _utf8_len(text)
                            stats.bytes_out += _utf8_len(result.text)
                            texts.append(result.text)
                            errors.append(None)
                        writers[task].batch(batch, texts, errors)
                    elif kind == "fail":
                        failed = event[1].task
                        partway = failed in writers  # the input ends here, with no output
                        if partway:
                            report_unshown(failed, marked=False)
                        fail(event[1])
                        if partway:
                            writers[failed].abort()
                            del writers[failed]  # only once done: a stop before still removes its .part file
                    elif kind == "end":
                        report_unshown(task)
                        writer = writers[task]
                        if writer.failed:
                            writer.abort()
                        else:
                            writer.commit(made.naming)
                            stats.outputs += 1
                            if (why := made.again.pop(task, None)) is not None:
                                setattr(stats, why, getattr(stats, why) + 1)
                        del writers[task]
                if progress is not None:
                    progress(len(chunk.texts) + sum(done.records for done in runs))
        finally:
            for writer in writers.values():
                writer.abort()
    return stats
