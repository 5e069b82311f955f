"""The cohesion pass: a line inside the article whose words the article repeats.

Inside an article, the model drops some lines that belong to it: a subheading, a
short paragraph, a step of a recipe, a quoted tweet. It drops them because, line by
line, they look like the short lines around an article (a menu's items, a related
story's headline, a sign-up prompt). What sets them apart is their words: a
subheading names what the paragraphs under it say, so its rarer words come back in
the article, where a sign-up prompt's or another story's mostly do not.

:func:`word_shares` looks, on each page, at the lines between the first and the
last kept line (the article as the other passes settled it), and the cleaner
(:func:`boilerplate.cleaner.smooth_table`) takes in those the model gave nearly the threshold (the near pass's lines, :func:`boilerplate.cleaner.near_lines`)
when at least :data:`COHESION_MIN_SHARE` of their word weight is found in the
article's own lines: the kept lines the model itself called body. Words are those
of the headline pass (:func:`boilerplate.headline.words`), weighed by their rarity
among the article's lines (the *inverse document frequency*, each line a
document), so that the words most lines hold ("the", "and", "এবং") weigh little.
The same weights tell the cleaner which lines the fill pass took in to drop again
(:data:`FILLED_MIN_SHARE`), and which of the lines the model kept that read as
headings to drop (:data:`HEADING_MIN_SHARE`): another story's headline between the article's
paragraphs, or a promotion, whose words the article's other lines mostly do not
hold. No site's strings and no word lists are involved.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from . import chars as C
from .headline import _PAGE_SALT, _log_units, _mix, _salted, _starts_of_equal, _word_keys

#: The least share of a line's word weight that the article's lines must hold
#: (``python bench/choose_cohesion.py``).
COHESION_MIN_SHARE = Fraction(3, 5)

#: The least share of its word weight that the article's lines must hold for a line the
#: fill pass took in to stay (``python bench/choose_cohesion.py``).
FILLED_MIN_SHARE = Fraction(1, 5)

#: The least share of its word weight that the article's other lines must hold for a
#: line the model kept below the article's first paragraph that reads as a heading to
#: stay: no sentence in it, and as many words as a headline
#: (:data:`boilerplate.headline.HEADLINE_MIN_WORDS` to
#: :data:`~boilerplate.headline.HEADLINE_MAX_WORDS`: a date, a name or a table's cell
#: shares few words with anything, and a paragraph broken mid-sentence is longer)
#: (``python bench/choose_cohesion.py``).
HEADING_MIN_SHARE = Fraction(2, 5)

#: Entries of word_shares' table of the wanted keys' low bits (int32 each: 256 KB, which stays in the cache).
_LOW_BITS_SIZE = 1 << 16
_LOW_BITS_MASK = np.uint64(_LOW_BITS_SIZE - 1)


def at_least(found: np.ndarray, whole: np.ndarray, share: Fraction) -> np.ndarray:
    """The lines whose words found weigh at least ``share`` of all their words (some word
    weight needed), exactly: the weights are whole units."""
    share = Fraction(share)
    return (whole > 0) & (found * share.denominator >= whole * share.numerator)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of ``keys``, sorted (as :func:`numpy.unique`, which NumPy 2.3 and
    later finds by hashing: several times slower on 64-bit keys).

    >>> _distinct(np.array([7, 3, 7, 5], dtype=np.uint64)).tolist()
    [3, 5, 7]
    """
    keys = np.sort(keys)
    return keys[_starts_of_equal(keys)]


