"""bench/alternatives.py: the smoothings and features it compares, and its shipped rows agreeing with train.py."""

from __future__ import annotations


import numpy as np
import pytest

from boilerplate.features import LineTable
from boilerplate.labels import load_labels
from boilerplate.training import DEFAULT_LABELS, evaluate

from .conftest import load_script


@pytest.fixture(scope="module")
def script():
    return load_script("alternatives")


def test_viterbi_follows_the_probabilities_when_moves_are_free(script):
    p = np.array([0.9, 0.2, 0.7, 0.4, 0.1])
    free = np.log(np.full((2, 2), 0.5))
    assert script.viterbi(p, np.log([0.5, 0.5]), free).tolist() == (p >= 0.5).tolist()


def test_viterbi_bridges_a_doubtful_line_inside_the_article(script):
    p = np.array([0.05, 0.95, 0.95, 0.3, 0.95, 0.95, 0.05])
    sticky = np.log([[0.95, 0.05], [0.05, 0.95]])
    path = script.viterbi(p, np.log([0.5, 0.5]), sticky)
    assert path.tolist() == [False, True, True, True, True, True, False]
    assert script.viterbi(np.zeros(0), np.log([0.5, 0.5]), sticky).size == 0


def test_viterbi_reads_probabilities_against_the_share_of_body_they_were_trained_on(script):
    # A model trained on lines as labelled (a fifth of them body) gives 0.3 to a line
    # 1.7 times likelier body than chrome: with free moves, that line is body.
    p = np.array([0.3, 0.1, 0.15])
    free = np.log(np.full((2, 2), 0.5))
    assert script.viterbi(p, np.log([0.5, 0.5]), free, prior=0.2).tolist() == [True, False, False]
    assert script.viterbi(p, np.log([0.5, 0.5]), free).tolist() == [False, False, False]


def _table(values: np.ndarray, chars: np.ndarray) -> LineTable:
    """A feature table for hand-made rows: no hard wraps, fillers, tables, code, credits or captions."""
    n = len(values)
    none = np.zeros(n, bool)
    return LineTable(values, chars, np.ones(n, dtype=np.int64), np.ones(n, bool), none, none, none, none, none)


def test_transitions_count_label_changes(script):
    page = script.Page(_table(np.zeros((5, 1)), np.ones(5)), np.array([0, 1, 1, 1, 0], bool), "s")
    start, move = script.transitions([page])
    np.testing.assert_allclose(np.exp(start), [2 / 3, 1 / 3])
    # chrome -> chrome 0+1, chrome -> body 1+1; body -> chrome 1+1, body -> body 2+1
    np.testing.assert_allclose(np.exp(move), [[1 / 3, 2 / 3], [2 / 5, 3 / 5]])


def test_window_max_looks_only_to_its_side(script):
    z = np.array([1.0, 5.0, 2.0, 3.0])
    floor = script.log_odds(np.array([0.0]))[0]
    assert script._window_max(z, 1, "before").tolist() == [floor, 1.0, 5.0, 2.0]
    assert script._window_max(z, 2, "after").tolist() == [5.0, 3.0, 3.0, floor]


def test_the_shipped_row_is_what_train_py_reports(script, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))  # no benchmark: labels/ only
    assert script.main([]) == 0
    out = capsys.readouterr().out
    pooled = evaluate(load_labels(DEFAULT_LABELS))["loso"]["pooled"]
    for name in ("span passes (shipped)", "shipped features"):
        row = next(line for line in out.splitlines() if line.startswith(f"| {name} |"))
        assert row.split("|")[2].strip() == f"{pooled['f1']:.3f} / {pooled['char_f1']:.3f}"
    assert f"BOILERPLATE_BENCH={tmp_path} names no benchmark (no fundus/pages.tsv in it): leave-one-site-out only." in out


def _page(script, texts, chars=None):
    n = len(texts)
    values = np.zeros((n, len(script.FEATURE_NAMES)))
    chars = np.array([len(t) for t in texts]) if chars is None else np.asarray(chars)
    return script.Page(_table(values, chars), np.zeros(n, bool), "g", tuple(texts))


def test_function_word_density_uses_the_list_that_covers_the_page(script):
    lists = {"a": frozenset({"the", "of"}), "b": frozenset({"und"})}
    page = _page(script, ["The end of (the) road.", "Menu", "«Of»"])
    assert script.function_word_density(page, lists).tolist() == [3 / 5, 0.0, 1.0]
    # no list covers 5% of the words (one "the" in 31): no feature, not even on the line of "the"
    assert script.function_word_density(_page(script, ["the"] + ["x y z"] * 10), lists).tolist() == [0.0] * 11
    assert script.function_word_density(_page(script, ["—", "…"]), lists).tolist() == [0.0, 0.0]


