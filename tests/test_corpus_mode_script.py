"""bench/corpus_mode.py: corpus mode's figures on a benchmark folder of a few hand-made pages."""

from __future__ import annotations

import re

import numpy as np
import pytest

from boilerplate.bench import bench_dir, missing_folders
from boilerplate.cleaner import decide_pages
from boilerplate.corpus import MIN_PAGES, MIN_SHARE, repeated_lines
from boilerplate.labels import escape
from boilerplate.metrics import body_scores

from .conftest import REPO, load_script
from .report_helpers import fake_bench

PROMO = "Read more of our reporting on the council and the city by signing up to our newsletter today."
NOTE = "Our reporters spent the whole week at the town hall, and they will write about what they saw there."

_STORIES = [
    ("Council approves the new budget",
     "The council approved the new budget on Tuesday after a long debate, and the members voted nine to four for it."),
    ("Storm closes the coast road",
     "A storm closed the coast road on Monday night, and the police asked drivers to stay at home until the wind drops."),
    ("School opens a new library",
     "The school opened a new library on Friday, and the pupils can borrow books there from next week on."),
    ("Market prices fall again",
     "Prices at the market fell for the third week running, and the traders expect them to stay low until spring."),
    ("Bridge repairs begin early",
     "Repairs to the old bridge began a month early, and the works should end before the summer holidays start."),
]


@pytest.fixture(scope="module")
def script():
    return load_script("corpus_mode")


def _fundus(root, pages):
    """A benchmark of a fundus folder holding ``pages``: (page_id, [(label, text), ...]), a blank line between lines."""
    folder = root / "fundus"
    folder.mkdir(parents=True)
    listing = "page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource\n"
    for page_id, rows in pages:
        listing += f"{page_id}\ten\t{len(rows)}\t0\t0\t1.0\ttest\n"
        lines = "".join(f"{2 * i + 1}\t{label}\t{escape(text)}\n" for i, (label, text) in enumerate(rows))
        (folder / f"{page_id}.tsv").write_text("line_no\tlabel\ttext\n" + lines, encoding="utf-8")
    (folder / "pages.tsv").write_text(listing, encoding="utf-8")
    return root


def test_each_row_cleans_the_fundus_pages_grouped_by_publisher_with_its_min_pages(script, monkeypatch, tmp_path, capsys):
    # Three pages of one publisher share a promotion (MIN_PAGES is 3), two of another a note; both chrome in the gold.
    pages = []
    for n, (title, text) in enumerate(_STORIES):
        shared = ("chrome", PROMO) if n < 3 else ("chrome", NOTE)
        pages.append((f"en-{'Daily' if n < 3 else 'Weekly'}_2024_04_0{n + 1}",
                      [("chrome", "Home"), ("body", title), ("body", text), shared, ("chrome", "Most read")]))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(_fundus(tmp_path, pages)))
    assert script.main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fundus: 5 pages, 2 publishers; publishers by page count: 2 page(s): 1, 3 page(s): 1"
    assert out[1:3] == ["| corpus mode | min_pages | P | R | F1 | char F1 |", "| --- | --- | --- | --- | --- | --- |"]
    expected = _rows(pages, ["en-Daily"] * 3 + ["en-Weekly"] * 2)
    assert out[3:] == expected
    assert len(set(expected)) == 3  # each setting drops what the others keep: the rows are told apart


def _rows(pages, groups, min_share=MIN_SHARE):
    """The rows the script should print for ``pages`` of ``groups``, each computed on its own."""
    lines = [[line for _, text in rows for line in (text, "")][:-1] for _, rows in pages]
    truth = np.array([label == "body" for _, rows in pages for label, _ in rows])
    chars = np.array([len(text) for _, rows in pages for _, text in rows])
    expected = []
    for name, min_pages in (("off", None), ("on", 2), ("on", MIN_PAGES)):
        repeated = None if min_pages is None else repeated_lines(lines, groups, min_pages, min_share)
        kept = np.concatenate([d.body for d in decide_pages(lines, None, repeated=repeated)])
        s = body_scores(truth, kept, chars)
        shown = {None: "–", 2: "2", MIN_PAGES: f"{MIN_PAGES} (default)"}[min_pages]
        expected.append(f"| {name} | {shown} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['char_f1']:.3f} |")
    return expected


def test_a_line_on_fewer_than_min_share_of_a_publishers_pages_is_not_repeated(script, monkeypatch, tmp_path, capsys):
    # Corpus mode's share as the library ships it (MIN_SHARE): five pages of one publisher, the promotion on
    # three of them (over half) and the note on two (under half): with min_pages 2 the note is kept, the promotion not.
    pages = [(f"en-Daily_2024_04_0{n + 1}", [("chrome", "Home"), ("body", title), ("body", text)]
              + [("chrome", PROMO)] * (n < 3) + [("chrome", NOTE)] * (n >= 3)) for n, (title, text) in enumerate(_STORIES)]
    monkeypatch.setenv("BOILERPLATE_BENCH", str(_fundus(tmp_path, pages)))
    assert script.main([]) == 0
    expected = _rows(pages, ["en-Daily"] * 5)
    assert capsys.readouterr().out.splitlines()[3:] == expected
    # The rows tell the share from none and from all of the pages (the note dropped, the promotion kept).
    assert expected != _rows(pages, ["en-Daily"] * 5, 0) and expected != _rows(pages, ["en-Daily"] * 5, 1)


def test_a_benchmark_without_fundus_has_nothing_to_measure(script, monkeypatch, tmp_path, capsys):
    # Found by the mutation review: it ended in a ValueError traceback (no page to concatenate).
    bench = fake_bench(tmp_path / "bench", ("readability",))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(bench))
    assert script.main([]) == 0
    assert capsys.readouterr().out == f"the benchmark {bench} has no fundus/pages.tsv; nothing to measure.\n"


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_readme_gives_the_publishers_and_line_f1_the_script_prints(script, capsys):
    # An audit of the README's figures: no test ran the script on the benchmark.
    assert script.main([]) == 0
    first, *rows = capsys.readouterr().out.splitlines()
    (publishers, counts), = re.findall(r"fundus: \d+ pages, (\d+) publishers; publishers by page count: (.+)", first)
    three_or_more = sum(int(k) for n, k in re.findall(r"(\d+) page\(s\): (\d+)", counts) if int(n) >= 3)
    f1 = {row.split(" | ")[1]: row.split(" | ")[4] for row in rows[2:]}
    default, two = f1[f"{MIN_PAGES} (default)"], f1["2"]
    said = (f"the benchmark's fundus folder grouped by publisher — where only {three_or_more} of {publishers} publishers "
            f"have three pages or more — it leaves line F1 at {default} ({two} with `min_pages=2`)")
    assert said in " ".join((REPO / "README.md").read_text(encoding="utf-8").split()), "README: the figures of python bench/corpus_mode.py"
