"""bench/choose_near.py: the rule that sets the near pass's two numbers, and the table it prints."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from boilerplate import cleaner
from boilerplate.bench import bench_dir

from .conftest import REPO, load_script


def test_off_takes_nothing_in_and_each_pair_is_labelled():
    script = load_script("choose_near")
    assert script.OFF < 0 and math.isinf(script.OFF)  # p >= threshold + inf: no line is near
    assert script.label({"min_words": 3, "margin": script.OFF}) == "off | off"
    assert script.label({"min_words": 5, "margin": 0.2}) == "5 | 0.2"


def test_scoring_a_pair_leaves_the_shipped_numbers_in_place(monkeypatch):
    script = load_script("choose_near")
    seen = []

    def predict(model):
        seen.append((cleaner.NEAR_MIN_WORDS, cleaner.NEAR_MARGIN))
        raise RuntimeError("stop")

    monkeypatch.setitem(script.scored.__globals__, "predict_bench", predict)  # choose_code's, which scores
    shipped = cleaner.NEAR_MIN_WORDS, cleaner.NEAR_MARGIN
    with pytest.raises(RuntimeError):
        script.scores(7, 0.45, None, [])
    assert seen == [(7, 0.45)]
    assert (cleaner.NEAR_MIN_WORDS, cleaner.NEAR_MARGIN) == shipped


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_pair_and_marks_the_rules_choice():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_near.py")], capture_output=True, text=True,
                         timeout=900)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    pattern = r"\| (off|\d+) \| (off|[\d.]+)( ← rule)? \| (.+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) / ([\d.]+) \|"
    rows = [re.fullmatch(pattern, line) for line in lines[2:-1]]
    assert all(rows) and len(rows) == 1 + 3 * 3
    assert (rows[0][1], rows[0][2]) == ("off", "off")
    meeting = [r for r in rows if float(r[7]) >= 0.95 and float(r[8]) >= 0.98]
    marked = [r for r in rows if r[3]]
    assert len(marked) == 1 and float(marked[0][5]) == max(float(r[5]) for r in meeting)
    shipped = f"shipped: {cleaner.NEAR_MIN_WORDS} | {cleaner.NEAR_MARGIN:g}"
    assert lines[-1] == f"the rule picks {marked[0][1]} | {marked[0][2]}; {shipped}"


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_near.py")], capture_output=True, text=True,
                         timeout=120, env={"BOILERPLATE_BENCH": str(tmp_path), "PATH": ""})
    assert out.returncode == 2
    assert out.stderr == f"BOILERPLATE_BENCH={tmp_path} names no benchmark (no fundus/pages.tsv in it): nothing to choose on\n"
