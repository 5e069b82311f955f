"""The label loader: the shipped labels load, and every malformed file is refused by name and line."""

from __future__ import annotations

import csv
import io
import pathlib
import re
import subprocess
import sys
import unicodedata

import pytest

from boilerplate.labels import (
    BODY_ROLES,
    CHROME_ROLES,
    MAX_PROBLEMS,
    LabelError,
    cannot_read,
    escape,
    folder_hash,
    labels_frame,
    load_label_folders,
    load_labels,
    unescape,
    unlabelled_note,
    unquote,
    write_label_file,
)
from boilerplate.text import is_blank

from .conftest import LABELS, REPO, between

PAGE = "Menu\n\nHeadline here\n\nA paragraph of the article. It ends here.\n"
HEADER = "line_no\tlabel\trole\ttext\n"
GOOD = HEADER + "1\tchrome\tnav\tMenu\n3\tbody\ttitle\tHeadline here\n5\tbody\tparagraph\tA paragraph of the article. It ends here.\n"


def test_shipped_labels_cover_every_non_blank_line():
    pages = load_labels(LABELS)
    assert [p.stem[:3] for p in pages] == ["000", "001", "002", "003", "004"]
    for page in pages:
        non_blank = [i for i, line in enumerate(page.lines, 1) if not is_blank(line)]
        assert page.rows["line_no"].tolist() == non_blank
    assert {p.site for p in pages} == {"site-a", "kalbela", "inqilab", "usbangla"}
    assert pages[0].site == pages[3].site  # 000 and 003 share a site


def test_shipped_pages_and_guide_are_the_shared_ones():
    seeds = LABELS.parent.parent / "shared" / "pages" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/pages/seeds is not beside the repository")
    names = sorted(seed.name for seed in seeds.glob("*.txt"))
    assert names, f"{seeds} holds no pages"  # else the loop below checks nothing
    for name in names:
        assert (LABELS / "pages" / name).read_bytes() == (seeds / name).read_bytes()
    assert (REPO / "LABELING.md").read_bytes() == (seeds.parent.parent / "LABELING.md").read_bytes()


def test_a_good_file_loads(label_folder):
    pages = load_labels(label_folder({"p": (PAGE, GOOD)}))
    frame = labels_frame(pages)
    assert frame["label"].tolist() == ["chrome", "body", "body"]
    assert frame["site"].tolist() == ["p"] * 3  # no sites.tsv: each page its own site


def test_text_column_may_drop_surrounding_space_and_comment_is_optional(label_folder):
    page = "  • Menu \u00a0\n"
    tsv = "line_no\tlabel\trole\ttext\tcomment\n1\tchrome\tnav\t• Menu\n"
    assert load_labels(label_folder({"p": (page, tsv)}))[0].rows["text"].tolist() == ["• Menu"]


def test_the_comment_column_is_kept_in_the_rows(label_folder):
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\n").replace("\tMenu\n", "\tMenu\tthe site's menu\n")
    assert load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows["comment"].tolist() == ["the site's menu", "", ""]


def test_a_text_cell_with_space_left_at_its_ends_still_matches_its_line(label_folder):
    # The text column holds the stripped line: a space typed after it in a spreadsheet is no mismatch.
    tsv = GOOD.replace("\tMenu\n", "\t Menu \u00a0\n")
    assert load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows["text"].tolist()[0] == "Menu"


def test_a_row_for_a_line_of_only_invisible_characters_is_ignored(label_folder):
    # Such a line is blank since the features stopped seeing these characters; label
    # files written before gave it a row, and must still load.
    page = "Menu\n\u200b\ufeff\nThe council approved the new budget on Tuesday.\n"
    tsv = "line_no\tlabel\trole\ttext\tcomment\n1\tchrome\tnav\tMenu\n2\tchrome\tnav\t\u200b\ufeff\n3\tbody\tparagraph\tThe council approved the new budget on Tuesday.\n"
    rows = load_labels(label_folder({"p": (page, tsv)}))[0].rows
    assert rows["line_no"].tolist() == [1, 3] and rows["label"].tolist() == ["chrome", "body"]


BAD_ROWS = [
    # (rows replacing GOOD's, the file line the error names, words the message holds)
    ("1\tboilerplate\tnav\tMenu", 2, "unknown label"),
    ("1\tchrome\tsidebar\tMenu", 2, "unknown role 'sidebar'; a chrome line takes one of"),
    ("1\tchrome\ttitle\tMenu", 2, "it is a body role"),
    ("9\tchrome\tnav\tMenu", 2, "out of range"),
    ("0\tchrome\tnav\tMenu", 2, "out of range"),
    ("x\tchrome\tnav\tMenu", 2, "not a whole number"),
    ("1\tchrome\tnav\tMenus", 2, "does not match"),
    ("2\tchrome\tnav\t", 2, "is blank"),
    ("1\tchrome\tnav", 2, "columns"),
]


@pytest.mark.parametrize("row, file_line, words", BAD_ROWS)
def test_a_bad_row_is_refused_with_file_and_line(label_folder, row, file_line, words):
    tsv = HEADER + row + "\n" + GOOD.split("\n", 2)[2]
    folder = label_folder({"p": (PAGE, tsv)})
    with pytest.raises(LabelError, match=rf"p\.tsv:{file_line}: .*{re.escape(words)}"):
        load_labels(folder)


def test_a_duplicate_row_is_refused(label_folder):
    folder = label_folder({"p": (PAGE, GOOD + "3\tbody\ttitle\tHeadline here\n")})
    with pytest.raises(LabelError, match=r"p\.tsv:5: line 3 already has a row at .*p\.tsv:3"):
        load_labels(folder)


