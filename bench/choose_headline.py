"""How the cleaner's headline pass is set (a script, not a test).

Three numbers set the headline pass (:mod:`boilerplate.headline`): how many lines
above the article's first kept line it looks at (:data:`~boilerplate.headline.HEADLINE_WINDOW`),
the least share of a candidate's word weight that line must hold
(:data:`~boilerplate.headline.HEADLINE_MIN_SHARE`), and the fewest words a candidate
has (:data:`~boilerplate.headline.HEADLINE_MIN_WORDS`). For each setting of a grid,
and with the pass off, the shipped model's pages are cleaned and scored as
``bench/choose_code.py`` scores the code pass's shares: line F1 of the body class on
each half of ``../shared/bench``, and leave-one-site-out on ``labels/``. The rule is
``bench/choose_c.py``'s: among the settings whose leave-one-site-out scores meet
issue 6's aims, the one with the best mean line F1 on the development half, the
first in the grid's order on a tie. The held-out half's figures are printed beside
it and take no part in the choice.

    python bench/choose_headline.py
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c and choose_code beside it

from boilerplate import headline  # noqa: E402
from choose_code import run_grid, scored_row  # noqa: E402  (scored, chosen and printed as the code pass's shares)

WINDOWS = (10, 15, 20)
SHARES = (Fraction(2, 5), Fraction(1, 2), Fraction(3, 5))
MIN_WORDS = (3, 4)

#: A window of no lines: the pass has no candidate and takes nothing.
OFF = 0


#: The rows' keys and the numbers they set.
ATTRIBUTES = {
    "window": (headline, "HEADLINE_WINDOW"),
    "share": (headline, "HEADLINE_MIN_SHARE"),
    "min_words": (headline, "HEADLINE_MIN_WORDS"),
}


def scores(window: int, share: Fraction, min_words: int, model, pages: list) -> dict:
    """choose_code's :func:`scored_row` for one setting."""
    return scored_row(ATTRIBUTES, (window, share, min_words), model, pages)


def label(row: dict) -> str:
    """The row's setting as the table's first three cells."""
    if row["window"] == OFF:
        return "off | off | off"
    return f"{row['window']} | {row['share']} | {row['min_words']}"


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        rows = [scores(OFF, headline.HEADLINE_MIN_SHARE, headline.HEADLINE_MIN_WORDS, model, pages)]
        return rows + [scores(w, s, m, model, pages) for w in WINDOWS for s in SHARES for m in MIN_WORDS]

    shipped = f"{headline.HEADLINE_WINDOW} | {headline.HEADLINE_MIN_SHARE} | {headline.HEADLINE_MIN_WORDS}"
    return run_grid(argv, __doc__, grid, label, "| lines above | share ≥ | words ≥ | ", 4, shipped)


if __name__ == "__main__":
    sys.exit(main())
