"""Reading pages and records from each kind of input (text, JSON Lines, Parquet, WET) into
chunks (:class:`_Chunk`) of events and texts to clean, in input order (:data:`_READERS`);
decoding, JSON records parsed and spliced (a changed field written into the record's own
bytes), and records marked as failed in an output (:func:`_holds_marks`).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Generator, Hashable
from contextlib import nullcontext
from functools import partial
from typing import Any, NamedTuple

from .model import json_kind
from .planning import (
    ERROR_FIELD,
    GROUP_BY,
    RAW_FIELD,
    _NOT_WET,
    Options,
    Task,
    _Fail,
    _compressed,
    _not_option,
    _refused,
    _wet_named,
)
from .warc import GZIP_MAGIC, WET_KEYS, NotWarc, NotWet, WarcItem, open_records
from .writers import _busy


#: Pages the runner sends to a worker at once: big enough that passing texts
#: between processes costs little next to cleaning them.
CHUNK_PAGES = 32

#: Characters per chunk: a chunk of long pages closes early, which bounds memory.
CHUNK_CHARS = 4_000_000

#: Read buffer of a JSON Lines input: records are often longer than the default 8 KiB,
#: and reading one then takes several system calls and copies (a 150 MB file of
#: 12,864 pages: 0.135 s of readline calls, 0.027 s with 1 MiB).
READ_BUFFER = 1 << 20

UTF8_BOM = b"\xef\xbb\xbf"


def _decode(data: bytes, errors: str) -> str:
    """UTF-8 without a leading BOM; a ``UnicodeDecodeError``'s offset counts the BOM."""
    bom = data.startswith(UTF8_BOM)
    try:
        return data[3:].decode("utf-8", errors) if bom else data.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        if bom:
            exc.start += 3
            exc.end += 3
        raise


def _raw_text(data: bytes) -> str:
    """Bytes that are not UTF-8 as text for :data:`RAW_FIELD`: without a leading BOM,
    as :func:`_decode` reads them when they are, and each bad byte as ``\\xNN``.

    >>> _raw_text(b"\\xef\\xbb\\xbf\\xe0\\xa6\\x95\\xff")
    'ক\\\\xff'
    """
    return data.removeprefix(UTF8_BOM).decode("utf-8", "backslashreplace")


_NOT_UTF8 = "not valid UTF-8 at byte {offset}{where}; convert it to UTF-8 first, or pass --errors replace"


# Events from the reader to the writer, in input order. A chunk carries events and
# the texts its "page" events (and Parquet batches) send to be cleaned.
class _Chunk:
    __slots__ = ("events", "texts", "groups", "lines", "size", "chars")

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.texts: list[str] = []
        self.groups: list[Hashable] = []  # each text's group in corpus mode, else None
        # Records as read, per run of one input's records: (the input's kind, the run).
        # A JSON Lines run is (first line number, its offset in the file, the raw lines);
        # a WET run, a list of WarcItem. A worker parses them (see _read_records).
        self.lines: list[tuple[str, tuple]] = []
        self.size = 0  # pages and raw lines
        self.chars = 0

    def full(self) -> bool:
        return self.size >= CHUNK_PAGES or self.chars >= CHUNK_CHARS

    def page(self, text: str, group: Hashable = None) -> None:
        self.texts.append(text)
        self.groups.append(group)
        self.size += 1
        self.chars += len(text)

    def _continues(self, task: Task) -> bool:
        """Does the chunk end with a run of this task's records? Else the caller starts one."""
        last = self.events[-1] if self.events else None
        if last is not None and last[0] == "lines" and last[1] is task:
            return True
        self.events.append(("lines", task, len(self.lines)))
        return False

    def line(self, task: Task, line_no: int, offset: int, raw: bytes) -> None:
        """A JSON Lines line, raw."""
        if not self._continues(task):
            self.lines.append((task.kind, (line_no, offset, [])))
        self.lines[-1][1][2].append(raw)
        self.size += 1
        self.chars += len(raw)

    def record(self, task: Task, item: WarcItem) -> None:
        """A WET record, framed."""
        if not self._continues(task):
            self.lines.append((task.kind, []))
        self.lines[-1][1].append(item)
        self.size += 1
        self.chars += len(item.body or b"")

    def __bool__(self) -> bool:
        """Has it anything to clean?"""
        return bool(self.texts or self.lines)


