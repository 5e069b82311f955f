"""Cleaning many pages: the batch API, and the corpus runner behind ``boilerplate clean``.

:func:`clean_many` featurizes a batch of pages at once and calls the model once
per batch (:func:`boilerplate.cleaner.decide_pages`); features and passes never
reach across pages, so the result is what :func:`boilerplate.clean` gives page by page.

>>> from boilerplate import clean, clean_many
>>> pages = ["Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.", "", "Menu"]
>>> clean_many(pages) == [clean(page) for page in pages]
True

:func:`run` cleans whole inputs (text files, JSON Lines, Parquet, Common Crawl WET
files) into outputs, in chunks of pages, in one process or a pool of ``jobs``
processes. It is built to be killed: every output is written under a temporary
name (``<name>.part``) and renamed when complete, and a rerun skips outputs that
exist, except JSON Lines and Parquet outputs holding records marked as failed,
and outputs that another model, version or grouping made (each output folder's
:data:`MANIFEST` says which run made what), which it redoes. A page or record
that fails is reported with its file and line (or row, or WET record) and the run
goes on; nothing is dropped without a report.
JSON Lines go to the workers as raw lines, and WET records (framed by
:mod:`boilerplate.warc`) as their headers' values and raw bodies: the workers
decode, parse and check each record, clean, and send back the bytes to write, so
that the main process — which reads, hands out and writes, in input order — does
not become the bottleneck of a run with several jobs (with one job the same code
runs in the main process). A WET input's output is JSON Lines.

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
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sized
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .cleaner import DEFAULT_CONFIG, Config, _check_config, _check_text, decide_pages, kept_text
from .corpus import LineCounter, RepeatedLines, missing_kind, page_hashes, repeated_lines
from .model import LinearModel, linear_model
from .planning import ERROR_FIELD, GROUP_BY, RAW_FIELD, STDIN_PATHS, Options, Task, UsageError, _Fail
from .readers import _READERS, _Chunk, _Left, _holds_marks, _jsonl_record, _output_not_text, _string_type, _wet_record
from .stopping import RESULT_POLL, _HELD
from .warc import WET_KEYS, WarcItem
from .writers import _JsonlWriter, _ParquetWriter, _TextWriter, _Writer, _utf8_len

try:
    import fcntl
except ImportError:  # Windows: outputs are not locked (see _open_part)
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:  # pandas only for clean_series, scikit-learn only for a model passed in
    import pandas as pd
    from sklearn.pipeline import Pipeline


#: Chunks in flight per worker: one being cleaned, one waiting, so a worker never idles.
CHUNKS_PER_JOB = 2

#: File in each folder that gets outputs saying which run made each of them: one JSON
#: object a line, ``{"output": name, "run": fingerprint}`` (see :func:`fingerprint`),
#: appended as each output is complete; an output's last line counts.
MANIFEST = ".boilerplate-outputs"

#: Failures of one kind (``_Fail.reason``) in one input reported one by one; the
#: rest are counted in one line at the input's end (a wrong --field fails every
#: record of a file) and in the summary. Each is marked in the output all the same.
REPORTED_PER_REASON = 10


class PageResult(NamedTuple):
    """One cleaned page with its line counts (non-blank lines kept and in all)."""

    text: str
    kept: int
    lines: int


def _dask_kind(value: object) -> str | None:
    """``"DataFrame"`` or ``"Series"`` for a Dask one, else ``None``. A Dask DataFrame,
    like a pandas one, iterates over its column names."""
    dask_frames = sys.modules.get("dask.dataframe")  # not imported for this: without it, no value is one
    if dask_frames is None:
        return None
    return next((kind for kind in ("DataFrame", "Series") if isinstance(value, getattr(dask_frames, kind))), None)


def clean_pages(
    texts: Iterable[str],
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
    repeated: RepeatedLines | None = None,
) -> list[PageResult]:
    """:func:`clean_many` with each page's line counts, for reports.

    ``repeated`` (with ``group_by``): the groups' repeated lines as counted over a
    larger corpus (:class:`~boilerplate.corpus.LineCounter`), instead of over these pages.

    >>> page = "Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.\\n\\nMost read"
    >>> [(r.kept, r.lines) for r in clean_pages([page, ""])]
    [(2, 3), (0, 0)]
    """
    if isinstance(texts, str):
        # A str is an iterable of str: each character would be cleaned as a page.
        raise TypeError("clean_many() takes a list of pages, not one str; use clean() for one page, or pass [text].")
    if isinstance(texts, (bytes, bytearray, memoryview)):
        # Pages are str, for clean() too: one page of bytes is decoded, then given as [text].
        raise TypeError(
            f"clean_many() takes a list of pages, not one {type(texts).__name__}; "
            "decode it to str first, e.g. [data.decode('utf-8')]."
        )
    pandas = sys.modules.get("pandas")  # not imported for this: without pandas, no value is a DataFrame
    if isinstance(texts, Mapping):
        # Iterating a dict gives its keys, and a DataFrame its column names: each would be cleaned as a page.
        raise TypeError(
            f"clean_many() takes a list of pages, not a {type(texts).__name__}, whose keys would be cleaned as "
            "pages; pass list(pages.values())."
        )
    if pandas is not None and isinstance(texts, pandas.DataFrame):
        raise TypeError(
            "clean_many() takes a list of pages, not a DataFrame, whose column names would be cleaned as pages; "
            "pass frame[column], or use clean_series(frame[column])."
        )
    if _dask_kind(texts) == "DataFrame":
        raise TypeError(
            "clean_many() takes a list of pages, not a Dask DataFrame, whose column names would be cleaned as pages; "
            "use boilerplate.dask.clean_dataframe(frame, column) to clean it partition by partition."
        )
    try:
        pages = iter(texts)
    except TypeError:
        raise TypeError(
            f"clean_many() takes a list of pages, not {type(texts).__name__}; "
            "pass a list of str, e.g. [text] for one page."
        ) from None
    if isinstance(group_by, (str, bytes, bytearray, memoryview)):
        # A str is a sequence of characters: each page would get one as its key.
        raise TypeError(
            f"group_by takes one key per page, not one {type(group_by).__name__}; "
            "pass a list of keys, e.g. the pages' host names."
        )
    if isinstance(group_by, Mapping):
        raise TypeError(
            f"group_by takes one key per page, not a {type(group_by).__name__}, whose keys would be the pages' keys; "
            "pass list(keys.values())."
        )
    if pandas is not None and isinstance(group_by, pandas.DataFrame):
        kind = "DataFrame"
    else:
        kind = "Dask DataFrame" if _dask_kind(group_by) == "DataFrame" else None
    if kind is not None:
        # frame[["host"]] for frame["host"]: a DataFrame iterates over its column names.
        raise TypeError(
            f"group_by takes one key per page, not a {kind}, whose column names would be the pages' keys; "
            "pass frame[column]."
        )
    try:
        iter(group_by if group_by is not None else ())
    except TypeError:
        raise TypeError(
            f"group_by takes one key per page, not {type(group_by).__name__}; "
            "pass a list of keys, e.g. the pages' host names."
        ) from None
    for what, value in (("group_by is", group_by), ("the pages are", texts)):
        # A set's order is arbitrary (for str, it changes from run to run): paired by
        # position, pages would get other pages' keys, differently on every run.
        if group_by is not None and isinstance(value, (set, frozenset)):
            raise TypeError(
                f"{what} a {type(value).__name__}, which has no order, and clean_many pairs pages and keys by "
                "position; pass both as lists in the same order, one key for each page."
            )
    if (
        pandas is not None
        and isinstance(texts, pandas.Series)
        and isinstance(group_by, pandas.Series)
        and not texts.index.equals(group_by.index)
    ):
        # Paired by position, a key column sorted or filtered apart from its pages
        # would silently give pages other pages' keys.
        raise ValueError(
            "the pages and group_by are pandas Series with different indexes; clean_many pairs them by position, "
            "not by label: pass group_by=keys.reindex(pages.index) to pair them by label, or keys.tolist() by position."
        )
    texts = list(pages)
    for i, text in enumerate(texts):
        if isinstance(text, str):
            continue
        try:
            _check_text("clean_many", text)
        except TypeError as exc:
            raise TypeError(f"page {i}: {exc}") from None
    # No early return for no pages: an exhausted generator of pages given with its
    # keys must still be told that the keys do not match, and a bad model or config.
    # Those two are checked first, before corpus mode's counting pass.
    _check_config(config)
    model = linear_model(model)
    all_lines = [str.splitlines(text) for text in texts]  # str's own, also for a subclass (see clean)
    masks = None
    if repeated is not None and group_by is None:
        raise ValueError("repeated lines need group_by: give each page's group.")
    if group_by is not None:
        if isinstance(group_by, Sized):
            group_by = list(group_by)
            count = f"{len(group_by):,}"
        else:
            # An iterator may never end (itertools.repeat(host)): one key past the pages is enough.
            group_by = list(islice(group_by, len(texts) + 1))
            count = f"more than {len(texts):,}" if len(group_by) > len(texts) else f"{len(group_by):,}"
        if len(group_by) != len(texts):
            keys = "key" if count == "1" else "keys"  # count may read "more than 3": not _count's int
            raise ValueError(f"group_by has {count} {keys} for {_count(len(texts), 'page')}; give one key per page.")
        for i, key in enumerate(group_by):
            try:
                hash(key)
            except (TypeError, ValueError):  # ValueError: NumPy's generic-unit timedelta64
                raise TypeError(
                    f"group_by takes one key per page; the key of page {i} is a {type(key).__name__}, "
                    "which cannot be a key (it is unhashable): pass e.g. the page's host name as a str."
                ) from None
        if repeated is None:
            masks = repeated_lines(all_lines, group_by)
        else:
            masks = [repeated.mask(group, lines) for group, lines in zip(group_by, all_lines)]
    decisions = decide_pages(all_lines, model, config, masks)
    return [
        PageResult(kept_text(lines, decision), int(decision.body.sum()), len(decision.line_nos))
        for lines, decision in zip(all_lines, decisions)
    ]


def clean_many(
    texts: Iterable[str],
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
) -> list[str]:
    """Clean many pages at once: the same results as :func:`boilerplate.clean` page by page.

    The pages are featurized in batches and the model is called once per batch (up to
    :data:`~boilerplate.cleaner.BATCH_PAGES` pages or :data:`~boilerplate.cleaner.BATCH_LINES`
    lines), not once per page. ``texts`` is a list (or any iterable) of pages; a
    single ``str`` gives a ``TypeError`` (use :func:`boilerplate.clean` for one page),
    as do a dict and a DataFrame (iterating them gives their keys and column names),
    and a page that is not a ``str``, named by its position.

    Corpus mode (opt-in): ``group_by`` gives each page a group key, such as its
    site's host: a list (or Series, array or any iterable) of one key per page; a single ``str`` is a
    ``TypeError``, not a key for every page, as are a dict and a DataFrame (their
    keys and column names would be the keys), and a key that is unhashable
    (a list), named by its page; pages and keys are paired by position, so a set of keys or
    of pages (no order) is a ``TypeError`` and two pandas Series with different indexes a ``ValueError``. ``None`` or a missing value as pandas stores it (NaN, ``pd.NA``,
    ``pd.NaT``; see :func:`~boilerplate.corpus.no_group`) puts a page in no group,
    so ``group_by=frame["host"]`` with some hosts missing cleans those pages on
    their own, whatever the column's dtype. Lines that repeat on many pages of a group
    — menus, footers, fixed prompts — are then chrome (see :mod:`boilerplate.corpus`).
    The result does not depend on the order of the pages.

    >>> pages = ["Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.\\n\\nMost read", ""]
    >>> clean_many(pages)
    ['Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.', '']
    """
    return [result.text for result in clean_pages(texts, config=config, model=model, group_by=group_by)]


def clean_series(
    series: pd.Series,
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
) -> pd.Series:
    """Clean a pandas Series of pages; the result keeps the Series' index and name, and its
    dtype when that is a string dtype (``str``, ``string``, or pyarrow's as ``pd.ArrowDtype``;
    else the result is of ``object``).

    The pages go through :func:`clean_many`, with its ``config``, ``model`` and
    ``group_by`` (corpus mode: one key per page, such as ``frame["host"]``). A
    ``group_by`` Series must have the pages' index, as :func:`clean_many` pairs
    keys and pages by position: another index is a ``ValueError``.

    >>> import pandas as pd
    >>> clean_series(pd.Series(["Home | World", ""], index=[7, 9], name="text")).index.tolist()
    [7, 9]

    A value that is not a str gives a ``TypeError`` naming its index and saying what
    to do: fill or drop a missing value (``None``, NaN, ``pd.NA``, ``pd.NaT``), decode
    bytes, read the files of paths, join a page's lines (a list, tuple or array), take
    the text out of a record (a dict), convert anything else.
    """
    import pandas as pd

    if not isinstance(series, pd.Series):
        dask = _dask_kind(series)
        if dask is not None:
            hint = f"a Dask {dask}; use boilerplate.dask.clean_dataframe(frame, column) for a Dask DataFrame"
        elif isinstance(series, pd.DataFrame):
            hint = "a DataFrame; pass frame[column]"
        elif isinstance(series, str):  # one page, not a list of them
            hint = "str; use clean() for one page"
        elif type(series).__name__ == "Bag" and type(series).__module__.startswith("dask."):
            hint = "a Dask Bag; use boilerplate.dask.clean_bag(bag) for a Bag of texts"
        else:
            hint = f"{type(series).__name__}; use clean_many() for a list"
        raise TypeError(f"clean_series() takes a pandas Series, not {hint}.")
    values = series.tolist()
    for label, value in zip(series.index, values):
        if not isinstance(value, str):
            missing = "None" if value is None else missing_kind(value)
            if missing is not None:
                what = f"a missing value ({missing}), not str; fill or drop missing values first, e.g. series.fillna('')."
            elif isinstance(value, (bytes, bytearray, memoryview)):
                what = f"{type(value).__name__}, not str; decode the values first, e.g. series.str.decode('utf-8')."
            elif isinstance(value, os.PathLike):
                what = f"{type(value).__name__}, not str; read the files first, e.g. Path(path).read_text(encoding='utf-8')."
            elif isinstance(value, (list, tuple, np.ndarray)):  # a page's lines (a Parquet list column: arrays)
                what = f"{type(value).__name__}, not str; join each page's lines first, e.g. series.str.join('\\n')."
            elif isinstance(value, Mapping):  # a record (a JSON Lines line read with json.loads)
                what = (
                    f"{type(value).__name__}, not str; take the page's text out of each record first, "
                    "e.g. series.str.get('text')."
                )
            else:
                what = (
                    f"{type(value).__name__}, not str; convert the values to str first, e.g. series.astype(str), "
                    "if they are pages."
                )
            raise TypeError(f"clean_series(): the value at index {label!r} is {what}")
    # A string dtype stays (pandas' own, or pyarrow's as pd.ArrowDtype, as
    # read_parquet(dtype_backend="pyarrow") gives); anything else (object) gives object, empty or not.
    text_dtype = isinstance(series.dtype, pd.StringDtype) or (
        isinstance(series.dtype, pd.ArrowDtype) and _string_type(series.dtype.pyarrow_dtype)
    )
    dtype = series.dtype if text_dtype else object
    if isinstance(group_by, pd.Series) and not series.index.equals(group_by.index):
        # Paired by position, a key column sorted or filtered apart from its pages
        # would silently give pages other pages' keys.
        raise ValueError(
            "clean_series(): the pages and group_by have different indexes, and keys are paired with pages by "
            "position: pass group_by=keys.reindex(series.index) to pair them by label, or keys.tolist() by position."
        )
    articles = clean_many(values, config=config, model=model, group_by=group_by)
    return pd.Series(articles, index=series.index, name=series.name, dtype=dtype)


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


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


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
    :class:`Config`, and corpus mode's grouping.

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
        with open(output.parent / MANIFEST, "a+b") as file:
            yield
            end = file.seek(0, os.SEEK_END)
            if end:
                file.seek(end - 1)
                if file.read(1) != b"\n":
                    line = "\n" + line
            file.write(line.encode("ascii"))
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
    with ``left``, reads no further an input whose output another run is writing (see :data:`_Reader`)."""
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


