"""bench/versus_c4.py: runs, says which checkout it timed, and refuses what it cannot time."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .conftest import REPO
from .report_helpers import fake_bench

SCRIPT = REPO / "bench" / "versus_c4.py"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300, env=env)


def test_it_times_this_checkout_and_prints_the_ratio():
    out = run("--rounds", "1")
    assert out.returncode == 0, out.stderr
    match = re.fullmatch(
        r"(\d+) pages, boilerplate from (.+); best of 1 rounds: clean_many ([\d.]+) s, C4 line rule ([\d.]+) s, ratio ([\d.]+)\n",
        out.stdout,
    )
    assert match, out.stdout
    assert int(match[1]) >= 5 and match[2] == str(REPO)
    if float(match[4]) >= 0.01:  # without ../shared/bench the rule takes well under the 1 ms printed
        assert abs(float(match[3]) / float(match[4]) - float(match[5])) < 0.05 * float(match[5])


def test_it_refuses_a_folder_that_is_no_checkout_and_zero_rounds(tmp_path):
    out = run("--repo", str(tmp_path))
    assert out.returncode == 2 and "has no bench/throughput.py: give a checkout of this project" in out.stderr
    out = run("--rounds", "0")
    assert out.returncode == 2 and "--rounds must be at least 1" in out.stderr


def test_parts_times_the_first_steps_against_the_c4_rule():
    out = run("--rounds", "1", "--parts")
    assert out.returncode == 0, out.stderr
    first, parts = out.stdout.splitlines()
    c4_time = float(re.search(r"C4 line rule ([\d.]+) s", first)[1])
    match = re.fullmatch(
        r"first steps of clean_many alone: lines split, stripped and non-blank kept ([\d.]+) s \(([\d.]+)× the C4 rule\), "
        r"every character of the (\d+) non-blank lines classified ([\d.]+) s \(([\d.]+)×\)",
        parts,
    )
    assert match, parts
    assert int(match[3]) > 0
    if c4_time >= 0.01:  # without ../shared/bench the rule takes well under the 1 ms printed
        for seconds, ratio in ((match[1], match[2]), (match[4], match[5])):
            assert abs(float(seconds) / c4_time - float(ratio)) < 0.05 * float(ratio) + 0.01


def test_passes_times_clean_many_without_each_of_two_passes():
    out = run("--rounds", "1", "--passes")
    assert out.returncode == 0, out.stderr
    first, passes = out.stdout.splitlines()
    whole = float(re.search(r"clean_many ([\d.]+) s", first)[1])
    match = re.fullmatch(
        r"passes: clean_many without the cohesion pass ([\d.]+) s \(the pass (-?[\d.]+)% of clean_many's time\), "
        r"without the headline pass ([\d.]+) s \((-?[\d.]+)%\)",
        passes,
    )
    assert match, passes
    if whole >= 0.01:  # the figures are printed to the millisecond: the shares agree within what that rounds off
        for seconds, share in ((match[1], match[2]), (match[3], match[4])):
            assert abs((1 - float(seconds) / whole) * 100 - float(share)) < 100 * 0.001 / whole + 0.1


def test_parts_refuses_a_checkout_older_than_the_steps_it_times(tmp_path):
    # Found by review: --repo on a checkout from before features.non_blank and chars.encode
    # ended in an ImportError traceback. A stand-in checkout of that age:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "throughput.py").write_text(
        "import sys\nfrom pathlib import Path\nsys.path.insert(0, str(Path(__file__).resolve().parent.parent))\n"
        "def corpus():\n    return ['Home\\n\\nThe council approved the budget.']\n"
        "def c4(pages):\n    return pages\n"
    )
    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "__init__.py").write_text(
        "def clean_many(pages, model=None):\n    return pages\ndef load_model():\n    return None\n"
    )
    for name in ("features", "chars"):
        (tmp_path / "boilerplate" / f"{name}.py").write_text("")
    (tmp_path / "boilerplate" / "bench.py").write_text("def bench_dir():\n    return None\n")
    out = run("--repo", str(tmp_path), "--rounds", "1", "--parts")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert "--parts times features.non_blank and chars.encode, which" in out.stderr and str(tmp_path) in out.stderr
    out = run("--repo", str(tmp_path), "--rounds", "1")  # without --parts that checkout is timed
    assert out.returncode == 0 and f"boilerplate from {tmp_path}; best of 1 rounds" in out.stdout, out.stderr


def test_a_benchmark_without_some_of_its_folders_is_said_to_lack_them(tmp_path):
    # Found by review: a partial copy of the benchmark (fundus alone) was timed with no word.
    bench = fake_bench(tmp_path / "bench", ("fundus",))
    out = run("--rounds", "1", env={**os.environ, "BOILERPLATE_BENCH": str(bench)})
    assert out.returncode == 0, out.stderr
    pages = len(list((REPO / "labels" / "pages").glob("*.txt")))
    assert out.stdout.startswith(f"{pages + 1} pages, ")
    assert f"the benchmark {bench} has no scrapinghub/pages.tsv, no readability/pages.tsv: " in out.stderr
