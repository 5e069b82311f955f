"""The batch API (clean_many, clean_series) and the runner's planning and failure handling."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import boilerplate.batch as batch
import boilerplate.cleaner as cleaner
import boilerplate.planning as planning
import boilerplate.readers as readers
import boilerplate.runner as runner
import boilerplate.stopping as stopping
import boilerplate.workers as workers
import boilerplate.writers as writers
from boilerplate import Config, clean, clean_many, clean_series, explain
from boilerplate.cleaner import decide_pages
from boilerplate.batch import clean_pages
from boilerplate.planning import ERROR_FIELD, Options, UsageError, plan
from boilerplate.runner import run
from boilerplate.bench import FOLDERS, bench_dir, iter_pages
from boilerplate.text import is_blank

from .conftest import LABELS, lines_breaking_at, output_names, run_reading_broken

LABELLED = [p.read_text(encoding="utf-8") for p in sorted((LABELS / "pages").glob("*.txt"))]

# Pages whose shape stresses the split of one batch's probabilities back into pages.
ODD_PAGES = [
    "",
    "\n\n  \n",
    "one line",
    "The council approved the new budget on Tuesday after a long debate. Members voted nine to four.",
    LABELLED[0].replace("\n", "\r\n"),
    "\n".join(LABELLED[1].splitlines()[:12]),
    LABELLED[2] + "\n\n" + LABELLED[3],
]


def test_clean_many_equals_clean_page_by_page_on_labelled_and_odd_pages():
    pages = LABELLED + ODD_PAGES + LABELLED[::-1]
    assert clean_many(pages) == [clean(page) for page in pages]


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not there")
def test_clean_many_equals_clean_page_by_page_on_bench_pages():
    # Every third page of each folder keeps the test short; the pages differ in
    # language, length and shape, which is what the batch split must survive.
    pages = ["\n".join(p.lines) for folder in FOLDERS for p in list(iter_pages(folder))[::3]]
    assert len(pages) > 100
    assert clean_many(pages) == [clean(page) for page in pages]


def _random_batch(rng: random.Random, page: str) -> tuple[list[str], int]:
    """``page`` among labelled pages and pages of random labelled lines (some hard-wrapped), at a random place."""
    pool = [line for text in LABELLED for line in text.splitlines()]
    others = [rng.choice(LABELLED) for _ in range(rng.randint(0, 4))]
    for _ in range(rng.randint(1, 12)):
        lines = [rng.choice(pool) for _ in range(rng.randint(1, 60))]
        text = "\n".join(lines)
        others.append(textwrap.fill(text, 60) if rng.random() < 0.3 else text)
    at = rng.randint(0, len(others))
    return others[:at] + [page] + others[at:], at


def test_a_lines_probability_is_the_same_to_the_bit_alone_and_in_any_batch():
    # The model's sum over a line's features is taken in one fixed order, so the
    # rows beside a line (their number, the table's layout) cannot change its last bits.
    rng = random.Random(0)
    for page in LABELLED + [textwrap.fill(LABELLED[1], 70)]:
        lines = page.splitlines()
        alone = decide_pages([lines], None)[0].p_body
        for _ in range(8):
            batch, at = _random_batch(rng, page)
            together = decide_pages([text.splitlines() for text in batch], None)[at].p_body
            assert together.tobytes() == alone.tobytes()


def test_a_threshold_equal_to_a_lines_probability_decides_alike_in_clean_and_clean_many():
    # Tuning Config.threshold from explain()'s p_body: clean_many must compare the
    # very same number with it, so the line falls on the same side.
    rng = random.Random(1)
    for page in LABELLED:
        for row in rng.sample([r for r in explain(page) if r.p_body is not None], 6):
            config = Config(threshold=row.p_body)
            batch, at = _random_batch(rng, page)
            assert clean_many(batch, config=config)[at] == clean(page, config=config)


def _count_model_calls(monkeypatch) -> list[int]:
    """Patch the model call of the batch path to record how many lines each call gets."""
    calls: list[int] = []
    real = cleaner.body_probability_from_features

    def counting(model, values):
        calls.append(len(values))
        return real(model, values)

    monkeypatch.setattr(cleaner, "body_probability_from_features", counting)
    return calls


def _lines(page: str) -> int:
    return sum(not is_blank(line) for line in page.splitlines())


def test_clean_many_calls_the_model_once_per_batch(monkeypatch):
    pages = LABELLED * 4
    expected = [clean(page) for page in pages]
    calls = _count_model_calls(monkeypatch)
    assert clean_many(pages) == expected
    assert calls == [sum(map(_lines, pages))]
    calls.clear()
    monkeypatch.setattr(cleaner, "BATCH_PAGES", 6)
    assert clean_many(pages) == expected
    sizes = [sum(map(_lines, pages[k : k + 6])) for k in range(0, len(pages), 6)]
    assert calls == sizes and len(calls) == 4


def test_a_batch_closes_early_when_its_pages_are_long(monkeypatch):
    lines = [_lines(page) for page in LABELLED]
    expected = [clean(page) for page in LABELLED]
    calls = _count_model_calls(monkeypatch)
    monkeypatch.setattr(cleaner, "BATCH_LINES", max(lines))
    assert clean_many(LABELLED) == expected
    assert len(calls) >= 3 and max(calls) <= max(lines) and sum(calls) == sum(lines)


def test_clean_pages_counts_kept_and_dropped_lines():
    for page, result in zip(LABELLED, clean_pages(LABELLED)):
        non_blank = sum(not is_blank(line) for line in page.splitlines())
        assert result.lines == non_blank
        assert result.kept == sum(bool(line) for line in result.text.splitlines())
        assert 0 < result.kept < non_blank


def test_clean_many_names_the_page_that_is_not_a_string():
    with pytest.raises(TypeError, match=r"page 1: .*bytes.*decode"):
        clean_many(["ok", b"bytes"])


@pytest.mark.parametrize("one_page", ["Home | News\n\nThe council approved the new budget.", "", b"bytes", bytearray(b"x")])
def test_clean_many_refuses_one_page_given_as_a_string(one_page):
    # A str is an iterable of str: without the check each character was cleaned as a page.
    # Bytes are told to be decoded: clean(), which the str advice names, refuses them too.
    advice = r"use clean\(\) for one page" if isinstance(one_page, str) else r"decode it to str first"
    with pytest.raises(TypeError, match=r"clean_many\(\) takes a list of pages, not one \w+; " + advice):
        clean_many(one_page)
    with pytest.raises(TypeError, match="takes a list of pages"):
        clean_pages(one_page)
    assert clean_many([LABELLED[0]]) == [clean(LABELLED[0])]  # a list of one page is fine


@pytest.mark.parametrize("not_pages", [None, 42])
def test_clean_many_says_what_to_pass_for_something_that_is_no_list(not_pages):
    kind = type(not_pages).__name__
    with pytest.raises(TypeError, match=rf"^clean_many\(\) takes a list of pages, not {kind}; pass a list of str"):
        clean_many(not_pages)


def test_clean_many_refuses_a_dict_or_a_frame_whose_keys_it_would_clean():
    # Iterating one gives its keys: clean_many({"id1": page}) was [''], the key cleaned as a page.
    pages = {"a": LABELLED[0], "b": LABELLED[1]}
    with pytest.raises(TypeError, match=r"^clean_many\(\) takes a list of pages, not a dict, whose keys .* list\(pages\.values\(\)\)"):
        clean_many(pages)
    frame = pd.DataFrame({"text": LABELLED[:2]})
    with pytest.raises(TypeError, match=r"not a DataFrame, whose column names .* use clean_series\(frame\[column\]\)"):
        clean_many(frame)
    with pytest.raises(TypeError, match=r"^group_by takes one key per page, not a dict, .* list\(keys\.values\(\)\)"):
        clean_many(list(pages.values()), group_by={"a": "x.com", "b": "x.com"})
    assert clean_many(list(pages.values())) == clean_many(frame["text"]) == [clean(p) for p in LABELLED[:2]]


def test_clean_many_passes_on_an_iterables_own_type_error():
    def pages():
        yield "a page"
        raise TypeError("the source failed")

    with pytest.raises(TypeError, match="^the source failed$"):
        clean_many(pages())


def test_clean_series_keeps_index_and_name():
    series = pd.Series(LABELLED[:3], index=["a", "b", "c"], name="body")
    out = clean_series(series)
    assert out.index.tolist() == ["a", "b", "c"] and out.name == "body"
    assert out.tolist() == [clean(page) for page in LABELLED[:3]]
    assert clean_series(series.iloc[:0]).tolist() == []


@pytest.mark.parametrize("dtype", ["str", "string", "string[pyarrow]", "string_arrow", "large_string_arrow", "string_view_arrow"])
def test_clean_series_keeps_a_string_dtype_pyarrows_too(dtype):
    if dtype.endswith("_arrow"):
        pa = pytest.importorskip("pyarrow")
        dtype = pd.ArrowDtype(getattr(pa, dtype.removesuffix("_arrow"))())
    series = pd.Series(LABELLED[:2], index=[5, 3], dtype=dtype)
    for part in (series, series.iloc[:0]):
        out = clean_series(part)
        assert out.dtype == part.dtype
        assert out.tolist() == [clean(page) for page in part]
    assert clean_series(pd.Series(LABELLED[:2], dtype=object)).dtype == object


def test_clean_series_gives_object_for_a_dtype_that_is_no_string_dtype():
    # A category dtype kept would hold only the pages' own values: every article not among them would be NaN.
    pa = pytest.importorskip("pyarrow")
    out = clean_series(pd.Series(LABELLED[:2], dtype="category"))
    assert out.dtype == object and out.tolist() == [clean(page) for page in LABELLED[:2]]
    for dtype in ("int64", "float64", pd.ArrowDtype(pa.int64())):
        assert clean_series(pd.Series([], dtype=dtype)).dtype == object


def test_clean_series_cleans_with_the_config_given():
    strict = Config(threshold=0.99)
    series = pd.Series(LABELLED[:2])
    assert clean_series(series, config=strict).tolist() == [clean(page, config=strict) for page in LABELLED[:2]]
    assert clean_series(series, config=strict).tolist() != clean_series(series).tolist()


def test_clean_series_names_the_missing_value():
    with pytest.raises(TypeError, match=r"index 'b'.*fillna"):
        clean_series(pd.Series(["x", None], index=["a", "b"]))
    with pytest.raises(TypeError, match="clean_many"):
        clean_series(["a list"])


def test_clean_series_tells_one_str_to_use_clean():
    # It was told "use clean_many() for a list": a str is one page.
    with pytest.raises(TypeError, match=r"^clean_series\(\) takes a pandas Series, not str; use clean\(\) for one page\.$"):
        clean_series(LABELLED[0])


MISSING = [
    (float("nan"), "float", "NaN"),
    (np.float32("nan"), "float32", "NaN"),
    (pd.NA, "NAType", "NA"),
    (pd.NaT, "NaTType", "NaT"),
    (np.datetime64("NaT", "ns"), "datetime64", "NaT"),
]


@pytest.mark.parametrize("value, kind, name", MISSING, ids=[m[1] for m in MISSING])
def test_clean_many_calls_every_missing_value_one(value, kind, name):
    # Only a float NaN was called missing; pd.NA, pd.NaT and a NumPy NaN were told to "pass the page's text".
    hint = f"not {kind}; a missing value ({name}): fill it first, e.g. series.fillna(''), or drop it."
    for pages, position in ((["a", value], 1), ([value], 0)):
        with pytest.raises(TypeError) as error:
            clean_many(pages)
        assert str(error.value) == f"page {position}: clean_many() takes the page as str, {hint}"


@pytest.mark.parametrize(
    "series, message",
    [
        (pd.Series(["a", None], index=["a", "b"], dtype=object), "index 'b' is a missing value (None), not str; fill or drop missing values first"),
        (pd.Series(["a", pd.NA], dtype="string"), "index 1 is a missing value (NA), not str; fill or drop missing values first"),
        (pd.Series([pd.NaT]), "index 0 is a missing value (NaT), not str; fill or drop missing values first"),
        (pd.Series([float("nan")]), "index 0 is a missing value (NaN), not str; fill or drop missing values first"),
        (pd.Series([b"a"]), "index 0 is bytes, not str; decode the values first, e.g. series.str.decode('utf-8')."),
        (pd.Series([bytearray(b"a")]), "index 0 is bytearray, not str; decode the values first"),
        (pd.Series([memoryview(b"a")]), "index 0 is memoryview, not str; decode the values first"),
        (pd.Series([1, 2]), "index 0 is int, not str; convert the values to str first, e.g. series.astype(str)"),
        (pd.Series([Path("a.txt")]), f"index 0 is {type(Path()).__name__}, not str; read the files first"),
    ],
    ids=["None", "NA", "NaT", "NaN", "bytes", "bytearray", "memoryview", "int", "path"],
)
def test_clean_series_says_what_to_do_with_a_value_that_is_not_a_str(series, message):
    # Every such value was told to fill or drop missing values, bytes and numbers too.
    with pytest.raises(TypeError) as error:
        clean_series(series)
    assert str(error.value).startswith("clean_series(): the value at ") and message in str(error.value)
    assert ("fill or drop" in str(error.value)) == ("missing value" in message)


@pytest.mark.parametrize(
    "value, advice, fixed",
    [
        (["Home | World", ""], "join each page's lines first, e.g. series.str.join('\\n').", lambda s: s.str.join("\n")),
        (("Home | World", ""), "join each page's lines first, e.g. series.str.join('\\n').", lambda s: s.str.join("\n")),
        (np.array(["Home | World", ""], dtype=object), "join each page's lines first, e.g. series.str.join('\\n').",
         lambda s: s.str.join("\n")),
        ({"text": "Home | World"}, "take the page's text out of each record first, e.g. series.str.get('text').",
         lambda s: s.str.get("text")),
    ],
    ids=["list", "tuple", "ndarray", "dict"],
)
def test_clean_series_tells_lines_and_records_how_to_make_pages_of_them(value, advice, fixed):
    # A page's lines (a list; an array, as pandas reads a Parquet list column) and a record
    # were told to series.astype(str), which makes pages of their reprs ("['Home | World' '']")
    # and cleans those without a word.
    series = pd.Series([value, value], index=["a", "b"], dtype=object)
    with pytest.raises(TypeError) as error:
        clean_series(series)
    assert str(error.value).endswith(advice) and "astype(str)" not in str(error.value)
    assert fixed(series).tolist() == ["Home | World\n" if isinstance(value, (list, tuple, np.ndarray)) else "Home | World"] * 2


@pytest.mark.parametrize(
    "value, arrow_type, advice, fixed",
    [
        (b"Home | World", "binary", "decode the values first, e.g. series.astype(object).str.decode('utf-8').",
         lambda s: s.astype(object).str.decode("utf-8")),
        (["Home | World", ""], "list", "join each page's lines first, e.g. series.astype(object).str.join('\\n').",
         lambda s: s.astype(object).str.join("\n")),
        ({"text": "Home | World"}, "struct",
         "take the page's text out of each record first, e.g. series.astype(object).str.get('text').",
         lambda s: s.astype(object).str.get("text")),
    ],
    ids=["binary", "list", "struct"],
)
def test_clean_series_advice_works_on_a_pyarrow_column(value, arrow_type, advice, fixed):
    # read_parquet(dtype_backend="pyarrow") gives such columns; they were told series.str.decode,
    # .str.join and .str.get, which a pyarrow binary, list or struct column does not have (AttributeError).
    pa = pytest.importorskip("pyarrow")
    types = {"binary": pa.binary(), "list": pa.list_(pa.string()), "struct": pa.struct([("text", pa.string())])}
    series = pd.Series([value, value], dtype=pd.ArrowDtype(types[arrow_type]))
    with pytest.raises(TypeError) as error:
        clean_series(series)
    assert str(error.value).endswith(advice)
    assert fixed(series).tolist() == ["Home | World\n" if arrow_type == "list" else "Home | World"] * 2


def test_clean_series_advice_on_a_missing_value_works_on_a_categorical_column():
    # A categorical column was told series.fillna(''), which pandas refuses on it
    # ("Cannot setitem on a Categorical with a new category ()"): '' is not a category.
    series = pd.Series(["Home | World", None, "Home | World"], index=["a", "b", "c"], dtype="category")
    with pytest.raises(TypeError) as error:
        clean_series(series)
    advice = "fill or drop missing values first, e.g. series.astype(object).fillna('')."
    assert str(error.value) == f"clean_series(): the value at index 'b' is a missing value (NaN), not str; {advice}"
    assert clean_series(series.astype(object).fillna("")).tolist() == [clean("Home | World"), "", clean("Home | World")]


# --------------------------------------------------------------------------- planning


def test_plan_mirrors_a_folder_and_skips_the_output_folder_inside_it(tmp_path):
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    for name in ("x.txt", "a/y.txt", "a/b/z.txt", "a/notes.md"):
        (src / name).write_text("page", encoding="utf-8")
    out = src / "cleaned"
    (out / "a").mkdir(parents=True)
    (out / "a" / "y.txt").write_text("done", encoding="utf-8")  # an earlier run's output
    tasks = plan([str(src)], out)
    assert [(t.source.relative_to(src).as_posix(), t.output.relative_to(out).as_posix()) for t in tasks] == [
        ("a/b/z.txt", "a/b/z.txt"),
        ("a/y.txt", "a/y.txt"),
        ("x.txt", "x.txt"),
    ]


def test_a_file_in_the_output_folder_that_no_input_writes_is_an_input(tmp_path):
    # The output folder inside the input folder holds a page of its own: it was
    # silently left out with the earlier run's outputs.
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in ("x.txt", "sub/own.txt"):
        (src / name).write_text("page", encoding="utf-8")
    out = src / "sub"
    first = plan([str(src)], out)
    assert [(t.source.relative_to(src).as_posix(), t.output.relative_to(out).as_posix()) for t in first] == [
        ("sub/own.txt", "sub/own.txt"),
        ("x.txt", "x.txt"),
    ]
    for task in first:  # the run writes them; a rerun reads the same inputs, not the outputs
        task.output.parent.mkdir(parents=True, exist_ok=True)
        task.output.write_text("done", encoding="utf-8")
    assert [(t.source, t.output) for t in plan([str(src)], out)] == [(t.source, t.output) for t in first]


def test_outputs_of_other_inputs_in_an_output_folder_inside_an_input_folder_are_no_inputs(tmp_path):
    # in1/out holds the output of in2/b.txt too: a rerun must not read it as an input
    # (it did, and refused the run: "would be written over the input").
    for name in ("in1/a.txt", "in2/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("page", encoding="utf-8")
    out = tmp_path / "in1" / "out"
    for inputs in ([str(tmp_path / "in1"), str(tmp_path / "in2" / "b.txt")], [str(tmp_path / "in1"), str(tmp_path / "in2")]):
        first = plan(inputs, out)
        for task in first:
            task.output.parent.mkdir(parents=True, exist_ok=True)
            task.output.write_text("done", encoding="utf-8")
        assert [(t.source, t.output) for t in plan(inputs, out)] == [(t.source, t.output) for t in first]
        assert sorted(t.source.name for t in first) == ["a.txt", "b.txt"]


def test_a_file_named_as_an_input_under_an_output_folder_is_not_dropped(tmp_path):
    # It was left out silently when named by a relative path (found by the walk too),
    # and refused ("would be written over the input") when named by an absolute one.
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "x.txt").write_text("page", encoding="utf-8")
    out = tmp_path / "in" / "out"
    for task in plan([str(tmp_path / "in")], out):
        task.output.parent.mkdir(parents=True, exist_ok=True)
        task.output.write_text("done", encoding="utf-8")
    named = out / "sub" / "x.txt"
    for spelling in (str(named), os.path.relpath(named)):
        with pytest.raises(UsageError, match="would be written over the input"):
            plan([str(tmp_path / "in"), spelling], out)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: ([str(d)], d), "would be written over the input"),
        (lambda d: ([str(d / "p.txt")], d), "would be written over the input"),
        (lambda d: ([str(d / "p.txt"), str(d / "sub" / "p.txt")], d / "o"), "would both be written"),
        (lambda d: ([str(d)], None), "is a folder; give --out"),
        (lambda d: ([str(d / "p.txt"), "-"], None), "give --out"),
        (lambda d: (["-"], d / "o"), None),
        (lambda d: ([str(d / "empty")], d / "o"), r"no \*\.txt files"),
        (lambda d: ([str(d / "p.txt")], d / "p.txt"), "not a folder"),
        (lambda d: (["-", "-"], None), "- \\(standard input\\) is given twice"),
        (lambda d: (["-", str(d / "p.txt"), "-"], d / "o"), "given twice"),
        (lambda d: ([""], d / "o"), "an input is an empty path"),
        (lambda d: ([str(d / "p.txt"), ""], d / "o"), "an input is an empty path"),
        (lambda d: ([str(d / "p.txt")], ""), "--out is an empty path"),
        (lambda d: ([str(d / "p.txt")], "-"), "--out - names a folder, not standard output"),
    ],
)
def test_plan_refuses_runs_that_cannot_be_made(tmp_path, make, message):
    (tmp_path / "p.txt").write_text("page", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.txt").write_text("another page", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    inputs, out = make(tmp_path)
    if message is None:
        assert plan(inputs, out)[0].output is None  # - always writes to standard output
        return
    with pytest.raises(UsageError, match=message):
        plan(inputs, out)


@pytest.mark.parametrize("there", ["folder", "pipe"])
@pytest.mark.parametrize("kind, name", [("text", "p.txt"), ("jsonl", "p.jsonl")])
def test_a_folder_or_pipe_where_an_output_must_go_is_refused_not_taken_for_the_output(tmp_path, kind, name, there):
    # A folder at an output's path (an earlier run's tree, when the input was a folder of
    # that name) was taken for the finished output: the input was skipped, "1 output
    # already complete", exit code 0, and never cleaned; with --overwrite the run stopped at
    # the rename, after the work. A pipe there was skipped too, or, for JSON Lines, opened
    # to look for marks: the run hung. Either is refused before anything is read.
    (tmp_path / name).write_text('{"text": "page"}\n' if kind == "jsonl" else "page", encoding="utf-8")
    (tmp_path / "o").mkdir()
    if there == "folder":
        (tmp_path / "o" / name / "sub").mkdir(parents=True)
        what = "a folder"
    else:
        os.mkfifo(tmp_path / "o" / name)
        what = "not a regular file (a pipe, socket or device)"
    message = f"^{re.escape(str(tmp_path / 'o' / name))} is {re.escape(what)}, where the output of {re.escape(str(tmp_path / name))} must go;"
    with pytest.raises(UsageError, match=message):
        run(plan([str(tmp_path / name)], tmp_path / "o", kind), Options(kind=kind))


def test_a_folder_without_inputs_of_the_kind_asked_for_is_told_the_kinds_it_holds(tmp_path):
    # "no *.txt files in in." and no more: the folder held JSON Lines, which --jsonl reads.
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.jsonl").write_text('{"text": "page"}\n', encoding="utf-8")
    folder = tmp_path / "in"
    told = {
        "text": f"no *.txt files in {folder}; it holds *.jsonl files (give --jsonl).",
        "parquet": f"no *.parquet files in {folder}; it holds *.jsonl files (give --jsonl, not --parquet).",
    }
    for kind, message in told.items():
        with pytest.raises(UsageError) as refused:
            plan([str(folder)], tmp_path / "out", kind)
        assert str(refused.value) == message
    (folder / "b.txt").write_text("page", encoding="utf-8")
    (folder / "c.wet.gz").write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        plan([str(folder)], tmp_path / "out", "parquet")
    assert str(refused.value) == (f"no *.parquet files in {folder}; it holds *.txt files (leave out --parquet), "
                                  "*.jsonl files (give --jsonl, not --parquet) and *.wet.gz files (give --wet, not --parquet).")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError) as refused:  # nothing else either: the message as it was
        plan([str(empty)], tmp_path / "out")
    assert str(refused.value) == f"no *.txt files in {empty}."


def test_a_folder_is_told_of_its_files_of_the_kind_asked_for_that_it_does_not_give(tmp_path):
    # "no *.jsonl files in crawl." for a folder of *.jsonl.gz shards, of *.JSONL or of *.ndjson
    # files: a folder gives files by their names' endings, as written, uncompressed.
    folder = tmp_path / "crawl"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.jsonl.gz", "sub/b.jsonl.zst", "c.JSONL", "d.Jsonl", "e.ndjson", "f.NDJSON", "g.json", "h.txt.gz"):
        (folder / name).write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        plan([str(folder)], tmp_path / "out", "jsonl")
    assert str(refused.value) == (
        f"no *.jsonl files in {folder}; it holds *.jsonl.gz files (gzip-compressed: decompress them first), "
        "*.jsonl.zst files (zstd-compressed: decompress them first) and *.JSONL or *.Jsonl or *.NDJSON or "
        "*.ndjson files (a folder gives only *.jsonl files: rename them, or give the files by name)."
    )
    tasks = plan([str(folder / "c.JSONL"), str(folder / "e.ndjson")], tmp_path / "out", "jsonl")
    assert [t.kind for t in tasks] == ["jsonl", "jsonl"]  # given by name, each is read
    text = tmp_path / "dumps"
    text.mkdir()
    (text / "a.TXT").write_bytes(b"")
    (text / "b.txt.xz").write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        plan([str(text)], tmp_path / "out")
    assert str(refused.value) == (
        f"no *.txt files in {text}; it holds *.txt.xz files (xz-compressed: decompress them first) and "
        "*.TXT files (a folder gives only *.txt files: rename them, or give the files by name)."
    )


def test_zstd_files_are_known_by_the_name_ending_zstd_as_by_zst(tmp_path):
    # README: an empty file whose name ends in .zstd is reported as cut off, as .zst; a
    # folder of *.txt.zstd files is told they are compressed.
    (tmp_path / "a.txt.zstd").write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        plan([str(tmp_path)], tmp_path / "out")
    assert str(refused.value) == f"no *.txt files in {tmp_path}; it holds *.txt.zstd files (zstd-compressed: decompress them first)."
    empty = planning._compressed(planning.Task(tmp_path / "a.txt.zstd", None, "text"), b"")
    assert empty is not None and empty.message.startswith("empty, though its name ends in .zstd: ")


def test_folders_without_inputs_of_the_kind_asked_for_are_told_what_any_of_them_holds(tmp_path):
    # Every folder given is looked in, and a kind named by two endings (WET's) is named by
    # both: the one a folder holds, and the two a folder gives.
    empty, crawl, dumps = tmp_path / "empty", tmp_path / "crawl", tmp_path / "dumps"
    for folder in (empty, crawl, dumps):
        folder.mkdir()
    (crawl / "a.wet.gz").write_bytes(b"")
    (crawl / "b.wet").write_bytes(b"")
    (dumps / "c.WET").write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        plan([str(empty), str(crawl)], tmp_path / "out")
    assert str(refused.value) == f"no *.txt files in {empty}, {crawl}; they hold *.wet.gz or *.wet files (give --wet)."
    with pytest.raises(UsageError) as refused:
        plan([str(dumps), str(empty)], tmp_path / "out", "wet")
    assert str(refused.value) == (
        f"no *.wet.gz or *.wet files in {dumps}, {empty}; they hold *.WET files "
        "(a folder gives only *.wet.gz and *.wet files: rename them, or give the files by name)."
    )


def test_a_folder_that_gives_no_input_is_refused_also_beside_inputs_that_do(tmp_path):
    # Found auditing the README ("folders that give none are refused"): beside a folder or a
    # file that gave inputs, such a folder was passed over without a word. A folder of JSON
    # Lines given with a folder of pages and no --jsonl went uncleaned, the run's exit code 0.
    pages, crawl, empty = tmp_path / "pages", tmp_path / "crawl", tmp_path / "empty"
    for folder in (pages, crawl, empty):
        folder.mkdir()
    (pages / "a.txt").write_text(LABELLED[0], encoding="utf-8")
    (crawl / "b.jsonl").write_text(json.dumps({"text": LABELLED[1]}) + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        plan([str(pages), str(crawl)], tmp_path / "out")
    # --jsonl alone would refuse pages/ in turn: crawl/ is told to go in a run of its own.
    assert str(refused.value) == (f"no *.txt files in {crawl}; it holds *.jsonl files (give --jsonl); leave it out,"
                                  " or clean it in a run of its own.")
    with pytest.raises(UsageError) as refused:
        plan([str(empty), str(pages / "a.txt"), str(crawl), "-"], tmp_path / "out")
    assert str(refused.value) == (f"no *.txt files in {empty}, {crawl}; they hold *.jsonl files (give --jsonl); leave"
                                  " them out, or clean them in a run of their own.")
    with pytest.raises(UsageError) as refused:
        plan([str(pages), str(empty)], tmp_path / "out")
    assert str(refused.value) == f"no *.txt files in {empty}; leave it out."
    assert len(plan([str(crawl)], tmp_path / "out", "jsonl")) == 1  # the advice, followed
    assert len(plan([str(crawl), str(pages / "a.txt")], tmp_path / "out", "jsonl")) == 2  # a file is read by its name


def test_a_folder_whose_files_are_all_an_earlier_runs_outputs_gives_no_input_and_is_refused(tmp_path):
    # plan(): a folder's files under out_dir that the run writes are no inputs, and "a folder
    # that gives none is refused", beside a file that gives one too: the files it held are
    # not what it gives.
    folder, other = tmp_path / "in", tmp_path / "other"
    (folder / "out").mkdir(parents=True)
    other.mkdir()
    (other / "b.txt").write_text(LABELLED[0], encoding="utf-8")
    (folder / "out" / "b.txt").write_text(clean(LABELLED[0]) + "\n", encoding="utf-8")  # b.txt's earlier output
    with pytest.raises(UsageError) as refused:
        plan([str(folder), str(other / "b.txt")], folder / "out")
    assert str(refused.value) == f"no *.txt files in {folder}; leave it out."
    assert [t.source for t in plan([str(other / "b.txt")], folder / "out")] == [other / "b.txt"]  # left out


def test_a_file_given_twice_with_one_output_is_cleaned_once(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt"):
        (src / name).write_text("page", encoding="utf-8")
    os.link(src / "a.txt", tmp_path / "a.txt")  # the same file by another path, with the same output name
    inputs = [str(src), str(src / "a.txt"), str(src / "sub" / ".." / "a.txt"), str(tmp_path / "a.txt"), str(src / "sub")]
    tasks = plan(inputs, tmp_path / "out")
    # sub/b.txt given through its folder goes to out/b.txt, not out/sub/b.txt: another output, so cleaned twice
    assert [(t.source, t.output.relative_to(tmp_path / "out").as_posix()) for t in tasks] == [
        (src / "a.txt", "a.txt"),
        (src / "sub" / "b.txt", "sub/b.txt"),
        (src / "sub" / "b.txt", "b.txt"),
    ]
    # without --out the one input prints to standard output
    assert plan([str(src / "a.txt"), str(src / "a.txt")], None) == [planning.Task(src / "a.txt", None, "text")]


def test_a_pipe_is_planned_like_standard_input(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "p.jsonl").write_text("", encoding="utf-8")
    tasks = plan([str(fifo), str(tmp_path / "p.jsonl")], tmp_path / "o", "jsonl")
    assert tasks == [planning.Task(fifo, None, "jsonl", stream=True), planning.Task(tmp_path / "p.jsonl", tmp_path / "o" / "p.jsonl", "jsonl")]
    with pytest.raises(UsageError, match="both read as streams"):
        plan(["-", str(fifo)], tmp_path / "o", "jsonl")
    with pytest.raises(UsageError, match="Parquet cannot be read from a pipe"):
        plan([str(fifo)], tmp_path / "o", "parquet")
    with pytest.raises(UsageError, match="a pipe, only once"):
        runner.check_group_by(tasks, Options(kind="jsonl", group_by="host"))


def test_a_device_given_by_its_path_is_planned_like_a_pipe():
    assert plan([os.devnull], None) == [planning.Task(Path(os.devnull), None, "text", stream=True)]


def test_a_missing_file_is_planned_and_reported_when_the_run_reaches_it(tmp_path):
    (tmp_path / "a.txt").write_text("page", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    tasks = plan([str(missing), str(tmp_path / "a.txt")], tmp_path / "o")
    assert [(t.source, t.output) for t in tasks] == [(missing, tmp_path / "o" / "gone.txt"), (tmp_path / "a.txt", tmp_path / "o" / "a.txt")]
    stats = run(tasks, report=lambda m: None)
    assert stats.failures == {"unreadable file": 1} and output_names(tmp_path / "o") == ["a.txt"]


def _unwritable(tmp_path, monkeypatch, denied=os.W_OK | os.X_OK):
    """A page p.txt and a folder "locked" that os.access says ``denied`` of (tests run as
    root, which permission bits do not stop): the folder."""
    (tmp_path / "p.txt").write_text("page", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    access = os.access
    monkeypatch.setattr(planning.os, "access",
                        lambda path, mode, **kw: not (Path(path) == locked and mode & denied) and access(path, mode, **kw))
    return locked


def test_an_out_folder_whose_name_the_file_system_cannot_take_is_refused_before_reading(tmp_path):
    # It failed at the first write, "cannot write out/xxx… (File name too long)".
    (tmp_path / "p.txt").write_text("page", encoding="utf-8")
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    long = "x" * (limit + 1)
    for out in (tmp_path / long, tmp_path / long / "deeper", tmp_path / "new" / long):
        with pytest.raises(UsageError) as refused:
            plan([str(tmp_path / "p.txt")], out)
        assert str(refused.value) == (
            f"--out {out}: the name {'x' * 20}… is longer than the file system takes ({limit + 1} bytes, at most "
            f"{limit}); give a shorter --out."
        )
    assert plan([str(tmp_path / "p.txt")], tmp_path / ("x" * limit))[0].output == tmp_path / ("x" * limit) / "p.txt"


def test_an_out_folders_name_is_measured_in_bytes_against_the_file_systems_own_limit(tmp_path, monkeypatch):
    # PC_NAME_MAX counts bytes: a Bengali name of fewer letters than the limit is longer
    # than it (three bytes a letter). A name of up to 24 characters is shown whole.
    (tmp_path / "p.txt").write_text("page", encoding="utf-8")
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    letters = limit // 3 + 1
    out = tmp_path / ("ক" * letters)
    with pytest.raises(UsageError) as refused:
        plan([str(tmp_path / "p.txt")], out)
    assert str(refused.value) == (f"--out {out}: the name {'ক' * 20}… is longer than the file system takes "
                                  f"({3 * letters} bytes, at most {limit}); give a shorter --out.")
    pathconf = os.pathconf
    given: dict[str, object] = {"limit": 20}

    def fake(path, name):
        if Path(path) != tmp_path or name != "PC_NAME_MAX":
            return pathconf(path, name)
        if isinstance(given["limit"], Exception):
            raise given["limit"]
        return given["limit"]

    monkeypatch.setattr(os, "pathconf", fake)
    for name, shown in (("y" * 24, "y" * 24), ("z" * 25, "z" * 20 + "…")):
        with pytest.raises(UsageError) as refused:
            plan([str(tmp_path / "p.txt")], tmp_path / name)
        assert f"the name {shown} is longer than the file system takes ({len(name)} bytes, at most 20)" in str(refused.value)
    for given["limit"] in (-1, OSError(22, "Invalid argument")):  # no limit, or none it says
        out = tmp_path / ("x" * (limit + 1))
        assert plan([str(tmp_path / "p.txt")], out)[0].output == out / "p.txt"


def test_an_out_folder_without_write_permission_is_refused_before_reading(tmp_path, monkeypatch):
    locked = _unwritable(tmp_path, monkeypatch)
    for out in (locked, locked / "new" / "deeper"):  # the folder, or the nearest one above it that exists
        with pytest.raises(UsageError) as refused:
            plan([str(tmp_path / "p.txt")], out)
        assert str(refused.value) == (
            f"--out {out}: cannot write in {locked} (no write permission); give --out a folder you can write to."
        )
    assert plan([str(tmp_path / "p.txt")], tmp_path / "free" / "new")[0].output == tmp_path / "free" / "new" / "p.txt"
    monkeypatch.setattr(planning.os, "statvfs", lambda path: os.statvfs_result((0,) * 8 + (os.ST_RDONLY, 255)))
    with pytest.raises(UsageError, match=r"cannot write in .*locked \(the file system is read-only\)"):
        plan([str(tmp_path / "p.txt")], locked)


@pytest.mark.parametrize("denied", [os.X_OK, os.W_OK], ids=["written in but not searched", "searched but not written in"])
def test_an_out_folder_without_search_or_write_permission_is_refused_before_reading(tmp_path, monkeypatch, denied):
    # Either one missing (write without search, or search without write): nothing can be made in the folder.
    locked = _unwritable(tmp_path, monkeypatch, denied)
    with pytest.raises(UsageError, match=r"cannot write in .*locked \(no write permission\)"):
        plan([str(tmp_path / "p.txt")], locked / "new")


def test_an_out_folder_on_a_system_without_statvfs_is_refused_for_want_of_permission(tmp_path, monkeypatch):
    # As on Windows, which has no os.statvfs: the folder is still refused, as not writable.
    locked = _unwritable(tmp_path, monkeypatch)
    monkeypatch.delattr(batch.os, "statvfs")
    with pytest.raises(UsageError, match=r"cannot write in .*locked \(no write permission\)"):
        plan([str(tmp_path / "p.txt")], locked)


def test_an_out_folder_whose_file_system_cannot_be_asked_is_refused_for_want_of_permission(tmp_path, monkeypatch):
    locked = _unwritable(tmp_path, monkeypatch)

    def statvfs(path):
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(path))

    monkeypatch.setattr(planning.os, "statvfs", statvfs)
    with pytest.raises(UsageError, match=r"cannot write in .*locked \(no write permission\)"):
        plan([str(tmp_path / "p.txt")], locked)


def test_an_out_that_is_a_dangling_link_is_refused_before_reading(tmp_path):
    # A link to nothing stands where the folder would be made: "a dangling symlink counts as
    # there" (folders.folder_problem), else making the folder fails at the first output.
    (tmp_path / "p.txt").write_text("page", encoding="utf-8")
    link = tmp_path / "o"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(UsageError) as refused:
        plan([str(tmp_path / "p.txt")], link)
    assert str(refused.value) == f"--out {link}: exists and is not a folder; name a folder."
    with pytest.raises(UsageError) as refused:
        plan([str(tmp_path / "p.txt")], link / "sub")
    assert str(refused.value) == f"--out {link / 'sub'}: {link} is a file, not a folder, so {link / 'sub'} cannot be made; give another --out."
    assert not (tmp_path / "nowhere").exists()


def _locked(monkeypatch, *folders):
    """Make os.scandir refuse these folders, as for a folder without read permission
    (tests often run as root, which chmod does not stop)."""
    scandir = os.scandir
    locked = {str(f) for f in folders}

    def refuse(path="."):
        if str(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(planning.os, "scandir", refuse)


def test_an_unreadable_folder_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    src = tmp_path / "in"
    for name in ("ok/a.txt", "locked/b.txt"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(LABELLED[0], encoding="utf-8")
    _locked(monkeypatch, src / "locked", tmp_path / "alone")
    (tmp_path / "alone").mkdir()
    messages = []
    stats = run(plan([str(src), str(tmp_path / "alone")], tmp_path / "out"), report=messages.append)
    assert messages == [
        f"boilerplate: {src / 'locked'}: folder cannot be read (Permission denied)",
        f"boilerplate: {tmp_path / 'alone'}: folder cannot be read (Permission denied)",
    ]
    assert stats.failures == {"unreadable folder": 2} and stats.outputs == 1
    assert (tmp_path / "out" / "ok" / "a.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


def test_a_jsonl_input_whose_reading_breaks_off_is_reported_with_the_error_and_leaves_no_output(tmp_path, monkeypatch):
    # An I/O error partway (a disk or network file system failing): the error's own words,
    # and no output, not one of the records read before it.
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")

    stats, messages = run_reading_broken(monkeypatch, source, lines_breaking_at(2), "jsonl", tmp_path / "out")
    assert (stats.outputs, stats.failures) == (0, {"unreadable file": 1})
    assert messages == [f"boilerplate: {source}: reading stopped ({os.strerror(errno.EIO)})"]
    assert output_names(tmp_path / "out") == []


def test_a_file_given_inside_a_folder_that_cannot_be_searched_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    # Found by running the command as a user without search permission on a folder
    # (boilerplate clean locked/b.txt ok.txt --out DIR): planning asked Path.is_dir(),
    # which raises PermissionError there (Python < 3.14), and the command ended in a
    # traceback before reading anything, where an unreadable file is to be reported.
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(LABELLED[1], encoding="utf-8")
    (tmp_path / "ok.txt").write_text(LABELLED[0], encoding="utf-8")
    stat, read_bytes = os.stat, Path.read_bytes

    def refused(path):  # tests often run as root, which chmod does not stop
        if Path(path).parent == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(planning.os, "stat", lambda path, *a, **kw: refused(path) or stat(path, *a, **kw))
    monkeypatch.setattr(Path, "read_bytes", lambda path: refused(path) or read_bytes(path))
    messages = []
    stats = run(plan([str(locked / "b.txt"), str(tmp_path / "ok.txt")], tmp_path / "out"), report=messages.append)
    assert messages == [f"boilerplate: {locked / 'b.txt'}: cannot be read (Permission denied)"]
    assert stats.failures == {"unreadable file": 1} and stats.outputs == 1
    assert (tmp_path / "out" / "ok.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_inside_an_input_folder_is_reported_not_read_or_skipped(tmp_path):
    # Reading it would block the run (no writer) or take its data once, lost on a rerun.
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(LABELLED[0], encoding="utf-8")
    os.mkfifo(src / "b.txt")
    messages = []
    stats = run(plan([str(src)], tmp_path / "out"), report=messages.append)
    assert messages == [f"boilerplate: {src / 'b.txt'}: {planning.NOT_A_FILE[1]}"]
    assert stats.failures == {"not a regular file": 1} and stats.outputs == 1
    assert output_names(tmp_path / "out") == ["a.txt"]


@pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_inside_an_input_folder_is_not_told_to_be_given_by_its_path(tmp_path):
    # A pipe given alone by its path is read like -, but a socket so given is refused
    # (plan: not a file, folder or pipe): the message must not offer that way.
    import socket

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(LABELLED[0], encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    os.chdir(src)  # a socket path is limited to about 100 bytes: bind by its short name
    try:
        server.bind("b.txt")
    finally:
        os.chdir(cwd)
    try:
        with pytest.raises(UsageError, match="not a file, folder or pipe"):
            plan([str(src / "b.txt")], None)
        messages = []
        stats = run(plan([str(src)], tmp_path / "out"), report=messages.append)
    finally:
        server.close()
    [message] = messages
    assert message.startswith(f"boilerplate: {src / 'b.txt'}: not a regular file (a socket)")
    assert "give it by its path" not in message
    assert stats.failures == {"not a regular file": 1} and stats.outputs == 1


def test_symlinked_folders_are_followed_once_and_a_dangling_link_is_reported(tmp_path):
    src, real = tmp_path / "in", tmp_path / "real"
    src.mkdir()
    real.mkdir()
    (real / "r.txt").write_text(LABELLED[0], encoding="utf-8")
    (src / "plain.txt").write_text(LABELLED[1], encoding="utf-8")
    (src / "linkdir").symlink_to(real, target_is_directory=True)
    (src / "loop").symlink_to(src, target_is_directory=True)  # back up the tree: walked once
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    tasks = plan([str(src)], tmp_path / "out")
    assert [t.source.relative_to(src).as_posix() for t in tasks] == ["dangling.txt", "linkdir/r.txt", "plain.txt"]
    messages = []
    stats = run(tasks, report=messages.append)
    assert stats.outputs == 2 and stats.failures == {"unreadable file": 1}
    assert messages == [f"boilerplate: {src / 'dangling.txt'}: cannot be read (No such file or directory)"]
    assert (tmp_path / "out" / "linkdir" / "r.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


def test_a_file_system_that_sets_no_name_limit_is_taken_to_have_the_usual_one(tmp_path, monkeypatch):
    # pathconf gives -1 where there is no limit; taken as one, every output's name was too long.
    monkeypatch.setattr(planning.os, "pathconf", lambda path, name: -1)
    planning._name_max.cache_clear()
    try:
        assert planning._name_max(tmp_path) == planning.NAME_MAX
    finally:
        planning._name_max.cache_clear()


def test_the_name_limit_of_a_folder_still_to_be_made_is_that_of_its_nearest_existing_folder(tmp_path, monkeypatch):
    # --out is made after plan measures the outputs' names: pathconf fails on a folder that is not
    # there yet, and taking the usual limit then missed a file system that takes fewer (eCryptfs: 143).
    real = os.pathconf

    def pathconf(path, name):
        real(path, name)  # raises for a path that is not there, as on any file system
        return 143

    monkeypatch.setattr(planning.os, "pathconf", pathconf)
    planning._name_max.cache_clear()
    try:
        assert planning._name_max(tmp_path / "out" / "sub") == 143
    finally:
        planning._name_max.cache_clear()


def test_a_folder_reached_by_several_names_is_walked_under_the_first_by_name(tmp_path):
    # Which name's tree the outputs mirror must not depend on the order the file system lists names in.
    src = tmp_path / "in"
    (src / "zz").mkdir(parents=True)
    (src / "zz" / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    for i in range(20):
        (src / f"l{i:02}").symlink_to(src / "zz", target_is_directory=True)
    tasks = plan([str(src)], tmp_path / "out")
    assert [t.output.relative_to(tmp_path / "out").as_posix() for t in tasks] == ["l00/p.txt"]


#: The first bytes of an AppleDouble file (its magic number and version 2), as macOS writes them.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(200)


def test_macos_appledouble_files_in_a_folder_are_passed_over_as_no_pages(tmp_path):
    # A Mac writes ._x.txt beside x.txt on disks that hold no Finder metadata, and a Finder zip
    # puts them in __MACOSX/: each was read as a page and failed as not UTF-8 on every run.
    src = tmp_path / "in"
    (src / "__MACOSX").mkdir(parents=True)
    for name in ("x.txt", "._y.txt"):  # a page may be named ._y.txt: it is read
        (src / name).write_text(LABELLED[0], encoding="utf-8")
    for name in ("._x.txt", "__MACOSX/._x.txt"):
        (src / name).write_bytes(APPLE_DOUBLE)
    assert [t.source.relative_to(src).as_posix() for t in plan([str(src)], tmp_path / "out")] == ["._y.txt", "x.txt"]
    # Given by name, it is read, and fails as the file it is.
    assert [t.source for t in plan([str(src / "._x.txt")], tmp_path / "out")] == [src / "._x.txt"]
    from boilerplate import cli

    assert cli.main(["clean", "-q", str(src), "-o", str(tmp_path / "out")]) == 0
    assert output_names(tmp_path / "out") == ["._y.txt", "x.txt"]


def test_a_folder_and_a_link_to_it_that_sorts_first_mirror_it_under_the_links_name(tmp_path):
    # README's example: the real folder's files go under the link's name, once.
    src = tmp_path / "in"
    (src / "archive").mkdir(parents=True)
    (src / "archive" / "x.txt").write_text(LABELLED[0], encoding="utf-8")
    (src / "all").symlink_to("archive", target_is_directory=True)
    tasks = plan([str(src)], tmp_path / "out")
    assert [(t.source.relative_to(src).as_posix(), t.output.relative_to(tmp_path / "out").as_posix()) for t in tasks] == [
        ("all/x.txt", "all/x.txt")
    ]


def test_symlink_loops_lead_nowhere_like_dangling_links(tmp_path):
    # A link to itself and two links to each other: stat() fails with ELOOP, and
    # Path.resolve() raises (RuntimeError before Python 3.13, OSError since).
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(LABELLED[0], encoding="utf-8")
    (src / "self").symlink_to("self")  # not *.txt: not an input, like a dangling link
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "p.txt").symlink_to("q.txt")
    (src / "q.txt").symlink_to("p.txt")
    out = src / "out"  # --out inside the input folder: plan() resolves the files found
    tasks = plan([str(src)], out)
    assert [t.source.name for t in tasks] == ["a.txt", "loop.txt", "p.txt", "q.txt"]
    messages = []
    stats = run(tasks, report=messages.append)
    eloop = os.strerror(errno.ELOOP)
    assert messages == [f"boilerplate: {src / name}: cannot be read ({eloop})" for name in ("loop.txt", "p.txt", "q.txt")]
    assert stats.outputs == 1 and stats.failures == {"unreadable file": 3}
    assert output_names(out) == ["a.txt"]
    # given by its path, alone: the same report, nothing on standard output
    written = io.StringIO()
    messages.clear()
    stats = run(plan([str(src / "loop.txt")], None), report=messages.append, stdout=written)
    assert messages == [f"boilerplate: {src / 'loop.txt'}: cannot be read ({eloop})"]
    assert stats.failures == {"unreadable file": 1} and written.getvalue() == ""
    # an output's name taken by a loop: the output is written in its place
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a.txt").symlink_to("a.txt")
    stats = run(plan([str(src / "a.txt")], tmp_path / "o"))
    assert stats.outputs == 1 and (tmp_path / "o" / "a.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


def test_a_page_to_standard_output_is_utf8_with_newlines_whatever_its_encoding(tmp_path):
    # A text stream that encodes ASCII only and writes "\r\n" for "\n" (a C locale,
    # Windows): the article still goes out as the bytes of an --out file, after
    # what was written before it.
    page = tmp_path / "p.txt"
    page.write_text(LABELLED[1], encoding="utf-8")
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii", newline="\r\n")
    stdout.write("before\n")
    stats = run(plan([str(page)], None), stdout=stdout)
    assert stats.outputs == 1 and not stats.failures
    assert raw.getvalue() == b"before\r\n" + (clean(LABELLED[1]) + "\n").encode("utf-8")
    run(plan([str(page)], tmp_path / "out"))
    assert (tmp_path / "out" / "p.txt").read_bytes() == raw.getvalue().removeprefix(b"before\r\n")


def test_the_standard_output_given_holds_the_articles_once_the_run_returns(tmp_path):
    # run() flushes it: a stream over a file has written the bytes to the file by then,
    # however large its buffer.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    with open(tmp_path / "out.txt", "w", encoding="utf-8", buffering=1 << 20) as stream:
        run(plan([str(tmp_path / "p.txt")], None), stdout=stream)
        assert (tmp_path / "out.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


def test_a_text_stream_without_a_buffer_gets_the_article_as_text(tmp_path):
    # io.StringIO and some notebooks' streams have no binary buffer to write to.
    page = tmp_path / "p.txt"
    page.write_text(LABELLED[1], encoding="utf-8")
    stdout = io.StringIO()
    stats = run(plan([str(page)], None), stdout=stdout)
    assert stats.outputs == 1 and not stats.failures
    assert stdout.getvalue() == clean(LABELLED[1]) + "\n"


def test_run_refuses_a_closed_standard_stream_before_reading(tmp_path, monkeypatch):
    # <&- and >&- leave sys.stdin and sys.stdout None.
    page = tmp_path / "p.txt"
    page.write_text(LABELLED[0], encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(UsageError, match=r"^standard input is closed; give the pages in a file, or pipe them into -\.$"):
        run(plan(["-"], None))
    with pytest.raises(UsageError, match=r"^standard input is closed"):  # one of the inputs is enough
        run(plan([str(page), "-"], tmp_path / "some"))
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(UsageError, match=r"^standard output is closed; give --out DIR or redirect it\.$"):
        run(plan([str(page)], None))
    assert run(plan([str(page)], tmp_path / "out")).outputs == 1  # not needed with --out
    assert run(plan([str(page)], None), stdout=io.TextIOWrapper(io.BytesIO())).outputs == 1  # nor with a stream given


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_by_its_path_to_a_closed_standard_output_is_told_to_redirect_it(tmp_path, monkeypatch):
    # A pipe is read as a stream and written to standard output whatever --out says: with
    # standard output closed the message names it and says to redirect, not to give --out.
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(UsageError) as refused:
        run(plan([str(fifo)], tmp_path / "out"))  # refused before the pipe is opened
    assert str(refused.value) == (
        f"standard output is closed, and {fifo}, read as a stream, is written to it; redirect it to a file."
    )


def test_corpus_mode_refuses_standard_input_before_reading_it():
    # It reads its inputs twice: a pipe, or standard input given as -, only once.
    message = r"^--group-by reads the inputs twice and standard input only once: save it to a file first\.$"
    with pytest.raises(UsageError, match=message):
        run(plan(["-"], None, "jsonl"), Options(kind="jsonl", group_by="host"))


def test_parquet_needs_a_path_and_an_out_folder(tmp_path):
    with pytest.raises(UsageError, match="standard input"):
        plan(["-"], tmp_path, "parquet")
    with pytest.raises(UsageError, match="needs --out"):
        plan([str(tmp_path / "a.parquet")], None, "parquet")


# --------------------------------------------------------------------------- run


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_page_that_raises_is_reported_and_kept_and_the_run_goes_on(tmp_path):
    """The per-document try/except: a page that breaks the cleaner does not sink its chunk."""
    records = [{"id": i, "text": page} for i, page in enumerate(LABELLED)]
    records.insert(2, {"id": "bad", "text": "BOOM"})
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    messages = []
    stats = run(plan([str(source)], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    out = [json.loads(line) for line in (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert out[2] == {"id": "bad", "text": "BOOM", ERROR_FIELD: "could not be cleaned (RuntimeError: the cleaner broke)"}
    assert [r["text"] for r in out[:2] + out[3:]] == [clean(page) for page in LABELLED]
    assert messages == [f"boilerplate: {source}: line 3: could not be cleaned (RuntimeError: the cleaner broke)"]
    assert stats.failures == {"cleaning error": 1} and stats.pages == 5 and stats.outputs == 1


def test_a_chunks_pages_are_cleaned_in_one_call_in_corpus_mode_too(tmp_path, monkeypatch):
    # A chunk's pages are cleaned at once, with their groups and the repeated lines counted
    # over the run; one at a time only when that raised (each page alone gives the same articles).
    calls = []
    real = workers.clean_pages
    monkeypatch.setattr(workers, "clean_pages", lambda texts, **kw: calls.append(len(texts)) or real(texts, **kw))
    records = [{"url": f"https://a.example/{i}", "text": page} for i, page in enumerate(LABELLED)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    stats = run(plan([str(tmp_path / "in.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl", group_by="host"))
    assert (calls, stats.pages, stats.failures) == ([len(records)], len(records), {})


@pytest.mark.usefixtures("fragile_cleaner")
def test_the_pages_of_a_chunk_that_raised_are_cleaned_alone_with_the_runs_model_and_config(tmp_path):
    # Cleaned one at a time once their chunk raised, the other pages are still cleaned as the run says.
    from boilerplate.model import LinearModel, linear_model

    shipped = linear_model()
    model, config = LinearModel(-shipped.weights, -shipped.bias), Config(threshold=0.75)
    expected = [clean(page, model=model, config=config) for page in LABELLED]
    assert expected != [clean(page, model=model) for page in LABELLED]  # the config tells
    assert expected != [clean(page, config=config) for page in LABELLED]  # and the model
    records = [{"text": page} for page in ["BOOM", *LABELLED]]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    stats = run(plan([str(tmp_path / "in.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl", model=model, config=config),
                report=lambda message: None)
    out = [json.loads(line) for line in (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").splitlines()]
    assert stats.failures == {"cleaning error": 1} and [r["text"] for r in out[1:]] == expected


@pytest.mark.parametrize("rows_per_group", [1024, 2])
@pytest.mark.usefixtures("fragile_cleaner")
def test_a_parquet_page_that_raises_is_kept_and_marked_in_a_new_error_column(tmp_path, monkeypatch, rows_per_group):
    import pyarrow.parquet as pq

    # No null in the column, so the output's schema had no error column when the
    # page failed: the finished file is rewritten with one (also over several row groups).
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", rows_per_group)
    monkeypatch.setattr(readers, "CHUNK_PAGES", min(rows_per_group, readers.CHUNK_PAGES))  # read 2 rows at a time
    texts = list(LABELLED)
    texts.insert(3, "BOOM")
    frame = pd.DataFrame({"id": range(len(texts)), "text": texts})
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "a.parquet")
    messages: list[str] = []
    opts = Options(kind="parquet", output_field="article")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", "parquet"), opts, report=messages.append)
    assert stats.failures == {"cleaning error": 1} and stats.outputs == 1
    assert messages == [f"boilerplate: {tmp_path / 'in' / 'a.parquet'}: row 4: could not be cleaned (RuntimeError: the cleaner broke)"]
    assert output_names(tmp_path / "out") == ["a.parquet"]  # no temporary file left
    groups = pq.ParquetFile(tmp_path / "out" / "a.parquet").metadata.num_row_groups
    assert groups == (1 if rows_per_group > len(texts) else len(texts) // rows_per_group)
    out = pd.read_parquet(tmp_path / "out" / "a.parquet")
    assert out.columns.tolist() == ["id", "text", "article", ERROR_FIELD]
    assert out[["id", "text"]].equals(frame)
    marks = [None if pd.isna(v) else v for v in out[ERROR_FIELD]]
    assert marks == [None] * 3 + ["could not be cleaned (RuntimeError: the cleaner broke)"] + [None] * (len(texts) - 4)
    articles = [None if pd.isna(v) else v for v in out["article"]]
    assert articles == [clean(t) for t in texts[:3]] + [None] + [clean(t) for t in texts[4:]]


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_parquet_page_that_raises_cleaned_in_place_keeps_its_text(tmp_path):
    # Without --output-field the column cleaned is the one written: a page that could not
    # be cleaned keeps its text there, as a JSON Lines record keeps its field, and is marked.
    texts = [LABELLED[0], "BOOM", LABELLED[1]]
    pd.DataFrame({"text": texts}).to_parquet(tmp_path / "a.parquet")
    stats = run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"),
                report=lambda message: None)
    assert stats.failures == {"cleaning error": 1} and stats.outputs == 1
    out = pd.read_parquet(tmp_path / "out" / "a.parquet")
    assert out["text"].tolist() == [clean(LABELLED[0]), "BOOM", clean(LABELLED[1])]
    assert [None if pd.isna(v) else v for v in out[ERROR_FIELD]] == [None, "could not be cleaned (RuntimeError: the cleaner broke)", None]


@pytest.mark.parametrize("broken", [False, True])
@pytest.mark.usefixtures("fragile_cleaner")
def test_the_cleaned_parquet_column_keeps_its_field_as_the_input_schema_has_it(tmp_path, broken):
    # README: the output keeps the input's schema. The cleaned column was written as a new
    # field of its type: its metadata went, and a column declared not null (Spark writes
    # such "required" columns) became nullable. Cleaned in place it holds no null (a row
    # that fails keeps its page), also when a page that raises adds an error column at the end.
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [LABELLED[0], "BOOM" if broken else LABELLED[1], LABELLED[2]]
    text = pa.field("text", pa.string(), nullable=False, metadata={"about": "the page"})
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False), text], metadata={"owner": "a crawl"})
    pq.write_table(pa.table({"id": [1, 2, 3], "text": texts}, schema=schema), tmp_path / "a.parquet")
    stats = run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"),
                report=lambda message: None)
    assert stats.outputs == 1 and stats.failed == broken
    out = pq.read_table(tmp_path / "out" / "a.parquet")
    kept = pa.schema([*schema, pa.field(ERROR_FIELD, pa.string())] if broken else schema, metadata=schema.metadata)
    assert out.schema.equals(kept, check_metadata=True)
    assert out["text"].to_pylist() == [clean(t) if t != "BOOM" else t for t in texts]


def test_an_existing_parquet_output_column_keeps_its_metadata_and_may_hold_nulls(tmp_path):
    # Another column named by --output-field keeps its metadata; it takes nulls (a null page,
    # a page that could not be cleaned), so a not-null one becomes nullable.
    import pyarrow as pa
    import pyarrow.parquet as pq

    article = pa.field("article", pa.string(), nullable=False, metadata={"about": "the article"})
    schema = pa.schema([pa.field("text", pa.string()), article])
    pq.write_table(pa.table({"text": [LABELLED[0], None], "article": ["", ""]}, schema=schema), tmp_path / "a.parquet")
    run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet", output_field="article"),
        report=lambda message: None)
    out = pq.read_table(tmp_path / "out" / "a.parquet")
    assert out.schema.field("article").equals(article.with_nullable(True), check_metadata=True)
    assert out["article"].to_pylist() == [clean(LABELLED[0]), None]


@pytest.mark.parametrize("kind", ["large_string", "string_view"])
def test_a_new_output_field_takes_the_text_columns_string_type(tmp_path, kind):
    # The articles are of the pages' kind: a large_string column's could be as long as its pages.
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": pa.array(LABELLED[:2], getattr(pa, kind)())})
    pq.write_table(table, tmp_path / "a.parquet")
    opts = Options(kind="parquet", output_field="article")
    stats = run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), opts, report=lambda m: None)
    assert stats.failures == {} and stats.pages == 2
    got = pq.read_table(tmp_path / "out" / "a.parquet")
    assert got.schema == table.schema.append(pa.field("article", getattr(pa, kind)()))
    assert got.column("article").to_pylist() == [clean(page) for page in LABELLED[:2]]


def test_a_parquet_file_that_breaks_after_its_output_is_opened_leaves_no_part_file(tmp_path):
    # A row group that cannot be read fails the file where its output is being written:
    # that output is given up, its .part file removed, and the run goes on.
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": LABELLED}), source, row_group_size=1, compression="none")
    data = bytearray(source.read_bytes())
    start = pq.ParquetFile(source).metadata.row_group(3).column(0).data_page_offset
    data[start : start + 40] = b"\xff" * 40  # the fourth row group's page header
    source.write_bytes(bytes(data))
    stats = run(plan([str(source)], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda message: None)
    assert (stats.outputs, stats.failures) == (0, {"bad Parquet": 1})
    assert output_names(tmp_path / "out") == []


@pytest.mark.usefixtures("fragile_cleaner")
def test_a_stop_as_the_error_column_is_added_leaves_no_part_file(tmp_path, monkeypatch):
    # The marks of a file whose schema had no error column are added to the finished
    # .part file as a second .part file, renamed over the first: a stop then removes both.
    pd.DataFrame({"text": [LABELLED[0], "BOOM"]}).to_parquet(tmp_path / "a.parquet")
    real = os.replace

    def stop_at_the_marks(source, target):
        if str(source).endswith(".marks" + writers.PART_SUFFIX):
            raise KeyboardInterrupt
        return real(source, target)

    monkeypatch.setattr(writers.os, "replace", stop_at_the_marks)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    assert output_names(tmp_path / "out") == []


def test_a_text_page_that_raises_leaves_no_output(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "clean_pages", lambda texts, **kw: (_ for _ in ()).throw(RuntimeError("broke")))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("page", encoding="utf-8")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out"), report=lambda m: None)
    assert stats.failures == {"cleaning error": 1}
    assert output_names(tmp_path / "out") == []  # neither output nor temporary file


def test_summary_counts_every_reason():
    stats = runner.Stats(inputs=1, pages=2)
    stats.failures.update({"not JSON": 2, "missing field": 1})
    assert stats.failed == 3
    assert "3 failed (missing field: 1, not JSON: 2)" in stats.summary()


def test_summary_sizes_take_the_larger_unit_from_its_first_value_and_zero_counts_are_plural():
    stats = runner.Stats(inputs=1, bytes_in=1_000_000, bytes_out=1_000_000_000)
    assert "0 pages from 1 input → 0 outputs" in stats.summary()
    assert "1.0 MB in, 1.0 GB out" in stats.summary()


def test_summary_in_corpus_mode_says_how_many_pages_were_grouped_also_when_none_were():
    # grouped is None outside corpus mode; 0 is a corpus run whose pages had no URL.
    assert "grouped" not in runner.Stats(pages=3, counted=3).summary()
    assert "; grouped 0 of 3 pages into 0 groups (0 with repeated lines)" in runner.Stats(pages=3, grouped=0, counted=3).summary()


def test_a_jsonl_value_that_is_no_object_or_no_string_is_named_in_jsons_words(tmp_path):
    # Python's type names were shown: "a JSON NoneType, not an object", "field 'text' is list".
    values = ["null", "true", '"a page"', "12", "[]", "{}"]
    lines = [*values[:-1], *(f'{{"text": {value}}}' for value in values if value != '"a page"')]
    (tmp_path / "a.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    messages: list[str] = []
    run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    kinds = ["null", "a boolean", "a string", "a number", "an array"]
    assert [m.split(": ", 3)[3] for m in messages] == [
        *(f"{kind}, not a JSON object" for kind in kinds),
        *(f"field 'text' is {kind}, not a string" for kind in [*kinds[:2], *kinds[3:], "an object"]),
    ]


def test_a_jsonl_record_with_an_integer_of_more_digits_than_python_converts_is_cleaned_and_kept_as_it_came(tmp_path):
    # JSON sets no limit on a number's digits, but Python's int() takes at most
    # sys.get_int_max_str_digits() (4,300 by default): the record was reported "not JSON
    # (Exceeds the limit (4300 digits) ...; use sys.set_int_max_str_digits() ...)", the
    # whole line moved into boilerplate_raw. Its digits are written back as they came.
    digits = "9" * (sys.get_int_max_str_digits() + 700)
    lines = [f'{{"id": {digits}, "text": "Menu"}}\n', f"-{digits}\n", f'{{"id": 1, "text": {digits}}}\n']
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    messages: list[str] = []
    run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    got = (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert got[0] == f'{{"id": {digits}, "text": {json.dumps(clean("Menu"))}}}\n'
    assert [m.split(": ", 3)[3] for m in messages] == ["a number, not a JSON object", "field 'text' is a number, not a string"]
    assert got[2] == lines[2][:-2] + f', "{ERROR_FIELD}": "field \'text\' is a number, not a string"}}\n'


def test_only_a_line_the_usual_json_reader_refuses_is_read_again_for_long_integers(monkeypatch):
    # The reader of integers of any length calls Python per integer (a record of 10,000
    # integers took 3.6 times as long): it reads only lines the usual one refused.
    def no(digits):
        raise AssertionError(f"read again: {digits}")

    monkeypatch.setattr(readers, "_LONG_DECODER", json.JSONDecoder(parse_int=no))
    record = readers._read_record('{"ids": [1, 2, 3], "text": "a"}')
    assert record.fields["ids"][0] == [1, 2, 3]
    with pytest.raises(AssertionError, match="read again: 1"):
        readers._read_record('{"ids": [1, ' + "9" * (sys.get_int_max_str_digits() + 1) + "]}")


def test_a_line_kept_raw_is_kept_without_its_byte_order_mark(tmp_path):
    # A line's leading UTF-8 BOM is dropped, as everywhere (the first line of each file
    # joined by cat has one): a line that is not JSON was kept raw without it, and one
    # that is not UTF-8 with it, as a U+FEFF.
    bom = readers.UTF8_BOM
    (tmp_path / "a.jsonl").write_bytes(bom + b'{"text": "x \xff"}\n' + bom + b"{not json\n")
    messages: list[str] = []
    run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    out = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record[planning.RAW_FIELD] for record in out] == ['{"text": "x \\xff"}', "{not json"]
    offset = len(bom + b'{"text": "x ')  # the offset counts the BOM
    assert f"not valid UTF-8 at byte {offset} of the file" in messages[0]


def test_a_line_kept_raw_is_kept_as_it_is_but_for_its_ending_and_a_leading_byte_order_mark(tmp_path):
    # boilerplate_raw holds "<the line>" (README): only a leading BOM and the line's ending
    # (\n or \r\n) go, whether the line is not UTF-8 or not JSON; its white space and a
    # U+FEFF inside it stay.
    bom = readers.UTF8_BOM
    (tmp_path / "a.jsonl").write_bytes(bom + b' {"text": "' + bom + b' x \xff"} \r\n' + bom + b" {not json " + bom + b"} \r\n")
    run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=lambda _: None)
    out = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record[planning.RAW_FIELD] for record in out] == [' {"text": "\ufeff x \\xff"} ', " {not json \ufeff} "]


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_line_numbers_and_offsets_hold_across_chunks_and_files(tmp_path, jobs):
    """Workers parse the raw lines: bad records far into a file, past chunk ends and in a
    second file sharing a chunk, are reported with their own line and byte offset."""
    pages = ["one line", ODD_PAGES[3], LABELLED[0]]
    n = 3 * readers.CHUNK_PAGES
    lines = [json.dumps({"id": i, "text": pages[i % 3]}, ensure_ascii=False).encode("utf-8") + b"\n" for i in range(n)]
    lines[0] = readers.UTF8_BOM + lines[0]
    bad = {readers.CHUNK_PAGES: b"{not json\n", 2 * readers.CHUNK_PAGES + 1: b'{"id": "x", "text": "ok \xff"}\n', n - 5: b" \r\n"}
    lines = [bad.get(i, line) for i, line in enumerate(lines)]
    lines[-1] = lines[-1].rstrip(b"\n")  # no newline at the end
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(b"".join(lines))
    (tmp_path / "in" / "b.jsonl").write_bytes(b'{"id": "b1", "text": "one line"}\n[7]\n')
    messages: list[str] = []
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", "jsonl"), Options(kind="jsonl"), jobs=jobs, report=messages.append)
    a, b = tmp_path / "in" / "a.jsonl", tmp_path / "in" / "b.jsonl"
    at = 2 * readers.CHUNK_PAGES + 1
    offset = sum(len(line) for line in lines[:at]) + len(b'{"id": "x", "text": "ok ')
    assert [m.split(": ")[:3] for m in messages] == [
        ["boilerplate", str(a), f"line {readers.CHUNK_PAGES + 1}"],
        ["boilerplate", str(a), f"line {at + 1}"],
        ["boilerplate", str(b), "line 2"],
    ]
    assert f"not valid UTF-8 at byte {offset} of the file;" in messages[1]
    out = (tmp_path / "out" / "a.jsonl").read_bytes().split(b"\n")
    assert len(out) == n + 1 and out[-1] == b"" and out[n - 5] == b" \r"
    good = [i for i in range(n) if i not in bad]
    assert [json.loads(out[i]) for i in good] == [{"id": i, "text": clean(pages[i % 3])} for i in good]
    assert json.loads((tmp_path / "out" / "b.jsonl").read_bytes().split(b"\n")[1])[ERROR_FIELD] == "an array, not a JSON object"
    assert stats.pages == len(good) + 1 and stats.failed == 3 and stats.outputs == 2


def test_plan_refuses_an_output_that_is_an_input_under_another_name(tmp_path):
    # A hard link reaches the input by another path: writing the output would destroy it.
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "in" / "p.txt").write_text("page", encoding="utf-8")
    os.link(tmp_path / "in" / "p.txt", tmp_path / "out" / "p.txt")
    with pytest.raises(UsageError, match="would be written over the input"):
        plan([str(tmp_path / "in")], tmp_path / "out")


def test_plan_is_not_quadratic_in_the_inputs(tmp_path, monkeypatch):
    # Each output is checked against the inputs with one lookup, so a folder of many
    # files plans in about the time it takes to list them (not a timing test: the
    # count of path resolutions is what is checked; it was inputs × outputs).
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"{i}.txt").write_text("page", encoding="utf-8")
    calls = []
    real = planning._resolved
    monkeypatch.setattr(planning, "_resolved", lambda path: calls.append(path) or real(path))
    assert len(plan([str(src)], tmp_path / "out")) == 300
    assert len(calls) <= 2 * 300


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are set on Linux only")
def test_the_pool_pipes_are_widened():
    import fcntl

    from boilerplate import workers

    pool = workers._pool(2)
    try:
        with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as f:
            expected = min(workers.PIPE_BYTES, int(f.read()))
        for queue in (pool._call_queue, pool._result_queue):
            assert fcntl.fcntl(queue._writer.fileno(), fcntl.F_GETPIPE_SZ) == expected
        assert pool.submit(len, "four").result() == 4
        assert workers._widen_pipes(pool) is True  # done, and said so
    finally:
        pool.shutdown()
    assert workers._widen_pipes(object()) is False  # not an executor as we know it: left alone


@pytest.mark.parametrize("group_by", [None, "host"])
def test_a_stop_that_arrives_inside_the_pools_code_is_taken_once_out_of_it(tmp_path, monkeypatch, group_by, sigint_raises):
    # Raised between two bytecodes of ProcessPoolExecutor.submit, Ctrl-C could leave the
    # pool half changed and the run hung in its shutdown (seen once under load). Here a
    # SIGINT lands at the start of a submit: it must be taken once the submit is done.
    import signal
    from concurrent.futures import ProcessPoolExecutor

    pages = [{"url": f"https://a.example/{i}", "text": LABELLED[i % len(LABELLED)]} for i in range(40 * readers.CHUNK_PAGES)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    real, calls = ProcessPoolExecutor.submit, []

    def submit(self, fn, *args, **kwargs):
        if fn is workers._ready:  # starting the workers
            return real(self, fn, *args, **kwargs)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # its handler runs at the next call: the submit below
        future = real(self, fn, *args, **kwargs)
        calls.append(fn.__name__)
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl", group_by=group_by), jobs=2)
    assert len(calls) == 3  # the third submit was done when the stop was taken, and there was no fourth
    assert not (tmp_path / "out").exists() or output_names(tmp_path / "out") == []  # no .part file left
    assert signal.getsignal(signal.SIGINT) is before


# Run in a process of its own, so that a hang fails the test (timeout) instead of
# stopping the suite: a worker dies halfway through sending a result, holding the
# lock of the pool's result pipe, as a worker the OOM killer takes there does.
DYING_WORKER = """
import gc, importlib, json, os, signal, struct, sys
from multiprocessing.queues import SimpleQueue
from boilerplate.planning import Options, plan
from boilerplate.runner import run

