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


def test_a_line_break_other_than_lf_stays_inside_its_line(tmp_path):
    # The format escapes only backslash, tab, CR and LF: a U+2028, U+0085 or form feed in a
    # page's text is written as it is, and a row ends only at LF.
    folder = tmp_path / "fundus"
    folder.mkdir()
    (folder / "pages.tsv").write_text(
        "page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource\np1\ten\t3\t1\t10\t1.0\ttest\n",
        encoding="utf-8", newline="")
    text = "Menu\u2028Home"
    (folder / "p1.tsv").write_text(
        f"line_no\tlabel\ttext\n1\tchrome\t{text}\n3\tbody\tA form\x0cfeed and a next\x85line, a\\\\b\\tc.\n",
        encoding="utf-8", newline="")
    (page,) = iter_pages("fundus", tmp_path)
    assert page.line_nos == (1, 3) and page.labels == ("chrome", "body")
    assert page.lines == (text, "", "A form\x0cfeed and a next\x85line, a\\b\tc.")
