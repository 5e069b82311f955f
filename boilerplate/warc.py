"""Reading WARC files as Common Crawl publishes its WET files: record by record.

A WARC file is a sequence of records: a ``WARC/1.0`` (or ``1.1``) line, header lines
``Name: value``, a blank line, ``Content-Length`` bytes of body, and a blank line. A
WET file holds a ``warcinfo`` record and then one ``conversion`` record per page (the
page's text as its body), each record its own gzip member. :func:`open_records` reads
one, compressed or not, and gives its conversion records as :class:`WarcItem`:
the values of the headers in :data:`WET_KEYS` and the body, or what went wrong. It
reads line by line and in blocks, never a whole record or file, so memory stays flat
however long the file is and whatever its headers claim. Gzip data is decompressed
member by member (:class:`_GzipMembers`): a record that starts a member ends in it when
the next member starts with a record, as in Common Crawl's files, so a record whose
Content-Length runs past its member fails alone, and reading goes on with the record
that starts the next member (a next member that starts otherwise goes on with the body:
gzip written in members of its own size, as bgzip writes it). ``boilerplate clean --wet``
(:mod:`boilerplate.runner`) cleans the bodies.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

#: How gzip data starts.
GZIP_MAGIC = b"\x1f\x8b"

#: Bodies are read (and skipped) this many bytes at a time.
BLOCK_BYTES = 1 << 20

#: Bytes of a file's start that :func:`is_warc` looks at for its first line (and, if the file is
#: gzip-compressed, at most this many bytes decompressed from them).
_SNIFF_BYTES = 1024

#: The lines that start a WARC record.
WARC_VERSIONS = (b"WARC/1.0", b"WARC/1.1")
#: The keys of a WET record's output, before the article, and the WARC header each
#: comes from (``None`` when the record has none).
WET_KEYS = {
    "url": b"warc-target-uri",
    "warc_record_id": b"warc-record-id",
    "warc_date": b"warc-date",
    "language": b"warc-identified-content-language",
}
#: A WARC line is read at most this long at a time, the pieces joined into one line;
#: a header block (or a line) longer than WARC_HEADER_BYTES is no WARC header, which
#: keeps memory flat on a file that is not WET.
WARC_LINE_BYTES = 1 << 16
WARC_HEADER_BYTES = 1 << 20
#: A WET record whose body is longer than this is skipped, in blocks, and reported:
#: a wrong Content-Length must not make the run read gigabytes into memory (Common
#: Crawl's WET records are under a megabyte: it cuts what it fetches at 1 MiB).
WARC_BODY_BYTES = 64 << 20


def is_warc(head: bytes) -> bool:
    """Does ``head`` start like a WARC file, gzip-compressed or not (blank lines before it,
    and spaces after ``WARC/1.0``, let be, as ``--wet`` reads it)?

    >>> import gzip
    >>> is_warc(b"WARC/1.0\\r\\nWARC-Type: warcinfo\\r\\n"), is_warc(gzip.compress(b"\\r\\nWARC/1.1\\r\\n")), is_warc(b"WARC is a format")
    (True, True, False)
    """
    head = head[:_SNIFF_BYTES]
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").partition(b"\n")[0].strip() in WARC_VERSIONS  # as _Stream.starts_record reads it


#: Bytes of a file's start that :func:`holds_captures` reads (compressed, if it is): its
#: warcinfo record and the next record's header, with room to spare.
CAPTURES_SNIFF_BYTES = 1 << 20


def holds_captures(head: bytes) -> bool:
    r"""Is ``head``, the start of a WARC file (gzip-compressed or not), that of a crawl's
    WARC file of web captures rather than of a WET file (see :class:`NotWet`)? Only
    as far as ``head`` goes, and no further than its first :data:`CAPTURES_SNIFF_BYTES`
    (a text input's head is the whole file): a record they cut short tells nothing.

    >>> warcinfo = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
    >>> holds_captures(warcinfo + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    True
    >>> holds_captures(warcinfo + b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    False
    """
    try:
        for item in open_records(io.BytesIO(b""), head[:CAPTURES_SNIFF_BYTES]):
            if item.error is None:  # a conversion record
                return False
    except NotWet:
        return True
    except NotWarc:
        pass
    return False


class WarcItem(NamedTuple):
    """What the reader of a WET input sends a worker for one record: its number in the
    file (1 for the first, warcinfo included), the values of :data:`WET_KEYS`, and the
    body of a conversion record to clean, or ``error``, ``(reason, message)``, for a
    record that cannot be read (then ``body`` is ``None``)."""

    number: int
    meta: tuple[str | None, ...]
    body: bytes | None
    error: tuple[str, str] | None = None


class NotWarc(Exception):
    """The input does not start with a WARC record: it is no WET file (the message is its
    start, quoted; ``line`` its first line that is not blank, as bytes)."""

    def __init__(self, message: str, line: bytes = b"") -> None:
        super().__init__(message)
        self.line = line


#: Record types of a WARC file of web captures (the crawl's WARC files, not its WET
#: files): their bodies are HTTP messages and HTML, not a page's text.
CAPTURE_TYPES = frozenset({b"request", b"response", b"resource", b"revisit", b"metadata"})


class NotWet(Exception):
    """A WARC file of web captures, not of conversion records: its first record after
    the ``warcinfo`` is of a :data:`CAPTURE_TYPES` type (the message is its number and type)."""


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were read already, to tell gzip from plain WET: those
    bytes, then the rest (a pipe cannot seek back)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.rest.readinto(buffer)


#: Compressed bytes are read this many at a time.
_GZIP_READ_BYTES = 1 << 16


class _GzipMembers:
    """Gzip data decompressed one member after another, read as a file is (``read``,
    ``readline``), each call giving bytes of one member only. ``member_start`` is where
    the member being read starts, counted in bytes read, and :meth:`at_member_end` tells
    whether the bytes read end a member with another after it. Zero padding between
    and after members is let be, as ``gzip`` lets it be; bytes after a member that are
    no gzip data raise :class:`gzip.BadGzipFile`, corrupt data :class:`zlib.error`, and
    data that ends inside a member :class:`EOFError`, as :class:`gzip.GzipFile` does.
    At most :data:`BLOCK_BYTES` are decompressed at a time, so memory stays flat."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.member: Any = None  # the zlib decompressor of the member being read
        self.member_start = 0
        self.data = b""  # compressed bytes read from raw, not yet decompressed
        self.out = b""  # decompressed bytes of the member, read up to self.pos
        self.pos = 0
        self.offset = 0  # decompressed bytes read

    def _fill(self) -> bool:
        """Are there bytes of the member left to read (in ``out``, decompressed now if need be)?"""
        while self.pos == len(self.out):
            if self.member is None or self.member.eof:
                return False
            if not self.data:
                self.data = self.raw.read(_GZIP_READ_BYTES)
                if not self.data:
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            self.out = self.member.decompress(self.data, BLOCK_BYTES)
            self.pos = 0
            self.data = self.member.unconsumed_tail or self.member.unused_data
        return True

    def _another_member(self) -> bool:
        """Do compressed bytes follow (zero padding skipped)?"""
        self.data = self.data.lstrip(b"\0")
        while len(self.data) < len(GZIP_MAGIC) and (more := self.raw.read(_GZIP_READ_BYTES)):
            self.data = (self.data + more).lstrip(b"\0")
        return bool(self.data)

    def in_member(self) -> bool:
        """Are there bytes of the member being read left to read?"""
        return self._fill()

    def at_member_end(self) -> bool:
        """Has all of the member been read, and another member follows?"""
        return not self._fill() and self._another_member() and self.data.startswith(GZIP_MAGIC)

    def next_member_head(self, n: int) -> bytes:
        """The first ``n`` bytes (fewer when it is shorter) of the member that follows the one
        read (call it when :meth:`at_member_end`), decompressed aside: none of it is read. Only
        its compressed bytes are read ahead, into the buffer the next member is read from, and
        no more than :data:`BLOCK_BYTES` of them (a gzip header may hold a name of any length),
        so memory stays flat; corrupt data raises :class:`zlib.error`, as reading it would."""
        probe = zlib.decompressobj(16 + zlib.MAX_WBITS)
        head = b""
        used = 0
        while len(head) < n and not probe.eof and used < BLOCK_BYTES:
            if used == len(self.data):
                more = self.raw.read(_GZIP_READ_BYTES)
                if not more:
                    break
                self.data += more
            piece = self.data[used : used + _GZIP_READ_BYTES]
            used += len(piece)
            head += probe.decompress(piece, n - len(head))  # at most n bytes, whatever the data holds
        return head

    def _more(self) -> bool:
        """Are there bytes left to read, of this member or the next (started now)?"""
        while not self._fill():
            if not self._another_member():
                return False
            if not self.data.startswith(GZIP_MAGIC):
                raise gzip.BadGzipFile(f"Not a gzipped file ({self.data[:2]!r})")
            self.member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self.member_start = self.offset
        return True

    def _take(self, end: int) -> bytes:
        piece = self.out[self.pos : end]
        self.pos += len(piece)
        self.offset += len(piece)
        return piece

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes, of one member (``b""`` at the end of the data)."""
        return self._take(self.pos + n) if self._more() else b""

    def readline(self, n: int) -> bytes:
        """A line, or its first ``n`` bytes, or less of it: what is decompressed of it so far, in one
        member (``b""`` at the end of the data; :meth:`_Stream.line` joins the pieces)."""
        if not self._more():
            return b""
        end = self.out.find(b"\n", self.pos, self.pos + n)
        return self._take(self.pos + n if end < 0 else end + 1)


def _preview(data: bytes) -> str:
    """The first bytes of something that should not be there, to show in a message.

    >>> print(_preview(b'{"text": "a long line of JSON that is no WARC record"}'))
    '{"text": "a long line of JSON th'...

    A letter the cut falls inside is left out, not shown as U+FFFD:

    >>> print(_preview("কালবেলা প্রতিবেদক".encode()))
    'কালবেলা প্র'...
    """
    # Not data[:32].decode(…, "replace"): the cut splits a letter of a script outside
    # ASCII (Bengali's take three bytes), which a message showed as '�'.
    text = repr(codecs.getincrementaldecoder("utf-8")("replace").decode(data[:32], final=False))
    return text + "..." if len(data) > 32 else text


def _meta(headers: dict[bytes, bytes] | dict[bytes, bytearray]) -> tuple[str | None, ...]:
    return tuple(
        None if (value := headers.get(name)) is None else value.decode("utf-8", "backslashreplace")
        for name in WET_KEYS.values()
    )


_NO_META = (None,) * len(WET_KEYS)
_CONTENT_LENGTH = re.compile(rb"[0-9]{1,18}")


def _starts_with_record(data: bytes) -> bool:
    """Is the first line of ``data`` a record's first line (``WARC/1.0``, spaces after it let be)?"""
    return data.partition(b"\n")[0].strip() in WARC_VERSIONS


class _Stream:
    """A WARC stream read line by line and in blocks, counting the bytes read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.members = stream if isinstance(stream, _GzipMembers) else None
        self.offset = 0
        self.continued = False  # the last line read goes on with the one before (see line)
        self.cut = False  # the last line was cut (longer than WARC_HEADER_BYTES): the next goes on with it

    def line(self) -> bytes:
        """The next line, read :data:`WARC_LINE_BYTES` at a time and joined: whole up to
        :data:`WARC_HEADER_BYTES`; a longer one comes in pieces of a little more than that,
        each after the first no line's start (see :meth:`starts_record`)."""
        self.continued = self.cut
        pieces: list[bytes] = []
        size = 0
        while piece := self.stream.readline(WARC_LINE_BYTES):
            pieces.append(piece)
            size += len(piece)
            self.offset += len(piece)  # as read: gzip data that ends inside the line raises EOFError
            if piece.endswith(b"\n") or size > WARC_HEADER_BYTES:
                break
        line = b"".join(pieces)
        self.cut = not line.endswith(b"\n")
        return line

    def starts_record(self, line: bytes) -> bool:
        """Is ``line``, just read, a record's first line (``WARC/1.0``, at a line's start)?"""
        return not self.continued and line.strip() in WARC_VERSIONS

    def starts_member(self, offset: int) -> bool:
        """Is ``offset`` where the gzip member being read starts (never, in plain data)?"""
        return self.members is not None and self.members.member_start == offset

    def at_member_end(self) -> bool:
        """Do the bytes read end a gzip member, with another after it?"""
        return self.members is not None and self.members.at_member_end()

    def member_goes_on_in_the_next(self, left: int) -> bool:
        """Does the gzip member after the one read go on with the ``left`` bytes of a body
        still to read, rather than start with a record (a ``WARC/1.0`` line, after blank
        lines)? Gzip written in members of its own size (bgzip's blocks), not one per
        record, is cut where the data falls: a body may go on in the next member. A member
        whose first bytes are those of the body, then a blank line and a record's start
        (or nothing more, as far as it is looked at), goes on with it, even when they are
        blank lines themselves; so does one that holds blank lines only (the member after
        it is looked at in turn). One that is empty (or whose first bytes cannot be had: it
        is cut short, or its header is longer than can be looked at) or whose start is
        corrupt is taken to start a record: reading it then says what is wrong."""
        if self.members is None:
            return False
        try:
            head = self.members.next_member_head(_SNIFF_BYTES)
        except zlib.error:
            return False
        if not head:  # reading passes an empty member on to the next in one go: no more to look at
            return False
        rest = head[left:]
        if left < len(head) and rest.startswith((b"\r\n", b"\n")):
            after = rest.lstrip(b"\r\n")
            if not after or _starts_with_record(after):
                return True
        return not _starts_with_record(head.lstrip(b"\r\n"))  # one of blank lines only is passed too

    def member_rest(self) -> bytes:
        """The first line that is not blank in what is left of the gzip member being read
        (the blank lines before it read past), ``b""`` when the member ends first."""
        while self.members is not None and self.members.in_member():
            line = self.line()
            if line not in (b"\r\n", b"\n"):
                return line
        return b""

    def read(self, n: int, keep: bool, in_member: bool = False) -> tuple[bytes, int]:
        """The next ``n`` bytes (or as many as there are; with ``in_member``, as many as
        there are before the end of a gzip member that the next does not go on from, as
        :meth:`member_goes_on_in_the_next` tells: one that starts with a record) in blocks, and how many were read;
        with ``keep`` false, none are kept (the bytes are ``b""``)."""
        blocks: list[bytes] = []
        got = 0
        while got < n:
            # A member that ends inside the body, followed by one that goes on with it, is read on
            # into; so is each after it that does, up to the first that starts with a record.
            if in_member and self.at_member_end() and not self.member_goes_on_in_the_next(n - got):
                break
            block = self.stream.read(min(n - got, BLOCK_BYTES))
            if not block:
                break
            got += len(block)
            self.offset += len(block)  # as read: gzip data that ends inside the body raises EOFError
            if keep:
                blocks.append(block)
        return b"".join(blocks), got

    def skip(self, line: bytes) -> tuple[int, bytes]:
        """Skip ``line`` and the lines after it up to the next that starts a record: the
        bytes skipped, and that line (``b""`` at the end of the file)."""
        skipped = len(line)
        while (line := self.line()) and not self.starts_record(line):
            skipped += len(line)
        return skipped, line


def read_records(stream: IO[bytes]) -> Iterator[WarcItem]:
    """The conversion records of a WARC stream, and its failures, as :class:`WarcItem`.

    A record is a ``WARC/1.0`` (or ``1.1``) line, header lines ``Name: value`` (names
    in any case; a line starting with a space or tab continues the one before) up to
    a blank line, ``Content-Length`` bytes of body, and a blank line (Common Crawl
    writes two; more between records, or none before the next record's first line,
    are let be). Records of another type than
    ``conversion`` (warcinfo) are read past. Raises :class:`NotWarc` when the
    stream's first line is not a record's, and :class:`NotWet` when a record of web
    captures (:data:`CAPTURE_TYPES`: a crawl's WARC file, its HTML in HTTP responses)
    comes before any conversion record. Byte offsets in the messages count the
    bytes read (of a gzip file: decompressed, as ``zcat`` prints them).

    What goes wrong, as a failure (the record's number is the one read next): bytes
    where a record should start are skipped up to the next line that starts one; a
    header line that is no ``Name: value``, a body longer than :data:`WARC_BODY_BYTES`,
    or a body not followed by a blank line (its Content-Length is wrong: what follows
    is skipped up to the next record) fail their record. In gzip data, a record that
    starts a gzip member ends in it (Common Crawl writes a member per record): a body
    that would run past the member's end, into another member that starts with a record,
    has a wrong Content-Length; the record fails, and the next is read from the next
    member, so no other record is lost (where a member holds several records, a body runs
    on into the next record's bytes, as in plain data; so it does into a next member that
    does not start with a record, as in gzip written in members of its own size, such as
    bgzip's blocks, and on up to the first member that starts with one). So does a body followed in its member,
    after the blank line, by more than blank lines and no record's start: its
    Content-Length is too small, and cut it before a blank line of the body (in plain
    data, that rest of the body cannot be told from bytes between records: it is skipped
    and reported as such, and the record cleaned from its cut body). Without a valid Content-Length,
    or where the file ends inside a record or its gzip data is corrupt, nothing after
    can be read: one failure, and the stream ends there.
    """
    reader = _Stream(stream)
    number = 1  # of the record read next
    meta = _NO_META  # its headers' values, once read
    pages_seen = False  # a conversion record was read
    line = b""
    found = False  # line starts a record, found by skipping what came before it
    try:
        while True:
            if not found:
                line = reader.line()
                while line in (b"\r\n", b"\n"):
                    line = reader.line()
                if not line:
                    return
            start = reader.offset - len(line)
            if not reader.starts_record(line):
                if number == 1 and not found:
                    raise NotWarc(_preview(line), line)
                skipped, next_line = reader.skip(line)
                to = "the next record" if next_line else "the end of the file"
                message = f"{skipped} bytes at byte {start} are no WARC record (they start {_preview(line)}); skipped to {to}"
                yield WarcItem(number, _NO_META, None, ("bad WARC record", message))
                line, found = next_line, True
                if not line:
                    return
                continue
            found = False
            fields: dict[bytes, bytearray] = {}  # grown in place: a folded header of many lines took its length squared
            name = b""
            bad_line = None
            header_bytes = 0
            while (header := reader.line()) not in (b"\r\n", b"\n"):
                if not header:
                    message = f"the file ends in its header, at byte {reader.offset}: cut short (an interrupted download?)"
                    yield WarcItem(number, _meta(fields), None, ("truncated", message))
                    return
                header_bytes += len(header)
                if header_bytes > WARC_HEADER_BYTES:
                    message = (
                        f"a header of more than {WARC_HEADER_BYTES} bytes from byte {start}: no WARC record, and where it"
                        " ends is unknown; the rest of the file cannot be read"
                    )
                    yield WarcItem(number, _NO_META, None, ("bad WARC record", message))
                    return
                if header[:1] in (b" ", b"\t") and name:  # continues the header before, after one space
                    if part := header.strip():
                        value = fields[name]
                        value += b" " + part if value else part
                    continue
                key, colon, value = header.partition(b":")
                # A name is one token: 'WARC-Target-URI https://…' lacks its colon, and the URL's is no name's end.
                if not colon or len(key.split()) != 1:
                    bad_line = bad_line or header
                    continue
                name = key.strip().lower()
                fields[name] = bytearray(value.strip())
            headers = {key: bytes(value) for key, value in fields.items()}
            meta = _meta(headers)
            length = headers.get(b"content-length")
            if length is None or not _CONTENT_LENGTH.fullmatch(length):
                what = "no Content-Length" if length is None else f"Content-Length {_preview(length)} is no number of bytes"
                message = f"{what}, so where the record ends is unknown; the rest of the file, from byte {start}, cannot be read"
                yield WarcItem(number, meta, None, ("bad WARC record", message))
                return
            size = int(length)
            kind = headers.get(b"warc-type", b"").lower()
            page = kind == b"conversion"
            pages_seen = pages_seen or page
            if kind in CAPTURE_TYPES and not pages_seen:
                raise NotWet(f"its record {number} is a {kind.decode('ascii', 'replace')} record")
            keep = page and bad_line is None and size <= WARC_BODY_BYTES
            in_member = reader.starts_member(start)  # the body ends in the member, or its Content-Length is wrong
            body, got = reader.read(size, keep, in_member)
            after = reader.offset
            if got < size and in_member and reader.at_member_end():
                message = (
                    f"its Content-Length ({size}) runs past its gzip member, which ends {got} bytes into its body, at"
                    f" byte {after}; read on from the next member"
                )
                yield WarcItem(number, meta, None, ("bad WARC record", message))
                number += 1
                meta = _NO_META
                continue
            if got < size:
                message = (
                    f"the file ends {got} bytes into its body of {size} (its Content-Length), at byte {reader.offset}:"
                    " cut short (an interrupted download?)"
                )
                yield WarcItem(number, meta, None, ("truncated", message))
                return
            end = reader.line()
            blank = end in (b"\r\n", b"\n")
            failed = None  # the gzip data's failure past the record, raised once the record is given
            if blank and in_member:
                # The record ends its member: more of the member than blank lines, and no record
                # start, is the rest of a body that its Content-Length cut before a blank line.
                try:
                    end = reader.member_rest()
                except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                    end, failed = b"", exc
            if reader.starts_record(end):  # the next record right after the body: nothing lost
                line, found = end, True
            elif end not in (b"\r\n", b"\n", b""):  # b"": the file ends right after the body, nothing lost
                _, line = reader.skip(end)
                skipped = reader.offset - len(line) - after
                to = "the next record" if line else "the end of the file"
                what = "its body goes on in its gzip member after a blank line" if blank else "no blank line after its body"
                message = f"{what}, at byte {after}: its Content-Length ({size}) is wrong; skipped {skipped} bytes to {to}"
                yield WarcItem(number, meta, None, ("bad WARC record", message))
                number += 1
                meta = _NO_META
                if not line:
                    return
                found = True
                continue
            if bad_line is not None:
                message = f"a header line that is no 'Name: value': {_preview(bad_line)}"
                yield WarcItem(number, meta, None, ("bad WARC record", message))
            elif page and not keep:
                message = f"a body of {size} bytes, more than the {WARC_BODY_BYTES} a WET record may have; skipped"
                yield WarcItem(number, meta, None, ("record too long", message))
            elif page:
                yield WarcItem(number, meta, body)
            number += 1
            meta = _NO_META
            if failed is not None:
                raise failed
    except EOFError:  # gzip's, for a stream cut short
        message = f"the file is cut short: its gzip data ends inside it, after byte {reader.offset} (an interrupted download?)"
        yield WarcItem(number, meta, None, ("truncated", message))
    except (zlib.error, gzip.BadGzipFile) as exc:
        message = f"corrupt gzip data after byte {reader.offset} ({exc}); the rest of the file cannot be read"
        yield WarcItem(number, meta, None, ("bad gzip", message))


def open_records(file: IO[bytes], head: bytes) -> Iterator[WarcItem]:
    """:func:`read_records` of a WET file, gzip-compressed or not (told by ``head``, its
    first bytes, already read from ``file``: a pipe cannot seek back; gzip data is
    decompressed by :class:`_GzipMembers`)."""
    stream: Any = io.BufferedReader(_Prefixed(head, file), BLOCK_BYTES)
    if head.startswith(GZIP_MAGIC):
        stream = _GzipMembers(stream)
    return read_records(stream)
