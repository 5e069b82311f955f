"""The choosers (bench/choose_code.py, choose_near.py, choose_headline.py, choose_cohesion.py, choose_below.py, choose_credit.py) checked alike: the tables they print, and how they set and restore the numbers they score."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO


def check_table(name: str, cells: list[str], rows: int, shipped: str, timeout: int = 900, off_first: bool = True) -> None:
    """Run ``bench/<name>.py`` on the benchmark and check the table it prints.

    One row per setting, the first with the pass off (unless ``off_first`` is false:
    a grid with no such row); each setting's cells match
    ``cells`` (one pattern per cell) or read ``off``; exactly one row is marked, and it
    has the best development mean among the rows whose leave-one-site-out scores meet
    issue 6's aims; the last line names that row's setting and ``shipped``.
    """
    out = subprocess.run([sys.executable, str(REPO / "bench" / f"{name}.py")], capture_output=True, text=True,
                         timeout=timeout)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    k = len(cells)
    pattern = (r"\| " + r" \| ".join(f"(off|{cell})" for cell in cells)
               + r"( ← rule)? \| (.+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) / ([\d.]+) \|")
    found = [re.fullmatch(pattern, line) for line in lines[2:-1]]
    assert all(found) and len(found) == rows
    if off_first:
        assert [found[0][i] for i in range(1, k + 1)] == ["off"] * k
    else:
        assert not any(r[i] == "off" for r in found for i in range(1, k + 1))
    meeting = [r for r in found if float(r[k + 5]) >= 0.95 and float(r[k + 6]) >= 0.98]
    marked = [r for r in found if r[k + 1]]
    assert len(marked) == 1 and float(marked[0][k + 3]) == max(float(r[k + 3]) for r in meeting)
    picked = " | ".join(marked[0][i] for i in range(1, k + 1))
    assert lines[-1] == f"the rule picks {picked}; shipped: {shipped}"


def check_without_bench(name: str, tmp_path: Path) -> None:
    """``bench/<name>.py`` with a benchmark folder that holds none: exit code 2 and one line saying so."""
    out = subprocess.run([sys.executable, str(REPO / "bench" / f"{name}.py")], capture_output=True, text=True,
                         timeout=120, env={"BOILERPLATE_BENCH": str(tmp_path), "PATH": ""})
    assert out.returncode == 2
    assert out.stderr == f"BOILERPLATE_BENCH={tmp_path} names no benchmark (no fundus/pages.tsv in it): nothing to choose on\n"


def check_scoring_restores(monkeypatch, script, read: Callable[[], tuple], settings: tuple) -> None:
    """``script.scores(*settings, model, pages)`` scores with ``settings`` in place, as ``read()``
    gives them while the benchmark is predicted, and leaves the shipped ones in place after."""
    seen = []

    def predict(model):
        seen.append(read())
        raise RuntimeError("stop")

    monkeypatch.setitem(script.run_grid.__globals__, "predict_bench", predict)  # choose_code's, whose scored() scores
    shipped = read()
    with pytest.raises(RuntimeError):
        script.scores(*settings, None, [])
    assert seen == [tuple(settings)]
    assert read() == shipped
