"""The learning curve: labels/ plus k pages of a benchmark folder, scored on its held-out pages."""

from __future__ import annotations

import pytest

from boilerplate.bench import publisher
from boilerplate.curves import in_pool, learning_curve, same_site
from boilerplate.labels import escape, load_labels

from .conftest import LABELS, between


def _fake_bench(root, pages, ids=None):
    """A benchmark folder in the format of ../shared/bench, made from our own labelled pages
    (named ``ids``, or p0, p1, …)."""
    folder = root / "fundus"
    folder.mkdir(parents=True)
    listing = ["page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource"]
    for i, page in enumerate(pages):
        page_id = ids[i] if ids else f"p{i}"
        rows = ["line_no\tlabel\ttext"] + [f"{r.line_no}\t{r.label}\t{escape(r.text)}" for r in page.rows.itertuples()]
        (folder / f"{page_id}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        listing.append(f"{page_id}\tbn\t0\t0\t0\t0\tours")
    (folder / "pages.tsv").write_text("\n".join(listing) + "\n", encoding="utf-8")
    return root


def test_learning_curve_on_a_small_benchmark(tmp_path):
    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    ids = [f"p{i}" for i in range(10)]
    assert 0 < sum(map(in_pool, ids)) < 10
    curve = learning_curve(pages[:3], folders=("fundus",), ks=(0, 2), repeats=2, root=root)
    assert curve["k"].tolist() == [0, 2]
    assert curve["draws"].tolist() == [1, 2]
    assert curve["held_out_pages"].iloc[0] == 10 - sum(map(in_pool, ids))
    assert ((curve["f1"] > 0) & (curve["f1"] <= 1) & (curve["f1_min"] <= curve["f1_max"])).all()


def test_each_k_trains_on_labels_plus_k_pool_pages(tmp_path, monkeypatch):
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    fitted: list[int] = []
    real_fit = curves._fit
    monkeypatch.setattr(curves, "_fit", lambda train, *fit_as: fitted.append(len(train)) or real_fit(train, *fit_as))
    learning_curve(pages[:3], folders=("fundus",), ks=(0, 1, 2), repeats=2, root=root)
    assert fitted == [3, 4, 4, 5, 5]  # k = 0 once (no draw to vary), then two draws of each k


def test_no_benchmark_no_curve(tmp_path):
    assert learning_curve(load_labels(LABELS), root=tmp_path).empty


def test_a_k_larger_than_the_pool_is_left_out_not_shown_as_k(tmp_path):
    # With 6 pool pages, "k = 40" trained on those 6 in each of its three "random draws"
    # (the same pages each time), and the report showed it as k = 40 with a spread of 0.
    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    pool = sum(in_pool(f"p{i}") for i in range(10))
    assert pool < 40
    curve = learning_curve(pages[:3], folders=("fundus",), ks=(0, 2, 40), repeats=2, root=root)
    assert curve["k"].tolist() == [0, 2]


def test_the_curve_table_puts_each_point_under_its_k():
    from boilerplate.report import _curve_gap_note, _curve_rows

    point = {"draws": 3, "held_out_pages": 9, "f1": 0.5, "f1_min": 0.4, "f1_max": 0.6, "char_f1": 0.7}
    curve = {"ks": [0, 5, 40], "draws": 3, "folders": {
        "fundus": [{**point, "k": 0, "draws": 1}, {**point, "k": 5}, {**point, "k": 40}],
        "readability": [{**point, "k": 0, "draws": 1}, {**point, "k": 5}],  # its pool has fewer than 40 pages
    }}
    header, rows = _curve_rows(curve)
    assert header == ["folder", "held-out pages", "k = 0", "k = 5", "k = 40"]
    assert rows[1] == ["readability", "9", "0.500", "0.500 (0.400–0.600)", "–"]
    assert "–: the folder's pool holds fewer than k pages." in _curve_gap_note(rows)
    assert _curve_gap_note(rows[:1]) == ""


def test_a_folder_without_held_out_pages_has_no_curve(tmp_path):
    # A folder whose pages all fall in the pool (one page, say) has nothing to score the
    # curve on: learning_curve, and so boilerplate evaluate, ended in "ValueError: No objects
    # to concatenate".
    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    folder = root / "fundus"
    listing = (folder / "pages.tsv").read_text(encoding="utf-8").splitlines()
    kept = [listing[0], *(row for row in listing[1:] if in_pool(row.split("\t")[0]))]
    (folder / "pages.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert len(kept) > 1
    assert learning_curve(pages[:3], folders=("fundus",), ks=(0, 2), repeats=2, root=root).empty


def test_a_publishers_pages_are_each_cleaned_by_a_model_trained_on_its_other_pages(tmp_path, monkeypatch):
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    ids = ["a_2024_01_02", "a_2025_03_04", "b-1", "b-2", "b-3", "c"]  # publishers a (2 pages), b (3), c (1)
    root = _fake_bench(tmp_path, pages + pages[:1], ids)
    fitted: list[int] = []
    real_fit = curves._fit
    monkeypatch.setattr(curves, "_fit", lambda train, *fit_as: fitted.append(len(train)) or real_fit(train, *fit_as))
    frame = same_site(pages[:2], folders=("fundus",), root=root)
    # labels alone once, then each page of a and of b with its publisher's other pages; c has no other page
    assert fitted == [2, 2 + 1, 2 + 1, 2 + 2, 2 + 2, 2 + 2]
    assert frame[["folder", "publishers", "pages"]].values.tolist() == [["fundus", 2, 5]]
    scores = frame[["f1", "f1_site", "char_f1", "char_f1_site"]].iloc[0]
    assert ((scores > 0) & (scores <= 1)).all()


def test_same_site_scores_each_page_with_its_publishers_model(tmp_path, monkeypatch):
    # x-2 is x-1's page with every label flipped: a model trained with it gets x-1 wrong, and
    # one trained with x-1 gets x-2 wrong. Scored with the model of labels alone, f1_site
    # would be f1.
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, [pages[0], pages[0]], ["x-1", "x-2"])
    real = curves._from_bench
    flipped = {"x-2"}

    def from_bench(page):
        prepared = real(page)
        if page.page_id in flipped:
            prepared.truth = ~prepared.truth
        return prepared

    monkeypatch.setattr(curves, "_from_bench", from_bench)
    frame = same_site(pages[1:], folders=("fundus",), root=root)
    assert frame["f1_site"].iloc[0] < frame["f1"].iloc[0]
    assert frame["char_f1_site"].iloc[0] < frame["char_f1"].iloc[0]


def test_the_curve_and_the_publishers_models_are_fitted_at_the_c_and_weighting_given(tmp_path, monkeypatch):
    # boilerplate evaluate --model M fitted these at train.py's C and class weighting,
    # whatever M's were, while its cross-site part used M's.
    import boilerplate.curves as curves
    from boilerplate.model import C, CLASS_WEIGHT

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2, [f"a-{i}" for i in range(10)])
    fitted: list[tuple] = []
    real_fit = curves._fit

    def fit(train, *fit_as):
        model = real_fit(train, *fit_as)
        fitted.append((model[-1].C, model[-1].class_weight))
        return model

    monkeypatch.setattr(curves, "_fit", fit)
    learning_curve(pages[:3], folders=("fundus",), ks=(0, 2), repeats=2, root=root, c=1.0, class_weight="balanced")
    same_site(pages[:3], folders=("fundus",), root=root, c=1.0, class_weight="balanced")
    assert len(fitted) == 3 + 1 + 10 and set(fitted) == {(1.0, "balanced")}
    fitted.clear()
    learning_curve(pages[:3], folders=("fundus",), ks=(0,), repeats=1, root=root)
    same_site(pages[:3], folders=("fundus",), root=root)
    assert set(fitted) == {(C, CLASS_WEIGHT)}


