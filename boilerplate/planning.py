"""Planning a run of ``boilerplate clean``: its inputs, outputs and options.

:func:`plan` turns the paths given (files, folders, standard input) into tasks (:class:`Task`):
it walks folders, names each output and checks that it can be made. :class:`Options` says how
a run reads and cleans its inputs, and :class:`UsageError` why inputs and options cannot make
one. An input that is not what it was given as — a WET, compressed, Parquet, JSON Lines or HTML
file, or text in UTF-16 or UTF-32 — is refused from its first bytes (:func:`_refused`), with the
command that converts it.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .cleaner import DEFAULT_CONFIG, Config
from .corpus import host_of
from .extras import install_command
from .folders import folder_problem, nearest_existing
from .model import LinearModel
from .shell import shell_path, unused_name
from .warc import GZIP_MAGIC, holds_captures, is_warc


#: Field (JSON Lines) or column (Parquet) that marks a record that could not be
#: cleaned; the record is otherwise written as it came.
ERROR_FIELD = "boilerplate_error"

#: Field holding a JSON Lines line that was not a JSON object (as text, with
#: undecodable bytes written as ``\\xNN``), so that nothing is lost.
RAW_FIELD = "boilerplate_raw"

#: The longest file name, in bytes, of the usual file systems (ext4, XFS, Btrfs, ZFS,
#: APFS; NTFS counts 255 UTF-16 units, which 255 bytes of UTF-8 never exceed), where the
#: file system cannot be asked (see :func:`_name_max`).
NAME_MAX = 255

#: Which files a folder given as input contributes, per input kind (``*.wet.gz`` takes
#: in ``*.warc.wet.gz``, and ``*.wet`` ``*.warc.wet``).
PATTERNS = {"text": ("*.txt",), "jsonl": ("*.jsonl",), "parquet": ("*.parquet",), "wet": ("*.wet.gz", "*.wet")}

#: What corpus mode can group records by, and how a record's group is found.
GROUP_BY = {"host": host_of}

#: How compressed files start, and the tool that decompresses each to standard output.
#: None of these is UTF-8 text, so a text or JSON Lines input that starts with one is
#: reported once as compressed, with what to do, instead of line by line as not
#: UTF-8 (bzip2's "BZh" is left out: it is text too).
COMPRESSED = {GZIP_MAGIC: ("gzip", "zcat"), b"\x28\xb5\x2f\xfd": ("zstd", "zstdcat"), b"\xfd7zXZ\x00": ("xz", "xzcat")}
#: Name endings of compressed files, with their compressor: decompressing ``a.parquet.gz`` gives ``a.parquet``.
COMPRESSORS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".xz": "xz"}
COMPRESSED_SUFFIXES = tuple(COMPRESSORS)

#: Byte order marks of UTF-32 and UTF-16 (UTF-32's first: FF FE 00 00 starts like
#: UTF-16's FF FE). No UTF-8 text starts with one (FE and FF are never UTF-8), so a
#: text or JSON Lines input that does is reported once as such, with what to do,
#: instead of as not UTF-8 (or, with ``--errors replace``, cleaned into nothing).
WIDE_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}

#: Bytes at the start of an input looked at for UTF-16 without a byte order mark
#: (of a JSON Lines input: of its first line).
WIDE_HEAD = 4096


class UsageError(ValueError):
    """The inputs and options cannot make a run (the message says what to change)."""


@dataclass(frozen=True)
class Task:
    """One input and where its output goes (``None``: standard input / output)."""

    source: Path | None
    output: Path | None
    kind: str
    #: Why the input cannot be read, found while planning (a folder that cannot be listed,
    #: a pipe in a folder): the failure's reason and message.
    error: tuple[str, str] | None = None
    #: Read once, as it comes, and written to standard output: ``-``, or a pipe or a
    #: device given by its path (``<(zcat x.gz)``, ``/dev/stdin``).
    stream: bool = False

    @property
    def name(self) -> str:
        return "<stdin>" if self.source is None else str(self.source)


@dataclass(frozen=True)
class Options:
    """How records are read and written; see ``boilerplate clean --help``."""

    kind: str = "text"
    field: str = "text"
    output_field: str | None = None
    errors: str = "strict"
    overwrite: bool = False
    config: Config = DEFAULT_CONFIG
    #: Corpus mode: ``"host"`` groups records by the host of their URL field (of a WET
    #: record: its WARC-Target-URI; ``url_field`` does not apply).
    group_by: str | None = None
    url_field: str = "url"
    #: The line model to clean with (``--model``: :func:`~boilerplate.model.load_linear`);
    #: ``None``: the shipped one.
    model: LinearModel | None = None
    #: The options of the command line that shape the output, as typed and quoted for a
    #: shell (``--field=body``, ``--model=my_model/``): advice that prints a whole
    #: ``boilerplate clean`` command (``zcat a.gz | boilerplate clean --jsonl … -``) repeats
    #: them, so that the command run as printed cleans as the run would have. Set by the
    #: command line.
    command_options: tuple[str, ...] = ()

    @property
    def out_field(self) -> str:
        return self.output_field or self.field


def _resolved(path: Path) -> Path:
    """The absolute path with its symlinks resolved as far as they lead.

    ``os.path.realpath``, not ``Path.resolve()``: on a symlink loop (``x.txt -> x.txt``)
    the latter raises (``RuntimeError`` before Python 3.13, ``OSError`` since), while
    realpath leaves the looping part as it is.
    """
    try:
        return Path(os.path.realpath(path))
    except OSError:  # the current folder is gone
        return path.absolute()


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode, or ``None`` when it does not exist (or cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def plan(inputs: list[str], out_dir: str | Path | None, kind: str = "text") -> list[Task]:
    """The tasks of a run: every input file and its output path, in a fixed order.

    A folder contributes its files matching :data:`PATTERNS` (recursively, sorted),
    except those under ``out_dir``; its outputs mirror its tree under ``out_dir``. A folder
    that gives none is refused, naming the other kinds it holds (:func:`_held_instead`).
    A file's output is ``out_dir/<its name>``; ``-`` (standard input) writes to
    standard output, and so does a pipe or a device given by its path, which can be
    read only once too. A file given twice with one output (a folder and a file in it,
    the same path twice) is cleaned once. Raises :class:`UsageError` when the run
    cannot be made.

    >>> plan(["-"], None)
    [Task(source=None, output=None, kind='text', error=None, stream=True)]
    """
    if kind not in PATTERNS:
        raise UsageError(f"unknown input kind {kind!r}; use one of {', '.join(PATTERNS)}.")
    if not inputs:
        raise UsageError("no input given; name files or folders, or - for standard input.")
    if kind == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise UsageError(f"Parquet needs pyarrow: {install_command('parquet')}.") from None
    # Path("") is the current folder: an unset "$DIR" in a script would clean (or fill) it.
    if "" in inputs:
        raise UsageError("an input is an empty path (an unset variable?); name a file or folder, or - for standard input.")
    if out_dir == "":
        raise UsageError("--out is an empty path (an unset variable?); name a folder.")
    if out_dir == "-":
        # "-o -" is standard output to many tools (and - standard input here); taken as
        # a folder's name, the article went to ./-/NAME and nothing to standard output.
        raise UsageError(
            "--out - names a folder, not standard output; leave out --out to write one input's article to standard"
            " output, or name the folder ./- if that is what you mean."
        )
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        _check_out(out)
    if inputs.count("-") > 1:
        raise UsageError("- (standard input) is given twice and can be read only once; give it once.")
    tasks: list[Task] = []
    under_out: dict[int, Path] = {}  # id() of tasks of files found in a folder inside --out: their resolved path
    given_by: list[tuple[str, set[int]]] = []  # each folder given, with the id() of the tasks it gave
    for item in inputs:
        if item == "-":
            if kind == "parquet":
                raise UsageError("Parquet cannot be read from standard input; give the file's path.")
            tasks.append(Task(None, None, kind, stream=True))
            continue
        path = Path(item)
        # os.path's tests, not Path's: these raise where the path cannot be looked at (a
        # folder above it without search permission; Python before 3.14), which is an
        # unreadable input, reported when the run reaches it, not a traceback here.
        if os.path.isdir(path):
            if out is None:
                raise UsageError(f"{path} is a folder; give --out DIR for the cleaned files.")
            found, unreadable = _walk(path, PATTERNS[kind])
            # Neither can be a loop of links: a folder was found at path, and _check_out
            # refused an --out that is a loop (or has one above it).
            inner, top = out.resolve(), path.resolve()
            walked = [Task(p, out / _output_name(p.relative_to(path), kind), kind) for p in found]
            if inner != top and inner.is_relative_to(top):
                # --out inside the input folder: the files found there may be an earlier
                # run's outputs (left out below, once every input's output is known). Only
                # files found by walking: one named as an input is an input.
                for task in walked:
                    if (where := _resolved(task.source)).is_relative_to(inner):
                        under_out[id(task)] = where
            unread = [Task(where, None, kind, why) for where, why in unreadable]
            given_by.append((item, {id(task) for task in walked + unread}))
            tasks.extend(walked)
            tasks.extend(unread)
        elif os.path.normpath(item) in STDIN_PATHS and os.path.exists(path):
            # Standard input by its path, whatever stands behind it: a file redirected with
            # "< a.jsonl" would be written to DIR/stdin, and the next run's "< b.jsonl"
            # skipped as complete. Read like -, once, and written to standard output.
            if kind == "parquet":
                raise UsageError(f"{path}: Parquet cannot be read from standard input; give the file's path.")
            tasks.append(Task(path, None, kind, stream=True))
        elif os.path.isfile(path) or not os.path.exists(path):
            # A missing file is reported when the run reaches it, like any unreadable input.
            tasks.append(Task(path, out / _output_name(Path(path.name), kind) if out is not None else None, kind))
        elif path.is_fifo() or path.is_char_device():
            # <(zcat x.gz) or /dev/stdin: read like -, once; its name says nothing to write under.
            if kind == "parquet":
                raise UsageError(f"{path}: Parquet cannot be read from a pipe; save it to a file first.")
            tasks.append(Task(path, None, kind, stream=True))
        else:
            raise UsageError(f"{path}: not a file, folder or pipe; give a file or folder, or pipe it into -.")
    if under_out:
        # An earlier run's outputs are the files under --out that some input of this
        # run writes; any other file there is an input like the rest (its output goes
        # one level deeper).
        outputs = {_resolved(t.output) for t in tasks if t.output is not None}
        tasks = [t for t in tasks if under_out.get(id(t)) not in outputs]
    # A folder that gives no input is refused, also beside inputs that do: passed over, a
    # folder of another kind (JSON Lines given without --jsonl) went uncleaned without a word.
    kept = {id(task) for task in tasks}
    empty = [item for item, ids in given_by if not ids & kept]
    if empty:
        held = _held_instead([Path(item) for item in empty], kind)
        rest = ""
        if kept:  # other inputs give files: the option named would leave those out in turn
            it, own = ("it", "its own") if len(empty) == 1 else ("them", "their own")
            rest = f"; leave {it} out" + (f", or clean {it} in a run of {own}" if held else "")
        raise UsageError(f"no {' or '.join(PATTERNS[kind])} files in {', '.join(empty)}{held}{rest}.")
    # Each input by its resolved path and, when it exists, by its file identity (a
    # hard link or a bind mount reaches one file by two paths): one lookup per output.
    by_path: dict[Path, Path] = {}
    by_identity: dict[tuple[int, int], Path] = {}
    # One file given twice with one output (the same path twice, a folder and a file in
    # it, two hard links) is cleaned once: a second time would only redo the first.
    unique: list[Task] = []
    given: set[tuple] = set()
    for task in tasks:
        if task.source is None:
            unique.append(task)
            continue
        where = _resolved(task.source)
        identity = _identity(task.source) if task.error is None else None
        key = (identity or where, task.output, task.error)
        if key in given:
            continue
        given.add(key)
        unique.append(task)
        if task.error is None:
            by_path.setdefault(where, task.source)
            if identity is not None:
                by_identity.setdefault(identity, task.source)
    tasks = [_name_fits(t) for t in unique]
    streams = [t for t in tasks if t.stream]
    if len(streams) > 1:
        raise UsageError(
            f"{streams[0].name} and {streams[1].name} are both read as streams and would both be written to"
            " standard output; give one per run, or save them to files first."
        )
    if out is None and len(tasks) > 1:
        raise UsageError(f"{len(tasks)} inputs: give --out DIR to write one cleaned file per input.")
    if kind == "parquet" and any(t.output is None and t.error is None for t in tasks):  # else it only fails
        raise UsageError("Parquet output needs --out DIR.")
    seen: dict[Path, Task] = {}
    for task in tasks:
        if task.output is None:
            continue
        identity = _identity(task.output)
        key = _resolved(task.output)
        source = by_path.get(key) or (by_identity.get(identity) if identity else None)
        if source is not None:
            raise UsageError(
                f"{task.output} would be written over the input {source}; choose an --out folder outside the inputs."
            )
        if key in seen:
            raise UsageError(
                f"{seen[key].name} and {task.name} would both be written to {task.output}; clean them in two runs,"
                " each with its own --out folder (into one, the second run would skip the output as complete)."
            )
        seen[key] = task
        # A folder there (an earlier run's tree, when the input was a folder of that name), or a
        # pipe, socket or device, is no output: taken for a finished one, the input was skipped
        # and never cleaned (and a JSON Lines run hung, reading a pipe there for marks).
        if identity is not None and not os.path.isfile(task.output):
            what = "a folder" if os.path.isdir(task.output) else "not a regular file (a pipe, socket or device)"
            raise UsageError(
                f"{task.output} is {what}, where the output of {task.name} must go; move it away, or give another --out."
            )
    return tasks


def _name_fits(task: Task) -> Task:
    """The task, or, when its output's name is longer than the file system takes (a WET
    input's name near the limit, to which ``.jsonl`` is added), the task failing with
    why: no output can be written for it, and the other inputs are cleaned."""
    if task.output is None or task.error is not None:
        return task
    size, limit = len(os.fsencode(task.output.name)), _name_max(task.output.parent)
    if size <= limit:
        return task
    why = (f"its output's name would be {size} bytes long, and the file system of {task.output.parent} takes"
           f" {limit}; give the input a shorter name")
    return Task(task.source, None, task.kind, ("name too long", why))


def _output_name(path: Path, kind: str) -> Path:
    """Where an input's output goes, relative to ``--out``: the same name, but for a WET
    file, whose output is JSON Lines: a final ``.gz`` dropped and ``.jsonl`` added.

    >>> _output_name(Path("cc/x.warc.wet.gz"), "wet"), _output_name(Path("x.wet"), "wet"), _output_name(Path("x.txt"), "text")
    (PosixPath('cc/x.warc.wet.jsonl'), PosixPath('x.wet.jsonl'), PosixPath('x.txt'))
    """
    if kind != "wet":
        return path
    name = path.name.removesuffix(".gz")
    return path.with_name(name + ".jsonl")


def _check_out(out: Path) -> None:
    """Raise :class:`UsageError` when the ``--out`` folder cannot be made or written in,
    so that the run stops before it reads anything rather than at its first output.

    See :func:`~boilerplate.folders.folder_problem`.
    """
    problem = folder_problem(out)
    if problem is None:
        return
    if problem.kind == "not a folder":
        raise UsageError(f"--out {out}: exists and is not a folder; name a folder.")
    if problem.kind == "under a file":
        raise UsageError(f"--out {out}: {problem.where} is a file, not a folder, so {out} cannot be made; give another --out.")
    if problem.kind == "name too long":
        raise UsageError(f"--out {out}: the name {problem.shown} is longer than the file system takes ({problem.why}); "
                         "give a shorter --out.")
    raise UsageError(f"--out {out}: cannot write in {problem.where} ({problem.why}); give --out a folder you can write to.")


#: Paths that name standard input (:func:`plan` reads them like ``-``).
STDIN_PATHS = frozenset({"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})

#: Why a path found in an input folder is not cleaned: (failure reason, message).
NOT_A_FILE = (
    "not a regular file",
    "not a regular file (a pipe or device); give it by its path, alone, to read it once like -",
)
#: The same for a socket, which given by its path is refused too (see :func:`plan`).
NOT_A_FILE_SOCKET = (
    "not a regular file",
    "not a regular file (a socket); boilerplate reads files, folders and pipes: pipe its data into -",
)


#: The option of ``boilerplate clean`` that reads each kind of input (text: none).
KIND_OPTIONS = {"jsonl": "--jsonl", "parquet": "--parquet", "wet": "--wet"}


#: Other names of a kind's files, which a folder does not give (a file given by name is
#: read as the kind asked for, whatever its name).
OTHER_NAMES = {"jsonl": ("*.ndjson",)}


def _held_instead(folders: list[Path], kind: str) -> str:
    """For a run whose ``folders`` hold no input of its ``kind``: the other kinds they hold,
    each with the option that reads it ("; it holds *.jsonl files (give --jsonl)"), and
    the files of its kind that a folder does not give (compressed, named in capitals,
    ``*.ndjson`` for JSON Lines), each with what to do; or ""."""
    others = {other: patterns for other, patterns in PATTERNS.items() if other != kind}
    names = [p.name for folder in folders for p in _walk(folder, ("*",))[0]]
    held = []
    for other, patterns in others.items():
        matched = [pattern for pattern in patterns if any(fnmatch.fnmatchcase(name, pattern) for name in names)]
        if matched:
            if other == "text":
                fix = f"leave out {KIND_OPTIONS[kind]}"
            else:
                fix = f"give {KIND_OPTIONS[other]}" + (f", not {KIND_OPTIONS[kind]}" if kind != "text" else "")
            held.append(f"{' or '.join(matched)} files ({fix})")
    read = [pattern for patterns in PATTERNS.values() for pattern in patterns]
    unread = [name for name in names if not any(fnmatch.fnmatchcase(name, pattern) for pattern in read)]
    for suffix, compressor in COMPRESSORS.items():
        endings = [pattern + suffix for pattern in PATTERNS[kind]]
        matched = [ending for ending in endings if any(fnmatch.fnmatchcase(name, ending) for name in unread)]
        if matched:
            held.append(f"{' or '.join(matched)} files ({compressor}-compressed: decompress them first)")
    # named otherwise: in capitals ("*.TXT"), or "*.ndjson" for JSON Lines
    renamed = {
        "*" + name[len(name) - len(pattern) + 1 :]  # the name's own ending
        for name in unread
        for pattern in PATTERNS[kind] + OTHER_NAMES.get(kind, ())
        if fnmatch.fnmatchcase(name.lower(), pattern)
    }
    if renamed:
        held.append(f"{' or '.join(sorted(renamed))} files (a folder gives only {' and '.join(PATTERNS[kind])} "
                    "files: rename them, or give the files by name)")
    if not held:
        return ""
    listed = held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"
    return f"; {'it holds' if len(folders) == 1 else 'they hold'} {listed}"


def _walk(folder: Path, patterns: tuple[str, ...]) -> tuple[list[Path], list[tuple[Path, tuple[str, str]]]]:
    """The files under ``folder`` whose names match one of ``patterns``, sorted, and the paths
    that cannot be cleaned, each with its failure reason and message: folders that
    could not be listed, and pipes, sockets and devices whose names match.

    Symlinked folders are followed, each folder once (a link back up the tree is
    not a loop); a symlink that matches but leads nowhere — to nothing, or round a
    loop of links — is listed, so that the run reports it as a file that cannot be
    read; one that does not match is no input, like any other name that does not.
    ``Path.rglob`` would skip unreadable folders and dangling links without a word.
    macOS's AppleDouble files (``._x.txt``: :func:`_apple_double`) are no files of the folder's.
    """
    found: list[Path] = []
    unreadable: list[tuple[Path, tuple[str, str]]] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            st = here.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            unreadable.append((here, ("unreadable folder", f"folder cannot be read ({exc.strerror or exc})")))
            continue
        for entry in reversed(entries):  # a stack: the first name is walked first
            kind = _entry_kind(entry)
            if kind == "folder":
                stack.append(Path(entry.path))
            elif any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in patterns):
                if kind not in ("other", "socket"):
                    if not (entry.name.startswith("._") and _apple_double(entry.path)):
                        found.append(Path(entry.path))
                else:  # a pipe read here would block the run, or be read once and lost on a rerun
                    unreadable.append((Path(entry.path), NOT_A_FILE_SOCKET if kind == "socket" else NOT_A_FILE))
    return sorted(found), sorted(unreadable)


#: The magic number AppleDouble files start with (macOS's ``._x.txt`` beside ``x.txt``).
APPLE_DOUBLE_MAGIC = b"\x00\x05\x16\x07"


def _apple_double(path: str) -> bool:
    """Is the file ``path`` an AppleDouble file, which macOS writes as ``._x.txt`` beside
    ``x.txt`` on a disk that holds no Finder metadata (and a Finder zip puts in ``__MACOSX/``)?
    Such a file holds the other file's metadata, no text: a folder gives it as no input. A
    file that cannot be read is taken for one that is not: reading it reports why."""
    try:
        with open(path, "rb") as file:
            return file.read(len(APPLE_DOUBLE_MAGIC)) == APPLE_DOUBLE_MAGIC
    except OSError:
        return False


def _entry_kind(entry: os.DirEntry) -> str:
    """What a folder entry leads to, symlinks followed: ``"folder"``, ``"file"``,
    ``"nowhere"`` (a dangling link, a loop of links, a target that cannot be looked
    at: reading it reports why), ``"socket"`` or ``"other"`` (a pipe or device)."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        mode = os.stat(entry.path).st_mode
    except OSError:  # ELOOP: DirEntry.is_dir() raises it, where a dangling link gives False
        return "nowhere"
    return "socket" if stat.S_ISSOCK(mode) else "other"


