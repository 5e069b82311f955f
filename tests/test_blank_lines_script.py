"""bench/blank_lines.py: pages without their blank lines, and its figures on labels/ (the benchmark left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boilerplate.labels import load_labels
from boilerplate.training import DEFAULT_LABELS, evaluate

from .conftest import load_script


@pytest.fixture(scope="module")
def script():
    return load_script("blank_lines")


def test_without_blank_lines_says_where_each_line_came_from(script):
    assert script.without_blank_lines(["Menu", "", " \t", "A paragraph.", ""]) == (["Menu", "A paragraph."], [1, 4])


def test_reading_a_blankless_page_one_block_per_line_keeps_it_decided_as_itself(script, monkeypatch, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(Path("/nonexistent")))
    pages = script.collections()
    assert list(pages) == ["labels/, leave one site out"]
    labelled = pages["labels/, leave one site out"]
    as_is = script.score(labelled)
    pooled = evaluate(load_labels(DEFAULT_LABELS))["loso"]["pooled"]
    assert (as_is["f1"], as_is["char_f1"]) == pytest.approx((pooled["f1"], pooled["char_f1"]))
    blankless = script.score(labelled, blank_lines=False)
    as_they_come = script.score(labelled, blank_lines=False, one_per_line=False)
    assert blankless["f1"] == pytest.approx(as_is["f1"])
    assert as_they_come["f1"] < blankless["f1"]  # a body line lost when every line reads as a menu item
    assert script.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BOILERPLATE_BENCH=/nonexistent names no benchmark (no fundus/pages.tsv in it): labels/ only.\n")
    row = next(line for line in out.splitlines() if line.startswith("| labels/, leave one site out | "))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells == [f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in (as_is, blankless, as_they_come)]