#: In a worker process of corpus mode's second pass: the repeated lines of every
#: group, counted over the whole run (given to :func:`_init_worker`).
_REPEATED: RepeatedLines | None = None


#: ``PR_SET_PDEATHSIG`` of Linux's prctl(2) (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> bool:
    """Have the kernel kill this worker when ``parent`` (the runner that forked it) dies.

    A worker blocks reading the pool's task pipe, whose write end it inherited:
    without this, a runner killed with SIGKILL (the OOM killer), or with SIGTERM
    before it could shut its pool down, leaves its workers waiting forever. Linux
    only; elsewhere (and where prctl is not found) nothing changes and it returns False.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    if prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    # The runner may have died between the fork and the prctl: then no signal will come.
    if os.getppid() != parent:
        os._exit(1)
    return True


def _init_worker(
    repeated: RepeatedLines | None = None, parent: int | None = None, model: LinearModel | None = None
) -> None:
    global _REPEATED
    if parent is not None:
        _die_with_parent(parent)
    # Ctrl-C goes to the whole process group: the parent stops the run, workers
    # only die with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command line's SIGTERM and SIGHUP handlers, which
    # stop a run; in a worker these signals kill it as usual (the pool then reports it).
    # One ignored from the start (nohup's SIGHUP) stays ignored, as in the runner.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) != signal.SIG_IGN:
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    # One BLAS/OpenMP thread per worker: the workers already fill the cores, and
    # BLAS threads that spin-wait in every worker would fight over them.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    linear_model(model)
    _REPEATED = repeated


def _ready() -> None:
    """A no-op task: submitting it starts the pool's workers."""


