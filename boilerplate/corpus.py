"""Corpus mode: lines that repeat across many pages of one site are chrome.

When many pages of one site are cleaned together, the site's menus, footers and
fixed prompts come back on page after page, while article text does not — the
idea CCNet uses to remove boilerplate at web scale. Each non-blank line is
reduced to a key (white space folded, every digit made ``0``, case folded — this
changes only cased scripts; no mark is stripped), and a key found on at least
:data:`MIN_PAGES` distinct pages of a group, and on at least :data:`MIN_SHARE` of
them, marks its lines as repeated. The cleaner then treats them as chrome before
its span passes.

Counts are per distinct page (identical pages count once), so the result does not
depend on the order of the pages nor on exact duplicates in the corpus.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

from .text import is_blank

#: A line must repeat on at least this many distinct pages of its group. Two
#: pages are not enough: the same article crawled twice with different sidebars
#: would lose its text.
MIN_PAGES = 3

#: …and on at least this share of the group's distinct pages: menus and footers
#: stand on nearly every page, a related headline on a few.
MIN_SHARE = 0.5

_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def line_key(line: str) -> str:
    """The form in which lines of different pages count as the same.

    >>> line_key("  Page ৩ of 12 ") == line_key("page ৭ of 19")
    True
    """
    return _DIGIT.sub("0", _SPACES.sub(" ", line.strip())).casefold()


def repeated_lines(
    pages: Sequence[Sequence[str]],
    groups: Sequence[Hashable],
    min_pages: int = MIN_PAGES,
    min_share: float = MIN_SHARE,
) -> list[np.ndarray]:
    """For each page, a boolean per non-blank line: does it repeat across its group?

    ``pages`` are lists of lines; ``groups`` gives each page's group (a site's host,
    say); ``None`` puts a page in no group, so nothing of it counts as repeated.

    >>> menu = ["Home", "World", "Sport"]
    >>> pages = [menu + [f"The story of {name} is told here."] for name in ("Ann", "Bo", "Cy", "Di")]
    >>> [m.astype(int).tolist() for m in repeated_lines(pages, ["a"] * 4)][0]
    [1, 1, 1, 0]
    """
    if len(pages) != len(groups):
        raise ValueError(f"{len(pages)} pages but {len(groups)} group keys; give one key per page.")
    texts = [[line.strip() for line in page if not is_blank(line)] for page in pages]
    keys = [[line_key(line) for line in page] for page in texts]
    distinct: dict[Hashable, dict[tuple[str, ...], set[str]]] = defaultdict(dict)
    for group, page_texts, page_keys in zip(groups, texts, keys):
        if group is not None:
            distinct[group][tuple(page_texts)] = set(page_keys)
    repeated: dict[Hashable, set[str]] = {}
    for group, unique_pages in distinct.items():
        n = len(unique_pages)
        counts = Counter(key for page_keys in unique_pages.values() for key in page_keys)
        need = max(min_pages, min_share * n)
        repeated[group] = {key for key, count in counts.items() if count >= need}
    return [
        np.array([key in repeated.get(group, ()) for key in page_keys], dtype=bool)
        if group is not None
        else np.zeros(len(page_keys), dtype=bool)
        for group, page_keys in zip(groups, keys)
    ]