def test_a_non_blank_line_without_a_row_is_refused(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle\tHeadline here\n", ""))})
    with pytest.raises(LabelError, match=r"p\.tsv: non-blank lines of p\.txt have no row: 3"):
        load_labels(folder)


def test_a_bad_header_and_a_missing_page_are_refused(label_folder, tmp_path):
    folder = label_folder({"p": (PAGE, GOOD.replace("role", "kind"))})
    with pytest.raises(LabelError, match=r"p\.tsv:1: the header"):
        load_labels(folder)
    (folder / "pages" / "p.txt").unlink()
    with pytest.raises(LabelError, match="page .* is missing"):
        load_labels(folder)


@pytest.mark.parametrize(
    "broken, where",
    [
        ("p.tsv", r"p\.tsv:3: not valid UTF-8 \(byte \d+\)"),
        ("pages/p.txt", r"p\.txt:3: not valid UTF-8 \(byte 19\)"),
        ("sites.tsv", r"sites\.tsv:2: not valid UTF-8 \(byte \d+\)"),
    ],
)
def test_a_file_that_is_not_utf8_is_refused_with_file_and_line(label_folder, broken, where):
    folder = label_folder({"p": (PAGE, GOOD)}, sites="page\tsite\np\tx\n")
    path = folder / broken
    lines = path.read_bytes().split(b"\n")
    lines[2 if broken != "sites.tsv" else 1] += b"\xff\xfe"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(LabelError, match=rf"{where}; save the file as UTF-8\."):
        load_labels(folder)


def test_a_label_file_saved_as_excels_tab_delimited_text_gets_the_excel_advice(label_folder):
    # A curly quote in Windows-1252 is no UTF-8: "not valid UTF-8 (byte 60)" came before
    # the advice that rows with "?" for every Bengali letter get.
    page = "মেনু\n\n“Quoted” headline\n"
    tsv = "line_no\tlabel\trole\ttext\n1\tchrome\tnav\t????\n3\tbody\ttitle\t“Quoted” headline\n"
    folder = label_folder({"p": (page, "line_no\tlabel\trole\ttext\n")})
    (folder / "p.tsv").write_bytes(tsv.encode("cp1252"))
    with pytest.raises(LabelError, match=r"p\.tsv:3: not valid UTF-8 \(byte \d+\); save the file as UTF-8\. It reads as "
                                         r"Windows-1252, which Excel's \"Text \(Tab delimited\)\" writes: .* save it as "
                                         r"Unicode Text\.$"):
        load_labels(folder)


@pytest.mark.parametrize("header_tail, row_tail", [("\t\t", "\t\t\t"), ("", "\t\t"), ("\t\t", '\t""\t""\t""'), ("\t\t", "\t\t \t")])
def test_empty_columns_a_spreadsheet_adds_at_the_end_are_ignored(label_folder, header_tail, row_tail):
    # A spreadsheet saves every row as wide as its widest: a note typed once in column G,
    # or a column used and cleared, pads every row (and the header) with empty cells.
    tsv = "line_no\tlabel\trole\ttext\tcomment" + header_tail + "\n"
    tsv += "".join(row + row_tail + "\n" for row in GOOD.splitlines()[1:])
    rows = load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows
    assert rows["label"].tolist() == ["chrome", "body", "body"] and rows["comment"].tolist() == ["", "", ""]


def test_a_note_after_text_under_no_header_is_told_to_go_in_a_comment_column(label_folder):
    lines = GOOD.splitlines(keepends=True)
    tsv = lines[0] + lines[1].replace("\n", "\tmenu bar\n") + "".join(lines[2:])
    with pytest.raises(LabelError, match=r"p\.tsv:2: expected 4 tab-separated columns, found 5; a note after text "
                       r"goes in a column headed comment: add comment to the header\.$"):
        load_labels(label_folder({"p": (PAGE, tsv)}))
    with pytest.raises(LabelError, match=r"p\.tsv:2: expected 4 tab-separated columns, found 3\.$"):  # no note: no hint
        load_labels(label_folder({"p": (PAGE, HEADER + "1\tchrome\tnav\n" + "".join(lines[2:]))}))


def test_a_column_after_text_other_than_comment_is_refused_at_the_header(label_folder):
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\tnote\n")
    with pytest.raises(LabelError, match=r"p\.tsv:1: after text the header may have only comment, not comment<TAB>note; "
                                         r"put notes in the comment column and delete the other columns\.$"):
        load_labels(label_folder({"p": (PAGE, tsv)}))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_label_folder_saved_as_unicode_text_loads(label_folder, encoding):
    # Excel's "Unicode Text" (UTF-16 with a byte order mark, CRLF) is its only tab-separated
    # format that keeps Bengali; "not valid UTF-8 (byte 0)" left Excel users no way to save.
    page = "মেনু\n\nশিরোনাম এখানে\n\nএটি একটি অনুচ্ছেদ। এখানে শেষ।\n"
    tsv = "line_no\tlabel\trole\ttext\tcomment\n1\tchrome\tnav\tমেনু\t\n3\tbody\ttitle\tশিরোনাম এখানে\t\n5\tbody\t\tএটি একটি অনুচ্ছেদ। এখানে শেষ।\t\n"
    folder = label_folder({"p": (page, tsv), "q": (page, tsv)}, sites="page\tsite\np\tx\nq\tx\n")
    for name in ("p.tsv", "sites.tsv"):
        text = (folder / name).read_text(encoding="utf-8").replace("\n", "\r\n")
        (folder / name).write_bytes((("\ufeff" if encoding == "utf-16-be" else "") + text).encode(encoding))
    pages = load_labels(folder)
    assert pages[0].rows["text"].tolist() == ["মেনু", "শিরোনাম এখানে", "এটি একটি অনুচ্ছেদ। এখানে শেষ।"]
    assert {p.site for p in pages} == {"x"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_label_folder_in_utf16_without_a_byte_order_mark_loads(label_folder, encoding):
    # Some tools write UTF-16 without a mark; it was read as UTF-8 and refused at the
    # first Bengali letter ("not valid UTF-8"), the NUL bytes before it unnoticed.
    page = "মেনু\n\nএটি একটি অনুচ্ছেদ। এখানে শেষ।\n"
    tsv = "line_no\tlabel\trole\ttext\n1\tchrome\tnav\tমেনু\n3\tbody\tparagraph\tএটি একটি অনুচ্ছেদ। এখানে শেষ।\n"
    folder = label_folder({"p": (page, tsv)}, sites="page\tsite\np\tx\n")
    for name in ("p.tsv", "sites.tsv"):
        (folder / name).write_bytes((folder / name).read_text(encoding="utf-8").encode(encoding))
    [loaded] = load_labels(folder)
    assert loaded.rows["text"].tolist() == ["মেনু", "এটি একটি অনুচ্ছেদ। এখানে শেষ।"]
    assert loaded.site == "x"


def test_a_label_file_named_in_capitals_loads_and_two_files_of_one_page_are_refused(label_folder):
    # p.TSV was passed over: "no label files (*.tsv), only pages", with the file right there.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").rename(folder / "p.TSV")
    [loaded] = load_labels(folder)
    assert (loaded.stem, loaded.rows["label"].tolist()) == ("p", ["chrome", "body", "body"])
    (folder / "p.tsv").write_text(GOOD.replace("body\ttitle", "chrome\tnav"), encoding="utf-8")
    if not {"p.tsv", "p.TSV"} <= {path.name for path in folder.iterdir()}:  # one file on a case-insensitive system
        pytest.skip("the file system does not tell p.tsv from p.TSV")
    with pytest.raises(LabelError, match=r"page p has two label files \(p\.TSV, p\.tsv\); keep one"):
        load_labels(folder)


def test_a_broken_utf16_label_file_is_refused_with_file_and_line(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").write_bytes(GOOD.encode("utf-16") + b"\x00\xd8")  # a lone high surrogate at the end
    byte = len(GOOD.encode("utf-16"))  # where it starts
    with pytest.raises(LabelError, match=rf"p\.tsv:5: not valid UTF-16 \(byte {byte}\); save the file again"):
        load_labels(folder)


def test_a_broken_utf16_label_file_is_refused_at_its_line_whatever_its_characters(label_folder):
    # ਊ (U+0A0A) is two 0x0A bytes in UTF-16: the line is counted in characters, not bytes.
    tsv = "line_no\tlabel\trole\ttext\n1\tchrome\tnav\tਊਊ\n"
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").write_bytes(tsv.encode("utf-16") + b"\x00\xd8")
    with pytest.raises(LabelError, match=r"p\.tsv:3: not valid UTF-16"):
        load_labels(folder)


@pytest.mark.parametrize("name", ["p.txt", "p.csv", "p.tab", "p.CSV", "q.txt"])
def test_labels_saved_under_another_name_beside_the_label_files_are_refused(label_folder, name):
    # Excel's Save As "Unicode Text" names p.tsv p.txt: the corrections sat there unread and
    # the model learnt the uncorrected labels of p.tsv (or, p.tsv deleted, nothing of q).
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    if name == "q.txt":
        (folder / "q.tsv").unlink()
    (folder / name).write_text(GOOD.replace("body\ttitle", "chrome\tnav"), encoding="utf-16")
    with pytest.raises(LabelError, match=rf"{re.escape(name)}: labels of page {name[0]} saved under another name\? "
                                         rf"Only {name[0]}\.tsv is read"):
        load_labels(folder)
    (folder / name).rename(folder / "notes.txt")  # any other file is left alone
    assert len(load_labels(folder)) == (1 if name == "q.txt" else 2)


@pytest.mark.parametrize("name", ["p.tsv.txt", "p.TSV.csv", "q.tsv.txt", "sites.tsv.txt", "p.tsv.xlsx"])
def test_labels_saved_with_the_old_suffix_kept_in_the_name_are_refused(label_folder, name):
    """Notepad's Save As (type Text Documents) names p.tsv p.tsv.txt, and so does a rename
    to p.tsv where Windows hides the suffix .txt: the corrections sat there unread, as in
    p.txt, but silently, and train.py learnt the uncorrected labels of p.tsv (sites.tsv.txt:
    every page a site of its own)."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)}, sites="page\tsite\np\tx\n")
    if name.startswith("q."):
        (folder / "q.tsv").unlink()
    (folder / name).write_text(GOOD.replace("body\ttitle", "chrome\tnav") if name[0] != "s" else
                               "page\tsite\np\ty\n", encoding="utf-16")
    stem = name.split(".")[0]
    message = ("the list of sites saved under another name? Only sites.tsv is read" if stem == "sites" else
               f"labels of page {stem} saved under another name? Only {stem}.tsv is read; save your corrections as "
               f"{stem}.tsv (tab-separated), then remove {name}.")
    with pytest.raises(LabelError, match=rf"{re.escape(name)}: {re.escape(message)}"):
        load_labels(folder)
    (folder / name).rename(folder / "notes.tsv.txt")  # of no page's name: left alone
    assert len(load_labels(folder)) == (1 if name.startswith("q.") else 2)


@pytest.mark.parametrize("name", ["p.xlsx", "p.ods", "p.XLS", "q.numbers", "sites.xlsx"])
def test_labels_saved_as_a_workbook_beside_the_label_files_are_refused(label_folder, name):
    """Save in Excel or LibreOffice offers its own format first (p.xlsx, p.ods): the corrections
    sat there unread and train.py learnt the uncorrected labels of p.tsv, silently (or, p.tsv
    deleted, nothing of q; sites.xlsx: every page a site of its own)."""
    import zipfile

    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    if name == "q.numbers":
        (folder / "q.tsv").unlink()
    with zipfile.ZipFile(folder / name, "w") as workbook:
        workbook.writestr("content.xml", GOOD.replace("body\ttitle", "chrome\tnav"))
    stem = name.split(".")[0]
    message = ("the list of sites saved under another name? Only sites.tsv is read" if stem == "sites" else
               f"labels of page {stem} saved under another name? Only {stem}.tsv is read")
    with pytest.raises(LabelError, match=rf"{re.escape(name)}: {re.escape(message)}"):
        load_labels(folder)
    (folder / name).rename(folder / "notes.xlsx")  # a workbook of no page's name is left alone
    assert len(load_labels(folder)) == (1 if name == "q.numbers" else 2)


@pytest.mark.parametrize("tsv", ["", "\n"])
def test_an_empty_label_file_is_refused(label_folder, tsv):
    with pytest.raises(LabelError, match=r"p\.tsv:1: the header"):
        load_labels(label_folder({"p": (PAGE, tsv)}))


def test_sites_file_groups_pages_and_must_name_known_pages(label_folder):
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites="page\tsite\na\tx\nb\tx\n")
    assert {p.site for p in load_labels(folder)} == {"x"}
    (folder / "sites.tsv").write_text("page\tsite\nc\tx\n", encoding="utf-8")
    with pytest.raises(LabelError, match="pages without label files: c"):
        load_labels(folder)


def test_a_page_named_with_its_suffix_in_the_sites_file_gets_a_hint(label_folder):
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\na.txt\tx\n")
    with pytest.raises(LabelError, match=r"pages without label files: a\.txt; name a page without its suffix "
                                         r"\(a\.txt is a\)\.$"):
        load_labels(folder)
    (folder / "sites.tsv").write_text("page\tsite\nb.txt\tx\n", encoding="utf-8")  # no page b: not that hint
    with pytest.raises(LabelError, match=r"pages without label files: b\.txt; b\.txt is no page of .*: correct the "
                                         r"name or remove its row \(a page of another label folder goes in that "
                                         r"folder's sites\.tsv: a site named alike in both is one site\)\.$"):
        load_labels(folder)


def test_every_page_named_with_its_suffix_in_the_sites_file_gets_the_hint(label_folder):
    # "a.tsv" sorts before "c.txt" and names no page: the hint still names c.txt, and only it
    folder = label_folder({"c": (PAGE, GOOD), "d": (PAGE, GOOD)}, sites="page\tsite\na.tsv\tx\nc.txt\tx\nd.TSV\tx\n")
    with pytest.raises(LabelError, match=r"pages without label files: a\.tsv, c\.txt, d\.TSV; "
                                         r"name a page without its suffix \(c\.txt is c, d\.TSV is d\); a\.tsv is "
                                         r"no page of .*: correct the name or remove its row \(.*\)\.$"):
        load_labels(folder)


def test_written_label_files_load_back(tmp_path):
    (tmp_path / "pages").mkdir()
    lines = ["Menu", "", "Tab\there \\ too", "A paragraph. It ends."]
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "chrome", "body"], ["nav", "", "paragraph"])
    rows = load_labels(tmp_path)[0].rows
    assert rows["text"].tolist() == ["Menu", "Tab\there \\ too", "A paragraph. It ends."]
    assert rows["role"].tolist() == ["nav", "", "paragraph"]
    # Every row ends its line: a row typed at the end in an editor is a row of its own.
    with (tmp_path / "p.tsv").open("a", encoding="utf-8") as added:
        added.write("9\tchrome\tnav\tExtra\t\n")
    with pytest.raises(LabelError, match=r"p\.tsv:5: line_no 9 is out of range"):
        load_labels(tmp_path)


def test_roles_of_another_number_than_the_lines_are_refused_when_writing(tmp_path):
    # zip() stopped at the shorter list: one role for three lines wrote a label file of one row.
    lines = ["Menu", "", "Headline here", "A paragraph. It ends."]
    for roles in (["nav"], ["nav", "title", "paragraph", "paragraph"]):
        with pytest.raises(ValueError, match=rf"^{len(roles)} roles for 3 non-blank lines\.$"):
            write_label_file(tmp_path / "p.tsv", lines, ["chrome", "body", "body"], roles)
        assert not (tmp_path / "p.tsv").exists()


def test_labels_of_another_number_than_the_lines_are_refused_when_writing(tmp_path):
    # One label too many is refused as one too few: zip() would drop the extra one unseen.
    lines = ["Menu", "", "Headline here", "A paragraph. It ends."]
    for labels in (["chrome", "body"], ["chrome", "body", "body", "body"]):
        with pytest.raises(ValueError, match=rf"^{len(labels)} labels for 3 non-blank lines\.$"):
            write_label_file(tmp_path / "p.tsv", lines, labels)
        assert not (tmp_path / "p.tsv").exists()


def resave(path, quoting=csv.QUOTE_MINIMAL, *, read_quotes=False):
    """Save a label file again as a spreadsheet or Python's csv module does: CRLF line
    ends, cells holding a double quote (or, with QUOTE_ALL, every cell) quoted. A
    spreadsheet keeps a cell's text as read (``read_quotes=False``); ``csv.reader``
    with its defaults reads a cell that starts with a quote as quoted."""
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_MINIMAL if read_quotes else csv.QUOTE_NONE)
    out = io.StringIO()
    csv.writer(out, delimiter="\t", quoting=quoting).writerows(reader)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


QUOTED_LINES = ["Menu", "", 'The minister said "we will act" on Monday.', "শিরোনাম: ‘উদ্ধৃতি’ \"এখানে\"", "Tab\there \\ too"]


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
def test_a_label_file_saved_with_quoted_cells_loads(tmp_path, quoting):
    # Spreadsheets ("Text (tab delimited)") and csv.writer quote a cell that holds a double
    # quote, and with QUOTE_ALL every cell; the text column is still the page's line.
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(QUOTED_LINES), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", QUOTED_LINES, ["chrome", "body", "body", "chrome"], ["nav", "", "", ""])
    resave(tmp_path / "p.tsv", quoting)
    assert '"The minister said ""we will act"" on Monday."' in (tmp_path / "p.tsv").read_text(encoding="utf-8")
    rows = load_labels(tmp_path)[0].rows
    assert rows["text"].tolist() == [line for line in QUOTED_LINES if line]
    assert rows["label"].tolist() == ["chrome", "body", "body", "chrome"]
    assert rows["role"].tolist() == ["nav", "", "", ""]


@pytest.mark.parametrize("read_quotes", [True, False])
def test_a_line_that_starts_with_a_quote_survives_a_csv_reader(tmp_path, read_quotes):
    # csv.reader (and a spreadsheet importing with " as the text delimiter) takes a cell
    # that starts with a quote for a quoted one: written as it is, '"Quoted" headline'
    # came back as 'Quoted headline' and no longer matched its line. A tool that reads
    # cells as they are and quotes when saving quotes the quoted cell once more.
    lines = ['"Quoted" headline', "", '"شعر وردي" … لغز', "A paragraph. It ends."]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "chrome", "body"])
    resave(tmp_path / "p.tsv", read_quotes=read_quotes)
    rows = load_labels(tmp_path)[0].rows
    assert rows["text"].tolist() == [line for line in lines if line]


@pytest.mark.parametrize("code_page", ["cp1252", "mac_roman"])
def test_a_label_file_a_spreadsheet_read_in_a_legacy_code_page_loads(tmp_path, code_page):
    # Excel's Text Import reads a UTF-8 file without a byte order mark (as boilerplate label
    # writes it) as Windows (ANSI), Windows-1252, on Windows and as Macintosh on a Mac:
    # saved as Unicode Text, every Bengali text was its UTF-8 bytes as those letters
    # ("à¦•à¦¾à¦²" for "কাল"), and every row was refused with "text does not match; fix
    # the line_no or the text", which no correction of the text in the spreadsheet could
    # fix. Windows reads the five bytes Windows-1252 leaves undefined (0x8D of every
    # hasanta) as the C1 controls of their numbers. A tab in a line is escaped in its cell (\\t).
    lines = ["মেনু\tহোম", "", "রাশিয়ার নিরাপত্তা প্রধানের সঙ্গে কিমের বৈঠক", "“Quoted” and plain", "প্রধান সের্গেই শোইগু। ঁ"]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")

    def save_misread(texts):
        write_label_file(tmp_path / "p.tsv", texts, ["chrome", "body", "body", "body"])
        misread = "".join(chr(b) if code_page == "cp1252" and b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else
                          bytes([b]).decode(code_page) for b in (tmp_path / "p.tsv").read_bytes())
        assert "মেনু" not in misread and "\tchrome\t" in misread
        (tmp_path / "p.tsv").write_bytes(misread.replace("\n", "\r\n").encode("utf-16"))

    save_misread(lines)
    rows = load_labels(tmp_path)[0].rows
    assert rows["text"].tolist() == [line for line in lines if line]
    assert rows["label"].tolist() == ["chrome", "body", "body", "body"]
    save_misread([line.replace(" বৈঠক", "") for line in lines])  # still checked against the page
    with pytest.raises(LabelError, match=r"p\.tsv:3: text does not match line 3 of p\.txt") as error:
        load_labels(tmp_path)
    assert str(error.value).count("\n") == 0


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_label_file_saved_in_another_normalization_form_loads(tmp_path, form):
    # Devanagari ज़ (U+095B) is decomposed by NFC and NFD alike, Arabic أ and Bengali ো by
    # NFD: an editor that normalizes on saving made "text does not match" between two
    # texts that print the same. The rows keep the page's own text.
    lines = ["* टॉप न्यू\u095b", "", "ال\u0623خبار", "ক\u09cbরিয়া সফর করলেন রুশ গ\u09cbয়েন্দা প্রধান", "ไทย ภาษาไทย"]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "chrome", "body", "body"])
    saved = unicodedata.normalize(form, (tmp_path / "p.tsv").read_text(encoding="utf-8"))
    assert saved != (tmp_path / "p.tsv").read_text(encoding="utf-8")
    (tmp_path / "p.tsv").write_text(saved, encoding="utf-8")
    rows = load_labels(tmp_path)[0].rows
    assert rows["text"].tolist() == [line for line in lines if line]


def test_a_line_in_quotes_written_as_it_is_matches(label_folder):
    # Label files written before texts were quoted hold such a line as it is; so may a person.
    page = PAGE.replace("Headline here", '"Headline here"')
    tsv = GOOD.replace("\tHeadline here", '\t"Headline here"')
    assert load_labels(label_folder({"p": (page, tsv)}))[0].rows["text"].tolist()[1] == '"Headline here"'


@pytest.mark.parametrize("cell", ['"', '"a" or "b"', '"a"b"'])
def test_only_a_whole_quoted_cell_is_unquoted(cell):
    # A lone quote, or one whose inner quotes are not doubled, is no quoted cell: kept as it is.
    assert unquote(cell) == cell


def test_a_quoted_text_cell_must_still_match_its_line(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace("\tHeadline here", '\t"Headline there"'))})
    with pytest.raises(LabelError, match=r"p\.tsv:3: text does not match line 3"):
        load_labels(folder)


def test_the_labelling_guide_lists_the_roles_the_label_files_accept():
    # LABELING.md is what a person labelling pages reads; load_labels enforces the same roles.
    guide = (REPO / "LABELING.md").read_text(encoding="utf-8")
    sections = {}
    for block in guide.split("\n## ")[1:]:
        label = block.split()[0]
        sections[label] = tuple(re.findall(r"^\| `([a-z-]+)` \|", block, flags=re.M))
    assert sections == {"body": BODY_ROLES, "chrome": CHROME_ROLES}


def _spreadsheet_problems(label_folder, lines: list[str], cells: list[str]) -> tuple[list[str], str]:
    """The problems load_labels gives for a page of ``lines`` whose label file reads ``cells``
    (as a spreadsheet saved them), and the advice it gives for a line the spreadsheet converted."""
    tsv = HEADER + "".join(f"{i}\tchrome\t\t{cell}\n" for i, cell in enumerate(cells, 1))
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": ("\n".join(lines) + "\n", tsv)}))
    hint = ("a spreadsheet read the line as a number, date or formula: type it again after a ' (which keeps it "
            "as text), or import the text column as Text.")
    return str(error.value).splitlines(), hint


def test_a_line_a_spreadsheet_read_as_a_number_date_or_formula_is_told_how_to_keep_it_as_text(label_folder):
    """A spreadsheet opening a label file turns '007' into 7, a date into its own format and
    '- Advertisement -' into a formula (#NAME?). Retyping the text, as 'fix the line_no or the
    text' advised, converts it again: a ' before it keeps it as text."""
    lines = ["007", "Jan 5, 2024", "- Advertisement -", "10:30 AM", "Menu", "1.", "+ More", "05.01.2024 10:30",
             "12 killed in floods"]
    cells = ["7", "5-Jan-24", "#NAME?", "10:30:00 AM", "Menus", "1", "#VALUE!", "5.1.2024 10:30", "12 dead in floods"]
    ordinary = {"Menu", "12 killed in floods"}  # a text that only starts as a number is no number
    problems, hint = _spreadsheet_problems(label_folder, lines, cells)
    for i, (line, cell) in enumerate(zip(lines, cells)):
        expected = f"p.tsv:{i + 2}: text does not match line {i + 1} of p.txt ({cell!r} vs {line!r})"
        assert expected in problems[i], problems[i]
        assert problems[i].endswith(hint if line not in ordinary else "; fix the line_no or the text."), problems[i]


def test_a_converted_line_in_a_quoted_cell_or_with_space_left_around_it_is_told_how_to_keep_it_as_text(label_folder):
    """A csv writer that quotes every cell, or a space left at a cell's ends (which a text
    cell may have), does not hide the number or the formula a spreadsheet made of the line."""
    problems, hint = _spreadsheet_problems(label_folder, ["007", "- Advertisement -", "Jan 5, 2024"],
                                           ['"7"', '"#NAME?"', "5-Jan-24 "])
    assert len(problems) == 3 and all(problem.endswith(hint) for problem in problems), problems


def test_a_date_line_a_spreadsheet_wrote_in_its_two_part_date_formats_is_told_how_to_keep_it_as_text(label_folder):
    """A date without a year ('Jan 12', a slide counter '1/12') Excel shows and saves as
    d-mmm, '12-Jan'; one without a day ('March 2024') as mmm-yy, 'Mar-24'. Each is a
    line the spreadsheet read as a date, as '5-Jan-24' for 'Jan 5, 2024' is."""
    lines = ["Jan 12", "1/12", "March 2024", "Menu"]
    cells = ["12-Jan", "12-Jan", "Mar-24", "Mar-24"]
    problems, hint = _spreadsheet_problems(label_folder, lines, cells)
    assert [problem.endswith(hint) for problem in problems] == [True, True, True, False], problems
    assert problems[3].endswith("; fix the line_no or the text."), problems[3]  # 'Menu' holds no 24


def test_a_page_listed_in_sites_file_with_two_sites_is_refused(label_folder):
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites="page\tsite\na\tx\nb\ty\na\ty\n")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (f"{folder / 'sites.tsv'}:4: page a is listed at line 2 with site 'x', "
                                "here with 'y'; list each page once.")
    (folder / "sites.tsv").write_text("page\tsite\na\tx\nb\ty\na\tx\n", encoding="utf-8")  # the same twice: no doubt
    assert [p.site for p in load_labels(folder)] == ["x", "y"]


def test_labels_saved_in_a_code_page_that_turned_the_script_into_question_marks_say_so(label_folder):
    """Excel's "Text (Tab delimited)" writes every Bengali letter as '?': each row's text
    then differs from its line, and fixing "the line_no or the text" is not the way out."""
    page = "সর্বশেষ খবর\n\nMenu\n"
    saved = HEADER + "1\tchrome\tlist\t??????? ???\n3\tchrome\tnav\tMenu\n"
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (page, saved)}))
    message = str(error.value)
    assert message.startswith(f"{label_folder({}) / 'p.tsv'}:2: text has '?' where line 1 of p.txt has other characters")
    assert message.endswith("save it as UTF-8 or as Unicode Text.") and "fix the line_no" not in message
    # A '?' the line does not explain is an ordinary mismatch.
    with pytest.raises(LabelError, match="text does not match line 1 of p.txt .*fix the line_no or the text"):
        load_labels(label_folder({"p": (page, HEADER + "1\tchrome\tlist\t?\n3\tchrome\tnav\tMenu\n")}))


@pytest.mark.parametrize("line, cell", [("সর্বশেষ\tখবর", "???????\\t???"), ("সর্বশেষ খবর", '"??????? ??? "')])
def test_question_marks_for_a_line_with_a_tab_or_in_a_quoted_cell_with_space_left_are_told_so(label_folder, line, cell):
    """The text cell is read as a matching one is: unquoted, unescaped (a tab is \\t) and stripped."""
    with pytest.raises(LabelError, match=r"p\.tsv:2: text has '\?' where line 1 of p\.txt has other characters"):
        load_labels(label_folder({"p": (f"{line}\n\nMenu\n", f"{HEADER}1\tchrome\tlist\t{cell}\n3\tchrome\tnav\tMenu\n")}))


def test_a_page_put_beside_its_label_file_is_asked_to_move_into_pages(label_folder):
    """Not taken for labels saved as .txt, whose advice ("remove p.txt") would delete the page."""
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "pages" / "p.txt").rename(folder / "p.txt")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (f"{folder / 'p.tsv'}: its page {folder / 'pages' / 'p.txt'} is missing, and "
                                f"{folder / 'p.txt'} is beside the label file: pages are read from "
                                f"{folder / 'pages'}; move it there.")
    (folder / "p.txt").rename(folder / "pages" / "p.txt")
    assert len(load_labels(folder)) == 1


def test_files_spreadsheets_and_macos_put_beside_the_label_files_are_not_label_files(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "._p.tsv").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # macOS resource data
    assert [page.stem for page in load_labels(folder)] == ["p"]
    (folder / "~$p.tsv").write_bytes(b"\x07Owner Name  \x00\x00")  # Excel's, while p.tsv is open in it
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (f"{folder / '~$p.tsv'}: Excel's owner file: p.tsv is open in Excel; save your "
                                "corrections and close it (if Excel is closed, the file is left over: delete it).")


def test_the_command_that_writes_missing_label_files_can_be_pasted_for_a_folder_with_a_space(tmp_path):
    # Unquoted, "boilerplate label my labels/pages/*.txt --out my labels" labelled files named my and labels/pages/*.txt.
    import shlex

    folder = tmp_path / "my labels"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "a.txt").write_text("Menu\n", encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    command = between(str(error.value), "write them with ", ", then correct them.")
    assert shlex.split(command) == ["boilerplate", "label", f"{folder / 'pages'}/*.txt", "--out", str(folder)]


def test_a_label_file_open_in_libreoffice_stops_loading_as_one_open_in_excel_does(label_folder):
    """LibreOffice keeps .~lock.p.tsv# beside p.tsv while it is open: the corrections may be
    unsaved, and train.py learnt the labels on disk, silently (Excel's ~$p.tsv was refused)."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    for name in ("p.tsv", "sites.tsv"):
        (folder / f".~lock.{name}#").write_text(",Person,host,04.12.2026 18:30,file:///home/person/.config/libreoffice/4;",
                                                encoding="utf-8")
    (folder / "~$q.tsv").write_bytes(b"\x07Owner Name  \x00\x00")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).splitlines() == [
        f"{folder / '.~lock.p.tsv#'}: LibreOffice's lock file: p.tsv is open in LibreOffice; save your corrections "
        "and close it (if LibreOffice is closed, the file is left over: delete it).",
        f"{folder / '.~lock.sites.tsv#'}: LibreOffice's lock file: sites.tsv is open in LibreOffice; save your "
        "corrections and close it (if LibreOffice is closed, the file is left over: delete it).",
        f"{folder / '~$q.tsv'}: Excel's owner file: q.tsv is open in Excel; save your corrections and close it "
        "(if Excel is closed, the file is left over: delete it)."]
    for lock in (".~lock.p.tsv#", ".~lock.sites.tsv#", "~$q.tsv"):
        (folder / lock).unlink()
    (folder / ".~lock.notes.odt#").write_text("", encoding="utf-8")  # a lock of no label file is left alone
    assert len(load_labels(folder)) == 2


def test_a_folder_without_label_files_says_how_to_make_them(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "mine" / "pages").mkdir(parents=True)
    (tmp_path / "mine" / "pages" / "a.txt").write_text("Menu\n", encoding="utf-8")
    for folder, message in [
        ("afile", "afile is a file, not a label folder; give the folder that holds the label files (<page>.tsv) "
                  "and pages/."),
        ("missing", "missing: no such label folder; check the path."),
        ("empty", "empty: no label files (*.tsv) found; a label folder holds <page>.tsv files and the pages in "
                  "pages/, as boilerplate label PAGE... --out DIR writes them."),
        ("mine", f"mine: no label files (*.tsv), only pages; write them with boilerplate label "
                 f"{tmp_path / 'mine' / 'pages'}/*.txt --out {tmp_path / 'mine'}, then correct them."),
    ]:
        with pytest.raises(LabelError) as error:
            load_labels(tmp_path / folder)
        assert str(error.value) == f"{tmp_path}/{message}"


def test_the_label_commands_told_for_a_folder_named_with_a_leading_dash_can_be_pasted(tmp_path, monkeypatch):
    # "boilerplate label -x/pages/*.txt --out -x" was told, which boilerplate label refuses
    # ("argument --out: expected one argument"): a path that starts with - needs ./ before it.
    import glob
    import shlex

    from boilerplate.cli import build_parser

    def labels(command):
        """The pages and the label folder of the boilerplate label command, as a shell would run it."""
        words = shlex.split(command)
        assert words[:2] == ["boilerplate", "label"]
        args = build_parser().parse_args(words[1:])
        pages = [pathlib.Path(page).resolve() for given in args.pages for page in sorted(glob.glob(given))]
        return pages, pathlib.Path(args.out).resolve()

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "-x"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "a.txt").write_text(PAGE, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(pathlib.Path("-x"))
    command = str(error.value).partition(" write them with ")[2].removesuffix(", then correct them.")
    assert labels(command) == ([folder / "pages" / "a.txt"], folder)
    other = PAGE.replace("Menu", "Home")
    (folder / "pages" / "b.txt").write_text(other, encoding="utf-8")
    write_label_file(folder / "b.tsv", other.splitlines(), ["chrome", "body", "body"])
    note = unlabelled_note([pathlib.Path("-x")])
    command = note.partition(" write its label file with ")[2].removesuffix(", then correct it.")
    assert labels(command) == ([folder / "pages" / "a.txt"], folder)


def test_a_sites_file_saved_with_quoted_cells_loads(label_folder):
    """Quoted as a spreadsheet's "quote all text cells" or csv.QUOTE_ALL writes it, like the label files."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [["page", "site"], ["a", "x"], ["b", "x"]])
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites=buffer.getvalue())
    assert [p.site for p in load_labels(folder)] == ["x", "x"]


def test_a_comment_typed_over_several_lines_in_a_spreadsheet_loads(label_folder):
    """A spreadsheet writes a cell with a line break (Alt+Enter) quoted, over several lines of the file."""
    rows = [line.split("\t") + [""] for line in GOOD.splitlines()]
    rows[0][4] = "comment"
    rows[2][4] = "the headline:\nsee LABELING.md, \"title\""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue().count("\n") == len(rows) + 1
    pages = load_labels(label_folder({"p": (PAGE, buffer.getvalue())}))
    assert pages[0].rows["comment"].tolist() == ["", rows[2][4], ""]
    assert pages[0].rows["label"].tolist() == ["chrome", "body", "body"]


def test_a_comment_that_opens_a_quote_it_never_closes_on_the_last_row_is_read_as_it_is(label_folder):
    """No closing quote follows in the file: the comment is the row's own cell, quote and all."""
    tsv = GOOD.replace("text\n", "text\tcomment\n").replace("\n", "\t\n")[:-2] + '\t"see line 3\n'
    assert load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows["comment"].tolist() == ["", "", '"see line 3']


@pytest.mark.parametrize("separator", [",", ";"])
def test_labels_saved_as_csv_beside_the_label_files_are_refused(label_folder, separator):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.csv").write_text(GOOD.replace("\t", separator).replace("body,title", "chrome,nav"), encoding="utf-8")
    with pytest.raises(LabelError, match=r"p\.csv: labels of page p saved under another name\? Only p\.tsv is read"):
        load_labels(folder)


@pytest.mark.parametrize("name", ["SITES.TSV", "Sites.tsv", "sites.TSV"])
def test_the_list_of_sites_in_capitals_is_read_as_such_not_as_a_label_file(label_folder, name):
    # With label files read in any case (p.TSV), SITES.TSV was taken for the label file of a
    # page SITES ("its page pages/SITES.txt is missing"); on a case-insensitive file system
    # it is sites.tsv itself, and was read as the list of sites before.
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)})
    (folder / name).write_text("page\tsite\na\tx\nb\tx\n", encoding="utf-8")
    assert {(p.stem, p.site) for p in load_labels(folder)} == {("a", "x"), ("b", "x")}
    (folder / name).write_text("page\tsite\na\tx\nc\tx\n", encoding="utf-8")
    with pytest.raises(LabelError, match=rf"{name}: pages without label files: c; c is no page of .*: correct the "
                                         r"name or remove its row \(.*\)\.$"):
        load_labels(folder)
    (folder / name).write_text(GOOD, encoding="utf-8")  # the label file of a page named Sites
    with pytest.raises(LabelError, match=rf"{name}: a label file by its header, but {name} is the label folder's "
                                         r"list of sites"):
        load_labels(folder)
    (folder / name).write_text("page\tsite\na\tx\nb\tx\n", encoding="utf-8")
    (folder / "sites.tsv").write_text("page\tsite\na\ty\nb\ty\n", encoding="utf-8")
    if len([p for p in folder.iterdir() if p.name.lower() == "sites.tsv"]) < 2:  # one file on a case-insensitive system
        return
    with pytest.raises(LabelError, match=r"two lists of sites \(.*\); keep one"):
        load_labels(folder)