@lru_cache(maxsize=256)
def _name_max(folder: Path) -> int:
    """The longest file name, in bytes, that ``folder``'s file system takes (``pathconf``,
    asked of the nearest folder that exists: 255 on most, 143 on eCryptfs);
    :data:`NAME_MAX` where it cannot be asked (Windows)."""
    try:
        value = os.pathconf(nearest_existing(folder), "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return NAME_MAX
    return value if value and value > 0 else NAME_MAX


def _compressed(task: Task, head: bytes, opts: Options | None = None) -> _Fail | None:
    """The failure of an input that starts like a compressed file (see :data:`COMPRESSED`), else ``None``;
    a command it prints repeats the options of ``opts`` that shape the output (:attr:`Options.command_options`).

    >>> _compressed(Task(Path("crawl.jsonl.gz"), None, "jsonl"), b"\\x1f\\x8b\\x08\\x00").message
    'gzip-compressed: decompress it first, e.g. zcat crawl.jsonl.gz | boilerplate clean --jsonl -'
    >>> _compressed(Task(Path("rows.parquet.zst"), None, "parquet"), b"\\x28\\xb5\\x2f\\xfd").message
    'zstd-compressed: decompress it to a file first, e.g. zstdcat rows.parquet.zst > rows.parquet, then clean that'

    An empty file whose name says it is compressed is no compressed file: a gzip, zstd
    or xz file holds at least its header. It was cut off, as a failed download leaves
    one, and cleaned as empty it would get an empty output that a rerun skips.

    >>> _compressed(Task(Path("CC-MAIN-1.warc.wet.gz"), None, "wet"), b"").message
    'empty, though its name ends in .gz: a compressed file always holds a header, so it was cut off (a failed download?); fetch or compress it again'
    """
    # A file's name less its compression suffixes (crawl.jsonl.gz: crawl.jsonl); "" for a stream.
    named = task.source is not None and not task.stream
    unpacked = task.source.name.lower() if named else ""
    for suffix in COMPRESSED_SUFFIXES:
        unpacked = unpacked.removesuffix(suffix)
    if not head and named and task.source.suffix.lower() in COMPRESSED_SUFFIXES:
        message = (
            f"empty, though its name ends in {task.source.suffix}: a compressed file always holds a header, "
            "so it was cut off (a failed download?); fetch or compress it again"
        )
        return _Fail(task, "", "empty compressed file", message)
    for magic, (name, tool) in COMPRESSED.items():
        if head.startswith(magic):
            kind = task.kind
            if kind == "text" and unpacked.endswith(".parquet"):
                kind = "parquet"  # rows.parquet.gz given as text
            elif kind == "text" and unpacked.endswith(JSONL_SUFFIXES):
                kind = "jsonl"  # crawl.jsonl.gz given as text: its records would be one page
            option = "" if kind == "text" else f" --{kind}"
            if kind == "parquet" or task.output is not None or (named and opts is not None and opts.group_by):
                # Parquet is read by seeking, so not from a pipe; a run with --out
                # writes its outputs there, where "| boilerplate clean -" would print
                # them; corpus mode reads its inputs twice, so not from a pipe: decompress to a file, in place when the name says nothing of
                # compression or names another (zstd in x.warc.wet.gz: beside it, x.warc.wet
                # would be a second input of a folder run), so that the run done again cleans
                # it. A file whose name says how it is compressed is left as it is: the
                # command must then name the file decompressed beside it instead.
                source = Path(str(task.source))
                with_option = f" with{option}" if kind != task.kind else ""
                if kind == "parquet" and task.kind != "parquet" and task.output is None:
                    with_option += _PARQUET_OUT
                if COMPRESSORS.get(source.suffix.lower()) == name:
                    src, dst = shell_path(source), shell_path(unused_name(source.with_suffix("")))
                    how, then = f"to a file first, e.g. {tool} {src} > {dst}", f", then clean that{with_option}"
                else:
                    how = f"in place first, e.g. {in_place(tool, source, '.decompressed')}"
                    then = f", then clean it{with_option}" if with_option else ""
                return _Fail(task, "", "compressed", f"{name}-compressed: decompress it {how}{then}")
            # (a pipe given by its path, <(cat a.gz), is gone once read: no name to give zcat)
            source = " " + shell_path(task.source) if named else ""
            clean = f"boilerplate clean{option}{_repeated(opts)} -"
            pipe = f"{tool}{source} | {clean}" if source else f"... | {tool} | {clean}"
            return _Fail(task, "", "compressed", f"{name}-compressed: decompress it first, e.g. {pipe}")
    return None


#: What advice to clean a file with --parquet adds for a run without --out: Parquet is written to a folder only.
_PARQUET_OUT = " and --out DIR"


#: Name endings of JSON Lines files, which a text run would clean as one page of JSON.
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _other_kind(task: Task, head: bytes, opts: Options | None = None) -> _Fail | None:
    """The failure of a text (or JSON Lines) input that is a Parquet file (it starts with
    ``PAR1``, and ends with it or is not UTF-8: a cut-off download) or
    a JSON Lines file by its name, else ``None``: cleaned as one text page, the one
    would be \"not UTF-8\" and the other one page of JSON.

    >>> _other_kind(Task(Path("rows.parquet"), Path("out/rows.parquet"), "text"), b"PAR1\\x15\\x04...PAR1").message
    'a Parquet file; clean its text column with --parquet (and --field NAME)'
    >>> _other_kind(Task(Path("rows.parquet"), None, "text"), b"PAR1\\x15\\x04...PAR1").message  # Parquet is written to a folder
    'a Parquet file; clean its text column with --parquet and --out DIR (and --field NAME)'
    >>> _other_kind(Task(Path("crawl.jsonl"), None, "text"), b'{"text": "a"}').message
    'a JSON Lines file (by its name); clean its records with --jsonl (and --field NAME)'
    >>> _other_kind(Task(Path("page.txt"), None, "text"), b'<!DOCTYPE html><html><p>a</p></html>').reason
    'HTML'

    An HTML file (see :data:`_HTML_START`) is refused too: cleaned as text, its markup
    would come out with the article.

    Of a JSON Lines input, ``head`` is the first line: one that starts with ``PAR1`` is
    a Parquet file's (no JSON starts so), which would be cleaned "line" by line into an
    output of marked records.

    >>> _other_kind(Task(Path("rows.parquet"), None, "jsonl"), b"PAR1\\x15\\x04\\x15\\xb4\\x01").reason
    'Parquet'
    """
    if task.kind not in ("text", "jsonl"):
        return None
    whole = task.kind == "jsonl" or head.endswith(b"PAR1") or not _is_utf8(head)  # a whole or a cut-off one
    if head.startswith(b"PAR1") and whole:
        # Parquet is read by seeking, not from a stream, and written to a folder only (--out)
        options = f"--parquet{_PARQUET_OUT if task.output is None else ''}{_not_option(task)}"
        if task.source is None or task.stream:
            return _Fail(task, "", "Parquet", f"a Parquet file; save it to a file and clean that with {options}")
        return _Fail(task, "", "Parquet", f"a Parquet file; clean its text column with {options} (and --field NAME)")
    if task.kind != "text":
        return None
    if task.source is not None and not task.stream and task.source.name.lower().endswith(JSONL_SUFFIXES):
        return _Fail(task, "", "JSON Lines", "a JSON Lines file (by its name); clean its records with --jsonl (and --field NAME)")
    if looks_like_html(head):
        if task.source is None or task.stream:
            how = _converted(task, html_render_command(head), ".rendered", opts)
        else:
            command, beside = render_file(head, task.source)
            how = f"{command}, then clean that" if beside else command
        return _Fail(task, "", "HTML", f"an HTML file, not text: render it to text first, e.g. {how}; or take an "
                                       "HTML extractor (trafilatura) to the HTML")
    return None


#: A text input that starts (after a BOM and white space, XHTML's XML declaration and
#: comments) with an HTML document's first tag, whole and followed by another tag, and
#: closes a tag within its first HTML_HEAD bytes, is HTML, not a page's text. A page's
#: text whose first line names the tag ("<html>: the root element") goes on with words.
_HTML_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^<>]*\?>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*"
    rb"<(?:!doctype\s+html|html)(?:\s[^<>]*)?>\s*<",
    re.IGNORECASE | re.DOTALL,
)
HTML_HEAD = 4096

