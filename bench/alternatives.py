"""Alternatives measured against what ships, and not adopted (a script, not a test).

Issue 6 lists ideas to choose by measurement. This script measures two kinds, each
leave-one-site-out on ``labels/`` (every learned part fitted without the held-out
site) and, fitted on all of ``labels/``, on each folder of ``../shared/bench`` when
it is there. Line F1 and character-weighted F1 of the body class, micro over lines.

**Smoothing**, on the same model probabilities:

- *model alone*: each line is body when its probability is at least 0.5;
- *span passes* (what the cleaner ships): the fill, select, tables, credits, code, near,
  trim, reprints, cohesion, lists and headline passes of :func:`boilerplate.cleaner.smooth_table`, hand-set,
  fillers taken as chrome;
- *Viterbi*: a two-state hidden Markov model over each page's non-blank lines,
  the start and transition probabilities counted on ``labels/`` (add-one), the
  model's probability divided by the share of body lines it was trained on as the
  emission (a likelihood ratio; with balanced classes that share counts as one half),
  decoded with Viterbi;
- *second-pass regression*: a logistic regression over the first pass's log-odds
  of the line and the highest log-odds among the 1, 3 and 8 lines before and after
  it, and how enclosed the line is (the lower of the highest log-odds within 10 and
  30 lines on each side); trained on out-of-fold first-pass probabilities (a nested
  leave-one-site-out);
- *each page's own threshold, Otsu's*: the span passes over the model's
  probabilities with the page's own threshold, set where Otsu's method splits the
  page's log-odds into two classes with the widest gap between them (the most
  variance between the classes), with no number to choose: a threshold from the
  page's own probabilities instead of one for every page;
- *each page's own threshold, knowing the gold*: a bound, not a method. Each page's
  lines are body from the threshold at which the fewest of them are mislabelled
  against the gold: what no rule that sets a threshold page by page (from the page's
  own probabilities or anything else) can beat on that count, with no span pass.

**Candidate features**, each added to the shipped ones, the model retrained, the
span passes after it:

- *function-word density*: the share of a line's words in the function-word list of
  the page's language, as jusText does; the lists are jusText's stoplists (needs
  ``pip install '.[peers]'``), the page's language the list that covers most of its
  words (no feature, 0, when none covers 5%), words split at white space, stripped of
  punctuation and symbols at both ends and case-folded; also with the previous and
  next line's density;
- *Latin share against the page's*: ``latin_ratio`` minus the page's own
  (character-weighted) Latin share, in absolute value, in place of ``latin_ratio``,
  whose raw value the five Bengali pages can only teach as "Latin means chrome".

Usage::

    python bench/alternatives.py
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate.bench import FOLDERS, absence, bench_dir, iter_pages, lacking, missing_folders  # noqa: E402
from boilerplate.cleaner import THRESHOLD, near_lines, smooth_table  # noqa: E402
from boilerplate.features import FEATURE_NAMES, LineTable, line_table, non_blank  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402
from boilerplate.model import CLASS_WEIGHT, build_pipeline  # noqa: E402
from boilerplate.training import DEFAULT_LABELS  # noqa: E402

#: Neighbourhoods (in non-blank lines) of the second pass's features.
NEAR = (1, 3, 8)
ENCLOSED = (10, 30)
#: Probabilities are clipped here before taking log-odds.
EPS = 1e-4


#: A page's function-word list is used when it covers at least this share of its words.
MIN_COVER = 0.05


class Page(NamedTuple):
    table: LineTable  # the features of the non-blank lines, and what the span passes read
    truth: np.ndarray
    group: str  # site (labels/) or folder (benchmark)
    texts: tuple[str, ...] = ()

    @property
    def values(self) -> np.ndarray:
        """The feature rows of the non-blank lines."""
        return self.table.values

    @property
    def chars(self) -> np.ndarray:
        """Each line's length in characters."""
        return self.table.n_chars


def featurize(lines: list[str], truth: np.ndarray, group: str) -> Page:
    line_nos, texts = non_blank(lines)
    n = len(texts)
    table = line_table(np.zeros(n, dtype=np.int64), np.asarray(line_nos, dtype=np.int64), texts)
    return Page(table, np.asarray(truth, dtype=bool), group, tuple(texts))