folder, group_by, (module, name) = sys.argv[1], sys.argv[2] or None, sys.argv[3].split(".")
module = importlib.import_module("boilerplate." + module)  # the module whose code hands the step to the pool
stop = sys.argv[4:] == ["stop"]  # the runner stopped too (a SIGTERM or SIGHUP sent to the whole group)
signal.signal(signal.SIGINT, signal.default_int_handler)
real, calls = getattr(module, name), []

def dying(*args):
    calls.append(1)
    if len(calls) == 2:  # this worker's second chunk
        (queue,) = [o for o in gc.get_objects() if isinstance(o, SimpleQueue) and not o._writer.closed]
        queue._wlock.acquire()
        os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"half a result")
        if stop:
            os.kill(os.getppid(), signal.SIGINT)
        os._exit(1)
    return real(*args)

setattr(module, name, dying)
try:
    run(plan([os.path.join(folder, "a.jsonl")], os.path.join(folder, "out"), "jsonl"),
        Options(kind="jsonl", group_by=group_by), jobs=2)
except BaseException as exc:
    print(type(exc).__name__)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked on Linux only")
@pytest.mark.parametrize(("group_by", "step"), [(None, "workers._clean_in_worker"), ("host", "runner._hash_chunk")])
def test_a_worker_dying_as_it_sends_its_result_breaks_the_run_instead_of_hanging_it(tmp_path, group_by, step):
    import subprocess

    pages = [{"url": f"https://a.example/{i}", "text": LABELLED[i % len(LABELLED)]} for i in range(40 * readers.CHUNK_PAGES)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", DYING_WORKER, str(tmp_path), group_by or "", step],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["BrokenProcessPool"], done.stderr
    assert not any((tmp_path / "out").rglob("*.part"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked on Linux only")
@pytest.mark.parametrize(("group_by", "step"), [(None, "workers._clean_in_worker"), ("host", "runner._hash_chunk")])
def test_a_stop_as_a_worker_dies_sending_its_result_does_not_hang_the_pools_shutdown(tmp_path, group_by, step):
    # A SIGTERM or SIGHUP sent to the whole group (systemd's control-group stop, Slurm, a
    # terminal closed without nohup) kills the workers, maybe one halfway through sending
    # a result, and stops the runner: the stop then left the result wait, and the pool's
    # shutdown waited for good on the pool's thread, stuck on that half message (seen in
    # 2 of 30 runs sent SIGTERM to their group), holding the output folder's lock.
    import subprocess

    pages = [{"url": f"https://a.example/{i}", "text": LABELLED[i % len(LABELLED)]} for i in range(40 * readers.CHUNK_PAGES)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", DYING_WORKER, str(tmp_path), group_by or "", step, "stop"],
                          capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["KeyboardInterrupt"], done.stderr
    assert not any((tmp_path / "out").rglob("*.part"))


def test_only_the_main_threads_blocks_hold_a_stop(sigint_raises):
    # Handlers run in the main thread only: a block another thread is in (its own run's
    # pool) must not hold back a stop meant for the main thread, nor raise it over there.
    import signal
    import threading
    import time

    held = stopping._StopsHeld()
    with held.installed():
        other = threading.Thread(target=held.__enter__)  # enters, and never leaves
        other.start()
        other.join()

        def block():
            with held:
                pass

        whole = threading.Thread(target=block)  # a whole block: its end must not end the main thread's
        whole.start()
        whole.join()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the handler runs here, at once
        reached = []
        with pytest.raises(KeyboardInterrupt):
            with held:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.1)
                reached.append("the block's end")  # held: not raised in here, but as the block ends
        assert reached == ["the block's end"]


def test_the_first_stop_held_is_taken_and_a_handler_that_sets_its_signals_aside_is_left_so():
    # boilerplate clean's handler takes one stop and ignores the others from then on
    # (stopping._stop): held, the first stop is the one whose handler runs, as the outermost
    # block ends; as the holding handlers are taken away, signals set aside meanwhile stay so.
    import signal
    import time

    taken = []

    def stop(signum, frame):
        taken.append(signum)
        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, signal.SIG_IGN)

    before = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        held = stopping._StopsHeld()
        with held.installed():
            with held:
                with held:
                    os.kill(os.getpid(), signal.SIGTERM)
                    os.kill(os.getpid(), signal.SIGINT)
                    time.sleep(0.1)
                assert taken == []  # an inner block's end is still inside the outer one
            assert taken == [signal.SIGTERM]
        assert [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)] == [signal.SIG_IGN] * 2
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def test_only_signals_whose_handler_is_a_python_function_are_held(sigint_raises):
    # An ignored signal (nohup's SIGHUP) stays ignored and one left to the system (SIGTERM
    # where no command line took it) still ends the process: neither is held, nor handed to
    # a handler that is no function. Ctrl-C's handler is held, and given back afterwards.
    import signal

    before = {s: signal.signal(s, handler) for s, handler in ((signal.SIGHUP, signal.SIG_IGN), (signal.SIGTERM, signal.SIG_DFL))}
    try:
        held = stopping._StopsHeld()
        with held.installed():
            assert [signal.getsignal(s) for s in (signal.SIGHUP, signal.SIGTERM)] == [signal.SIG_IGN, signal.SIG_DFL]
            assert signal.getsignal(signal.SIGINT) == held._handle
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def test_a_stop_while_waiting_for_a_result_is_held_through_the_call_between_two_looks(sigint_raises):
    # A wait for a result is cut into slices; the call made between two (the check for dead
    # workers, which may kill them and close a pipe) is held too: a stop that lands in it is
    # taken once it is done.
    import signal
    import threading
    import time
    from concurrent.futures import Future

    future, reached = Future(), []

    def between():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.1)
        reached.append("between's end")

    late = threading.Timer(10, future.set_result, ["given"])  # a bound on the test, should the stop be lost
    late.start()
    held = stopping._StopsHeld()
    try:
        with held.installed(), pytest.raises(KeyboardInterrupt):
            held.result(future, between)
    finally:
        late.cancel()
    assert reached == ["between's end"]

