"""Common Crawl WET files in (``boilerplate clean --wet``): each conversion record's body
cleaned, JSON Lines out. The WET files are built here, record by record; the pages are
made up for these tests."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import zlib

import pytest

import boilerplate.planning as planning
import boilerplate.readers as readers
import boilerplate.runner as runner
import boilerplate.warc as warc
from boilerplate import clean, clean_many
from boilerplate.planning import ERROR_FIELD, RAW_FIELD, Options, plan
from boilerplate.runner import MANIFEST, run
from boilerplate.corpus import host_of

from .conftest import output_names, run_reading_broken

# --------------------------------------------------------------------------- building WET files

BENGALI = [
    "গ্রামের স্কুলে এবছর নতুন একটি পাঠাগার খোলা হয়েছে, যেখানে শিশুরা বিকেলে বসে গল্পের বই পড়তে পারে।",
    "স্থানীয় কৃষকেরা জানিয়েছেন, এবারের আমন মৌসুমে ধানের ফলন আগের বছরের চেয়ে অনেকটাই ভালো হয়েছে।",
    "নদীর ধারে নতুন হাঁটার পথ তৈরির কাজ শেষ হলে সকাল-সন্ধ্যায় সেখানে মানুষের ভিড় বাড়বে বলে আশা করা হচ্ছে।",
    "পৌরসভা জানিয়েছে, আগামী মাস থেকে প্রতিটি ওয়ার্ডে সপ্তাহে দুবার করে ময়লা সংগ্রহ করা হবে।",
]
ENGLISH = [
    "The harbour office said the new ferry will carry up to two hundred passengers on every crossing.",
    "Volunteers planted more than four hundred trees along the river path over the long weekend.",
    "Residents were told that the town library will stay open until nine in the evening from next month.",
]
MENUS = ["প্রচ্ছদ | জাতীয় | খেলা | বিনোদন | মতামত", "Home | Town | Sport | Weather | Letters"]
FOOTER = "© 2024 Example Town News. All rights reserved."


def page(i: int) -> str:
    """A made-up page: a menu, a headline, paragraphs (Bengali or English) and a footer."""
    sentences = BENGALI if i % 2 == 0 else ENGLISH
    paragraphs = [sentences[(i + k) % len(sentences)] for k in range(2 + i % 3)]
    return "\n".join([MENUS[i % 2], "", f"{sentences[i % len(sentences)][:40]} ({i})", "", *paragraphs, "", FOOTER])


def record(
    body: bytes,
    kind: str = "conversion",
    headers: dict[str, str] | None = None,
    length: object = None,
    version: bytes = b"WARC/1.0",
    eol: bytes = b"\r\n",
    end: bytes = b"\r\n\r\n",
) -> bytes:
    """One WARC record: its version line, headers (Content-Length last, ``length`` or the
    body's), a blank line, the body and ``end``."""
    fields = {"WARC-Type": kind, **(headers or {}), "Content-Length": str(len(body) if length is None else length)}
    head = b"".join(f"{name}: {value}".encode() + eol for name, value in fields.items())
    return version + eol + head + eol + body + end


def conversion(i: int, text: str | None = None, url: str | None = None, **kw) -> bytes:
    """Record ``i``: the page ``page(i)`` (or ``text``) as Common Crawl writes a conversion record."""
    headers = {
        "WARC-Target-URI": url or f"https://town{i % 3}.example/news/{i}",
        "WARC-Date": f"2024-02-{1 + i % 28:02}T10:00:00Z",
        "WARC-Record-ID": f"<urn:uuid:0000-{i:04}>",
        "WARC-Refers-To": f"<urn:uuid:1111-{i:04}>",
        "WARC-Block-Digest": "sha1:AAAA",
        "WARC-Identified-Content-Language": "ben" if i % 2 == 0 else "eng",
        "Content-Type": "text/plain",
    }
    return record((page(i) if text is None else text).encode("utf-8"), headers=headers, **kw)


WARCINFO = record(b"isPartOf: CC-MAIN-2024-10\r\nsoftware: made-up\r\n", "warcinfo", {"WARC-Date": "2024-02-01T00:00:00Z"})


def wet(records: list[bytes], gz: bool = True) -> bytes:
    """A WET file's bytes: the records, each its own gzip member (as Common Crawl writes them), or plain."""
    return b"".join(gzip.compress(r, mtime=0) for r in records) if gz else b"".join(records)


def expected(i: int, text: str | None = None, field: str = "text") -> dict:
    """The output record of ``conversion(i)``."""
    return {
        "url": f"https://town{i % 3}.example/news/{i}",
        "warc_record_id": f"<urn:uuid:0000-{i:04}>",
        "warc_date": f"2024-02-{1 + i % 28:02}T10:00:00Z",
        "language": "ben" if i % 2 == 0 else "eng",
        field: clean(page(i) if text is None else text),
    }


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "boilerplate", "clean", *args], input=stdin, capture_output=True)


def lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def clean_wet(tmp_path, data: bytes, name: str = "x.warc.wet.gz", **options) -> tuple[list[dict], list[str], runner.Stats]:
    """Clean one WET file in this process: its output records, the messages, the counters."""
    source = tmp_path / name
    source.write_bytes(data)
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out", "wet"), Options(kind="wet", **options), report=messages.append)
    output = planning._output_name(tmp_path / "out" / name, "wet")
    return (lines(output.read_bytes()) if output.exists() else []), messages, stats


def test_testing_pages_differ_and_lose_their_chrome():
    # The tests below mean something only if the cleaner changes the pages.
    pages = [page(i) for i in range(6)]
    assert len(set(pages)) == 6
    assert all(MENUS[0] not in clean(p) and MENUS[1] not in clean(p) for p in pages)
    assert all(BENGALI[0] in clean(page(i)) for i in (0, 4))


# --------------------------------------------------------------------------- what is read and written


def test_conversion_records_come_out_in_order_with_their_headers(tmp_path):
    (tmp_path / "x.warc.wet.gz").write_bytes(wet([WARCINFO, conversion(0), conversion(1), conversion(2)]))
    out = cli("--wet", str(tmp_path / "x.warc.wet.gz"))
    assert out.returncode == 0, out.stderr
    assert lines(out.stdout) == [expected(0), expected(1), expected(2)]  # warcinfo is no page
    assert BENGALI[0].encode("utf-8") in out.stdout  # written as it reads, not \u escapes
    assert list(json.loads(out.stdout.splitlines()[0])) == ["url", "warc_record_id", "warc_date", "language", "text"]
    assert b"3 pages from 1 input \xe2\x86\x92 1 output" in out.stderr and b"0 failed" in out.stderr


def test_the_article_goes_under_output_field(tmp_path):
    found, messages, stats = clean_wet(tmp_path, wet([conversion(1)]), output_field="article")
    assert found == [expected(1, field="article")] and messages == [] and stats.pages == 1


def test_a_byte_order_mark_before_a_records_body_is_dropped(tmp_path):
    # As from a text file (the README's bad-input table): the page is the text after it.
    text = page(1).split("\n\n", 1)[1]  # without its menu: the first line is kept
    assert clean("\ufeff" + text) != clean(text)  # kept, with the mark: the test can fail
    found, messages, _ = clean_wet(tmp_path, wet([conversion(1, text="\ufeff" + text)]))
    assert messages == [] and found[0]["text"] == clean(text)


@pytest.mark.parametrize("name", ["plain.warc.wet", "plain-named-gz.wet.gz"])
def test_gzip_and_plain_give_the_same_bytes_told_by_their_first_bytes(tmp_path, name):
    records = [WARCINFO, *(conversion(i) for i in range(5))]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.warc.wet.gz").write_bytes(wet(records))
    (tmp_path / "in" / name).write_bytes(wet(records, gz=False))
    out = cli("--wet", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    plain = planning._output_name(tmp_path / "out" / name, "wet")
    assert plain.read_bytes() == (tmp_path / "out" / "a.warc.wet.jsonl").read_bytes()
    assert lines(plain.read_bytes()) == [expected(i) for i in range(5)]


def test_a_folder_gives_its_wet_files_and_the_outputs_mirror_its_tree(tmp_path):
    src = tmp_path / "crawl"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "a.warc.wet.gz").write_bytes(wet([conversion(0)]))
    (src / "sub" / "b.wet").write_bytes(wet([conversion(1)], gz=False))
    (src / "sub" / "deeper" / "c.wet.gz").write_bytes(wet([conversion(2)]))
    (src / "sub" / "d.warc.wet").write_bytes(wet([conversion(3)], gz=False))
    for other in ("notes.txt", "e.jsonl", "f.warc.gz", "g.wet.zst"):
        (src / other).write_text("not a WET file", encoding="utf-8")
    out = cli("--wet", str(src), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != MANIFEST)
    assert written == ["a.warc.wet.jsonl", "sub/b.wet.jsonl", "sub/d.warc.wet.jsonl", "sub/deeper/c.wet.jsonl"]
    assert lines((tmp_path / "out" / "sub" / "deeper" / "c.wet.jsonl").read_bytes()) == [expected(2)]
    assert b"4 pages from 4 inputs" in out.stderr


