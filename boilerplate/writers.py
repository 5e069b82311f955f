"""Outputs written whole: each is written as ``<name>.part`` (:func:`_part`), locked so
that two runs never write it at once (:func:`_open_part`, :func:`_busy`), and renamed into
place when complete; :class:`_Writer` and its subclasses for text, JSON Lines and Parquet.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from .planning import ERROR_FIELD, Options, Task, _name_max
from .stopping import _HELD

try:
    import fcntl
except ImportError:  # Windows: outputs are not locked (see _open_part)
    fcntl = None  # type: ignore[assignment]


#: Rows per Parquet row group written (or fewer when the pages are long, see
#: :data:`ROW_GROUP_CHARS`).
ROW_GROUP_ROWS = 1024
ROW_GROUP_CHARS = 32_000_000

#: Suffix of an output while it is being written (see :func:`_part`).
PART_SUFFIX = ".part"


class _Busy(Exception):
    """Another run is writing this output (see :func:`_open_part`)."""


def _part(path: Path) -> Path:
    """Where the output ``path`` is written until complete: ``NAME.part`` beside it; when
    that name would be longer than the file system takes (:func:`_name_max`: NAME is
    near the limit itself), ``.HASH.part``, from NAME's SHA-256, the same on every run.

    >>> _part(Path("out/a.txt")).name, _part(Path("out") / ("a" * 251 + ".txt")).name
    ('a.txt.part', '.e437a7ed53b8e6a98306ba492f11797b.part')
    """
    name = path.name + PART_SUFFIX
    if len(os.fsencode(name)) > _name_max(path.parent):
        name = "." + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:32] + PART_SUFFIX
    return path.with_name(name)


def _open_part(part: Path) -> tuple[IO[bytes], int]:
    """Open an output's ``.part`` file for writing, empty, and lock it (``flock``), so that
    two runs never write one output at once, each cutting the other's short.

    Returns the file and its descriptor, which holds the lock. The file does not close
    the descriptor: the caller does, only once the ``.part`` file is renamed into place
    or removed, so that no other run locks a ``.part`` file still to be renamed. Raises
    :class:`_Busy` when another run holds the lock, its file left as it is (opened
    without truncating). A file that its run renamed or removed just as this one opened
    it is let go, and the name opened anew. A stop (Ctrl-C, SIGTERM) landing as the file
    is opened removes it, unless another run holds it. Where there is no ``flock``
    (Windows) or the file system refuses it, nothing is locked.
    """
    while True:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            if not _lock_if_there(part, fd):
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            # Not closefd: a file dropped by a stop landing as it is made must leave the
            # descriptor to the clean-up below (it had closed it first, and the clean-up's
            # own close then failed: "cannot write (Bad file descriptor)" in place of the stop).
            return os.fdopen(fd, "wb", closefd=False), fd
        except _Busy:
            os.close(fd)
            raise
        except BaseException:
            with contextlib.suppress(_Busy, OSError):
                if _lock_if_there(part, fd):
                    part.unlink()
            os.close(fd)
            raise


_BUSY = "{part} is being written by another run; left alone: rerun once that run has ended"


def _lock_if_there(part: Path, fd: int) -> bool:
    """Lock the open file ``fd`` (:class:`_Busy` when another run holds it); is it
    still the file named ``part`` (not renamed into place or removed by that run since)?"""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _Busy(_BUSY.format(part=part)) from None
        except OSError:
            pass  # a file system without locks (some network ones): written as before locks were taken
    held = os.fstat(fd)
    try:
        there = os.stat(part)
    except FileNotFoundError:
        return False
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)


def _busy(task: Task) -> str | None:
    """Why ``task``'s output is not to be written: another run holds its ``.part`` file
    (:func:`_open_part`); else ``None``, and the writer's open still decides. Makes no file:
    a shared lock is tried on the one there, if any, and let go at once."""
    if fcntl is None or task.output is None:
        return None
    part = _part(task.output)
    with _HELD:  # a stop landing as the file is opened waits until it is closed again
        try:
            fd = os.open(part, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None  # none there (or not to be opened here: the writer's open says why)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _BUSY.format(part=part)
        except OSError:
            pass  # no locks there: see _lock_if_there
        finally:
            os.close(fd)  # lets the lock go, if it was taken
    return None


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _names_output(method: _Method) -> _Method:
    """A :class:`_Writer` method whose failure to write names the output: ``write`` and
    ``close`` name no file when the disk is full, and "cannot write (No space left on
    device)" would not say where. Standard output is left unnamed (the command line
    tells it by that)."""

    @functools.wraps(method)
    def named(self: _Writer, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except OSError as exc:
            if exc.filename is None and self.task.output is not None:
                exc.filename = str(self.task.output)
            raise

    return named  # type: ignore[return-value]


class _TextSink:
    """The bytes written to it, as UTF-8 text, on a text stream that has no binary buffer."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8", "surrogatepass"))

    def flush(self) -> None:
        self.stream.flush()