# A reader adds one input's events to the chunk it is given, yields every chunk
# that fills up (to be cleaned and written) and returns the last, partly filled one.
# Given ``left`` (by run, not by corpus mode's counting), it stops reading an input whose output
# another run is writing: found as it begins (_begin), or by the run's writer (``left(task)``).
_Reader = Generator[_Chunk, None, _Chunk]
_Left = Callable[["Task"], bool]


def _begin(task: Task, chunk: _Chunk, schema: Any, left: _Left | None) -> bool:
    """Add the input's ``begin`` event (``schema``: a Parquet output's); is it to be read on?
    Not when it is read for its output (``left``) and another run is writing that
    (:func:`_busy`): the event says so, and the input ends there."""
    busy = _busy(task) if left is not None else None
    chunk.events.append(("begin", task, schema, busy))
    if busy is not None:
        chunk.events.append(("end", task))
    return busy is None


def _text_events(task: Task, opts: Options, chunk: _Chunk, left: _Left | None = None) -> _Reader:
    """A text input is one page."""
    try:
        data = sys.stdin.buffer.read() if task.source is None else task.source.read_bytes()
    except OSError as exc:
        chunk.events.append(("fail", _Fail(task, "", "unreadable file", f"cannot be read ({exc.strerror or exc})")))
        return chunk
    refused = _refused(task, data, opts)
    if refused is not None:
        chunk.events.append(("fail", refused))
        return chunk
    try:
        text = _decode(data, opts.errors)
    except UnicodeDecodeError as exc:
        chunk.events.append(("fail", _Fail(task, "", "not UTF-8", _NOT_UTF8.format(offset=exc.start, where=""))))
        return chunk
    if not _begin(task, chunk, None, left):
        return chunk
    chunk.events.append(("page", task))
    chunk.page(text)
    chunk.events.append(("end", task))
    return chunk
    yield  # a generator: one page never fills a chunk midway


class _Record(NamedTuple):
    """A JSON Lines line that holds a JSON object, as read: the decoded line and,
    for each top-level key, ``(value, start, end)`` of its last occurrence (JSON
    objects read last-one-wins, as Python's ``json`` does); ``insert_at`` is where
    a new field goes (after the last value, or after ``{`` in an empty object).
    """

    line: str
    fields: dict[str, tuple[Any, int, int]]
    insert_at: int


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _number(digits: str) -> int | float:
    """A JSON integer, as an ``int``; one of more digits than Python's ``int()`` converts
    (``sys.get_int_max_str_digits()``, 4,300 by default; JSON sets no limit) as a ``float``,
    so that its line is still a record: only a number's kind is looked at, and its digits
    are written back as they came (see :func:`_spliced`).

    >>> _number("-12"), _number("9" * 5000)
    (-12, inf)
    """
    try:
        return int(digits)
    except ValueError:
        return float(digits)


#: Python's JSON reader, strict: ``NaN``, ``Infinity`` and ``-Infinity`` (which JSON
#: does not have, and strict parsers refuse) make a line "not JSON".
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
#: The same, reading an integer of any length (:func:`_number`): a line :data:`_DECODER`
#: refuses is read again with it. Not the first reader: a Python call per integer made
#: a record of 10,000 integers 3.6 times slower to read.
_LONG_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_number)
_SPACE = re.compile(r"[ \t\n\r]*")