def first_pass(train: list[Page]):
    """The shipped model's scaler and regression, fitted on ``train``'s rows."""
    model = build_pipeline()[1:]  # the features are already computed
    model.fit(np.vstack([p.values for p in train]), np.concatenate([p.truth for p in train]))
    body = list(model.classes_).index(True)
    return lambda page: model.predict_proba(page.values)[:, body] if len(page.truth) else np.zeros(0)


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def _window_max(z: np.ndarray, k: int, side: str) -> np.ndarray:
    """Highest value among the ``k`` values before (or after) each position; the floor when none."""
    floor = log_odds(np.array([0.0]))[0]
    padded = np.concatenate((np.full(k, floor), z, np.full(k, floor)))
    n = len(z)
    if side == "before":
        stack = [padded[k - j : k - j + n] for j in range(1, k + 1)]
    else:
        stack = [padded[k + j : k + j + n] for j in range(1, k + 1)]
    return np.max(stack, axis=0)


def second_pass_features(p: np.ndarray) -> np.ndarray:
    z = log_odds(p)
    columns = [z]
    for k in NEAR:
        columns += [_window_max(z, k, "before"), _window_max(z, k, "after")]
    for k in ENCLOSED:
        columns.append(np.minimum(_window_max(z, k, "before"), _window_max(z, k, "after")))
    return np.column_stack(columns)


def out_of_fold(pages: list[Page]) -> list[np.ndarray]:
    """Each page's first-pass probabilities from a model fitted without its group."""
    groups = sorted({p.group for p in pages})
    out: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for g in groups:
        predict = first_pass([p for p in pages if p.group != g])
        for i, page in enumerate(pages):
            if page.group == g:
                out[i] = predict(page)
    return out


def transitions(pages: list[Page]) -> tuple[np.ndarray, np.ndarray]:
    """Log start and transition probabilities of (chrome, body), counted with add-one."""
    start, move = np.ones(2), np.ones((2, 2))
    for page in pages:
        t = page.truth.astype(int)
        if len(t):
            start[t[0]] += 1
            np.add.at(move, (t[:-1], t[1:]), 1)
    return np.log(start / start.sum()), np.log(move / move.sum(axis=1, keepdims=True))


def viterbi(p: np.ndarray, start: np.ndarray, move: np.ndarray, prior: float = 0.5) -> np.ndarray:
    """The most likely body/chrome sequence given each line's probability.

    ``prior`` is the share of body lines the probabilities were trained on: dividing by
    it (and chrome's by its own share) turns a probability into a likelihood ratio.
    """
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=bool)
    q = np.clip(p, EPS, 1 - EPS)
    emit = np.column_stack((np.log(1 - q) - np.log(1 - prior), np.log(q) - np.log(prior)))
    score = start + emit[0]
    back = np.zeros((n, 2), dtype=np.int64)
    for i in range(1, n):
        candidates = score[:, None] + move
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + emit[i]
    path = np.zeros(n, dtype=bool)
    state = int(score.argmax())
    for i in range(n - 1, -1, -1):
        path[i] = bool(state)
        state = back[i, state]
    return path


def methods(train: list[Page]):
    """Each method fitted on ``train``: a function from a page to its body mask."""
    predict = first_pass(train)
    start, move = transitions(train)
    prior = 0.5 if CLASS_WEIGHT == "balanced" else float(np.concatenate([p.truth for p in train]).mean())
    oof = out_of_fold(train) if len({p.group for p in train}) > 1 else [predict(p) for p in train]
    stacked = build_pipeline()[1:]
    stacked.fit(np.vstack([second_pass_features(p) for p in oof]), np.concatenate([p.truth for p in train]))
    body = list(stacked.classes_).index(True)

    def second(page: Page, p: np.ndarray) -> np.ndarray:
        return stacked.predict_proba(second_pass_features(p))[:, body] >= THRESHOLD if len(p) else np.zeros(0, bool)

    return predict, {
        "model alone": lambda page, p: p >= THRESHOLD,
        "span passes (shipped)": spans,
        "Viterbi, transitions from labels/": lambda page, p: viterbi(p, start, move, prior),
        "second-pass regression": second,
        "each page's own threshold, Otsu's": lambda page, p: spans(page, otsu_shifted(p)),
        "each page's own threshold, knowing the gold (a bound)": lambda page, p: best_threshold(p, page.truth),
    }


