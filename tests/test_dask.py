"""The Dask path on a real local cluster: two worker processes, a few thousand pages."""

from __future__ import annotations

import os
import random

import numpy as np
import pandas as pd
import pytest

from boilerplate import Config, clean_many

from .conftest import LABELS

dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

from boilerplate.dask import clean_bag, clean_dataframe  # noqa: E402

N_PAGES = 2000


def mutated_pages(n: int, seed: int = 7) -> list[str]:
    """Pages made from the labelled ones by light mutations: a window of lines, a line
    dropped, repeated or swapped with its neighbour, blank lines added or removed."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8").splitlines() for p in sorted((LABELS / "pages").glob("*.txt"))]
    pages = []
    for _ in range(n):
        lines = rng.choice(sources)
        start = rng.randrange(0, max(1, len(lines) - 8))
        page = list(lines[start : start + rng.randint(8, 24)])
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(page))
            what = rng.choice(("drop", "repeat", "swap", "blank"))
            if what == "drop" and len(page) > 1:
                del page[i]
            elif what == "repeat":
                page.insert(i, page[i])
            elif what == "swap" and i + 1 < len(page):
                page[i], page[i + 1] = page[i + 1], page[i]
            elif what == "blank":
                page.insert(i, "")
        pages.append("\n".join(page))
    return pages


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_a_dask_column_on_two_worker_processes_equals_clean_many(client):
    pages = mutated_pages(N_PAGES)
    frame = pd.DataFrame({"id": range(len(pages)), "text": pages, "site": "x"})
    ddf = dd.from_pandas(frame, npartitions=8)
    future = client.compute(clean_dataframe(ddf, "text", "article"))
    expected = clean_many(pages)  # here, while the workers clean
    result = future.result()
    assert len(client.run(os.getpid)) == 2  # two worker processes
    assert len(set(client.run(os.getpid).values()) | {os.getpid()}) == 3
    assert result["article"].tolist() == expected
    # Every other column as it was (Dask turns str columns into its own string dtype).
    pd.testing.assert_frame_equal(result[["id", "text", "site"]], frame, check_dtype=False)
    # The workers cleaned for real: the answer is not the input.
    assert sum(a != p for a, p in zip(expected, pages)) > len(pages) // 2


def test_a_dask_bag_keeps_the_order(client):
    pages = mutated_pages(200, seed=11)
    assert clean_bag(db.from_sequence(pages, npartitions=4)).compute() == clean_many(pages)


def _site_pages(n: int) -> tuple[list[str], list[str | None]]:
    """Pages of three sites and of no site, each site's pages ending in the same prompt
    (a sentence, which the model keeps on a page alone), and their hosts."""
    pages = mutated_pages(n, seed=5)
    hosts = [("a.example", "b.example", "c.example", None)[i % 4] for i in range(n)]
    prompts = {host: f"{host} এর সর্বশেষ খবর পেতে আমাদের পাতাটি অনুসরণ করুন।" for host in hosts}
    return [f"{page}\n\n{prompts[host]}" for page, host in zip(pages, hosts)], hosts


def test_corpus_mode_on_two_worker_processes_equals_clean_many_with_the_keys(client):
    # group_by names the keys' column: the frame is shuffled on it, so that a site's pages
    # share a partition, and each page's article is clean_many's over the whole frame.
    pages, hosts = _site_pages(400)
    frame = pd.DataFrame({"text": pages, "host": hosts, "id": range(len(pages))}, index=range(100, 100 + len(pages)))
    # Five pages a partition: none holds three pages of a site, the fewest corpus mode counts.
    ddf = dd.from_pandas(frame, npartitions=80)
    future = client.compute(clean_dataframe(ddf, "text", "article", group_by="host"))
    expected = clean_many(pages, group_by=hosts)
    alone = clean_many(pages)
    result = future.result().sort_index()
    # The keys matter: a site's prompt, kept on some pages alone, goes from every page of its site.
    prompts = [page.rsplit("\n", 1)[1] for page in pages]
    assert any(prompt in article for prompt, article in zip(prompts, alone))
    assert not any(prompt in article for prompt, article, host in zip(prompts, expected, hosts) if host is not None)
    assert all(e == a for e, a, host in zip(expected, alone, hosts) if host is None)
    assert result["article"].tolist() == expected
    pd.testing.assert_frame_equal(result[["text", "host", "id"]], frame, check_dtype=False)
    # Without group_by, the same frame is cleaned page by page.
    plain = clean_dataframe(ddf, "text", "article").compute(scheduler="sync")
    assert plain["article"].tolist() == alone


def test_corpus_mode_needs_the_name_of_a_column_of_keys():
    frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World"], "host": ["a.example"]}), npartitions=1)
    with pytest.raises(KeyError, match=r"no column 'site' for group_by; its columns are \['text', 'host'\]"):
        clean_dataframe(frame, group_by="site")
    for keys, kind in ((frame["host"], "Dask"), (frame["host"].compute(), "pandas")):
        with pytest.raises(TypeError, match=rf"^group_by names the column of the pages' keys, not a {kind} Series; add"):
            clean_dataframe(frame, group_by=keys)
    with pytest.raises(TypeError, match=r"^group_by names one column, not a list \(\['host'\]\); e\.g\. 'host'\.$"):
        clean_dataframe(frame, group_by=["host"])
    twice = dd.from_pandas(pd.DataFrame([["a", "x", "y"]], columns=["text", "host", "host"]), npartitions=1)
    with pytest.raises(ValueError, match=r"^the frame has 2 columns named 'host'; rename them so that one holds the keys\.$"):
        clean_dataframe(twice, group_by="host")


def test_corpus_mode_on_a_cluster_takes_a_frame_p2p_refuses(client):
    # On a cluster Dask picks its p2p shuffle, which refuses any frame with a column not
    # named by a str (TypeError: p2p requires all column names to be str), or with
    # complex or sparse data ("p2p does not support ..."): such a frame is shuffled the
    # tasks way, the keys' column named 0, another one named 7, or one complex or sparse.
    pages, hosts = _site_pages(40)
    expected = clean_many(pages, group_by=hosts)
    assert expected != clean_many(pages)  # the keys matter
    for frame, keys in [
        (pd.DataFrame({"text": pages, 0: hosts}), 0),
        (pd.DataFrame({"text": pages, "host": hosts, 7: range(40)}), "host"),
        (pd.DataFrame({"text": pages, "host": hosts, "z": [complex(i, 1) for i in range(40)]}), "host"),
        (pd.DataFrame({"text": pages, "host": hosts, "s": pd.arrays.SparseArray([0] * 39 + [1])}), "host"),
    ]:
        future = client.compute(clean_dataframe(dd.from_pandas(frame, npartitions=8), "text", "article", group_by=keys))
        assert future.result().sort_index()["article"].tolist() == expected


def test_corpus_mode_on_a_cluster_leaves_columns_of_python_objects_and_their_labels_as_they_were(client):
    # Dask's p2p shuffle, its choice on a cluster, carries each partition through pyarrow,
    # which takes the frame at graph time but changes Python objects on the way: a column's
    # lists and tuples came back as NumPy arrays, its dicts as dicts with every key of the
    # column ({'a': 1} as {'a': 1.0, 'b': None}), ints beside None as floats, index labels
    # that are tuples as arrays; and a column of mixed types (200 beside "error"), or an
    # index of them, or a categorical column of such categories, failed with
    # "RuntimeError: P2P … failed during transfer phase". A frame with an object column or
    # index, or a categorical one of object categories, is shuffled the tasks way, which keeps them.
    pages, hosts = _site_pages(40)
    expected = clean_many(pages, group_by=hosts)
    assert expected != clean_many(pages)  # the keys matter

    def column(values: list) -> pd.Series:
        return pd.Series(values, dtype=object)

    changed = {  # came back changed
        "links": column([[f"/a/{i}", f"/b/{i}"] for i in range(40)]),
        "record": column([{"a": i} if i % 2 else {"b": "x"} for i in range(40)]),
        "count": column([i if i % 3 else None for i in range(40)]),
    }
    mixed = {"status": column([200 if i % 2 else "error" for i in range(40)])}  # failed
    categories = {  # failed too: the categories of a categorical column are such objects
        "kind": pd.Series(pd.Categorical([200 if i % 2 else "error" for i in range(40)])),
        "span": pd.Series(pd.Categorical([(i % 3, 1) for i in range(40)])),
    }
    tuples = pd.Index([(i, 2 * i) for i in range(40)], dtype=object, tupleize_cols=False)
    labels = pd.Index([i if i % 2 else f"p{i}" for i in range(40)], dtype=object, tupleize_cols=False)
    for others, index in [(changed, tuples), (mixed, labels), (categories, pd.RangeIndex(40))]:
        with dask.config.set({"dataframe.convert-string": False}):  # else from_pandas makes each object column str
            frame = pd.DataFrame({"text": pages, "host": hosts, **others}).set_axis(index)
            ddf = dd.from_pandas(frame, npartitions=8, sort=False)
            result = client.compute(clean_dataframe(ddf, "text", "article", group_by="host")).result()
        assert sorted(map(repr, result.index)) == sorted(map(repr, index))  # each label, of its type
        result = result.loc[index]
        assert result["article"].tolist() == expected
        for name, values in others.items():
            assert [(type(v), v) for v in result[name]] == [(type(v), v) for v in values]
            assert result[name].dtype == values.dtype


def test_a_column_of_keys_named_0_is_grouped_on():
    # A column's name may be any label (see below): group_by=0 names the column 0, not
    # "no group_by", whose pages would be cleaned each on its own partition's counts or alone.
    pages, hosts = _site_pages(40)
    expected = clean_many(pages, group_by=hosts)
    assert expected != clean_many(pages)  # the keys matter
    frame = dd.from_pandas(pd.DataFrame({"text": pages, 0: hosts}), npartitions=8)  # 5 pages a partition
    result = clean_dataframe(frame, "text", "article", group_by=0).compute(scheduler="sync").sort_index()
    assert result["article"].tolist() == expected


def test_the_config_reaches_the_partitions():
    strict = Config(threshold=0.99)
    pages = mutated_pages(20, seed=5)
    expected = clean_many(pages, config=strict)
    assert expected != clean_many(pages)
    frame = dd.from_pandas(pd.DataFrame({"text": pages}), npartitions=2)
    assert clean_dataframe(frame, config=strict).compute(scheduler="sync")["text"].tolist() == expected
    assert clean_bag(db.from_sequence(pages, npartitions=2), config=strict).compute(scheduler="sync") == expected


def test_a_model_of_your_own_reaches_the_worker_processes(client, inverted_model):
    from boilerplate import load_model

    mine = load_model(inverted_model)
    pages = mutated_pages(120, seed=13)
    expected = clean_many(pages, model=mine)
    assert expected != clean_many(pages)  # the model tells
    frame = dd.from_pandas(pd.DataFrame({"text": pages}), npartitions=4)
    assert clean_dataframe(frame, model=mine).compute()["text"].tolist() == expected
    assert clean_bag(db.from_sequence(pages, npartitions=4), model=mine).compute() == expected


def test_a_fitted_pipeline_travels_to_the_workers_as_its_linear_function():
    # The workers need no scikit-learn for a model of your own: what the tasks carry is its
    # weights and bias (a fitted Pipeline, as train.py saves, is turned into them on the client).
    cloudpickle = pytest.importorskip("cloudpickle")
    from boilerplate.labels import load_labels
    from boilerplate.training import fit

    pipeline = fit(load_labels(LABELS)[:2])
    pages = mutated_pages(8, seed=5)
    frame = dd.from_pandas(pd.DataFrame({"text": pages}), npartitions=2)
    cleaned = clean_dataframe(frame, model=pipeline)
    bag = clean_bag(db.from_sequence(pages, npartitions=2), model=pipeline)
    for graph in (cleaned.__dask_graph__(), bag.__dask_graph__()):
        assert b"sklearn" not in cloudpickle.dumps(dict(graph))
    expected = clean_many(pages, model=pipeline)
    assert cleaned.compute(scheduler="sync")["text"].tolist() == expected == bag.compute(scheduler="sync")


def test_a_model_given_as_a_path_is_refused_before_anything_runs(inverted_model):
    frame = dd.from_pandas(pd.DataFrame({"text": ["a"]}), npartitions=1)
    with pytest.raises(TypeError, match=r"model= takes a loaded model, not a path"):
        clean_dataframe(frame, model=inverted_model)
    with pytest.raises(TypeError, match=r"model= takes a loaded model, not a path"):
        clean_bag(db.from_sequence(["a"]), model=str(inverted_model))


def test_columns_named_by_any_label_are_cleaned_into_the_one_named():
    # output_column=0 cleaned into "text" (0 or "text" is "text"), and a new column
    # named 5 failed with "keywords must be strings" (frame.assign).
    pages = mutated_pages(6, seed=3)
    expected = clean_many(pages)
    frame = pd.DataFrame({"text": pages, 0: ["old"] * 6})
    out = clean_dataframe(dd.from_pandas(frame, npartitions=2), "text", 0).compute(scheduler="sync")
    assert out["text"].tolist() == pages and out[0].tolist() == expected
    out = clean_dataframe(dd.from_pandas(frame, npartitions=2), "text", 5).compute(scheduler="sync")
    assert out.columns.tolist() == ["text", 0, 5] and out[5].tolist() == expected
    numbered = dd.from_pandas(pd.DataFrame({0: pages, 1: range(6)}), npartitions=2)
    assert clean_dataframe(numbered, 0).compute(scheduler="sync")[0].tolist() == expected


def test_a_missing_value_fails_with_the_row_named():
    frame = dd.from_pandas(pd.DataFrame({"text": ["a page", None]}, index=[10, 11]), npartitions=1)
    with pytest.raises(TypeError, match="index 11"):
        clean_dataframe(frame).compute(scheduler="sync")
    with pytest.raises(KeyError, match="no column 'body'"):
        clean_dataframe(frame, "body")


def test_a_missing_value_is_named_by_its_partition_where_indexes_restart(tmp_path):
    # dd.read_parquet gives each file's partition an index from 0: "index 2" alone
    # named a row of every partition, and the error did not say which.
    for k in range(3):
        pd.DataFrame({"text": ["a page", "b page", None if k == 1 else "c page"]}).to_parquet(tmp_path / f"{k}.parquet")
    frame = dd.read_parquet(tmp_path)
    assert frame.compute(scheduler="sync").index.tolist() == [0, 1, 2] * 3
    with pytest.raises(TypeError, match=r"^partition 1 \(from 0\): clean_series\(\): the value at index 2 is a missing value"):
        clean_dataframe(frame, "text", "article").compute(scheduler="sync")


def test_a_missing_value_in_corpus_mode_is_named_by_its_partition_before_the_shuffle(client, tmp_path):
    # Corpus mode shuffles the frame, and the pages were checked only after it: the error
    # named a partition of the shuffled frame, where the row's label (one of every file's
    # 0, 1, 2) could be any file's, not the partition read from the file that holds it.
    for k in range(4):
        texts = ["a page", None if k == 2 else "b page", "c page"]
        pd.DataFrame({"text": texts, "host": [f"h{k}.example", "a.example", "b.example"]}).to_parquet(tmp_path / f"{k}.parquet")
    frame = dd.read_parquet(tmp_path)
    assert frame.npartitions == 4
    with pytest.raises(TypeError, match=r"^partition 2 \(from 0\): clean_series\(\): the value at index 1 is a missing value"):
        client.compute(clean_dataframe(frame, "text", "article", group_by="host")).result()


def test_a_key_that_cannot_be_one_is_named_by_its_partition_and_label():
    # clean_many names the page of an unhashable key (a list: a host split into its
    # labels, say); corpus mode on Dask failed in the shuffle with pandas' bare
    # "unhashable type: 'list'", which says neither where nor what to pass.
    hosts = ["a.example", "a.example", ["b", "example"], "a.example"]
    with dask.config.set({"dataframe.convert-string": False}):  # a column of lists stays one
        frame = dd.from_pandas(pd.DataFrame({"text": ["a page"] * 4, "host": hosts}, index=[5, 6, 7, 8]), npartitions=2)
    with pytest.raises(
        TypeError,
        match=r"^partition 1 \(from 0\): the key at index 7 \(column 'host'\) is a list, which cannot be a key "
        r"\(it is unhashable\): pass e\.g\. the page's host name as a str\.$",
    ):
        clean_dataframe(frame, "text", "article", group_by="host").compute(scheduler="sync")


def test_a_bag_names_the_partition_and_the_place_in_it_of_a_page_that_is_not_a_str():
    # The reviewer's bag: None is the bag's item 5, item 2 of the second partition.
    bag = db.from_sequence(["a", "b", "c", "d", "e", None, "g"], npartitions=3)
    assert [part.compute(scheduler="sync") for part in bag.to_delayed()] == [["a", "b", "c"], ["d", "e", None], ["g"]]
    with pytest.raises(
        TypeError,
        match=r"partition 1, page 2 of that partition \(both from 0\): clean_bag\(\) takes the page as str, not NoneType; pass ''",
    ):
        clean_bag(bag).compute(scheduler="sync")
    # After a filter the partitions keep their numbers.
    filtered = db.from_sequence(["a", "b", "c", b"bytes", "e", "f"], npartitions=2).filter(lambda t: t != "a")
    with pytest.raises(TypeError, match=r"partition 1, page 0 of that partition .*not bytes; decode it first"):
        clean_bag(filtered).compute(scheduler="sync")


def test_a_bag_of_no_partitions_is_cleaned_into_an_empty_bag():
    # db.from_delayed of an empty list of loaders (no file matched) has no partitions: the bag of
    # partition numbers beside it was db.range(0, npartitions=0), a ZeroDivisionError in Dask.
    empty = db.from_delayed([])
    assert empty.npartitions == 0 and empty.compute(scheduler="sync") == []
    cleaned = clean_bag(empty)
    assert cleaned.npartitions == 0 and cleaned.compute(scheduler="sync") == []
    with pytest.raises(TypeError, match=r"^config= takes a Config"):
        clean_bag(empty, config={"threshold": 0.5})  # still checked, as for any bag


def test_a_bag_whose_partitions_are_generators_is_cleaned_whole():
    # A function given to bag.map_partitions may return a generator: its partition is then
    # read once to check the pages and must still hold them all for clean_many.
    pages = mutated_pages(6, seed=2)
    bag = db.from_sequence(pages, npartitions=2).map_partitions(lambda part: (page for page in part))
    assert clean_bag(bag).compute(scheduler="sync") == clean_many(pages)


def test_a_bag_of_lists_is_told_to_flatten_them_if_they_hold_pages():
    # A list in a bag is one page's lines or many pages: the advice gave only the first reading.
    bag = db.from_sequence([["page one", "page two"], ["page three"]], npartitions=1)
    with pytest.raises(TypeError, match=r"not list; pass the page's text: '\\n'\.join\(lines\) for its lines, "
                                        r"or bag\.flatten\(\) first if each holds many pages\.$"):
        clean_bag(bag).compute(scheduler="sync")
    assert clean_bag(bag.flatten()).compute(scheduler="sync") == clean_many(["page one", "page two", "page three"])


def test_a_missing_value_in_a_bag_is_told_how_to_drop_it_from_a_bag():
    # frame["text"].to_bag() of a column with a missing page holds pd.NA; a bag has no fillna,
    # which the advice named.
    frame = dd.from_pandas(pd.DataFrame({"text": ["page one", None, "page two"]}, dtype="string"), npartitions=1)
    for bag, kind in ((frame["text"].to_bag(), r"NAType; a missing value \(NA\)"),
                      (db.from_sequence(["page one", float("nan"), "page two"], npartitions=1), r"float; a missing value \(NaN\)")):
        with pytest.raises(TypeError, match=kind + r": drop it first, e\.g\. bag\.filter\(lambda text: isinstance\(text, str\)\), "
                                                   r"or fill it\.$"):
            clean_bag(bag).compute(scheduler="sync")
        kept = bag.filter(lambda text: isinstance(text, str))
        assert clean_bag(kept).compute(scheduler="sync") == clean_many(["page one", "page two"])
    with pytest.raises(TypeError, match=r"a missing value \(NaN\): fill it first, e\.g\. series\.fillna\(''\), or drop it\.$"):
        clean_many(["page one", float("nan")])


def test_a_bag_of_pyarrow_values_is_told_to_map_them_to_str():
    # db.from_sequence(column) of a pyarrow column holds its values: told to "pass
    # column.to_pylist()", as clean_many is, it was not told what to do with a bag.
    pa = pytest.importorskip("pyarrow")
    column = pa.chunked_array([["page one", "page two"]])
    bag = db.from_sequence(column, npartitions=1)
    with pytest.raises(TypeError, match=r"not StringScalar; a pyarrow value: make each a str first, "
                                        r"e\.g\. bag\.map\(lambda value: value\.as_py\(\)\)\.$"):
        clean_bag(bag).compute(scheduler="sync")
    assert clean_bag(bag.map(lambda value: value.as_py())).compute(scheduler="sync") == clean_many(column.to_pylist())


def test_a_bag_of_records_is_told_to_pluck_their_text():
    # db.read_text("*.jsonl").map(json.loads) is a bag of dicts: "pass the page's text" said not how.
    bag = db.from_sequence([{"url": "https://a.example/", "text": "page one"}], npartitions=1)
    with pytest.raises(TypeError, match=r"not dict; a record: take each page's text out of it first, "
                                        r"e\.g\. bag\.pluck\('text'\)\.$"):
        clean_bag(bag).compute(scheduler="sync")
    assert clean_bag(bag.pluck("text")).compute(scheduler="sync") == clean_many(["page one"])
    with pytest.raises(TypeError, match=r"not dict; a record: pass the page's text out of it, e\.g\. record\['text'\]\.$"):
        clean_many([{"text": "page one"}])


def test_a_str_or_a_pandas_frame_is_refused_with_what_to_use():
    with pytest.raises(TypeError, match=r"clean_bag\(\) takes a Dask Bag of texts, not str; use clean_many\(\)"):
        clean_bag("Home | World")
    with pytest.raises(TypeError, match=r"clean_bag\(\) takes a Dask Bag of texts, not list"):
        clean_bag(["Home | World"])
    with pytest.raises(TypeError, match=r"not DataFrame; use clean_series\(frame\[column\]\)"):
        clean_dataframe(pd.DataFrame({"text": ["Home | World"]}))


def test_a_series_is_told_what_to_pass_by_its_kind():
    # A Dask Series (frame["text"]) was told "not Series; use clean_series(frame[column])
    # for a pandas DataFrame", and clean_series refuses a Dask Series.
    frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World"], "id": [1]}), npartitions=1)
    with pytest.raises(TypeError, match=r"^clean_dataframe\(\) takes a Dask DataFrame, not a Dask Series; pass the frame "
                       r"and the column's name, clean_dataframe\(frame, column\), or series\.to_frame\(\) for a Series "
                       r"alone\.$"):
        clean_dataframe(frame["text"])
    assert clean_dataframe(frame["text"].to_frame(), "text").compute(scheduler="sync")["text"].tolist() == clean_many(
        ["Home | World"]
    )
    with pytest.raises(TypeError, match=r"^clean_dataframe\(\) takes a Dask DataFrame, not a pandas Series; "
                       r"use clean_series\(series\)\.$"):
        clean_dataframe(pd.Series(["Home | World"]))


def test_a_column_or_a_bag_given_to_the_other_function_is_told_which_to_use():
    # clean_bag told a Dask or pandas DataFrame or Series "use clean_many() for a list of
    # pages, clean() for one page", and clean_dataframe told a Bag to use clean_series
    # "for a pandas DataFrame": neither takes such a column, nor a Bag.
    frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World", ""]}), npartitions=1)
    told = [
        (frame, r"a Dask DataFrame; use clean_dataframe\(frame, column\)"),
        (frame["text"], r"a Dask Series; use clean_dataframe\(frame, column\) on its frame, or clean_bag\(series\.to_bag\(\)\)"),
        (frame.compute(), r"a pandas DataFrame; use clean_series\(frame\[column\]\)"),
        (frame["text"].compute(), r"a pandas Series; use clean_series\(series\)"),
    ]
    for value, hint in told:
        with pytest.raises(TypeError, match=rf"^clean_bag\(\) takes a Dask Bag of texts, not {hint}\.$"):
            clean_bag(value)
    assert clean_bag(frame["text"].to_bag()).compute(scheduler="sync") == clean_many(["Home | World", ""])
    with pytest.raises(TypeError, match=r"^clean_dataframe\(\) takes a Dask DataFrame, not a Dask Bag; use clean_bag\(bag\)"):
        clean_dataframe(db.from_sequence(["Home | World"]))


def test_a_config_that_is_not_a_config_is_refused_before_anything_runs():
    # It failed only at compute time, as an AttributeError inside a partition.
    frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World"]}), npartitions=1)
    with pytest.raises(TypeError, match=r"^config= takes a Config, not dict; pass Config\(\*\*settings\)"):
        clean_dataframe(frame, config={"threshold": 0.6})
    with pytest.raises(TypeError, match=r"^config= takes a Config, not NoneType; leave config out"):
        clean_bag(db.from_sequence(["Home | World"]), config=None)


def test_the_input_frame_is_left_as_it_was():
    # clean_dataframe gives a new frame: the one passed in (its columns, its pages) is not written to.
    pages = mutated_pages(6, seed=9)
    frame = pd.DataFrame({"text": pages})
    ddf = dd.from_pandas(frame, npartitions=2)
    out = clean_dataframe(ddf, "text", "article")
    assert ddf.columns.tolist() == ["text"] and out.columns.tolist() == ["text", "article"]
    assert clean_dataframe(ddf).compute(scheduler="sync")["text"].tolist() == clean_many(pages)
    assert ddf.compute(scheduler="sync")["text"].tolist() == pages and frame["text"].tolist() == pages


def test_clean_many_refuses_a_dask_frame_whose_column_names_it_would_clean():
    # Iterated, a Dask DataFrame gives its column names, as a pandas one does:
    # clean_many(frame) was ['', ''] (the names "text" and "host" cleaned as pages),
    # and group_by=frame[["host"]] gave each page a column name as its key.
    pages = mutated_pages(2, seed=4)
    frame = dd.from_pandas(pd.DataFrame({"text": pages, "host": ["a.example", "b.example"]}), npartitions=1)
    with pytest.raises(TypeError, match=r"^clean_many\(\) takes a list of pages, not a Dask DataFrame, whose column "
                       r"names would be cleaned as pages; .*boilerplate\.dask\.clean_dataframe\(frame, column\)"):
        clean_many(frame)
    with pytest.raises(TypeError, match=r"^group_by takes one key per page, not a Dask DataFrame, whose column names"):
        clean_many(pages, group_by=frame[["text", "host"]])
    assert clean_many(frame["text"]) == clean_many(pages)  # a Dask Series iterates over its values


def test_a_column_that_is_not_one_label_of_one_column_is_refused_before_anything_runs():
    # A list of columns ended in pandas' "unhashable type: 'list'", an output column
    # given as a list in "Columns must be same length as key", and a name two columns
    # share in "clean_series() takes a pandas Series, not DataFrame; use clean_many() for a list".
    frame = dd.from_pandas(pd.DataFrame({"text": ["Home | World"], "id": [1]}), npartitions=1)
    with pytest.raises(TypeError, match=r"^column names one column, not a list \(\['text'\]\); e\.g\. 'text'\.$"):
        clean_dataframe(frame, ["text"])
    with pytest.raises(TypeError, match=r"^output_column names one column, not a list \(\['article'\]\); e\.g\. 'article'\.$"):
        clean_dataframe(frame, "text", ["article"])
    twice = dd.from_pandas(pd.DataFrame([["a", "b", 1]], columns=["text", "text", "id"]), npartitions=1)
    with pytest.raises(ValueError, match=r"^the frame has 2 columns named 'text'; rename them so that one holds the pages\.$"):
        clean_dataframe(twice, "text", "article")


def test_clean_series_tells_a_frame_or_a_dask_series_what_to_use():
    # Each was told "not DataFrame" or "not Series" (a Dask Series), "use clean_many() for a list".
    from boilerplate import clean_series

    frame = pd.DataFrame({"text": ["Home | World"]})
    with pytest.raises(TypeError, match=r"^clean_series\(\) takes a pandas Series, not a DataFrame; pass frame\[column\]\.$"):
        clean_series(frame)
    dask_frame = dd.from_pandas(frame, npartitions=1)
    for value, kind in ((dask_frame["text"], "Series"), (dask_frame, "DataFrame")):
        with pytest.raises(TypeError, match=rf"^clean_series\(\) takes a pandas Series, not a Dask {kind}; "
                           r"use boilerplate\.dask\.clean_dataframe\(frame, column\) for a Dask DataFrame\.$"):
            clean_series(value)
    # A Bag was told "use clean_many() for a list".
    with pytest.raises(TypeError, match=r"^clean_series\(\) takes a pandas Series, not a Dask Bag; "
                       r"use boilerplate\.dask\.clean_bag\(bag\) for a Bag of texts\.$"):
        clean_series(db.from_sequence(["Home | World"]))


def test_a_key_that_refuses_hash_with_a_value_error_is_named_by_its_partition_and_label():
    # NumPy's generic-unit timedelta64 refuses hash() with a ValueError ("Can't hash generic
    # timedelta64"), not a TypeError: it is told as a key that cannot be one, as clean_many tells it.
    hosts = ["a.example", "a.example", np.timedelta64(1), "a.example"]
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(pd.DataFrame({"text": ["a page"] * 4, "host": hosts}, index=[5, 6, 7, 8]), npartitions=2)
    assert isinstance(frame["host"].compute()[7], np.timedelta64)  # the value stays one in the frame
    with pytest.raises(
        TypeError,
        match=r"^partition 1 \(from 0\): the key at index 7 \(column 'host'\) is a timedelta64, which cannot be a key "
        r"\(it is unhashable\): pass e\.g\. the page's host name as a str\.$",
    ):
        clean_dataframe(frame, "text", "article", group_by="host").compute(scheduler="sync")


def test_corpus_mode_on_a_cluster_leaves_index_labels_of_python_objects_as_they_were_beside_str_columns(client):
    # The pages and keys in str columns: only the index holds Python
    # objects, which p2p would change (tuples into arrays) or fail on (ints beside strs).
    pages, hosts = _site_pages(40)
    expected = clean_many(pages, group_by=hosts)
    tuples = pd.Index([(i, 2 * i) for i in range(40)], dtype=object, tupleize_cols=False)
    labels = pd.Index([i if i % 2 else f"p{i}" for i in range(40)], dtype=object, tupleize_cols=False)
    for index in (tuples, labels):
        with dask.config.set({"dataframe.convert-string": False}):  # else from_pandas makes the labels str
            frame = pd.DataFrame({"text": pages, "host": hosts}, dtype="string[pyarrow]").set_axis(index)
            ddf = dd.from_pandas(frame, npartitions=8, sort=False)
        assert all(dtype != object for dtype in ddf._meta.dtypes) and ddf._meta.index.dtype == object
        result = client.compute(clean_dataframe(ddf, "text", "article", group_by="host")).result()
        assert sorted(map(repr, result.index)) == sorted(map(repr, index))  # each label, of its type
        assert result.loc[index]["article"].tolist() == expected
