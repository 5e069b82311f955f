"""How far below the article the select and near passes reach (a script, not a test).

:data:`boilerplate.cleaner.MAX_JOIN_GAP_BELOW` is the gap, in chrome lines, across
which a span below the article's longest span joins it (the select pass) and a near
sentence below its last kept line joins it (the near pass); above and inside the
article the gap is :attr:`boilerplate.cleaner.Config.max_join_gap`, whose default,
:data:`boilerplate.cleaner.MAX_JOIN_GAP`, is the last row: below as above. For each
gap of the grid the shipped model's pages are cleaned and scored as
``bench/choose_code.py`` scores the code pass's shares: line F1 of the body class on
each half of ``../shared/bench``, and leave-one-site-out on ``labels/``. The rule is
``bench/choose_c.py``'s: among the gaps whose leave-one-site-out scores meet issue 6's
aims, the one with the best mean line F1 on the development half, the first in the
grid's order on a tie. The held-out half's figures are printed beside it and take no
part in the choice.

    python bench/choose_below.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c and choose_code beside it

from boilerplate import cleaner  # noqa: E402
from choose_code import run_grid, scored_row  # noqa: E402  (scored, chosen and printed as the code pass's shares)

#: Gaps below the article, up to the gap above it (the rule before the limit below).
GAPS = tuple(range(cleaner.MAX_JOIN_GAP + 1))


def scores(below: int, model, pages: list) -> dict:
    """choose_code's :func:`scored_row` for one gap below the article."""
    return scored_row({"below": (cleaner, "MAX_JOIN_GAP_BELOW")}, (below,), model, pages)


def label(row: dict) -> str:
    """The row's gaps below and above the article as the table's first two cells."""
    return f"{row['below']} | {cleaner.MAX_JOIN_GAP}"


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        return [scores(below, model, pages) for below in GAPS]

    shipped = f"{cleaner.MAX_JOIN_GAP_BELOW} | {cleaner.MAX_JOIN_GAP}"
    return run_grid(argv, __doc__, grid, label, "| gap below | gap above | ", 4, shipped)


if __name__ == "__main__":
    sys.exit(main())