def test_latin_share_is_taken_against_the_page(script):
    page = _page(script, ["a", "b", "c"], chars=[10, 10, 20])
    col = script.FEATURE_NAMES.index("latin_ratio")
    page.values[:, col] = [1.0, 1.0, 0.0]  # the page is half Latin by characters
    assert script.latin_against_page(page)[:, col].tolist() == [0.5, 0.5, 0.5]
    assert page.values[:, col].tolist() == [1.0, 1.0, 0.0]  # the page itself is left alone


def test_the_bound_keeps_each_page_from_the_threshold_with_fewest_mislabelled_lines(script):
    truth = np.array([True, False, True, True, False, False])
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])
    kept = script.best_threshold(p, truth)
    # from 0.3 only the chrome line at 0.8 is wrong; every other threshold gets two or more wrong
    assert kept.tolist() == [True, True, True, True, False, False]
    errors = lambda keep: int((keep != truth).sum())  # noqa: E731
    assert all(errors(kept) <= errors(p >= t) for t in [*p, 1.1])
    # a tie: from 0.9 (the body line at 0.7 dropped) and from 0.7 (the chrome line at 0.8
    # kept) one line is wrong each; the higher threshold is taken
    tied = script.best_threshold(np.array([0.9, 0.8, 0.7, 0.1]), np.array([True, False, True, False]))
    assert tied.tolist() == [True, False, False, False]
    # lines of equal probability are kept or dropped together
    assert script.best_threshold(np.array([0.5, 0.5, 0.1]), np.array([True, False, False])).tolist() == [False] * 3
    assert script.best_threshold(np.zeros(0), np.zeros(0, bool)).size == 0


def test_the_bound_is_a_row_of_the_smoothing_table_and_beats_the_fixed_threshold(script, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))  # no benchmark: labels/ only
    assert script.main([]) == 0
    lines = [line.split("|") for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    rows = {cells[1].strip(): cells[2].strip() for cells in lines}
    bound = float(rows["each page's own threshold, knowing the gold (a bound)"].split(" / ")[0])
    assert bound >= float(rows["model alone"].split(" / ")[0])


def test_otsu_cuts_where_the_two_sides_are_farthest_apart(script):
    # two clusters: the cut falls in the gap between them, whatever their sizes
    assert script.otsu(np.array([-4.0, -3.0, -3.5, 2.0])) == -0.5
    assert script.otsu(np.array([-4.0, 2.0, 3.0, 2.5])) == -1.0
    # the cut is between two distinct values: equal values stay on one side
    assert script.otsu(np.array([0.0, 0.0, 0.0, 1.0])) == 0.5
    assert script.otsu(np.array([1.5])) == 1.5


def test_otsu_shifted_makes_the_page_s_own_cut_the_threshold(script):
    # every line is below 0.5, yet the page's best lines stand apart from the rest
    p = np.array([0.05, 0.3, 0.04, 0.35, 0.06])
    shifted = script.otsu_shifted(p)
    assert (shifted >= script.THRESHOLD).tolist() == [False, True, False, True, False]
    assert np.all(np.diff(shifted[np.argsort(p)]) > 0)  # the page's order is kept
    # a page whose lines are all far above 0.5 gets its weaker ones dropped
    assert (script.otsu_shifted(np.array([0.99, 0.7, 0.98, 0.72])) >= script.THRESHOLD).tolist() == [True, False, True, False]
    assert script.otsu_shifted(np.array([0.2])).tolist() == [0.2]


def test_the_otsu_row_is_in_the_smoothing_table(script, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))  # no benchmark: labels/ only
    assert script.main([]) == 0
    rows = [line.split("|")[1].strip() for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows.index("each page's own threshold, Otsu's") == rows.index("each page's own threshold, knowing the gold (a bound)") - 1


def test_the_tables_have_a_column_per_benchmark_folder_named_with_its_pages(script, monkeypatch, tmp_path, capsys):
    # Found by the mutation review: a benchmark without one of its folders ended in a
    # ValueError traceback (the folder's column scored no page); it now goes without it, and says so.
    from .report_helpers import fake_bench

    bench = fake_bench(tmp_path / "bench", ("fundus", "readability"))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(bench))
    assert script.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"the benchmark {bench} has no scrapinghub/pages.tsv: its other folders only."
    for title in ("smoothing", "features"):
        at = lines.index(f"| {title} | labels/, leave one site out | fundus (1 pages) | readability (1 pages) |")
        assert lines[at + 1] == "| --- | --- | --- | --- |"
        rows = lines[at + 2:lines.index("", at)]
        assert len(rows) >= 4 and all(len(row.split(" | ")) == 4 and " / " in row.split(" | ")[3] for row in rows)
