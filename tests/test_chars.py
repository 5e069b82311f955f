"""Character classes of the batch featurizer against the rules of boilerplate.text."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerplate import chars as C
from boilerplate.text import CODE_CHARS, HAN_KANA, NUMBER_MARK_CHARS, char_classes, has_letters, is_digit_char, is_unspaced_letter, unspaced_script


@pytest.mark.parametrize(
    "ch, category",
    [
        (" ", C.ASCII_SPACE),
        ("\u00a0", C.OTHER_SPACE),
        ("\u3000", C.OTHER_SPACE),  # ideographic space
        ("a", C.LATIN),
        ("ক", C.LETTER),
        ("া", C.OTHER),  # Bengali vowel sign: a mark, counted with its letter
        ("্", C.OTHER),  # virama
        ("\u200d", C.OTHER),  # zero width joiner
        ("৭", C.DIGIT),
        ("٧", C.DIGIT),
        ("東", C.UNSPACED),
        ("カ", C.UNSPACED),
        ("ー", C.UNSPACED),  # the prolonged sound mark is a letter (Lm)
        ("々", C.UNSPACED),  # the iteration mark (人々)
        ("〆", C.UNSPACED),  # the closing mark (〆切), a letter (Lo) beside the CJK punctuation
        ("ก", C.UNSPACED_BRAHMIC),  # Thai
        ("ำ", C.UNSPACED_BRAHMIC),  # Thai sara am is a letter (Lo)
        ("ั", C.OTHER),  # Thai vowel sign: a mark, as the Bengali ones
        ("ລ", C.UNSPACED_BRAHMIC),  # Lao
        ("ཀ", C.UNSPACED_BRAHMIC),  # Tibetan
        ("က", C.UNSPACED_BRAHMIC),  # Myanmar
        ("ក", C.UNSPACED_BRAHMIC),  # Khmer
        ("្", C.OTHER),  # Khmer coeng (subscript sign): a mark
        ("ሰ", C.LETTER),  # Ethiopic is written with spaces
        ("។", C.PUNCT),  # Khmer khan: a sentence end
        ("・", C.PUNCT),  # katakana middle dot: the separator of Japanese menus
        ("゠", C.PUNCT),  # katakana-hiragana double hyphen
        ("゛", C.PUNCT),  # the spacing voicing mark is a symbol (Sk)
        ("\u3099", C.OTHER),  # the combining voicing mark is a mark, like the Bengali ones
        ("\U00010000", C.LETTER),  # a Linear B letter, the first code point past the tables
        ("：", C.COLON),
        (":", C.COLON),
        ("–", C.NUMBER_MARK),
        ("।", C.PUNCT),
        ("”", C.PUNCT),
        ("{", C.CODE),
        ("=", C.CODE),
        ("│", C.CODE),  # box drawing, as psql draws its tables
        ("|", C.PUNCT),  # the separator of menus and date bars is no code symbol
        ("#", C.NUMBER_MARK),
    ],
)
def test_category_of_a_character(ch, category):
    assert C.encode([ch]).categories.tolist() == [category]


def test_every_bmp_character_is_classed_as_the_text_rules_class_it():
    codes = np.arange(0x10000)
    categories = C._tables()[0]
    for code in codes.tolist():
        ch = chr(code)
        cat = int(categories[code])
        digits, latin, punct = char_classes(ch)
        assert (cat <= C.OTHER_SPACE) == ch.isspace(), hex(code)
        assert (cat == C.DIGIT) == is_digit_char(ch) == (digits == 1), hex(code)
        assert (cat in (C.LATIN, C.UNSPACED, C.UNSPACED_BRAHMIC, C.LETTER)) == has_letters(ch), hex(code)
        assert (cat == C.LATIN) == (latin == 1), hex(code)
        assert (cat in (C.UNSPACED, C.UNSPACED_BRAHMIC)) == is_unspaced_letter(ch), hex(code)
        assert (cat == C.UNSPACED) == (unspaced_script(ch) == HAN_KANA), hex(code)
        assert (cat in (C.PUNCT, C.CODE, C.COLON, C.NUMBER_MARK)) == (punct == 1), hex(code)
        assert (cat == C.CODE) == (ch in CODE_CHARS), hex(code)
        assert (cat in (C.COLON, C.NUMBER_MARK)) == (ch in NUMBER_MARK_CHARS), hex(code)


def test_every_bmp_characters_flags_and_cells_are_those_of_the_text_rules():
    import re

    from boilerplate.text import CLOSING_CHARS, FORMAT_RANGES, SENTENCE_END_CHARS, VARIATION_SELECTOR_RANGES, display_width

    # What may follow a sentence end and still leave it one (text.ends_sentence).
    closing = re.compile("[" + re.escape(CLOSING_CHARS) + FORMAT_RANGES + VARIATION_SELECTOR_RANGES + "]")
    flags = C._tables()[1]
    cells = C._CELLS.take(flags)
    for code in range(0x10000):
        ch = chr(code)
        f = int(flags[code])
        assert bool(f & C.END) == (ch in SENTENCE_END_CHARS), hex(code)
        assert bool(f & C.CLOSING) == bool(closing.fullmatch(ch)), hex(code)
        assert bool(f & C.IS_LETTER) == has_letters(ch), hex(code)
        assert int(cells[code]) == display_width(ch), hex(code)


def test_format_ranges_hold_every_format_character_and_nothing_else():
    import re
    import sys
    import unicodedata

    from boilerplate.text import FORMAT_RANGES

    in_ranges = re.compile("[" + FORMAT_RANGES + "]")
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        if category == "Cf":
            assert in_ranges.match(chr(code)), hex(code)
        elif in_ranges.match(chr(code)):
            assert category == "Cn", hex(code)  # a format character of a later Unicode


# The format characters text.INVISIBLE_RANGES documents as standing alone at line ends, by name.
_DOCUMENTED_INVISIBLE = [
    "SOFT HYPHEN", "ARABIC LETTER MARK", "MONGOLIAN VOWEL SEPARATOR", "ZERO WIDTH SPACE", "ZERO WIDTH NON-JOINER",
    "ZERO WIDTH JOINER", "LEFT-TO-RIGHT MARK", "RIGHT-TO-LEFT MARK", "LEFT-TO-RIGHT EMBEDDING", "RIGHT-TO-LEFT EMBEDDING",
    "POP DIRECTIONAL FORMATTING", "LEFT-TO-RIGHT OVERRIDE", "RIGHT-TO-LEFT OVERRIDE", "LEFT-TO-RIGHT ISOLATE",
    "RIGHT-TO-LEFT ISOLATE", "FIRST STRONG ISOLATE", "POP DIRECTIONAL ISOLATE", "WORD JOINER", "FUNCTION APPLICATION",
    "INVISIBLE TIMES", "INVISIBLE SEPARATOR", "INVISIBLE PLUS", "ZERO WIDTH NO-BREAK SPACE",
]


def test_every_documented_invisible_character_is_stripped_from_a_lines_ends():
    import unicodedata

    from boilerplate.text import is_blank, strip_line

    for name in _DOCUMENTED_INVISIBLE:
        ch = unicodedata.lookup(name)
        assert strip_line(f"{ch}سلام{ch}") == "سلام" and is_blank(ch), name


def test_every_documented_variation_selector_is_one():
    # text.VARIATION_SELECTOR_RANGES: Mongolian's free variation selectors, U+FE00-U+FE0F
    # and U+E0100-U+E01EF.
    import unicodedata

    from boilerplate.text import is_variation_selector

    names = [f"MONGOLIAN FREE VARIATION SELECTOR {n}" for n in ("ONE", "TWO", "THREE", "FOUR")]
    names += ["VARIATION SELECTOR-1", "VARIATION SELECTOR-16", "VARIATION SELECTOR-17", "VARIATION SELECTOR-256"]
    assert all(is_variation_selector(unicodedata.lookup(name)) for name in names)


def test_the_invisible_characters_stripped_from_line_ends_are_format_characters():
    import unicodedata

    from boilerplate.text import CONTROL_RANGES, EDGE_CHARS, INVISIBLE_RANGES, _expand

    invisible = _expand(INVISIBLE_RANGES)
    assert invisible and all(unicodedata.category(ch) == "Cf" for ch in invisible)
    # and the control characters: every one that is not white space
    controls = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()}
    assert set(_expand(CONTROL_RANGES)) == controls
    assert set(EDGE_CHARS) == set(invisible) | controls | {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_code_symbols_are_the_documented_ones():
    # text.CODE_CHARS as its docstring and the README list them: braces and brackets,
    # ; = < > _ ` ~ ^, the backslash and the Box Drawing block; none of the signs prose,
    # prices and menus use.
    import unicodedata

    box = {chr(c) for c in range(0x2500, 0x2580)}
    assert all(unicodedata.name(ch).startswith("BOX DRAWINGS") for ch in box)
    assert set(CODE_CHARS) == set("{}[];=<>_`~^\\") | box
    assert not set(CODE_CHARS) & set("|$#()/\"'“”‘’")


@pytest.mark.parametrize(
    "lines",
    [
        ["ক\udcff খ", "\ud800"],  # lone surrogates, as surrogateescape decoding leaves them
        ["a\x00", "\x00\x00"],  # NULs, also at the end of the text
        ["😀 東京", "", "x"],  # astral characters and an empty line
        ["", ""],
        [],
    ],
)
def test_encode_keeps_every_code_point_of_the_lines(lines):
    b = C.encode(lines)
    assert b.codes.tolist() == [ord(ch) for ch in "".join(lines)]
    assert b.lengths.tolist() == [len(line) for line in lines]
    # each line's first character, and the line of each character (no line, no start)
    assert b.starts.tolist() == [len("".join(lines[:i])) for i in range(len(lines))]
    assert b.line_of.tolist() == [i for i, line in enumerate(lines) for _ in line]


def test_counting_categories_leaves_the_batchs_counts_as_they_were():
    # Batch.count sums columns of the counts: a query, asked again, gives the same answer.
    b = C.encode(["ক১ a.", "x খ"])
    letters = b.count(C.LETTER).tolist()
    assert b.count(C.LETTER, C.LATIN).tolist() == b.count(C.LETTER, C.LATIN).tolist() == [2, 2]
    assert b.count(C.LETTER).tolist() == letters == [1, 1]


def test_encode_gives_every_bmp_character_the_tables_category_and_flags():
    # encode reads both from one packed table (category low, flags high)
    b = C.encode(["".join(map(chr, range(0x10000)))])
    categories, flags = C._tables()
    assert b.categories.tolist() == categories.tolist() and b.flags.tolist() == flags.tolist()


def test_astral_characters_are_classed_once_per_distinct_code_point(monkeypatch):
    # The tables cover the Basic Multilingual Plane; each astral character (emoji,
    # CJK Extension B) was classed by two Python calls of its own: a 10 MB line of
    # Extension B took 3 s to clean instead of 0.2 s.
    lines = ["😀 \U00020000 " * 500, "a 😀 🇧🇩", "\U0010ffff"]
    expected = C.encode(lines)
    calls = []
    category, flags = C._category, C._flags
    monkeypatch.setattr(C, "_category", lambda code: calls.append(code) or category(code))
    monkeypatch.setattr(C, "_flags", lambda code: calls.append(code) or flags(code))
    b = C.encode(lines)
    assert sorted(calls) == sorted(2 * [ord(c) for c in "😀\U00020000🇧🇩\U0010ffff"])
    assert b.categories.tolist() == expected.categories.tolist() == [C._category(ord(c)) for c in "".join(lines)]
    assert b.flags.tolist() == expected.flags.tolist() == [C._flags(ord(c)) for c in "".join(lines)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8), st.integers(1, 20))
def test_encoding_a_chunk_at_a_time_gives_what_encoding_at_once_gives(lines, chunk):
    # chunks end anywhere, inside a line too: each line's counts add up across them
    whole = C.encode(lines)
    saved = C.ENCODE_CHUNK_CHARS
    C.ENCODE_CHUNK_CHARS = chunk
    try:
        parts = C.encode(lines)
    finally:
        C.ENCODE_CHUNK_CHARS = saved
    for field in ("codes", "categories", "flags", "starts", "lengths", "line_of", "counts"):
        np.testing.assert_array_equal(getattr(parts, field), getattr(whole, field), err_msg=field)
    for i, line in enumerate(lines):
        assert whole.counts[i].tolist() == np.bincount([C._category(ord(ch)) for ch in line], minlength=C.N_CATEGORIES).tolist()
