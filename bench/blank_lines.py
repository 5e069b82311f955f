"""Pages without blank lines: the cleaner on pages laid out one block per line (a script, not a test).

A Common Crawl WET record, and some HTML-to-text renderings, put each block of a page
(a paragraph, a menu item, a headline) on a line of its own with no blank line
between. The pages the model learned from have blank lines between paragraphs and
none between a menu's items, and its ``blank_before`` and ``blank_after`` features
learned that. This script takes the blank lines out of every page of
``labels/pages`` and, when present, of ``../shared/bench``, and prints line F1 /
character-weighted F1 of the body class for the shipped model:

- on the pages as they are;
- without their blank lines (the shipped cleaner: a page with no blank line between
  its lines and no hard wrap is read one block per line,
  :func:`boilerplate.features.one_block_per_line`);
- without their blank lines, read as they come (the cleaner before it: every line
  of such a page looks like a menu item, no blank line before or after it).

On ``labels/`` each site's pages are cleaned by a model trained on the other sites
(leave one site out, as ``train.py`` scores them). Usage::

    python bench/blank_lines.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate import features  # noqa: E402
from boilerplate.bench import FOLDERS, absence, bench_dir, iter_pages, lacking, missing_folders  # noqa: E402
from boilerplate.cleaner import decide_pages  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402
from boilerplate.training import fit  # noqa: E402

#: A page: its lines, whether each non-blank line is body (by line number), and its
#: site on labels/ (None on the benchmark: the shipped model cleans it).
Page = tuple[list[str], dict[int, bool], str | None]


def without_blank_lines(lines: list[str]) -> tuple[list[str], list[int]]:
    """The page with its blank (or white-space only) lines taken out, and for each line left its 1-based number on the page."""
    kept = [(no, line) for no, line in enumerate(lines, 1) if line.strip()]
    return [line for _, line in kept], [no for no, _ in kept]


def score(pages: list[Page], blank_lines: bool = True, one_per_line: bool = True) -> dict:
    """Scores of the body class over ``pages``: as they are (``blank_lines``), or with their
    blank lines taken out, read one block per line or, without ``one_per_line``, as they come."""
    shown = [without_blank_lines(lines) if not blank_lines else (lines, list(range(1, len(lines) + 1))) for lines, _, _ in pages]
    if one_per_line:
        decisions = _decide(pages, shown)
    else:
        def as_they_come(page, line_no, continued):
            return np.zeros(len(line_no), dtype=bool)

        with mock.patch.object(features, "one_block_per_line", as_they_come):
            decisions = _decide(pages, shown)
    truth, kept, chars = [], [], []
    for (lines, source), (_, labels, _), decision in zip(shown, pages, decisions):
        for no, body in zip(decision.line_nos, decision.body.tolist()):
            truth.append(labels[source[no - 1]])
            kept.append(body)
            chars.append(len(lines[no - 1].strip()))
    return body_scores(np.array(truth), np.array(kept), np.array(chars))


def _decide(pages: list[Page], shown: list[tuple[list[str], list[int]]]) -> list:
    """Each page's decision: by the shipped model, or on labels/ by a model trained without the page's site."""
    sites = sorted({site for _, _, site in pages if site is not None})
    if not sites:
        return decide_pages([lines for lines, _ in shown], None)
    labelled = load_labels(REPO / "labels")
    decisions: list = [None] * len(pages)
    for site in sites:
        model = fit([page for page in labelled if page.site != site])
        mine = [i for i, (_, _, s) in enumerate(pages) if s == site]
        for i, decision in zip(mine, decide_pages([shown[i][0] for i in mine], model)):
            decisions[i] = decision
    return decisions


def collections() -> dict[str, list[Page]]:
    found = {
        "labels/, leave one site out": [
            (list(page.lines), dict(zip(page.rows["line_no"], page.rows["label"].eq("body"))), page.site)
            for page in load_labels(REPO / "labels")
        ]
    }
    if (root := bench_dir()) is not None:
        missing = missing_folders(root)  # no line to score: a row of them would be 0.000
        for folder in (f for f in FOLDERS if f not in missing):
            found[folder] = [
                (list(page.lines), dict(zip(page.line_nos, page.truth)), None)
                for page in iter_pages(folder)
            ]
    return found


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)  # --help; no options
    if (root := bench_dir()) is None:
        print(f"{absence()}: labels/ only.")
    elif missing := missing_folders(root):
        print(f"the benchmark {root} has {lacking(root, missing)}: its other folders only.")
    columns = ["as is", "without blank lines", "without blank lines, read as they come"]
    print("| pages | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name, pages in collections().items():
        cells = [score(pages), score(pages, blank_lines=False), score(pages, blank_lines=False, one_per_line=False)]
        print(f"| {name} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in cells) + " |")
    print()
    print("Line F1 / character-weighted F1 of the body class, micro over lines.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
