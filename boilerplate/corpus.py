"""Corpus mode: lines that repeat across many pages of one site are chrome.

When many pages of one site are cleaned together, the site's menus, footers and
fixed prompts come back on page after page, while article text does not — the
idea CCNet uses to remove boilerplate at web scale. Each non-blank line is
reduced to a key (white space folded, every decimal digit of any script made ``0``:
``3``, ``৩``, ``٣``, not ``²``; case folded — this changes only cased scripts; either
Unicode normal form alike; no mark is stripped),
and a key found on at least :data:`MIN_PAGES` distinct pages of a group, and on at
least :data:`MIN_SHARE` of them, marks its lines as repeated. The cleaner then treats them as chrome before
its span passes, and neither the fill, near, cohesion, lists nor headline pass takes one back in (the tables and
code passes may, as a table's cell or a listing's line).

Counts are per distinct page (identical pages count once), so the result does not
depend on the order of the pages nor on exact duplicates in the corpus.

The counting is one streaming pass, :class:`LineCounter`: pages go in one at a
time (``add``) and only fixed-size hashes are kept — 8 bytes of BLAKE2b per line
key and per page, never the text — so a corpus far larger than memory can be
counted before it is cleaned. :func:`repeated_lines` (the library's corpus mode)
and ``boilerplate clean --group-by host`` (the command line's) both count with it.
Two different keys of one group with the same 64-bit hash would count as one
line: with a million distinct lines in a site, the odds of that are about 1 in
37 million (the birthday bound: n²/2 pairs, each alike with odds 1 in 2⁶⁴).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from array import array
from collections.abc import Collection, Hashable, Iterable, Sequence
from hashlib import blake2b
from itertools import repeat
from urllib.parse import urlsplit

import numpy as np

from .text import EDGE_CHARS, nfd

#: A line must repeat on at least this many distinct pages of its group. Two
#: pages are not enough: the same article crawled twice with different sidebars
#: would lose its text.
MIN_PAGES = 3

#: …and on at least this share of the group's distinct pages: menus and footers
#: stand on nearly every page, a related headline on a few.
MIN_SHARE = 0.5

#: Line entries (one per distinct key of a distinct page) buffered before they are
#: merged into the sorted counts; a merge sorts everything held, so the buffer also
#: grows with the counts (see :meth:`LineCounter.add`) and the sorting stays
#: O(n log n) over the whole pass. 12 bytes an entry: 1M entries is 12 MB.
BUFFER_ENTRIES = 1 << 20

_DIGIT = re.compile(r"\d")


def no_group(group: object) -> bool:
    """Is ``group`` a missing key, which puts a page in no group?

    ``None``, and a missing value as pandas and NumPy store it: a float NaN (``nan``,
    ``np.nan``, ``np.float32("nan")``), ``pd.NA``, ``pd.NaT`` and NumPy's ``NaT``.
    A pandas column of hosts with some missing holds these rather than ``None``
    (which one depends on its dtype); counted as keys, they would pool every
    host-less page into one site (all ``pd.NA`` are one object) or not (each float
    NaN is its own object), by dtype. So is a null of a pyarrow array or column
    (``pa.scalar(None)``: iterating one gives scalars, the nulls all equal).

    >>> import numpy as np
    >>> [no_group(g) for g in (None, float("nan"), np.float32("nan"), np.datetime64("NaT", "ns"), "", 0, "a.com")]
    [True, True, True, True, False, False, False]
    """
    if group is None:
        return True
    if isinstance(group, (float, np.floating)):
        return math.isnan(group)
    if isinstance(group, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(group))
    # pd.NA and pd.NaT are singletons; pandas is not imported here (cleaning does
    # not need it), and when it has not been imported no value can be one of them.
    pd = sys.modules.get("pandas")
    if pd is not None and (group is pd.NA or group is pd.NaT):
        return True
    return _pyarrow_null(group)


def _pyarrow_null(value: object) -> bool:
    """Is ``value`` a null of a pyarrow array or column (group_by=table["host"])? All of
    them are equal: as keys they would pool every host-less page into one site."""
    pa = sys.modules.get("pyarrow")  # as for pandas: not imported, no value is one
    return pa is not None and isinstance(value, pa.Scalar) and not value.is_valid


def missing_kind(value: object) -> str | None:
    """How pandas shows a missing value other than ``None`` (a float NaN, ``pd.NA``,
    ``pd.NaT``, NumPy's ``NaT``: see :func:`no_group`), else ``None``.

    >>> import numpy as np
    >>> [missing_kind(v) for v in (float("nan"), np.float32("nan"), np.datetime64("NaT", "ns"), None, "", 0)]
    ['NaN', 'NaN', 'NaT', None, None, None]
    """
    if value is None or not no_group(value) or _pyarrow_null(value):
        return None  # a pyarrow value as a page is told to use to_pylist() (cleaner._check_text)
    if isinstance(value, (float, np.floating)):
        return "NaN"
    return "NA" if str(value) == "<NA>" else "NaT"  # pd.NA; pd.NaT and NumPy's NaT


def line_key(line: str) -> str:
    """The form in which lines of different pages count as the same.

    A line in either Unicode normal form is one line: ড় typed as one code point or as
    ড and a nukta, é composed or decomposed (Unicode's canonical caseless match).

    >>> line_key("  Page ৩ of 12 ") == line_key("page ৭ of 19")
    True
    >>> line_key("আরও প\u09dcুন") == line_key("আরও প\u09a1\u09bcুন"), line_key("CAFE\u0301") == line_key("café")
    (True, True)
    """
    # str.split() splits on exactly the characters regex \s matches, and strips them.
    return _fold(" ".join(line.split()))


def _fold(text: str) -> str:
    """Digits made 0 and case folded, in NFD, and put in NFD again (case folding may undo
    it): the canonical caseless form, Unicode's D145. NFD, not NFC: a text already in a
    form costs next to nothing to normalize when that is seen at a glance, which for NFC
    Bengali seldom is (its vowel sign া may compose); with NFC the counting pass took
    about twice as long on Bengali pages (``bench/group_by.py``). In linear time (:func:`~boilerplate.text.nfd`),
    also for a line of combining marks out of order."""
    return nfd(_DIGIT.sub("0", nfd(text)).casefold())


def _line_keys(texts: Sequence[str]) -> list[str]:
    """:func:`line_key` of each text, for a whole page in one go (the regex and the
    case folding run once per page: the counting pass spends its time here).

    >>> _line_keys(["Page 3", "  MENU  bar "])
    ['page 0', 'menu bar']
    """
    if not texts:
        return []
    # Every character is folded on its own and none folds to a line feed, and the
    # joined lines hold none (split() removed them); a line feed is a starter, so NFD
    # moves no mark across it: the page splits back line for line.
    return _fold("\n".join(" ".join(text.split()) for text in texts)).split("\n")


def _hash(text: str) -> int:
    # surrogatepass: a lone surrogate (from a JSON "\\ud800" escape) hashes too.
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _stripped(lines: Iterable[str]) -> list[str]:
    """The non-blank lines of a page, stripped: the lines the cleaner decides on (``text.is_blank``).

    A page given as one ``str`` is a ``TypeError``: each of its characters would be a line.
    """
    if isinstance(lines, str):
        raise TypeError("corpus mode takes a page's lines, not one str; pass text.splitlines().")
    return [text for text in map(str.strip, lines, repeat(EDGE_CHARS)) if text]


def key_hashes(lines: Iterable[str]) -> list[int]:
    """The 64-bit hash of :func:`line_key` of each non-blank line (blank lines are skipped).

    >>> a, b, c = key_hashes(["Page 3 ", "", "PAGE 4", "Other"])
    >>> a == b != c
    True
    """
    return [_hash(key) for key in _line_keys(_stripped(lines))]


def page_hashes(lines: Sequence[str]) -> tuple[int, np.ndarray]:
    """What :class:`LineCounter` counts of a page: the hash of the page (its stripped
    non-blank lines) and the distinct hashes of its line keys, in no order.

    The costly part of counting, so it can run where the page is (a worker process).

    >>> page, keys = page_hashes(["Home", "", "home", "Story"])
    >>> len(keys), page == page_hashes(["Home", "home  ", "Story"])[0]
    (2, True)
    """
    texts = _stripped(lines)
    # The stripped lines hold no line break, so joining them on one is unambiguous.
    keys = {_hash(key) for key in set(_line_keys(texts))}
    return _hash("\n".join(texts)), np.fromiter(keys, dtype=np.uint64, count=len(keys))


class LineCounter:
    """Counts, per group, on how many distinct pages each line key occurs.

    Pages are added one at a time, in any order; :meth:`repeated` then gives the
    keys that repeat across their group. Only hashes are held (see the module).

    >>> counter = LineCounter()
    >>> for story in ("Ann", "Bo", "Cy", "Ann"):
    ...     counter.add("a.com", ["Home | World", f"The story of {story}."])
    >>> counter.pages, counter.groups
    (3, 1)
    >>> counter.repeated().mask("a.com", ["Home | World", "The story of Di."]).tolist()
    [True, False]
    """

    def __init__(self) -> None:
        self._ids: dict[Hashable, int] = {}
        self._pages_per_group: list[int] = []
        # A distinct page as (group id << 64 | hash of its stripped lines): exact
        # per group, whatever order the ids were given in.
        self._seen: set[int] = set()
        # Sorted by (group, key), one row per distinct key of a group …
        self._group = np.empty(0, dtype=np.uint32)
        self._key = np.empty(0, dtype=np.uint64)
        self._count = np.empty(0, dtype=np.uint32)
        # … and the entries added since the last merge.
        self._new_group = array("I")
        self._new_key = array("Q")

    @property
    def pages(self) -> int:
        """Distinct pages counted (pages with no group are not counted)."""
        return len(self._seen)

    @property
    def groups(self) -> int:
        """Groups with at least one page."""
        return len(self._ids)

    def add(self, group: Hashable, lines: Sequence[str]) -> None:
        """Count one page (its lines); a page with no group (see :func:`no_group`), or
        already seen in its group, adds nothing."""
        if not no_group(group):
            self.add_hashes(group, *page_hashes(lines))

    def add_hashes(self, group: Hashable, page: int, keys: np.ndarray) -> None:
        """:meth:`add` for a page whose :func:`page_hashes` are already computed."""
        if no_group(group):
            return
        gid = self._ids.setdefault(group, len(self._ids))
        if gid == len(self._pages_per_group):
            self._pages_per_group.append(0)
        page = gid << 64 | page
        if page in self._seen:
            return
        self._seen.add(page)
        self._pages_per_group[gid] += 1
        self._new_key.frombytes(np.asarray(keys, dtype=np.uint64).tobytes())
        self._new_group.extend(array("I", [gid]) * len(keys))
        if len(self._new_key) >= max(BUFFER_ENTRIES, len(self._key)):
            self._merge()

    def _merge(self) -> None:
        if not self._new_key:
            return
        # Each old array is let go as soon as it is copied, so that the peak of a
        # merge stays near twice what is held.
        count = np.concatenate([self._count, np.ones(len(self._new_key), dtype=np.uint32)])
        self._count = np.empty(0, dtype=np.uint32)
        group = np.concatenate([self._group, np.frombuffer(self._new_group, dtype=np.uint32)])
        self._group, self._new_group = np.empty(0, dtype=np.uint32), array("I")
        key = np.concatenate([self._key, np.frombuffer(self._new_key, dtype=np.uint64)])
        self._key, self._new_key = np.empty(0, dtype=np.uint64), array("Q")
        order = np.lexsort((key, group))
        group = group[order]
        key = key[order]
        count = count[order]
        del order
        first = np.ones(len(key), dtype=bool)
        first[1:] = (group[1:] != group[:-1]) | (key[1:] != key[:-1])
        starts = np.flatnonzero(first)
        del first
        self._count = np.add.reduceat(count, starts).astype(np.uint32, copy=False)
        del count
        self._group = group[starts]
        del group
        self._key = key[starts]

    def nbytes(self) -> int:
        """Bytes held in the counts and the buffer (the set of seen pages not included)."""
        return self._group.nbytes + self._key.nbytes + self._count.nbytes + len(self._new_key) * 12

    def repeated(self, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE) -> RepeatedLines:
        """The keys found on at least ``max(min_pages, min_share * n)`` of the ``n`` distinct pages of their group."""
        self._merge()
        n = np.asarray(self._pages_per_group, dtype=np.float64)[self._group]
        # count / n, not count >= min_share * n: 0.07 * 100 is 7.000000000000001, and 7 of
        # 100 pages would fall short of 7% (a quotient is rounded once, to the float nearest
        # the share, as 0.07 itself is).
        hit = (self._count >= min_pages) & (self._count / n >= min_share)
        names = list(self._ids)
        keys: dict[Hashable, set[int]] = {}
        for gid, key in zip(self._group[hit].tolist(), self._key[hit].tolist()):
            keys.setdefault(names[gid], set()).add(key)
        return RepeatedLines({group: frozenset(k) for group, k in keys.items()})


class RepeatedLines:
    """The repeated key hashes of each group, from :meth:`LineCounter.repeated`.

    Small: only groups with repeated lines are held, and those lines are few (a
    site's menus and footers); ``boilerplate clean`` gives each worker process all
    of it once. :meth:`only` cuts it down to the groups of some pages.

    >>> rep = RepeatedLines({"a.com": frozenset(key_hashes(["Home"]))})
    >>> rep.mask("a.com", ["home", "", "Story"]).tolist(), rep.mask(None, ["home"]).tolist()
    ([True, False], [False])
    """

    def __init__(self, keys: dict[Hashable, frozenset[int]]) -> None:
        self.keys = keys

    def __len__(self) -> int:
        """Groups with at least one repeated line."""
        return len(self.keys)

    def mask(self, group: Hashable, lines: Sequence[str]) -> np.ndarray:
        """One boolean per non-blank line of the page: does it repeat across ``group``?

        All false for a page with no group (see :func:`no_group`).
        """
        repeated = None if no_group(group) else self.keys.get(group)
        if not repeated:
            return np.zeros(len(_stripped(lines)), dtype=bool)
        return np.array([key in repeated for key in key_hashes(lines)], dtype=bool)

    def only(self, groups: Iterable[Hashable]) -> RepeatedLines:
        """The same, for these groups only."""
        return RepeatedLines({g: self.keys[g] for g in set(groups) if not no_group(g) and g in self.keys})


def repeated_lines(
    pages: Sequence[Sequence[str]],
    groups: Collection[Hashable],
    min_pages: int = MIN_PAGES,
    min_share: float = MIN_SHARE,
) -> list[np.ndarray]:
    """For each page, a boolean per non-blank line: does it repeat across its group?

    ``pages`` are lists of lines (a page as one ``str`` is a ``TypeError``); ``groups`` gives each page's group (a site's host,
    say) in a list, Series or array; ``None`` or a missing value (NaN, ``pd.NA``: see :func:`no_group`) puts a
    page in no group, so nothing of it counts as repeated.

    >>> menu = ["Home", "World", "Sport"]
    >>> pages = [menu + [f"The story of {name} is told here."] for name in ("Ann", "Bo", "Cy", "Di")]
    >>> [m.astype(int).tolist() for m in repeated_lines(pages, ["a"] * 4)][0]
    [1, 1, 1, 0]
    """
    if len(pages) != len(groups):
        raise ValueError(f"{len(pages)} pages but {len(groups)} group keys; give one key per page.")
    counter = LineCounter()
    for page, group in zip(pages, groups):
        counter.add(group, page)
    repeated = counter.repeated(min_pages, min_share)
    return [repeated.mask(group, page) for page, group in zip(pages, groups)]


def host_of(url: object) -> str | None:
    """The group of a page for ``--group-by host``: its URL's host name, or ``None``.

    Lower case, without a trailing dot and without a leading ``www.`` (``www.x.com``
    and ``x.com`` serve one site; other subdomains stay apart). An internationalized
    name is given in Unicode, however the URL spells it: its ``xn--`` labels decoded,
    then NFKC (full-width letters and dots, as browsers read them; a composed and a
    decomposed letter alike). A URL in angle brackets (``<https://x.com/>``, as some
    WARC files write ``WARC-Target-URI``) is the URL inside them. ``None`` for anything
    that is not a string, or a URL with no host (``urllib.parse`` finds none without a
    scheme or ``//``).

    >>> host_of("https://WWW.Prothomalo.com/bangladesh/a1"), host_of("example.com/page"), host_of(None)
    ('prothomalo.com', None, None)
    >>> host_of("https://xn--54b7fta0cc.example/") == host_of("https://বাংলা.example/")
    True
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if url[:1] == "<" and url[-1:] == ">":
        # wget writes WARC-Target-URI in angle brackets, after the WARC specification's grammar for a URI.
        url = url[1:-1].strip()
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    # The ideographic full stop is a dot in a host name (IDNA); NFKC makes the
    # half-width one ideographic, and the full-width one a dot.
    labels = unicodedata.normalize("NFKC", host).replace("\u3002", ".").split(".")
    host = unicodedata.normalize("NFKC", ".".join(map(_unicode_label, labels))).lower().rstrip(".")
    if host.startswith("www.") and "." in host[4:]:  # not www.com itself
        host = host[4:]
    return host or None


def _unicode_label(label: str) -> str:
    """A host name's label, its ``xn--`` (Punycode) form decoded; kept as it is when
    it is not one (not Punycode, or decoding to ASCII only, which IDNA does not write so).

    >>> _unicode_label("xn--54b7fta0cc"), _unicode_label("XN--zz"), _unicode_label("news")
    ('বাংলা', 'XN--zz', 'news')
    """
    if not label[:4].lower() == "xn--":
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label
    return label if decoded.isascii() else decoded