#: Name endings of HTML files (in any case): told to render to a .txt name beside them, not in place.
HTML_SUFFIXES = (".html", ".htm")


def render_file(head: bytes, path: Path) -> tuple[str, bool]:
    """The shell command that renders the HTML file ``path``, whose first bytes are ``head``,
    to text (:func:`html_render_command`), and whether the text goes to a new file beside it:
    a file named as HTML (:data:`HTML_SUFFIXES`) is rendered to its name as ``.txt`` (an
    :func:`unused_name`), as in place its HTML would be lost; any other, under its own name
    with the HTML kept beside it (:func:`render_in_place`), so that a rerun of the same
    command, or a folder run, reads the text.

    >>> render_file(b"<html><p>a</p></html>", Path("p.html"))
    ('w3m -dump -O UTF-8 -T text/html p.html > p.txt', True)
    """
    render = html_render_command(head)
    if path.suffix.lower() in HTML_SUFFIXES:
        return f"{render} {shell_path(path)} > {shell_path(unused_name(path.with_suffix('.txt')))}", True
    return render_in_place(render, path), False


def looks_like_html(head: bytes) -> bool:
    """Whether an input whose first bytes are ``head`` is an HTML document, not a page's
    text (see :data:`_HTML_START`).

    >>> looks_like_html(b"<!DOCTYPE html><html><p>a</p></html>"), looks_like_html(b"<html>: the root element")
    (True, False)
    """
    start = head[:HTML_HEAD]
    return bool(_HTML_START.match(start)) and b"</" in start


