"""Hard-wrapped pages: the cleaner on pages as a fixed-width dump shows them (a script, not a test).

``lynx -dump``, ``w3m -dump``, e-mail and RFCs break every paragraph into lines of
a fixed width. This script wraps each page of ``labels/pages`` and, when present,
of ``../shared/bench`` the way such tools do (``textwrap``: greedy, at spaces, long
words kept whole), gives every piece the label of the line it came from, and
prints line F1 / character-weighted F1 of the body class for the shipped model:

- on the pages as they are;
- wrapped at each width, with wrapped paragraphs joined (the shipped cleaner);
- wrapped at each width, with no paragraph joined (the cleaner before it
  recognised hard wraps: every piece judged as a line of its own);

and the share of pieces whose final label is the one their line gets on the page
unwrapped. ``labels/`` is the model's own training data, so its row shows what
wrapping does, not how well the model generalizes. Usage::

    python bench/wrapped.py [--widths 72 80]
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate import features  # noqa: E402
from boilerplate.bench import FOLDERS, bench_dir, iter_pages  # noqa: E402
from boilerplate.cleaner import decide_pages  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402


def wrap(lines: list[str], width: int) -> tuple[list[str], list[int]]:
    """The page wrapped at ``width``, and for each of its lines the 1-based line it came from."""
    out, source = [], []
    for no, line in enumerate(lines, 1):
        pieces = textwrap.wrap(line.strip(), width, break_long_words=False, break_on_hyphens=False) or [""]
        out += pieces
        source += [no] * len(pieces)
    return out, source


def score(pages: list[tuple[list[str], dict[int, bool]]], width: int | None, join: bool = True) -> tuple[dict, float]:
    """Scores of the body class over ``pages`` (lines, truth by line number), and the share of lines decided as unwrapped."""
    if width is None:
        shown = [(lines, list(range(1, len(lines) + 1))) for lines, _ in pages]
    else:
        shown = [wrap(lines, width) for lines, _ in pages]
    if join:
        decisions = decide_pages([lines for lines, _ in shown], None)
    else:
        def no_wraps(page, line_no, texts, lengths=None):
            return np.zeros(len(texts), dtype=bool)

        with mock.patch.object(features, "continued_lines", no_wraps):
            decisions = decide_pages([lines for lines, _ in shown], None)
    unwrapped = decide_pages([lines for lines, _ in pages], None)
    truth, kept, chars, same = [], [], [], []
    for (lines, source), (_, labels), decision, plain in zip(shown, pages, decisions, unwrapped):
        body_on_page = dict(zip(plain.line_nos, plain.body.tolist()))
        for no, body in zip(decision.line_nos, decision.body.tolist()):
            truth.append(labels[source[no - 1]])
            kept.append(body)
            chars.append(len(lines[no - 1].strip()))
            same.append(body == body_on_page[source[no - 1]])
    return body_scores(np.array(truth), np.array(kept), np.array(chars)), float(np.mean(same))


def collections() -> dict[str, list[tuple[list[str], dict[int, bool]]]]:
    found = {
        "labels/ (training pages)": [
            (list(page.lines), dict(zip(page.rows["line_no"], page.rows["label"].eq("body"))))
            for page in load_labels(REPO / "labels")
        ]
    }
    if bench_dir() is not None:
        for folder in FOLDERS:
            found[folder] = [
                (list(page.lines), {no: label == "body" for no, label in zip(page.line_nos, page.labels)})
                for page in iter_pages(folder)
            ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widths", type=int, nargs="+", default=[72, 80], help="wrap widths in characters")
    args = parser.parse_args(argv)
    if bench_dir() is None:
        print("../shared/bench is not there: labels/ only.")
    columns = ["as is"] + [f"{kind} at {w}" for w in args.widths for kind in ("joined", "not joined")]
    print("| pages | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    agreement = []
    for name, pages in collections().items():
        cells = [score(pages, None)[0]]
        for width in args.widths:
            joined, same = score(pages, width)
            cells += [joined, score(pages, width, join=False)[0]]
            agreement.append(f"{name} at {width}: {same:.3f}")
        print(f"| {name} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in cells) + " |")
    print()
    print("Line F1 / character-weighted F1 of the body class, micro over the lines shown.")
    print("Lines decided as on the page unwrapped (joined): " + "; ".join(agreement) + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