# --------------------------------------------------------------------------- JSON Lines records kept as they came


_WS = st.sampled_from(["", " ", "\t", "  "])
# Numbers spelled as Python would not write them back: out of range, more digits than
# a float holds, an exponent, a big integer, minus zero.
_NUMBERS = st.sampled_from(["1e400", "-1E400", "0.10000000000000000555", "1E5", "123456789012345678901234567890", "-0", "2.50"])
_SCALARS = st.one_of(
    st.sampled_from(["null", "true", "false"]),
    _NUMBERS,
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.tuples(st.text(), st.booleans()).map(lambda t: json.dumps(t[0], ensure_ascii=t[1])),
)


def _joined(open_, close, items, ws):
    return open_ + ws[0] + ("," + ws[1]).join(items) + ws[2] + close


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.builds(_joined, st.just("["), st.just("]"), st.lists(inner, max_size=3), st.tuples(_WS, _WS, _WS)),
        st.builds(
            _joined,
            st.just("{"),
            st.just("}"),
            st.lists(st.builds(lambda k, v: json.dumps(k) + ":" + v, st.text(max_size=3), inner), max_size=3),
            st.tuples(_WS, _WS, _WS),
        ),
    ),
    max_leaves=8,
)
# Few key names, so that a key often repeats (JSON objects read last-one-wins).
_KEYS = st.one_of(st.sampled_from(["text", "id", "article", ERROR_FIELD]), st.text(max_size=2))


