"""Line features: a pure function from pages' lines to a DataFrame.

This module owns every feature the model sees. :func:`page_features` takes all
lines of one page (blank ones included, since blank lines separate paragraphs;
a page with none between its lines is read one block per line, see
:func:`one_block_per_line`) and returns one row per non-blank line, indexed by the 1-based line number, one
named column per feature. :func:`featurize`, which the model's pipeline calls,
does the same for many pages at once. Neighbour features (``prev:…``, ``next:…``)
look at the nearest non-blank line that is not a filler (see FILLER_MIN_COUNT)
and never reach across pages; every per-page
quantity (duplicates, runs, the article block, ranks, densities) is computed
within its page, so featurizing pages together or one by one gives the same rows.

Speed: the work is done on whole batches with NumPy (character classes come
from :mod:`boilerplate.chars`); the Python-level work per line is a few string
methods. A page ends at its last non-blank line (trailing blank lines do not
count), so the features depend only on the non-blank lines and their numbers.

No feature holds a site's strings. Lengths are log-scaled so that a 300-word
paragraph does not swamp the scaler.

Hard-wrapped text (``lynx -dump``, ``w3m -dump``, e-mail, RFCs, Project Gutenberg)
breaks each paragraph into lines of a fixed width. :func:`continued_lines` finds
those breaks, and :func:`line_table` computes the features of each such paragraph
as one line (its lines joined by a space, blank lines kept) and gives them to every
line of it, so a wrapped page is seen as the same page unwrapped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, repeat
from operator import ne
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import chars as C
from .dates import date_lines
from .text import (
    CHARS_PER_UNSPACED_WORD,
    CODE_CHARS,
    COLON_ENDS,
    CREDIT_MAX_SENTENCES,
    EDGE_CHARS,
    ELLIPSIS,
    ELLIPSIS_DOTS,
    LETTERS_PER_BRAHMIC_WORD,
    LIST_NUMBER_DIGITS,
    MAX_CLOSING,
    credit_below,
    ends_in_credit,
    first_word_width,
    has_letters,
    is_digit_char,
    normalize,
    script_stops,
    strip_line,
    uncounted_code_symbols,
)

if TYPE_CHECKING:  # pandas only for the DataFrame forms (page_features, featurize)
    import pandas as pd

#: A line of at most this many words, with no sentence end, reads like a headline
#: or a menu item; runs of them are the related/latest/most-read lists.
SHORT_LINE_WORDS = 14

#: Runs of short lines longer than this say nothing more: the run length is capped
#: here, near the longest list of the training pages, so that a page of 20,000 menu
#: lines does not push the feature far outside what the model has seen.
SHORT_RUN_CAP = 30

#: A line with at least this many words and a sentence end reads like running text;
#: the page's longest run of such lines (by characters) is taken as the article block.
TEXT_LINE_WORDS = 10

#: Runs of running text separated by at most this many other lines (a subheading,
#: a caption, an inline "read also") are one article block.
BLOCK_GAP = 3

#: Half-widths, in non-blank lines, of the windows in which the density of running
#: text around a line is measured: the line's paragraph, its section, its page region.
DENSITY_WINDOWS = (2, 5, 15)

#: How many non-blank lines above the article block are searched for its headline.
TITLE_WINDOW = 6

#: Date bars and time stamps are short lines; a longer line that mentions a date
#: is prose, so only lines of at most this many words are tested for a date shape.
DATE_MAX_WORDS = 25

#: A line this long with no sentence end anywhere is many headlines run together
#: (page 004's top-news line), not a paragraph.
LONG_NO_END_WORDS = 25

#: A line must have this many words before it can count as repeating another
#: line's start (the headline inside the browser title), so that one-word
#: buttons such as "more" do not match everything.
PREFIX_MIN_WORDS = 3

#: Only this many leading characters of a line are searched for another line's
#: text; headlines are far shorter, and the bound keeps huge lines linear.
PREFIX_MAX_CHARS = 400

#: Only a page's first lines are searched for a line that starts with another
#: line: the browser title stands at the top of a dump.
PREFIX_SCAN_LINES = 20

#: Code lines (:func:`is_code_line`): program code, a shell session, markup or a
#: printout of them. A line is one when at least CODE_MIN_SHARE of its non-space
#: characters are :data:`~boilerplate.text.CODE_CHARS` (not counting the brackets of
#: an excerpt's ``[…]`` nor a link's arrow ``Read more>>``,
#: :func:`~boilerplate.text.uncounted_code_symbols`), or when it ends in one of
#: CODE_ENDS (a statement's ``;``, a block's brace). The cleaner's code pass keeps
#: the code inside an article, which the model, line by line, takes for chrome;
#: CODE_MIN_SHARE was chosen with that pass's share on the benchmark's development
#: half (``python bench/choose_code.py``).
CODE_MIN_SHARE = 0.03
CODE_ENDS = "{};"

#: A line holding one of these is a *credit*: a copyright notice or a photo's
#: credit, which LABELING.md calls chrome (``footer``, ``caption``). The five
#: labelled pages hold none, so the model cannot learn it; the cleaner's credits
#: pass drops such lines (:mod:`boilerplate.cleaner`), and with them the captions
#: that end in their photo's credit (:func:`~boilerplate.text.ends_in_credit`)
#: unless one ends the article.
CREDIT_CHARS = "©"

#: Tables printed one cell per line (:func:`table_lines`): each line is a text cell
#: (it has a letter), a number cell (digits and no letter: ``4210``, ``85%``,
#: ``2.9``) or another cell (neither: ``–``, ``*``).
TEXT_CELL, NUMBER_CELL, OTHER_CELL = 0, 1, 2

#: A table is a run of lines whose kinds repeat with a period of TABLE_COLUMNS
#: (its columns), for at least TABLE_MIN_ROWS rows, each row holding at least one
#: text cell and TABLE_MIN_NUMBERS number cells. Two number columns, not one: a
#: list of headlines often gives each item one number (a rank, a time, a count).
TABLE_COLUMNS = (3, 12)
TABLE_MIN_ROWS = 3
TABLE_MIN_NUMBERS = 2

#: A table's header (:func:`table_lines`): the cells right above its first row, no
#: blank line between, each of at most TABLE_HEADER_MAX_WORDS words (a full stop
#: allowed: ``Pos.``), up to TABLE_HEADER_ROWS rows of them (a page may print the
#: header twice, its sticky copy over the first).
TABLE_HEADER_MAX_WORDS = 4
TABLE_HEADER_ROWS = 2

#: Hard wraps (:func:`continued_lines`). A run of adjacent lines (no blank line
#: between) is wrapped text when its longest line, the wrap width, is within
#: WRAP_WIDTHS characters, and at least WRAP_MIN_BREAKS of its breaks, and at least
#: WRAP_BREAK_SHARE of them, were made for want of room: the line is at least
#: WRAP_MIN_FILL of the width, and it, a space and the next line's first word
#: would not fit in the width.
WRAP_WIDTHS = (50, 160)
WRAP_MIN_BREAKS = 2
WRAP_BREAK_SHARE = 0.6
WRAP_MIN_FILL = 0.5

#: The characters of a line that :func:`_first_words` reads at once for its first
#: word; a longer first word (or leading white space) is measured from the text.
_FIRST_WORD_WINDOW = 32

#: Fillers (:class:`LineTable`): a short line that a page repeats between its
#: paragraphs ("Article content", "Advertisement", "Anzeige") — at least
#: FILLER_MIN_COUNT times on the page, at most FILLER_MAX_WORDS words, a letter, no
#: sentence end and no closing colon (an interview's "প্রশ্ন:" / "Q:" introduces
#: what follows); a cell of a table printed one cell per line is none. The neighbour
#: features, and whether a line repeats the line next to it, look past fillers, a
#: line beside one counts as beside a blank line, a
#: filler continues a run of short lines without counting in it, the features that
#: place a line in its page (position, length rank, character share, densities,
#: distances to the article block) count only the other lines, and the cleaner's
#: passes skip fillers: every other line gets the features it would get with blank
#: lines in the fillers' places (the article block's gap and the headline window
#: still count fillers as lines).
FILLER_MIN_COUNT = 4
FILLER_MAX_WORDS = 4

#: Two or more sentences in a row (lines of at least REPRINT_MIN_WORDS words,
#: text.word_count, ending a sentence) that the page prints again, in the same order,
#: are a *reprint*: a subscription pitch, a summary box or an embed's notice that the
#: site shows twice. An article does not repeat its paragraphs; the cleaner's reprints
#: pass drops such runs (see :func:`_reprinted_runs`).
REPRINT_MIN_WORDS = 3

#: Features of each line that are also given for its previous and next non-blank line.
NEIGHBOUR_FEATURES = (
    "len_words",
    "ends_sentence",
    "inner_sentence_ends",
    "is_number",
    "has_date",
    "short_run",
    "dup_count",
    "in_block",
    "ends_colon",
)

LINE_FEATURES = (
    "len_chars",
    "len_words",
    "ends_sentence",
    "inner_sentence_ends",
    "text_like",
    "ends_colon",
    "long_no_sentence_end",
    "is_number",
    "has_letters",
    "digit_ratio",
    "latin_ratio",
    "punct_ratio",
    "has_date",
    "dup_prev",
    "dup_next",
    "dup_count",
    "prefix_of_other",
    "extends_other",
    "rel_pos",
    "blank_before",
    "blank_after",
    "short_run",
    "len_rank",
    "char_share",
    "before_block",
    "in_block",
    "after_block",
    "dist_before_block",
    "dist_after_block",
    "title_candidate",
    "after_block_no_end",
) + tuple(
    f"{kind}_{w}" for w in DENSITY_WINDOWS for kind in ("text_lines", "text_chars", "text_mass")
)

#: Every column :func:`page_features` returns, in order.
FEATURE_NAMES = LINE_FEATURES + tuple(
    f"{side}:{name}" for side in ("prev", "next") for name in NEIGHBOUR_FEATURES
)


_SPACE = re.compile(" ")


def _log(x: np.ndarray) -> np.ndarray:
    return np.log1p(np.asarray(x, dtype=float))


def _first_lines(page: np.ndarray) -> np.ndarray:
    """True on each page's first line, ``page`` holding each line's page (as for :func:`line_table`)."""
    first = np.ones(len(page), dtype=bool)
    first[1:] = page[1:] != page[:-1]
    return first


def _run_lengths(flags: np.ndarray, first: np.ndarray, skip: np.ndarray | None = None) -> np.ndarray:
    """For each flagged line, the length of its run of flagged lines within its page; 0 elsewhere.

    Lines of ``skip`` (flagged too) continue a run but do not count in its length.
    """
    starts, ends = runs(flags, first)
    out = np.zeros(len(flags), dtype=np.int64)
    if skip is None:
        out[flags] = np.repeat(ends - starts, ends - starts)
    else:
        counted = np.concatenate(([0], np.cumsum(flags & ~skip)))
        out[flags] = np.repeat(counted[ends] - counted[starts], ends - starts)
    return out


def non_blank(lines: Sequence[str]) -> tuple[list[int], list[str]]:
    """The 1-based numbers of a page's non-blank lines, and those lines stripped (:func:`~boilerplate.text.strip_line`): the rows features are made of.

    >>> non_blank(["a ", " ", "b", "\\u200b"])
    ([1, 3], ['a', 'b'])
    """
    stripped = list(map(str.strip, lines, repeat(EDGE_CHARS)))
    return list(compress(range(1, len(lines) + 1), stripped)), list(filter(None, stripped))


def runs(flags: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and (exclusive) ends of the runs of true ``flags``; no run crosses a page start (``first``).

    >>> [x.tolist() for x in runs(np.array([1, 1, 0, 1, 1], bool), np.array([1, 0, 0, 0, 1], bool))]
    [[0, 3, 4], [2, 4, 5]]
    """
    starts = flags.copy()
    starts[1:] &= ~flags[:-1] | first[1:]
    ends = flags.copy()
    ends[:-1] &= ~flags[1:] | first[1:]
    return np.flatnonzero(starts), np.flatnonzero(ends) + 1