def otsu(z: np.ndarray) -> float:
    """Otsu's threshold of ``z``: the cut between two consecutive distinct values that
    gives the two sides the most variance between them (the midpoint of those values;
    the lowest such cut on ties). A single distinct value has no cut: it is returned.

    >>> otsu(np.array([-3.0, -2.5, -2.0, 1.0, 1.5]))
    -0.5
    >>> otsu(np.array([2.0, 2.0]))
    2.0
    """
    zs = np.sort(np.asarray(z, dtype=float))
    n = len(zs)
    k = np.flatnonzero(zs[1:] != zs[:-1]) + 1  # cuts: the first k values below, the rest above
    if not k.size:
        return float(zs[0])
    below = np.cumsum(zs)[k - 1]
    w = k / n
    between = w * (1 - w) * (below / k - (zs.sum() - below) / (n - k)) ** 2
    best = k[np.argmax(between)]
    return float((zs[best - 1] + zs[best]) / 2)


def otsu_shifted(p: np.ndarray) -> np.ndarray:
    """The page's probabilities moved on the log-odds scale so that its Otsu threshold
    sits at :data:`THRESHOLD`: what the span passes then read as the page's own threshold."""
    if len(p) < 2:
        return p
    z = log_odds(p)
    return 1 / (1 + np.exp(-(z - otsu(z) + log_odds(np.array([THRESHOLD]))[0])))


