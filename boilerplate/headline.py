"""The headline pass: the line above the article that says what the article says.

The model keeps the headline of pages like those it learned from, where a byline
and a date separate it from the first paragraph. On other sites the headline sits
above a teaser, a photo and its caption, share buttons and the like, and looks like
any short line of the page: the model drops it. What tells it from the related
headlines and menu items around it is its words: a headline names the article's
subject, so its rarer words come back in the article.

:func:`headline_lines` looks at the :data:`HEADLINE_WINDOW` lines above each page's
first kept line and takes the one whose words that line, the article's lead,
repeats most: words weighed by their rarity among those lines (the *inverse document
frequency* of information retrieval, the lines being the documents), at least
:data:`HEADLINE_MIN_SHARE` of the candidate's weight found in the lead, and the
most weight found wins. A word (:func:`words`) is a run of characters between white
space, punctuation and symbols, in lower case and without invisible format
characters (a soft hyphen, a direction mark) for the comparison only; in scripts
written without spaces (Chinese, Japanese, Thai, …) each pair of adjacent letters
is a word. No site's strings and no word lists are involved. The pass runs last
(:func:`boilerplate.cleaner.smooth_table`), above the article the other passes
settled.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction
from functools import lru_cache
from math import isqrt

import numpy as np

from . import chars as C
from .text import is_variation_selector

#: How many non-blank lines above the first kept line are looked at (a hard-wrapped paragraph counting as one).
HEADLINE_WINDOW = 10

#: How many characters of the article's first kept line, its lead, a candidate is
#: compared with: a headline's words come back in the lead.
LEAD_CHARS = 300

#: The least share of a candidate's word weight that the lead must hold.
HEADLINE_MIN_SHARE = Fraction(1, 2)

#: The fewest distinct words a candidate has: two words match by chance.
HEADLINE_MIN_WORDS = 4

#: The most words (:func:`boilerplate.text.word_count`) a candidate has: a headline, not a paragraph.
HEADLINE_MAX_WORDS = 30

# Character categories (boilerplate.chars) that part words: white space, punctuation, symbols.
_APART = np.zeros(C.N_CATEGORIES, dtype=bool)
_APART[[C.ASCII_SPACE, C.OTHER_SPACE, C.COLON, C.NUMBER_MARK, C.PUNCT, C.CODE]] = True
_PAIRED = np.zeros(C.N_CATEGORIES, dtype=bool)  # letters of scripts written without spaces
_PAIRED[[C.UNSPACED, C.UNSPACED_BRAHMIC]] = True
# What each category is to _word_keys, as bits of a mask (categories are below 16): a
# letter taken in pairs, or inside a word (neither apart nor paired).
_PAIRED_BITS = np.uint16(sum(1 << c for c in np.flatnonzero(_PAIRED).tolist()))
_IN_WORDS_BITS = np.uint16(sum(1 << c for c in np.flatnonzero(~_APART & ~_PAIRED).tolist()))


def _among(categories: np.ndarray, bits: np.uint16) -> np.ndarray:
    """Which of ``categories`` (uint8) are among the mask ``bits``'s: a shift, several times faster than a table's take."""
    return (bits >> categories) & 1 > 0


# A word's weight is counted in whole units of 1 / WEIGHT_UNITS.
WEIGHT_UNITS = 2**20

# An odd multiplier for the words' polynomial hashes, and one to set pairs apart from words.
_BASE = np.uint64(0x100000001B3)
_PAIR = np.uint64(0x9E3779B97F4A7C15)
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_PAGE_SALT = np.uint64(0x632BE59BD9B4E019)


def _log_units(top: int) -> np.ndarray:
    """The natural logarithm of each whole number from 1 to ``top`` (at index 0, 0) in
    whole units of 1 / :data:`WEIGHT_UNITS`: each prime's rounded, and a product's the
    sum of its factors'. So the rounding keeps every identity the logarithms hold
    (log 4 is twice log 2), and a share that is exactly :data:`HEADLINE_MIN_SHARE` stays it.
    A read-only view of a table built once per power of two."""
    return _log_table(1 << max(6, int(top).bit_length()))[: top + 1]


@lru_cache(maxsize=None)  # one table per power of two: a page's lines, at most
def _log_table(size: int) -> np.ndarray:
    """:func:`_log_units` of ``size - 1``, built with a sieve of each number's least prime factor."""
    number = np.arange(size)
    least = number.copy()  # each number's least prime factor (a prime's is itself)
    for p in range(2, isqrt(size - 1) + 1):
        if least[p] == p:
            multiples = least[p * p :: p]
            multiples[multiples == number[p * p :: p]] = p  # not yet struck by a smaller prime
    out = np.zeros(size, dtype=np.int64)
    prime = (least == number) & (number >= 2)
    out[prime] = np.round(np.log(number[prime]) * WEIGHT_UNITS).astype(np.int64)
    composite = np.flatnonzero(~prime & (number >= 2))
    for _ in range(size.bit_length()):  # a number has fewer prime factors than bits
        out[composite] = out[least[composite]] + out[composite // least[composite]]
    out.flags.writeable = False  # shared by every call through the cache
    return out


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """``base`` to the powers 0 to ``n - 1``, modulo 2**64.

    A read-only view of a table kept for each base, built again at the next power of
    two when a call needs more (up to :data:`WORD_CHUNK_CHARS` powers, 1 MB; more are
    built for that call alone)."""
    if n > WORD_CHUNK_CHARS:
        return _power_table(base, n)
    table = _POWER_TABLES.get(int(base))
    if table is None or len(table) < n:
        table = _power_table(base, 1 << max(6, (n - 1).bit_length()))
        table.flags.writeable = False  # shared by every later call
        _POWER_TABLES[int(base)] = table
    return table[:n]


_POWER_TABLES: dict[int, np.ndarray] = {}


def _power_table(base: np.uint64, n: int) -> np.ndarray:
    out = np.full(n, base, dtype=np.uint64)
    out[:1] = 1
    return np.multiply.accumulate(out)


def _salted(numbers: np.ndarray, salt: np.uint64) -> np.ndarray:
    """Keys for small whole numbers (pages, texts) unlike any word's: a word's key is
    the mix of its hash, and a short word's hash is a small number too."""
    return _mix(numbers.astype(np.uint64) * _PAIR + salt)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every bit of ``x`` (uint64) moves every bit of the result."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


#: What :func:`_fold` gives a format character (Unicode category Cf) or a variation
#: selector (:data:`boilerplate.text.VARIATION_SELECTOR_RANGES`): no character of the word.
_IGNORED = 0xFFFFFFFF
_FINAL_SIGMA, _SIGMA = 0x3C2, 0x3C3


def _fold(code: int) -> int:
    """The code point a character is compared as: its lower case, where :meth:`str.lower`
    maps it to one character (İ, which becomes two, stays), and final sigma as sigma
    (``ΤΗΣ`` is ``της``); :data:`_IGNORED` for an invisible format character (a soft
    hyphen, a direction mark, a zero-width joiner or space) and for a variation selector,
    which no word holds."""
    ch = chr(code)
    if unicodedata.category(ch) == "Cf" or is_variation_selector(ch):
        return _IGNORED
    low = ch.lower()
    code = ord(low) if len(low) == 1 else code
    return _SIGMA if code == _FINAL_SIGMA else code


@lru_cache(maxsize=1)
def _bmp_folds() -> np.ndarray:
    # _fold of each code point of the Basic Multilingual Plane, built once per process.
    # The format characters and variation selectors are those boilerplate.chars flags
    # both zero-width and closing (another combining mark is not closing, a closing
    # quote not zero-width): its
    # table is built anyway, and asking unicodedata each code point's category again
    # would triple the first page's cost of this table.
    table = np.arange(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        low = chr(code).lower()
        if len(low) == 1 and low != chr(code):
            table[code] = ord(low)
    table[_FINAL_SIGMA] = _SIGMA
    _, flags = C._tables()
    table[(flags & C.ZERO_WIDTH > 0) & (flags & C.CLOSING > 0)] = _IGNORED
    return table


@lru_cache(maxsize=1)
def _bmp_fold_keys() -> np.ndarray:
    # One more than _bmp_folds, as uint64: what _chunk_word_keys hashes (no code is 0).
    return _bmp_folds().astype(np.uint64) + np.uint64(1)


def _folded_keys(codes: np.ndarray) -> np.ndarray:
    """One more than :func:`_fold` of each of ``codes`` (uint32), as uint64: the BMP by table, each
    distinct code point beyond it once."""
    out = _bmp_fold_keys().take(codes, mode="clip")  # a code beyond the BMP reads its last entry, replaced below
    astral = np.flatnonzero(codes > 0xFFFF)
    if astral.size:
        distinct, which = np.unique(codes[astral], return_inverse=True)
        out[astral] = np.array([_fold(c) + 1 for c in distinct.tolist()], dtype=np.uint64)[which]
    return out


def words(text: str) -> set[str]:
    """The words of ``text`` that :func:`headline_lines` compares: the readable statement of the rule.

    A word is a run of characters between white space, punctuation and symbols
    (the categories of :mod:`boilerplate.chars`), in lower case (:func:`_fold`); a run
    of combining marks alone is none, and marks stay in their word (a Bengali vowel
    sign is part of it). Invisible format characters (a soft hyphen, a direction mark,
    a zero-width joiner) and variation selectors are left out: ``Bundes\u00adregierung`` is ``bundesregierung``. Letters of scripts written without spaces (Chinese, Japanese, Thai, …) are
    not part of words: each with the next such letter (combining marks between them
    skipped) is a word, and one with no such neighbour is a word alone.

    >>> sorted(words("Oman’s spaceport: the U.S. view"))
    ['oman', 's', 'spaceport', 'the', 'u', 'view']
    >>> sorted(words("রাজধানীতে বৃষ্টি।")), sorted(words("東京都で「雨」"))
    (['বৃষ্টি', 'রাজধানীতে'], ['京都', '東京', '都で', '雨'])
    """
    out: set[str] = set()
    word: list[str] = []
    letters: list[str] = []  # a run of letters of unspaced scripts (combining marks between them skipped)
    for ch in text + " ":
        category = C._category(ord(ch))
        folded = _fold(ord(ch))
        if folded == _IGNORED:
            continue
        ch = chr(folded)
        if _PAIRED[category]:
            letters.append(ch)
        elif category != C.OTHER:
            out.update(a + b for a, b in zip(letters, letters[1:]))
            if len(letters) == 1:
                out.add(letters[0])
            letters = []
        if _APART[category] or _PAIRED[category]:
            if any(C._category(ord(c)) != C.OTHER for c in word):
                out.add("".join(word))
            word = []
        else:
            word.append(ch)
    return out


def _word_keys(b: C.Batch, chars: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The line and a 64-bit key of each word of the lines ``b`` encodes, as :func:`words` finds them;
    of the lines whose characters ``chars`` marks (all when ``None``), which must be whole lines.

    Two words get the same key when they are the same text (a hash, so two different
    words could share one; at 64 bits that is too rare to matter). A line's word may
    come more than once. The lines are read :data:`WORD_CHUNK_CHARS` characters or so
    at a time (whole lines), so that memory stays bounded on a huge page.
    """
    total = len(b.codes)
    if total <= WORD_CHUNK_CHARS:
        return _chunk_word_keys(b.codes, b.categories, b.flags, b.line_of, chars)
    # cut at the first line start at or after each multiple of the chunk's size
    at = np.searchsorted(b.starts, np.arange(WORD_CHUNK_CHARS, total, WORD_CHUNK_CHARS))
    bounds = np.unique(np.concatenate(([0], b.starts[at[at < len(b.starts)]], [total]))).tolist()
    parts = [
        _chunk_word_keys(
            b.codes[a:z], b.categories[a:z], b.flags[a:z], b.line_of[a:z], None if chars is None else chars[a:z]
        )
        for a, z in zip(bounds[:-1], bounds[1:])
    ]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


#: How many characters :func:`_word_keys` reads at a time (about 50 bytes each while it
#: does): memory stays bounded on a huge page, and a chunk's arrays (1 MB each at most)
#: stay in the processor's cache from one step to the next. At 1 << 20 the cohesion
#: pass took about an eighth longer on the benchmark's pages; 1 << 16 to 1 << 18 did alike.
WORD_CHUNK_CHARS = 1 << 17

# The characters _fold ignores, format characters and variation selectors, are those
# boilerplate.chars flags both zero-width and closing (see _bmp_folds).
_IGNORED_FLAGS = np.uint8(C.ZERO_WIDTH | C.CLOSING)


def _chunk_word_keys(
    codes: np.ndarray, categories: np.ndarray, flags: np.ndarray, line_of: np.ndarray, chars: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_word_keys` of whole lines' characters: their code points, categories, flags and lines."""
    ignored = (flags & _IGNORED_FLAGS) == _IGNORED_FLAGS  # format characters are no part of any word
    if ignored.any():
        chars = ~ignored if chars is None else chars & ~ignored
    if chars is not None:
        codes, categories, line_of = codes[chars], categories[chars], line_of[chars]
    n = len(categories)
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.uint64)
    codes = _folded_keys(codes)
    inside, paired = _among(categories, _IN_WORDS_BITS), _among(categories, _PAIRED_BITS)
    new_line = np.ones(n, dtype=bool)
    new_line[1:] = line_of[1:] != line_of[:-1]
    start = inside.copy()
    start[1:] &= ~inside[:-1] | new_line[1:]
    starts = np.flatnonzero(start)
    not_mark = None  # characters other than combining marks before each place, when needed
    if len(starts):
        end = inside.copy()
        end[:-1] &= ~inside[1:] | new_line[1:]
        ends = np.flatnonzero(end)  # each word's last character
        # A word's key is the sum of its codes times _BASE to their place in the word: the
        # sums of codes times _BASE to their place in all the characters, between the
        # word's ends, times _BASE to minus the word's start (_BASE is odd, so it has an
        # inverse modulo 2**64; the products wrap round at 2**64, as a hash may). A word's
        # characters are all inside words, so the values of the others never count.
        before = np.empty(n + 1, dtype=np.uint64)  # the sums before each place
        before[0] = 0
        np.cumsum(codes * _powers(_BASE, n), out=before[1:])
        steps = np.diff(starts, prepend=0)  # _BASE to minus each start: the product of the steps' powers
        unplaced = np.multiply.accumulate(_powers(_BASE_INVERSE, int(steps.max()) + 1).take(steps))
        keys = (before[ends + 1] - before[starts]) * unplaced
        # a run of combining marks alone (category OTHER) is no word: only one starting with a mark may be such
        real = np.ones(len(starts), dtype=bool)
        marked = np.flatnonzero(categories[starts] == C.OTHER)
        if marked.size:
            not_mark = _not_marks(categories)
            real[marked] = not_mark[ends[marked] + 1] - not_mark[starts[marked]] > 0
        word_lines, word_keys = line_of[starts[real]], keys[real]
    else:
        word_lines, word_keys = np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.uint64)
    # Letters of unspaced scripts: pairs of successive ones, only marks (OTHER) between.
    at = np.flatnonzero(paired)
    if len(at):
        not_mark = _not_marks(categories) if not_mark is None else not_mark
        joined = (line_of[at[1:]] == line_of[at[:-1]]) & (not_mark[at[1:]] - not_mark[at[:-1] + 1] == 0)
        pair_keys = (codes[at[:-1]][joined] * _PAIR + codes[at[1:]][joined]) * _PAIR
        alone = np.ones(len(at), dtype=bool)
        alone[1:] &= ~joined
        alone[:-1] &= ~joined
        word_lines = np.concatenate((word_lines, line_of[at[:-1]][joined], line_of[at][alone]))
        word_keys = np.concatenate((word_keys, pair_keys, codes[at][alone] * _PAIR))
    return word_lines, word_keys


def _not_marks(categories: np.ndarray) -> np.ndarray:
    """How many characters other than combining marks (category OTHER) come before each place (and after the last)."""
    n = len(categories)
    out = np.zeros(n + 1, dtype=np.int32 if n < 2**31 else np.int64)
    np.cumsum(categories != C.OTHER, out=out[1:])
    return out


def _paragraph(texts: list[str], i: int, first: np.ndarray, unit_start: np.ndarray | None, limit: int | None = None) -> str:
    """Line ``i`` and the lines that continue its paragraph (``unit_start`` false; never a
    next page's), a space between lines: the paragraph as it was before wrapping; its
    first ``limit`` characters when given."""
    text = texts[i]
    j = i + 1
    if unit_start is not None:
        while (limit is None or len(text) < limit) and j < len(texts) and not unit_start[j] and not first[j]:
            text += " " + texts[j]
            j += 1
    return text if limit is None else text[:limit]


def _starts_of_equal(values: np.ndarray) -> np.ndarray:
    """True on each value of ``values`` (sorted) unlike the one before it."""
    new = np.ones(len(values), dtype=bool)
    new[1:] = values[1:] != values[:-1]
    return new


def headline_lines(
    texts: list[str], body: np.ndarray, first: np.ndarray, eligible: np.ndarray, unit_start: np.ndarray | None = None
) -> np.ndarray:
    """The headline of each page: the line above its first ``body`` line whose words its lead repeats.

    ``texts`` are the non-blank lines of one page or of many pages one after another,
    ``first`` is true on each page's first line, ``body`` marks the lines kept so far,
    and ``eligible`` the lines that may be a headline (the cleaner gives the lines of
    :data:`HEADLINE_MIN_WORDS` to :data:`HEADLINE_MAX_WORDS` words, a hard-wrapped
    paragraph's counted as its first line's, that are not a filler, a credit or a
    caption). The *candidates* are the eligible lines that are not ``body`` among the
    :data:`HEADLINE_WINDOW` lines above a page's first ``body`` line, and its *lead* the
    first :data:`LEAD_CHARS` characters of that line. ``unit_start`` is false on each
    line that continues the one before it in a hard-wrapped paragraph (as in
    :attr:`~boilerplate.features.LineTable.unit_start`): such a paragraph is the one
    line it was before wrapping, its lines joined by a space, as the features take it.
    It counts as one line of the window, is compared as that line when a candidate or
    the lead, and is taken whole; a line that continues one is no candidate. A word (:func:`words`) weighs the logarithm of one more than
    the number of texts compared (the lead and the candidates) over the number holding
    it, so a word that most of them hold weighs little (and a word the lead and a lone
    candidate share still weighs something). The page's headline is the candidate
    of at least :data:`HEADLINE_MIN_WORDS` distinct words that holds the most weight
    found in the lead, at least :data:`HEADLINE_MIN_SHARE` of its own (the earliest
    on ties). Returns the headlines' mask; a page with no ``body`` line has none.

    >>> texts = ["Menu", "Heavy rain floods the capital", "Sport scores for today",
    ...          "By a reporter", "Heavy rain flooded the streets of the capital on Monday.",
    ...          "The streets stayed shut as the rain went on."]
    >>> n = len(texts)
    >>> headline_lines(texts, np.arange(n) >= 4, np.arange(n) == 0, np.ones(n, bool)).nonzero()[0].tolist()
    [1]
    """
    n = len(texts)
    out = np.zeros(n, dtype=bool)
    if not body.any():
        return out
    page_starts = np.flatnonzero(first)
    page_ends = np.append(page_starts[1:], n)
    # Each page's first body line (none on a page without one: no candidates there).
    kept = np.flatnonzero(body)
    top = kept[np.minimum(np.searchsorted(kept, page_starts), len(kept) - 1)]
    page = np.flatnonzero((top >= page_starts) & (top < page_ends))
    top = top[page]
    # The window counts paragraphs, as the other passes do: a hard-wrapped one is one
    # line. It starts past the paragraph HEADLINE_WINDOW + 1 paragraphs above the top.
    heads = np.flatnonzero(unit_start) if unit_start is not None else None
    if heads is None:
        low = top - HEADLINE_WINDOW
    else:
        above = np.searchsorted(heads, top) - HEADLINE_WINDOW - 1
        low = np.where(above >= 0, heads[np.maximum(above, 0)] + 1, 0)
    low = np.maximum(low, page_starts[page])
    # the lines of the windows, page after page, and the candidates among them
    sizes = top - low
    lines = np.arange(int(sizes.sum())) + np.repeat(low - (np.cumsum(sizes) - sizes), sizes)
    line_page = np.repeat(page, sizes)
    starts = eligible[lines] & ~body[lines]
    if heads is not None:
        starts &= unit_start[lines]  # a hard-wrapped paragraph is a candidate as its first line
    candidates, candidate_page = lines[starts], line_page[starts]
    if not len(candidates):
        return out
    # The texts compared: each page's lead (the start of its first body line), then each candidate.
    lead_page = candidate_page[_starts_of_equal(candidate_page)]
    leads = top[np.searchsorted(page, lead_page)]
    n_leads = len(leads)
    doc_page = np.concatenate((lead_page, candidate_page))
    docs = [texts[i][:LEAD_CHARS] for i in leads.tolist()] + list(map(texts.__getitem__, candidates.tolist()))
    if unit_start is not None:
        # a line that a hard-wrapped paragraph continues is compared as the paragraph
        goes_on = np.zeros(n, dtype=bool)
        goes_on[:-1] = ~unit_start[1:] & ~first[1:]
        for k in np.flatnonzero(goes_on[leads]).tolist():
            docs[k] = _paragraph(texts, int(leads[k]), first, unit_start, LEAD_CHARS)
        for k in np.flatnonzero(goes_on[candidates]).tolist():
            docs[n_leads + k] = _paragraph(texts, int(candidates[k]), first, unit_start)
    word_doc, keys = _word_keys(C.encode(docs))
    # Keyed by page, so that pages never share a word: ``which`` distinct word each is.
    keys = _mix(keys ^ _salted(doc_page[word_doc], _PAGE_SALT))
    order = np.argsort(keys)
    which = np.cumsum(_starts_of_equal(keys[order])) - 1
    # Then each text's distinct words: the distinct pairs of word and text (sorted as one
    # number; numpy.unique of 64-bit keys is slower), and how many texts hold each word.
    n_all = len(doc_page)
    pairs = np.sort(which * n_all + word_doc[order])
    pairs = pairs[_starts_of_equal(pairs)]
    which, word_doc = np.divmod(pairs, n_all)
    holding = np.bincount(which)
    n_docs = np.bincount(doc_page)[doc_page[word_doc]]  # texts compared on the page
    # Weights in whole units of 2**-20: their sums are exact whatever the order the
    # words come in (it depends on the hashes, so on the batch), so a tie is a tie; and
    # a difference of two logarithms of whole numbers, so that weights whose ratio is
    # whole keep it (rounding each log((n_docs + 1) / holding) on its own made log 4
    # one unit more than twice log 2, and an exact half share a hair less than half).
    logs = _log_units(int(n_docs.max(initial=0)) + 1)
    weight = logs[n_docs + 1] - logs[holding[which]]
    in_lead = np.zeros(len(holding), dtype=bool)
    in_lead[which[word_doc < n_leads]] = True
    found = np.zeros(n_all, dtype=np.int64)
    np.add.at(found, word_doc, np.where(in_lead[which], weight, 0))
    whole = np.zeros(n_all, dtype=np.int64)
    np.add.at(whole, word_doc, weight)
    count = np.bincount(word_doc, minlength=n_all)
    ok = (count >= HEADLINE_MIN_WORDS) & (found * HEADLINE_MIN_SHARE.denominator >= whole * HEADLINE_MIN_SHARE.numerator) & (found > 0)
    ok[:n_leads] = False
    chosen = np.flatnonzero(ok)
    if not len(chosen):
        return out
    # per page, the most weight found, the earliest on ties
    best = chosen[np.lexsort((chosen, -found[chosen], doc_page[chosen]))]
    first_of_page = np.ones(len(best), dtype=bool)
    first_of_page[1:] = doc_page[best[1:]] != doc_page[best[:-1]]
    taken = candidates[best[first_of_page] - n_leads]
    out[taken] = True
    if heads is not None:
        # a hard-wrapped headline is taken whole: up to the next paragraph's first line
        ends = np.append(heads, n)[np.searchsorted(heads, taken, side="right")]
        for a, z in zip(taken.tolist(), ends.tolist()):
            out[a:z] = True
    return out
