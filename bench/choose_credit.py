"""How long a photo's credit closing a caption may be (a script, not a test).

:data:`boilerplate.text.CREDIT_MAX_WORDS` is the most words that may follow a
caption's sentences as its credit (:func:`boilerplate.text.ends_in_credit`: ``…
in Brussels. Foto: Privat``, ``… on May 7. Photo by Jane Roe /AFP via Agency
Photos``), for the cleaner's credits pass to drop the line. For each length of the
grid, and with no caption found by its credit (0 words: ``off``), the shipped
model's pages are cleaned and scored as ``bench/choose_code.py`` scores the code
pass's shares: line F1 of the body class on each half of ``../shared/bench``, and
leave-one-site-out on ``labels/``. The rule is ``bench/choose_c.py``'s: among the
lengths whose leave-one-site-out scores meet issue 6's aims, the one with the best
mean line F1 on the development half, the first in the grid's order on a tie. The
held-out half's figures are printed beside it and take no part in the choice.

    python bench/choose_credit.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
sys.path.insert(0, str(Path(__file__).resolve().parent))  # choose_c and choose_code beside it

from boilerplate import text  # noqa: E402
from choose_code import run_grid, scored_row  # noqa: E402  (scored, chosen and printed as the code pass's shares)

#: Credits' lengths in words, roughly doubling; 0 (no credit is that short) is the first row, off.
WORDS = (0, 2, 3, 4, 6, 8, 12, 16, 24)


def scores(words: int, model, pages: list) -> dict:
    """choose_code's :func:`scored_row` for one credit length."""
    return scored_row({"words": (text, "CREDIT_MAX_WORDS")}, (words,), model, pages)


def label(row: dict) -> str:
    """The row's credit length as the table's first cell."""
    return "off" if row["words"] == 0 else str(row["words"])


def main(argv: list[str] | None = None) -> int:
    def grid(model, pages: list) -> list[dict]:
        return [scores(words, model, pages) for words in WORDS]

    return run_grid(argv, __doc__, grid, label, "| credit's words ≤ | ", 4, str(text.CREDIT_MAX_WORDS))


if __name__ == "__main__":
    sys.exit(main())