#: The charset an HTML file declares in a meta tag (``<meta charset="…">``, or
#: ``<meta http-equiv="Content-Type" content="text/html; charset=…">``).
_HTML_CHARSET = re.compile(rb"<meta\s[^<>]*?charset\s*=\s*[\"']?\s*([a-z0-9][a-z0-9._:-]*)", re.IGNORECASE)


def html_render_command(head: bytes) -> str:
    """The w3m command that renders an HTML file whose first bytes are ``head`` to UTF-8
    text, for a shell: ``-O UTF-8`` whatever the locale (in C, w3m writes ``?`` for
    every letter outside ASCII), and ``-I CHARSET`` for a file that declares another
    charset than UTF-8 in a meta tag, which w3m does not go by: it read such a file as
    UTF-8, and wrote a space for each letter outside ASCII (``café`` became ``caf``).
    A declaration that the bytes of the head belie (they are UTF-8, and not all ASCII)
    is let be.

    >>> html_render_command(b'<html><head><meta charset="windows-1252"><title>caf\\xe9</title>')
    'w3m -dump -I windows-1252 -O UTF-8 -T text/html'
    >>> html_render_command(b'<html><head><meta charset=iso-8859-1><title>caf\\xc3\\xa9</title>')
    'w3m -dump -O UTF-8 -T text/html'
    """
    charset = _other_charset(head[:HTML_HEAD])
    return "w3m -dump" + (f" -I {shlex.quote(charset)}" if charset else "") + " -O UTF-8 -T text/html"


