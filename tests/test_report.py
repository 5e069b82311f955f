"""The evaluation report: escaped page text, peers, the benchmark kept out, and the committed files current."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pytest

from boilerplate import load_model
from boilerplate.bench import FOLDERS, bench_dir, predict_bench
from boilerplate.cli import main
from boilerplate.curves import in_pool
from boilerplate.evaluate import (
    JUSTEXT_MISSING,
    coefficients,
    collect,
    keep_justext,
    model_path_of,
    peer_decisions,
    stoplist_name,
)
from boilerplate.labels import folder_hash, load_labels, write_label_file
from boilerplate.metrics import body_scores
from boilerplate.model import packaged_model_dir
from boilerplate.report import (
    HTML_FILE,
    JSON_FILE,
    MD_FILE,
    PNG_FILE,
    extract_headline,
    html_text,
    md_text,
    render_html,
    render_markdown,
    write_report,
)
from boilerplate.training import evaluate

from .conftest import LABELS, REPO, between, readme_section
from .report_helpers import BENCH_SECRET, HOSTILE, fake_bench, hostile_labels, old_report

REPORTS = REPO / "reports"


class _Cells(HTMLParser):
    """The text of every ``<td class="text">`` cell, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.open_tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "td" and ("class", "text") in attrs:
            self._in = True
            self.cells.append("")
        if tag in ("table", "details", "section", "script", "img"):
            self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "td":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """The report of the hostile label folder, made by the command (no benchmark)."""
    labels = hostile_labels(tmp_path_factory.mktemp("labels"))
    (labels / "pages" / "unlabelled.txt").write_text("Menu\n", encoding="utf-8")  # no label file: left out, and said
    out = tmp_path_factory.mktemp("report")
    # In a copy of the repository: were --out taken for reports/, the hostile rows would go into its README.
    from boilerplate import report

    copy = tmp_path_factory.mktemp("repo")
    shutil.copy(REPO / "README.md", copy / "README.md")
    (copy / "pyproject.toml").write_text("", encoding="utf-8")
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.setattr(report, "REPO", copy)
        mp.setattr(report, "DEFAULT_OUT", copy / "reports")
        assert main(["evaluate", "--labels", str(labels), "--language", "en", "--out", str(out), "--no-bench"]) == 0
    assert (copy / "README.md").read_bytes() == (REPO / "README.md").read_bytes() and not (copy / "reports").exists()
    return labels, out, err.getvalue()


def test_a_page_without_a_label_file_is_said_to_be_left_out(hostile_report):
    labels, _, err = hostile_report
    assert (f"boilerplate evaluate: 1 page without a label file is left out (unlabelled.txt); to train on it, write "
            f"its label file with boilerplate label {labels / 'pages' / 'unlabelled.txt'} --out {labels}, then "
            "correct it.\n") in err


def test_page_text_shows_as_text_in_html(hostile_report):
    labels, out, _ = hostile_report
    page = (out / HTML_FILE).read_text(encoding="utf-8")
    for line in HOSTILE:
        assert html_text(line) in page
    lowered = page.lower()
    assert "<script" not in lowered and "<img src=x" not in lowered
    parser = _Cells()
    parser.feed(page)
    labelled = [t for p in load_labels(labels) for t in p.rows["text"]]
    assert parser.cells == labelled  # every line, whole, in order, as text
    assert "script" not in parser.open_tags
    assert parser.open_tags.count("img") == 1  # the plot, nothing else


def test_page_text_shows_as_text_in_markdown(hostile_report):
    _, out, _ = hostile_report
    markdown = (out / MD_FILE).read_text(encoding="utf-8")
    for line in HOSTILE:
        assert md_text(line) in markdown
    assert "<script" not in markdown.lower() and "</table>" not in markdown
    figures = json.loads((out / JSON_FILE).read_text(encoding="utf-8"))
    texts = [line["text"] for page in figures["lines"] for line in page["lines"]]
    assert all(any(h in t for t in texts) for h in HOSTILE)  # the data file keeps the text as it is
    assert (out / PNG_FILE).read_bytes().startswith(b"\x89PNG")


def test_report_has_every_part(hostile_report):
    labels, out, _ = hostile_report
    markdown = (out / MD_FILE).read_text(encoding="utf-8")
    for heading in ("## Summary", "## 1. Cross-site", "## 2. Unseen pages", "## 3. Peers", "## 4. Errors by role",
                    "## 5. The model", "## 6. Every labelled page", "## 7. Speed", "## 8. The model receipt"):
        assert heading in markdown
    figures = json.loads((out / JSON_FILE).read_text(encoding="utf-8"))
    assert figures["command"].startswith("boilerplate evaluate --labels ")
    assert not figures["unseen"]["available"] and "was not there" in markdown
    roles = {r["role"]: r for r in figures["roles"]}
    assert roles["title"]["lines"] == 2 and roles["nav"]["lines"] == 3
    assert roles["nav"]["kept"]["keep_all"] == 3 and roles["nav"]["kept"]["long_lines_15w"] == 0
    assert set(figures["speed"]["methods"]) == {"model", "long_lines_15w", "sentence_end_3w", "c4", "c4_danda", "justext"}
    assert figures["speed"]["lines"] == sum(len(p.rows) for p in load_labels(labels))


def test_without_jusText_the_report_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr("boilerplate.evaluate.justext_available", lambda: False)
    labels = hostile_labels(tmp_path)
    figures, _ = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                         use_bench=False)
    assert figures["notes"] == [JUSTEXT_MISSING]
    assert "justext" not in [m["key"] for m in figures["methods"]]
    markdown = render_markdown(figures)
    assert "install it with pip install 'justext" in markdown and "jusText 3" not in extract_headline(markdown)


def test_missing_matplotlib_is_one_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["evaluate", "--labels", str(hostile_labels(tmp_path / "l")), "--out", str(tmp_path / "o")]) == 2
    assert "install it with pip install 'matplotlib>=" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_benchmark_text_never_reaches_the_report(tmp_path):
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub", "readability"))
    labels = hostile_labels(tmp_path / "labels")
    figures, curves = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                              bench_root=root)
    written = write_report(figures, curves, tmp_path / "out")
    files = sorted((tmp_path / "out").iterdir())
    assert sorted(written) == files and {p.name for p in files} == {MD_FILE, HTML_FILE, JSON_FILE, PNG_FILE}
    for path in files:
        assert BENCH_SECRET.encode() not in path.read_bytes(), path.name
    unseen = figures["unseen"]
    assert list(unseen["folders"]) == ["fundus", "scrapinghub", "readability"]
    for folder in unseen["folders"].values():
        methods = folder["methods"]
        assert (methods["model"]["lines"], methods["model"]["body_lines"]) == (4, 2)
        assert methods["keep_all"]["recall"] == 1.0 and methods["keep_all"]["precision"] == 0.5
    assert {w["page_id"] for w in unseen["worst"]} == {"fundus-page", "scrapinghub-page", "readability-page"}
    assert list(unseen["halves"]) == ["fundus", "scrapinghub", "readability"]
    for folder, halves in unseen["halves"].items():  # each page in the half its id's sha1 puts it in
        half = "development" if in_pool(f"{folder}-page") else "held_out"
        assert halves[half]["lines"] == 4 and sum(h["lines"] for h in halves.values()) == 4
    assert figures["speed"]["pages"] == 2 + 3


def test_jusText_gets_each_line_as_one_paragraph():
    long = ("The council approved the new budget on Tuesday after a long debate, and the members voted for it. "
            "It adds money for the schools and the roads of the town, and it cuts what the council spends on "
            "consultants by a third, which the mayor has wanted for years.")  # > 200 characters: good
    lines = ["<p>fake</p><div>two</div>", long, "", "\x00\x07 control", "</body></html>" + long]
    keep = keep_justext(lines, "en")
    assert len(keep) == len(lines)
    assert keep[1] and keep[4] and not keep[0]
    assert keep_justext([], "en") == []


def test_stoplists_follow_the_page_language():
    assert stoplist_name("bn") == "Bengali" and stoplist_name("no") == "Norwegian_Bokmal"
    assert stoplist_name("ja") is None and stoplist_name("zz") is None
    # Without a stoplist jusText runs in its language-independent mode and still keeps long text.
    assert keep_justext(["x " * 120], "zz") == [True]


def test_jusText_decides_a_page_with_the_stoplist_of_its_language():
    # The same Bengali paragraph is good text under the Bengali stoplist and has no stopword
    # under the English one: peer_decisions hands jusText the page's language.
    paragraph = ("সরকার এই বছরের বাজেটে স্কুল এবং রাস্তার জন্য আরও বেশি টাকা রেখেছে, আর বাইরের পরামর্শকদের পেছনে যে "
                 "খরচ হতো তার এক তৃতীয়াংশ কমিয়ে দিয়েছে। মেয়র অনেক দিন ধরে এটাই চাইছিলেন, কিন্তু পরিষদের কয়েকজন "
                 "সদস্য এর বিরুদ্ধে ভোট দিয়েছেন এবং তাঁরা বলেছেন যে এতে শহরের অন্য কাজগুলো পিছিয়ে যাবে।")
    assert peer_decisions(["মেনু", paragraph], "bn", with_justext=True)["justext"] == [False, True]
    assert peer_decisions(["মেনু", paragraph], "en", with_justext=True)["justext"] == [False, False]


def test_c4_as_published_drops_bengali_sentences():
    decided = peer_decisions(["এটি একটি বাক্য যা শেষ হয়।", "This is a whole sentence."], "bn")
    assert decided["c4"] == [False, True] and decided["c4_danda"] == [True, True]
    assert decided["keep_all"] == [True, True]


def test_c4_drops_a_line_ending_in_an_ellipsis_as_its_code_does():
    # tensorflow_datasets' c4_utils and datatrove's C4QualityFilter both test
    # `not line.endswith(END_MARKS) or line.endswith("...")`: a teaser cut off with
    # "..." ends in a period but is not a sentence end.
    lines = ["Read the rest of this story here...", "This is a whole sentence.", "এটি একটি বাক্য যা শেষ..."]
    decided = peer_decisions(lines, "en", with_justext=False)
    assert decided["c4"] == [False, True, False]
    assert decided["c4_danda"] == [False, True, False]


def test_coefficients_are_towards_body_on_the_scaled_features():
    model = load_model()
    page = load_labels(LABELS)[0]
    X = page.rows.assign(page=0)[["page", "line_no", "text"]]
    scaled = model[:-1].transform(X)
    weights = {c["feature"]: c["coefficient"] for c in coefficients(model)}
    names = model[:-1].get_feature_names_out()
    p = model.predict_proba(X)[:, list(model.classes_).index("body")]
    log_odds = np.log(p / (1 - p))
    offset = np.asarray(scaled, dtype=float) @ np.array([weights[n] for n in names]) - log_odds
    assert np.ptp(offset) < 1e-6  # the same linear function up to the intercept, with the sign of body
    values = [c["coefficient"] for c in coefficients(model)]
    assert values == sorted(values, reverse=True) and len(values) == len(names)


# ---------------------------------------------------------------- the committed report


def _as_json(value):
    """``value`` as the report's JSON file reads back (tuples as lists, keys as strings)."""
    return json.loads(json.dumps(value))


@pytest.fixture(scope="module")
def committed():
    return json.loads((REPORTS / JSON_FILE).read_text(encoding="utf-8"))


def test_committed_report_is_the_rendering_of_its_figures(committed):
    assert committed["command"] == "boilerplate evaluate"
    assert render_markdown(committed) == (REPORTS / MD_FILE).read_text(encoding="utf-8")
    png = (REPORTS / PNG_FILE).read_bytes()
    assert render_html(committed, png) == (REPORTS / HTML_FILE).read_text(encoding="utf-8")


def test_feature_names_in_the_model_table_show_as_they_are_written(committed):
    # In a code span a backslash escape shows: `title\_candidate` read so on GitHub.
    markdown = render_markdown(committed)
    assert "| `title_candidate` |" in markdown and "\\_" not in between(markdown, "## 5. The model", "## 6.")


def test_committed_report_is_of_the_shipped_model_and_labels(committed):
    receipt = committed["receipt"]
    model_file = packaged_model_dir() / "boilerplate.joblib"
    stale = "reports/ is stale: run boilerplate evaluate"
    assert receipt["model_sha256"] == hashlib.sha256(model_file.read_bytes()).hexdigest(), stale
    assert receipt["labels_evaluated"] == [{"folder": "labels", "sha256": folder_hash(LABELS)}], stale
    assert receipt["labels_match"]


def test_committed_cross_site_figures_equal_train_py(committed):
    printed = evaluate(load_labels(LABELS))
    methods = committed["cross_site"]["methods"]

    def same(report_table, train_table):
        assert report_table["folds"] == train_table["folds"]
        assert {k: v for k, v in report_table["pooled"].items() if k != "exact_pages"} == train_table["pooled"]

    same(methods["model"], printed["loso"])
    same(methods["model_raw"], printed["loso_model_only"])
    assert set(printed["baselines"]) == {"long_lines_15w", "sentence_end_3w"}
    for name, table in printed["baselines"].items():
        same(methods[name], table)


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_committed_unseen_figures_are_current(committed):
    # Made as `boilerplate evaluate` makes them (evaluate.unseen over bench_predictions), so
    # every figure of the benchmark is compared: each method's per folder, pooled and per
    # language, the model's halves and its worst pages.
    from boilerplate.cleaner import DEFAULT_CONFIG
    from boilerplate.evaluate import bench_predictions, pr_curve, unseen

    assert committed["unseen"]["available"], "the committed report was made without ../shared/bench"
    frame = bench_predictions(load_model(), bench_dir(), with_justext=True)
    fresh = _as_json(unseen(frame, with_justext=True))
    assert fresh.keys() == committed["unseen"].keys()
    for key, reported in committed["unseen"].items():
        assert fresh[key] == reported, f"unseen {key}: run boilerplate evaluate"
    # And the plot's curves of the benchmark (what the report says of them: its area, the point at the threshold).
    for folder, group in frame.groupby("folder", sort=False):
        curve = pr_curve(group["truth"], group["p_body"], DEFAULT_CONFIG.threshold)
        fresh = _as_json({k: v for k, v in curve.items() if k not in ("precision", "recall")})
        assert fresh == committed["model"]["curves"][f"unseen: {folder}"], f"{folder}'s curve: run boilerplate evaluate"


