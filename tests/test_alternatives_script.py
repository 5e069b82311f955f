"""bench/alternatives.py: the smoothings and features it compares, and its shipped rows agreeing with train.py."""

from __future__ import annotations


import numpy as np
import pytest

from boilerplate.bench import FOLDERS, bench_dir, missing_folders
from boilerplate.features import LineTable
from boilerplate.labels import load_labels
from boilerplate.training import DEFAULT_LABELS, evaluate

from .conftest import REPO, load_script


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
    assert script.best_threshold(np.array([0.2]), np.array([True])).tolist() == [True]  # one line: kept when body


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


def test_transitions_count_each_pages_first_line_and_skip_an_empty_page(script):
    body_first = script.Page(_table(np.zeros((3, 1)), np.ones(3)), np.array([1, 1, 0], bool), "s")
    empty = script.Page(_table(np.zeros((0, 1)), np.ones(0)), np.zeros(0, bool), "s")
    start, move = script.transitions([body_first, empty])
    np.testing.assert_allclose(np.exp(start), [1 / 3, 2 / 3])
    # chrome -> chrome 0+1, chrome -> body 0+1; body -> chrome 1+1, body -> body 1+1
    np.testing.assert_allclose(np.exp(move), [[1 / 2, 1 / 2], [1 / 2, 1 / 2]])


def test_the_second_pass_reads_the_line_its_nearest_lines_on_each_side_and_how_enclosed_it_is(script):
    p = np.full(40, 0.1)
    p[[2, 15, 33]] = 0.9  # z = log 9 on three lines, -log 9 on the others
    z, hi = script.log_odds(p), np.log(9)
    columns = script.second_pass_features(p)
    assert columns.shape == (40, 9)
    np.testing.assert_allclose(columns[:, 0], z)
    # line 5: line 2 is three lines before it, line 15 ten lines after
    np.testing.assert_allclose(columns[5], [-hi, -hi, -hi, hi, -hi, hi, -hi, hi, hi])
    # line 0: nothing before it but the floor, so it is not enclosed; line 2 is within three lines after
    floor = script.log_odds(np.array([0.0]))[0]
    np.testing.assert_allclose(columns[0], [-hi, floor, -hi, floor, hi, floor, hi, floor, floor])
    # line 30: line 33 three lines after, line 15 fifteen lines before: enclosed within 30, not within 10
    np.testing.assert_allclose(columns[30, 7:], [-hi, hi])
    # each window reaches exactly its width: line 10 sees line 2 in the 8 before it
    assert columns[10, 5] == pytest.approx(hi) and columns[11, 5] == pytest.approx(-hi)


@pytest.mark.parametrize("k, column", [(10, 7), (30, 8)])
def test_a_line_is_enclosed_by_lines_up_to_the_windows_width_away_on_each_side(script, k, column):
    p = np.full(k + 3, 0.1)
    p[[0, k + 1]] = 0.9  # line 1 has one of them right before it and one k lines after it
    assert script.second_pass_features(p)[1, column] == pytest.approx(np.log(9))
    p[[k + 1, k + 2]] = [0.1, 0.9]  # now k + 1 lines after it
    assert script.second_pass_features(p)[1, column] == pytest.approx(-np.log(9))


def test_out_of_fold_predicts_each_page_with_a_model_fitted_without_its_group(script, monkeypatch):
    def first_pass(train):
        fitted_on = sorted({p.group for p in train})
        return lambda page: (page.group, fitted_on)

    monkeypatch.setattr(script, "first_pass", first_pass)
    pages = [script.Page(_table(np.zeros((1, 1)), np.ones(1)), np.ones(1, bool), g) for g in "abca"]
    assert script.out_of_fold(pages) == [("a", ["b", "c"]), ("b", ["a", "c"]), ("c", ["a", "b"]), ("a", ["b", "c"])]


def _random_pages(script, groups, n=30, seed=0):
    """Pages of ``n`` lines with random features, a fifth of their lines body, one per group."""
    rng = np.random.default_rng(seed)
    pages = []
    for g in groups:
        truth = np.arange(n) % 5 == 0
        values = rng.normal(size=(n, 3)) + truth[:, None]
        pages.append(script.Page(_table(values, np.full(n, 10)), truth, g))
    return pages