class _Lines(NamedTuple):
    """What one run of an input's records (JSON Lines lines, WET records) gives the writer: the bytes
    to write, failures as ``(where, reason, message)`` in input order, and counters.
    """

    data: bytes
    failures: list[tuple[str, str, str]]
    records: int  # records sent to be cleaned (pages, cleaned or not)
    pages: int
    lines_kept: int
    lines_dropped: int
    bytes_in: int
    bytes_out: int


def _jsonl_run(run: tuple[int, int, list[bytes]], opts: Options) -> list[tuple]:
    """A run of raw JSON Lines lines, read (:func:`_jsonl_record` for each): ``(where, page, output, failure)`` for each."""
    line_no, offset, raws = run
    items = []
    for raw in raws:
        items.append((f"line {line_no}", *_jsonl_record(opts, offset, raw)))
        line_no += 1
        offset += len(raw)
    return items


def _wet_run(run: list[WarcItem], opts: Options) -> list[tuple]:
    """A run of WET records, read (:func:`_wet_record` for each): ``(where, page, output, failure)`` for each."""
    return [(f"record {item.number}", *_wet_record(opts, item)) for item in run]


#: How a worker reads a run of raw records, by input kind.
_RUN_READERS: dict[str, Callable[[Any, Options], list[tuple]]] = {"jsonl": _jsonl_run, "wet": _wet_run}