def test_committed_cross_site_figures_roles_and_lines_are_current(committed):
    # As `boilerplate evaluate` makes them (evaluate.cross_site): the per-page table, the
    # stoplist and jusText's figures, which train.py does not print; then the roles, the
    # lines shown, the model's coefficients and the cross-site curve.
    from boilerplate.cleaner import DEFAULT_CONFIG
    from boilerplate.evaluate import LABELS_LANGUAGE, cross_site, line_view, methods, pr_curve, roles

    model = load_model()
    predictions, loso = cross_site(load_labels(LABELS), LABELS_LANGUAGE, True, model[-1].C, model[-1].class_weight)
    same = "run boilerplate evaluate"
    assert _as_json(loso) == committed["cross_site"], same
    assert _as_json(roles(predictions, [m.key for m in methods(True)])) == committed["roles"], same
    # The refitted folds' probabilities differ in their last bits from one CPU to another
    # (BLAS kernels; 2e-15 relative on an AMD EPYC against the committed report): a line's
    # other fields are compared exactly, its p_body to 1e-12.
    lines, reported = _as_json(line_view(predictions)), copy.deepcopy(committed["lines"])
    p_fresh, p_reported = ([line.pop("p_body") for page in view for line in page["lines"]] for view in (lines, reported))
    assert lines == reported, same
    assert p_fresh == pytest.approx(p_reported, rel=1e-12), same
    assert _as_json(coefficients(model)) == committed["model"]["coefficients"], same
    curve = pr_curve(predictions["truth"], predictions["p_body"], DEFAULT_CONFIG.threshold)
    fresh = {k: v for k, v in curve.items() if k not in ("precision", "recall")}
    assert _as_json(fresh) == committed["model"]["curves"]["cross-site (labels/)"], same


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_committed_learning_curve_and_publisher_table_are_current(committed):
    # The curve's readability k = 10 point stayed 0.782 in the committed report after two
    # cleaner fixes made it 0.781: no test compared it (the unseen figures test reads the
    # shipped model's predictions only).
    from boilerplate.evaluate import learning_curve_figures, same_site_figures

    labels = load_labels(LABELS)
    assert learning_curve_figures(labels, bench_dir()) == committed["learning_curve"], "run boilerplate evaluate"
    assert same_site_figures(labels, bench_dir()) == committed["same_site"], "run boilerplate evaluate"


def test_readme_headline_is_the_reports():
    readme = extract_headline((REPO / "README.md").read_text(encoding="utf-8"))
    report = extract_headline((REPORTS / MD_FILE).read_text(encoding="utf-8"))
    assert report is not None and readme == report, "README's headline differs: run boilerplate evaluate"


def test_evaluate_help_says_where_the_benchmark_is_read_from(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--help"])
    assert exit_.value.code == 0
    # argparse wraps the description: compare it with its white space folded
    out = " ".join(capsys.readouterr().out.split())
    assert "../shared/bench" in out and "BOILERPLATE_BENCH" in out


@pytest.fixture
def repo_copy(monkeypatch, tmp_path):
    """``reports/`` and README.md of a copy of the repository, standing in for the real ones, and a
    ``collect`` that records whether the measurement started."""
    from boilerplate import report

    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy(REPO / "README.md", copy / "README.md")
    (copy / "pyproject.toml").write_text("", encoding="utf-8")  # a clone, not an installed package
    monkeypatch.setattr(report, "REPO", copy)
    monkeypatch.setattr(report, "DEFAULT_OUT", copy / "reports")
    measured = []
    real_collect = report.collect

    def collect(*args, **kwargs):
        measured.append(True)
        return real_collect(*args, **kwargs)

    monkeypatch.setattr(report, "collect", collect)
    return copy, measured


def test_other_labels_or_model_need_their_own_out(repo_copy, tmp_path, capsys):
    copy, measured = repo_copy
    readme = (copy / "README.md").read_bytes()
    labels = hostile_labels(tmp_path / "l")
    model = tmp_path / "m" / "boilerplate.joblib"  # the shipped model, copied: another file
    shutil.copytree(packaged_model_dir(), model.parent)
    for options in (["--labels", str(labels)], ["--model", str(model)],
                    ["--labels", str(labels), "--out", str(copy / "reports")]):
        assert main(["evaluate", *options, "--language", "en", "--no-bench"]) == 2, options
        err = capsys.readouterr().err
        assert "reports/ holds the report of the shipped model on labels/" in err and "give --out DIR" in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not measured and not (copy / "reports").exists()
    assert (copy / "README.md").read_bytes() == readme
    # With --out of their own they are measured; the README is left alone unless --readme names it.
    assert main(["evaluate", "--labels", str(labels), "--language", "en", "--no-bench", "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / MD_FILE).is_file() and (copy / "README.md").read_bytes() == readme
    assert main(["evaluate", "--labels", str(labels), "--language", "en", "--no-bench", "--out", str(tmp_path / "o"),
                 "--readme", str(copy / "README.md")]) == 0
    assert extract_headline((copy / "README.md").read_text(encoding="utf-8")) == extract_headline(
        (tmp_path / "o" / MD_FILE).read_text(encoding="utf-8"))


def test_installed_it_needs_labels_and_out_of_its_own(repo_copy, tmp_path, capsys):
    # A copy without pyproject.toml stands for site-packages: the defaults would be
    # site-packages/labels (not there) and site-packages/reports.
    copy, measured = repo_copy
    (copy / "pyproject.toml").unlink()
    labels = hostile_labels(tmp_path / "l")
    for options in ([], ["--labels", str(labels)], ["--out", str(tmp_path / "o")]):
        assert main(["evaluate", *options, "--no-bench"]) == 2, options
        err = capsys.readouterr().err
        assert "is installed, not run from a clone" in err and "give --labels DIR" in err and "--out DIR" in err, err
        assert "pip install -e ." in err, err
        assert err.count("\n") == 1
    assert not measured and not (copy / "reports").exists() and not (tmp_path / "o").exists()
    (copy / "pyproject.toml").write_text("", encoding="utf-8")  # a clone again: --labels alone is the other-labels rule
    assert main(["evaluate", "--labels", str(labels), "--no-bench"]) == 2
    assert "give --out DIR for a report of other label folders" in capsys.readouterr().err


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_a_report_without_the_benchmark_or_in_another_language_needs_its_own_out(repo_copy, tmp_path, monkeypatch, capsys):
    # It would replace the committed report (and the README headline) with one that
    # has no unseen-pages figures, or other peers' figures on labels/.
    copy, measured = repo_copy
    for options, why in ((["--no-bench"], "--no-bench"), (["--language", "en"], "--language en")):
        assert main(["evaluate", *options]) == 2, options
        err = capsys.readouterr().err
        assert "reports/ holds the report measured on labels/" in err and why in err and "give --out DIR" in err, err
    from boilerplate import bench

    monkeypatch.delenv("BOILERPLATE_BENCH", raising=False)
    monkeypatch.setattr(bench, "DEFAULT_BENCH", tmp_path / "nowhere")
    assert main(["evaluate"]) == 2
    assert "../shared/bench is not beside the repository" in capsys.readouterr().err
    assert not measured and not (copy / "reports").exists()


def test_a_benchmark_variable_that_names_no_benchmark_is_refused(repo_copy, tmp_path, monkeypatch, capsys):
    """README: BOILERPLATE_BENCH=DIR names another copy of the benchmark. Mistyped, it was
    taken for no benchmark: with --out, a report without the unseen pages (exit code 0); without,
    a message about ../shared/bench, which the user had not asked for."""
    from boilerplate import report

    copy, measured = repo_copy
    nowhere = tmp_path / "bnech"
    monkeypatch.setenv("BOILERPLATE_BENCH", str(nowhere))
    for options in ([], ["--out", str(tmp_path / "o")]):
        assert main(["evaluate", *options]) == 2, options
        err = capsys.readouterr().err
        assert err == (f"boilerplate: BOILERPLATE_BENCH={nowhere} names no benchmark (no fundus/pages.tsv in it); "
                       "name the folder that holds fundus, scrapinghub, readability, unset it to read "
                       "../shared/bench beside the repository, or give --no-bench.\n"), err
    assert not measured and not (copy / "reports").exists() and not (tmp_path / "o").exists()
    # --no-bench leaves the benchmark out whatever the variable says.
    import argparse

    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert report.usage_error(parser.parse_args(["--out", str(tmp_path / "o"), "--no-bench"])) is None


def test_a_readme_that_cannot_be_updated_is_refused_before_measuring(repo_copy, tmp_path, capsys):
    _, measured = repo_copy
    labels = hostile_labels(tmp_path / "l")
    (tmp_path / "plain.md").write_text("# No block here\n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9\n")
    # A name longer than the file system takes ended in a traceback (OSError: File name too long).
    for readme, message in [(tmp_path / "MISSING.md", "no such file"), (tmp_path, "not a file"),
                            (tmp_path / ("x" * 300 + ".md"), "no such file"),
                            (tmp_path / "plain.md", "has no headline block"),
                            (tmp_path / "latin1.md", "cannot be read (not valid UTF-8)")]:
        out = tmp_path / "o"
        assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(out), "--readme", str(readme)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"boilerplate: --readme {readme}") and message in err and err.count("\n") == 1, err
        assert not measured and not out.exists()


@pytest.mark.parametrize("option", ["--labels", "--model", "--out", "--readme"])
def test_an_empty_path_is_a_usage_error(repo_copy, option, tmp_path, monkeypatch, capsys):
    _, measured = repo_copy
    monkeypatch.chdir(tmp_path)  # where "" pointed
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", option, "", "--no-bench"])
    assert exit_.value.code == 2
    assert f"argument {option}: an empty path (an unset variable?)" in capsys.readouterr().err
    assert not measured and list(tmp_path.iterdir()) == [tmp_path / "repo"]


def test_labels_that_cannot_make_a_cross_site_report_are_refused(repo_copy, tmp_path, capsys):
    _, measured = repo_copy
    one_class = tmp_path / "one_class"
    (one_class / "pages").mkdir(parents=True)
    for stem, menu in (("a", "Menu"), ("b", "Share")):  # two pages: one page twice is refused as such
        (one_class / "pages" / f"{stem}.txt").write_text(f"{menu}\nHome\n", encoding="utf-8")
        write_label_file(one_class / f"{stem}.tsv", [menu, "Home"], ["chrome", "chrome"])
    one_site = hostile_labels(tmp_path / "one_site")
    (one_site / "sites.tsv").write_text("page\tsite\npage_a\ts\npage_b\ts\n", encoding="utf-8")
    for labels, message in [(one_class, "every labelled line is chrome; a model needs body and chrome lines"),
                            (one_site, "leave-one-site-out needs pages from at least two sites")]:
        assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"boilerplate: {labels}: ") and message in err and err.count("\n") == 1, err
    assert not measured and not (tmp_path / "o").exists()


def test_a_model_folder_written_by_train_py_is_evaluated(repo_copy, tmp_path, capsys):
    """``--model my_model/``, the folder ``train.py --model-dir`` writes, as load_model takes it."""
    labels = hostile_labels(tmp_path / "l")
    shutil.copytree(packaged_model_dir(), tmp_path / "my_model")
    out = tmp_path / "o"
    assert main(["evaluate", "--labels", str(labels), "--model", str(tmp_path / "my_model"), "--language", "en",
                 "--no-bench", "--out", str(out)]) == 0, capsys.readouterr().err
    figures = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    model_file = tmp_path / "my_model" / "boilerplate.joblib"
    assert figures["receipt"]["model_sha256"] == hashlib.sha256(model_file.read_bytes()).hexdigest()


def test_an_out_that_cannot_be_a_folder_is_refused_before_measuring(repo_copy, tmp_path, capsys):
    # It was found only when the report was written, after the whole measurement
    # (a minute with the benchmark), as a FileExistsError or NotADirectoryError traceback.
    _, measured = repo_copy
    labels = hostile_labels(tmp_path / "l")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for out, message in [(tmp_path / "afile", f"--out {tmp_path / 'afile'} is a file; name a folder"),
                         (tmp_path / "afile" / "sub", f"{tmp_path / 'afile'} is a file, not a folder")]:
        assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("boilerplate: --out ") and message in err and err.count("\n") == 1, err
    assert not measured and (tmp_path / "afile").read_text(encoding="utf-8") == "x"


def test_a_report_of_other_labels_and_model_names_them(tmp_path):
    # Every heading, note and the headline (which --readme copies into a README) said
    # "labels/" and "the shipped model" whatever --labels and --model named.
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub", "readability"))
    labels = hostile_labels(tmp_path / "my <labels> & co")
    model = tmp_path / "m" / "boilerplate.joblib"
    shutil.copytree(packaged_model_dir(), model.parent)
    figures, curves = collect(load_labels(labels), [labels], load_model(model), model_path_of(model), language="en",
                              bench_root=root)
    markdown = render_markdown(figures)
    page = render_html(figures, b"")
    for text in (markdown, page, json.dumps(list(curves))):
        assert "labels/" not in text and "shipped model" not in text
    assert "| method | cross-site, my &lt;labels&gt; &amp; co/ (2 pages) |" in extract_headline(markdown)
    assert "cross-site, my &lt;labels&gt; &amp; co/" in page and "the model given by --model" in page
    assert "Unseen: the model given by --model on `../shared/bench`" in markdown
    shipped, _ = collect(load_labels(LABELS), [LABELS], load_model(), model_path_of(None), use_bench=False)
    assert "cross-site, labels/" in render_markdown(shipped)


def test_a_report_that_cannot_be_written_leaves_the_old_one_whole(tmp_path, monkeypatch, capsys):
    # The files were written one by one in place: a full disk while writing the HTML
    # left a new Markdown report beside a truncated HTML one and ended in a traceback.
    labels = hostile_labels(tmp_path / "l")
    out = tmp_path / "o"
    old = old_report(out)
    real_write_bytes = type(out).write_bytes

    def write_bytes(path, data):
        if path.name.startswith(HTML_FILE):
            real_write_bytes(path, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return real_write_bytes(path, data)

    monkeypatch.setattr(type(out), "write_bytes", write_bytes)
    monkeypatch.setattr(type(out), "write_text", lambda path, text, encoding=None: write_bytes(path, text.encode()))
    assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err and "nothing was written" in err, err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


def test_labels_given_in_another_order_are_the_labels_the_model_was_trained_on(tmp_path):
    # train.py --labels a b, then evaluate --labels b a: the report said the labels
    # evaluated were "not the labels the model was trained on".
    from boilerplate.evaluate import receipt

    a, b = hostile_labels(tmp_path / "a"), hostile_labels(tmp_path / "b")
    (b / "pages" / "page_a.txt").write_text("Other\n", encoding="utf-8")
    model = tmp_path / "m" / "boilerplate.joblib"
    shutil.copytree(packaged_model_dir(), model.parent)
    saved = json.loads((model.parent / "receipt.json").read_text(encoding="utf-8"))
    saved["labels"] = [{"folder": d.name, "sha256": folder_hash(d)} for d in (a, b)]
    (model.parent / "receipt.json").write_text(json.dumps(saved), encoding="utf-8")
    assert receipt(model, [a, b])["labels_match"] and receipt(model, [b, a])["labels_match"]
    assert not receipt(model, [a])["labels_match"] and not receipt(model, [a, a])["labels_match"]


def test_labels_of_the_same_name_changed_since_training_are_not_the_models(tmp_path, monkeypatch):
    # The receipt compares each folder's sha256 as well as its name; a folder given as "." is named as it is.
    from boilerplate.evaluate import receipt

    labels = hostile_labels(tmp_path / "labels")
    model = tmp_path / "m" / "boilerplate.joblib"
    shutil.copytree(packaged_model_dir(), model.parent)
    saved = json.loads((model.parent / "receipt.json").read_text(encoding="utf-8"))
    saved["labels"] = [{"folder": "labels", "sha256": folder_hash(labels)}]
    (model.parent / "receipt.json").write_text(json.dumps(saved), encoding="utf-8")
    monkeypatch.chdir(labels)
    figures = receipt(model, [labels.relative_to(labels)])  # "."
    assert figures["labels_evaluated"] == figures["trained_on"] == saved["labels"] and figures["labels_match"]
    (labels / "pages" / "page_a.txt").write_text("Other\n", encoding="utf-8")
    assert not receipt(model, [labels])["labels_match"]


def test_the_receipt_row_names_the_models_class_weighting(tmp_path):
    # The weighting is chosen on the development half with C: the receipt shows both.
    # A receipt from before the weighting was recorded is of a balanced model.
    from boilerplate.evaluate import receipt
    from boilerplate.report import _receipt_rows

    model = tmp_path / "m" / "boilerplate.joblib"
    shutil.copytree(packaged_model_dir(), model.parent)
    figures = json.loads((REPORTS / JSON_FILE).read_text(encoding="utf-8"))
    saved = json.loads((model.parent / "receipt.json").read_text(encoding="utf-8"))
    shown = []
    for weighting in ("balanced", None, "gone"):
        if weighting == "gone":
            del saved["class_weight"]
        else:
            saved["class_weight"] = weighting
        (model.parent / "receipt.json").write_text(json.dumps(saved), encoding="utf-8")
        figures["receipt"] = receipt(model, [LABELS])
        shown.append(dict(_receipt_rows(figures))["C, class weighting, threshold"])
    c = saved["C"]
    assert shown == [f"{c}, balanced, 0.5", f"{c}, none (every labelled line alike), 0.5", f"{c}, balanced, 0.5"]


def test_the_command_shows_as_typed_in_markdown_code():
    # Backslash escapes do not work inside a Markdown code span: `--labels my\_labels`
    # showed its backslash, and a backtick in a path ended the span early.
    from boilerplate.report import _receipt_rows, md_code

    assert md_code("evaluate --labels my_labels") == "`evaluate --labels my_labels`"
    assert md_code("a `b` c") == "``a `b` c``" and md_code("`x") == "`` `x ``"
    assert md_code("a | b", table=True) == "`a \\| b`"
    figures = json.loads((REPORTS / JSON_FILE).read_text(encoding="utf-8"))
    figures["command"] = "boilerplate evaluate --labels my_labels a`b --out x|y"
    markdown = render_markdown(figures)
    assert "Made by ``boilerplate evaluate --labels my_labels a`b --out x|y`` on" in markdown
    assert dict(_receipt_rows(figures))["command"] == "``boilerplate evaluate --labels my_labels a`b --out x\\|y``"
    page = render_html(figures, b"")
    assert "<dd>boilerplate evaluate --labels my_labels a`b --out x|y</dd>" in page


def test_a_language_without_a_stoplist_is_named_in_the_report(tmp_path):
    # --language xx (or bengali, or a code jusText has no list for) ran jusText in its
    # language-independent mode on the labels, and the report said nothing of it.
    labels = hostile_labels(tmp_path / "l")
    figures, _ = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="bengali",
                         use_bench=False)
    assert figures["cross_site"]["stoplist"] is None
    note = ("jusText has no stoplist for the language of `l/` (bengali): there it runs in its "
            "language-independent mode.")
    assert note in render_markdown(figures)
    assert "(bengali): there it runs in its language-independent mode." in render_html(figures, b"")
    figures, _ = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                         use_bench=False)
    markdown = render_markdown(figures)
    assert "jusText on `l/` uses the English stoplist." in markdown and "on the benchmark" not in markdown


