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


# The same test over many lines: only lines with a digit can hold a date; of those,
# a cheap look for any name picks the few that get the full test.
_SEPARATORS = re.compile("[" + re.escape(_TRIM) + "]")


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
    indices = list(range(len(lines)) if candidates is None else candidates)
    colon = None if with_colon is None else set(with_colon)
    found = {i for i in indices if (colon is None or i in colon) and _CLOCK.search(lines[i])}
    # Names: separators out and lower case for all lines in one go (a line break
    # cannot come out of either, so the text splits back into the lines); only
    # lines holding one of the names get the full test.
    lowered = _SEPARATORS.sub(" ", "\n".join([lines[i] for i in indices])).lower().split("\n")
    if len(lowered) != len(indices):  # a "line" held a line break of its own
        lowered = [_SEPARATORS.sub(" ", lines[i]).lower().replace("\n", " ") for i in indices]
    # A line not found yet holds no clock time (or has no colon for one): only its names
    # are left to test.
    found.update(
        i
        for i, low in zip(indices, lowered)
        if i not in found and not _NAME_KEYS.isdisjoint(low.split()) and _has_named_date(lines[i])
    )
    return np.asarray(sorted(found), dtype=np.int64)