def _read_records(runs: list[tuple[str, tuple]], opts: Options) -> tuple[list[list[tuple]], list[str], list[Hashable]]:
    """Parse a chunk's raw records (see :data:`_RUN_READERS`): per run, ``(where, page,
    output, failure)`` for each record; and the texts of the pages to clean, with their
    groups (corpus mode; else ``None``).
    """
    group_of = GROUP_BY[opts.group_by] if opts.group_by else None
    parsed: list[list[tuple]] = []
    texts: list[str] = []
    groups: list[Hashable] = []
    for kind, run in runs:
        items = _RUN_READERS[kind](run, opts)
        for _, page, _, _ in items:
            if page is not None:
                texts.append(page.text)
                groups.append(group_of(page.url) if group_of is not None else None)
        parsed.append(items)
    return parsed, texts, groups


def _write_records(items: list[tuple], results: Iterator[PageResult | str]) -> _Lines:
    """The cleaned records of one run, as bytes to write, with failures and counters."""
    out: list[bytes] = []
    failures: list[tuple[str, str, str]] = []
    records = pages = kept = dropped = bytes_in = bytes_out = 0
    for where, page, data, failure in items:
        if page is not None:
            result = next(results)
            records += 1
            if isinstance(result, str):
                failure = ("cleaning error", f"could not be cleaned ({result})")
                data = page.output(None, failure[1])
            else:
                pages += 1
                kept += result.kept
                dropped += result.lines - result.kept
                bytes_in += _utf8_len(page.text)
                bytes_out += _utf8_len(result.text)
                data = page.output(result.text, None)
        out.append(data)
        if failure is not None:
            failures.append((where, *failure))
    return _Lines(b"".join(out), failures, records, pages, kept, dropped, bytes_in, bytes_out)


