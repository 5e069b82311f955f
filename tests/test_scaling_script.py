"""bench/scaling.py: what one measurement holds, on the smallest page, and the sizes of the pages the README gives (no time or memory figure is checked)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO, load_script

SCRIPT = REPO / "bench" / "scaling.py"


def test_a_measurement_is_of_clean_as_a_user_runs_it_without_scikit_learn_or_pandas():
    # clean(text) with the shipped model imports neither; a process that loads them has
    # some 150 MiB more resident memory, which the peak RSS column would show as clean()'s.
    code = (
        "import runpy, sys; sys.modules['sklearn'] = sys.modules['pandas'] = None; "
        f"sys.argv = [{str(SCRIPT)!r}, '--child', 'one-line', '1']; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["kind"] == "one-line" and figures["lines"] == 1 and 0.99 < figures["mb"] <= 1.0
    assert figures["output_chars"] > 0
    assert figures["peak_rss_mib"] >= figures["rss_before_mib"] > 0
    assert figures["rss_growth_mib"] == pytest.approx(figures["peak_rss_mib"] - figures["rss_before_mib"])


def test_the_pages_are_of_the_size_asked_for():
    script = load_script("scaling")
    page = script.one_line_page(2)
    unit = len(script._PARAGRAPH.encode("utf-8"))
    assert "\n" not in page and 2_000_000 - unit < len(page.encode("utf-8")) <= 2_000_000
    page = script.short_lines_page(20)
    lines = page.split("\n")
    assert len(lines) == 20 and lines[7] == lines[15] == ""  # one line in eight is blank
    assert len(set(lines)) == 19  # the others all differ


def test_the_table_gives_cpu_time_per_mb_or_per_line_and_memory_in_whole_mb():
    script = load_script("scaling")
    rows = [
        {"kind": "one-line", "size": 2, "mb": 2.0, "lines": 1, "wall_s": 0.52, "cpu_s": 0.3, "peak_rss_mib": 71.6, "rss_growth_mib": 33.2},
        {"kind": "short-lines", "size": 250_000, "mb": 9.14, "lines": 250_000, "wall_s": 0.84, "cpu_s": 0.76,
         "peak_rss_mib": 440.4, "rss_growth_mib": 392.0},
    ]
    assert script.table(rows).splitlines() == [
        "| page | size | wall s | CPU s | CPU per unit | peak RSS MiB | RSS growth MiB |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| one-line | 2 MB | 0.5 | 0.3 | 0.15 s/MB | 72 | 33 |",
        "| short-lines | 250,000 lines (9.1 MB) | 0.8 | 0.8 | 3 µs/line | 440 | 392 |",
    ]


def test_quick_runs_the_two_smallest_sizes_of_each_series_and_only_one_series(monkeypatch, capsys):
    script = load_script("scaling")
    runs = []

    def run_child(kind, size):
        runs.append((kind, size))
        return {"kind": kind, "size": size, "mb": 1.0, "lines": 1, "wall_s": 0.1, "cpu_s": 0.1, "peak_rss_mib": 50.0, "rss_growth_mib": 10.0}

    monkeypatch.setattr(script, "run_child", run_child)
    assert script.main(["--quick"]) == 0
    assert runs == [("one-line", 1), ("one-line", 2), ("short-lines", 125_000), ("short-lines", 250_000)]
    out, err = capsys.readouterr()
    table = out.splitlines()
    assert len(table) == 2 + 4 and err.splitlines() == table[2:]  # each row said as it is measured
    runs.clear()
    assert script.main(["--only", "short-lines", "--json"]) == 0
    assert runs == [("short-lines", n) for n in (125_000, 250_000, 500_000, 1_000_000)]
    out, err = capsys.readouterr()
    assert [row["size"] for row in json.loads(out)] == [125_000, 250_000, 500_000, 1_000_000] and err == ""


def test_a_measurement_of_short_lines_is_of_a_page_of_that_many_lines():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--child", "short-lines", "20"], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["kind"] == "short-lines" and figures["size"] == figures["lines"] == 20
    assert figures["mb"] == len(load_script("scaling").short_lines_page(20).encode("utf-8")) / 1e6


def test_the_readme_gives_each_page_the_size_the_script_prints(monkeypatch, capsys):
    # An audit of the README's figures: its table's pages and sizes had no test (the rest of each
    # row is time and memory, the machine's). Each page is measured in this process, clean() stubbed.
    import boilerplate

    script = load_script("scaling")
    monkeypatch.setattr(boilerplate, "clean", lambda text: "")
    monkeypatch.setattr(script, "run_child", script.measure)
    assert script.main([]) == 0
    printed = [row.split(" | ")[:2] for row in capsys.readouterr().out.splitlines()[2:]]
    head = "| page | size | wall s | CPU s | CPU per unit | peak RSS MiB | RSS growth MiB |"
    text = (REPO / "README.md").read_text(encoding="utf-8")
    shown = [row.split(" | ")[:2] for row in text[text.index(head):].split("\n\n")[0].splitlines()[2:]]
    assert len(printed) == 8 and shown == printed, "README: the pages and sizes of python bench/scaling.py"
