"""The command line: files, folders, standard input, JSON Lines and Parquet in; the article out."""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata

import pandas as pd
import pytest

from boilerplate import clean, clean_many
from boilerplate.planning import ERROR_FIELD, RAW_FIELD
from boilerplate.runner import MANIFEST

from .conftest import LABELS, between, output_names, stopped_while_writing

PAGE = LABELS / "pages" / "000_2cc86d798c6ceb90.txt"
PAGES = sorted((LABELS / "pages").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in PAGES]


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "boilerplate", *args], input=stdin, capture_output=True, cwd=cwd)


def cleaned(text: str) -> str:
    """What the CLI writes for a text page: the article and a final newline."""
    out = clean(text)
    return out + "\n" if out else ""


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clean_a_file():
    out = run("clean", str(PAGE))
    assert out.returncode == 0
    page = PAGE.read_text(encoding="utf-8")
    assert out.stdout.decode("utf-8") == cleaned(page)
    # The summary: the page's non-blank lines kept (the article's) and dropped, the bytes read and written.
    kept = sum(bool(line.strip()) for line in out.stdout.decode("utf-8").splitlines())
    dropped = sum(bool(line.strip()) for line in page.splitlines()) - kept
    assert kept > 0 and dropped > 0
    assert out.stderr.decode("utf-8") == (
        f"boilerplate: 1 page from 1 input \u2192 1 output; lines kept {kept}, dropped {dropped};"
        f" {len(PAGE.read_bytes()) / 1e3:.1f} kB in, {len(out.stdout) / 1e3:.1f} kB out; 0 failed\n"
    )


def test_the_command_under_test_is_this_checkouts(tmp_path):
    # Found by review: run from another folder (or with cwd=tmp_path, as some tests here
    # are), python -m boilerplate imported the boilerplate installed in the environment,
    # another checkout's, so these tests passed with this checkout's command broken.
    import boilerplate

    code = "import boilerplate, sys; sys.stdout.write(boilerplate.__file__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout == boilerplate.__file__


def test_clean_help_keeps_its_own_lines_within_80_columns():
    # Found by reading `boilerplate clean --help` for the README review: the epilog is printed
    # as written (RawDescriptionHelpFormatter), and one of its lines ran to 105 columns.
    from boilerplate.cli import CLEAN_EPILOG

    long = [line for line in CLEAN_EPILOG.splitlines() if len(line) > 80]
    assert not long, long


def test_the_help_and_readme_say_that_one_parquet_input_needs_out_as_it_does(tmp_path):
    # Found reading clean --help for the README review: both said that one input and no --out
    # prints to standard output, and one Parquet input without --out is a usage error.
    from boilerplate.cli import CLEAN_EPILOG

    from .conftest import REPO

    pd.DataFrame({"text": [TEXTS[0]]}).to_parquet(tmp_path / "a.parquet")
    out = run("clean", "--parquet", str(tmp_path / "a.parquet"))
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode("utf-8") == "boilerplate: Parquet output needs --out DIR.\n"
    help_text = " ".join(CLEAN_EPILOG.split())
    assert "One input and no --out prints to standard output (Parquet, a file, always needs --out)" in help_text
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "One input and no `--out` prints to standard output (but a Parquet output, a file, always needs `--out`" in readme


def test_two_files_with_one_output_are_told_a_way_that_cleans_both(tmp_path):
    # Found following the message for the README review: "clean them in two runs", done
    # with the same --out, left the second file uncleaned, its run skipping the output
    # the first wrote as complete (exit code 0).
    for sub, page in (("a", PAGES[0]), ("b", PAGES[1])):
        (tmp_path / sub).mkdir()
        shutil.copy(page, tmp_path / sub / "p.txt")
    out = run("clean", str(tmp_path / "a" / "p.txt"), str(tmp_path / "b" / "p.txt"), "--out", str(tmp_path / "o"))
    assert out.returncode == 2
    message = out.stderr.decode("utf-8")
    assert "clean them in two runs, each with its own --out folder" in message
    for sub in ("a", "b"):  # as told
        assert run("clean", str(tmp_path / sub / "p.txt"), "--out", str(tmp_path / f"o_{sub}"), "-q").returncode == 0
    for sub, page in (("a", PAGES[0]), ("b", PAGES[1])):
        assert (tmp_path / f"o_{sub}" / "p.txt").read_text(encoding="utf-8") == cleaned(page.read_text(encoding="utf-8"))
    # What the message now warns of: one --out for both runs cleans only the first.
    assert "1 output already complete, skipped" in run("clean", str(tmp_path / "b" / "p.txt"), "--out", str(tmp_path / "o_a")).stderr.decode()


def test_the_article_goes_out_as_utf8_whatever_the_locale():
    # PYTHONIOENCODING=ascii stands for a C or POSIX locale: sys.stdout encodes ASCII only.
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    page = PAGES[1]
    out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", str(page)], capture_output=True, env=env)
    assert out.returncode == 0 and b"Traceback" not in out.stderr
    assert out.stdout == cleaned(page.read_text(encoding="utf-8")).encode("utf-8")


def test_clean_stdin_drops_a_bom():
    out = run("clean", "-", "--quiet", stdin=b"\xef\xbb\xbf" + PAGE.read_bytes())
    assert out.returncode == 0 and out.stderr == b""
    assert out.stdout.decode("utf-8") == cleaned(PAGE.read_text(encoding="utf-8"))


def test_errors_say_what_to_do(tmp_path):
    missing = run("clean", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and b"No such file" in missing.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe")
    out = run("clean", str(bad))
    assert out.returncode == 1 and b"not valid UTF-8 at byte 3" in out.stderr and b"--errors replace" in out.stderr
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfok\n\xff")
    out = run("clean", str(bom))
    assert out.returncode == 1 and b"not valid UTF-8 at byte 6" in out.stderr  # offsets count the BOM


def test_standard_input_twice_and_an_empty_path_are_usage_errors(tmp_path):
    twice = run("clean", "-", "-", "--out", str(tmp_path / "o"), stdin=PAGE.read_bytes())
    assert twice.returncode == 2 and twice.stdout == b""
    assert twice.stderr == b"boilerplate: - (standard input) is given twice and can be read only once; give it once.\n"
    (tmp_path / "here.txt").write_text(TEXTS[0], encoding="utf-8")
    empty = run("clean", "", "--out", str(tmp_path / "o"), cwd=tmp_path)  # "" was the current folder
    assert empty.returncode == 2 and b"an input is an empty path" in empty.stderr
    assert not (tmp_path / "o").exists()


def test_out_dash_is_a_usage_error_not_a_folder_named_dash(tmp_path):
    # Found trying "-o -" as other tools take it (standard output): the article went to
    # a new folder ./-, nothing to standard output, exit code 0.
    out = run("clean", str(PAGE), "--out", "-", cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == b"" and not (tmp_path / "-").exists()
    assert out.stderr.decode("utf-8").startswith("boilerplate: --out - names a folder, not standard output;")
    named = run("clean", str(PAGE), "--out", "./-", "-q", cwd=tmp_path)  # as the message says, for a folder named -
    assert named.returncode == 0 and (tmp_path / "-" / PAGE.name).read_text(encoding="utf-8") == cleaned(TEXTS[0])


def test_an_empty_field_name_is_a_usage_error_not_the_default(tmp_path):
    write_jsonl(tmp_path / "d.jsonl", [{"url": "https://a.example/", "content": TEXTS[0]}])
    (tmp_path / "p.txt").write_text(TEXTS[0], encoding="utf-8")
    jsonl = ["--jsonl", str(tmp_path / "d.jsonl"), "--out", str(tmp_path / "o")]
    for args, option in [
        ([*jsonl, "--field", "content", "--output-field", ""], "--output-field"),  # wrote over content
        ([*jsonl, "--field", ""], "--field"),
        ([*jsonl, "--field", "content", "--group-by", "host", "--url-field", ""], "--url-field"),  # took url
        ([str(tmp_path / "p.txt"), "--out", str(tmp_path / "o"), "--output-field", ""], "--output-field"),
    ]:
        out = run("clean", *args)
        assert out.returncode == 2, (args, out.stderr)
        assert f"argument {option}: an empty field name (an unset variable?)".encode() in out.stderr, out.stderr
        assert b"Traceback" not in out.stderr and not (tmp_path / "o").exists()


def test_a_folder_and_a_file_in_it_clean_the_file_once(tmp_path):
    (tmp_path / "pages").mkdir()
    page = tmp_path / "pages" / "p.txt"
    page.write_text(TEXTS[0], encoding="utf-8")
    out = run("clean", str(tmp_path / "pages"), str(page), "--out", str(tmp_path / "o"))
    assert out.returncode == 0, out.stderr
    assert b"1 page from 1 input " in out.stderr
    assert (tmp_path / "o" / "p.txt").read_text(encoding="utf-8") == cleaned(TEXTS[0])


def test_a_pipe_given_by_path_is_read_like_standard_input(tmp_path):
    # <(zcat crawl.jsonl.gz) is a pipe named /dev/fd/N: read once, written to standard output.
    records = [{"id": i, "text": t} for i, t in enumerate(TEXTS)]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "p.txt").write_text("{}", encoding="utf-8")
    write_jsonl(tmp_path / "p.jsonl", records[:1])

    def feed():
        with open(fifo, "wb") as w:  # blocks until the run opens the pipe
            w.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        out = run("clean", "--jsonl", str(fifo), str(tmp_path / "p.jsonl"), "--out", str(tmp_path / "o"), "-q")
    finally:
        if writer.is_alive():  # the run never opened the pipe: let the writer go
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(10)
    assert out.returncode == 0, out.stderr
    assert [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()] == [
        {"id": i, "text": clean(t)} for i, t in enumerate(TEXTS)
    ]
    assert output_names(tmp_path / "o") == ["p.jsonl"]  # the file's output, none for the pipe
    # /dev/stdin, here a pipe, as a text page
    out = run("clean", "/dev/stdin", "-q", stdin=PAGE.read_bytes())
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8") == cleaned(PAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/dev//stdin"])  # the last: one of them, written otherwise
def test_standard_input_by_its_path_is_read_like_dash_also_from_a_redirected_file(tmp_path, name):
    # "< a.jsonl": /dev/stdin is then a regular file. It was cleaned to DIR/stdin, and the next
    # run's "< b.jsonl" was skipped as complete: b was never cleaned.
    outputs = []
    for i, text in enumerate(TEXTS[:2]):
        write_jsonl(tmp_path / f"{i}.jsonl", [{"text": text}])
        with open(tmp_path / f"{i}.jsonl", "rb") as redirected:
            out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--jsonl", name, "--out", str(tmp_path / "o"), "-q"],
                                 stdin=redirected, capture_output=True)
        assert out.returncode == 0, out.stderr
        outputs.append(read_jsonl_bytes(out.stdout))
    assert outputs == [[{"text": clean(TEXTS[0])}], [{"text": clean(TEXTS[1])}]]
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    with open(tmp_path / "0.jsonl", "rb") as redirected:
        out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--parquet", name, "--out", str(tmp_path / "o")],
                             stdin=redirected, capture_output=True)
    assert out.returncode == 2 and b"Parquet cannot be read from standard input" in out.stderr


def read_jsonl_bytes(data: bytes) -> list:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_usage_without_a_command():
    out = run()
    assert out.returncode == 2 and b"usage: boilerplate" in out.stderr


def test_a_folder_is_cleaned_into_a_mirrored_tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub" / "deeper").mkdir(parents=True)
    names = ["a.txt", "sub/b.txt", "sub/deeper/c.txt", "sub/d.txt", "e.txt"]
    for name, text in zip(names, TEXTS):
        (src / name).write_text(text, encoding="utf-8")
    (src / "sub" / "notes.md").write_text("not a page", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    out = run("clean", str(src), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != MANIFEST)
    assert written == sorted(names + ["empty.txt"])
    for name, text in zip(names, TEXTS):
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == cleaned(text)
    assert (tmp_path / "out" / "empty.txt").read_bytes() == b""  # an empty page gives an empty output
    assert b"6 pages from 6 inputs" in out.stderr


def test_files_and_folders_together_with_two_jobs(tmp_path):
    (tmp_path / "dir").mkdir()
    for i, text in enumerate(TEXTS[:3]):
        (tmp_path / "dir" / f"{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "solo.txt").write_text(TEXTS[4], encoding="utf-8")
    out = run("clean", str(tmp_path / "dir"), str(tmp_path / "solo.txt"), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert out.returncode == 0, out.stderr
    for i, text in enumerate(TEXTS[:3]):
        assert (tmp_path / "out" / f"{i}.txt").read_text(encoding="utf-8") == cleaned(text)
    assert (tmp_path / "out" / "solo.txt").read_text(encoding="utf-8") == cleaned(TEXTS[4])


def test_invalid_utf8_strict_goes_on_to_the_next_input_and_replace_cleans_it(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    head, tail = TEXTS[1][:50].encode("utf-8"), TEXTS[1][50:].encode("utf-8")
    (src / "b.txt").write_bytes(head + b"\xff" + tail)
    (src / "c.txt").write_text(TEXTS[2], encoding="utf-8")
    out = run("clean", str(src), "--out", str(tmp_path / "strict"))
    assert out.returncode == 1
    assert f"{src / 'b.txt'}: not valid UTF-8 at byte {len(head)}".encode() in out.stderr
    assert output_names(tmp_path / "strict") == ["a.txt", "c.txt"]
    assert b"1 failed (not UTF-8: 1)" in out.stderr
    quiet = run("clean", str(src), "--out", str(tmp_path / "quiet"), "-q")  # one failure is something failed
    assert quiet.returncode == 1 and quiet.stderr.endswith(b"1 failed (not UTF-8: 1)\n"), quiet.stderr
    out = run("clean", str(src), "--out", str(tmp_path / "replace"), "--errors", "replace")
    assert out.returncode == 0, out.stderr
    expected = cleaned(TEXTS[1][:50] + "\ufffd" + TEXTS[1][50:])
    assert (tmp_path / "replace" / "b.txt").read_text(encoding="utf-8") == expected


def test_a_rerun_skips_complete_outputs_and_overwrite_redoes_them(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(TEXTS[:2]):
        (src / f"{i}.txt").write_text(text, encoding="utf-8")
    assert run("clean", str(src), "-o", str(tmp_path / "out")).returncode == 0
    (tmp_path / "out" / "0.txt").write_text("marker", encoding="utf-8")
    again = run("clean", str(src), "-o", str(tmp_path / "out"))
    assert again.returncode == 0 and b"2 outputs already complete, skipped" in again.stderr
    assert (tmp_path / "out" / "0.txt").read_text(encoding="utf-8") == "marker"
    assert run("clean", str(src), "-o", str(tmp_path / "out"), "--overwrite").returncode == 0
    assert (tmp_path / "out" / "0.txt").read_text(encoding="utf-8") == cleaned(TEXTS[0])


def test_a_rerun_with_another_model_redoes_the_outputs_that_model_did_not_make(tmp_path, inverted_model):
    # Before, a rerun after retraining skipped every existing output as complete: the
    # folder held the old model's articles beside the new one's, and nothing said so.
    from boilerplate.model import load_model

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i, text in enumerate(TEXTS[:3]):
        (src / f"{i}.txt").write_text(text, encoding="utf-8")
    mine = load_model(inverted_model)
    shipped = [cleaned(text) for text in TEXTS[:3]]
    inverted = [clean(text, model=mine) + "\n" for text in TEXTS[:3]]  # no page's article is empty
    assert inverted != shipped
    assert run("clean", str(src), "-o", str(out)).returncode == 0
    (out / "2.txt").unlink()  # as if a run with the shipped model had been killed before it
    again = run("clean", str(src), "-o", str(out), "--model", str(inverted_model))
    assert again.returncode == 0, again.stderr
    assert b"1 page from 1 input" not in again.stderr and b"3 pages from 3 inputs" in again.stderr
    assert b"2 outputs redone: made with another model, version, --group-by or --url-field" in again.stderr
    assert [(out / f"{i}.txt").read_text(encoding="utf-8") for i in range(3)] == inverted
    last = run("clean", str(src), "-o", str(out), "--model", str(inverted_model))
    assert last.returncode == 0 and b"3 outputs already complete, skipped" in last.stderr and b"redone" not in last.stderr
    back = run("clean", str(src), "-o", str(out))  # and back to the shipped model
    assert back.returncode == 0 and b"3 outputs redone: made with another model" in back.stderr
    assert [(out / f"{i}.txt").read_text(encoding="utf-8") for i in range(3)] == shipped


def test_an_output_whose_redo_failed_is_not_counted_as_redone(tmp_path, inverted_model):
    # The summary counted an output as redone when the rerun reached it, not when it was
    # written: an input that failed this time kept the old model's output and the summary
    # said "2 outputs redone" of a run that wrote one.
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(TEXTS[0], encoding="utf-8")
    (src / "bad.txt").write_bytes(TEXTS[1].encode("utf-8") + b"\nbad \xff byte\n")
    assert run("clean", str(src), "-o", str(out), "--errors", "replace").returncode == 0
    old = (out / "bad.txt").read_bytes()
    again = run("clean", str(src), "-o", str(out), "--model", str(inverted_model))
    assert again.returncode == 1 and b"bad.txt: not valid UTF-8" in again.stderr
    assert b"1 page from 2 inputs \xe2\x86\x92 1 output" in again.stderr
    assert b"; 1 output redone: made with another model" in again.stderr, again.stderr
    assert (out / "bad.txt").read_bytes() == old  # kept, and redone by the next rerun that can
    fixed = run("clean", str(src), "-o", str(out), "--model", str(inverted_model), "--errors", "replace")
    assert fixed.returncode == 0 and b"1 output already complete, skipped; 1 output redone: made with another model" in fixed.stderr
    # So with an output redone for its marks, whose input cannot be read now.
    write_jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[0]}, {"body": "no text field"}])
    assert run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(out)).returncode == 1
    (tmp_path / "a.jsonl").write_bytes(gzip.compress((tmp_path / "a.jsonl").read_bytes()))
    gone = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(out))
    assert gone.returncode == 1 and b"gzip-compressed" in gone.stderr and b"redone" not in gone.stderr, gone.stderr


