"""The cleaner: spans, output shape, explain, and the shipped model on the labelled pages."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boilerplate import Config, clean, clean_many, clean_series, explain, load_model
from boilerplate.cleaner import (
    BATCH_LINES,
    BATCH_PAGES,
    CODE_GAP_SHARE,
    FAR_SPAN_LINES,
    FAR_SPAN_SHARE,
    LIST_ITEM_GAP,
    MAX_JOIN_GAP,
    MAX_JOIN_GAP_BELOW,
    NEAR_MARGIN,
    NEAR_MIN_WORDS,
    THRESHOLD,
    _batches,
    _introduced_lists,
    _introductions,
    _reprints_to_drop,
    _smooth_pages,
    decide_from_probabilities,
    decide_pages,
    kept_text,
    near_lines,
    non_blank_line_nos,
    smooth,
    smooth_table,
)
from boilerplate.features import NUMBER_CELL, TEXT_CELL, line_table, non_blank, table_lines
from boilerplate.labels import load_labels
from boilerplate.model import body_probability
from boilerplate.text import word_count
from boilerplate.training import fit, predict_pages

from .conftest import LABELS, readme_section
from .test_features import _tables_reference

PAGES = {p.stem[:3]: p for p in load_labels(LABELS)}
STEMS = sorted(p.stem for p in (LABELS / "pages").glob("*.txt"))


def _smooth(body, chars, config=Config()):
    chars = np.array(chars)
    return smooth(np.array(body, bool), chars, chars >= 50, config).astype(int).tolist()


def test_fill_keeps_a_chrome_looking_line_between_paragraphs():
    assert _smooth([1, 0, 1], [300, 10, 300]) == [1, 1, 1]


def test_fill_does_not_take_a_byline_between_headline_and_paragraph():
    assert _smooth([1, 0, 1], [30, 10, 300]) == [1, 0, 1]


def test_fill_reads_the_lines_right_above_and_right_below_the_gap():
    # The gap lies between two paragraphs: the span above it ends in one (a headline
    # over that paragraph does not matter), and a short line under a paragraph is no
    # paragraph, whatever its span begins with.
    assert _smooth([1, 1, 0, 1], [30, 300, 10, 300]) == [1, 1, 1, 1]
    assert _smooth([1, 1, 0, 1], [300, 30, 10, 300]) == [1, 1, 0, 1]


def test_fill_gap_is_a_setting():
    assert _smooth([1, 0, 0, 1], [300, 10, 10, 300]) == [1, 0, 0, 1]
    assert _smooth([1, 0, 0, 1], [300, 10, 10, 300], Config(max_fill_gap=2)) == [1, 1, 1, 1]


def test_headline_above_the_article_is_kept_and_far_headline_dropped():
    #           title byline date  para para  list×5 ...        long related headline
    body =     [1,    0,     0,    1,   1,    0, 0, 0, 0, 0,    1]
    chars =    [40,   10,    20,   400, 400,  30, 30, 30, 30, 30, 120]
    assert _smooth(body, chars) == [1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]


def test_no_body_line_gives_nothing():
    assert _smooth([0, 0], [10, 10]) == [0, 0]


def test_config_refuses_nonsense():
    with pytest.raises(ValueError, match="threshold"):
        Config(threshold=1.5)
    with pytest.raises(ValueError, match="threshold must be between 0 and 1, not nan"):
        Config(threshold=float("nan"))
    with pytest.raises(ValueError, match="max_join_gap"):
        Config(max_join_gap=-1)


def test_config_takes_a_threshold_from_0_to_1_and_nothing_beyond():
    # Only 1.5 and NaN were tried: a bound moved (to 1.1, or < for <=) went unseen.
    assert Config(threshold=0).threshold == 0.0 and Config(threshold=1).threshold == 1.0
    for beyond in (float(np.nextafter(0, -1)), float(np.nextafter(1, 2))):
        with pytest.raises(ValueError, match=f"threshold must be between 0 and 1, not {beyond!r}"):
            Config(threshold=beyond)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": "0.5"}, r"threshold must be a number between 0 and 1, not '0\.5' \(str\); e\.g\. Config\(threshold=0\.6\)"),
        ({"threshold": None}, r"threshold must be a number .*\(NoneType\)"),
        ({"threshold": True}, r"threshold must be a number .*not True \(bool\)"),
        ({"max_fill_gap": True}, r"max_fill_gap must be a whole number ≥ 0 \(lines\), not True \(bool\); e\.g\. Config\(max_fill_gap=1\)"),
        ({"max_join_gap": False}, r"max_join_gap .*not False \(bool\); e\.g\. Config\(max_join_gap=3\)"),
        ({"max_join_gap": 2.0}, r"max_join_gap .*not 2\.0 \(float\)"),
        ({"max_join_gap": "2"}, r"max_join_gap .*not '2' \(str\)"),
    ],
)
def test_config_says_which_type_it_takes(kwargs, message):
    with pytest.raises(TypeError, match=message):
        Config(**kwargs)


def test_config_takes_numpy_numbers_as_plain_ones():
    # A value read from a DataFrame or a grid of settings is a NumPy scalar.
    config = Config(threshold=np.float32(0.25), max_fill_gap=np.int64(2), max_join_gap=np.uint8(4))
    assert config == Config(threshold=0.25, max_fill_gap=2, max_join_gap=4)
    assert [type(v) for v in (config.threshold, config.max_fill_gap, config.max_join_gap)] == [float, int, int]
    page = (LABELS / "pages" / f"{PAGES['001'].stem}.txt").read_text(encoding="utf-8")
    assert clean(page, config=config) == clean(page, config=Config(threshold=0.25, max_fill_gap=2, max_join_gap=4))
    assert Config(threshold=1) == Config(threshold=1.0)


@pytest.mark.parametrize(
    ("config", "hint"),
    [
        (None, "leave config out for the defaults"),
        ({"threshold": 0.6}, r"pass Config\(\*\*settings\) for a dict of settings"),
        (0.6, r"pass e\.g\. Config\(threshold=0\.6\)"),
        (0, r"pass e\.g\. Config\(threshold=0\.6\)"),  # no None, though as false
    ],
)
@pytest.mark.parametrize(
    "run", [clean, explain, lambda text, config: clean_many([text], config=config),
            lambda text, config: clean_series(pd.Series([text]), config=config)]
)
def test_a_config_that_is_not_a_config_says_what_to_pass(run, config, hint):
    # It was an AttributeError ('NoneType' object has no attribute 'threshold').
    kind = type(config).__name__
    with pytest.raises(TypeError, match=rf"^config= takes a Config, not {kind}; {hint}\.$"):
        run("Menu\n\nA paragraph of running text that is long enough to count, and ends.", config=config)


@pytest.mark.parametrize("gap", [sys.maxsize, 2**63, 10**30])
def test_a_join_gap_of_any_size_keeps_a_table_as_a_large_one_does(gap):
    # Any gap of at least the page's length reaches everywhere; the tables pass added
    # sys.maxsize to int64 line numbers, wrapped round and dropped the table (2**63 and
    # above raised OverflowError).
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    page = "\n".join(lines[:19] + TABLE + [""] + lines[19:])
    expected = clean(page, config=Config(max_join_gap=len(lines) + len(TABLE)))
    assert TABLE[-1] in expected.splitlines()
    assert clean(page, config=Config(max_join_gap=gap)) == expected
    assert clean_many([page], config=Config(max_join_gap=gap)) == [expected]


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_output_lines_are_input_lines_in_order(stem):
    text = (LABELS / "pages" / f"{PAGES[stem].stem}.txt").read_text(encoding="utf-8")
    out = clean(text)
    assert out, "nothing kept: no line to check the order of"
    stripped = [line.rstrip() for line in text.splitlines()]
    position = -1
    for line in out.split("\n"):
        if line:
            position = stripped.index(line, position + 1)
    assert "\n\n\n" not in out and not out.startswith("\n") and not out.endswith("\n")


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_explain_and_clean_agree(stem):
    text = (LABELS / "pages" / f"{PAGES[stem].stem}.txt").read_text(encoding="utf-8")
    rows = explain(text)
    assert [r.line_no for r in rows] == list(range(1, len(text.splitlines()) + 1))
    kept = [r.text.rstrip() for r in rows if r.label == "body"]
    assert [line for line in clean(text).split("\n") if line] == kept
    for r in rows:
        assert (r.p_body is None) == (r.label == "blank")
        if r.p_body is not None:
            assert (r.p_body >= 0.5) == (r.model_label == "body")


def test_explain_gives_each_probability_as_a_plain_float():
    # NumPy's float64 is a float too, but a row holding one prints it as np.float64(0.9…)
    rows = explain("Home | World\n\nThe council approved the new budget on Tuesday after a long debate.")
    assert [type(r.p_body) for r in rows] == [float, type(None), float]
    assert "np.float64" not in repr(rows[0])


def test_adjacent_kept_lines_stay_adjacent_and_gaps_become_one_blank_line():
    text = "\n".join(
        [
            "শনিবার, ২৭ এপ্রিল ২০২৪",
            "উত্তর কোরিয়া সফর করলেন রুশ গোয়েন্দা প্রধান",
            "",
            "",
            "রাশিয়া ৩০ মাসেরও বেশি সময় ধরে ইউক্রেনে হামলা অব্যাহত রেখেছে। পশ্চিমাদের থেকে পাওয়া সমরাস্ত্রে যুদ্ধ চলছে।   ",
            "এ অবস্থায় বিভিন্ন দেশ থেকে গোলাবারুদ পাওয়ার প্রচেষ্টা চালিয়ে যাচ্ছে মস্কো। তারই অংশ হিসেবে পিয়ংইয়ং সফরে এসেছেন শোইগু।",
        ]
    )
    lines = text.splitlines()
    assert clean(text) == "\n".join([lines[1], "", lines[4].rstrip(), lines[5]])


def test_a_kept_line_keeps_its_leading_white_space():
    # Each kept line is the input line with its trailing white space removed, and nothing else changed.
    lines = ["Menu", "", "    An indented paragraph of running text, long enough to count, ends here.  ",
             "\tA second paragraph indented with a tab, kept as it is but for its end.\t"]
    decision = decide_from_probabilities(lines, [1, 3, 4], np.array([0.1, 0.9, 0.9]))
    assert kept_text(lines, decision) == "\n".join([lines[2].rstrip(), lines[3].rstrip()])


# The shipped model is trained on these pages, so this checks that it learned its
# labels; the honest, cross-site figures are train.py's leave-one-site-out scores.
KNOWN_MISSES = {
    "003": "the lone source credit below the article (সূত্র: রয়টার্স) is dropped: "
    "the regularized model does not fit this one training line",
}


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_MISSES[s], strict=True)) if s in KNOWN_MISSES else s
        for s in sorted(PAGES)
    ],
)
def test_shipped_model_reproduces_the_labelled_body(stem):
    page = PAGES[stem]
    text = "\n".join(page.lines)
    body = page.rows.loc[page.rows["label"] == "body", "line_no"].tolist()
    assert [r.line_no for r in explain(text) if r.label == "body"] == body


# A table of the article, one cell per line (country, exports, change), as a browser
# copies it: line by line it looks like a menu.
TABLE = ["দেশ", "রপ্তানি", "পরিবর্তন"] + [
    cell for row in [("রাশিয়া", "১২৩", "৪.৫%"), ("চীন", "৯৮", "২.১%"), ("ইরান", "৪৫", "১.৭%"), ("ভারত", "৩৩", "০.৯%")]
    for cell in row
]


def test_a_table_inside_the_article_is_kept_and_one_far_below_it_is_not():
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[17].endswith("।") and lines[18] == ""  # after the article's fifth paragraph
    inside = lines[:19] + TABLE + [""] + lines[19:]
    rows = {r.line_no: r for r in explain("\n".join(inside))}
    cells = range(20, 20 + len(TABLE))  # the header (all text: no row of the table) and the rows
    assert all(rows[no].model_label == "chrome" for no in cells)
    assert all(rows[no].label == "body" for no in cells)
    below = lines + [""] + TABLE
    assert not any(r.label == "body" for r in explain("\n".join(below))[len(lines) :])
    # The model-free form of the passes finds the same table from the text.
    decision = decide_pages([inside], None)[0]
    again = decide_from_probabilities(inside, decision.line_nos, decision.p_body)
    assert again.body.tolist() == decision.body.tolist()


# A query inside the article, as a browser copies a code block: line by line it
# looks like a menu; its first line holds no code symbol.
CODE = ["SELECT district, count(*) AS cases FROM reports", "WHERE year = 2024", "GROUP BY district;"]


def test_code_inside_the_article_is_kept_and_code_far_below_it_is_not():
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[17].endswith("।") and lines[18] == ""  # after the article's fifth paragraph
    inside = lines[:19] + CODE + [""] + lines[19:]
    rows = {r.line_no: r for r in explain("\n".join(inside))}
    block = range(20, 20 + len(CODE))
    dropped = [no for no in block if rows[no].model_label == "chrome"]
    assert dropped and all(rows[no].label == "body" for no in block)
    # The same lines with no code symbol are short lines between two paragraphs: they stay chrome.
    plain = lines[:19] + [line.replace(" = ", " ").rstrip(";") for line in CODE] + [""] + lines[19:]
    rows = {r.line_no: r for r in explain("\n".join(plain))}
    assert all(rows[no].label == "chrome" for no in dropped)
    below = lines + [""] + CODE
    assert not any(r.label == "body" for r in explain("\n".join(below))[len(lines) :])
    # Many pages at once keep what each keeps alone.
    pages = ["\n".join(page) for page in (inside, plain, below, inside)]
    assert clean_many(pages) == [clean(page) for page in pages]
    assert all(line in clean(pages[0]).splitlines() for line in CODE)


# A photo's caption with its credit, and a copyright notice: sentences the model
# keeps, which LABELING.md calls chrome (caption, footer).
CAPTION = "উত্তর কোরিয়ার রাজধানী পিয়ংইয়ংয়ে রুশ প্রতিনিধিদলকে স্বাগত জানানো হয়। © রয়টার্স"
NOTICE = "© ২০২৪ সর্বস্বত্ব সংরক্ষিত। এই ওয়েবসাইটের কোনো লেখা, ছবি বা ভিডিও অনুমতি ছাড়া ব্যবহার করা যাবে না।"


def test_a_line_holding_a_copyright_sign_is_chrome_where_the_model_keeps_it():
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[11].endswith("।") and lines[23].endswith("।") and lines[24] == ""  # the second and last paragraphs
    page = lines[:13] + [CAPTION, ""] + lines[13:25] + [NOTICE, ""] + lines[25:]
    rows = {r.line_no: r for r in explain("\n".join(page))}
    assert rows[14].text == CAPTION and rows[28].text == NOTICE
    assert [(rows[no].model_label, rows[no].label) for no in (14, 28)] == [("body", "chrome")] * 2
    assert all(rows[no].label == "body" for no in (12, 16, 26))  # the paragraphs around them stay
    # Without the sign, the same lines are kept: it is the sign that drops them.
    unsigned = [line.replace("©", "") for line in page]
    rows = {r.line_no: r for r in explain("\n".join(unsigned))}
    assert [rows[no].label for no in (14, 28)] == ["body", "body"]
    pages = ["\n".join(page), "\n".join(unsigned)]
    assert clean_many(pages) == [clean(p) for p in pages]


def test_a_caption_ending_in_its_photos_credit_is_chrome_where_the_model_keeps_it():
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    sentence = "উত্তর কোরিয়ার রাজধানী পিয়ংইয়ংয়ে রুশ প্রতিনিধিদলকে স্বাগত জানানো হয়।"
    for caption, dropped in ((f"{sentence} ছবি: রয়টার্স", True), (f"{sentence} রয়টার্স", False), (sentence, False)):
        page = lines[:13] + [caption, ""] + lines[13:]
        rows = {r.line_no: r for r in explain("\n".join(page))}
        assert rows[14].text == caption and rows[14].model_label == "body"
        assert rows[14].label == ("chrome" if dropped else "body"), caption
        assert all(rows[no].label == "body" for no in (12, 16))  # the paragraphs around it stay


def test_a_caption_with_its_credit_on_the_line_below_is_chrome_and_at_the_end_a_source():
    # A page may print a caption's credit on a line of its own, right under the
    # caption (no blank line between): the two lines are one caption, chrome
    # (LABELING.md), whatever the model says. With a blank line between, the credit
    # belongs to what follows, and the sentence is left alone. The same two lines
    # after the last paragraph are its source, and stay.
    paragraph = "The council approved the new budget on Tuesday after a long debate in the town hall."
    caption, credit = "The mayor speaks to reporters outside the town hall.", "Jane Roe/Agency"
    for lines, dropped in (
        ([paragraph, "", caption, credit, "", paragraph], True),
        ([paragraph, "", caption, "", credit, "", paragraph], False),
        ([paragraph, "", caption, "Jane Roe", "", paragraph], False),
    ):
        line_nos, texts = non_blank(lines)
        body = decide_from_probabilities(lines, line_nos, np.full(len(texts), 0.9)).body
        assert body.tolist() == [True] + [not dropped] * 2 + [True], lines
    lines = [paragraph, "", paragraph, caption, credit]
    line_nos, texts = non_blank(lines)
    assert decide_from_probabilities(lines, line_nos, np.full(len(texts), 0.9)).body.all()


def test_a_reference_ending_in_a_quoted_title_with_a_colon_is_no_caption():
    # A reference list inside the article: a reference ends in the cited work's title,
    # quoted, and the title holds a colon. That is no photo's credit: the credits pass
    # leaves the line the model keeps alone.
    lines = [
        "The film was first shown at a small festival in the north, where it won the jury prize.",
        "1. ^ Roe, Jane (2 July 2014). \"Film Review: The River\"",
        "2. ^ Muster, Max (2021). The making of a quiet film. Northern Press.",
        "The critics praised its long shots of the river and the sparse music of the score.",
    ]
    body = decide_from_probabilities(lines, [1, 2, 3, 4], np.array([0.9, 0.6, 0.6, 0.9])).body
    assert body.all()


def test_the_last_paragraph_run_together_with_its_source_stays():
    # LABELING.md calls the article's closing source credit body (role source). Run
    # together with the last paragraph it has a caption's shape, but it ends the
    # article: the credits pass keeps the last line kept on a page. The same line
    # inside the article is a caption, and goes.
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[23].endswith("।") and lines[11].endswith("।")  # the last and the second paragraph
    source = " সূত্র: রয়টার্স"
    rows = {r.line_no: r for r in explain("\n".join(lines[:23] + [lines[23] + source] + lines[24:]))}
    assert rows[24].text.endswith(source) and rows[24].label == "body"
    assert max(no for no, r in rows.items() if r.label == "body") == 24
    rows = {r.line_no: r for r in explain("\n".join(lines[:11] + [lines[11] + source] + lines[12:]))}
    assert rows[12].model_label == "body" and rows[12].label == "chrome"


def test_the_source_stays_when_an_empty_heading_the_trim_pass_drops_follows_it():
    # "Read more:" kept after the article's last paragraph (which ends in its source)
    # introduces nothing, and the trim pass drops it; the source is then the last line
    # kept, and stays, as it does with no heading after it.
    paragraph = "The council approved the new budget on Tuesday after a long debate in the town hall."
    last = "The mayor will present a housing plan in the autumn, she told reporters. Source: Reuters"
    for tail, kept in (([], [True] * 3), (["Read more:"], [True] * 3 + [False])):
        texts = ["Council approves new budget", paragraph, last, *tail]
        table = line_table(np.zeros(len(texts), dtype=np.int64), np.arange(1, 2 * len(texts), 2), texts)
        assert table.caption.tolist() == [False, False, True] + [False] * len(tail)
        assert smooth_table(np.ones(len(texts), dtype=bool), table).tolist() == kept, tail


def test_of_two_captions_after_the_last_paragraph_only_the_last_line_kept_stays():
    # Two photos' captions, each ending in its credit, kept after the article's last
    # paragraph: the last line kept stays (it may be the article's source), the other
    # is a caption and goes. Only a caption whose credit is on the line under it
    # (text.credit_below) is two lines, both kept at the end; the line above a closing
    # caption was kept whatever it was.
    paragraph = "The council approved the new budget on Tuesday after a long debate in the town hall."
    first, second = "The mayor speaks to reporters. Photo: Jane Roe", "Crowds gather in the square. Photo: John Doe"
    for lines in ([paragraph, "", paragraph, "", first, "", second], [paragraph, "", paragraph, "", first, second]):
        line_nos, texts = non_blank(lines)
        table = line_table(np.zeros(len(texts), dtype=np.int64), np.asarray(line_nos), texts)
        assert table.caption.tolist() == [False, False, True, True]  # each a caption of its own, not a pair
        body = decide_from_probabilities(lines, line_nos, np.full(len(texts), 0.9)).body
        assert body.tolist() == [True, True, False, True], lines


def test_a_headline_starting_with_an_abbreviation_and_holding_a_colon_stays():
    # "St." ends no caption's sentence: the credits pass leaves the kept headline alone.
    paragraph = "The fire broke out on Tuesday night in a warehouse near the river, the city said."
    texts = ["St. Louis: fire kills two", paragraph, paragraph.replace("Tuesday", "Monday")]
    table = line_table(np.zeros(len(texts), dtype=np.int64), np.arange(1, 2 * len(texts), 2), texts)
    assert smooth_table(np.ones(len(texts), dtype=bool), table).tolist() == [True] * 3


def test_a_paragraph_just_short_of_the_threshold_joins_the_article_across_a_gap_of_at_most_max_join_gap():
    # Near lines (paragraphs ending a sentence, just below the threshold) are taken
    # in when at most max_join_gap lines lie between them and a kept line, as spans
    # are joined; farther away, or without the near pass, they stay out.
    for gap in range(6):
        body = np.array([0] + [0] * gap + [1, 1], bool)
        chars = np.array([400] + [20] * gap + [400, 400])
        near = np.zeros(len(body), bool)
        near[0] = True
        joined = smooth(body, chars, chars > 50, near=near)
        assert joined[0] == (gap <= Config().max_join_gap) and joined[-2:].all() and not joined[1:-2].any()
        assert not smooth(body, chars, chars > 50)[0]
    # Near lines do not join each other: one far from the article stays out.
    body = np.array([0, 0, 0, 0, 0, 1], bool)
    near = np.array([1, 1, 1, 1, 1, 0], bool)
    chars = np.full(len(body), 400)
    assert smooth(body, chars, chars > 50, near=near).tolist() == [False] + [True] * 5


def test_below_the_article_a_sentence_or_a_span_joins_it_across_at_most_one_line():
    # Under the article's end, a heading or a name over a sentence is a widget's (an
    # author's bio, a newsletter's pitch, a related story's teaser): MAX_JOIN_GAP's
    # three lines are for the byline and dates between a headline and the article.
    assert MAX_JOIN_GAP_BELOW == 1 < MAX_JOIN_GAP
    for gap in range(MAX_JOIN_GAP + 2):
        body = np.array([1, 1] + [0] * gap + [0], bool)
        chars = np.array([400, 400] + [20] * gap + [150])
        near = np.zeros(len(body), bool)
        near[-1] = True
        for taken in (smooth(body, chars, chars > 50, near=near), smooth(body | near, chars, chars > 50)):
            assert taken[-1] == (gap <= MAX_JOIN_GAP_BELOW) and taken[:2].all(), gap
        # …while above the article, and between two of its spans, the gap is max_join_gap
        assert smooth(body[::-1], chars[::-1], chars[::-1] > 50, near=near[::-1])[0] == (gap <= MAX_JOIN_GAP)
        rest = [0] * (MAX_JOIN_GAP + 1) + [1, 1]  # more of the article, farther down
        inside = np.concatenate([body, rest]).astype(bool)
        wide = np.concatenate([chars, [20] * (MAX_JOIN_GAP + 1) + [400, 400]])
        near_inside = np.concatenate([near, [False] * len(rest)])
        assert smooth(inside, wide, wide > 50, near=near_inside)[len(body) - 1] == (gap <= MAX_JOIN_GAP)
    # a page: an author's bio under their name and a heading after the article's end stays out
    paragraph = "The council met on Tuesday night and voted to rebuild the bridge over the river next year."
    lines = [paragraph, "", paragraph.replace("Tuesday", "Monday"), "", "More from this writer", "", "Jane Roe", "",
             "Jane Roe is a reporter for the Daily Example and covers the city council."]
    line_nos = [1, 3, 5, 7, 9]
    p_body = np.array([0.9, 0.9, 0.1, 0.1, 0.3])  # the bio just short of the threshold: a near line
    assert decide_from_probabilities(lines, line_nos, p_body).body.tolist() == [True, True, False, False, False]
    under = [0, 1, 4]  # right under the article's last paragraph, it would join it
    assert decide_from_probabilities([lines[i] for i in (0, 1, 2, 3, 8)], [1, 3, 5], p_body[under]).body.all()
    # a smaller max_join_gap applies below the article too
    body, chars = np.array([1, 1, 0, 1], bool), np.array([400, 400, 20, 40])
    assert smooth(body, chars, chars > 50).tolist() == [True, True, False, True]
    assert smooth(body, chars, chars > 50, Config(max_join_gap=0)).tolist() == [True, True, False, False]


def test_the_near_pass_takes_in_only_sentences():
    paragraph = "রাশিয়া ও উত্তর কোরিয়ার মধ্যে সামরিক সহযোগিতা নিয়ে আলোচনা হয়েছে বলে জানিয়েছে সংবাদমাধ্যম"
    fewest, too_few = "দেশের আলোচনা হয়েছে।", "আলোচনা হয়েছে।"
    assert NEAR_MIN_WORDS == 3 and (word_count(fewest), word_count(too_few)) == (NEAR_MIN_WORDS, NEAR_MIN_WORDS - 1)
    for candidate, taken in (
        (paragraph + "।", True),  # a paragraph ending a sentence
        (fewest, True),  # a sentence of NEAR_MIN_WORDS words
        (paragraph, False),  # no sentence end: a long headline, a teaser
        (too_few, False),  # two words
    ):
        texts = [paragraph + "।", paragraph + "।", candidate]
        table = line_table(np.zeros(3, dtype=np.int64), np.array([1, 3, 5]), texts)
        model_body = np.array([True, True, False])
        kept = smooth_table(model_body, table, near=np.array([False, False, True]))
        assert kept.tolist() == [True, True, taken], candidate
        assert smooth_table(model_body, table).tolist() == [True, True, False]


def test_a_credit_inside_the_article_does_not_split_it():
    # A short paragraph, one chrome line, a caption the model keeps, two chrome lines,
    # and the article: seen as the model sees it, the caption joins the paragraph to
    # the article; seen as chrome, it would leave a gap of four lines, too far to join.
    body = np.array([1, 0, 1, 0, 0, 1, 1, 1], bool)
    chars = np.array([100, 20, 150, 20, 20, 400, 400, 400])
    credit = np.zeros(len(body), bool)
    credit[2] = True
    paragraph = np.arange(len(body)) >= 5  # nothing to fill between the short paragraph and the caption
    assert smooth(body, chars, paragraph, credit=credit).astype(int).tolist() == [1, 0, 0, 0, 0, 1, 1, 1]
    assert smooth(body & ~credit, chars, paragraph).astype(int).tolist() == [0, 0, 0, 0, 0, 1, 1, 1]


def test_the_code_pass_takes_in_a_credit_inside_a_listing():
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    listing = [CODE[0], "-- © 2024 the survey's authors, shared under CC BY 4.0", *CODE[1:]]
    inside = lines[:19] + listing + [""] + lines[19:]
    rows = {r.line_no: r for r in explain("\n".join(inside))}
    assert all(rows[no].label == "body" for no in range(20, 20 + len(listing)))


def test_a_gap_is_filled_when_exactly_the_code_share_of_its_lines_are_code():
    most = round(1 / CODE_GAP_SHARE)  # the longest gap that one code line fills
    for gap, filled in ((most, True), (most + 1, False)):
        body = np.array([1, 1] + [0] * gap + [1, 1], bool)  # the article, and a two-line span far below it
        chars = np.array([400, 400] + [20] * gap + [400, 400])
        code = np.zeros(len(body), bool)
        code[2 + gap // 2] = True
        result = smooth(body, chars, chars > 50, code=code)
        assert result[2 : 2 + gap].tolist() == [filled] * gap and result[:2].all() and result[-2:].all()


def test_excerpts_ending_in_a_bracketed_ellipsis_do_not_make_the_lines_above_them_code():
    # A blog's "recent posts" below the article: titles, and excerpts cut off with "[…]".
    # The brackets are no code, so the share buttons and comment prompts between the
    # article and the excerpts the model keeps are not a listing's gap.
    article = [
        "The town council met on Tuesday evening to decide how the new footbridge will be paid for.",
        "Members agreed that half of the cost will come from the regional fund and half from parking.",
    ]
    widgets = ["* Share", "* Post", "* Mail", "* Print", "* Save", "Older entry", "Newer entry", "Write a reply", "Hide"]
    excerpts = []
    for title, excerpt in [
        ("Garden notes for March", "This month the first seedlings came up in the cold frame, and I moved […]"),
        ("A walk on the old canal path", "On Sunday we walked the towpath from the lock to the mill, where the [...]"),
        ("Fixing the shed roof", "The felt on the shed roof finally gave way in the storm last week, so I […]"),
        ("Bread with rye flour", "After many tries I found that a longer rest makes the rye loaf rise better […]"),
    ]:
        excerpts += ["* " + title, excerpt]
    lines = article + widgets + excerpts
    p_body = np.array([0.9] * 2 + [0.05] * len(widgets) + [0.3, 0.3, 0.3, 0.3, 0.3, 0.9, 0.3, 0.9])
    body = decide_from_probabilities(lines, list(range(1, len(lines) + 1)), p_body).body
    assert body[:2].all() and not body[2 : 2 + len(widgets)].any()


# Below an article: share buttons, a magazine's box with "See the spring issue>>",
# links; or an author's box with a hidden address in brackets and a comment form. A
# far kept line lies below them. A link's arrow and a closing tag are no code, so the
# lines between are no listing's gap; with a line of code in their place, they are.
BELOW_THE_ARTICLE = {
    "arrow": (["* Share", "* Mail", "Latest issue", "* Spring issue out now", "See the spring issue>>", "* Contact", "* Terms"], 4),
    "tag": (["Share", "Rina Sen", "Other stories by Rina Sen", "[email address hidden]", "Leave a reply", "Name *", "Email *"], 3),
}


@pytest.mark.parametrize("kind", sorted(BELOW_THE_ARTICLE))
def test_a_link_arrow_or_a_closing_tag_does_not_make_the_lines_below_an_article_code(kind):
    widgets, marked = BELOW_THE_ARTICLE[kind]
    article = [
        "The town council met on Tuesday evening to decide how the new footbridge will be paid for.",
        "Members agreed that half of the cost will come from the regional fund and half from parking.",
    ]
    lines = article + widgets + ["All rights reserved by the publisher of this small weekly paper and its website."]
    p_body = np.array([0.9] * 2 + [0.05] * len(widgets) + [0.9])
    body = decide_from_probabilities(lines, list(range(1, len(lines) + 1)), p_body).body
    assert body[:2].all() and not body[2 : 2 + len(widgets)].any()
    code = lines[: 2 + marked] + ["x = a[i]"] + lines[3 + marked :]
    assert decide_from_probabilities(code, list(range(1, len(code) + 1)), p_body).body.all()


def test_code_between_the_article_and_a_table_the_tables_pass_took_is_kept():
    # A query below the article, then the table it printed, one cell per line: the
    # tables pass takes the table, and the query lies between two kept lines.
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    body = np.array([1, 1, 0] + [0] * len(table), bool)
    chars = np.array([400, 400, 30] + [5] * len(table))
    cells = np.array([TEXT_CELL] * 3 + table)
    code = np.array([0, 0, 1] + [0] * len(table), bool)
    assert smooth(body, chars, chars > 50, cells=cells, code=code).all()
    # With no table below it, the query ends the page after the article: chrome.
    assert smooth(body, chars, chars > 50, code=code).tolist() == [True, True] + [False] * (1 + len(table))


def test_smooth_takes_a_hard_wrapped_paragraph_as_one_line_of_a_code_gap():
    # One code line is too few for a gap one line longer than the longest it fills,
    # unless two of the gap's lines are one wrapped paragraph. The paragraph is code
    # as its first line is: line_table gives each of its lines the paragraph's flag.
    gap = round(1 / CODE_GAP_SHARE) + 1
    body = np.array([1, 1] + [0] * gap + [1, 1], bool)
    chars = np.array([400, 400] + [20] * gap + [400, 400])
    paragraph = chars > 50
    units = np.ones(len(body), bool)
    units[3] = False  # lines 2 and 3 are one paragraph
    code = np.zeros(len(body), bool)
    code[2] = True
    assert not smooth(body, chars, paragraph, code=code)[2 : 2 + gap].any()
    assert smooth(body, chars, paragraph, unit_start=units, code=code).all()
    code[2:4] = [False, True]
    assert not smooth(body, chars, paragraph, unit_start=units, code=code)[2 : 2 + gap].any()


# ------------------------------------------------------------------ the batch passes


def _smooth_reference(
    body, lengths, paragraph, config, introduces=None, cells=None, code=None, credit=None, caption=None, near=None
):
    """The fill, select, tables, credits, code, near and trim passes written plainly, span by span, for one page."""
    keep = _fill_and_select_reference(body, lengths, paragraph, config)
    if cells is not None and any(keep):
        # tables: a table reaching into the kept lines' span, or at most max_join_gap lines from it
        top, bottom = keep.index(True), len(keep) - 1 - keep[::-1].index(True)
        tables = _tables_reference(list(cells))
        i = 0
        while i < len(tables):
            if not tables[i]:
                i += 1
                continue
            j = i
            while j < len(tables) and tables[j]:
                j += 1
            if i - bottom - 1 <= config.max_join_gap and top - j <= config.max_join_gap:
                keep[i:j] = [True] * (j - i)
            i = j
    if credit is not None:
        # credits: chrome, whatever the passes above made of them; only the code pass takes one in
        keep = [k and not c for k, c in zip(keep, credit)]
    if caption is not None and any(keep):
        # …and so are captions, but for the last kept line: the article's source
        # (kept headings after it, which the trim pass drops, do not count)
        closing = [k and not (introduces is not None and introduces[i] and not paragraph[i]) for i, k in enumerate(keep)]
        last = max((i for i, k in enumerate(closing) if k), default=-1)
        # (a caption right above a closing caption is its other line: text.credit_below)
        keep = [k and (not c or i == last or (i + 1 == last and caption[last])) for i, (k, c) in enumerate(zip(keep, caption))]
    if code is not None:
        # code: the lines between two kept lines, when at least CODE_GAP_SHARE of them are code
        kept = [i for i, k in enumerate(keep) if k]
        for a, b in zip(kept, kept[1:]):
            gap = [bool(c) for c in code[a + 1 : b]]
            if any(gap) and sum(gap) >= CODE_GAP_SHARE * len(gap):
                keep[a + 1 : b] = [True] * len(gap)
    if near is not None:
        # near: a near line (not a credit or a caption) with at most max_join_gap lines
        # between it and a kept line, at most MAX_JOIN_GAP_BELOW below the last kept line
        dropped = [bool(credit is not None and credit[i]) or bool(caption is not None and caption[i]) for i in range(len(keep))]
        kept = [i for i, k in enumerate(keep) if k]

        def gap(i):
            return min(config.max_join_gap, MAX_JOIN_GAP_BELOW) if kept and i > kept[-1] else config.max_join_gap

        keep = [
            k or (bool(c) and not dropped[i] and any(abs(i - j) <= gap(i) + 1 for j in kept))
            for i, (k, c) in enumerate(zip(keep, near))
        ]
    # trim, from the end: a short kept line ending in a colon whose next line is not kept
    for i in reversed(range(len(keep))):
        if introduces is not None and keep[i] and introduces[i] and not paragraph[i]:
            keep[i] = i + 1 < len(keep) and keep[i + 1]
    return keep


def _fill_and_select_reference(body, lengths, paragraph, config):
    body = [bool(b) for b in body]

    def spans(flags):
        out, start = [], None
        for i, flag in enumerate(flags + [False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                out.append((start, i))
                start = None
        return out

    runs = spans(body)
    for (_, end), (start, _) in zip(runs, runs[1:]):
        if start - end <= config.max_fill_gap and paragraph[end - 1] and paragraph[start]:
            body[end:start] = [True] * (start - end)
    runs = spans(body)
    keep = [False] * len(body)
    if not runs:
        return keep
    weights = [sum(lengths[a:b]) for a, b in runs]
    main = weights.index(max(weights))
    first = last = main
    while first > 0 and runs[first][0] - runs[first - 1][1] <= config.max_join_gap:
        first -= 1
    while last + 1 < len(runs) and runs[last + 1][0] - runs[last][1] <= min(config.max_join_gap, MAX_JOIN_GAP_BELOW):
        last += 1
    for k, (a, b) in enumerate(runs):
        if first <= k <= last or b - a >= FAR_SPAN_LINES or weights[k] >= FAR_SPAN_SHARE * weights[main]:
            keep[a:b] = [True] * (b - a)
    return keep


# Mostly chrome, lengths far apart: lone short spans near long ones are what the
# select pass decides on, and page boundaries must stop every chain. Cells are text,
# and a page may hold a block of repeated rows of cells (a table, when long enough).
_line = st.tuples(
    st.sampled_from([True, False, False]),
    st.sampled_from([3, 20, 90, 400]),
    st.booleans(),
    st.sampled_from([False] * 3 + [True]),
    st.sampled_from([False] * 5 + [True]),  # a code line
    st.sampled_from([0] * 6 + [1, 2]),  # a credit (1) or a caption ending in one (2)
    st.sampled_from([False] * 2 + [True]),  # near: the near pass may take it in
)
_table = st.tuples(st.lists(st.sampled_from([TEXT_CELL, NUMBER_CELL, NUMBER_CELL]), min_size=3, max_size=4), st.integers(2, 4))
_page = st.tuples(st.lists(_line, max_size=25), st.integers(0, 25), st.none() | _table).map(
    lambda p: [line[:4] + (TEXT_CELL, *line[4:]) for line in p[0]] if p[2] is None else
    [line[:4] + (TEXT_CELL, *line[4:]) for line in p[0][: p[1]]]
    + [(False, 3, False, False, cell, False, 0, False) for cell in p[2][0] * p[2][1]]
    + [line[:4] + (TEXT_CELL, *line[4:]) for line in p[0][p[1] :]]
)
_pages = st.lists(_page, max_size=8)


@given(
    pages=_pages,
    fill=st.integers(0, 2),
    join=st.integers(0, 4),
    trim=st.booleans(),
    tables=st.booleans(),
    code=st.booleans(),
    credits=st.booleans(),
    nears=st.booleans(),
)
def test_passes_over_many_pages_at_once_equal_the_plain_passes_page_by_page(pages, fill, join, trim, tables, code, credits, nears):
    config = Config(max_fill_gap=fill, max_join_gap=join)
    rows = [row for page in pages for row in page]
    first = np.zeros(len(rows), dtype=bool)
    at = 0
    for page in pages:
        if page:
            first[at] = True
        at += len(page)
    body, lengths, paragraph, colon, cells, code_lines, credit_lines, near_lines = (
        np.array([row[k] for row in rows]) for k in range(8)
    )
    introduces = colon.astype(bool) if trim else None
    table_mask = table_lines(cells, first) if tables else None
    code_mask = code_lines.astype(bool) if code else None
    credit_mask = (credit_lines == 1) if credits else None
    caption_mask = (credit_lines == 2) if credits else None
    together = _smooth_pages(
        body.astype(bool),
        lengths.astype(np.int64),
        paragraph.astype(bool),
        first,
        config,
        None,
        introduces,
        table_mask,
        code_mask,
        credit_mask,
        caption_mask,
        near_lines.astype(bool) if nears else None,
    )[0]
    expected = []
    for page in pages:
        columns = [[r[k] for r in page] for k in range(8)]
        reference = _smooth_reference(
            *columns[:3],
            config,
            columns[3] if trim else None,
            columns[4] if tables else None,
            columns[5] if code else None,
            [c == 1 for c in columns[6]] if credits else None,
            [c == 2 for c in columns[6]] if credits else None,
            columns[7] if nears else None,
        )
        expected += reference
        if page:
            arrays = [np.array(c) for c in columns]
            alone = smooth(
                *arrays[:3],
                config=config,
                introduces=arrays[3].astype(bool) if trim else None,
                cells=arrays[4] if tables else None,
                code=arrays[5].astype(bool) if code else None,
                credit=arrays[6] == 1 if credits else None,
                caption=arrays[6] == 2 if credits else None,
                near=arrays[7].astype(bool) if nears else None,
            )
            assert alone.tolist() == reference
    assert together.tolist() == expected


# A paragraph inside page 000's article that ends in a colon, and three short items
# under it: line by line the items look like a menu's, and the model drops them.
INTRO = "সফরে রাশিয়া ও উত্তর কোরিয়ার গোয়েন্দা সংস্থা যেসব বিষয়ে একসঙ্গে কাজ করতে রাজি হয়েছে:"
ITEMS = ["শত্রুর গুপ্তচরবৃত্তি মোকাবিলা", "তথ্য বিনিময়", "যৌথ প্রশিক্ষণ"]


@pytest.mark.parametrize(
    "intro, marks, taken",
    [
        (INTRO, ["১. ", "২. ", "৩. "], True),  # numbered from one
        (INTRO, ["* ", "* ", "* "], True),  # under one bullet
        (INTRO[:-1] + "।", ["১. ", "২. ", "৩. "], False),  # a sentence introduces nothing
        (INTRO, ["২. ", "৩. ", "৪. "], False),  # a list's tail: another list's items
        (INTRO, ["", "", ""], False),  # short lines, no list
    ],
    ids=["numbered", "bulleted", "sentence", "tail", "plain"],
)
def test_a_kept_line_ending_in_a_colon_takes_in_the_list_under_it(intro, marks, taken):
    lines = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert lines[11].endswith("।") and lines[12] == ""  # after the article's second paragraph
    page = lines[:13] + [intro, ""] + [mark + item for mark, item in zip(marks, ITEMS)] + [""] + lines[13:]
    rows = explain("\n".join(page))
    assert rows[13].text == intro and rows[13].label == "body"
    items = rows[15:18]
    assert all(r.model_label == "chrome" for r in items)
    assert [r.label for r in items] == ["body" if taken else "chrome"] * 3
    assert clean_many(["\n".join(page)] * 2) == [clean("\n".join(page))] * 2


def _lists(texts, kept, unit_start=None, chrome=(), first=(0,)):
    """_introduced_lists over one or more pages given as lists of lines: the lines it takes in."""
    n = len(texts)
    body = np.isin(np.arange(n), kept)
    colon = np.array([t.endswith(":") for t in texts])
    starts = np.isin(np.arange(n), first)
    units = np.ones(n, bool) if unit_start is None else np.array(unit_start, bool)
    return np.flatnonzero(_introduced_lists(texts, body, colon, starts, units, np.isin(np.arange(n), chrome))).tolist()


def test_the_list_pass_follows_numbers_and_bullets_to_the_lists_end():
    intro = "Pick one of these offers:"
    numbered = [intro, "1) A lamp", "link", "2) A desk", "link", "3) A chair", "Most read", "1) Other story"]
    assert _lists(numbered, [0]) == [1, 2, 3, 4, 5]  # the numbering breaks: another list
    # LIST_ITEM_GAP lines between two numbers and no more
    spaced = [intro, "1) A lamp"] + ["link"] * (LIST_ITEM_GAP + 1) + ["2) A desk"]
    assert _lists(spaced, [0]) == [1]
    assert _lists([intro, "1) A lamp"] + ["link"] * LIST_ITEM_GAP + ["2) A desk"], [0]) == list(range(1, LIST_ITEM_GAP + 3))
    # a numbered list opens at the number 1: one numbered from 0 is none
    assert _lists([intro, "0) A lamp", "1) A desk", "2) A chair"], [0]) == []
    # bullets: the same bullet, with nothing between
    assert _lists([intro, "* A lamp", "* A desk", "- A chair"], [0]) == [1, 2]
    assert _lists([intro, "* A lamp", "link", "* A desk"], [0]) == [1]
    # a line not kept ending in a colon introduces nothing, and the next page's list is its own
    assert _lists(numbered, []) == []
    assert _lists(numbered, [0], first=(0, 1)) == []
    assert _lists([intro, "1) A lamp", "2) A desk", "3) A chair"], [0], first=(0, 2)) == [1]
    # kept items that end in a colon themselves open nothing more than the list they are in
    assert _lists([intro, "* A lamp:", "* A desk:", "* A chair", "More"], [0, 1, 2]) == [1, 2, 3]
    # …but a kept item ending in a colon over a list it is not part of (numbered under a bullet) introduces that list
    assert _lists([intro, "* A lamp:", "1) Red", "2) Blue", "More"], [0, 1]) == [1, 2, 3]
    # corpus mode's repeated line ends the list (smooth_table gives no filler)
    assert _lists([intro, "1) A lamp", "2) A desk", "3) A chair"], [0], chrome=(2,)) == [1]
    # a hard-wrapped item is one line; so is a hard-wrapped paragraph ending in the colon
    wrapped = ["Pick one of these", "offers:", "1) A lamp with a", "shade", "2) A desk"]
    assert _lists(wrapped, [0, 1], unit_start=[1, 0, 1, 0, 1]) == [2, 3, 4]


def test_a_list_ends_at_a_skipped_number_a_chrome_line_and_takes_its_wrapped_last_item_whole():
    intro = "Pick one of these offers:"
    # the next number only: "3)" after "1)" is another list's
    assert _lists([intro, "1) A lamp", "3) A desk", "4) A chair"], [0]) == [1]
    # a repeated line between two numbered items ends the list, as one in place of an item does
    assert _lists([intro, "1) A lamp", "link", "2) A desk"], [0]) == [1, 2, 3]  # (the test can fail)
    assert _lists([intro, "1) A lamp", "link", "2) A desk"], [0], chrome=(2,)) == [1]
    # …and one in place of the first item opens no list
    assert _lists([intro, "1) A lamp", "2) A desk"], [0], chrome=(1,)) == []
    # the last item hard-wrapped: all its lines
    assert _lists([intro, "1) A lamp", "2) A desk with a", "drawer", "More"], [0], unit_start=[1, 1, 1, 0, 1]) == [1, 2, 3]


def _intros(texts, kept, unit_start=None, chrome=(), first=(0,)):
    """_introductions over one or more pages given as lists of lines: the lines it takes in."""
    n = len(texts)
    body = np.isin(np.arange(n), kept)
    colon = np.array([t.endswith(":") for t in texts])
    units = np.ones(n, bool) if unit_start is None else np.array(unit_start, bool)
    return np.flatnonzero(_introductions(body, colon, np.isin(np.arange(n), first), units, np.isin(np.arange(n), chrome))).tolist()


def test_a_line_ending_in_a_colon_over_a_kept_line_inside_the_article_introduces_it():
    texts = ["Menu:", "A paragraph.", "She wrote:", "A quotation.", "Read more:", "Other story", "Share:"]
    assert _intros(texts, [1, 3, 5]) == [2, 4]  # not "Menu:" above the article, nor "Share:" over nothing kept
    assert _intros(texts, [1, 5]) == [4]  # over a line not kept: nothing
    assert _intros(texts, [3]) == []  # nothing kept above it: the article starts under it
    assert _intros(texts, [1, 3], chrome=(2,)) == []  # a filler, a credit or a caption introduces nothing
    # the next page's first line is not the line under this page's last one
    assert _intros(texts, [1, 3], first=(0, 3)) == []
    assert _intros(texts, [1, 5], first=(0, 3)) == []  # …and a kept line of another page is not above its lines
    assert _intros(texts, [1, 3, 5], first=(0, 3)) == [4]
    # a hard-wrapped paragraph ending in the colon is one line, taken whole
    wrapped = ["A paragraph.", "Here is what she", "wrote to us:", "A quotation."]
    assert _intros(wrapped, [0, 3], unit_start=[1, 1, 0, 1]) == [1, 2]


def test_a_line_ending_in_a_colon_joins_the_article_where_the_fill_pass_does_not_take_it():
    # The fill pass takes a short line between two paragraphs; over a short kept line
    # (a one-line quotation) it does not, and the colon's line joins the article only
    # as an introduction. A sentence over it introduces nothing.
    paragraph = "রাশিয়া ও উত্তর কোরিয়ার মধ্যে সামরিক সহযোগিতা নিয়ে আলোচনা হয়েছে বলে জানিয়েছে সংবাদমাধ্যম।"
    for intro, taken in (("তিনি বলেন:", True), ("তিনি বলেন।", False)):
        texts = [paragraph, intro, "আমরা একমত।", paragraph]
        table = line_table(np.zeros(4, dtype=np.int64), np.array([1, 3, 5, 7]), texts)
        kept = smooth_table(np.array([True, False, True, True]), table)
        assert kept.tolist() == [True, taken, True, True], intro
    # a credit ending in a colon is chrome, and introduces nothing
    texts = [paragraph, "ছবি © রয়টার্স:", "আমরা একমত।", paragraph]
    table = line_table(np.zeros(4, dtype=np.int64), np.array([1, 3, 5, 7]), texts)
    assert table.credit.tolist() == [False, True, False, False]
    assert smooth_table(np.array([True, False, True, True]), table).tolist() == [True, False, True, True]


def test_a_repeated_line_ends_a_list_and_a_filler_is_passed_over_as_a_blank_line():
    # smooth_table gives the lists pass corpus mode's repeated lines as chrome, and leaves
    # fillers out of its lines, as if they were blank lines (as for every other pass)
    paragraphs = [
        "Heavy rain flooded the streets of the capital on Monday, and the city shut its schools.",
        "The river rose two metres overnight and the capital's northern districts lost power.",
        "Engineers said the old drains could not carry the water away fast enough for the city.",
        "Schools in the old town stay closed until Thursday, the city said in a statement on its website.",
    ]
    intro = "The city asks people near the river to do three things:"
    items = ["1) Stay at home", "2) Keep off the roads", "3) Call the hotline"]

    def kept(blocks, repeated=()):
        lines = "\n\n".join(blocks).split("\n")
        line_nos = non_blank_line_nos(lines)
        p_body = np.array([0.9 if lines[no - 1] in paragraphs or lines[no - 1] in (intro, "We agree.") else 0.05 for no in line_nos])
        mask = np.array([lines[no - 1] in repeated for no in line_nos]) if repeated else None
        decision = decide_from_probabilities(lines, line_nos, p_body, repeated=mask)
        return [lines[no - 1] for no, body in zip(line_nos, decision.body.tolist()) if body]

    listed = [*paragraphs[:2], intro, items[0], "Newsletter", *items[1:], *paragraphs[2:]]
    assert kept(listed) == listed  # (the test can fail: a line between two numbered items is the list's)
    assert kept(listed, repeated={"Newsletter"}) == [*paragraphs[:2], intro, items[0], *paragraphs[2:]]
    filler = "Advertisement"  # four times on the page: a filler
    with_fillers = [paragraphs[0], filler, paragraphs[1], filler, intro, items[0], filler, *items[1:], paragraphs[2], filler, paragraphs[3]]
    assert kept(with_fillers) == [*paragraphs[:2], intro, *items, *paragraphs[2:]]
    assert kept([b for b in with_fillers if b != filler]) == [*paragraphs[:2], intro, *items, *paragraphs[2:]]
    quoted = [paragraphs[0], "She wrote:", "We agree.", *paragraphs[1:]]
    assert kept(quoted) == quoted
    assert kept(quoted, repeated={"She wrote:"}) == [paragraphs[0], *quoted[2:]]
    # "She wrote:" over a filler over the quotation introduces it, as over a blank line
    quoted = [paragraphs[0], filler, paragraphs[1], "She wrote:", filler, "We agree.", filler, paragraphs[2], filler, paragraphs[3]]
    assert kept(quoted) == [b for b in quoted if b != filler]


def _kept(blocks, model_body=None):
    """smooth_table over one page of blocks (blank lines between them), the model keeping every line unless told."""
    n = len(blocks)
    table = line_table(np.zeros(n, dtype=np.int64), np.arange(1, 2 * n, 2), blocks)
    return smooth_table(np.ones(n, dtype=bool) if model_body is None else np.array(model_body, bool), table).tolist()


ARTICLE = [
    "রাশিয়া ও উত্তর কোরিয়ার মধ্যে সামরিক সহযোগিতা নিয়ে আলোচনা হয়েছে বলে জানিয়েছে সংবাদমাধ্যম।",
    "দুই দেশের কর্মকর্তারা রাজধানীতে তিন দিন ধরে বৈঠক করেছেন এবং একটি যৌথ বিবৃতি দিয়েছেন।",
    "বিশ্লেষকেরা বলছেন, এই সফর দুই দেশের সম্পর্কে নতুন অধ্যায়ের সূচনা করতে পারে।",
]
PITCH = ["Join our readers for the whole story today.", "Every edition arrives in your inbox each morning."]


def test_a_run_of_sentences_the_page_prints_again_is_chrome_where_the_model_keeps_it():
    # The reprints pass: a subscription pitch shown twice inside the article goes both
    # times; the paragraphs around it stay, and so does a pitch shown once.
    page = ARTICLE[:1] + PITCH + ARTICLE[1:2] + PITCH + ARTICLE[2:]
    assert _kept(page) == [True, False, False, True, False, False, True]
    assert _kept(ARTICLE[:1] + PITCH + ARTICLE[1:]) == [True] * 5


def test_an_article_printed_twice_is_no_reprint_to_drop():
    # When the reprinted runs hold half the characters kept on the page or more, they
    # are the article itself printed twice (a dump holding two renderings): they stay.
    assert _kept(ARTICLE + ARTICLE) == [True] * 6
    assert _kept(ARTICLE + ["সূত্র: রয়টার্স"] + ARTICLE) == [True] * 7


def test_reprinted_runs_are_weighed_against_the_characters_kept_on_their_own_page():
    def drops(body, reprint, chars, first=(1,)):
        starts = np.isin(np.arange(len(body)), np.flatnonzero(first))
        return _reprints_to_drop(np.array(body, bool), np.array(reprint, bool), np.array(chars), starts).tolist()

    # half the characters kept on the page, or more: the article printed twice, which stays
    assert drops([1, 1], [1, 0], [100, 100]) == [False, False]
    assert drops([1, 1], [1, 0], [100, 101]) == [True, True]
    # only the kept lines count, reprinted or not
    assert drops([1, 1, 0], [1, 0, 0], [100, 100, 1000]) == [False] * 3
    assert drops([1, 0, 1], [1, 1, 0], [100, 1000, 150]) == [True] * 3
    # each page of a batch against its own, the pages after the last reprint too
    first = [1, 0, 1, 0, 1, 0]
    assert drops([1] * 6, [0, 0, 1, 0, 0, 0], [100, 100, 100, 100, 50, 50], first) == [True, True, False, False, True, True]


def test_no_pass_after_the_reprints_pass_takes_a_reprinted_line_in():
    # A list the page prints twice under the same introduction: the lists pass takes
    # no reprinted item in again.
    intro = "Here are the offers that our shop has picked for you this week:"
    items = ["* Buy the lamp for your desk today.", "* Buy the chair for your desk today."]
    page = ARTICLE[:1] + [intro] + items + ARTICLE[1:2] + [intro] + items + ARTICLE[2:]
    assert _kept(page) == [True, True, False, False, True, True, False, False, True]
    # Two sentences over the article, printed again under it: the headline pass takes
    # neither, though the first paragraph repeats the first one's words (printed once, it is the headline).
    paragraphs = ["Heavy rain flooded the streets of the capital on Monday, and the city shut its schools.",
                  "The river rose two metres overnight and the capital's northern districts lost power."]
    teaser = ["Heavy rain flooded the streets of the capital.", "The city shut its schools on Monday."]
    assert _kept(teaser + paragraphs + teaser) == [False, False, True, True, False, False]
    assert _kept(teaser[:1] + paragraphs) == [True, True, True]


@pytest.mark.xfail(strict=True, reason="a song's chorus printed twice reads as a reprint: both go (README, reprints)")
def test_a_chorus_sung_twice_in_a_song_stays():
    verse = ["I walked along the river in the rain.", "The lights were low and nobody came."]
    chorus = ["Sing it loud and sing it long.", "Carry me home with the same old song."]
    song = verse + chorus + ["The morning broke and the rain was gone.", "I counted every step I had gone on."] + chorus
    assert _kept(song) == [True] * len(song)


def test_trim_drops_headings_that_introduce_nothing():
    # An empty related-list heading, then another list's heading, then its headlines (dropped).
    body = [1, 1, 1, 1, 0, 0]
    chars = [60, 400, 400, 20, 20, 40]
    colon = np.array([0, 0, 0, 1, 1, 0], bool)
    kept = smooth(np.array(body, bool), np.array(chars), np.array(chars) >= 100, introduces=colon)
    assert kept.astype(int).tolist() == [1, 1, 1, 0, 0, 0]
    # A heading with its paragraph kept after it stays; so does a paragraph ending in a colon.
    colon = np.array([1, 0, 1, 0, 0, 0], bool)
    kept = smooth(np.array(body, bool), np.array(chars), np.array(chars) >= 100, introduces=colon)
    assert kept.astype(int).tolist() == [1, 1, 1, 1, 0, 0]


def test_kept_headings_in_a_row_with_nothing_kept_under_them_are_all_trimmed():
    # Two short lines ending in a colon close the page's kept span: the first is
    # followed by a kept line, but only by the other heading, so neither introduces anything.
    chars = np.array([400, 400, 20, 20])
    colon = np.array([0, 0, 1, 1], bool)
    kept = smooth(np.ones(4, bool), chars, chars >= 100, introduces=colon)
    assert kept.astype(int).tolist() == [1, 1, 0, 0]
    # With a kept paragraph under them, both stay.
    chars = np.append(chars, 400)
    kept = smooth(np.ones(5, bool), chars, chars >= 100, introduces=np.append(colon, False))
    assert kept.all()


def test_an_empty_related_heading_is_trimmed_where_the_model_keeps_it():
    # Page 004 ends its article with "সংশ্লিষ্ট সংবাদ:" (related news:) and no list
    # under it. A model that never saw the page's site, weighted as the model shipped
    # before lines were weighted alike (balanced, C = 0.2), calls it body, just; the
    # shipped weighting drops it by itself.
    page = PAGES["004"]
    others = [p for p in PAGES.values() if p.site != page.site]
    balanced = predict_pages(fit(others, 0.2, "balanced"), [page]).set_index("text").loc["সংশ্লিষ্ট সংবাদ:"]
    assert balanced["label"] == "chrome" and balanced["model_raw"] and not balanced["model"]
    shipped = predict_pages(fit(others), [page]).set_index("text").loc["সংশ্লিষ্ট সংবাদ:"]
    assert not shipped["model_raw"] and not shipped["model"]


@pytest.mark.parametrize("stem", STEMS)
def test_the_batch_path_gives_the_pipelines_own_probabilities(stem):
    # decide_pages skips the pipeline's featurizer step and feeds line_table's rows
    # to the rest of the pipeline; the probabilities must be the full pipeline's.
    lines = (LABELS / "pages" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    decision = decide_pages([lines], load_model())[0]
    X = pd.DataFrame({"page": 0, "line_no": decision.line_nos, "text": [lines[i - 1] for i in decision.line_nos]})
    assert np.allclose(decision.p_body, body_probability(load_model(), X), rtol=0, atol=1e-12)


# ----------------------------------------------------------------- settings and pass bounds


def test_the_threshold_is_applied_at_and_above_a_lines_probability():
    page = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8")
    rows = sorted((r for r in explain(page) if r.p_body is not None), key=lambda r: r.p_body)
    line = rows[len(rows) // 2]
    at = {r.line_no: r for r in explain(page, config=Config(threshold=line.p_body))}
    above = {r.line_no: r for r in explain(page, config=Config(threshold=float(np.nextafter(line.p_body, 1))))}
    assert at[line.line_no].model_label == "body" and above[line.line_no].model_label == "chrome"
    assert clean(page, config=Config(threshold=0.99)) != clean(page)


def test_the_threshold_and_the_near_margin_are_applied_at_a_lines_probability_in_every_path():
    # explain's path was tested at the threshold, not decide_from_probabilities' own
    # comparison, nor near_lines' at the threshold less NEAR_MARGIN (>= mutated to > in
    # either went unseen).
    config = Config(threshold=0.5)
    lines = ["A paragraph of running text that is long enough to count, and it ends here."]
    for p, body in ((config.threshold, True), (float(np.nextafter(config.threshold, 0)), False)):
        assert decide_from_probabilities(lines, [1], np.array([p]), config).model_body.tolist() == [body]
    edge = config.threshold - NEAR_MARGIN
    assert near_lines(np.array([edge, float(np.nextafter(edge, 0))]), config).tolist() == [True, False]


def test_the_near_pass_reaches_the_threshold_given_less_the_near_margin():
    # With a higher threshold the near pass's lines are those at or above it less
    # NEAR_MARGIN: a sentence under the article's last paragraph just above that joins
    # it, one just below the default threshold's near bound but not this one's does not
    # (decide_pages' near_lines at the default threshold took it in).
    config = Config(threshold=0.7)
    page = [
        "Home | World | Sport | Opinion", "", "Council approves new budget", "",
        "The council approved the new budget on Tuesday after a long debate. Members voted nine to four.", "",
        "The budget adds money for schools and roads, and cuts spending on consultants by a third.", "",
        "Sign up for our newsletter to get the news.", "", "Follow us on Facebook and Twitter today.", "",
        "Most read", "Storm closes coastal road",
    ]
    rows = {r.line_no: r for r in explain("\n".join(page), config=config)}
    assert [rows[no].model_label for no in (5, 7, 9, 11)] == ["body", "body", "chrome", "chrome"]
    assert rows[9].p_body >= config.threshold - NEAR_MARGIN > rows[11].p_body >= THRESHOLD - NEAR_MARGIN
    assert (rows[9].label, rows[11].label) == ("body", "chrome")


def test_the_headline_is_kept_across_the_longest_join_gap_and_no_farther():
    gap = 3  # MAX_JOIN_GAP's reason: a byline and a date or two between the headline and the article
    for chrome_lines, kept in ((gap, True), (gap + 1, False)):
        body = np.array([1] + [0] * chrome_lines + [1, 1], bool)
        chars = np.array([40] + [10] * chrome_lines + [400, 400])
        assert smooth(body, chars, chars > 50)[0] == kept


def test_a_table_is_taken_up_to_the_join_gap_below_the_article_and_no_farther():
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    for gap, kept in ((MAX_JOIN_GAP, True), (MAX_JOIN_GAP + 1, False)):
        body = np.array([1, 1] + [0] * (gap + len(table)), bool)
        chars = np.array([400, 400] + [5] * (gap + len(table)))
        cells = np.array([TEXT_CELL] * (2 + gap) + table)
        result = smooth(body, chars, chars > 50, cells=cells)
        assert result[-len(table):].all() == kept and not result[2 : 2 + gap].any()


@pytest.mark.parametrize("width", [3, 4, 8])
def test_a_table_under_its_header_right_below_the_article_is_taken(width):
    # Found trying the README: a four-column standings table (position, driver, points,
    # wins) under its header, right after the article's last paragraph, stayed chrome;
    # the same table under a header of three cells was taken. The header is now part
    # of the table, so the table's reach counts from it; a header printed twice (8
    # cells: two rows of four) too.
    header = [TEXT_CELL] * width
    table = [NUMBER_CELL, TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 5
    body = np.array([1, 1] + [0] * (len(header) + len(table)), bool)
    chars = np.array([400, 400] + [5] * (len(header) + len(table)))
    cells = np.array([TEXT_CELL] * 2 + header + table)
    heads = np.array([0, 0] + [1] * len(header) + [0] * len(table), bool)
    assert smooth(body, chars, chars > 50, cells=cells, header=heads)[2:].all()
    # …and so it is with the article's paragraph hard-wrapped over its two lines
    units = np.ones(len(body), bool)
    units[1] = False
    assert smooth(body, chars, chars > 50, unit_start=units, cells=cells, header=heads)[2:].all()
    # Without header flags a header of more than max_join_gap (3) cells puts the
    # table out of the article's reach.
    assert smooth(body, chars, chars > 50, cells=cells)[-len(table):].all() == (width <= MAX_JOIN_GAP)


def test_a_table_header_is_at_most_two_rows_of_short_cells_right_above_it():
    page = (LABELS / "pages" / f"{PAGES['000'].stem}.txt").read_text(encoding="utf-8").splitlines()
    assert page[17].endswith("।") and page[18] == ""  # after the article's fifth paragraph
    head, rows = TABLE[:3], TABLE[3:]

    def kept(block):
        lines = page[:19] + block + [""] + page[19:]
        body = {r.line_no for r in explain("\n".join(lines)) if r.label == "body"}
        return [no in body for no in range(20, 20 + len(block))]

    # a header printed twice (a sticky copy over the first) is two rows: both join
    assert kept(head + head + rows) == [True] * (2 * len(head) + len(rows))
    # a third copy is no header: the table's reach from the article ends above two rows
    assert kept(head * 3 + rows)[: len(head)] == [False] * len(head)
    # a blank line parts a caption from the header, and a line of more than
    # TABLE_HEADER_MAX_WORDS words is no cell
    assert kept(["সারণি", ""] + head + rows)[:2] == [False, False]
    assert kept(["দেশভিত্তিক রপ্তানির হিসাব নিচের সারণিতে"] + head + rows)[0] is False


def test_the_trim_pass_does_not_look_into_the_next_page():
    # Page 1 ends in a short heading with a colon and nothing under it; page 2 begins
    # with a kept paragraph: together in one batch, the heading still introduces nothing.
    body = np.array([1, 1, 1], bool)
    lengths = np.array([400, 20, 400])
    paragraph = np.array([1, 0, 1], bool)
    first = np.array([1, 0, 1], bool)
    colon = np.array([0, 1, 0], bool)
    assert _smooth_pages(body, lengths, paragraph, first, Config(), None, colon, None)[0].tolist() == [True, False, True]


def test_the_near_pass_does_not_look_into_the_next_page():
    # Page 1 ends in a sentence two lines under its article, too far below it to join;
    # page 2 begins with a kept paragraph: together in one batch, the sentence stays out.
    body = np.array([1, 0, 0, 0, 1], bool)
    lengths = np.array([400, 20, 20, 150, 400])
    first = np.array([1, 0, 0, 0, 1], bool)
    near = np.array([0, 0, 0, 1, 0], bool)
    assert smooth(body[:4], lengths[:4], lengths[:4] > 50, near=near[:4]).tolist() == [True, False, False, False]
    together = _smooth_pages(body, lengths, lengths > 50, first, Config(), None, None, None, None, None, None, near)[0]
    assert together.tolist() == [True, False, False, False, True]


def test_of_two_spans_of_equal_weight_the_earlier_is_the_article():
    # A short line two lines above the first span, and a span of the same weight far
    # below it: the earlier span is the article, and the short line joins it from above.
    # When the later span weighs more, it is the article, and the short line is too far.
    body = np.array([1, 0, 0, 1, 0, 0, 0, 0, 0, 1], bool)
    for last, kept in ((100, True), (101, False)):
        chars = np.array([10, 5, 5, 100, 5, 5, 5, 5, 5, last])
        result = smooth(body, chars, chars > 50)
        assert result.tolist() == [kept, False, False, True] + [False] * 5 + [True], last


def test_a_far_span_of_exactly_the_share_of_the_article_is_kept():
    # FAR_SPAN_SHARE: a one-line span far from the article is kept at *at least* that share of its characters.
    gap = MAX_JOIN_GAP + 1
    body = np.array([1] + [0] * gap + [1], bool)
    for far, kept in ((round(FAR_SPAN_SHARE * 100), 1), (round(FAR_SPAN_SHARE * 100) - 1, 0)):
        chars = np.array([100] + [5] * gap + [far])
        assert smooth(body, chars, chars > 50).astype(int).tolist() == [1] + [0] * gap + [kept]


def test_a_table_whose_text_cells_are_hard_wrapped_is_found_as_the_same_table_unwrapped():
    # Name cells wrapped over two and three lines: line by line the kinds repeat with
    # no period, but with ``unit_start`` each wrapped cell is one cell and the rows
    # repeat, as they do unwrapped; the table under the article is kept either way.
    kinds = [TEXT_CELL, TEXT_CELL] + [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3 + [TEXT_CELL]
    wraps = [1, 1, 2, 1, 1, 3, 1, 1, 2, 1, 1, 1]
    unit_of = np.repeat(np.arange(len(wraps)), wraps)
    unit_start = np.concatenate([[True] + [False] * (w - 1) for w in wraps])
    body = np.array([1, 1] + [0] * 9 + [1], bool)  # the model: two paragraphs, the table, a paragraph
    chars = np.where(body, 200, 10)
    unwrapped = smooth(body, chars, body, cells=np.array(kinds))
    assert unwrapped.all()
    cells = np.array(kinds)[unit_of]
    assert not table_lines(cells, np.arange(len(cells)) == 0).any()  # no table line by line
    wrapped = smooth(body[unit_of], chars[unit_of], body[unit_of], unit_start=unit_start, cells=cells)
    assert wrapped.tolist() == unwrapped[unit_of].tolist()


def test_a_hard_wrapped_paragraph_ends_in_a_colon_as_its_last_line_does():
    # The trim pass takes a wrapped paragraph as one line, ending as its last line ends.
    body, chars, paragraph = np.ones(3, bool), np.array([100, 20, 20]), np.array([True, False, False])
    unit_start = np.array([True, True, False])
    trimmed = smooth(body, chars, paragraph, unit_start=unit_start, introduces=np.array([False, False, True]))
    assert trimmed.astype(int).tolist() == [1, 0, 0]  # a heading of nothing
    kept = smooth(body, chars, paragraph, unit_start=unit_start, introduces=np.array([False, True, False]))
    assert kept.astype(int).tolist() == [1, 1, 1]  # a colon inside it introduces nothing


def test_a_table_is_taken_up_to_the_join_gap_above_the_article_and_no_farther():
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    for gap, kept in ((MAX_JOIN_GAP, True), (MAX_JOIN_GAP + 1, False)):
        body = np.array([0] * (len(table) + gap) + [1, 1], bool)
        chars = np.array([5] * (len(table) + gap) + [400, 400])
        cells = np.array(table + [TEXT_CELL] * (gap + 2))
        result = smooth(body, chars, chars > 50, cells=cells)
        assert result[: len(table)].all() == kept and not result[len(table) : len(table) + gap].any()


def test_a_table_on_a_page_with_no_article_stays_chrome_beside_a_page_with_one():
    # Page 1 is a table and nothing the model kept; page 2, in the same batch, is one paragraph.
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    body = np.array([0] * len(table) + [1], bool)
    lengths = np.array([5] * len(table) + [400])
    first = np.array([1] + [0] * (len(table) - 1) + [1], bool)
    cells = table_lines(np.array(table + [TEXT_CELL]), first)
    result = _smooth_pages(body, lengths, lengths > 50, first, Config(), None, None, cells)[0]
    assert result.tolist() == [False] * len(table) + [True]


def test_a_table_on_a_page_with_no_article_stays_chrome_after_a_page_ending_in_its_article():
    # Page 1 is one paragraph; page 2, right after it in the batch, a table and nothing
    # the model kept: the previous page's article is not the table's.
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    body = np.array([1] + [0] * len(table), bool)
    lengths = np.array([400] + [5] * len(table))
    first = np.array([1, 1] + [0] * (len(table) - 1), bool)
    cells = table_lines(np.array([TEXT_CELL] + table), first)
    assert cells[1:].all()
    result = _smooth_pages(body, lengths, lengths > 50, first, Config(), None, None, cells)[0]
    assert result.tolist() == [True] + [False] * len(table)


def test_a_table_right_under_a_pages_first_line_joins_it_when_that_line_is_all_that_is_kept():
    # The article is the page's first line alone (the short line far below is too light
    # to keep): the table under it reaches into the article's span.
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    gap = MAX_JOIN_GAP + 2
    body = np.array([1] + [0] * (len(table) + gap) + [1], bool)
    lengths = np.array([400] + [5] * (len(table) + gap) + [20])
    cells = np.array([TEXT_CELL] + table + [TEXT_CELL] * (gap + 1))
    assert smooth(body, lengths, lengths > 50).astype(int).tolist() == [1] + [0] * (len(table) + gap + 1)
    result = smooth(body, lengths, lengths > 50, cells=cells)
    assert result.astype(int).tolist() == [1] * (1 + len(table)) + [0] * (gap + 1)


def test_a_table_far_above_the_article_of_a_later_page_in_a_batch_stays_chrome_as_alone():
    # Page 1 is one paragraph; page 2 a table, MAX_JOIN_GAP + 1 chrome lines and its
    # article: too far above its own article, the table stays chrome beside page 1 as
    # alone (each page's tables pass measures from its own article's first line).
    table = [TEXT_CELL, NUMBER_CELL, NUMBER_CELL] * 3
    gap = MAX_JOIN_GAP + 1
    page = [False] * (len(table) + gap) + [True, True]
    alone = smooth(np.array(page), np.array([5] * (len(table) + gap) + [400, 400]), np.array(page),
                   cells=np.array(table + [TEXT_CELL] * (gap + 2)))
    assert alone.tolist() == page
    body = np.array([True] + page)
    lengths = np.array([400] + [5] * (len(table) + gap) + [400, 400])
    first = np.zeros(len(body), bool)
    first[[0, 1]] = True
    cells = table_lines(np.array([TEXT_CELL] + table + [TEXT_CELL] * (gap + 2)), first)
    assert cells[1 : 1 + len(table)].all()
    result = _smooth_pages(body, lengths, lengths > 50, first, Config(), None, None, cells)[0]
    assert result.tolist() == [True] + alone.tolist()


@pytest.mark.parametrize(
    ("p_body", "repeated", "message"),
    [
        ([0.1], None, r"^p_body holds 1 probability for 2 lines \(line_nos\)"),
        ([0.1, 0.9, 0.5], None, r"^p_body holds 3 probabilities for 2 lines \(line_nos\)"),
        ([0.1, 0.9], [True], r"^repeated holds 1 value for 2 lines \(line_nos\)"),
        ([[0.1], [0.9]], None, r"^p_body takes one value per line \(line_nos\), not an array of shape \(2, 1\)"),
        ([0.1, 0.9], True, r"^repeated takes one value per line \(line_nos\), not an array of shape \(\)"),
    ],
)
def test_decide_from_probabilities_refuses_arrays_that_do_not_fit_the_lines(p_body, repeated, message):
    # One value per line of line_nos: a mask of one value was broadcast to every line
    # (each line repeated, the page emptied), and a short p_body failed deep in NumPy.
    lines = ["Menu", "A paragraph of running text that is long enough to count, and ends."]
    with pytest.raises(ValueError, match=message):
        decide_from_probabilities(lines, [1, 2], np.array(p_body), repeated=None if repeated is None else np.array(repeated))


def test_a_batch_holds_up_to_batch_pages_pages_and_batch_lines_lines():
    half = BATCH_LINES // 2
    assert list(_batches([])) == []
    assert list(_batches([half, BATCH_LINES - half])) == [range(0, 2)]  # exactly BATCH_LINES lines: one batch
    assert list(_batches([half, BATCH_LINES - half + 1])) == [range(0, 1), range(1, 2)]
    # a page longer than BATCH_LINES is a batch of its own, with no empty batch before it
    assert list(_batches([BATCH_LINES + 1, 1])) == [range(0, 1), range(1, 2)]
    # each batch counts its own lines
    assert list(_batches([BATCH_LINES, half, BATCH_LINES - half])) == [range(0, 1), range(1, 3)]
    assert list(_batches([1] * (BATCH_PAGES + 1))) == [range(0, BATCH_PAGES), range(BATCH_PAGES, BATCH_PAGES + 1)]


@pytest.mark.parametrize(
    ("repeated", "message"),
    [
        ([np.array([True]), None], r"^repeated\[0\] holds 1 value for 2 lines \(the page's non-blank lines\)"),
        ([np.True_, None], r"^repeated\[0\] takes one value per line, not an array of shape \(\)"),
        ([np.ones((2, 1), bool), None], r"^repeated\[0\] takes one value per line, not an array of shape \(2, 1\)"),
        ([None, np.array([True, False, True])], r"^repeated\[1\] holds 3 values for 2 lines"),
        ([], r"^repeated holds 0 masks for 2 pages; give one per page"),
        ([None, None, None], r"^repeated holds 3 masks for 2 pages; give one per page"),
        ([None], r"^repeated holds 1 mask for 2 pages; give one per page"),
    ],
)
def test_decide_pages_refuses_masks_that_do_not_fit_the_pages(repeated, message):
    # As decide_from_probabilities does: a mask of one value was broadcast to every
    # line of its page (each line repeated, the page emptied), a mask of another
    # length failed deep in NumPy, and a list of masks too short gave an IndexError.
    lines = ["Menu", "", "A paragraph of running text that is long enough to count, and ends."]
    pages = [lines, lines]
    assert decide_pages(pages, None, repeated=[None, np.array([False, False])])[0].body[1]  # the test can fail
    with pytest.raises(ValueError, match=message):
        decide_pages(pages, None, repeated=repeated)


def test_decide_pages_counts_one_page_and_one_line_in_the_singular():
    lines = ["A paragraph of running text that is long enough to count, and ends."]
    with pytest.raises(ValueError, match=r"^repeated holds 2 masks for 1 page; give one per page"):
        decide_pages([lines], None, repeated=[None, None])
    with pytest.raises(ValueError, match=r"^repeated\[0\] holds 2 values for 1 line \(the page's non-blank lines\)"):
        decide_pages([lines], None, repeated=[np.array([True, False])])


@pytest.mark.parametrize(
    ("line_nos", "message"),
    [
        ([1, 3, 9], r"^line_nos holds 9, which is not the number of a non-blank line of the 4 lines"),
        ([0, 1, 3], r"^line_nos holds 0, which is not the number of a non-blank line of the 4 lines"),
        ([1, 2, 3], r"^line_nos holds 2, which is not the number of a non-blank line of the 4 lines"),
        ([3, 1, 4], r"^line_nos must be in increasing order"),
        ([1, 3, 3], r"^line_nos must be in increasing order"),
    ],
)
def test_decide_from_probabilities_refuses_line_numbers_that_are_not_the_pages_non_blank_lines(line_nos, message):
    # A number past the page failed with a bare IndexError; 0 silently took the last
    # line (lines[-1]), and a blank line was decided on and could come out as a kept line.
    lines = ["Menu", "", "A paragraph of running text that is long enough to count, and ends.", "Footer"]
    with pytest.raises(ValueError, match=message):
        decide_from_probabilities(lines, line_nos, np.array([0.1, 0.9, 0.2]))
    assert decide_from_probabilities(lines, np.array([1, 3, 4]), np.array([0.1, 0.9, 0.2])).body.tolist() == [False, True, False]


def test_decide_from_probabilities_refuses_the_number_of_a_line_blank_but_for_invisible_characters():
    # Blank as non_blank_line_nos calls it: white space and invisible format characters only.
    lines = ["Menu", "\u200b\u00a0", "A paragraph of running text that is long enough to count, and ends."]
    assert non_blank_line_nos(lines) == [1, 3]
    with pytest.raises(ValueError, match=r"^line_nos holds 2, which is not the number of a non-blank line of the 3 lines"):
        decide_from_probabilities(lines, [1, 2, 3], np.array([0.1, 0.9, 0.9]))


def test_decide_from_probabilities_takes_a_config_as_the_cleaning_functions_do():
    with pytest.raises(TypeError, match=r"^config= takes a Config, not dict"):
        decide_from_probabilities(["Menu"], [1], np.array([0.1]), config={"threshold": 0.6})


def test_the_readmes_numbers_for_the_passes_are_the_modules():
    # The tests read the numbers from the module, so they follow any change of them; the
    # README's How it works states them, and this pins the two together.
    from boilerplate.cleaner import MAX_FILL_GAP, PARAGRAPH_WORDS, THRESHOLD

    steps = " ".join(readme_section("3. **Cleaner.**", "\n4. ").split())
    words = {1: "one", 2: "two", 3: "three"}
    assert f"lines with probability ≥ {THRESHOLD:g} are the model's body lines" in steps
    assert f"*fill*: {words[MAX_FILL_GAP]} chrome line lying between two body paragraphs (≥ {PARAGRAPH_WORDS} words each)" in steps
    assert f"gaps of at most {MAX_JOIN_GAP} chrome lines above it and {MAX_JOIN_GAP_BELOW} below it" in steps
    assert f"(≥ {FAR_SPAN_LINES} lines, or ≥ {FAR_SPAN_SHARE:.0%} of the characters" in steps
    assert f"at least {CODE_GAP_SHARE:.0%} of them are code" in steps
    assert f"*near*: a sentence (≥ {NEAR_MIN_WORDS} words ending in a sentence end)" in steps
    assert f"probability of at least {THRESHOLD - NEAR_MARGIN:g} (the threshold less {NEAR_MARGIN:g}:" in steps
    assert f"most {words[LIST_ITEM_GAP]} line between two numbered items (`cleaner.LIST_ITEM_GAP`" in steps


def test_the_fill_pass_fills_between_paragraphs_of_paragraph_words_and_not_fewer():
    # Gap tests used long paragraphs: the bound (>= PARAGRAPH_WORDS) made strict, or
    # moved, went unseen.
    from boilerplate.cleaner import PARAGRAPH_WORDS

    for n, filled in ((PARAGRAPH_WORDS, True), (PARAGRAPH_WORDS - 1, False)):
        paragraphs = [" ".join(f"w{k}" for k in range(start, start + n)) + "." for start in (0, 100)]
        assert [word_count(p) for p in paragraphs] == [n, n]
        # the gap's words are the paragraphs' (w1 w101): the cohesion pass keeps what the fill pass took in
        page = ["Menu", paragraphs[0], "w1 w101", paragraphs[1], "Footer"]
        decision = decide_from_probabilities(page, [1, 2, 3, 4, 5], np.array([0.05, 0.9, 0.05, 0.9, 0.05]))
        assert decision.body.tolist() == [False, True, filled, True, False], n