def test_one_site_advice_fits_the_labels(repo_copy, tmp_path, capsys):
    # A folder of one page was told to "list the sites in sites.tsv", which cannot help.
    _, measured = repo_copy
    one_page = hostile_labels(tmp_path / "one_page")
    (one_page / "page_b.tsv").unlink()
    (one_page / "pages" / "page_b.txt").unlink()
    (one_page / "sites.tsv").unlink()
    one_site = hostile_labels(tmp_path / "one_site")
    (one_site / "sites.tsv").write_text("page\tsite\npage_a\ts\npage_b\ts\n", encoding="utf-8")
    for labels, advice in [(one_page, "the labels hold one page; add pages of another site."),
                           (one_site, "sites.tsv puts all 2 pages in one site, s; add pages of another site, or "
                                      "correct sites.tsv if they come from more than one.")]:
        assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err
        assert "leave-one-site-out needs pages from at least two sites" in err and advice in err, err
    assert not measured


def test_the_command_of_the_report_can_be_run_again(tmp_path):
    # "The command line that reproduces this run" joined its words with spaces: a
    # folder named "my labels" came out as two arguments.
    import shlex

    from boilerplate.cli import evaluate_parser
    from boilerplate.report import _command

    argv = ["--labels", str(tmp_path / "my labels"), "--out", str(tmp_path / "it's <out>"), "--no-bench"]
    command = _command(evaluate_parser().parse_args(argv))
    assert shlex.split(command) == ["boilerplate", "evaluate", *argv]


def test_a_curve_named_with_dollar_signs_is_drawn_as_text():
    # The plot's legend names the label folders: matplotlib read "$...$" in a folder's
    # name as mathematics and raised a ParseSyntaxException after the whole run.
    from boilerplate.evaluate import pr_curve
    from boilerplate.report import pr_plot

    curve = pr_curve(np.array([True, False, True]), np.array([0.9, 0.2, 0.4]), 0.5)
    assert pr_plot({"cross-site (x$\\frac$y/)": curve}, 0.5).startswith(b"\x89PNG")