class _Writer:
    """Writes one output: to ``<output>.part``, renamed to the output when complete.

    Every output is bytes: a file, or standard output's binary buffer (after what
    was written to its text layer), so that standard output gets the bytes a file
    would, UTF-8 with ``\n``, whatever the locale's encoding and line ending. A
    standard output without a buffer (``io.StringIO``) gets those bytes as text.
    """

    def __init__(self, task: Task, stdout: IO[str]) -> None:
        self.task = task
        self.stdout = stdout
        self.failed = False
        self.file: Any = None
        #: The descriptor that holds the ``.part`` file's lock (see :func:`_open_part`).
        self.lock: int | None = None
        #: Why the output is not written: another run is writing it (the run reports it).
        self.busy: str | None = None

    def open(self, busy: str | None = None) -> None:
        """Open the output. Called once the run holds this writer, so that a stop
        (Ctrl-C, SIGTERM) landing as the ``.part`` file is made still removes it. An output
        another run is writing (``busy``, found as its input began: :func:`_busy`; or now)
        is left to it: nothing is opened, :attr:`busy` says why, and the run passes over its pages."""
        if busy is not None:
            self.busy, self.failed = busy, True
            return
        if self.task.output is None:
            self.stdout.flush()
            # A text stream without a binary buffer (io.StringIO, some notebooks'
            # streams) gets the same text, decoded back.
            self.file = getattr(self.stdout, "buffer", None) or _TextSink(self.stdout)
            return
        self.task.output.parent.mkdir(parents=True, exist_ok=True)
        try:
            with _HELD:  # a stop waits until the file is this writer's, whose abort removes it
                self.file, self.lock = _open_part(_part(self.task.output))
        except _Busy as exc:
            self.busy, self.failed = str(exc), True

    def _unlock(self) -> None:
        lock, self.lock = self.lock, None  # never closed twice, whenever a stop lands
        if lock is not None:
            os.close(lock)

    @_names_output
    def commit(self, naming: Callable[[Path], contextlib.AbstractContextManager[None]]) -> None:
        """Close the output and rename it into place within ``naming(output)`` (which says so
        in its folder's :data:`~boilerplate.runner.MANIFEST`: :meth:`_Made.naming`), stops held: an output in
        place is named. Its lock is let go once it is, before a stop held meanwhile is
        raised: a ``.part`` file there then is another run's, which :meth:`abort` leaves."""
        if self.task.output is None:
            self.file.flush()
            return
        self.file.close()
        with _HELD:
            with naming(self.task.output):
                os.replace(_part(self.task.output), self.task.output)
            self._unlock()

    def abort(self) -> None:
        """Close the output and remove its ``.part`` file, unless another run is writing it."""
        if self.task.output is None or self.file is None:
            # Nothing opened: left to another run (busy), or stopped as it opened (_open_part
            # removes what that left).
            return
        if self.lock is None:
            # Renamed into place or removed already, its lock let go: a .part file there now
            # is another run's (a stop landed before the run let go of this writer).
            return
        # What the file still holds is thrown away with it: a close that cannot write it
        # (the disk that stopped the run is full) must not keep the file from going.
        with contextlib.suppress(OSError):
            self.file.close()
        _part(self.task.output).unlink(missing_ok=True)
        self._unlock()


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


class _TextWriter(_Writer):
    @_names_output
    def page(self, text: str) -> int:
        out = (text + "\n").encode("utf-8") if text else b""  # text decoded from UTF-8: no lone surrogates
        self.file.write(out)
        return len(out)


