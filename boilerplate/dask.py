"""Cleaning on a Dask cluster: a DataFrame column or a Bag of texts, partition by partition.

Each partition goes through :func:`boilerplate.clean_many` (one model call per
batch of pages). Only the config travels with the tasks; each worker process
loads the shipped model once, on its first partition, and keeps it. A model of
your own (``model=``, from :func:`boilerplate.load_model`) travels as its linear
function (a weight per feature and a bias), so the workers need neither its file
nor scikit-learn to use it. Corpus mode (``group_by=``, a column of group keys)
shuffles the frame so that each group's pages share a partition. Needs the ``dask`` extra, installed from a clone of this
repository on the client and on every worker: ``pip install '.[dask]'`` (PyPI's
``boilerplate`` is another project).

>>> import dask.dataframe as dd, pandas as pd
>>> frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World", ""], "id": [1, 2]}), npartitions=1)
>>> clean_dataframe(frame, "text", "article").compute(scheduler="sync").columns.tolist()
['text', 'id', 'article']
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import pandas as pd

from .batch import NO_KEY, _series_pages, _unhashable, clean_many, clean_series
from .cleaner import DEFAULT_CONFIG, Config, _check_config, _check_text
from .extras import install_command
from .model import LinearModel, linear_model

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag as db
    import dask.dataframe as dd
    from sklearn.pipeline import Pipeline

_MISSING = f"boilerplate.dask needs Dask: {install_command('dask')}."


def _clean_partition(
    frame: pd.DataFrame,
    column: Hashable,
    output_column: Hashable,
    config: Config,
    model: LinearModel | None = None,
    group_by: Hashable | None = None,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    """Clean one partition (in corpus mode, with the group keys of column ``group_by``);
    ``partition_info`` (Dask gives it) holds its number, for errors."""
    # Not frame.assign(**{output_column: …}): keywords must be str, and a column's
    # name may be any label (0, a tuple).
    out = frame.copy(deep=False)
    keys = None if group_by is None else frame[group_by]
    try:
        out[output_column] = clean_series(frame[column], config=config, model=model, group_by=keys)
    except TypeError as exc:
        if partition_info is None:
            raise
        # The index label alone may name a row of every partition (dd.read_parquet
        # gives each file's partition an index from 0).
        raise TypeError(f"partition {partition_info['number']} (from 0): {exc}") from None
    return out


def _check_partition(
    frame: pd.DataFrame, column: Hashable, group_by: Hashable, partition_info: dict | None = None
) -> pd.DataFrame:
    """A partition as it is, once every value of ``column`` is a page (a str), else the
    ``TypeError`` of :func:`_clean_partition`, and every value of ``group_by`` can be a
    key. Corpus mode checks them before the shuffle, so that an error names the partition
    that holds the row, not a shuffled one (and the shuffle hashes the keys)."""
    where = "" if partition_info is None else f"partition {partition_info['number']} (from 0): "
    try:
        _series_pages(frame[column])
    except TypeError as exc:
        raise TypeError(f"{where}{exc}") from None
    bad = _unhashable(frame[group_by].tolist())
    if bad is not None:
        i, key = bad
        label = frame.index.tolist()[i]  # as iterating gives it (7, not np.int64(7))
        raise TypeError(f"{where}the key at index {label!r} (column {group_by!r}) is a {type(key).__name__}, {NO_KEY}")
    return frame


def _linear(model: Pipeline | LinearModel | None) -> LinearModel | None:
    """What travels with the tasks for ``model=``: its linear function (checked here, on
    the client, not in the first partition to run), or ``None`` for the shipped model."""
    return None if model is None else linear_model(model)


def _clean_texts(texts: Any, partition: Any, config: Config, model: LinearModel | None = None) -> list[str]:
    """Clean one partition of a Bag; ``partition`` holds its number (a one-element partition of ``db.range``)."""
    texts = list(texts)
    for i, text in enumerate(texts):
        try:
            _check_text("clean_bag", text)
        except TypeError as exc:
            # The bag's global position would need the sizes of the partitions before.
            [k] = partition
            raise TypeError(f"partition {k}, page {i} of that partition (both from 0): {exc}") from None
    return clean_many(texts, config=config, model=model)


def clean_dataframe(
    frame: dd.DataFrame,
    column: Hashable = "text",
    output_column: Hashable | None = None,
    *,
    config: Config = DEFAULT_CONFIG,
    model: Pipeline | None = None,
    group_by: Hashable | None = None,
) -> dd.DataFrame:
    """A Dask DataFrame with ``column`` cleaned into ``output_column`` (default, ``None``: ``column`` itself).

    Corpus mode (opt-in): ``group_by`` names the column of each page's group key,
    such as its site's host (see :func:`boilerplate.clean_many`; a missing key puts
    its page in no group, and one that cannot be a key, such as a list, fails its
    partition with a ``TypeError`` naming the partition and the row's index label).
    The frame is shuffled on it first (``frame.shuffle``), so
    that all of a group's pages are in one partition: the result is then that of
    ``clean_many(pages, group_by=keys)`` over the whole frame, its rows in another
    order and other partitions, each with its index label. A group's pages must fit
    in one worker's memory. A frame with a column not named by a str, or one of complex
    or sparse data, is shuffled Dask's ``"tasks"`` way, since its ``"p2p"`` shuffle
    (its choice on a cluster) refuses it; so is one with a column or an index of
    ``object`` dtype (or categorical, of such categories), whose values p2p would
    change (lists into arrays) or fail on.

    Every other column is left as it is. A missing value in ``column`` fails its
    partition with a ``TypeError`` naming the partition (from 0; in corpus mode, checked
    before the shuffle, the partition that held the row) and the row's index
    label (which may repeat across partitions): fill or drop them first
    (``frame[column].fillna("")``). ``model`` is a model of your own, from
    :func:`boilerplate.load_model` (default: the shipped one). ``config`` and ``model``
    are checked here, before anything runs: anything but a :class:`~boilerplate.Config`,
    or a path as ``model``, is a ``TypeError``; so is a frame that is not a Dask
    DataFrame, and a ``column`` it does not have is a ``KeyError``.
    """
    try:
        import dask.bag
        import dask.dataframe
    except ImportError as exc:  # pragma: no cover
        raise ImportError(_MISSING) from exc
    if not isinstance(frame, dask.dataframe.DataFrame):
        if isinstance(frame, dask.dataframe.Series):  # frame["text"]: clean_series refuses it too
            hint = (
                "a Dask Series; pass the frame and the column's name, clean_dataframe(frame, column), "
                "or series.to_frame() for a Series alone"
            )
        elif isinstance(frame, pd.Series):
            hint = "a pandas Series; use clean_series(series)"
        elif isinstance(frame, dask.bag.Bag):
            hint = "a Dask Bag; use clean_bag(bag) for a Bag of texts"
        else:
            hint = f"{type(frame).__name__}; use clean_series(frame[column]) for a pandas DataFrame"
        raise TypeError(f"clean_dataframe() takes a Dask DataFrame, not {hint}.")
    _check_config(config)  # here, not in the first partition to run
    linear = _linear(model)
    if isinstance(group_by, (pd.Series, dask.dataframe.Series)):  # a Dask Series is hashable: no column's name
        kind = "pandas" if isinstance(group_by, pd.Series) else "Dask"
        raise TypeError(
            f"group_by names the column of the pages' keys, not a {kind} Series; add the keys to the frame "
            "as a column and pass its name, e.g. group_by='host'."
        )
    labels = [("column", column, "text"), ("output_column", output_column, "article")]
    for name, label, example in labels + ([("group_by", group_by, "host")] if group_by is not None else []):
        try:
            hash(label)
        except TypeError:  # a list of names, say: pandas would say only "unhashable type"
            raise TypeError(f"{name} names one column, not a {type(label).__name__} ({label!r}); e.g. {example!r}.") from None
    named_columns = [("", column, "pages")] + ([(" for group_by", group_by, "keys")] if group_by is not None else [])
    for purpose, label, what in named_columns:
        if label not in frame.columns:
            raise KeyError(f"the frame has no column {label!r}{purpose}; its columns are {list(frame.columns)}.")
        named = frame._meta[label]
        if isinstance(named, pd.DataFrame):  # a name two columns share
            raise ValueError(
                f"the frame has {named.shape[1]} columns named {label!r}; rename them so that one holds the {what}."
            )
    output_column = column if output_column is None else output_column
    meta = _clean_partition(frame._meta, column, output_column, config, linear, group_by)
    if group_by is not None:
        # Corpus mode counts a group's lines over all its pages: they must share a partition.
        # The pages and keys are checked before the shuffle, which would move a row into another partition.
        frame = frame.map_partitions(_check_partition, column, group_by, meta=frame._meta)
        # p2p, Dask's choice on a cluster, carries the partitions through pyarrow, which
        # changes Python objects (lists and tuples come back as arrays, dicts with every
        # key of their column, ints beside None as floats) or fails on a mix of types
        # (200 beside "error"), at run time: a frame with an object column or index, or a
        # categorical one whose categories are objects, goes the tasks way, which keeps
        # every value as it was.
        empty = frame._meta
        dtypes = [*empty.dtypes, *getattr(empty.index, "dtypes", [empty.index.dtype])]
        objects = any(
            dtype == object or (isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype == object)
            for dtype in dtypes
        )
        try:
            frame = frame.shuffle(on=group_by, shuffle_method="tasks" if objects else None)
        except TypeError:
            # p2p refuses columns not named by a str and complex or sparse data (which
            # pyarrow cannot hold) when the graph is built; the tasks way takes any.
            frame = frame.shuffle(on=group_by, shuffle_method="tasks")
    return frame.map_partitions(_clean_partition, column, output_column, config, linear, group_by, meta=meta)


def clean_bag(bag: db.Bag, *, config: Config = DEFAULT_CONFIG, model: Pipeline | None = None) -> db.Bag:
    """A Dask Bag of cleaned texts, in the same order as ``bag``'s texts.

    A text that is not a ``str`` (``None``, bytes) fails its partition with a
    ``TypeError`` naming the partition and the page's position in it. ``model`` is
    a model of your own, from :func:`boilerplate.load_model` (default: the shipped one);
    as for :func:`clean_dataframe`, ``config`` and ``model`` are checked before anything runs.

    >>> import dask.bag as db
    >>> pages = ["Home | World\\n\\nThe council approved the new budget on Tuesday after a long debate.", ""]
    >>> clean_bag(db.from_sequence(pages, npartitions=2)).compute(scheduler="sync") == clean_many(pages)
    True
    """
    try:
        import dask.bag
    except ImportError as exc:  # pragma: no cover
        raise ImportError(_MISSING) from exc
    if not isinstance(bag, dask.bag.Bag):
        import dask.dataframe

        # A column of pages has a function of its own: clean_many() and clean() fit neither.
        if isinstance(bag, dask.dataframe.DataFrame):
            hint = "a Dask DataFrame; use clean_dataframe(frame, column)"
        elif isinstance(bag, dask.dataframe.Series):
            hint = "a Dask Series; use clean_dataframe(frame, column) on its frame, or clean_bag(series.to_bag())"
        elif isinstance(bag, pd.Series):
            hint = "a pandas Series; use clean_series(series)"
        elif isinstance(bag, pd.DataFrame):
            hint = "a pandas DataFrame; use clean_series(frame[column])"
        else:
            hint = f"{type(bag).__name__}; use clean_many() for a list of pages, clean() for one page"
        raise TypeError(f"clean_bag() takes a Dask Bag of texts, not {hint}.")
    _check_config(config)  # here, not in the first partition to run
    linear = _linear(model)
    if bag.npartitions == 0:  # db.from_delayed([]): no texts, and db.range(0, npartitions=0) divides by zero
        return bag
    # A bag of the partition numbers, one per partition, travels beside the texts so
    # that an error can say where the page is.
    numbers = dask.bag.range(bag.npartitions, npartitions=bag.npartitions)
    return bag.map_partitions(_clean_texts, numbers, config, linear)
