"""The benchmark reader: pages from ../shared/bench when present, a clean skip when not."""

from __future__ import annotations

import pytest

from boilerplate import load_model
from boilerplate import bench
from boilerplate.bench import (
    FOLDERS,
    MAX_LINE_NO,
    BenchError,
    absence,
    bench_dir,
    bench_variable_problem,
    folder_absence,
    iter_pages,
    missing_folders,
    predict_bench,
)
from boilerplate.cleaner import Config, decide_pages
from boilerplate.text import is_blank


def test_absent_benchmark_gives_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))
    assert bench_dir() is None
    assert list(iter_pages("fundus")) == []
    assert predict_bench(load_model()).empty


def test_the_scripts_are_told_why_there_is_no_benchmark(monkeypatch, tmp_path):
    # A mistyped BOILERPLATE_BENCH was said to be "../shared/bench is not there",
    # which sent the user looking for the wrong folder.
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path / "my bench"))
    assert absence() == f"BOILERPLATE_BENCH='{tmp_path / 'my bench'}' names no benchmark (no fundus/pages.tsv in it)"
    assert bench_variable_problem().startswith(absence() + "; name the folder that holds fundus, scrapinghub, readability")
    monkeypatch.delenv("BOILERPLATE_BENCH")
    monkeypatch.setattr(bench, "DEFAULT_BENCH", tmp_path / "shared" / "bench")
    assert bench_dir() is None and absence() == "../shared/bench is not there"


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


def _one_page_fundus(root, rows: str) -> None:
    """A benchmark at ``root`` whose fundus folder holds one page, p1, of three lines: ``rows`` (line_no, label, text)."""
    folder = root / "fundus"
    folder.mkdir()
    (folder / "pages.tsv").write_text(
        "page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource\np1\ten\t3\t1\t10\t1.0\ttest\n",
        encoding="utf-8")
    (folder / "p1.tsv").write_text("line_no\tlabel\ttext\n" + rows, encoding="utf-8")


def test_rows_out_of_line_order_keep_their_labels(tmp_path):
    # The cleaner decides a page's lines in line order; read_page kept the rows in file
    # order, so a page whose rows were not sorted by line_no had the model's decisions
    # scored against other lines' gold labels (the peers, keyed by line_no, were not).
    body = ("The council approved the new budget on Tuesday after a long debate, and the members voted "
            "nine to four for it in the end.")
    _one_page_fundus(tmp_path, f"3\tchrome\tShare this\n1\tchrome\tMenu\n2\tbody\t{body}\n")
    (page,) = iter_pages("fundus", tmp_path)
    assert page.line_nos == (1, 2, 3) and page.labels == ("chrome", "body", "chrome")
    assert page.truth == [False, True, False]
    frame = predict_bench(load_model(), ("fundus",), tmp_path)
    assert frame["truth"].tolist() == [False, True, False] and frame["chars"].tolist() == [4, len(body), 10]
    # Without the benchmark the frame is empty, with the same columns.
    assert list(predict_bench(load_model(), ("fundus",), tmp_path / "none").columns) == list(frame.columns)


def test_a_rows_text_is_read_as_written_to_its_last_character(tmp_path):
    # The last row's text ends in white space: it is part of the line the cleaner reads.
    body = "The council approved the new budget on Tuesday after a long debate."
    _one_page_fundus(tmp_path, f"1\tchrome\tMenu \n2\tbody\t{body}  \n")
    (page,) = iter_pages("fundus", tmp_path)
    assert page.lines == ("Menu ", body + "  ")


_BODY = "The council approved the new budget on Tuesday after a long debate, and the members voted nine to four."


