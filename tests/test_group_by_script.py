"""bench/group_by.py: the counting pass's figures and the command-line runs, with small settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from boilerplate.bench import bench_dir, missing_folders

from .conftest import REPO
from .report_helpers import fake_bench


def test_the_cli_runs_time_this_checkouts_command_whatever_the_callers_folder(tmp_path):
    # A folder holding another ``boilerplate`` (as a clone or an editable install elsewhere
    # would): ``python -m boilerplate`` run from it would time that one.
    other = tmp_path / "boilerplate"
    other.mkdir()
    (other / "__init__.py").write_text("")
    (other / "__main__.py").write_text("raise SystemExit('not this checkout')\n")
    env = {**os.environ, "BOILERPLATE_BENCH": str(tmp_path / "no-bench")}  # labels/pages only: quick
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "group_by.py"), "--hosts", "3", "--pages", "3", "--cli", "--cli-repeat", "1"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "3 sites × 3 pages, 10 repeated + 30 own lines a page"
    assert lines[1] == "9 pages, 360 lines, 300 distinct (site, line key) entries"
    rows = [re.fullmatch(r"\| `(.+)` \| ([\d.]+) \| ([\d.]+) \| (\d+) \|", line) for line in lines[-4:]]
    assert all(rows), lines[-4:]
    assert [r[1] for r in rows] == ["--jobs 1", "--jobs 1 --group-by host", "--jobs 2", "--jobs 2 --group-by host"]
    assert all(int(r[4]) > 0 for r in rows)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--hosts", "0"], "--hosts must be at least 1"),
        (["--pages", "-1"], "--pages must be at least 1"),
        (["--cli-repeat", "0"], "--cli-repeat must be at least 1"),
        (["--chrome", "0", "--unique", "0"], "at least one line"),
        (["--unique", "-3"], "0 or more"),
        # Found by the mutation review: every page of a site was then the same page, counted
        # once, and the script's own check ended in an AssertionError traceback.
        (["--hosts", "2", "--pages", "2", "--chrome", "3", "--unique", "0"], "--unique 0 makes a site's pages one page"),
    ],
)
def test_settings_that_give_no_pages_or_lines_are_refused(args, message):
    out = subprocess.run([sys.executable, str(REPO / "bench" / "group_by.py"), *args], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def _cli_runs(bench, repeat: int):
    """``group_by.py --cli`` on one host of one page, with ``BOILERPLATE_BENCH=bench``: its
    output, the header line of its command-line runs, and the number of labelled pages."""
    env = {**os.environ, "BOILERPLATE_BENCH": str(bench)}
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "group_by.py"), "--hosts", "1", "--pages", "1", "--cli", "--cli-repeat", str(repeat)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert out.returncode == 0, out.stderr
    pages = len(list((REPO / "labels" / "pages").glob("*.txt")))
    return out, next(line for line in out.stdout.splitlines() if line.startswith("boilerplate clean --jsonl on ")), pages


def test_without_the_benchmark_the_cli_runs_say_so_and_count_the_hosts_they_use(tmp_path):
    # Found by review: without ../shared/bench it timed labels/pages alone (5 records) as if on
    # the README's corpus, and said "40 hosts" of 5 records.
    out, header, pages = _cli_runs(tmp_path / "no-bench", 2)
    assert f"({2 * pages:,} records, " in header and f", {pages + 1} hosts)" in header
    assert f"(BOILERPLATE_BENCH={tmp_path / 'no-bench'} names no benchmark (no fundus/pages.tsv in it): labels/pages alone" in out.stdout


def test_with_a_benchmark_without_some_of_its_folders_the_cli_runs_say_which(tmp_path):
    # Found by review: a partial copy of the benchmark was timed as if whole, with no word.
    bench = fake_bench(tmp_path / "bench", ("fundus", "readability"))
    out, header, pages = _cli_runs(bench, 1)
    assert f"({pages + 2:,} records, " in header
    assert f"(the benchmark {bench} has no scrapinghub/pages.tsv: " in header


def test_pages_without_repeated_lines_are_counted_not_refused_by_the_scripts_own_check():
    # Found by review: --chrome 0 (which the options allow) with three pages a site or more
    # ended in an AssertionError traceback: the script expected every site to have repeated
    # lines, which only the repeated (chrome) lines give.
    out = subprocess.run([sys.executable, str(REPO / "bench" / "group_by.py"), "--hosts", "2", "--pages", "3",
                          "--chrome", "0", "--unique", "5"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.splitlines()[:2] == ["2 sites × 3 pages, 0 repeated + 5 own lines a page",
                                           "6 pages, 30 lines, 30 distinct (site, line key) entries"]


@pytest.fixture
def script():
    from .conftest import load_script

    return load_script("group_by")


def test_the_counting_figures_divide_the_measured_bytes_and_seconds_by_the_right_counts(script, monkeypatch, capsys):
    # tracemalloc and the clock stubbed: the held and peak bytes are taken from the first
    # reading, the counting time is the second pass's less the time to make the pages.
    readings = iter([(1_000, 1_000), (1_000 + 2_400_000, 1_000 + 4_800_000)])
    monkeypatch.setattr(script, "tracemalloc", SimpleNamespace(start=lambda: None, stop=lambda: None,
                                                               get_traced_memory=lambda: next(readings)))
    monkeypatch.setattr(script.LineCounter, "nbytes", lambda self: 1_200_000)
    clock = iter([10.0, 10.5, 20.0, 23.5])  # making the pages 0.5 s, making and counting them 3.5 s
    monkeypatch.setattr(script, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    assert script.main(["--hosts", "2", "--pages", "3", "--chrome", "1", "--unique", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2 sites × 3 pages, 1 repeated + 1 own lines a page",
        "6 pages, 12 lines, 8 distinct (site, line key) entries",
        "held after the pass: 2.4 MB (1.2 MB of it in the sorted counts)",
        "  = 300000.0 bytes per entry, or 400000 bytes per page",
        "  of which the set of seen pages and the per-site tables: 200000 bytes per page",
        "peak during the pass: 4.8 MB = 600000.0 bytes per entry",
        "counting time without tracemalloc: 3.0 s = 250000.00 µs per line",
    ]


def test_the_cli_runs_figures_are_the_files_utf8_megabytes_per_second_and_the_kib_peak_in_mib(script, monkeypatch, capsys):
    texts = ["ব" * 300_000 + "\nশেষ", "ক"]
    monkeypatch.setitem(sys.modules, "throughput", SimpleNamespace(corpus=lambda: texts, no_bench=lambda: ""))
    seen = []

    def run(command, **kwargs):
        source = Path(command[command.index("--out") - 1])
        seen.append((command[3:], source.stat().st_size, [json.loads(line)["url"] for line in source.read_text(encoding="utf-8").splitlines()]))
        return SimpleNamespace(stdout="2.0 81920\n")  # seconds, then ru_maxrss in KiB

    monkeypatch.setattr(script.subprocess, "run", run)
    script.cli_runs(SimpleNamespace(cli_repeat=2))
    out = capsys.readouterr().out.splitlines()
    size = seen[0][1]
    assert 2 * 900_000 < size < 2 * 900_000 + 1_000  # each Bengali letter its three UTF-8 bytes, not escaped
    assert out[1] == f"boilerplate clean --jsonl on {size / 1e6:.1f} MB (4 records, 6 lines, 3 hosts):"
    assert out[-4:] == [f"| `{name}` | 2.0 | {size / 1e6 / 2.0:.2f} | 80 |" for name in (
        "--jobs 1", "--jobs 1 --group-by host", "--jobs 2", "--jobs 2 --group-by host")]
    # the records given hosts in turn, each copy of the pages starting one host further on
    assert seen[0][2] == ["https://h0.example/0/0", "https://h1.example/0/1", "https://h1.example/1/0", "https://h2.example/1/1"]
    # what each row names is what its command ran
    assert [(c[c.index("--jobs") + 1], "--group-by" in c) for c, _, _ in seen] == [
        ("1", False), ("1", True), ("2", False), ("2", True)]


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_readme_gives_the_file_the_cli_runs_time_as_the_script_prints_it(script, monkeypatch, capsys):
    # An audit of the README's figures: its pages, size and hosts of `python bench/group_by.py --cli`
    # had no test. The runs' timings are the machine's: the command is not run here.
    from .conftest import load_script

    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    (pages, repeat, mb, hosts), = re.findall(r"\(`python bench/group_by.py --cli`: the (\d+) pages of \*Throughput\* (\d+) times over, "
                                             r"([\d.]+) MB of JSON Lines, (\d+) hosts;", text)
    monkeypatch.setitem(sys.modules, "throughput", load_script("throughput"))
    monkeypatch.setattr(script.subprocess, "run", lambda command, **kwargs: SimpleNamespace(stdout="1.0 1024\n"))
    seen = []
    monkeypatch.setattr(script, "cli_runs", lambda args, real=script.cli_runs: seen.append(args.cli_repeat) or real(args))
    assert script.main(["--cli", "--hosts", "1", "--pages", "1"]) == 0  # the counting pass as small as it goes
    header = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("boilerplate clean --jsonl on "))
    (size, records, shown_hosts), = re.findall(r"on ([\d.]+) MB \(([\d,]+) records, [\d,]+ lines, (\d+) hosts\):$", header)
    assert seen == [int(repeat)]  # --cli's default
    assert (size, records, shown_hosts) == (mb, f"{int(pages) * int(repeat):,}", hosts), "README: the file of python bench/group_by.py --cli"