def _hash_chunk(
    texts: list[str], groups: list[Hashable], lines: list[tuple[str, tuple]], opts: Options
) -> tuple[int, list[tuple[Hashable, tuple[int, np.ndarray]]]]:
    """Corpus mode's first pass, the costly part: the number of pages in a chunk, and
    :func:`~boilerplate.corpus.page_hashes` of each page with a group, with its group.
    """
    _, line_texts, line_groups = _read_records(lines, opts)
    pages = list(zip(texts + line_texts, groups + line_groups))
    return len(pages), [(group, page_hashes(text.splitlines())) for text, group in pages if group is not None]


def _clean_chunk(
    texts: list[str],
    groups: list[Hashable],
    lines: list[tuple[str, tuple]],
    opts: Options,
    repeated: RepeatedLines | None = None,
) -> tuple[list[PageResult | str], list[_Lines]]:
    """Clean a chunk: its texts' results in order, and the output of each run of records (JSON Lines lines, WET records).

    All its pages are cleaned at once; a page that raises is cleaned alone, and its
    error given instead. In corpus mode ``repeated`` holds the repeated lines of
    (at least) the pages' groups, counted over the whole run.
    """
    parsed, line_texts, line_groups = _read_records(lines, opts)
    results = _clean_texts(
        texts + line_texts, opts.config, groups + line_groups if repeated is not None else None, repeated, opts.model
    )
    rest = iter(results[len(texts) :])
    return results[: len(texts)], [_write_records(items, rest) for items in parsed]