def test_a_report_of_another_model_fits_its_curve_and_publishers_table_as_that_model(tmp_path):
    import json

    from boilerplate import load_model
    from boilerplate.evaluate import collect, model_path_of
    from boilerplate.model import C, packaged_model_dir, save_model
    from boilerplate.report import render_html, render_markdown
    from boilerplate.training import fit

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path / "bench", pages * 2, [f"a-{i}" for i in range(10)])
    receipt = json.loads((packaged_model_dir() / "receipt.json").read_text(encoding="utf-8"))
    receipt.update(C=1.0, class_weight="balanced")
    save_model(fit(pages, 1.0, "balanced"), tmp_path / "m", receipt)
    figures, _ = collect(pages, [LABELS], load_model(tmp_path / "m"), model_path_of(tmp_path / "m"), language="bn",
                         bench_root=root)
    curve, site = figures["learning_curve"], figures["same_site"]
    assert (curve["C"], curve["class_weight"]) == (1.0, "balanced") and site
    assert all((row["C"], row["class_weight"]) == (1.0, "balanced") for row in site)
    expected = learning_curve(pages, root=root, c=1.0, class_weight="balanced")
    assert [point["f1"] for point in curve["folders"]["fundus"]] == pytest.approx(expected["f1"].tolist())
    note = "Its models are each fitted as the evaluated model was, at C = 1.0 and class weighting balanced, where"
    markdown = render_markdown(figures)
    for section in ("### Learning curve", "### Pages of one publisher"):
        assert f"{note} `python train.py` fits at C = {C}" in between(markdown, section, "###")
    html = render_html(figures, b"")
    for section in ("<h3>Learning curve", "<h3>Pages of one publisher"):
        assert f"{note} <code>python train.py</code> fits at C = {C}" in between(html, section, "<h3>")
    shipped, _ = collect(pages, [LABELS], load_model(), model_path_of(None), language="bn", bench_root=root)
    assert "Its models are" not in render_markdown(shipped)


