"""bench/choose_below.py: the rule that sets how far below the article the select and near passes reach."""

from __future__ import annotations

import pytest

from boilerplate import cleaner
from boilerplate.bench import bench_dir

from .chooser_helpers import check_scoring_restores, check_stubbed_table, check_table, check_without_bench
from .conftest import load_script


def test_the_grid_runs_from_no_gap_to_the_gap_above_and_each_row_is_labelled():
    script = load_script("choose_below")
    assert script.GAPS[0] == 0 and script.GAPS[-1] == cleaner.MAX_JOIN_GAP
    assert cleaner.MAX_JOIN_GAP_BELOW in script.GAPS
    assert script.label({"below": 2}) == f"2 | {cleaner.MAX_JOIN_GAP}"


def test_scoring_a_gap_leaves_the_shipped_gap_in_place(monkeypatch):
    check_scoring_restores(monkeypatch, load_script("choose_below"), lambda: (cleaner.MAX_JOIN_GAP_BELOW,), (7,))


def test_it_scores_each_gap_in_order_and_prints_the_table_with_the_rules_choice(monkeypatch, capsys):
    script = load_script("choose_below")
    check_stubbed_table(monkeypatch, capsys, script, ("below",), [(g,) for g in range(cleaner.MAX_JOIN_GAP + 1)],
                        "| gap below | gap above | ", 4, f"{cleaner.MAX_JOIN_GAP_BELOW} | {cleaner.MAX_JOIN_GAP}")


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_gap_and_marks_the_rules_choice():
    check_table("choose_below", [r"\d+", r"\d+"], cleaner.MAX_JOIN_GAP + 1,
                f"{cleaner.MAX_JOIN_GAP_BELOW} | {cleaner.MAX_JOIN_GAP}", timeout=900, off_first=False)


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    check_without_bench("choose_below", tmp_path)