class _JsonlWriter(_Writer):
    @_names_output
    def write(self, data: bytes) -> None:
        self.file.write(data)


class _ParquetWriter(_Writer):
    def __init__(self, task: Task, stdout: IO[str], opts: Options, schema: Any) -> None:
        self.schema = schema
        self.opts = opts
        self.buffer: list = []
        self.rows = 0
        self.chars = 0
        # Marks for a file whose schema has no error column (a page the cleaner could
        # not clean, which nothing foretold): row number -> message, added at commit.
        self.late_marks: dict[int, str] = {}
        self.rows_seen = 0
        self.writer: Any = None
        super().__init__(task, stdout)

    def open(self, busy: str | None = None) -> None:
        import pyarrow.parquet as pq

        super().open(busy)
        if self.busy is None:
            self.writer = pq.ParquetWriter(self.file, self.schema)

    @_names_output
    def batch(self, batch: Any, texts: list[str | None], errors: list[str | None]) -> None:
        import pyarrow as pa

        columns = {name: batch.column(name) for name in batch.schema.names}
        columns[self.opts.out_field] = pa.array(texts, type=self.schema.field(self.opts.out_field).type)
        if ERROR_FIELD in self.schema.names:
            columns[ERROR_FIELD] = pa.array(errors, type=pa.string())
        else:
            self.late_marks.update((self.rows_seen + i, e) for i, e in enumerate(errors) if e is not None)
        self.rows_seen += batch.num_rows
        self.buffer.append(pa.RecordBatch.from_arrays([columns[n] for n in self.schema.names], schema=self.schema))
        self.rows += batch.num_rows
        self.chars += sum(len(t) for t in texts if t)
        if self.rows >= ROW_GROUP_ROWS or self.chars >= ROW_GROUP_CHARS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.buffer:
            self.writer.write_table(pa.Table.from_batches(self.buffer, schema=self.schema), row_group_size=self.rows)
        self.buffer, self.rows, self.chars = [], 0, 0

    @_names_output
    def commit(self, naming: Callable[[Path], contextlib.AbstractContextManager[None]]) -> None:
        self._flush()
        self.writer.close()
        if self.late_marks:
            self._add_error_column()
        super().commit(naming)

    def _marks_part(self) -> Path:
        return _part(self.task.output.with_name(self.task.output.name + ".marks"))

    def _add_error_column(self) -> None:
        """Rewrite the finished ``.part`` file with an error column holding the late marks,
        one row group at a time (memory stays flat), as a second ``.part`` file renamed over
        it, locked as the first (:func:`_open_part`)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.file.close()
        marks_lock = None
        try:
            with _HELD:  # a stop waits until marks_lock is set, for the clean-up below
                file, marks_lock = _open_part(self._marks_part())
            file.close()  # pyarrow writes it by its name; marks_lock holds it
            field = pa.field(ERROR_FIELD, pa.string())
            written = pq.ParquetFile(_part(self.task.output))
            row = 0
            with pq.ParquetWriter(self._marks_part(), self.schema.append(field)) as writer:
                for group in range(written.num_row_groups):
                    table = written.read_row_group(group)
                    marks = pa.array([self.late_marks.get(r) for r in range(row, row + table.num_rows)], pa.string())
                    writer.write_table(table.append_column(field, marks), row_group_size=table.num_rows)
                    row += table.num_rows
            written.close()
            os.replace(self._marks_part(), _part(self.task.output))
            # Within the try: a stop landing as the block starts (before it holds) finds
            # marks_lock still to be closed below.
            with _HELD:  # the writer holds one lock or the other whenever a stop lands
                self._unlock()
                self.lock, marks_lock = marks_lock, None
        except BaseException:
            if marks_lock is not None:
                os.close(marks_lock)  # abort removes the marks file
            raise

    def abort(self) -> None:
        self.buffer = []
        if self.writer is not None:
            # Closing it writes the file's footer, to be thrown away: a full disk that
            # refuses it must not keep the file from going (nor replace a stop).
            with contextlib.suppress(OSError):
                self.writer.close()
        ours = self.lock is not None  # else there is no marks file of this run's
        super().abort()
        if ours:
            self._marks_part().unlink(missing_ok=True)