def _clean_in_worker(*args: Any) -> tuple[list[PageResult | str], list[_Lines]]:
    """:func:`_clean_chunk` in a worker, with the repeated lines it was started with."""
    return _clean_chunk(*args, repeated=_REPEATED)


def _clean_texts(
    texts: list[str],
    config: Config,
    groups: list[Hashable] | None,
    repeated: RepeatedLines | None,
    model: LinearModel | None = None,
) -> list[PageResult | str]:
    try:
        return list(clean_pages(texts, config=config, model=model, group_by=groups, repeated=repeated))
    except Exception:  # noqa: BLE001 - one bad page must not sink its chunk
        results: list[PageResult | str] = []
        for i, text in enumerate(texts):
            try:
                group = None if groups is None else [groups[i]]
                results.extend(clean_pages([text], config=config, model=model, group_by=group, repeated=repeated))
            except Exception as exc:  # noqa: BLE001
                results.append(f"{type(exc).__name__}: {exc}")
        return results


#: Bytes each pipe between the runner and its workers holds (Linux's default is 64 KiB).
#: A chunk's texts and its results are hundreds of kB each; through a 64 KiB pipe each
#: crossing is many small writes, each waking the other side. With 1 MiB, a run of
#: 12,864 records with ``--jobs 2`` took about 5,000 context switches instead of
#: 10,700, and 10-20% less wall time (README, Throughput).
PIPE_BYTES = 1 << 20