@st.composite
def _object_lines(draw):
    """A JSON object as one line of text, spelled in ways json.dumps would not spell it."""
    members = draw(st.lists(st.tuples(_KEYS, st.booleans(), _WS, _WS, _VALUES), max_size=6))
    parts = [
        a + json.dumps(key, ensure_ascii=ascii_) + ":" + b + value for key, ascii_, a, b, value in members
    ]
    return draw(_WS) + "{" + ",".join(parts) + draw(_WS) + "}" + draw(_WS) + draw(st.sampled_from(["\n", "\r\n", ""]))


@given(_object_lines(), _KEYS, st.text())
def test_a_spliced_record_changes_one_field_and_no_other_byte(line, key, value):
    record = readers._read_record(line)
    expected = json.loads(line)
    assert {k: v for k, (v, _, _) in record.fields.items()} == expected
    out = readers._spliced(record, {key: value}).decode("utf-8")
    assert json.loads(out) == {**expected, key: value}
    assert out.endswith("\n")
    line = line if line.endswith("\n") else line + "\n"
    if key in record.fields:
        _, start, end = record.fields[key]
        assert out.startswith(line[:start]) and out.endswith(line[end:])
        assert json.loads(out[start : len(out) - len(line) + end]) == value
    else:
        at = record.insert_at
        assert out.startswith(line[:at]) and out.endswith(line[at:])


@given(_object_lines(), st.lists(st.tuples(_KEYS, st.one_of(st.none(), st.text())), min_size=2, max_size=4, unique_by=lambda kv: kv[0]))
def test_a_spliced_record_takes_several_changes_at_once(line, changes):
    # The record's own keys and new ones, in one line: as if each were set in turn.
    record = readers._read_record(line)
    changes = dict(changes)
    out = readers._spliced(record, changes).decode("utf-8")
    assert json.loads(out) == {**json.loads(line), **changes}
    assert list(json.loads(out)) == list({**json.loads(line), **changes})  # new keys at the end, in order
    one_by_one = line
    for key, value in changes.items():
        one_by_one = readers._spliced(readers._read_record(one_by_one), {key: value}).decode("utf-8")
    assert out == one_by_one


@given(st.one_of(_object_lines(), st.text(max_size=20), st.builds(lambda l, i, c: l[:i] + c + l[i + 1 :], _object_lines(), st.integers(0, 40), st.sampled_from(["", ",", "}", '"', "x", "NaN"]))))
@example('{"a key\twith a tab": 1, "text": "a"}')  # a control character in a key: not JSON
def test_a_record_is_json_exactly_when_json_loads_says_so(line):
    strict = json.JSONDecoder(parse_constant=lambda name: 1 / 0)
    try:
        expected = strict.decode(line)
    except ValueError as exc:
        with pytest.raises(ValueError) as caught:
            readers._read_record(line)
        assert str(caught.value) == str(exc)  # json's own message
    except ZeroDivisionError:  # NaN, Infinity, -Infinity: not JSON
        with pytest.raises(ValueError, match="is not a JSON value"):
            readers._read_record(line)
    else:
        got = readers._read_record(line)
        if isinstance(expected, dict):
            assert {k: v for k, (v, _, _) in got.fields.items()} == expected
        else:
            assert got == expected


@pytest.mark.parametrize("kind", ["text", "jsonl", "parquet"])
def test_an_output_is_complete_and_closed_before_it_gets_its_name(tmp_path, monkeypatch, kind):
    # A kill right after the rename must leave a complete output, which a rerun skips.
    (tmp_path / "in").mkdir()
    pages = LABELLED[:3]
    if kind == "text":
        source = tmp_path / "in" / "a.txt"
        source.write_text(pages[0], encoding="utf-8")
    elif kind == "jsonl":
        source = tmp_path / "in" / "a.jsonl"
        source.write_text("".join(json.dumps({"text": page}) + "\n" for page in pages), encoding="utf-8")
    else:
        source = tmp_path / "in" / "a.parquet"
        pd.DataFrame({"text": pages}).to_parquet(source)
    seen: dict[str, bytes] = {}
    real_replace = os.replace

    def replace(src, dst):
        seen[Path(dst).name] = Path(src).read_bytes()  # what a reader would find if the run died now
        real_replace(src, dst)

    monkeypatch.setattr(writers.os, "replace", replace)
    run(plan([str(source)], tmp_path / "out", kind), Options(kind=kind), jobs=1)
    output = tmp_path / "out" / source.name
    assert seen == {source.name: output.read_bytes()}
    if kind == "text":
        assert seen[source.name].decode("utf-8") == clean(pages[0]) + "\n"
    elif kind == "jsonl":
        assert [json.loads(line)["text"] for line in seen[source.name].splitlines()] == [clean(p) for p in pages]
    else:
        assert pd.read_parquet(io.BytesIO(seen[source.name]))["text"].tolist() == [clean(p) for p in pages]


def test_marks_are_found_in_a_jsonl_output_across_search_blocks(tmp_path, monkeypatch):
    # The file is searched a block at a time; a block is extended to its line's end, so a
    # line (and the key in it) split between two reads is still found, and parsed whole.
    monkeypatch.setattr(readers, "MARK_SEARCH_BYTES", 7)
    out = tmp_path / "a.jsonl"
    task = planning.Task(tmp_path / "in.jsonl", out, "jsonl")
    unmarked = ['{"text": "a long line of text"}\n', f'{{"text": "b", "{ERROR_FIELD}": null}}\n', "\n"]
    marked = f'{{"text": "c", "{ERROR_FIELD}": "not cleaned"}}\n'
    for at in range(len(unmarked) + 1):
        out.write_text("".join(unmarked[:at] + [marked] + unmarked[at:]), encoding="utf-8")
        assert readers._holds_marks(task), at
    out.write_text("".join(unmarked) + marked.rstrip("\n"), encoding="utf-8")  # a last line without its newline
    assert readers._holds_marks(task)
    out.write_text("".join(unmarked), encoding="utf-8")
    assert not readers._holds_marks(task)


@pytest.mark.parametrize("kind, suffix", [("text", ".txt"), ("jsonl", ".jsonl"), ("parquet", ".parquet")])
def test_an_input_whose_name_is_near_the_file_systems_limit_is_cleaned(tmp_path, kind, suffix):
    # A name of 255 bytes is a legal name, but NAME.part is 260: the run stopped at it with
    # "File name too long", and the inputs after it were never cleaned.
    long = "a" * (planning.NAME_MAX - len(suffix)) + suffix
    (tmp_path / "in").mkdir()
    for name in (long, "b" + suffix):
        if kind == "text":
            (tmp_path / "in" / name).write_text(LABELLED[0], encoding="utf-8")
        elif kind == "jsonl":
            (tmp_path / "in" / name).write_text(json.dumps({"text": LABELLED[0]}) + "\n", encoding="utf-8")
        else:
            pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(tmp_path / "in" / name)
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", kind), Options(kind=kind))
    assert (stats.outputs, stats.failed) == (2, 0)
    assert output_names(tmp_path / "out") == [long, "b" + suffix]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="makes a named pipe")
def test_a_pipe_in_a_parquet_folder_fails_alone(tmp_path):
    # A pipe found in a folder is reported and the run goes on; with --parquet the run was
    # refused instead, with "Parquet output needs --out DIR" though --out was given.
    (tmp_path / "in").mkdir()
    pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(tmp_path / "in" / "a.parquet")
    os.mkfifo(tmp_path / "in" / "b.parquet")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    assert (stats.outputs, stats.failures) == (1, {"not a regular file": 1})


@pytest.mark.parametrize("first, reason", [("broken", "bad Parquet"), ("gone", "unreadable file")])
def test_a_first_parquet_input_whose_schema_cannot_be_read_before_the_run_is_reported_by_the_run(tmp_path, first, reason):
    # With a new --output-field the first Parquet input's schema is read before the run
    # (check_options); a file that is no Parquet, or was removed since it was planned, is
    # left to the run, which reports it for that input alone and cleans the others.
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "a.parquet"
    source.write_bytes(b"PAR1" + b"\0" * 64)
    pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(tmp_path / "in" / "b.parquet")
    tasks = plan([str(tmp_path / "in")], tmp_path / "out", "parquet")
    if first == "gone":
        source.unlink()
    messages: list[str] = []
    stats = run(tasks, Options(kind="parquet", output_field="article"), report=messages.append)
    assert (stats.outputs, stats.failures) == (1, {reason: 1})
    assert len(messages) == 1 and messages[0].startswith(f"boilerplate: {source}: cannot be read as Parquet (")
    assert output_names(tmp_path / "out") == ["b.parquet"]
    assert pd.read_parquet(tmp_path / "out" / "b.parquet")["article"].tolist() == [clean(LABELLED[0])]


def test_a_corpus_mode_rerun_reads_each_existing_output_once(tmp_path, monkeypatch):
    # Corpus mode asks whether every output is complete before it counts, and the run asks
    # again as it skips them: each existing output was searched for marks twice.
    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        records = [{"url": f"https://{name}.example/{i}", "text": LABELLED[i % len(LABELLED)]} for i in range(5)]
        (tmp_path / "in" / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    opts = Options(kind="jsonl", group_by="host")
    run(plan([str(tmp_path / "in")], tmp_path / "out", "jsonl"), opts)
    (tmp_path / "out" / "c.jsonl").unlink()  # as if the run had been killed before it
    real, read = readers._holds_marks, []
    monkeypatch.setattr(runner, "_holds_marks", lambda task: read.append(task.output.name) or real(task))
    stats = run(plan([str(tmp_path / "in")], tmp_path / "out", "jsonl"), opts)
    assert (stats.skipped, stats.outputs) == (2, 1)
    assert sorted(read) == ["a.jsonl", "b.jsonl"]


@pytest.mark.parametrize("kind, name", [("jsonl", "p.jsonl"), ("text", "p.txt"), ("parquet", "p.parquet")])
def test_a_stop_right_after_an_output_is_opened_leaves_no_part_file(tmp_path, monkeypatch, kind, name):
    # Ctrl-C (or SIGTERM, taken the same way) can land once the .part file exists but
    # before the run holds it: the file must go all the same.
    source = tmp_path / name
    if kind == "parquet":
        pd.DataFrame({"text": ["ক খ গ।"]}).to_parquet(source)
    else:
        source.write_text('{"text": "ক খ গ।"}\n' if kind == "jsonl" else "ক খ গ।\n", encoding="utf-8")
    real, stopped = writers._lock_if_there, []

    def stop_once(part, fd):
        if not stopped:  # made, and lost before the run could lock it
            stopped.append(part)
            raise KeyboardInterrupt
        return real(part, fd)

    monkeypatch.setattr(writers, "_lock_if_there", stop_once)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(source)], tmp_path / "o", kind))
    assert stopped == [tmp_path / "o" / (name + writers.PART_SUFFIX)]
    assert output_names(tmp_path / "o") == []


