"""Learned sequence smoothing against the cleaner's span passes (a script, not a test).

Issue 6 asks for smoothing that is learned rather than hand-set, chosen by
measurement. This script measures, on the same model probabilities:

- **model alone**: each line is body when its probability is at least 0.5;
- **span passes** (what the cleaner ships): the fill and select passes of
  :func:`boilerplate.cleaner.smooth`, hand-set;
- **Viterbi**: a two-state hidden Markov model over each page's non-blank lines,
  the start and transition probabilities counted on ``labels/`` (add-one), the
  model's probability as the emission (it is trained with balanced classes, so it
  reads as a likelihood ratio), decoded with Viterbi;
- **second-pass regression**: a logistic regression over the first pass's log-odds
  of the line and the highest log-odds among the 1, 3 and 8 lines before and after
  it, and how enclosed the line is (the lower of the highest log-odds within 10 and
  30 lines on each side); trained on out-of-fold first-pass probabilities.

Each runs leave-one-site-out on ``labels/`` (every learned part fitted without the
held-out site; the second pass on probabilities from a nested leave-one-site-out)
and, with everything fitted on all of ``labels/``, on each folder of
``../shared/bench`` when it is there. Line F1 and character-weighted F1 of the body
class, micro over lines. Usage::

    python bench/smoothing.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate.bench import FOLDERS, bench_dir, iter_pages  # noqa: E402
from boilerplate.cleaner import PARAGRAPH_WORDS, THRESHOLD, smooth  # noqa: E402
from boilerplate.features import line_table, non_blank  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402
from boilerplate.model import build_pipeline  # noqa: E402
from boilerplate.training import DEFAULT_LABELS  # noqa: E402

#: Neighbourhoods (in non-blank lines) of the second pass's features.
NEAR = (1, 3, 8)
ENCLOSED = (10, 30)
#: Probabilities are clipped here before taking log-odds.
EPS = 1e-4


class Page(NamedTuple):
    values: np.ndarray  # feature rows of the non-blank lines
    chars: np.ndarray
    words: np.ndarray
    truth: np.ndarray
    group: str  # site (labels/) or folder (benchmark)


def featurize(lines: list[str], truth: np.ndarray, group: str) -> Page:
    line_nos, texts = non_blank(lines)
    n = len(texts)
    table = line_table(np.zeros(n, dtype=np.int64), np.asarray(line_nos, dtype=np.int64), texts)
    return Page(table.values, table.n_chars, table.n_words, np.asarray(truth, dtype=bool), group)


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


def viterbi(p: np.ndarray, start: np.ndarray, move: np.ndarray) -> np.ndarray:
    """The most likely body/chrome sequence given each line's probability."""
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=bool)
    q = np.clip(p, EPS, 1 - EPS)
    emit = np.column_stack((np.log(1 - q), np.log(q)))
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
    oof = out_of_fold(train) if len({p.group for p in train}) > 1 else [predict(p) for p in train]
    stacked = build_pipeline()[1:]
    stacked.fit(np.vstack([second_pass_features(p) for p in oof]), np.concatenate([p.truth for p in train]))
    body = list(stacked.classes_).index(True)

    def spans(page: Page, p: np.ndarray) -> np.ndarray:
        return smooth(p >= THRESHOLD, page.chars, page.words >= PARAGRAPH_WORDS)

    def second(page: Page, p: np.ndarray) -> np.ndarray:
        return stacked.predict_proba(second_pass_features(p))[:, body] >= THRESHOLD if len(p) else np.zeros(0, bool)

    return predict, {
        "model alone": lambda page, p: p >= THRESHOLD,
        "span passes (shipped)": spans,
        "Viterbi, transitions from labels/": lambda page, p: viterbi(p, start, move),
        "second-pass regression": second,
    }


def score(pages: list[Page], kept: list[np.ndarray]) -> dict:
    return body_scores(
        np.concatenate([p.truth for p in pages]), np.concatenate(kept), np.concatenate([p.chars for p in pages])
    )


def main() -> int:
    labelled = load_labels(DEFAULT_LABELS)
    train = [featurize(list(p.lines), (p.rows["label"] == "body").to_numpy(), p.site) for p in labelled]
    names = list(methods(train)[1])
    # Leave one site out: every learned part is fitted without the held-out site.
    loso: dict[str, list[np.ndarray]] = {name: [np.zeros(0)] * len(train) for name in names}
    for site in sorted({p.group for p in train}):
        predict, fitted = methods([p for p in train if p.group != site])
        for i, page in enumerate(train):
            if page.group == site:
                p = predict(page)
                for name, method in fitted.items():
                    loso[name][i] = method(page, p)
    columns = ["labels/, leave one site out"]
    results = {name: [score(train, loso[name])] for name in names}
    if bench_dir() is not None:
        predict, fitted = methods(train)
        for folder in FOLDERS:
            pages = [featurize(list(b.lines), np.array([x == "body" for x in b.labels]), folder) for b in iter_pages(folder)]
            probabilities = [predict(page) for page in pages]
            columns.append(f"{folder} ({len(pages)} pages)")
            for name, method in fitted.items():
                results[name].append(score(pages, [method(page, p) for page, p in zip(pages, probabilities)]))
    else:
        print("../shared/bench is not there: leave-one-site-out only.\n")
    print("| smoothing | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in results[name]) + " |")
    print("\nLine F1 / character-weighted F1 of the body class, micro over lines.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