def test_each_smoothing_is_what_its_row_names(script, monkeypatch):
    # the span passes stood in for by the inverted threshold: a row that passes through them shows it
    monkeypatch.setattr(script, "spans", lambda page, p: np.asarray(p) < 0.5)
    stacked = []
    real_out_of_fold = script.out_of_fold
    monkeypatch.setattr(script, "out_of_fold", lambda pages: stacked.append(pages) or real_out_of_fold(pages))
    train = _random_pages(script, ["a", "b"])
    _, fitted = script.methods(train)
    assert stacked == [train]  # the second pass is trained on out-of-fold probabilities
    page = train[0]
    p = np.linspace(0.05, 0.45, len(page.truth))
    assert fitted["model alone"](page, p).tolist() == (p >= 0.5).tolist()
    otsu = fitted["each page's own threshold, Otsu's"](page, p)
    assert otsu.tolist() == (script.otsu_shifted(p) < 0.5).tolist() and not otsu.all()
    assert fitted["each page's own threshold, knowing the gold (a bound)"](page, p).tolist() == script.best_threshold(p, page.truth).tolist()
    # The model is trained on lines as labelled (CLASS_WEIGHT None): Viterbi reads its
    # probabilities against the training pages' share of body, a fifth.
    start, move = script.transitions(train)
    q = np.array([0.45, 0.05] * 15)
    viterbi = fitted["Viterbi, transitions from labels/"](page, q)
    assert viterbi.tolist() == script.viterbi(q, start, move, prior=0.2).tolist()
    assert viterbi.tolist() != script.viterbi(q, start, move).tolist()
    # the second pass keeps the lines the first pass is sure of, not those it rejects
    second = fitted["second-pass regression"](page, np.where(np.arange(30) % 5 == 0, 0.95, 0.05))
    assert second.tolist() == (np.arange(30) % 5 == 0).tolist()


def test_a_single_group_trains_the_second_pass_on_its_own_probabilities(script, monkeypatch):
    monkeypatch.setattr(script, "out_of_fold", lambda pages: pytest.fail("no other group to hold out"))
    _, fitted = script.methods(_random_pages(script, ["a"]))
    assert fitted["second-pass regression"](_random_pages(script, ["a"], seed=1)[0], np.full(30, 0.5)).shape == (30,)


def test_the_loso_column_fits_without_the_pages_site_and_the_benchmark_columns_on_all_of_labels(script, monkeypatch):
    def methods(train):
        on = sorted({p.group for p in train})
        return (lambda page: ("p", page.group, on)), {"m": lambda page, p: (p, on)}

    monkeypatch.setattr(script, "methods", methods)
    monkeypatch.setattr(script, "score", lambda pages, kept: ([p.group for p in pages], kept))
    train = _random_pages(script, ["a", "b", "a"], n=2)
    bench = {"fundus": _random_pages(script, ["f", "g"], n=2), "readability": _random_pages(script, ["r"], n=2)}
    results = script.smoothing_results(train, bench)
    assert list(results) == ["m"]
    assert results["m"] == [
        (["a", "b", "a"], [(("p", "a", ["b"]), ["b"]), (("p", "b", ["a"]), ["a"]), (("p", "a", ["b"]), ["b"])]),
        (["f", "g"], [(("p", "f", ["a", "b"]), ["a", "b"]), (("p", "g", ["a", "b"]), ["a", "b"])]),
        (["r"], [(("p", "r", ["a", "b"]), ["a", "b"])]),
    ]


def test_each_feature_variant_is_fitted_and_scored_on_its_own_rows(script, monkeypatch):
    def first_pass(train):
        on = sorted((p.group, p.values.tolist()) for p in train)
        return lambda page: ("p", on)

    monkeypatch.setattr(script, "feature_variants", lambda: {"doubled": lambda page: page.values * 2})
    monkeypatch.setattr(script, "first_pass", first_pass)
    monkeypatch.setattr(script, "spans", lambda page, p: (page.values.tolist(), p))
    monkeypatch.setattr(script, "score", lambda pages, kept: ([p.values.tolist() for p in pages], kept))
    page = lambda g, v: script.Page(_table(np.full((1, 1), float(v)), np.ones(1)), np.ones(1, bool), g)  # noqa: E731
    train, bench = [page("a", 1), page("b", 2)], {"fundus": [page("f", 3)]}
    loso, fundus = script.feature_results(train, bench)["doubled"]
    assert loso == ([[[2.0]], [[4.0]]], [([[2.0]], ("p", [("b", [[4.0]])])), ([[4.0]], ("p", [("a", [[2.0]])]))])
    assert fundus == ([[[6.0]]], [([[6.0]], ("p", [("a", [[2.0]]), ("b", [[4.0]])]))])


def test_otsu_takes_the_lowest_of_two_equally_good_cuts(script):
    # cutting 0 | 3 3 6 and 0 3 3 | 6 both part the means by 4 with a quarter on one side
    assert script.otsu(np.array([6.0, 3.0, 0.0, 3.0])) == 1.5


def test_otsu_weighs_the_gap_between_the_sides_by_their_sizes(script):
    # 0 | 1 1 1 2 2 2 3 parts the means farthest, but 0 1 1 1 | 2 2 2 3 splits the values evenly
    assert script.otsu(np.array([0.0, 1, 1, 1, 2, 2, 2, 3])) == 1.5


def test_otsu_shifted_parts_even_a_two_line_page(script):
    assert (script.otsu_shifted(np.array([0.1, 0.2])) >= script.THRESHOLD).tolist() == [False, True]


