"""Date shapes: the batch search finds exactly the lines the one-line rule accepts."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boilerplate.dates import _TRIM, NAMES, date_lines, has_date_shape

# Tokens that make and break date shapes: names in both normal forms and in any
# case, names glued into longer words, digits of two scripts, clock times and the
# separators the names are trimmed of.
_NAMES = sorted(NAMES)
_NAME = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES).map(str.upper),
    st.sampled_from(_NAMES).map(lambda w: unicodedata.normalize("NFD", w)),
    st.sampled_from(_NAMES).map(lambda w: w.replace("\u09af\u09bc", "\u09df").replace("\u09a2\u09bc", "\u09dd")),
    st.sampled_from(_NAMES).map(lambda w: w + "s"),
    # İ lower-cases to i and a combining dot: FRİDAY is no name
    st.sampled_from(_NAMES).map(lambda w: w.upper().replace("I", "\u0130")),
)
_OTHER = st.one_of(
    st.sampled_from(["3", "২৭", "2024", "১৮:৩৫", "9:02", "12 : 30", "(", ")", ",", "|", "—", "mayor", "sunday's"]),
    # the batch joins the lines with " \x00 " and reads them as one text: a NUL, white
    # space of other kinds, a full-width colon and another script's digits in a line
    st.sampled_from(["\x00", "9\x00", "\u2028", "\x85", "\x1c", "\t", "\n", "১৮：৩৫", "9 ：02", "٣", "১২:", ":৩০"]),
    st.text(max_size=6),
)
# A name beside a number is what the name rule looks for: make it common.
_TOKEN = st.one_of(_NAME, _OTHER, st.tuples(_NAME, st.sampled_from(["3,", "(২৭)", "2024"])).map(" ".join))
_LINE = st.lists(_TOKEN, max_size=8).flatmap(
    lambda tokens: st.sampled_from([" ", ", ", " | ", "\u00a0", "\u3000", "\n", "\u2028"]).map(lambda sep: sep.join(tokens))
)


@given(st.lists(_LINE, max_size=12))
def test_date_lines_finds_exactly_the_date_shaped_lines(lines):
    expected = [i for i, line in enumerate(lines) if has_date_shape(line)]
    assert date_lines(lines).tolist() == expected
    # Candidates and colon hints narrow the search, never change a line's answer.
    odd = [i for i in range(len(lines)) if i % 2]
    colon = [i for i, line in enumerate(lines) if ":" in line or "：" in line]
    assert date_lines(lines, odd, colon).tolist() == [i for i in expected if i % 2]


# ড় ঢ় য় are composition exclusions: NFC and NFD both spell them as a letter and a
# nukta, but pages often hold the single code points U+09DC, U+09DD, U+09DF.
_NUKTA_LETTERS = {"\u09a1\u09bc": "\u09dc", "\u09a2\u09bc": "\u09dd", "\u09af\u09bc": "\u09df"}


def test_bengali_names_with_a_nukta_letter_as_one_code_point_are_names():
    spelled = [w for w in _NAMES if any(pair in w for pair in _NUKTA_LETTERS)]
    assert spelled  # জানুয়ারি, ফেব্রুয়ারি, আষাঢ়, অগ্রহায়ণ, …
    for word in spelled:
        for pair, letter in _NUKTA_LETTERS.items():
            word = word.replace(pair, letter)
        line = f"২৭ {word} ২০২৪"
        assert has_date_shape(line), ascii(line)
        assert date_lines(["gone", line]).tolist() == [1]


def test_names_in_either_normal_form_are_names():
    decomposed = [unicodedata.normalize("NFD", w) for w in _NAMES if unicodedata.normalize("NFD", w) != w]
    assert decomposed  # ো, ৌ and the nukta letters
    for word in decomposed:
        line = f"২৭ {word} ২০২৪"
        assert has_date_shape(line), ascii(line)
        assert date_lines(["gone", line]).tolist() == [1]


@pytest.mark.parametrize(
    "line, shaped",
    [
        ("২৭ এপ্রিল", True),  # the number before the name only
        ("Updated 3 May", True),
        ("মে, ২০২৪", True),  # punctuation trimmed off the name
        ("(Sunday) 4", True),
        # a date bar's separators glued to the name are trimmed off it too
        ("Sunday| 4", True),
        ("Sunday– 4", True),
        ("Sunday— 4", True),
        ("/Sunday 4", True),
        ("‘Sunday’ 4", True),
        ("(‘Sunday’), 4", True),  # trimmed of several characters on either side
        ("রোববার ১০টায়", True),  # Sunday as Bangladeshi papers spell it, beside রবিবার
        ("২৭ জন মে মাসে ১০ দিন", False),  # numbers two tokens away are not beside the name
    ],
)
def test_a_name_beside_a_number_on_either_side_has_a_date_shape(line, shaped):
    assert has_date_shape(line) is shaped
    assert date_lines(["gone", line]).tolist() == ([1] if shaped else [])


@pytest.mark.parametrize(
    "line",
    # the other spellings and short forms the names list beside the usual ones
    ["Sept 3", "Tues 4", "Thur 5", "২৭ আগষ্ট", "১ জানুয়ারী", "২ ফেব্রুয়ারী", "১৫ জৈষ্ঠ্য", "৩০ চৈত্র"],
)
def test_a_names_other_spellings_beside_a_number_have_a_date_shape(line):
    assert has_date_shape(line)
    assert date_lines(["gone", line]).tolist() == [1]


@pytest.mark.parametrize(
    "line, shaped",
    [
        ("আপডেট ১৮ : ৩৫", True),  # spaces around the colon allowed
        ("আপডেট ১৮：৩৫", True),  # a full-width colon
        ("আপডেট ১৮ ： ৩৫", True),  # and spaces around it
        ("Psalm 119:10", False),  # three digits before the colon: a verse, no time
        ("Scale 1:250000", False),  # more than two digits after it: a map's scale
        ("Bayern – Dortmund 3:1", False),  # one digit after it: a score
    ],
)
def test_a_clock_time_is_one_or_two_digits_a_colon_and_two_digits(line, shaped):
    assert has_date_shape(line) is shaped
    assert date_lines(["gone", line], with_colon=[1]).tolist() == ([1] if shaped else [])


def test_date_lines_keeps_its_place_after_a_line_that_holds_a_line_break():
    lines = ["May\n3, 2024", "gone", "June 4"]
    assert date_lines(lines).tolist() == [0, 2]


def test_lower_casing_keeps_each_characters_place_and_what_date_lines_reads_of_it():
    # date_lines lower-cases its lines joined into one text and maps what it finds there
    # back to the lines by position: each character must lower-case to one character
    # (but İ, which date_lines replaces first) that is white space, a digit or a trimmed
    # character (_TRIM) exactly when the character itself is.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert len(every.lower()) == len(every) + 1  # İ: i and a combining dot
    low = every.replace("\u0130", "\x00").lower()
    assert len(low) == len(every)
    for pattern in (r"\s", r"\d", "[" + re.escape(_TRIM) + "]"):
        assert [m.start() for m in re.finditer(pattern, low)] == [m.start() for m in re.finditer(pattern, every)]


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["FR\u0130DAY 3", "Friday 3"], [1]),  # İ lower-cases to two characters: no name, and no shift
        (["\u0130" * 8, "May 3", "gone"], [1]),  # nor a shift of the lines after it
        (["3 may", "x\x00may 3"], [0]),  # a NUL in a line is no joint
        (["12", ":30 pm"], []),  # a clock time does not run across two lines
        (["it is 12", "May"], []),  # nor a date
        (["May", "3 of them"], []),
        (["May\u20283", "3\x85June"], [0, 1]),  # line breaks of other kinds split tokens
    ],
)
def test_date_lines_reads_each_line_on_its_own(lines, expected):
    assert [i for i, line in enumerate(lines) if has_date_shape(line)] == expected
    assert date_lines(lines).tolist() == expected
    assert date_lines(lines[::-1]).tolist() == [len(lines) - 1 - i for i in reversed(expected)]


def test_only_the_lines_given_as_holding_a_colon_are_tested_for_a_clock_time():
    lines = ["at 9:02", "at 9:02", "May 3 at 9:02"]
    assert date_lines(lines, with_colon=[1]).tolist() == [1, 2]  # line 2 by its name
    assert date_lines(lines, with_colon=[]).tolist() == [2]
