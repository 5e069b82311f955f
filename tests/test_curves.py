"""The learning curve: labels/ plus k pages of a benchmark folder, scored on its held-out pages."""

from __future__ import annotations

from boilerplate.curves import in_pool, learning_curve
from boilerplate.labels import escape, load_labels

from .conftest import LABELS


def _fake_bench(root, pages):
    """A benchmark folder in the format of ../shared/bench, made from our own labelled pages."""
    folder = root / "fundus"
    folder.mkdir(parents=True)
    listing = ["page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource"]
    for i, page in enumerate(pages):
        page_id = f"p{i}"
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
    monkeypatch.setattr(curves, "_fit", lambda train: fitted.append(len(train)) or real_fit(train))
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
