"""bench/blank_lines.py: pages without their blank lines, and its figures on labels/ (the benchmark left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boilerplate.bench import FOLDERS, bench_dir, missing_folders
from boilerplate.labels import load_labels
from boilerplate.training import DEFAULT_LABELS, evaluate

from .conftest import REPO, load_script


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


def test_a_benchmark_without_a_folder_has_no_row_of_it_and_says_so(script, monkeypatch, tmp_path, capsys):
    # Found by the mutation review: the missing folder had a row of 0.000 / 0.000 (no line scored), unsaid.
    from .report_helpers import fake_bench

    bench = fake_bench(tmp_path / "bench", ("fundus", "readability"))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(bench))
    monkeypatch.setattr(script, "collections", lambda real=script.collections: {
        name: pages for name, pages in real().items() if name != "labels/, leave one site out"})  # no refitting
    assert list(script.collections()) == ["fundus", "readability"]
    assert script.main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"the benchmark {bench} has no scrapinghub/pages.tsv: its other folders only."
    assert [line.split(" | ")[0] for line in out[3:-2]] == ["| fundus", "| readability"]


def test_a_benchmark_page_is_cleaned_by_the_shipped_model(script, monkeypatch, tmp_path):
    from boilerplate.cleaner import decide_pages
    from boilerplate.metrics import body_scores

    from .report_helpers import fake_bench

    monkeypatch.setenv("BOILERPLATE_BENCH", str(fake_bench(tmp_path / "bench", ("fundus",))))
    monkeypatch.setattr(script, "fit", lambda pages: pytest.fail("the benchmark is cleaned by the shipped model"))
    (lines, labels, site), = script.collections()["fundus"]
    assert site is None and "" in lines
    lines = [" " + line + "\t" if line else line for line in lines]  # a line's white space at its ends does not count
    decided = []
    monkeypatch.setattr(script, "decide_pages", lambda pages, model: decided.append(pages) or decide_pages(pages, model))
    blankless = [line for line in lines if line.strip()]
    decision = decide_pages([blankless], None)[0]
    chars = [len(line.strip()) for line in blankless]
    expected = body_scores([labels[no] for no in sorted(labels)], decision.body, chars)
    scored = []
    monkeypatch.setattr(script, "body_scores", lambda *arrays: scored.append([a.tolist() for a in arrays]) or body_scores(*arrays))
    assert script.score([(lines, labels, site)], blank_lines=False) == expected
    assert scored[0][2] == chars
    script.score([(lines, labels, site)])
    assert decided == [[blankless], [lines]]  # as they are, the page keeps its blank lines


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_readme_shows_the_table_as_the_script_prints_it(script, capsys):
    # An audit of the README's figures found this table right, but no test ran the script on the benchmark.
    assert script.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[:lines.index("")]
    assert table[0] == "| pages | as is | without blank lines | without blank lines, read as they come |"
    assert len(table) == 2 + 1 + len(FOLDERS)  # labels/ and each folder of the benchmark
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "\n".join(table) in readme, "README: the table of bench/blank_lines.py"
    # and what it says the rule does on fundus: line F1 and character-weighted F1 in thousandths,
    # without blank lines read one block per line against read as they come
    (_, blankless, as_they_come), = [[[int(f.replace(".", "")) for f in cell.split(" / ")] for cell in row.strip("|").split("|")[1:]]
                                     for row in table if row.startswith("| fundus |")]
    cost, gain = as_they_come[0] - blankless[0], blankless[1] - as_they_come[1]
    assert cost > 0 and gain > 0
    said = f"On fundus the rule costs {cost / 1000:.3f} of line F1 and gains {gain / 1000:.3f} of character-weighted F1"
    assert said in " ".join(readme.split()), "README: what bench/blank_lines.py's table says of fundus"