def _other_charset(head: bytes) -> str | None:
    """The charset other than UTF-8 that an HTML file whose first bytes are ``head``
    declares in a meta tag, and its bytes do not belie (:func:`html_render_command`), else ``None``."""
    declared = _HTML_CHARSET.search(head)
    if declared is None:
        return None
    charset = declared.group(1).decode("ascii")
    if charset.lower().replace("-", "").replace("_", "") in ("utf8", "utf16", "utf16le", "utf16be", "unicode"):
        return None  # a file read as bytes that says UTF-16 is not (HTML readers take it for UTF-8)
    if not head.isascii():
        try:
            head.decode("utf-8")
            return None
        except UnicodeDecodeError as exc:
            if exc.end == len(head) and exc.reason == "unexpected end of data":
                return None  # UTF-8 cut inside a character at the end of the head
    return charset


#: Name endings of WET files, which a text or JSON Lines run would take for one page or a compressed file.
WET_SUFFIXES = (".wet", ".wet.gz")


def _wet_named(task: Task) -> bool:
    """Is the input a file named as a WET file (:data:`WET_SUFFIXES`, in any case), which
    :func:`_wet_given` refuses by its name alone?"""
    return task.source is not None and not task.stream and task.source.name.lower().endswith(WET_SUFFIXES)