@pytest.mark.parametrize("kind, name", [("jsonl", "p.jsonl"), ("text", "p.txt")])
def test_a_stop_as_an_output_is_completed_leaves_no_part_file(tmp_path, monkeypatch, kind, name):
    # A stop landing between the last write and the rename: the .part file goes too.
    source = tmp_path / name
    source.write_text('{"text": "ক খ গ।"}\n' if kind == "jsonl" else "ক খ গ।\n", encoding="utf-8")

    def stop(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(writers.os, "replace", stop)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(source)], tmp_path / "o", kind))
    assert output_names(tmp_path / "o") == []  # its manifest, opened before the rename, may be there: empty


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stop_just_after_an_outputs_rename_still_names_it_in_the_manifest(tmp_path, monkeypatch, jobs, sigint_raises):
    # A stop (Ctrl-C, SIGTERM) landing between an output's rename and its line in the
    # manifest left an output no line names, taken for one made before manifests: a
    # rerun with another model skipped it as complete and kept the old model's article.
    import signal

    from boilerplate.model import LinearModel, linear_model

    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    real = os.replace

    def replace_then_stop(src, dst):
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # its handler runs at the next bytecode: before the manifest's line

    monkeypatch.setattr(writers.os, "replace", replace_then_stop)
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(source)], tmp_path / "o"), jobs=jobs)
    monkeypatch.undo()
    assert signal.getsignal(signal.SIGINT) is before
    assert output_names(tmp_path / "o") == ["p.txt"]
    shipped = linear_model()
    stats = run(plan([str(source)], tmp_path / "o"), Options(model=LinearModel(-shipped.weights, -shipped.bias)))
    assert (stats.remade, stats.skipped) == (1, 0)


def test_outputs_made_by_other_code_of_the_same_version_are_redone(tmp_path, monkeypatch):
    # The fingerprint held the version number, the model and the settings: a change of
    # the passes alone (an editable install, a release that kept its number) left the
    # old code's articles in place, skipped as complete.
    package = tmp_path / "boilerplate"
    package.mkdir()
    for path in Path(batch.__file__).parent.glob("*.py"):
        (package / path.name).write_bytes(path.read_bytes())
    before = runner.code_digest(package)
    assert before == runner.code_digest(package) == runner.code_digest.__wrapped__(package)
    cleaner_py = package / "cleaner.py"
    cleaner_py.write_bytes(cleaner_py.read_bytes() + b"\n# a change of the passes\n")
    assert runner.code_digest.__wrapped__(package) != before

    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    run(plan([str(source)], tmp_path / "o"))
    stats = run(plan([str(source)], tmp_path / "o"))
    assert (stats.remade, stats.skipped) == (0, 1)
    monkeypatch.setattr(runner, "code_digest", lambda: "another code")
    stats = run(plan([str(source)], tmp_path / "o"))
    assert (stats.remade, stats.skipped) == (1, 0)


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("kind, name", [("text", "p.txt"), ("jsonl", "p.jsonl"), ("parquet", "p.parquet")])
def test_an_output_another_run_is_writing_is_left_to_it(tmp_path, kind, name):
    # Two runs writing one output (the same command started twice) both wrote its .part
    # file, each truncating the other's, and the first to finish renamed a mix into place.
    import fcntl

    (tmp_path / "in").mkdir()
    for stem in ("p", "q"):
        source = tmp_path / "in" / (stem + name[1:])
        if kind == "parquet":
            pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(source)
        else:
            source.write_text(json.dumps({"text": LABELLED[0]}) + "\n" if kind == "jsonl" else LABELLED[0], encoding="utf-8")
    (tmp_path / "o").mkdir()
    part = tmp_path / "o" / (name + writers.PART_SUFFIX)
    part.write_bytes(b"the other run's first pages")
    reported = []
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # held as the other run holds it
        stats = run(plan([str(tmp_path / "in")], tmp_path / "o", kind), Options(kind=kind), report=reported.append)
        assert part.read_bytes() == b"the other run's first pages"
    assert (stats.outputs, stats.failures) == (1, {"output busy": 1})  # q's output is written all the same
    assert stats.pages == 1  # q's: p's are neither written nor counted here
    assert reported == [f"boilerplate: {tmp_path / 'in' / name}: {part} is being written by another run; left alone:"
                        " rerun once that run has ended"]
    assert output_names(tmp_path / "o") == [name + writers.PART_SUFFIX, "q" + name[1:]]
    part.unlink()  # the other run ended
    stats = run(plan([str(tmp_path / "in")], tmp_path / "o", kind), Options(kind=kind))
    assert (stats.outputs, stats.skipped, stats.failed) == (1, 1, 0)
    assert output_names(tmp_path / "o") == [name, "q" + name[1:]]


BUSY_RECORDS = 300  # many chunks of readers.CHUNK_PAGES


def _busy_inputs(folder: Path, kind: str, name: str) -> int:
    """Inputs p (``BUSY_RECORDS`` pages; one for text) and q (two pages; one for text) in
    ``folder``, of ``kind``; returns q's number of pages."""
    from .test_wet import conversion, wet

    folder.mkdir()
    for stem, n in (("p", BUSY_RECORDS), ("q", 2)):
        source = folder / (stem + name[1:])
        texts = [LABELLED[i % len(LABELLED)] for i in range(n)]
        if kind == "parquet":
            pd.DataFrame({"text": texts}).to_parquet(source)
        elif kind == "wet":
            source.write_bytes(wet([conversion(i, text) for i, text in enumerate(texts)]))
        elif kind == "jsonl":
            source.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
        else:
            source.write_text(texts[0], encoding="utf-8")
    return 1 if kind == "text" else 2


def _other_runs_part(tmp_path, kind: str, name: str):
    """The inputs of :func:`_busy_inputs` in ``in/``, and in ``o/`` the ``.part`` file of
    ``name``'s output, which the test then locks as another run holds it; returns q's
    pages, that output's name and the ``.part`` file."""
    q_pages = _busy_inputs(tmp_path / "in", kind, name)
    out_name = "p.warc.wet.jsonl" if kind == "wet" else name
    (tmp_path / "o").mkdir()
    part = tmp_path / "o" / (out_name + writers.PART_SUFFIX)
    part.write_bytes(b"the other run's first pages")
    return q_pages, out_name, part


def _assert_left_to_the_other_run(tmp_path, name, stats, reported, q_pages, out_name, part) -> None:
    """The run cleaned q alone and reported ``name``'s output busy, once, leaving its ``.part`` file."""
    assert (stats.inputs, stats.outputs, stats.pages, stats.failures) == (2, 1, q_pages, {"output busy": 1})
    assert reported == [f"boilerplate: {tmp_path / 'in' / name}: {part} is being written by another run; left alone:"
                        " rerun once that run has ended"]
    assert output_names(tmp_path / "o") == [out_name + writers.PART_SUFFIX, "q" + out_name[1:]]


def _pages_sent(monkeypatch) -> list[int]:
    """Counts the pages (texts and raw records) that the run hands to cleaning, chunk by chunk."""
    sent = []
    real = runner._ordered_map

    def counted(chunks, *args, **kwargs):
        def counting():
            for chunk in chunks:
                sent.append(len(chunk.texts) + sum(len(r[2]) if kind == "jsonl" else len(r) for kind, r in chunk.lines))
                yield chunk

        return real(counting(), *args, **kwargs)

    monkeypatch.setattr(runner, "_ordered_map", counted)
    return sent


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("kind, name", [("text", "p.txt"), ("jsonl", "p.jsonl"), ("parquet", "p.parquet"), ("wet", "p.warc.wet.gz")])
def test_an_input_whose_output_another_run_is_writing_is_neither_read_nor_cleaned(tmp_path, monkeypatch, kind, name, jobs):
    # The output was reported busy at once, but its whole input was still read and
    # cleaned, the results thrown away (22 s of CPU for a JSON Lines file of 60,000 records).
    import fcntl

    q_pages, out_name, part = _other_runs_part(tmp_path, kind, name)
    sent = _pages_sent(monkeypatch)
    reported = []
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # held as the other run holds it
        tasks = plan([str(tmp_path / "in")], tmp_path / "o", kind)
        stats = run(tasks, Options(kind=kind), jobs=jobs, report=reported.append)
        assert part.read_bytes() == b"the other run's first pages"
    assert sum(sent) == q_pages  # q's alone
    _assert_left_to_the_other_run(tmp_path, name, stats, reported, q_pages, out_name, part)


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("kind, name", [("jsonl", "p.jsonl"), ("parquet", "p.parquet"), ("wet", "p.warc.wet.gz")])
def test_an_input_whose_output_is_found_busy_as_it_is_opened_is_read_no_further(tmp_path, monkeypatch, kind, name, jobs):
    # Another run took the output after its input began (the check there found it free):
    # the run's writer finds it busy, and the input was still read and cleaned to its end.
    import fcntl

    q_pages, out_name, part = _other_runs_part(tmp_path, kind, name)
    monkeypatch.setattr(readers, "_busy", lambda task: None)  # found free as it began
    sent = _pages_sent(monkeypatch)
    reported = []
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        stats = run(plan([str(tmp_path / "in")], tmp_path / "o", kind), Options(kind=kind), jobs=jobs, report=reported.append)
        assert part.read_bytes() == b"the other run's first pages"
    # No more than the chunks read before the run opened the output: the first (one run
    # ahead, with --jobs 1), or those handed to the workers ahead of it.
    read_ahead = 1 if jobs == 1 else jobs * workers.CHUNKS_PER_JOB + 1
    assert sum(sent) - q_pages <= read_ahead * readers.CHUNK_PAGES < BUSY_RECORDS
    _assert_left_to_the_other_run(tmp_path, name, stats, reported, q_pages, out_name, part)


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_corpus_mode_counts_an_input_whose_output_another_run_is_writing(tmp_path):
    # "Every input is read, whether its output exists or not" (count_repeated): the busy
    # check is the cleaning pass's alone, else the counts, and so the other inputs'
    # articles, would depend on which outputs another run holds at the moment.
    import fcntl

    (tmp_path / "in").mkdir()
    for stem, n in (("p", 3), ("q", 2)):
        records = [{"url": f"https://a.example/{stem}{i}", "text": f"Menu\nArticle {stem} {i} about the council."} for i in range(n)]
        (tmp_path / "in" / f"{stem}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "o").mkdir()
    part = tmp_path / "o" / ("p.jsonl" + writers.PART_SUFFIX)
    part.write_bytes(b"the other run's first pages")
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        stats = run(plan([str(tmp_path / "in")], tmp_path / "o", "jsonl"), Options(kind="jsonl", group_by="host"),
                    report=lambda message: None)
    assert (stats.counted, stats.grouped, stats.pages, stats.failures) == (5, 5, 2, {"output busy": 1})


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_text_input_not_in_utf8_is_reported_as_such_though_another_run_is_writing_its_output(tmp_path):
    # The input's own problem is found before the output is looked at: "left alone: rerun
    # once that run has ended" would send the user to a rerun that only then tells it.
    import fcntl

    source = tmp_path / "p.txt"
    source.write_bytes(b"Menu\n\xff\n")
    (tmp_path / "o").mkdir()
    part = tmp_path / "o" / ("p.txt" + writers.PART_SUFFIX)
    part.write_bytes(b"the other run's first pages")
    messages: list[str] = []
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        stats = run(plan([str(source)], tmp_path / "o"), Options(), report=messages.append)
    assert stats.failures == {"not UTF-8": 1}
    assert messages == [f"boilerplate: {source}: not valid UTF-8 at byte 5; convert it to UTF-8 first, or pass --errors replace"]
    assert part.read_bytes() == b"the other run's first pages"


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("kind, name", [("text", "p.txt"), ("parquet", "p.parquet")])
def test_the_input_after_one_found_busy_as_it_is_opened_gets_its_own_articles(tmp_path, monkeypatch, kind, name):
    # The busy input's pages in the chunk (a Parquet file's rows with text, not its nulls)
    # are passed over: the next input's pages, in the same chunk, get their own results.
    import fcntl

    (tmp_path / "in").mkdir()
    if kind == "text":
        (tmp_path / "in" / "p.txt").write_text(LABELLED[0], encoding="utf-8")
        (tmp_path / "in" / "q.txt").write_text(LABELLED[1], encoding="utf-8")
    else:
        pd.DataFrame({"text": [LABELLED[0], None, LABELLED[2]]}).to_parquet(tmp_path / "in" / "p.parquet")
        pd.DataFrame({"text": [LABELLED[1], LABELLED[3]]}).to_parquet(tmp_path / "in" / "q.parquet")
    (tmp_path / "o").mkdir()
    part = tmp_path / "o" / (name + writers.PART_SUFFIX)
    part.write_bytes(b"the other run's first pages")
    monkeypatch.setattr(readers, "_busy", lambda task: None)  # found free as it began
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        stats = run(plan([str(tmp_path / "in")], tmp_path / "o", kind), Options(kind=kind), report=lambda message: None)
    assert (stats.outputs, stats.failures) == (1, {"output busy": 1})
    q = tmp_path / "o" / ("q" + name[1:])
    if kind == "text":
        assert q.read_text(encoding="utf-8") == clean(LABELLED[1]) + "\n"
    else:
        assert pd.read_parquet(q)["text"].tolist() == [clean(LABELLED[1]), clean(LABELLED[3])]


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("made_anew", [False, True])
def test_a_part_file_its_run_renames_as_another_run_opens_it_is_let_go(tmp_path, monkeypatch, made_anew):
    # The other run renamed its finished .part file into place between this run's open and
    # lock: locked, that file (now the output) would have been emptied and written over.
    # made_anew: a third run has begun a new .part file under the name since; the file this
    # run opened is still gone from that name, and is let go.
    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    out = tmp_path / "o"
    out.mkdir()
    (out / "p.txt.part").write_bytes(b"the other run's whole output")
    real, calls = writers._lock_if_there, []

    def renamed_first(part, fd):
        if not calls:
            os.replace(part, out / "p.txt")  # the other run, done, renames it into place
            if made_anew:
                part.write_bytes(b"")  # the third run's new .part file, not locked yet
        calls.append(part)
        return real(part, fd)

    monkeypatch.setattr(writers, "_lock_if_there", renamed_first)
    run(plan([str(source)], out))
    assert len(calls) == 2  # let go, and the name opened anew
    assert (out / "p.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc (Linux)")
def test_a_tree_of_many_folders_is_cleaned_within_a_small_limit_of_open_files(tmp_path):
    # When a run held each folder it wrote into (its manifest open and locked) until its
    # end, a tree of 300 folders took 300 open files, over a limit that `ulimit -n` may set
    # (1,024 is common), and the run stopped with "Too many open files".
    import resource

    for i in range(300):
        (tmp_path / "in" / f"d{i:03}").mkdir(parents=True)
        (tmp_path / "in" / f"d{i:03}" / "p.txt").write_text(f"Page {i}.", encoding="utf-8")
    tasks = plan([str(tmp_path / "in")], tmp_path / "out")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 100, hard))
    try:
        stats = run(tasks)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert stats.outputs == 300 and not stats.failed
    assert output_names(tmp_path / "out" / "d299") == ["p.txt"]


def test_an_output_whose_manifest_line_cannot_be_written_is_not_put_in_place(tmp_path, monkeypatch):
    # A manifest that cannot be appended to (another user's, in a folder shared with
    # write access): the output was renamed over the old model's and the run stopped
    # before its line, so the manifest said the old model made it, and a rerun with the
    # old model skipped the new model's article as complete.
    from boilerplate.model import LinearModel, linear_model

    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    run(plan([str(source)], tmp_path / "o"))
    first = (tmp_path / "o" / "p.txt").read_bytes()
    real_open = open

    def refused(path, mode="r", *args, **kwargs):
        if Path(path).name == runner.MANIFEST and "a" in mode:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(runner, "open", refused, raising=False)
    shipped = linear_model()
    with pytest.raises(PermissionError):
        run(plan([str(source)], tmp_path / "o"), Options(model=LinearModel(-shipped.weights, -shipped.bias)))
    monkeypatch.undo()
    assert (tmp_path / "o" / "p.txt").read_bytes() == first and output_names(tmp_path / "o") == ["p.txt"]


def _html(data: bytes) -> bool:
    refused = planning._other_kind(planning.Task(Path("p.txt"), None, "text"), data)
    return refused is not None and refused.reason == "HTML"


def test_html_is_told_by_its_markup_not_by_a_first_line_that_names_a_tag():
    # A page's text whose first line names the tag (a tutorial's title) was refused as HTML;
    # XHTML's XML declaration, or a comment before the doctype, hid an HTML file.
    code = b'\n\n<!doctype html>\n<html lang="en">\n  <head></head>\n  <body></body>\n</html>\n'
    assert not _html(b"<html>: The HTML Document / Root element\n\nThe <html> element is the root." + code)
    assert not _html(b"<!DOCTYPE html> declaration: what it does\n\nIt comes before <html>." + code)
    assert _html(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"'
                 b' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
                 b"<head><title>t</title></head><body><p>a</p></body></html>")
    assert _html(b"<!-- generated 2024-02-01 -->\n<!-- cache: hit -->\n<!DOCTYPE html>\n<html><body><p>a</p></body></html>")
    assert _html(b"\xef\xbb\xbf \n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<HTML><BODY></BODY></HTML>")
    assert _html(b"<html>\n<head><title>t</title></head><body></body></html>")
    assert not _html(b"<!-- not closed <!DOCTYPE html><html><body></body></html>")


def test_long_jsonl_lines_close_a_chunk_before_chunk_pages_do(tmp_path, monkeypatch):
    # A chunk holds up to CHUNK_PAGES records or CHUNK_CHARS characters, raw lines counted
    # by their bytes: a file of long records must not send CHUNK_PAGES of them at a time.
    monkeypatch.setattr(readers, "CHUNK_CHARS", 1000)
    line = json.dumps({"text": "x" * 390}).encode("utf-8") + b"\n"
    assert 2 * len(line) < readers.CHUNK_CHARS <= 3 * len(line)
    (tmp_path / "p.jsonl").write_bytes(line * 7)
    tasks = plan([str(tmp_path / "p.jsonl")], None, "jsonl")
    chunks = list(runner._chunks(tasks, Options(kind="jsonl"), runner.Stats()))
    assert [sum(len(run[2]) for _, run in chunk.lines) for chunk in chunks] == [3, 3, 1]


def test_the_fingerprint_tells_apart_runs_with_another_config_or_model_bias():
    from boilerplate.model import linear_model

    shipped = linear_model()
    assert runner.fingerprint(Options(config=Config(threshold=0.75))) != runner.fingerprint(Options())
    assert runner.fingerprint(Options(model=shipped._replace(bias=shipped.bias + 1))) != runner.fingerprint(Options(model=shipped))


def test_the_url_field_is_part_of_the_fingerprint_only_in_corpus_mode():
    # Without --group-by no URL is read: a rerun that names another --url-field skips the complete outputs.
    assert runner.fingerprint(Options(kind="jsonl", url_field="link")) == runner.fingerprint(Options(kind="jsonl"))
    assert runner.fingerprint(Options(kind="jsonl", group_by="host", url_field="link")) != runner.fingerprint(
        Options(kind="jsonl", group_by="host"))


def test_the_code_digest_tells_an_edit_that_keeps_a_files_size_and_a_rename(tmp_path):
    # By name and content: a constant changed (0.4 to 0.5) is a change of the code, though no
    # size changed; so is a module renamed.
    package = tmp_path / "boilerplate"
    package.mkdir()
    (package / "cleaner.py").write_bytes(b"MARGIN = 0.4\n")
    before = runner.code_digest.__wrapped__(package)
    (package / "cleaner.py").write_bytes(b"MARGIN = 0.5\n")
    assert runner.code_digest.__wrapped__(package) != before
    edited = runner.code_digest.__wrapped__(package)
    (package / "cleaner.py").rename(package / "cleaners.py")  # a module renamed, its content kept
    assert runner.code_digest.__wrapped__(package) != edited


def test_the_fingerprint_tells_the_models_weights_its_bias_the_config_and_the_version(monkeypatch):
    import boilerplate
    from boilerplate.model import LinearModel, linear_model

    shipped = linear_model()
    weights = shipped.weights.copy()
    weights[0] += 0.5
    shipped_run = runner.fingerprint(Options())
    assert runner.fingerprint(Options(model=LinearModel(shipped.weights.copy(), shipped.bias))) == shipped_run
    assert runner.fingerprint(Options(model=LinearModel(weights, shipped.bias))) != shipped_run
    assert runner.fingerprint(Options(model=LinearModel(shipped.weights, shipped.bias + 0.5))) != shipped_run
    assert runner.fingerprint(Options(config=Config(threshold=0.9))) != shipped_run
    monkeypatch.setattr(boilerplate, "__version__", "0.0.0+another")
    assert runner.fingerprint(Options()) != shipped_run