def test_a_text_edited_past_its_first_40_characters_is_shown_where_it_differs(label_folder):
    """The message showed the first 40 characters of both texts, which were the same
    when the edit came later in a long line: the person could not see what differed."""
    line = "The city council voted on Tuesday to approve a new budget that will fund repairs to parks."
    page = f"Menu\n\n{line}\n"
    edited = line.replace("repairs", "repair")
    tsv = HEADER + f"1\tchrome\tnav\tMenu\n3\tbody\tparagraph\t{edited}\n"
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (page, tsv)}))
    message = str(error.value)
    assert "text does not match line 3 of p.txt" in message and "fix the line_no or the text" in message
    shown = re.search(r"\((.*) vs (.*)\); fix", message).groups()
    assert shown[0] != shown[1] and "repair " in shown[0] and "repairs" in shown[1]
    # A short text is shown whole, as before.
    with pytest.raises(LabelError, match=r"\('Menus' vs 'Menu'\)"):
        load_labels(label_folder({"p": (page, tsv.replace("\tMenu\n", "\tMenus\n"))}))


@pytest.mark.parametrize(
    "header, advice",
    [
        ("site\tpage", "put the pages in the first column."),
        ("Page\tSite", "write the names in lower case."),
        ("PAGE\tsite", "write the names in lower case."),
        ("page\tSite", "write the names in lower case."),  # in order, only the second name capitalized
        ("Site\tPage", "put the pages in the first column and write the names in lower case."),
    ],
)
def test_a_sites_header_in_another_order_or_case_is_refused_as_a_header(label_folder, header, advice):
    # Read as a row, it named a page "site" or "Page": "pages without label files: Page".
    # A header wrong only in case was told to put the pages in the first column, where they were.
    folder = label_folder({"a": (PAGE, GOOD)}, sites=f"{header}\na\tx\n")
    found = "<TAB>".join(header.split("\t"))
    with pytest.raises(LabelError, match=rf"sites\.tsv:1: the header must be page<TAB>site, .* not {found}; ") as error:
        load_labels(folder)
    assert str(error.value).endswith(f"; {advice}")


