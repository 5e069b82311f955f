"""bench/choose_near.py: the rule that sets the near pass's two numbers, and the table it prints."""

from __future__ import annotations

import math

import pytest

from boilerplate import cleaner
from boilerplate.bench import bench_dir

from .chooser_helpers import check_scoring_restores, check_stubbed_table, check_table, check_without_bench
from .conftest import load_script


def test_off_takes_nothing_in_and_each_pair_is_labelled():
    script = load_script("choose_near")
    assert script.OFF < 0 and math.isinf(script.OFF)  # p >= threshold + inf: no line is near
    assert script.label({"min_words": 3, "margin": script.OFF}) == "off | off"
    assert script.label({"min_words": 5, "margin": 0.2}) == "5 | 0.2"


def test_scoring_a_pair_leaves_the_shipped_numbers_in_place(monkeypatch):
    check_scoring_restores(monkeypatch, load_script("choose_near"), lambda: (cleaner.NEAR_MIN_WORDS, cleaner.NEAR_MARGIN), (7, 0.45))


def test_it_scores_the_pass_off_then_each_pair_and_prints_the_table_with_the_rules_choice(monkeypatch, capsys):
    script = load_script("choose_near")
    # the row with the pass off keeps the shipped fewest words, whatever they are
    monkeypatch.setattr(cleaner, "NEAR_MIN_WORDS", 7)
    grid = [(7, -math.inf)] + [(w, m) for w in script.MIN_WORDS for m in script.MARGINS]
    check_stubbed_table(monkeypatch, capsys, script, ("min_words", "margin"), grid, "| words ≥ | margin | ", 4,
                        f"7 | {cleaner.NEAR_MARGIN:g}")


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_pair_and_marks_the_rules_choice():
    check_table("choose_near", [r"\d+", r"[\d.]+"], 1 + 3 * 3,
                f"{cleaner.NEAR_MIN_WORDS} | {cleaner.NEAR_MARGIN:g}", timeout=900)


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    check_without_bench("choose_near", tmp_path)
