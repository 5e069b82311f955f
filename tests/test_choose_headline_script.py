"""bench/choose_headline.py: the rule that sets the headline pass's three numbers, and the table it prints."""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction

import pytest

from boilerplate import cleaner, headline
from boilerplate.bench import bench_dir

from .conftest import REPO, load_script


def test_off_takes_nothing_and_each_setting_is_labelled():
    script = load_script("choose_headline")
    assert script.OFF == 0  # a window of no lines: no candidate
    assert script.label({"window": script.OFF, "share": Fraction(1, 2), "min_words": 3}) == "off | off | off"
    assert script.label({"window": 15, "share": Fraction(3, 5), "min_words": 4}) == "15 | 3/5 | 4"


def test_scoring_a_setting_sets_both_modules_and_leaves_the_shipped_numbers_in_place(monkeypatch):
    script = load_script("choose_headline")
    seen = []

    def predict(model):
        seen.append((headline.HEADLINE_WINDOW, headline.HEADLINE_MIN_SHARE, headline.HEADLINE_MIN_WORDS,
                     cleaner.HEADLINE_MIN_WORDS))
        raise RuntimeError("stop")

    monkeypatch.setitem(script.scored.__globals__, "predict_bench", predict)  # choose_code's, which scores
    shipped = headline.HEADLINE_WINDOW, headline.HEADLINE_MIN_SHARE, headline.HEADLINE_MIN_WORDS, cleaner.HEADLINE_MIN_WORDS
    with pytest.raises(RuntimeError):
        script.scores(7, Fraction(2, 3), 5, None, [])
    assert seen == [(7, Fraction(2, 3), 5, 5)]
    assert (headline.HEADLINE_WINDOW, headline.HEADLINE_MIN_SHARE, headline.HEADLINE_MIN_WORDS,
            cleaner.HEADLINE_MIN_WORDS) == shipped


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_setting_and_marks_the_rules_choice():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_headline.py")], capture_output=True,
                         text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    pattern = (r"\| (off|\d+) \| (off|\d+/\d+) \| (off|\d+)( ← rule)? \| (.+) \| ([\d.]+) \| ([\d.]+) \| "
               r"([\d.]+) / ([\d.]+) \|")
    rows = [re.fullmatch(pattern, line) for line in lines[2:-1]]
    assert all(rows) and len(rows) == 1 + 3 * 3 * 2
    assert (rows[0][1], rows[0][2], rows[0][3]) == ("off", "off", "off")
    meeting = [r for r in rows if float(r[8]) >= 0.95 and float(r[9]) >= 0.98]
    marked = [r for r in rows if r[4]]
    assert len(marked) == 1 and float(marked[0][6]) == max(float(r[6]) for r in meeting)
    shipped = f"shipped: {headline.HEADLINE_WINDOW} | {headline.HEADLINE_MIN_SHARE} | {headline.HEADLINE_MIN_WORDS}"
    assert lines[-1] == f"the rule picks {marked[0][1]} | {marked[0][2]} | {marked[0][3]}; {shipped}"


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_headline.py")], capture_output=True,
                         text=True, timeout=120, env={"BOILERPLATE_BENCH": str(tmp_path), "PATH": ""})
    assert out.returncode == 2
    assert out.stderr == f"BOILERPLATE_BENCH={tmp_path} names no benchmark (no fundus/pages.tsv in it): nothing to choose on\n"