def _wet_given(task: Task, head: bytes) -> _Fail | None:
    """The failure of a text or JSON Lines input that is a WET file, by its name
    (:data:`WET_SUFFIXES`) or its first bytes (a WARC record, compressed or not), else
    ``None``: cleaned as text it would be one page of WARC headers, or refused as
    compressed with advice that leads to the same. An empty file of such a name that
    says it is compressed is left to :func:`_compressed`: it was cut off, and told to
    give ``--wet`` it would only be told so next.

    >>> _wet_given(Task(Path("x.warc.wet.gz"), None, "text"), b"\\x1f\\x8b").message
    'a WET file; clean its records with --wet'
    >>> _wet_given(Task(None, None, "jsonl"), b"WARC/1.0\\r\\n").message
    'a WET file; clean its records with --wet, not --jsonl'
    """
    if task.kind not in ("text", "jsonl"):
        return None
    named = _wet_named(task)
    if named and not head and task.source.suffix.lower() in COMPRESSED_SUFFIXES:
        return None
    warc = is_warc(head)
    if warc and holds_captures(head):
        return _Fail(task, "", "not WET", _NOT_WET.format(which="its first records are web captures"))
    if named or warc:
        return _Fail(task, "", "WET", f"a WET file; clean its records with --wet{_not_option(task)}")
    return None


