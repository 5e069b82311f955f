"""bench/choose_credit.py: the rule that sets how long a caption's credit may be, and the table it prints."""

from __future__ import annotations

import pytest

from boilerplate import text
from boilerplate.bench import bench_dir

from .chooser_helpers import check_scoring_restores, check_stubbed_table, check_table, check_without_bench
from .conftest import load_script


def test_the_grid_starts_off_and_holds_the_shipped_length():
    script = load_script("choose_credit")
    assert script.WORDS[0] == 0 and text.CREDIT_MAX_WORDS in script.WORDS
    assert [script.label({"words": w}) for w in script.WORDS] == ["off", *(str(w) for w in script.WORDS[1:])]
    # 0 words: no line ends in a credit, so the credits pass finds no caption by one
    caption = "Barnen leker i parken. Foto: Privat"
    assert text.ends_in_credit(caption)
    saved = text.CREDIT_MAX_WORDS
    try:
        text.CREDIT_MAX_WORDS = 0
        assert not text.ends_in_credit(caption)
    finally:
        text.CREDIT_MAX_WORDS = saved


def test_scoring_a_length_leaves_the_shipped_length_in_place(monkeypatch):
    check_scoring_restores(monkeypatch, load_script("choose_credit"), lambda: (text.CREDIT_MAX_WORDS,), (7,))


def test_it_scores_each_length_from_off_up_and_prints_the_table_with_the_rules_choice(monkeypatch, capsys):
    script = load_script("choose_credit")
    check_stubbed_table(monkeypatch, capsys, script, ("words",), [(w,) for w in script.WORDS], "| credit's words ≤ | ", 4,
                        str(text.CREDIT_MAX_WORDS))


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_it_prints_a_row_per_length_and_marks_the_rules_choice_in_the_table_the_readme_shows():
    check_table("choose_credit", [r"\d+"], len(load_script("choose_credit").WORDS), str(text.CREDIT_MAX_WORDS), timeout=900,
                in_readme=True)


def test_it_says_so_when_the_benchmark_is_absent(tmp_path):
    check_without_bench("choose_credit", tmp_path)