def _read_record(line: str) -> _Record | Any:
    """The top-level fields of a line holding a JSON object, with where their values are.

    Anything else that is JSON comes back as its value; a line that is not JSON
    raises ``ValueError`` with the message ``json.loads`` gives.

    >>> r = _read_record('{"id": 1e400, "text": "a", "text": "b"}')
    >>> {key: r.line[start:end] for key, (value, start, end) in r.fields.items()}
    {'id': '1e400', 'text': '"b"'}
    >>> _read_record("[1]")
    [1]

    A value nested more deeply than Python's ``json`` can read (it raises
    ``RecursionError`` past about a thousand levels) raises ``ValueError`` too.
    """
    try:
        try:
            return _read_json_object(line, _DECODER)
        except ValueError:
            # An integer of more digits than int() converts? Any other fault raises again, as it did.
            return _read_json_object(line, _LONG_DECODER)
    except RecursionError:
        raise ValueError("nested too deeply for Python's json reader") from None


def _read_json_object(line: str, decoder: json.JSONDecoder) -> _Record | Any:
    """:func:`_read_record` with ``decoder``, but for a ``RecursionError`` on a value nested too deeply."""
    space = _SPACE.match
    i = space(line).end()
    if not line.startswith("{", i):
        return decoder.decode(line)
    fields: dict[str, tuple[Any, int, int]] = {}
    try:
        i = insert_at = space(line, i + 1).end()
        if line.startswith("}", i):
            i += 1
        else:
            while True:
                if not line.startswith('"', i):
                    raise ValueError
                key, i = json.decoder.scanstring(line, i + 1, True)
                i = space(line, i).end()
                if not line.startswith(":", i):
                    raise ValueError
                start = space(line, i + 1).end()
                value, i = decoder.raw_decode(line, start)
                fields[key] = (value, start, i)
                insert_at = i
                i = space(line, i).end()
                if line.startswith(",", i):
                    i = space(line, i + 1).end()
                elif line.startswith("}", i):
                    i += 1
                    break
                else:
                    raise ValueError
        if space(line, i).end() != len(line):
            raise ValueError
    except ValueError as exc:  # json.JSONDecodeError included
        decoder.decode(line)  # raises json's own message, or ...
        raise ValueError(f"unexpected JSON at char {i}") from exc  # ... this, never expected
    return _Record(line, fields, insert_at)


def _spliced(record: _Record, changes: dict[str, str | None]) -> bytes:
    """The record's line with each key of ``changes`` set to its value (``None`` is
    ``null``): in place where the key is, else added at the end, in the order given;
    every other byte as it came; ends with a newline.

    >>> _spliced(_read_record('{"n": 1E5, "text": "a"}\\r\\n'), {"text": "নতুন"}).decode("utf-8")
    '{"n": 1E5, "text": "নতুন"}\\r\\n'
    >>> _spliced(_read_record('{"n": 0.10000000000000000555}'), {"article": "\\ud800"})  # escaped: no UTF-8 form
    b'{"n": 0.10000000000000000555, "article": "\\\\ud800"}\\n'
    >>> _spliced(_read_record('{"e": "old", "text": "a"}'), {"text": "b", "e": None, "f": "c"}).decode("utf-8")
    '{"e": null, "text": "b", "f": "c"}\\n'
    """
    line = record.line
    for ensure_ascii in (False, True):
        edits: list[tuple[int, int, str]] = []
        added: list[str] = []
        for key, value in changes.items():
            new = json.dumps(value, ensure_ascii=ensure_ascii)
            span = record.fields.get(key)
            if span is not None:
                edits.append((span[1], span[2], new))
            else:
                added.append(json.dumps(key, ensure_ascii=ensure_ascii) + ": " + new)
        if added:
            # insert_at is after the last value: the insertion goes in before the edits.
            head = ", " if record.fields else ""
            edits.append((record.insert_at, record.insert_at, head + ", ".join(added)))
        text = line
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        if not text.endswith("\n"):
            text += "\n"
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (from a "\ud800" escape) has no UTF-8 form: write the
            # values with escapes, which read back as the same values.
            continue
    raise AssertionError("unreachable: ASCII values always encode")