def _not_option(task: Task) -> str:
    """What the advice to give another kind's option adds: the option of the task's kind is to
    go (``boilerplate clean`` takes one of ``--jsonl``, ``--parquet`` and ``--wet``).

    >>> _not_option(Task(Path("a.jsonl"), None, "jsonl")), _not_option(Task(Path("a.txt"), None, "text"))
    (', not --jsonl', '')
    """
    return f", not {KIND_OPTIONS[task.kind]}" if task.kind in KIND_OPTIONS else ""


def _wide_encoding(head: bytes) -> str | None:
    """The encoding of text that is UTF-16 or UTF-32, as iconv names it, else ``None``.

    A byte order mark (:data:`WIDE_BOMS`) says ``"UTF-16"`` or ``"UTF-32"``. Without
    one, UTF-16 of text that is mostly in the ASCII and Latin-1 range has a NUL in
    every other byte (the high byte of each character), which is valid UTF-8 and would
    be cleaned as NUL characters. So: more than a third of the first :data:`WIDE_HEAD`
    bytes are NUL, and nine in ten of the NULs are at odd offsets (``"UTF-16LE"``) or
    nine in ten at even offsets (``"UTF-16BE"``). UTF-8 pages have no NUL bytes but
    NUL characters, and a file of NULs has as many at odd offsets as at even ones.
    UTF-32 without a mark, of text in any script of the Basic Multilingual Plane, has
    NULs in the two high bytes of every four: nine in ten of the bytes at those two
    offsets are NUL, and at most half of the low bytes (``"UTF-32LE"`` or
    ``"UTF-32BE"``). UTF-16 of other scripts (Bengali: U+09xx) has few NULs and is not
    valid UTF-8: it is reported as not UTF-8.

    >>> _wide_encoding("\\ufeffnews".encode("utf-16-le")), _wide_encoding("news\\n".encode("utf-16-be"))
    ('UTF-16', 'UTF-16BE')
    >>> _wide_encoding("news\\n".encode("utf-32-le")), _wide_encoding("খবর\\n".encode("utf-32-be"))
    ('UTF-32LE', 'UTF-32BE')
    >>> _wide_encoding("news".encode("utf-8")), _wide_encoding(bytes(8)), _wide_encoding(bytes(1))
    (None, None, None)
    """
    for bom, name in WIDE_BOMS.items():
        if head.startswith(bom):
            return name
    head = head[:WIDE_HEAD]
    nuls = head.count(0)
    if nuls * 3 <= len(head) or len(head) < 2:  # one byte is no UTF-16 character
        return None
    # UTF-32 of text in the Basic Multilingual Plane (any script): the two high bytes
    # of every four are NUL, at offsets 2 and 3 (little-endian) or 0 and 1 (big-endian),
    # and the low byte mostly is not.
    if len(head) >= 8:
        share = [head[k::4].count(0) / len(head[k::4]) for k in range(4)]
        if min(share[2:]) >= 0.9 and share[0] <= 0.5:
            return "UTF-32LE"
        if min(share[:2]) >= 0.9 and share[3] <= 0.5:
            return "UTF-32BE"
    odd = head[1::2].count(0)
    if odd * 10 >= nuls * 9:
        return "UTF-16LE"
    if (nuls - odd) * 10 >= nuls * 9:
        return "UTF-16BE"
    return None