def test_the_manifest_names_each_output_with_the_run_that_made_it(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (src / "sub" / "b.txt").write_text(TEXTS[1], encoding="utf-8")
    assert run("clean", str(src), "-o", str(out)).returncode == 0
    top = [json.loads(line) for line in (out / MANIFEST).read_text(encoding="ascii").splitlines()]
    sub = [json.loads(line) for line in (out / "sub" / MANIFEST).read_text(encoding="ascii").splitlines()]
    assert [e["output"] for e in top] == ["a.txt"] and [e["output"] for e in sub] == ["b.txt"]
    assert top[0]["run"] == sub[0]["run"] and len(top[0]["run"]) == 64
    # An output the manifest does not name (written by a version without manifests) is
    # taken as complete, as before; a line that is not an entry says nothing.
    (out / "sub" / MANIFEST).write_text('not JSON\n{"output": 3}\n', encoding="ascii")
    (out / MANIFEST).write_text(json.dumps({"output": "a.txt", "run": "0" * 64}) + "\n", encoding="ascii")
    again = run("clean", str(src), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert b"1 output already complete, skipped; 1 output redone: made with another model" in again.stderr
    assert [json.loads(line)["run"] for line in (out / MANIFEST).read_text(encoding="ascii").splitlines()] == [
        "0" * 64, top[0]["run"]]  # appended: the last line counts


def test_output_is_never_written_over_its_input(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(TEXTS[0], encoding="utf-8")
    for args in ([str(tmp_path), "--out", str(tmp_path)], [str(page), "--out", str(tmp_path)]):
        out = run("clean", *args)
        assert out.returncode == 2 and b"would be written over the input" in out.stderr
    assert page.read_text(encoding="utf-8") == TEXTS[0]


def test_an_output_that_cannot_be_written_stops_the_run_with_a_message(tmp_path):
    # --out itself is checked before the run (below); a folder of its mirrored tree is made as the run goes.
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "p.txt").write_text(TEXTS[0], encoding="utf-8")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "sub").write_text("", encoding="utf-8")
    out = run("clean", str(tmp_path / "in"), "--out", str(tmp_path / "o"))
    assert out.returncode == 1 and b"Traceback" not in out.stderr
    assert f"cannot write {tmp_path / 'o' / 'sub'} (File exists): a file stands where --out needs a folder".encode() in out.stderr


def test_a_parquet_output_that_cannot_be_written_names_the_folder(tmp_path):
    # As for text: the message names the file standing where a folder is needed, not a
    # file the run would have made in it.
    (tmp_path / "in" / "sub").mkdir(parents=True)
    pd.DataFrame({"text": [TEXTS[0]]}).to_parquet(tmp_path / "in" / "sub" / "p.parquet")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "sub").write_text("", encoding="utf-8")
    out = run("clean", "--parquet", str(tmp_path / "in"), "--out", str(tmp_path / "o"))
    assert out.returncode == 1 and b"Traceback" not in out.stderr
    assert f"cannot write {tmp_path / 'o' / 'sub'} (File exists): a file stands where --out needs a folder".encode() in out.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("out_dir", [False, True])
def test_a_full_standard_output_says_so(tmp_path, out_dir):
    # Standard input's output goes to standard output, --out or not: the advice was to
    # give --out a folder on another disk, which changes nothing for it.
    more = ["--out", str(tmp_path / "o")] if out_dir else []
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "boilerplate", "clean", "--jsonl", "-", *more],
            input=(json.dumps({"text": TEXTS[0]}) + "\n").encode() * 50, stdout=full, stderr=subprocess.PIPE,
        )
    assert out.returncode == 1 and b"Traceback" not in out.stderr
    assert out.stderr.decode("utf-8").endswith(
        "boilerplate: cannot write to standard output (No space left on device): "
        "free some space where standard output goes, or redirect it to a file on another disk, then rerun.\n"
    )
    # A file's output can be given a folder instead.
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": TEXTS[0]}) + "\n", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--jsonl", str(tmp_path / "a.jsonl")],
                             stdout=full, stderr=subprocess.PIPE)
    assert out.returncode == 1 and out.stderr.decode("utf-8").endswith(
        "free some space where standard output goes, or give --out a folder on another disk, then rerun.\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_text_page_to_a_full_or_closed_standard_output(tmp_path):
    # The article goes to standard output's binary buffer: a full disk and a reader
    # that went away are met there as they are with JSON Lines.
    cmd = [sys.executable, "-m", "boilerplate", "clean", str(PAGE), "-q"]
    with open("/dev/full", "wb") as full:
        out = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE)
    assert out.returncode == 1 and out.stderr.decode("utf-8").startswith(
        "boilerplate: cannot write to standard output (No space left on device): free some space"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.Popen(cmd, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait() == 141 and err == b""


@pytest.mark.skipif(not os.path.exists("/dev/full") or not hasattr(os, "mkfifo"), reason="needs /dev/full and named pipes")
def test_a_full_standard_output_of_a_stream_beside_an_input_that_only_fails_is_told_to_redirect_it(tmp_path):
    # Found by mutation testing cli: a pipe in an input folder is a task that only fails,
    # and has no output file; taken for one written to standard output, it made the
    # advice for standard input's full disk "give --out a folder", --out given, which
    # does not redirect standard input's output.
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "b.txt")
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "boilerplate", "clean", "-", str(tmp_path / "in"), "--out", str(tmp_path / "o")],
            input=PAGE.read_bytes(), stdout=full, stderr=subprocess.PIPE,
        )
    assert out.returncode == 1 and b"Traceback" not in out.stderr
    assert out.stderr.decode("utf-8").endswith(
        "boilerplate: cannot write to standard output (No space left on device): "
        "free some space where standard output goes, or redirect it to a file on another disk, then rerun.\n"
    )


def test_an_out_folder_that_cannot_be_made_is_a_usage_error(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(TEXTS[0], encoding="utf-8")
    out = run("clean", str(page), "--out", str(tmp_path / "p.txt" / "a" / "b"))
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode("utf-8") == (
        f"boilerplate: --out {tmp_path / 'p.txt' / 'a' / 'b'}: {page} is a file, not a folder,"
        f" so {tmp_path / 'p.txt' / 'a' / 'b'} cannot be made; give another --out.\n"
    )


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[i % len(TEXTS)]} for i in range(2000)])
    cmd = [sys.executable, "-m", "boilerplate", "clean", "--jsonl", str(tmp_path / "a.jsonl"), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with proc.stdout, proc.stderr:
        proc.stdout.read(100)  # like head -c 100
        proc.stdout.close()
        err = proc.stderr.read()
    assert proc.wait() == 141 and err == b""


def test_a_reader_of_the_summary_that_goes_away_ends_the_run_quietly(tmp_path):
    # boilerplate clean page.txt 2>&1 | head -3: the summary, written last, meets a closed pipe.
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE.read_bytes())
    cmd = [sys.executable, "-m", "boilerplate", "clean", str(page), "--out", str(tmp_path / "out")]
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the command starts
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=write_end)
    os.close(write_end)
    assert proc.wait() == 141
    assert (tmp_path / "out" / "page.txt").read_text(encoding="utf-8") == clean(PAGE.read_text(encoding="utf-8")) + "\n"


def _closing(fd: int):
    """A preexec_fn that closes ``fd`` before the command starts (``<&-``, ``>&-``): Python then sets
    sys.stdin or sys.stdout to None."""
    return lambda: os.close(fd)


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor before the command starts")
def test_a_closed_standard_input_or_output_is_a_usage_error(tmp_path):
    cmd = [sys.executable, "-m", "boilerplate", "clean"]
    out = subprocess.run([*cmd, "-"], preexec_fn=_closing(0), capture_output=True)
    assert (out.returncode, out.stdout) == (2, b"")
    assert out.stderr == b"boilerplate: standard input is closed; give the pages in a file, or pipe them into -.\n"
    out = subprocess.run([*cmd, str(PAGE)], preexec_fn=_closing(1), stderr=subprocess.PIPE)
    assert (out.returncode, out.stderr) == (2, b"boilerplate: standard output is closed; give --out DIR or redirect it.\n")
    with PAGE.open("rb") as page:
        out = subprocess.run([*cmd, "-", "--out", str(tmp_path / "o")], preexec_fn=_closing(1), stdin=page, stderr=subprocess.PIPE)
    assert out.returncode == 2 and out.stderr == (
        b"boilerplate: standard output is closed, and <stdin>, read as a stream, is written to it; redirect it to a file.\n"
    )
    # with --out standard output is not needed, and a reader of the summary that goes away ends the run quietly
    out = subprocess.run([*cmd, str(PAGE), "--out", str(tmp_path / "o")], preexec_fn=_closing(1), stderr=subprocess.PIPE)
    assert out.returncode == 0 and (tmp_path / "o" / PAGE.name).read_text(encoding="utf-8") == cleaned(TEXTS[0])
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.Popen([*cmd, str(PAGE), "--out", str(tmp_path / "p")], preexec_fn=_closing(1), stderr=write_end)
    os.close(write_end)
    assert proc.wait() == 141


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_with_out_a_closed_standard_output_is_no_usage_error_for_an_input_that_only_fails(tmp_path):
    # Found trying a folder holding a pipe with standard output closed: the pipe's task
    # (reported, never written) has no output file, and was taken for one that writes to
    # standard output, so the run was refused with "give --out DIR", --out given.
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PAGE, src / "a.txt")
    os.mkfifo(src / "b.txt")
    cmd = [sys.executable, "-m", "boilerplate", "clean", str(src), "--out", str(tmp_path / "o")]
    out = subprocess.run(cmd, preexec_fn=_closing(1), stderr=subprocess.PIPE)
    assert out.returncode == 1, out.stderr
    assert f"boilerplate: {src / 'b.txt'}: not a regular file".encode() in out.stderr
    assert (tmp_path / "o" / "a.txt").read_text(encoding="utf-8") == cleaned(TEXTS[0])


def test_a_closed_standard_error_leaves_the_articles_and_the_exit_code(tmp_path):
    # Nowhere to report: no traceback, no message among the articles on standard output.
    cmd = [sys.executable, "-m", "boilerplate", "clean"]
    for quiet in ([], ["-q"]):
        out = subprocess.run([*cmd, str(PAGE), *quiet], preexec_fn=_closing(2), stdout=subprocess.PIPE)
        assert (out.returncode, out.stdout.decode("utf-8")) == (0, cleaned(TEXTS[0])), quiet
        out = subprocess.run([*cmd, str(PAGE), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"), *quiet],
                             preexec_fn=_closing(2), stdout=subprocess.PIPE)
        assert (out.returncode, out.stdout) == (1, b""), quiet


def test_a_jsonl_or_parquet_file_without_its_option_is_reported_with_the_option(tmp_path):
    # Cleaned as text, a JSON Lines file was one page of JSON (exit 0) and a Parquet
    # file "not valid UTF-8 ... or pass --errors replace", advice that cleans binary.
    pyarrow = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    write_jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[0]}])
    pq.write_table(pyarrow.table({"text": [TEXTS[0]]}), tmp_path / "r.parquet")
    (tmp_path / "p.txt").write_text(TEXTS[0], encoding="utf-8")
    out = run("clean", str(tmp_path / "a.jsonl"), str(tmp_path / "r.parquet"), str(tmp_path / "p.txt"), "--out", str(tmp_path / "o"))
    assert out.returncode == 1
    assert out.stderr.decode("utf-8").splitlines()[:2] == [
        f"boilerplate: {tmp_path / 'a.jsonl'}: a JSON Lines file (by its name); clean its records with --jsonl (and --field NAME)",
        f"boilerplate: {tmp_path / 'r.parquet'}: a Parquet file; clean its text column with --parquet (and --field NAME)",
    ]
    assert output_names(tmp_path / "o") == ["p.txt"]
    out = run("clean", "-", stdin=(tmp_path / "r.parquet").read_bytes())
    assert out.returncode == 1 and out.stdout == b""
    assert "a Parquet file; save it to a file and clean that with --parquet and --out DIR\n" in out.stderr.decode("utf-8")
    # A cut-off Parquet file (no PAR1 at its end, not UTF-8) is one too; a text file
    # that merely starts with PAR1 is text.
    data = (tmp_path / "r.parquet").read_bytes()
    (tmp_path / "cut.txt").write_bytes(data[: len(data) // 2])
    (tmp_path / "par1.txt").write_text("PAR1 results of the vote were announced on Tuesday.\n", encoding="utf-8")
    out = run("clean", str(tmp_path / "cut.txt"), str(tmp_path / "par1.txt"), "--out", str(tmp_path / "c"), "--errors", "replace")
    assert out.returncode == 1 and output_names(tmp_path / "c") == ["par1.txt"]
    assert f"{tmp_path / 'cut.txt'}: a Parquet file;" in out.stderr.decode("utf-8")
    # With their options they clean.
    assert run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "j")).returncode == 0


def test_a_parquet_file_given_with_jsonl_is_reported_once_with_the_option(tmp_path):
    # Found giving --jsonl for --parquet: its binary was cleaned "line" by line, each
    # reported as not UTF-8 (advice: --errors replace), and the output, named
    # DIR/r.parquet, was a JSON Lines file of marked records holding the Parquet bytes.
    pyarrow = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pyarrow.table({"text": [TEXTS[0], TEXTS[1]]}), tmp_path / "r.parquet")
    write_jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[0]}])
    out = run("clean", "--jsonl", str(tmp_path / "r.parquet"), str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"))
    assert out.returncode == 1
    assert out.stderr.decode("utf-8").splitlines()[0] == (
        f"boilerplate: {tmp_path / 'r.parquet'}: a Parquet file; clean its text column with --parquet, not --jsonl"
        " (and --field NAME)"
    )
    assert "failed (Parquet: 1)" in out.stderr.decode("utf-8") and output_names(tmp_path / "o") == ["a.jsonl"]
    piped = run("clean", "--jsonl", "-", stdin=(tmp_path / "r.parquet").read_bytes())
    assert piped.returncode == 1 and piped.stdout == b""
    assert "a Parquet file; save it to a file and clean that with --parquet and --out DIR, not --jsonl\n" in piped.stderr.decode("utf-8")


# --------------------------------------------------------------------------- JSON Lines


def test_a_utf8_bom_at_the_start_of_any_jsonl_line_is_dropped(tmp_path):
    # cat a.jsonl b.jsonl keeps b's BOM at the start of a later line: that line was
    # "not JSON (Expecting value: line 1 column 1 (char 0))", the BOM unnamed.
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in TEXTS[:2]]
    (tmp_path / "ab.jsonl").write_bytes(b"".join(b"\xef\xbb\xbf" + line.encode("utf-8") + b"\n" for line in lines))
    out = run("clean", "--jsonl", str(tmp_path / "ab.jsonl"), "--out", str(tmp_path / "o"))
    assert out.returncode == 0, out.stderr
    assert [r["text"] for r in read_jsonl(tmp_path / "o" / "ab.jsonl")] == [clean(t) for t in TEXTS[:2]]


