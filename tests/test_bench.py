"""The benchmark reader: pages from ../shared/bench when present, a clean skip when not."""

from __future__ import annotations

import pytest

from boilerplate import load_model
from boilerplate.bench import FOLDERS, bench_dir, iter_pages, predict_bench
from boilerplate.text import is_blank


def test_absent_benchmark_gives_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))
    assert bench_dir() is None
    assert list(iter_pages("fundus")) == []
    assert predict_bench(load_model()).empty


@pytest.mark.skipif(bench_dir() is None, reason="../shared/bench is not beside the repository")
@pytest.mark.parametrize("folder", FOLDERS)
def test_benchmark_pages_line_up_with_their_labels(folder):
    pages = list(iter_pages(folder))
    assert len(pages) > 50
    for page in pages[:20]:
        assert list(page.line_nos) == [i for i, line in enumerate(page.lines, 1) if not is_blank(line)]
        assert set(page.labels) <= {"body", "chrome"}
