"""Cleaning many pages: the batch API (:func:`clean_many`, :func:`clean_pages`, :func:`clean_series`).

:func:`clean_many` featurizes a batch of pages at once and calls the model once
per batch (:func:`boilerplate.cleaner.decide_pages`); features and passes never
reach across pages, so the result is what :func:`boilerplate.clean` gives page by page.

>>> from boilerplate import clean, clean_many
>>> pages = ["Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.", "", "Menu"]
>>> clean_many(pages) == [clean(page) for page in pages]
True

Whole files of pages (``boilerplate clean``) are cleaned by :func:`boilerplate.runner.run`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Hashable, Iterable, Mapping, Sized
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .cleaner import DEFAULT_CONFIG, Config, _check_config, _check_text, decide_pages, kept_text
from .corpus import RepeatedLines, missing_kind, repeated_lines
from .model import linear_model
from .readers import _string_type

if TYPE_CHECKING:  # pandas only for clean_series, scikit-learn only for a model passed in
    import pandas as pd
    from sklearn.pipeline import Pipeline


class PageResult(NamedTuple):
    """One cleaned page with its line counts (non-blank lines kept and in all)."""

    text: str
    kept: int
    lines: int


def _dask_kind(value: object) -> str | None:
    """``"DataFrame"`` or ``"Series"`` for a Dask one, else ``None``. A Dask DataFrame,
    like a pandas one, iterates over its column names."""
    dask_frames = sys.modules.get("dask.dataframe")  # not imported for this: without it, no value is one
    if dask_frames is None:
        return None
    return next((kind for kind in ("DataFrame", "Series") if isinstance(value, getattr(dask_frames, kind))), None)


def clean_pages(
    texts: Iterable[str],
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
    repeated: RepeatedLines | None = None,
) -> list[PageResult]:
    """:func:`clean_many` with each page's line counts, for reports.

    ``repeated`` (with ``group_by``): the groups' repeated lines as counted over a
    larger corpus (:class:`~boilerplate.corpus.LineCounter`), instead of over these pages.

    >>> page = "Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.\\n\\nMost read"
    >>> [(r.kept, r.lines) for r in clean_pages([page, ""])]
    [(2, 3), (0, 0)]
    """
    if isinstance(texts, str):
        # A str is an iterable of str: each character would be cleaned as a page.
        raise TypeError("clean_many() takes a list of pages, not one str; use clean() for one page, or pass [text].")
    if isinstance(texts, (bytes, bytearray, memoryview)):
        # Pages are str, for clean() too: one page of bytes is decoded, then given as [text].
        raise TypeError(
            f"clean_many() takes a list of pages, not one {type(texts).__name__}; "
            "decode it to str first, e.g. [data.decode('utf-8')]."
        )
    pandas = sys.modules.get("pandas")  # not imported for this: without pandas, no value is a DataFrame
    if isinstance(texts, Mapping):
        # Iterating a dict gives its keys, and a DataFrame its column names: each would be cleaned as a page.
        raise TypeError(
            f"clean_many() takes a list of pages, not a {type(texts).__name__}, whose keys would be cleaned as "
            "pages; pass list(pages.values())."
        )
    if pandas is not None and isinstance(texts, pandas.DataFrame):
        raise TypeError(
            "clean_many() takes a list of pages, not a DataFrame, whose column names would be cleaned as pages; "
            "pass frame[column], or use clean_series(frame[column])."
        )
    if _dask_kind(texts) == "DataFrame":
        raise TypeError(
            "clean_many() takes a list of pages, not a Dask DataFrame, whose column names would be cleaned as pages; "
            "use boilerplate.dask.clean_dataframe(frame, column) to clean it partition by partition."
        )
    try:
        pages = iter(texts)
    except TypeError:
        raise TypeError(
            f"clean_many() takes a list of pages, not {type(texts).__name__}; "
            "pass a list of str, e.g. [text] for one page."
        ) from None
    if isinstance(group_by, (str, bytes, bytearray, memoryview)):
        # A str is a sequence of characters: each page would get one as its key.
        raise TypeError(
            f"group_by takes one key per page, not one {type(group_by).__name__}; "
            "pass a list of keys, e.g. the pages' host names."
        )
    if isinstance(group_by, Mapping):
        raise TypeError(
            f"group_by takes one key per page, not a {type(group_by).__name__}, whose keys would be the pages' keys; "
            "pass list(keys.values())."
        )
    if pandas is not None and isinstance(group_by, pandas.DataFrame):
        kind = "DataFrame"
    else:
        kind = "Dask DataFrame" if _dask_kind(group_by) == "DataFrame" else None
    if kind is not None:
        # frame[["host"]] for frame["host"]: a DataFrame iterates over its column names.
        raise TypeError(
            f"group_by takes one key per page, not a {kind}, whose column names would be the pages' keys; "
            "pass frame[column]."
        )
    try:
        iter(group_by if group_by is not None else ())
    except TypeError:
        raise TypeError(
            f"group_by takes one key per page, not {type(group_by).__name__}; "
            "pass a list of keys, e.g. the pages' host names."
        ) from None
    for what, value in (("group_by is", group_by), ("the pages are", texts)):
        # A set's order is arbitrary (for str, it changes from run to run): paired by
        # position, pages would get other pages' keys, differently on every run.
        if group_by is not None and isinstance(value, (set, frozenset)):
            raise TypeError(
                f"{what} a {type(value).__name__}, which has no order, and clean_many pairs pages and keys by "
                "position; pass both as lists in the same order, one key for each page."
            )
    if (
        pandas is not None
        and isinstance(texts, pandas.Series)
        and isinstance(group_by, pandas.Series)
        and not texts.index.equals(group_by.index)
    ):
        # Paired by position, a key column sorted or filtered apart from its pages
        # would silently give pages other pages' keys.
        raise ValueError(
            "the pages and group_by are pandas Series with different indexes; clean_many pairs them by position, "
            "not by label: pass group_by=keys.reindex(pages.index) to pair them by label, or keys.tolist() by position."
        )
    texts = list(pages)
    for i, text in enumerate(texts):
        if isinstance(text, str):
            continue
        try:
            _check_text("clean_many", text)
        except TypeError as exc:
            raise TypeError(f"page {i}: {exc}") from None
    # No early return for no pages: an exhausted generator of pages given with its
    # keys must still be told that the keys do not match, and a bad model or config.
    # Those two are checked first, before corpus mode's counting pass.
    _check_config(config)
    model = linear_model(model)
    all_lines = [str.splitlines(text) for text in texts]  # str's own, also for a subclass (see clean)
    masks = None
    if repeated is not None and group_by is None:
        raise ValueError("repeated lines need group_by: give each page's group.")
    if group_by is not None:
        if isinstance(group_by, Sized):
            group_by = list(group_by)
            count = f"{len(group_by):,}"
        else:
            # An iterator may never end (itertools.repeat(host)): one key past the pages is enough.
            group_by = list(islice(group_by, len(texts) + 1))
            count = f"more than {len(texts):,}" if len(group_by) > len(texts) else f"{len(group_by):,}"
        if len(group_by) != len(texts):
            keys = "key" if count == "1" else "keys"  # count may read "more than 3": not _count's int
            raise ValueError(f"group_by has {count} {keys} for {_count(len(texts), 'page')}; give one key per page.")
        bad = _unhashable(group_by)
        if bad is not None:
            i, key = bad
            raise TypeError(f"group_by takes one key per page; the key of page {i} is a {type(key).__name__}, {NO_KEY}")
        if repeated is None:
            masks = repeated_lines(all_lines, group_by)
        else:
            masks = [repeated.mask(group, lines) for group, lines in zip(group_by, all_lines)]
    decisions = decide_pages(all_lines, model, config, masks)
    return [
        PageResult(kept_text(lines, decision), int(decision.body.sum()), len(decision.line_nos))
        for lines, decision in zip(all_lines, decisions)
    ]


def clean_many(
    texts: Iterable[str],
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
) -> list[str]:
    """Clean many pages at once: the same results as :func:`boilerplate.clean` page by page.

    The pages are featurized in batches and the model is called once per batch (up to
    :data:`~boilerplate.cleaner.BATCH_PAGES` pages or :data:`~boilerplate.cleaner.BATCH_LINES`
    non-blank lines; a longer page is a batch of its own), not once per page. ``texts`` is a list (or any iterable) of pages; a
    single ``str`` gives a ``TypeError`` (use :func:`boilerplate.clean` for one page),
    as do a dict and a DataFrame (iterating them gives their keys and column names),
    and a page that is not a ``str``, named by its position.

    Corpus mode (opt-in): ``group_by`` gives each page a group key, such as its
    site's host: a list (or Series, array or any iterable) of one key per page; a single ``str`` is a
    ``TypeError``, not a key for every page, as are a dict and a DataFrame (their
    keys and column names would be the keys), and a key that is unhashable
    (a list), named by its page; pages and keys are paired by position, so a set of keys or
    of pages (no order) is a ``TypeError`` and two pandas Series with different indexes a ``ValueError``. ``None`` or a missing value as pandas stores it (NaN, ``pd.NA``,
    ``pd.NaT``; see :func:`~boilerplate.corpus.no_group`) puts a page in no group,
    so ``group_by=frame["host"]`` with some hosts missing cleans those pages on
    their own, whatever the column's dtype. Lines that repeat on many pages of a group
    — menus, footers, fixed prompts — are then chrome (see :mod:`boilerplate.corpus`).
    The result does not depend on the order of the pages.

    >>> pages = ["Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.\\n\\nMost read", ""]
    >>> clean_many(pages)
    ['Home | News\\n\\nThe council approved the new budget on Tuesday after a long debate.', '']
    """
    return [result.text for result in clean_pages(texts, config=config, model=model, group_by=group_by)]


def clean_series(
    series: pd.Series,
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Iterable[Hashable] | None = None,
) -> pd.Series:
    """Clean a pandas Series of pages; the result keeps the Series' index and name, and its
    dtype when that is a string dtype (``str``, ``string``, or pyarrow's as ``pd.ArrowDtype``;
    else the result is of ``object``).

    The pages go through :func:`clean_many`, with its ``config``, ``model`` and
    ``group_by`` (corpus mode: one key per page, such as ``frame["host"]``). A
    ``group_by`` Series must have the pages' index, as :func:`clean_many` pairs
    keys and pages by position: another index is a ``ValueError``.

    >>> import pandas as pd
    >>> clean_series(pd.Series(["Home | World", ""], index=[7, 9], name="text")).index.tolist()
    [7, 9]

    A value that is not a str gives a ``TypeError`` naming its index and saying what
    to do: fill or drop a missing value (``None``, NaN, ``pd.NA``, ``pd.NaT``), decode
    bytes, read the files of paths, join a page's lines (a list, tuple or array), take
    the text out of a record (a dict), convert anything else.
    """
    import pandas as pd

    if not isinstance(series, pd.Series):
        dask = _dask_kind(series)
        if dask is not None:
            hint = f"a Dask {dask}; use boilerplate.dask.clean_dataframe(frame, column) for a Dask DataFrame"
        elif isinstance(series, pd.DataFrame):
            hint = "a DataFrame; pass frame[column]"
        elif isinstance(series, str):  # one page, not a list of them
            hint = "str; use clean() for one page"
        elif type(series).__name__ == "Bag" and type(series).__module__.startswith("dask."):
            hint = "a Dask Bag; use boilerplate.dask.clean_bag(bag) for a Bag of texts"
        else:
            hint = f"{type(series).__name__}; use clean_many() for a list"
        raise TypeError(f"clean_series() takes a pandas Series, not {hint}.")
    values = _series_pages(series)
    # A string dtype stays (pandas' own, or pyarrow's as pd.ArrowDtype, as
    # read_parquet(dtype_backend="pyarrow") gives); anything else (object) gives object, empty or not.
    text_dtype = isinstance(series.dtype, pd.StringDtype) or (
        isinstance(series.dtype, pd.ArrowDtype) and _string_type(series.dtype.pyarrow_dtype)
    )
    dtype = series.dtype if text_dtype else object
    if isinstance(group_by, pd.Series) and not series.index.equals(group_by.index):
        # Paired by position, a key column sorted or filtered apart from its pages
        # would silently give pages other pages' keys.
        raise ValueError(
            "clean_series(): the pages and group_by have different indexes, and keys are paired with pages by "
            "position: pass group_by=keys.reindex(series.index) to pair them by label, or keys.tolist() by position."
        )
    articles = clean_many(values, config=config, model=model, group_by=group_by)
    return pd.Series(articles, index=series.index, name=series.name, dtype=dtype)


def _series_pages(series: pd.Series) -> list[str]:
    """The pages of a Series, as a list, or a ``TypeError`` naming the index label of a
    value that is not a str and saying what to do with it (see :func:`clean_series`)."""
    import pandas as pd

    values = series.tolist()
    # A pyarrow column (read_parquet(dtype_backend="pyarrow")) of bytes, lists or records
    # has no .str.decode, .str.join or .str.get: as object, it has.
    accessor = "series.astype(object).str" if isinstance(series.dtype, pd.ArrowDtype) else "series.str"
    for label, value in zip(series.index, values):
        if not isinstance(value, str):
            missing = "None" if value is None else missing_kind(value)
            if missing is not None:
                # A categorical column refuses fillna('') unless '' is one of its categories.
                categorical = isinstance(series.dtype, pd.CategoricalDtype)
                fill = "series.astype(object).fillna('')" if categorical else "series.fillna('')"
                what = f"a missing value ({missing}), not str; fill or drop missing values first, e.g. {fill}."
            elif isinstance(value, (bytes, bytearray, memoryview)):
                what = f"{type(value).__name__}, not str; decode the values first, e.g. {accessor}.decode('utf-8')."
            elif isinstance(value, os.PathLike):
                what = f"{type(value).__name__}, not str; read the files first, e.g. Path(path).read_text(encoding='utf-8')."
            elif isinstance(value, (list, tuple, np.ndarray)):  # a page's lines (a Parquet list column: arrays)
                what = f"{type(value).__name__}, not str; join each page's lines first, e.g. {accessor}.join('\\n')."
            elif isinstance(value, Mapping):  # a record (a JSON Lines line read with json.loads)
                what = (
                    f"{type(value).__name__}, not str; take the page's text out of each record first, "
                    f"e.g. {accessor}.get('text')."
                )
            else:
                what = (
                    f"{type(value).__name__}, not str; convert the values to str first, e.g. series.astype(str), "
                    "if they are pages."
                )
            raise TypeError(f"clean_series(): the value at index {label!r} is {what}")
    return values


#: What a message says of a group key that cannot be one, after its kind.
NO_KEY = "which cannot be a key (it is unhashable): pass e.g. the page's host name as a str."


def _unhashable(keys: Iterable[Hashable]) -> tuple[int, object] | None:
    """The position and value of the first of ``keys`` that cannot be a group key (it is
    unhashable: a list; NumPy's generic-unit timedelta64 raises ``ValueError``), or ``None``.

    >>> _unhashable(["a.example", None, 3]), _unhashable(["a.example", ["b.example"]])
    (None, (1, ['b.example']))
    """
    for i, key in enumerate(keys):
        try:
            hash(key)
        except (TypeError, ValueError):
            return i, key
    return None


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