@pytest.mark.parametrize(
    ("pages", "page", "said"),
    [
        ("p1\ten\n", f"1\tchrome\tMenu\n2\tchrome\t\u200b\u00a0\n3\tbody\t{_BODY}\n",
         "p1.tsv, row 3: line 2 is blank to the cleaner"),
        ("p1\ten\n", f"1\tchrome\tMenu\n1\tchrome\tHome\n3\tbody\t{_BODY}\n", "p1.tsv, row 3: line 1 has another row"),
        ("p1\ten\n", "1\tchrome\tMenu\n3\n", "p1.tsv, row 3: 1 column(s)"),
        ("p1\ten\n", f"1\tchrome\n3\tbody\t{_BODY}\n", "p1.tsv, row 2: 2 column(s)"),
        # Only an empty row (the file's last line end) is no row: one of white space is a short row.
        ("p1\ten\n", f"1\tchrome\tMenu\n \n3\tbody\t{_BODY}\n", "p1.tsv, row 3: 1 column(s)"),
        ("p1\ten\n", f"x\tchrome\tMenu\n3\tbody\t{_BODY}\n", "p1.tsv, row 2: line_no 'x' is not a line number"),
        ("p1\ten\n", f"0\tchrome\tMenu\n3\tbody\t{_BODY}\n", "p1.tsv, row 2: line_no '0' is not a line number"),
        # A digit of another script: str.isdigit and int take "١" (Arabic-Indic one) for 1.
        ("p1\ten\n", f"\u0661\tchrome\tMenu\n3\tbody\t{_BODY}\n", "p1.tsv, row 2: line_no '\u0661' is not a line number"),
        ("p1\ten\n", f"1\tChrome\tMenu\n3\tbody\t{_BODY}\n", "p1.tsv, row 2: label 'Chrome' is neither body nor chrome"),
        ("p1\ten\n", f"1\tchrome\tMenu\n{10**12}\tbody\t{_BODY}\n",
         f"p1.tsv, row 3: line_no {10**12} is past {MAX_LINE_NO:,}, the most lines a benchmark page may have"),
        ("p1\ten\n", f"1\tchrome\tMenu\n{'9' * 5000}\tbody\t{_BODY}\n",
         f"p1.tsv, row 3: line_no {'9' * 20}… (5,000 digits) is past {MAX_LINE_NO:,}"),
        ("p1\ten\np2\ten\n", f"1\tchrome\tMenu\n3\tbody\t{_BODY}\n", "p2.tsv: cannot be read (No such file"),
        ("p1\n", f"1\tchrome\tMenu\n3\tbody\t{_BODY}\n", "pages.tsv, row 2: no page_id and language"),
        ("p1\ten\np1\ten\n", f"1\tchrome\tMenu\n3\tbody\t{_BODY}\n", "pages.tsv, row 3: page p1 is listed in row 2 already"),
        ("\ten\n", f"1\tchrome\tMenu\n3\tbody\t{_BODY}\n", "pages.tsv, row 2: no page_id and language"),
    ],
    ids=["blank line", "line twice", "short row", "two columns", "white space row", "not a number", "line 0",
         "other digit", "label", "huge line_no", "5,000 digits", "no page file", "no language", "page twice", "no page_id"],
)
def test_a_row_that_does_not_fit_the_format_is_named_not_a_traceback(tmp_path, pages, page, said):
    # A line the cleaner takes as blank (white space or invisible characters only), or a
    # line given twice, left the cleaner's decisions one short of the benchmark's rows, and
    # boilerplate evaluate stopped with pandas' "All arrays must be of the same length"; a
    # short row, a line_no that is no number, a page file missing, with IndexError,
    # ValueError or FileNotFoundError; line 0 was written over the page's last line; a
    # label in another case was silently chrome. A line_no of 10**12 had the reader ask for a
    # list of that many lines (MemoryError), one of 5,000 digits stopped int() (ValueError).
    # A page listed twice in pages.tsv was read twice, and boilerplate evaluate said "the
    # benchmark changed while it was read; run the evaluation again", which it always did.
    folder = tmp_path / "fundus"
    folder.mkdir()
    (folder / "pages.tsv").write_text("page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource\n" + pages,
                                      encoding="utf-8")
    (folder / "p1.tsv").write_text("line_no\tlabel\ttext\n" + page, encoding="utf-8")
    with pytest.raises(BenchError) as caught:
        predict_bench(load_model(), ("fundus",), tmp_path)
    assert str(caught.value).startswith(str(folder)) and said in str(caught.value), caught.value