def test_output_names_drop_gz_and_add_jsonl_and_a_clash_is_refused(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for name in ("x.warc.wet.gz", "sub/y.wet", "sub/z.gz.wet.gz"):
        (tmp_path / "in" / name).write_bytes(b"")
    tasks = plan([str(tmp_path / "in")], tmp_path / "out", "wet")
    assert [str(t.output.relative_to(tmp_path / "out")) for t in tasks] == [
        "sub/y.wet.jsonl", "sub/z.gz.wet.jsonl", "x.warc.wet.jsonl"
    ]
    (tmp_path / "in" / "sub" / "y.wet.gz").write_bytes(b"")  # y.wet and y.wet.gz: one output
    with pytest.raises(planning.UsageError, match=r"y\.wet\.gz would both be written to .*/sub/y\.wet\.jsonl; clean them in two runs"):
        plan([str(tmp_path / "in")], tmp_path / "out", "wet")


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("name", ["-", "/dev/stdin"])  # /dev/stdin: a pipe given by its path
def test_standard_input_gzip_or_not(gz, name):
    out = cli("--wet", name, "-q", stdin=wet([WARCINFO, conversion(3), conversion(4)], gz=gz))
    assert out.returncode == 0 and out.stderr == b""
    assert lines(out.stdout) == [expected(3), expected(4)]


def test_two_jobs_write_the_same_bytes_as_one(tmp_path):
    n = 3 * readers.CHUNK_PAGES + 5  # records of one file span several chunks
    (tmp_path / "in").mkdir()
    first = [WARCINFO, *(conversion(i) for i in range(n))]
    first[40] = conversion(39).replace(b"Home |", b"Hom\xff |")  # record 41: not UTF-8 (as long as it was)
    (tmp_path / "in" / "a.warc.wet.gz").write_bytes(wet(first))
    (tmp_path / "in" / "b.warc.wet.gz").write_bytes(wet([conversion(i) for i in range(n, n + 7)])[:-20])  # cut short
    runs = {jobs: cli("--wet", str(tmp_path / "in"), "-o", str(tmp_path / f"out{jobs}"), "--jobs", jobs) for jobs in ("1", "2")}
    for jobs, out in runs.items():
        assert out.returncode == 1, out.stderr
        assert b"record 41: not valid UTF-8" in out.stderr and b"b.warc.wet.gz: record 7: the file is cut short" in out.stderr
    assert runs["1"].stderr == runs["2"].stderr
    for name in ("a.warc.wet.jsonl", "b.warc.wet.jsonl"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()
    got = lines((tmp_path / "out2" / "a.warc.wet.jsonl").read_bytes())
    assert [r["text"] for r in got[:39] + got[40:]] == [clean(page(i)) for i in range(n) if i != 39]


def test_a_files_records_go_to_the_workers_in_chunks_of_chunk_pages(tmp_path):
    n = 2 * readers.CHUNK_PAGES + 5
    (tmp_path / "x.wet").write_bytes(wet([conversion(i, text=f"A short page, number {i}.") for i in range(n)], gz=False))
    [task] = plan([str(tmp_path / "x.wet")], None, "wet")
    reader = readers._wet_events(task, Options(kind="wet"), readers._Chunk())
    chunks = []
    try:
        while True:
            chunks.append(next(reader))
    except StopIteration as stop:
        chunks.append(stop.value)
    sizes = [sum(len(run) for _, run in chunk.lines) for chunk in chunks]
    assert sizes == [readers.CHUNK_PAGES, readers.CHUNK_PAGES, 5]


def test_long_bodies_close_a_chunk_before_chunk_pages_do(tmp_path, monkeypatch):
    # A chunk holds up to CHUNK_PAGES records or CHUNK_CHARS characters of their bodies:
    # a file of long pages must not send CHUNK_PAGES of them at a time.
    monkeypatch.setattr(readers, "CHUNK_CHARS", 1000)
    text = "A long page. " * 30
    assert 2 * len(text) < readers.CHUNK_CHARS <= 3 * len(text)
    (tmp_path / "x.wet").write_bytes(wet([conversion(i, text=text) for i in range(7)], gz=False))
    tasks = plan([str(tmp_path / "x.wet")], None, "wet")
    chunks = list(runner._chunks(tasks, Options(kind="wet"), runner.Stats()))
    assert [sum(len(run) for _, run in chunk.lines) for chunk in chunks] == [3, 3, 1]


def test_the_summary_counts_the_bodies_in_and_the_articles_out(tmp_path):
    _, _, stats = clean_wet(tmp_path, wet([WARCINFO, *(conversion(i) for i in range(4))]))
    assert stats.bytes_in == sum(len(page(i).encode("utf-8")) for i in range(4))
    assert stats.bytes_out == sum(len(clean(page(i)).encode("utf-8")) for i in range(4))
    # and the lines: each body's non-blank lines, kept (the article's) or dropped
    kept = sum(bool(line.strip()) for i in range(4) for line in clean(page(i)).splitlines())
    assert stats.lines_kept == kept > 0
    assert stats.lines_dropped == sum(bool(line.strip()) for i in range(4) for line in page(i).splitlines()) - kept > 0


# --------------------------------------------------------------------------- broken files

GOOD = [conversion(i) for i in range(4)]


def _cut(data: bytes, n: int) -> bytes:
    return data[:-n]


# (name, the file's bytes, the records cleaned, [(record number, reason, words of the message)])
BROKEN = [
    (
        "the last record cut short in its body",
        wet(GOOD, gz=False)[:-60],
        [0, 1, 2],
        [(4, "truncated", "the file ends ")],
    ),
    (
        "the last record cut short in its header",
        wet(GOOD[:3], gz=False) + GOOD[3][:40],
        [0, 1, 2],
        [(4, "truncated", "the file ends in its header")],
    ),
    (
        "a gzip file cut short",
        wet(GOOD)[:-25],
        [0, 1, 2],
        [(4, "truncated", "the file is cut short: its gzip data ends inside it")],
    ),
    (
        "corrupt gzip data",
        wet(GOOD[:2]) + gzip.compress(GOOD[2], mtime=0)[:30] + b"\x00" * 40 + wet(GOOD[3:]),
        [0, 1],
        [(3, "bad gzip", "corrupt gzip data")],
    ),
    (
        "zero padding between gzip members and after the last",
        wet(GOOD[:2]) + b"\x00" * 7 + wet(GOOD[2:]) + b"\x00" * 100,
        [0, 1, 2, 3],
        [],
    ),
    (
        "zero padding between gzip members longer than two reads of compressed bytes",
        wet(GOOD[:2]) + b"\x00" * (3 * warc._GZIP_READ_BYTES) + wet(GOOD[2:]),
        [0, 1, 2, 3],
        [],
    ),
    (
        "an empty gzip member between two",
        wet(GOOD[:2]) + gzip.compress(b"", mtime=0) + wet(GOOD[2:]),
        [0, 1, 2, 3],
        [],
    ),
    (
        "bytes after the last gzip member that are no gzip data",
        wet(GOOD) + b"\x00\x00not gzip",
        [0, 1, 2, 3],
        [(5, "bad gzip", "corrupt gzip data after byte ")],
    ),
    (
        "one byte after the last gzip member",
        wet(GOOD) + b"\x1f",
        [0, 1, 2, 3],
        [(5, "bad gzip", "corrupt gzip data after byte ")],
    ),
    (
        "no Content-Length: the rest cannot be read",
        wet([GOOD[0], record(b"a body", headers={"WARC-Target-URI": "https://x.example/"}).replace(b"Content-Length: 6\r\n", b""), *GOOD[1:]]),
        [0],
        [(2, "bad WARC record", "no Content-Length, so where the record ends is unknown; the rest of the file, from byte")],
    ),
    (
        "a Content-Length that is no number",
        wet([GOOD[0], conversion(1, length="12 bytes"), *GOOD[2:]], gz=False),
        [0],
        [(2, "bad WARC record", "Content-Length '12 bytes' is no number of bytes")],
    ),
    (
        "a negative Content-Length",
        wet([GOOD[0], conversion(1, length=-5), *GOOD[2:]]),
        [0],
        [(2, "bad WARC record", "Content-Length '-5' is no number of bytes")],
    ),
    (
        "a Content-Length too small",
        wet([GOOD[0], conversion(1, length=50), *GOOD[2:]], gz=False),
        [0, 2, 3],
        [(2, "bad WARC record", "no blank line after its body, at byte")],
    ),
    (
        "a Content-Length too large",
        wet([GOOD[0], conversion(1, length=len(page(1).encode()) + 30), *GOOD[2:]], gz=False),
        [0, 3],  # record 2 swallowed the start of record 3
        [(2, "bad WARC record", "no blank line after its body")],
    ),
    (
        "garbage between records",
        wet(GOOD[:2], gz=False) + b"<html><body>a page in the wrong place\r\n\r\n" + wet(GOOD[2:], gz=False),
        [0, 1, 2, 3],
        [(3, "bad WARC record", "bytes at byte ")],
    ),
    (
        "garbage at the end",
        wet(GOOD) + gzip.compress(b"\r\nleft over", mtime=0),
        [0, 1, 2, 3],
        [(5, "bad WARC record", "are no WARC record (they start 'left over'); skipped to the end of the file")],
    ),
    (
        "a header line that is no Name: value",
        wet([GOOD[0], GOOD[1].replace(b"Content-Type: text/plain", b"Content-Type text/plain"), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "a header line that is no 'Name: value': 'Content-Type text/plain\\r\\n'")],
    ),
    (
        "a header line that is no Name: value, though its value holds a colon",
        # Its name would run up to the URL's colon, 'WARC-Target-URI https': a name holds no space.
        wet([GOOD[0], GOOD[1].replace(b"WARC-Target-URI: ", b"WARC-Target-URI "), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "a header line that is no 'Name: value': 'WARC-Target-URI https://town1.ex'...")],
    ),
    (
        "a record ended by one line end, not two, and the file's last by none",
        wet([conversion(0, end=b"\r\n"), conversion(1, end=b"")], gz=False),
        [0, 1],
        [],
    ),
    (
        "a record right after a body, without a blank line between",
        wet([conversion(0, end=b""), conversion(1, end=b""), conversion(2)], gz=False),
        [0, 1, 2],
        [],
    ),
    (
        "two header lines that are no Name: value: the first is shown",
        wet([GOOD[0], GOOD[1].replace(b"WARC-Block-Digest: ", b"WARC-Block-Digest ").replace(b"Content-Type: ", b"Content-Type "), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "a header line that is no 'Name: value': 'WARC-Block-Digest sha1:AAAA\\r\\n'")],
    ),
    (
        "a header line of one word, without a colon",
        wet([GOOD[0], GOOD[1].replace(b"Content-Type: text/plain", b"text/plain"), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "a header line that is no 'Name: value': 'text/plain\\r\\n'")],
    ),
    (
        "a header line without a name",
        wet([GOOD[0], GOOD[1].replace(b"Content-Type: text/plain", b": text/plain"), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "a header line that is no 'Name: value': ': text/plain\\r\\n'")],
    ),
    (
        "header lines each shorter than a header may be, together longer",
        wet([GOOD[0], GOOD[1].replace(b"Content-Type: text/plain\r\n", b"".join(b"X-Pad-%d: " % i + b"a" * 60_000 + b"\r\n" for i in range(20))), *GOOD[2:]]),
        [0],
        [(2, "bad WARC record", "a header of more than 1048576 bytes from byte ")],
    ),
    (
        "a Content-Length too small that ends at a line's end, a blank line after it in its gzip member",
        wet([GOOD[0], conversion(1, length=len(MENUS[1].encode("utf-8"))), *GOOD[2:]]),
        [0, 2, 3],
        [(2, "bad WARC record", "its body goes on in its gzip member after a blank line")],
    ),
    (
        "garbage after a record that does not start its gzip member: skipped as in plain data",
        gzip.compress(GOOD[0] + GOOD[1] + b"left over\r\n\r\n" + GOOD[2], mtime=0) + wet(GOOD[3:]),
        [0, 1, 2, 3],
        [(3, "bad WARC record", "are no WARC record (they start 'left over\\r\\n'); skipped to the next record")],
    ),
    (
        "bytes that are no gzip data after a member a Content-Length runs past",
        wet([GOOD[0], conversion(1, length=len(page(1).encode("utf-8")) + 100)]) + b"not gzip",
        [0],
        [(2, "bad gzip", "corrupt gzip data after byte ")],
    ),
]


@pytest.mark.parametrize("data, cleaned, failures", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_record_is_reported_with_its_number_and_the_others_are_cleaned(tmp_path, data, cleaned, failures):
    found, messages, stats = clean_wet(tmp_path, data)
    assert [r for r in found if r.get(ERROR_FIELD) is None] == [expected(i) for i in cleaned]
    assert len(messages) == len(failures), messages
    source = tmp_path / "x.warc.wet.gz"
    for message, (number, reason, words) in zip(messages, failures):
        assert message.startswith(f"boilerplate: {source}: record {number}: ") and words in message, message
    assert stats.failures == {reason: n for reason, n in _counts(failures).items()}
    marks = [r for r in found if r.get(ERROR_FIELD) is not None]
    assert [m[ERROR_FIELD] for m in marks] == [m.split(": ", 3)[3] for m in messages]  # a rerun redoes the output
    assert all(m["text"] is None and RAW_FIELD not in m for m in marks)
    assert stats.outputs == 1 and stats.pages == len(cleaned)


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip: offsets in the decompressed bytes"])
def test_byte_offsets_in_the_messages_are_exact(tmp_path, gz):
    wrong = conversion(1, length=50)  # its Content-Length 50: its body goes on past it
    body_at = len(GOOD[0]) + wrong.index(b"\r\n\r\n") + 4
    _, messages, _ = clean_wet(tmp_path, wet([GOOD[0], wrong, *GOOD[2:]], gz=gz))
    skipped = len(wrong) - (body_at - len(GOOD[0])) - 50
    assert messages[0].endswith(
        f"record 2: no blank line after its body, at byte {body_at + 50}: its Content-Length (50) is wrong;"
        f" skipped {skipped} bytes to the next record"
    )


@pytest.mark.parametrize("where", ["body", "header"])
def test_a_gzip_file_cut_short_is_said_to_end_where_its_data_ends(tmp_path, where):
    # The offset counts every byte decompressed, also those of the body (or header line)
    # whose reading the end of the data broke off, as zcat counts them.
    last = gzip.compress(GOOD[3], mtime=0)
    header_end = GOOD[3].index(b"\r\n\r\n") + 4

    def got(n: int) -> int:  # bytes of the last record decompressed from its member's first n bytes
        return len(zlib.decompressobj(31).decompress(last[:n]))
    cut = next(n for n in range(len(last)) if (got(n) > header_end + 100 if where == "body" else got(n) > 20))
    assert 0 < got(cut) < len(GOOD[3])
    _, messages, _ = clean_wet(tmp_path, wet(GOOD[:3]) + last[:cut])
    at = sum(map(len, GOOD[:3])) + got(cut)
    assert messages[-1].endswith(f"record 4: the file is cut short: its gzip data ends inside it, after byte {at} (an interrupted download?)")


@pytest.mark.parametrize("members", [0, 1, 2], ids=["plain", "gzip, all records in one member", "gzip, two records a member"])
def test_a_content_length_too_large_in_one_stream_swallows_the_next_records_start(tmp_path, members):
    # Without a gzip member boundary to stop at, or from a record that does not start a member,
    # the body runs into record 3, which is lost with it.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 30)
    records = wet([GOOD[0], too_long, GOOD[2], GOOD[3]], gz=False)
    halves = [records[: len(GOOD[0]) + len(too_long)], records[len(GOOD[0]) + len(too_long) :]]
    data = {0: records, 1: gzip.compress(records, mtime=0), 2: wet(halves)}[members]
    found, messages, _ = clean_wet(tmp_path, data)
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(3)]
    body_at = len(GOOD[0]) + too_long.index(b"\r\n\r\n") + 4
    size = len(page(1).encode("utf-8")) + 30
    skipped = len(records) - len(GOOD[3]) - body_at - size
    assert messages == [
        f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 2: no blank line after its body, at byte {body_at + size}:"
        f" its Content-Length ({size}) is wrong; skipped {skipped} bytes to the next record"
    ]


def test_a_content_length_too_small_in_the_last_record_fails_it_once_and_skips_to_the_end():
    # Its body goes on after its 50th byte, and no record comes after it: one failure, nothing more.
    short = conversion(1, length=50)
    data = GOOD[0] + short
    after = len(GOOD[0]) + short.index(b"\r\n\r\n") + 4 + 50
    items = list(warc.read_records(io.BytesIO(data)))
    assert [(item.number, item.error) for item in items] == [(1, None), (2, (
        "bad WARC record",
        f"no blank line after its body, at byte {after}: its Content-Length (50) is wrong;"
        f" skipped {len(data) - after} bytes to the end of the file",
    ))]


def test_a_body_one_byte_short_is_cut_short(tmp_path):
    data = wet(GOOD, gz=False)[: -len(b"\r\n\r\n") - 1]  # the last record's body lacks its last byte
    found, messages, _ = clean_wet(tmp_path, data)
    size = len(page(3).encode("utf-8"))
    assert [r["text"] for r in found[:3]] == [clean(page(i)) for i in range(3)]
    assert messages == [
        f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 4: the file ends {size - 1} bytes into its body of {size}"
        f" (its Content-Length), at byte {len(data)}: cut short (an interrupted download?)"
    ]


@pytest.mark.parametrize(
    "before",
    [GOOD[0], conversion(0, length=50), conversion(0, length=len(page(0).encode("utf-8")) + 100)],
    ids=["after a good record", "after a wrong Content-Length", "after a Content-Length past its gzip member"],
)
def test_a_record_cut_short_in_its_header_has_no_headers_of_the_record_before(tmp_path, before):
    member = gzip.compress(GOOD[1], mtime=0)
    # The member cut inside the record's header: the fewest bytes that decompress past its WARC-Date.
    cut = next(member[:n] for n in range(len(member)) if b"WARC-Date" in zlib.decompressobj(31).decompress(member[:n]))
    found, messages, _ = clean_wet(tmp_path, wet([before]) + cut)
    assert "record 2: the file is cut short: its gzip data ends inside it" in messages[-1]
    assert {key: found[-1][key] for key in ("url", "warc_record_id", "warc_date", "language")} == dict.fromkeys(
        ("url", "warc_record_id", "warc_date", "language")
    )


@pytest.mark.parametrize("broken", ["cut", "corrupt"])
def test_gzip_data_that_ends_or_is_corrupt_inside_a_body_fails_the_record_with_its_headers_values(broken):
    # The README: a failed record's line holds the headers' values. A body of bytes that do not compress, longer
    # than a read of compressed bytes: its header is read before its gzip data ends or turns corrupt.
    body = random.Random(0).randbytes(2 * warc._GZIP_READ_BYTES)
    big = record(body, headers={"WARC-Target-URI": "https://x.example/big", "WARC-Date": "2024-02-01T10:00:00Z"})
    member = zlib.compressobj(wbits=31)
    inside = member.compress(big[:-100]) + member.flush(zlib.Z_SYNC_FLUSH)
    data = wet(GOOD[:1]) + inside + (b"\xff\xff\xff\xff" if broken == "corrupt" else b"")  # a block of no type
    *_, item = warc.open_records(io.BytesIO(b""), data)
    assert item.number == 2 and item.error[0] == {"cut": "truncated", "corrupt": "bad gzip"}[broken]
    assert item.meta == ("https://x.example/big", None, "2024-02-01T10:00:00Z", None)


def test_a_record_cut_short_in_its_header_keeps_the_values_read_before_the_cut(tmp_path):
    # The README: a failed record's line holds the headers' values, null where unknown.
    cut = GOOD[1][: GOOD[1].index(b"WARC-Record-ID")]  # after its WARC-Target-URI and WARC-Date lines
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], cut], gz=False))
    assert "record 2: the file ends in its header" in messages[0]
    assert {key: found[-1][key] for key in ("url", "warc_record_id", "warc_date", "language")} == {
        "url": "https://town1.example/news/1", "warc_record_id": None, "warc_date": "2024-02-02T10:00:00Z", "language": None
    }


