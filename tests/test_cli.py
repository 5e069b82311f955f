"""The command line: a file or standard input in, the article out."""

from __future__ import annotations

import subprocess
import sys

from boilerplate import clean

from .conftest import LABELS

PAGE = LABELS / "pages" / "000_2cc86d798c6ceb90.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "boilerplate", *args], input=stdin, capture_output=True)


def test_clean_a_file():
    out = run("clean", str(PAGE))
    assert out.returncode == 0
    assert out.stdout.decode("utf-8") == clean(PAGE.read_text(encoding="utf-8")) + "\n"


def test_clean_stdin_drops_a_bom():
    out = run("clean", "-", stdin=b"\xef\xbb\xbf" + PAGE.read_bytes())
    assert out.returncode == 0
    assert out.stdout.decode("utf-8") == clean(PAGE.read_text(encoding="utf-8")) + "\n"


def test_errors_say_what_to_do(tmp_path):
    missing = run("clean", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and b"No such file" in missing.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe")
    out = run("clean", str(bad))
    assert out.returncode == 1 and b"not valid UTF-8 at byte 3" in out.stderr


def test_usage_without_a_command():
    out = run()
    assert out.returncode == 2 and b"usage: boilerplate" in out.stderr
