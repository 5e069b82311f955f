"""How the cleaner's near pass is set (a script, not a test).

Two numbers set the near pass: :data:`boilerplate.cleaner.NEAR_MIN_WORDS`, the words
a line ending in a sentence end needs to be a sentence the pass may take in, and
:data:`boilerplate.cleaner.NEAR_MARGIN`, how far below the threshold its probability
may be. For each pair of a grid, and with the pass off, the shipped model's pages are
cleaned and scored as ``bench/choose_code.py`` scores the code pass's shares: line F1
of the body class on each half of ``../shared/bench``, and leave-one-site-out on
``labels/``. The rule is ``bench/choose_c.py``'s: among the pairs whose
leave-one-site-out scores meet issue 6's aims, the one with the best mean line F1 on
the development half, the first in the grid's order on a tie. The held-out half's
figures are printed beside it and take no part in the choice.

    python bench/choose_near.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c and choose_code beside it

from boilerplate import cleaner  # noqa: E402
from choose_code import run_grid, scored_row  # noqa: E402  (scored, chosen and printed as the code pass's shares)

MIN_WORDS = (3, 5, 10)
MARGINS = (0.1, 0.2, 0.3)

#: A margin below zero no probability reaches: the near pass takes nothing in.
OFF = -math.inf


#: The rows' keys and the numbers they set.
ATTRIBUTES = {"min_words": (cleaner, "NEAR_MIN_WORDS"), "margin": (cleaner, "NEAR_MARGIN")}


def scores(min_words: int, margin: float, model, pages: list) -> dict:
    """choose_code's :func:`scored_row` for one pair."""
    return scored_row(ATTRIBUTES, (min_words, margin), model, pages)


def label(row: dict) -> str:
    """The row's pair as the table's first two cells."""
    return "off | off" if row["margin"] == OFF else f"{row['min_words']} | {row['margin']:g}"


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        rows = [scores(cleaner.NEAR_MIN_WORDS, OFF, model, pages)]
        return rows + [scores(w, m, model, pages) for w in MIN_WORDS for m in MARGINS]

    shipped = f"{cleaner.NEAR_MIN_WORDS} | {cleaner.NEAR_MARGIN:g}"
    return run_grid(argv, __doc__, grid, label, "| words ≥ | margin | ", 4, shipped)


if __name__ == "__main__":
    sys.exit(main())