def test_manifest_lines_that_name_no_output_with_a_run_say_nothing(tmp_path):
    # A line cut by a full disk, or edited into JSON that is no entry, neither stops the
    # rerun nor takes the output's own line from it: the output is still complete.
    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    run(plan([str(source)], tmp_path / "o"))
    manifest = tmp_path / "o" / runner.MANIFEST
    with open(manifest, "ab") as file:
        file.write(b'["p.txt"]\n{"output": ["p.txt"], "run": "x"}\n{"output": "p.txt", "run": 5}\n{"output": "p.txt", "ru')
    stats = run(plan([str(source)], tmp_path / "o"))
    assert (stats.skipped, stats.remade, stats.outputs) == (1, 0, 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_worker_is_set_to_die_with_its_runner_or_exits_when_the_runner_is_gone():
    # True: the kernel will kill it with the runner that forked it. A runner already gone
    # (its parent is another process) will send no signal: it exits at once, with code 1.
    import signal

    # The signal is SIGKILL, which no handler or SIG_IGN inherited from the runner can stop.
    code = (
        "import ctypes, sys; from boilerplate.workers import _die_with_parent; print(_die_with_parent(int(sys.argv[1])));"
        " sig = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0); print(sig.value)"  # PR_GET_PDEATHSIG
    )
    ours = subprocess.run([sys.executable, "-c", code, str(os.getpid())], capture_output=True, text=True)
    assert (ours.returncode, ours.stdout) == (0, f"True\n{int(signal.SIGKILL)}\n"), ours.stderr
    gone = subprocess.run([sys.executable, "-c", code, "0"], capture_output=True, text=True)
    assert (gone.returncode, gone.stdout) == (1, ""), gone.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked on Linux only")
@pytest.mark.parametrize("ignored", ["SIGHUP", "SIGTERM"])
def test_a_worker_starts_ignoring_ctrl_c_with_the_runners_stops_undone_and_one_blas_thread(sigint_raises, ignored):
    # Ctrl-C goes to the whole process group: the runner stops the run, its workers ignore
    # it. The SIGTERM and SIGHUP handlers the command line set, inherited, are undone in a
    # worker (the signal kills it as usual); one ignored when the run started (nohup's
    # SIGHUP) stays ignored. Each worker runs one BLAS thread: the workers already fill the cores.
    import signal

    import threadpoolctl

    stops = (signal.SIGTERM, signal.SIGHUP)
    before = {s: signal.signal(s, signal.SIG_IGN if s.name == ignored else lambda signum, frame: None) for s in stops}
    try:
        pool = workers._pool(2)
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
    try:
        held = {s.name: pool.submit(signal.getsignal, s).result() for s in (signal.SIGINT, *stops)}
        assert held == {"SIGINT": signal.SIG_IGN, **{s.name: signal.SIG_IGN if s.name == ignored else signal.SIG_DFL for s in stops}}
        libraries = pool.submit(threadpoolctl.threadpool_info).result()
        assert libraries and all(library["num_threads"] == 1 for library in libraries), libraries
    finally:
        pool.shutdown()


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_the_pages_of_every_kind_of_input(tmp_path, jobs):
    # Pages done, after each chunk: a text file is one, a JSON Lines file one per record
    # (a line that is no record is no page), a Parquet file one per row with text.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    lines = [json.dumps({"text": page}) for page in LABELLED[1:4]]
    (tmp_path / "r.jsonl").write_text("\n".join([lines[0], "not json", *lines[1:]]) + "\n", encoding="utf-8")
    pd.DataFrame({"text": [LABELLED[1], None, LABELLED[2]]}).to_parquet(tmp_path / "t.parquet")
    counts = {}
    for kind, name in [("text", "p.txt"), ("jsonl", "r.jsonl"), ("parquet", "t.parquet")]:
        done = []
        stats = run(plan([str(tmp_path / name)], tmp_path / "out", kind), Options(kind=kind), jobs=jobs,
                    report=lambda message: None, progress=done.append)
        counts[kind] = (sum(done), stats.pages)
    assert counts == {"text": (1, 1), "jsonl": (3, 3), "parquet": (2, 2)}


def test_a_run_that_writes_to_standard_output_only_takes_no_fingerprint(tmp_path, monkeypatch):
    # The fingerprint names outputs in their folder's manifest: standard output has none.
    def no_fingerprint(opts):
        raise AssertionError("a fingerprint taken")

    monkeypatch.setattr(runner, "fingerprint", no_fingerprint)
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    out = io.StringIO()
    assert run(plan([str(tmp_path / "p.txt")], None), stdout=out).outputs == 1
    assert out.getvalue() == clean(LABELLED[0]) + "\n"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_counting_pass_reports_every_page_it_reads_grouped_or_not(tmp_path, jobs):
    # counting gets the pages read by the first pass: those whose URL gives no host too.
    urls = ["https://a.example/1", "https://a.example/2", "not a url", None, "https://b.example/"]
    records = [{"url": url, "text": LABELLED[i]} for i, url in enumerate(urls)]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    read = []
    stats = run(plan([str(tmp_path / "r.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl", group_by="host"),
                jobs=jobs, counting=read.append)
    assert (sum(read), stats.counted, stats.grouped, stats.pages) == (5, 5, 3, 5)


@pytest.mark.parametrize("group_by", [None, "host"])
def test_a_run_with_jobs_leaves_no_worker_process_behind(tmp_path, monkeypatch, group_by):
    # Its pool is shut down as it ends, and in corpus mode the first pass's has ended before
    # the second pass's workers start: none is left once run() returns.
    import multiprocessing

    before = set(multiprocessing.active_children())
    starts = []
    real = workers._pool

    def pool(*args, **kwargs):
        starts.append(len([p for p in multiprocessing.active_children() if p not in before]))
        return real(*args, **kwargs)

    monkeypatch.setattr(workers, "_pool", pool)
    records = [{"url": f"https://a.example/{i}", "text": page} for i, page in enumerate(LABELLED)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    stats = run(plan([str(tmp_path / "in.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl", group_by=group_by), jobs=2)
    assert stats.pages == len(records) and starts == [0] * (1 if group_by is None else 2)
    assert [p for p in multiprocessing.active_children() if p not in before] == []


def test_the_workers_get_at_most_chunks_per_job_chunks_each_ahead_of_the_results():
    # Memory stays flat however long the input is: a chunk is read only once few enough
    # wait for their results, and results come in input order.
    def chunks():
        for i in range(12):
            chunk = readers._Chunk()
            chunk.page(LABELLED[i % len(LABELLED)])
            read.append(i)
            yield chunk

    read = []
    ahead = []
    for chunk, (results, _) in workers._ordered_map(chunks(), 2, Options()):
        ahead.append(len(read))
        assert [r.text for r in results] == [clean(chunk.texts[0])]
    assert len(ahead) == 12 and ahead[0] == 2 * workers.CHUNKS_PER_JOB + 1


def test_long_pages_close_a_parquet_row_group_before_row_group_rows_do(tmp_path, monkeypatch):
    # A row group holds ROW_GROUP_ROWS rows, or fewer once its pages hold ROW_GROUP_CHARS characters.
    import pyarrow.parquet as pq

    monkeypatch.setattr(writers, "ROW_GROUP_CHARS", 1)
    monkeypatch.setattr(readers, "CHUNK_PAGES", 2)  # read 2 rows at a time
    pd.DataFrame({"text": LABELLED}).to_parquet(tmp_path / "a.parquet")
    run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"))
    written = pq.ParquetFile(tmp_path / "out" / "a.parquet")
    assert [written.metadata.row_group(i).num_rows for i in range(written.num_row_groups)] == [2, 2, 1]
    assert pd.read_parquet(tmp_path / "out" / "a.parquet")["text"].tolist() == [clean(t) for t in LABELLED]


def test_a_text_inputs_bytes_in_are_its_pages_in_utf8_and_out_the_file_written(tmp_path):
    # README: bytes in and out are of the pages' text in UTF-8 (a Bengali letter takes three
    # bytes); out, for a text input, the file written: its article and final line feed.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    stats = run(plan([str(tmp_path / "p.txt")], tmp_path / "out"))
    assert stats.bytes_out == (tmp_path / "out" / "p.txt").stat().st_size > len(clean(LABELLED[0])) + 1
    assert stats.bytes_in == len(LABELLED[0].encode("utf-8")) > len(LABELLED[0])  # the page's, in UTF-8 too


def test_a_jsonl_inputs_bytes_in_and_out_are_its_pages_and_articles_in_utf8(tmp_path):
    # README: bytes in and out are of the pages' text in UTF-8 (a Bengali letter takes three
    # bytes); for records, the text field read and the article written, not the lines.
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in LABELLED[:2]), encoding="utf-8")
    stats = run(plan([str(tmp_path / "a.jsonl")], tmp_path / "out", "jsonl"), Options(kind="jsonl"))
    assert stats.bytes_in == sum(len(t.encode("utf-8")) for t in LABELLED[:2]) > sum(map(len, LABELLED[:2]))
    assert stats.bytes_out == sum(len(clean(t).encode("utf-8")) for t in LABELLED[:2]) > sum(len(clean(t)) for t in LABELLED[:2])


def test_a_part_files_name_is_measured_in_bytes():
    # A Bengali letter takes three bytes: NAME fits the limit, NAME.part does not, though
    # it is far under it in characters; opening it failed with "File name too long".
    limit = planning._name_max(Path("out"))
    name = "খ" * ((limit - len(".txt")) // 3) + ".txt"
    assert len(os.fsencode(name)) <= limit < len(os.fsencode(name + ".part"))
    assert writers._part(Path("out") / name).name == "." + hashlib.sha256(os.fsencode(name)).hexdigest()[:32] + ".part"


def test_failures_past_those_reported_are_summed_up_once_under_their_own_input(tmp_path):
    # REPORTED_PER_REASON failures of a kind are reported one by one; the rest of an input's
    # are counted in one line, under its name, as that input ends: none when there is no rest.
    shown = runner.REPORTED_PER_REASON
    (tmp_path / "a.jsonl").write_text("not json\n" * (shown + 2), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("not json\n" * shown, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": LABELLED[0]}) + "\n", encoding="utf-8")
    messages = []
    stats = run(plan([str(tmp_path / n) for n in ("a.jsonl", "b.jsonl", "c.jsonl")], tmp_path / "out", "jsonl"),
                Options(kind="jsonl"), report=messages.append)
    assert stats.failures == {"not JSON": 2 * shown + 2} and len(messages) == 2 * shown + 1
    assert [m for m in messages if "not shown" in m] == [
        f"boilerplate: {tmp_path / 'a.jsonl'}: 2 more failures (not JSON) not shown; each is marked in the output"]


def test_failures_past_those_reported_are_summed_up_also_when_the_input_then_fails_as_a_whole(tmp_path, monkeypatch):
    # Found auditing the README ("the rest counted in one line at the input's end"): an input
    # whose reading broke off after more than REPORTED_PER_REASON failures of a kind ended
    # without that line, its rest counted in the summary alone. It gets no output, so the
    # line says nothing of marks in it.
    shown = runner.REPORTED_PER_REASON
    source = tmp_path / "a.jsonl"
    source.write_text("not json\n" * (shown + 2) + '{"text": "a"}\n', encoding="utf-8")

    stats, messages = run_reading_broken(monkeypatch, source, lines_breaking_at(shown + 3), "jsonl", tmp_path / "out")
    assert (stats.outputs, stats.failures) == (0, {"not JSON": shown + 2, "unreadable file": 1})
    assert messages[shown:] == [f"boilerplate: {source}: 2 more failures (not JSON) not shown",
                                f"boilerplate: {source}: reading stopped ({os.strerror(errno.EIO)})"]
    assert output_names(tmp_path / "out") == []


@pytest.mark.parametrize("kind, name", [("jsonl", "e.jsonl"), ("wet", "e.warc.wet")])
def test_corpus_mode_over_no_records_says_nothing_of_urls(tmp_path, kind, name):
    # The warning that no URL gave a host is for records read: an empty input has none.
    (tmp_path / name).write_bytes(b"")
    messages = []
    stats = run(plan([str(tmp_path / name)], tmp_path / "out", kind), Options(kind=kind, group_by="host"),
                report=messages.append)
    assert (messages, stats.outputs, stats.counted) == ([], 1, 0)


def test_a_mark_after_a_null_one_in_the_same_search_block_is_found(tmp_path):
    # Each occurrence of the key in a block is looked at, not only the first: a record cleaned
    # after an earlier mark (null) comes before a record marked now.
    out = tmp_path / "a.jsonl"
    task = planning.Task(tmp_path / "in.jsonl", out, "jsonl")
    null = f'{{"text": "b", "{ERROR_FIELD}": null}}\n'
    out.write_text(null + f'{{"text": "c", "{ERROR_FIELD}": "not cleaned"}}\n', encoding="utf-8")
    assert readers._holds_marks(task)
    out.write_text(null * 2, encoding="utf-8")
    assert not readers._holds_marks(task)


@pytest.mark.parametrize("first", [True, False], ids=["the error column first", "the error column last"])
def test_marks_are_found_in_a_parquet_output_wherever_its_error_column_is(tmp_path, first):
    out = tmp_path / "a.parquet"
    task = planning.Task(tmp_path / "in.parquet", out, "parquet")
    for marks, held in ((["not cleaned", None], True), ([None, None], False)):
        columns = {ERROR_FIELD: pd.Series(marks, dtype="string"), "text": pd.Series(["a", "b"], dtype="string")}
        pd.DataFrame(columns if first else dict(reversed(columns.items()))).to_parquet(out)
        assert readers._holds_marks(task) is held


def test_text_inputs_go_to_the_workers_in_chunks_of_chunk_pages(tmp_path, monkeypatch):
    # A text input is one page: a chunk closes once CHUNK_PAGES inputs fill it, not only at the run's end.
    monkeypatch.setattr(readers, "CHUNK_PAGES", 2)
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text(f"Page {i}.", encoding="utf-8")
    tasks = plan([str(tmp_path / f"p{i}.txt") for i in range(5)], tmp_path / "out")
    chunks = list(runner._chunks(tasks, Options(), runner.Stats()))
    assert [chunk.texts for chunk in chunks] == [["Page 0.", "Page 1."], ["Page 2.", "Page 3."], ["Page 4."]]


@pytest.mark.parametrize("chars, sizes", [(400, [3, 2]), (500, [2, 2, 1])], ids=["past CHUNK_CHARS", "at CHUNK_CHARS exactly"])
def test_long_text_pages_close_a_chunk_before_chunk_pages_do(tmp_path, monkeypatch, chars, sizes):
    # A chunk closes once its characters reach CHUNK_CHARS (two pages of 500 reach 1,000:
    # one page more is not waited for), as reaching CHUNK_PAGES closes it.
    monkeypatch.setattr(readers, "CHUNK_CHARS", 1000)
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text(str(i) * chars, encoding="utf-8")
    tasks = plan([str(tmp_path / f"p{i}.txt") for i in range(5)], tmp_path / "out")
    chunks = list(runner._chunks(tasks, Options(), runner.Stats()))
    assert [len(chunk.texts) for chunk in chunks] == sizes


def test_compressed_names_are_read_whatever_their_case():
    def message(name, kind, head):
        refused = planning._compressed(planning.Task(Path(name), None, kind), head)
        return refused.reason, refused.message

    # an empty download cut off, and the advice that names the kind the unpacked name says
    assert message("CRAWL.JSONL.GZ", "jsonl", b"")[0] == "empty compressed file"
    assert "zcat CRAWL.JSONL.GZ | boilerplate clean --jsonl -" in message("CRAWL.JSONL.GZ", "text", b"\x1f\x8b\x08\x00")[1]
    assert message("ROWS.PARQUET.GZ", "text", b"\x1f\x8b\x08\x00")[1].endswith(", then clean that with --parquet and --out DIR")
    # the kind given stays in the advice when it is not text, whatever the name says
    assert "zstdcat crawl.jsonl.zst | boilerplate clean --wet -" in message("crawl.jsonl.zst", "wet", b"\x28\xb5\x2f\xfd")[1]


def test_a_file_whose_name_names_another_compression_is_decompressed_in_place():
    # zstd data named x.warc.wet.gz was told "zstdcat x.warc.wet.gz > x.warc.wet, then clean
    # that": the folder run done again then read both files, and stopped.
    zstd = b"\x28\xb5\x2f\xfd"
    task = planning.Task(Path("in/x.warc.wet.gz"), Path("out/x.warc.wet.jsonl"), "wet")
    assert planning._compressed(task, zstd).message == (
        "zstd-compressed: decompress it in place first, e.g. zstdcat in/x.warc.wet.gz > in/x.warc.wet.gz.decompressed "
        "&& mv in/x.warc.wet.gz.decompressed in/x.warc.wet.gz"
    )
    named = planning.Task(Path("in/x.warc.wet.zst"), Path("out/x.warc.wet.jsonl"), "wet")
    assert planning._compressed(named, zstd).message.endswith("zstdcat in/x.warc.wet.zst > in/x.warc.wet, then clean that")


def test_a_printed_command_writes_no_file_that_is_there(tmp_path):
    # "zcat a.jsonl.gz > a.jsonl, then clean that" was printed with a.jsonl beside it: the
    # command done overwrote it, as "... > b.jsonl.decompressed && mv ..." would its own file.
    gzip_head = b"\x1f\x8b\x08\x00"
    for name in ("a.jsonl", "a.1.jsonl", "b.jsonl.decompressed"):
        (tmp_path / name).write_text("mine\n", encoding="utf-8")
    named = planning._compressed(planning.Task(tmp_path / "a.jsonl.gz", tmp_path / "o", "jsonl"), gzip_head).message
    assert named.endswith(f"zcat {tmp_path / 'a.jsonl.gz'} > {tmp_path / 'a.2.jsonl'}, then clean that")
    plain = planning._compressed(planning.Task(tmp_path / "b.jsonl", tmp_path / "o", "jsonl"), gzip_head).message
    target = tmp_path / "b.jsonl.1.decompressed"
    assert plain.endswith(f"zcat {tmp_path / 'b.jsonl'} > {target} && mv {target} {tmp_path / 'b.jsonl'}")
    # a link counts as there, even one to nothing: writing through it makes its target
    (tmp_path / "c.jsonl").symlink_to(tmp_path / "nowhere")
    linked = planning._compressed(planning.Task(tmp_path / "c.jsonl.gz", tmp_path / "o", "jsonl"), gzip_head).message
    assert linked.endswith(f"> {tmp_path / 'c.1.jsonl'}, then clean that")
    assert all((tmp_path / name).read_text(encoding="utf-8") == "mine\n" for name in ("a.jsonl", "a.1.jsonl", "b.jsonl.decompressed"))


def test_an_html_page_named_as_text_keeps_its_html_under_a_name_not_taken(tmp_path):
    # README: "mv a.txt a.html && w3m ... a.html > a.txt", and "a.1.html where an a.html
    # is": moved onto an a.html there, the command would lose that file.
    (tmp_path / "a.html").write_text("mine\n", encoding="utf-8")
    page, kept = tmp_path / "a.txt", tmp_path / "a.1.html"
    message = planning._other_kind(planning.Task(page, None, "text"), b"<html><p>a</p></html>").message
    assert f"e.g. mv {page} {kept} && w3m -dump -O UTF-8 -T text/html {kept} > {page};" in message


def test_a_compressed_parquet_file_given_as_text_in_a_run_with_out_is_told_only_to_give_parquet(tmp_path):
    # "--parquet and --out DIR" is for a run without --out (Parquet is written to a folder
    # only); a run with one is told --parquet alone, as _other_kind tells it.
    source = tmp_path / "rows.parquet.gz"
    refused = planning._compressed(planning.Task(source, tmp_path / "out" / "rows.parquet.gz", "text"), b"\x1f\x8b\x08\x00")
    assert refused.message.endswith(f"zcat {source} > {tmp_path / 'rows.parquet'}, then clean that with --parquet")


def test_the_printed_commands_take_a_file_named_like_an_option_for_a_file(tmp_path):
    # "zcat -z.jsonl > -z.jsonl.decompressed && mv ..." was printed for ./-z.jsonl: zcat took
    # the name for options ("invalid option -- 'z'"), and so did iconv and w3m.
    import gzip
    import shutil

    def message(name, kind, head, output=True):
        task = planning.Task(Path(name), Path("out") / name if output else None, kind)
        return (planning._compressed(task, head) or planning._other_kind(task, head)).message

    gz = gzip.compress(b'{"text": "a page"}\n')
    assert message("-z.jsonl", "jsonl", gz).endswith(
        "zcat ./-z.jsonl > ./-z.jsonl.decompressed && mv ./-z.jsonl.decompressed ./-z.jsonl")
    assert message("-z.jsonl.gz", "jsonl", gz).endswith("zcat ./-z.jsonl.gz > ./-z.jsonl, then clean that")
    assert "zcat ./-z.jsonl.gz | boilerplate clean --jsonl -" in message("-z.jsonl.gz", "jsonl", gz, output=False)
    assert "mv ./-p.txt ./-p.html && w3m -dump -O UTF-8 -T text/html ./-p.html > ./-p.txt" in message(
        "-p.txt", "text", b"<html><p>a</p></html>")
    if shutil.which("zcat") is None:
        pytest.skip("zcat is not installed")
    (tmp_path / "-z.jsonl").write_bytes(gz)
    command = message("-z.jsonl", "jsonl", gz).split("e.g. ", 1)[1]
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "-z.jsonl").read_bytes() == b'{"text": "a page"}\n'


def test_the_printed_commands_name_a_file_whose_name_is_not_utf8_by_its_bytes(tmp_path):
    # A name's bytes that are not UTF-8 were printed as Python holds them, 'bad\\udcff.txt':
    # pasted, the command named a file that is not there.
    import shutil

    if shutil.which("bash") is None or shutil.which("iconv") is None:
        pytest.skip("bash or iconv is not installed")
    name = os.fsdecode(b"bad\xff it's.txt")
    (tmp_path / name).write_bytes("\ufeffa page\n".encode("utf-16-le"))
    message = planning._wide(planning.Task(Path(name), Path("out") / name, "text"), (tmp_path / name).read_bytes()).message
    command = message.split("e.g. ", 1)[1]
    assert command.startswith("iconv -f UTF-16 -t UTF-8 $'bad\\xff it\\'s.txt' > "), command
    assert command.isascii()  # printed as it is: no '\\udcff'
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert os.listdir(tmp_path) == [name] and (tmp_path / name).read_bytes() == b"a page\n"


def test_a_jsonl_input_whose_first_line_starts_like_parquet_is_parquet_even_as_valid_utf8():
    refused = planning._other_kind(planning.Task(Path("rows.jsonl"), None, "jsonl"), b"PAR1\x15\x04\x15\n")
    assert refused is not None and refused.reason == "Parquet"


def test_a_parquet_file_given_with_jsonl_is_parquet_even_when_its_first_line_looks_like_utf32(tmp_path):
    # Found by mutation review: JSON Lines asked _wide before _other_kind. Uncompressed,
    # a first column of small integers is two or three NUL bytes in every four (and
    # holds no newline), so the first "line" read as UTF-32 without a mark, and the
    # advice was to iconv a Parquet file. No UTF-16 or UTF-32 text starts with PAR1.
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    source = tmp_path / "r.parquet"
    table = pa.table({"n": pa.array([65] * 3000, pa.int32()), "text": ["a"] * 3000})
    pq.write_table(table, source, compression="none", use_dictionary=False)
    first = source.read_bytes().split(b"\n")[0]
    assert planning._wide_encoding(first) is not None  # what made the mistake possible
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    assert stats.failures == {"Parquet": 1} and stats.outputs == 0
    assert messages == [
        f"boilerplate: {source}: a Parquet file; clean its text column with --parquet, not --jsonl (and --field NAME)"
    ]


def test_only_the_first_line_of_a_jsonl_input_is_looked_at_for_another_kind_of_file(tmp_path):
    # A later line like a Parquet file's start is one bad record, marked; the others clean.
    source = tmp_path / "a.jsonl"
    source.write_bytes(b'{"text": "Menu\\nThe council met."}\nPAR1\x15\x04 not JSON\n{"text": "The vote was held."}\n')
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out", "jsonl"), Options(kind="jsonl"), report=messages.append)
    assert (stats.outputs, stats.pages, stats.failures) == (1, 2, {"not JSON": 1})
    assert len(messages) == 1 and messages[0].startswith(f"boilerplate: {source}: line 2: not JSON (")
    out = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert out[1][planning.RAW_FIELD] == "PAR1\x15\x04 not JSON" and "text" in out[2]


def test_a_parquet_file_given_as_text_is_parquet_even_when_its_bytes_look_like_utf32(tmp_path):
    # A Parquet file is asked for before UTF-16 and UTF-32: uncompressed, a column of
    # small integers is mostly NUL bytes, and the advice would be to iconv it.
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    source = tmp_path / "r.parquet"
    table = pa.table({"n": pa.array([65] * 3000, pa.int32()), "text": ["a"] * 3000})
    pq.write_table(table, source, compression="none", use_dictionary=False)
    assert planning._wide_encoding(source.read_bytes()) is not None  # what the order guards against
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out"), Options(), report=messages.append)
    assert stats.failures == {"Parquet": 1} and stats.outputs == 0
    assert messages == [f"boilerplate: {source}: a Parquet file; clean its text column with --parquet (and --field NAME)"]


def test_a_compressed_file_named_jsonl_given_as_text_gets_advice_for_both(tmp_path):
    # Compression is asked for before the JSON Lines name: its advice decompresses and
    # names --jsonl at once, where "use --jsonl" would only lead to the compression.
    import gzip

    source = tmp_path / "crawl.jsonl"
    source.write_bytes(gzip.compress(b'{"text": "a"}\n'))
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out"), Options(), report=messages.append)
    assert stats.failures == {"compressed": 1}
    assert messages == [
        f"boilerplate: {source}: gzip-compressed: decompress it in place first, e.g. zcat {source} > {source}.decompressed "
        f"&& mv {source}.decompressed {source}, then clean it with --jsonl"
    ]
    # without --out, piped: the records are printed
    run(plan([str(source)], None), Options(), report=messages.append, stdout=io.TextIOWrapper(io.BytesIO()))
    assert messages[1] == f"boilerplate: {source}: gzip-compressed: decompress it first, e.g. zcat {source} | boilerplate clean --jsonl -"


def test_a_text_input_not_in_utf8_is_reported_at_its_byte_without_naming_a_line(tmp_path):
    # A text input is one page: its byte counts from the file's start and no line is named
    # (a JSON Lines line's message says "of the file" to tell its byte from the line's).
    source = tmp_path / "p.txt"
    source.write_bytes("খবর\n".encode("utf-8") + b"\xff rest\n")
    messages: list[str] = []
    stats = run(plan([str(source)], tmp_path / "out"), Options(), report=messages.append)
    assert stats.failures == {"not UTF-8": 1} and stats.outputs == 0
    assert messages == [f"boilerplate: {source}: not valid UTF-8 at byte 10; convert it to UTF-8 first, or pass --errors replace"]


def test_a_parquet_or_jsonl_file_given_as_text_is_told_by_its_name_whatever_its_case_or_by_its_bytes_from_a_pipe():
    jsonl = planning._other_kind(planning.Task(Path("CRAWL.JSONL"), None, "text"), b'{"text": "a"}\n')
    assert jsonl is not None and jsonl.reason == "JSON Lines"
    # a pipe given by its path is read once: Parquet, read by seeking, must be saved to a file first
    piped = planning._other_kind(planning.Task(Path("/dev/fd/63"), None, "text", stream=True), b"PAR1\x15\x04...PAR1")
    assert piped.message == "a Parquet file; save it to a file and clean that with --parquet and --out DIR"


def test_a_part_files_name_that_just_fits_is_kept_readable():
    limit = planning._name_max(Path("out"))
    name = "a" * (limit - len(".txt.part")) + ".txt"  # NAME.part is limit bytes long: it fits
    assert writers._part(Path("out") / name).name == name + ".part"
    assert writers._part(Path("out") / ("a" + name)).name.startswith(".")  # a byte longer: the hashed name


def test_a_comment_of_several_lines_before_the_doctype_hides_no_html_file():
    assert _html(b"<!--\n  generated 2024-02-01\n-->\n<!DOCTYPE html>\n<html><body><p>a</p></body></html>")


def test_html_closes_a_tag_within_its_head():
    # a page's text about the tags it names opens them only; a closing tag past the head is not looked for
    assert not _html(b"<html>\n<body> is the element that holds what the page shows.\n")
    assert not _html(b"<html>\n<body> " + b"a" * planning.HTML_HEAD + b"</body></html>")
    assert _html(b"<html>\n<body> " + b"a" * (planning.HTML_HEAD - 20) + b"</body></html>")


def test_html_closes_a_tag_whole_within_its_first_4096_bytes():
    # README: "closes a tag (`</`) in its first 4,096 bytes"; both its bytes count.
    start = b"<html>\n<body> "
    assert _html(start + b"a" * (4094 - len(start)) + b"</body></html>")  # "</" is bytes 4094 and 4095
    assert not _html(start + b"a" * (4095 - len(start)) + b"</body></html>")


def test_a_charset_declared_by_utf8_html_whose_head_ends_inside_a_letter_is_let_be():
    # The head is the first 4,096 bytes: UTF-8 cut inside a letter at its end still belies
    # the declaration, and -I iso-8859-1 would have w3m write "Ã©" for each "é".
    start = b"<html><head><meta charset=iso-8859-1><title>"
    start += b" " * ((planning.HTML_HEAD - len(start) + 1) % 2)  # the 4,096th byte is the first of an "é"
    page = start + "é".encode("utf-8") * planning.HTML_HEAD
    assert page[planning.HTML_HEAD - 1 : planning.HTML_HEAD] == b"\xc3"
    assert planning.html_render_command(page) == "w3m -dump -O UTF-8 -T text/html"


def test_the_render_command_goes_by_a_charset_declared_in_the_head_only_and_not_by_one_of_utf16():
    # label reads the first 4,096 bytes alone: clean, which has the whole page, must
    # tell the same command. A page read as bytes is no UTF-16 whatever it says.
    late = b"<html><head>" + b" " * planning.HTML_HEAD + b'<meta charset="windows-1252"><title>caf\xe9</title>'
    assert planning.html_render_command(late) == "w3m -dump -O UTF-8 -T text/html"
    for charset in (b"utf-16", b"UTF-16LE", b"utf_16be", b"unicode"):
        assert planning.html_render_command(b'<html><head><meta charset="' + charset + b'"><title>t</title>') == (
            "w3m -dump -O UTF-8 -T text/html"), charset


def test_a_wet_files_name_is_read_whatever_its_case():
    refused = planning._wet_given(planning.Task(Path("CC-MAIN-1.WARC.WET"), None, "text"), b"")
    assert refused is not None and refused.reason == "WET"


def test_input_read_once_as_it_came_is_told_to_go_through_the_converter_in_a_pipe():
    utf16 = "\ufeffnews".encode("utf-16-le")
    piped = planning._wide(planning.Task(Path("/dev/fd/63"), None, "text", stream=True), utf16).message
    assert piped.endswith("e.g. ... | iconv -f UTF-16 -t UTF-8 | boilerplate clean -")
    assert planning._wide(planning.Task(None, None, "text"), utf16).message.endswith("| boilerplate clean -")
    # an HTML page likewise (rendered "in place", a pipe's path would be moved and written
    # to), into a command that repeats the run's options that shape the output
    html, opts = b"<html><p>a</p></html>", Options(command_options=("--errors=replace",))
    rendered = planning._other_kind(planning.Task(Path("/dev/fd/63"), None, "text", stream=True), html, opts).message
    assert "e.g. ... | w3m -dump -O UTF-8 -T text/html | boilerplate clean --errors=replace -;" in rendered


def test_a_new_field_of_a_spliced_record_is_written_in_utf8_like_its_value():
    line = readers._spliced(readers._read_record('{"text": "a"}'), {"লেখা": "খবর"}).decode("utf-8")
    assert line == '{"text": "a", "লেখা": "খবর"}\n'


def test_a_utf8_errors_offset_counts_the_byte_order_mark():
    with pytest.raises(UnicodeDecodeError) as raised:
        readers._decode(readers.UTF8_BOM + b"ab\xff", "strict")
    assert (raised.value.start, raised.value.end) == (5, 6)  # both, so that they still span the bad byte


def test_wide_text_is_told_at_its_bounds():
    # exactly a third of the bytes NUL is not more than a third: UTF-8 text
    assert planning._wide_encoding(b"a\x00b\x00cd") is None
    # two characters of UTF-32 are eight bytes: enough to tell it
    assert planning._wide_encoding("ab".encode("utf-32-le")) == "UTF-32LE"
    assert planning._wide_encoding("ab".encode("utf-32-be")) == "UTF-32BE"
    # nine in ten high bytes NUL (a character past the Basic Multilingual Plane), half the low bytes NUL (U+0100)
    assert planning._wide_encoding(("a" * 9 + "\U0001f600").encode("utf-32-le")) == "UTF-32LE"
    assert planning._wide_encoding(("a\u0100" * 4).encode("utf-32-le")) == "UTF-32LE"
    assert planning._wide_encoding(("a\u0100" * 4).encode("utf-32-be")) == "UTF-32BE"
    # nine in ten NULs at odd offsets, or at even ones: UTF-16 (two of twenty characters U+0100)
    assert planning._wide_encoding(("a" * 18 + "\u0100" * 2).encode("utf-16-le")) == "UTF-16LE"
    assert planning._wide_encoding(("a" * 18 + "\u0100" * 2).encode("utf-16-be")) == "UTF-16BE"
    # only the head is looked at: a UTF-8 page whose NULs come later is no UTF-16
    assert planning._wide_encoding(b"a" * planning.WIDE_HEAD + "x".encode("utf-16-le") * (2 * planning.WIDE_HEAD)) is None


def test_a_blank_last_line_of_a_jsonl_input_is_written_back_with_a_newline():
    # every output line ends with one, so that a record added after it starts a line of its own
    assert readers._jsonl_record(Options(kind="jsonl"), 0, b"  ") == (None, b"  \n", None)


@pytest.mark.parametrize("broken", [1, 2])
def test_a_parquet_file_broken_in_a_later_row_group_is_reported_at_the_first_row_not_read(tmp_path, broken):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [f"page number {i} of the file" for i in range(3 * readers.CHUNK_PAGES)]
    pq.write_table(pa.table({"text": rows}), tmp_path / "a.parquet", row_group_size=readers.CHUNK_PAGES, compression="none")
    offset = pq.ParquetFile(tmp_path / "a.parquet").metadata.row_group(broken).column(0).data_page_offset
    data = bytearray((tmp_path / "a.parquet").read_bytes())
    data[offset : offset + 8] = b"\xff" * 8  # the broken row group's page header
    (tmp_path / "a.parquet").write_bytes(bytes(data))
    messages = []
    stats = run(plan([str(tmp_path / "a.parquet")], tmp_path / "o", "parquet"), Options(kind="parquet"), report=messages.append)
    assert stats.failures == {"bad Parquet": 1}
    assert f"a.parquet: reading stopped at row {broken * readers.CHUNK_PAGES + 1} (" in messages[0]


@pytest.mark.parametrize("kind, name", [("text", "a.txt"), ("jsonl", "a.jsonl"), ("wet", "a.wet"), ("parquet", "a.parquet")])
def test_an_empty_file_gives_an_empty_output_but_for_parquet_which_cannot_be_read(tmp_path, kind, name):
    # README: an empty text, JSON Lines or WET file gives an empty output; a zero-byte
    # Parquet file is no Parquet file (it has no footer, no schema to write): reported.
    pytest.importorskip("pyarrow")
    (tmp_path / name).write_bytes(b"")
    messages = []
    stats = run(plan([str(tmp_path / name)], tmp_path / "o", kind), Options(kind=kind), report=messages.append)
    output = tmp_path / "o" / planning._output_name(Path(name), kind)
    if kind == "parquet":
        assert stats.failures == {"bad Parquet": 1} and not output.exists()
        assert len(messages) == 1 and messages[0].startswith(f"boilerplate: {tmp_path / name}: cannot be read as Parquet (")
    else:
        assert not stats.failures and not messages and output.read_bytes() == b""


def test_a_json_value_other_than_an_object_that_holds_the_marks_key_is_no_mark():
    assert not readers._marked(b'["boilerplate_error", "x"]\n')


def test_missing_values_are_counted_in_the_text_column_after_a_nested_one(tmp_path):
    # A struct column has a Parquet leaf column per field: the text column's index among the
    # top-level columns is not its index among the leaves, whose statistics say the nulls.
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"meta": [{"a": 1, "b": 2}, {"a": 3, "b": 4}], "text": [LABELLED[0], None]})
    pq.write_table(table, tmp_path / "a.parquet")
    with pq.ParquetFile(tmp_path / "a.parquet") as reader:
        assert readers._null_count(reader, "text") == 1


@pytest.mark.parametrize("statistics", [True, False])
def test_missing_values_are_counted_over_every_row_group(tmp_path, statistics):
    # The last row group holds none: the count is of the file, from each group's statistics or by reading.
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": [None, None, None, LABELLED[0], None, LABELLED[1], *LABELLED[2:5]]})
    pq.write_table(table, tmp_path / "a.parquet", row_group_size=3, write_statistics=statistics)
    with pq.ParquetFile(tmp_path / "a.parquet") as reader:
        assert reader.metadata.num_row_groups == 3
        assert (reader.metadata.row_group(0).column(0).statistics is not None) == statistics
        assert readers._null_count(reader, "text") == 4


def test_an_error_column_of_no_text_type_takes_this_runs_marks(tmp_path):
    # An earlier output edited, or a file made with an all-null error column (pyarrow's null type):
    # the column is written as text, holding the marks of this run.
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": [LABELLED[0], None], ERROR_FIELD: pa.array([None, None], pa.null())})
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "a.parquet")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "o", "parquet"), Options(kind="parquet"), report=lambda m: None)
    assert stats.failures == {"field not a string": 1}
    out = pq.read_table(tmp_path / "o" / "a.parquet")
    assert out.column_names == ["text", ERROR_FIELD] and pa.types.is_string(out.schema.field(ERROR_FIELD).type)
    assert [mark is not None for mark in out.column(ERROR_FIELD).to_pylist()] == [False, True]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="makes named pipes")