@pytest.mark.parametrize(
    "members",
    [[conversion(0, end=b""), conversion(1)], [conversion(0, end=b"") + conversion(1)]],
    ids=["the member ends right after the body", "the next record in the same member right after the body"],
)
def test_a_body_that_ends_its_member_or_is_followed_by_a_record_in_it_loses_nothing(tmp_path, members):
    # No blank line before the next record's first line is let be, in gzip data as in plain.
    found, messages, _ = clean_wet(tmp_path, b"".join(gzip.compress(m, mtime=0) for m in members) + wet([GOOD[2]]))
    assert messages == [] and found == [expected(0), expected(1), expected(2)]


def test_a_content_length_past_its_gzip_member_loses_no_other_record(tmp_path):
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 100)
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], too_long, GOOD[2], GOOD[3]]))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2), expected(3)]
    assert len(messages) == 1 and "record 2: " in messages[0]


@pytest.mark.parametrize(
    "extra, kind",
    [(5, "conversion"), (100, "conversion"), (10**12, "conversion"), (100, "warcinfo")],
    ids=["one byte into the next member", "100 bytes past its body", "a huge Content-Length", "a warcinfo record"],
)
def test_a_body_stops_at_the_end_of_its_gzip_member(tmp_path, extra, kind):
    # Its Content-Length is wrong: reported, and the records of the next members read and numbered as in the file.
    body = page(1).encode("utf-8")
    too_long = record(body, kind, {"WARC-Target-URI": "https://town1.example/news/1"}, length=len(body) + extra)
    not_utf8 = record(b"caf\xe9 menu", headers={"WARC-Target-URI": "https://town0.example/news/3"})
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], too_long, GOOD[2], not_utf8]))
    body_at = len(GOOD[0]) + too_long.index(b"\r\n\r\n") + 4
    got = len(body) + 4  # the body and the blank lines after it: the member's end
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2)]
    assert [m.split(": ")[2] for m in messages] == ["record 2", "record 4"]
    assert messages[0].endswith(
        f"record 2: its Content-Length ({len(body) + extra}) runs past its gzip member, which ends {got} bytes into its"
        f" body, at byte {body_at + got}; read on from the next member"
    )
    assert "not valid UTF-8" in messages[1]


@pytest.mark.parametrize(
    "where",
    [
        lambda body_at, body_end, blank: [body_at + 1],
        lambda body_at, body_end, blank: [body_at + 200],
        lambda body_at, body_end, blank: [body_end - 2],  # what is left of the body is line ends
        lambda body_at, body_end, blank: [body_at + 200, blank, blank + 2, body_end - 1],  # a member of line ends only
        lambda body_at, body_end, blank: [body_end + 1000],
    ],
    ids=["1 byte into its body", "200 bytes in", "before its last line ends", "in members of several sizes",
         "past the next record"],
)
def test_gzip_members_cut_where_the_data_falls_read_a_body_on_into_the_next_member(tmp_path, where):
    # Gzip written in members of its own size (bgzip: 64 KiB each), not one per record: a member
    # that starts with a record may end inside its body, and the next member goes on with it,
    # not with a record. zcat reads a whole WARC file: the record was failed ("its Content-Length
    # runs past its gzip member") and the rest of its body skipped as no record.
    text = page(1) + "\n\n"  # a body that ends in line ends
    records = [WARCINFO, conversion(0), conversion(1, text=text), conversion(2), conversion(3)]
    plain = b"".join(records)
    start = len(b"".join(records[:2]))  # where record 3 starts a member
    body_at = plain.index(b"\r\n\r\n", start) + 4
    body_end = body_at + len(text.encode("utf-8"))
    blank = plain.index(b"\n\n", body_at + 300)
    assert blank + 2 < body_end - 1
    cuts = [0, start, *where(body_at, body_end, blank), len(plain)]
    data = b"".join(gzip.compress(plain[a:b], mtime=0) for a, b in zip(cuts, cuts[1:]))
    found, messages, stats = clean_wet(tmp_path, data)
    assert messages == [] and stats.failures == {}
    assert found == [expected(0), expected(1, text), expected(2), expected(3)]


@pytest.mark.parametrize(
    "after",
    [GOOD[2], b"\r\n\r\n" + GOOD[2], None],
    ids=["a record", "blank lines and a record", "an empty member, then a record"],
)
def test_a_member_that_starts_with_a_record_tells_a_body_past_its_member_as_before(tmp_path, after):
    # The next member starts with a record (after blank lines too): the Content-Length is wrong, as in
    # Common Crawl's layout. An empty member is no body's rest: reading passes it, on to the record after.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 100)
    tail = wet([b"", GOOD[2]]) if after is None else gzip.compress(after, mtime=0)
    data = wet([GOOD[0], too_long]) + tail
    found, messages, _ = clean_wet(tmp_path, data)
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2)]
    assert len(messages) == 1 and "record 2: its Content-Length" in messages[0] and "runs past its gzip member" in messages[0]


def test_a_body_read_on_into_the_next_member_stops_at_a_member_that_starts_with_a_record(tmp_path):
    # A Content-Length too long, and the next member no record's start (damaged): the body goes
    # on into it, but not past the record that starts the member after, nor the records after that.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 10**6)
    data = wet([GOOD[0], too_long]) + gzip.compress(b"WARX/1.0 damaged\r\n", mtime=0) + wet([GOOD[2], GOOD[3]])
    found, messages, _ = clean_wet(tmp_path, data)
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2), expected(3)]
    assert len(messages) == 1 and "record 2: its Content-Length" in messages[0] and "runs past its gzip member" in messages[0]


def test_looking_at_the_next_members_start_reads_ahead_at_most_a_block():
    # A gzip header may hold a file name of any length: looking past it for the member's
    # first bytes stops after BLOCK_BYTES of compressed data, and the member is read as usual.
    body = b"the next member's bytes\r\n"
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    named = (b"\x1f\x8b\x08\x08" + bytes(6) + b"n" * (3 * warc.BLOCK_BYTES) + b"\0" + deflate.compress(body)
             + deflate.flush() + zlib.crc32(body).to_bytes(4, "little") + len(body).to_bytes(4, "little"))
    members = warc._GzipMembers(io.BytesIO(gzip.compress(b"first\r\n") + named))
    assert members.read(100) == b"first\r\n" and members.at_member_end()
    assert members.next_member_head(1024) == b""
    assert len(members.data) <= warc.BLOCK_BYTES + warc._GZIP_READ_BYTES
    assert members.read(100) == body


def test_a_content_length_past_the_last_gzip_member_is_cut_short_as_before(tmp_path):
    # No member after it: the file ends inside the body, as in a plain file.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 100)
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], too_long]))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0)]
    assert len(messages) == 1 and "record 2: the file ends " in messages[0] and "cut short" in messages[0]


def test_a_content_length_too_small_that_ends_before_a_blank_line_of_its_body_fails_its_record(tmp_path):
    # page(1)'s menu line, then a blank line: a Content-Length that ends the body after the
    # menu leaves the rest of the body, after a blank line, in the record's gzip member. The
    # record fails (not cleaned from its first line alone), and the rest of its member is
    # skipped, not reported as bytes of no record under the next record's number.
    body = page(1).encode("utf-8")
    size = len(MENUS[1].encode("utf-8")) + 1
    assert body[size : size + 1] == b"\n"
    short = conversion(1, length=size)
    found, messages, stats = clean_wet(tmp_path, wet([GOOD[0], short, GOOD[2], GOOD[3]]))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2), expected(3)]
    body_at = len(GOOD[0]) + short.index(b"\r\n\r\n") + 4
    skipped = len(short) - (body_at - len(GOOD[0])) - size
    assert messages == [
        f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 2: its body goes on in its gzip member after a blank line,"
        f" at byte {body_at + size}: its Content-Length ({size}) is wrong; skipped {skipped} bytes to the next record"
    ]
    assert stats.pages == 3


@pytest.mark.parametrize("cut", [1, 2], ids=["inside the second line end", "after the first"])
def test_gzip_data_that_ends_in_the_line_ends_after_a_body_gives_the_record_then_cut_short(tmp_path, cut):
    # What is left of the member after the body is looked at before the record is given:
    # the end of the data there still gives the record, and is reported under the next number.
    member = zlib.compressobj(wbits=31)
    last = member.compress(GOOD[3][:-cut]) + member.flush(zlib.Z_SYNC_FLUSH)
    found, messages, _ = clean_wet(tmp_path, wet(GOOD[:3]) + last)
    assert [r for r in found if ERROR_FIELD not in r] == [expected(i) for i in range(4)]
    at = sum(map(len, GOOD)) - cut
    assert messages == [
        f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 5: the file is cut short: its gzip data ends inside it,"
        f" after byte {at} (an interrupted download?)"
    ]