@pytest.mark.parametrize("header", ["page\tsite", "Page\tSite"])
def test_a_second_sites_header_is_refused_at_its_line(label_folder, header):
    # Two lists pasted into one: read as a row, the second header named a page "page"
    # ("pages without label files: page").
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites=f"page\tsite\na\tx\n{header}\nb\ty\n")
    with pytest.raises(LabelError, match=r"sites\.tsv:3: the header page<TAB>site again .*; delete this line\.$"):
        load_labels(folder)
    # A page named so, with its label file, is a page like any other.
    name, site = header.split("\t")
    label_folder({name: (PAGE, GOOD)})
    assert {(p.stem, p.site) for p in load_labels(folder)} == {("a", "x"), (name, site), ("b", "y")}
    # …and so it does where several folders are read (each with its list of sites read again).
    solo = folder / "solo"
    (solo / "pages").mkdir(parents=True)
    (solo / "pages" / f"{name}.txt").write_text(PAGE, encoding="utf-8")
    (solo / f"{name}.tsv").write_text(GOOD, encoding="utf-8")
    (solo / "sites.tsv").write_text(f"page\tsite\n{header}\n", encoding="utf-8")
    assert [(p.stem, p.site) for p in load_label_folders([solo])] == [(name, site)]


def test_space_typed_around_a_cell_of_the_sites_file_names_the_same_page_and_site(label_folder):
    """A space left after a site's name in a spreadsheet made it another site: the two pages
    of one site fell into different cross-validation folds, silently. Left after a page's
    name, it made the page unknown, named with the space the message cannot show."""
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD), "c": (PAGE, GOOD)},
                          sites="page\tsite\na\tcity news\nb\tcity news \n c\u00a0\tcity news\n")
    assert {(p.stem, p.site) for p in load_labels(folder)} == {("a", "city news"), ("b", "city news"),
                                                               ("c", "city news")}
    (folder / "sites.tsv").write_text("page\tsite\na\t \n", encoding="utf-8")  # a site of only space is none
    with pytest.raises(LabelError, match=r"sites\.tsv:2: expected 'page<TAB>site'"):
        load_labels(folder)


def test_a_site_named_in_another_case_is_refused_not_made_another_site(label_folder, tmp_path):
    """'City news' on one line and 'city news' on another (or in another folder's sites.tsv,
    where a site named alike is one site) made two sites, as a space typed after the name
    did: the pages of one site fell into different cross-validation folds, silently."""
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE.replace("Menu", "Share"), GOOD.replace("Menu", "Share"))},
                          sites="page\tsite\na\tcity news\nb\tCity News\n")
    with pytest.raises(LabelError, match=r"sites\.tsv:3: site 'City News' is 'city news' of line 2 in another case; "
                                         r"write a site's name alike wherever it is named"):
        load_labels(folder)
    (folder / "sites.tsv").write_text("page\tsite\na\tcity news\nb\tcity news\n", encoding="utf-8")
    other = tmp_path / "other"
    (other / "pages").mkdir(parents=True)
    (other / "pages" / "c.txt").write_text(PAGE.replace("Menu", "Home"), encoding="utf-8")
    (other / "c.tsv").write_text(GOOD.replace("Menu", "Home"), encoding="utf-8")
    (other / "sites.tsv").write_text("page\tsite\nc\tCity news\n", encoding="utf-8")
    with pytest.raises(LabelError, match=rf"^{re.escape(str(other / 'sites.tsv'))}: site 'City news' is 'city news' of "
                                         rf"{re.escape(str(folder / 'sites.tsv'))} in another case; write a site's name "
                                         r"alike wherever it is named"):
        load_label_folders([folder, other])
    (other / "sites.tsv").write_text("page\tsite\nc\tcity news\n", encoding="utf-8")
    assert {p.site for p in load_label_folders([folder, other])} == {"city news"}


@pytest.mark.parametrize("separator, name", [(",", "commas"), (";", "semicolons")])
def test_a_label_file_saved_as_csv_under_its_own_name_is_refused_as_such(label_folder, separator, name):
    """LibreOffice's and Excel's CSV keeps the name p.tsv when asked to: the header then
    is line_no,label,role,text, and asking for line_no<TAB>label… did not say what was wrong."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(csv.reader(io.StringIO(GOOD), delimiter="\t"))
    with pytest.raises(LabelError, match=rf"p\.tsv:1: the header must start with line_no<TAB>label<TAB>role<TAB>text"
                                         rf"; its columns are separated by {name} \(saved as CSV\?\): save it as "
                                         r"tab-separated text"):
        load_labels(label_folder({"p": (PAGE, buffer.getvalue())}))


def test_a_header_with_its_columns_in_another_order_is_shown(label_folder):
    tsv = "label\tline_no\trole\ttext\n" + "".join(
        "\t".join([row.split("\t")[1], row.split("\t")[0], *row.split("\t")[2:]]) + "\n" for row in GOOD.splitlines()[1:])
    with pytest.raises(LabelError, match=r"p\.tsv:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, "
                                         r"not label<TAB>line_no<TAB>role<TAB>text"):
        load_labels(label_folder({"p": (PAGE, tsv)}))


def test_space_typed_around_a_header_name_is_ignored(label_folder):
    """A space typed after comment (or line_no) in a spreadsheet was refused with the
    space unseen in the message: 'may have only comment, not comment ; … delete the
    other columns', which would delete the person's notes, and 'put its columns in that
    order' for columns already in order. Read without it, as sites.tsv's cells are."""
    tsv = GOOD.replace(HEADER, "line_no \t label\trole\ttext\tcomment\u00a0\n").replace("Menu\n", "Menu\tmy note\n")
    [page] = load_labels(label_folder({"p": (PAGE, tsv)}))
    assert page.rows["comment"].tolist() == ["my note", "", ""]


def test_space_typed_around_a_label_or_a_role_is_ignored(label_folder):
    """'chrome ' (a space after it) was refused as an unknown label and 'nav ' as a role
    that does not go with it, though line_no ' 1' was read; the row is read as it was meant."""
    tsv = GOOD.replace("1\tchrome\tnav\t", " 1\tchrome \t nav\t").replace("3\tbody\ttitle", "3\t body\ttitle\u00a0")
    [page] = load_labels(label_folder({"p": (PAGE, tsv)}))
    assert page.rows[["label", "role"]].values.tolist() == [["chrome", "nav"], ["body", "title"], ["body", "paragraph"]]


def test_a_label_or_a_role_in_another_case_is_told_to_be_lower_case(label_folder):
    """As a header name is: 'Title' for a body line was told it "does not go with label
    'body'; use one of title, …", and 'Paragraph' for a chrome line to use a chrome role,
    not that paragraph is a body role."""
    tsv = GOOD.replace("1\tchrome\tnav", "1\tChrome\tnav").replace("3\tbody\ttitle", "3\tbody\tTitle").replace(
        "5\tbody\tparagraph", "5\tchrome\tParagraph")
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (PAGE, tsv)}))
    assert [line.split(": ", 1)[1] for line in str(error.value).splitlines()] == [
        "unknown label 'Chrome'; write it in lower case, 'chrome'.",
        "unknown role 'Title'; write it in lower case, 'title'.",
        "role 'Paragraph' does not go with label 'chrome'; it is a body role ('paragraph', in lower case).",
    ]


def test_a_role_that_is_no_role_is_told_unknown_with_the_roles_of_its_label(label_folder):
    """A typo ('navv') was told it "does not go with label 'chrome'", as if it were a
    body role; it is no role at all. It is shown as typed, in any case ('Paragrph', not 'paragrph')."""
    tsv = GOOD.replace("1\tchrome\tnav", "1\tchrome\tnavv").replace("3\tbody\ttitle", "3\tbody\ttitel").replace(
        "5\tbody\tparagraph", "5\tbody\tParagrph")
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (PAGE, tsv)}))
    assert [line.split(": ", 1)[1] for line in str(error.value).splitlines()] == [
        f"unknown role 'navv'; a chrome line takes one of {', '.join(CHROME_ROLES)}.",
        f"unknown role 'titel'; a body line takes one of {', '.join(BODY_ROLES)}.",
        f"unknown role 'Paragrph'; a body line takes one of {', '.join(BODY_ROLES)}.",
    ]


@pytest.mark.parametrize("header, told", [
    ("Line_no\tLabel\trole\ttext\n", r"not Line_no<TAB>Label<TAB>role<TAB>text; write the names in lower case\."),
    ("line_no\tlabel\trole\ttext\tComment\n", r"not Comment; write comment in lower case\."),
])
def test_a_header_name_in_another_case_is_told_to_be_lower_case(label_folder, header, told):
    # Not "put its columns in that order" (they are) nor "delete the other columns" (the notes' column).
    with pytest.raises(LabelError, match=told):
        load_labels(label_folder({"p": (PAGE, GOOD.replace(HEADER, header))}))


def test_every_bad_row_of_every_label_file_is_reported_at_once(label_folder):
    """The person corrects them all in one go: a message naming only the first bad row
    meant a run of train.py for each. A row refused for its label still counts as the
    row of its line (not also reported as missing)."""
    p = GOOD.replace("1\tchrome\tnav\tMenu", "1\t\tnav\tMenu").replace("It ends here.", "It ends there.")
    q = GOOD.replace("3\tbody\ttitle\tHeadline here\n", "")
    folder = label_folder({"p": (PAGE, p), "q": (PAGE, q), "r": (PAGE, GOOD)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).splitlines() == [
        f"{folder / 'p.tsv'}:2: unknown label ''; use 'body' or 'chrome'.",
        f"{folder / 'p.tsv'}:4: text does not match line 5 of p.txt ('…paragraph of the article. It ends there.' vs "
        "'…paragraph of the article. It ends here.'); fix the line_no or the text.",
        f"{folder / 'q.tsv'}: non-blank lines of q.txt have no row: 3.",
    ]


def test_many_bad_rows_of_one_file_are_reported_up_to_a_limit(label_folder):
    page = "".join(f"Line {i}\n" for i in range(1, 31))
    # Every text wrong, and not the text of another line (that is told first as a page that changed).
    tsv = HEADER + "".join(f"{i}\tchrome\tnav\tLine {i}a\n" for i in range(1, 31))
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (page, tsv)}))
    lines = str(error.value).splitlines()
    assert len(lines) == 11 and all("text does not match" in line for line in lines[:10])
    assert lines[-1] == f"{label_folder({}) / 'p.tsv'}: and 20 more problems in this file."


def test_a_renamed_page_is_named_when_its_label_file_misses_it(label_folder):
    """Advice to "remove the label file" threw away its corrections when the page had only
    been renamed: the page in pages/ that has no label file is named, to be renamed back."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    (folder / "pages" / "p.txt").rename(folder / "pages" / "p (copy).txt")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (
        f"{folder / 'p.tsv'}: its page {folder / 'pages' / 'p.txt'} is missing; {folder / 'pages'} holds "
        "p (copy).txt, which has no label file: if it is this page, rename p (copy).txt to p.txt, or "
        "p.tsv to p (copy).tsv; else put the page there or remove the label file.")
    # The label file renamed instead: the same advice fits.
    (folder / "pages" / "p (copy).txt").rename(folder / "pages" / "p.txt")
    (folder / "p.tsv").rename(folder / "p corrected.tsv")
    with pytest.raises(LabelError, match=r"p corrected\.tsv: its page .* is missing; .* holds p\.txt, which has no "
                                         r"label file: if it is this page, rename p\.txt to p corrected\.txt, "
                                         r"or p corrected\.tsv to p\.tsv;"):
        load_labels(folder)


@pytest.mark.parametrize("name", ["p (1).tsv", "p(1).tsv", "p - Sheet1.tsv", "p_corrected.tsv", "p-corrected.tsv",
                                  "p.v2.tsv"])
