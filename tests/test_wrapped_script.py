"""bench/wrapped.py: its wrapping and its figures on labels/ (the benchmark left out)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import load_script


@pytest.fixture(scope="module")
def script():
    return load_script("wrapped")


def test_wrap_keeps_blank_lines_and_says_where_each_piece_came_from(script):
    lines, source = script.wrap(["one two three four", "", "five"], 9)
    assert lines == ["one two", "three", "four", "", "five"]
    assert source == [1, 1, 1, 2, 3]


def test_joining_is_what_keeps_a_wrapped_page_decided_as_itself(script, monkeypatch, capsys):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(Path("/nonexistent")))
    pages = script.collections()
    assert list(pages) == ["labels/ (training pages)"]
    as_is, same, left_out = script.score(pages["labels/ (training pages)"], None)
    assert left_out == 0
    assert same == 1.0
    joined, same, _ = script.score(pages["labels/ (training pages)"], 72)
    split, _, _ = script.score(pages["labels/ (training pages)"], 72, join=False)
    assert same == 1.0  # every piece decided as its line on the page itself
    # so character-weighted F1 moves only by the spaces the breaks took out (one per break)
    assert joined["char_f1"] == pytest.approx(as_is["char_f1"], abs=1e-3)
    assert split["char_f1"] < as_is["char_f1"] - 0.3
    assert script.main(["--widths", "72"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BOILERPLATE_BENCH=/nonexistent names no benchmark (no fundus/pages.tsv in it): labels/ only.\nWrapped by textwrap.")
    row = next(line for line in out.splitlines() if line.startswith("| labels/ (training pages) | "))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells == [f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in (as_is, joined, split)]


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            raise RuntimeError(f"{tool} is missing in CI; .ci/run installs it with apt-get install {tool}.")
        pytest.skip(f"{tool} is not installed (apt-get install {tool}); .ci/run installs it")


@pytest.mark.parametrize("tool", ["w3m", "lynx"])
def test_a_real_dump_maps_each_line_to_its_paragraph(script, tool):
    _need(tool)
    words = "The council approved the new budget on Tuesday after a long debate that ran late".split()
    page = ["Menu", "", " ".join(words * 3) + ".", "", "Most read"]
    lines, source = script.dump(page, 40, tool)
    shown = {no: " ".join(line.strip() for line, s in zip(lines, source) if s == no) for no in (1, 3, 5)}
    assert shown == {1: "Menu", 3: page[2], 5: "Most read"}
    assert source.count(3) > 3 and set(source) == {0, 1, 3, 5}


@pytest.mark.parametrize("tool, breaks", [("w3m", "\u2028\u2028"), ("lynx", "\x85\x85")])
def test_a_dump_that_shifts_paragraphs_is_left_out(script, tool, breaks):
    # One paragraph shows as nothing, another as two blocks: the count of blocks
    # matches, but each block would get its neighbour's label.
    _need(tool)
    assert script.dump(["\u00ad", "Menu", f"Body text{breaks}continues"], 80, tool) is None
    assert script.dump(["Menu", "Body text continues"], 80, tool) is not None


@pytest.mark.parametrize("widths", [["0"], ["72", "-5"]])
def test_a_width_below_1_is_refused(script, capsys, widths):
    with pytest.raises(SystemExit) as exit_:
        script.main(["--widths", *widths])
    assert exit_.value.code == 2 and "every --widths value must be at least 1" in capsys.readouterr().err


def test_a_benchmark_without_a_folder_has_no_row_of_it_and_says_so(script, monkeypatch, tmp_path, capsys):
    # Found by the mutation review: the missing folder had a row of 0.000 / 0.000 (no line scored), unsaid.
    from .report_helpers import fake_bench

    bench = fake_bench(tmp_path / "bench", ("fundus", "readability"))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(bench))
    assert list(script.collections()) == ["labels/ (training pages)", "fundus", "readability"]
    assert script.main(["--widths", "72"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"the benchmark {bench} has no scrapinghub/pages.tsv: its other folders only."
    assert [line.split(" | ")[0] for line in out if line.startswith("| ") and " / " in line] == [
        "| labels/ (training pages)", "| fundus", "| readability"]