def test_corrupt_gzip_data_after_the_blank_lines_that_end_a_body_gives_the_record_then_fails(tmp_path):
    # As gzip data that ends there (above): what is left of the member is looked at before the
    # record is given. The corrupt bytes start a read of compressed bytes, so the record's come out.
    member = zlib.compressobj(wbits=31)
    last = wet(GOOD[:3]) + member.compress(GOOD[3]) + member.flush(zlib.Z_SYNC_FLUSH)
    first = _member_of(warc._GZIP_READ_BYTES - len(last))
    found, messages, _ = clean_wet(tmp_path, first + last + b"\xff\xff\xff\xff")  # a block of no type
    assert [r for r in found if ERROR_FIELD not in r] == [expected(i) for i in range(4)]
    at = len(gzip.decompress(first)) + sum(map(len, GOOD))
    assert len(messages) == 1 and messages[0].startswith(
        f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 6: corrupt gzip data after byte {at} ("
    )


def _counts(failures):
    counts: dict[str, int] = {}
    for _, reason, _ in failures:
        counts[reason] = counts.get(reason, 0) + 1
    return counts


def test_a_truncated_file_and_a_bad_content_length_fail_the_run_with_exit_code_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.warc.wet.gz").write_bytes(wet([WARCINFO, *GOOD])[:-30])
    (tmp_path / "in" / "b.warc.wet.gz").write_bytes(wet([WARCINFO, GOOD[0], conversion(1, length="x"), GOOD[2]]))
    (tmp_path / "in" / "c.warc.wet.gz").write_bytes(wet([GOOD[3]]))
    out = cli("--wet", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1
    err = out.stderr.decode("utf-8")
    assert f"boilerplate: {tmp_path / 'in' / 'a.warc.wet.gz'}: record 5: the file is cut short" in err
    assert f"boilerplate: {tmp_path / 'in' / 'b.warc.wet.gz'}: record 3: Content-Length 'x' is no number of bytes" in err
    assert "5 pages from 3 inputs → 3 outputs" in err and "2 failed (bad WARC record: 1, truncated: 1)" in err
    assert lines((tmp_path / "out" / "c.warc.wet.jsonl").read_bytes()) == [expected(3)]


def test_a_header_is_read_whatever_its_case_line_ends_and_version(tmp_path):
    body = page(5).encode("utf-8")
    headers = {"warc-target-uri": "https://town2.example/news/5", "WARC-DATE": "2024-02-06T10:00:00Z",
               "Warc-Record-Id": "<urn:uuid:0000-0005>", "WARC-Identified-Content-Language": "eng"}
    variants = [
        record(body, headers=headers),
        record(body, "Conversion", headers=headers, version=b"WARC/1.1"),
        record(body, headers=headers, eol=b"\n", end=b"\n\n"),
        record(body, headers=headers, length=f"  {len(body)} ").replace(b"Content-Length:", b"CONTENT-LENGTH:"),
        record(body, headers={**headers, "WARC-Target-URI": "https://town2.example/"}).replace(
            b"https://town2.example/\r\n", b"https://town2.example/\r\n news/5\r\n"  # a folded line
        ),
        record(body, headers={**headers, "WARC-Target-URI": "https://town2.example/"}).replace(
            b"https://town2.example/\r\n", b"https://town2.example/\r\n\tnews/5\r\n"  # folded with a tab
        ),
    ]
    found, messages, _ = clean_wet(tmp_path, wet([WARCINFO, *variants], gz=False) + b"\r\n\r\n")
    assert messages == []
    folded = {**expected(5), "url": "https://town2.example/ news/5"}
    assert found == [expected(5)] * 4 + [folded] * 2


def test_folded_header_values_get_no_space_at_their_ends(tmp_path):
    # A continuation line was added with a space before it: a value on the line under
    # its name read ' 1234' (a Content-Length that is no number: the rest of the file
    # unreadable), and a continuation line of only spaces left the value ending in one.
    body = page(5).encode("utf-8")
    headers = {"WARC-Target-URI": "https://town2.example/news/5", "WARC-Date": "2024-02-06T10:00:00Z",
               "WARC-Record-ID": "<urn:uuid:0000-0005>", "WARC-Identified-Content-Language": "eng"}
    under = record(body, headers=headers).replace(b"Content-Length: ", b"Content-Length:\r\n  ")
    blank = record(body, headers=headers).replace(b"news/5\r\n", b"news/5\r\n   \r\n")
    found, messages, _ = clean_wet(tmp_path, wet([WARCINFO, under, blank], gz=False))
    assert messages == []
    assert found == [expected(5)] * 2


class _Copied(bytes):
    """Bytes that count what concatenations made of them copy (a bytearray's in-place ``+=`` copies only what it adds)."""

    copied = 0

    def strip(self, chars: bytes | None = None) -> _Copied:
        return _Copied(bytes.strip(self, chars))

    def __add__(self, other: bytes) -> _Copied:
        _Copied.copied += len(self) + len(other)
        return _Copied(bytes(self) + bytes(other))

    def __radd__(self, other: bytes) -> _Copied:
        if not isinstance(other, bytes):
            return NotImplemented  # a bytearray grows in place
        _Copied.copied += len(other) + len(self)
        return _Copied(bytes(other) + bytes(self))


def test_a_header_folded_over_many_lines_is_read_in_linear_time(monkeypatch):
    # Each continuation line was added to the value read so far, a copy of it: a header
    # of 330,000 folded lines (within WARC_HEADER_BYTES) took 1.5 s, its length squared.
    line = warc._Stream.line
    monkeypatch.setattr(warc._Stream, "line", lambda self: _Copied(line(self)))
    monkeypatch.setattr(_Copied, "copied", 0)
    folds = 20_000
    data = conversion(0).replace(b"WARC-Target-URI: ", b"WARC-Target-URI:" + b"\r\n x" * folds + b"\r\n ", 1)
    items = list(warc.read_records(io.BytesIO(data)))
    assert [item.error for item in items] == [None]
    assert items[0].meta[0] == "x" + " x" * (folds - 1) + " https://town0.example/news/0"
    assert _Copied.copied < 10 * len(data)


def test_a_first_header_line_after_spaces_has_no_line_before_to_continue(tmp_path):
    # A line starting with a space continues the header line before it: the first has none, and is read as its own.
    indented = conversion(1).replace(b"WARC/1.0\r\nWARC-Type", b"WARC/1.0\r\n WARC-Type")
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], indented, GOOD[2]]))
    assert messages == [] and found == [expected(0), expected(1), expected(2)]


@pytest.mark.parametrize(
    "pad, cleaned",
    [(0, True), (1, False), (None, False)],
    ids=["a header block of WARC_HEADER_BYTES", "one byte more", "one line of WARC_HEADER_BYTES before its line end"],
)
def test_a_header_block_longer_than_warc_header_bytes_is_no_header(tmp_path, pad, cleaned):
    # The README: a header block of more than 1 MiB is no WARC header (the rest of the file is not read).
    version, header = GOOD[1].split(b"\r\n", 1)
    header_bytes = header.index(b"\r\n\r\n") + 2  # its lines and their line ends, not the blank line
    # An X-Pad line first: its bytes and its line end make the header block WARC_HEADER_BYTES + pad bytes
    # long, or, pad None, its bytes before its line end alone are WARC_HEADER_BYTES.
    line = warc.WARC_HEADER_BYTES + (2 if pad is None else pad - header_bytes)
    long = version + b"\r\nX-Pad: " + b"a" * (line - len(b"X-Pad: \r\n")) + b"\r\n" + header
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], long, GOOD[2]], gz=False))
    if cleaned:
        assert messages == [] and found == [expected(0), expected(1), expected(2)]
    else:
        assert [r for r in found if ERROR_FIELD not in r] == [expected(0)]
        assert len(messages) == 1 and f"record 2: a header of more than {warc.WARC_HEADER_BYTES} bytes from byte " in messages[0]
        assert found[1]["url"] is None  # no WARC header: no values of it


def test_a_version_line_with_spaces_after_it_starts_a_record(tmp_path):
    data = wet([conversion(0).replace(b"WARC/1.0\r\n", b"WARC/1.0  \r\n"), conversion(1).replace(b"WARC/1.0\r\n", b"WARC/1.0\t\r\n")])
    found, messages, _ = clean_wet(tmp_path, data)
    assert messages == [] and found == [expected(0), expected(1)]


# "WARC-Target-URI: " and "https://x.example/" before the URL's own bytes; the line ends in CRLF.
_LONG_URL_HEAD = len("WARC-Target-URI: https://x.example/")


@pytest.mark.parametrize(
    "extra",
    [-1, 0, 1, 2 * warc.WARC_LINE_BYTES],
    ids=["its LF a block of its own", "its CRLF a block of its own", "a block without a colon", "three blocks"],
)
def test_a_header_line_longer_than_a_block_is_read_whole(tmp_path, extra):
    # A header line is read WARC_LINE_BYTES at a time; the blocks are one line, not three:
    # a block that was only "\r\n" or "\n" ended the header there, and the rest of the file was lost.
    url = "https://x.example/" + "a" * (warc.WARC_LINE_BYTES - _LONG_URL_HEAD + extra)
    found, messages, _ = clean_wet(tmp_path, wet([conversion(0), conversion(1, url=url), conversion(2)]))
    assert messages == []
    assert found == [expected(0), {**expected(1), "url": url}, expected(2)]


@pytest.mark.parametrize(
    "before",
    [warc.WARC_LINE_BYTES, warc.WARC_HEADER_BYTES + warc.WARC_LINE_BYTES],
    ids=["a block into the line", "past the longest line read whole"],
)
def test_a_block_boundary_inside_garbage_does_not_start_a_record(tmp_path, before):
    # A line of garbage longer than a block, with "WARC/1.0" right at a block's start
    # (where a line longer than WARC_HEADER_BYTES is cut, too): not at a line's start, so
    # no record (it was read as one, with its made-up body).
    fake = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 10\r\n\r\nnot a page\r\n\r\n"
    garbage = b"x" * before + fake
    found, messages, stats = clean_wet(tmp_path, wet([conversion(0), garbage, conversion(1)], gz=False))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(1)]
    assert len(messages) == 1 and f"record 2: {len(garbage)} bytes at byte " in messages[0]
    assert stats.pages == 2


@pytest.mark.parametrize(
    "line, shown",
    [(b"Content-Type text/plain; utf-8\r\n", "'Content-Type text/plain; utf-8\\r\\n'"),
     (b"Content-Type text/plain; utf-16\r\n", "'Content-Type text/plain; utf-16\\r'...")],
    ids=["32 bytes: shown whole", "33 bytes: its first 32 shown, and '...'"],
)
def test_a_bad_header_line_is_shown_whole_up_to_32_bytes(line, shown):
    data = conversion(0).replace(b"Content-Type: text/plain\r\n", line)
    [item] = warc.read_records(io.BytesIO(data))
    assert item.error == ("bad WARC record", f"a header line that is no 'Name: value': {shown}")


def test_header_bytes_that_are_not_utf8_are_written_as_escapes():
    # As the bad bytes of a body kept in boilerplate_raw: \xNN, not U+FFFD, so that the URL's bytes can be told.
    data = record(b"a body", headers={"WARC-Target-URI": "https://x.example/caf"}).replace(b"/caf\r\n", b"/caf\xe9\r\n")
    [item] = warc.read_records(io.BytesIO(data))
    assert item.error is None and item.meta[0] == "https://x.example/caf\\xe9"


@pytest.mark.parametrize(
    "length, error",
    [(b"", ("bad WARC record", "Content-Length '' is no number of bytes")),
     (b"100000000000000000", ("truncated", "the file ends 6 bytes into its body of 100000000000000000")),
     (b"1000000000000000000", ("bad WARC record", "Content-Length '1000000000000000000' is no number of bytes"))],
    ids=["empty", "18 digits: a number, the file ends inside the body", "19 digits: no number of bytes"],
)
def test_a_content_length_is_one_to_eighteen_digits(length, error):
    data = record(b"a body", end=b"").replace(b"Content-Length: 6", b"Content-Length: " + length)
    [item] = warc.read_records(io.BytesIO(data))
    assert item.error[0] == error[0] and item.error[1].startswith(error[1])


