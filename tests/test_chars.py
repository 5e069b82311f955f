"""Character classes of the batch featurizer against the rules of boilerplate.text."""

from __future__ import annotations

import numpy as np
import pytest

from boilerplate import chars as C
from boilerplate.text import NUMBER_MARK_CHARS, char_classes, has_letters, is_digit_char, is_unspaced_letter


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
        ("・", C.PUNCT),  # katakana middle dot: the separator of Japanese menus
        ("゠", C.PUNCT),  # katakana-hiragana double hyphen
        ("゛", C.PUNCT),  # the spacing voicing mark is a symbol (Sk)
        ("\u3099", C.OTHER),  # the combining voicing mark is a mark, like the Bengali ones
        ("：", C.COLON),
        (":", C.COLON),
        ("–", C.NUMBER_MARK),
        ("।", C.PUNCT),
        ("”", C.PUNCT),
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
        assert (cat in (C.LATIN, C.UNSPACED, C.LETTER)) == has_letters(ch), hex(code)
        assert (cat == C.LATIN) == (latin == 1), hex(code)
        assert (cat == C.UNSPACED) == is_unspaced_letter(ch), hex(code)
        assert (cat in (C.PUNCT, C.COLON, C.NUMBER_MARK)) == (punct == 1), hex(code)
        assert (cat in (C.COLON, C.NUMBER_MARK)) == (ch in NUMBER_MARK_CHARS), hex(code)