def test_a_second_label_file_of_a_page_beside_its_first_is_named_as_such(label_folder, name):
    """A corrected copy saved beside p.tsv (a browser names a second download p (1).tsv,
    Google Sheets p - Sheet1.tsv) has no page of its name: the advice was to put the page
    there or remove the label file, and removed, its corrections were lost and p.tsv trained."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    (folder / name).write_text(GOOD.replace("body\ttitle", "chrome\tnav"), encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    stem = name[:-4]
    assert str(error.value) == (
        f"{folder / name}: its page {folder / 'pages' / (stem + '.txt')} is missing; {name} may be the labels of page "
        f"p saved under another name: if so, save it as p.tsv, over the old one, then remove {name}; else put the "
        "page there or remove the label file.")


@pytest.mark.parametrize("name, separator", [("sites.csv", ","), ("sites.txt", "\t"), ("Sites.CSV", ";")])
def test_the_list_of_sites_saved_under_another_name_is_refused(label_folder, name, separator):
    """A spreadsheet's Save As names sites.tsv sites.csv or sites.txt: it was passed over,
    and every page, a site of its own, made cross-validation train on pages of the site
    it tested, silently."""
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)})
    (folder / name).write_text(f"page{separator}site\na{separator}x\nb{separator}x\n", encoding="utf-8")
    with pytest.raises(LabelError, match=rf"{name}: the list of sites saved under another name\? Only sites\.tsv is "
                                         rf"read; save it as sites\.tsv \(tab-separated\), then remove {name}\."):
        load_labels(folder)
    (folder / name).write_text("notes on the sites\n", encoding="utf-8")  # not a list of sites: let be
    assert {p.site for p in load_labels(folder)} == {"a", "b"}


def test_a_sites_file_saved_as_csv_under_its_own_name_says_so(label_folder):
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites="page,site\r\na,x\r\nb,x\r\n")
    with pytest.raises(LabelError, match=r"sites\.tsv:1: expected 'page<TAB>site'; its columns are separated by "
                                         r"commas \(saved as CSV\?\): save it as tab-separated text"):
        load_labels(folder)


def test_a_comment_over_several_lines_loads_in_rows_padded_with_empty_cells(label_folder):
    """With every row padded one empty cell wider (a column used and cleared), the comment's
    last line holds a tab after its closing quote: it was taken for the next row
    ("expected 5 tab-separated columns, found 2" at a line that is no row)."""
    rows = [line.split("\t") + ["", ""] for line in GOOD.splitlines()]
    rows[0][4] = "comment"
    rows[2][4] = "the headline:\nsee LABELING.md, \"title\""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    pages = load_labels(label_folder({"p": (PAGE, buffer.getvalue())}))
    assert pages[0].rows["comment"].tolist() == ["", rows[2][4], ""]
    assert pages[0].rows["label"].tolist() == ["chrome", "body", "body"]


def test_a_comment_of_many_lines_loads_in_linear_time(label_folder):
    """A quoted comment was joined one line at a time, its quotes counted again at each:
    a comment of 128,000 lines took half a minute to load (its length squared), one of
    200,000 well over a minute. Now a fraction of a second; the limit is generous."""
    note = [f"line {i} of a note pasted in" for i in range(200_000)]
    tsv = GOOD.replace("\n", "\tcomment\n", 1).rstrip("\n") + '\t"' + "\n".join(note) + '"\n'
    folder = label_folder({"p": (PAGE, tsv)})
    code = (
        "import sys; from boilerplate.labels import load_labels; "
        "print(len(load_labels(sys.argv[1])[0].rows['comment'].iloc[-1].splitlines()))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=REPO, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(note))]


def test_every_label_file_saved_under_another_name_or_open_in_excel_is_named(label_folder):
    """Each needs its own correction: naming the first alone meant a run of train.py for each."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD), "r": (PAGE, GOOD)})
    for name in ("p.csv", "q.txt"):
        (folder / name).write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert [line.split(": labels of page")[0] for line in str(error.value).splitlines()] == [
        str(folder / "p.csv"), str(folder / "q.txt")]
    for name in ("~$p.tsv", "~$r.tsv"):
        (folder / name).write_bytes(b"owner")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert [line.split(": Excel's owner file")[0] for line in str(error.value).splitlines()] == [
        str(folder / "~$p.tsv"), str(folder / "~$r.tsv")]


def test_label_files_put_in_pages_are_asked_to_move_out(label_folder):
    """A label file moved into pages/ was passed over: its page was silently left out of
    training, or, all of them moved, the advice was to write them anew with boilerplate label."""
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD), "r": (PAGE, GOOD)})
    for name in ("p.tsv", "q.tsv"):
        (folder / name).rename(folder / "pages" / name)
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).splitlines() == [
        f"{folder / 'pages' / name}: a label file in pages/, where only pages are read; move it to {folder}."
        for name in ("p.tsv", "q.tsv")]
    (folder / "r.tsv").rename(folder / "pages" / "r.tsv")
    with pytest.raises(LabelError, match=r"r\.tsv: a label file in pages/, where only pages are read; move it to"):
        load_labels(folder)


@pytest.mark.parametrize("as_type", [str, pathlib.Path])
def test_load_label_folders_refuses_one_folder_not_in_a_list(as_type):
    # "labels" was read letter by letter: "l: this label folder is given twice".
    with pytest.raises(TypeError, match=r"takes a list of label folders, not one (str|PosixPath|WindowsPath); pass \[folder\]"):
        load_label_folders(as_type(LABELS))


def test_a_text_cell_ending_in_a_lone_backslash_is_read_as_it_is(label_folder):
    # Typed by hand, unescaped: a backslash before a letter is kept as it is, and so is one that ends the cell.
    page = PAGE.replace("Menu", "Menu \\")
    tsv = GOOD.replace("\tMenu\n", "\tMenu \\\n")
    assert load_labels(label_folder({"p": (page, tsv)}))[0].rows["text"].tolist()[0] == "Menu \\"


def test_a_text_of_zeros_for_a_line_without_a_zero_is_no_spreadsheet_value(label_folder):
    # "0" is a number a spreadsheet may write, but only for a line that holds a 0: for "Menu" it is a wrong text.
    folder = label_folder({"p": (PAGE, GOOD.replace("\tMenu\n", "\t00\n"))})
    with pytest.raises(LabelError, match=r"p\.tsv:2: text does not match line 1 of p\.txt \('00' vs 'Menu'\); fix the line_no or the text\.$"):
        load_labels(folder)
    folder = label_folder({"p": (PAGE.replace("Menu", "0 comments"), GOOD.replace("\tMenu\n", "\t00\n"))})
    with pytest.raises(LabelError, match=r"a spreadsheet read the line as a number"):
        load_labels(folder)


def test_a_blank_line_after_a_comment_over_several_lines_is_no_part_of_it(label_folder):
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\n").replace("\tMenu\n", '\tMenu\t"first line\nsecond line"\n\n')
    rows = load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows
    assert rows["comment"].tolist() == ["first line\nsecond line", "", ""]


def test_a_row_of_too_few_columns_is_its_lines_row_also_for_the_last_line(label_folder):
    # The row is refused for its columns; its line is not also said to have no row.
    folder = label_folder({"p": (PAGE, GOOD.replace("5\tbody\tparagraph\t", "5\tbody\t"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:4: expected 4 tab-separated columns, found 3."


@pytest.mark.parametrize("count", [10, 11])
def test_the_list_of_lines_without_a_row_is_cut_after_ten(label_folder, count):
    page = "".join(f"Line {i}\n" for i in range(1, count + 1))
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (page, HEADER)}))
    shown = ", ".join(str(i) for i in range(1, 11)) + (" …" if count > 10 else "")
    assert str(error.value).endswith(f"p.txt have no row: {shown}.")


@pytest.mark.parametrize("count", [MAX_PROBLEMS, MAX_PROBLEMS + 1])
def test_problems_past_the_first_ten_are_counted(label_folder, count):
    page = "".join(f"Line {i}\n" for i in range(1, count + 1))
    tsv = HEADER + "".join(f"{i}\tchrome\tnav\tLine {i}x\n" for i in range(1, count + 1))
    folder = label_folder({"p": (page, tsv)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    told = [f"{folder / 'p.tsv'}:{i + 1}: text does not match line {i}" for i in range(1, MAX_PROBLEMS + 1)]
    more = [f"{folder / 'p.tsv'}: and 1 more problems in this file."] if count > MAX_PROBLEMS else []
    lines = str(error.value).splitlines()
    assert [line.split(" of p.txt")[0] for line in lines[:MAX_PROBLEMS]] == told and lines[MAX_PROBLEMS:] == more


def test_pages_of_only_blank_lines_in_two_folders_are_not_one_page_labelled_twice(tmp_path):
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        (folder / "pages").mkdir(parents=True)
        (folder / "pages" / f"{name}.txt").write_text("\n \n", encoding="utf-8")
        (folder / f"{name}.tsv").write_text(HEADER, encoding="utf-8")
        folders.append(folder)
    assert [(p.stem, len(p.rows)) for p in load_label_folders(folders)] == [("a", 0), ("b", 0)]


def _folder(path, pages, sites=None):
    """A label folder at ``path`` of one-line pages, ``{stem: line}``, each labelled chrome."""
    (path / "pages").mkdir(parents=True)
    for stem, line in pages.items():
        (path / "pages" / f"{stem}.txt").write_text(f"{line}\n", encoding="utf-8")
        (path / f"{stem}.tsv").write_text(f"{HEADER}1\tchrome\tnav\t{line}\n", encoding="utf-8")
    if sites is not None:
        (path / "sites.tsv").write_text(sites, encoding="utf-8")
    return path


def test_pages_of_two_folders_named_differently_keep_their_names(tmp_path):
    # Only a name that two folders hold is named by its folder.
    a, b = _folder(tmp_path / "a", {"index": "Menu", "p": "Home"}), _folder(tmp_path / "b", {"index": "Start", "q": "Sport"})
    assert [p.stem for p in load_label_folders([a, b])] == [f"{a.as_posix()}/index", "p", f"{b.as_posix()}/index", "q"]


def test_a_page_name_two_folders_share_keeps_the_site_its_sites_file_gives(tmp_path):
    # Named by its folder, the page stays in the site its folder's sites.tsv lists it in; unlisted, it is a site of its own.
    a = _folder(tmp_path / "a", {"index": "Menu"}, "page\tsite\nindex\tnews\n")
    b = _folder(tmp_path / "b", {"index": "Start"})
    assert [(p.stem, p.site) for p in load_label_folders([a, b])] == [
        (f"{a.as_posix()}/index", "news"), (f"{b.as_posix()}/index", f"{b.as_posix()}/index")]


def test_escape_keeps_a_cell_on_one_line_and_unescape_undoes_it():
    # A line handed to the writer whole (not split by splitlines) may hold a CR or an LF: its cell must not end the row.
    text = "a\tb\\c\rd\ne"
    cell = escape(text)
    assert not any(ch in cell for ch in "\t\r\n") and unescape(cell) == text


def test_a_backslash_typed_before_another_character_is_kept_as_it_is(label_folder):
    # Only \\, \t, \r and \n are escapes: "\ " and "\d" in a text typed by hand are the line's own backslashes.
    page = PAGE.replace("Menu", "Home \\ News \\d")
    tsv = GOOD.replace("\tMenu\n", "\tHome \\ News \\d\n")
    assert load_labels(label_folder({"p": (page, tsv)}))[0].rows["text"].tolist()[0] == "Home \\ News \\d"


def test_a_text_cell_with_space_at_its_ends_read_in_a_legacy_code_page_still_matches(label_folder):
    # Each alone is no mismatch (a space typed after a text; UTF-8 read as Windows-1252): nor are both.
    misread = " কাল ".encode("utf-8").decode("cp1252")
    tsv = HEADER + f"1\tchrome\tdate\t{misread}\n"
    assert load_labels(label_folder({"p": ("কাল\n", tsv)}))[0].rows["text"].tolist() == ["কাল"]


def test_a_text_cut_short_of_a_long_line_is_shown_where_it_stops(label_folder):
    # The texts agree up to the cell's end: the message shows that end and what the line has after it.
    line = ("The city council voted on Tuesday to approve a new budget that will fund repairs to parks, "
            "libraries and the old bridge over the river, the mayor said.")
    cut = line[:line.index(" budget")]
    page = f"Menu\n\n{line}\n"
    tsv = HEADER + f"1\tchrome\tnav\tMenu\n3\tbody\tparagraph\t{cut}\n"
    with pytest.raises(LabelError) as error:
        load_labels(label_folder({"p": (page, tsv)}))
    shown = re.search(r"\('(.*)' vs '(.*)'\); fix", str(error.value)).groups()
    assert shown[0].endswith(cut[-10:]) and line[len(cut) - 10:len(cut) + 10] in shown[1], shown


def test_a_line_starting_with_a_quote_turned_into_question_marks_says_so(label_folder):
    # Written quoted (it starts with a quote), then saved in a code page without Bengali: the quotes stay, the letters are '?'.
    line = '"ঢাকা" সংবাদ'
    saved = line.encode("cp1252", errors="replace").decode("cp1252")
    assert saved == '"????" ?????'
    tsv = HEADER + '1\tbody\ttitle\t"' + saved.replace('"', '""') + '"\n'
    with pytest.raises(LabelError, match=r"p\.tsv:2: text has '\?' where line 1 of p\.txt has other characters"):
        load_labels(label_folder({"p": (line + "\n", tsv)}))


def test_an_error_value_is_a_spreadsheets_only_for_a_line_that_starts_as_a_formula(label_folder):
    """Excel's #NAME? for '@user' (a formula to Excel 365 too), LibreOffice's Err:508, Google
    Sheets' #ERROR!, a percentage written without its trailing zero; #N/A for 'Menu' is a wrong text."""
    lines = ["@newsdesk", "=== Top stories ===", "+ More", "12.50%", "Menu"]
    cells = ["#NAME?", "Err:508", "#ERROR!", "12.5%", "#N/A"]
    problems, hint = _spreadsheet_problems(label_folder, lines, cells)
    assert [problem.endswith(hint) for problem in problems] == [True, True, True, True, False], problems
    assert problems[4].endswith("; fix the line_no or the text."), problems[4]


def test_a_label_file_no_code_page_reads_is_not_said_to_be_windows_1252(label_folder):
    # 0x8D (the last byte of a hasanta, left alone where a UTF-8 file was cut) is no UTF-8 and no Windows-1252 either.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").write_bytes(GOOD.encode("utf-8").replace(b"\tMenu\n", b"\tMenu\x8d\n"))
    with pytest.raises(LabelError, match=r"p\.tsv:2: not valid UTF-8 \(byte \d+\); save the file as UTF-8\.$"):
        load_labels(folder)


@pytest.mark.parametrize("comment, kept", [('the 5" screen', 'the 5" screen'), ('"a note in quotes"', "a note in quotes")])
def test_a_one_line_comment_holding_quotes_is_no_start_of_one_over_several_lines(label_folder, comment, kept):
    # An inch mark, or a whole quoted cell, opens no comment that runs on over the blank line after it.
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\n").replace("\tMenu\n", f"\tMenu\t{comment}\n\n")
    rows = load_labels(label_folder({"p": (PAGE, tsv)}))[0].rows
    assert rows["comment"].tolist() == [kept, "", ""]


@pytest.mark.parametrize("separator, name", [(",", "commas"), (";", "semicolons")])
def test_a_label_file_with_its_comment_column_saved_as_csv_under_its_own_name_is_refused_as_such(label_folder, separator, name):
    # boilerplate label writes the comment column: the header is then line_no,label,role,text,comment.
    buffer = io.StringIO()
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\n")
    csv.writer(buffer, delimiter=separator).writerows(csv.reader(io.StringIO(tsv), delimiter="\t"))
    with pytest.raises(LabelError, match=rf"p\.tsv:1: the header must start with line_no<TAB>label<TAB>role<TAB>text"
                                         rf"; its columns are separated by {name} \(saved as CSV\?\)"):
        load_labels(label_folder({"p": (PAGE, buffer.getvalue())}))


def test_an_empty_label_file_is_told_the_header_it_needs_and_no_other(label_folder):
    folder = label_folder({"p": (PAGE, "")})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:1: the header must start with line_no<TAB>label<TAB>role<TAB>text."


def test_a_label_file_whose_name_only_starts_as_a_pages_is_no_copy_of_its_labels(label_folder):
    # index2.tsv beside index.tsv: no " (1)", " - Sheet1" or "_…" follows index, so index2 is a page of its own, missing.
    folder = label_folder({"index": (PAGE, GOOD)})
    (folder / "index2.tsv").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (f"{folder / 'index2.tsv'}: its page {folder / 'pages' / 'index2.txt'} is missing; "
                                "put the page there or remove the label file.")


def test_a_second_label_file_is_named_a_copy_of_the_page_whose_whole_name_it_starts_with(label_folder):
    # news_bd (1).tsv starts with news and with news_bd: it is news_bd's copy.
    folder = label_folder({"news": (PAGE, GOOD), "news_bd": (PAGE, GOOD)})
    (folder / "news_bd (1).tsv").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError, match=r"news_bd \(1\)\.tsv may be the labels of page news_bd saved under another "
                                         r"name: if so, save it as news_bd\.tsv, over the old one"):
        load_labels(folder)


def test_a_page_without_a_label_file_is_named_before_a_copy_is_guessed(label_folder):
    # p_2.tsv may be a copy of p's labels, or the labels of q.txt under another name: q has none, so it is named.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "pages" / "q.txt").write_text(PAGE, encoding="utf-8")
    (folder / "p_2.tsv").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError, match=r"p_2\.tsv: its page .* is missing; .* holds q\.txt, which has no label file: "
                                         r"if it is this page, rename q\.txt to p_2\.txt, or p_2\.tsv to q\.tsv; else"):
        load_labels(folder)


@pytest.mark.parametrize("count", [5, 6])
def test_the_pages_without_a_label_file_named_for_a_missing_page_are_cut_after_five(label_folder, count):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "pages" / "p.txt").unlink()
    for i in range(count):
        (folder / "pages" / f"q{i}.txt").write_text(PAGE, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    names = ", ".join(f"q{i}.txt" for i in range(5)) + (" …" if count > 5 else "")
    assert f"{folder / 'pages'} holds {names}, which have no label file: if one is this page" in str(error.value)


def test_a_header_whose_last_name_was_deleted_is_shown_without_its_empty_cells(label_folder):
    folder = label_folder({"p": (PAGE, "line_no\tlabel\trole\t\t\n" + GOOD.split("\n", 1)[1])})
    with pytest.raises(LabelError, match=r"p\.tsv:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, "
                                         r"not line_no<TAB>label<TAB>role;"):
        load_labels(folder)


@pytest.mark.parametrize("row, found", [("1\tchrome\tnav", 3), ("1\tchrome\tnav\tMenu\tnote\tmore", 6)])
def test_a_row_of_another_width_under_a_comment_column_is_told_its_own(label_folder, row, found):
    # A row of four is one without its (empty) comment; any other width is counted as it is, and
    # the header already has the comment column: no advice to add it.
    tsv = GOOD.replace("\ttext\n", "\ttext\tcomment\n").replace("1\tchrome\tnav\tMenu", row)
    folder = label_folder({"p": (PAGE, tsv)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:2: expected 5 tab-separated columns, found {found}."


def test_a_quoted_row_of_too_few_columns_is_its_lines_row(label_folder):
    # Saved with every cell quoted: "3" is line 3's row all the same, refused for its columns only.
    buffer = io.StringIO()
    rows = [row.split("\t") for row in GOOD.splitlines()]
    rows[2] = rows[2][:3]
    csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_ALL).writerows(rows)
    folder = label_folder({"p": (PAGE, buffer.getvalue())})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:3: expected 4 tab-separated columns, found 3."


def test_a_quoted_text_cell_is_shown_unquoted_when_it_does_not_match(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace("\tHeadline here", '\t"Headline ""there"""'))})
    with pytest.raises(LabelError, match=r"""p\.tsv:3: text does not match line 3 of p\.txt \('Headline "there"' vs 'Headline here'\)"""):
        load_labels(folder)