def test_a_record_without_a_content_length_is_said_to_start_where_it_starts():
    headless = record(b"a body").replace(b"Content-Length: 6\r\n", b"")
    items = list(warc.read_records(io.BytesIO(GOOD[0] + headless + GOOD[1])))
    assert [item.number for item in items] == [1, 2] and items[1].error == (
        "bad WARC record",
        f"no Content-Length, so where the record ends is unknown; the rest of the file, from byte {len(GOOD[0])}, cannot be read",
    )


@pytest.mark.parametrize("gz", [False, True])
def test_bytes_of_no_record_and_corrupt_gzip_data_are_said_to_be_where_they_are(gz):
    # Garbage between records from the byte where it starts; corrupt gzip data after the bytes read before it.
    garbage = b"<html><body>a page in the wrong place\r\n\r\n"
    items = list(warc.open_records(io.BytesIO(b""), wet([*GOOD[:2], garbage, GOOD[2]], gz=gz)))
    assert items[2].error == (
        "bad WARC record",
        f"{len(garbage)} bytes at byte {len(GOOD[0]) + len(GOOD[1])} are no WARC record (they start"
        " '<html><body>a page in the wrong '...); skipped to the next record",
    )
    if gz:
        items = list(warc.open_records(io.BytesIO(b""), wet(GOOD[:2]) + b"not gzip"))
        assert items[2].error[1].startswith(f"corrupt gzip data after byte {len(GOOD[0]) + len(GOOD[1])} (")