def test_paths_of_a_folder_that_cannot_be_cleaned_are_planned_in_sorted_order(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        os.mkfifo(src / name)
    tasks = plan([str(src)], tmp_path / "out")
    assert [(t.source.name, t.error[0]) for t in tasks] == [(n, "not a regular file") for n in ("a.txt", "b.txt", "c.txt")]


def test_an_earlier_runs_outputs_inside_an_input_folder_given_by_a_symlink_are_no_inputs(tmp_path):
    # The output folder is found inside the input folder by their resolved paths: the
    # files walked under the link's name are resolved too, or a rerun took the first
    # run's outputs for inputs (and refused to write x.txt's output over one of them).
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("page", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "in")
    out = tmp_path / "link" / "out"
    first = plan([str(tmp_path / "link")], out)
    for task in first:
        task.output.parent.mkdir(parents=True, exist_ok=True)
        task.output.write_text("done", encoding="utf-8")
    assert [(t.source, t.output) for t in plan([str(tmp_path / "link")], out)] == [(t.source, t.output) for t in first]


def test_a_stream_is_told_by_its_bytes_not_by_a_name():
    # Standard input has no name, and a pipe given by its path has a pipe's: an empty
    # stream is an empty input, and one of text is a page, whatever a file so named would be.
    assert planning._compressed(planning.Task(None, None, "text", stream=True), b"") is None
    piped = {name: planning.Task(Path(name), None, "text", stream=True) for name in ("x.jsonl.gz", "x.jsonl", "x.warc.wet")}
    assert planning._compressed(piped["x.jsonl.gz"], b"") is None
    assert planning._other_kind(piped["x.jsonl"], b"a page") is None
    assert planning._wet_given(piped["x.warc.wet"], b"a page") is None


def test_a_text_input_that_starts_with_par1_is_parquet_only_whole_or_cut_off():
    task = planning.Task(Path("page.txt"), None, "text")
    # a Parquet file cut off: its closing PAR1 is missing, and its bytes are not UTF-8
    assert planning._other_kind(task, b"PAR1\x15\x04\x15\xb4\x01").reason == "Parquet"
    # a page whose first word is the magic number is text
    assert planning._other_kind(task, b"PAR1 starts every Parquet file.\n") is None


def test_a_compressed_text_input_is_told_a_command_that_cleans_it_as_text():
    # text is the kind without an option: --text would be refused
    gzip_head = b"\x1f\x8b\x08\x00"
    named = planning._compressed(planning.Task(Path("p.txt"), None, "text"), gzip_head).message
    assert named == "gzip-compressed: decompress it first, e.g. zcat p.txt | boilerplate clean -"
    piped = planning._compressed(planning.Task(None, None, "text", stream=True), gzip_head).message
    assert piped == "gzip-compressed: decompress it first, e.g. ... | zcat | boilerplate clean -"
    # a pipe given by its path, <(cat a.gz), is gone once read: "zcat /dev/fd/63 | ..." named it
    by_path = planning._compressed(planning.Task(Path("/dev/fd/63"), None, "jsonl", stream=True), gzip_head).message
    assert by_path == "gzip-compressed: decompress it first, e.g. ... | zcat | boilerplate clean --jsonl -"


def test_a_compressed_input_given_with_an_option_is_told_to_clean_it_with_that_option_whatever_its_name():
    # Only a text input is told the kind its name gives (README: "a text input named as
    # compressed Parquet"); the paths in the command are quoted for a shell.
    gzip_head, zstd_head = b"\x1f\x8b\x08\x00", b"\x28\xb5\x2f\xfd"
    jsonl = planning._compressed(planning.Task(Path("rows.parquet.gz"), None, "jsonl"), gzip_head).message
    assert jsonl == "gzip-compressed: decompress it first, e.g. zcat rows.parquet.gz | boilerplate clean --jsonl -"
    parquet = planning._compressed(planning.Task(Path("my rows.parquet.zst"), None, "parquet"), zstd_head).message
    assert parquet == ("zstd-compressed: decompress it to a file first, e.g. zstdcat 'my rows.parquet.zst' > 'my rows.parquet', "
                       "then clean that")


def test_a_part_file_that_a_killed_run_left_is_cut_before_it_is_written_again(tmp_path):
    # _open_part opens the .part file without truncating it (another run may be writing
    # it), and cuts it only once it holds the lock: a killed run's longer .part file must
    # not leave its tail after the new article.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / ("p.txt" + writers.PART_SUFFIX)).write_bytes(b"x" * 2 * len(LABELLED[0].encode("utf-8")))
    stats = run(plan([str(tmp_path / "p.txt")], tmp_path / "o"))
    assert (stats.outputs, stats.failed) == (1, 0)
    assert (tmp_path / "o" / "p.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"
    assert output_names(tmp_path / "o") == ["p.txt"]


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_part_file_that_another_run_only_looks_at_is_not_busy(tmp_path):
    # _busy takes a shared lock to look: two runs looking at one .part file at once must
    # not take each other for its writer, which holds the exclusive lock.
    import fcntl

    output = tmp_path / "p.txt"
    part = writers._part(output)
    part.write_bytes(b"")
    task = planning.Task(tmp_path / "in" / "p.txt", output, "text")
    with open(part, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)  # the other run's look
        assert writers._busy(task) is None
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # the other run writing it
        assert writers._busy(task) == writers._BUSY.format(part=part)
    assert writers._busy(task) is None


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_look_at_an_output_no_run_has_begun_makes_no_part_file(tmp_path):
    # _busy makes no file: where no .part file is there, it finds the output free and
    # leaves none (one left by a run whose input then fails would stay there).
    task = planning.Task(tmp_path / "in" / "p.txt", tmp_path / "o" / "p.txt", "text")
    (tmp_path / "o").mkdir()
    assert writers._busy(task) is None
    assert list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("more, groups", [(0, [2, 2, 1]), (1, [4, 1])])
def test_a_parquet_row_group_closes_when_its_articles_reach_row_group_chars(tmp_path, monkeypatch, more, groups):
    # Reaching ROW_GROUP_CHARS closes the row group, as reaching ROW_GROUP_ROWS does; one character short does not.
    import pyarrow.parquet as pq

    article = clean(LABELLED[0])
    monkeypatch.setattr(writers, "ROW_GROUP_CHARS", 2 * len(article) + more)
    monkeypatch.setattr(readers, "CHUNK_PAGES", 2)  # read 2 rows at a time
    pd.DataFrame({"text": [LABELLED[0]] * 5}).to_parquet(tmp_path / "a.parquet")
    run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"))
    written = pq.ParquetFile(tmp_path / "out" / "a.parquet")
    assert [written.metadata.row_group(i).num_rows for i in range(written.num_row_groups)] == groups
    assert pd.read_parquet(tmp_path / "out" / "a.parquet")["text"].tolist() == [article] * 5


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_whose_shipped_model_is_missing_stops_before_it_cleans_a_page(tmp_path, monkeypatch, jobs):
    # The run's error (a ModelError: exit code 2 on the command line), before anything is
    # read; not a "could not be cleaned" failure of every page, each reported, exit code 1.
    import boilerplate.model as model_module

    monkeypatch.setattr(model_module, "packaged_model_dir", lambda: tmp_path / "no model here")
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": LABELLED[0]}) + "\n", encoding="utf-8")
    reported: list[str] = []
    written = io.StringIO()
    model_module._packaged_linear.cache_clear()
    try:
        with pytest.raises(model_module.ModelError, match=r"no model here/boilerplate\.joblib"):
            run(plan([str(tmp_path / "a.jsonl")], None, "jsonl"), Options(kind="jsonl"), jobs=jobs,
                report=reported.append, stdout=written)
    finally:
        model_module._packaged_linear.cache_clear()
    assert (reported, written.getvalue()) == ([], "")


def test_an_output_another_run_made_that_holds_marks_is_counted_once_as_made_by_another_run(tmp_path, monkeypatch):
    # Both reasons to redo it hold; the summary counts it once, under the first: the
    # manifest is asked before the output is read for marks.
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"text": LABELLED[0]}) + "\n" + json.dumps({"body": "no text field"}) + "\n", encoding="utf-8")
    tasks = plan([str(source)], tmp_path / "o", "jsonl")
    assert run(tasks, Options(kind="jsonl"), report=lambda m: None).failures == {"missing field": 1}
    monkeypatch.setattr(runner, "code_digest", lambda: "another code")
    stats = run(tasks, Options(kind="jsonl"), report=lambda m: None)
    assert (stats.remade, stats.redone, stats.skipped, stats.outputs) == (1, 0, 0, 1)
    assert stats.summary().count("redone") == 1


def test_manifest_lines_after_one_that_is_not_json_still_say_which_run_made_an_output(tmp_path):
    # A line that is not JSON (edited, or cut) is passed over, not the end of the manifest:
    # the line after it, that another run made the output, is read, and the output redone.
    source = tmp_path / "p.txt"
    source.write_text(LABELLED[0], encoding="utf-8")
    run(plan([str(source)], tmp_path / "o"))
    with open(tmp_path / "o" / runner.MANIFEST, "ab") as file:
        file.write(b'{"output": "p.txt", "ru\n{"output": "p.txt", "run": "another run"}\n')
    stats = run(plan([str(source)], tmp_path / "o"))
    assert (stats.skipped, stats.remade, stats.outputs) == (0, 1, 1)


def test_a_manifest_line_written_after_one_cut_short_starts_a_line_of_its_own(tmp_path, monkeypatch):
    # A line cut short (a full disk) ends without a line feed: the next output's line ran
    # on from it, so that it said nothing, and a run of another model or code skipped
    # that output as made before manifests instead of redoing it.
    for name in ("p", "q"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{name}.txt").write_text(LABELLED[0], encoding="utf-8")
    run(plan([str(tmp_path / "in" / "p.txt")], tmp_path / "o"))
    manifest = tmp_path / "o" / runner.MANIFEST
    with open(manifest, "ab") as file:
        file.write(b'{"output": "p.txt", "ru')
    run(plan([str(tmp_path / "in")], tmp_path / "o"))
    assert json.loads(manifest.read_bytes().splitlines()[-1])["output"] == "q.txt"
    monkeypatch.setattr(runner, "code_digest", lambda: "another code")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "o"))
    assert (stats.remade, stats.skipped) == (2, 0)