def _blocks(
    text_like: np.ndarray, n_chars: np.ndarray, first: np.ndarray, page_of: np.ndarray, end_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's page's article block, as start and (exclusive) end line indices.

    The block is the page's longest run of running text by characters (the lines
    between, gaps included), runs separated by at most :data:`BLOCK_GAP` lines
    being one run; the earliest wins a tie. A page with no running text has an
    empty block at its end, so that every line is before it.
    """
    starts, ends = runs(text_like, first)
    block_start, block_end = end_of.copy(), end_of.copy()
    if not starts.size:
        return block_start, block_end
    run_page = page_of[starts]
    new = np.ones(len(starts), dtype=bool)
    new[1:] = (run_page[1:] != run_page[:-1]) | (starts[1:] - ends[:-1] > BLOCK_GAP)
    last = np.concatenate((new[1:], [True]))
    starts, ends, pages = starts[new], ends[last], run_page[new]
    cum = np.concatenate(([0], np.cumsum(n_chars)))
    weight = cum[ends] - cum[starts]
    order = np.lexsort((np.arange(len(starts)), -weight, pages))
    best = np.ones(len(order), dtype=bool)
    best[1:] = pages[order][1:] != pages[order][:-1]
    chosen = order[best]
    lines_of_page = np.flatnonzero(np.isin(page_of, pages[chosen]))
    page_start = np.zeros(int(page_of[-1]) + 1, dtype=np.int64)
    page_end = np.zeros_like(page_start)
    page_start[pages[chosen]], page_end[pages[chosen]] = starts[chosen], ends[chosen]
    block_start[lines_of_page] = page_start[page_of[lines_of_page]]
    block_end[lines_of_page] = page_end[page_of[lines_of_page]]
    return block_start, block_end


def _length_order(page_of: np.ndarray, n_chars: np.ndarray, rest: np.ndarray | None = None) -> np.ndarray:
    """The lines sorted by page (``page_of``, non-decreasing), then by ``rest`` (false
    first) and length, then by index: as ``np.lexsort((index, n_chars, rest, page_of))``,
    by one stable sort of a number that holds the three keys.

    >>> _length_order(np.array([0, 0, 0, 1, 1]), np.array([5, 2, 5, 9, 1]), np.array([1, 1, 0, 1, 1], bool)).tolist()
    [2, 1, 0, 4, 3]
    """
    rest = np.ones(len(page_of), dtype=bool) if rest is None else rest
    size = int(n_chars.max(initial=0)) + 1
    if (2 * int(page_of[-1] if len(page_of) else 0) + 2) * size >= 2**62:  # too large to hold: a line of billions of characters
        return np.lexsort((np.arange(len(page_of)), n_chars, rest, page_of))
    return np.argsort((page_of * 2 + rest) * size + n_chars, kind="stable")


def _prefix_flags(
    keys: list[str],
    n_tokens: np.ndarray,
    position: np.ndarray,
    start_of: np.ndarray,
    end_of: np.ndarray,
    b: C.Batch,
    folded: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``prefix_of_other`` and ``extends_other``: the headline repeated at the start of the browser title.

    A line among its page's first :data:`PREFIX_SCAN_LINES` extends another line of
    the page when that line is its text before one of its spaces, with at least
    :data:`PREFIX_MIN_WORDS` words (keys hold single spaces: a key's words are its tokens).

    ``b`` encodes the lines, whose keys are their texts but for the ``folded`` ones
    (indices; their keys are read in Python). The pairs of a line's text before a space
    and a line of the page as long, starting and ending with the same characters, are
    found in arrays, and only those are compared as text.

    >>> keys = ["A storm hits the coast | News", "Menu", "A storm hits the coast"]
    >>> flags = _prefix_flags(keys, np.array([7, 1, 5]), np.arange(3), np.zeros(3, int), np.full(3, 3), C.encode(keys), np.zeros(0, int))
    >>> [f.tolist() for f in flags]
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    n = len(keys)
    prefix_of_other = np.zeros(n)
    extends_other = np.zeros(n)
    scan = np.flatnonzero((position < PREFIX_SCAN_LINES) & (n_tokens > PREFIX_MIN_WORDS))
    if not scan.size:
        return prefix_of_other, extends_other
    is_folded = np.zeros(n, dtype=bool)
    is_folded[folded] = True
    # Each scanned line's spaces from its PREFIX_MIN_WORDS-th on, within PREFIX_MAX_CHARS:
    # the ends of the texts it may repeat (one (line, place) pair per space).
    plain = scan[~is_folded[scan]]
    chars = b.positions(plain)
    spaces = chars[b.codes[chars] == ord(" ")]
    line = b.line_of[spaces]
    place = spaces - b.starts[line]
    rank = np.arange(len(spaces)) - np.searchsorted(line, line)  # the space's number in its line, from 0
    keep = (rank >= PREFIX_MIN_WORDS - 1) & (place < PREFIX_MAX_CHARS)
    pair_line, pair_place = line[keep], place[keep]
    extra = [
        (i, m.start())
        for i in scan[is_folded[scan]].tolist()
        for m in list(_SPACE.finditer(keys[i][:PREFIX_MAX_CHARS]))[PREFIX_MIN_WORDS - 1 :]
    ]
    if extra:
        more_line, more_place = np.array(extra, dtype=np.int64).T
        pair_line, pair_place = np.concatenate((pair_line, more_line)), np.concatenate((pair_place, more_place))
    if not len(pair_line):
        return prefix_of_other, extends_other
    # A text a pair may repeat: a line of the page as long as the place, with the same
    # first character and the same last one as the text before it (any line: one of
    # fewer than PREFIX_MIN_WORDS words is never the text before such a space).
    lengths = b.lengths.copy()
    firsts = np.zeros(n, dtype=np.int64)
    lasts = np.zeros(n, dtype=np.int64)
    some = np.flatnonzero(~is_folded & (lengths > 0))
    firsts[some] = b.codes[b.starts[some]]
    lasts[some] = b.codes[b.starts[some] + lengths[some] - 1]
    for i in np.flatnonzero(is_folded).tolist():
        key = keys[i]
        lengths[i] = len(key)
        firsts[i], lasts[i] = (ord(key[0]), ord(key[-1])) if key else (0, 0)
    page = start_of  # each line's page, by its first line
    pair_text = _fingerprint(page[pair_line], pair_place, firsts[pair_line], _code_before(b, keys, is_folded, pair_line, pair_place))
    line_text = _fingerprint(page, lengths, firsts, lasts)
    # A table of the pairs' low bits leaves out most lines at the cost of a look-up.
    low = np.zeros(1 << 16, dtype=bool)
    low[pair_text & np.uint64(0xFFFF)] = True
    maybe = np.flatnonzero(low.take(line_text & np.uint64(0xFFFF)))
    hit = _among_sorted(pair_text, np.sort(line_text[maybe]))
    pair_line, pair_place = pair_line[hit], pair_place[hit]
    if not len(pair_line):
        return prefix_of_other, extends_other
    # Only those are compared as text.
    maybe = maybe[_among_sorted(line_text[maybe], np.sort(pair_text[hit]))]
    page_keys: dict[int, set[str]] = {}
    for t in maybe.tolist():
        page_keys.setdefault(int(page[t]), set()).add(keys[t])
    matched = set()
    for i, j in zip(pair_line.tolist(), pair_place.tolist()):
        text = keys[i][:j]
        if text in page_keys.get(int(page[i]), ()):
            extends_other[i] = 1.0
            matched.add((int(page[i]), text))
    for t in maybe.tolist():
        if (int(page[t]), keys[t]) in matched:
            prefix_of_other[t] = 1.0
    return prefix_of_other, extends_other


def _code_before(b: C.Batch, keys: list[str], is_folded: np.ndarray, line: np.ndarray, place: np.ndarray) -> np.ndarray:
    """The code point right before ``place`` (a space's, so at least 1) in each of ``line``'s keys."""
    out = np.zeros(len(line), dtype=np.int64)
    plain = ~is_folded[line]
    out[plain] = b.codes[b.starts[line[plain]] + place[plain] - 1]
    for k in np.flatnonzero(~plain).tolist():
        out[k] = ord(keys[line[k]][place[k] - 1])
    return out


def _among_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``sorted_set`` (sorted): as numpy.isin, by a binary search
    (isin of 64-bit numbers is several times slower on NumPy 2.4)."""
    at = np.minimum(np.searchsorted(sorted_set, values), max(len(sorted_set) - 1, 0))
    return sorted_set[at] == values if len(sorted_set) else np.zeros(len(values), dtype=bool)


def _fingerprint(page: np.ndarray, length: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """A 64-bit number for a text's page, length and first and last characters: equal texts
    of one page get equal ones (and unequal texts rarely do)."""
    h = page.astype(np.uint64) * _MIX
    for value in (length, first, last):
        h = (h ^ value.astype(np.uint64)) * _MIX
    return h


#: An odd 64-bit constant (2**64 over the golden ratio) that spreads page numbers over the hash's bits.
_MIX = 0x9E3779B97F4A7C15


def _same_text_groups(keys: list[str], page_of: np.ndarray) -> np.ndarray:
    """A group number per line: lines of one page with the same key share one, and only they."""
    n = len(keys)
    # The text's hash mixed with the page's number: one key to sort by (a plain
    # quicksort; any order within a group does), equal for lines that share both.
    hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=n).view(np.uint64)
    mixed = hashes ^ (np.asarray(page_of, dtype=np.uint64) * np.uint64(_MIX))
    order = np.argsort(mixed)
    new = np.ones(n, dtype=bool)
    new[1:] = mixed[order][1:] != mixed[order][:-1]
    group = np.empty(n, dtype=np.int64)
    group[order] = np.cumsum(new) - 1
    # Equal keys almost always mean equal text on one page; check the lines that share one.
    head = order[new][group]
    shared = np.flatnonzero(head != np.arange(n))
    if shared.size and (
        (page_of[shared] != page_of[head[shared]]).any()
        or any(map(ne, map(keys.__getitem__, shared.tolist()), map(keys.__getitem__, head[shared].tolist())))
    ):
        codes: dict[tuple[int, str], int] = {}
        return np.array([codes.setdefault(pk, len(codes)) for pk in zip(page_of.tolist(), keys)], dtype=np.int64)
    return group


def _reprinted_runs(same: np.ndarray, sentence: np.ndarray, first: np.ndarray) -> np.ndarray:
    """True on the ``sentence`` lines of the runs the page prints again in the same order (:data:`REPRINT_MIN_WORDS`).

    ``same`` numbers the lines by their text, page by page (:func:`_same_text_groups`),
    and ``first`` marks each page's first line. Two successive sentences make a pair;
    a pair that comes twice or more on its page, each time on two successive lines,
    is reprinted, and so are its lines (a run of three reprinted makes two pairs). A
    sentence printed twice alone is no reprint, nor is a line followed by itself.

    >>> same = np.array([0, 1, 2, 3, 0, 1, 4, 2])
    >>> _reprinted_runs(same, np.ones(8, bool), np.eye(1, 8, dtype=bool)[0]).astype(int).tolist()
    [1, 1, 0, 0, 1, 1, 0, 0]
    """
    n = len(same)
    out = np.zeros(n, dtype=bool)
    at = np.flatnonzero(sentence[:-1] & sentence[1:] & ~first[1:] & (same[:-1] != same[1:]))
    if len(at) < 2:
        return out
    # groups are numbered page by page, so a pair's two numbers name its page too
    pairs = same[at] * (int(same.max()) + 1) + same[at + 1]
    _, which, counts = np.unique(pairs, return_inverse=True, return_counts=True)
    again = at[counts[which] > 1]
    out[again] = out[again + 1] = True
    return out


def _token_counts(b: C.Batch, space: np.ndarray, spaces: np.ndarray) -> np.ndarray:
    """Each line's white-space tokens, as str.split makes them, from its ``spaces`` (white-space
    characters, as ``space`` marks them): a token starts at the line's first character
    unless that is a space, and after every space but the line's last character and a
    space followed by another.

    >>> b = C.encode([" a  b ", " c", "", "ab", "a\u00a0 b"])
    >>> _token_counts(b, b.categories < C.OTHER, b.count(C.ASCII_SPACE, C.OTHER_SPACE)).tolist()
    [2, 1, 0, 1, 2]
    """
    some = np.flatnonzero(b.lengths > 0)
    first, last = b.starts[some], b.starts[some] + b.lengths[some] - 1
    out = spaces.astype(np.int64)
    out[some] += ~space[first]
    out[some] -= space[last]
    doubled = np.flatnonzero(space[:-1] & space[1:])  # few: two white-space characters in a row
    doubled = doubled[b.line_of[doubled] == b.line_of[doubled + 1]]
    return out - np.bincount(b.line_of[doubled], minlength=len(out))


def _tokens_holding(b: C.Batch, space: np.ndarray, lines: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each of ``lines`` (indices), how many of its white-space tokens hold a ``wanted`` character."""
    lengths = b.lengths[lines]
    if not lengths.sum():
        return np.zeros(len(lines), dtype=np.int64)
    chars = b.positions(lines)
    line = np.repeat(np.arange(len(lines)), lengths)
    blank = space[chars]
    start = ~blank
    start[1:] &= blank[:-1] | (line[1:] != line[:-1])
    token = np.cumsum(start) - 1
    holding = np.zeros(int(start.sum()), dtype=bool)
    holding[token[wanted[chars] & ~blank]] = True
    return np.bincount(line[start][holding], minlength=len(lines))


def continued_lines(page: np.ndarray, line_no: np.ndarray, texts: list[str], b: C.Batch | None = None) -> np.ndarray:
    """True for each line whose paragraph goes on in the next line: a hard wrap.

    Arguments are as for :func:`line_table`; ``b`` is :func:`boilerplate.chars.encode`
    of ``texts`` when the caller has it already. A run of adjacent lines (no blank
    line between, one page) is wrapped text when its width, its longest line, is
    within :data:`WRAP_WIDTHS` and enough of its lines were broken only for want of
    room (see :data:`WRAP_BREAK_SHARE`); those lines are the ones marked. Once a
    page has such a run, its other runs no wider than that width (a two-line
    paragraph, with one break) are tested at that width and need only the share.
    A next line that starts with a token holding no letter (a bullet, a dash, a
    number) or that repeats the line starts something new, so a bulleted list of
    headlines of equal length is not taken for a paragraph. Widths are measured
    twice, in characters (as ``lynx`` and Python's ``textwrap`` count) and in
    terminal cells (as ``w3m`` counts: combining marks take none, East Asian wide
    characters two); a break found either way is a break.

    >>> wrapped = ["The council approved the new budget on Tuesday after a long",
    ...            "debate that ran late into the night. Members voted nine to",
    ...            "four, and the mayor signed it at once."]
    >>> continued_lines(np.zeros(3, int), np.array([1, 2, 3]), wrapped).tolist()
    [True, True, False]
    >>> continued_lines(np.zeros(3, int), np.array([1, 2, 3]), ["* " + line for line in wrapped]).tolist()
    [False, False, False]
    """
    n = len(texts)
    if n < 2:
        return np.zeros(n, dtype=bool)
    adjacent = np.zeros(n, dtype=bool)
    adjacent[:-1] = (page[1:] == page[:-1]) & (line_no[1:] == line_no[:-1] + 1)
    if not adjacent.any():
        return np.zeros(n, dtype=bool)
    if b is None:
        b = C.encode(texts)
    out = _wrapped(page, texts, adjacent, b.lengths, cells=False, b=b)
    # Cells only for lines next to another, short enough to be wrapped at 160 cells
    # unless three in four of their characters were marks; the rest keep their length.
    in_run = adjacent.copy()
    in_run[1:] |= adjacent[:-1]
    measured = np.flatnonzero(in_run & (b.lengths <= 4 * WRAP_WIDTHS[1]))
    cells = b.lengths.copy()
    cells[measured] = b.cells(measured)
    differ = cells != b.lengths
    if differ.any():
        out |= _wrapped(page, texts, adjacent, cells, cells=True, only=differ, found=out, b=b)
    return out


def cell_kind(line: str) -> int:
    """The line's kind as a table cell: :data:`TEXT_CELL`, :data:`NUMBER_CELL` or :data:`OTHER_CELL`.

    >>> [cell_kind(x) for x in ("Rina Sen", "4210", "৮৫%", "–")] == [TEXT_CELL, NUMBER_CELL, NUMBER_CELL, OTHER_CELL]
    True
    """
    if has_letters(line):
        return TEXT_CELL
    return NUMBER_CELL if any(is_digit_char(ch) for ch in line) else OTHER_CELL


def is_code_line(line: str) -> bool:
    """True when the line looks like program code or its output (see :data:`CODE_MIN_SHARE`).

    >>> [is_code_line(x) for x in ("x = f(y)", "});", "│ 12 │ f", "The median is 7.5.", "Home | News")]
    [True, True, True, False, False]
    """
    text = script_stops(strip_line(line))
    non_space = sum(not ch.isspace() for ch in text)
    code = sum(ch in CODE_CHARS for ch in text) - uncounted_code_symbols(text)
    return bool(text) and (text[-1] in CODE_ENDS or (code > 0 and code >= CODE_MIN_SHARE * non_space))


def cell_kinds(values: np.ndarray) -> np.ndarray:
    """:func:`cell_kind` of each line of a feature table (:attr:`LineTable.values`), from its features."""
    letters = values[:, FEATURE_NAMES.index("has_letters")] > 0
    digits = values[:, FEATURE_NAMES.index("digit_ratio")] > 0
    return np.where(letters, TEXT_CELL, np.where(digits, NUMBER_CELL, OTHER_CELL)).astype(np.int8)


def header_cells(line_no: np.ndarray, first: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """The lines that may be a table's header cells (:func:`table_lines`): ``cell`` lines
    (the line table gives those of at most :data:`TABLE_HEADER_MAX_WORDS` words) with
    the next line of their page right under them, no blank line between.

    >>> header_cells(np.array([1, 2, 4, 5, 1]), np.array([1, 0, 0, 0, 1], bool), np.ones(5, bool)).tolist()
    [True, False, True, False, False]
    """
    out = np.zeros(len(line_no), dtype=bool)
    out[:-1] = cell[:-1] & ~first[1:] & (line_no[1:] == line_no[:-1] + 1)
    return out


def table_lines(kinds: np.ndarray, first: np.ndarray, header: np.ndarray | None = None) -> np.ndarray:
    """The lines of tables printed one cell per line (an HTML-to-text rendering that gives each element a line).

    ``kinds`` holds each non-blank line's :func:`cell_kind`, ``first`` is true on each
    page's first line. A table is a run of lines whose kinds repeat with a period of
    :data:`TABLE_COLUMNS` lines and no shorter one, over at least :data:`TABLE_MIN_ROWS`
    periods, a period holding a text cell and :data:`TABLE_MIN_NUMBERS` number cells
    (see there). A numbered list (number, headline) repeats every two lines; the tick
    labels of a chart are all numbers: neither is a table. ``header`` marks the lines
    that may be a header's cells (:func:`header_cells`); the run of them right above a
    table, up to :data:`TABLE_HEADER_ROWS` of its rows' worth of lines, is part of it
    (a header of text cells only is no row, so the repeats do not find it).

    >>> T, N = TEXT_CELL, NUMBER_CELL
    >>> rows = [T, N, N] * 3  # name, points, wins
    >>> table_lines(np.array([T] + rows + [T]), np.eye(1, 11, dtype=bool)[0]).astype(int).tolist()
    [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
    >>> bool(table_lines(np.array([N, T] * 6), np.eye(1, 12, dtype=bool)[0]).any())
    False
    >>> heads = np.array([0, 1, 1, 1] + [0] * 10, bool)  # a caption over a header of three cells
    >>> table_lines(np.array([T, T, T, T] + rows + [T]), np.eye(1, 14, dtype=bool)[0], heads).astype(int).tolist()
    [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
    """
    n = len(kinds)
    lo, hi = TABLE_COLUMNS
    # Too few lines, or too few number cells, for one table: most pages (and most calls
    # on a single page) end here.
    is_number = kinds == NUMBER_CELL
    if n < lo * TABLE_MIN_ROWS or np.count_nonzero(is_number) < TABLE_MIN_NUMBERS * TABLE_MIN_ROWS:
        return np.zeros(n, dtype=bool)
    # Only pages with enough number cells for a table are searched.
    page_starts = np.flatnonzero(first)
    number_pages = np.searchsorted(page_starts, np.flatnonzero(is_number), side="right") - 1
    searched_pages = np.bincount(number_pages, minlength=len(page_starts)) >= TABLE_MIN_NUMBERS * TABLE_MIN_ROWS
    if not searched_pages.all():
        out = np.zeros(n, dtype=bool)
        if searched_pages.any():
            searched = np.repeat(searched_pages, np.diff(page_starts, append=n))
            out[searched] = table_lines(kinds[searched], first[searched], None if header is None else header[searched])
        return out
    page_of = np.cumsum(first) - 1
    if header is not None:
        # how many header cells run up to each line (within its page)
        index = np.arange(n)
        run_start = np.maximum(np.maximum.accumulate(np.where(header, -1, index)) + 1, page_starts[page_of])
        header_run = np.where(header, index - run_start + 1, 0)
    cover = np.zeros(n + 1, dtype=np.int64)  # +1 where a table starts, -1 past its end
    numbers = np.concatenate(([0], np.cumsum(is_number)))
    texts = np.concatenate(([0], np.cumsum(kinds == TEXT_CELL)))
    # Two lines p apart have the same kind on the same page when their keys are equal.
    key = page_of * (int(kinds.max()) - int(kinds.min()) + 1) + kinds
    # same[p][i]: line i and line i + p have the same kind on one page (kept for the
    # periods that may divide a longer one)
    same = {}
    # edges[1 : len + 1] holds the run of same[p]; False around it, so that runs start
    # where it rises and end where it falls
    edges = np.zeros(n + 1, dtype=bool)
    for p in range(2, min(hi, n - 1) + 1):
        flags = np.equal(key[:-p], key[p:], out=edges[1 : n - p + 1])
        edges[n - p + 1 :] = False
        if 2 * p <= hi:
            same[p] = flags.copy()
        if p < lo:
            continue
        # A run of ``same`` from a to b: lines a … b + p - 1 repeat with period p;
        # the table is their whole rows (a last line that starts a row may be the next paragraph).
        bounds = np.flatnonzero(edges[1:] != edges[:-1])
        starts, ends = bounds[0::2], bounds[1::2]
        rows = ends - starts >= (TABLE_MIN_ROWS - 1) * p
        if not rows.any():
            continue
        starts, ends = starts[rows], ends[rows]
        table = (numbers[starts + p] - numbers[starts] >= TABLE_MIN_NUMBERS) & (texts[starts + p] - texts[starts] >= 1)
        if not table.any():
            continue
        starts, ends = starts[table], ends[table]
        row = starts[:, None] + np.arange(p - 2)
        # (a row that repeats every line is one kind of cell: it holds no text cell beside its numbers)
        for d in range(2, p):
            if p % d == 0:  # the row repeats every d lines itself: the period is d
                shortest = ~same[d][row[:, : p - d]].all(axis=1)
                starts, ends, row = starts[shortest], ends[shortest], row[shortest]
        cover[starts + (ends - starts + p) // p * p] -= 1
        if header is not None:
            above = np.maximum(starts - 1, 0)
            starts = starts - np.where((starts > 0) & ~first[starts], np.minimum(header_run[above], TABLE_HEADER_ROWS * p), 0)
        cover[starts] += 1
    return np.cumsum(cover[:-1]) > 0


def _first_words(texts: list[str], b: C.Batch, lines: np.ndarray, cells: bool) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``lines`` (indices into ``texts``; ``b`` is :func:`boilerplate.chars.encode`
    of them): its :func:`first_word_width` (``cells`` as there), and whether its first
    white-space token holds a letter (:func:`has_letters`; none when the line is blank).

    >>> texts = ["  services. It", "東京では 雨", "— x", ""]
    >>> [x.tolist() for x in _first_words(texts, C.encode(texts), np.array([0, 1, 2, 3]), cells=True)]
    [[9, 2, 1, 0], [True, True, False, False]]
    """
    window = _FIRST_WORD_WINDOW
    width = np.zeros(len(lines), dtype=np.int64)
    letter = np.zeros(len(lines), dtype=bool)
    if not len(lines) or not len(b.codes):
        return width, letter
    # Each line's first characters, those past its end read as white space.
    k = np.arange(window)
    lengths = b.lengths[lines]
    at = np.minimum(b.starts[lines][:, None] + k, len(b.codes) - 1)
    space = (b.categories[at] <= C.OTHER_SPACE) | (k >= lengths[:, None])
    flags = b.flags[at]
    start = np.argmin(space, axis=1)  # the token's first character (0 in a blank window)
    after = k >= start[:, None]
    stop = np.argmax(space & after, axis=1)  # the white space after it
    token = after & (k < stop[:, None])
    letter[:] = (token & (flags & C.IS_LETTER != 0)).any(axis=1)
    # Han or kana breaks anywhere: the word is the token's first character.
    anywhere = (token & (b.categories[at] == C.UNSPACED)).any(axis=1)
    if cells:
        cell = C._CELLS[flags]
        width[:] = np.where(anywhere, cell[np.arange(len(lines)), start], (cell * token).sum(axis=1))
    else:
        width[:] = np.where(anywhere, 1, stop - start)
    # A token not ended inside the window (or a window of white space only, the line
    # going on past it) is measured from the text.
    ended = (space & after).any(axis=1) & (~space[np.arange(len(lines)), start] | (lengths <= window))
    for j in np.flatnonzero(~ended).tolist():
        parts = texts[lines[j]].split(None, 1)
        width[j] = first_word_width(parts[0], cells) if parts else 0
        letter[j] = bool(parts) and has_letters(parts[0])
    return width, letter


def _wrapped(
    page: np.ndarray,
    texts: list[str],
    adjacent: np.ndarray,
    widths: np.ndarray,
    cells: bool,
    only: np.ndarray | None = None,
    found: np.ndarray | None = None,
    b: C.Batch | None = None,
) -> np.ndarray:
    """:func:`continued_lines` with the lines' ``widths`` measured one way (``cells``: as for
    :func:`first_word_width`); runs are tested at their own width only when they hold a
    line of ``only`` (all runs when None), and at their page's width in any case. ``found``
    marks the lines found wrapped the other way: a run of them holding no line of ``only``
    is as wide either way, and shows its page's width as a run found here does. ``b`` is
    :func:`boilerplate.chars.encode` of ``texts`` when the caller has it already."""
    n = len(texts)
    if b is None:
        b = C.encode(texts)
    run_start = np.ones(n, dtype=bool)
    run_start[1:] = ~adjacent[:-1]
    starts = np.flatnonzero(run_start)
    run_of = np.cumsum(run_start) - 1
    run_width = np.maximum.reduceat(widths, starts)[run_of]
    # A run whose widths both measures agree on was tested already, at its own width;
    # at a page's width (below) it is tested again, since that width may differ.
    if only is None:
        in_scope = np.ones(n, dtype=bool)
    else:
        scoped = np.zeros(len(starts), dtype=bool)
        scoped[run_of[only]] = True
        in_scope = scoped[run_of]
    lo, hi = WRAP_WIDTHS
    # each run's gaps: all its lines but the last are adjacent to the next
    gaps = np.diff(starts, append=n) - 1

    def wrapped_at(width: np.ndarray, candidates: np.ndarray, min_breaks: int) -> np.ndarray:
        broken = np.zeros(n, dtype=bool)
        # The candidates, line by line (``at``), with their runs; only runs with enough
        # candidates can have enough breaks: test no other.
        at = np.flatnonzero(candidates & adjacent & (widths >= WRAP_MIN_FILL * width))
        run = run_of[at]
        enough = np.bincount(run, minlength=len(starts))[run]
        keep = (enough >= min_breaks) & (enough >= WRAP_BREAK_SHARE * gaps[run])
        at, run = at[keep], run[keep]
        if not at.size:
            return broken
        first_width, letter = _first_words(texts, b, at + 1, cells)
        # broken for want of room, and the next line's first token holds a letter
        room = (widths[at] + 1 + first_width > width[at]) & letter
        # A next line that repeats the line starts something new.
        for k in np.flatnonzero(room & (b.lengths[at] == b.lengths[at + 1])).tolist():
            i = int(at[k])
            room[k] = texts[i + 1] != texts[i]
        at, run = at[room], run[room]
        breaks = np.bincount(run, minlength=len(starts))[run]
        broken[at[(breaks >= min_breaks) & (breaks >= WRAP_BREAK_SHARE * gaps[run])]] = True
        return broken

    out = wrapped_at(run_width, in_scope & (run_width >= lo) & (run_width <= hi), WRAP_MIN_BREAKS)
    shown = out if found is None else out | (found & ~in_scope)
    if shown.any():
        # The page is wrapped at that width: its other runs no wider (a paragraph of
        # two lines, with one break) are wrapped at it too.
        page_of = np.cumsum(_first_lines(page)) - 1
        page_width = np.zeros(int(page_of[-1]) + 1, dtype=np.int64)
        np.maximum.at(page_width, page_of[shown], run_width[shown])
        width = page_width[page_of]
        wrapped_run = np.zeros(len(starts), dtype=bool)
        wrapped_run[run_of[shown]] = True
        out |= wrapped_at(width, ~wrapped_run[run_of] & (run_width <= width), 1)
    return out


class LineTable(NamedTuple):
    """What :func:`line_table` computes for a batch of lines.

    A hard-wrapped paragraph's lines share its features and word count; ``n_chars``
    stays each line's own, and ``unit_start`` is false on the lines that continue
    a paragraph (see :func:`continued_lines`).
    """

    values: np.ndarray  # (lines, len(FEATURE_NAMES)): the features, in FEATURE_NAMES order; Fortran-ordered
    n_chars: np.ndarray  # each line's length in characters
    n_words: np.ndarray  # the words of each line's paragraph, as text.word_count counts them
    unit_start: np.ndarray  # true on each paragraph's first line (all lines, unless hard-wrapped)
    filler: np.ndarray  # true on fillers (see FILLER_MIN_COUNT; a table's cell is none): the cleaner's passes skip them
    tables: np.ndarray  # true on the lines of tables printed one cell per line (table_lines), fillers left out
    code: np.ndarray  # true on lines of code (is_code_line; each line of a hard-wrapped paragraph: is_code_line of the paragraph, its lines joined by a space), for the cleaner's code pass
    credit: np.ndarray  # true on lines holding a CREDIT_CHARS character (each line of a hard-wrapped paragraph: when the paragraph does), for the cleaner's credits pass
    caption: np.ndarray  # true on the other lines ending in a photo's credit (text.ends_in_credit; each line of a hard-wrapped paragraph: when the paragraph does), and on a caption's sentence and its credit on the line right under it (text.credit_below), for the credits pass
    reprint: np.ndarray | None = None  # true on the sentences of runs the page prints again in the same order (see REPRINT_MIN_WORDS; each line of a hard-wrapped paragraph: when the paragraph is one), for the cleaner's reprints pass
    texts: list[str] | None = None  # the lines as line_table was given them, read as the features read them (text.script_stops: a Greek ';' is U+037E), for the cohesion and headline passes (without them neither runs)
    batch: C.Batch | None = None  # chars.encode of texts, each line on its own (not joined into paragraphs), for the cohesion pass (without it, it encodes texts again)
    unit_of: np.ndarray | None = None  # set by line_table(..., by_paragraph=True) on hard-wrapped lines: values then holds one row per paragraph, and this each line's row

    def column(self, j: int) -> np.ndarray:
        """Feature ``j`` (an index into FEATURE_NAMES) of every line, also when :attr:`values` holds one row per paragraph.

        >>> wrapped = ["The council approved the new budget on Tuesday after a long",
        ...            "debate that ran late into the night. Members voted nine to",
        ...            "four, and the mayor signed it at once.", "", "Most read"]
        >>> t = line_table(np.zeros(4, int), np.array([1, 2, 3, 5]), [s for s in wrapped if s], by_paragraph=True)
        >>> len(t.values), t.unit_of.tolist(), t.column(FEATURE_NAMES.index("ends_sentence")).tolist()
        (2, [0, 0, 0, 1], [1.0, 1.0, 1.0, 0.0])
        """
        column = self.values[:, j]
        return column if self.unit_of is None else column[self.unit_of]


def one_block_per_line(page: np.ndarray, line_no: np.ndarray, continued: np.ndarray) -> np.ndarray:
    """True on the lines of each page of two or more lines that has no blank line
    between its lines and no hard wrap (``continued``, see :func:`continued_lines`).

    Such a page is laid out one block per line, as a Common Crawl WET record is (and
    some HTML-to-text renderings): there, a line stands apart as a paragraph between
    blank lines does on the pages the model learned from, where adjacent lines are
    mostly a menu's items. So the ``blank_before`` and ``blank_after`` features take
    every line of it as standing apart; read as they come, every line would look like
    a menu item.

    >>> one_block_per_line(np.array([0, 0, 0, 1, 1, 2]), np.array([2, 3, 4, 1, 3, 1]), np.zeros(6, bool)).tolist()
    [True, True, True, False, False, False]
    """
    n = len(line_no)
    first = _first_lines(page)
    joined = np.zeros(n, dtype=bool)  # the line follows the one before it on its page, with no blank line between
    joined[1:] = ~first[1:] & (line_no[1:] == line_no[:-1] + 1)
    if not joined.any():
        return joined
    page_of = np.cumsum(first) - 1
    apart = np.bincount(page_of, weights=(~first & ~joined) | continued)  # blank lines between, or wraps
    lines = np.bincount(page_of)
    return (apart[page_of] == 0) & (lines[page_of] > 1)


def line_table(page: np.ndarray, line_no: np.ndarray, texts: list[str], *, by_paragraph: bool = False) -> LineTable:
    """The features of non-blank, stripped lines sorted by page and line number.

    ``page`` holds each line's page (consecutive lines of one page share a value),
    ``line_no`` its 1-based number in the page (gaps are blank lines), ``texts``
    the lines with surrounding white space stripped. The cleaner's batch path
    (:func:`boilerplate.cleaner.decide_pages`) calls this directly; :func:`featurize`
    and :func:`page_features` wrap it in a DataFrame.

    The lines of a hard-wrapped paragraph (:func:`continued_lines`) are featurized
    as the one line they were before wrapping, and each gets that line's features.
    With ``by_paragraph``, ``values`` then holds one row per paragraph and
    ``unit_of`` each line's row (:meth:`LineTable.column` reads a feature of every
    line): the model need not score a paragraph's row once per line.

    >>> t = line_table(np.array([0, 0]), np.array([1, 3]), ["ক খ", "গ।"])
    >>> t.n_words.tolist(), t.values[:, FEATURE_NAMES.index("ends_sentence")].tolist()
    ([2, 1], [0.0, 1.0])
    """
    n = len(texts)
    b = C.encode(texts)
    marks = np.flatnonzero((b.codes == ord(";")) | (b.codes == ord(":")))
    if marks.size:
        # A semicolon after a Greek letter is the Greek question mark, a colon after an
        # Armenian letter the Armenian full stop (text.script_stops): only lines with one
        # after such a letter or a combining mark are read again.
        before = b.codes[np.maximum(marks - 1, 0)]
        greek = ((before >= 0x300) & (before < 0x400)) | ((before >= 0x1F00) & (before < 0x2000))
        armenian = ((before >= 0x300) & (before < 0x370)) | ((before >= 0x531) & (before < 0x589)) | ((before >= 0xFB13) & (before < 0xFB18))
        typed = np.where(b.codes[marks] == ord(";"), greek, armenian)
        read = {i: script_stops(texts[i]) for i in np.unique(b.line_of[marks[typed]]).tolist()}
        read = {i: text for i, text in read.items() if text is not texts[i]}
        if read:
            texts = [read.get(i, text) for i, text in enumerate(texts)]
            b = C.encode(texts)
    continued = continued_lines(page, line_no, texts, b)
    one_per_line = one_block_per_line(page, line_no, continued)
    if not continued.any():
        return _unit_table(page, line_no, texts, b, one_per_line)
    unit_start = np.ones(n, dtype=bool)
    unit_start[1:] = ~continued[:-1]
    heads = np.flatnonzero(unit_start)
    tails = np.append(heads[1:], n) - 1
    unit_of = np.cumsum(unit_start) - 1
    # Number the paragraphs as the unwrapped page would: each takes one line, blank lines stay.
    page_start = _first_lines(page)
    start_of = np.flatnonzero(page_start)[np.cumsum(page_start) - 1]
    removed = np.cumsum(~unit_start)  # continuation lines so far
    unit_no = line_no[heads] - (removed[heads] - removed[start_of[heads]])
    joined = list(map(texts.__getitem__, heads.tolist()))
    for k in np.flatnonzero(tails > heads).tolist():
        joined[k] = " ".join(texts[heads[k] : tails[k] + 1])
    units = _unit_table(page[heads], unit_no, joined, C.join(b, unit_start), one_per_line[heads])
    if by_paragraph:
        values = units.values
    else:
        # Rows repeated through the transpose, so the table stays Fortran-ordered (a plain
        # values[unit_of] would be C-ordered): the model reads it column by column.
        values = np.take(units.values.T, unit_of, axis=1).T
    return LineTable(
        values,
        b.lengths,
        units.n_words[unit_of],
        unit_start,
        units.filler[unit_of],
        units.tables[unit_of],
        units.code[unit_of],
        units.credit[unit_of],
        units.caption[unit_of],
        units.reprint[unit_of],
        texts,
        b,
        unit_of if by_paragraph else None,
    )


def _footnotes(b: C.Batch) -> tuple[np.ndarray, np.ndarray]:
    """The footnote references (:data:`~boilerplate.text.FOOTNOTE`: ``[12]``) of a batch:
    where each starts and the position after it, sorted. Brackets are code symbols, so
    only the lines holding two or more are searched."""
    lines = np.flatnonzero(b.counts[:, C.CODE] >= 2)
    if not lines.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pos = b.positions(lines)
    close = pos[b.codes[pos] == ord("]")]
    starts, afters = [], []
    digits = np.ones(len(close), dtype=bool)  # the d characters before the bracket are digits
    for d in range(1, 5):
        before = close - d
        digits &= (before > 0) & (b.categories[np.maximum(before, 0)] == C.DIGIT)
        digits &= b.line_of[np.maximum(before, 0)] == b.line_of[close]
        opening = close - d - 1
        hit = digits & (opening >= 0)
        hit &= (b.codes[np.maximum(opening, 0)] == ord("[")) & (b.line_of[np.maximum(opening, 0)] == b.line_of[close])
        starts.append(opening[hit])
        afters.append(close[hit] + 1)
    start, after = np.concatenate(starts), np.concatenate(afters)
    order = np.argsort(start)
    return start[order], after[order]


def _past_footnotes(at: np.ndarray, line_end: np.ndarray, codes: np.ndarray, start: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Each position of ``at`` moved past the footnote references that start there, one after another, within its line."""
    if not start.size:
        return at
    at = at.copy()
    moving = np.flatnonzero(codes[np.minimum(at, len(codes) - 1)] == ord("["))  # few: a bracket right there
    while moving.size:
        k = np.minimum(np.searchsorted(start, at[moving]), len(start) - 1)
        hit = (start[k] == at[moving]) & (at[moving] < line_end[moving])
        moving = moving[hit]
        at[moving] = after[k[hit]]
    return at


def _in_ellipsis(b: C.Batch, idx: np.ndarray) -> np.ndarray:
    """Which of the sentence ends at ``idx`` (sorted positions) are part of an ellipsis:
    a run of adjacent sentence ends of one line, all of them ellipses (``…``) and full
    stops (:data:`~boilerplate.text.ELLIPSIS_DOTS`), holding an ellipsis or three or more
    full stops (:func:`~boilerplate.text.ends_in_ellipsis`)."""
    if not idx.size:
        return np.zeros(0, dtype=bool)
    codes = b.codes[idx]
    ellipsis = codes == ord(ELLIPSIS)
    dotted = ellipsis | np.isin(codes, [ord(c) for c in ELLIPSIS_DOTS])
    new_run = np.ones(len(idx), dtype=bool)
    new_run[1:] = (idx[1:] != idx[:-1] + 1) | (b.line_of[idx[1:]] != b.line_of[idx[:-1]])
    run = np.cumsum(new_run) - 1
    size = np.bincount(run)
    elided = (np.bincount(run, weights=dotted) == size) & ((np.bincount(run, weights=ellipsis) > 0) | (size >= 3))
    return elided[run]


def _unit_table(page: np.ndarray, line_no: np.ndarray, texts: list[str], b: C.Batch, one_per_line: np.ndarray) -> LineTable:
    """:func:`line_table` for lines that are each a paragraph or less (no hard wraps); ``b`` encodes ``texts``,
    ``one_per_line`` marks the lines of pages laid out one block per line (:func:`one_block_per_line`)."""
    n = len(texts)
    out = np.zeros((n, len(FEATURE_NAMES)), order="F")
    if n == 0:
        return LineTable(
            out,
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            np.ones(0, dtype=bool),
            np.zeros(0, dtype=bool),
            np.zeros(0, dtype=bool),
            np.zeros(0, dtype=bool),
            np.zeros(0, dtype=bool),
            np.zeros(0, dtype=bool),
            np.zeros(0, dtype=bool),
            texts,
            b,
        )
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    first = _first_lines(page)
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    page_starts = np.flatnonzero(first)
    page_ends = np.append(page_starts[1:], n)
    page_of = np.cumsum(first) - 1
    start_of = page_starts[page_of]
    end_of = page_ends[page_of]

    # Characters: counts per line from one pass over the batch's code points.
    n_chars = b.lengths
    non_space = n_chars - b.count(C.ASCII_SPACE, C.OTHER_SPACE)
    digits = b.count(C.DIGIT)
    latin = b.count(C.LATIN)
    punct = b.count(C.PUNCT, C.CODE, C.COLON, C.NUMBER_MARK)
    letters = b.count(C.LATIN, C.LETTER, C.UNSPACED, C.UNSPACED_BRAHMIC)
    number_marks = b.count(C.NUMBER_MARK, C.COLON)
    colons = b.count(C.COLON)

    # Words: white-space tokens, as str.split makes them.
    space = b.categories < C.OTHER  # the two white-space categories
    n_tokens = _token_counts(b, space, n_chars - non_space)
    # As text.word_count: tokens holding letters of a script written without spaces give
    # way to that script's letters, CHARS_PER_UNSPACED_WORD or LETTERS_PER_BRAHMIC_WORD a word.
    n_words = n_tokens.copy()
    han = b.counts[:, C.UNSPACED]
    brahmic = b.counts[:, C.UNSPACED_BRAHMIC]
    unspaced_lines = np.flatnonzero(han + brahmic)
    if unspaced_lines.size:
        n_words[unspaced_lines] += (
            -(-han[unspaced_lines] // CHARS_PER_UNSPACED_WORD)
            - (-brahmic[unspaced_lines] // LETTERS_PER_BRAHMIC_WORD)
            - _tokens_holding(b, space, unspaced_lines, (b.categories == C.UNSPACED) | (b.categories == C.UNSPACED_BRAHMIC))
        )

    # Sentence ends, as text.ends_sentence and text.count_inner_sentence_ends: a sentence
    # end followed by k = 0..MAX_CLOSING closing marks and any footnote references
    # (text.FOOTNOTE), then the end of the line or white space inside it; a run of
    # sentence ends that is an ellipsis (text.ends_in_ellipsis) is none…
    flags = np.concatenate((b.flags, np.zeros(MAX_CLOSING + 1, dtype=np.uint8)))
    spaced = np.concatenate((space, np.zeros(MAX_CLOSING + 1, dtype=bool)))
    last_char = b.starts + n_chars - 1
    idx = np.flatnonzero((b.flags & C.END) != 0)  # a bool mask: flatnonzero reads it several times faster than uint8
    line_end = (b.starts + n_chars)[b.line_of[idx]]
    notes = _footnotes(b)
    at_eol = np.zeros(len(idx), dtype=bool)
    followed = np.zeros(len(idx), dtype=bool)
    closed_after = np.ones(len(idx), dtype=bool)  # the k characters after the end are closing marks
    for k in range(MAX_CLOSING + 1):
        after = _past_footnotes(idx + k + 1, line_end, b.codes, *notes)
        at_eol |= closed_after & (after == line_end)
        followed |= closed_after & (after < line_end) & spaced[np.minimum(after, len(spaced) - 1)]
        closed_after = closed_after & ((flags[idx + k + 1] & C.CLOSING) > 0)
    # …and a list's number is none: a full stop after one to LIST_NUMBER_DIGITS digits
    # that start the line (text.LIST_NUMBER_DIGITS)
    offset = idx - b.starts[b.line_of[idx]]
    list_number = (offset >= 1) & (offset <= LIST_NUMBER_DIGITS) & (b.codes[idx] == ord("."))
    for k in range(1, LIST_NUMBER_DIGITS + 1):
        list_number &= (k > offset) | (b.categories[np.maximum(idx - k, 0)] == C.DIGIT)
    sentence = ~_in_ellipsis(b, idx) & ~list_number
    ends = np.zeros(n, dtype=bool)
    ends[b.line_of[idx[at_eol & sentence]]] = True
    inner = np.bincount(b.line_of[idx[followed & sentence]], minlength=n)
    last_codes = b.codes[last_char]  # each line's last character
    ends_colon = np.isin(last_codes, [ord(c) for c in COLON_ENDS])

    # Duplicates within a page: the same text with white space folded.
    # Only lines with white space other than single ASCII spaces need folding.
    plain_spaces = b.count(C.ASCII_SPACE)
    fold = np.flatnonzero((plain_spaces != n_tokens - 1) | (plain_spaces != n_chars - non_space))
    keys = list(texts)
    for i in fold.tolist():
        keys[i] = normalize(texts[i])
    same = _same_text_groups(keys, page_of)
    dup_count = np.bincount(same)[same] - 1
    same_as_prev = np.zeros(n, dtype=bool)
    same_as_prev[1:] = same[1:] == same[:-1]
    dup_prev = same_as_prev
    dup_next = np.zeros(n, dtype=bool)
    dup_next[:-1] = same_as_prev[1:]
    prefix_of_other, extends_other = _prefix_flags(keys, n_tokens, np.arange(n) - start_of, start_of, end_of, b, fold)
    reprint = _reprinted_runs(same, ends & (n_words >= REPRINT_MIN_WORDS), first)

    short = (n_words <= SHORT_LINE_WORDS) & ~ends & (inner == 0)
    filler = (dup_count >= FILLER_MIN_COUNT - 1) & (n_words <= FILLER_MAX_WORDS) & short & (letters > 0) & ~ends_colon
    # Tables printed one cell per line (for the cleaner's tables pass). A table's cells
    # repeat (a column that says "DL" on every row, a town on many rows): a cell is no
    # filler. The tables are then found again without the fillers, so that a filler
    # between two rows does not break a table.
    kinds = np.where(letters > 0, TEXT_CELL, np.where(digits > 0, NUMBER_CELL, OTHER_CELL)).astype(np.int8)
    cell = n_words <= TABLE_HEADER_MAX_WORDS
    tables = table_lines(kinds, first, header_cells(line_no, first, cell))
    filler &= ~tables
    # The lines that are not fillers (``rest``) and the first of them on each page.
    has_fillers = bool(filler.any())
    if has_fillers:
        rest: slice | np.ndarray = ~filler
        first_rest = _first_lines(page_of[rest])
        tables = np.zeros(n, dtype=bool)
        tables[rest] = table_lines(kinds[rest], first_rest, header_cells(line_no[rest], first_rest, cell[rest]))
    else:
        rest, first_rest = slice(None), first
    index = np.arange(n)
    # The nearest line before and after on the page that is not a filler (-1: none),
    # whose features are the neighbour features.
    kept = np.where(filler, -1, index)
    source_prev = np.concatenate(([-1], np.maximum.accumulate(kept)[:-1]))
    source_prev[source_prev < start_of] = -1
    kept = np.where(filler, n, index)
    source_next = np.concatenate((np.minimum.accumulate(kept[::-1])[::-1][1:], [n]))
    source_next[source_next >= end_of] = -1
    if has_fillers:
        # A line repeats the line next to it across a filler, as across a blank line;
        # a filler's own flags stay those of its adjacent lines.
        for dup, source in ((dup_prev, source_prev), (dup_next, source_next)):
            other = ~filler & (source >= 0)
            dup[~filler] = False
            dup[other] = same[other] == same[source[other]]
    # A filler continues a run of short lines without counting in it, as a blank line would.
    short_run = np.minimum(_run_lengths(short, first, filler if has_fillers else None), SHORT_RUN_CAP)
    text_like = (n_words >= TEXT_LINE_WORDS) & (ends | (inner > 0)) & ~dup_prev & ~dup_next
    has_date = np.zeros(n, dtype=bool)
    maybe_date = (digits > 0) & (n_words <= DATE_MAX_WORDS)
    has_date[date_lines(texts, np.flatnonzero(maybe_date).tolist(), np.flatnonzero(colons > 0).tolist())] = True

    # Where a line sits in its page (position, length rank, share of the characters)
    # and the density windows below count only the lines that are not fillers, as if
    # the fillers were blank lines: counted[i] is how many such lines come before line i.
    if has_fillers:
        counted = np.concatenate(([0], np.cumsum(rest)))
        # A page's fillers rank first, below all its other lines, and hold none of its characters.
        order = _length_order(page_of, n_chars, rest)
        page_chars = np.bincount(page_of, weights=np.where(filler, 0, n_chars))
    else:
        counted = np.arange(n + 1)
        order = _length_order(page_of, n_chars)
        page_chars = np.bincount(page_of, weights=n_chars)
    at, page_start, page_end = counted[index], counted[start_of], counted[end_of]

    # Per page: position, ranks, the article block and its headline candidate.
    size = page_end - page_start
    rel_pos = np.where(size > 1, (at - page_start) / np.maximum(size - 1, 1), 0.0)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = index
    below = (end_of - start_of) - size  # the page's fillers
    len_rank = np.where(size > 1, np.maximum(rank - start_of - below, 0) / np.maximum(size - 1, 1), 1.0)
    char_share = n_chars / np.maximum(page_chars[page_of], np.maximum(n_chars, 1))
    excluded = dup_prev | dup_next | (extends_other > 0) | ends | has_date
    block_start, block_end = _blocks(text_like, n_chars, first, page_of, end_of)
    # The headline candidate: among the TITLE_WINDOW lines above the block, those not
    # excluded, the one with most words that have letters (menus are mostly
    # separators), then the nearest the block. A page with no running text has no
    # article and so no headline (else the last line of a bare menu would be kept as one).
    window = (
        (block_start < block_end)
        & (index < block_start)
        & (index >= np.maximum(start_of, block_start - TITLE_WINDOW))
        & ~excluded
    )
    title = np.zeros(n)
    candidates = np.flatnonzero(window)
    if candidates.size:
        # Words with letters: white-space tokens holding one, counted as n_words counts
        # them (a Han, kana, Thai … headline is one token but many words).
        letter_words = _tokens_holding(b, space, candidates, (b.flags & C.IS_LETTER) > 0) + (
            n_words[candidates] - n_tokens[candidates]
        )
        order = candidates[np.lexsort((candidates, letter_words, page_of[candidates]))]
        best = np.ones(len(order), dtype=bool)
        best[:-1] = page_of[order][1:] != page_of[order][:-1]
        title[order[best]] = 1.0
    before = index < block_start
    after = index >= block_end

    # Running-text density in windows around each line, within its page, over the
    # lines that are not fillers (a filler's own windows stay 0: it is chrome whatever
    # its features, and no other line reads them).
    chars_f = n_chars[rest].astype(float)
    text_rest = text_like[rest]
    cum_lines = np.concatenate(([0.0], np.cumsum(text_rest)))
    cum_text = np.concatenate(([0.0], np.cumsum(text_rest * chars_f)))
    cum_chars = np.concatenate(([0.0], np.cumsum(chars_f)))
    at_rest, start_rest, end_rest = at[rest], page_start[rest], page_end[rest]
    page_rest, starts_rest = np.cumsum(first_rest) - 1, np.flatnonzero(first_rest)
    for w in DENSITY_WINDOWS:
        lo, hi = np.maximum(at_rest - w, start_rest), np.minimum(at_rest + w + 1, end_rest)
        text_in = cum_text[hi] - cum_text[lo]
        out[rest, col[f"text_lines_{w}"]] = (cum_lines[hi] - cum_lines[lo]) / (hi - lo)
        out[rest, col[f"text_chars_{w}"]] = text_in / np.maximum(1.0, cum_chars[hi] - cum_chars[lo])
        page_max = np.maximum.reduceat(text_in, starts_rest)
        out[rest, col[f"text_mass_{w}"]] = text_in / np.maximum(1.0, page_max[page_rest])

    gap_before = np.where(first, line_no - 1, line_no - np.roll(line_no, 1)) > (~first).astype(int)
    gap_after = np.zeros(n, dtype=bool)
    gap_after[:-1] = (line_no[1:] - line_no[:-1] > 1) & ~last[:-1]
    # On a page laid out one block per line, every line stands apart.
    gap_before |= one_per_line & ~first
    gap_after |= one_per_line & ~last
    if has_fillers:
        # A line beside a filler is beside a gap, as when the filler is a blank line
        # (and, as blank lines, fillers that end a page leave no gap after its last
        # line, blank lines before them or not).
        gap_before[1:] |= filler[:-1] & ~first[1:]
        gap_after[:-1] |= filler[1:] & ~last[:-1] & (source_next[:-1] >= 0)
        gap_after &= (source_next >= 0) | filler
    safe = np.maximum(non_space, 1)
    values = {
        "len_chars": _log(n_chars),
        "len_words": _log(n_words),
        "ends_sentence": ends,
        "inner_sentence_ends": _log(inner),
        "text_like": text_like,
        "ends_colon": ends_colon,
        "long_no_sentence_end": (n_words >= LONG_NO_END_WORDS) & ~ends & (inner == 0),
        "is_number": (digits > 0) & (digits + number_marks == non_space) & (non_space == n_chars),
        "has_letters": letters > 0,
        "digit_ratio": digits / safe,
        "latin_ratio": latin / safe,
        "punct_ratio": punct / safe,
        "has_date": has_date,
        "dup_prev": dup_prev,
        "dup_next": dup_next,
        "dup_count": _log(dup_count),
        "prefix_of_other": prefix_of_other,
        "extends_other": extends_other,
        "rel_pos": rel_pos,
        "blank_before": gap_before,
        "blank_after": gap_after,
        "short_run": _log(short_run),
        "len_rank": len_rank,
        "char_share": char_share,
        "before_block": before,
        "in_block": ~before & ~after,
        "after_block": after,
        "dist_before_block": np.where(before, _log(np.maximum(counted[block_start] - at, 0)), 0.0),
        "dist_after_block": np.where(after, _log(np.maximum(at - counted[block_end] + 1, 0)), 0.0),
        "title_candidate": title,
        # A logistic model cannot multiply features itself: after the article,
        # a line with no sentence end is almost always a list or a prompt.
        "after_block_no_end": after & ~ends & (inner == 0),
    }
    for name, value in values.items():
        out[:, col[name]] = value
    # Neighbour features: those of source_prev and source_next (0 where there is none).
    # Most lines' source is the line right next to them: their values are copied as the
    # column shifted by one (the table is Fortran-ordered, so each column is contiguous),
    # and only the others' gathered.
    for side, source, step in (("prev", source_prev, 1), ("next", source_next, -1)):
        other = np.flatnonzero((source != index - step) | (source < 0))
        at, none = np.maximum(source[other], 0), source[other] < 0
        for name in NEIGHBOUR_FEATURES:
            column, own = out[:, col[f"{side}:{name}"]], out[:, col[name]]
            if step == 1:
                column[1:] = own[:-1]
            else:
                column[:-1] = own[1:]
            column[other] = np.where(none, 0.0, own[at])
    code_chars = b.count(C.CODE)
    by_end = np.isin(last_codes, [ord(c) for c in CODE_ENDS])
    # Of the lines code by their share alone, few hold a bracketed ellipsis or a link's
    # arrow, whose marks do not count (text.uncounted_code_symbols).
    for i in np.flatnonzero((code_chars > 0) & (code_chars >= CODE_MIN_SHARE * non_space) & ~by_end).tolist():
        code_chars[i] -= uncounted_code_symbols(texts[i])
    code = ((code_chars > 0) & (code_chars >= CODE_MIN_SHARE * non_space)) | by_end
    credit = np.zeros(n, dtype=bool)
    for sign in CREDIT_CHARS:
        credit[b.line_of[np.flatnonzero(b.codes == ord(sign))]] = True
    # Captions ending in their credit (text.ends_in_credit): only lines with a sentence
    # or three, not ending in one or in a colon, holding a colon, a slash or a visarga.
    marked = np.zeros(n, dtype=bool)
    marked[b.line_of[np.flatnonzero((b.codes == ord("/")) | (b.codes == ord("ঃ")))]] = True  # np.isin: 10× slower
    bracketed = (inner == 0) & (last_codes == ord(")"))  # words closing in a bracketed credit
    candidates = ((inner > 0) | bracketed) & (inner <= CREDIT_MAX_SENTENCES) & ~ends & ~ends_colon & (marked | (colons > 0))
    caption = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(candidates & ~credit).tolist():
        caption[i] = ends_in_credit(texts[i])
    # Captions with their credit on the line right below (text.credit_below): a line of a
    # sentence or three ending in one, and under it, with no blank line between, a line
    # not ending in one that holds a colon, a slash or a visarga; both lines are the caption.
    under = np.zeros(n, dtype=bool)
    under[:-1] = (page[1:] == page[:-1]) & (line_no[1:] == line_no[:-1] + 1)
    credit_like = ~ends & ~ends_colon & (marked | (colons > 0)) & ~credit & ~caption
    above = under & ends & (inner < CREDIT_MAX_SENTENCES) & ~credit & ~caption
    above[:-1] &= credit_like[1:]
    for i in np.flatnonzero(above).tolist():
        if credit_below(texts[i], texts[i + 1]):
            caption[i] = caption[i + 1] = True
    return LineTable(out, n_chars, n_words, np.ones(n, dtype=bool), filler, tables, code, credit, caption, reprint, texts, b)


def page_features(lines: Sequence[str]) -> pd.DataFrame:
    """Features of every non-blank line of one page.

    ``lines`` are the page's lines as :meth:`str.splitlines` gives them. The result
    has one row per non-blank line, indexed by its 1-based line number, with the
    columns of :data:`FEATURE_NAMES`.

    >>> f = page_features(["শিরোনাম", "", "এটি একটি দীর্ঘ বাক্য যা অনুচ্ছেদের মতো পড়ে এবং শেষ হয়।"])
    >>> list(f.index), int(f.loc[3, "ends_sentence"]), int(f.loc[1, "next:ends_sentence"])
    ([1, 3], 1, 1)
    """
    import pandas as pd

    line_nos, texts = non_blank(lines)
    table = line_table(np.zeros(len(texts), dtype=np.int64), np.asarray(line_nos, dtype=np.int64), texts).values
    return pd.DataFrame(table, columns=list(FEATURE_NAMES), index=pd.Index(line_nos, name="line_no", dtype=np.int64))


#: Columns of the frame that :func:`featurize` (and so the model) takes as input.
INPUT_COLUMNS = ("page", "line_no", "text")


def featurize(X: pd.DataFrame) -> pd.DataFrame:
    """Features for a frame of non-blank lines from one or more pages.

    ``X`` has the columns ``page`` (any id but a missing one), ``line_no`` (1-based) and ``text``,
    one row per non-blank line (a missing text, such as NaN, is none). Each page is
    made of its rows (gaps in ``line_no`` are blank lines); rows come back in ``X``'s
    order, with ``X``'s index.

    >>> import pandas as pd
    >>> X = pd.DataFrame({"page": [0, 0], "line_no": [1, 3], "text": ["ক খ", "গ।"]})
    >>> featurize(X)["blank_after"].tolist()
    [1.0, 0.0]
    """
    import pandas as pd

    missing = [c for c in INPUT_COLUMNS if c not in X.columns]
    if missing:
        raise ValueError(f"featurize needs the columns {list(INPUT_COLUMNS)}; missing {missing}.")
    page_codes = pd.factorize(X["page"], sort=False)[0].astype(np.int64)
    if (page_codes < 0).any():  # factorize numbers a missing id (None, NaN) -1
        k = int((page_codes < 0).sum())
        rows = "1 row has" if k == 1 else f"{k} rows have"
        raise ValueError(f"featurize needs each row's page; {rows} none (None or NaN): give each page an id.")
    line_no = X["line_no"].to_numpy(dtype=np.int64)
    order = np.lexsort((line_no, page_codes))
    values = X["text"].to_numpy()[order]
    if values.dtype == object and any(isinstance(t, (bytes, bytearray)) for t in values):
        raise TypeError("featurize takes each line's text as a str, not bytes: decode the text first.")
    texts = [strip_line(str(t)) for t in values]
    page_sorted, line_sorted = page_codes[order], line_no[order]
    repeated = (page_sorted[1:] == page_sorted[:-1]) & (line_sorted[1:] == line_sorted[:-1])
    if any(not t for t in texts) or X["text"].isna().any() or repeated.any() or (line_sorted < 1).any():
        raise ValueError("featurize takes each non-blank line exactly once and no blank line.")
    table = np.empty((len(texts), len(FEATURE_NAMES)))
    table[order] = line_table(page_sorted, line_sorted, texts).values
    return pd.DataFrame(table, columns=list(FEATURE_NAMES), index=X.index)


def feature_names_out(transformer=None, input_features=None) -> np.ndarray:
    """The output names for scikit-learn's ``FunctionTransformer``."""
    return np.asarray(FEATURE_NAMES, dtype=object)
