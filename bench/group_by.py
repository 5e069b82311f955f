"""Corpus mode's counting pass (``--group-by host``): memory and time. (a script, not a test)

The first pass of ``boilerplate clean --group-by host`` holds a
:class:`boilerplate.corpus.LineCounter`: it is not flat like the plain stream, it
grows with the corpus. This script builds a crawl-like corpus in memory —
``--hosts`` sites of ``--pages`` pages, each page ``--chrome`` lines its site
repeats on every page and ``--unique`` lines of its own (about 100 characters
each) — and adds it to a counter page by page, site after site interleaved, as
the first pass does. It prints:

- the distinct (site, line key) entries and the distinct pages counted;
- the bytes the counter holds after the pass and the peak during it, measured with
  ``tracemalloc`` (NumPy's arrays and Python's objects alike), per entry and per page;
- the time per line of a second pass without ``tracemalloc`` (less the time to
  make the pages).

With ``--cli`` it then times ``boilerplate clean --jsonl`` with and without
``--group-by host``, with one and two jobs, on real pages: the corpus of
``bench/throughput.py`` (``labels/pages`` and every page of ``../shared/bench``)
``--cli-repeat`` times over as one JSON Lines file, the records given 40 hosts in
turn (so that no host holds a page twice). Each run's peak RSS is that of its
largest process (``ru_maxrss``).

Usage::

    python bench/group_by.py [--hosts 1000] [--pages 100] [--chrome 10] [--unique 30] [--cli] [--cli-repeat 8]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's code

from boilerplate.corpus import LineCounter  # noqa: E402

HOSTS = 40

FILLER = "নদীর পানি বিপৎসীমার ওপর দিয়ে বইছে, ফলে আশপাশের গ্রামের মানুষ নিরাপদ আশ্রয়ে সরে যাচ্ছেন"


def _word(n: int) -> str:
    """n in letters: line keys make every digit 0, so numbers would not keep lines apart."""
    letters = []
    while True:
        n, r = divmod(n, 26)
        letters.append(chr(97 + r))
        if n == 0:
            return "".join(letters)


def pages(hosts: int, per_host: int, chrome: int, unique: int):
    """(site, lines) for every page: page 0 of every site, then page 1 of every site, …"""
    menus = {h: [f"menu {_word(h)} {_word(j)} {FILLER[:40]}" for j in range(chrome)] for h in range(hosts)}
    n = 0
    for p in range(per_host):
        for h in range(hosts):
            n += 1
            own = [f"{_word(n)} {_word(j)} {FILLER}" for j in range(unique)]
            yield f"site{_word(h)}.example", menus[h][: chrome // 2] + own + menus[h][chrome // 2 :]


def count(args: argparse.Namespace) -> LineCounter:
    counter = LineCounter()
    for host, lines in pages(args.hosts, args.pages, args.chrome, args.unique):
        counter.add(host, lines)
    counter.repeated()
    return counter


def cli_runs(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import corpus, no_bench

    texts = corpus()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "crawl.jsonl"
        hosts = set()
        with open(source, "w", encoding="utf-8") as f:
            for r in range(args.cli_repeat):
                for i, text in enumerate(texts):
                    hosts.add((i + r) % HOSTS)
                    url = f"https://h{(i + r) % HOSTS}.example/{r}/{i}"
                    f.write(json.dumps({"url": url, "text": text}, ensure_ascii=False) + "\n")
        size = source.stat().st_size
        lines = sum(len(t.splitlines()) for t in texts) * args.cli_repeat
        records = len(texts) * args.cli_repeat
        print(f"\nboilerplate clean --jsonl on {size / 1e6:.1f} MB ({records:,} records, {lines:,} lines, {len(hosts)} hosts){no_bench()}:")
        print("| run | seconds | MB/s | peak RSS (MiB) |")
        print("| --- | --- | --- | --- |")
        for jobs in (1, 2):
            for group in ([], ["--group-by", "host"]):
                # A child runs the command, so that ru_maxrss holds only that run's processes; from
                # this checkout, so that ``-m boilerplate`` is its code, whatever the caller's folder.
                code = (
                    "import resource, subprocess, sys, time; t = time.perf_counter(); "
                    "subprocess.run(sys.argv[1:], check=True); "
                    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
                )
                command = [sys.executable, "-m", "boilerplate", "clean", "--jsonl", "--quiet", "--overwrite",
                           "--jobs", str(jobs), *group, str(source), "--out", str(Path(tmp) / "out")]
                out = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True, cwd=REPO)
                seconds, rss_kb = out.stdout.split()
                name = " ".join(["--jobs", str(jobs), *group])
                print(f"| `{name}` | {float(seconds):.1f} | {size / 1e6 / float(seconds):.2f} | {int(rss_kb) / 1024:.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=1000, help="sites (at least 1)")
    parser.add_argument("--pages", type=int, default=100, help="pages per site (at least 1)")
    parser.add_argument("--chrome", type=int, default=10, help="lines every page of a site repeats")
    parser.add_argument("--unique", type=int, default=30, help="lines of each page's own")
    parser.add_argument("--cli", action="store_true", help="also time the command line on real pages")
    parser.add_argument("--cli-repeat", type=int, default=8, help="copies of the real pages in the --cli file (at least 1)")
    args = parser.parse_args(argv)
    for name in ("hosts", "pages", "cli_repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.chrome < 0 or args.unique < 0 or args.chrome + args.unique < 1:
        parser.error("--chrome and --unique must be 0 or more, and give each page at least one line")
    if args.unique == 0 and args.pages > 1:
        # identical pages count once: a site's pages would be one page, and every per-page figure wrong
        parser.error("--unique 0 makes a site's pages one page (identical pages count once): give --unique 1 or more, or --pages 1")
    n_pages = args.hosts * args.pages
    lines = n_pages * (args.chrome + args.unique)
    entries = args.hosts * args.chrome + n_pages * args.unique

    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    counter = count(args)
    gc.collect()
    held, peak = (m - base for m in tracemalloc.get_traced_memory())
    tracemalloc.stop()
    assert counter.pages == n_pages and counter.groups == args.hosts
    # Every site repeats its chrome lines on all its pages: enough pages make them repeated.
    assert len(counter.repeated()) == (args.hosts if args.pages >= 3 and args.chrome else 0)
    arrays = counter.nbytes()
    del counter

    start = time.perf_counter()
    for _ in pages(args.hosts, args.pages, args.chrome, args.unique):
        pass
    making = time.perf_counter() - start
    start = time.perf_counter()
    count(args)
    seconds = time.perf_counter() - start - making  # the counting alone

    print(f"{args.hosts:,} sites × {args.pages:,} pages, {args.chrome} repeated + {args.unique} own lines a page")
    print(f"{n_pages:,} pages, {lines:,} lines, {entries:,} distinct (site, line key) entries")
    print(f"held after the pass: {held / 1e6:.1f} MB ({arrays / 1e6:.1f} MB of it in the sorted counts)")
    print(f"  = {held / entries:.1f} bytes per entry, or {held / n_pages:.0f} bytes per page")
    print(f"  of which the set of seen pages and the per-site tables: {(held - arrays) / n_pages:.0f} bytes per page")
    print(f"peak during the pass: {peak / 1e6:.1f} MB = {peak / entries:.1f} bytes per entry")
    print(f"counting time without tracemalloc: {seconds:.1f} s = {seconds / lines * 1e6:.2f} µs per line")
    if args.cli:
        cli_runs(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