def _widen_pipes(pool: Any) -> bool:
    """Make the task and result pipes of a ``ProcessPoolExecutor`` hold :data:`PIPE_BYTES`.

    Linux only, and through the executor's private queues: where they are not
    there (another platform or Python), nothing changes and it returns False.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        ends = [pool._call_queue._writer, pool._result_queue._writer]
        with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as f:
            size = min(PIPE_BYTES, int(f.read()))
        for end in ends:
            fcntl.fcntl(end.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (AttributeError, OSError, ValueError):
        return False
    return True


#: Seconds a worker may lie dead, its result not come, before the runner stops
#: waiting for the pool to notice (see :class:`_DeadWorkers`).
DEAD_WORKER_GRACE = 2.0


class _DeadWorkers:
    """Called between two looks at a result (:meth:`_StopsHeld.result`): makes sure a
    dead worker breaks the pool instead of hanging the run.

    A worker killed (by the OOM killer, or SIGKILL) halfway through sending its result
    leaves half a message in the pool's result pipe, and the pipe's lock taken: the
    pool's own thread then waits for the rest of the message for good, and never
    looks at its workers again (``ProcessPoolExecutor``; seen with Python 3.11 and 3.13; a test stands
    for such a death). When a worker has been dead for :data:`DEAD_WORKER_GRACE`
    seconds and the result is still not there, the other workers are killed and the
    runner's own end of that pipe closed: the pool's thread then reads the pipe's end
    and breaks the pool (``BrokenProcessPool``), as it does for any dead worker. Only
    through the executor's private ``_processes`` and ``_result_queue``: where they are
    not there, nothing is done.
    """

    def __init__(self, pool: Any) -> None:
        # Taken now: a pool shut down without waiting (see _shut_down) lets go of them.
        self.processes = getattr(pool, "_processes", None)
        self.queue = getattr(pool, "_result_queue", None)
        self.since: float | None = None

    def __call__(self) -> None:
        processes = list((self.processes or {}).values())
        if all(p.exitcode is None for p in processes):
            return
        now = time.monotonic()
        self.since = self.since if self.since is not None else now
        if now - self.since < DEAD_WORKER_GRACE:
            return  # the pool's thread notices a plain death itself, at once
        for p in processes:
            if p.exitcode is None:
                p.kill()
        for p in processes:
            p.join(DEAD_WORKER_GRACE)
        writer = getattr(self.queue, "_writer", None)
        if writer is not None:
            writer.close()


def _shut_down(pool: Any) -> None:
    """``pool.shutdown(wait=True, cancel_futures=True)``, checking the workers while it
    waits (:class:`_DeadWorkers`): a stop that leaves a result wait as a worker dies
    halfway through sending its result (a SIGTERM or SIGHUP sent to the whole group
    kills the workers too) must not leave the shutdown waiting for good on the pool's
    thread. Where the executor has no ``_executor_manager_thread``, a plain shutdown."""
    thread = getattr(pool, "_executor_manager_thread", None)
    if thread is None:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    dead = _DeadWorkers(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    while thread.is_alive():
        thread.join(RESULT_POLL)
        dead()
    if dead.queue is not None:
        dead.queue.close()  # as shutdown(wait=True) does


class _Workers:
    """A started process pool as the runner uses it: calls handed to it and results
    waited for with stops held (:data:`_HELD`), and no wait for a dead worker's result
    that never ends (:class:`_DeadWorkers`)."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return _HELD.submit(self.pool, fn, *args)

    def result(self, future: Any) -> Any:
        return _HELD.result(future, _DeadWorkers(self.pool))


