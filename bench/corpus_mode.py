"""Corpus mode on the benchmark: does grouping a site's pages help? (a script, not a test)

The fundus folder of ``../shared/bench`` holds pages of many publishers, some with
several pages (ids like ``de-Tagesspiegel_2024_04_25``: the publisher, then a date).
This script groups its pages by publisher and prints line precision, recall and F1
of the body class without corpus mode and with it, for a few ``min_pages`` values
(the default is boilerplate.corpus.MIN_PAGES). Usage::

    python bench/corpus_mode.py
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate import load_model  # noqa: E402
from boilerplate.cleaner import decide_pages  # noqa: E402
from boilerplate.bench import absence, bench_dir, folder_absence, iter_pages, publisher  # noqa: E402
from boilerplate.cleaner import decide_from_probabilities, non_blank_line_nos  # noqa: E402
from boilerplate.corpus import MIN_PAGES, MIN_SHARE, repeated_lines  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)  # --help; no options
    if (root := bench_dir()) is None:
        print(f"{absence()}; nothing to measure.")
        return 0
    if lacks := folder_absence(root, "fundus"):  # a benchmark without it: no line to score
        print(f"the benchmark {root} has {lacks}; nothing to measure.")
        return 0
    pages = list(iter_pages("fundus"))
    groups = [publisher(p.page_id) for p in pages]
    sizes = Counter(Counter(groups).values())
    print(f"fundus: {len(pages)} pages, {len(set(groups))} publishers; publishers by page count: "
          + ", ".join(f"{n} page(s): {k}" for n, k in sorted(sizes.items())))
    model = load_model()
    lines = [list(p.lines) for p in pages]
    # The model runs once; each setting reruns only the passes on its probabilities.
    probabilities = [decision.p_body for decision in decide_pages(lines, model)]
    truth = np.concatenate([p.truth for p in pages])
    chars = np.concatenate([[len(p.lines[i - 1].strip()) for i in p.line_nos] for p in pages])
    print("| corpus mode | min_pages | P | R | F1 | char F1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for min_pages in (None, 2, MIN_PAGES):
        masks = [None] * len(pages) if min_pages is None else repeated_lines(lines, groups, min_pages, MIN_SHARE)
        kept = np.concatenate([
            decide_from_probabilities(page_lines, non_blank_line_nos(page_lines), p, repeated=mask).body
            for page_lines, p, mask in zip(lines, probabilities, masks)
        ])
        s = body_scores(truth, kept, chars)
        label = "off" if min_pages is None else "on"
        default = " (default)" if min_pages == MIN_PAGES else ""
        print(f"| {label} | {min_pages or '–'}{default} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['char_f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
