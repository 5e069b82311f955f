"""Scores of the body class: precision, recall and F1 over lines, and weighted by characters."""

from __future__ import annotations

import numpy as np


def _prf(tp: float, fp: float, fn: float, lines: int) -> tuple[float, float, float]:
    if lines and not (tp or fp or fn):
        # No body to find and none kept: every decision is right (the page is exact).
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def body_scores(truth, predicted, lengths) -> dict[str, float]:
    """Line precision, recall and F1 of ``body``, and the character-weighted F1.

    In the character-weighted F1 each line counts with its length, so a missed
    paragraph weighs more than a missed date line. Lines with no body in the truth
    and none kept score 1 (every decision is right); no lines at all score 0.

    >>> s = body_scores([1, 1, 0, 0], [1, 0, 1, 0], [100, 10, 10, 5])
    >>> round(s["f1"], 3), round(s["char_f1"], 3)
    (0.5, 0.909)
    """
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    lengths = np.asarray(lengths, dtype=float)
    tp, fp, fn = (truth & predicted), (~truth & predicted), (truth & ~predicted)
    precision, recall, f1 = _prf(tp.sum(), fp.sum(), fn.sum(), truth.size)
    char_p, char_r, char_f1 = _prf(lengths[tp].sum(), lengths[fp].sum(), lengths[fn].sum(), truth.size)
    return {
        "lines": int(truth.size),
        "body_lines": int(truth.sum()),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "char_precision": float(char_p),
        "char_recall": float(char_r),
        "char_f1": float(char_f1),
    }