@pytest.mark.parametrize("locks", ["none", "refused"])
def test_outputs_are_written_where_there_is_no_flock_or_the_file_system_refuses_it(tmp_path, monkeypatch, locks):
    # Windows has no fcntl; some network file systems refuse flock (ENOLCK): the run
    # writes as before locks were taken, a killed run's .part file included, rather than
    # stopping at the first output.
    import types

    def refuse(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    fake = None
    if locks == "refused":
        import fcntl

        fake = types.SimpleNamespace(LOCK_EX=fcntl.LOCK_EX, LOCK_SH=fcntl.LOCK_SH, LOCK_NB=fcntl.LOCK_NB, flock=refuse)
    monkeypatch.setattr(writers, "fcntl", fake)
    (tmp_path / "in").mkdir()
    for name in ("p.txt", "q.txt"):
        (tmp_path / "in" / name).write_text(LABELLED[0], encoding="utf-8")
    (tmp_path / "o").mkdir()
    writers._part(tmp_path / "o" / "p.txt").write_bytes(b"left by a killed run")
    stats = run(plan([str(tmp_path / "in")], tmp_path / "o"))
    assert (stats.outputs, stats.failed) == (2, 0)
    assert output_names(tmp_path / "o") == ["p.txt", "q.txt"]
    assert (tmp_path / "o" / "p.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"


@pytest.mark.parametrize("value", ['""', "false", "0", "[]", "{}"])
def test_any_value_of_the_marks_key_but_null_is_a_mark_even_one_that_is_falsy(value):
    # "A value other than null", as in a Parquet output (its error column's nulls against
    # its rows): an empty or false mark is still one, and its output is redone.
    assert readers._marked(f'{{"text": "a", "{ERROR_FIELD}": {value}}}\n'.encode("utf-8"))


def test_an_output_this_run_names_in_the_manifest_is_its_own_from_then_on(tmp_path):
    # The manifest's entries are read once per folder: naming an output updates them, so
    # that an output another run made, once written anew, is not taken for that run's.
    (tmp_path / runner.MANIFEST).write_text(json.dumps({"output": "p.txt", "run": "another run"}) + "\n", encoding="utf-8")
    made = runner._Made(Options())
    assert made.by_another(tmp_path / "p.txt")
    with made.naming(tmp_path / "p.txt"):
        pass
    assert not made.by_another(tmp_path / "p.txt")
    assert json.loads((tmp_path / runner.MANIFEST).read_text(encoding="utf-8").splitlines()[-1])["run"] == made.run


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_part_file_being_written_is_busy_to_another_writer_and_to_a_look(tmp_path):
    # The writer's lock is exclusive: a second run neither opens the .part file to write
    # it (each would cut the other short) nor, looking with its shared lock, takes it for free.
    output = tmp_path / "p.txt"
    part = writers._part(output)
    file, held = writers._open_part(part)
    try:
        with pytest.raises(writers._Busy):
            writers._open_part(part)
        assert writers._busy(planning.Task(tmp_path / "in" / "p.txt", output, "text")) == writers._BUSY.format(part=part)
    finally:
        file.close()
        os.close(held)


def _descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("step", ["ftruncate", "fdopen"])
def test_a_stop_landing_as_a_part_file_is_made_is_raised_and_the_file_removed(tmp_path, monkeypatch, step):
    # Ctrl-C just after a step of _open_part returns: the KeyboardInterrupt itself comes out,
    # the .part file is gone and no descriptor stays open. A stop just after the file
    # object was made dropped it, which closed the descriptor, and the clean-up's own close
    # raised "Bad file descriptor" in the stop's place (a CI run's SIGTERM test saw it).
    real = getattr(os, step)

    def stopped(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    part = writers._part(tmp_path / "p.txt")
    before = _descriptors()
    monkeypatch.setattr(os, step, stopped)
    with pytest.raises(KeyboardInterrupt):
        writers._open_part(part)
    monkeypatch.undo()
    assert not part.exists()
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_part_file_renamed_away_as_it_is_opened_is_let_go_and_the_name_opened_anew(tmp_path, monkeypatch):
    # The run writing it renames its .part file into place just as this one opens it: the
    # file opened (that run's output now) is let go, its descriptor closed, and the name
    # opened anew, empty and locked.
    output = tmp_path / "p.txt"
    part = writers._part(output)
    part.write_bytes(b"theirs\n")
    real = writers._lock_if_there
    looks = []

    def renamed_first(path, fd):
        looks.append(path)
        if len(looks) == 1:
            os.replace(path, output)  # the other run's rename, between this one's open and lock
        return real(path, fd)

    before = _descriptors()
    monkeypatch.setattr(writers, "_lock_if_there", renamed_first)
    file, held = writers._open_part(part)
    monkeypatch.undo()
    try:
        assert len(looks) == 2
        assert output.read_bytes() == b"theirs\n"
        assert part.read_bytes() == b""
        assert os.path.samestat(os.fstat(held), os.stat(part))
    finally:
        file.close()
        os.close(held)
    assert _descriptors() == before


@pytest.mark.skipif(writers.fcntl is None or not sys.platform.startswith("linux"), reason="no flock here, or no /proc")
def test_a_part_file_found_busy_leaves_no_descriptor_open(tmp_path):
    # A writer (or a look, _busy) that finds another run holding the .part file closes
    # what it opened to find it out: a run over many busy outputs ran out of descriptors.
    output = tmp_path / "p.txt"
    part = writers._part(output)
    file, held = writers._open_part(part)  # the other run's
    try:
        before = _descriptors()
        with pytest.raises(writers._Busy):
            writers._open_part(part)
        assert writers._busy(planning.Task(tmp_path / "in" / "p.txt", output, "text")) == writers._BUSY.format(part=part)
        assert _descriptors() == before
    finally:
        file.close()
        os.close(held)


@pytest.mark.skipif(writers.fcntl is None or not sys.platform.startswith("linux"), reason="no flock here, or no /proc")
def test_a_stop_as_a_part_file_is_opened_leaves_another_runs_part_file_alone(tmp_path, monkeypatch):
    # Ctrl-C as a run opens a .part file, before it has locked it, while another run is
    # writing that file: the stop comes out (not _Busy), the other run's file is left
    # whole, and no descriptor stays open.
    part = writers._part(tmp_path / "p.txt")
    file, held = writers._open_part(part)  # the other run's
    file.write(b"theirs\n")
    file.flush()
    real = writers._lock_if_there
    looks = []

    def stopped_first(path, fd):
        looks.append(path)
        if len(looks) == 1:
            raise KeyboardInterrupt
        return real(path, fd)

    try:
        before = _descriptors()
        monkeypatch.setattr(writers, "_lock_if_there", stopped_first)
        with pytest.raises(KeyboardInterrupt):
            writers._open_part(part)
        monkeypatch.undo()
        assert part.read_bytes() == b"theirs\n"
        assert _descriptors() == before
    finally:
        file.close()
        os.close(held)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("kind", ["text", "jsonl", "parquet"])
@pytest.mark.parametrize("where", [(os, "fdopen"), (writers, "_open_part")], ids=["file made", "file returned"])
def test_a_run_stopped_as_it_opens_an_output_ends_with_the_stop_and_leaves_nothing(tmp_path, monkeypatch, kind, where):
    # A real SIGINT, sent as the output's file object is made or handed to its writer:
    # the run holds it until the writer has the file, then stops with it, the .part file
    # removed, no descriptor left open (taken as _open_part returned, the stop left both).
    import signal

    source = tmp_path / {"text": "p.txt", "jsonl": "p.jsonl", "parquet": "p.parquet"}[kind]
    if kind == "text":
        source.write_text(LABELLED[0], encoding="utf-8")
    elif kind == "jsonl":
        source.write_text(json.dumps({"text": LABELLED[0]}) + "\n", encoding="utf-8")
    else:
        pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(source)
    tasks = plan([str(source)], tmp_path / "out", kind)
    real = getattr(*where)

    def stopped(*args, **kwargs):
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return made

    before = _descriptors()
    monkeypatch.setattr(*where, stopped)
    with pytest.raises(KeyboardInterrupt):
        run(tasks, Options(kind=kind))
    monkeypatch.undo()
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.usefixtures("fragile_cleaner")
def test_a_stop_as_the_marks_file_is_opened_leaves_no_file_and_no_descriptor(tmp_path, monkeypatch):
    # A real SIGINT as the second .part file (the one that adds the error column) is handed
    # over: held until its lock is kept for the clean-up, which removes both files and closes it.
    import signal

    pd.DataFrame({"text": [LABELLED[0], "BOOM"]}).to_parquet(tmp_path / "a.parquet")
    real = writers._open_part

    def stopped(part):
        made = real(part)
        if part.name.endswith(".marks" + writers.PART_SUFFIX):
            os.kill(os.getpid(), signal.SIGINT)
        return made

    before = _descriptors()
    monkeypatch.setattr(writers, "_open_part", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    monkeypatch.undo()
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("kind", ["text", "jsonl", "parquet"])
def test_a_full_disk_leaves_no_part_file_though_the_output_cannot_be_closed(tmp_path, monkeypatch, kind):
    # The disk fills as an output is written: closing it to be thrown away fails the
    # same way (what it still holds cannot be written either). It is removed all the
    # same, and the run ends with the full disk, as the command line says
    # ("unfinished outputs were removed"); the .part file was left, its lock open.
    # The error names the output, which a failed write does not ("cannot write (No
    # space left on device)" said nowhere).
    class FullDisk(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    source = tmp_path / f"p.{'txt' if kind == 'text' else kind}"
    if kind == "text":
        source.write_text(LABELLED[0], encoding="utf-8")  # held in the buffer: the close fails
    elif kind == "jsonl":
        source.write_text((json.dumps({"text": LABELLED[0]}) + "\n") * 20, encoding="utf-8")  # more than a buffer holds
    else:
        pd.DataFrame({"text": [LABELLED[0]] * 20}).to_parquet(source)
    monkeypatch.setattr(readers, "CHUNK_PAGES", 1)  # written a record at a time: the first ones wait in the buffer
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 1)
    before = _descriptors()
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, **kwargs: io.BufferedWriter(FullDisk()))
    with pytest.raises(OSError) as raised:
        run(plan([str(source)], tmp_path / "out", kind), Options(kind=kind))
    monkeypatch.undo()
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(tmp_path / "out" / source.name)
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.parametrize("kind", ["text", "parquet"])
def test_a_full_disk_names_the_output_whichever_write_meets_it(tmp_path, monkeypatch, kind):
    # Beside the test above (where the close, a JSON Lines record or a row group meets
    # it): written straight through (no buffer to hold it), a text page fails as it is
    # written, and a Parquet output's rows, held until the output is complete, as they are
    # written then (its first four bytes, PAR1, fit). Each error names the output, which
    # the failed write does not.
    class FourBytesFree(io.RawIOBase):
        used = 0

        def writable(self):
            return True

        def write(self, data):
            if self.used + len(data) > 4:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.used += len(data)
            return len(data)

    source = tmp_path / ("p.txt" if kind == "text" else "p.parquet")
    if kind == "text":
        source.write_text(LABELLED[0], encoding="utf-8")
    else:
        pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(source)
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, **kwargs: io.BufferedWriter(FourBytesFree(), buffer_size=1))
    with pytest.raises(OSError) as raised:
        run(plan([str(source)], tmp_path / "out", kind), Options(kind=kind))
    monkeypatch.undo()
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, str(tmp_path / "out" / source.name))
    assert output_names(tmp_path / "out") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_stop_as_an_outputs_lock_is_let_go_ends_the_run_with_the_stop_and_the_output_kept(tmp_path, monkeypatch):
    # Ctrl-C just after the lock's descriptor is closed, the output in place: the clean-up
    # does not close it a second time (which raised "Bad file descriptor" in the stop's
    # place, or would close a descriptor opened since under the same number).
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    real = os.close

    def close(fd):
        real(fd)
        if sys._getframe(1).f_code.co_name == "_unlock":
            raise KeyboardInterrupt

    before = _descriptors()
    monkeypatch.setattr(os, "close", close)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "p.txt")], tmp_path / "out"))
    monkeypatch.undo()
    assert output_names(tmp_path / "out") == ["p.txt"]
    assert (tmp_path / "out" / "p.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_full_disk_as_a_renamed_outputs_manifest_line_is_written_ends_the_run_with_it(tmp_path, monkeypatch):
    # The output is renamed into place, and its line in the manifest cannot be written
    # (the disk is full): the run ends with that error, not with the clean-up's own
    # (its .part file is gone already), and leaves no .part file and no descriptor open.
    import contextlib

    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    real = runner._Made.naming

    @contextlib.contextmanager
    def naming(self, output):
        with real(self, output):
            yield
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the line is written

    before = _descriptors()
    monkeypatch.setattr(runner._Made, "naming", naming)
    with pytest.raises(OSError) as raised:
        run(plan([str(tmp_path / "p.txt")], tmp_path / "out"))
    monkeypatch.undo()
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(tmp_path / "out" / runner.MANIFEST)  # the file that could not be written
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(writers.PART_SUFFIX)] == []
    assert _descriptors() == before


def test_an_output_that_cannot_be_renamed_into_place_is_named_by_its_own_files_not_the_manifest(tmp_path, monkeypatch):
    # _Made.naming names the manifest in an error that names no file (the manifest's line
    # written on a full disk); the rename it wraps fails naming its own two files, kept.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")

    def replace(src, dst):  # as os.replace says it
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(src), None, str(dst))

    monkeypatch.setattr(writers.os, "replace", replace)
    with pytest.raises(OSError) as raised:
        run(plan([str(tmp_path / "p.txt")], tmp_path / "out"))
    monkeypatch.undo()
    output = tmp_path / "out" / "p.txt"
    assert (raised.value.filename, raised.value.filename2) == (str(writers._part(output)), str(output))
    assert output_names(tmp_path / "out") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_stop_on_a_full_disk_leaves_no_parquet_part_file_though_its_footer_cannot_be_written(tmp_path, monkeypatch):
    # Ctrl-C as a Parquet output is written, the disk full by then: closing its Parquet
    # writer to throw the output away writes the file's footer, which fails. The run ends
    # with the stop all the same, the .part file removed and its lock let go; the
    # footer's "No space left on device" replaced the stop, and the .part file was left.
    class FillingDisk(io.RawIOBase):
        full = False

        def writable(self):
            return True

        def write(self, data):
            if self.full:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return len(data)

    disk = FillingDisk()
    pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(tmp_path / "p.parquet")
    real = writers._ParquetWriter.batch

    def stopped(self, *args):
        real(self, *args)
        disk.full = True
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 1)  # the row is written before the stop
    before = _descriptors()
    # No buffer to hold the footer: it goes to the disk as it is written.
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, **kwargs: io.BufferedWriter(disk, buffer_size=1))
    monkeypatch.setattr(writers._ParquetWriter, "batch", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "p.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"))
    monkeypatch.undo()
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_stop_as_a_run_looks_at_a_part_file_left_there_leaves_no_descriptor(tmp_path, monkeypatch):
    # A real SIGINT just as the run opens a .part file left by a killed run, to see
    # whether another run holds it (_busy): held until the descriptor is closed again,
    # then the run ends with it. The descriptor was left open, the stop landing before
    # the clean-up that closes it.
    import signal

    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    (tmp_path / "out").mkdir()
    writers._part(tmp_path / "out" / "p.txt").write_bytes(b"left by a killed run")
    real = os.open

    def opened(*args, **kwargs):
        fd = real(*args, **kwargs)
        if sys._getframe(1).f_code.co_name == "_busy":
            os.kill(os.getpid(), signal.SIGINT)
        return fd

    before = _descriptors()
    monkeypatch.setattr(os, "open", opened)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "p.txt")], tmp_path / "out"))
    monkeypatch.undo()
    assert _descriptors() == before


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
@pytest.mark.parametrize("kind", ["text", "parquet"])
def test_a_stop_just_after_an_output_is_put_in_place_leaves_another_runs_part_file_alone(tmp_path, monkeypatch, kind):
    # Ctrl-C as the run has just renamed an output into place and let its lock go, while
    # another run has begun writing that output anew (--overwrite): the clean-up removes
    # no .part file it no longer holds. It removed the other run's, whose rename then failed.
    # Nor, of a Parquet output, the other run's .part file that adds an error column.
    source = tmp_path / {"text": "p.txt", "parquet": "p.parquet"}[kind]
    if kind == "text":
        source.write_text(LABELLED[0], encoding="utf-8")
    else:
        pd.DataFrame({"text": [LABELLED[0]]}).to_parquet(source)
    tasks = plan([str(source)], tmp_path / "out", kind)
    parts = [writers._part(tasks[0].output)]
    if kind == "parquet":
        parts.append(writers._part(tasks[0].output.with_name(tasks[0].output.name + ".marks")))
    real = writers._Writer.commit
    others = []

    def committed(self, naming):
        real(self, naming)
        others.extend(writers._open_part(part) for part in parts)  # the other run's, locked
        raise KeyboardInterrupt

    monkeypatch.setattr(writers._Writer, "commit", committed)
    try:
        with pytest.raises(KeyboardInterrupt):
            run(tasks, Options(kind=kind))
        assert all(part.exists() for part in parts)
    finally:
        for file, lock in others:
            file.close()
            os.close(lock)


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_stopped_output_is_removed_before_its_lock_is_let_go(tmp_path, monkeypatch):
    # Ctrl-C as an output is written, another run opening it (--overwrite) as soon as the
    # stopped run lets its lock go: the stopped run's .part file is gone by then, and the
    # other run's, made anew, is left to it. Let go first, the file would be locked by the
    # other run and then removed under it, its rename failing.
    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    tasks = plan([str(tmp_path / "p.txt")], tmp_path / "out")
    part = writers._part(tasks[0].output)
    real_close = os.close
    others = []

    def close(fd):
        real_close(fd)
        if sys._getframe(1).f_code.co_name == "_unlock" and sys._getframe(2).f_code.co_name == "abort" and not others:
            others.append(writers._open_part(part))  # the other run's, locked

    def stopped(self, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(writers._TextWriter, "page", stopped)
    monkeypatch.setattr(os, "close", close)
    try:
        with pytest.raises(KeyboardInterrupt):
            run(tasks)
        assert len(others) == 1
        assert part.exists()
        assert not tasks[0].output.exists()
    finally:
        monkeypatch.undo()
        for file, lock in others:
            file.close()
            os.close(lock)


def test_a_stop_landing_as_the_holding_handler_is_put_in_front_is_the_stop(sigint_raises, monkeypatch):
    # A real SIGINT just as _StopsHeld.installed has put its handler in front of Ctrl-C's,
    # as a run starts: the KeyboardInterrupt comes out, and Ctrl-C's handler is back. The
    # holding handler ran before it knew the handler it stands in front of: KeyError.
    import signal

    held = stopping._StopsHeld()
    real = signal.signal

    def put_then_stopped(signum, handler):
        previous = real(signum, handler)
        if handler == held._handle and signum == signal.SIGINT:
            os.kill(os.getpid(), signal.SIGINT)
        return previous

    monkeypatch.setattr(signal, "signal", put_then_stopped)
    with pytest.raises(KeyboardInterrupt):
        with held.installed():
            pass
    monkeypatch.undo()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert held.handlers == {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.usefixtures("fragile_cleaner")
def test_a_stop_as_the_marks_file_takes_the_outputs_place_leaves_no_descriptor(tmp_path, monkeypatch):
    # Ctrl-C once the file with the error column is renamed over the .part file, as the
    # writer goes to hold stops to take its lock (Python runs a handler as a function
    # starts): the run ends with the stop, nothing left, no descriptor open. That lock,
    # in no one's hands yet, was left open.
    pd.DataFrame({"text": [LABELLED[0], "BOOM"]}).to_parquet(tmp_path / "a.parquet")
    real = stopping._StopsHeld.__enter__
    entered = []

    def enter(self):
        if sys._getframe(1).f_code.co_name == "_add_error_column":
            entered.append(True)
            if len(entered) == 2:  # the first holds the marks file's opening
                raise KeyboardInterrupt
        return real(self)

    before = _descriptors()
    monkeypatch.setattr(stopping._StopsHeld, "__enter__", enter)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    monkeypatch.undo()
    assert len(entered) == 2
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.usefixtures("fragile_cleaner")
def test_a_parquet_output_given_an_error_column_leaves_no_descriptor_open(tmp_path):
    # The writer holds the first .part file's lock, then the marks file's in its place:
    # the first is let go as the second is taken, and the second once the output is in place.
    pd.DataFrame({"text": [LABELLED[0], "BOOM"]}).to_parquet(tmp_path / "a.parquet")
    before = _descriptors()
    stats = run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    assert stats.outputs == 1
    assert output_names(tmp_path / "out") == ["a.parquet"]
    assert ERROR_FIELD in pd.read_parquet(tmp_path / "out" / "a.parquet").columns
    assert _descriptors() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.usefixtures("fragile_cleaner")
def test_a_stop_held_as_the_marks_file_takes_the_first_ones_lock_is_raised_and_leaves_nothing(tmp_path, monkeypatch,
                                                                                               sigint_raises):
    # A real SIGINT as the writer lets the first .part file's lock go for the marks file's:
    # held until the writer holds the marks file's lock alone, then raised. The clean-up
    # closes that lock once (a second close raised "Bad file descriptor" in the stop's
    # place, or closed a descriptor opened since under its number) and removes the file.
    import signal

    pd.DataFrame({"text": [LABELLED[0], "BOOM"]}).to_parquet(tmp_path / "a.parquet")
    real = writers._Writer._unlock
    stops = []

    def unlock(self):
        real(self)
        if sys._getframe(1).f_code.co_name == "_add_error_column":
            stops.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    before = _descriptors()
    monkeypatch.setattr(writers._Writer, "_unlock", unlock)
    with pytest.raises(KeyboardInterrupt):
        run(plan([str(tmp_path / "a.parquet")], tmp_path / "out", "parquet"), Options(kind="parquet"), report=lambda m: None)
    monkeypatch.undo()
    assert stops == [True]
    assert output_names(tmp_path / "out") == []
    assert _descriptors() == before


@pytest.mark.skipif(writers.fcntl is None, reason="no flock here: outputs are not locked")
def test_a_stop_held_through_an_outputs_rename_leaves_another_runs_part_file_alone(tmp_path, monkeypatch, sigint_raises):
    # A real SIGINT as the output is renamed into place, another run beginning to write it
    # anew at once (--overwrite): held, the stop is raised as the rename is done, and
    # the clean-up removes no .part file, the one there being the other run's. The lock
    # was let go only after the stop was raised, and the clean-up removed that file.
    import signal

    (tmp_path / "p.txt").write_text(LABELLED[0], encoding="utf-8")
    tasks = plan([str(tmp_path / "p.txt")], tmp_path / "out")
    part = writers._part(tasks[0].output)
    real = os.replace
    others = []

    def replace(src, dst):
        real(src, dst)
        if Path(dst) == tasks[0].output:
            others.append(writers._open_part(part))  # the other run's, locked
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)
    try:
        with pytest.raises(KeyboardInterrupt):
            run(tasks)
        assert part.exists()
        assert (tmp_path / "out" / "p.txt").read_text(encoding="utf-8") == clean(LABELLED[0]) + "\n"
    finally:
        for file, lock in others:
            file.close()
            os.close(lock)
