"""clean_many against the C4 line rule alone, timed alternately (a script, not a test).

``bench/throughput.py`` times every method once per round, three rounds; its
``clean_many / C4 rule`` ratio then moves with what the machine's neighbours do
between the two timings. This script times only those two, one after the other,
for ``--rounds`` rounds (default 10), keeps each one's best time and prints the
ratio: a steadier figure for comparing two versions of the code on one machine.

    python bench/versus_c4.py                      # this checkout
    python bench/versus_c4.py --repo ../old        # another checkout (git worktree add ../old REV)
    python bench/versus_c4.py --parts              # also the first steps clean_many cannot skip
    python bench/versus_c4.py --passes             # also clean_many without the cohesion or headline pass

With ``--parts`` it also times, the same way, the first steps of ``clean_many``
alone: splitting the pages into lines, stripping them and keeping the non-blank
ones (``features.non_blank``), and classifying every character of those lines
(``chars.encode``, which the length, digit, Latin and sentence-end features read).
They bound how fast ``clean_many`` can be against the C4 rule before any feature
is computed (issue 4's 50× jusText).

With ``--passes`` it also times ``clean_many`` with the cohesion pass's word shares
(``cohesion.word_shares``) and with the headline pass (``headline.headline_lines``)
replaced, for the timing, by functions that find nothing: each pass's share of
``clean_many``'s time is what its removal saves.

The corpus and the C4 rule are those of that checkout's ``bench/throughput.py``
(``labels/pages`` and, when present, every page of ``../shared/bench``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10, help="rounds; each of the two keeps its best time (default 10)")
    parser.add_argument("--repo", type=Path, help="a checkout whose boilerplate package is timed (default: this one)")
    parser.add_argument("--parts", action="store_true", help="also time the first steps of clean_many alone")
    parser.add_argument("--passes", action="store_true", help="also time clean_many without the cohesion pass and without the headline pass")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    repo = (args.repo or HERE.parent).resolve()
    if not (repo / "bench" / "throughput.py").is_file():
        parser.error(f"{repo} has no bench/throughput.py: give a checkout of this project")
    # That checkout's throughput.py puts its checkout first on sys.path and imports its boilerplate.
    sys.path.insert(0, str(repo / "bench"))
    from throughput import c4, corpus

    import boilerplate
    from boilerplate import clean_many, load_model

    pages = corpus()
    model = load_model()
    clean_many(pages[:5], model=model)  # the character tables, built once per process
    runs = {"clean_many": lambda: clean_many(pages, model=model), "C4 line rule": lambda: c4(pages)}
    if args.parts:
        try:
            from boilerplate.chars import encode
            from boilerplate.features import non_blank
        except ImportError:
            parser.error(f"--parts times features.non_blank and chars.encode, which {repo} is too old to have: leave out --parts")

        lines = [text for page in pages for text in non_blank(page.splitlines())[1]]
        runs["lines"] = lambda: [non_blank(page.splitlines()) for page in pages]
        runs["characters"] = lambda: encode(lines)
    if args.passes:
        try:
            from boilerplate import cohesion, headline

            missing = not (hasattr(cohesion, "word_shares") and hasattr(headline, "headline_lines"))
        except ImportError:
            missing = True
        if missing:
            parser.error(
                f"--passes replaces cohesion.word_shares and headline.headline_lines, which {repo} is too old to have: "
                "leave out --passes"
            )
        import numpy as np

        def no_shares(b, core, body, *rest, **options):
            return np.zeros(len(body)), np.zeros(len(body))

        def no_headlines(texts, body, *rest, **options):
            return np.zeros(len(body), dtype=bool)

        def without(module, name, stand_in):
            def run() -> None:
                real = getattr(module, name)
                setattr(module, name, stand_in)
                try:
                    clean_many(pages, model=model)
                finally:
                    setattr(module, name, real)

            return run

        runs["without cohesion"] = without(cohesion, "word_shares", no_shares)
        runs["without headline"] = without(headline, "headline_lines", no_headlines)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    from boilerplate import bench

    if bench.bench_dir() is None:
        # --repo may name a checkout older than bench.absence (33c1ab1).
        why = bench.absence() if hasattr(bench, "absence") else "../shared/bench is not there"
        print(f"{why}: labels/pages alone, too few pages for a steady ratio", file=sys.stderr)
    elif hasattr(bench, "missing_folders") and (missing := bench.missing_folders()):
        lacks = ", ".join(bench.folder_absence(bench.bench_dir(), folder) for folder in missing)
        print(f"the benchmark {bench.bench_dir()} has {lacks}: fewer pages than the README's ratios", file=sys.stderr)
    print(
        f"{len(pages)} pages, boilerplate from {Path(boilerplate.__file__).parent.parent}; best of {args.rounds} rounds: "
        f"clean_many {best['clean_many']:.3f} s, C4 line rule {best['C4 line rule']:.3f} s, "
        f"ratio {best['clean_many'] / best['C4 line rule']:.2f}"
    )
    if args.parts:
        c4_time = best["C4 line rule"]
        print(
            f"first steps of clean_many alone: lines split, stripped and non-blank kept {best['lines']:.3f} s "
            f"({best['lines'] / c4_time:.2f}× the C4 rule), every character of the {len(lines)} non-blank lines "
            f"classified {best['characters']:.3f} s ({best['characters'] / c4_time:.2f}×)"
        )
    if args.passes:
        whole = best["clean_many"]
        print(
            f"passes: clean_many without the cohesion pass {best['without cohesion']:.3f} s "
            f"(the pass {1 - best['without cohesion'] / whole:.1%} of clean_many's time), "
            f"without the headline pass {best['without headline']:.3f} s ({1 - best['without headline'] / whole:.1%})"
        )


if __name__ == "__main__":
    main()