class _Page(NamedTuple):
    """A record to clean, as a worker read it: its text; its URL, or ``None`` (corpus
    mode groups it by the URL's host); and ``output(article, mark)``, which gives the
    record's output line, with the article, or with the mark of a record that could
    not be cleaned (the article ``None``).
    """

    text: str
    url: Any
    output: Callable[[str | None, str | None], bytes]


def _jsonl_record(opts: Options, offset: int, raw: bytes) -> tuple[_Page | None, bytes | None, tuple | None]:
    """One JSON Lines line, read (in a worker): ``(page, None, None)`` for a page to
    clean, else ``(None, output, failure)`` for a line written back without cleaning
    (a blank line as it came; a bad one marked, with the line's own line ending), ``failure``
    being ``(reason, message)``.
    """
    ending = "\r\n" if raw.endswith(b"\r\n") else "\n"
    try:
        # A UTF-8 BOM is dropped at the start of any line, not only the file's first:
        # files concatenated with cat keep theirs.
        line = _decode(raw, opts.errors)
    except UnicodeDecodeError as exc:
        message = _NOT_UTF8.format(offset=offset + exc.start, where=" of the file")
        raw_text = _raw_text(raw.rstrip(b"\r\n"))
        return None, _json_line({ERROR_FIELD: message, RAW_FIELD: raw_text}, ending), ("not UTF-8", message)
    if not line.strip():
        return None, (line if line.endswith("\n") else line + "\n").encode("utf-8"), None
    try:
        record = _read_record(line)
    except ValueError as exc:
        message = f"not JSON ({exc})"
        return None, _json_line({ERROR_FIELD: message, RAW_FIELD: line.rstrip("\r\n")}, ending), ("not JSON", message)
    if not isinstance(record, _Record):
        message = f"{json_kind(record)}, not a JSON object"
        return None, _json_line({ERROR_FIELD: message, RAW_FIELD: line.rstrip("\r\n")}, ending), ("not a JSON object", message)
    if opts.field not in record.fields:
        message = f"no field {opts.field!r}; name the text field with --field"
        return None, _spliced(record, {ERROR_FIELD: message}), ("missing field", message)
    value = record.fields[opts.field][0]
    if not isinstance(value, str):
        message = f"field {opts.field!r} is {json_kind(value)}, not a string"
        return None, _spliced(record, {ERROR_FIELD: message}), ("field not a string", message)
    url = record.fields.get(opts.url_field)
    return _Page(value, url[0] if url is not None else None, partial(_jsonl_output, record, opts)), None, None


def _jsonl_output(record: _Record, opts: Options, article: str | None, mark: str | None) -> bytes:
    """A JSON Lines record's output line: the article in the output field, or the mark in
    :data:`ERROR_FIELD`; every other byte as it came (see :func:`_spliced`)."""
    if mark is not None:
        return _spliced(record, {ERROR_FIELD: mark})
    changes: dict[str, str | None] = {opts.out_field: article}
    if ERROR_FIELD in record.fields:
        changes[ERROR_FIELD] = None  # an earlier run's mark: this record cleans now
    return _spliced(record, changes)


def _json_line(record: dict, ending: str = "\n") -> bytes:
    """A record as one line of UTF-8 JSON, ending in ``ending``.

    >>> _json_line({"text": "নতুন"}).decode("utf-8")
    '{"text": "নতুন"}\\n'
    >>> _json_line({"text": "\\ud800"}, "\\r\\n")  # a lone surrogate: escaped
    b'{"text": "\\\\ud800"}\\r\\n'
    """
    try:
        return (json.dumps(record, ensure_ascii=False) + ending).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from a "\ud800" escape) has no UTF-8 form: write the
        # record with escapes, which reads back as the same value.
        return (json.dumps(record) + ending).encode("utf-8")