@pytest.mark.parametrize("which", ["page", "pages.tsv"])
def test_a_file_without_its_header_row_is_named_not_read_a_row_short(tmp_path, which):
    # Row 1 of each file was skipped as the header without a look: a page file without its
    # header lost its first line, a pages.tsv without it its first page, and
    # boilerplate evaluate scored the rest (exit code 0) as though nothing were missing.
    folder = tmp_path / "fundus"
    folder.mkdir()
    listing = "p1\ten\t2\t1\t10\t1.0\ttest\np2\ten\t2\t1\t10\t1.0\ttest\n"
    page = f"1\tchrome\tMenu\n3\tbody\t{_BODY}\n"
    (folder / "pages.tsv").write_text(("" if which == "pages.tsv" else "page_id\tlanguage\tn_lines\n") + listing,
                                      encoding="utf-8")
    for page_id in ("p1", "p2"):
        (folder / f"{page_id}.tsv").write_text(("" if which == "page" else "line_no\tlabel\ttext\n") + page,
                                               encoding="utf-8")
    with pytest.raises(BenchError) as caught:
        list(iter_pages("fundus", tmp_path))
    path = folder / ("pages.tsv" if which == "pages.tsv" else "p1.tsv")
    header = "page_id, language" if which == "pages.tsv" else "line_no, label, text"
    assert str(caught.value).startswith(f"{path}, row 1: not the header ({header}, tab-separated)"), caught.value
    # With its header, in another case of line end or after a byte order mark, the file is read whole.
    (folder / "pages.tsv").write_text("\ufeffpage_id\tlanguage\tn_lines\r\n" + listing, encoding="utf-8")
    for page_id in ("p1", "p2"):
        (folder / f"{page_id}.tsv").write_text("\ufeffline_no\tlabel\ttext\r\n" + page, encoding="utf-8")
    pages = list(iter_pages("fundus", tmp_path))
    assert [p.page_id for p in pages] == ["p1", "p2"] and all(p.line_nos == (1, 3) for p in pages)


def test_a_lines_characters_are_counted_as_the_cleaner_reads_the_line(tmp_path):
    # predict_bench weighed a line by len(line.strip()), which keeps a zero-width space,
    # a word joiner, a BOM or a direction mark at its ends (14 lines of ../shared/bench):
    # the report's character-weighted F1 on the benchmark counted characters that the
    # features, the learning curve (LineTable.n_chars) and the labels' scores do not.
    from boilerplate.curves import _from_bench

    body = "The council approved the new budget on Tuesday after a long debate."
    _one_page_fundus(tmp_path, f"1\tchrome\t\u200bMenu\u2060\n2\tbody\t\ufeff{body}\u200e \n3\tchrome\t\u00a0Share\u200b\n")
    frame = predict_bench(load_model(), ("fundus",), tmp_path)
    assert frame["chars"].tolist() == [4, len(body), 5]
    (page,) = iter_pages("fundus", tmp_path)
    assert frame["chars"].tolist() == _from_bench(page).table.n_chars.tolist()


def _listing(root, folder: str, *page_ids: str) -> None:
    """``folder/pages.tsv`` under ``root`` listing ``page_ids`` (its header alone for none)."""
    (root / folder).mkdir(parents=True)
    rows = ["page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource", *(f"{p}\ten\t1\t1\t1\t1.0\ttest" for p in page_ids)]
    (root / folder / "pages.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_the_folders_missing_from_a_benchmark_and_why(monkeypatch, tmp_path):
    # A folder is missing without its pages.tsv, or with one of its header alone; one that
    # cannot be read is not (reading its pages says why). With no benchmark, all are.
    _listing(tmp_path, "fundus", "p1")
    _listing(tmp_path, "scrapinghub")
    assert folder_absence(tmp_path, "fundus") is None
    assert folder_absence(tmp_path, "scrapinghub") == "no page in scrapinghub/pages.tsv"
    assert folder_absence(tmp_path, "readability") == "no readability/pages.tsv"
    assert missing_folders(tmp_path) == ["scrapinghub", "readability"]
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path))
    assert bench_dir() == tmp_path and missing_folders() == ["scrapinghub", "readability"]
    assert bench_variable_problem() is None
    (tmp_path / "readability").mkdir()
    (tmp_path / "readability" / "pages.tsv").write_bytes(b"page_id\tlanguage\n\xff\xfe\ten\n")
    assert folder_absence(tmp_path, "readability") is None and missing_folders() == ["scrapinghub"]
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path / "none"))
    assert missing_folders() == list(FOLDERS)