def word_shares(
    b: C.Batch,
    core: np.ndarray,
    body: np.ndarray,
    candidates: np.ndarray,
    first: np.ndarray,
    unit_start: np.ndarray | None = None,
    counted: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """For each of the ``candidates`` inside its page's article, the weight of its words
    that some ``core`` line holds, and of all its words; 0 and 0 for every other line.

    ``b`` encodes the lines (:func:`boilerplate.chars.encode`, one page's or many
    pages' one after another, ``first`` true on each page's first line); ``body``
    marks the lines kept so far, and a page's *article* is its lines from its first
    ``body`` line to its last. ``core`` marks the lines whose words count as the
    article's (the cleaner gives the ``body`` lines the model called body), and
    ``counted`` the lines that are documents at all (the cleaner leaves fillers out;
    all lines when ``None``). A candidate may be any line of the article, a ``core``
    one too: its words count as found when another ``core`` line holds them. A word weighs the logarithm of one more than the number of counted lines of
    the article over the number of those holding it, in whole units
    (:func:`boilerplate.headline._log_units`), so the sums are exact in floating point
    whatever order the words come in: compare them with :func:`at_least`.
    ``unit_start`` is false on each line that continues a hard-wrapped paragraph: the
    paragraph is one document (the masks must agree on its lines, as the cleaner's do).

    >>> texts = ["Menu", "Heavy rain floods the capital", "Rain fell on the capital all day.",
    ...          "Floods", "Get the morning briefing by email", "The floods closed the capital's roads.", "Footer"]
    >>> body = np.array([0, 1, 1, 0, 0, 1, 0], bool)
    >>> found, whole = word_shares(C.encode(texts), body, body, ~body, np.arange(len(texts)) == 0)
    >>> at_least(found, whole, COHESION_MIN_SHARE).nonzero()[0].tolist()  # "Floods", not the prompt
    [3]
    """
    n = len(body)
    found = np.zeros(n)
    whole = np.zeros(n)
    if not body.any() or not candidates.any():
        return found, whole
    index = np.arange(n)
    page_starts = np.flatnonzero(first)
    page_of = np.cumsum(first) - 1
    top = np.minimum.reduceat(np.where(body, index, n), page_starts)[page_of]  # each page's first body line
    bottom = np.maximum.reduceat(np.where(body, index, -1), page_starts)[page_of]  # …and its last
    inside = (index >= top) & (index <= bottom)
    if counted is not None:
        inside &= counted
    chosen = candidates & inside
    if not chosen.any():
        return found, whole
    # Only the articles of pages with a candidate are read.
    with_candidate = np.zeros(int(page_of[-1]) + 1, dtype=bool)
    with_candidate[page_of[chosen]] = True
    scope = inside & with_candidate[page_of]
    doc_of = index if unit_start is None else np.cumsum(unit_start) - 1  # a hard-wrapped paragraph is one document
    word_line, keys = _word_keys(b, scope[b.line_of])
    # pages never share a word (each page's salt made once, not once per word)
    keys = _mix(keys ^ _salted(np.arange(len(with_candidate)), _PAGE_SALT).take(page_of[word_line]))
    # Only the candidates' words matter: where else on their page they come, and whether in the core.
    wanted = _distinct(keys[chosen[word_line]])
    # A table of the wanted keys' low bits gives, for a word, the only wanted key with
    # its low bits (most words: none); the words whose low bits two wanted keys share
    # are looked up by binary search.
    low = (wanted & _LOW_BITS_MASK).astype(np.intp)
    slot = np.full(_LOW_BITS_SIZE, -1, dtype=np.int32)
    slot[low] = np.arange(len(wanted), dtype=np.int32)
    by_low = np.sort(low)
    slot[by_low[1:][by_low[1:] == by_low[:-1]]] = -2  # shared
    which = slot.take((keys & _LOW_BITS_MASK).astype(np.intp))
    maybe = np.flatnonzero(which != -1)
    which = which[maybe].astype(np.intp)
    shared = np.flatnonzero(which == -2)
    if shared.size:
        which[shared] = np.minimum(np.searchsorted(wanted, keys[maybe[shared]]), len(wanted) - 1)
    hit = wanted[which] == keys[maybe]
    word_line, which = word_line[maybe[hit]], which[hit]
    word_doc = doc_of[word_line]
    # each document's distinct words (the first of each: word, document)
    _, fresh = np.unique(word_doc * len(wanted) + which, return_index=True)
    word_line, word_doc, which = word_line[fresh], word_doc[fresh], which[fresh]
    holding = np.bincount(which, minlength=len(wanted))  # the documents holding each word
    heads = scope if unit_start is None else scope & unit_start
    n_docs = np.bincount(page_of[heads], minlength=len(with_candidate))[page_of[word_line]]
    logs = _log_units(int(n_docs.max(initial=0)) + 1)
    weight = logs[n_docs + 1] - logs[holding[which]]
    in_core = core[word_line]
    core_docs = np.bincount(which[in_core], minlength=len(wanted))  # the core documents holding each word
    # Sums of whole units below 2**53: exact in floating point, in any order.
    n_all = int(doc_of[-1]) + 1
    own = chosen[word_line]
    elsewhere = core_docs[which[own]] > in_core[own]  # a core document other than the candidate's own
    doc_found = np.bincount(word_doc[own], weights=np.where(elsewhere, weight[own], 0), minlength=n_all)
    doc_whole = np.bincount(word_doc[own], weights=weight[own], minlength=n_all)
    found[chosen] = doc_found[doc_of[chosen]]
    whole[chosen] = doc_whole[doc_of[chosen]]
    return found, whole
