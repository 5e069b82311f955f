"""Date and time shapes: the date bars, publish times and update stamps of news pages.

A line has a *date shape* when it holds a clock time (``১৮:৩৫``, ``9:02``) or a month
or weekday name next to a number (``২৭ এপ্রিল ২০২৪``, ``May 3, 2024``). Names are
matched on white-space tokens with punctuation trimmed, in either Unicode normal
form or with ড় ঢ় য় as single code points (``জানুয়ারি`` as U+09DF or as য and a
nukta), never with ``\\w`` or ``\\b`` (Bengali vowel signs are not ``\\w``); lower-casing
changes only the Latin names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np


_BENGALI_MONTHS = (
    "জানুয়ারি জানুয়ারী ফেব্রুয়ারি ফেব্রুয়ারী মার্চ এপ্রিল মে জুন জুলাই আগস্ট আগষ্ট "
    "সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর "
    # the Bengali calendar, printed beside the Gregorian date on Bangladeshi sites
    "বৈশাখ জ্যৈষ্ঠ জৈষ্ঠ্য আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র"
)
_BENGALI_WEEKDAYS = "শনিবার রবিবার রোববার সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার"  # রোববার: Sunday as Bangladeshi papers spell it
_ENGLISH_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_ENGLISH_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur fri sat sun"
)

NAMES = frozenset(
    unicodedata.normalize("NFC", w)
    for w in f"{_BENGALI_MONTHS} {_BENGALI_WEEKDAYS} {_ENGLISH_MONTHS} {_ENGLISH_WEEKDAYS}".split()
)

# \d in a str pattern matches every script's decimal digits, Bengali included.
_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s?[:：]\s?\d{2}(?!\d)")
_TRIM = ",.;:|()[]{}'\"‘’“”-–—/"


# ড় ঢ় য় (U+09DC, U+09DD, U+09DF) are composition exclusions: NFC and NFD both spell
# them as a letter and a nukta, yet pages often hold the single code point.
_COMPOSED = {
    unicodedata.normalize("NFD", c): c for c in map(chr, range(0x0980, 0x0A00)) if unicodedata.normalize("NFC", c) != c
}


def _composed(word: str) -> str:
    for pair, letter in _COMPOSED.items():
        word = word.replace(pair, letter)
    return word


# Names in both Unicode normal forms and with ড় ঢ় য় as single code points,
# lower-cased: lower-casing only changes the Latin names, the only cased ones listed.
_NAME_KEYS = frozenset(
    spelling.lower()
    for w in NAMES
    for spelling in (w, unicodedata.normalize("NFD", w), _composed(w))
)
_HAS_DIGIT = re.compile(r"\d")


def has_date_shape(line: str) -> bool:
    """True for a clock time, or a month/weekday name beside a number.

    >>> has_date_shape("শনিবার, ২৭ এপ্রিল ২০২৪"), has_date_shape("২৮ মার্চ ২০২৪, ১৮:৩৫")
    (True, True)
    >>> has_date_shape("Updated May 3, 2024"), has_date_shape("মে দিবসের শোভাযাত্রা")
    (True, False)
    """
    return bool(_CLOCK.search(line)) or _has_named_date(line)


def _has_named_date(line: str) -> bool:
    """A month or weekday name beside a number (:func:`has_date_shape` less the clock)."""
    tokens = line.split()
    for i, token in enumerate(tokens):
        if token.strip(_TRIM).lower() in _NAME_KEYS:
            if any(_HAS_DIGIT.search(t) for t in tokens[max(0, i - 1) : i + 2]):
                return True
    return False


# The same test over many lines, on one text that joins them: a regular expression
# looks for the shapes in the whole text at once (it skips ahead fast to the character
# a match starts with, where a line at a time would pay its start-up cost on every
# line), and the places it finds are mapped back to their lines. The joint " \x00 "
# keeps each match inside its line: the NUL is no white space, digit, colon or letter
# of a name, so the spaces around it end the last token of one line and start the
# first of the next, as a line's own ends do, and the NUL is a token between them that
# is no name and holds no digit.
_JOINT = " \x00 "

# A clock time (_CLOCK) holds a colon and two digits after it: only the lines holding
# those get the full test.
_COLON_DIGITS = re.compile(r":\s?\d{2}")
_WIDE_COLON_DIGITS = re.compile(r"：\s?\d{2}")


def _alternatives(words: Iterable[str]) -> str:
    """A pattern for any of ``words``, as a tree of their shared beginnings.

    The re module tries the branches of ``a|b|…`` one by one: spelt as a tree, a place
    in the text is tried against a word's first letter once, not once per word.

    >>> _alternatives(["may", "mar", "march"])
    'ma(?:r(?:ch)?|y)'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def spelt(node: dict) -> str:
        branches = [re.escape(ch) + spelt(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return spelt(tree)


# A name beside a number: a name token after a white space character (a name with
# trimmed characters, _TRIM, on either side), then a token holding a digit right after
# it (_DIGIT_TOKEN_NEXT) or right before it (the same pattern on the reversed text). A
# name token holds no digit, so the tokens beside it are the only ones that can make it
# a date, as in _has_named_date. Matched on the lower-cased text.
# (The look-ahead for a name's first letter only saves time: most tokens fail it.)
_TRIMMED = "[" + re.escape(_TRIM) + "]*+"
_FIRST_LETTERS = "[" + re.escape("".join(sorted({name[0] for name in _NAME_KEYS}))) + "]"
_NAME_TOKEN = re.compile(rf"\s{_TRIMMED}(?={_FIRST_LETTERS})(?:{_alternatives(_NAME_KEYS)}){_TRIMMED}(?!\S)")
_DIGIT_TOKEN_NEXT = re.compile(r"\s++[^\s\d]*+\d")


def date_lines(
    lines: Sequence[str], candidates: Iterable[int] | None = None, with_colon: Iterable[int] | None = None
) -> np.ndarray:
    """Indices of the lines that :func:`has_date_shape` accepts.

    ``candidates`` (indices) limits the search, e.g. to the lines that hold a digit;
    ``with_colon``, if given, are the lines that hold a colon, ``:`` or ``：`` (only they
    can hold a clock time; another line is not tested for one).

    >>> date_lines(["শনিবার, ২৭ এপ্রিল ২০২৪", "মে দিবসের শোভাযাত্রা", "at 9:02", "gone"]).tolist()
    [0, 2]
    >>> date_lines(["gone", "May\\n3, 2024"]).tolist()  # lines with line breaks of their own
    [1]
    """
    indices = np.asarray(list(range(len(lines)) if candidates is None else candidates), dtype=np.int64)
    texts = [lines[i] for i in indices.tolist()]
    text = _JOINT + _JOINT.join(texts)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + len(_JOINT))

    def lines_at(positions: list[int]) -> set[int]:
        # ends[k] is where texts[k] ends in text
        return set(indices[np.searchsorted(ends, positions, side="right")].tolist())

    colons = [m.start() for m in _COLON_DIGITS.finditer(text)]
    if "：" in text:
        colons += [m.start() for m in _WIDE_COLON_DIGITS.finditer(text)]
    maybe = lines_at(colons)
    if with_colon is not None:
        maybe.intersection_update(with_colon)
    found = {i for i in maybe if _CLOCK.search(lines[i])}
    # Lower-casing keeps the length of the text, its white space and its digits (checked
    # in the tests), but for İ, which lower-cases to i and a combining dot: a token holding
    # it is no name, as it is none with a NUL in its place.
    low = text.lower()
    if len(low) != len(text):
        low = text.replace("\u0130", "\x00").lower()
    backwards = low[::-1]
    last = len(low) - 1
    names = [
        m.end() - 1
        for m in _NAME_TOKEN.finditer(low)
        if _DIGIT_TOKEN_NEXT.match(low, m.end()) or _DIGIT_TOKEN_NEXT.match(backwards, last - m.start())
    ]
    found.update(lines_at(names))
    return np.asarray(sorted(found), dtype=np.int64)
