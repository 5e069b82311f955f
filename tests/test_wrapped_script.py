"""bench/wrapped.py: its wrapping and its figures on labels/ (the benchmark left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import load_script



@pytest.fixture(scope="module")
def script():
    return load_script("wrapped")


def test_wrap_keeps_blank_lines_and_says_where_each_piece_came_from(script):
    lines, source = script.wrap(["one two three four", "", "five"], 9)
    assert lines == ["one two", "three", "four", "", "five"]
    assert source == [1, 1, 1, 2, 3]


def test_joining_is_what_keeps_a_wrapped_page_decided_as_itself(script, monkeypatch, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(Path("/nonexistent")))
    pages = script.collections()
    assert list(pages) == ["labels/ (training pages)"]
    as_is, same = script.score(pages["labels/ (training pages)"], None)
    assert same == 1.0
    joined, same = script.score(pages["labels/ (training pages)"], 72)
    split, _ = script.score(pages["labels/ (training pages)"], 72, join=False)
    assert same == 1.0  # every piece decided as its line on the page itself
    # so character-weighted F1 moves only by the spaces the breaks took out (one per break)
    assert joined["char_f1"] == pytest.approx(as_is["char_f1"], abs=1e-3)
    assert split["char_f1"] < as_is["char_f1"] - 0.3
    assert script.main(["--widths", "72"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("../shared/bench is not there: labels/ only.")
    row = next(line for line in out.splitlines() if line.startswith("| labels/ (training pages) | "))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells == [f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in (as_is, joined, split)]
