"""Learning curves: how much a few labelled pages of a new site family help.

For each folder of ``../shared/bench``, its pages are split in two by a hash of
their id: the *pool* (pages with an even sha1) and the *held-out* pages (odd).
A model is trained on ``labels/`` plus ``k`` pages drawn from the pool, for each
``k`` in :data:`KS`, and the cleaner's line F1 of the body class is measured on the
held-out pages. Each ``k > 0`` is drawn :data:`REPEATS` times with fixed seeds and
averaged, so the curve is reproducible. Features are computed once per page.
A ``k`` larger than the folder's pool is left out: it cannot be drawn (every
draw would be the whole, smaller pool); so is a folder with no held-out page.
A page without a line is in neither half.

The curve draws its pages from a folder of many publishers. :func:`same_site`
asks the question of a user with pages of one site: each page of a publisher with
at least two pages in a folder is cleaned by a model trained on ``labels/`` plus
that publisher's other pages, and scored against the model trained on ``labels/``
alone, on the same pages.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from .bench import FOLDERS, BenchPage, iter_pages, publisher
from .cleaner import DEFAULT_CONFIG, near_lines, smooth_table
from .features import FEATURE_NAMES, LineTable, line_table, non_blank
from .labels import LabelledPage
from .metrics import body_scores
from .model import C, CLASS_WEIGHT, build_pipeline

#: How many pages of the folder are added to labels/ at each point of the curve.
KS = (0, 5, 10, 20, 40)

#: Random draws of the k pages per point; the curve shows their mean.
REPEATS = 3


def in_pool(page_id: str) -> bool:
    """True for the half of a folder's pages that training pages are drawn from.

    The sha1 of ``"001"`` ends in the hexadecimal digit 2 (even), that of ``"003"`` in 3 (odd):

    >>> import hashlib
    >>> [hashlib.sha1(i.encode()).hexdigest()[-1] for i in ("001", "003")], in_pool("001"), in_pool("003")
    (['2', '3'], True, False)
    """
    return int(hashlib.sha1(page_id.encode("utf-8")).hexdigest(), 16) % 2 == 0


@dataclass
class _Page:
    features: pd.DataFrame
    truth: np.ndarray
    table: LineTable


def _prepare(lines, truth) -> _Page:
    line_nos, texts = non_blank(list(lines))
    table = line_table(np.zeros(len(texts), dtype=np.int64), np.asarray(line_nos, dtype=np.int64), texts)
    return _Page(pd.DataFrame(table.values, columns=list(FEATURE_NAMES)), np.asarray(truth, dtype=bool), table)


def _from_labels(page: LabelledPage) -> _Page:
    return _prepare(page.lines, page.rows["label"].eq("body").to_numpy())


def _from_bench(page: BenchPage) -> _Page:
    return _prepare(page.lines, page.truth)


def _fit(pages: list[_Page], c: float = C, class_weight: str | None = CLASS_WEIGHT) -> Pipeline:
    head = Pipeline(build_pipeline(c, class_weight).steps[1:])  # scaler and classifier; features are precomputed
    X = pd.concat([p.features for p in pages], ignore_index=True)[list(FEATURE_NAMES)]
    y = np.where(np.concatenate([p.truth for p in pages]), "body", "chrome")
    # One BLAS thread: on a busy machine, threaded BLAS made each fit ~30x slower.
    with threadpool_limits(limits=1, user_api="blas"):
        return head.fit(X, y)


def _predict(head: Pipeline, pages: list[_Page]) -> list[np.ndarray]:
    """The cleaner's body lines of each page (none of them without lines), with the model ``head``."""
    column = list(head.classes_).index("body")
    X = pd.concat([page.features for page in pages], ignore_index=True)[list(FEATURE_NAMES)]
    p = head.predict_proba(X)[:, column]  # one call for all pages: sklearn's per-call checks are slow
    bounds = np.cumsum([0] + [len(page.features) for page in pages])
    return [
        smooth_table(p[a:b] >= DEFAULT_CONFIG.threshold, page.table, DEFAULT_CONFIG, near=near_lines(p[a:b]))
        for page, a, b in zip(pages, bounds[:-1], bounds[1:])
    ]


