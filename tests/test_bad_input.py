"""Bad input: every case gives the right answer or one clear error, and nothing is lost.

The battery of issue #5 for the library's entry points: wrong types, empty and
chrome-only pages, every line break :meth:`str.splitlines` knows, odd characters
inside the article's lines, huge pages, and hypothesis properties over arbitrary
text and over the labelled pages with random edits. Model and label-file faults are
tested where those modules are (``test_model.py``, ``test_labels.py``,
``test_training.py``); the CLI's and batch's files and records elsewhere.

Every entry point that turns one page into its article is listed in
:data:`ENTRY_POINTS`; every case runs through all of them.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from boilerplate import clean, clean_many, clean_series, explain
from boilerplate.features import page_features
from boilerplate.labels import load_labels
from boilerplate.text import is_blank

from .conftest import LABELS


def article(rows) -> str:
    """The article as the README defines it, rebuilt from :func:`explain`'s rows.

    The body lines in input order, each with trailing white space removed; lines
    adjacent in the input stay adjacent, any gap becomes one blank line.
    """
    out: list[str] = []
    previous = None
    for r in rows:
        if r.label != "body":
            continue
        if previous is not None and r.line_no != previous + 1:
            out.append("")
        out.append(r.text.rstrip())
        previous = r.line_no
    return "\n".join(out)


#: Every public way to turn one page (str) into its article (str).
ENTRY_POINTS = {
    "clean": clean,
    "explain": lambda text: article(explain(text)),
    "clean_many": lambda text: clean_many([text])[0],
}

#: The entry points that check a page's type, and how their message starts
#: (clean_many says which page of the batch was wrong).
TYPE_CHECKED = {
    "clean": (clean, "clean() takes the page as str, not "),
    "explain": (explain, "explain() takes the page as str, not "),
    "clean_many": (lambda text: clean_many([text]), "page 0: clean_many() takes the page as str, not "),
}

entry_points = pytest.mark.parametrize("run", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())

#: Every line boundary of :meth:`str.splitlines`.
BREAKS = ("\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")

# A tiny Bengali news page: menu, date bar, headline, desk, two paragraphs, a
# latest-news list and a comment prompt. Lines 4, 8 and 10 are the article.
PAGE = [
    "হোম | জাতীয় | আন্তর্জাতিক | খেলা | বিনোদন",
    "শনিবার, ২৭ এপ্রিল ২০২৪",
    "",
    "উত্তর কোরিয়া সফর করলেন রুশ নিরাপত্তা প্রধান",
    "",
    "আন্তর্জাতিক ডেস্ক",
    "",
    "রাশিয়া ৩০ মাসেরও বেশি সময় ধরে ইউক্রেনে হামলা অব্যাহত রেখেছে। পশ্চিমাদের থেকে পাওয়া সমরাস্ত্রে প্রতিরোধ যুদ্ধ চালিয়ে যাচ্ছে ইউক্রেন।",
    "",
    "এ অবস্থায় বিভিন্ন দেশ থেকে গোলাবারুদ পাওয়ার প্রচেষ্টা চালিয়ে যাচ্ছে মস্কো। তারই অংশ হিসেবে পিয়ংইয়ং সফরে এসেছেন শোইগু।",
    "",
    "সর্বশেষ",
    "ঢাকায় বৃষ্টির সম্ভাবনা",
    "বাজেট পাস হলো সংসদে",
    "মন্তব্য করুন",
]
PAGE_BODY = (4, 8, 10)
PARAGRAPH = 8  # the line the odd characters are put into


def expected_article(lines: list[str], body=PAGE_BODY) -> str:
    """The given body lines of ``lines`` as the article: gaps become one blank line."""
    out = [lines[body[0] - 1].rstrip()]
    for before, no in zip(body, body[1:]):
        out += [""] * (no != before + 1) + [lines[no - 1].rstrip()]
    return "\n".join(out)


def test_the_tiny_page_gives_its_article():
    assert clean("\n".join(PAGE)) == expected_article(PAGE)


# --- wrong types -------------------------------------------------------------

TYPE_CASES = [
    (None, "not NoneType; pass '' for an empty page."),
    (b"\xe0\xa6\x95", "not bytes; decode it first, e.g. data.decode('utf-8')."),
    (bytearray(b"page"), "not bytearray; decode it first"),
    (memoryview(b"page"), "not memoryview; decode it first"),
    (42, "not int; pass the page's text."),
    (4.2, "not float; pass the page's text."),
    (float("nan"), "not float; a missing value (NaN): fill it first, e.g. series.fillna(''), or drop it."),
    (pd.NA, "not NAType; a missing value (NA): fill it first, e.g. series.fillna(''), or drop it."),
    (pd.NaT, "not NaTType; a missing value (NaT): fill it first"),
    (True, "not bool; pass the page's text."),
    (["line one", "line two"], "not list; pass the page's text: '\\n'.join(lines) for its lines"),
    (("line one",), "not tuple; pass the page's text: '\\n'.join(lines) for its lines"),
    (Path("page.txt"), "read the file first, e.g. Path(path).read_text(encoding='utf-8')."),
    ({"text": "page"}, "not dict; a record: pass the page's text out of it, e.g. record['text']."),
    # any mapping is a record, not only a dict
    (MappingProxyType({"text": "page"}), "not mappingproxy; a record: pass the page's text out of it, e.g. record['text']."),
]


@pytest.mark.parametrize("name", TYPE_CHECKED)
@pytest.mark.parametrize("value, hint", TYPE_CASES, ids=[type(v).__name__ for v, _ in TYPE_CASES])
def test_wrong_type_says_what_to_pass(name, value, hint):
    run, start = TYPE_CHECKED[name]
    with pytest.raises(TypeError) as error:
        run(value)
    message = str(error.value)
    assert message.startswith(start)
    assert hint in message


def test_a_list_given_as_one_page_is_told_of_clean_many_where_it_may_be_many_pages():
    with pytest.raises(TypeError, match=r"or clean\(\) each of many pages \(clean_many\(pages\) at once\)\.$"):
        clean(["one page", "another page"])
    with pytest.raises(TypeError, match=r"or explain\(\) each of many pages"):
        explain(("one page",))
    with pytest.raises(TypeError) as error:  # a page of clean_many that is a list is a page's lines
        clean_many([["line one", "line two"]])
    assert str(error.value).endswith("for its lines.") and "clean_many(pages)" not in str(error.value)


def test_a_pyarrow_column_is_told_to_become_a_list():
    pa = pytest.importorskip("pyarrow")
    column = pa.chunked_array([["\n".join(PAGE), "another page"]])
    with pytest.raises(TypeError, match=r"^page 0: .*not StringScalar; a pyarrow value: pass column\.to_pylist\(\) "
                                        r"for many pages, or value\.as_py\(\) for one\.$"):
        clean_many(column)
    with pytest.raises(TypeError, match=r"not StringScalar; a pyarrow value"):
        clean(column[0])
    assert clean_many(column.to_pylist())[0] == clean(column[0].as_py()) == expected_article(PAGE)


def test_a_pyarrow_column_given_as_one_page_is_told_of_clean_many():
    # clean() and explain() take one page: told to "pass column.to_pylist() for many pages",
    # as clean_many is, they were given a list, which they refuse in turn.
    pa = pytest.importorskip("pyarrow")
    column = pa.chunked_array([["\n".join(PAGE), "another page"]])
    for function in (clean, explain):
        for value in (column, column.chunk(0), column[0]):
            with pytest.raises(TypeError) as error:
                function(value)
            assert str(error.value).endswith(
                f"a pyarrow value: pass value.as_py() for one page, or {function.__name__}() each of "
                "column.to_pylist() (clean_many(column.to_pylist()) at once)."
            ), str(error.value)
    assert [clean(page) for page in column.to_pylist()] == clean_many(column.to_pylist())


def test_a_column_of_pages_given_as_one_page_is_told_what_cleans_a_column():
    # It was told only to "pass the page's text".
    for function in (clean, explain):
        with pytest.raises(TypeError, match=r"not Series; a column of pages: clean it with clean_series\(series\)\.$"):
            function(pd.Series(["\n".join(PAGE)]))
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(TypeError, match=r"clean it with boilerplate\.dask\.clean_dataframe\(frame, column\)\.$"):
        clean(dd.from_pandas(pd.Series(["\n".join(PAGE)]), npartitions=1))


def test_a_table_or_bag_of_pages_given_as_one_page_is_told_what_cleans_it():
    # A DataFrame, a Dask Bag and a NumPy array were told only to "pass the page's text".
    frame = pd.DataFrame({"text": ["\n".join(PAGE)]})
    for function in (clean, explain):
        with pytest.raises(TypeError, match=r"not DataFrame; a table of pages: clean its column of them with "
                                            r"clean_series\(frame\[column\]\)\.$"):
            function(frame)
        with pytest.raises(TypeError, match=r"not ndarray; pass the page's text: '\\n'\.join\(lines\) for its lines, "
                                            rf"or {function.__name__}\(\) each of many pages \(clean_many\(pages\) at once\)\.$"):
            function(frame["text"].to_numpy())
    assert clean_series(frame["text"]).tolist() == [expected_article(PAGE)]
    dd = pytest.importorskip("dask.dataframe")
    db = pytest.importorskip("dask.bag")
    with pytest.raises(TypeError, match=r"not DataFrame; a table of pages: clean its column of them with "
                                        r"boilerplate\.dask\.clean_dataframe\(frame, column\)\.$"):
        clean(dd.from_pandas(frame, npartitions=1))
    with pytest.raises(TypeError, match=r"not Bag; a Dask Bag of pages: clean it with boilerplate\.dask\.clean_bag\(bag\)\.$"):
        clean(db.from_sequence(["\n".join(PAGE)]))


def test_a_str_subclass_is_a_page():
    class Page(str):
        pass

    assert clean(Page("\n".join(PAGE))) == expected_article(PAGE)


def test_a_str_subclass_is_split_as_a_str_whatever_its_own_methods_say():
    # Its own splitlines() gave lines that are not in the text: explain listed them and
    # clean returned them (here one line "Home", the page reduced to a menu).
    class Page(str):
        def splitlines(self, keepends=False):
            return ["Home"]

    text = "\n".join(PAGE)
    for name, run in ENTRY_POINTS.items():
        assert run(Page(text)) == expected_article(PAGE), name
    assert [r.text for r in explain(Page(text))] == PAGE


# --- pages with nothing to keep --------------------------------------------

EMPTY_PAGES = ["", " ", "\n", "\n\n\n", "\t \t", "\u00a0", "\u3000 \u2003", " \r\n\u2028 \x85\u2029", "\x1f", "\x0c\x0b", "\u200b", "\u200f \n\ufeff\u00ad\n\u2066\u200d"]


@entry_points
@pytest.mark.parametrize("text", EMPTY_PAGES, ids=repr)
def test_empty_and_blank_pages_give_nothing(run, text):
    assert run(text) == ""


@pytest.mark.parametrize("text", EMPTY_PAGES, ids=repr)
def test_explain_lists_every_blank_line(text):
    rows = explain(text)
    assert [(r.line_no, r.text, r.p_body, r.label) for r in rows] == [
        (no, line, None, "blank") for no, line in enumerate(text.splitlines(), 1)
    ]


@pytest.mark.parametrize("line", ["\u0600", "\U000e0001", "\ufff9"], ids=repr)
def test_a_line_of_other_format_characters_is_not_blank(line):
    # Only the format characters of text.INVISIBLE_RANGES make a line blank, as README says.
    rows = explain(f"{line}\n\n{line} ")
    assert [r.p_body is None for r in rows] == [False, True, False]
    assert [r.label == "blank" for r in rows] == [False, True, False]


# A page of one line has no context to judge it by; either answer is right.
SINGLE_LINES = [
    "Council approves new budget",
    "উত্তর কোরিয়া সফর করলেন রুশ নিরাপত্তা প্রধান",
    PAGE[PARAGRAPH - 1],
    "হোম | জাতীয় | আন্তর্জাতিক",
    "১২",
    "\x00",
    "👍🏽",
    "\udcff",
    "  indented and trailing\t \u00a0",
]


@entry_points
@pytest.mark.parametrize("line", SINGLE_LINES, ids=repr)
@pytest.mark.parametrize("end", ["", "\n", "\r\n\r\n"], ids=repr)
def test_a_single_line_gives_itself_or_nothing(run, line, end):
    assert run(line + end) in ("", line.rstrip())


@entry_points
@pytest.mark.parametrize("end", ["", "\n", "\r\n\r\n"], ids=repr)
def test_a_page_that_is_one_paragraph_is_kept(run, end):
    # Either answer above is allowed for a line without context; a paragraph is kept.
    assert run(PAGE[PARAGRAPH - 1] + end) == PAGE[PARAGRAPH - 1]


MENU_PAGES = {
    "latin-menu": "Home\nNews\nSport\nWeather\nContact",
    "latin-bars": "Home | World | Sport | Opinion\nAbout us | Contact | Privacy",
    "bengali-menu": "হোম\nজাতীয়\nআন্তর্জাতিক\nখেলা\nবিনোদন\nমতামত",
    "menu-date-footer": "হোম | জাতীয় | খেলা\nশনিবার, ২৭ এপ্রিল ২০২৪\n\nসর্বশেষ\nমন্তব্য করুন\n\n© ২০২৪ সর্বস্বত্ব সংরক্ষিত",
    "tiny-page-without-article": "\n".join(PAGE[i - 1] for i in range(1, len(PAGE) + 1) if i not in PAGE_BODY),
}
# The labelled pages with every body line taken out: only their chrome is left.
for _page in load_labels(LABELS):
    _chrome = _page.rows.loc[_page.rows["label"] == "chrome", "line_no"]
    MENU_PAGES[f"chrome-of-{_page.stem[:3]}"] = "\n".join(_page.lines[no - 1] for no in _chrome)


@entry_points
@pytest.mark.parametrize("name", MENU_PAGES)
def test_a_page_with_no_article_gives_nothing(run, name):
    assert run(MENU_PAGES[name]) == ""


def test_a_page_without_running_text_has_no_headline_candidate():
    # The headline is looked for above the article block; with no block there is none.
    features = page_features(MENU_PAGES["latin-menu"].splitlines())
    assert features["title_candidate"].sum() == 0


# --- line breaks -----------------------------------------------------------


@entry_points
@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_every_line_break_gives_the_same_article_joined_with_newlines(run, brk):
    # The output always joins lines with "\n": the lines' content is untouched,
    # only the separators, which are not part of any line, are normalized.
    assert run(brk.join(PAGE)) == expected_article(PAGE)
    assert run(brk.join(PAGE) + brk) == expected_article(PAGE)


def test_mixed_line_breaks_in_one_page():
    text = "".join(line + BREAKS[i % len(BREAKS)] for i, line in enumerate(PAGE))
    assert clean(text) == expected_article(PAGE)
    assert [r.text for r in explain(text)] == PAGE


# --- odd characters inside the article's lines -----------------------------

#: Edits of the first paragraph: (name, new line). The line must come back exactly
#: as given, less trailing white space, and the article around it unchanged.
_P = PAGE[PARAGRAPH - 1]
_WORDS = _P.split(" ")
ODD_LINES = {
    "nul": _P.replace(" ", " \x00", 1),
    "control-chars": "\x01\x07\x1b" + _P + "\x7f",
    "lone-surrogates": _P.replace(" ", " \udcff\udcfe ", 1) + "\ud800",
    "emoji": "👍🏽 " + _P + " 👨\u200d👩\u200d👧 🇧🇩",
    "rtl-marks-and-arabic": "\u200f" + _P.replace(" ", " \u202eمرحبا\u202c ", 1),
    "mixed-scripts": _P.replace(" ", " Moscow মস্কো Москва 莫斯科 ", 1),
    "tabs": "\t" + _P.replace(" ", "\t", 3) + "\t",
    "no-break-spaces": _P.replace(" ", "\u00a0", 4) + "\u00a0\u00a0",
    "zero-width-joiners-in-words": _P.replace("রাশিয়া", "র\u200d্যাশিয়া").replace("বেশি", "বে\u200cশি"),
    "zero-width-space-and-bom": "\ufeff" + _P.replace(" ", "\u200b ", 2),
    "combining-marks-stacked": _P.replace("রা", "রা\u0301\u0301", 1),
    "trailing-spaces": _P + "   \t \u3000",
}


@entry_points
@pytest.mark.parametrize("name", ODD_LINES)
def test_odd_characters_come_back_untouched(run, name):
    lines = list(PAGE)
    lines[PARAGRAPH - 1] = ODD_LINES[name]
    assert run("\n".join(lines)) == expected_article(lines)


@pytest.mark.parametrize("name", ODD_LINES)
def test_explain_shows_the_line_exactly(name):
    lines = list(PAGE)
    lines[PARAGRAPH - 1] = ODD_LINES[name]
    assert explain("\n".join(lines))[PARAGRAPH - 1].text == ODD_LINES[name]


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_lone_surrogates_with_either_pandas_string_storage(storage):
    # With pyarrow, pandas keeps str columns as UTF-8, which cannot hold a lone
    # surrogate: a page that holds one comes in an object column, and clean_series
    # must give its articles back in one (a str column would fail to hold them).
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    lines = list(PAGE)
    lines[PARAGRAPH - 1] = ODD_LINES["lone-surrogates"]
    page = "\n".join(lines)
    with pd.option_context("mode.string_storage", storage):
        out = clean_series(pd.Series([page, page], dtype=object))
    assert out.dtype == object and out.tolist() == [expected_article(lines)] * 2 == [clean(page)] * 2


RTL_PAGE = [
    "الرئيسية | أخبار | رياضة | اقتصاد",
    "السبت، 27 أبريل 2024",
    "",
    "مجلس المدينة يقر الميزانية الجديدة",
    "",
    "أقر مجلس المدينة الميزانية الجديدة يوم الثلاثاء بعد نقاش طويل بين الأعضاء. وصوت تسعة أعضاء لصالحها مقابل أربعة.",
    "",
    "تضيف الميزانية أموالا للمدارس والطرق، وتخفض الإنفاق على المستشارين بمقدار الثلث في العام المقبل.",
    "",
    "الأكثر قراءة",
    "عاصفة تغلق الطريق الساحلي",
    "الفريق المحلي يفوز بالكأس",
]


@entry_points
def test_a_right_to_left_page(run):
    assert run("\n".join(RTL_PAGE)) == expected_article(RTL_PAGE, body=(4, 6, 8))


@entry_points
@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u200b", "\u2069"], ids=repr)
def test_a_format_character_after_every_sentence_end_hides_none(run, mark):
    # Direction marks after Arabic and Hebrew lines, a zero-width space, the end of
    # a directional isolate: invisible, they must not hide a sentence end (a
    # paragraph read as a headline). The marks stay in the output.
    lines = [line + mark if line.endswith(".") else line for line in RTL_PAGE]
    assert run("\n".join(lines)) == expected_article(lines, body=(4, 6, 8))


def _after_every_line(mark):
    return lambda text: "\n".join(line + mark if line.strip() else line for line in text.split("\n"))


#: Ways dumps leave invisible characters around lines: (name, edit of a page's text).
#: Format characters (direction marks, a zero-width space, the BOM) and control
#: characters (a NUL or DEL after every line of fixed-width records or of C strings
#: written with their terminator, Ctrl-Z) alike.
_INVISIBLE_EDITS = {
    **{f"{mark!r} after every line": _after_every_line(mark)
       for mark in ("\u200f", "\u200e", "\u200b", "\u2069", "\x00", "\x7f", "\x1a", "\x00\x00\x00", "\u200f\x00")},
    "BOM before the page": lambda text: "\ufeff" + text,
    "NUL before every line": lambda text: "\n".join("\x00" + line if line.strip() else line for line in text.split("\n")),
    "zero-width space on every blank line": lambda text: "\n".join(line if line.strip() else "\u200b" for line in text.split("\n")),
    "NULs on every blank line": lambda text: "\n".join(line if line.strip() else "\x00\x00" for line in text.split("\n")),
}


@pytest.mark.parametrize("edit", _INVISIBLE_EDITS, ids=str)
@pytest.mark.parametrize("path", sorted((LABELS / "pages").glob("*.txt")), ids=lambda p: p.stem[:3])
def test_invisible_characters_at_the_ends_of_lines_change_no_decision(path, edit):
    # They are not part of a line's text: a BOM before the browser-title line must not
    # hide the headline it repeats, a line of a zero-width space or of NULs is blank, and
    # a NUL after every line hid the sentence end of 5 of page 001's paragraphs. The
    # output keeps them.
    text = path.read_text(encoding="utf-8")
    edited = _INVISIBLE_EDITS[edit](text)
    assert [d.label for d in explain(edited)] == [d.label for d in explain(text)]
    kept = [r.text.rstrip() for r in explain(edited) if r.label == "body"]
    assert [line for line in clean(edited).split("\n") if line] == kept


@entry_points
def test_a_line_of_control_characters_only_is_blank(run):
    lines = list(PAGE)
    lines[PARAGRAPH] = "\x00\x7f \x1b"  # the blank line after the first paragraph
    assert run("\n".join(lines)) == expected_article(lines)
    assert explain("\n".join(lines))[PARAGRAPH].label == "blank"


# --- size --------------------------------------------------------------------
# Time and memory are measured by bench/scaling.py (figures in the README); these
# check that huge pages give the right answer.


def test_a_megabyte_line_with_no_break():
    line = (PAGE[PARAGRAPH - 1] + " ") * (1_000_000 // len(PAGE[PARAGRAPH - 1].encode("utf-8")))
    assert clean(line) in ("", line.rstrip())
    assert clean("\n".join(PAGE[:PARAGRAPH] + [line] + PAGE[PARAGRAPH:])) == expected_article(
        PAGE[:PARAGRAPH] + [line] + PAGE[PARAGRAPH:], body=(4, 8, 9, 11)
    )


def test_the_article_is_found_among_many_thousand_menu_lines():
    # short_run is capped (features.SHORT_RUN_CAP), so a 20,000-line menu looks like a long list.
    menu = [f"সর্বশেষ খবর {i}" for i in range(20_000)]
    lines = menu + PAGE + menu
    assert clean("\n".join(lines)) == expected_article(PAGE)


# --- properties ----------------------------------------------------------------
# The budget (examples, derandomized, no deadline) is the "ci" hypothesis profile
# in conftest.py.

_LABELLED = {p.stem: list(p.lines) for p in load_labels(LABELS)}
_LABELLED_LINES = sorted({line for lines in _LABELLED.values() for line in lines})

#: Characters a page may hold that are worth trying more often than chance would.
ODD_CHARS = (
    "\x00\x01\x07\x1b\x7f\t \u00a0\u2003\u3000\u200b\u200c\u200d\u200e\u200f\u202e\ufeff"
    "\udcff\ud800\udfff\u0301।॥.?!:|•·—" + "".join(BREAKS) + "কখগ্রাি ১২3"
)

_any_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
_odd_text = st.text(st.one_of(_any_char, st.sampled_from(ODD_CHARS)), max_size=80)
_line = st.one_of(_odd_text, st.sampled_from(_LABELLED_LINES), st.sampled_from(PAGE), st.just(""))
#: Arbitrary pages: any text at all, or lines (odd, real, blank) joined by any line break.
arbitrary_pages = st.one_of(
    st.text(_any_char, max_size=300),
    st.lists(st.tuples(_line, st.sampled_from(BREAKS)), max_size=40).map(lambda ps: "".join(a + b for a, b in ps)),
)


@st.composite
def edited_pages(draw) -> str:
    """A labelled page (or the tiny page) with random line edits and odd characters."""
    lines = list(draw(st.sampled_from([PAGE, *_LABELLED.values()])))
    for _ in range(draw(st.integers(0, 8))):
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "odd"])) if lines else "insert"
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "insert":
            lines.insert(i, draw(_line))
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(_odd_text) + lines[i][at:]
    return draw(st.sampled_from(BREAKS)).join(lines)


def check_article_properties(text: str) -> None:
    """The properties every page must have, whatever it holds."""
    lines = text.splitlines()
    outputs = {name: run(text) for name, run in ENTRY_POINTS.items()}
    out = outputs["clean"]
    # explain and clean (and every other entry point) agree
    assert all(o == out for o in outputs.values()), outputs
    # same input, same output
    assert clean(text) == out
    # explain covers every line, exactly as it is
    rows = explain(text)
    assert [(r.line_no, r.text) for r in rows] == list(enumerate(lines, 1))
    for r in rows:
        # blank as the README says: white space and invisible format characters only
        assert (r.label == "blank") == (r.p_body is None) == is_blank(r.text)
        assert r.label == "blank" or (r.model_label in ("body", "chrome") and r.label in ("body", "chrome"))
    # every output line is an input line (trailing white space removed), in input order,
    # with single blank lines between them and none around them
    if not out:
        return
    assert not out.startswith("\n") and not out.endswith("\n") and "\n\n\n" not in out
    stripped = [line.rstrip() for line in lines]
    position = -1
    for line in out.split("\n"):
        if line:
            position = stripped.index(line, position + 1)


@given(arbitrary_pages)
@example("a\n\u200b\nb")  # a line of a format character only is blank, though str.strip() leaves it
@example("\ufeff \u200f\r\n\u00a0")
def test_properties_on_arbitrary_text(text):
    check_article_properties(text)


@given(edited_pages())
def test_properties_on_edited_labelled_pages(text):
    check_article_properties(text)