def _open_input(task: Task, chunk: _Chunk) -> Any:
    """The input, opened for reading in binary with a :data:`READ_BUFFER` (standard input's
    binary buffer when it has no path), for a ``with``; ``None``, with the failure added to
    the chunk, when it cannot be opened."""
    try:
        return open(task.source, "rb", buffering=READ_BUFFER) if task.source is not None else nullcontext(sys.stdin.buffer)
    except OSError as exc:
        chunk.events.append(("fail", _Fail(task, "", "unreadable file", f"cannot be read ({exc.strerror or exc})")))
        return None


def _reading_stopped(task: Task, exc: OSError) -> tuple:
    """The failure event of an input whose reading broke off (an I/O error)."""
    return "fail", _Fail(task, "", "unreadable file", f"reading stopped ({exc.strerror or exc})")


def _jsonl_events(task: Task, opts: Options, chunk: _Chunk, left: _Left | None = None) -> _Reader:
    """A JSON Lines input: one page per line, sent raw; the workers parse it (see :func:`~boilerplate.workers._read_records`)."""
    stream = _open_input(task, chunk)
    if stream is None:
        return chunk
    with stream as lines:
        offset = 0
        line_no = 0
        while True:
            try:
                raw = lines.readline()
            except OSError as exc:
                chunk.events.append(_reading_stopped(task, exc))
                return chunk
            if line_no == 0:
                refused = _refused(task, raw, opts)
                if refused is not None:
                    chunk.events.append(("fail", refused))
                    return chunk
                if not _begin(task, chunk, None, left):
                    return chunk
            if not raw:
                break
            line_no += 1
            chunk.line(task, line_no, offset, raw)
            offset += len(raw)
            if chunk.full():
                yield chunk
                chunk = _Chunk()
                if left is not None and left(task):
                    break
    chunk.events.append(("end", task))
    return chunk


def _wet_events(task: Task, opts: Options, chunk: _Chunk, left: _Left | None = None) -> _Reader:
    """A WET input: one page per conversion record, gzip-compressed or not (by its first
    bytes). Records are framed here (:func:`boilerplate.warc.read_records`) and sent to the workers as
    they are read; the workers decode and clean the bodies (see :func:`~boilerplate.workers._wet_run`)."""
    source = _open_input(task, chunk)
    if source is None:
        return chunk
    with source as file:
        try:
            head = file.read(8)
            refused = None if head.startswith(GZIP_MAGIC) else _compressed(task, head, opts)
            if refused is not None:
                chunk.events.append(("fail", refused))
                return chunk
            items = open_records(file, head)
            item = next(items, None)
        except NotWet as exc:
            chunk.events.append(("fail", _not_wet(task, exc)))
            return chunk
        except NotWarc as exc:
            # A file named as a WET file is refused by that name without --wet (or with --jsonl):
            # it is to be renamed first, and is most often what a failed download saved under the name.
            named = _wet_named(task)
            rename = "rename it and " if named else ""
            if exc.line.startswith(b"PAR1"):
                instead = f"a Parquet file? give --parquet{_not_option(task)}"
            else:
                if exc.line.lstrip(b" \t\xef\xbb\xbf").startswith(b"{"):
                    instead = f"a JSON Lines file? {rename}give --jsonl{_not_option(task)}"
                else:
                    instead = f"a text file? {rename}leave out --wet"
                if named:
                    instead = f"its name is a WET file's: a failed download, an error page saved under that name? fetch it again; {instead}"
            message = (f"not a WET file: it starts with {exc}, not WARC/1.0; --wet reads WARC files of conversion "
                       f"records ({instead})")
            chunk.events.append(("fail", _Fail(task, "", "not WET", message)))
            return chunk
        except OSError as exc:
            chunk.events.append(_reading_stopped(task, exc))
            return chunk
        if not _begin(task, chunk, None, left):
            return chunk
        while item is not None:
            chunk.record(task, item)
            if chunk.full():
                yield chunk
                chunk = _Chunk()
                if left is not None and left(task):
                    break
            try:
                item = next(items, None)
            except NotWet as exc:  # after failed records only: no conversion record came before
                chunk.events.append(("fail", _not_wet(task, exc)))
                return chunk
            except OSError as exc:
                chunk.events.append(_reading_stopped(task, exc))
                return chunk
    chunk.events.append(("end", task))
    return chunk