def _pool(jobs: int, repeated: RepeatedLines | None = None, model: LinearModel | None = None) -> Any:
    """A pool of ``jobs`` started worker processes, each holding ``repeated`` (see :func:`_init_worker`),
    with ``model`` (``None``: the shipped one) checked in each."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # On Linux the workers are forked: they start at once with the library imported
    # and the model loaded (spawn costs each worker seconds of imports), and with
    # ``repeated`` without copying it through a pipe. They are forked while no input
    # is being read and the only other threads are BLAS's idle ones (fork-safe);
    # elsewhere they are spawned.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(repeated, os.getpid(), model)
    )
    _widen_pipes(pool)
    try:
        pool.submit(_ready).result()  # starts the workers now
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    return pool


def _ordered_map(
    chunks: Iterable[_Chunk],
    jobs: int,
    opts: Options,
    count: Callable[..., RepeatedLines | None] = lambda workers=None, in_flight=0: None,
) -> Iterator[tuple[_Chunk, tuple[list, list[_Lines]]]]:
    """Clean the chunks (:func:`_clean_chunk`), in ``jobs`` processes, and give results in input order.

    At most :data:`CHUNKS_PER_JOB` chunks per worker are read ahead, so memory stays
    flat however long the input is. ``count`` runs corpus mode's first pass (see
    :func:`count_repeated`), in the workers; the second pass's workers are then
    started anew, each with the repeated lines of every group.
    """
    linear_model(opts.model)  # a missing or broken shipped model stops the run here, with its ModelError
    if jobs <= 1:
        repeated = count()
        for chunk in chunks:
            yield chunk, _clean_chunk(chunk.texts, chunk.groups, chunk.lines, opts, repeated) if chunk else ([], [])
        return
    pending: deque = deque()
    pool = None
    with _HELD.installed():
        try:
            with _HELD:  # a stop held here is raised with the pool made: the finally shuts it down
                pool = _pool(jobs, model=opts.model)
            repeated = count(_Workers(pool), jobs * CHUNKS_PER_JOB)
            if repeated is not None:
                with _HELD:
                    _shut_down(pool)
                    pool = _pool(jobs, repeated, opts.model)
            workers = _Workers(pool)
            for chunk in chunks:
                work = (chunk.texts, chunk.groups, chunk.lines, opts)
                pending.append((chunk, workers.submit(_clean_in_worker, *work) if chunk else None))
                while len(pending) > jobs * CHUNKS_PER_JOB:
                    done, future = pending.popleft()
                    yield done, workers.result(future) if future is not None else ([], [])
            while pending:
                done, future = pending.popleft()
                yield done, workers.result(future) if future is not None else ([], [])
        finally:
            if pool is not None:
                with _HELD:
                    _shut_down(pool)


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

    def report_unshown(task: Task) -> None:
        for (source, reason), n in shown.items():
            if source is task and n > REPORTED_PER_REASON:
                report(f"boilerplate: {task.name}: {n - REPORTED_PER_REASON:,} more failures ({reason}) not shown;"
                       f" each is marked in the output")

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
                        fail(event[1])
                        if event[1].task in writers:
                            writers[event[1].task].abort()
                            del writers[event[1].task]  # only once done: a stop before still removes its .part file
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