def _scores(pages: list[_Page], predicted: list[np.ndarray]) -> dict[str, float]:
    return body_scores(
        np.concatenate([page.truth for page in pages]),
        np.concatenate(predicted),
        np.concatenate([page.table.n_chars for page in pages]),
    )


def _score(head: Pipeline, pages: list[_Page]) -> dict[str, float]:
    pages = [page for page in pages if not page.features.empty]
    return _scores(pages, _predict(head, pages))


def learning_curve(
    labelled: list[LabelledPage],
    folders=FOLDERS,
    ks=KS,
    repeats=REPEATS,
    root=None,
    c: float = C,
    class_weight: str | None = CLASS_WEIGHT,
) -> pd.DataFrame:
    """One row per folder and k: mean and spread of line F1 and char F1 on the held-out pages.

    Each model is fitted at ``c`` and ``class_weight`` (``train.py``'s by default). Returns
    an empty frame when the benchmark is absent.
    """
    base = [_from_labels(p) for p in labelled]
    rows = []
    for folder in folders:
        pages = list(iter_pages(folder, root))
        if not pages:
            continue
        # A page without a line is neither drawn nor counted held out (§2's halves count none such).
        prepared = [(in_pool(p.page_id), page) for p in pages if not (page := _from_bench(p)).features.empty]
        pool = [page for pooled, page in prepared if pooled]
        held_out = [page for pooled, page in prepared if not pooled]
        if not held_out:
            continue  # nothing to score the curve on: every page (with a line) is in the pool
        for k in ks:
            if k > len(pool):
                continue
            draws = [[]] if k == 0 else [
                [pool[i] for i in np.random.default_rng(seed).choice(len(pool), size=k, replace=False)]
                for seed in range(repeats)
            ]
            scores = [_score(_fit(base + extra, c, class_weight), held_out) for extra in draws]
            f1 = [s["f1"] for s in scores]
            rows.append(
                {
                    "folder": folder,
                    "k": k,
                    "draws": len(draws),
                    "held_out_pages": len(held_out),
                    "f1": float(np.mean(f1)),
                    "f1_min": float(np.min(f1)),
                    "f1_max": float(np.max(f1)),
                    "char_f1": float(np.mean([s["char_f1"] for s in scores])),
                }
            )
    return pd.DataFrame(rows, columns=["folder", "k", "draws", "held_out_pages", "f1", "f1_min", "f1_max", "char_f1"])


def same_site(
    labelled: list[LabelledPage], folders=FOLDERS, root=None, c: float = C, class_weight: str | None = CLASS_WEIGHT
) -> pd.DataFrame:
    """One row per folder: line F1 on the pages of its publishers with two pages or more,
    each page cleaned by a model trained on ``labelled`` plus its publisher's other pages
    (``f1_site``), and by the model trained on ``labelled`` alone (``f1``); each fitted at
    ``c`` and ``class_weight`` (``train.py``'s by default).

    A folder where no publisher has two pages (with a line) has no row; the frame is
    empty when the benchmark is absent.
    """
    base = [_from_labels(p) for p in labelled]
    alone = None
    rows = []
    for folder in folders:
        by_publisher: dict[str, list[_Page]] = defaultdict(list)
        for page in iter_pages(folder, root):
            prepared = _from_bench(page)
            if not prepared.features.empty:
                by_publisher[publisher(page.page_id)].append(prepared)
        groups = [pages for pages in by_publisher.values() if len(pages) >= 2]
        if not groups:
            continue
        if alone is None:
            alone = _fit(base, c, class_weight)
        scored = [page for pages in groups for page in pages]
        site = [_predict(_fit(base + pages[:i] + pages[i + 1:], c, class_weight), [page])[0]
                for pages in groups for i, page in enumerate(pages)]
        without, with_site = _scores(scored, _predict(alone, scored)), _scores(scored, site)
        rows.append({"folder": folder, "publishers": len(groups), "pages": len(scored),
                     "f1": without["f1"], "f1_site": with_site["f1"],
                     "char_f1": without["char_f1"], "char_f1_site": with_site["char_f1"]})
    return pd.DataFrame(rows, columns=["folder", "publishers", "pages", "f1", "f1_site", "char_f1", "char_f1_site"])