def test_a_folder_whose_pages_hold_no_line_is_missing_and_says_so(tmp_path):
    # Pages listed, each file its header alone: no line of the folder could be scored,
    # and the report left the folder out without a word.
    _listing(tmp_path, "fundus", "p1", "p2")
    for page in ("p1", "p2"):
        (tmp_path / "fundus" / f"{page}.tsv").write_text("line_no\tlabel\ttext\n", encoding="utf-8")
    assert folder_absence(tmp_path, "fundus") == "no line in the pages of fundus/pages.tsv"
    assert "fundus" in missing_folders(tmp_path)
    (tmp_path / "fundus" / "p2.tsv").write_text("line_no\tlabel\ttext\n1\tbody\tA line.\n", encoding="utf-8")
    assert folder_absence(tmp_path, "fundus") is None and "fundus" not in missing_folders(tmp_path)
    # A page file that is not there is not a missing folder: reading the pages says why.
    (tmp_path / "fundus" / "p2.tsv").unlink()
    assert folder_absence(tmp_path, "fundus") is None


def test_no_benchmark_beside_the_repository_is_no_problem_of_the_variable(monkeypatch, tmp_path):
    # bench_variable_problem speaks of BOILERPLATE_BENCH only when it is set; set to the empty
    # string it is set (and names the current folder), and the message says so.
    monkeypatch.delenv("BOILERPLATE_BENCH", raising=False)
    monkeypatch.setattr(bench, "DEFAULT_BENCH", tmp_path / "shared" / "bench")
    assert bench_dir() is None and bench_variable_problem() is None
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOILERPLATE_BENCH", "")
    assert absence() == "BOILERPLATE_BENCH='' names no benchmark (no fundus/pages.tsv in it)"
    assert bench_variable_problem().startswith("BOILERPLATE_BENCH='' names no benchmark")


def test_a_page_listed_without_rows_has_no_line(tmp_path):
    _listing(tmp_path, "fundus", "p1")
    (tmp_path / "fundus" / "p1.tsv").write_text("line_no\tlabel\ttext\n", encoding="utf-8")
    (page,) = iter_pages("fundus", tmp_path)
    assert (page.lines, page.line_nos, page.labels, page.language) == ((), (), (), "en")


def test_predict_bench_reads_the_folders_asked_for_with_the_config_given(tmp_path):
    # One row per line of the folders named, the page's language from pages.tsv; model_raw
    # is the model's own label (p_body at the threshold of the config given), model the
    # cleaner's final one.
    pages = [["Home", "News", "Sport"], [_BODY, "Photo: Reuters", _BODY.upper(), "Share this"],
             ["Menu", "", _BODY, "", "Read more", "", "© 2024 The Paper"]]
    for folder in ("fundus", "readability"):
        _listing(tmp_path, folder, *(f"p{i}" for i in range(len(pages))))
        for i, lines in enumerate(pages):
            rows = [f"{no}\tchrome\t{line}" for no, line in enumerate(lines, 1) if line]
            (tmp_path / folder / f"p{i}.tsv").write_text("line_no\tlabel\ttext\n" + "\n".join(rows) + "\n",
                                                           encoding="utf-8")
    model = load_model()
    frame = predict_bench(model, ("readability",), tmp_path)
    assert set(frame["folder"]) == {"readability"} and set(frame["language"]) == {"en"}
    decisions = decide_pages(pages, model)
    assert frame["model_raw"].tolist() == [b for d in decisions for b in d.model_body.tolist()]
    assert frame["model"].tolist() == [b for d in decisions for b in d.body.tolist()]
    assert (frame["model"] != frame["model_raw"]).any()  # the cleaner's passes changed a line here
    strict = predict_bench(model, ("readability",), tmp_path, Config(threshold=1.0))
    assert frame["model_raw"].any() and not strict["model_raw"].any()


def test_a_line_no_of_max_line_no_itself_is_read(monkeypatch, tmp_path):
    # "a line_no past 10,000,000" is refused: MAX_LINE_NO itself is a line a page may have.
    # (With the real bound the page would be 10 million lines; a two-digit one is tested.)
    monkeypatch.setattr(bench, "MAX_LINE_NO", 12)
    _one_page_fundus(tmp_path, f"1\tchrome\tMenu\n12\tbody\t{_BODY}\n")
    (page,) = iter_pages("fundus", tmp_path)
    assert page.line_nos == (1, 12) and len(page.lines) == 12
    (tmp_path / "fundus" / "p1.tsv").write_text(f"line_no\tlabel\ttext\n1\tchrome\tMenu\n13\tbody\t{_BODY}\n",
                                                  encoding="utf-8")
    with pytest.raises(BenchError, match="row 3: line_no 13 is past 12, the most lines"):
        list(iter_pages("fundus", tmp_path))