def test_function_word_density_takes_a_list_covering_exactly_five_percent_and_strips_symbols(script):
    lists = {"a": frozenset({"the"})}
    # one word in twenty is "the", between a currency sign and a plus: the list is the page's
    page = _page(script, ["$the+ x y z w"] + ["x y z w v"] * 3)
    assert script.function_word_density(page, lists).tolist() == [1 / 5, 0.0, 0.0, 0.0]
    # a dash between white space is no word: it does not take the page under five percent
    page = _page(script, ["$the+ x y z w"] + ["x y z w v"] * 3 + [" ".join("—" * 30)])
    assert script.function_word_density(page, lists).tolist()[0] == 1 / 5


def test_the_neighbours_density_is_the_previous_line_s_then_the_next_line_s(script):
    before, after = script._neighbours(np.array([0.1, 0.2, 0.3]))
    assert before.tolist() == [0.0, 0.1, 0.2] and after.tolist() == [0.2, 0.3, 0.0]


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
    assert lines[-1] == "Line F1 / character-weighted F1 of the body class, micro over lines."


def test_the_density_candidates_add_the_line_s_density_then_its_neighbours(script):
    pytest.importorskip("justext")
    variants = script.feature_variants()
    page = _page(script, ["the end of the road", "Menu", "of the"])
    n = len(script.FEATURE_NAMES)
    one = variants["+ function-word density"](page)
    around = variants["+ the same for the previous and next line"](page)
    assert one.shape == (3, n + 1) and around.shape == (3, n + 3)
    d = one[:, n]
    assert d[1] == 0 and d[2] == 1 and 0 < d[0] < 1
    assert around[:, n:].tolist() == [[d[0], 0.0, d[1]], [d[1], d[0], d[2]], [d[2], d[1], 0.0]]


def test_the_span_passes_are_the_cleaner_s_with_its_near_pass(script):
    from boilerplate.cleaner import decide_from_probabilities, decide_pages, smooth_table

    labelled = load_labels(DEFAULT_LABELS)[0]
    lines = list(labelled.lines)
    page = script.featurize(lines, (labelled.rows["label"] == "body").to_numpy(), labelled.site)
    plain = decide_pages([lines], None)[0]
    near_acts = False
    for i in range(len(plain.p_body)):  # each line in turn just under the threshold, where the near pass may take it in
        p = plain.p_body.copy()
        p[i] = script.THRESHOLD - 0.05
        kept = script.spans(page, p)
        assert kept.tolist() == decide_from_probabilities(lines, plain.line_nos, p).body.tolist()
        near_acts |= bool((kept != smooth_table(p >= script.THRESHOLD, page.table)).any())
    assert near_acts


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_readme_shows_both_tables_as_the_script_prints_them_and_the_figures_it_draws_from_them(script, capsys):
    # Found auditing the README's figures: its features table said 0.847 / 0.913 for
    # function-word density on readability, where the script prints 0.847 / 0.914.
    pytest.importorskip("justext")
    assert script.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    f1 = {}  # line F1 in thousandths, by row, then labels/ and the folders
    for title in ("smoothing", "features"):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"| {title} | labels/, leave one site out |"))
        rows = lines[at + 2:lines.index("", at)]
        assert len(rows) >= 4 and "\n".join(rows) in readme, f"README: the {title} table of bench/alternatives.py"
        for row in rows:
            name, *cells = [cell.strip() for cell in row.strip("|").split("|")]
            f1[name] = dict(zip(["labels/", *FOLDERS], (int(cell.split(" / ")[0].replace(".", "")) for cell in cells)))
    # The prose under the tables, no test compared with them before the audit of the README's figures.
    shown = lambda n: f"{n / 1000:.3f}"  # noqa: E731
    signed = lambda n: "±0.000" if n == 0 else f"{'+' if n > 0 else '−'}{shown(abs(n))}"  # noqa: E731
    alone, shipped, bound = f1["model alone"], f1["span passes (shipped)"], f1["each page's own threshold, knowing the gold (a bound)"]
    otsu, density, latin = f1["each page's own threshold, Otsu's"], f1["+ function-word density"], f1["Latin share against the page's"]
    assert shipped == f1["shipped features"]
    assert all(otsu[folder] < shipped[folder] and latin[folder] < shipped[folder] for folder in FOLDERS)  # "worse", "costs"
    said = [
        "recover only part of it (" + ", ".join(f"{folder} {shown(alone[folder])} → {shown(shipped[folder])} against "
                                                + ("the bound's " if folder == FOLDERS[0] else "") + shown(bound[folder])
                                                for folder in FOLDERS[:2]) + ")",
        "does worse than the one threshold on every folder ("
        + ", ".join(f"{folder} {shown(otsu[folder])}" for folder in FOLDERS) + f") and on `labels/` ({shown(otsu['labels/'])})",
        "already say (" + ", ".join(f"{folder} {signed(density[folder] - shipped[folder])}" for folder in FOLDERS) + ";",
        "and costs every folder today: " + ", ".join(f"{folder} {shown(shipped[folder] - latin[folder])}"
                                                    for folder in ("readability", "fundus", "scrapinghub")),
    ]
    text = " ".join(readme.split())
    missing = [s for s in said if s not in text]
    assert not missing, f"README: bench/alternatives.py's figures in the prose: {missing}"