def test_a_line_of_only_invisible_characters_takes_no_row(tmp_path):
    # Blank to the features, it gets no row from the writer, and the loader asks for none.
    lines = ["Menu", "\u200b\u200c", "The council approved the new budget on Tuesday."]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "body"])
    assert load_labels(tmp_path)[0].rows["line_no"].tolist() == [1, 3]


def test_rows_a_spreadsheet_sorted_by_label_load_in_line_order(label_folder):
    rows = GOOD.splitlines()
    tsv = "\n".join([rows[0], rows[2], rows[3], rows[1]]) + "\n"  # body rows first, as sorting by label puts them
    page = load_labels(label_folder({"p": (PAGE, tsv)}))[0]
    assert page.rows["line_no"].tolist() == [1, 3, 5] and page.rows["label"].tolist() == ["chrome", "body", "body"]


def test_a_sites_row_without_its_page_is_refused_at_its_line(label_folder):
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\n\tx\na\tx\n")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'sites.tsv'}:2: expected 'page<TAB>site'."


def test_a_page_listed_again_with_another_site_is_told_the_line_it_was_first_listed_at(label_folder):
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\na\tx\na\tx\na\ty\n")
    with pytest.raises(LabelError, match=r"sites\.tsv:4: page a is listed at line 2 with site 'x', here with 'y'"):
        load_labels(folder)


def test_a_site_name_in_capitals_is_the_same_name_in_another_case_also_where_lower_case_cannot_tell(label_folder):
    # "STRASSE" is "Straße" in capitals; lower-cased they differ (strasse, straße), case-folded they are one.
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites="page\tsite\na\tDie Straße\nb\tDIE STRASSE\n")
    with pytest.raises(LabelError, match=r"sites\.tsv:3: site 'DIE STRASSE' is 'Die Straße' of line 2 in another case"):
        load_labels(folder)


def test_labels_saved_as_csv_with_every_cell_quoted_beside_the_label_files_are_refused(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(csv.reader(io.StringIO(GOOD), delimiter="\t"))
    assert buffer.getvalue().startswith('"line_no","label"')
    (folder / "p.csv").write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(LabelError, match=r"p\.csv: labels of page p saved under another name\? Only p\.tsv is read"):
        load_labels(folder)


def test_labels_saved_as_text_in_windows_1252_beside_the_label_files_are_refused(label_folder):
    # Excel's "Text (Tab delimited)" names the file p.txt and writes Windows-1252: unreadable as UTF-8, it cannot
    # be told from a label file by its header, so it is taken for one.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.txt").write_bytes(GOOD.replace("Headline here", "“Headline” here").encode("cp1252"))
    with pytest.raises(LabelError, match=r"p\.txt: labels of page p saved under another name\? Only p\.tsv is read"):
        load_labels(folder)


def test_a_file_that_cannot_be_read_is_named_by_the_error_else_by_the_path_given():
    error = PermissionError(13, "Permission denied", "/labels/p.tsv")
    assert cannot_read(error, "/labels") == "/labels/p.tsv: cannot be read (Permission denied); make it readable."
    assert cannot_read(PermissionError(13, "Permission denied"), "/labels") == (
        "/labels: cannot be read (Permission denied); make it readable.")


def test_the_list_of_sites_in_capitals_put_in_pages_is_named_as_such(label_folder):
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\na\tx\n")
    (folder / "sites.tsv").rename(folder / "pages" / "SITES.TSV")
    with pytest.raises(LabelError, match=r"SITES\.TSV: the list of sites in pages/, where only pages are read; move it to"):
        load_labels(folder)


def test_macos_and_excel_files_in_pages_are_not_label_files_put_there(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "pages" / "._p.tsv").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (folder / "pages" / "~$p.tsv").write_bytes(b"\x07Owner Name  \x00\x00")
    assert [page.stem for page in load_labels(folder)] == ["p"]


def test_two_label_files_of_one_page_are_named_and_no_other_pages(label_folder):
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    (folder / "p.TSV").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder}: page p has two label files (p.TSV, p.tsv); keep one."


def test_the_text_column_holds_the_line_without_invisible_characters_at_its_ends(tmp_path):
    # The text is the stripped line as the features see it: a BOM or a direction mark at its ends is no part of it.
    lines = ["\ufeffMenu\u200f", "A paragraph. It ends."]
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "body"])
    rows = [row.split("\t") for row in (tmp_path / "p.tsv").read_text(encoding="utf-8").splitlines()]
    assert [row[3] for row in rows[1:]] == ["Menu", "A paragraph. It ends."]


def test_the_folder_hash_tells_a_renamed_page(label_folder):
    # The receipt's sha256 names the labels a model was trained on: the same bytes under another name are other labels.
    folder = label_folder({"p": (PAGE, GOOD)})
    before = folder_hash(folder)
    (folder / "pages" / "p.txt").rename(folder / "pages" / "q.txt")
    assert folder_hash(folder) != before