@pytest.mark.parametrize(
    "gz, size",
    [(False, 3 * warc.WARC_HEADER_BYTES), (True, 2 * warc.WARC_HEADER_BYTES + 7 * warc.WARC_HEADER_BYTES // 8)],
    ids=["plain", "gzip, the line ending well inside a block decompressed"],
)
def test_a_line_longer_than_warc_header_bytes_comes_in_pieces(gz, size):
    # Each a little more than WARC_HEADER_BYTES (memory stays flat on a file of one long line), together the line;
    # gzip data alike, where the rest of a line up to its end is not taken from a block decompressed in one piece.
    data = b"x" * size + b"\n"
    stream = warc._Stream(warc._GzipMembers(io.BytesIO(gzip.compress(data))) if gz else io.BytesIO(data))
    pieces = list(iter(stream.line, b""))
    assert b"".join(pieces) == data and len(pieces) == 3
    assert all(len(piece) <= warc.WARC_HEADER_BYTES + warc.WARC_LINE_BYTES for piece in pieces)


def test_a_record_without_a_language_or_other_headers_gets_nulls(tmp_path):
    found, messages, _ = clean_wet(tmp_path, wet([record(page(2).encode("utf-8"))]))
    assert messages == []
    assert found == [{"url": None, "warc_record_id": None, "warc_date": None, "language": None, "text": clean(page(2))}]


def test_records_of_other_types_are_read_past_and_not_counted(tmp_path):
    response = record(b"HTTP/1.1 200 OK\r\n\r\n<html>not a page</html>", "response", {"WARC-Target-URI": "https://x.example/"})
    found, messages, stats = clean_wet(tmp_path, wet([WARCINFO, conversion(0), response, conversion(1)]))
    assert found == [expected(0), expected(1)] and messages == []
    assert stats.pages == 2 and stats.failed == 0


def test_a_record_without_a_warc_type_is_no_page(tmp_path):
    # The README: a record whose WARC-Type is conversion is a page; others are read past.
    untyped = conversion(1).replace(b"WARC-Type: conversion\r\n", b"")
    found, messages, stats = clean_wet(tmp_path, wet([GOOD[0], untyped, GOOD[2]]))
    assert found == [expected(0), expected(2)] and messages == [] and stats.pages == 2


def test_a_record_of_another_type_whose_framing_is_broken_is_reported(tmp_path):
    # Read past when whole, but a header line that is no "Name: value" may be its WARC-Type.
    broken = WARCINFO.replace(b"WARC-Type: warcinfo\r\n", b"WARC-Type: warcinfo\r\nno colon here\r\n")
    found, messages, stats = clean_wet(tmp_path, wet([broken, conversion(0)]))
    assert found[1:] == [expected(0)] and stats.pages == 1
    assert found[0]["text"] is None and "no colon here" in found[0][ERROR_FIELD]  # its failure has a line too
    assert len(messages) == 1 and "record 1: a header line that is no 'Name: value': 'no colon here\\r\\n'" in messages[0]


def test_the_records_after_one_lost_to_a_too_long_body_are_numbered_as_read(tmp_path):
    # Record 3 starts inside record 2's body: lost with it; record 4 is the third read.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 30)
    bad = page(3).encode("utf-8").replace(b"Volunteers", b"Volunteers\xff")
    data = wet([GOOD[0], too_long, GOOD[2], record(bad, headers={"WARC-Target-URI": "https://town0.example/news/3"})], gz=False)
    _, messages, _ = clean_wet(tmp_path, data)
    assert [m.split(": ")[2] for m in messages] == ["record 2", "record 3"]
    assert "not valid UTF-8" in messages[1]


def test_a_file_that_is_not_wet_is_reported_once_and_gets_no_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.wet").write_text('{"text": "a JSON Lines file"}\n', encoding="utf-8")
    (tmp_path / "in" / "b.wet.gz").write_bytes(gzip.compress(b"plain text, gzip-compressed\n"))
    (tmp_path / "in" / "c.wet").write_bytes(b"\x28\xb5\x2f\xfd" + bytes(20))  # zstd
    (tmp_path / "in" / "d.wet").write_bytes(wet([conversion(0)], gz=False))
    (tmp_path / "in" / "e.wet").write_bytes(b"PAR1\x15\x04" + bytes(20) + b"PAR1")  # Parquet
    out = cli("--wet", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1
    err = out.stderr.decode("utf-8").splitlines()
    assert err[3].endswith("not WARC/1.0; --wet reads WARC files of conversion records (a Parquet file? give --parquet, not --wet)")
    assert err[:3] == [
        f"boilerplate: {tmp_path / 'in' / 'a.wet'}: not a WET file: it starts with '{{\"text\": \"a JSON Lines file\"}}\\n', not"
        " WARC/1.0; --wet reads WARC files of conversion records (its name is a WET file's: a failed download, an error"
        " page saved under that name? fetch it again; a JSON Lines file? rename it and give --jsonl, not --wet)",
        f"boilerplate: {tmp_path / 'in' / 'b.wet.gz'}: not a WET file: it starts with 'plain text, gzip-compressed\\n', not"
        " WARC/1.0; --wet reads WARC files of conversion records (its name is a WET file's: a failed download, an error"
        " page saved under that name? fetch it again; a text file? rename it and leave out --wet)",
        f"boilerplate: {tmp_path / 'in' / 'c.wet'}: zstd-compressed: decompress it in place first, e.g. zstdcat"
        f" {tmp_path / 'in' / 'c.wet'} > {tmp_path / 'in' / 'c.wet'}.decompressed && mv {tmp_path / 'in' / 'c.wet'}.decompressed"
        f" {tmp_path / 'in' / 'c.wet'}",
    ]
    assert output_names(tmp_path / "out") == ["d.wet.jsonl"]


def test_a_jsonl_file_with_a_bom_or_indented_given_as_wet_is_told_to_give_jsonl(tmp_path):
    # A JSON Lines file saved with a BOM (Notepad) or whose first record is indented
    # starts with "{" all the same: told "a text file? leave out --wet", it would be cleaned as one page.
    for start in (b"\xef\xbb\xbf", b" \t"):
        _, messages, stats = clean_wet(tmp_path, start + b'{"text": "a"}\n', name="a.json")  # not named as WET
        assert stats.failures == {"not WET": 1}
        assert messages[0].endswith("(a JSON Lines file? give --jsonl, not --wet)"), messages


def test_a_text_page_given_as_wet_is_quoted_whole_letters_only(tmp_path):
    # The quote is the file's first 32 bytes: they end inside a Bengali letter (of
    # three bytes), which the message showed as '�', a character the page does not hold.
    records, messages, _ = clean_wet(tmp_path, "কালবেলা প্রতিবেদক\n\nএকটি অনুচ্ছেদ।\n".encode("utf-8"), name="p.txt")
    assert records == []
    assert messages[0].endswith(": not a WET file: it starts with 'কালবেলা প্র'..., not WARC/1.0; --wet reads WARC files"
                                " of conversion records (a text file? leave out --wet)")


@pytest.mark.parametrize(
    "name, data, instead",
    [
        # What curl -O or wget leaves under the name when the server answers with an error page.
        ("CC-MAIN-1.warc.wet.gz", b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
         b"</Error>\n", "a text file? rename it and leave out --wet"),
        ("CC-MAIN-2.warc.wet.gz", b"<!DOCTYPE html>\n<html><body><h1>503 Slow Down</h1></body></html>\n",
         "a text file? rename it and leave out --wet"),
        ("CC-MAIN-3.wet", b'{"message": "Forbidden"}\n', "a JSON Lines file? rename it and give --jsonl, not --wet"),
        ("CC-MAIN-4.wet.gz", gzip.compress(b"plain text, gzip-compressed\n"), "a text file? rename it and leave out --wet"),
    ],
)
def test_a_file_named_as_wet_that_holds_no_warc_record_is_not_sent_to_a_run_that_refuses_it_by_its_name(
    tmp_path, name, data, instead
):
    # "A text file? leave out --wet" (or "give --jsonl") sent the user to a run that refuses
    # the file by its WET name ("a WET file; clean its records with --wet"), and back.
    (tmp_path / name).write_bytes(data)
    out = cli("--wet", str(tmp_path / name))
    assert out.returncode == 1 and out.stdout == b""
    message = out.stderr.decode("utf-8").splitlines()[0]
    assert message.endswith(
        "not WARC/1.0; --wet reads WARC files of conversion records (its name is a WET file's: a failed download, an"
        f" error page saved under that name? fetch it again; {instead})"
    ), message
    # Without --wet (or with --jsonl) the name alone refuses it: hence "rename it".
    option = ["--jsonl"] if "--jsonl" in instead else []
    assert "a WET file; clean its records with --wet" in cli(*option, str(tmp_path / name)).stderr.decode("utf-8")


@pytest.mark.parametrize("option", [[], ["--jsonl"]])
def test_a_wet_file_without_wet_is_reported_with_the_option(tmp_path, option):
    # As text it was one page of WARC headers (plain) or "gzip-compressed: decompress it
    # first, e.g. zcat x | boilerplate clean -", which leads to the same.
    data = wet([WARCINFO, conversion(0)])
    (tmp_path / "x.warc.wet.gz").write_bytes(data)  # by its name
    (tmp_path / "crawl.gz").write_bytes(data)  # by its first bytes, gzip-compressed
    (tmp_path / "crawl.txt").write_bytes(wet([conversion(1)], gz=False))  # and plain
    (tmp_path / "p.txt").write_text(page(2), encoding="utf-8")
    names = ["x.warc.wet.gz", "crawl.gz", "crawl.txt", "p.txt"]
    not_jsonl = ", not --jsonl" if option else ""  # --wet is not taken with --jsonl: it is to go
    out = cli(*option, *(str(tmp_path / n) for n in names), "-o", str(tmp_path / "out"))
    assert out.returncode == 1
    assert out.stderr.decode("utf-8").splitlines()[:3] == [
        f"boilerplate: {tmp_path / n}: a WET file; clean its records with --wet{not_jsonl}" for n in names[:3]
    ]
    assert output_names(tmp_path / "out") == ["p.txt"]  # (with --jsonl, its lines marked "not JSON")
    out = cli(*option, "-", stdin=data)  # standard input: by its first bytes
    assert out.returncode == 1 and out.stdout == b""
    assert f"<stdin>: a WET file; clean its records with --wet{not_jsonl}\n" in out.stderr.decode("utf-8")


def test_a_warc_files_first_line_is_looked_for_in_its_first_sniff_bytes_after_blank_lines_only():
    # A text input's head is all of it: blank lines before WARC/1.0 are let be as far as _SNIFF_BYTES go.
    near = b"\r\n" * ((warc._SNIFF_BYTES - len(b"WARC/1.0")) // 2) + b"WARC/1.0\r\n"
    far = b"\r\n" * (warc._SNIFF_BYTES // 2) + b"WARC/1.0\r\n"
    assert warc.is_warc(near) and not warc.is_warc(far)
    # Gzip-compressed alike: as far as its first _SNIFF_BYTES decompressed go.
    assert warc.is_warc(gzip.compress(near)) and not warc.is_warc(gzip.compress(far))
    # Nor a line of spaces before it: the WET reader does not take it for a blank line (no WARC file, it says).
    assert not warc.is_warc(b" \r\nWARC/1.0\r\n")
    with pytest.raises(warc.NotWarc):
        list(warc.read_records(io.BytesIO(b" \r\n" + GOOD[0])))


def test_a_wet_file_with_spaces_after_its_version_is_told_from_text_too(tmp_path):
    # --wet reads "WARC/1.0  " as a record's start; a text run takes it for a WET file alike
    # (it cleaned it as one page of WARC headers).
    (tmp_path / "crawl.txt").write_bytes(wet([conversion(0).replace(b"WARC/1.0\r\n", b"WARC/1.0  \r\n")], gz=False))
    out = cli(str(tmp_path / "crawl.txt"))
    assert out.returncode == 1 and out.stdout == b""
    assert f"{tmp_path / 'crawl.txt'}: a WET file; clean its records with --wet" in out.stderr.decode("utf-8")


def test_an_empty_file_gives_an_empty_output(tmp_path):
    found, messages, stats = clean_wet(tmp_path, b"", "empty.wet")
    assert found == [] and messages == [] and stats.outputs == 1
    assert (tmp_path / "out" / "empty.wet.jsonl").read_bytes() == b""


def test_a_body_longer_than_a_record_may_have_is_skipped_and_reported(tmp_path, monkeypatch):
    limit = max(len(page(i).encode("utf-8")) for i in range(3))
    monkeypatch.setattr(warc, "WARC_BODY_BYTES", limit)
    long_page = "\n\n".join(BENGALI * 4)
    assert len(long_page.encode("utf-8")) > limit
    found, messages, _ = clean_wet(tmp_path, wet([conversion(0), conversion(1, text=long_page), conversion(2)]))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2)]
    assert len(messages) == 1 and "record 2: a body of " in messages[0]
    assert f"more than the {limit} a WET record may have; skipped" in messages[0]


class _Watched(io.RawIOBase):
    """A stream that records the largest read asked of it."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)
        self.largest = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.largest = max(self.largest, len(buffer))
        return self.data.readinto(buffer)

    def read(self, n=-1):
        self.largest = max(self.largest, n if n >= 0 else 1 << 62)
        return self.data.read(n)

    def readline(self, n=-1):
        self.largest = max(self.largest, n if n >= 0 else 1 << 62)
        return self.data.readline(n)


@pytest.mark.parametrize(
    "data, words",
    [
        (record(b"a short body", length=10**15, end=b""), "the file ends 12 bytes into its body of 1000000000000000"),
        (b"WARC/1.0\r\nWARC-Type: conversion\r\n" + b"x" * (3 << 20), "a header of more than 1048576 bytes"),
        (conversion(0) + b"y" * (3 << 20), "are no WARC record"),
    ],
    ids=["a huge Content-Length", "a header without end", "a long line of garbage"],
)
def test_reading_never_asks_for_more_than_a_block_whatever_the_file_says(data, words):
    # Memory stays flat on a file of many gigabytes: nothing is read whole.
    stream = _Watched(data)
    items = list(warc.read_records(stream))
    assert words in items[-1].error[1]
    assert stream.largest <= max(warc.BLOCK_BYTES, warc.WARC_LINE_BYTES)


def test_a_large_gzip_member_is_decompressed_a_block_at_a_time():
    # Memory stays flat when a member is large (a file not written a member per record).
    import tracemalloc

    size = 48 << 20
    data = gzip.compress(record(b"x" * size, "warcinfo") + GOOD[0], mtime=0)
    tracemalloc.start()
    try:
        items = list(warc.open_records(io.BytesIO(data[8:]), data[:8]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [item.number for item in items] == [2] and items[0].error is None
    assert peak < 8 * warc.BLOCK_BYTES + 2 * len(data) < size, peak  # about 5 MB, as gzip.GzipFile reads it


def _member_of(size: int) -> bytes:
    """A warcinfo record's gzip member of exactly ``size`` bytes (a body of bytes that do not compress)."""
    noise = random.Random(0).randbytes(size)
    k = size
    while (n := len(member := gzip.compress(record(noise[:k], "warcinfo"), mtime=0))) != size:
        k += size - n  # stored, not compressed: one byte of body is one byte of the member
    return member


@pytest.mark.parametrize(
    "between, end", [(b"", 1), (b"\x00" * 10, 6)], ids=["a magic number split", "zero padding split"]
)
def test_the_bytes_between_members_may_be_split_where_compressed_bytes_are_read(tmp_path, between, end):
    # Compressed bytes are read _GZIP_READ_BYTES at a time: the next member's first byte
    # alone at the end of a read, or zero padding on both sides of one, is still what
    # comes between members, as gzip reads it (it was taken for bytes that are no gzip data).
    first = _member_of(warc._GZIP_READ_BYTES - end)
    data = first + between + wet(GOOD[:2])
    assert gzip.decompress(data).endswith(GOOD[1])
    found, messages, _ = clean_wet(tmp_path, data)
    assert messages == [] and found == [expected(0), expected(1)]


@pytest.mark.parametrize("split", [0, 8, warc.BLOCK_BYTES + 1])
def test_the_bytes_read_before_are_read_first_however_many(split):
    # open_records takes the file's first bytes, read to tell gzip from plain, and the file after them.
    body_at = GOOD[0].index(b"\r\n\r\n") + 4
    warcinfo = record(b"x" * (warc.BLOCK_BYTES - body_at - 300), "warcinfo")
    data = wet([warcinfo, GOOD[0], GOOD[1]], gz=False)
    assert len(warcinfo) + body_at < warc.BLOCK_BYTES < len(warcinfo) + len(GOOD[0]) - 4  # a block ends in a body
    items = list(warc.open_records(io.BytesIO(data[split:]), data[:split]))
    assert [(item.number, item.error, item.body) for item in items] == [
        (2, None, page(0).encode("utf-8")), (3, None, page(1).encode("utf-8"))
    ]


# --------------------------------------------------------------------------- records that fail


def test_undecodable_bytes_are_reported_or_replaced_under_errors(tmp_path):
    bad = page(2).encode("utf-8").replace(BENGALI[2][:8].encode("utf-8"), b"\xff\xfe", 1)
    offset = bad.index(b"\xff")
    data = wet([conversion(0), record(bad, headers={"WARC-Target-URI": "https://town2.example/news/2"}), conversion(1)])
    found, messages, stats = clean_wet(tmp_path, data)
    assert found[0] == expected(0) and found[2] == expected(1)
    message = f"not valid UTF-8 at byte {offset} of its body; pass --errors replace to clean it with U+FFFD"
    assert found[1] == {
        "url": "https://town2.example/news/2", "warc_record_id": None, "warc_date": None, "language": None,
        "text": None, ERROR_FIELD: message, RAW_FIELD: bad.decode("utf-8", "backslashreplace"),
    }
    assert messages == [f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 2: {message}"]
    assert stats.failures == {"not UTF-8": 1}
    replaced, messages, stats = clean_wet(tmp_path, data, errors="replace")
    assert messages == [] and stats.failed == 0
    assert replaced[1]["text"] == clean(bad.decode("utf-8", "replace")) and "\ufffd" in replaced[1]["text"]


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_page_that_raises_is_reported_and_kept_marked(tmp_path):
    found, messages, stats = clean_wet(tmp_path, wet([conversion(0), conversion(1, text="BOOM"), conversion(2)]))
    assert found[0] == expected(0) and found[2] == expected(2)
    mark = "could not be cleaned (RuntimeError: the cleaner broke)"
    assert found[1] == {**expected(1, text="BOOM"), "text": None, ERROR_FIELD: mark, RAW_FIELD: "BOOM"}
    assert messages == [f"boilerplate: {tmp_path / 'x.warc.wet.gz'}: record 2: {mark}"]
    assert stats.failures == {"cleaning error": 1}


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_failed_body_is_kept_without_its_byte_order_mark_whatever_failed(tmp_path):
    # A body's leading UTF-8 BOM is dropped, as everywhere (README: "a leading UTF-8 byte
    # order mark | dropped"). The body of a record the cleaner raised on was kept without
    # it, and the body of one that is not UTF-8 with it, as a U+FEFF.
    bad = "\ufeffBOOM".encode("utf-8") + b" \xff"
    data = wet([conversion(0, text="\ufeffBOOM"), record(bad, headers={"WARC-Target-URI": "https://town1.example/"})])
    found, messages, stats = clean_wet(tmp_path, data)
    assert [record.get(RAW_FIELD) for record in found] == ["BOOM", "BOOM \\xff"]
    assert stats.failures == {"cleaning error": 1, "not UTF-8": 1}
    offset = bad.index(b"\xff")  # counting the BOM, as zcat shows the body
    assert f"not valid UTF-8 at byte {offset} of its body" in messages[1]


# --------------------------------------------------------------------------- reruns and stops


def test_a_rerun_skips_a_complete_output_and_redoes_one_with_marks(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    whole = wet([WARCINFO, *(conversion(i) for i in range(4))])
    (src / "a.warc.wet.gz").write_bytes(wet([conversion(9)]))
    (src / "b.warc.wet.gz").write_bytes(whole[:-30])  # a download cut short
    args = ("--wet", str(src), "-o", str(tmp_path / "out"))
    first = cli(*args)
    assert first.returncode == 1 and b"record 5: the file is cut short" in first.stderr
    again = cli(*args)
    assert again.returncode == 1 and b"record 5: the file is cut short" in again.stderr
    assert b"1 output already complete, skipped" in again.stderr
    assert b"1 output redone: it held records marked as failed" in again.stderr
    (src / "b.warc.wet.gz").write_bytes(whole)  # downloaded again
    fixed = cli(*args)
    assert fixed.returncode == 0, fixed.stderr
    assert lines((tmp_path / "out" / "b.warc.wet.jsonl").read_bytes()) == [expected(i) for i in range(4)]
    last = cli(*args)
    assert last.returncode == 0 and b"2 outputs already complete, skipped" in last.stderr
    assert output_names(tmp_path / "out") == ["a.warc.wet.jsonl", "b.warc.wet.jsonl"]
    overwrite = cli(*args, "--overwrite")
    assert overwrite.returncode == 0 and b"5 pages from 2 inputs \xe2\x86\x92 2 outputs" in overwrite.stderr
    assert b"skipped" not in overwrite.stderr


def _long_page(i: int) -> str:
    return "\n\n".join(page(i + k) for k in range(8))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_run_leaves_no_part_file_once_rerun(tmp_path, signum):
    """Stop a run while its output is being written, rerun it: the output complete, no .part file.
    SIGTERM (as Ctrl-C) removes the .part file itself; after SIGKILL the rerun writes over it."""
    # Enough records that the run cannot finish between two looks at it (some seconds):
    # 50 long records, compressed once, 240 times over.
    distinct = 50
    n = distinct * 240
    members = wet([conversion(i, text=_long_page(i)) for i in range(distinct)], gz=True)
    (tmp_path / "big.warc.wet.gz").write_bytes(wet([WARCINFO]) + members * (n // distinct))
    args = [sys.executable, "-m", "boilerplate", "clean", "--wet", str(tmp_path / "big.warc.wet.gz"), "-o", str(tmp_path / "out")]
    proc = subprocess.Popen([*args, "--jobs", "2"], stderr=subprocess.DEVNULL, start_new_session=True)
    part = tmp_path / "out" / "big.warc.wet.jsonl.part"
    deadline = time.monotonic() + 120
    while not (part.exists() and part.stat().st_size > 0) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be stopped"
    if signum == signal.SIGTERM:
        proc.send_signal(signum)
        assert proc.wait(timeout=60) == 128 + signum
        assert output_names(tmp_path / "out") == []
    else:
        os.killpg(proc.pid, signum)  # the run and its workers
        proc.wait()
        assert part.exists() and not (tmp_path / "out" / "big.warc.wet.jsonl").exists()
    rerun = subprocess.run(args, capture_output=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n:,} pages from 1 input".encode() in rerun.stderr
    assert output_names(tmp_path / "out") == ["big.warc.wet.jsonl"]
    with open(tmp_path / "out" / "big.warc.wet.jsonl", "rb") as f:
        head = [json.loads(next(f)) for _ in range(distinct)]
    assert head == [expected(i, _long_page(i)) for i in range(distinct)]


# --------------------------------------------------------------------------- corpus mode

PROMO = "আমাদের নতুন অ্যাপ নামিয়ে নিন এবং প্রতিদিন সকালে শহরের খবর সবার আগে পড়ুন।"  # a sentence, as a paragraph ends


def _site_page(i: int) -> str:
    """A page of town0.example: its own story, and the site's promo line below it, which the plain model keeps."""
    story = [f"{BENGALI[(i + k) % len(BENGALI)]} ({i}.{k})" for k in range(3)]
    return "\n\n".join([f"শহরের খবর {i}", *story, PROMO])


def test_group_by_host_drops_a_line_repeated_across_a_hosts_pages(tmp_path):
    pages = {i: _site_page(i) for i in range(6)}
    others = {i: page(i) for i in range(10, 14)}
    records = [conversion(i, text=t, url=f"https://www.town0.example/{i}") for i, t in pages.items()]
    records += [conversion(i, url=f"https://other{i}.example/") for i in others]
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.warc.wet.gz").write_bytes(wet([WARCINFO, *records[:3], *records[6:8]]))
    (tmp_path / "in" / "sub" / "b.warc.wet").write_bytes(wet([*records[3:6], *records[8:]], gz=False))
    assert all(PROMO in clean(t) for t in pages.values())  # the plain model keeps the promo
    outs = {}
    for jobs in ("1", "2"):
        out = cli("--wet", "--group-by", "host", str(tmp_path / "in"), "-o", str(tmp_path / jobs), "--jobs", jobs)
        assert out.returncode == 0, out.stderr
        assert b"grouped 10 of 10 pages into 5 groups (1 with repeated lines)" in out.stderr
        outs[jobs] = [(tmp_path / jobs / name).read_bytes() for name in ("a.warc.wet.jsonl", "sub/b.warc.wet.jsonl")]
    assert outs["1"] == outs["2"]
    got = lines(outs["1"][0]) + lines(outs["1"][1])
    texts = [*pages.values(), *others.values()]
    urls = [f"https://www.town0.example/{i}" for i in pages] + [f"https://other{i}.example/" for i in others]
    order = [0, 1, 2, 6, 7, 3, 4, 5, 8, 9]  # the records as the files hold them
    grouped = clean_many(texts, group_by=[host_of(u) for u in urls])
    assert [r["text"] for r in got] == [grouped[k] for k in order]
    assert [r["url"] for r in got] == [urls[k] for k in order]
    assert all(PROMO not in r["text"] for r in got if "town0" in r["url"])


@pytest.mark.usefixtures("fragile_cleaner")
def test_group_by_host_cleans_the_pages_of_a_chunk_that_raised_with_their_groups_lines(tmp_path):
    # A page that breaks the cleaner sends its chunk's pages to be cleaned one at a time:
    # each still with its group, so the promo repeated across town0's pages is still dropped.
    pages = [_site_page(i) for i in range(4)]
    records = [conversion(i, text=t, url=f"https://www.town0.example/{i}") for i, t in enumerate(pages)]
    data = wet([*records[:2], conversion(9, text="BOOM", url="https://other.example/"), *records[2:]])
    found, messages, stats = clean_wet(tmp_path, data, group_by="host")
    assert stats.failures == {"cleaning error": 1} and found[2][ERROR_FIELD] is not None
    assert [r["text"] for r in found[:2] + found[3:]] == clean_many(pages, group_by=["town0.example"] * 4)
    assert all(PROMO not in r["text"] for r in found[:2] + found[3:])


def test_group_by_host_gives_what_jsonl_gives_for_the_same_records(tmp_path):
    # The same pages as a WET file and as JSON Lines with the same keys: corpus mode
    # groups them alike, and the outputs are the same bytes.
    pages = [(i, _site_page(i) if i % 3 == 0 else page(i), f"https://{'www.' * (i % 2)}town{i % 3}.example/{i}") for i in range(24)]
    (tmp_path / "wet" / "sub").mkdir(parents=True)
    (tmp_path / "jsonl" / "sub").mkdir(parents=True)
    (tmp_path / "wet" / "a.warc.wet.gz").write_bytes(wet([WARCINFO, *(conversion(i, t, u) for i, t, u in pages[:15])]))
    (tmp_path / "wet" / "sub" / "b.warc.wet").write_bytes(wet([conversion(i, t, u) for i, t, u in pages[15:]], gz=False))
    for name, part in (("a.warc.wet.jsonl", pages[:15]), ("sub/b.warc.wet.jsonl", pages[15:])):
        records = [{**expected(i), "url": u, "text": t} for i, t, u in part]
        (tmp_path / "jsonl" / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    for kind in ("wet", "jsonl"):
        out = cli(f"--{kind}", "--group-by", "host", str(tmp_path / kind), "-o", str(tmp_path / f"out-{kind}"))
        assert out.returncode == 0, out.stderr
        assert b"grouped 24 of 24 pages into 3 groups (3 with repeated lines)" in out.stderr
    for name in ("a.warc.wet.jsonl", "sub/b.warc.wet.jsonl"):
        assert (tmp_path / "out-wet" / name).read_bytes() == (tmp_path / "out-jsonl" / name).read_bytes()
    assert PROMO not in (tmp_path / "out-wet" / "a.warc.wet.jsonl").read_text(encoding="utf-8")


def test_group_by_host_reads_a_target_uri_in_angle_brackets(tmp_path):
    # wget writes WARC-Target-URI in <...>, after the WARC specification's grammar for
    # a URI: the host is the same as without them (it was none: no page was grouped).
    urls = [f"https://www.town0.example/{i}" for i in range(6)]
    (tmp_path / "plain").mkdir()
    plain, _, _ = clean_wet(tmp_path / "plain", wet([conversion(i, _site_page(i), u) for i, u in enumerate(urls)]), group_by="host")
    records = [conversion(i, _site_page(i), f"<{u}>", version=b"WARC/1.1") for i, u in enumerate(urls)]
    got, messages, bracketed = clean_wet(tmp_path, wet(records), group_by="host")
    assert (bracketed.grouped, bracketed.groups, bracketed.repeated_groups) == (6, 1, 1), messages
    assert [r["text"] for r in got] == [r["text"] for r in plain]
    assert all(PROMO not in r["text"] for r in got)


def test_group_by_host_without_urls_says_so(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.wet").write_bytes(wet([record(page(i).encode("utf-8")) for i in range(3)], gz=False))
    out = cli("--wet", "--group-by", "host", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert b"no record has a WARC-Target-URI with a host, so none was grouped" in out.stderr
    assert [r["text"] for r in lines((tmp_path / "out" / "a.wet.jsonl").read_bytes())] == [clean(page(i)) for i in range(3)]


# --------------------------------------------------------------------------- usage


def test_usage_errors(tmp_path):
    source = tmp_path / "x.warc.wet.gz"
    source.write_bytes(wet([conversion(0)]))
    for args, message in [
        (["--field", "body"], b"boilerplate: --field does not apply to --wet: the page is each conversion record's body"),
        (["--field", "text"], b"--field does not apply to --wet"),
        (["--group-by", "host", "--url-field", "link"], b"--url-field does not apply to --wet: a record's URL is its WARC-Target-URI."),
        (["--jsonl"], b"argument --jsonl: not allowed with argument --wet"),
        (["--parquet"], b"argument --parquet: not allowed with argument --wet"),
        (["--output-field", "url"], b"--output-field url: that key holds a header of each WET record"),
        (["--output-field", ERROR_FIELD], b"that field marks the records that failed"),
    ]:
        out = cli("--wet", *args, str(source), "-o", str(tmp_path / "out"))
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert out.stdout == b"" and not (tmp_path / "out").exists()
    out = cli("--wet", "--group-by", "host", "-", stdin=b"")
    assert out.returncode == 2 and b"save it to a file first" in out.stderr
    out = cli("--wet", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1 and b"cannot be read (No such file or directory)" in out.stderr


def test_a_json_lines_run_may_write_the_article_under_a_wet_headers_name(tmp_path):
    # Only a WET record's output holds the record's headers (url, language, ...): JSON Lines
    # records hold fields of their own, and any of those names may take the article.
    source = tmp_path / "r.jsonl"
    source.write_text(json.dumps({"body": page(0)}) + "\n", encoding="utf-8")
    stats = run(plan([str(source)], tmp_path / "out", "jsonl"), Options(kind="jsonl", field="body", output_field="url"))
    assert stats.outputs == 1 and lines((tmp_path / "out" / "r.jsonl").read_bytes()) == [{"body": page(0), "url": clean(page(0))}]


def test_text_options_name_what_they_apply_to(tmp_path):
    (tmp_path / "p.txt").write_text(page(0), encoding="utf-8")
    for args, message in [
        (["--output-field", "article"], b"boilerplate: --output-field applies to --jsonl, --parquet and --wet only.\n"),
        (["--field", "body", "--group-by", "host"], b"boilerplate: --field and --group-by apply to --jsonl and --parquet only.\n"),
    ]:
        out = cli(str(tmp_path / "p.txt"), *args)
        assert out.returncode == 2 and out.stderr == message, out.stderr
    out = cli(str(tmp_path / "p.txt"), "--field", "text", "-q")  # the default, given: let be, as before
    assert out.returncode == 0 and out.stdout.decode("utf-8") == clean(page(0)) + "\n"


def captures(gz: bool = True, before: bytes = WARCINFO) -> bytes:
    """A crawl's WARC file of web captures (request, response, metadata), as its WARC files hold them."""
    uri = {"WARC-Target-URI": "https://town0.example/news/0"}
    html = f"<html><body><p>{ENGLISH[0]}</p></body></html>".encode()
    return wet([before, record(b"GET /news/0 HTTP/1.1\r\n\r\n", "request", uri),
                record(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html, "response", uri),
                record(b"fetchTimeMs: 12\r\n", "metadata", uri)], gz=gz)


@pytest.mark.parametrize("gz", [True, False])
def test_a_crawls_warc_file_of_web_captures_is_refused_once_with_what_to_take(tmp_path, gz):
    # Its records were all read past: exit 0 and an empty output, as if the crawl had no pages.
    found, messages, stats = clean_wet(tmp_path, captures(gz), "x.warc.gz" if gz else "x.warc")
    assert found == [] and stats.outputs == 0 and stats.failures == {"not WET": 1}
    assert len(messages) == 1 and messages[0].endswith(
        "a WARC file of web captures, not a WET file (its record 2 is a request record): boilerplate cleans text, and"
        " these records hold HTTP messages, HTML or metadata (a crawl's WARC or WAT file); clean the crawl's WET files"
        " (.warc.wet.gz, each page's text), or render the HTML to text first")
    out = cli(str(tmp_path / ("x.warc.gz" if gz else "x.warc")))  # without --wet: not "a WET file; ... --wet"
    assert out.returncode == 1 and out.stdout == b""
    assert "a WARC file of web captures, not a WET file (its first records are web captures)" in out.stderr.decode()


@pytest.mark.parametrize("broken_read", [2, 3], ids=["in its first record", "after its first record"])
def test_a_wet_file_whose_reading_breaks_off_is_reported_with_the_error_and_leaves_no_output(tmp_path, monkeypatch, broken_read):
    # An I/O error (a disk or network file system failing) as the records are framed: one
    # failure in the error's own words, and no output, not one of the records read before it.
    # Read 1 is its first bytes (gzip or not?), then blocks of warc.BLOCK_BYTES: read 2 is
    # the first record's, read 3 comes within the second, once the first is framed.
    source = tmp_path / "x.warc.wet"
    body = "The council met.\n" * (warc.BLOCK_BYTES // 20)
    source.write_bytes(wet([conversion(i, body) for i in range(3)], gz=False))

    class Breaking(io.RawIOBase):
        def __init__(self, file):
            self.file, self.reads = file, 0

        def readable(self):
            return True

        def readinto(self, buffer):
            self.reads += 1
            if self.reads == broken_read:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return self.file.readinto(buffer)

        def close(self):
            self.file.close()
            super().close()

    stats, messages = run_reading_broken(monkeypatch, source, Breaking, "wet", tmp_path / "out")
    assert (stats.outputs, stats.failures) == (0, {"unreadable file": 1})
    assert messages == [f"boilerplate: {source}: reading stopped ({os.strerror(errno.EIO)})"]
    assert not list(tmp_path.glob("out/*"))


def test_an_xz_compressed_wet_file_is_told_to_be_decompressed(tmp_path):
    # xz's magic number is six bytes: the first bytes read to tell gzip must hold all of it,
    # else the file is "not a WET file" with no word of its compression.
    import lzma

    found, messages, stats = clean_wet(tmp_path, lzma.compress(wet([conversion(0)], gz=False)), "x.warc.wet.xz")
    assert found == [] and stats.failures == {"compressed": 1}
    assert messages == [f"boilerplate: {tmp_path / 'x.warc.wet.xz'}: xz-compressed: decompress it to a file first, e.g. "
                        f"xzcat {tmp_path / 'x.warc.wet.xz'} > {tmp_path / 'x.warc.wet'}, then clean that"]


def test_a_capture_after_a_broken_first_record_is_refused_too(tmp_path):
    broken = WARCINFO.replace(b"WARC-Type: warcinfo\r\n", b"WARC-Type: warcinfo\r\nno colon here\r\n")
    found, messages, stats = clean_wet(tmp_path, captures(before=broken))
    assert found == [] and stats.outputs == 0 and stats.pages == 0
    assert stats.failures == {"bad WARC record": 1, "not WET": 1}
    assert "no colon here" in messages[0] and "a WARC file of web captures" in messages[1]
    assert not list((tmp_path / "out").rglob("*.part"))
    assert warc.holds_captures(captures(before=broken))  # as a text run tells it


def test_corrupt_gzip_data_is_no_warc_file():
    # Gzip's magic number, then no gzip data: is_warc says no (it raised nothing, and the file is no WARC file).
    assert not warc.is_warc(warc.GZIP_MAGIC + b"WARC/1.0\r\n")


def test_only_the_gzip_magic_number_makes_a_file_gzip():
    # A file whose first byte is gzip's first, its second not, is no gzip data: read as plain, it is no WARC file.
    with pytest.raises(warc.NotWarc, match="not gzip"):
        list(warc.open_records(io.BytesIO(b"not gzip\n"), b"\x1f"))


@pytest.mark.parametrize("kind", ["request", "response", "resource", "revisit", "metadata"])
def test_each_type_of_capture_the_readme_names_tells_a_crawls_warc_file(kind):
    assert warc.holds_captures(wet([WARCINFO, record(b"x", kind)], gz=False))


def test_a_wet_file_is_not_taken_for_captures_whatever_its_head_holds():
    assert not warc.holds_captures(wet([WARCINFO, conversion(0), record(b"x", "response")]))
    assert not warc.holds_captures(wet([WARCINFO]))  # only warcinfo: nothing tells
    assert not warc.holds_captures(wet([WARCINFO, conversion(0)])[:40])  # cut short in a header
    assert not warc.holds_captures(b"plain text\n")


def test_telling_captures_reads_only_the_start_of_a_text_input(monkeypatch):
    # A text input's head is its whole data: holds_captures read all of it when no
    # conversion or capture record came early (here: a Content-Length too short, and the
    # rest skipped line by line), in time that grew with the square of its size.
    data = record(b"x" * 10, "warcinfo", length=5) + (b"x" * 99 + b"\n") * ((16 << 20) // 100)
    data += record(b"GET / HTTP/1.1\r\n\r\n", "request")
    read = []
    real = warc._Prefixed.readinto

    def counting(self, buffer):
        n = real(self, buffer)
        read.append(n)
        return n

    monkeypatch.setattr(warc._Prefixed, "readinto", counting)
    assert not warc.holds_captures(data)
    assert sum(read) <= warc.CAPTURES_SNIFF_BYTES


def test_a_wet_input_whose_output_name_is_too_long_fails_alone(tmp_path):
    # The output drops .gz and adds .jsonl: 3 bytes more than a name that is itself near the
    # file system's limit. The run stopped at its rename ("File name too long"), and the
    # inputs after it were never cleaned.
    limit = planning._name_max(tmp_path)
    long = "a" * (limit - len(".wet.gz")) + ".wet.gz"
    (tmp_path / "in").mkdir()
    for name in (long, "b.wet.gz"):
        (tmp_path / "in" / name).write_bytes(wet([WARCINFO, conversion(0)]))
    reported = []
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", "wet"), Options(kind="wet"), report=reported.append)
    assert (stats.outputs, stats.failures) == (1, {"name too long": 1})
    assert reported == [f"boilerplate: {tmp_path / 'in' / long}: its output's name would be {limit + 3} bytes long, and the"
                        f" file system of {tmp_path / 'out'} takes {limit}; give the input a shorter name"]
    assert output_names(tmp_path / "out") == ["b.wet.jsonl"]


def test_an_outputs_name_is_measured_against_the_file_system_of_its_own_folder(tmp_path, monkeypatch):
    # A folder of the mirrored tree may be another file system (eCryptfs takes 143 bytes):
    # its limit counts, not --out's, and the message names it.
    (tmp_path / "in" / "sub").mkdir(parents=True)
    name = "a" * 150 + ".wet"
    (tmp_path / "in" / "sub" / name).write_bytes(wet([WARCINFO, conversion(0)]))
    sub = tmp_path / "out" / "sub"
    monkeypatch.setattr(planning, "_name_max", lambda folder: 143 if folder == sub else planning.NAME_MAX)
    [task] = plan([str(tmp_path / "in")], tmp_path / "out", "wet")
    assert task.output is None
    assert task.error == ("name too long", f"its output's name would be 160 bytes long, and the file system of {sub}"
                                           " takes 143; give the input a shorter name")


def test_an_output_names_length_is_counted_in_bytes_not_characters(tmp_path):
    # A Bengali name of three bytes a letter: well under the limit in characters, over it in bytes.
    limit = planning._name_max(tmp_path)
    name = "খ" * ((limit - len(".wet")) // 3) + ".wet"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(wet([WARCINFO, conversion(0)]))
    [task] = plan([str(tmp_path / "in" / name)], tmp_path / "out", "wet")
    assert (task.output, task.error[0]) == (None, "name too long")


def test_a_warc_files_first_line_is_told_as_the_wet_reader_reads_it():
    # Blank lines before it and spaces around its version, gzip-compressed or not: --wet
    # reads the record, so a text run takes the file for a WET file alike.
    data = b"\r\n" * 5 + b"  " + GOOD[0]
    assert [item.error for item in warc.read_records(io.BytesIO(data))] == [None]
    assert warc.is_warc(data) and warc.is_warc(gzip.compress(data))


def test_captures_after_any_number_of_records_that_are_no_pages_are_refused():
    # Not only a capture right after the warcinfo: one that comes before any conversion record.
    data = WARCINFO + WARCINFO + record(b"GET /news/0 HTTP/1.1\r\n\r\n", "request")
    with pytest.raises(warc.NotWet, match="its record 3 is a request record"):
        list(warc.read_records(io.BytesIO(data)))


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_failed_body_is_kept_as_it_is_but_for_a_leading_byte_order_mark(tmp_path):
    # Only a leading BOM is dropped (README: "a leading UTF-8 byte order mark | dropped"):
    # boilerplate_raw keeps the body, so its white space and a U+FEFF inside it stay, as
    # they do in the body of a record the cleaner raised on.
    body = "\ufeff  BOOM \ufeff\n\n"
    bad = body.encode("utf-8") + b"\xff \n"
    data = wet([conversion(0, text=body), record(bad, headers={"WARC-Target-URI": "https://town1.example/"})])
    found, messages, stats = clean_wet(tmp_path, data)
    assert [record.get(RAW_FIELD) for record in found] == [body[1:], body[1:] + "\\xff \n"]
    assert stats.failures == {"cleaning error": 1, "not UTF-8": 1}


def test_the_next_members_start_is_no_more_than_the_bytes_asked_for():
    # Its data decompressed aside in one go, a member of a few compressed bytes gave all of its
    # 100,000 bytes, not the first 10: memory no longer flat (a small member may hold a lot).
    members = warc._GzipMembers(io.BytesIO(gzip.compress(b"first\r\n") + gzip.compress(b"x" * 100_000)))
    assert members.read(100) == b"first\r\n" and members.at_member_end()
    assert members.next_member_head(10) == b"x" * 10
    assert members.read(100) == b"x" * 100


def test_a_member_that_starts_with_a_record_line_with_spaces_after_it_tells_a_body_past_its_member_as_before(tmp_path):
    # WARC/1.0 with spaces after it starts a record, as it does where a record is read: the body
    # does not run on into it.
    after = GOOD[2].replace(b"WARC/1.0\r\n", b"WARC/1.0  \r\n", 1)
    assert after != GOOD[2]
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 100)
    found, messages, _ = clean_wet(tmp_path, wet([GOOD[0], too_long, after]))
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0), expected(2)]
    assert len(messages) == 1 and "record 2: its Content-Length" in messages[0] and "runs past its gzip member" in messages[0]


def test_a_body_past_its_member_before_a_member_whose_start_is_corrupt_fails_then_the_corrupt_data(tmp_path):
    # The next member's start cannot be decompressed: it is taken to start a record, so the
    # record whose Content-Length runs past its member is told so, and the corrupt data after it.
    too_long = conversion(1, length=len(page(1).encode("utf-8")) + 100)
    data = wet([GOOD[0], too_long]) + gzip.compress(GOOD[2], mtime=0)[:30] + b"\x00" * 40 + wet(GOOD[3:])
    found, messages, _ = clean_wet(tmp_path, data)
    assert [r for r in found if ERROR_FIELD not in r] == [expected(0)]
    assert len(messages) == 2 and "record 2: its Content-Length" in messages[0] and "runs past its gzip member" in messages[0]
    assert "record 3: corrupt gzip data after byte " in messages[1]


def test_a_file_named_as_wet_in_capitals_that_holds_no_warc_record_is_told_its_name_as_in_lower_case(tmp_path):
    # A WET file's name is told in any case (as the run without --wet refuses it by that name).
    source = tmp_path / "CC-MAIN-5.WARC.WET"
    source.write_bytes(b"<!DOCTYPE html>\n<html><body><h1>503 Slow Down</h1></body></html>\n")
    out = cli("--wet", str(source))
    assert out.returncode == 1 and out.stdout == b""
    message = out.stderr.decode("utf-8").splitlines()[0]
    assert message.endswith(
        "not WARC/1.0; --wet reads WARC files of conversion records (its name is a WET file's: a failed download, an"
        " error page saved under that name? fetch it again; a text file? rename it and leave out --wet)"
    ), message
    assert "a WET file; clean its records with --wet" in cli(str(source)).stderr.decode("utf-8")


def test_a_body_whose_rest_in_the_next_member_is_a_line_like_a_records_start_then_blank_lines_is_read_on(tmp_path):
    # The next member holds the rest of the body, "WARC/1.0" (a page may hold the line), and the blank
    # lines that end the record: it goes on with the body, though its first line is a record's.
    text = page(1) + "\nWARC/1.0\n"
    records = [WARCINFO, conversion(0), conversion(1, text=text), conversion(2), conversion(3)]
    plain = b"".join(records)
    start = len(b"".join(records[:2]))
    body_end = plain.index(b"\r\n\r\n", start) + 4 + len(text.encode("utf-8"))
    assert plain[body_end - 9 : body_end + 4] == b"WARC/1.0\n\r\n\r\n" and plain[body_end + 4 :].startswith(b"WARC/1.0\r\n")
    cuts = [0, start, body_end - 9, body_end + 4, len(plain)]
    data = b"".join(gzip.compress(plain[a:b], mtime=0) for a, b in zip(cuts, cuts[1:]))
    found, messages, stats = clean_wet(tmp_path, data)
    assert messages == [] and stats.failures == {}
    assert found == [expected(0), expected(1, text), expected(2), expected(3)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_as_a_wet_file_is_told_by_what_it_holds_not_by_its_name(tmp_path):
    # A pipe's name does not say what comes through it (as for a JSON Lines name): a pipe named
    # x.wet that carries plain text is cleaned as text, not refused as "a WET file".
    fifo = tmp_path / "x.wet"
    os.mkfifo(fifo)
    [task] = plan([str(fifo)], None, "text")
    assert task.stream and not planning._wet_named(task)
    assert planning._wet_given(task, b"Home | News\n\nA paragraph of text.\n") is None
    assert planning._wet_given(task, GOOD[0][:64]).message == "a WET file; clean its records with --wet"
    (tmp_path / "p.txt").write_text(page(0), encoding="utf-8")
    as_file = cli(str(tmp_path / "p.txt"))
    assert as_file.returncode == 0 and BENGALI[0] in as_file.stdout.decode("utf-8")
    writer = subprocess.Popen(["sh", "-c", 'cat "$0" > "$1"', str(tmp_path / "p.txt"), str(fifo)])
    try:
        out = cli(str(fifo))
    finally:
        try:
            writer.wait(timeout=30)
        except subprocess.TimeoutExpired:  # the run never opened the pipe: the writer waits for it still
            writer.kill()
            writer.wait()
    assert out.returncode == 0, out.stderr
    assert out.stdout == as_file.stdout
