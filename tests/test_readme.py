"""The README's Python examples run as written, on a labelled page standing in for the
names they leave to the reader (``text``, ``pages``, ``hosts``, ``frame``), and do what
their comments say."""

from __future__ import annotations

import pandas as pd
import pytest

from boilerplate import clean, clean_many, explain

from .conftest import LABELS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
PAGE = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return [block.removeprefix("python\n") for block in README.split("```")[1::2] if block.startswith("python\n")]


def test_the_readme_has_the_python_examples_these_tests_run():
    blocks = python_blocks()
    assert len(blocks) == 4, "a Python example was added to or taken from the README: run it here too"
    assert "explain(text)" in blocks[0] and "clean_series(" in blocks[1]
    assert "group_by=hosts" in blocks[2] and "clean_dataframe(" in blocks[3]


def test_the_python_api_example(capsys):
    names = {"text": PAGE}
    exec(python_blocks()[0], names)
    assert names["article"] == clean(PAGE) != ""
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(explain(PAGE)) == len(PAGE.splitlines())
    assert printed[0].startswith("1 ")  # line_no counts from 1


def test_the_many_pages_and_corpus_mode_examples():
    pages = [PAGE, "", PAGE]
    names = {"pages": pages, "frame": pd.DataFrame({"text": pages}, index=[5, 6, 7]), "hosts": ["a.example", None, "a.example"]}
    many, corpus = python_blocks()[1:3]
    exec(many, names)
    assert names["articles"] == [clean(p) for p in pages]
    assert names["frame"]["article"].tolist() == names["articles"]
    exec(corpus, names)
    assert names["articles"] == clean_many(pages, group_by=["a.example", None, "a.example"])


# Dask's own to_parquet calls DataFrame.set_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index is deprecated")
def test_the_dask_example_on_a_local_folder(tmp_path, monkeypatch):
    pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
    distributed = pytest.importorskip("distributed")
    # The cluster's scheduler and the bucket stand in for the threads of this process and a folder.
    monkeypatch.setattr(distributed, "Client", lambda address: None)
    pages = [PAGE, "", PAGE[: len(PAGE) // 2]]
    (tmp_path / "crawl").mkdir()
    pd.DataFrame({"text": pages, "id": [1, 2, 3]}).to_parquet(tmp_path / "crawl" / "part.0.parquet")
    code = python_blocks()[3]
    for bucket in ("s3://bucket/crawl/", "s3://bucket/cleaned/"):
        assert bucket in code
        code = code.replace(bucket, f"{tmp_path}/{bucket.removeprefix('s3://bucket/')}")
    exec(code, {})
    out = pd.read_parquet(tmp_path / "cleaned")
    assert out.columns.tolist() == ["text", "id", "article"]
    assert out["text"].tolist() == pages and out["id"].tolist() == [1, 2, 3]
    assert out["article"].tolist() == clean_many(pages)
