"""How the cleaner's cohesion pass is set (a script, not a test).

Three numbers set the cohesion pass (:mod:`boilerplate.cohesion`): the least share of
a line's word weight that the article's lines must hold for the pass to take it in
(:data:`~boilerplate.cohesion.COHESION_MIN_SHARE`), the least share that keeps a
line the fill pass took in (:data:`~boilerplate.cohesion.FILLED_MIN_SHARE`), and the
least share that keeps a kept line that reads as a heading
(:data:`~boilerplate.cohesion.HEADING_MIN_SHARE`). For each setting of a grid, and
with the pass off, the shipped model's pages are cleaned and scored as
``bench/choose_code.py`` scores the code pass's shares: line F1 of the body class on
each half of ``../shared/bench``, and leave-one-site-out on ``labels/``. The rule is
``bench/choose_c.py``'s: among the settings whose leave-one-site-out scores meet issue
6's aims, the one with the best mean line F1 on the development half, the first in
the grid's order on a tie. The held-out half's figures are printed beside it and
take no part in the choice.

    python bench/choose_cohesion.py
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c and choose_code beside it

from boilerplate import cohesion  # noqa: E402
from choose_code import run_grid, scored_row  # noqa: E402  (scored, chosen and printed as the code pass's shares)

SHARES = (Fraction(1, 2), Fraction(3, 5), Fraction(7, 10), Fraction(4, 5))
FILLED_SHARES = (Fraction(0), Fraction(1, 10), Fraction(1, 5), Fraction(3, 10), Fraction(2, 5))
HEADING_SHARES = FILLED_SHARES + (Fraction(1, 2),)

#: A share above the whole: no line's words reach it, the pass takes nothing in.
OFF = Fraction(2)


#: The rows' keys and the numbers they set.
ATTRIBUTES = {
    "share": (cohesion, "COHESION_MIN_SHARE"),
    "filled_share": (cohesion, "FILLED_MIN_SHARE"),
    "heading_share": (cohesion, "HEADING_MIN_SHARE"),
}


def scores(share: Fraction, filled_share: Fraction, heading_share: Fraction, model, pages: list) -> dict:
    """choose_code's :func:`scored_row` for one setting."""
    return scored_row(ATTRIBUTES, (share, filled_share, heading_share), model, pages)


def label(row: dict) -> str:
    """The row's setting as the table's first three cells (a share of 0 keeps every filled line, or heading)."""
    if row["share"] == OFF:
        return "off | off | off"
    return f"{row['share']} | {row['filled_share'] or 'off'} | {row['heading_share'] or 'off'}"


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        rows = [scores(OFF, Fraction(0), Fraction(0), model, pages)]
        return rows + [scores(s, f, h, model, pages) for s in SHARES for f in FILLED_SHARES for h in HEADING_SHARES]

    shipped = label(
        {"share": cohesion.COHESION_MIN_SHARE, "filled_share": cohesion.FILLED_MIN_SHARE, "heading_share": cohesion.HEADING_MIN_SHARE}
    )
    return run_grid(argv, __doc__, grid, label, "| share ≥ | filled line's share ≥ | heading's share ≥ | ", 4, shipped)


if __name__ == "__main__":
    sys.exit(main())