def _not_wet(task: Task, exc: NotWet) -> _Fail:
    """The failure of a ``--wet`` input that is a crawl's WARC file of web captures."""
    return _Fail(task, "", "not WET", _NOT_WET.format(which=exc))


def _string_type(t: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _text_type(t: Any) -> Any:
    """The type in which a Parquet column of type ``t`` is read and written as text, or
    ``None`` when it holds no text: a string type as it is, a dictionary of strings
    (pandas' category) as its values."""
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    return t if _string_type(t) else None


def _lines_type(t: Any) -> bool:
    """Whether a Parquet column of type ``t`` holds a list of strings in each row (a page's lines).

    >>> import pyarrow as pa
    >>> _lines_type(pa.list_(pa.string())), _lines_type(pa.large_list(pa.large_string())), _lines_type(pa.list_(pa.int64()))
    (True, True, False)
    """
    import pyarrow as pa

    lists = pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)
    return lists and _text_type(t.value_type) is not None


def _output_not_text(schema: Any, opts: Options) -> str | None:
    """The type of the column ``--output-field`` names, when the schema has it and it is
    not text (writing pages into it would change the file's schema), else ``None``."""
    if opts.out_field == opts.field:
        return None  # the text column itself is checked on its own
    for i in schema.get_all_field_indices(opts.out_field):  # none, one, or (a broken file) two
        if _text_type(schema.field(i).type) is None:
            return str(schema.field(i).type)
    return None


