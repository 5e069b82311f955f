"""How the cleaner's code pass is set (a script, not a test).

Two numbers set the code pass: :data:`boilerplate.features.CODE_MIN_SHARE`, the share
of a line's non-space characters that must be code symbols for it to be a code
line, and :data:`boilerplate.cleaner.CODE_GAP_SHARE`, the share of a gap's lines
that must be code lines for the gap to join the article. For each pair of a grid,
and with the pass off, the shipped model's pages are cleaned and scored two ways,
as ``bench/choose_c.py`` scores values of ``C``:

- on the *development half* of ``../shared/bench`` (pages whose id has an even
  sha1, :func:`boilerplate.curves.in_pool`): line F1 of the body class, per folder,
  and their mean;
- by leave-one-site-out on ``labels/`` (as ``python train.py`` prints it).

The rule: among the pairs whose leave-one-site-out scores meet issue 6's aims
(line F1 ≥ 0.95, character-weighted F1 ≥ 0.98), the one with the best mean line F1
on the development half; the first in the grid's order on a tie. The held-out
half's figures are printed beside it and take no part in the choice.

    python bench/choose_code.py
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c beside it

from boilerplate import cleaner, features  # noqa: E402
from boilerplate.bench import FOLDERS, absence, bench_dir, predict_bench  # noqa: E402
from boilerplate.curves import in_pool  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402
from boilerplate.model import C, load_model  # noqa: E402
from boilerplate.training import DEFAULT_LABELS, leave_one_site_out  # noqa: E402
from choose_c import mean, pick, print_verdict  # noqa: E402  (the same rule as for C)

MIN_SHARES = (0.03, 0.05, 0.1)
GAP_SHARES = (0.05, 0.1, 0.2, 0.3, 0.5)

#: A gap share no gap reaches: the code pass fills nothing.
OFF = math.inf


def scored(settings: dict, model, pages: list) -> dict:
    """Line F1 per folder on each half of the benchmark, and leave-one-site-out scores,
    with the module attributes of ``settings`` (``{(module, name): value}``) set for the run."""
    saved = {key: getattr(*key) for key in settings}
    for (module, name), value in settings.items():
        setattr(module, name, value)
    try:
        frame = predict_bench(model)
        loso = leave_one_site_out(pages, C)
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
    frame["development"] = frame["page_id"].map(in_pool)
    row: dict = {}
    for half, name in ((True, "development"), (False, "held-out")):
        part = frame[frame["development"] == half]
        row[name] = {f: body_scores(g["truth"], g["model"], g["chars"])["f1"] for f, g in part.groupby("folder")}
    pooled = body_scores(loso["truth"], loso["model"], loso["chars"])
    row["loso"], row["loso_char"] = pooled["f1"], pooled["char_f1"]
    return row


def scored_row(attributes: dict, values: tuple, model, pages: list) -> dict:
    """A chooser's row for one setting: each of ``values`` under its key in ``attributes``
    (``{key: (module, name)}``, in the values' order), and :func:`scored` with each key's
    module attribute set to its value for the run."""
    row = dict(zip(attributes, values, strict=True))
    return {**row, **scored({attributes[key]: value for key, value in row.items()}, model, pages)}


#: The rows' keys and the numbers they set.
ATTRIBUTES = {"min_share": (features, "CODE_MIN_SHARE"), "gap_share": (cleaner, "CODE_GAP_SHARE")}


def scores(min_share: float, gap_share: float, model, pages: list) -> dict:
    """:func:`scored_row` for one pair of shares."""
    return scored_row(ATTRIBUTES, (min_share, gap_share), model, pages)


def label(row: dict) -> str:
    """The row's pair as the table's first two cells."""
    return "off | off" if row["gap_share"] == OFF else f"{row['min_share']:g} | {row['gap_share']:g}"


def print_table(rows: list[dict], choice: dict | None, label, head: str, decimals: int) -> None:
    """The grid as a Markdown table: a row per setting (``label`` gives its first two
    cells, ``head`` their headers), the rule's ``choice`` marked, means to ``decimals``."""
    folders = [f for f in FOLDERS if f in rows[0]["development"]]
    print(head + " | ".join(f"{f} dev. / held-out" for f in folders) + " | dev. mean | held-out mean | leave-one-site-out |")
    print("|" + " ---: |" * (head.count("|") - 1 + len(folders) + 3))  # the setting's cells, the folders', the means, LOSO
    for r in rows:
        mark = " ← rule" if r is choice else ""
        cells = " | ".join(f"{r['development'][f]:.3f} / {r['held-out'][f]:.3f}" for f in folders)
        print(
            f"| {label(r)}{mark} | {cells} | {mean(r['development']):.{decimals}f} | {mean(r['held-out']):.{decimals}f} "
            f"| {r['loso']:.3f} / {r['loso_char']:.3f} |"
        )


def run_grid(argv: list[str] | None, doc: str, grid, label, head: str, decimals: int, shipped: str) -> int:
    """A chooser's command: ``grid(model, pages)`` scores each setting (:func:`scored`
    rows), and the table and the rule's pick are printed. Exit code 2 without the benchmark."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    if bench_dir() is None:
        print(f"{absence()}: nothing to choose on", file=sys.stderr)
        return 2
    rows = grid(load_model(), load_labels(DEFAULT_LABELS))
    choice = pick(rows)
    print_table(rows, choice, label, head, decimals)
    print_verdict(None if choice is None else label(choice), shipped)
    return 0


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        rows = [scores(features.CODE_MIN_SHARE, OFF, model, pages)]
        return rows + [scores(m, g, model, pages) for m in MIN_SHARES for g in GAP_SHARES]

    shipped = f"{features.CODE_MIN_SHARE:g} | {cleaner.CODE_GAP_SHARE:g}"
    return run_grid(argv, __doc__, grid, label, "| code symbols ≥ | code lines ≥ | ", 3, shipped)


if __name__ == "__main__":
    sys.exit(main())
