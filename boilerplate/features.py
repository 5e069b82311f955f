"""Line features: a pure function from one page's lines to a DataFrame.

:func:`page_features` owns every feature the model sees. It takes all lines of one
page (blank ones included, since blank lines separate paragraphs) and returns one
row per non-blank line, indexed by the 1-based line number, one named column per
feature. Neighbour features (``prev:…``, ``next:…``) look at the nearest non-blank
line and never reach across pages: :func:`featurize` featurizes page by page and
then stacks, which is what the model's pipeline calls.

No feature holds a site's strings. Lengths are log-scaled so that a 300-word
paragraph does not swamp the scaler.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .dates import has_date_shape
from .text import (
    char_classes,
    count_inner_sentence_ends,
    ends_sentence,
    has_letters,
    is_blank,
    is_number_only,
    normalize,
)

#: A line of at most this many words, with no sentence end, reads like a headline
#: or a menu item; runs of them are the related/latest/most-read lists.
SHORT_LINE_WORDS = 14

#: A line with at least this many words and a sentence end reads like running text;
#: the page's longest run of such lines (by characters) is taken as the article block.
TEXT_LINE_WORDS = 10

#: Runs of running text separated by at most this many other lines (a subheading,
#: a caption, an inline "read also") are one article block.
BLOCK_GAP = 3

#: How many non-blank lines above the article block are searched for its headline.
TITLE_WINDOW = 6

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
)

#: Every column :func:`page_features` returns, in order.
FEATURE_NAMES = LINE_FEATURES + tuple(
    f"{side}:{name}" for side in ("prev", "next") for name in NEIGHBOUR_FEATURES
)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` index ranges of consecutive true flags."""
    runs, start = [], None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(flags)))
    return runs


def _log(n: float) -> float:
    return math.log1p(n)


