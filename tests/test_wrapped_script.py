"""bench/wrapped.py: its wrapping and its figures on labels/ (the benchmark left out)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from boilerplate.bench import FOLDERS, bench_dir, missing_folders

from .conftest import REPO, load_script


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
    assert max(len(line.rstrip()) for line in lines) <= 40  # dumped at the width asked


@pytest.mark.parametrize("tool", ["w3m", "lynx"])
def test_a_dump_shows_markup_in_a_line_as_text(script, tool):
    _need(tool)
    lines, source = script.dump(["Fish &amp; chips <b>now</b> & <p>later"], 80, tool)
    assert " ".join(line.strip() for line, s in zip(lines, source) if s == 1) == "Fish &amp; chips <b>now</b> & <p>later"


@pytest.mark.parametrize("tool", ["w3m", "lynx"])
def test_a_dump_with_fewer_blocks_than_paragraphs_is_left_out(script, tool):
    # the last paragraph, a soft hyphen alone, shows as nothing: its letters (none) would match
    _need(tool)
    assert script.dump(["Menu", "\u00ad"], 80, tool) is None


def test_a_paragraph_s_letters_are_what_a_dump_keeps_of_it(script):
    assert script._letters("well\u00adknown \u200fﬁne") == script._letters("well-\nknown fine") == "wellknownfine"


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


def test_wrap_keeps_long_and_hyphenated_words_whole(script):
    assert script.wrap(["a well-known extraordinarily long word"], 6) == (
        ["a", "well-known", "extraordinarily", "long", "word"], [1] * 5)


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


@pytest.fixture
def two_pages(script, monkeypatch):
    """Two pages of labels/, the benchmark left out."""
    monkeypatch.setenv("BOILERPLATE_BENCH", str(Path("/nonexistent")))
    return script.collections()["labels/ (training pages)"][:2]


def test_each_piece_is_scored_with_its_lines_label_and_its_own_length(script, monkeypatch, two_pages):
    seen = []
    real = script.body_scores
    monkeypatch.setattr(script, "body_scores", lambda *arrays: seen.append([a.tolist() for a in arrays]) or real(*arrays))
    (lines, labels), _ = two_pages
    rendered = [script.wrap(lines, 72), None]  # the second page's dump could not be mapped
    _, same, left_out = script.score(two_pages, 72, rendered=rendered)
    assert left_out == 1 and same == 1.0
    pieces = [(piece, no) for piece, no in zip(*rendered[0]) if piece]
    assert len(pieces) > len(labels)
    truth, _, chars = seen[0]
    assert truth == [labels[no] for _, no in pieces]
    assert chars == [len(piece) for piece, _ in pieces]
    # as is, a line's white space at its ends does not count
    indented = [("  " + line + " " if line else line) for line in lines]
    seen.clear()
    script.score([(indented, labels)], None)
    assert seen[0][2] == [len(line.strip()) for line in lines if line.strip()]


def test_the_table_has_each_widths_joined_then_not_joined_column_and_says_what_it_left_out(script, monkeypatch, capsys, two_pages):
    monkeypatch.setattr(script, "collections", lambda: {"two": two_pages})
    real = script.render
    monkeypatch.setattr(script, "render", lambda pages, width, tool="textwrap": [
        None if width == 30 and i == 1 else shown for i, shown in enumerate(real(pages, width, tool))])
    assert script.main(["--widths", "40", "30"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == ["| pages | as is | joined at 40 | not joined at 40 | joined at 30 | not joined at 30 |",
                        "| --- | --- | --- | --- | --- | --- |"]
    cells, same = [script.score(two_pages, None)[0]], []
    for width in (40, 30):
        rendered = script.render(two_pages, width)
        joined, agree, _ = script.score(two_pages, width, rendered=rendered)
        cells += [joined, script.score(two_pages, width, join=False, rendered=rendered)[0]]
        same.append(agree)
    assert out[4] == "| two | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in cells) + " |"
    assert out[-2] == f"Lines decided as on the page unwrapped (joined): two at 40: {same[0]:.3f}; two at 30: {same[1]:.3f}."
    assert out[-1] == "Pages left out (the dump did not show one block per paragraph): two at 30: 1 of 2."


def test_pieces_judged_alone_are_not_all_decided_as_their_line(script, monkeypatch):
    monkeypatch.setenv("BOILERPLATE_BENCH", str(Path("/nonexistent")))
    assert script.score(script.collections()["labels/ (training pages)"], 72, join=False)[1] < 0.9


def test_a_tool_that_is_not_installed_is_refused(script, monkeypatch, capsys):
    monkeypatch.setattr(script.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as exit_:
        script.main(["--tool", "lynx"])
    assert exit_.value.code == 2 and "lynx is not installed (Debian: apt-get install lynx)." in capsys.readouterr().err


def _printed(script, capsys, tool: str) -> tuple[list[str], dict[tuple[str, int], str]]:
    """``bench/wrapped.py --tool <tool>`` at its default widths, on the benchmark: its table's
    lines, and each collection's share of lines decided as unwrapped by (name, width)."""
    assert script.main(["--tool", tool]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Wrapped by {tool}."
    table = lines[1:lines.index("")]
    assert len(table) == 2 + 1 + len(FOLDERS)  # labels/ and each folder of the benchmark
    (shares,) = [line for line in lines if line.startswith("Lines decided as on the page unwrapped (joined): ")]
    found = re.findall(r"(?:: |; )([^:;]+) at (\d+): (\d\.\d{3})", shares)
    assert len(found) == 2 * len(table[2:])  # at 72 and 80
    return table, {(name, int(width)): share for name, width, share in found}


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_readme_shows_the_textwrap_table_and_shares_as_the_script_prints_them(script, capsys):
    # An audit of the README's figures found them right, but no test ran the script on the benchmark.
    table, shares = _printed(script, capsys, "textwrap")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "\n".join(table) in readme, "README: the table of python bench/wrapped.py"
    labels = "labels/ (training pages)"
    assert shares[labels, 72] == shares[labels, 80]  # the README gives labels/ one figure, "at both widths"
    said = (f"with `textwrap`, {shares[labels, 72]} on `labels/` at both widths, "
            + ", ".join(f"{shares[name, 72]} and {shares[name, 80]} on {name}" for name in FOLDERS) + " at 72 and 80.")
    assert said in " ".join(readme.split()), "README: the shares of python bench/wrapped.py"


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
@pytest.mark.parametrize("tool", ["w3m", "lynx"])
def test_the_readme_shows_the_real_programs_figures_as_the_script_prints_them(script, capsys, tool):
    # The README's table of the real programs gathers two runs: each tool's character-weighted
    # F1 joined / not joined at 80 columns and its share of lines decided as unwrapped at 80,
    # then each tool's shares at 72 in a sentence.
    _need(tool)
    table, shares = _printed(script, capsys, tool)
    printed = {}
    for row in table[2:]:
        name, *cells = [c.strip() for c in row.strip("|").split("|")]
        joined, split = cells[3], cells[4]  # as is, joined at 72, not joined at 72, joined at 80, not joined at 80
        printed[name] = [f"{joined.split(' / ')[1]} / {split.split(' / ')[1]}", shares[name, 80]]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "| pages | w3m: char F1 | w3m: as unwrapped | lynx: char F1 | lynx: as unwrapped |"
    rows = readme[readme.index(head):].split("\n\n")[0].splitlines()[2:]
    at = 1 + 2 * ["w3m", "lynx"].index(tool)
    shown = {cells[0]: cells[at:at + 2] for cells in ([c.strip() for c in row.strip("|").split("|")] for row in rows)}
    assert shown == printed, f"README: {tool}'s columns of the real programs' table"
    at_72 = f"{tool} " + ", ".join(shares[name, 72] for name in printed)
    assert at_72 in " ".join(readme.split()), f"README: {tool}'s shares at 72 columns"