def test_no_publisher_with_two_pages_no_row(tmp_path):
    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages, ["a", "b", "c", "d", "e"])
    assert same_site(pages, folders=("fundus",), root=root).empty
    assert same_site(pages, root=tmp_path / "none").empty


def test_the_publisher_of_a_page_id():
    assert publisher("no-Dagbladet_2026_01_06") == "no-Dagbladet" == publisher("no-Dagbladet_2024_08_04")
    assert publisher("wikipedia-2") == "wikipedia" and publisher("medium-10") == "medium"
    assert publisher("lazy-image-1") == "lazy-image" and publisher("2024") == "2024"
    # Only a date or a number at the end of the id is left out.
    assert publisher("bbc_2024_04_25_live") == "bbc_2024_04_25_live" and publisher("cnn-2-live") == "cnn-2-live"


def test_the_publisher_table_shows_both_models_scores_side_by_side():
    from boilerplate.report import _site_html, _site_markdown

    figures = {"receipt": {"labels_evaluated": [{"folder": "labels"}]}}
    site = [{"folder": "fundus", "publishers": 64, "pages": 140, "f1": 0.8331, "f1_site": 0.8279,
             "char_f1": 0.9273, "char_f1_site": 0.9211}]
    markdown = _site_markdown(site, figures)
    assert markdown[-2:] == ["| --- | ---: | ---: | ---: | ---: |", "| fundus | 64 | 140 | 0.833 / 0.927 | 0.828 / 0.921 |"]
    assert "| folder | publishers | pages | labels/ alone | + the publisher's other pages |" in markdown
    assert "<td>0.833 / 0.927</td><td>0.828 / 0.921</td>" in _site_html(site, figures)
    assert _site_markdown(None, figures) == [] and _site_html(None, figures) == ""


def test_a_page_without_a_line_is_neither_held_out_nor_drawn(tmp_path, monkeypatch):
    # A page that pages.tsv lists with no row (a render that came out empty) was counted
    # among the curve's held-out pages, which §2's halves do not count (it has no line), and
    # could be one of the k pages drawn from the pool, which then added k - 1 pages.
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    ids = [f"p{i}" for i in range(10)]
    empty = [f"e{i}" for i in range(20)]  # ten or so in each half
    assert 0 < sum(map(in_pool, empty)) < 20
    folder = root / "fundus"
    with (folder / "pages.tsv").open("a", encoding="utf-8") as listing:
        for page_id in empty:
            listing.write(f"{page_id}\tbn\t0\t0\t0\t0\tours\n")
            (folder / f"{page_id}.tsv").write_text("line_no\tlabel\ttext\n", encoding="utf-8")
    drawn: list[int] = []
    real_fit = curves._fit
    monkeypatch.setattr(curves, "_fit", lambda train, *fit_as: drawn.append(sum(not p.features.empty for p in train))
                        or real_fit(train, *fit_as))
    pool = sum(map(in_pool, ids))
    curve = learning_curve(pages[:3], folders=("fundus",), ks=(0, pool), repeats=3, root=root)
    assert curve["held_out_pages"].tolist() == [10 - pool] * 2
    assert drawn == [3] + [3 + pool] * 3


def test_a_publisher_whose_other_page_has_no_line_has_no_row(tmp_path):
    # "A folder where no publisher has two pages (with a line) has no row."
    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages[:2], ["a-1", "b-1"])
    folder = root / "fundus"
    with (folder / "pages.tsv").open("a", encoding="utf-8") as listing:
        listing.write("a-2\tbn\t0\t0\t0\t0\tours\n")
    (folder / "a-2.tsv").write_text("line_no\tlabel\ttext\n", encoding="utf-8")
    assert same_site(pages[2:], folders=("fundus",), root=root).empty