def test_many_failures_of_one_kind_in_a_file_are_counted_not_listed(tmp_path):
    # A wrong --field fails every record: ten are listed, the rest counted in one line.
    write_jsonl(tmp_path / "a.jsonl", [{"content": TEXTS[0]}] * 25)
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"))
    assert out.returncode == 1
    *messages, summary = out.stderr.decode("utf-8").splitlines()
    assert messages == [
        *(f"boilerplate: {tmp_path / 'a.jsonl'}: line {n}: no field 'text'; name the text field with --field" for n in range(1, 11)),
        f"boilerplate: {tmp_path / 'a.jsonl'}: 15 more failures (missing field) not shown; each is marked in the output",
    ]
    assert "25 failed (missing field: 25)" in summary
    assert sum(ERROR_FIELD in line for line in (tmp_path / "o" / "a.jsonl").read_text(encoding="utf-8").splitlines()) == 25


def test_jsonl_cleans_one_field_and_leaves_the_rest(tmp_path):
    records = [{"id": i, "url": f"https://x/{i}", "text": t, "meta": {"n": [1, 2.5, None]}} for i, t in enumerate(TEXTS)]
    write_jsonl(tmp_path / "in.jsonl", records)
    out = run("clean", "--jsonl", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    got = read_jsonl(tmp_path / "out" / "in.jsonl")
    assert got == [{**r, "text": clean(r["text"])} for r in records]
    out = run("clean", "--jsonl", str(tmp_path / "in.jsonl"), "--output-field", "article")
    got = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert got == [{**r, "article": clean(r["text"])} for r in records]


def test_jsonl_writes_every_other_byte_of_a_record_as_it_came(tmp_path):
    page = json.dumps(TEXTS[0], ensure_ascii=False)
    lines = [
        # numbers json.dumps would rewrite (1e400 as Infinity, which is not JSON), odd spacing, CRLF
        '{"score": 1e400, "p": 0.10000000000000000555,"e":1E5 , "big": 123456789012345678901234567890, "text": '
        + page + "}\r\n",
        # a duplicate key: the last one is the page (as json.loads reads it), the first stays as it was
        '{"text": "Menu", "n": -0, "text": ' + page + "}\n",
        # failing records: written back as they came, plus the mark
        '{"n": 1E5, "text": null}\n',
        '{"n": 1E5, "text": "x", "text": 7}',
    ]
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8", newline="")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "--output-field", "article", "-q")
    assert out.returncode == 1
    got = out.stdout.decode("utf-8").splitlines(keepends=True)
    article = json.dumps(clean(TEXTS[0]), ensure_ascii=False)
    assert got[0] == lines[0][: -len("}\r\n")] + ', "article": ' + article + "}\r\n"
    assert got[1] == lines[1][:-2] + ', "article": ' + article + "}\n"
    assert json.loads(got[1])["article"] == clean(TEXTS[0])
    assert got[2] == lines[2][:-2] + f', "{ERROR_FIELD}": "field \'text\' is null, not a string"}}\n'
    assert got[3] == lines[3][:-1] + f', "{ERROR_FIELD}": "field \'text\' is a number, not a string"}}\n'
    strict = json.JSONDecoder(parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert [strict.decode(line) for line in got]  # valid JSON: no Infinity


def test_jsonl_lines_that_are_no_record_keep_their_line_ending(tmp_path):
    lines = [b"{not json\r\n", b"[7]\r\n", b'{"text": "\xff"}\r\n', b"[8]\n", b"{not json either"]
    (tmp_path / "a.jsonl").write_bytes(b"".join(lines))
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-q")
    assert out.returncode == 1
    offset = len(lines[0] + lines[1]) + lines[2].index(b"\xff")
    assert f"line 3: not valid UTF-8 at byte {offset} of the file; convert it to UTF-8 first".encode() in out.stderr
    got = out.stdout.splitlines(keepends=True)
    # CRLF stays CRLF; a last line without a line ending gets "\n", as a cleaned record does
    assert [line.endswith(b"\r\n") for line in got] == [True, True, True, False, False]
    assert all(line.endswith(b"\n") for line in got)
    assert [json.loads(line)[RAW_FIELD] for line in got] == ["{not json", "[7]", '{"text": "\\xff"}', "[8]", "{not json either"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, constant):
    line = '{"text": "Menu", "x": [1, ' + constant + "]}"
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-q")
    assert out.returncode == 1
    assert f"line 1: not JSON ({constant} is not a JSON value)".encode() in out.stderr
    (record,) = [json.loads(x) for x in out.stdout.decode("utf-8").splitlines()]
    assert record == {ERROR_FIELD: f"not JSON ({constant} is not a JSON value)", RAW_FIELD: line}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_nested_too_deeply_for_json_is_reported_not_a_crash(tmp_path, jobs):
    # Python's json raises RecursionError, not ValueError, past about 1,000 levels of
    # arrays or objects: the whole run stopped with a traceback and wrote nothing.
    deep = '{"text": "Menu", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps({"text": TEXTS[0]}), deep, "[" * 100_000, json.dumps({"text": TEXTS[1]})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "out"), "--jobs", jobs, "-q")
    assert out.returncode == 1 and b"Traceback" not in out.stderr
    assert b"line 2: not JSON (nested too deeply" in out.stderr and b"line 3: not JSON (nested too deeply" in out.stderr
    got = read_jsonl(tmp_path / "out" / "a.jsonl")
    assert [r.get("text") for r in got] == [clean(TEXTS[0]), None, None, clean(TEXTS[1])]
    assert [r.get(RAW_FIELD) for r in got[1:3]] == [deep, "[" * 100_000]
    # The rerun sees the marks, and corpus mode's counting pass reads such lines too.
    again = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "out"), "--group-by", "host", "-q")
    assert again.returncode == 1 and b"Traceback" not in again.stderr and b"1 output redone" in again.stderr


def test_a_compressed_input_is_reported_once_with_what_to_do(tmp_path):
    import gzip

    records = [{"id": i, "text": TEXTS[i % len(TEXTS)]} for i in range(200)]
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", records)
    packed = gzip.compress((tmp_path / "in" / "a.jsonl").read_bytes())
    (tmp_path / "in" / "b.jsonl").write_bytes(packed)  # gzip under a plain name
    (tmp_path / "c.jsonl.gz").write_bytes(packed)
    out = run("clean", "--jsonl", str(tmp_path / "in"), str(tmp_path / "c.jsonl.gz"), "--out", str(tmp_path / "o"), "-q")
    assert out.returncode == 1
    b, c = tmp_path / "in" / "b.jsonl", tmp_path / "c.jsonl.gz"
    *messages, summary = out.stderr.decode("utf-8").splitlines()
    # one line per file, not one per "line" of it; with --out, decompressed to a file, which the
    # command done again cleans (b in place), where "| boilerplate clean --jsonl -" would print;
    # c.jsonl.gz stays, so the command must name c.jsonl instead
    assert messages == [
        f"boilerplate: {b}: gzip-compressed: decompress it in place first, e.g. zcat {b} > {b}.decompressed && mv {b}.decompressed {b}",
        f"boilerplate: {c}: gzip-compressed: decompress it to a file first, e.g. zcat {c} > {tmp_path / 'c.jsonl'}, then clean that",
    ]
    assert "200 pages from 3 inputs → 1 output" in summary and summary.endswith("2 failed (compressed: 2)")
    assert output_names(tmp_path / "o") == ["a.jsonl"]  # no output, not even a .part
    # a text page, also from standard input and with --errors replace, which would have "cleaned" the bytes
    (tmp_path / "p.txt").write_bytes(gzip.compress(PAGE.read_bytes()))
    out = run("clean", str(tmp_path / "p.txt"), "--errors", "replace", "-q")
    assert out.returncode == 1 and out.stdout == b""
    assert b"p.txt: gzip-compressed: decompress it first, e.g. zcat " in out.stderr
    out = run("clean", "--jsonl", "-", "-q", stdin=b"\x28\xb5\x2f\xfd" + bytes(range(256)))
    assert out.returncode == 1 and out.stdout == b""
    assert out.stderr.startswith(
        b"boilerplate: <stdin>: zstd-compressed: decompress it first, e.g. ... | zstdcat | boilerplate clean --jsonl -\n"
    )


def test_a_compressed_jsonl_file_given_as_text_is_told_to_use_jsonl(tmp_path):
    # crawl.jsonl.gz given without --jsonl was told "zcat crawl.jsonl.gz | boilerplate clean -",
    # which cleans all its records as one text page, with exit code 0.
    import gzip

    write_jsonl(tmp_path / "a.jsonl", [{"text": t} for t in TEXTS])
    packed = gzip.compress((tmp_path / "a.jsonl").read_bytes())
    for name in ("crawl.jsonl.gz", "crawl.ndjson.xz", "crawl.jsonl"):
        (tmp_path / name).write_bytes(packed)
        out = run("clean", str(tmp_path / name), "-q")
        assert out.returncode == 1 and out.stdout == b""
        assert f"gzip-compressed: decompress it first, e.g. zcat {tmp_path / name} | boilerplate clean --jsonl -".encode() in out.stderr
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(PAGE.read_bytes()))  # a text page stays a text page
    out = run("clean", str(tmp_path / "page.txt.gz"), "-q")
    assert f"e.g. zcat {tmp_path / 'page.txt.gz'} | boilerplate clean -\n".encode() in out.stderr