def _parquet_events(task: Task, opts: Options, chunk: _Chunk, left: _Left | None = None) -> _Reader:
    """A Parquet input: one page per row of the column ``opts.field``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(task.source)
        schema = reader.schema_arrow
    except (OSError, pa.ArrowException) as exc:
        try:
            with open(task.source, "rb") as file:
                compressed = _compressed(task, file.read(8), opts)
        except OSError:
            compressed = None
        if compressed is not None:
            chunk.events.append(("fail", compressed))
            return chunk
        reason = "unreadable file" if isinstance(exc, OSError) and not isinstance(exc, pa.ArrowException) else "bad Parquet"
        chunk.events.append(("fail", _Fail(task, "", reason, f"cannot be read as Parquet ({exc})")))
        return chunk
    twice = next((name for name, n in Counter(schema.names).items() if n > 1), None)
    if twice is not None:  # Parquet allows it; pyarrow then reads no column by that name
        message = f"column {twice!r} is there more than once; give each column a name of its own"
        chunk.events.append(("fail", _Fail(task, "", "bad Parquet", message)))
        return chunk
    if opts.field not in schema.names:
        names = ", ".join(schema.names)
        chunk.events.append(
            ("fail", _Fail(task, "", "missing field", f"no column {opts.field!r} (columns: {names}); name it with --field"))
        )
        return chunk
    # A dictionary-encoded column (pandas' category) is read as its values; its
    # cleaned pages share no values, so the output column holds plain text.
    column_type = _text_type(schema.field(opts.field).type)
    if column_type is None:
        held = schema.field(opts.field).type
        if _lines_type(held):  # each row a page's lines: cast, a list would become "['Home', ...]"
            how = f"join each row's lines into its page first, e.g. frame[{opts.field!r}].str.join('\\n') in pandas"
        else:
            how = "cast it to string first"
        message = f"column {opts.field!r} holds {held}, not text; {how}"
        chunk.events.append(("fail", _Fail(task, "", "field not a string", message)))
        return chunk
    not_text = _output_not_text(schema, opts)
    if not_text is not None:  # the first input's is refused by check_options; a later one fails here
        chunk.events.append(
            (
                "fail",
                _Fail(
                    task,
                    "",
                    "output field not a string",
                    f"--output-field {opts.out_field} is an existing {not_text} column; name a new column or a text one",
                ),
            )
        )
        return chunk
    try:
        nulls = _null_count(reader, opts.field)
    except (OSError, pa.ArrowException) as exc:
        chunk.events.append(("fail", _Fail(task, "", "bad Parquet", f"cannot be read as Parquet ({exc})")))
        return chunk
    out_schema = schema
    if opts.out_field in schema.names:
        # An existing text column keeps its field as the schema has it, metadata included, and
        # its string type (a dictionary one becomes plain text). The text column cleaned in
        # place keeps its nullability too (a row that fails keeps its page); another column
        # gets a null for a null page or one that failed, so it is made nullable.
        index = schema.get_field_index(opts.out_field)
        out_field = schema.field(index).with_type(_text_type(schema.field(index).type))
        if opts.out_field != opts.field:
            out_field = out_field.with_nullable(True)
        out_schema = out_schema.set(index, out_field)
    else:
        out_schema = out_schema.append(pa.field(opts.out_field, column_type))
    if ERROR_FIELD in schema.names:
        # An earlier output cleaned again: its error column says what failed in this run.
        out_schema = out_schema.set(schema.get_field_index(ERROR_FIELD), pa.field(ERROR_FIELD, pa.string()))
    elif nulls:
        out_schema = out_schema.append(pa.field(ERROR_FIELD, pa.string()))
    if not _begin(task, chunk, out_schema, left):
        return chunk
    row = 0
    try:
        for batch in reader.iter_batches(batch_size=CHUNK_PAGES):
            values = batch.column(opts.field).to_pylist()
            chunk.events.append(("batch", task, batch, row, [v is not None for v in values]))
            groups: list[Hashable] = [None] * len(values)
            if opts.group_by and opts.url_field in batch.schema.names:
                groups = [GROUP_BY[opts.group_by](url) for url in batch.column(opts.url_field).to_pylist()]
            for value, group in zip(values, groups):
                if value is not None:
                    chunk.page(value, group)
            row += batch.num_rows
            if chunk.full():
                yield chunk
                chunk = _Chunk()
                if left is not None and left(task):
                    break
    except (OSError, pa.ArrowException) as exc:
        chunk.events.append(("fail", _Fail(task, "", "bad Parquet", f"reading stopped at row {row + 1} ({exc})")))
        return chunk
    chunk.events.append(("end", task))
    return chunk


def _null_count(reader: Any, name: str) -> int:
    """Missing values in a column: from the row groups' statistics, else by reading the column."""
    index = reader.schema_arrow.get_field_index(name)
    meta = reader.metadata
    total = 0
    for g in range(meta.num_row_groups):
        # Only a top-level column maps one to one onto a Parquet leaf column.
        column = meta.row_group(g).column(index) if meta.num_columns == len(reader.schema_arrow) else None
        stats = column.statistics if column is not None else None
        if stats is None or not stats.has_null_count:
            return sum(b.column(0).null_count for b in reader.iter_batches(columns=[name]))
        total += stats.null_count
    return total


_READERS = {"text": _text_events, "jsonl": _jsonl_events, "parquet": _parquet_events, "wet": _wet_events}


#: Bytes of an existing JSON Lines output searched at a time for marks (see :func:`_holds_marks`).
MARK_SEARCH_BYTES = 16 << 20

#: The error field's key as :func:`_spliced` and :func:`_json_line` write it.
_MARK_KEY = json.dumps(ERROR_FIELD).encode("utf-8")