def _wide(task: Task, head: bytes, opts: Options | None = None) -> _Fail | None:
    """The failure of a text or JSON Lines input in UTF-16 or UTF-32 (see :func:`_wide_encoding`), else ``None``.

    >>> _wide(Task(Path("page.txt"), None, "text"), "\\ufeffnews".encode("utf-16-le")).message
    'UTF-16 text; convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8 page.txt > page.txt.utf8 && mv page.txt.utf8 page.txt'
    >>> _wide(Task(None, None, "jsonl"), "{}".encode("utf-16-le")).message
    'UTF-16 text (little-endian, no byte order mark); convert it to UTF-8 first, e.g. ... | iconv -f UTF-16LE -t UTF-8 | boilerplate clean --jsonl -'
    """
    encoding = _wide_encoding(head)
    if encoding is None:
        return None
    family = encoding[:6]  # UTF-16 or UTF-32
    what = f"{family} text"
    if encoding != family:
        what += f" ({'little' if encoding.endswith('LE') else 'big'}-endian, no byte order mark)"
    how = _converted(task, f"iconv -f {encoding} -t UTF-8", ".utf8", opts)
    return _Fail(task, "", family, f"{what}; convert it to UTF-8 first, e.g. {how}")


def _converted(task: Task, command: str, suffix: str, opts: Options | None = None) -> str:
    """How to run an input through ``command`` (a filter) before cleaning it: in place,
    through ``<input><suffix>``, a name no folder run reads, so that a rerun cleans the
    file; an input read once as it came (standard input, a pipe) through a pipe, into
    ``boilerplate clean`` with the options of ``opts`` that shape the output."""
    if task.source is None or task.stream:
        kind = "" if task.kind == "text" else f" --{task.kind}"
        return f"... | {command} | boilerplate clean{kind}{_repeated(opts)} -"
    return in_place(command, task.source, suffix)


def _repeated(opts: Options | None) -> str:
    """The options of the command line that a ``boilerplate clean`` command in advice repeats
    (:attr:`Options.command_options`), each after a space.

    >>> _repeated(Options(command_options=("--field=body", "'--model=my model'")))
    " --field=body '--model=my model'"
    """
    return "".join(f" {option}" for option in opts.command_options) if opts is not None else ""


def in_place(command: str, path: Path, suffix: str) -> str:
    """The shell command that runs the file ``path`` through ``command`` (a filter) in place,
    through ``<path><suffix>`` (:func:`unused_name`), quoted for a shell.

    >>> in_place("zcat", Path("my page.txt"), ".decompressed")
    "zcat 'my page.txt' > 'my page.txt.decompressed' && mv 'my page.txt.decompressed' 'my page.txt'"
    """
    source, target = shell_path(path), shell_path(unused_name(Path(f"{path}{suffix}")))
    return f"{command} {source} > {target} && mv {target} {source}"


def render_in_place(render: str, path: Path) -> str:
    """The shell command that renders the HTML file ``path`` to text under its own name with
    ``render`` (:func:`html_render_command`), keeping the HTML beside it as ``.html`` (an
    :func:`unused_name`): rendering loses the markup, and a folder run, which reads ``*.txt``, leaves
    the HTML alone.

    >>> render_in_place("w3m -dump", Path("my page.txt"))
    "mv 'my page.txt' 'my page.html' && w3m -dump 'my page.html' > 'my page.txt'"
    """
    source, html = shell_path(path), shell_path(unused_name(path.with_suffix(".html")))
    return f"mv {source} {html} && {render} {html} > {source}"


class _Fail(NamedTuple):
    task: Task
    where: str  # "" for the whole file, else "line 7" / "row 7" / "record 7"
    reason: str
    message: str


def _refused(task: Task, head: bytes, opts: Options) -> _Fail | None:
    """The failure of a text or JSON Lines input whose first bytes (of a JSON Lines input, its
    first line) show it is not what it was given as: a WET, compressed, Parquet, JSON Lines or
    HTML file, or text in UTF-16 or UTF-32; else ``None``. :func:`_other_kind` is asked before
    :func:`_wide`: no UTF-16 or UTF-32 text starts with PAR1, while a Parquet file's first
    "line" can be mostly NULs (a column of small integers)."""
    return _wet_given(task, head) or _compressed(task, head, opts) or _other_kind(task, head, opts) or _wide(task, head, opts)


_NOT_WET = (
    "a WARC file of web captures, not a WET file ({which}): boilerplate cleans text, and these records hold "
    "HTTP messages, HTML or metadata (a crawl's WARC or WAT file); clean the crawl's WET files (.warc.wet.gz, "
    "each page's text), or render the HTML to text first"
)
