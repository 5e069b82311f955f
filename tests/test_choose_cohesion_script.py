"""bench/choose_cohesion.py: the rule that sets the cohesion pass's share, and the table it prints."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boilerplate import cohesion
from boilerplate.bench import bench_dir

from .chooser_helpers import check_scoring_restores, check_stubbed_table, check_table, check_without_bench
from .conftest import load_script


def test_off_takes_nothing_in_and_each_share_is_labelled():
    script = load_script("choose_cohesion")
    assert script.OFF > 1  # no line holds more than all its weight
    assert script.label({"share": script.OFF, "filled_share": Fraction(0), "heading_share": Fraction(0)}) == "off | off | off"
    assert script.label({"share": Fraction(3, 5), "filled_share": Fraction(0), "heading_share": Fraction(0)}) == "3/5 | off | off"
    assert script.label({"share": Fraction(3, 5), "filled_share": Fraction(1, 10), "heading_share": Fraction(3, 10)}) == "3/5 | 1/10 | 3/10"
    assert cohesion.COHESION_MIN_SHARE in script.SHARES and cohesion.FILLED_MIN_SHARE in script.FILLED_SHARES
    assert cohesion.HEADING_MIN_SHARE in script.HEADING_SHARES


def test_scoring_a_share_leaves_the_shipped_one_in_place(monkeypatch):
    check_scoring_restores(monkeypatch, load_script("choose_cohesion"), lambda: (cohesion.COHESION_MIN_SHARE, cohesion.FILLED_MIN_SHARE, cohesion.HEADING_MIN_SHARE), (Fraction(9, 10), Fraction(1, 7), Fraction(2, 7)))


def test_it_scores_the_pass_off_then_each_setting_and_prints_the_table_with_the_rules_choice(monkeypatch, capsys):
    script = load_script("choose_cohesion")
    # off: nothing taken in, and with shares of 0 no filled line or heading dropped
    grid = [(script.OFF, Fraction(0), Fraction(0))]
    grid += [(s, f, h) for s in script.SHARES for f in script.FILLED_SHARES for h in script.HEADING_SHARES]
    check_stubbed_table(monkeypatch, capsys, script, ("share", "filled_share", "heading_share"), grid,
                        "| share ≥ | filled line's share ≥ | heading's share ≥ | ", 4,
                        f"{cohesion.COHESION_MIN_SHARE} | {cohesion.FILLED_MIN_SHARE} | {cohesion.HEADING_MIN_SHARE}")


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_share_and_marks_the_rules_choice():
    check_table("choose_cohesion", [r"\d+/\d+", r"\d+/\d+", r"\d+/\d+"], 1 + 4 * 5 * 6,
                f"{cohesion.COHESION_MIN_SHARE} | {cohesion.FILLED_MIN_SHARE} | {cohesion.HEADING_MIN_SHARE}", timeout=1800)


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    check_without_bench("choose_cohesion", tmp_path)
