"""Character classes of many lines at once, as NumPy arrays over code points.

The featurizer looks at every character of every line (digits, Latin letters,
punctuation, spaces, sentence ends). Doing that in a Python loop costs about a
microsecond a character; here the lines are encoded once to UTF-32, each code
point gets a *category* by table lookup, and one histogram over (line, category)
counts them all. Categories follow :mod:`unicodedata` and :meth:`str.isspace`, so
they agree with :mod:`boilerplate.text`; none relies on ``\\w`` or letter case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .text import (
    BRAHMIC,
    CLOSING_CHARS,
    CODE_CHARS,
    HAN_KANA,
    NUMBER_MARK_CHARS,
    SENTENCE_END_CHARS,
    is_variation_selector,
    unspaced_script,
)

# Categories: each character has exactly one.
ASCII_SPACE = 0  #: " "
OTHER_SPACE = 1  #: other white space (str.isspace): tabs, no-break spaces, …
OTHER = 2  #: anything else: combining marks (Bengali vowel signs, the kana voicing mark U+3099), controls, …; white space is below this
DIGIT = 3  #: a decimal digit of any script (category Nd)
LATIN = 4  #: a Latin letter (a letter below U+0250)
UNSPACED = 5  #: a Han or kana letter (text.unspaced_script): scripts written without spaces between words
LETTER = 6  #: a letter of any other script (category L*); LATIN, UNSPACED, UNSPACED_BRAHMIC and LETTER are the letters
COLON = 7  #: ``:`` ``：`` (the Bengali visarga ঃ, often used as one, is a mark: OTHER)
NUMBER_MARK = 8  #: ``.)(-–#``: with COLON, text.NUMBER_MARK_CHARS, which may stand with digits in a line that is only a number
PUNCT = 9  #: other punctuation or symbols (categories P*, S*)
UNSPACED_BRAHMIC = 10  #: a Thai, Lao, Tibetan, Myanmar or Khmer letter (text.unspaced_script): also written without spaces
CODE = 11  #: a symbol of program code (text.CODE_CHARS); with PUNCT, COLON and NUMBER_MARK, the punctuation and symbols
N_CATEGORIES = 12

# Flags for the characters whose position matters, not only their count.
END = 1  #: a sentence end (text.SENTENCE_END_CHARS)
CLOSING = 2  #: a closing quote or bracket (text.CLOSING_CHARS), a format character (category Cf, text.FORMAT_RANGES) or a variation selector (text.VARIATION_SELECTOR_RANGES)
IS_LETTER = 4  #: a letter of any script (Unicode category L*), as text.has_letters tests
ZERO_WIDTH = 8  #: takes no cell on a terminal: a combining mark (M*) or a format character (Cf)
WIDE = 16  #: takes two cells on a terminal: East Asian wide or fullwidth (text.display_width)


def _category(code: int) -> int:
    ch = chr(code)
    cat = unicodedata.category(ch)
    if ch == " ":
        return ASCII_SPACE
    if ch.isspace():
        return OTHER_SPACE
    if cat == "Nd":
        return DIGIT
    if cat[0] == "L":
        script = unspaced_script(ch)
        if script == HAN_KANA:
            return UNSPACED
        if script == BRAHMIC:
            return UNSPACED_BRAHMIC
        return LATIN if code < 0x250 else LETTER
    if ch in ":：":
        return COLON
    if ch in NUMBER_MARK_CHARS:
        return NUMBER_MARK
    if ch in CODE_CHARS:
        return CODE
    if cat[0] in "PS":
        return PUNCT
    return OTHER


def _flags(code: int) -> int:
    ch = chr(code)
    category = unicodedata.category(ch)
    return (
        (END if ch in SENTENCE_END_CHARS else 0)
        | (CLOSING if ch in CLOSING_CHARS or category == "Cf" or is_variation_selector(ch) else 0)
        | (IS_LETTER if category[0] == "L" else 0)
        | (ZERO_WIDTH if category[0] == "M" or category == "Cf" else 0)
        | (WIDE if unicodedata.east_asian_width(ch) in "WF" else 0)
    )


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    # Built once per process on first use: the Basic Multilingual Plane.
    categories = np.fromiter((_category(c) for c in range(0x10000)), dtype=np.uint8, count=0x10000)
    flags = np.fromiter((_flags(c) for c in range(0x10000)), dtype=np.uint8, count=0x10000)
    return categories, flags


@lru_cache(maxsize=1)
def _packed_table() -> np.ndarray:
    # _tables in one: a character's category in the low byte, its flags in the high one
    # (one look-up per character, not two).
    categories, flags = _tables()
    return categories.astype(np.uint16) | (flags.astype(np.uint16) << 8)


#: Terminal cells of a character, by its flags: none when ZERO_WIDTH, two when WIDE.
_CELLS = np.array([(0 if f & ZERO_WIDTH else 1) + (1 if f & WIDE and not f & ZERO_WIDTH else 0) for f in range(256)], dtype=np.uint8)


@dataclass(frozen=True)
class Batch:
    """Characters of many lines laid end to end (no separators), and their counts per line."""

    codes: np.ndarray  # uint32 code point of each character
    categories: np.ndarray  # uint8 category of each character
    flags: np.ndarray  # uint8 END/CLOSING/IS_LETTER/ZERO_WIDTH/WIDE flags of each character
    starts: np.ndarray  # index of each line's first character
    lengths: np.ndarray  # each line's length in characters
    line_of: np.ndarray  # the line each character belongs to
    counts: np.ndarray  # (lines, N_CATEGORIES): characters of each category per line

    def count(self, *categories: int) -> np.ndarray:
        """Characters per line in any of ``categories``."""
        out = self.counts[:, categories[0]].copy()
        for category in categories[1:]:
            out += self.counts[:, category]
        return out

    def positions(self, lines: np.ndarray) -> np.ndarray:
        """The indices of the characters of ``lines`` (indices), line after line.

        >>> encode(["ab", "c", "de"]).positions(np.array([2, 0])).tolist()
        [3, 4, 0, 1]
        """
        lengths = self.lengths[lines]
        return np.repeat(self.starts[lines] - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))

    def cells(self, lines: np.ndarray | None = None) -> np.ndarray:
        """Width in terminal cells, as :func:`boilerplate.text.display_width` counts it, of each line or of ``lines`` (indices).

        >>> b = encode(["ab", "কি", "東京"])
        >>> b.cells().tolist(), b.cells(np.array([2, 0])).tolist()
        ([2, 1, 4], [4, 2])
        """
        # A character takes one cell, but for those flagged zero-width (none) or wide (two): count those alone.
        odd = np.flatnonzero((self.flags & (ZERO_WIDTH | WIDE)) != 0)
        extra = np.bincount(self.line_of[odd], weights=_CELLS.take(self.flags[odd]) - 1.0, minlength=len(self.lengths))
        cells = self.lengths + extra.astype(np.int64)
        return cells if lines is None else cells[lines]


def encode(lines: Sequence[str]) -> Batch:
    """Classify every character of ``lines`` and count the categories per line.

    >>> b = encode(["ক১ a.", "x"])
    >>> b.count(DIGIT).tolist(), b.count(LATIN).tolist(), b.count(LETTER, LATIN).tolist()
    ([1, 0], [1, 1], [2, 1])
    """
    n = len(lines)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    # A NumPy string holds a str's code points as they are, lone surrogates (from
    # surrogateescape decoding) included: no codec runs over the text.
    text = "".join(lines)
    codes = np.array([text]).view(np.uint32) if text else np.zeros(0, dtype=np.uint32)
    total = len(codes)
    categories = np.empty(total, dtype=np.uint8)
    flags = np.empty(total, dtype=np.uint8)
    table = _packed_table()
    for a in range(0, total, ENCODE_CHUNK_CHARS):  # a chunk at a time: its arrays stay in the cache
        z = min(a + ENCODE_CHUNK_CHARS, total)
        packed = table.take(codes[a:z], mode="clip")  # a code beyond the table reads its last entry…
        np.copyto(categories[a:z], packed, casting="unsafe")  # the low byte
        np.copyto(flags[a:z], packed >> 8, casting="unsafe")
    astral = np.flatnonzero(codes > 0xFFFF)
    if astral.size:
        # …and is classed here (emoji, CJK Extension B): each distinct code point once.
        distinct, which = np.unique(codes[astral], return_inverse=True)
        categories[astral] = np.array([_category(c) for c in distinct.tolist()], dtype=np.uint8)[which]
        flags[astral] = np.array([_flags(c) for c in distinct.tolist()], dtype=np.uint8)[which]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if n else np.zeros(0, np.int64)
    line_of = np.repeat(np.arange(n, dtype=np.intp), lengths)
    # A category's counts lie together (the table is Fortran-ordered): Batch.count reads columns.
    by_category = np.zeros((N_CATEGORIES, n), dtype=np.int64)
    for a in range(0, total, ENCODE_CHUNK_CHARS):
        z = min(a + ENCODE_CHUNK_CHARS, total)
        lo, hi = int(line_of[a]), int(line_of[z - 1]) + 1  # the chunk's lines
        key = categories[a:z] * np.intp(hi - lo)
        key += line_of[a:z]
        key -= lo
        by_category[:, lo:hi] += np.bincount(key, minlength=N_CATEGORIES * (hi - lo)).reshape(N_CATEGORIES, hi - lo)
    return Batch(codes, categories, flags, starts, lengths, line_of, by_category.T)


#: How many characters :func:`encode` classes and counts at a time.
ENCODE_CHUNK_CHARS = 1 << 17


def join(b: Batch, unit_start: np.ndarray) -> Batch:
    """The batch of ``b``'s lines joined into units, one ASCII space between lines.

    ``unit_start`` is true on each unit's first line. The result equals
    :func:`encode` of the joined lines, without classifying any character again.

    >>> j = join(encode(["ক খ", "গ।", "x"]), np.array([True, False, True]))
    >>> j.lengths.tolist(), j.count(ASCII_SPACE).tolist(), j.count(LETTER).tolist()
    ([6, 1], [2, 0], [3, 0])
    """
    unit_start = np.asarray(unit_start, dtype=bool)
    heads = np.flatnonzero(unit_start)
    at = b.starts[~unit_start]  # a space goes before each line that continues a unit
    sizes = np.diff(np.append(heads, len(unit_start)))
    lengths = np.add.reduceat(b.lengths, heads) + sizes - 1
    counts = np.add.reduceat(b.counts.T, heads, axis=1).T if len(heads) else np.zeros((0, N_CATEGORIES), dtype=np.int64)
    counts[:, ASCII_SPACE] += sizes - 1
    # Where the characters go among the spaces (numpy.insert would work this out for each array).
    old = np.ones(len(b.codes) + len(at), dtype=bool)
    old[at + np.arange(len(at))] = False
    return Batch(
        codes=_spaced(b.codes, old, ord(" ")),
        categories=_spaced(b.categories, old, ASCII_SPACE),
        flags=_spaced(b.flags, old, 0),
        starts=np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(heads) else np.zeros(0, np.int64),
        lengths=lengths,
        line_of=np.repeat(np.arange(len(heads), dtype=np.intp), lengths),
        counts=counts,
    )


def _spaced(values: np.ndarray, old: np.ndarray, space: int) -> np.ndarray:
    """``values`` where ``old`` is true, in order, and ``space`` elsewhere."""
    out = np.full(len(old), space, dtype=values.dtype)
    out[old] = values
    return out