def test_a_label_folder_given_twice_under_two_spellings_is_refused(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    with pytest.raises(LabelError, match=r": this label folder is given twice; give each folder once"):
        load_label_folders([folder, folder / "pages" / ".."])


@pytest.mark.parametrize("count", [5, 6])
def test_the_note_of_pages_without_a_label_file_names_the_first_five(tmp_path, count):
    (tmp_path / "pages").mkdir()
    for i in range(count):
        (tmp_path / "pages" / f"q{i}.txt").write_text(PAGE, encoding="utf-8")
    names = ", ".join(f"q{i}.txt" for i in range(5)) + (", …" if count > 5 else "")
    assert unlabelled_note([tmp_path]).startswith(f"{count} pages without a label file are left out ({names}); to train")


def test_the_note_of_pages_without_a_label_file_in_two_folders_writes_each_into_its_own(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        (folder / "pages").mkdir(parents=True)
        (folder / "pages" / f"{folder.name}.txt").write_text(PAGE, encoding="utf-8")
    note = unlabelled_note([a, b])
    assert (f"write their label files with boilerplate label {a / 'pages' / 'a.txt'} --out {a} and "
            f"boilerplate label {b / 'pages' / 'b.txt'} --out {b}, then correct them.") in note


def test_one_page_labelled_twice_in_two_normalization_forms_is_refused(tmp_path):
    # A copy saved in NFD (as macOS may write it) is the same page: its lines would count twice.
    page = "Menu\n\nক\u09cbরিয়া সফর করলেন রুশ গ\u09cbয়েন্দা প্রধান\n"
    for name, form in (("a", "NFC"), ("b", "NFD")):
        (tmp_path / name / "pages").mkdir(parents=True)
        text = unicodedata.normalize(form, page)
        (tmp_path / name / "pages" / f"{name}.txt").write_text(text, encoding="utf-8")
        write_label_file(tmp_path / name / f"{name}.tsv", text.splitlines(), ["chrome", "body"])
    assert unicodedata.normalize("NFD", page) != page
    with pytest.raises(LabelError, match=r"b\.txt: the same page as .*a\.txt; keep one of them"):
        load_label_folders([tmp_path / "a", tmp_path / "b"])


@pytest.mark.parametrize("labels, roles, told", [(["chrome", "body"], None, "2 labels"), (["chrome", "body", "body"], [], "0 roles")])
def test_fewer_labels_or_an_empty_list_of_roles_are_refused_when_writing(tmp_path, labels, roles, told):
    # An empty list of roles is three roles too few, not "no roles".
    lines = ["Menu", "", "Headline here", "A paragraph. It ends."]
    with pytest.raises(ValueError, match=rf"^{told} for 3 non-blank lines\.$"):
        write_label_file(tmp_path / "p.tsv", lines, labels, roles)
    assert not (tmp_path / "p.tsv").exists()


def test_a_workbook_that_reads_as_text_is_refused_by_its_name_alone(label_folder):
    # Excel's "XML Spreadsheet 2003" is text, and does not start with the header: a workbook is refused by its suffix.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.xls").write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">\n',
                                  encoding="utf-8")
    with pytest.raises(LabelError, match=r"p\.xls: labels of page p saved under another name\? Only p\.tsv is read"):
        load_labels(folder)


def test_a_comment_with_an_unclosed_quote_ends_before_a_row_whose_text_holds_a_lone_quote(label_folder):
    # A line with a tab is the next row, told by what comes before its first tab: an inch mark later in it
    # closes no quote a comment opened and left open.
    page = PAGE.replace("Headline here", 'The 5" screen')
    tsv = (GOOD.replace("\ttext\n", "\ttext\tcomment\n").replace("\tMenu\n", '\tMenu\t"Breaking, as typed\n')
           .replace("\tHeadline here\n", '\tThe 5" screen\t\n'))
    rows = load_labels(label_folder({"p": (page, tsv)}))[0].rows
    assert rows["line_no"].tolist() == [1, 3, 5] and rows["comment"].tolist() == ['"Breaking, as typed', "", ""]


def test_the_frame_of_the_labels_gives_each_row_its_pages_site(label_folder):
    folder = label_folder({"a": (PAGE, GOOD), "b": (PAGE, GOOD)}, sites="page\tsite\na\tx\n")
    frame = labels_frame(load_labels(folder))
    assert frame["page"].tolist() == ["a"] * 3 + ["b"] * 3 and frame["site"].tolist() == ["x"] * 3 + ["b"] * 3


def test_every_site_of_a_folder_is_checked_against_the_names_in_another_folder(tmp_path):
    # Not only the first site of its sites.tsv: 'City news' is its second.
    for name, page, sites in (("a", "Menu", "x\nb\tcity news"), ("c", "Home", "City news")):
        folder = tmp_path / name
        (folder / "pages").mkdir(parents=True)
        (folder / "pages" / f"{name}.txt").write_text(PAGE.replace("Menu", page), encoding="utf-8")
        (folder / f"{name}.tsv").write_text(GOOD.replace("Menu", page), encoding="utf-8")
        (folder / "sites.tsv").write_text(f"page\tsite\n{name}\t{sites}\n", encoding="utf-8")
    (tmp_path / "a" / "pages" / "b.txt").write_text(PAGE.replace("Menu", "Share"), encoding="utf-8")
    (tmp_path / "a" / "b.tsv").write_text(GOOD.replace("Menu", "Share"), encoding="utf-8")
    with pytest.raises(LabelError, match=r"c/sites\.tsv: site 'City news' is 'city news' of .*a/sites\.tsv in another case"):
        load_label_folders([tmp_path / "a", tmp_path / "c"])


def test_line_numbers_count_lines_as_splitlines_does(label_folder):
    # A page with CR line ends (classic Mac OS) or a line separator (U+2028) has a line at each.
    page = "Menu\rHeadline here\u2028A paragraph of the article. It ends here.\r"
    tsv = HEADER + "1\tchrome\tnav\tMenu\n2\tbody\ttitle\tHeadline here\n3\tbody\tparagraph\tA paragraph of the article. It ends here.\n"
    assert load_labels(label_folder({"p": (page, tsv)}))[0].rows["line_no"].tolist() == [1, 2, 3]


def test_blank_lines_and_comment_lines_of_sites_tsv_are_skipped(tmp_path):
    # The README says so: a '#' line (a note to the next labeller) is no page.
    import shutil

    folder = tmp_path / "labels"
    shutil.copytree(LABELS, folder)
    sites = (folder / "sites.tsv").read_text(encoding="utf-8").splitlines()
    (folder / "sites.tsv").write_text("\n".join([sites[0], "# 000 and 003 share a site", "", *sites[1:]]) + "\n",
                                      encoding="utf-8")
    assert [(p.stem, p.site) for p in load_labels(folder)] == [(p.stem, p.site) for p in load_labels(LABELS)]


def test_a_label_file_a_spreadsheet_read_in_a_legacy_code_page_loads_for_a_page_not_in_nfc(tmp_path):
    # The misread text is the page's line in the page's own form (ज़ U+095B, which NFC
    # decomposes): it is compared in NFC, as the page's line is.
    lines = ["* टॉप न्यू\u095b", "রাশিয়ার নিরাপত্তা প্রধানের সঙ্গে কিমের বৈঠক"]
    assert unicodedata.normalize("NFC", lines[0]) != lines[0]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    write_label_file(tmp_path / "p.tsv", lines, ["chrome", "body"])
    misread = "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                      for b in (tmp_path / "p.tsv").read_bytes())
    (tmp_path / "p.tsv").write_bytes(misread.replace("\n", "\r\n").encode("utf-16"))
    assert load_labels(tmp_path)[0].rows["text"].tolist() == lines


def test_a_signed_or_long_number_a_date_with_its_time_and_a_time_in_lower_case_are_read_as_a_spreadsheets(label_folder):
    """'-05' is -5 to a spreadsheet, a number of 20 digits is shown as 1.23457E+19, a date with
    a time keeps both, and a locale such as Australia's writes am and pm in lower case; an
    error value is one in any case. A '-5' for 'Menu' is a wrong text."""
    lines = ["-05", "12345678901234567890", "2024-01-05 10:30", "10:30 am", "=== Top stories ===", "Menu"]
    cells = ["-5", "1.23457E+19", "1/5/2024 10:30", "10:30:00 am", "#name?", "-5"]
    problems, hint = _spreadsheet_problems(label_folder, lines, cells)
    assert [problem.endswith(hint) for problem in problems] == [True, True, True, True, True, False], problems
    assert problems[5].endswith("; fix the line_no or the text."), problems[5]


def test_a_text_with_space_at_its_ends_that_does_not_match_is_shown_without_it(label_folder):
    # The space is no difference (it is stripped before matching): shown, it hid the one there is.
    folder = label_folder({"p": (PAGE, GOOD.replace("\tMenu\n", "\t  Menus \n"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).endswith("p.tsv:2: text does not match line 1 of p.txt ('Menus' vs 'Menu'); fix the "
                                     "line_no or the text.")


def test_a_line_given_a_row_again_is_told_its_first_row_also_past_a_refused_row_of_it(label_folder):
    folder = label_folder({"p": (PAGE, GOOD + "1\tchrome\tnav\n1\tchrome\tnav\tMenu\n")})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert [line.split("p.tsv", 1)[1] for line in str(error.value).splitlines()] == [
        ":5: expected 4 tab-separated columns, found 3.",
        f":6: line 1 already has a row at {folder / 'p.tsv'}:2; keep one of the two (delete the other, or fix its "
        "line_no).",
    ]


def test_folders_named_like_label_files_or_their_copies_are_none(label_folder):
    # Only files are: a folder is no labels saved under another name (a workbook is, a
    # .numbers being a folder), and none was put in pages/.
    folder = label_folder({"p": (PAGE, GOOD)})
    for name in ("notes.tsv", "p.csv", "pages/old.tsv"):
        (folder / name).mkdir()
    assert [page.stem for page in load_labels(folder)] == ["p"]


def test_excels_owner_file_of_a_file_that_is_no_label_file_is_left_alone(label_folder):
    # Excel keeps ~$notes.xlsx beside the notes.xlsx it has open: the labels are not open in it.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "~$notes.xlsx").write_bytes(b"\x07Owner Name  \x00\x00")
    assert [page.stem for page in load_labels(folder)] == ["p"]


def test_a_label_file_named_in_capitals_open_in_libreoffice_stops_loading(label_folder):
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").rename(folder / "p.TSV")
    (folder / ".~lock.p.TSV#").write_text(",Person,host,04.12.2026 18:30,file:///home/person/.config/libreoffice/4;",
                                          encoding="utf-8")
    with pytest.raises(LabelError, match=r"\.~lock\.p\.TSV#: LibreOffice's lock file: p\.TSV is open in LibreOffice;"):
        load_labels(folder)


def test_the_note_of_pages_without_a_label_file_leaves_out_labelled_pages_and_files_of_macos_and_excel(label_folder):
    # p.TSV is p's label file, as load_labels reads it; ._p.txt is macOS's resource data and
    # ~$q.txt Excel's owner file of a page it has open: none is a page to label.
    folder = label_folder({"p": (PAGE, GOOD)})
    (folder / "p.tsv").rename(folder / "p.TSV")
    (folder / "pages" / "._p.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (folder / "pages" / "~$q.txt").write_bytes(b"\x07Owner Name  \x00\x00")
    assert unlabelled_note([folder]) is None
    (folder / "pages" / "q.txt").write_text(PAGE, encoding="utf-8")
    assert unlabelled_note([folder]).startswith("1 page without a label file is left out (q.txt); to train on it")


def test_one_page_labelled_twice_whose_copy_lost_the_space_at_its_line_ends_is_refused(tmp_path):
    # An editor that trims the ends of lines makes no other page: its lines would count twice.
    for name, page in (("a", "Menu  \n\nA paragraph of the article. It ends here.\t\n"),
                       ("b", "Menu\n\nA paragraph of the article. It ends here.\n")):
        (tmp_path / name / "pages").mkdir(parents=True)
        (tmp_path / name / "pages" / f"{name}.txt").write_text(page, encoding="utf-8")
        write_label_file(tmp_path / name / f"{name}.tsv", page.splitlines(), ["chrome", "body"])
    with pytest.raises(LabelError, match=r"b\.txt: the same page as .*a\.txt; keep one of them"):
        load_label_folders([tmp_path / "a", tmp_path / "b"])


def test_the_folder_hash_tells_a_page_moved_out_of_pages(label_folder):
    # The same names and bytes in another folder are other labels: there, the page is not read.
    folder = label_folder({"p": (PAGE, GOOD)})
    before = folder_hash(folder)
    (folder / "pages").rename(folder / "pages_old")
    assert folder_hash(folder) != before


def test_the_folder_hash_does_not_depend_on_the_order_the_file_system_lists_files_in(label_folder, monkeypatch):
    folder = label_folder({"p": (PAGE, GOOD), "q": (PAGE, GOOD)})
    before = folder_hash(folder)
    listed = pathlib.Path.rglob
    monkeypatch.setattr(pathlib.Path, "rglob", lambda self, pattern: sorted(listed(self, pattern), reverse=True))
    assert folder_hash(folder) == before


def test_written_label_files_give_every_row_the_comment_cell_of_the_header(tmp_path):
    # Every row as wide as the header, as a spreadsheet or csv reader expects a table.
    write_label_file(tmp_path / "p.tsv", PAGE.splitlines(), ["chrome", "body", "body"])
    rows = (tmp_path / "p.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t")[-1] == "comment"
    assert [len(row.split("\t")) for row in rows] == [5, 5, 5, 5]


@pytest.mark.parametrize("header, shown", [
    ("line_no label   role    text\n", "line_no label role text; "),
    ("line_no  label  role  text  comment\n", "line_no label role text; "),
    ("Line_no label   Role    text\n", "Line_no label Role text; "),
])
def test_a_header_whose_tabs_an_editor_turned_into_spaces_is_told_so(label_folder, header, shown):
    # The names are in order: not "put its columns in that order" (the advice it had).
    folder = label_folder({"p": (PAGE, GOOD.replace(HEADER, header))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    case = " and write the names in lower case" if header[0] == "L" else ""
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, not {shown}"
        "its columns are separated by spaces, not tabs (an editor may have turned the tabs into spaces): "
        f"separate them with tabs{case}.")


@pytest.mark.parametrize("row", ["3       body    title   Headline here", "3\tbody    title   Headline here"])
def test_a_row_whose_tabs_an_editor_turned_into_spaces_is_told_so_and_is_its_lines_row(label_folder, row):
    # Told what to do, and its line is not also said to have no row.
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle\tHeadline here", row))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    found = row.count("\t") + 1
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:3: expected 4 tab-separated columns, found {found}; its columns are separated by "
        "spaces, not tabs (an editor may have turned the tabs into spaces): separate them with tabs.")


def test_a_row_of_too_few_columns_with_no_spaces_between_them_is_not_told_of_spaces(label_folder):
    # The role left out: a tab between every column there is; the text has spaces, the first columns none.
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle\tHeadline here", "3\tbody\tHeadline here"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:3: expected 4 tab-separated columns, found 3."


@pytest.mark.parametrize("row", ["3\tbody \tHeadline here", "3 \tbody\tHeadline here"])
def test_a_row_of_too_few_columns_with_a_space_beside_a_tab_is_not_told_of_spaces(label_folder, row):
    # A space typed after a cell (read past in a full row) is beside its tab, which is there:
    # "separate them with tabs" could not be followed.
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle\tHeadline here", row))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}:3: expected 4 tab-separated columns, found 3."


@pytest.mark.parametrize("sites, at", [("page site\na x\n", 1), ("page\tsite\na    x\n", 2)])
def test_a_sites_row_whose_tab_an_editor_turned_into_spaces_is_told_so(label_folder, sites, at):
    folder = label_folder({"a": (PAGE, GOOD)}, sites=sites)
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (f"{folder / 'sites.tsv'}:{at}: expected 'page<TAB>site'; its page and site are "
                                "separated by spaces, not a tab: separate them with a tab.")


def test_a_sites_row_that_names_a_page_with_a_space_and_no_site_is_not_told_of_spaces(label_folder):
    # "my page" is the page's name, its site left out: told its page and site were separated by
    # spaces, "my<TAB>page" then named no page ("my is no page of ...").
    folder = label_folder({"my page": (PAGE, GOOD)}, sites="page\tsite\nmy page\n")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'sites.tsv'}:2: expected 'page<TAB>site'."


@pytest.mark.parametrize("header, row", [
    (HEADER.replace("\n", "\tcomment\n"), "3\tbody\tHeadline here\t"),  # its empty comment kept: four cells
    (HEADER.replace("\n", "\tcomment\n"), "3\tbody\tHeadline here\tthe headline"),
    (HEADER, "3\tbody\tHeadline here\tthe headline"),  # a note typed in the text's place
])
def test_a_row_without_its_role_cell_is_told_so_not_that_its_text_is_an_unknown_role(label_folder, header, row):
    # Read as a row without its comment, the text was the role: "unknown role 'Headline here'; a
    # body line takes one of title, ...".
    tsv = GOOD.replace(HEADER, header).replace("3\tbody\ttitle\tHeadline here", row)
    folder = label_folder({"p": (PAGE, tsv)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    columns = "line_no<TAB>label<TAB>role<TAB>text" + ("<TAB>comment" if "comment" in header else "")
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:3: the role column holds the text of line 3 (the row's role cell is left out, not "
        f"left empty); a row is {columns}: keep the role's cell, empty when the line has no role.")


def test_an_unknown_role_that_is_not_its_lines_text_is_still_told_unknown(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle\tHeadline here", "3\tbody\tHeadline\tHeadline here"))})
    with pytest.raises(LabelError, match=r"p\.tsv:3: unknown role 'Headline'; a body line takes one of title, "):
        load_labels(folder)


@pytest.mark.parametrize("code_page, number, name, page", [
    ("cp949", "949", "Korean", "뒤로가기\n\n한국일보 홈\n"),
    ("cp932", "932", "Japanese", "メニュー\n\n東京新聞の記事です。\n"),
    ("cp1251", "1251", "Cyrillic", "Меню\n\nНовости дня.\n"),
])
def test_a_label_file_saved_in_another_windows_code_page_is_told_which_not_windows_1252(
        label_folder, code_page, number, name, page):
    # Excel's "Text (Tab delimited)" on a Windows set to Korean writes code page 949, which holds
    # Korean: its bytes read as Windows-1252 too, and it was told "It reads as Windows-1252 ...
    # (their letters become ?)".
    lines = page.splitlines()
    tsv = f"line_no\tlabel\trole\ttext\n1\tchrome\tnav\t{lines[0]}\n3\tbody\ttitle\t{lines[2]}\n"
    folder = label_folder({"p": (page, "line_no\tlabel\trole\ttext\n")})
    (folder / "p.tsv").write_bytes(tsv.encode(code_page))
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert re.fullmatch(
        rf".*p\.tsv:2: not valid UTF-8 \(byte \d+\); save the file as UTF-8\. It is in Windows' {name} code page "
        rf"\({number}\), in which Excel's \"Text \(Tab delimited\)\" saves it on a Windows set to that language; "
        r"save it as Unicode Text\.", str(error.value)), str(error.value)


@pytest.mark.parametrize("change, told", [
    (lambda page: "Breaking news\n" + page, "3 rows find their text 1 line further down in p.txt than their line_no: "
     "the page has changed since it was labelled (1 line added above them?); put the page that was labelled back in "
     "{pages}, or add 1 to their line_no and give the new lines rows."),
    (lambda page: page.replace("Menu\n\n", ""), "2 rows find their text 2 lines further up in p.txt than their "
     "line_no: the page has changed since it was labelled (2 lines removed above them?); put the page that was "
     "labelled back in {pages}, or subtract 2 from their line_no and delete the rows of the lines removed."),
])
def test_a_page_that_changed_since_it_was_labelled_is_told_so_first(label_folder, change, told):
    # Else only each row was told, "text does not match line 1 ...; fix the line_no or the text" or
    # "line 2 of p.txt is blank", as many times as the page has lines below the change.
    folder = label_folder({"p": (change(PAGE), GOOD)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    lines = str(error.value).splitlines()
    assert lines[0] == f"{folder / 'p.tsv'}: " + told.format(pages=folder / "pages")
    assert len(lines) > 1 and all(line.startswith(f"{folder / 'p.tsv'}") for line in lines[1:])  # the rows, as before


def test_two_rows_of_swapped_line_numbers_are_not_told_the_page_changed(label_folder):
    tsv = GOOD.replace("3\tbody\ttitle", "5\tbody\ttitle").replace("5\tbody\tparagraph", "3\tbody\tparagraph")
    folder = label_folder({"p": (PAGE, tsv)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert "has changed" not in str(error.value) and str(error.value).count("text does not match") == 2


def test_a_line_no_a_spreadsheet_wrote_with_decimals_is_told_to_drop_them_and_is_its_lines_row(label_folder):
    # Told only "line_no '3.0' is not a whole number.", and its line also "has no row".
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle", "3.0\tbody\ttitle"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:3: line_no '3.0' is not a whole number; write it 3, without decimals (a spreadsheet "
        "may have given the column a number format with decimals: give it one without).")


def test_a_line_no_that_is_no_number_is_told_what_to_give(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace("3\tbody\ttitle", "three\tbody\ttitle"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).splitlines()[0] == (
        f"{folder / 'p.tsv'}:3: line_no 'three' is not a whole number; give the number of the line of p.txt the "
        "row is for (1 to 5).")


def test_a_sites_row_of_a_page_without_a_label_file_says_what_to_do(label_folder):
    # Told only "pages without label files: b, c, 000_x".
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\na\tx\nb\tx\nc\tx\n000_x\tsite-a\n")
    for stem in ("b", "c"):  # in pages/, its label file not written (or removed)
        (folder / "pages" / f"{stem}.txt").write_text(f"{stem}\n", encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    pages = folder / "pages"
    assert str(error.value) == (
        f"{folder / 'sites.tsv'}: pages without label files: 000_x, b, c; write the label files of b, c with "
        f"boilerplate label {pages / 'b.txt'} {pages / 'c.txt'} --out {folder}, then correct them, or remove their "
        f"rows; 000_x is no page of {folder}: correct the name or remove its row (a page of another label folder "
        "goes in that folder's sites.tsv: a site named alike in both is one site).")
    # Done as told (the command run, 000_x's row removed), the folder loads.
    from boilerplate.cli import main

    assert main(["label", str(pages / "b.txt"), str(pages / "c.txt"), "--out", str(folder)]) == 0
    (folder / "sites.tsv").write_text("page\tsite\na\tx\nb\tx\nc\tx\n", encoding="utf-8")
    assert sorted(p.stem for p in load_labels(folder)) == ["a", "b", "c"]


def test_a_label_file_whose_header_was_sorted_in_with_its_rows_is_told_where_it_is(label_folder):
    # A spreadsheet's sort of every row (by label: body first) moves the header among them; it was
    # told "not 3<TAB>body<TAB>title<TAB>Headline here; put its columns in that order".
    rows = GOOD.splitlines()
    folder = label_folder({"p": (PAGE, "\n".join([rows[2], rows[3], rows[1], rows[0]]) + "\n")})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, not a row "
        "(3<TAB>body<TAB>title<TAB>Headline here); the header is at line 4 (sorted in with the rows?): move it back "
        "to line 1.")


def test_a_label_file_without_its_header_is_told_to_add_it(label_folder):
    folder = label_folder({"p": (PAGE, GOOD.replace(HEADER, ""))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, not a row "
        "(1<TAB>chrome<TAB>nav<TAB>Menu); add the header, line_no<TAB>label<TAB>role<TAB>text<TAB>comment, as line 1.")


@pytest.mark.parametrize("file_form, listed_form", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_page_listed_in_sites_tsv_in_another_normalization_form_is_its_page(label_folder, file_form, listed_form):
    # A sites.tsv typed on macOS (NFD) beside files named in NFC, or the other way round: the name,
    # alike to the eye, was refused as "pages without label files: 한국일보".
    name = unicodedata.normalize(file_form, "한국일보")
    other = unicodedata.normalize(listed_form, "한국일보")
    assert name != other
    folder = label_folder({name: (PAGE, GOOD), "b": (PAGE.replace("Menu", "Home"), GOOD.replace("Menu", "Home"))},
                          sites=f"page\tsite\n{other}\tx\nb\tx\n")
    assert {(p.stem, p.site) for p in load_labels(folder)} == {(name, "x"), ("b", "x")}


def test_a_site_named_in_two_normalization_forms_is_one_site(tmp_path):
    # Typed in NFC in one row (or folder) and NFD in another, it was two sites, alike to the eye,
    # whose pages cross-validation put in different folds.
    nfc, nfd = "서울신문", unicodedata.normalize("NFD", "서울신문")
    for name, menu, site in (("a", "Menu", nfc), ("b", "Home", nfd)):
        for stem in ("p", "q"):
            (tmp_path / name / "pages").mkdir(parents=True, exist_ok=True)
            text = PAGE.replace("Menu", f"{menu} {stem}")
            (tmp_path / name / "pages" / f"{stem}.txt").write_text(text, encoding="utf-8")
            (tmp_path / name / f"{stem}.tsv").write_text(GOOD.replace("Menu", f"{menu} {stem}"), encoding="utf-8")
        (tmp_path / name / "sites.tsv").write_text(f"page\tsite\np\t{site}\nq\t{nfd if name == 'a' else nfc}\n",
                                                   encoding="utf-8")
    pages = load_label_folders([tmp_path / "a", tmp_path / "b"])
    assert len(pages) == 4 and {page.site for page in pages} == {nfc}


@pytest.mark.parametrize("page_form, label_form", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_page_named_in_another_normalization_form_than_its_label_file_is_its_page(tmp_path, page_form, label_form):
    # A label file renamed on macOS (NFD) beside a page named elsewhere (NFC): "its page pages/한국일보.txt
    # is missing; pages holds 한국일보.txt, which has no label file: if it is this page, rename 한국일보.txt to
    # 한국일보.txt", and the page was said to be left out for want of a label file.
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / f"{unicodedata.normalize(page_form, '한국일보')}.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / f"{unicodedata.normalize(label_form, '한국일보')}.tsv").write_text(GOOD, encoding="utf-8")
    pages = load_labels(tmp_path)
    assert [p.stem for p in pages] == [unicodedata.normalize(label_form, "한국일보")]
    assert pages[0].rows["line_no"].tolist() == [1, 3, 5]
    assert unlabelled_note([tmp_path]) is None


def test_a_label_folder_written_by_hand_as_the_readme_says_loads(tmp_path):
    # The README's "Adapting it to your sites" gives the format for a folder written by hand: its
    # header, rows in any order, an empty role, a comment column that may be left out, escapes.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    paragraph = between(readme, "A label folder holds each page as it was labelled", "\n\n")
    header = between(paragraph, "a header `", "`").replace("<TAB>", "\t")
    assert header == "line_no\tlabel\trole\ttext\tcomment" and "may be left out" in paragraph
    assert "in any order" in paragraph and "or empty" in paragraph
    escapes = " ".join(between(paragraph, "a backslash, tab, CR or LF in it written ", ";").split())
    assert escapes == r"`\\`, `\t`, `\r`, `\n`"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "ru.txt").write_text("Главная | Новости\n\nЗаголовок\n\n  Абзац\tстатьи. \\Конец.  \n",
                                               encoding="utf-8")
    rows = ["5\tbody\tparagraph\tАбзац\\tстатьи. \\\\Конец.", "1\tchrome\tnav\tГлавная | Новости", "3\tbody\t\tЗаголовок"]
    for head, cells in ((header, "\tnote"), (header.removesuffix("\tcomment"), "")):
        (tmp_path / "ru.tsv").write_text("\n".join([head] + [row + cells for row in rows]) + "\n", encoding="utf-8")
        page = load_labels(tmp_path)[0]
        assert page.rows["line_no"].tolist() == [1, 3, 5] and page.rows["role"].tolist() == ["nav", "", "paragraph"]
        assert page.rows["text"].tolist()[2] == "Абзац\tстатьи. \\Конец."


@pytest.mark.parametrize("site, code_page", [("한국일보", "cp949"), ("Новости", "cp1251"), ("“Café”", "cp1252")])
def test_a_sites_file_saved_in_a_windows_code_page_is_not_told_its_letters_became_question_marks(
        label_folder, site, code_page):
    # With no page to tell the code page by, a Korean or Russian site name, intact, was told
    # "It reads as Windows-1252 ... (their letters become ?)".
    folder = label_folder({"a": (PAGE, GOOD)})
    (folder / "sites.tsv").write_bytes(f"page\tsite\na\t{site}\n".encode(code_page))
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert re.fullmatch(
        r".*sites\.tsv:2: not valid UTF-8 \(byte \d+\); save the file as UTF-8\. It may be in a Windows code page, "
        r"in which Excel's \"Text \(Tab delimited\)\" saves it: Windows-1252 in the West, which cannot hold Bengali "
        r"and most other scripts \(their letters become \?\), or the language's own on a Windows set to another "
        r"\(949 for Korean\); save it as Unicode Text\.", str(error.value)), str(error.value)


@pytest.mark.parametrize("row, told", [
    ("9\tchrome\tnav\tMore", ":5: line_no 9 is out of range; p.txt has 5 lines: fix the line_no, or delete the row."),
    ("2\tchrome\tnav\tMore", ":5: line 2 of p.txt is blank; blank lines take no row: fix the line_no, or delete the row."),
])
def test_a_row_for_no_line_of_the_page_is_told_what_to_do(label_folder, row, told):
    # Told only what was wrong ("... is out of range; p.txt has 5 lines.").
    folder = label_folder({"p": (PAGE, GOOD + row + "\n")})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'p.tsv'}{told}"


def test_a_label_file_without_its_header_whose_first_label_is_capitalized_is_told_to_add_it(label_folder):
    # A row is told by its label in any case (a spreadsheet may capitalize it): else "put its columns in that order".
    folder = label_folder({"p": (PAGE, GOOD.replace(HEADER, "").replace("1\tchrome", "1\tChrome"))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:1: the header must start with line_no<TAB>label<TAB>role<TAB>text, not a row "
        "(1<TAB>Chrome<TAB>nav<TAB>Menu); add the header, line_no<TAB>label<TAB>role<TAB>text<TAB>comment, as line 1.")


@pytest.mark.parametrize("row, no, at", [
    ("3\tbody\ttitle", "3,0", 3),  # a spreadsheet set to a language that writes a decimal comma
    ("5\tbody\tparagraph", "5.0", 4),  # the page's last line
])
def test_a_line_no_with_a_decimal_comma_or_of_the_last_line_is_told_to_drop_the_decimals_and_is_its_lines_row(
        label_folder, row, no, at):
    line = int(no[0])
    folder = label_folder({"p": (PAGE, GOOD.replace(row, no + row[1:]))})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    # One problem: the line is not also told it "has no row".
    assert str(error.value) == (
        f"{folder / 'p.tsv'}:{at}: line_no '{no}' is not a whole number; write it {line}, without decimals (a "
        "spreadsheet may have given the column a number format with decimals: give it one without).")


def test_a_page_that_changed_is_told_so_when_half_of_the_rows_not_their_lines_find_their_text_moved(label_folder):
    # Four rows whose text is not their line's: two find it a line further down (a line added
    # above them), two (edited by hand) nowhere. Half of them or more is enough.
    tsv = GOOD.replace("A paragraph of the article. It ends here.", "A paragraph of the article, edited.") + (
        "6\tbody\tparagraph\tA line that is nowhere.\n")
    folder = label_folder({"p": ("Breaking news\n" + PAGE, tsv)})
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value).splitlines()[0] == (
        f"{folder / 'p.tsv'}: 2 rows find their text 1 line further down in p.txt than their line_no: the page has "
        f"changed since it was labelled (1 line added above them?); put the page that was labelled back in "
        f"{folder / 'pages'}, or add 1 to their line_no and give the new lines rows.")


def test_a_sites_row_with_a_tab_and_an_empty_cell_is_not_told_of_spaces(label_folder):
    # Its page left empty: the tab is there, and the spaces are inside the site's name.
    folder = label_folder({"a": (PAGE, GOOD)}, sites="page\tsite\n\tnews site\n")
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert str(error.value) == f"{folder / 'sites.tsv'}:2: expected 'page<TAB>site'."


def test_a_label_file_with_two_pages_alike_to_its_name_in_other_normalization_forms_takes_neither(tmp_path):
    # é and ñ: decomposed both (NFD), or only ñ; the label file's name composed (NFC). Which of the
    # two is its page cannot be told, so neither is taken for it.
    (tmp_path / "pages").mkdir()
    for name in (unicodedata.normalize("NFD", "éñ"), "é" + unicodedata.normalize("NFD", "ñ")):
        (tmp_path / "pages" / f"{name}.txt").write_text(PAGE, encoding="utf-8")
    assert len(list((tmp_path / "pages").iterdir())) == 2
    (tmp_path / f"{unicodedata.normalize('NFC', 'éñ')}.tsv").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError, match=r"\.tsv: its page .* is missing"):
        load_labels(tmp_path)


def test_a_missing_page_is_not_told_that_a_page_named_in_another_normalization_form_has_no_label_file(tmp_path):
    # pages/한국일보.txt, named in NFD, is the page of 한국일보.tsv, named in NFC: not a page without a label file
    # that x.txt might have been renamed to.
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / f"{unicodedata.normalize('NFD', '한국일보')}.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / f"{unicodedata.normalize('NFC', '한국일보')}.tsv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "x.tsv").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LabelError) as error:
        load_labels(tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'x.tsv'}: its page {tmp_path / 'pages' / 'x.txt'} is missing; put the page there or remove the "
        "label file.")


def test_a_label_file_in_another_windows_code_page_with_every_cell_quoted_is_told_which(label_folder):
    # A writer that quotes every cell, "1" too: the row's line is read through the quotes, as a row's is.
    page = "뒤로가기\n\n한국일보 홈\n"
    rows = ["line_no\tlabel\trole\ttext", "1\tchrome\tnav\t뒤로가기", "3\tbody\ttitle\t한국일보 홈"]
    tsv = "".join("\t".join(f'"{cell}"' for cell in row.split("\t")) + "\n" for row in rows)
    folder = label_folder({"p": (page, "line_no\tlabel\trole\ttext\n")})
    (folder / "p.tsv").write_bytes(tsv.encode("cp949"))
    with pytest.raises(LabelError) as error:
        load_labels(folder)
    assert "It is in Windows' Korean code page (949)" in str(error.value), str(error.value)