def test_the_curve_scores_pages_as_the_cleaner_cleans_them_and_the_report_scores_the_benchmark(tmp_path):
    # "the cleaner's line F1 of the body class": the cleaner's final decisions (its passes
    # too, not the model's own labels), each line weighed by its characters in char_f1, as
    # predict_bench and the report's benchmark scores count them. The last page's last line
    # is a sentence the model gives nearly the threshold, one line below the article: the
    # near pass takes it in.
    from sklearn.pipeline import Pipeline

    import boilerplate.curves as curves
    from boilerplate import load_model
    from boilerplate.bench import iter_pages, predict_bench
    from boilerplate.metrics import body_scores

    root = _fake_bench(tmp_path, load_labels(LABELS)[:3])
    body = ["The council approved the new budget on Tuesday after a long debate, and the members voted nine to four.",
            "After the vote the mayor said the city would hire more teachers next year, and build two new schools."]
    rows = [f"1\tbody\t{body[0]}", f"2\tbody\t{body[1]}", "3\tchrome\tMenu", "4\tchrome\tRead the full story here."]
    (root / "fundus" / "near.tsv").write_text("line_no\tlabel\ttext\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with (root / "fundus" / "pages.tsv").open("a", encoding="utf-8") as listing:
        listing.write("near\ten\t0\t0\t0\t0\tours\n")
    head = Pipeline(load_model().steps[1:])  # the shipped model's scaler and classifier, as _fit makes them
    scored = curves._score(head, [curves._from_bench(p) for p in iter_pages("fundus", root)])
    frame = predict_bench(head, ("fundus",), root)
    assert frame["model"].iloc[-1] and not frame["model_raw"].iloc[-1]
    assert scored == pytest.approx(body_scores(frame["truth"], frame["model"], frame["chars"]))


def test_each_point_of_the_curve_shows_the_mean_and_spread_of_its_draws(tmp_path, monkeypatch):
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    (root / "fundus").rename(root / "readability")
    scores = iter([{"f1": 0.4, "char_f1": 0.7},  # k = 0: one draw
                   {"f1": 0.2, "char_f1": 0.6}, {"f1": 0.9, "char_f1": 0.3}, {"f1": 0.4, "char_f1": 0.6}])
    monkeypatch.setattr(curves, "_fit", lambda train, *fit_as: None)
    monkeypatch.setattr(curves, "_score", lambda head, held_out: next(scores))
    curve = learning_curve(pages[:3], folders=("fundus", "readability"), ks=(0, 2), repeats=3, root=root)
    columns = ["folder", "k", "draws", "f1", "f1_min", "f1_max", "char_f1"]
    expected = [["readability", 0, 1, 0.4, 0.4, 0.4, 0.7], ["readability", 2, 3, 0.5, 0.2, 0.9, 0.5]]
    assert curve[columns].values.tolist() == [pytest.approx(row) for row in expected]


def test_the_draws_are_distinct_pool_pages_and_the_same_on_each_run(tmp_path, monkeypatch):
    # k pages drawn from the pool without repeats (k = the whole pool draws each page once),
    # with fixed seeds that differ between the repeats: the spread is over different draws.
    import boilerplate.curves as curves

    pages = load_labels(LABELS)
    root = _fake_bench(tmp_path, pages * 2)
    pool = sorted(f"p{i}" for i in range(10) if in_pool(f"p{i}"))
    assert len(pool) >= 4
    real = curves._from_bench

    def from_bench(page):
        prepared = real(page)
        prepared.page_id = page.page_id
        return prepared

    drawn: list[list[str]] = []
    monkeypatch.setattr(curves, "_from_bench", from_bench)
    monkeypatch.setattr(curves, "_fit", lambda train, *fit_as: drawn.append([p.page_id for p in train if hasattr(p, "page_id")]))
    monkeypatch.setattr(curves, "_score", lambda head, held_out: {"f1": 0.5, "char_f1": 0.5})
    learning_curve(pages[:3], folders=("fundus",), ks=(2, len(pool)), repeats=3, root=root)
    twos, wholes = drawn[:3], drawn[3:]
    assert all(sorted(draw) == pool for draw in wholes)
    assert all(len(set(draw)) == 2 and set(draw) <= set(pool) for draw in twos)
    assert len({frozenset(draw) for draw in twos}) > 1
    first = drawn.copy()
    drawn.clear()
    learning_curve(pages[:3], folders=("fundus",), ks=(2, len(pool)), repeats=3, root=root)
    assert drawn == first


def test_a_probability_at_the_threshold_is_body_in_the_curves_models_too(monkeypatch):
    # As the cleaner does (model_body = p_body >= threshold), the curve's models take a line
    # whose probability is exactly the threshold for body.
    import numpy as np

    import boilerplate.curves as curves
    from boilerplate.cleaner import DEFAULT_CONFIG

    class AtThreshold:
        classes_ = np.array(["body", "chrome"])

        def predict_proba(self, X):
            p = np.full(len(X), DEFAULT_CONFIG.threshold)
            return np.column_stack([p, 1 - p])

    body = ["The council approved the new budget on Tuesday after a long debate, and the members voted nine to four.",
            "After the vote the mayor said the city would hire more teachers next year, and build two new schools."]
    page = curves._prepare([body[0], "", body[1]], [True, True])
    assert curves._predict(AtThreshold(), [page])[0].tolist() == [True, True]
