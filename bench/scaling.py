"""Time and peak memory of clean() on huge pages: does the cost grow linearly with size?

Two series, each size run in a fresh Python process so that one run's peak memory
does not hide the next one's:

- *one line*: a page of 1, 2, 5 and 10 MB (UTF-8) with no line break at all — a
  Bengali paragraph repeated;
- *short lines*: a page of 125k, 250k, 500k and 1M short lines (a menu-like mix of
  Bengali and Latin headline, date and number lines, every one different).

For each size it prints the wall time and CPU time of one ``clean()`` call with the
shipped model, as a user's ``clean(text)`` runs it (the model is loaded and the page
built before the clock starts), the time per MB or per line (flat when the cost is
linear), and the process's peak resident memory (``ru_maxrss``) with its growth
during the call. Usage::

    python bench/scaling.py                 # the README's table (a few minutes)
    python bench/scaling.py --quick         # the smallest two sizes of each series
    python bench/scaling.py --json          # the raw figures
    python bench/scaling.py --only one-line # one series (or short-lines)

The machine may be shared: CPU time is the steadier figure; run it on a quiet machine
for the README.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

# Measure this checkout's code, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Sizes in MB of the one-line pages, and line counts of the many-line pages.
ONE_LINE_MB = (1, 2, 5, 10)
SHORT_LINES = (125_000, 250_000, 500_000, 1_000_000)

_PARAGRAPH = (
    "রাশিয়া ৩০ মাসেরও বেশি সময় ধরে ইউক্রেনে হামলা অব্যাহত রেখেছে। "
    "Council members voted nine to four after a long debate. "
)
_SHORT = (
    "সর্বশেষ খবর {i}",
    "Home | World | {i}",
    "শনিবার, ২৭ এপ্রিল ২০২৪ {i}",
    "{i}",
    "মন্তব্য করুন {i}",
    "প্রধানমন্ত্রী আজ বৈঠক করবেন {i}",
    "Storm closes coastal road {i}",
    "",
)


def one_line_page(mb: int) -> str:
    """A page of about ``mb`` MB of UTF-8 with no line break."""
    unit = len(_PARAGRAPH.encode("utf-8"))
    return _PARAGRAPH * (mb * 1_000_000 // unit)


def short_lines_page(n: int) -> str:
    """A page of ``n`` short lines, blank ones included, all different."""
    return "\n".join(_SHORT[i % len(_SHORT)].format(i=i) for i in range(n))


def _rss_now_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def measure(kind: str, size: int) -> dict:
    """Build one page, clean it once, and return the figures (run in a child process)."""
    from boilerplate import clean

    # The shipped model as clean() uses it by default (its linear function, read from the
    # receipt): load_model() would add scikit-learn and pandas, some 150 MiB that clean() never loads.
    clean("warm up.\nএকটি লাইন।")
    text = one_line_page(size) if kind == "one-line" else short_lines_page(size)
    before_kb = _rss_now_kb()
    wall, cpu = time.perf_counter(), time.process_time()
    out = clean(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "kind": kind,
        "size": size,
        "mb": len(text.encode("utf-8", "surrogatepass")) / 1e6,
        "lines": len(text.splitlines()),
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mib": peak_kb / 1024,
        "rss_before_mib": before_kb / 1024,
        "rss_growth_mib": (peak_kb - before_kb) / 1024,
        "output_chars": len(out),
    }


def run_child(kind: str, size: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(size)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def table(rows: list[dict]) -> str:
    lines = [
        "| page | size | wall s | CPU s | CPU per unit | peak RSS MiB | RSS growth MiB |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        if r["kind"] == "one-line":
            size, per = f"{r['size']} MB", f"{r['cpu_s'] / r['mb']:.2f} s/MB"
        else:
            size, per = f"{r['size']:,} lines ({r['mb']:.1f} MB)", f"{r['cpu_s'] / r['lines'] * 1e6:.0f} µs/line"
        lines.append(
            f"| {r['kind']} | {size} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {per} "
            f"| {r['peak_rss_mib']:.0f} | {r['rss_growth_mib']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the two smallest sizes of each series")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--only", choices=("one-line", "short-lines"), help="run one series")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return 0
    series = {"one-line": ONE_LINE_MB, "short-lines": SHORT_LINES}
    rows = []
    for kind, sizes in series.items():
        if args.only and kind != args.only:
            continue
        for size in sizes[:2] if args.quick else sizes:
            rows.append(run_child(kind, size))
            if not args.json:
                print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
