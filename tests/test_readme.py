"""The README's Python examples run as written, on a labelled page standing in for the
names they leave to the reader (``text``, ``pages``, ``hosts``, ``frame``), and do what
their comments say."""

from __future__ import annotations

import json
import re
import unicodedata

import pandas as pd
import pytest

from boilerplate import clean, clean_many, explain
from boilerplate.bench import bench_dir, missing_folders

from .conftest import LABELS, REPO, between, load_script, readme_section

README = (REPO / "README.md").read_text(encoding="utf-8")
PAGE = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return [block.removeprefix("python\n") for block in README.split("```")[1::2] if block.startswith("python\n")]


def test_the_readme_has_the_python_examples_these_tests_run():
    blocks = python_blocks()
    assert len(blocks) == 5, "a Python example was added to or taken from the README: run it here too"
    assert "explain(text)" in blocks[0] and "clean_series(" in blocks[1]
    assert "group_by=hosts" in blocks[2] and "clean_dataframe(" in blocks[3]
    assert 'group_by="host"' in blocks[4]


def test_the_python_api_example(capsys):
    names = {"text": PAGE}
    exec(python_blocks()[0], names)
    assert names["article"] == clean(PAGE) != ""
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(explain(PAGE)) == len(PAGE.splitlines())
    assert printed[0].startswith("1 ")  # line_no counts from 1


def test_the_python_api_says_how_the_body_lines_of_explain_make_what_clean_returns():
    # Found running the README's claim: "the lines labelled body are exactly what clean
    # returns", but clean puts a blank line in each gap and takes trailing white space off,
    # so "\n".join of the body rows' text is not clean's output (on every labelled page).
    api = " ".join(between(README, "## Python API", "## Command line").split())
    assert "The lines labelled `body` are exactly the lines `clean` returns, each less its trailing white space " \
           "and with one blank line for each gap between them" in api
    for path in sorted((LABELS / "pages").glob("*.txt")):
        page = path.read_text(encoding="utf-8")
        body = [row for row in explain(page) if row.label == "body"]
        assert "\n".join(row.text for row in body) != clean(page)  # what the README said
        out = []
        for before, row in zip([None, *body], body):
            if before is not None and row.line_no != before.line_no + 1:
                out.append("")
            out.append(row.text.rstrip())
        assert "\n".join(out) == clean(page)


def test_the_many_pages_and_corpus_mode_examples():
    pages = [PAGE, "", PAGE]
    hosts = ["a.example", None, "a.example"]
    frame = pd.DataFrame({"text": pages, "host": hosts}, index=[5, 6, 7])
    names = {"pages": pages, "frame": frame, "hosts": hosts}
    many, corpus = python_blocks()[1:3]
    exec(many, names)
    assert names["articles"] == [clean(p) for p in pages]
    assert names["frame"]["article"].tolist() == names["articles"]
    exec(corpus, names)
    grouped = clean_many(pages, group_by=hosts)
    assert names["articles"] == grouped
    assert names["frame"]["article"].tolist() == grouped and names["frame"].index.tolist() == [5, 6, 7]


