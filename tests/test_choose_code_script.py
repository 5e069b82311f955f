"""bench/choose_code.py: the rule that sets the code pass's two shares, and the table it prints."""

from __future__ import annotations

import math

import pytest

from boilerplate import cleaner, features
from boilerplate.bench import bench_dir

from boilerplate.model import C

from .chooser_helpers import (FRAME_SCORES, bench_frame, check_scoring_restores, check_stubbed_table, check_table,
                              check_without_bench, loso_frame)
from .conftest import load_script


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
    check_scoring_restores(monkeypatch, load_script("choose_code"), lambda: (features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE), (0.5, 0.7))


def test_a_pair_is_scored_on_each_half_of_the_benchmark_and_by_leave_one_site_out_with_the_pair_in_place(monkeypatch):
    script = load_script("choose_code")
    seen = []

    def predict(model):
        seen.append(("benchmark", model, features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE))
        return bench_frame()

    def loso(pages, c):
        seen.append(("loso", pages, c, features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE))
        return loso_frame()

    monkeypatch.setitem(script.scored.__globals__, "predict_bench", predict)
    monkeypatch.setitem(script.scored.__globals__, "leave_one_site_out", loso)
    shipped = (features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE)
    row = script.scores(0.5, 0.7, "the model", "the labels")
    # the shipped model on the benchmark, and models of the shipped C on the labels, both with the pair set
    assert seen == [("benchmark", "the model", 0.5, 0.7), ("loso", "the labels", C, 0.5, 0.7)]
    assert row == {"min_share": 0.5, "gap_share": 0.7, **FRAME_SCORES}
    assert (features.CODE_MIN_SHARE, cleaner.CODE_GAP_SHARE) == shipped


def test_it_scores_the_pass_off_then_each_pair_and_prints_the_table_with_the_rules_choice(monkeypatch, capsys):
    script = load_script("choose_code")
    # the row with the pass off keeps the shipped code symbols' share, whatever it is
    monkeypatch.setattr(features, "CODE_MIN_SHARE", 0.07)
    grid = [(0.07, math.inf)] + [(m, g) for m in script.MIN_SHARES for g in script.GAP_SHARES]
    check_stubbed_table(monkeypatch, capsys, script, ("min_share", "gap_share"), grid, "| code symbols ≥ | code lines ≥ | ", 3,
                        f"0.07 | {cleaner.CODE_GAP_SHARE:g}")


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_pair_and_marks_the_rules_choice_in_the_table_the_readme_shows():
    check_table("choose_code", [r"[\d.]+", r"[\d.]+"], 1 + 3 * 5,
                f"{features.CODE_MIN_SHARE:g} | {cleaner.CODE_GAP_SHARE:g}", timeout=600, in_readme=True)


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    check_without_bench("choose_code", tmp_path)
