"""The runner's worker processes: what a worker does with a chunk (parse its records,
clean its pages, give back the bytes to write), the pool that runs them (:func:`_pool`,
with wider pipes and workers that die with the runner), the dead workers that must not hang
a run (:class:`_DeadWorkers`), and the chunks' results given back in input order
(:func:`_ordered_map`).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np

from .batch import PageResult, clean_pages
from .cleaner import Config
from .corpus import RepeatedLines, page_hashes
from .model import LinearModel, linear_model
from .planning import GROUP_BY, Options
from .readers import _Chunk, _jsonl_record, _wet_record
from .stopping import RESULT_POLL, _HELD
from .warc import WarcItem
from .writers import _utf8_len

try:
    import fcntl
except ImportError:  # Windows: no pipes widened (see _widen_pipes)
    fcntl = None  # type: ignore[assignment]


#: Chunks in flight per worker: one being cleaned, one waiting, so a worker never idles.
CHUNKS_PER_JOB = 2

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
    :func:`~boilerplate.runner.count_repeated`), in the workers; the second pass's workers are then
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