# Dask's own to_parquet calls DataFrame.set_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index is deprecated")
def test_the_dask_example_on_a_local_folder(tmp_path, monkeypatch):
    pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
    distributed = pytest.importorskip("distributed")
    # The cluster's scheduler and the bucket stand in for the threads of this process and a folder.
    monkeypatch.setattr(distributed, "Client", lambda address: None)
    pages = [PAGE, "", PAGE[: len(PAGE) // 2]]
    (tmp_path / "crawl").mkdir()
    pd.DataFrame({"text": pages, "id": [1, 2, 3]}).to_parquet(tmp_path / "crawl" / "part.0.parquet")
    code = python_blocks()[3]
    for bucket in ("s3://bucket/crawl/", "s3://bucket/cleaned/"):
        assert bucket in code
        code = code.replace(bucket, f"{tmp_path}/{bucket.removeprefix('s3://bucket/')}")
    exec(code, {})
    out = pd.read_parquet(tmp_path / "cleaned")
    assert out.columns.tolist() == ["text", "id", "article"]
    assert out["text"].tolist() == pages and out["id"].tolist() == [1, 2, 3]
    assert out["article"].tolist() == clean_many(pages)


def test_the_dask_corpus_mode_example():
    dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
    from boilerplate.corpus import host_of

    # Four pages of one site, each ending in the site's prompt, and one page of no site.
    prompt = "আমাদের সর্বশেষ খবর পেতে পাতাটি অনুসরণ করুন।"
    pages = [f"{PAGE}\n\nপাতা {n}: আজকের খবর এখানে আছে।\n\n{prompt}" for n in "১২৩৪"] + [PAGE]
    urls = [f"https://www.a.example/{n}" for n in range(4)] + ["no url"]
    frame = dd.from_pandas(pd.DataFrame({"text": pages, "url": urls}), npartitions=5)
    names = {"frame": frame}
    exec(python_blocks()[4], names)
    out = names["frame"].compute(scheduler="sync").sort_index()
    expected = clean_many(pages, group_by=[host_of(url) for url in urls])
    assert out["article"].tolist() == expected and expected != clean_many(pages)
    assert out["host"].tolist() == ["a.example"] * 4 + [None]


def test_the_settings_and_sizes_the_readme_quotes_are_the_codes():
    # The README gives these as plain figures (a few name their constant); changing one in
    # the code left its sentence stale, and no test compared them.
    from boilerplate import Config, cleaner, corpus, readers, runner, stopping, workers, writers

    text = " ".join(README.split())
    assert f"`{Config()!r}`" in text
    assert f"`max_join_gap` and `cleaner.MAX_JOIN_GAP_BELOW`, {cleaner.MAX_JOIN_GAP_BELOW})" in text
    assert f"a batch of pages (up to {cleaner.BATCH_PAGES} pages or {cleaner.BATCH_LINES:,} non-blank lines)" in text
    assert f"Pages go to them in chunks of {readers.CHUNK_PAGES} (fewer when they are long: a chunk closes at " \
           f"{readers.CHUNK_CHARS // 1_000_000} million characters, `readers.CHUNK_CHARS`)" in text
    assert readers.CHUNK_CHARS % 1_000_000 == 0
    assert f"written in row groups of up to {writers.ROW_GROUP_ROWS:,} rows" in text
    assert f"the first {runner.REPORTED_PER_REASON} are listed" in text
    assert f"the run then stops {workers.DEAD_WORKER_GRACE:g} seconds later (`workers.DEAD_WORKER_GRACE`)" in text
    assert "a wait is cut into tenths of a second" in text and stopping.RESULT_POLL == 0.1
    assert "at most two chunks per worker are in flight" in text and workers.CHUNKS_PER_JOB == 2
    assert f"A line that repeats on at least {corpus.MIN_PAGES} distinct pages of a group, and on at least half " \
           "of them" in text and corpus.MIN_SHARE == 0.5
    # Throughput's: the pipes, the read buffer, the model's small batch, the chunks the
    # characters are read in, and the features per line.
    from boilerplate import chars, features, headline, model

    assert workers.PIPE_BYTES == readers.READ_BUFFER == 2**20
    assert "Widening the pipes to 1 MiB (`workers.PIPE_BYTES`) and reading JSON Lines with a 1 MiB buffer (`readers.READ_BUFFER`)" in text
    assert f"up to {model.SMALL_BATCH} lines the model's sum is one running sum along each row (`model.SMALL_BATCH`)" in text
    assert headline.WORD_CHUNK_CHARS == chars.ENCODE_CHUNK_CHARS == 128 * 1024
    assert "read the characters 128K at a time (`headline.WORD_CHUNK_CHARS`, `chars.ENCODE_CHUNK_CHARS`)" in text
    own = [name for name in features.FEATURE_NAMES if ":" not in name]
    assert f"computes {len(features.FEATURE_NAMES)} features per line ({len(own)} of its own, " \
           f"{len(features.FEATURE_NAMES) - len(own)} of its neighbours')" in text


def test_the_cleaners_passes_the_readme_counts_and_lists_are_the_codes():
    # Found auditing the README: it said "Eleven named passes" over its list of twelve, the
    # cleaner's (the reprints pass had been added since).
    from boilerplate import cleaner

    passes = re.findall(r"^\d+\. \*\*(\w+)\*\*", cleaner.__doc__, flags=re.M)
    item = between(readme_section("## How it works"), "3. **Cleaner.**", "\n4. **")
    assert re.findall(r"^   - \*(\w+)\*:", item, flags=re.M) == passes
    numbers = ["Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen"]
    assert item.startswith(f" {numbers[len(passes) - 10]} named passes")


def test_the_probability_the_code_section_gives_the_paragraph_after_a_loop_and_its_filler():
    # Found auditing the README: it said p = 0.43, a retrained model's explain gives 0.44
    # (the page of the strict xfail in tests/test_fillers.py).
    from boilerplate.cleaner import THRESHOLD

    from .test_fillers import FILLER, LOOP, _edged

    (quoted,) = re.findall(r"leaves the next paragraph at p = (\d\.\d\d)\)", " ".join(README.split()))
    page = _edged()
    start = next(i for i in range(len(page)) if page[i : i + len(LOOP)] == LOOP)
    after = next(i for i in range(start + len(LOOP), len(page)) if page[i].strip() and page[i] != FILLER)
    (decision,) = (d for d in explain("\n".join(page)) if d.line_no == after + 1)
    assert decision.text == page[after] and len(page[after].split()) >= 10  # a paragraph
    assert f"{decision.p_body:.2f}" == quoted and decision.p_body < THRESHOLD


def shell_commands() -> list[str]:
    """Every command the README shows: the lines of its ``sh`` blocks (less their comments) and
    the code spans of its prose that run ``boilerplate``, ``train.py`` or a ``bench/`` script."""
    commands = []
    for block in README.split("```")[1::2]:
        if block.startswith("sh\n"):
            commands += [line.split("  #")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    prose = re.sub(r"``.*?``", "", "".join(README.split("```")[0::2]), flags=re.S)  # `` ` `` is no command
    for span in re.findall(r"`([^`]+)`", prose):
        span = " ".join(span.split())
        if re.search(r"(^|[|] )(python |\S*boilerplate (clean|label|evaluate)\b)", span.replace("\\|", "|")):
            commands.append(span)
    return commands


def _options_of(command: str) -> set[str] | None:
    """The options the program of one command (a piece of a pipeline) takes; ``None`` for a
    program that is not this project's (zcat, cat, pytest)."""
    import argparse

    from boilerplate import cli, report

    words = command.split()
    while words and "=" in words[0]:  # VARIABLE=value before the program
        words.pop(0)
    words = [w.removeprefix(".venv/bin/") for w in words]
    if words[:3] == ["python", "-m", "boilerplate"]:
        words = ["boilerplate", *words[3:]]
    if words[:1] == ["boilerplate"] and len(words) > 1:
        if words[1] == "evaluate":
            parser = argparse.ArgumentParser()
            report.add_arguments(parser)
        else:
            parser = cli._command_parser(cli.build_parser(), words[1])
        return {option for action in parser._actions for option in action.option_strings}
    if words[:1] == ["python"] and len(words) > 1 and words[1].endswith(".py"):
        source = (REPO / ("boilerplate/training.py" if words[1] == "train.py" else words[1])).read_text(encoding="utf-8")
        return set(re.findall(r'add_argument\(\s*(?:"-\w", )?"(--[a-z0-9-]+)"', source)) | {"--help"}
    return None


def test_the_options_and_files_of_the_readmes_shell_commands_exist():
    # The README's shell commands are not run here (they take minutes, or a cluster); an option
    # renamed or a page renamed in the code would leave a command that fails as written.
    commands = shell_commands()
    assert any(c.startswith("python3 -m venv .venv") for c in commands) and any("bench/group_by.py" in c for c in commands)
    checked = 0
    for command in commands:
        for piece in re.split(r" \\?\| | && ", command):
            options = _options_of(piece)
            if options is None:
                continue
            checked += 1
            for option in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", piece):
                assert option in options, f"README: {command!r}: {option} is not an option of it"
            for path in re.findall(r"(?<![\w/.-])((?:labels|bench|models|reports)/[\w./-]*|train\.py)", piece):
                assert (REPO / path).exists(), f"README: {command!r}: {path} is not in the repository"
    assert checked >= 40, checked


def test_the_probabilities_the_bad_input_table_gives_for_a_page_of_one_line():
    # Found trying the table: it said p = 0.19 and 0.27, the figures of a model retrained since
    # (explain gave 0.21 and 0.30); each figure is the line's p_body to two decimals.
    row = next(line for line in README.splitlines() if line.startswith("| a page of one line |"))
    quoted = re.findall(r"(\d\.\d\d)(?: for)? `([^`]+)`", row)
    assert len(quoted) == 2, row
    for figure, line in quoted:
        line = line.replace("\\|", "|")  # a pipe escaped in the table
        (decision,) = explain(line)
        assert f"{decision.p_body:.2f}" == figure, (line, decision.p_body)
        assert clean(line) == "" and decision.label == "chrome"  # a short sentence is dropped, as the row says


def test_the_layout_table_names_every_module_and_bench_script():
    # Found reading the README: its Layout table named every module of the package but
    # headline.py (the headline pass), which the README cites elsewhere.
    rows = {line.split("|")[1].strip(): line for line in README.split("## Layout", 1)[1].splitlines() if line.startswith("| `")}
    for folder, row in (("boilerplate", rows["`boilerplate/`"]), ("bench", rows["`bench/`"])):
        for path in sorted((REPO / folder).glob("*.py")):
            if not path.name.startswith("__"):
                assert f"`{path.name}`" in row, f"README's Layout: {folder}/{path.name} is not in its row"


def _anchors(path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file, outside its code blocks:
    lower case, spaces as hyphens, anything but letters, digits, marks, ``-`` and ``_`` dropped,
    a link's target left out; an ATX heading's closing ``#``s are no part of it, a setext
    heading (a line over ``===`` or ``---``) is one too, and a repeated anchor gets ``-1``, ``-2``, …"""
    text = "".join(path.read_text(encoding="utf-8").split("```")[::2])
    headings = re.findall(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", text, flags=re.M)
    anchors: set[str] = set()
    for atx, setext in headings:
        heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", atx or setext)
        anchor = "".join(c for c in heading.strip().lower() if c in "-_ " or unicodedata.category(c)[0] in "LMN").replace(" ", "-")
        name, repeat = anchor, 0
        while name in anchors:
            repeat += 1
            name = f"{anchor}-{repeat}"
        anchors.add(name)
    return anchors


def test_the_anchors_of_headings_are_those_github_gives(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "# Quick start\n\n## Bad input: what you get ##\n\nText\n```\n## not a heading\n```\n"
        "Setext one\n==========\n\nSetext two\n---\n\n## Notes\n\n### Notes\n\n## [Linked](http://x.org) বাংলা\n",
        encoding="utf-8",
    )
    assert _anchors(doc) == {"quick-start", "bad-input-what-you-get", "setext-one", "setext-two", "notes", "notes-1", "linked-বাংলা"}


def test_the_links_of_the_readme_and_the_benchmark_history_lead_to_a_file_and_its_heading():
    # The list of what each change did on the benchmark moved from the README to
    # docs/benchmark-history.md, its links into the README's sections with it: a heading
    # renamed in the README (or a link not rewritten as ../README.md#...) would point nowhere.
    for doc in (REPO / "README.md", REPO / "docs" / "benchmark-history.md"):
        text = doc.read_text(encoding="utf-8")
        # [text](target), [text](target "title"), and a reference's [name]: target (URLs, with their ':', left out)
        targets = re.findall(r"\]\(([^)\s:]+)(?:\s+\"[^\"]*\")?\)", text)
        targets += re.findall(r"^ {0,3}\[[^\]]+\]:[ \t]*([^\s:]+)(?:[ \t]|$)", text, flags=re.M)
        assert any("#" in target for target in targets), doc
        for target in targets:
            file, _, anchor = target.partition("#")
            found = doc.parent / file if file else doc
            assert found.exists(), f"{doc.name}: {target} is not in the repository"
            assert not anchor or anchor in _anchors(found), f"{doc.name}: {target} names no heading of {found.name}"


def _quoted(figure: str) -> tuple[float, float]:
    """The values a figure written with its decimals stands for: 4.95 is 4.945 to 4.955."""
    half = 0.5 * 10 ** -len(figure.partition(".")[2])
    value = float(figure.replace(",", ""))
    return value - half, value + half


def _divided(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] / b[1], a[1] / b[0]


def _meets(interval: tuple[float, float], figure: str) -> bool:
    low, high = _quoted(figure)
    return interval[0] <= high and low <= interval[1]


def test_the_throughput_tables_cells_and_the_ratios_its_text_gives_agree():
    # Found auditing the README: the --jobs 2 row said 5.92 s, and its 12,864 pages at
    # 2174.9 pages/s (and its 25.38 MB/s) take 5.91 s. Each cell and ratio is a rounded
    # figure: the test asks that some seconds of each row give every figure quoted.
    section = readme_section("## Throughput")
    text = " ".join(section.split())
    table = between(section, "| method | pages | seconds | pages/s | MB/s |", "\n\n")
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.strip().splitlines()[1:]]
    assert [name.split(",")[0] for name, *_ in rows] == [
        "`clean`", "`clean_many`", "`boilerplate clean --jsonl --jobs 1`", "`boilerplate clean --jsonl --jobs 2`",
        "jusText", "C4 line rule (`keep_c4` on every line)",
    ]
    (corpus_pages, corpus_mb), = re.findall(r"\((\d+) pages, (\d\.\d) MB of UTF-8 text", text)
    (repeat, repeated), = re.findall(r"cleans the corpus (\d+) times over \(([\d,]+) pages\)", text)
    assert int(repeated.replace(",", "")) == int(corpus_pages) * int(repeat)
    seconds, mb = {}, _quoted(corpus_mb)
    for name, pages, quoted_seconds, rate, mb_per_s in rows:
        scale = int(pages.replace(",", "")) // int(corpus_pages)
        assert scale * int(corpus_pages) == int(pages.replace(",", "")) and scale in (1, int(repeat))
        by_rate = _divided((int(pages.replace(",", "")),) * 2, _quoted(rate))
        low, high = _quoted(quoted_seconds)
        seconds[name.split(",")[0]] = row = (max(low, by_rate[0]), min(high, by_rate[1]))
        assert row[0] <= row[1], f"{name}: {pages} pages at {rate} pages/s do not take {quoted_seconds} s"
        # MB/s is printed to three decimals and written here to two.
        low, high = _quoted(mb_per_s)
        mb = (max(mb[0], (low - 0.0005) * row[0] / scale), min(mb[1], (high + 0.0005) * row[1] / scale))
        assert mb[0] <= mb[1], f"{name}: {mb_per_s} MB/s is not the corpus's {corpus_mb} MB over its seconds"
    many, c4, jt = seconds["`clean_many`"], seconds["C4 line rule (`keep_c4` on every line)"], seconds["jusText"]
    jobs1, jobs2 = seconds["`boilerplate clean --jsonl --jobs 1`"], seconds["`boilerplate clean --jsonl --jobs 2`"]
    (to_c4,) = re.findall(r"takes at most 5× the C4 rule's time \| ([\d.]+)× \|", text)
    (to_justext,) = re.findall(r"at least 50× jusText's pages/s \| ([\d.]+)× \|", text)
    (jobs, after), = re.findall(r"the pages/s of `--jobs 1` \| ([\d.]+)× \(([\d.]+)× after start-up\)", text)
    (start_up,) = re.findall(r"its start-up \((\d\.\d\d) s in this run", text)
    (to_clean,) = re.findall(r"against `clean` page by page\*\*: ([\d.]+)× the pages/s", text)
    (budget, budget_to_c4), = re.findall(r"would be ([\d.]+) s for this corpus in this run: ([\d.]+)× the C4 rule's own time", text)
    assert _meets(_divided(many, c4), to_c4) and _meets(_divided(jt, many), to_justext)
    assert _meets(_divided(jobs1, jobs2), jobs) and _meets(_divided(seconds["`clean`"], many), to_clean)
    start = _quoted(start_up)
    assert _meets(_divided((jobs1[0] - start[1], jobs1[1] - start[0]), (jobs2[0] - start[1], jobs2[1] - start[0])), after)
    assert _meets((jt[0] / 50, jt[1] / 50), budget) and _meets(_divided((jt[0] / 50, jt[1] / 50), c4), budget_to_c4)
    # The memory run: RSS in MiB (2**20 bytes), sizes and speeds in MB and GB (powers of ten).
    (mib, mb_rss), = re.findall(r"\| peak RSS streaming a 1 GB JSON Lines file under 300 MB \| (\d+) MiB \((\d+) MB\) \|", text)
    assert _meets((_quoted(mib)[0] * 2**20 / 1e6, _quoted(mib)[1] * 2**20 / 1e6), mb_rss)
    (gb, stream_seconds, stream_rate, peak), = re.findall(
        r"streaming a generated (\d\.\d\d) GB JSON Lines file \([\d,]+ records\) through `boilerplate clean --jsonl --jobs 1`, "
        r"in the same run, took (\d+) s \(([\d.]+) MB/s\) with a \*\*peak RSS of (\d+) MiB\*\*", text
    )
    assert peak == mib and _meets(_divided((_quoted(gb)[0] * 1000, _quoted(gb)[1] * 1000), _quoted(stream_seconds)), stream_rate)


@pytest.mark.skipif(bench_dir() is None or bool(missing_folders()), reason="../shared/bench is not there whole")
def test_the_throughput_corpus_and_streamed_file_are_the_sizes_the_readme_gives():
    # The corpus bench/throughput.py builds, and the JSON Lines file its memory run streams
    # (records until the file first holds 1 GB), counted without writing the file.
    script = load_script("throughput")
    text = " ".join(readme_section("## Throughput").split())
    pages = script.corpus()
    sizes = [len(json.dumps({"id": 0, "text": page}, ensure_ascii=False).encode("utf-8")) for page in pages]
    assert f"({len(pages)} pages, {sum(len(p.encode('utf-8')) for p in pages) / 1e6:.1f} MB of UTF-8 text" in text
    total = records = 0
    while total < 1e9:
        # Each record is the page's with id 0, its id's further digits and a newline.
        total += sizes[records % len(pages)] + len(str(records)) - 1 + 1
        records += 1
    assert f"streaming a generated {total / 1e9:.2f} GB JSON Lines file ({records:,} records)" in text


def test_the_quick_start_page_cleans_to_its_headline_and_eight_paragraphs_without_the_chrome_it_names():
    from boilerplate.labels import load_label_file

    quick = " ".join(between(README, "## Quick start", "Run the tests:").split())
    assert "It prints the page's headline and its eight paragraphs, and a summary on standard error; the byline, " \
           "the date bar, the comment prompt and the \"latest\" and \"popular\" headline lists are gone, and so is " \
           "the promo line below the article" in quick
    rows = load_label_file(LABELS / "001_2e830d144a0854b1.tsv", LABELS / "pages" / "001_2e830d144a0854b1.txt").rows
    body = rows[rows.label == "body"]
    assert body.role.tolist() == ["title"] + ["paragraph"] * 8
    lines = PAGE.splitlines()
    kept = [line for line in clean(PAGE).splitlines() if line.strip()]
    assert kept == [lines[n - 1].rstrip() for n in body.line_no]
    # The chrome the sentence names, by its role in the labels ("latest" and "popular" are the lists' tabs).
    named = rows[rows.role.isin(["byline", "date", "comments", "nav", "list", "promo"])]
    assert set(named.role) == {"byline", "date", "comments", "nav", "list", "promo"}
    assert not {lines[n - 1].rstrip() for n in named.line_no} & set(kept)
    (promo,) = rows[rows.role == "promo"].line_no
    assert promo > body.line_no.max()  # below the article
