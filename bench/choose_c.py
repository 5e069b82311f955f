"""How the model's regularization ``C`` and class weighting are chosen (a script, not a test).

For each ``C`` of a grid and each class weighting (``none``: every labelled line
alike; ``balanced``: body and chrome as if equally common), a model is trained on
``labels/`` and scored two ways:

- on the *development half* of ``../shared/bench`` (pages whose id has an even
  sha1, :func:`boilerplate.curves.in_pool`): line F1 of the body class after the
  cleaner's passes, per folder, and their mean;
- by leave-one-site-out on ``labels/`` (as ``python train.py`` prints it).

The rule: among the pairs whose leave-one-site-out scores meet issue 6's aims
(line F1 ≥ 0.95, character-weighted F1 ≥ 0.98), the one with the best mean line F1
on the development half. The held-out half's mean is printed beside it, and takes
no part in the choice. The shipped pair is :data:`boilerplate.model.C` and
:data:`boilerplate.model.CLASS_WEIGHT`.

    python bench/choose_c.py                      # the default grid, both weightings
    python bench/choose_c.py --grid 0.1 0.15 0.2  # other values
    python bench/choose_c.py --classes none       # one weighting
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

from boilerplate.bench import FOLDERS, absence, bench_dir, predict_bench  # noqa: E402
from boilerplate.curves import in_pool  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402
from boilerplate.model import CLASS_WEIGHT, C  # noqa: E402
from boilerplate.training import DEFAULT_LABELS, fit, leave_one_site_out  # noqa: E402

GRID = (0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0)

#: The class weightings tried, by the name the table shows: scikit-learn's ``class_weight``.
WEIGHTINGS = {"none": None, "balanced": "balanced"}

#: Issue 6's aims for leave-one-site-out on labels/: line F1, character-weighted F1.
LOSO_F1_AIM = 0.95
LOSO_CHAR_F1_AIM = 0.98


def weighting_name(class_weight: str | None) -> str:
    return next(name for name, value in WEIGHTINGS.items() if value == class_weight)


def scores(c: float, pages: list, class_weight: str | None = CLASS_WEIGHT) -> dict:
    """Development-half and held-out-half line F1 per folder, and leave-one-site-out scores, for one ``C`` and weighting."""
    frame = predict_bench(fit(pages, c, class_weight))
    frame["development"] = frame["page_id"].map(in_pool)
    row: dict = {"C": c, "classes": weighting_name(class_weight)}
    for half, name in ((True, "development"), (False, "held-out")):
        part = frame[frame["development"] == half]
        row[name] = {f: body_scores(g["truth"], g["model"], g["chars"])["f1"] for f, g in part.groupby("folder")}
    loso = leave_one_site_out(pages, c, class_weight=class_weight)
    pooled = body_scores(loso["truth"], loso["model"], loso["chars"])
    row["loso"], row["loso_char"] = pooled["f1"], pooled["char_f1"]
    return row


def mean(values: dict) -> float:
    return sum(values.values()) / len(values)


def pick(rows: list[dict]) -> dict | None:
    """The rule's choice: the best development mean among the rows meeting the aims (``None`` if none does)."""
    meeting = [r for r in rows if r["loso"] >= LOSO_F1_AIM and r["loso_char"] >= LOSO_CHAR_F1_AIM]
    return max(meeting, key=lambda r: mean(r["development"]), default=None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", type=float, nargs="+", default=GRID, help="the values of C to try")
    parser.add_argument("--classes", nargs="+", choices=list(WEIGHTINGS), default=list(WEIGHTINGS),
                        help="the class weightings to try (default: both)")
    args = parser.parse_args()
    if not all(c > 0 for c in args.grid):  # nan too
        parser.error("every --grid value must be above 0")
    if bench_dir() is None:
        print(f"{absence()}: nothing to choose on", file=sys.stderr)
        return 2
    pages = load_labels(DEFAULT_LABELS)
    rows = [scores(c, pages, WEIGHTINGS[w]) for w in dict.fromkeys(args.classes) for c in args.grid]
    choice = pick(rows)
    folders = [f for f in FOLDERS if f in rows[0]["development"]]
    print("| classes | C | " + " | ".join(f"{f} dev." for f in folders) + " | dev. mean | held-out mean | leave-one-site-out |")
    print("| --- | ---: |" + " ---: |" * (len(folders) + 3))
    for r in rows:
        mark = " ← rule" if r is choice else ""
        cells = " | ".join(f"{r['development'][f]:.3f}" for f in folders)
        print(
            f"| {r['classes']} | {r['C']:g}{mark} | {cells} | {mean(r['development']):.3f} | {mean(r['held-out']):.3f} "
            f"| {r['loso']:.3f} / {r['loso_char']:.3f} |"
        )
    chosen = None if choice is None else f"C = {choice['C']:g}, classes {choice['classes']}"
    print_verdict(chosen, f"C = {C:g}, classes {weighting_name(CLASS_WEIGHT)}")
    return 0


def print_verdict(chosen: str | None, shipped: str) -> None:
    """The table's last line: what the rule picks (``chosen``, or None when no setting
    meets the aims) beside what ships."""
    if chosen is None:
        print(f"no pair meets the leave-one-site-out aims ({LOSO_F1_AIM} / {LOSO_CHAR_F1_AIM}); shipped: {shipped}")
    else:
        print(f"the rule picks {chosen}; shipped: {shipped}")


if __name__ == "__main__":
    sys.exit(main())
