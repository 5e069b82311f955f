"""Throughput and memory of cleaning, measured in one run (a script, not a test).

The corpus is the pages in ``labels/pages`` and, when present, every page of
``../shared/bench`` (read at run time, never copied). On that corpus it times:

- ``clean`` page by page, and ``clean_many`` on the whole corpus;
- the command line, ``boilerplate clean --jsonl`` with ``--jobs 1`` and ``--jobs 2``,
  on the corpus repeated ``--cli-repeat`` times (default 24) so that the command's
  start-up (imports, 0.2–0.4 s, timed alone on an empty input and shown) is not
  most of its time; wall time of the whole command, start-up included;
- what the machine itself gives two processes: a fixed pure-Python loop run twice
  in one process, then once in each of two processes (the ceiling for ``--jobs 2``
  on a shared machine);
- jusText with its Bengali stoplist, each page's non-blank lines wrapped in ``<p>``;
- the C4 line rule (``baselines.keep_c4`` on every line from ``splitlines``);

Each method runs once per round, for ``--rounds`` rounds (default 3), and keeps
its best time: the machine may be shared, and a neighbour's work then slows all
methods alike. Then it streams a generated JSON Lines file of ``--rss-gb`` GB (default 1) through
``boilerplate clean --jsonl --jobs 1`` in a temporary folder, records the
command's peak resident memory and its resident memory over time, and deletes
the files.

Run from the repository: ``python bench/throughput.py`` (``--json PATH`` also
writes the figures as JSON; ``--rss-gb 0`` skips the memory run). jusText is needed for its
row: ``pip install justext lxml_html_clean``; without it the row and its ratio are left
out, with a note. Without ``../shared/bench`` the corpus is ``labels/pages`` alone, and
the first line of the output says so; it names the folders a partial copy lacks.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from boilerplate import clean, clean_many  # noqa: E402
from boilerplate.baselines import keep_c4  # noqa: E402
from boilerplate.bench import FOLDERS, absence, bench_dir, iter_pages, lacking, missing_folders  # noqa: E402


JUSTEXT = "jusText (Bengali stoplist, <p> per line)"


def no_bench() -> str:
    """Said after the corpus's size when the benchmark is absent (five short pages make other
    figures) or lacks a folder (a partial copy); nothing when it is whole."""
    root = bench_dir()
    if root is None:
        return f" ({absence()}: labels/pages alone, too few pages to compare with the README's figures)"
    if missing := missing_folders(root):
        return f" (the benchmark {root} has {lacking(root, missing)}: too few pages to compare with the README's figures)"
    return ""


def corpus() -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((REPO / "labels" / "pages").glob("*.txt"))]
    if bench_dir() is not None:
        pages += ["\n".join(page.lines) for folder in FOLDERS for page in iter_pages(folder)]
    return pages


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def c4(pages: list[str]) -> list[str]:
    return ["\n".join(line for line in page.splitlines() if keep_c4(line)) for page in pages]


def justext_pages(pages: list[str]):
    import justext

    stoplist = justext.get_stoplist("Bengali")

    def run(pages: list[str]) -> list[str]:
        out = []
        for page in pages:
            body = "".join(f"<p>{html.escape(line)}</p>" for line in page.splitlines() if line.strip())
            doc = f"<html><body>{body}</body></html>"
            paragraphs = justext.justext(doc, stoplist)
            out.append("\n".join(p.text for p in paragraphs if not p.is_boilerplate))
        return out

    return run


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def two_process_speedup(n: int = 10_000_000) -> float:
    """How much faster two processes run two equal pieces of work than one process."""
    from multiprocessing import get_context

    with get_context("fork").Pool(2) as pool:
        pool.map(_spin, [1, 1])  # workers started
        start = time.perf_counter()
        pool.map(_spin, [n, n], chunksize=1)
        parallel = time.perf_counter() - start
    start = time.perf_counter()
    _spin(n)
    _spin(n)
    return (time.perf_counter() - start) / parallel


def cli(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "boilerplate", "clean", *args], check=True, cwd=REPO)
    return time.perf_counter() - start


def write_jsonl(path: Path, pages: list[str], target_bytes: int = 0) -> int:
    """The pages as JSON Lines, repeated until ``target_bytes`` (once when 0); returns the record count."""
    n = 0
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        while True:
            for page in pages:
                line = json.dumps({"id": n, "text": page}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                n += 1
                if target_bytes and size >= target_bytes:
                    return n
            if not target_bytes:
                return n


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def stream_rss(pages: list[str], gb: float, folder: Path) -> dict:
    """Peak RSS of ``boilerplate clean --jsonl --jobs 1`` over a generated file of ``gb`` GB
    (RSS in MiB, as ``ru_maxrss`` and ``VmRSS`` count KiB; the file's size and speed in GB and MB, powers of ten)."""
    source = folder / "big.jsonl"
    records = write_jsonl(source, pages, int(gb * 1e9))
    size = source.stat().st_size
    # A child measures the command, so that only its own peak is in ru_maxrss.
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "boilerplate", "clean", "--jsonl", "--quiet", "--jobs", "1", str(source), "--out", str(folder / "out")]
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", probe, *command], stdout=subprocess.PIPE, text=True, cwd=REPO)
    samples: list[tuple[float, int]] = []

    def sample() -> None:
        # The command is the probe's child: sample it by walking /proc for its pid.
        while proc.poll() is None:
            for child in _children(proc.pid):
                samples.append((time.perf_counter() - start, _rss_kb(child)))
            time.sleep(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"the streaming run failed with exit code {proc.returncode}")
    written = (folder / "out" / "big.jsonl").stat().st_size
    source.unlink()
    (folder / "out" / "big.jsonl").unlink()
    rss = [kb for _, kb in samples if kb]
    if os.environ.get("BENCH_RSS_TRACE"):
        print("rss samples (s, MiB):", [(round(s), kb // 1024) for s, kb in samples if kb], file=sys.stderr)
    tenth = max(1, len(rss) // 10)
    return {
        "bytes": size,
        "records": records,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "peak_rss_mib": int(out.strip()) / 1024,
        "rss_mib_first_tenth_max": max(rss[:tenth]) / 1024 if rss else None,
        "rss_mib_last_tenth_max": max(rss[-tenth:]) / 1024 if rss else None,
        "rss_samples": len(rss),
        "output_bytes": written,
    }


def stream_summary(stream: dict) -> str:
    """The sentence on the streaming run; a run shorter than the sampling interval has no samples."""
    if stream["rss_samples"]:
        samples = (
            f"largest sample in the first tenth of the run {stream['rss_mib_first_tenth_max']:.0f} MiB, "
            f"in the last tenth {stream['rss_mib_last_tenth_max']:.0f} MiB"
        )
    else:
        samples = "no sample over time: the run was shorter than the one-second sampling interval"
    return (
        f"Streaming {stream['bytes'] / 1e9:.2f} GB of JSON Lines ({stream['records']} records) through "
        f"`boilerplate clean --jsonl --jobs 1`: {stream['seconds']:.0f} s ({stream['mb_per_s']:.2f} MB/s), "
        f"peak RSS {stream['peak_rss_mib']:.0f} MiB ({samples})."
    )


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rss-gb", type=float, default=1.0, help="size in GB of the JSON Lines file streamed for the memory run (default 1; 0: skip it)")
    parser.add_argument("--cli-repeat", type=int, default=24, help="times the corpus is repeated for the CLI rows (default 24)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of timings; each method keeps its best (default 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as one JSON object to PATH")
    args = parser.parse_args()
    # Each row is a best time over the rounds, and the CLI rows' rates divide by the pages cleaned.
    if args.rounds < 1 or args.cli_repeat < 1:
        parser.error("--rounds and --cli-repeat must be at least 1")
    if not 0 <= args.rss_gb < float("inf"):
        parser.error("--rss-gb must be 0 (skip the memory run) or a finite size in GB")
    # The figures are written at the end: a folder that is not there is said now, not after every round.
    if args.json and not Path(args.json).resolve().parent.is_dir():
        parser.error(f"--json {args.json}: the folder {Path(args.json).resolve().parent} is not there")
    if args.json and Path(args.json).is_dir():
        parser.error(f"--json {args.json} is a folder: give a file's path")

    pages = corpus()
    mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    # What cleaning builds once per process (the character tables, the shipped model's
    # linear function) is built now: in round 1 the first method timed paid for it alone.
    clean(pages[0])
    clean_many(pages[:5])
    seconds: dict[str, float] = {}
    loads: list[float] = []
    speedups: list[float] = []

    def keep(name: str, value: float) -> None:
        seconds[name] = min(value, seconds.get(name, float("inf")))
        print(f"round {round_no + 1}: {name}: {value:.2f} s", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="boilerplate-bench-") as tmp:
        folder = Path(tmp)
        write_jsonl(folder / "corpus.jsonl", pages * args.cli_repeat)
        (folder / "empty.jsonl").write_bytes(b"")
        try:
            run_justext = justext_pages(pages)
        except ImportError as exc:
            run_justext = None
            print(f"jusText skipped: {exc}", file=sys.stderr)
        # Every method once per round, rounds repeated: each keeps its best time, so a
        # neighbour's burst of work on a shared machine hurts all methods alike.
        for round_no in range(args.rounds):
            loads.append(os.getloadavg()[0])
            value, by_page = timed(lambda: [clean(p) for p in pages])
            keep("clean, page by page", value)
            value, many = timed(clean_many, pages)
            keep("clean_many", value)
            if many != by_page:
                raise SystemExit("clean_many differs from clean page by page")
            keep("CLI start-up (empty input)", cli(["--jsonl", "--quiet", "--overwrite", str(folder / "empty.jsonl"), "--out", str(folder / "o0")]))
            for jobs in (1, 2):
                out = folder / f"o{jobs}"
                keep(f"CLI --jobs {jobs}", cli(["--jsonl", "--quiet", "--overwrite", "--jobs", str(jobs), str(folder / "corpus.jsonl"), "--out", str(out)]))
                records = [json.loads(line)["text"] for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
                if records != many * args.cli_repeat:
                    raise SystemExit(f"the CLI with --jobs {jobs} differs from clean_many")
            if run_justext is not None:
                keep(JUSTEXT, timed(run_justext, pages)[0])
            keep("C4 line rule", timed(c4, pages)[0])
            speedups.append(two_process_speedup())
            print(f"round {round_no + 1}: two processes vs one: {speedups[-1]:.2f}x", file=sys.stderr)
        stream = stream_rss(pages, args.rss_gb, folder) if args.rss_gb > 0 else None

    startup = seconds.pop("CLI start-up (empty input)")
    results = {}
    for name, value in seconds.items():
        scale = args.cli_repeat if name.startswith("CLI") else 1
        results[name] = {"pages": len(pages) * scale, "seconds": value, "pages_per_s": len(pages) * scale / value, "mb_per_s": mb * scale / value}
    many_row = results["clean_many"]
    ratios = {
        "clean_many / clean page by page, pages/s": many_row["pages_per_s"] / results["clean, page by page"]["pages_per_s"],
        "CLI --jobs 2 / --jobs 1, pages/s": results["CLI --jobs 2"]["pages_per_s"] / results["CLI --jobs 1"]["pages_per_s"],
        # The same without the command's fixed start-up (timed alone on an empty input):
        # the rate at which each setting cleans once it runs, what a long corpus sees.
        "CLI --jobs 2 / --jobs 1, pages/s after start-up": (results["CLI --jobs 1"]["seconds"] - startup)
        / (results["CLI --jobs 2"]["seconds"] - startup),
        "clean_many / C4 rule, time": many_row["seconds"] / results["C4 line rule"]["seconds"],
    }
    if JUSTEXT in results:
        ratios["clean_many / jusText, pages/s"] = many_row["pages_per_s"] / results[JUSTEXT]["pages_per_s"]
    figures = {
        "corpus": {"pages": len(pages), "mb": mb, "bench": bench_dir() is not None},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_round_start": loads},
        "rounds": args.rounds,
        "cli_startup_seconds": startup,
        "two_process_speedup_of_the_machine": speedups,
        "rows": results,
        "ratios": ratios,
        "stream": stream,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"Corpus: {len(pages)} pages, {mb:.1f} MB of UTF-8 text{no_bench()}. Best of {args.rounds} rounds; "
        f"1-minute load average at the rounds' starts: {', '.join(f'{x:.1f}' for x in loads)} on {os.cpu_count()} CPUs. "
        f"CLI start-up (an empty input): {startup:.2f} s, included in the CLI rows. "
        f"Two processes vs one on a fixed loop, per round: {', '.join(f'{x:.2f}x' for x in speedups)}.\n"
    )
    print("| method | pages | seconds | pages/s | MB/s |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['pages']} | {r['seconds']:.2f} | {r['pages_per_s']:.1f} | {r['mb_per_s']:.3f} |")
    print()
    for name, value in ratios.items():
        print(f"- {name}: {value:.2f}")
    if stream:
        print("\n" + stream_summary(stream))


if __name__ == "__main__":
    main()