def best_threshold(p: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The lines whose probability is at least the threshold at which the page has the
    fewest lines mislabelled against ``truth`` (the highest such threshold on ties).

    >>> best_threshold(np.array([0.9, 0.3, 0.6, 0.2]), np.array([True, True, False, False])).tolist()
    [True, False, False, False]
    >>> best_threshold(np.array([0.1, 0.1]), np.array([True, True])).tolist()
    [True, True]
    """
    p = np.asarray(p, dtype=float)
    if not len(p):
        return np.zeros(0, dtype=bool)
    order = np.argsort(-p, kind="stable")
    hits = np.concatenate(([0], np.cumsum(truth[order])))  # body lines among the k most probable
    k = np.arange(len(p) + 1)
    errors = (k - hits) + (hits[-1] - hits)  # chrome kept, body dropped
    # cut only between distinct probabilities: equal ones are kept or dropped together
    cut = np.ones(len(p) + 1, dtype=bool)
    cut[1:-1] = p[order][:-1] != p[order][1:]
    best = np.flatnonzero(cut)[np.argmin(errors[cut])]
    keep = np.zeros(len(p), dtype=bool)
    keep[order[:best]] = True
    return keep


def spans(page: Page, p: np.ndarray) -> np.ndarray:
    """The shipped span passes over one page's probabilities."""
    return smooth_table(p >= THRESHOLD, page.table, near=near_lines(p))


# Candidate features --------------------------------------------------------------


def _bare(token: str) -> str:
    """A word without punctuation and symbols at its ends, case-folded."""
    i, j = 0, len(token)
    while i < j and unicodedata.category(token[i])[0] in "PS":
        i += 1
    while j > i and unicodedata.category(token[j - 1])[0] in "PS":
        j -= 1
    return token[i:j].casefold()


def function_word_density(page: Page, lists: dict[str, frozenset[str]]) -> np.ndarray:
    """Per line, the share of its words in the function-word list of the page's language."""
    words = [[_bare(t) for t in text.split()] for text in page.texts]
    counts = Counter(w for line in words for w in line if w)
    total = sum(counts.values())
    if not total:
        return np.zeros(len(words))
    cover = {name: sum(n for w, n in counts.items() if w in stop) for name, stop in lists.items()}
    best = max(sorted(cover), key=cover.__getitem__)
    if cover[best] < MIN_COVER * total:
        return np.zeros(len(words))
    stop = lists[best]
    return np.array([sum(w in stop for w in line) / max(1, len(line)) for line in words])


def _neighbours(v: np.ndarray) -> list[np.ndarray]:
    before, after = np.zeros_like(v), np.zeros_like(v)
    before[1:], after[:-1] = v[:-1], v[1:]
    return [before, after]


def latin_against_page(page: Page) -> np.ndarray:
    """The feature rows with ``latin_ratio`` replaced by its distance from the page's own share."""
    values = page.values.copy()
    col = FEATURE_NAMES.index("latin_ratio")
    share = np.dot(values[:, col], page.chars) / max(1, page.chars.sum())
    values[:, col] = np.abs(values[:, col] - share)
    return values


def feature_variants() -> dict[str, Callable[[Page], np.ndarray]]:
    """Each candidate: a function from a page to its feature rows."""
    variants: dict[str, Callable[[Page], np.ndarray]] = {"shipped features": lambda page: page.values}
    try:
        import justext
    except ImportError:
        print("jusText is not installed (pip install '.[peers]'): no function-word rows.\n")
    else:
        lists = {name: frozenset(_bare(w) for w in justext.get_stoplist(name)) for name in justext.get_stoplists()}

        def density(page: Page) -> np.ndarray:
            return np.column_stack([page.values, function_word_density(page, lists)])

        def density_around(page: Page) -> np.ndarray:
            d = function_word_density(page, lists)
            return np.column_stack([page.values, d, *_neighbours(d)])

        variants["+ function-word density"] = density
        variants["+ the same for the previous and next line"] = density_around
    variants["Latin share against the page's"] = latin_against_page
    return variants


def score(pages: list[Page], kept: list[np.ndarray]) -> dict:
    return body_scores(
        np.concatenate([p.truth for p in pages]), np.concatenate(kept), np.concatenate([p.chars for p in pages])
    )


def _table(title: str, columns: list[str], results: dict[str, list[dict]]) -> None:
    print(f"| {title} | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name, scores in results.items():
        print(f"| {name} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in scores) + " |")
    print()


def smoothing_results(train: list[Page], bench: dict[str, list[Page]]) -> dict[str, list[dict]]:
    predict_all, fitted_all = methods(train)  # fitted on all of labels/, for the benchmark
    names = list(fitted_all)
    loso: dict[str, list[np.ndarray]] = {name: [np.zeros(0)] * len(train) for name in names}
    for site in sorted({p.group for p in train}):
        predict, fitted = methods([p for p in train if p.group != site])
        for i, page in enumerate(train):
            if page.group == site:
                p = predict(page)
                for name, method in fitted.items():
                    loso[name][i] = method(page, p)
    results = {name: [score(train, loso[name])] for name in names}
    for pages in bench.values():
        probabilities = [predict_all(page) for page in pages]
        for name, method in fitted_all.items():
            results[name].append(score(pages, [method(page, p) for page, p in zip(pages, probabilities)]))
    return results


def feature_results(train: list[Page], bench: dict[str, list[Page]]) -> dict[str, list[dict]]:
    results = {}
    for name, rows in feature_variants().items():
        train_v = [page._replace(table=page.table._replace(values=rows(page))) for page in train]
        kept = [np.zeros(0)] * len(train_v)
        for site in sorted({p.group for p in train_v}):
            predict = first_pass([p for p in train_v if p.group != site])
            for i, page in enumerate(train_v):
                if page.group == site:
                    kept[i] = spans(page, predict(page))
        results[name] = [score(train_v, kept)]
        predict = first_pass(train_v)
        for pages in bench.values():
            pages_v = [page._replace(table=page.table._replace(values=rows(page))) for page in pages]
            results[name].append(score(pages_v, [spans(page, predict(page)) for page in pages_v]))
    return results


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)  # --help; no options
    labelled = load_labels(DEFAULT_LABELS)
    train = [featurize(list(p.lines), (p.rows["label"] == "body").to_numpy(), p.site) for p in labelled]
    bench: dict[str, list[Page]] = {}
    if (root := bench_dir()) is not None:
        if missing := missing_folders(root):  # no line to score: score() of no page fails
            print(f"the benchmark {root} has {lacking(root, missing)}: its other folders only.\n")
        for folder in (f for f in FOLDERS if f not in missing):
            bench[folder] = [
                featurize(list(b.lines), np.array(b.truth), folder) for b in iter_pages(folder)
            ]
    else:
        print(f"{absence()}: leave-one-site-out only.\n")
    columns = ["labels/, leave one site out"] + [f"{folder} ({len(pages)} pages)" for folder, pages in bench.items()]
    _table("smoothing", columns, smoothing_results(train, bench))
    _table("features", columns, feature_results(train, bench))
    print("Line F1 / character-weighted F1 of the body class, micro over lines.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
