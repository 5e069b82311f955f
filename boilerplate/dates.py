"""Date and time shapes: the date bars, publish times and update stamps of news pages.

A line has a *date shape* when it holds a clock time (``১৮:৩৫``, ``9:02``) or a month
or weekday name next to a number (``২৭ এপ্রিল ২০২৪``, ``May 3, 2024``). Names are
matched on NFC-normalized, punctuation-trimmed tokens, never with ``\\w`` or ``\\b``
(Bengali vowel signs are not ``\\w``), and case is folded only for Latin tokens.
"""

from __future__ import annotations

import re
import unicodedata

from .text import is_digit_char

_BENGALI_MONTHS = (
    "জানুয়ারি জানুয়ারী ফেব্রুয়ারি ফেব্রুয়ারী মার্চ এপ্রিল মে জুন জুলাই আগস্ট আগষ্ট "
    "সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর "
    # the Bengali calendar, printed beside the Gregorian date on Bangladeshi sites
    "বৈশাখ জ্যৈষ্ঠ জৈষ্ঠ্য আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র"
)
_BENGALI_WEEKDAYS = "শনিবার রবিবার সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার"
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


def _token_key(token: str) -> str:
    token = unicodedata.normalize("NFC", token.strip(_TRIM))
    # Folding case is safe here: it only changes Latin tokens, the only cased ones listed.
    return token.casefold() if token.isascii() else token


def has_date_shape(line: str) -> bool:
    """True for a clock time, or a month/weekday name beside a number.

    >>> has_date_shape("শনিবার, ২৭ এপ্রিল ২০২৪"), has_date_shape("২৮ মার্চ ২০২৪, ১৮:৩৫")
    (True, True)
    >>> has_date_shape("Updated May 3, 2024"), has_date_shape("মে দিবসের শোভাযাত্রা")
    (True, False)
    """
    if _CLOCK.search(line):
        return True
    tokens = line.split()
    for i, token in enumerate(tokens):
        if _token_key(token) in NAMES:
            around = tokens[max(0, i - 1) : i + 2]
            if any(any(is_digit_char(c) for c in t) for t in around):
                return True
    return False