def test_a_benchmark_without_one_of_its_folders_is_not_written_into_reports(repo_copy, tmp_path, monkeypatch, capsys):
    # A copy of the benchmark without readability/pages.tsv was read as a benchmark of two
    # folders, silently: reports/ and the README's headline lost the readability column
    # (exit code 0). Into reports/ it is refused; into an --out of its own it is measured,
    # and stderr says which folder is left out.
    copy, measured = repo_copy
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub"))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(root))
    readme = (copy / "README.md").read_bytes()
    assert main(["evaluate"]) == 2
    err = capsys.readouterr().err
    assert "readability" in err and "give --out DIR" in err and err.count("\n") == 1, err
    assert not measured and not (copy / "reports").exists() and (copy / "README.md").read_bytes() == readme
    assert main(["evaluate", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "no readability/pages.tsv" in err and "left out" in err, err


def test_a_benchmark_folder_whose_pages_hold_no_line_is_said_to_be_left_out(repo_copy, tmp_path, monkeypatch, capsys):
    # Its pages gave no row to score, and the report dropped the folder in silence.
    root = fake_bench(tmp_path / "bench", FOLDERS)
    (root / "readability" / "readability-page.tsv").write_text("line_no\tlabel\ttext\n", encoding="utf-8")
    monkeypatch.setenv("BOILERPLATE_BENCH", str(root))
    assert main(["evaluate", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "has no line in the pages of readability/pages.tsv: readability is left out." in err, err


def test_a_benchmark_file_that_does_not_fit_the_format_is_one_clear_error(repo_copy, tmp_path, monkeypatch, capsys):
    # A row the cleaner takes as blank stopped boilerplate evaluate with pandas' traceback
    # ("All arrays must be of the same length"), and the peers' worker process went on
    # reading the benchmark after the command had ended.
    root = fake_bench(tmp_path / "bench", FOLDERS)
    page = root / "scrapinghub" / "scrapinghub-page.tsv"
    page.write_text(page.read_text(encoding="utf-8") + "9\tchrome\t\u200b\n", encoding="utf-8")
    monkeypatch.setenv("BOILERPLATE_BENCH", str(root))
    assert main(["evaluate", "--labels", str(hostile_labels(tmp_path / "l")), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"boilerplate: the benchmark cannot be read: {page}, row 6: line 9 is blank to the cleaner, and "
                       "the format leaves blank lines out; fix that file, or give --no-bench."), err
    assert "Traceback" not in "\n".join(err) and not (tmp_path / "o").exists()


def test_a_benchmark_folder_whose_pages_tsv_lists_no_page_is_a_folder_missing(repo_copy, tmp_path, monkeypatch, capsys):
    # A readability/pages.tsv of its header alone gave no page, and the folder was dropped
    # from reports/ and the README's headline silently (exit code 0), as a missing
    # pages.tsv was; with every folder's so, the report said the benchmark was not there.
    copy, measured = repo_copy
    root = fake_bench(tmp_path / "bench", FOLDERS)
    listing = root / "readability" / "pages.tsv"
    listing.write_text(listing.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    monkeypatch.setenv("BOILERPLATE_BENCH", str(root))
    readme = (copy / "README.md").read_bytes()
    assert main(["evaluate"]) == 2
    err = capsys.readouterr().err
    assert f"{root} has no page in readability/pages.tsv; give --out DIR" in err and err.count("\n") == 1, err
    assert not measured and not (copy / "reports").exists() and (copy / "README.md").read_bytes() == readme
    assert main(["evaluate", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert f"the benchmark {root} has no page in readability/pages.tsv: readability is left out." in err, err


def test_speed_is_measured_where_there_is_no_load_average(monkeypatch):
    # os.getloadavg is Unix's: on Windows boilerplate evaluate stopped with AttributeError's
    # traceback at the speed part, after everything else had been measured.
    from boilerplate.evaluate import SpeedPage, speed
    from boilerplate.report import _speed_text

    monkeypatch.setattr("boilerplate.evaluate.SPEED_MIN_SECONDS", 0.01)
    monkeypatch.delattr("os.getloadavg")
    figures = speed(load_model(), [SpeedPage("Menu\n\nThe council approved the new budget on Tuesday.", "en")],
                    with_justext=False)
    assert figures["load_average"] is None and figures["methods"]["model"]["rounds"] >= 1
    text = _speed_text(figures, str, str)
    assert "(" + f"{figures['cores']} cores), the whole sample again" in text and "None" not in text, text


def test_an_out_in_a_label_folder_is_refused_before_measuring(repo_copy, tmp_path, capsys):
    # --out my_labels/ wrote the report's four files among the labels (and --out labels/ into
    # the shipped label folder), which changed the folder whose sha256 the model's receipt
    # records: the next report said the labels were not the ones the model was trained on.
    copy, measured = repo_copy
    labels = hostile_labels(tmp_path / "my_labels")
    before = folder_hash(labels)
    for out in (labels, labels / "report"):
        assert main(["evaluate", "--labels", str(labels), "--out", str(out), "--no-bench"]) == 2
        err = capsys.readouterr().err
        assert err == (f"boilerplate: --out {out} is in the label folder {labels}: the report's files would change the "
                       "folder whose sha256 the model's receipt records; name a folder of its own.\n"), err
    assert not measured and folder_hash(labels) == before and not (labels / "report").exists()


@pytest.mark.parametrize("variable", [True, False], ids=["BOILERPLATE_BENCH", "../shared/bench"])
def test_a_benchmark_without_fundus_is_measured_without_fundus(repo_copy, tmp_path, monkeypatch, capsys, variable):
    # README: a benchmark that lacks one of its folders is measured without that folder
    # (with an --out of its own) and says so. Without fundus/pages.tsv it was taken for
    # no benchmark at all: scrapinghub and readability were left out too and the report
    # said "The benchmark ../shared/bench was not there" (exit code 0, nothing on stderr
    # about fundus); named by BOILERPLATE_BENCH it was refused as naming no benchmark.
    from boilerplate import bench

    copy, measured = repo_copy
    root = fake_bench(tmp_path / "shared" / "bench", ("scrapinghub", "readability"))
    if variable:
        monkeypatch.setenv("BOILERPLATE_BENCH", str(root))
    else:
        monkeypatch.delenv("BOILERPLATE_BENCH", raising=False)
        monkeypatch.setattr(bench, "DEFAULT_BENCH", root)
    readme = (copy / "README.md").read_bytes()
    assert main(["evaluate"]) == 2
    err = capsys.readouterr().err
    assert f"{root} has no fundus/pages.tsv; give --out DIR" in err and err.count("\n") == 1, err
    assert not measured and not (copy / "reports").exists() and (copy / "README.md").read_bytes() == readme
    labels = hostile_labels(tmp_path / "l")
    assert main(["evaluate", "--labels", str(labels), "--language", "en", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert f"the benchmark {root} has no fundus/pages.tsv: fundus is left out." in err, err
    headline = extract_headline((tmp_path / "o" / MD_FILE).read_text(encoding="utf-8"))
    assert "unseen: scrapinghub (1 pages)" in headline and "unseen: readability (1 pages)" in headline, headline
    assert "unseen: fundus" not in headline and "was not there" not in headline, headline


def test_a_learning_curve_of_a_users_folder_named_labels_is_not_the_shipped_models(tmp_path):
    # The curve's k = 0 was said to be "the shipped model's training data alone" whenever
    # the label folder was named labels/, as a user's own often is (--labels my/labels).
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub", "readability"))
    labels = hostile_labels(tmp_path / "my" / "labels")
    figures, _ = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                         bench_root=root)
    assert figures["learning_curve"] and not figures["receipt"]["labels_match"]
    for text in (render_markdown(figures), render_html(figures, b"")):
        intro = text.split("Learning curve: labels/ plus k pages of the folder")[1][:2000]
        assert "shipped model's training data" not in intro and "*k* = 0 is `labels/` alone" in text.replace(
            "<em>k</em> = 0 is <code>labels/</code> alone", "*k* = 0 is `labels/` alone")
    shipped, _ = collect(load_labels(LABELS), [LABELS], load_model(), model_path_of(None), language="en",
                         bench_root=root)
    assert "*k* = 0 is the shipped model's training data alone" in render_markdown(shipped)


def test_the_readmes_cross_site_probabilities_are_the_reports():
    # The README quotes §6's probabilities of the lines it discusses; they were those of an
    # earlier model (the source credit at 0.10, the section-name line at 0.40, the empty
    # related-list heading at 0.24) where §6 shows 0.11, 0.35 and 0.27.
    from boilerplate.training import leave_one_site_out

    section = " ".join(readme_section("### Cross-site, as `train.py` prints it").split())
    lines = leave_one_site_out(load_labels(LABELS))
    (source,) = lines[(lines["role"] == "source") & ~lines["model"]].itertuples()
    assert f"`{source.text}` below an article (p = {source.p_body:.2f})" in section
    titles = lines[(lines["role"] == "title") & ~lines["model_raw"]]["p_body"]
    assert len(titles) == 3 and f"(p = {titles.min():.2f} to {titles.max():.2f}," in section
    (section_name,) = lines[(lines["role"] == "meta") & lines["text"].str.startswith("বিভাগ")].itertuples()
    (promo,) = lines[lines["role"] == "promo"].itertuples()
    assert f"dropped (p = {section_name.p_body:.2f} and {promo.p_body:.2f})" in section
    (heading,) = lines[lines["text"] == "সংশ্লিষ্ট সংবাদ:"].itertuples()
    assert f"`{heading.text}` after usbangla's article" in section and f"gets p = {heading.p_body:.2f};" in section


def test_the_readmes_advice_on_labelling_quotes_the_reports_curve_and_publisher_table(committed):
    # "Adapting it to your sites" quotes §2's learning curve and publisher table; no test tied
    # them to the report, so a new report would leave the advice on figures it no longer holds.
    section = " ".join(readme_section("## Adapting it to your sites").split())
    f1 = {folder: {point["k"]: point for point in points} for folder, points in committed["learning_curve"]["folders"].items()}
    lifted = ", ".join(f"{folder} {f1[folder][0]['f1']:.3f} → {f1[folder][40]['f1']:.3f}"
                       for folder in ("fundus", "scrapinghub", "readability"))
    assert f"40 random pages of a folder lifted line F1 on the folder's other pages, on every folder in the mean of " \
           f"three draws ({lifted});" in section
    assert all(f1[folder][40]["f1"] > f1[folder][0]["f1"] for folder in f1)
    fundus, scrapinghub, readability = f1["fundus"][20], f1["scrapinghub"][20], f1["readability"][20]
    assert f"20 lifted it on fundus, less ({fundus['f1']:.3f}), and not on scrapinghub ({scrapinghub['f1']:.3f}) " \
           f"nor readability ({readability['f1']:.3f}; its single draws ranged from {readability['f1_min']:.3f} to " \
           f"{readability['f1_max']:.3f});" in section
    assert f1["fundus"][0]["f1"] < fundus["f1"] < f1["fundus"][40]["f1"]
    assert scrapinghub["f1"] <= f1["scrapinghub"][0]["f1"] and readability["f1"] <= f1["readability"][0]["f1"]
    assert f"5 or 10 did worse than none (fundus {f1['fundus'][5]['f1']:.3f} and {f1['fundus'][10]['f1']:.3f})" in section
    assert all(f1[folder][k]["f1"] < f1[folder][0]["f1"] for folder in f1 for k in (5, 10))
    site = {row["folder"]: row for row in committed["same_site"]}
    readability, fundus = site["readability"], site["fundus"]
    assert f"On readability's {readability['pages']} such pages ({readability['publishers']} publishers by page id:" in section
    assert f"line F1 goes from {readability['f1']:.3f} to {readability['f1_site']:.3f}; on fundus's {fundus['pages']} " \
           f"({fundus['publishers']} news publishers) it goes from {fundus['f1']:.3f} to {fundus['f1_site']:.3f}." in section


def _readme_where_it_stands() -> str:
    return " ".join(readme_section("### Pages of other sites: where it stands", "\n### ").split())


def test_the_readmes_figures_of_where_it_stands_are_the_reports(committed):
    # "Pages of other sites: where it stands" quotes §2's halves, the unseen folders' scores,
    # the learning curve and the shipped rows of the alternatives' tables by hand; only the
    # headline was tied to the report, and the jusText comparison still said 0.845 for
    # readability where the report (and the headline) say 0.846.
    section = _readme_where_it_stands()
    halves = committed["unseen"]["halves"]
    said = ", ".join(f"{halves[f]['development']['f1']:.3f} / {halves[f]['held_out']['f1']:.3f} on {f}"
                     for f in ("fundus", "scrapinghub"))
    assert f"the held-out half is {said} (" in section
    readability = halves["readability"]
    assert f"and {readability['development']['f1']:.3f} / {readability['held_out']['f1']:.3f} on readability." in section
    assert f" of fundus's {halves['fundus']['held_out']['pages']} held-out pages and " in section
    assert f" of readability's {readability['held_out']['pages']} come from a publisher" in section
    folders = {f: v["methods"] for f, v in committed["unseen"]["folders"].items()}
    fundus, scrapinghub = folders["fundus"]["model"]["f1"], folders["scrapinghub"]["model"]["f1"]
    assert f"fundus's by a thin margin ({fundus:.4f}; scrapinghub {scrapinghub:.4f})" in section
    assert min(fundus, scrapinghub) >= 0.85 and folders["readability"]["model"]["f1"] >= 0.80
    pooled = committed["cross_site"]["methods"]["model"]["pooled"]
    assert pooled["f1"] >= 0.95 and pooled["char_f1"] >= 0.98
    assert f"That puts fundus over issue 6's 0.85 by {fundus - 0.85:.4f}." in section
    assert f"The shipped model learns from {committed['receipt']['trained_lines']} lines of five Bengali pages" in section
    assert committed["receipt"]["trained_pages"] == 5

    def kept_against_gold(scores):  # lines the cleaner keeps that the gold calls chrome
        found = scores["recall"] * scores["body_lines"]
        return round(found / scores["precision"] - found)

    assert f"of the {kept_against_gold(folders['scrapinghub']['model']):,} lines the cleaner keeps against scrapinghub's gold," in section
    assert f" of {kept_against_gold(folders['fundus']['model']):,} on fundus)" in section
    assert f"readability's C4 figure was 0.506, now {folders['readability']['c4']['f1']:.3f}." in section
    references = dict(zip(("fundus", "scrapinghub", "readability"),
                          map(float, re.search(r"C4 reference figures \(([\d.]+) / ([\d.]+) / ([\d.]+)\)", section).groups())))
    gaps = [references[f] - folders[f]["c4"]["f1"] for f in references]
    assert f"are {min(gaps):.3f}–{max(gaps):.3f} above it" in section
    justext = folders["readability"]
    assert f"it is ahead of jusText ({justext['model']['f1']:.3f} against {justext['justext']['f1']:.3f};" in section
    # The shipped rows of the alternatives' tables are the report's own figures.
    cross = committed["cross_site"]["methods"]
    for row, key in (("model alone", "model_raw"), ("span passes (shipped)", "model"), ("shipped features", "model")):
        cells = [cross[key]["pooled"]] + [folders[f][key] for f in ("fundus", "scrapinghub", "readability")]
        assert f"| {row} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in cells) + " |" in section, row
    f1 = {folder: {point["k"]: point for point in points} for folder, points in committed["learning_curve"]["folders"].items()}
    forty = ", from ".join(f"{f1[folder][0]['f1']:.3f} to {f1[folder][40]['f1']:.3f} on {folder}" for folder in ("fundus", "scrapinghub"))
    assert f"its held-out half goes from {forty} and from {f1['readability'][0]['f1']:.3f} to " \
           f"{f1['readability'][40]['f1']:.3f} on readability;" in section
    scrap, read = f1["scrapinghub"][20], f1["readability"][20]
    assert f"with 20, to {f1['fundus'][20]['f1']:.3f} on fundus, while scrapinghub's {scrap['f1']:.3f} and readability's " \
           f"{read['f1']:.3f} lie within their draws' spread ({scrap['f1_min']:.3f}–{scrap['f1_max']:.3f} and " \
           f"{read['f1_min']:.3f}–{read['f1_max']:.3f})." in section
    assert f"Five or ten pages do no better than none (fundus {f1['fundus'][5]['f1']:.3f} and {f1['fundus'][10]['f1']:.3f}," in section
    assert all(f1[folder][k]["f1"] <= f1[folder][0]["f1"] for folder in f1 for k in (5, 10))


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
def test_the_readmes_count_of_held_out_pages_whose_publisher_is_in_the_development_half():
    from boilerplate.bench import iter_pages, publisher

    section = _readme_where_it_stands()
    shared = {}
    for folder in ("fundus", "readability"):
        ids = [page.page_id for page in iter_pages(folder)]
        development = {publisher(i) for i in ids if in_pool(i)}
        held_out = [i for i in ids if not in_pool(i)]
        shared[folder] = (sum(publisher(i) in development for i in held_out), len(held_out))
    (fundus, fundus_pages), (readability, readability_pages) = shared["fundus"], shared["readability"]
    assert f"{fundus} of fundus's {fundus_pages} held-out pages and {readability} of readability's {readability_pages} " \
           "come from a publisher that also has a page in the development half" in section


def test_the_cross_site_part_refits_at_the_evaluated_models_c_and_weighting(tmp_path):
    # collect refitted every leave-one-site-out fold at train.py's C and class weighting
    # whatever model --model named: the cross-site figures and the line-by-line
    # probabilities of a model fitted at another C were another model's, and the report
    # still called them "the same predictions and scores as `python train.py`".
    from boilerplate.model import C, CLASS_WEIGHT, save_model
    from boilerplate.training import fit, leave_one_site_out

    labels = hostile_labels(tmp_path / "l")
    pages = load_labels(labels)
    receipt = json.loads((packaged_model_dir() / "receipt.json").read_text(encoding="utf-8"))
    receipt.update(C=1.0, class_weight="balanced")
    save_model(fit(pages, 1.0, "balanced"), tmp_path / "m", receipt)
    model = load_model(tmp_path / "m")
    figures, _ = collect(pages, [labels], model, model_path_of(tmp_path / "m"), language="en", use_bench=False)
    reported = [line["p_body"] for page in figures["lines"] for line in page["lines"]]

    def p_body(predictions):
        return predictions.sort_values(["page", "line_no"])["p_body"].tolist()

    assert reported == pytest.approx(p_body(leave_one_site_out(pages, 1.0, class_weight="balanced")))
    assert reported != pytest.approx(p_body(leave_one_site_out(pages, C, class_weight=CLASS_WEIGHT)))
    assert (figures["cross_site"]["C"], figures["cross_site"]["class_weight"]) == (1.0, "balanced")
    markdown = render_markdown(figures)
    assert "the same predictions and scores as `python train.py`" not in markdown
    assert f"C = 1.0 and class weighting balanced, where `python train.py` fits at C = {C}" in markdown
    assert f"where <code>python train.py</code> fits at C = {C}" in render_html(figures, b"")
    shipped, _ = collect(pages, [labels], load_model(), model_path_of(None), language="en", use_bench=False)
    assert (shipped["cross_site"]["C"], shipped["cross_site"]["class_weight"]) == (C, CLASS_WEIGHT)
    assert shipped["model"]["shipped"] and not figures["model"]["shipped"]  # --model named another file
    assert "the same predictions and scores as `python train.py`" in render_markdown(shipped)


def test_a_half_with_no_page_is_shown_as_not_available(tmp_path):
    # A benchmark folder whose pages are all in one half (each fake folder's one page is in
    # the held-out half) has an empty development half: the halves table showed its
    # precision, recall and F1 as 0.000, a score no page earned.
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub", "readability"))
    assert not any(in_pool(f"{folder}-page") for folder in FOLDERS)
    labels = hostile_labels(tmp_path / "labels")
    figures, _ = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                         bench_root=root)
    halves = between(render_markdown(figures), "### The development half and the held-out half", "###")
    rows = [line for line in halves.splitlines() if line.startswith("| fundus |")]
    assert rows[0].startswith("| fundus | development") and rows[0].endswith("| 0 | 0 | 0 | – | – | – | – |"), rows
    assert rows[1].startswith("| fundus | held out") and "–" not in rows[1], rows
    assert "–: no page of the folder is in this half." in halves
    page = between(render_html(figures, b""), "The development half and the held-out half", "<h3>")
    assert page.count("<td>–</td>") == 3 * 4 and "–: no page of the folder is in this half." in page


def test_a_benchmark_folder_without_a_body_line_has_no_average_precision(tmp_path):
    # pr_curve handed a folder whose gold holds no body line to scikit-learn, which warns
    # "No positive class found in y_true" (twice: an error under this suite's filters, and
    # a warning on boilerplate evaluate's standard error), and the report showed an
    # average precision and a recall of 0.000 for a curve that has neither.
    root = fake_bench(tmp_path / "bench", ("fundus", "scrapinghub", "readability"))
    page = root / "readability" / "readability-page.tsv"
    page.write_text(page.read_text(encoding="utf-8").replace("\tbody\t", "\tchrome\t"), encoding="utf-8")
    labels = hostile_labels(tmp_path / "labels")
    figures, curves = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                              bench_root=root)
    curve = figures["model"]["curves"]["unseen: readability"]
    assert curve["average_precision"] is None and curve["at_threshold"]["recall"] is None
    p_body = predict_bench(load_model(), ("readability",), root)["p_body"].to_numpy()
    assert curve["at_threshold"]["precision"] == body_scores([False] * 4, p_body >= 0.5, [1] * 4)["precision"]
    assert figures["model"]["curves"]["unseen: fundus"]["average_precision"] > 0
    markdown = render_markdown(figures)
    row = next(line for line in markdown.splitlines() if line.startswith("| unseen: readability | "))
    assert row.split(" | ")[1] == "–" and row.split(" | ")[3] == "–", row
    assert "–: the curve's lines hold no body line" in markdown
    write_report(figures, curves, tmp_path / "out")  # the plot leaves the curve out
    page = (tmp_path / "out" / HTML_FILE).read_text(encoding="utf-8")
    assert '<td class="l">unseen: readability</td><td>–</td>' in page
    assert "hold no body line, so it has no average precision" in page


def test_a_readme_with_crlf_line_ends_keeps_them(tmp_path):
    # updated_readme read the README in text mode, which folds CRLF into LF, and the
    # report wrote it back so: --readme turned every line end of a CRLF README (a Windows
    # checkout) into LF, a change to every line besides the table's.
    from boilerplate.report import HEADLINE_END, HEADLINE_START, updated_readme

    readme = tmp_path / "README.md"
    readme.write_bytes(f"# Title\r\n\r\n{HEADLINE_START}\r\nold\r\n{HEADLINE_END}\r\n\r\nAfter.\r\n".encode())
    new = updated_readme(readme, f"{HEADLINE_START}\n\n| a |\n| --- |\n{HEADLINE_END}")
    assert new == f"# Title\r\n\r\n{HEADLINE_START}\r\n\r\n| a |\r\n| --- |\r\n{HEADLINE_END}\r\n\r\nAfter.\r\n"
    readme.write_bytes(f"# Title\n{HEADLINE_START}\nold\n{HEADLINE_END}\n".encode())  # LF stays LF
    assert updated_readme(readme, f"{HEADLINE_START}\n| a |\n{HEADLINE_END}") == f"# Title\n{HEADLINE_START}\n| a |\n{HEADLINE_END}\n"


# ---------------------------------------------------------------- the figures, on hand-built predictions


def _bench_frame(pages):
    """Benchmark predictions as :func:`boilerplate.evaluate.bench_predictions` gives them, every method
    deciding as the model: ``pages`` holds (folder, page_id, language, [(truth, kept, chars), ...])."""
    import pandas as pd

    from boilerplate.evaluate import methods

    rows = [{"folder": folder, "page_id": page_id, "language": language, "line_no": no, "truth": truth,
             "chars": chars, **{m.key: kept for m in methods(True)}}
            for folder, page_id, language, lines in pages for no, (truth, kept, chars) in enumerate(lines, 1)]
    return pd.DataFrame(rows)


def test_the_worst_pages_go_by_char_f1_then_line_f1_then_the_body_lines_missed():
    from boilerplate.evaluate import WORST_PAGES, unseen

    good = [(True, True, 10)]
    pages = [("fundus", f"good-{i:02}", "en", good) for i in range(WORST_PAGES + 2)]
    # Both have no body kept (char F1 0 and line F1 0): the page that misses more body lines is worse.
    pages.append(("fundus", "a-misses-one", "en", [(True, False, 10), (False, True, 10)]))
    pages.append(("fundus", "b-misses-two", "en", [(True, False, 10), (True, False, 10)]))
    # The same char F1 (0.5 = 2 * 0.5 * 0.5 / 1), a higher line F1 (2/3 against 1/2): the better of the two.
    pages.append(("fundus", "c-line-f1-half", "en", [(True, True, 5), (True, False, 5), (False, True, 5), (False, False, 5)]))
    pages.append(("fundus", "d-line-f1-two-thirds", "en", [(True, True, 3), (True, True, 2), (True, False, 5), (False, True, 5)]))
    worst = unseen(_bench_frame(pages), with_justext=True)["worst"]
    assert len(worst) == WORST_PAGES
    assert [w["page_id"] for w in worst[:4]] == ["b-misses-two", "a-misses-one", "c-line-f1-half", "d-line-f1-two-thirds"]
    assert worst[2]["char_f1"] == worst[3]["char_f1"] and worst[2]["f1"] < worst[3]["f1"]
    assert [w["page_id"] for w in worst[4:]] == [f"good-{i:02}" for i in range(WORST_PAGES - 4)]


def test_a_folder_counts_its_languages_and_a_language_its_folders():
    from boilerplate.evaluate import unseen

    line = [(True, True, 10)]
    frame = _bench_frame([("fundus", "f1", "en", line), ("fundus", "f2", "en", line), ("fundus", "f3", "de", line),
                          ("readability", "r1", "en", line)])
    figures = unseen(frame, with_justext=True)
    assert (figures["folders"]["fundus"]["pages"], figures["folders"]["fundus"]["languages"]) == (3, 2)
    assert figures["languages"]["en"]["folders"] == ["fundus", "readability"]
    assert figures["languages"]["en"]["methods"]["model"]["pages"] == 3
    assert figures["languages"]["en"]["stoplist"] == "English"
    without = unseen(frame.drop(columns="justext"), with_justext=False)
    # jusText did not run: no stoplist of its is named for a language.
    assert without["languages"]["en"]["stoplist"] is None and "justext" not in without["languages"]["en"]["methods"]
    # Per language the model is scored beside jusText (with the language's stoplist) and the C4 rule with । ॥.
    assert set(figures["languages"]["en"]["methods"]) == {"model", "justext", "c4_danda"}
    assert set(without["languages"]["de"]["methods"]) == {"model", "c4_danda"}


def test_the_languages_and_a_languages_folders_are_in_alphabetical_order():
    # The benchmark is read fundus, scrapinghub, readability; the report lists the languages,
    # and names each one's folders, sorted.
    from boilerplate.evaluate import unseen

    line = [(True, True, 10)]
    frame = _bench_frame([("scrapinghub", "s1", "en", line), ("readability", "r1", "en", line),
                          ("readability", "r2", "de", line)])
    languages = unseen(frame, with_justext=True)["languages"]
    assert list(languages) == ["de", "en"] and languages["en"]["folders"] == ["readability", "scrapinghub"]


def test_a_line_without_a_role_is_counted_as_none_after_the_named_roles():
    import pandas as pd

    from boilerplate.evaluate import roles

    predictions = pd.DataFrame({"label": ["chrome", "chrome", "body", "chrome", "body"],
                                "role": ["", "nav", "paragraph", "footer", ""],
                                "model": [True, False, True, False, False]})
    rows = roles(predictions, ["model"])
    assert [(r["label"], r["role"]) for r in rows] == [("body", "paragraph"), ("body", "(none)"),
                                                       ("chrome", "nav"), ("chrome", "footer"), ("chrome", "(none)")]
    assert [r["kept"]["model"] for r in rows] == [1, 0, 0, 0, 1]


def test_a_probability_at_the_threshold_is_body_at_the_threshold():
    from boilerplate.evaluate import pr_curve

    # README and the report: a line is the model's body when its probability is at least the threshold.
    curve = pr_curve(np.array([True, True, False]), np.array([0.5, 0.9, 0.2]), 0.5)
    assert curve["at_threshold"] == {"precision": 1.0, "recall": 1.0}


def test_every_labelled_page_is_shown_line_by_line_in_line_order():
    import pandas as pd

    from boilerplate.evaluate import line_view

    predictions = pd.DataFrame({"page": ["b", "a", "a", "a"], "site": ["s2", "s1", "s1", "s1"], "line_no": [1, 3, 1, 2],
                                "text": ["B", "three", "one", "two"], "role": ["nav", "nav", "title", "paragraph"],
                                "truth": [False, False, True, True], "p_body": [0.1, 0.2, 0.9, 0.8],
                                "model_raw": [False, False, True, True], "model": [False, False, True, True]})
    pages = line_view(predictions)
    assert [p["page"] for p in pages] == ["a", "b"]
    assert [line["text"] for line in pages[0]["lines"]] == ["one", "two", "three"]
    assert [line["line_no"] for line in pages[0]["lines"]] == [1, 2, 3]


def test_speed_stops_after_its_most_passes_and_counts_pages_and_lines_per_second(monkeypatch):
    from boilerplate.evaluate import SpeedPage, speed

    monkeypatch.setattr("boilerplate.evaluate.SPEED_MIN_SECONDS", 2.0)  # not reached in 3 passes
    monkeypatch.setattr("boilerplate.evaluate.SPEED_MAX_ROUNDS", 3)
    sample = [SpeedPage("Menu\n\nThe council approved the new budget on Tuesday.", "en"), SpeedPage("Home\nNews", "en")]
    figures = speed(load_model(), sample, with_justext=False)
    assert (figures["pages"], figures["lines"]) == (2, 4)
    for key, m in figures["methods"].items():
        assert m["rounds"] == 3, key
        assert m["pages_per_s"] * m["seconds"] == pytest.approx(3 * 2) and m["lines_per_s"] * m["seconds"] == pytest.approx(3 * 4)


def test_every_labelled_line_shows_its_truth_both_decisions_and_its_pages_site():
    import pandas as pd

    from boilerplate.evaluate import line_view

    # Each line's truth, the model's own label and the cleaner's decision all differ somewhere.
    predictions = pd.DataFrame({"page": ["a", "a", "a"], "site": ["s1", "s1", "s1"], "line_no": [1, 2, 3],
                                "text": ["one", "two", "three"], "role": ["title", "nav", "paragraph"],
                                "truth": [True, False, True], "p_body": [0.4, 0.7, 0.9],
                                "model_raw": [False, True, True], "model": [True, False, True]})
    (page,) = line_view(predictions)
    assert page["site"] == "s1"
    assert [(line["truth"], line["model_raw"], line["kept"]) for line in page["lines"]] == [
        (True, False, True), (False, True, False), (True, True, True)]
    assert [(line["role"], line["p_body"]) for line in page["lines"]] == [("title", 0.4), ("nav", 0.7), ("paragraph", 0.9)]


def test_the_load_average_is_the_last_minutes_and_none_where_it_cannot_be_read(monkeypatch):
    from boilerplate.evaluate import _load_average

    monkeypatch.setattr("os.getloadavg", lambda: (1.234, 5.0, 9.0))
    assert _load_average() == 1.23  # over the last minute, to two decimals

    def unreadable():
        raise OSError("load average unobtainable")

    monkeypatch.setattr("os.getloadavg", unreadable)
    assert _load_average() is None


def test_the_methods_are_ours_first_and_jusText_among_them_only_when_it_is_installed(monkeypatch):
    from boilerplate.evaluate import OURS, methods

    keys = [m.key for m in methods(True)]
    assert keys[:2] == [m.key for m in OURS] and "justext" in keys and "justext" not in [m.key for m in methods(False)]
    for installed in (True, False):
        monkeypatch.setattr("boilerplate.evaluate.justext_available", lambda: installed)
        assert ("justext" in [m.key for m in methods()]) is installed


def test_without_a_benchmark_there_are_no_benchmark_predictions():
    from boilerplate.evaluate import bench_predictions

    assert bench_predictions(load_model(), None, with_justext=False).empty


def test_the_learning_curve_figures_hold_each_folders_points_under_the_ks_and_draws(monkeypatch, tmp_path):
    import pandas as pd

    from boilerplate import curves
    from boilerplate.evaluate import learning_curve_figures

    frame = pd.DataFrame([{"folder": "fundus", "k": k, "draws": 1 if k == 0 else curves.REPEATS, "held_out_pages": 3,
                           "f1": 0.5, "f1_min": 0.25, "f1_max": 0.75, "char_f1": 0.625} for k in (0, 5)])
    monkeypatch.setattr(curves, "learning_curve", lambda pages, root, **fit_as: frame)
    figures = learning_curve_figures([], tmp_path, c=2.0, class_weight=None)
    assert (figures["ks"], figures["draws"], figures["C"], figures["class_weight"]) == (list(curves.KS), curves.REPEATS, 2.0, None)
    assert figures["folders"] == {"fundus": frame.drop(columns="folder").to_dict("records")}


def test_without_a_benchmark_root_the_speed_sample_is_the_labelled_pages(monkeypatch, tmp_path):
    from boilerplate.evaluate import speed_sample

    monkeypatch.setenv("BOILERPLATE_BENCH", str(fake_bench(tmp_path / "bench", FOLDERS)))
    pages = load_labels(hostile_labels(tmp_path / "labels"))
    sample = speed_sample(pages, "en", None)
    assert [(p.text, p.language, p.bench) for p in sample] == [("\n".join(p.lines), "en", False) for p in pages]


def test_the_precision_at_the_threshold_of_lines_without_body_is_one_when_nothing_is_kept():
    from boilerplate.evaluate import pr_curve

    # Every decision is right (metrics.body_scores): precision 1; there is no recall, and no curve.
    curve = pr_curve(np.array([False, False]), np.array([0.1, 0.2]), 0.5)
    assert curve["at_threshold"] == {"precision": 1.0, "recall": None} and curve["lines"] == 2
    assert curve["average_precision"] is None and curve["precision"] == curve["recall"] == []


def test_an_empty_learning_curve_or_publisher_table_is_none(monkeypatch, tmp_path):
    import pandas as pd

    from boilerplate import curves
    from boilerplate.evaluate import learning_curve_figures, same_site_figures

    monkeypatch.setattr(curves, "learning_curve", lambda pages, root, **fit_as: pd.DataFrame())
    monkeypatch.setattr(curves, "same_site", lambda pages, root, **fit_as: pd.DataFrame())
    assert learning_curve_figures([], tmp_path) is None and same_site_figures([], tmp_path) is None


def test_the_stoplist_of_a_language_code_in_capitals():
    # An ISO 639-1 code in capitals (--language EN, a pages.tsv written so) is the same language.
    assert stoplist_name("EN") == "English" and stoplist_name("Bn") == "Bengali"


def test_without_jusText_no_language_has_its_stoplist(monkeypatch):
    monkeypatch.setattr("boilerplate.evaluate.justext_available", lambda: False)
    assert stoplist_name("bn") is None


def test_a_line_whose_words_are_parted_by_tabs_reaches_jusText_with_its_tabs():
    # Only the control characters an HTML parser refuses are taken out; a tab parts words as a space does.
    long = ("The council approved the new budget on Tuesday after a long debate, and the members voted for it. "
            "It adds money for the schools and the roads of the town, and it cuts what the council spends on "
            "consultants by a third, which the mayor has wanted for years.")
    assert keep_justext([long.replace(" ", "\t")], "en") == keep_justext([long], "en") == [True]


def test_each_method_is_scored_on_its_own_decisions_per_folder_and_pooled():
    from boilerplate.evaluate import unseen

    frame = _bench_frame([("fundus", "p1", "en", [(True, True, 10), (False, False, 5)]),
                          ("readability", "r1", "en", [(True, True, 10)])])
    frame["c4"] = False  # the C4 rule keeps nothing where the model keeps the body
    figures = unseen(frame, with_justext=True)
    for scored in (figures["pooled"]["methods"], figures["folders"]["fundus"]["methods"]):
        assert (scored["model"]["recall"], scored["c4"]["recall"]) == (1.0, 0.0)
        assert (scored["model"]["exact_pages"], scored["c4"]["exact_pages"]) == (scored["model"]["pages"], 0)


def test_a_page_is_exact_only_when_every_line_is_decided_right():
    from boilerplate.evaluate import unseen

    frame = _bench_frame([("fundus", "all-right", "en", [(True, True, 10), (False, False, 5)]),
                          ("fundus", "one-wrong", "en", [(True, True, 10), (False, True, 5)]),
                          ("fundus", "all-wrong", "en", [(True, False, 10), (False, True, 5)])])
    figures = unseen(frame, with_justext=True)
    assert figures["folders"]["fundus"]["methods"]["model"]["exact_pages"] == 1
    assert figures["pooled"]["methods"]["model"]["exact_pages"] == 1


def test_a_page_is_named_by_its_folder_and_its_id():
    # Two folders may each hold a page "p1": they are two pages, one exact and one not.
    from boilerplate.evaluate import unseen

    frame = _bench_frame([("fundus", "p1", "en", [(True, True, 10), (False, False, 5)]),
                          ("readability", "p1", "en", [(True, False, 10)])])
    pooled = unseen(frame, with_justext=True)["pooled"]
    assert pooled["pages"] == 2
    assert (pooled["methods"]["model"]["pages"], pooled["methods"]["model"]["exact_pages"]) == (2, 1)


def test_without_jusText_the_peers_are_decided_without_it():
    decided = peer_decisions(["Home", "The council approved the new budget on Tuesday."], "en", with_justext=False)
    assert "justext" not in decided and decided["keep_all"] == [True, True]


# ---------------------------------------------------------------- rendering, piece by piece


def test_a_code_span_keeps_spaces_at_both_ends_and_escapes_a_pipe_in_a_table():
    from boilerplate.report import md_code

    # CommonMark strips one space from each end of a code span that has one at both: padded, " a " shows as it is.
    assert md_code(" a ") == "`  a  `"
    assert md_code("a|b", table=True) == "`a\\|b`" and md_code("a|b") == "`a|b`"


def test_labels_with_a_backtick_in_their_name_are_escaped_text_not_code():
    from boilerplate.report import _labels_md

    assert _labels_md({"receipt": {"labels_evaluated": [{"folder": "my_labels"}]}}) == "`my_labels/`"
    assert _labels_md({"receipt": {"labels_evaluated": [{"folder": "a`b"}]}}) == "a\\`b/"
    # two folders are named as one code span: the comma between them is no markup
    assert _labels_md({"receipt": {"labels_evaluated": [{"folder": "labels"}, {"folder": "my_labels"}]}}) == "`labels/, my_labels/`"


def test_an_end_marker_before_the_start_marker_is_no_headline_block():
    from boilerplate.report import HEADLINE_END, HEADLINE_START

    assert extract_headline(f"{HEADLINE_END}\ntext\n{HEADLINE_START}\n") is None
    # Nor does it hide a whole block after it (the end marker quoted in prose above the block).
    block = f"{HEADLINE_START}\n| a |\n{HEADLINE_END}"
    assert extract_headline(f"Ends at {HEADLINE_END}.\n{block}\nafter\n") == block


def test_the_speed_text_names_benchmark_pages_only_when_there_are_some_and_a_load_of_zero():
    from boilerplate.report import _speed_text

    sp = {"pages": 2, "bench_pages": 0, "stride": 10, "lines": 40, "cores": 2, "load_average": 0.0, "min_seconds": 0.25}
    text = _speed_text(sp, str, str)
    assert "(40 non-blank lines: the 2 labelled pages)" in text and "benchmark" not in text, text
    assert "(2 cores, load average 0.0 when timing began)" in text, text
    text = _speed_text({**sp, "pages": 5, "bench_pages": 3}, str, str)
    assert "the 2 labelled pages and every 10th benchmark page (3)" in text, text


def test_a_fold_fitted_at_train_pys_c_with_another_weighting_is_not_said_to_be_train_pys():
    from boilerplate.model import C, CLASS_WEIGHT
    from boilerplate.report import _fit_note

    other = None if CLASS_WEIGHT is not None else "balanced"
    note = _fit_note({"C": C, "class_weight": other}, str, str)
    assert "same predictions and scores as" not in note and f"at C = {C} and class weighting {other or 'none'}" in note
    assert _fit_note({"C": C, "class_weight": CLASS_WEIGHT}, str, str) == "the same predictions and scores as python train.py"


def test_without_the_benchmark_the_stoplist_note_says_nothing_of_it(committed):
    from boilerplate.report import _stoplist_note

    figures = {**committed, "unseen": {"available": False}}
    note = _stoplist_note(figures, str, "labels/", "By language")
    assert note.endswith(" stoplist.") and "benchmark" not in note, note
    assert "on the benchmark, each page's language's stoplist (see By language)." in _stoplist_note(
        committed, str, "labels/", "By language")


def test_a_coefficient_of_zero_is_still_in_the_html_tables(committed):
    coefficients = [dict(c) for c in committed["model"]["coefficients"]]
    coefficients[len(coefficients) // 2]["coefficient"] = 0.0
    name = coefficients[len(coefficients) // 2]["feature"]
    page = render_html({**committed, "model": {**committed["model"], "coefficients": coefficients}}, b"")
    assert f"<code>{html_text(name)}</code>" in page
    assert page.count('<td class="l"><code>') == len(coefficients)


def test_the_html_receipt_shows_the_labels_name_without_markdown_escapes(committed):
    receipt = {**committed["receipt"], "labels_evaluated": [{"folder": "my_labels", "sha256": "ab12"}],
               "labels_match": False}
    page = render_html({**committed, "receipt": receipt}, b"")
    assert "<dd>my_labels ab12 (not the labels the model was trained on)</dd>" in page
    assert "my\\_labels" not in page
    assert "| labels evaluated | my\\_labels ab12 (**not the labels the model was trained on**) |" in render_markdown(
        {**committed, "receipt": receipt})
    assert "not the labels the model was trained on" not in render_markdown(committed)


def test_the_html_receipt_shows_folder_and_file_names_as_they_are_written(committed):
    # _plain dropped every backtick of a receipt cell before undoing md_text's escapes:
    # a folder named a`b showed as ab, and a\`b as a\b. The HTML escapes & < > once.
    receipt = {**committed["receipt"], "labels_evaluated": [{"folder": "a`b \\`c & <d>", "sha256": "ab12"}],
               "labels_match": True, "model_file": "m`1/x.joblib"}
    page = render_html({**committed, "receipt": receipt}, b"")
    assert "<dd>a`b \\`c &amp; &lt;d&gt; ab12</dd>" in page
    assert f"<dd>m`1/x.joblib, sha256 {receipt['model_sha256']}</dd>" in page


def test_a_readme_keeps_its_mode_when_its_headline_is_written(committed, tmp_path):
    from boilerplate.report import HEADLINE_END, HEADLINE_START

    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n{HEADLINE_START}\nthe old table\n{HEADLINE_END}\n", encoding="utf-8")
    readme.chmod(0o600)
    write_report(committed, {}, tmp_path / "out", readme)
    assert (readme.stat().st_mode & 0o777) == 0o600 and "the old table" not in readme.read_text(encoding="utf-8")


def test_with_no_bench_a_benchmark_variable_naming_nothing_is_no_usage_error(monkeypatch, tmp_path):
    import argparse

    from boilerplate.report import add_arguments, usage_error

    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path / "nowhere"))
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    labels = hostile_labels(tmp_path / "l")
    args = parser.parse_args(["--labels", str(labels), "--out", str(tmp_path / "o"), "--no-bench"])
    assert usage_error(args) is None
    assert usage_error(parser.parse_args(["--labels", str(labels), "--out", str(tmp_path / "o")])) is not None


def test_each_methods_exact_pages_are_its_own_and_the_sites_are_listed_in_order(monkeypatch):
    # The peers' table shows each method's exact pages: a page is exact for a method when
    # that method decides each of its lines right, whatever the model did.
    import pandas as pd

    from boilerplate import evaluate

    long = "The council approved the new budget on Tuesday after a long debate, and the members voted for it."
    frame = pd.DataFrame({"page": ["a", "a", "b", "b"], "site": ["s2", "s2", "s1", "s1"], "line_no": [1, 2, 1, 2],
                          "text": ["Home", long, "Menu", long], "truth": [False, True, False, True],
                          "chars": [4, len(long), 4, len(long)],
                          "model": [False, True, True, True], "model_raw": [False, True, False, True]})
    monkeypatch.setattr(evaluate, "leave_one_site_out", lambda pages, c, class_weight: frame)
    _, figures = evaluate.cross_site([], "en", with_justext=False)
    exact = {key: table["pooled"]["exact_pages"] for key, table in figures["methods"].items()}
    # The model is right on page a only; every rule keeps the long line and drops the one-word line
    # but keep_all, which keeps both; the model's own labels are right on both pages.
    assert exact == {"model": 1, "model_raw": 2, "long_lines_15w": 2, "sentence_end_3w": 2, "c4": 2,
                     "c4_danda": 2, "keep_all": 0}
    assert figures["sites"] == ["s1", "s2"] and (figures["pages"], figures["lines"], figures["body_lines"]) == (2, 4, 2)


def test_the_cross_site_figures_count_body_lines_and_list_pages_by_name(tmp_path):
    from boilerplate.evaluate import cross_site

    labels = hostile_labels(tmp_path)
    # page_a on the site that sorts last: the folds run site by site, the per-page table goes by page.
    (labels / "sites.tsv").write_text("page\tsite\npage_a\tsite-b\npage_b\tsite-a\n", encoding="utf-8")
    pages = load_labels(labels)
    predictions, figures = cross_site(pages, "en", with_justext=False)
    assert figures["stoplist"] is None  # jusText did not run: no stoplist of its is named
    assert figures["body_lines"] == sum((p.rows["label"] == "body").sum() for p in pages) == 6
    assert figures["lines"] == sum(len(p.rows) for p in pages)
    assert [(r["page"], r["site"]) for r in figures["per_page"]] == [("page_a", "site-b"), ("page_b", "site-a")]
    for row in figures["per_page"]:
        lines = predictions[predictions["page"] == row["page"]]
        assert row["exact"] == bool((lines["truth"] == lines["model"]).all())
        assert row["lines"] == len(lines)


def _bench_of_pages(root, n):
    """The fake benchmark with ``n`` copies of its fundus page, listed in pages.tsv in order."""
    fake_bench(root, FOLDERS)
    folder = root / "fundus"
    page = (folder / "fundus-page.tsv").read_text(encoding="utf-8")
    listing = (folder / "pages.tsv").read_text(encoding="utf-8").splitlines()
    for i in range(1, n):
        (folder / f"fundus-page-{i}.tsv").write_text(page, encoding="utf-8")
        listing.append(listing[1].replace("fundus-page", f"fundus-page-{i}", 1))
    (folder / "pages.tsv").write_text("\n".join(listing) + "\n", encoding="utf-8")
    return root


def test_speed_takes_every_tenth_benchmark_page_and_counts_them(monkeypatch, tmp_path):
    from boilerplate.evaluate import SPEED_STRIDE, speed, speed_sample

    root = _bench_of_pages(tmp_path / "bench", SPEED_STRIDE + 2)  # fundus pages 0 and 10, one of each other folder
    labels = hostile_labels(tmp_path / "labels")
    sample = speed_sample(load_labels(labels), "en", root)
    assert [p.bench for p in sample] == [False, False, True, True, True, True]
    monkeypatch.setattr("boilerplate.evaluate.SPEED_MIN_SECONDS", 0.0)
    figures = speed(load_model(), sample, with_justext=False)
    assert (figures["pages"], figures["bench_pages"]) == (6, 4)


def test_the_peers_decide_each_benchmark_line_in_its_place(tmp_path):
    from boilerplate.evaluate import bench_peers

    frame = bench_peers(fake_bench(tmp_path, FOLDERS), with_justext=False)
    page = frame.reset_index().query("folder == 'fundus'").set_index("line_no")
    # Only the paragraph (line 5) has 15 words; the headline (line 1) is no sentence.
    assert page["long_lines_15w"].tolist() == [False, False, True, False]
    assert page["sentence_end_3w"].tolist() == [False, False, True, False]
    assert page.index.tolist() == [1, 3, 5, 7]


def test_a_benchmark_that_changes_while_it_is_read_is_an_error(monkeypatch, tmp_path):
    from boilerplate import evaluate

    root = fake_bench(tmp_path, FOLDERS)
    read = evaluate.predict_bench
    monkeypatch.setattr(evaluate, "predict_bench", lambda *a: read(*a).iloc[:-1])  # a line fewer than the peers saw
    with pytest.raises(evaluate.EvaluationError, match="the benchmark changed while it was read"):
        evaluate.bench_predictions(load_model(), root, with_justext=False)


def test_a_benchmark_line_the_peers_never_saw_is_an_error_even_with_as_many_lines(monkeypatch, tmp_path):
    # As many lines as the peers decided, but one of them at a line_no they never saw:
    # its peer columns would be empty (NaN), and astype(bool) would make them True.
    from boilerplate import evaluate

    root = fake_bench(tmp_path, FOLDERS)
    read = evaluate.predict_bench

    def moved(*args):
        frame = read(*args)
        frame.loc[frame.index[-1], "line_no"] += 1000
        return frame

    monkeypatch.setattr(evaluate, "predict_bench", moved)
    with pytest.raises(evaluate.EvaluationError, match="the benchmark changed while it was read"):
        evaluate.bench_predictions(load_model(), root, with_justext=False)


def _worker(code: str) -> subprocess.Popen:
    """A stand-in for the peers' worker: a Python process running ``code``, its standard
    error piped as :func:`boilerplate.evaluate._start_peers_worker` pipes it."""
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="a killed process's return code is POSIX's")
def test_a_stop_while_a_peers_worker_that_would_not_end_is_waited_for_kills_it(monkeypatch, tmp_path):
    # Ctrl-C as the run waits for a worker still at work (the real benchmark's jusText
    # half): the worker is killed at once, not waited for until it is done, nor left
    # reading the benchmark alone (into a folder removed under it) as it was.
    from boilerplate import evaluate

    started = []

    def start(*args):
        worker = _worker("import time; time.sleep(30)")
        started.append(worker)
        real_communicate = worker.communicate

        def communicate():
            worker.communicate = real_communicate  # the stop lands on the first wait only
            raise KeyboardInterrupt

        worker.communicate = communicate
        return worker

    monkeypatch.setattr(evaluate, "_start_peers_worker", start)
    with pytest.raises(KeyboardInterrupt):
        evaluate.bench_predictions(load_model(), fake_bench(tmp_path, FOLDERS), with_justext=False)
    worker = started[0]
    try:
        assert worker.returncode == -signal.SIGKILL
    finally:
        worker.kill()
        worker.wait()


def test_a_peers_worker_that_fails_is_an_error_that_gives_its_message(monkeypatch, tmp_path):
    from boilerplate import evaluate

    monkeypatch.setattr(evaluate, "_start_peers_worker", lambda *args: _worker("import sys; sys.exit('jusText broke')"))
    with pytest.raises(evaluate.EvaluationError) as error:
        evaluate.bench_predictions(load_model(), fake_bench(tmp_path, FOLDERS), with_justext=False)
    assert str(error.value) == "the peers on the benchmark failed in their worker process:\njusText broke"


def test_a_receipt_without_a_class_weighting_or_labels_is_read_as_an_old_one(tmp_path):
    from boilerplate.evaluate import receipt

    for name in ("boilerplate.joblib", "receipt.json"):
        shutil.copy(packaged_model_dir() / name, tmp_path / name)
    saved = json.loads((tmp_path / "receipt.json").read_text(encoding="utf-8"))
    saved.pop("class_weight", None)
    saved["labels"] = None
    (tmp_path / "receipt.json").write_text(json.dumps(saved), encoding="utf-8")
    figures = receipt(tmp_path / "boilerplate.joblib", [LABELS])
    # Receipts from before the weighting was recorded are of balanced models: it was the only one.
    assert figures["class_weight"] == "balanced"
    assert figures["labels_match"] is False


def test_the_command_names_every_option_not_at_its_default_and_no_other(tmp_path):
    import shlex

    from boilerplate.cli import evaluate_parser
    from boilerplate.report import _command

    assert _command(evaluate_parser().parse_args([])) == "boilerplate evaluate"
    argv = ["--labels", str(tmp_path / "l"), "--language", "en", "--model", str(tmp_path / "m"),
            "--out", str(tmp_path / "o"), "--no-bench", "--readme", str(tmp_path / "README.md")]
    assert shlex.split(_command(evaluate_parser().parse_args(argv))) == ["boilerplate", "evaluate", *argv]


def test_an_out_whose_name_the_file_system_cannot_take_is_refused_before_measuring(repo_copy, tmp_path, capsys):
    # The report was measured (a minute with the benchmark), then failed at its first write.
    copy, measured = repo_copy
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    out = tmp_path / ("o" * (limit + 1))
    assert main(["evaluate", "--labels", str(hostile_labels(tmp_path / "l")), "--no-bench", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"boilerplate: --out {out}: the name {'o' * 20}… is longer than the file system "
                                       f"takes ({limit + 1} bytes, at most {limit}); name a shorter --out.\n")
    assert not measured


def test_language_is_two_letters_in_any_case(capsys):
    # "--language BN" was refused as another language than the labels' bn ("give --out DIR"),
    # and "" or "ben" ran jusText without a stoplist, the report not saying why.
    from boilerplate.cli import evaluate_parser
    from boilerplate.report import _command, usage_error

    args = evaluate_parser().parse_args(["--language", "BN"])
    assert args.language == "bn" and _command(args) == "boilerplate evaluate"
    if bench_dir() is not None:
        assert usage_error(args) is None
    for value in ("", "ben", "b1", "bn-BD"):
        with pytest.raises(SystemExit) as exit_:
            evaluate_parser().parse_args(["--language", value])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert f"argument --language: {value!r} is not an ISO 639-1 code; give its two letters, e.g. bn" in err, err


def test_language_is_two_latin_letters_from_a_to_z(capsys):
    # ISO 639-1 codes are two of a-z (az, Azerbaijani; za, Zhuang): two letters of another
    # script, such as Bengali's, are no code, and would run jusText without a stoplist.
    from boilerplate.cli import evaluate_parser

    assert [evaluate_parser().parse_args(["--language", code]).language for code in ("AZ", "za")] == ["az", "za"]
    for value in ("কখ", "éa"):
        with pytest.raises(SystemExit) as exit_:
            evaluate_parser().parse_args(["--language", value])
        assert exit_.value.code == 2
        assert f"argument --language: {value!r} is not an ISO 639-1 code" in capsys.readouterr().err


def test_a_report_of_another_model_into_reports_is_a_usage_error(tmp_path):
    from boilerplate.cli import evaluate_parser
    from boilerplate.report import usage_error

    for name in ("boilerplate.joblib", "receipt.json"):
        shutil.copy(packaged_model_dir() / name, tmp_path / name)
    problem = usage_error(evaluate_parser().parse_args(["--model", str(tmp_path / "boilerplate.joblib")]))
    assert problem is not None and problem.endswith("give --out DIR for a report of another model"), problem


def test_the_peers_see_a_labelled_page_in_line_order_whatever_the_order_of_its_rows():
    import pandas as pd

    from boilerplate.evaluate import _add_peers

    long = ("The council approved the new budget on Tuesday after a long debate, and the members voted for it. "
            "It adds money for the schools and the roads of the town, and it cuts what the council spends on "
            "consultants by a third, which the mayor has wanted for years.")
    lines = [long, "and then the mayor said", long, "Home", "Login"]  # jusText keeps the short line between two long
    order = [1, 3, 0, 4, 2]
    frame = pd.DataFrame({"page": ["p"] * 5, "line_no": [i + 1 for i in order], "text": [lines[i] for i in order]})
    out = _add_peers(frame, "en", True).sort_values("line_no")
    assert out["justext"].tolist() == keep_justext(lines, "en") == [True, True, True, False, False]
    assert out["text"].tolist() == lines


def test_without_the_benchmark_the_headline_and_the_plot_caption_say_unseen_pages_are_left_out(committed):
    figures = {**committed, "unseen": {"available": False}}
    headline = extract_headline(render_markdown(figures))
    assert "The benchmark `../shared/bench` was not there, so unseen pages are left out." in headline
    assert "Unseen:" not in headline and "unseen: fundus" not in headline
    page = render_html(figures, b"")
    assert "The benchmark <code>../shared/bench</code> was not there: unseen pages are left out.</p>" in page
    assert "Unseen: the shipped model" not in page and "on each benchmark folder" not in page
    assert "on each benchmark folder" in render_html(committed, b"")


def test_a_headline_block_at_the_very_start_of_a_text_is_found():
    from boilerplate.report import HEADLINE_END, HEADLINE_START

    block = f"{HEADLINE_START}\n| a |\n{HEADLINE_END}"
    assert extract_headline(block + "\nafter\n") == block


def test_a_half_with_pages_but_no_body_line_is_scored_not_shown_as_empty():
    # Only a half without a page has nothing to score; one of chrome lines alone has a precision of 0.
    from boilerplate.report import _half_cells, _halves_gap_note

    chrome_only = {"pages": 2, "lines": 7, "body_lines": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "char_f1": 0.0}
    assert _half_cells(chrome_only) == ["7", "0", "0.000", "0.000", "0.000", "0.000"]
    assert _halves_gap_note({"fundus": {"development": chrome_only, "held_out": chrome_only}}) == ""


def test_a_coefficient_of_zero_has_the_bar_of_the_body_side_as_in_the_html_tables():
    from boilerplate.report import _bar

    # The HTML puts a coefficient of 0 under "towards body"; the Markdown bar marks it "+" alike.
    assert _bar(0.0, 1.0) == "+" and _bar(-0.5, 1.0) == "−██████" and _bar(0.5, 1.0) == "+██████"


def test_without_jusText_among_the_methods_no_stoplist_of_its_is_named(committed):
    speed = {**committed["speed"], "methods": {k: v for k, v in committed["speed"]["methods"].items() if k != "justext"}}
    figures = {**committed, "methods": [m for m in committed["methods"] if m["key"] != "justext"], "speed": speed}
    for text in (render_markdown(figures), render_html(figures, b"")):
        assert "stoplist" not in between(text, "3. Peers", "4. Errors by role")
    assert "jusText on" in render_markdown(committed).split("## 3. Peers")[1]


def test_the_notes_of_a_run_show_first_in_both_reports_escaped(committed):
    figures = {**committed, "notes": ["jusText <3> is not installed & left out"]}
    markdown = render_markdown(figures)
    assert "\n> jusText &lt;3&gt; is not installed &amp; left out\n" in markdown.split("## 1.")[0]
    page = render_html(figures, b"")
    assert '<p class="note">jusText &lt;3&gt; is not installed &amp; left out</p>' in page.split('id="cross-site"')[0]


def test_with_every_labelled_line_right_the_reports_say_there_is_no_wrong_line(committed):
    lines = [{**page, "lines": [{**line, "kept": line["truth"], "model_raw": line["truth"]} for line in page["lines"]]}
             for page in committed["lines"]]
    figures = {**committed, "lines": lines}
    markdown = render_markdown(figures)
    assert "### boilerplate's 0 wrong lines\n\nNone: every labelled line is decided right.\n" in markdown
    assert "<h3>boilerplate's 0 wrong lines</h3>\n<p>None: every labelled line is decided right.</p>" in render_html(
        figures, b"")


def test_the_receipt_leaves_out_a_library_that_is_not_installed():
    from boilerplate.report import _receipt_rows

    figures = json.loads((REPORTS / JSON_FILE).read_text(encoding="utf-8"))
    figures["receipt"]["versions"] = {"boilerplate": "0.1.0", "justext": None, "numpy": "2.0"}
    assert dict(_receipt_rows(figures))["run with"] == "boilerplate 0.1.0, numpy 2.0"


def test_every_inline_markdown_character_of_page_text_is_escaped():
    # The hostile-page tests compare with md_text itself: this pins what it escapes.
    assert md_text("a \\ b ` c * d _ e [f] g | h ~~i~~") == (
        "a \\\\ b \\` c \\* d \\_ e \\[f\\] g \\| h \\~\\~i\\~\\~")
    assert md_text("AT&T <b>") == "AT&amp;T &lt;b&gt;"


def test_figures_from_before_the_model_was_recorded_as_shipped_are_the_shipped_models(committed):
    model = {k: v for k, v in committed["model"].items() if k != "shipped"}
    markdown = render_markdown({**committed, "model": model})
    assert "Unseen: the shipped model on `../shared/bench`" in extract_headline(markdown)
    assert "*k* = 0 is the shipped model's training data alone" in markdown


def test_a_code_span_ending_in_a_backtick_is_padded_from_its_fence():
    from boilerplate.report import md_code

    # Without the space the span's last backtick runs into the fence: ``x```.
    assert md_code("x`") == "`` x` ``"


def test_a_bar_of_a_table_whose_coefficients_are_all_zero_is_its_sign_alone():
    from boilerplate.report import _bar

    assert _bar(0.0, 0.0) == "+"  # the scale, the largest coefficient, is 0: no division by it


def _old_report(out, readme):
    out.mkdir()
    for name in (MD_FILE, HTML_FILE, JSON_FILE, PNG_FILE):
        (out / name).write_text(f"old {name}", encoding="utf-8")
    from boilerplate.report import HEADLINE_END, HEADLINE_START

    readme.write_text(f"# Title\n{HEADLINE_START}\nthe old table\n{HEADLINE_END}\n", encoding="utf-8")
    return {p: p.read_bytes() for p in [*out.iterdir(), readme]}


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_error_while_writing_the_readme_leaves_the_report_and_the_readme_whole(committed, tmp_path, monkeypatch,
                                                                                  error):
    # The README is written last: its .part failing (a full disk, or Ctrl-C, which is no
    # Exception) must take back the report's four .part files too.
    out, readme = tmp_path / "out", tmp_path / "doc" / "README.md"
    readme.parent.mkdir()
    old = _old_report(out, readme)
    real_write_bytes = type(out).write_bytes

    def write_bytes(path, data):
        if path.name == "README.md.part":
            raise error
        return real_write_bytes(path, data)

    monkeypatch.setattr(type(out), "write_bytes", write_bytes)
    with pytest.raises(type(error)):
        write_report(committed, {}, out, readme)
    assert {p: p.read_bytes() for p in [*out.iterdir(), *readme.parent.iterdir()]} == old


def test_a_stop_as_the_report_is_put_in_place_leaves_no_part_file(committed, tmp_path, monkeypatch):
    # Ctrl-C once the first file is renamed into place: the other .part files go with the
    # stop (the report is then part new, part old: a rerun writes it whole); they were left.
    out, readme = tmp_path / "out", tmp_path / "doc" / "README.md"
    readme.parent.mkdir()
    _old_report(out, readme)
    real_replace = type(out).replace

    def replace(path, target):
        real_replace(path, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(type(out), "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_report(committed, {}, out, readme)
    monkeypatch.undo()
    assert [p.name for p in [*out.iterdir(), *readme.parent.iterdir()] if p.name.endswith(".part")] == []


def test_a_readme_given_as_a_symlink_is_updated_where_it_points(committed, tmp_path):
    real = tmp_path / "doc" / "README.md"
    real.parent.mkdir()
    _old_report(tmp_path / "out", real)
    link = tmp_path / "README.md"
    link.symlink_to(real)
    written = write_report(committed, {}, tmp_path / "out", link)
    assert link in written and link.is_symlink() and link.resolve() == real
    assert extract_headline(real.read_text(encoding="utf-8")) == extract_headline(render_markdown(committed))
    assert sorted(p.name for p in real.parent.iterdir()) == ["README.md"]


def test_the_report_goes_into_an_out_folder_made_with_its_parents_and_its_json_keeps_text_as_it_is(committed,
                                                                                                   tmp_path):
    out = tmp_path / "new" / "deeper" / "out"
    figures = {**committed, "notes": ["লেবেল “quoted”"]}
    assert write_report(figures, {}, out) == [out / PNG_FILE, out / MD_FILE, out / HTML_FILE, out / JSON_FILE]
    text = (out / JSON_FILE).read_text(encoding="utf-8")
    assert "লেবেল “quoted”" in text and text.endswith("}\n") and json.loads(text) == figures


@pytest.fixture
def measured_as_committed(repo_copy, tmp_path, monkeypatch):
    """repo_copy with a whole (fake) benchmark, where ``collect`` gives the committed figures
    at once: the command's own steps, without the measurement."""
    from boilerplate import report

    copy, measured = repo_copy
    monkeypatch.setenv("BOILERPLATE_BENCH", str(fake_bench(tmp_path / "bench", FOLDERS)))
    figures = json.loads((REPORTS / JSON_FILE).read_text(encoding="utf-8"))

    def collect(*args, **kwargs):
        measured.append(True)
        return figures, {}

    monkeypatch.setattr(report, "collect", collect)
    return copy, measured, figures


def test_a_report_into_reports_copies_its_headline_into_the_readme_and_names_every_file_written(
        measured_as_committed, capsys):
    copy, measured, figures = measured_as_committed
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    assert out == "".join(f"wrote {copy / 'reports' / name}\n" for name in (PNG_FILE, MD_FILE, HTML_FILE, JSON_FILE)) + (
        f"wrote {copy / 'README.md'}\n")
    assert measured and extract_headline((copy / "README.md").read_text(encoding="utf-8")) == extract_headline(
        render_markdown(figures))


def test_a_report_into_reports_leaves_a_readme_without_a_headline_block_alone_and_says_so(
        measured_as_committed, capsys):
    copy, _, _ = measured_as_committed
    (copy / "README.md").write_text("# No block here\n", encoding="utf-8")
    assert main(["evaluate"]) == 0
    captured = capsys.readouterr()
    assert "README.md" not in captured.out and captured.out.count("wrote ") == 4
    assert captured.err.startswith(f"boilerplate: {copy / 'README.md'} has no headline block (")
    assert captured.err.endswith("; left it alone.\n") and captured.err.count("\n") == 1
    assert (copy / "README.md").read_text(encoding="utf-8") == "# No block here\n"
    (copy / "README.md").unlink()  # a copy without a README: the report alone, and no README made
    assert main(["evaluate"]) == 0
    assert capsys.readouterr().out.count("wrote ") == 4 and not (copy / "README.md").exists()


def test_an_evaluation_that_fails_while_measuring_is_exit_code_1_and_writes_nothing(repo_copy, tmp_path, monkeypatch,
                                                                                    capsys):
    from boilerplate import report
    from boilerplate.evaluate import EvaluationError

    def collect(*args, **kwargs):
        raise EvaluationError("the benchmark changed while it was read; run the evaluation again.")

    monkeypatch.setattr(report, "collect", collect)
    labels = hostile_labels(tmp_path / "l")
    assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err == "boilerplate: the benchmark changed while it was read; run the evaluation again.\n"
    assert not (tmp_path / "o").exists()


def test_the_command_names_every_label_folder_and_leaves_out_paths_that_name_the_defaults(tmp_path, monkeypatch):
    import shlex

    from boilerplate.cli import evaluate_parser
    from boilerplate.report import _command

    argv = ["--labels", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")]
    assert shlex.split(_command(evaluate_parser().parse_args(argv))) == ["boilerplate", "evaluate", *argv]
    monkeypatch.chdir(REPO)  # labels and reports, as typed in the repository, are the defaults
    assert _command(evaluate_parser().parse_args(["--labels", "labels", "--out", "./reports"])) == "boilerplate evaluate"


def test_labels_without_a_folder_is_a_usage_error(capsys):
    from boilerplate.cli import evaluate_parser

    with pytest.raises(SystemExit) as exit_:
        evaluate_parser().parse_args(["--labels"])
    assert exit_.value.code == 2 and "--labels" in capsys.readouterr().err


def test_the_shipped_model_named_by_its_path_is_no_other_model(measured_as_committed):
    from boilerplate.cli import evaluate_parser
    from boilerplate.report import usage_error

    for model in (packaged_model_dir(), packaged_model_dir() / "boilerplate.joblib"):
        assert usage_error(evaluate_parser().parse_args(["--model", str(model)])) is None, model


def test_with_no_bench_a_benchmark_without_a_folder_is_not_mentioned(measured_as_committed, tmp_path, monkeypatch,
                                                                    capsys):
    _, measured, _ = measured_as_committed
    monkeypatch.setenv("BOILERPLATE_BENCH", str(fake_bench(tmp_path / "partial", ("fundus", "scrapinghub"))))
    labels = hostile_labels(tmp_path / "l")
    assert main(["evaluate", "--labels", str(labels), "--no-bench", "--out", str(tmp_path / "o")]) == 0
    assert measured and capsys.readouterr().err == ""


def test_the_best_line_f1_of_each_headline_column_is_in_bold_whatever_the_character_f1(committed):
    # The note under the headline says the bold is the best line F1: a peer with the
    # best character F1 but a lower line F1 is not bold.
    from boilerplate.training import MODEL_COLUMN

    loso = committed["cross_site"]
    methods = {key: dict(value) for key, value in loso["methods"].items()}
    peer = next(key for key in methods if key not in (MODEL_COLUMN, "model_raw"))
    methods[MODEL_COLUMN]["pooled"] = {**methods[MODEL_COLUMN]["pooled"], "f1": 0.9, "char_f1": 0.5}
    methods[peer]["pooled"] = {**methods[peer]["pooled"], "f1": 0.8, "char_f1": 0.99}
    headline = extract_headline(render_markdown({**committed, "cross_site": {**loso, "methods": methods}}))
    rows = {row.split(" | ")[0]: row.split(" | ")[1] for row in headline.splitlines() if row.startswith("| ")}
    names = {m["key"]: m["name"] for m in committed["methods"]}
    assert rows[f"| **{md_text(names[MODEL_COLUMN])}**"] == "**0.900** / 0.500"
    assert rows[f"| {md_text(names[peer])}"] == "0.800 / 0.990"


def test_a_k_a_folders_pool_is_too_small_for_is_a_dash_and_a_note_in_both_reports(committed):
    # curves.learning_curve leaves out a k for which a folder's pool holds fewer pages.
    from boilerplate.report import CURVE_GAP_NOTE, NO_POINT

    curve = committed["learning_curve"]
    folder, points = next(iter(curve["folders"].items()))
    last = curve["ks"][-1]
    figures = {**committed, "learning_curve": {**curve, "folders": {**curve["folders"], folder: [p for p in points if p["k"] != last]}}}
    markdown = render_markdown(figures)
    section = between(markdown, "### Learning curve", "\n### ")
    assert CURVE_GAP_NOTE.strip() in section and CURVE_GAP_NOTE.strip() not in render_markdown(committed)
    assert next(row for row in section.splitlines() if row.startswith(f"| {md_text(folder)} |")).endswith(f"| {NO_POINT} |")
    page = render_html(figures, b"")
    assert html_text(CURVE_GAP_NOTE.strip()) in between(page, "<h3>Learning curve", "</p>")
    assert html_text(CURVE_GAP_NOTE.strip()) not in render_html(committed, b"")


def test_a_learning_curve_and_publisher_table_fitted_at_another_c_say_so_in_both_reports(committed):
    from boilerplate.model import C

    other = {"C": 1.0, "class_weight": "balanced"}
    figures = {**committed, "learning_curve": {**committed["learning_curve"], **other},
               "same_site": [{**row, **other} for row in committed["same_site"]]}
    said = "Its models are each fitted as the evaluated model was, at C = 1.0 and class weighting balanced, where "
    markdown = render_markdown(figures)
    for heading in ("### Learning curve", "### Pages of one publisher"):
        intro = markdown.split(heading)[1].split("\n\n")[1]
        assert said + f"`python train.py` fits at C = {C}" in intro, heading
        assert "Its models are" not in render_markdown(committed).split(heading)[1].split("\n\n")[1]
    page = render_html(figures, b"")
    for heading in ("<h3>Learning curve", "<h3>Pages of one publisher"):
        assert said + f"<code>python train.py</code> fits at C = {C}" in between(page, heading, "</p>"), heading


def test_a_wrong_line_without_a_role_shows_its_role_as_none_in_both_reports(committed):
    # A labelled line may have no role (an empty role column): the tables say "(none)", as the roles table counts it.
    figures = copy.deepcopy(committed)
    page, line = next((page, line) for page in figures["lines"] for line in page["lines"] if line["kept"] != line["truth"])
    line["role"] = ""
    error = "chrome kept" if line["kept"] else "body dropped"
    markdown = render_markdown(figures)
    wrong = between(markdown, "wrong lines\n", "\n## ")
    assert f"| {md_text(page['page'])} | {line['line_no']} | {error} | (none) | {line['p_body']:.2f} |" in wrong
    truth = "body" if line["truth"] else "chrome"
    by_line = between(markdown.split("## 6.")[1], f"{html_text(page['page'])} ({html_text(page['site'])})", "</details>")
    assert f"| {truth}: (none) | {md_text(line['text'])} |" in by_line
    html_page = render_html(figures, b"")
    assert (f'<td class="l">{html_text(page["page"])}</td><td>{line["line_no"]}</td>'
            in between(html_page, "wrong lines</h3>", "</table>"))
    assert '<td class="l">(none)</td>' in between(html_page, "wrong lines</h3>", "</table>")


def test_a_language_without_jusText_figures_shows_a_dash_for_them_in_both_reports(committed):
    # Without jusText installed no language has its figures: the cell is "–", not a score.
    from boilerplate.report import NO_POINT

    unseen = copy.deepcopy(committed["unseen"])
    for f in unseen["languages"].values():
        del f["methods"]["justext"]
    figures = {**committed, "unseen": unseen}
    by_language = between(render_markdown(figures), "### By language", "\n### ")
    rows = [row for row in by_language.splitlines() if row.startswith("| ") and not row.startswith("| language")][1:]
    assert rows and all(row.split(" | ")[-2] == NO_POINT for row in rows)
    page = between(render_html(figures, b""), "<h3>By language</h3>", "</table>")
    assert page.count(f"<td>{NO_POINT}</td>") == len(unseen["languages"])
    assert f"<td>{NO_POINT}</td>" not in between(render_html(committed, b""), "<h3>By language</h3>", "</table>")