def _holds_marks(task: Task) -> bool:
    """Does the existing output of a JSON Lines, WET or Parquet task hold records marked as
    failed (a value other than null in :data:`ERROR_FIELD`)? Such an output is not
    finished work: a rerun redoes it. A text output never does (a failing page gets none).

    JSON Lines (also a WET input's output): the file is searched in blocks of :data:`MARK_SEARCH_BYTES` for the
    key ``"boilerplate_error"``, and only the lines holding it are parsed; a null (a
    record that cleaned after an earlier mark) or a key inside a nested object is no
    mark. Parquet: the column's null count (from the row groups' statistics, else by
    reading that column alone) against the rows. An output that cannot be read as
    either is left as it is (no marks found), as before.
    """
    if task.kind in ("jsonl", "wet"):
        try:
            with open(task.output, "rb") as file:
                while block := file.read(MARK_SEARCH_BYTES):
                    if not block.endswith(b"\n"):
                        block += file.readline()  # the block ends at a line's end: no line is split
                    at = block.find(_MARK_KEY)
                    while at >= 0:
                        start = block.rfind(b"\n", 0, at) + 1
                        end = block.find(b"\n", at) + 1 or len(block)
                        if _marked(block[start:end]):
                            return True
                        at = block.find(_MARK_KEY, end)
        except OSError:
            pass
        return False
    if task.kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            with pq.ParquetFile(task.output) as reader:
                if reader.schema_arrow.get_field_index(ERROR_FIELD) < 0:  # none, or two of that name
                    return False
                return _null_count(reader, ERROR_FIELD) < reader.metadata.num_rows
        except (OSError, pa.ArrowException):
            return False
    return False


def _marked(line: bytes) -> bool:
    """Is this JSON Lines output line a record with a mark (see :func:`_holds_marks`)?

    >>> _marked(b'{"text": "a", "boilerplate_error": "no field"}\\r\\n'), _marked(b'{"boilerplate_error": null}')
    (True, False)
    >>> _marked(b'{"meta": {"boilerplate_error": "x"}}'), _marked(b'not JSON "boilerplate_error"')
    (False, False)
    """
    try:
        record = _read_record(line.decode("utf-8", "replace"))
    except ValueError:
        return False
    return isinstance(record, _Record) and record.fields.get(ERROR_FIELD, (None,))[0] is not None


def _wet_record(opts: Options, item: WarcItem) -> tuple[_Page | None, bytes | None, tuple[str, str] | None]:
    """One WET record, read (in a worker): ``(page, None, None)`` for a page to clean,
    else ``(None, output, failure)``: a record that could not be read, or whose body is
    not UTF-8, marked (see :func:`_wet_line`)."""
    meta = dict(zip(WET_KEYS, item.meta))
    if item.error is not None:
        return None, _wet_line(meta, opts, None, item.error[1]), item.error
    try:
        text = _decode(item.body, opts.errors)
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 at byte {exc.start} of its body; pass --errors replace to clean it with U+FFFD"
        raw = _raw_text(item.body)
        return None, _wet_line(meta, opts, None, message, raw), ("not UTF-8", message)
    return _Page(text, meta["url"], partial(_wet_output, meta, opts, text)), None, None


def _wet_output(meta: dict[str, str | None], opts: Options, text: str, article: str | None, mark: str | None) -> bytes:
    """A cleaned WET record's output line; one that could not be cleaned keeps its text in :data:`RAW_FIELD`."""
    return _wet_line(meta, opts, article, mark, text if mark is not None else None)


def _wet_line(
    meta: dict[str, str | None], opts: Options, article: str | None, mark: str | None = None, raw: str | None = None
) -> bytes:
    """A WET record's output line: the keys of :data:`WET_KEYS`, the article under the
    output field (null when there is none), and for a record that failed, the mark
    and, when there is a body, the body as it came.

    >>> opts = Options(kind="wet")
    >>> _wet_line({"url": "https://a.example/", "language": "ben"}, opts, "নতুন").decode("utf-8")
    '{"url": "https://a.example/", "language": "ben", "text": "নতুন"}\\n'
    >>> _wet_line({"url": None}, opts, None, "truncated", "ক").decode("utf-8")
    '{"url": null, "text": null, "boilerplate_error": "truncated", "boilerplate_raw": "ক"}\\n'
    """
    record: dict[str, str | None] = {**meta, opts.out_field: article}
    if mark is not None:
        record[ERROR_FIELD] = mark
        if raw is not None:
            record[RAW_FIELD] = raw
    return _json_line(record)
