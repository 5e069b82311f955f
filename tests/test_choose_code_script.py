"""bench/choose_code.py: the rule that sets the code pass's two shares, and the table it prints."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from boilerplate import cleaner, features
from boilerplate.bench import bench_dir

from .conftest import REPO, load_script


def row(min_share, gap_share, development, loso, loso_char):
    return {"min_share": min_share, "gap_share": gap_share, "development": {"a": development, "b": development},
            "held-out": {"a": 0.0, "b": 0.0}, "loso": loso, "loso_char": loso_char}


def test_the_rule_takes_the_best_development_mean_among_pairs_meeting_the_aims():
    script = load_script("choose_code")
    rows = [row(0.03, math.inf, 0.70, 0.95, 0.99), row(0.03, 0.05, 0.80, 0.94, 0.99),
            row(0.05, 0.1, 0.75, 0.95, 0.98), row(0.1, 0.1, 0.76, 0.96, 0.97)]
    # The second misses the line F1 aim and the last the character-weighted one.
    assert script.pick(rows) is rows[2]
    assert script.pick([rows[1], rows[3]]) is None
    assert [script.label(r) for r in rows[:3]] == ["off | off", "0.03 | 0.05", "0.05 | 0.1"]


def test_scoring_a_pair_leaves_the_shipped_shares_in_place(monkeypatch):
    script = load_script("choose_code")
    seen = []

    def predict(model):
        seen.append((features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE))
        raise RuntimeError("stop")

    monkeypatch.setattr(script, "predict_bench", predict)
    shipped = features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE
    with pytest.raises(RuntimeError):
        script.scores(0.5, 0.7, None, [])
    assert seen == [(0.5, 0.7)]
    assert (features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE) == shipped


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_pair_and_marks_the_rules_choice():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_code.py")], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    pattern = r"\| (off|[\d.]+) \| (off|[\d.]+)( ← rule)? \| (.+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) / ([\d.]+) \|"
    rows = [re.fullmatch(pattern, line) for line in lines[2:-1]]
    assert all(rows) and len(rows) == 1 + 3 * 5
    assert (rows[0][1], rows[0][2]) == ("off", "off")
    meeting = [r for r in rows if float(r[7]) >= 0.95 and float(r[8]) >= 0.98]
    best = max(float(r[5]) for r in meeting)
    marked = [r for r in rows if r[3]]
    assert len(marked) == 1 and float(marked[0][5]) == best
    shipped = f"shipped: {features.CODE_MIN_SHARE:g} | {cleaner.CODE_GAP_SHARE:g}"
    assert lines[-1] == f"the rule picks {marked[0][1]} | {marked[0][2]}; {shipped}"


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "bench" / "choose_code.py")], capture_output=True, text=True,
                         timeout=120, env={"BOILERPLATE_BENCH": str(tmp_path), "PATH": ""})
    assert out.returncode == 2
    assert out.stderr == f"BOILERPLATE_BENCH={tmp_path} names no benchmark (no fundus/pages.tsv in it): nothing to choose on\n"
