"""Simple line rules to measure the model against; each keeps or drops a line alone."""

from __future__ import annotations

import re

from .text import ends_sentence

#: The word count of the first baseline: lines this long are kept.
LONG_LINE_WORDS = 15

#: C4's line rule as published (Raffel et al. 2020, JMLR: "only retained lines that
#: contained at least 5 words") and as tensorflow_datasets' c4_utils, the code that
#: built C4, applies it (``_END_MARKS``, ``_MIN_WORDS_PER_LINE = 5``): a line is kept
#: when it ends in one of these, but not in :data:`C4_ELLIPSIS`, and has at least five
#: words. (The 2019 preprint said 3 words; datatrove's C4QualityFilter follows it and
#: also takes ``'``.)
C4_END_PUNCTUATION = (".", "?", "!", '"')
C4_MIN_WORDS = 5

#: The word count of the sentence-end peer (:func:`keep_sentences`).
SENTENCE_MIN_WORDS = 3

#: A line ending in three periods is dropped although it ends in one: C4's code
#: (tensorflow_datasets' c4_utils, datatrove's C4QualityFilter) tests it together
#: with the end marks, since a teaser cut off with "..." does not end a sentence.
C4_ELLIPSIS = "..."

#: Citation markers that C4 removes from a line before testing its end and counting its
#: words ("we removed any such markers", Raffel et al. 2020; ``citation_regex`` in
#: c4_utils' ``get_clean_page_fn``): a Wikipedia paragraph ending in ``.[1]`` is kept.
C4_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")

#: C4 drops a line holding a word (``str.split``) longer than this many characters
#: (``_MAX_WORD_LENGTH`` in c4_utils' ``clean_page``), tested on the stripped line before
#: its citation markers are removed.
C4_MAX_WORD_CHARS = 1000


def keep_long_lines(line: str) -> bool:
    """Keep lines of at least 15 words.

    >>> keep_long_lines("one two three")
    False
    """
    return len(line.split()) >= LONG_LINE_WORDS


def keep_sentences(line: str) -> bool:
    """Keep lines of at least 3 words that end in a sentence end (``।`` included).

    >>> keep_sentences("এটি একটি বাক্য।"), keep_sentences("সর্বশেষ খবর")
    (True, False)
    """
    return len(line.split()) >= SENTENCE_MIN_WORDS and ends_sentence(line)


def _has_too_long_word(line: str) -> bool:
    """Whether a word of the line is longer than :data:`C4_MAX_WORD_CHARS`."""
    return any(len(word) > C4_MAX_WORD_CHARS for word in line.split())


def keep_c4(line: str) -> bool:
    """The C4 line rule as published: terminal ``. ? ! "`` but not ``...``, and at least 5 words,
    citation markers (:data:`C4_CITATION`) removed first; a line holding a word of more than
    1,000 characters (:data:`C4_MAX_WORD_CHARS`) is dropped before that, as c4_utils does.

    >>> keep_c4("This is a whole sentence."), keep_c4("এটি একটি বাক্য যা শেষ হয়।"), keep_c4("Read the whole story now...")
    (True, False, False)
    >>> keep_c4("This is a cited sentence.[1]")
    True
    """
    line = line.strip()
    if len(line) > C4_MAX_WORD_CHARS and _has_too_long_word(line):
        return False
    if "[" in line:  # the markers removed, the line is not stripped again (as in c4_utils)
        line = C4_CITATION.sub("", line)
    return (len(line.split()) >= C4_MIN_WORDS and line.endswith(C4_END_PUNCTUATION)
            and not line.endswith(C4_ELLIPSIS))


def keep_c4_danda(line: str) -> bool:
    """The C4 rule with ``।`` and ``॥`` added to its terminal marks.

    >>> keep_c4_danda("এটি একটি বাক্য যা শেষ হয়।")
    True
    """
    line = line.strip()
    if len(line) > C4_MAX_WORD_CHARS and _has_too_long_word(line):
        return False
    if "[" in line:  # the markers removed, the line is not stripped again (as in c4_utils)
        line = C4_CITATION.sub("", line)
    return (len(line.split()) >= C4_MIN_WORDS and line.endswith(C4_END_PUNCTUATION + ("।", "॥"))
            and not line.endswith(C4_ELLIPSIS))


#: The baselines train.py prints, by name.
BASELINES = {
    "long_lines_15w": keep_long_lines,
    "sentence_end_3w": keep_sentences,
}