def test_an_empty_file_named_as_compressed_is_reported_not_cleaned_as_empty(tmp_path):
    # A zero-byte .warc.wet.gz is a failed download: it got an empty output and exit code 0,
    # and the rerun after downloading it again skipped it as complete.
    from .test_wet import WARCINFO, conversion, wet

    src, out_dir = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "CC-1.warc.wet.gz").write_bytes(b"")
    out = run("clean", "--wet", str(src / "CC-1.warc.wet.gz"), "--out", str(out_dir))
    assert out.returncode == 1, out.stderr
    assert b"empty, though its name ends in .gz: a compressed file always holds a header" in out.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())
    # Without --wet too: it was told to give --wet, and only then that it was cut off.
    out = run("clean", str(src / "CC-1.warc.wet.gz"), "--out", str(out_dir))
    assert out.returncode == 1 and b"empty, though its name ends in .gz" in out.stderr and b"--wet" not in out.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())
    (src / "CC-1.warc.wet.gz").write_bytes(wet([WARCINFO, conversion(0)]))  # downloaded again
    out = run("clean", "--wet", str(src / "CC-1.warc.wet.gz"), "--out", str(out_dir), "-q")
    assert out.returncode == 0, out.stderr
    assert len((out_dir / "CC-1.warc.wet.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    for name, kind in (("b.jsonl.gz", ["--jsonl"]), ("c.txt.xz", []), ("d.parquet.zst", ["--parquet"])):
        (src / name).write_bytes(b"")
        out = run("clean", *kind, str(src / name), "--out", str(tmp_path / f"out-{name}"), "-q")
        assert out.returncode == 1 and not list(tmp_path.glob(f"out-{name}/*")), (name, out.stderr)
        assert f"empty, though its name ends in {name[name.rindex('.'):]}".encode() in out.stderr, (name, out.stderr)
    (src / "e.txt").write_bytes(b"")  # an empty file of another name is an empty page
    out = run("clean", str(src / "e.txt"), "-q")
    assert out.returncode == 0 and out.stdout == b""


def test_utf16_and_utf32_inputs_are_reported_once_with_what_to_do(tmp_path):
    english = "The council approved the new budget on Tuesday after a long debate.\n\nMembers voted nine to four.\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (src / "b.txt").write_bytes(TEXTS[0].encode("utf-16"))  # with a byte order mark: not UTF-8 at byte 0
    (src / "c.txt").write_bytes(english.encode("utf-16-le"))  # no mark, ASCII: valid UTF-8, NUL every other byte
    (src / "d.txt").write_bytes(english.encode("utf-16-be"))
    (src / "e.txt").write_bytes(TEXTS[0].encode("utf-32"))
    (src / "f.txt").write_bytes(english.encode("utf-32-le"))  # no mark, ASCII: valid UTF-8, three NULs in four bytes
    # --errors replace too: it made b.txt and e.txt into empty articles without a word
    out = run("clean", str(src), "--out", str(tmp_path / "o"), "--errors", "replace", "-q")
    assert out.returncode == 1
    *messages, summary = out.stderr.decode("utf-8").splitlines()
    assert messages == [
        f"boilerplate: {src / 'b.txt'}: UTF-16 text; convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-16 -t UTF-8 {src / 'b.txt'} > {src / 'b.txt.utf8'} && mv {src / 'b.txt.utf8'} {src / 'b.txt'}",
        f"boilerplate: {src / 'c.txt'}: UTF-16 text (little-endian, no byte order mark); convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-16LE -t UTF-8 {src / 'c.txt'} > {src / 'c.txt.utf8'} && mv {src / 'c.txt.utf8'} {src / 'c.txt'}",
        f"boilerplate: {src / 'd.txt'}: UTF-16 text (big-endian, no byte order mark); convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-16BE -t UTF-8 {src / 'd.txt'} > {src / 'd.txt.utf8'} && mv {src / 'd.txt.utf8'} {src / 'd.txt'}",
        f"boilerplate: {src / 'e.txt'}: UTF-32 text; convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-32 -t UTF-8 {src / 'e.txt'} > {src / 'e.txt.utf8'} && mv {src / 'e.txt.utf8'} {src / 'e.txt'}",
        f"boilerplate: {src / 'f.txt'}: UTF-32 text (little-endian, no byte order mark); convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-32LE -t UTF-8 {src / 'f.txt'} > {src / 'f.txt.utf8'} && mv {src / 'f.txt.utf8'} {src / 'f.txt'}",
    ]
    assert summary.endswith("5 failed (UTF-16: 3, UTF-32: 2)")
    assert output_names(tmp_path / "o") == ["a.txt"]
    # JSON Lines: once for the file, not once per line; from standard input too
    records = "".join(json.dumps({"text": english}) + "\n" for _ in range(3))
    (tmp_path / "f.jsonl").write_bytes(records.encode("utf-16"))
    (tmp_path / "g.jsonl").write_bytes(records.encode("utf-16-le"))
    out = run("clean", "--jsonl", str(tmp_path / "f.jsonl"), str(tmp_path / "g.jsonl"), "--out", str(tmp_path / "j"), "-q")
    assert out.returncode == 1 and not (tmp_path / "j").exists()
    f, g = tmp_path / "f.jsonl", tmp_path / "g.jsonl"
    assert out.stderr.decode("utf-8").splitlines()[:2] == [
        f"boilerplate: {f}: UTF-16 text; convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8 {f} > {f}.utf8 && mv {f}.utf8 {f}",
        f"boilerplate: {g}: UTF-16 text (little-endian, no byte order mark); convert it to UTF-8 first,"
        f" e.g. iconv -f UTF-16LE -t UTF-8 {g} > {g}.utf8 && mv {g}.utf8 {g}",
    ]
    out = run("clean", "--jsonl", "-", "-q", stdin=records.encode("utf-16"))
    assert out.returncode == 1 and out.stdout == b""
    assert out.stderr.startswith(
        b"boilerplate: <stdin>: UTF-16 text; convert it to UTF-8 first, e.g. ... | iconv -f UTF-16 -t UTF-8"
        b" | boilerplate clean --jsonl -\n"
    )
    out = run("clean", "-", "-q", "--errors", "replace", stdin=english.encode("utf-16-le"))
    assert out.returncode == 1 and out.stdout == b""
    assert b"<stdin>: UTF-16 text (little-endian, no byte order mark); convert it" in out.stderr


def test_a_file_of_one_nul_byte_is_text_not_utf16(tmp_path):
    # UTF-16 takes two bytes a character: one NUL byte was refused as UTF-16BE text,
    # where clean() of the same text gives an empty article.
    page = tmp_path / "nul.txt"
    page.write_bytes(b"\x00")
    out = run("clean", str(page), "-q")
    assert (out.returncode, out.stdout, out.stderr) == (0, clean("\x00").encode("utf-8"), b"")
    page.write_bytes(b"\x00a")  # two bytes can be one character of UTF-16BE: still refused
    out = run("clean", str(page), "-q")
    assert out.returncode == 1 and b"UTF-16 text (big-endian, no byte order mark)" in out.stderr


def test_an_html_file_is_reported_once_with_how_to_render_it(tmp_path):
    # Cleaned as text, its markup came out with the article (one line of tags kept whole).
    html = f"\ufeff \n<!DOCTYPE html>\n<html><body><p>{TEXTS[0].splitlines()[0]}</p></body></html>\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (src / "b.txt").write_text(html, encoding="utf-8")
    (src / "c.txt").write_text(html.replace("<!DOCTYPE html>", "").replace("<html>", "<HTML lang='bn'>"), encoding="utf-8")
    (src / "d.txt").write_text("Menu\n<html> starts a page; </html> ends it.\n" + TEXTS[0], encoding="utf-8")  # text
    out = run("clean", str(src), "--out", str(tmp_path / "o"), "-q")
    assert out.returncode == 1
    *messages, summary = out.stderr.decode("utf-8").splitlines()
    assert messages == [
        f"boilerplate: {src / n}: an HTML file, not text: render it to text first, e.g. mv {src / n} {src / n[0]}.html && "
        f"w3m -dump -O UTF-8 -T text/html {src / n[0]}.html > {src / n}; or take an HTML extractor (trafilatura)"
        " to the HTML" for n in ("b.txt", "c.txt")
    ]
    assert summary.endswith("2 failed (HTML: 2)")
    assert output_names(tmp_path / "o") == ["a.txt", "d.txt"]
    out = run("clean", "-", "-q", stdin=html.encode("utf-8"))
    assert out.returncode == 1 and out.stdout == b""
    assert b"<stdin>: an HTML file, not text: render it to text first, e.g. ... | w3m -dump -O UTF-8 -T text/html |" in out.stderr


def test_jsonl_from_stdin_with_another_field():
    records = [{"body": t, "k": i} for i, t in enumerate(TEXTS[:2])]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    out = run("clean", "--jsonl", "--field", "body", "-", stdin=data)
    assert out.returncode == 0, out.stderr
    assert [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()] == [
        {"body": clean(r["body"]), "k": r["k"]} for r in records
    ]


def test_failing_records_in_the_middle_are_reported_kept_and_marked(tmp_path):
    good = [{"id": i, "text": t} for i, t in enumerate(TEXTS)]
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in good[:2]]
    lines += [
        b"{not json",
        b'{"id": "no-field"}',
        b'{"id": "null", "text": null}',
        b'{"id": "number", "text": 7}',
        b"[1, 2]",
        b'{"id": "bytes", "text": "ok \xff"}',
    ]
    lines += [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in good[2:]]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    out = run("clean", "--jsonl", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert out.returncode == 1
    err = out.stderr.decode("utf-8")
    name = tmp_path / "in.jsonl"
    for line_no, what in [(3, "not JSON"), (4, "no field 'text'"), (5, "is null"), (6, "is a number"), (7, "an array, not a JSON object"), (8, "not valid UTF-8")]:
        assert f"{name}: line {line_no}: " in err and what in err
    assert "6 failed" in err and "5 pages" in err
    got = read_jsonl(tmp_path / "out" / "in.jsonl")
    assert len(got) == len(lines)
    assert [r["text"] for r in got[:2] + got[8:]] == [clean(t) for t in TEXTS]
    assert got[2][RAW_FIELD] == "{not json" and "not JSON" in got[2][ERROR_FIELD]
    assert {k: v for k, v in got[3].items() if k != ERROR_FIELD} == {"id": "no-field"}
    assert got[4]["text"] is None and got[5]["text"] == 7 and all(ERROR_FIELD in r for r in got[2:8])
    assert got[6][RAW_FIELD] == "[1, 2]"
    assert got[7][RAW_FIELD] == '{"id": "bytes", "text": "ok \\xff"}'
    assert all(ERROR_FIELD not in r for r in got[:2] + got[8:])


def test_jsonl_replace_cleans_invalid_utf8_and_a_bom_is_dropped(tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps({"text": TEXTS[0]}, ensure_ascii=False).encode("utf-8")
    (tmp_path / "a.jsonl").write_bytes(data[:-2] + b"\xff" + data[-2:] + b"\n\n")
    out = run("clean", "--jsonl", "--errors", "replace", str(tmp_path / "a.jsonl"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode("utf-8").split("\n")
    assert json.loads(lines[0])["text"] == clean(TEXTS[0][:-1] + "\ufffd" + TEXTS[0][-1:])
    assert lines[1:] == ["", ""]  # the blank line is kept as it came


def test_jsonl_replace_puts_u_fffd_for_bad_bytes_in_every_field_of_the_line(tmp_path):
    # README: the line is decoded with U+FFFD for its bad bytes, wherever they are, so a
    # field other than the page (an id, and the page itself beside an --output-field)
    # comes back with U+FFFD too, and the output is UTF-8; every other byte as it came.
    page = json.dumps(TEXTS[0], ensure_ascii=False).encode("utf-8")
    (tmp_path / "a.jsonl").write_bytes(b'{"id": "caf\xe9", "text": ' + page[:-1] + b'\xff"}\n')
    out = run("clean", "--jsonl", "--errors", "replace", "--output-field", "article", str(tmp_path / "a.jsonl"))
    assert out.returncode == 0, out.stderr
    text = TEXTS[0] + "\ufffd"
    expected = '{"id": "caf\ufffd", "text": ' + json.dumps(text, ensure_ascii=False) + ', "article": '
    assert out.stdout.decode("utf-8") == expected + json.dumps(clean(text), ensure_ascii=False) + "}\n"


def test_an_empty_jsonl_gives_an_empty_output(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0 and (tmp_path / "out" / "a.jsonl").read_bytes() == b""


# --------------------------------------------------------------------------- Parquet


def test_parquet_cleans_a_column_and_marks_missing_values(tmp_path):
    frame = pd.DataFrame({"id": range(len(TEXTS) + 2), "text": TEXTS[:2] + [None] + TEXTS[2:] + [""], "x": 1.5})
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "a.parquet")
    frame.drop(index=2).to_parquet(tmp_path / "in" / "b.parquet")
    out = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--output-field", "article")
    assert out.returncode == 1
    assert f"{tmp_path / 'in' / 'a.parquet'}: row 3: column 'text' is null".encode() in out.stderr
    a = pd.read_parquet(tmp_path / "out" / "a.parquet")
    assert a.columns.tolist() == ["id", "text", "x", "article", ERROR_FIELD]
    assert a[["id", "text", "x"]].equals(frame)
    expected = [clean(t) if isinstance(t, str) else None for t in frame["text"]]
    assert [None if pd.isna(v) else v for v in a["article"]] == expected
    assert a[ERROR_FIELD].notna().tolist() == [False, False, True, False, False, False, False]
    b = pd.read_parquet(tmp_path / "out" / "b.parquet")
    assert b.columns.tolist() == ["id", "text", "x", "article"]  # nothing failed: no error column
    assert b["article"].tolist() == [clean(t) for t in frame.drop(index=2)["text"]]
    # The summary counts the pages' non-blank lines, kept (the articles') or dropped, and their bytes
    texts = [t for t in [*frame["text"], *frame.drop(index=2)["text"]] if isinstance(t, str)]
    kept = sum(bool(line.strip()) for t in texts for line in clean(t).splitlines())
    dropped = sum(bool(line.strip()) for t in texts for line in t.splitlines()) - kept
    size = lambda n: f"{n / 1000:.1f} kB"  # noqa: E731
    summary = (f"lines kept {kept}, dropped {dropped}; {size(sum(len(t.encode()) for t in texts))} in, "
               f"{size(sum(len(clean(t).encode()) for t in texts))} out")
    assert kept > 0 and dropped > 0 and summary in out.stderr.decode(), out.stderr.decode()


def test_an_earlier_parquet_output_cleaned_again_keeps_one_error_column(tmp_path):
    frame = pd.DataFrame({"text": [TEXTS[0], None, TEXTS[1]]}, index=pd.Index([7, 8, 9], name="id"))
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "a.parquet")
    first = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / "once"), "--output-field", "article")
    assert first.returncode == 1
    again = run("clean", "--parquet", str(tmp_path / "once" / "a.parquet"), "-o", str(tmp_path / "twice"))
    assert again.returncode == 1 and b"row 2: column 'text' is null" in again.stderr
    twice = pd.read_parquet(tmp_path / "twice" / "a.parquet")  # raised with two error columns
    assert twice.columns.tolist() == ["text", "article", ERROR_FIELD]
    assert twice[ERROR_FIELD].notna().tolist() == [False, True, False]
    assert twice["text"].tolist()[::2] == [clean(TEXTS[0]), clean(TEXTS[1])]


def test_an_earlier_jsonl_output_cleaned_again_holds_this_runs_marks(tmp_path):
    # As with Parquet: a record that cleans now has its old mark set to null, in place,
    # and a record that fails again has its mark replaced, not added twice.
    lines = [
        f'{{"id": 1, "{ERROR_FIELD}": "could not be cleaned (an old error)", "text": {json.dumps(TEXTS[0])}, "n": 2}}\n',
        f'{{"id": 2, "text": null, "{ERROR_FIELD}": "field \'text\' is null, not a string"}}\n',
    ]
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out"), "--output-field", "article")
    assert out.returncode == 1 and b"line 2: field 'text' is null, not a string" in out.stderr
    got = (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert got[0] == (
        f'{{"id": 1, "{ERROR_FIELD}": null, "text": {json.dumps(TEXTS[0])}, "n": 2, '
        f'"article": {json.dumps(clean(TEXTS[0]), ensure_ascii=False)}}}\n'
    )
    assert got[1] == lines[1]


def test_a_rerun_redoes_a_jsonl_output_that_holds_marked_records(tmp_path):
    # Marked records are not finished work: skipping them made the rerun exit 0 with nothing cleaned.
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_jsonl(src / "a.jsonl", [{"url": "https://a.com/1", "content": TEXTS[0]}, {"url": "https://a.com/2", "content": TEXTS[1]}])
    write_jsonl(src / "b.jsonl", [{"text": TEXTS[2]}])
    first = run("clean", "--jsonl", str(src), "-o", str(out))
    assert first.returncode == 1 and b"line 1: no field 'text'" in first.stderr
    again = run("clean", "--jsonl", str(src), "-o", str(out))  # nothing changed: fails again, says so
    assert again.returncode == 1 and b"line 1: no field 'text'" in again.stderr
    assert b"1 output already complete, skipped; 1 output redone: it held records marked as failed" in again.stderr
    fixed = run("clean", "--jsonl", str(src), "-o", str(out), "--field", "content")
    assert fixed.returncode == 0, fixed.stderr
    assert b"1 output redone: it held records marked as failed" in fixed.stderr
    assert read_jsonl(out / "a.jsonl") == [
        {"url": "https://a.com/1", "content": clean(TEXTS[0])},
        {"url": "https://a.com/2", "content": clean(TEXTS[1])},
    ]
    last = run("clean", "--jsonl", str(src), "-o", str(out), "--field", "content")
    assert last.returncode == 0 and b"2 outputs already complete, skipped" in last.stderr and b"redone" not in last.stderr


def test_a_rerun_skips_a_jsonl_output_whose_marks_are_all_null(tmp_path):
    # An earlier output cleaned again: its old marks are set to null, which marks nothing;
    # a mark inside a nested object or a text is no mark either.
    records = [
        {"id": 1, ERROR_FIELD: "could not be cleaned (an old error)", "text": TEXTS[0]},
        {"id": 2, "meta": {ERROR_FIELD: "x"}, "text": f'a page about "{ERROR_FIELD}"'},
    ]
    write_jsonl(tmp_path / "a.jsonl", records)
    out = tmp_path / "out"
    assert run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(out)).returncode == 0
    assert read_jsonl(out / "a.jsonl")[0][ERROR_FIELD] is None
    (out / "a.jsonl").write_bytes((out / "a.jsonl").read_bytes() + b"\n")  # a rerun that redid it would drop this
    again = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(out))
    assert again.returncode == 0 and b"1 output already complete, skipped" in again.stderr and b"redone" not in again.stderr
    assert (out / "a.jsonl").read_bytes().endswith(b"\n\n")


def test_a_rerun_redoes_a_parquet_output_that_holds_marked_rows(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    frame = pd.DataFrame({"id": [1, 2, 3], "text": [TEXTS[0], None, TEXTS[1]]})
    frame.to_parquet(src / "a.parquet")
    frame.fillna("").to_parquet(src / "b.parquet")
    first = run("clean", "--parquet", str(src), "-o", str(out))
    assert first.returncode == 1 and b"row 2: column 'text' is null" in first.stderr
    frame.fillna(TEXTS[2]).to_parquet(src / "a.parquet")  # the input fixed
    again = run("clean", "--parquet", str(src), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert b"1 output already complete, skipped; 1 output redone: it held records marked as failed" in again.stderr
    a = pd.read_parquet(out / "a.parquet")
    assert a.columns.tolist() == ["id", "text"]  # nothing failed this time: no error column
    assert a["text"].tolist() == [clean(t) for t in (TEXTS[0], TEXTS[2], TEXTS[1])]
    last = run("clean", "--parquet", str(src), "-o", str(out))
    assert last.returncode == 0 and b"2 outputs already complete, skipped" in last.stderr and b"redone" not in last.stderr


def test_a_rerun_skips_a_parquet_output_whose_marks_are_all_null(tmp_path):
    frame = pd.DataFrame({"text": [TEXTS[0], TEXTS[1]], ERROR_FIELD: ["could not be cleaned (an old error)", None]})
    frame.to_parquet(tmp_path / "a.parquet")
    out = tmp_path / "out"
    assert run("clean", "--parquet", str(tmp_path / "a.parquet"), "-o", str(out)).returncode == 0
    assert pd.read_parquet(out / "a.parquet")[ERROR_FIELD].isna().all()
    again = run("clean", "--parquet", str(tmp_path / "a.parquet"), "-o", str(out))
    assert again.returncode == 0 and b"1 output already complete, skipped" in again.stderr and b"redone" not in again.stderr


@pytest.mark.parametrize("kind", ["--jsonl", "--parquet"])
@pytest.mark.parametrize("option", [["--output-field", ERROR_FIELD], ["--field", ERROR_FIELD], ["--output-field", RAW_FIELD]])
def test_the_error_fields_cannot_take_the_cleaned_page(tmp_path, kind, option):
    (tmp_path / "a.x").write_text("", encoding="utf-8")
    out = run("clean", kind, str(tmp_path / "a.x"), "-o", str(tmp_path / "out"), *option)
    assert out.returncode == 2
    assert f"{option[0]} {option[1]}: that field marks the records that failed; choose another name.".encode() in out.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_field_naming_a_parquet_column_that_holds_no_text_is_refused(tmp_path):
    # Before, the int64 column n became a string column, with exit code 0.
    (tmp_path / "in").mkdir()
    pd.DataFrame({"text": [TEXTS[0]], "n": [1]}).to_parquet(tmp_path / "in" / "a.parquet")
    pd.DataFrame({"text": [TEXTS[1]], "n": [2]}).to_parquet(tmp_path / "in" / "b.parquet")
    out = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--output-field", "n")
    assert out.returncode == 2
    assert out.stderr == (
        f"boilerplate: --output-field n is an existing int64 column of {tmp_path / 'in' / 'a.parquet'};"
        " name a new column or a text one.\n"
    ).encode()
    assert not (tmp_path / "out").exists()
    # Only the first input is looked at before the run: a later one fails on its own, and gets no output.
    pd.DataFrame({"text": [TEXTS[0]], "n": ["a note"]}).to_parquet(tmp_path / "in" / "a.parquet")
    out = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--output-field", "n")
    assert out.returncode == 1
    message = f"{tmp_path / 'in' / 'b.parquet'}: --output-field n is an existing int64 column; name a new column or a text one"
    assert message.encode() in out.stderr and b"(output field not a string: 1)" in out.stderr
    assert _outputs(tmp_path / "out") == {"a.parquet"}
    assert pd.read_parquet(tmp_path / "out" / "a.parquet")["n"].tolist() == [clean(TEXTS[0])]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_the_output_field_is_checked_against_the_first_parquet_input_that_is_no_failure(tmp_path):
    # A pipe found in a folder fails on its own, unread (opening it would wait for a writer
    # for good): the first Parquet file after it is the one the run is checked against.
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "a.parquet")
    pd.DataFrame({"text": [TEXTS[0]], "n": [1]}).to_parquet(tmp_path / "b.parquet")
    args = ["clean", "--parquet", str(tmp_path / "in"), str(tmp_path / "b.parquet"), "-o", str(tmp_path / "out")]
    out = subprocess.run([sys.executable, "-m", "boilerplate", *args, "--output-field", "n"], capture_output=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr == (
        f"boilerplate: --output-field n is an existing int64 column of {tmp_path / 'b.parquet'};"
        " name a new column or a text one.\n"
    ).encode()


def test_an_existing_text_column_given_as_output_field_keeps_its_type(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "text": pa.array([TEXTS[0]], pa.string()),
            "big": pa.array(["old"], pa.large_string()),
            "cat": pa.array(["old"], pa.dictionary(pa.int32(), pa.string())),
        }
    )
    pq.write_table(table, tmp_path / "a.parquet")
    for column, written in (("big", pa.large_string()), ("cat", pa.string())):  # a dictionary column: plain text
        out = run("clean", "--parquet", str(tmp_path / "a.parquet"), "-o", str(tmp_path / column), "--output-field", column)
        assert out.returncode == 0, out.stderr
        got = pq.read_table(tmp_path / column / "a.parquet")
        assert got.schema == table.schema.set(table.schema.get_field_index(column), pa.field(column, written))
        assert got.column(column).to_pylist() == [clean(TEXTS[0])]


def test_a_dictionary_encoded_parquet_column_is_read_as_text(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "in").mkdir()
    texts = [TEXTS[0], TEXTS[1], TEXTS[0], None]
    column = pa.array(texts, pa.dictionary(pa.int32(), pa.string()))
    pq.write_table(pa.table({"text": column, "n": [1, 2, 3, 4]}), tmp_path / "in" / "a.parquet")
    out = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1 and b"row 4: column 'text' is null" in out.stderr
    table = pq.read_table(tmp_path / "out" / "a.parquet")
    assert table.schema.field("text").type == pa.string()
    assert table.column("text").to_pylist() == [clean(TEXTS[0]), clean(TEXTS[1]), clean(TEXTS[0]), None]
    assert table.column("n").to_pylist() == [1, 2, 3, 4]


def test_parquet_without_the_column_is_reported(tmp_path):
    pd.DataFrame({"body": ["x"]}).to_parquet(tmp_path / "a.parquet")
    pd.DataFrame({"text": [1]}).to_parquet(tmp_path / "b.parquet")
    (tmp_path / "c.parquet").write_bytes(b"not parquet at all")
    out = run("clean", "--parquet", *(str(tmp_path / f"{n}.parquet") for n in "abc"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1
    err = out.stderr.decode("utf-8")
    assert "no column 'text' (columns: body); name it with --field" in err
    assert "column 'text' holds int64, not text; cast it to string first" in err
    assert "c.parquet: cannot be read as Parquet" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_parquet_column_of_each_pages_lines_is_told_to_join_them(tmp_path):
    # It was told to "cast it to string first", which writes a list as "['Home', ...]".
    lines = [["Home", TEXTS[0]], ["Menu", TEXTS[1]]]
    pd.DataFrame({"text": lines}).to_parquet(tmp_path / "a.parquet")
    out = run("clean", "--parquet", str(tmp_path / "a.parquet"), "-o", str(tmp_path / "out"))
    assert out.returncode == 1
    advice = "join each row's lines into its page first, e.g. frame['text'].str.join('\\n') in pandas"
    assert f"column 'text' holds list<element: string>, not text; {advice}" in out.stderr.decode("utf-8")
    frame = pd.read_parquet(tmp_path / "a.parquet")
    frame["text"] = frame["text"].str.join("\n")  # the advice, followed
    frame.to_parquet(tmp_path / "a.parquet")
    assert run("clean", "--parquet", str(tmp_path / "a.parquet"), "-o", str(tmp_path / "out")).returncode == 0
    assert pd.read_parquet(tmp_path / "out" / "a.parquet")["text"].tolist() == [clean("\n".join(page)) for page in lines]


@pytest.mark.parametrize("names", [["text", "id", "id"], ["text", "text"]])
def test_a_parquet_file_with_a_column_name_twice_is_reported(tmp_path, names):
    # Parquet lets two columns share a name; pyarrow cannot read either by that name.
    # The run stopped with a KeyError traceback, at that file, for the text column or any other.
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_arrays([pa.array(TEXTS[:2])] * len(names), names=names), tmp_path / "in" / "a.parquet")
    pd.DataFrame({"text": TEXTS[2:4]}).to_parquet(tmp_path / "in" / "b.parquet")
    for more in ([], ["--group-by", "host"]):
        out = run("clean", "--parquet", str(tmp_path / "in"), "-o", str(tmp_path / f"out{len(more)}"), *more)
        assert out.returncode == 1 and b"Traceback" not in out.stderr
        twice = names[-1]
        assert f"a.parquet: column {twice!r} is there more than once; give each column a name of its own".encode() in out.stderr
        assert _outputs(tmp_path / f"out{len(more)}") == {"b.parquet"}
        b = pd.read_parquet(tmp_path / f"out{len(more)}" / "b.parquet")
        assert b["text"].tolist() == [clean(t) for t in TEXTS[2:4]]


# --------------------------------------------------------------------------- killed and rerun


def _outputs(folder):
    return set(output_names(folder)) if folder.exists() else set()


def test_a_killed_run_is_finished_by_a_rerun(tmp_path):
    """Kill a run midway, rerun it: every output complete and equal to clean(), none doubled, no temp file.

    Two worker processes, killed with the run (its whole process group); that the
    workers die when only the run is killed is test_workers_die_with_a_runner_killed_with_sigkill.
    """
    src = tmp_path / "in"
    out = tmp_path / "out"
    jobs = "2"
    # Long pages (each labelled page 20 times over), so that the run cannot finish
    # between two looks at it.
    pages = ["\n\n".join([text] * 20) for text in TEXTS]
    args = [sys.executable, "-m", "boilerplate", "clean", "--out", str(out), "--jobs", jobs]

    def kill_once(proc: subprocess.Popen, caught) -> int:
        """Kill the run and its workers (their own process group) once ``caught()``, or as it
        ends by itself; its exit code."""
        deadline = time.monotonic() + 120
        while not caught() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if proc.poll() is None:  # not reaped: its process group is still there to kill
            os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait()

    # The run must still be going when the kill lands. On a loaded machine this process
    # can be held up for a second or more between two looks while the workers go on (seen:
    # the 150 pages all done before the kill); the run is then started afresh on four
    # times as many pages.
    for n in (150, 600):
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        src.mkdir()
        for i in range(n):
            (src / f"{i:03}.txt").write_text(pages[i % len(pages)], encoding="utf-8")
        proc = subprocess.Popen([*args, str(src)], stderr=subprocess.DEVNULL, start_new_session=True)
        code = kill_once(proc, lambda: len({p for p in _outputs(out) if p.endswith(".txt")}) >= 10)
        done = _outputs(out)
        if code == -signal.SIGKILL and len(done) < n:
            break
        # Else it finished (or was killed as it wrote its last output): all of them there.
        assert code in (0, -signal.SIGKILL) and done == {f"{i:03}.txt" for i in range(n)}, (code, sorted(done))
    else:
        pytest.fail(f"the run finished before it could be killed, {n} pages and all")
    assert 10 <= len(done) < n, "the run was not killed midway"
    # The JSON Lines run: killed while its one output is being written (started afresh
    # on four times as many records if it finished first, as above).
    for records_in in (4000, 16000):
        # Enough records that the JSON Lines run cannot finish between two looks at it.
        write_jsonl(src / "big.jsonl", [{"id": i, "text": TEXTS[i % len(TEXTS)]} for i in range(records_in)])
        jsonl = subprocess.Popen([*args, "--jsonl", str(src / "big.jsonl")], stderr=subprocess.DEVNULL, start_new_session=True)
        code = kill_once(jsonl, (out / "big.jsonl.part").exists)
        if code == -signal.SIGKILL and not (out / "big.jsonl").exists():
            break
        assert code in (0, -signal.SIGKILL) and (out / "big.jsonl").exists(), code
        (out / "big.jsonl").unlink()
    else:
        pytest.fail(f"the JSON Lines run finished before it could be killed, {records_in} records and all")
    assert not (out / "big.jsonl").exists()

    rerun = subprocess.run([*args, str(src)], capture_output=True)
    assert rerun.returncode == 0, rerun.stderr
    finished = len([d for d in done if not d.endswith('.part')])
    assert f"{finished} output{'' if finished == 1 else 's'} already complete, skipped".encode() in rerun.stderr
    rerun = subprocess.run([*args, "--jsonl", str(src / "big.jsonl")], capture_output=True)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(_outputs(out)) == sorted([f"{i:03}.txt" for i in range(n)] + ["big.jsonl"])
    # The manifest names only outputs that exist, all made by the one model and options.
    entries = [json.loads(line) for line in (out / MANIFEST).read_text(encoding="ascii").splitlines()]
    assert {e["output"] for e in entries} <= _outputs(out) and len({e["run"] for e in entries}) == 1
    expected = [cleaned(page) for page in pages]
    for i in range(n):
        assert (out / f"{i:03}.txt").read_text(encoding="utf-8") == expected[i % len(pages)]
    records = read_jsonl(out / "big.jsonl")
    assert [r["id"] for r in records] == list(range(records_in))
    assert all(r["text"] == clean(TEXTS[r["id"] % len(TEXTS)]) for r in records)


def _children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc (Linux)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if fields[1] == str(pid) and fields[0] != "Z":
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Is ``pid`` a process that has not ended (a zombie has ended)?"""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


BUSY_RECORDS = 20000


def _busy_run(tmp_path, ignored: tuple[int, ...] = ()) -> tuple[subprocess.Popen, set[int]]:
    """A ``--jobs 2`` JSON Lines run, long enough to be caught midway, and its two workers.
    The signals ``ignored`` are ignored when it starts, as ``nohup`` leaves SIGHUP."""
    write_jsonl(tmp_path / "big.jsonl", [{"id": i, "text": TEXTS[i % len(TEXTS)]} for i in range(BUSY_RECORDS)])
    args = [sys.executable, "-m", "boilerplate", "clean", "--jsonl", str(tmp_path / "big.jsonl"), "--jobs", "2"]
    if ignored:  # what nohup does: ignore, then exec the command (same process)
        args = [sys.executable, "-c", f"import os, signal, sys\nfor s in {[int(s) for s in ignored]}: signal.signal(s, signal.SIG_IGN)\n"
                "os.execv(sys.executable, sys.argv[1:])", *args]
    # Standard error to a file: a pipe would stay open as long as any worker lives.
    with open(tmp_path / "stderr", "wb") as err:
        proc = subprocess.Popen([*args, "--out", str(tmp_path / "out")], stderr=err)
    deadline = time.monotonic() + 60
    while (len(workers := _children(proc.pid)) < 2 or not (tmp_path / "out" / "big.jsonl.part").exists()) and (
        proc.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) == 2, "the run ended before its workers were seen"
    return proc, workers


def _wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while (alive := {pid for pid in pids if _alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their runner on Linux (prctl)")
def test_workers_die_with_a_runner_killed_with_sigkill(tmp_path):
    proc, workers = _busy_run(tmp_path)
    proc.kill()  # the runner alone, as the OOM killer does
    proc.wait()
    alive = _wait_gone(workers)
    for pid in alive:  # leave nothing behind, then fail
        os.kill(pid, signal.SIGKILL)
    assert not alive, "worker processes outlived their killed runner"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_a_run_like_ctrl_c(tmp_path, signum):
    proc, workers = _busy_run(tmp_path)
    proc.send_signal(signum)
    proc.wait(timeout=60)
    err = (tmp_path / "stderr").read_bytes()
    assert proc.returncode == 128 + signum, err
    assert f"stopped by {signal.Signals(signum).name}".encode() in err and b"Traceback" not in err
    assert output_names(tmp_path / "out") == []  # the .part file removed
    assert not _wait_gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_that_dies_ends_the_run_with_exit_code_1_and_says_so(tmp_path, signum):
    # The OOM killer takes a worker: the run stops, removes its .part files and says what happened.
    # A SIGTERM sent to a worker alone kills it as well (it does not stop the run as the runner's own does).
    proc, workers = _busy_run(tmp_path)
    os.kill(min(workers), signum)
    assert proc.wait(timeout=60) == 1
    err = (tmp_path / "stderr").read_bytes()
    assert err.endswith(b"boilerplate: a worker process died (out of memory?); unfinished outputs were removed and"
                        b" complete ones kept: rerun to finish.\n"), err
    assert output_names(tmp_path / "out") == []
    assert not _wait_gone(workers)


def test_ctrl_c_ends_the_run_with_exit_code_130_and_says_so(monkeypatch, tmp_path, capsys):
    from boilerplate import cli

    def interrupted(tasks, opts, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run", interrupted)
    assert cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o")]) == 130  # 128 + SIGINT, as shells give it
    assert capsys.readouterr().err == (
        "boilerplate: interrupted; unfinished outputs were removed and complete ones kept: rerun to finish.\n"
    )


def test_ctrl_c_in_evaluate_ends_with_exit_code_130_and_no_traceback(monkeypatch, capsys):
    from boilerplate import cli, report

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "run", interrupted)
    assert cli.main(["evaluate", "--no-bench"]) == 130
    assert capsys.readouterr().err == "boilerplate: interrupted.\n"


def test_ctrl_c_before_a_command_takes_it_ends_with_exit_code_130_and_no_traceback(monkeypatch, tmp_path, capsys):
    # Ctrl-C as clean loads its model, before the block that takes a stop and says what
    # was kept: main takes it, as it takes one in any command before its block.
    from boilerplate import cli

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_model", interrupted)
    assert cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o")]) == 130
    assert capsys.readouterr().err == "boilerplate: interrupted.\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGHUP"), reason="needs named pipes and SIGHUP")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_in_evaluate_stop_it_like_ctrl_c(tmp_path, signum):
    # timeout, Slurm, docker stop (SIGTERM) or a closed terminal (SIGHUP) as the report is
    # written: the earlier report is left whole, no .part file is left, and one line says what
    # stopped it. They killed the command, which left the .part files written so far and said nothing.
    from boilerplate.report import HTML_FILE, MD_FILE

    from .report_helpers import hostile_labels, old_report

    labels = hostile_labels(tmp_path / "l")
    out = tmp_path / "o"
    old = old_report(out)
    code, err = stopped_while_writing(
        [sys.executable, "-m", "boilerplate", "evaluate", "--labels", str(labels), "--no-bench", "--out", str(out)],
        blocked=out / f"{HTML_FILE}.part", written=out / f"{MD_FILE}.part", signum=signum,
    )
    assert code == 128 + signum, err
    said = [line for line in err.splitlines() if not line.startswith("boilerplate evaluate: ")]  # not its progress
    assert said == [f"boilerplate: stopped by {signal.Signals(signum).name}."], err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


def test_a_full_disk_under_out_says_to_free_space_or_take_another_disk(monkeypatch, tmp_path, capsys):
    import io

    from boilerplate import cli

    class FullDisk(io.RawIOBase):  # a write raises it, naming no file
        def writable(self):
            return True

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", lambda fd, mode, **kwargs: io.BufferedWriter(FullDisk()))
    assert cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o")]) == 1
    monkeypatch.undo()
    # The run names the output that could not be written.
    assert capsys.readouterr().err == (
        f"boilerplate: cannot write {tmp_path / 'o' / PAGE.name} (No space left on device): free some space,"
        " or give --out a folder on another disk, then rerun; unfinished outputs were removed and complete ones kept.\n"
    )
    assert list((tmp_path / "o").iterdir()) == []


def test_the_advice_for_an_output_that_cannot_be_written_follows_its_cause(monkeypatch, tmp_path, capsys):
    # A quota is a full disk, no permission is no permission however the system says it,
    # a file where a folder must go is one whether it is met as the folder (EEXIST) or
    # below it (ENOTDIR); what the advice says, by the errno that run() raised.
    import io

    from boilerplate import cli

    def advice(code, *args):
        def failing(tasks, opts, **kwargs):  # as a write raises it: no file name
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(cli, "run", failing)
        assert cli.main(["clean", *args]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"({os.strerror(code)}): " in err, err
        return err.partition(f"({os.strerror(code)}): ")[2]

    out = [str(PAGE), "--out", str(tmp_path / "o")]
    assert advice(errno.EDQUOT, *out) == advice(errno.ENOSPC, *out)
    assert advice(errno.EACCES, *out) == advice(errno.EPERM, *out)
    assert advice(errno.EACCES, *out).startswith("give --out a folder you can write to, then rerun;")
    assert advice(errno.EROFS, *out).startswith("give --out a folder on a writable file system, then rerun;")
    assert advice(errno.ENOTDIR, *out) == advice(errno.EEXIST, *out)
    assert advice(errno.ENOTDIR, *out).startswith("a file stands where --out needs a folder: give another --out, then rerun;")
    assert advice(errno.EIO, *out).startswith("fix that, then rerun;")
    # Everything to standard output: a file given alone, or standard input (which --out does not redirect).
    assert advice(errno.EDQUOT, str(PAGE)) == advice(errno.ENOSPC, str(PAGE)) != advice(errno.ENOSPC, *out)
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEXTS[0]))
    assert advice(errno.EDQUOT, "-") == advice(errno.ENOSPC, "-") != advice(errno.ENOSPC, str(PAGE))


def test_a_stop_signal_is_taken_once_so_that_a_second_cannot_cut_the_clean_up_short():
    from boilerplate import stopping

    before = {s: signal.getsignal(s) for s in stopping.STOP_SIGNALS}
    try:
        with pytest.raises(stopping._Stopped) as stopped:
            stopping._stop(signal.SIGTERM, None)
        assert stopped.value.signum == signal.SIGTERM
        assert all(signal.getsignal(s) == signal.SIG_IGN for s in stopping.STOP_SIGNALS)
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


@pytest.mark.parametrize("command", ["clean", "label", "evaluate", "train.py"])
def test_a_stop_signal_landing_as_its_handler_is_set_ends_the_command_like_any_stop(monkeypatch, tmp_path, command):
    # A real SIGTERM just as the command has set its handler, before its work: it ends
    # with 143 and says so, the handlers left as main found them. Taken before the block
    # that takes it, the stop came out of main as a _Stopped traceback (exit code 1) or as
    # "interrupted" (130). A second stop stays ignored until the message is out: with the
    # handlers put back before it, a second SIGTERM would kill the command unsaid.
    import io

    from boilerplate import cli, stopping, training

    runs = {
        "clean": (lambda: cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o")]),
                  "boilerplate: stopped by SIGTERM; unfinished outputs were removed and complete ones kept: rerun to finish.\n"),
        "label": (lambda: cli.main(["label", str(PAGE), "--out", str(tmp_path / "L")]),
                  "boilerplate: stopped by SIGTERM; the label files written so far are whole: rerun with --force to write them all.\n"),
        "evaluate": (lambda: cli.main(["evaluate", "--no-bench", "--out", str(tmp_path / "r")]), "boilerplate: stopped by SIGTERM.\n"),
        "train.py": (lambda: training.main(["--model-dir", str(tmp_path / "m")]), "train.py: stopped by SIGTERM.\n"),
    }
    run, said = runs[command]
    before = {s: signal.getsignal(s) for s in stopping.STOP_SIGNALS}
    real = signal.signal
    written = []  # the stop signals' handlers as each piece of a message is written

    def set_then_stopped(signum, handler):
        previous = real(signum, handler)
        if handler is stopping._stop and signum == signal.SIGTERM:
            os.kill(os.getpid(), signal.SIGTERM)
        return previous

    class NotingHandlers(io.StringIO):
        def write(self, text):
            written.append({s: signal.getsignal(s) for s in stopping.STOP_SIGNALS})
            return super().write(text)

    monkeypatch.setattr(signal, "signal", set_then_stopped)
    monkeypatch.setattr(sys, "stderr", err := NotingHandlers())
    try:
        code = run()
    except stopping._Stopped:  # out of main
        code = None
    finally:
        monkeypatch.undo()
        after = {s: signal.getsignal(s) for s in stopping.STOP_SIGNALS}
        for s, handler in before.items():
            signal.signal(s, handler)
    assert code == 128 + signal.SIGTERM
    assert err.getvalue() == said
    assert written and all(handlers == {s: signal.SIG_IGN for s in stopping.STOP_SIGNALS} for handlers in written)
    assert after == before


@pytest.mark.parametrize("command, code", [("clean", 0), ("label", 2)], ids=["a run", "an error out of the block"])
def test_after_a_run_main_leaves_the_signal_handlers_as_it_found_them(tmp_path, command, code):
    # main() is called from Python too (tests, a script): the handlers it sets for the run
    # must not outlive it, or a later SIGTERM would raise _Stopped in the caller; nor when
    # an error leaves the command's block (label's ModelError, which main says).
    from boilerplate import cli, stopping

    def mine(signum, frame):
        pass

    args = {"clean": ["clean", str(PAGE), "--out", str(tmp_path / "o"), "-q"],
            "label": ["label", str(PAGE), "--out", str(tmp_path / "L"), "--model", str(tmp_path / "none")]}[command]
    before = {s: signal.signal(s, mine) for s in stopping.STOP_SIGNALS}
    try:
        assert cli.main(args) == code
        assert all(signal.getsignal(s) is mine for s in stopping.STOP_SIGNALS)
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def test_a_signal_whose_handler_was_set_outside_python_is_left_to_it(tmp_path, monkeypatch):
    # signal.getsignal gives None for a handler an embedding program set: putting it back
    # after the run (signal.signal(s, None)) raised TypeError, out of main as a traceback.
    from boilerplate import cli, stopping

    real_getsignal, real_signal, set_ = signal.getsignal, signal.signal, []
    outside = stopping.STOP_SIGNALS[-1]
    monkeypatch.setattr(signal, "getsignal", lambda s: None if s == outside else real_getsignal(s))
    monkeypatch.setattr(signal, "signal", lambda s, handler: set_.append(s) or real_signal(s, handler))
    assert cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o"), "-q"]) == 0
    assert outside not in set_ and set_  # the others were set, then put back
    assert (tmp_path / "o" / PAGE.name).read_text(encoding="utf-8") == cleaned(TEXTS[0])


def test_main_called_in_another_thread_cleans_without_setting_signal_handlers(tmp_path):
    # Only the main thread may set signal handlers (signal.signal raises ValueError in any
    # other): main() called from a script's worker thread must clean all the same.
    from boilerplate import cli

    codes = []
    thread = threading.Thread(target=lambda: codes.append(cli.main(["clean", str(PAGE), "--out", str(tmp_path / "o"), "-q"])))
    thread.start()
    thread.join()
    assert codes == [0]
    assert (tmp_path / "o" / PAGE.name).read_text(encoding="utf-8") == cleaned(TEXTS[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_run_started_under_nohup_goes_on_after_sighup(tmp_path):
    # nohup ignores SIGHUP so that a run outlives its terminal; the run must not undo that,
    # in the runner or in its workers (a shell hanging up sends SIGHUP to the whole job).
    proc, workers = _busy_run(tmp_path, ignored=(signal.SIGHUP,))
    for pid in (proc.pid, *workers):
        os.kill(pid, signal.SIGHUP)
    proc.wait(timeout=300)
    err = (tmp_path / "stderr").read_bytes()
    assert proc.returncode == 0, err
    assert len(read_jsonl(tmp_path / "out" / "big.jsonl")) == BUSY_RECORDS
    assert not _wait_gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_second_run_of_the_same_command_leaves_the_output_being_written_to_the_first(tmp_path):
    # The same command started twice (a cron job that overlaps, a retry while the first
    # still runs): both wrote big.jsonl.part, and the output renamed into place was a mix.
    proc, workers = _busy_run(tmp_path)
    second = run("clean", "--jsonl", str(tmp_path / "big.jsonl"), "--out", str(tmp_path / "out"))
    assert second.returncode == 1, second.stderr
    part = tmp_path / "out" / "big.jsonl.part"
    assert f"{part} is being written by another run; left alone: rerun once that run has ended".encode() in second.stderr
    assert b"Traceback" not in second.stderr
    assert proc.wait(timeout=300) == 0, (tmp_path / "stderr").read_bytes()
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "big.jsonl")] == list(range(BUSY_RECORDS))
    rerun = run("clean", "--jsonl", str(tmp_path / "big.jsonl"), "--out", str(tmp_path / "out"))
    assert rerun.returncode == 0 and b"1 output already complete, skipped" in rerun.stderr, rerun.stderr
    assert not _wait_gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_runs_over_different_inputs_write_into_one_folder_at_once(tmp_path):
    # Shards cleaned at once into one --out (a job array, one WET file each): each run
    # locks only the outputs it writes.
    proc, workers = _busy_run(tmp_path)
    write_jsonl(tmp_path / "small.jsonl", [{"id": i, "text": TEXTS[i % len(TEXTS)]} for i in range(50)])
    second = run("clean", "--jsonl", str(tmp_path / "small.jsonl"), "--out", str(tmp_path / "out"))
    assert second.returncode == 0, second.stderr
    assert proc.poll() is None, "the first run ended before the second: nothing was shown"
    assert proc.wait(timeout=300) == 0, (tmp_path / "stderr").read_bytes()
    assert output_names(tmp_path / "out") == ["big.jsonl", "small.jsonl"]
    assert len(read_jsonl(tmp_path / "out" / "big.jsonl")) == BUSY_RECORDS
    assert not _wait_gone(workers)


def test_a_lone_surrogate_in_jsonl_is_cleaned_and_written_back_escaped(tmp_path):
    lines = TEXTS[0].splitlines()
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += " \ud800"  # a lone surrogate, as a JSON escape gives it, inside the article
    page = "\n".join(lines)
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": page}) + "\n", encoding="ascii")
    out = run("clean", "--jsonl", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert "\\ud800" in (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8")
    (record,) = read_jsonl(tmp_path / "out" / "a.jsonl")
    assert record["text"] == clean_many([page])[0] and "\ud800" in record["text"]


def _on_a_terminal(args, stdout=subprocess.DEVNULL, sized: bool = True) -> tuple[int, bytes]:
    """Run the command with standard error on a pseudo-terminal 100 columns wide (with ``sized`` false,
    one that tells no size, 0 by 0): its exit code and all it showed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    if sized:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "boilerplate", *args], stderr=follower, stdout=stdout)
    os.close(follower)
    seen = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not data:
            break
        seen += data
    os.close(leader)
    return proc.wait(), seen


def test_a_progress_bar_with_pages_per_second_when_stderr_is_a_terminal(tmp_path):
    (tmp_path / "in").mkdir()
    for i, text in enumerate(TEXTS):
        (tmp_path / "in" / f"{i}.txt").write_text(text, encoding="utf-8")
    code, seen = _on_a_terminal(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert code == 0
    assert b"pages/s" in seen and b"5 pages from 5 inputs" in seen
    assert b"5 pages [" in seen and b".00 pages" not in seen  # the count as a whole number (not "5.00 pages")
    # The bar is closed before the summary, which starts a line of its own (not after the bar's last count).
    assert any(line.startswith(b"boilerplate: 5 pages from 5 inputs") for line in seen.replace(b"\r", b"\n").split(b"\n")), seen
    assert output_names(tmp_path / "out") == [f"{i}.txt" for i in range(len(TEXTS))]


def test_a_terminal_that_tells_no_size_shows_the_progress_bar_too(tmp_path):
    # A pseudo-terminal nobody gave a size (0 rows by 0 columns: `docker run -t` or `ssh -tt`
    # run from a script, `script` from one): tqdm hides a bar at or below its last row, so
    # it showed nothing but the summary.
    (tmp_path / "in").mkdir()
    for i, text in enumerate(TEXTS):
        (tmp_path / "in" / f"{i}.txt").write_text(text, encoding="utf-8")
    code, seen = _on_a_terminal(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out")], sized=False)
    assert code == 0
    assert b"5 pages [" in seen and b"pages/s]" in seen, seen  # the line whole, its last character too
    assert any(line.startswith(b"boilerplate: 5 pages from 5 inputs") for line in seen.replace(b"\r", b"\n").split(b"\n")), seen


def test_quiet_shows_no_progress_bar_on_a_terminal(tmp_path):
    (tmp_path / "in").mkdir()
    for i, text in enumerate(TEXTS):
        (tmp_path / "in" / f"{i}.txt").write_text(text, encoding="utf-8")
    code, seen = _on_a_terminal(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    assert (code, seen) == (0, b"")  # no bar, and no summary: nothing failed
    assert output_names(tmp_path / "out") == [f"{i}.txt" for i in range(len(TEXTS))]


def test_the_corpus_bars_count_then_clean_all_the_pages_as_whole_numbers(monkeypatch):
    # The counting bar gives way to one cleaning bar, which counts every page cleaned;
    # counts with thousands separators, the rate scaled ("613M pages/s").
    import io
    import re

    from boilerplate import cli

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    bar = cli._Progress(counting=True)
    for n in (1_000_000, 234_567):
        bar.count(n)
    for n in (1_000_000, 234_567):
        bar.clean(n)
    bar.close()
    shown = sys.stderr.getvalue().replace("\r", "\n").split("\n")
    counting = [line for line in shown if line.startswith("counting lines: ")]
    cleaning = [line for line in shown if line.startswith("cleaning: ")]
    assert counting[-1].startswith("counting lines: 1,234,567 pages [") and cleaning[-1].startswith("cleaning: 1,234,567 pages [")
    assert re.search(r", \d+(\.\d+)?[kMGT] pages/s\]$", cleaning[-1]), cleaning[-1]  # over 1,000 pages/s unless 20 minutes went by


def test_on_a_terminal_a_failure_is_reported_there_not_among_the_articles(tmp_path):
    # Found by mutation testing cli: with the progress bar shown, a failure's report went
    # through tqdm.write, which writes to standard output: into the JSON Lines output of
    # "boilerplate clean --jsonl a.jsonl > out.jsonl" run from a terminal.
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": TEXTS[0]}) + "\nnot json\n", encoding="utf-8")
    with open(tmp_path / "out.jsonl", "wb") as articles:
        code, seen = _on_a_terminal(["clean", "--jsonl", str(tmp_path / "a.jsonl")], stdout=articles)
    assert code == 1
    records = read_jsonl(tmp_path / "out.jsonl")
    assert len(records) == 2 and records[0] == {"text": clean(TEXTS[0])} and records[1][ERROR_FIELD].startswith("not JSON")
    # on the terminal, on a line of its own (not after the bar)
    report = f"boilerplate: {tmp_path / 'a.jsonl'}: line 2: not JSON".encode()
    assert any(line.startswith(report) for line in seen.replace(b"\r", b"\n").split(b"\n")), seen


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_on_a_terminal_a_run_that_cannot_write_says_so_on_a_line_of_its_own(tmp_path):
    # The progress bar is closed before the message: left open, its line was not ended,
    # and the message went on after the bar's last count.
    write_jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[0]}] * 50)
    with open("/dev/full", "wb") as full:
        code, seen = _on_a_terminal(["clean", "--jsonl", str(tmp_path / "a.jsonl")], stdout=full)
    assert code == 1
    message = b"boilerplate: cannot write to standard output (No space left on device)"
    assert any(line.startswith(message) for line in seen.replace(b"\r", b"\n").split(b"\n")), seen


# --------------------------------------------------------------------------- corpus mode: --group-by host

PLACES = ["ঢাকায়", "চট্টগ্রামে", "সিলেটে", "খুলনায়", "রাজশাহীতে", "বরিশালে", "রংপুরে", "ময়মনসিংহে", "কুমিল্লায়", "যশোরে",
          "বগুড়ায়", "নোয়াখালীতে", "ফেনীতে", "পাবনায়", "দিনাজপুরে", "টাঙ্গাইলে", "গাজীপুরে", "নারায়ণগঞ্জে", "কক্সবাজারে", "জামালপুরে"]
EVENTS = [
    "আজ সকাল থেকে ভারী বৃষ্টি হয়েছে এবং শহরের অনেক রাস্তায় পানি জমে গেছে বলে জানা গেছে।",
    "নদীর পানি বিপৎসীমার ওপর দিয়ে বইছে, ফলে আশপাশের গ্রামের মানুষ নিরাপদ আশ্রয়ে সরে যাচ্ছেন।",
    "বাজারে চালের দাম গত সপ্তাহের তুলনায় কিছুটা কমেছে, তবে সবজির দাম এখনো চড়া রয়েছে।",
    "নতুন সেতুটি আজ যান চলাচলের জন্য খুলে দেওয়া হয়েছে, এতে দুই জেলার যোগাযোগ সহজ হবে।",
]
# One fixed prompt per site, written as a sentence: it reads like body text, and the plain model keeps it.
PROMOS = {
    "a.example": "কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন এবং আমাদের সঙ্গে থাকুন।",
    "b.example": "আমাদের ফেসবুক পেজে লাইক দিন এবং সর্বশেষ সংবাদ পেতে নিয়মিত আমাদের ওয়েবসাইট পড়ুন।",
    "c.example": "এই প্রতিবেদনটি তৈরিতে সহায়তা করেছেন আমাদের জেলা প্রতিনিধিরা এবং বার্তা সম্পাদক।",
    "d.example": "পাঠকের মতামত জানাতে আমাদের ইমেইল করুন অথবা মন্তব্যের ঘরে লিখুন আপনার কথা।",
}


def _site_page(place: str, promo: str) -> str:
    """A page with its own story (each line names its place) and the site's prompt below it."""
    return "\n\n".join([f"{place} আজকের প্রধান খবর", *(f"{place} {e}" for e in EVENTS), promo])


def _site_corpus():
    """Records of several sites, as {file name: records}: a's pages under www. and without,
    c's pages two in each file (only the whole run has enough of them), d with two pages
    (too few), records whose URL gives no host, and single pages of other sites.

    A record's ``promo`` field holds the site's prompt when corpus mode should drop it."""
    places = iter(PLACES)

    def record(url, site, dropped=True):
        promo = PROMOS[site]
        return {"url": url, "text": _site_page(next(places), promo), "promo": promo if dropped else None}

    www = ("https://www.a.example/1", "http://A.example/2", "https://a.example./3", "https://www.a.example/4")
    a = [record(u, "a.example") for u in www]
    b = [record(f"https://b.example/{i}", "b.example") for i in range(3)]
    c = [record(f"https://c.example/{i}", "c.example") for i in range(4)]
    d = [record(f"https://d.example/{i}", "d.example", dropped=False) for i in range(2)]
    no_host = [record(u, "a.example", dropped=False) for u in ("a.example/5", "https://[::1/a", None, 7)]
    no_host.append({k: v for k, v in record("", "a.example", dropped=False).items() if k != "url"})  # no URL field
    others = [
        {"url": f"https://site{i}.example/", "text": "\n".join(f"{PLACES[i % 20]} {e}" for e in EVENTS[i % 3 :]), "promo": None}
        for i in range(60)
    ]
    files = {
        "one.jsonl": a[:2] + b + c[:2] + others[:30] + no_host[:2],
        "sub/two.jsonl": a[2:] + c[2:] + d + others[30:] + no_host[2:],
    }
    n = 0
    for records in files.values():
        for r in records:
            r["id"] = n
            n += 1
    return files


def _write_corpus(folder, files):
    for name, records in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(folder / name, records)


def _expected_by_id(files):
    from boilerplate.corpus import host_of

    records = [r for records in files.values() for r in records]
    texts = [r["text"] for r in records]
    grouped = clean_many(texts, group_by=[host_of(r.get("url")) for r in records])
    plain = clean_many(texts)
    return {r["id"]: text for r, text in zip(records, grouped)}, {r["id"]: text for r, text in zip(records, plain)}


def _cleaned_by_id(folder):
    return {r["id"]: r["text"] for p in sorted(folder.rglob("*.jsonl")) for r in read_jsonl(p)}


@pytest.fixture(scope="module")
def site_corpus(tmp_path_factory):
    """The corpus written as JSON Lines, cleaned once with --group-by host (one job)."""
    folder = tmp_path_factory.mktemp("sites")
    files = _site_corpus()
    _write_corpus(folder / "in", files)
    out = run("clean", "--jsonl", "--group-by", "host", str(folder / "in"), "-o", str(folder / "out"))
    assert out.returncode == 0, out.stderr
    return folder, files, out


def test_group_by_host_gives_clean_many_over_all_files(site_corpus):
    folder, files, out = site_corpus
    grouped, plain = _expected_by_id(files)
    assert _cleaned_by_id(folder / "out") == grouped
    records = [r for rs in files.values() for r in rs]
    prompted = [(r, p) for r in records for p in PROMOS.values() if p in r["text"]]
    assert len(prompted) == 18 and all(p in plain[r["id"]] for r, p in prompted)  # the model keeps every prompt
    # Corpus mode drops the prompt of a (www. folded), b and c (split over the two files), and
    # nothing else; not d's (two pages), nor on records whose URL gives no host.
    dropped = [r for r in records if r["promo"] is not None]
    assert len(dropped) == 11
    for r in records:
        expected = plain[r["id"]].replace("\n\n" + r["promo"], "") if r["promo"] else plain[r["id"]]
        assert grouped[r["id"]] == expected, r["url"]
    assert b"grouped 73 of 78 pages into 64 groups (3 with repeated lines)" in out.stderr


def test_group_by_host_does_not_depend_on_order_or_files(site_corpus, tmp_path):
    folder, files, _ = site_corpus
    records = [r for rs in files.values() for r in rs]
    random.Random(7).shuffle(records)
    shuffled = {"z.jsonl": records[:20], "y.jsonl": records[20:50], "x/w.jsonl": records[50:]}
    _write_corpus(tmp_path / "in", shuffled)
    out = run("clean", "--jsonl", "--group-by", "host", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert _cleaned_by_id(tmp_path / "out") == _cleaned_by_id(folder / "out")


def test_group_by_host_counts_a_pages_lines_as_they_are_cleaned_whatever_ends_them(tmp_path):
    # Corpus mode counts the lines that the cleaner reads (str.splitlines): pages whose
    # lines end in a lone \r (old Mac text) still drop their site's repeated prompt.
    files = {name: [{**r, "text": r["text"].replace("\n", "\r")} for r in records] for name, records in _site_corpus().items()}
    _write_corpus(tmp_path / "in", files)
    out = run("clean", "--jsonl", "--group-by", "host", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    grouped, plain = _expected_by_id(files)
    assert _cleaned_by_id(tmp_path / "out") == grouped != plain
    assert b"(3 with repeated lines)" in out.stderr


def test_group_by_host_with_two_jobs_writes_the_same_bytes(site_corpus, tmp_path):
    folder, files, _ = site_corpus
    out = run("clean", "--jsonl", "--group-by", "host", "--jobs", "2", str(folder / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    for name in files:
        assert (tmp_path / "out" / name).read_bytes() == (folder / "out" / name).read_bytes()


def test_a_resumed_group_by_run_counts_the_skipped_inputs_too(site_corpus, tmp_path):
    """A rerun that skips a finished output still counts its pages: c's prompt goes from the other file."""
    folder, files, _ = site_corpus
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "one.jsonl").write_bytes((folder / "out" / "one.jsonl").read_bytes())  # finished before a kill
    (out_dir / "sub").mkdir()
    (out_dir / "sub" / "two.jsonl.part").write_text('{"id": 0, "text": "half writ', encoding="utf-8")  # the killed one
    out = run("clean", "--jsonl", "--group-by", "host", str(folder / "in"), "-o", str(out_dir))
    assert out.returncode == 0, out.stderr
    assert b"1 output already complete, skipped" in out.stderr
    assert (out_dir / "sub" / "two.jsonl").read_bytes() == (folder / "out" / "sub" / "two.jsonl").read_bytes()
    assert not (out_dir / "sub" / "two.jsonl.part").exists()


def test_a_group_by_rerun_with_every_output_complete_counts_nothing(site_corpus, tmp_path):
    """With nothing left to clean, the first pass (a read of the whole corpus) has no use."""
    folder, files, _ = site_corpus
    shutil.copytree(folder / "out", tmp_path / "out")
    out = run("clean", "--jsonl", "--group-by", "host", str(folder / "in"), "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert b"2 outputs already complete, skipped" in out.stderr
    assert b"grouped" not in out.stderr  # no counting pass ran
    for name in files:
        assert (tmp_path / "out" / name).read_bytes() == (folder / "out" / name).read_bytes()


def test_a_group_by_rerun_that_redoes_an_output_still_counts(site_corpus, tmp_path):
    """Every output there, yet one to redo (--overwrite, or records marked as failed): the
    counting pass runs, and the outputs are those of the first run, repeated lines dropped."""
    folder, files, _ = site_corpus
    shutil.copytree(folder / "out", tmp_path / "out")
    args = ("clean", "--jsonl", "--group-by", "host", str(folder / "in"), "-o", str(tmp_path / "out"))
    out = run(*args, "--overwrite")
    assert out.returncode == 0, out.stderr
    assert b"grouped 73 of 78 pages" in out.stderr
    for name in files:
        assert (tmp_path / "out" / name).read_bytes() == (folder / "out" / name).read_bytes()
    two = tmp_path / "out" / "sub" / "two.jsonl"
    records = read_jsonl(two)
    records[0][ERROR_FIELD] = "could not be cleaned (an earlier error)"
    write_jsonl(two, records)
    out = run(*args)
    assert out.returncode == 0, out.stderr
    assert b"1 output redone: it held records marked as failed" in out.stderr and b"grouped 73 of 78 pages" in out.stderr
    assert two.read_bytes() == (folder / "out" / "sub" / "two.jsonl").read_bytes()
    # One that a run of another fingerprint made (as its folder's manifest says) is redone too, counted as well.
    with open(two.parent / MANIFEST, "a", encoding="ascii") as manifest:
        manifest.write(json.dumps({"output": "two.jsonl", "run": "another run"}) + "\n")
    out = run(*args)
    assert out.returncode == 0, out.stderr
    assert b"1 output redone: made with another model" in out.stderr and b"grouped 73 of 78 pages" in out.stderr
    assert two.read_bytes() == (folder / "out" / "sub" / "two.jsonl").read_bytes()


def test_group_by_host_to_standard_output(site_corpus):
    # One input, no --out: the output is no file, so none can be complete already.
    folder, files, _ = site_corpus
    out = run("clean", "--jsonl", "--group-by", "host", str(folder / "in" / "one.jsonl"))
    assert out.returncode == 0, out.stderr
    grouped, plain = _expected_by_id({"one.jsonl": files["one.jsonl"]})
    got = {r["id"]: r["text"] for r in map(json.loads, out.stdout.decode("utf-8").splitlines())}
    assert got == grouped and got != plain  # b's prompt, on its three pages, is gone


def test_group_by_host_parquet(tmp_path):
    files = _site_corpus()
    (tmp_path / "in").mkdir()
    # The URL column has missing values; a third file has no URL column at all.
    first = pd.DataFrame(files["one.jsonl"])
    first["url"] = first["url"].where(first["url"].map(lambda u: isinstance(u, str)), None)
    first.to_parquet(tmp_path / "in" / "one.parquet")
    second = pd.DataFrame(files["sub/two.jsonl"])
    second["url"] = second["url"].where(second["url"].map(lambda u: isinstance(u, str)), None)
    second.to_parquet(tmp_path / "in" / "two.parquet")
    third = pd.DataFrame({"id": [1000, 1001, 1002], "text": [_site_page(p, PROMOS["b.example"]) for p in PLACES[-3:]]})
    third.to_parquet(tmp_path / "in" / "three.parquet")
    out = run(
        "clean", "--parquet", "--group-by", "host", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--output-field", "article"
    )
    assert out.returncode == 0, out.stderr
    grouped, _ = _expected_by_id(files)
    from boilerplate.corpus import host_of

    frames = [pd.read_parquet(tmp_path / "out" / f"{n}.parquet") for n in ("one", "two", "three")]
    texts = [t for f in frames for t in f["text"]]
    hosts = [host_of(u) for f in frames[:2] for u in f["url"]] + [None] * 3
    assert [a for f in frames for a in f["article"]] == clean_many(texts, group_by=hosts)
    got = {i: a for f in frames[:2] for i, a in zip(f["id"], f["article"])}
    assert got == grouped
    assert all(PROMOS["b.example"] in a for a in frames[2]["article"])  # no URL column: no group
    assert PROMOS["b.example"] not in got[files["one.jsonl"][2]["id"]]


def test_group_by_without_urls_warns_and_cleans_page_by_page(site_corpus, tmp_path):
    folder, files, _ = site_corpus
    args = ["--jsonl", "--group-by", "host", "--url-field", "link", str(folder / "in"), "-o", str(tmp_path / "out")]
    out = run("clean", *args)
    assert out.returncode == 0, out.stderr
    assert b"no record has a URL with a host in the field 'link'" in out.stderr
    _, plain = _expected_by_id(files)
    assert _cleaned_by_id(tmp_path / "out") == plain


def test_group_by_usage_errors(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(TEXTS[0], encoding="utf-8")
    write_jsonl(tmp_path / "r.jsonl", [{"url": "https://a.example/", "text": TEXTS[0]}])
    for args, message in [
        (["--group-by", "host", str(page)], b"--group-by applies to --jsonl, --parquet and --wet only."),
        (["--jsonl", "--group-by", "host", "-"], b"save it to a file first"),
        (["--jsonl", "--group-by", "host", "/dev/stdin"], b"standard input only once: save it to a file first"),
        (["--jsonl", "--url-field", "link", str(tmp_path / "r.jsonl")], b"--url-field applies with --group-by only"),
        (["--jsonl", "--group-by", "site", str(tmp_path / "r.jsonl")], b"invalid choice"),
    ]:
        out = run("clean", *args, stdin=b"")
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert out.stdout == b""


def test_group_by_shows_a_counting_bar_then_a_cleaning_bar(site_corpus, tmp_path):
    folder, _, _ = site_corpus
    code, seen = _on_a_terminal(["clean", "--jsonl", "--group-by", "host", str(folder / "in"), "-o", str(tmp_path / "out")])
    assert code == 0
    assert b"counting lines" in seen and b"cleaning" in seen and b"pages/s" in seen
    assert seen.index(b"counting lines") < seen.index(b"cleaning") < seen.index(b"78 pages from 2 inputs")


def _fake_libc(monkeypatch) -> list[tuple[int, int]]:
    """A C library whose ``mallopt`` records its calls (option, value) in the list returned;
    ``MALLOC_TOP_PAD_`` unset."""
    import ctypes

    calls = []

    class FakeLibc:
        def mallopt(self, option, value):
            calls.append((option.value, value.value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: FakeLibc())
    monkeypatch.delenv("MALLOC_TOP_PAD_", raising=False)
    return calls


def test_clean_keeps_heap_slack_unless_the_user_set_it(monkeypatch):
    from boilerplate import cli

    calls = _fake_libc(monkeypatch)
    monkeypatch.setattr(cli.sys, "platform", "linux")
    cli._keep_heap_slack()
    assert calls == [(-2, cli.MALLOC_TOP_PAD)]  # M_TOP_PAD
    calls.clear()
    monkeypatch.setenv("MALLOC_TOP_PAD_", "0")
    cli._keep_heap_slack()
    assert calls == []


def test_heap_slack_is_glibcs_and_left_alone_elsewhere(monkeypatch):
    import ctypes

    from boilerplate import cli

    calls = _fake_libc(monkeypatch)
    for platform in ("darwin", "win32"):  # M_TOP_PAD is glibc's option number, nothing elsewhere
        monkeypatch.setattr(cli.sys, "platform", platform)
        cli._keep_heap_slack()
    assert calls == []
    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())  # a C library without mallopt
    cli._keep_heap_slack()  # nothing to set, and no AttributeError


def test_a_compressed_parquet_file_is_reported_as_compressed(tmp_path):
    pytest.importorskip("pyarrow")
    import gzip

    pd.DataFrame({"text": TEXTS[:3]}).to_parquet(tmp_path / "a.parquet")
    packed = gzip.compress((tmp_path / "a.parquet").read_bytes())
    (tmp_path / "b.parquet.gz").write_bytes(packed)
    (tmp_path / "c.parquet").write_bytes(packed)  # gzip under a plain name
    (tmp_path / "d.parquet").write_bytes(b"PAR1 but not really")  # not compressed: bad Parquet, as before
    inputs = [str(tmp_path / name) for name in ("a.parquet", "b.parquet.gz", "c.parquet", "d.parquet")]
    out = run("clean", "--parquet", *inputs, "--out", str(tmp_path / "o"), "-q")
    assert out.returncode == 1
    *messages, summary = out.stderr.decode("utf-8").splitlines()
    b, c, d = (tmp_path / name for name in ("b.parquet.gz", "c.parquet", "d.parquet"))
    assert messages[:2] == [
        f"boilerplate: {b}: gzip-compressed: decompress it to a file first, e.g. zcat {b} > {tmp_path / 'b.parquet'}, then clean that",
        f"boilerplate: {c}: gzip-compressed: decompress it in place first, e.g. zcat {c} > {c}.decompressed && mv {c}.decompressed {c}",
    ]
    assert messages[2].startswith(f"boilerplate: {d}: cannot be read as Parquet (")
    # given without --parquet: told to decompress it to a file and clean that with --parquet,
    # not to pipe it into "boilerplate clean -", which then says to save it to a file; and,
    # given without --out, with --out, where Parquet is written ("Parquet output needs --out DIR")
    out = run("clean", str(b), "-q")
    assert out.returncode == 1 and out.stderr.decode("utf-8").splitlines()[0] == (
        f"boilerplate: {b}: gzip-compressed: decompress it to a file first, e.g. zcat {b} > {tmp_path / 'b.parquet'}, "
        "then clean that with --parquet and --out DIR"
    )
    (tmp_path / "b.parquet").write_bytes(gzip.decompress(b.read_bytes()))
    assert run("clean", str(tmp_path / "b.parquet"), "--parquet", "--out", str(tmp_path / "o2"), "-q").returncode == 0
    assert summary.endswith("3 failed (bad Parquet: 1, compressed: 2)")
    assert output_names(tmp_path / "o") == ["a.parquet"]


# ------------------------------------------------------------------ --model: a model of your own


def test_clean_with_a_model_of_your_own_gives_what_clean_with_that_model_gives(tmp_path, inverted_model):
    from boilerplate.model import MODEL_FILE, load_model

    mine = load_model(inverted_model)
    expected = [clean(text, model=mine) for text in TEXTS]
    assert expected != [clean(text) for text in TEXTS]  # the model tells
    for given in (inverted_model, inverted_model / MODEL_FILE):  # its folder or its file
        out = run("clean", "--model", str(given), "-q", str(PAGE))
        assert out.returncode == 0 and out.stdout.decode("utf-8") == expected[PAGES.index(PAGE)] + "\n"
    records = [{"id": i, "text": text} for i, text in enumerate(TEXTS * 8)]
    write_jsonl(tmp_path / "in.jsonl", records)
    for jobs in ("1", "2"):
        out = run("clean", "--jsonl", "--model", str(inverted_model), "--jobs", jobs, "-q", str(tmp_path / "in.jsonl"),
                  "--out", str(tmp_path / f"out{jobs}"))
        assert out.returncode == 0, out.stderr
        assert [r["text"] for r in read_jsonl(tmp_path / f"out{jobs}" / "in.jsonl")] == expected * 8


def test_a_model_of_your_own_is_read_from_its_receipt_without_scikit_learn(tmp_path, inverted_model):
    code = f"""
import sys
from boilerplate.cli import main
assert main(["clean", "-q", "--model", {str(inverted_model)!r}, {str(PAGE)!r}, "--out", {str(tmp_path / "out")!r}]) == 0
print(" ".join(m for m in ("sklearn", "scipy", "pandas", "joblib") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    # A receipt without the model's function (an older train.py's): the model file is loaded.
    copy = tmp_path / "copy"
    shutil.copytree(inverted_model, copy)
    receipt = json.loads((copy / "receipt.json").read_text(encoding="utf-8"))
    del receipt["decision_function"]
    (copy / "receipt.json").write_text(json.dumps(receipt), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code.replace(str(inverted_model), str(copy))],
                         capture_output=True, text=True, check=True)
    assert "sklearn" in out.stdout.split()
    assert (tmp_path / "out" / PAGE.name).read_text(encoding="utf-8") == run(
        "clean", "--model", str(inverted_model), str(PAGE)).stdout.decode("utf-8")


def test_a_model_that_is_not_there_or_an_empty_path_is_refused(tmp_path):
    out = run("clean", "--model", str(tmp_path / "nothere"), str(PAGE))
    assert out.returncode == 2 and out.stdout == b""
    # named by the option ("--model" alone is in the advice too: "train.py --model-dir")
    assert out.stderr.decode().startswith(f"boilerplate: --model {tmp_path / 'nothere'}: no such file or folder; check the path")
    # A name longer than the file system takes ended in a traceback (OSError: File name too long).
    out = run("clean", "--model", str(tmp_path / ("x" * 300)), str(PAGE))
    assert out.returncode == 2 and out.stderr.decode().startswith(f"boilerplate: --model {tmp_path / ('x' * 300)}: no such file")
    (tmp_path / "empty").mkdir()
    out = run("label", "--model", str(tmp_path / "empty"), str(PAGE), "--out", str(tmp_path / "labels"))
    assert out.returncode == 2 and "no model file there" in out.stderr.decode()
    assert not (tmp_path / "labels").exists()
    out = run("clean", "--model", "", str(PAGE))
    assert out.returncode == 2 and "an empty path" in out.stderr.decode()


def test_label_pre_fills_with_a_model_of_your_own(tmp_path, inverted_model):
    from boilerplate.cleaner import decide_lines
    from boilerplate.model import load_model

    out = run("label", "--model", str(inverted_model), str(PAGE), "--out", str(tmp_path / "labels"))
    assert out.returncode == 0, out.stderr
    rows = (tmp_path / "labels" / f"{PAGE.stem}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    decision = decide_lines(PAGE.read_text(encoding="utf-8").splitlines(), load_model(inverted_model))
    assert [row.split("\t")[1] for row in rows] == ["body" if keep else "chrome" for keep in decision.body]
    assert "body" in [row.split("\t")[1] for row in rows[:3]]  # the menu and date bar: the shipped model drops them


@pytest.mark.skipif(shutil.which("w3m") is None, reason="w3m is not installed")
def test_the_printed_w3m_command_renders_the_html_in_place_whatever_the_locale(tmp_path):
    # In the C or POSIX locale (cron, containers) w3m -dump wrote every non-ASCII letter
    # as '?', and the printed command then moved that over the HTML: the page was lost.
    src = tmp_path / "my pages"
    src.mkdir()
    paragraphs = [line for text in TEXTS[:2] for line in text.splitlines() if len(line) > 60]
    body = "".join(f"<p>{line}</p>" for line in paragraphs)
    html = f"<!DOCTYPE html>\n<html><head><title>t</title></head><body>{body}</body></html>\n"
    (src / "a b.txt").write_text(html, encoding="utf-8")
    out = run("clean", str(src), "--out", str(tmp_path / "o"), "-q")
    assert out.returncode == 1
    command = between(out.stderr.decode("utf-8"), "render it to text first, e.g. ", "; or take")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    done = subprocess.run(["sh", "-c", command], env=env, cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr

    def letters(text: str) -> str:  # w3m wraps lines at 80 cells, and may compose য় otherwise
        return unicodedata.normalize("NFC", "".join(text.split()))

    rendered = letters((src / "a b.txt").read_text(encoding="utf-8"))
    assert all(letters(line) in rendered for line in paragraphs)
    assert (src / "a b.html").read_text(encoding="utf-8") == html  # the HTML is kept beside it, not lost
    again = run("clean", str(src), "--out", str(tmp_path / "o"), "-q")
    assert again.returncode == 0 and (tmp_path / "o" / "a b.txt").exists()


@pytest.mark.skipif(shutil.which("w3m") is None, reason="w3m is not installed")
def test_the_printed_w3m_command_reads_the_charset_the_html_declares(tmp_path):
    # w3m does not go by a meta tag's charset: it read a windows-1252 page as UTF-8, and
    # the printed command moved "caf  cr me" over the HTML, which a rerun then cleaned.
    src = tmp_path / "in"
    src.mkdir()
    paragraph = "Le café crème du quartier ferme ses portes après quarante ans de service, disent les voisins."
    html = (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            f"<title>t</title></head><body><p>\u201c{paragraph}\u201d</p></body></html>\n")
    (src / "a.txt").write_bytes(html.encode("cp1252"))
    out = run("clean", str(src), "--out", str(tmp_path / "o"), "-q")
    assert out.returncode == 1
    command = between(out.stderr.decode("utf-8"), "render it to text first, e.g. ", "; or take")
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    rendered = " ".join((src / "a.txt").read_text(encoding="utf-8").split())
    assert f"\u201c{paragraph}\u201d" in rendered
    assert (src / "a.html").read_bytes() == html.encode("cp1252")  # the HTML is kept beside it, not lost
    assert run("clean", str(src), "--out", str(tmp_path / "o"), "-q").returncode == 0


@pytest.mark.skipif(shutil.which("w3m") is None, reason="w3m is not installed")
@pytest.mark.parametrize("name", ["my page.html", "P.HTM"])
def test_the_printed_w3m_command_keeps_a_file_named_as_html_and_renders_it_beside(tmp_path, name):
    # The command rendered p.html in place: run as printed, it put the text over the HTML, which was lost.
    paragraph = "The council met on Tuesday and voted to keep the old library open for another ten years."
    html = f"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>{paragraph}</p></body></html>\n"
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    (tmp_path / page.with_suffix(".txt").name).write_text("another page\n", encoding="utf-8")  # not to be written over
    out = run("clean", name, "--out", "o", "-q", cwd=tmp_path)
    assert out.returncode == 1
    command = between(out.stderr.decode("utf-8"), "render it to text first, e.g. ", ", then clean that; or take")
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert page.read_text(encoding="utf-8") == html
    assert (tmp_path / page.with_suffix(".txt").name).read_text(encoding="utf-8") == "another page\n"
    rendered = tmp_path / f"{page.stem}.1.txt"
    assert paragraph in " ".join(rendered.read_text(encoding="utf-8").split())
    assert run("clean", rendered.name, "--out", "o", "-q", cwd=tmp_path).returncode == 0


def test_a_printed_pipe_repeats_the_options_that_shape_the_output(tmp_path):
    # "zcat o.jsonl.gz | boilerplate clean --jsonl -" was printed for a run with --field and
    # --output-field: run as printed, it found no field "text" in any record, and with a
    # --model it would have cleaned with the shipped model. Standard input in UTF-16 likewise.
    records = [{"id": i, "body": TEXTS[i % len(TEXTS)]} for i in range(3)]
    write_jsonl(tmp_path / "plain.jsonl", records)
    (tmp_path / "o.jsonl.gz").write_bytes(gzip.compress((tmp_path / "plain.jsonl").read_bytes()))
    options = ["--field", "body", "--output-field", "the article", "--errors", "replace"]
    expected = run("clean", "--jsonl", *options, "plain.jsonl", cwd=tmp_path)
    assert expected.returncode == 0 and [r["the article"] for r in map(json.loads, expected.stdout.splitlines())] == [
        clean(r["body"]) for r in records
    ]
    here = f"{shlex.quote(sys.executable)} -m boilerplate clean"  # the boilerplate of this environment
    named = run("clean", "--jsonl", *options, "o.jsonl.gz", cwd=tmp_path)
    assert named.returncode == 1
    command = between(named.stderr.decode("utf-8"), "decompress it first, e.g. ", "\n")
    assert command == "zcat o.jsonl.gz | boilerplate clean --jsonl --field=body '--output-field=the article' --errors=replace -"
    done = subprocess.run(["sh", "-c", command.replace("boilerplate clean", here)], cwd=tmp_path, capture_output=True)
    assert (done.returncode, done.stdout) == (0, expected.stdout)
    (tmp_path / "wide.jsonl").write_bytes((tmp_path / "plain.jsonl").read_text(encoding="utf-8").encode("utf-16"))
    piped = run("clean", "--jsonl", *options, "-", stdin=(tmp_path / "wide.jsonl").read_bytes(), cwd=tmp_path)
    command = between(piped.stderr.decode("utf-8"), "convert it to UTF-8 first, e.g. ... | ", "\n")
    done = subprocess.run(["sh", "-c", f"cat wide.jsonl | {command.replace('boilerplate clean', here)}"], cwd=tmp_path,
                          capture_output=True)
    assert (piped.returncode, done.returncode, done.stdout) == (1, 0, expected.stdout)
    # corpus mode reads its inputs twice, not from a pipe: told to decompress to a file
    grouped = run("clean", "--jsonl", "--group-by", "host", "o.jsonl.gz", cwd=tmp_path)
    assert grouped.stderr.decode("utf-8").splitlines()[0].endswith("e.g. zcat o.jsonl.gz > o.jsonl, then clean that")


def test_a_printed_pipe_repeats_a_model_of_your_own_and_no_option_that_was_not_given():
    # Without --model, the printed command would clean with the shipped model; --errors
    # strict is the default, and is not written out when it was not given.
    from boilerplate.cli import _shaping_options, build_parser

    args = build_parser().parse_args(["clean", "--model", "my model", "-j", "2", "-"])
    assert _shaping_options(args) == ("'--model=my model'",)


def _jobs_seen(monkeypatch) -> list[int]:
    """The ``jobs`` each run of ``boilerplate clean`` would be given, recorded in the list
    returned: the run itself is replaced by one that records and exits."""
    from boilerplate import cli

    seen = []

    def fake_run(tasks, opts, *, jobs, **kwargs):
        seen.append(jobs)
        raise SystemExit(0)

    monkeypatch.setattr(cli, "run", fake_run)
    return seen


def test_jobs_0_starts_one_worker_per_core_the_process_may_use(monkeypatch, tmp_path):
    from boilerplate import cli

    # It took os.cpu_count(), the machine's cores, even when the process may run on
    # fewer (taskset, a container's CPU set): more workers than cores to run them on.
    seen = _jobs_seen(monkeypatch)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda pid: {0, 3}, raising=False)
    (tmp_path / "a.txt").write_text("Home\n", encoding="utf-8")
    for jobs, expected in (("0", 2), ("3", 3)):
        with pytest.raises(SystemExit):
            cli.main(["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--jobs", jobs, "-q"])
        assert seen.pop() == expected
    monkeypatch.delattr(cli.os, "sched_getaffinity")  # macOS and Windows have none
    with pytest.raises(SystemExit):
        cli.main(["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--jobs", "0", "-q"])
    assert seen.pop() == 8


def test_jobs_is_one_by_default_and_one_where_the_cores_cannot_be_told(monkeypatch, tmp_path):
    from boilerplate import cli

    seen = _jobs_seen(monkeypatch)
    (tmp_path / "a.txt").write_text("Home\n", encoding="utf-8")
    args = ["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "-q"]
    with pytest.raises(SystemExit):
        cli.main(args)  # --help: "default: 1"
    assert seen.pop() == 1
    monkeypatch.delattr(cli.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: None)  # "None if undetermined"
    with pytest.raises(SystemExit):
        cli.main([*args, "--jobs", "0"])
    assert seen.pop() == 1


def test_jobs_that_is_no_number_of_processes_is_a_usage_error():
    for value in ("-1", "two", "1.5"):
        out = run("clean", f"--jobs={value}", str(PAGE))
        assert out.returncode == 2 and out.stdout == b"", (value, out.stderr)
        assert f"argument -j/--jobs: {value!r} is not a number of processes (0 or more)".encode() in out.stderr, out.stderr


def test_an_unknown_option_is_a_usage_error(tmp_path):
    out = run("clean", str(PAGE), "--bogus", "--out", str(tmp_path / "o"))
    assert out.returncode == 2 and b"boilerplate clean: error: unrecognized arguments: --bogus\n" in out.stderr
    assert out.stdout == b"" and not (tmp_path / "o").exists()
    out = run("label", str(PAGE), "--out", str(tmp_path / "labels"), "--bogus")
    assert out.returncode == 2 and b"boilerplate label: error: unrecognized arguments: --bogus\n" in out.stderr
    assert not (tmp_path / "labels").exists()
    out = run("evaluate", "--bogus")  # its own parser, named after the command as the others are
    assert out.returncode == 2 and b"boilerplate evaluate: error: unrecognized arguments: --bogus\n" in out.stderr


def test_inputs_may_come_after_an_option(tmp_path, capsys):
    # argparse stops a command's inputs at its first option: "clean a.txt --out DIR b.txt"
    # was "unrecognized arguments: b.txt".
    from boilerplate import cli

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    a, b, c = (str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt"))
    assert cli.main(["clean", a, "--out", str(tmp_path / "o"), b, "-q", c]) == 0
    assert output_names(tmp_path / "o") == ["a.txt", "b.txt", "c.txt"]
    assert cli.main(["label", a, "--out", str(tmp_path / "labels"), b]) == 0
    assert sorted(p.name for p in (tmp_path / "labels").glob("*.tsv")) == ["a.tsv", "b.tsv"]
    capsys.readouterr()
    # An unknown option among them is still one, and the command's own checks still hold.
    for args, message in [(["clean", a, "--out", str(tmp_path / "p"), b, "--bogus"], "clean: error: unrecognized arguments: --bogus\n"),
                          (["clean", a, "--jsonl", b, "--parquet"], "argument --parquet: not allowed with argument --jsonl")]:
        with pytest.raises(SystemExit) as exit_:
            cli.main(args)
        assert exit_.value.code == 2 and message in capsys.readouterr().err, args
    assert not (tmp_path / "p").exists()
    assert cli.main(["clean", a, "--jobs", "1", b]) == 2
    assert capsys.readouterr().err == "boilerplate: 2 inputs: give --out DIR to write one cleaned file per input.\n"


def test_label_needs_its_pages_and_out_and_refuses_an_empty_model_path(tmp_path):
    for args, message in [
        ([str(PAGE)], b"the following arguments are required: --out"),
        (["--out", str(tmp_path / "labels")], b"the following arguments are required: PAGE"),
        ([str(PAGE), "--out", str(tmp_path / "labels"), "--model", ""], b"argument --model: an empty path (an unset variable?)"),
    ]:
        out = run("label", *args, cwd=tmp_path)
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert not (tmp_path / "labels").exists() and list(tmp_path.iterdir()) == []