def page_features(lines: Sequence[str]) -> pd.DataFrame:
    """Features of every non-blank line of one page.

    ``lines`` are the page's lines as :meth:`str.splitlines` gives them. The result
    has one row per non-blank line, indexed by its 1-based line number, with the
    columns of :data:`FEATURE_NAMES`.

    >>> f = page_features(["শিরোনাম", "", "এটি একটি দীর্ঘ বাক্য যা অনুচ্ছেদের মতো পড়ে এবং শেষ হয়।"])
    >>> list(f.index), int(f.loc[3, "ends_sentence"]), int(f.loc[1, "next:ends_sentence"])
    ([1, 3], 1, 1)
    """
    line_nos = [i for i, line in enumerate(lines, 1) if not is_blank(line)]
    texts = [lines[i - 1].strip() for i in line_nos]
    n = len(texts)
    if n == 0:
        return pd.DataFrame(columns=list(FEATURE_NAMES), dtype=float).rename_axis("line_no")

    n_words = [len(t.split()) for t in texts]
    n_chars = [len(t) for t in texts]
    end = [ends_sentence(t) for t in texts]
    inner = [count_inner_sentence_ends(t) for t in texts]
    keys = [normalize(t) for t in texts]
    counts = Counter(keys)

    # Lines that another line starts with, and lines that start with another line:
    # the browser title is usually the headline plus the site's name. Only word-
    # boundary prefixes of a line's first words are tried, which keeps this linear.
    long_keys = {k for k, w in zip(keys, n_words) if w >= PREFIX_MIN_WORDS}
    prefix_of_other = [0] * n
    extends_other = [0] * n
    matched: set[str] = set()
    for i, key in enumerate(keys):
        spaces = [j for j, ch in enumerate(key[:PREFIX_MAX_CHARS]) if ch == " "]
        for j in spaces[PREFIX_MIN_WORDS - 1 :]:
            if key[:j] in long_keys:
                extends_other[i] = 1
                matched.add(key[:j])
    if matched:
        prefix_of_other = [int(k in matched) for k in keys]

    short = [w <= SHORT_LINE_WORDS and not e and c == 0 for w, e, c in zip(n_words, end, inner)]
    short_run = [0.0] * n
    for a, b in _runs(short):
        for i in range(a, b):
            short_run[i] = _log(b - a)

    # The article block: the longest run, by characters, of running-text lines
    # (short gaps bridged).
    # A line repeated next to itself (a caption shown twice) is not running text.
    dup_prev = [i > 0 and keys[i - 1] == keys[i] for i in range(n)]
    dup_next = [i + 1 < n and keys[i + 1] == keys[i] for i in range(n)]
    text_like = [
        w >= TEXT_LINE_WORDS and (e or c > 0) and not (dp or dn)
        for w, e, c, dp, dn in zip(n_words, end, inner, dup_prev, dup_next)
    ]
    runs = []
    for a, b in _runs(text_like):
        if runs and a - runs[-1][1] <= BLOCK_GAP:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    if runs:
        block = max(runs, key=lambda r: (sum(n_chars[r[0] : r[1]]), -r[0]))
    else:
        block = (n, n)  # no running text: every line counts as before the (absent) block

    # The headline candidate: the wordiest line just above the block that is not a
    # date, not a repeat, and not another line plus more (the browser title). A page
    # with no running text has no article, so none of its lines is the headline (else
    # the last line of a bare menu would be kept as one).
    title = -1
    window = [
        i for i in range(max(0, block[0] - TITLE_WINDOW), block[0])
        if runs and not (dup_prev[i] or dup_next[i] or extends_other[i] or end[i] or has_date_shape(texts[i]))
    ]
    if window:
        # Most words that have letters (menus are mostly separators), then nearest the block.
        title = max(window, key=lambda i: (sum(has_letters(w) for w in texts[i].split()), i))

    total_chars = sum(n_chars)
    order = np.argsort(np.argsort(n_chars, kind="stable"), kind="stable")

    rows = []
    for i, t in enumerate(texts):
        digits, latin, punct = char_classes(t)
        before, after = i < block[0], i >= block[1]
        rows.append(
            {
                "len_chars": _log(n_chars[i]),
                "len_words": _log(n_words[i]),
                "ends_sentence": float(end[i]),
                "inner_sentence_ends": _log(inner[i]),
                "text_like": float(text_like[i]),
                "ends_colon": float(t.endswith((":", "：", "ঃ"))),
                "long_no_sentence_end": float(n_words[i] >= LONG_NO_END_WORDS and not end[i] and not inner[i]),
                "is_number": float(is_number_only(t)),
                "has_letters": float(any(ch.isalpha() for ch in t)),
                "digit_ratio": digits,
                "latin_ratio": latin,
                "punct_ratio": punct,
                "has_date": float(has_date_shape(t)),
                "dup_prev": float(dup_prev[i]),
                "dup_next": float(dup_next[i]),
                "dup_count": _log(counts[keys[i]] - 1),
                "prefix_of_other": float(prefix_of_other[i]),
                "extends_other": float(extends_other[i]),
                "rel_pos": i / (n - 1) if n > 1 else 0.0,
                "blank_before": float(line_nos[i] > 1 and is_blank(lines[line_nos[i] - 2])),
                "blank_after": float(line_nos[i] < len(lines) and is_blank(lines[line_nos[i]])),
                "short_run": short_run[i],
                "len_rank": order[i] / (n - 1) if n > 1 else 1.0,
                "char_share": n_chars[i] / total_chars,
                "before_block": float(before),
                "in_block": float(not before and not after),
                "after_block": float(after),
                "dist_before_block": _log(block[0] - i) if before else 0.0,
                "dist_after_block": _log(i - block[1] + 1) if after else 0.0,
                "title_candidate": float(i == title),
                # A logistic model cannot multiply features itself: after the article,
                # a line with no sentence end is almost always a list or a prompt.
                "after_block_no_end": float(after and not end[i] and not inner[i]),
            }
        )
    frame = pd.DataFrame(rows, columns=list(LINE_FEATURES), index=pd.Index(line_nos, name="line_no"))
    for side, shift in (("prev", 1), ("next", -1)):
        for name in NEIGHBOUR_FEATURES:
            frame[f"{side}:{name}"] = frame[name].shift(shift, fill_value=0.0)
    return frame


#: Columns of the frame that :func:`featurize` (and so the model) takes as input.
INPUT_COLUMNS = ("page", "line_no", "text")


def featurize(X: pd.DataFrame) -> pd.DataFrame:
    """Features for a frame of non-blank lines from one or more pages.

    ``X`` has the columns ``page`` (any id), ``line_no`` (1-based) and ``text``,
    one row per non-blank line. Each page is rebuilt from its rows (gaps in
    ``line_no`` are blank lines) and featurized alone; rows come back in ``X``'s order.

    >>> X = pd.DataFrame({"page": [0, 0], "line_no": [1, 3], "text": ["ক খ", "গ।"]})
    >>> featurize(X)["blank_after"].tolist()
    [1.0, 0.0]
    """
    missing = [c for c in INPUT_COLUMNS if c not in X.columns]
    if missing:
        raise ValueError(f"featurize needs the columns {list(INPUT_COLUMNS)}; missing {missing}.")
    parts = []
    for _, group in X.groupby("page", sort=False):
        line_nos = group["line_no"].to_numpy()
        lines = [""] * int(line_nos.max())
        for no, text in zip(line_nos, group["text"]):
            lines[no - 1] = text
        feats = page_features(lines)
        if len(feats) != len(group) or not np.array_equal(feats.index.to_numpy(), np.sort(line_nos)):
            raise ValueError("featurize takes each non-blank line exactly once and no blank line.")
        part = feats.loc[line_nos]
        part.index = group.index
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=list(FEATURE_NAMES), dtype=float)
    return pd.concat(parts).loc[X.index]


def feature_names_out(transformer=None, input_features=None) -> np.ndarray:
    """The output names for scikit-learn's ``FunctionTransformer``."""
    return np.asarray(FEATURE_NAMES, dtype=object)
