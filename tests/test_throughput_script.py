"""bench/throughput.py: what it reports, with small settings (no figure is checked: they depend on the machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from boilerplate import clean_many
from boilerplate.baselines import keep_c4
from boilerplate.bench import FOLDERS, iter_pages

from .conftest import REPO, load_script
from .report_helpers import fake_bench

PAGE = "Home | World\n\nThe council approved the new budget on Tuesday after a long debate. Members voted nine to four.\n"


@pytest.fixture(scope="module")
def script():
    return load_script("throughput")


def test_a_streaming_run_too_short_to_sample_is_still_reported(script, tmp_path):
    stream = script.stream_rss([PAGE], 1e-5, tmp_path)
    assert stream["records"] >= 1 and stream["output_bytes"] > 0 and stream["peak_rss_mib"] > 0
    # The file streamed: the page as one JSON Lines record after another, until it first held 10 kB.
    sizes = [len(json.dumps({"id": i, "text": PAGE}, ensure_ascii=False).encode("utf-8")) + 1 for i in range(stream["records"])]
    assert sum(sizes) == stream["bytes"] and stream["bytes"] - sizes[-1] < 10_000 <= stream["bytes"]
    summary = script.stream_summary(stream)
    assert summary.startswith(f"Streaming 0.00 GB of JSON Lines ({stream['records']} records)")
    assert f"peak RSS {stream['peak_rss_mib']:.0f} MiB" in summary
    # A run under the one-second sampling interval has no samples (on a slow machine this one may have some).
    unsampled = {**stream, "rss_samples": 0, "rss_mib_first_tenth_max": None, "rss_mib_last_tenth_max": None}
    assert "no sample over time: the run was shorter than the one-second sampling interval" in script.stream_summary(unsampled)
    sampled = {**stream, "rss_samples": 3, "rss_mib_first_tenth_max": 70.0, "rss_mib_last_tenth_max": 71.0}
    assert "(largest sample in the first tenth of the run 70 MiB, in the last tenth 71 MiB)." in script.stream_summary(sampled)


def test_without_the_benchmark_or_justext_it_says_so_and_times_the_rest(tmp_path):
    # jusText made unimportable, as when the [peers] extra is not installed.
    (tmp_path / "justext.py").write_text("raise ImportError('No module named justext')\n")
    env = {**os.environ, "BOILERPLATE_BENCH": str(tmp_path / "no-bench")}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])
    figures_path = tmp_path / "figures.json"
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), "--rounds", "1", "--cli-repeat", "2", "--rss-gb", "0",
         "--json", str(figures_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )
    assert out.returncode == 0, out.stderr
    pages = len(list((REPO / "labels" / "pages").glob("*.txt")))
    first = out.stdout.splitlines()[0]
    assert first.startswith(f"Corpus: {pages} pages, ") and f"(BOILERPLATE_BENCH={tmp_path / 'no-bench'} names no benchmark (no fundus/pages.tsv in it): labels/pages alone" in first
    assert "jusText skipped: No module named justext" in out.stderr
    figures = json.loads(figures_path.read_text(encoding="utf-8"))
    assert figures["corpus"] == {"pages": pages, "mb": figures["corpus"]["mb"], "bench": False}
    assert list(figures["rows"]) == ["clean, page by page", "clean_many", "CLI --jobs 1", "CLI --jobs 2", "C4 line rule"]
    assert figures["rows"]["CLI --jobs 2"]["pages"] == 2 * pages and figures["rows"]["clean_many"]["pages"] == pages
    assert not any("jusText" in name for name in figures["ratios"]) and figures["stream"] is None
    assert "| jusText" not in out.stdout and "| C4 line rule | " in out.stdout


@pytest.mark.parametrize("option", ["--rounds", "--cli-repeat"])
def test_zero_rounds_or_repeats_are_refused_before_anything_is_timed(option):
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), option, "0", "--rss-gb", "0"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2 and "--rounds and --cli-repeat must be at least 1" in out.stderr
    assert "round 1" not in out.stderr and out.stdout == ""


def test_a_json_path_it_cannot_write_is_refused_before_anything_is_timed(tmp_path):
    # Found by review: it ran every round, then ended in a FileNotFoundError traceback.
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), "--rounds", "1", "--cli-repeat", "1", "--rss-gb", "0",
         "--json", str(tmp_path / "no-such-folder" / "figures.json")],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2 and "--json" in out.stderr and "no-such-folder" in out.stderr
    assert "Traceback" not in out.stderr and "round 1" not in out.stderr and out.stdout == ""
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), "--rss-gb", "0", "--json", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2 and "is a folder: give a file's path" in out.stderr and "round 1" not in out.stderr


@pytest.mark.parametrize("size", ["-1", "nan", "inf"])
def test_a_negative_or_endless_streamed_size_is_refused_before_anything_is_timed(size):
    # Found by review: --rss-gb -1 skipped the memory run silently, as 0 does; --rss-gb inf
    # ran every round, then ended in an OverflowError traceback making the file.
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), "--rss-gb", size],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2 and "--rss-gb must be 0 (skip the memory run) or a finite size" in out.stderr
    assert "round 1" not in out.stderr and "Traceback" not in out.stderr and out.stdout == ""


def test_no_method_is_timed_doing_the_work_done_once_per_process(tmp_path):
    # Found by review: the first timed method, clean page by page, built the character
    # tables and read the shipped model's linear function (some 0.05-0.1 s, a tenth of
    # its time on the benchmark) in round 1, which no other method paid; load_model()
    # before the rounds loaded the scikit-learn pipeline, which clean() does not use.
    # With --rounds 1 that time stayed in its row and in the clean_many ratio.
    code = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("throughput_probe", {str(REPO / "bench" / "throughput.py")!r})
script = sys.modules["throughput_probe"] = importlib.util.module_from_spec(spec)  # its workers unpickle _spin
spec.loader.exec_module(script)

def caches():
    found = {{}}
    for name, module in list(sys.modules.items()):
        if name == "boilerplate" or name.startswith("boilerplate."):
            for value in vars(module).values():
                if hasattr(value, "cache_info") and hasattr(value, "cache_clear"):
                    found[id(value)] = value
    return found.values()

def state():
    return sum(c.cache_info().misses for c in caches()), set(sys.modules)

timed = script.timed
def checked(fn, *args):
    misses, modules = state()
    result = timed(fn, *args)
    after, now = state()
    assert after == misses, f"a timed call filled {{after - misses}} of boilerplate's caches"
    assert now <= modules, f"a timed call imported {{sorted(now - modules)}}"
    return result
script.timed = checked
sys.argv = ["throughput.py", "--rounds", "1", "--cli-repeat", "1", "--rss-gb", "0"]
script.main()
"""
    env = {**os.environ, "BOILERPLATE_BENCH": str(tmp_path / "no-bench")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "| clean, page by page | " in out.stdout and "| C4 line rule | " in out.stdout


def test_a_benchmark_without_some_of_its_folders_is_said_to_lack_them(tmp_path):
    # Found by review: with fundus alone (a partial copy), the corpus was labels/pages and
    # fundus, and nothing said that two folders were left out: only an absent fundus was said.
    bench = fake_bench(tmp_path / "bench", ("fundus",))
    env = {**os.environ, "BOILERPLATE_BENCH": str(bench)}
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "throughput.py"), "--rounds", "1", "--cli-repeat", "1", "--rss-gb", "0"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )
    assert out.returncode == 0, out.stderr
    pages = len(list((REPO / "labels" / "pages").glob("*.txt")))
    first = out.stdout.splitlines()[0]
    assert first.startswith(f"Corpus: {pages + 1} pages, ")
    assert f"(the benchmark {bench} has no scrapinghub/pages.tsv, no readability/pages.tsv: " in first
    assert "too few pages to compare with the README's figures" in first


def _run_main(script, monkeypatch, tmp_path, pages, times, cli_texts=lambda texts: clean_many(texts)) -> dict:
    """main() on ``pages`` with made-up times: ``times`` gives each method's per round, in order;
    the command line's output is ``cli_texts`` of its input's texts. Returns the JSON figures."""

    def timed(fn, *args):
        name = {script.clean_many: "clean_many", script.c4: "C4", justext_run: "jusText"}.get(fn, "clean, page by page")
        return times[name].pop(0), fn(*args)

    def justext_run(pages):
        return pages

    def cli(args):
        if "--jobs" not in args:
            return times["start-up"].pop(0)
        source, out = Path(args[-3]), Path(args[-1])
        texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
        out.mkdir(exist_ok=True)
        records = (json.dumps({"text": text}) + "\n" for text in cli_texts(texts))
        (out / source.name).write_text("".join(records), encoding="utf-8")
        return times[f"--jobs {args[args.index('--jobs') + 1]}"].pop(0)

    rounds = len(times["C4"])
    speedups = iter([1.9, 2.0, 2.1][:rounds])
    monkeypatch.setattr(script, "corpus", lambda: pages)
    monkeypatch.setattr(script, "timed", timed)
    monkeypatch.setattr(script, "cli", cli)
    monkeypatch.setattr(script, "justext_pages", lambda pages: justext_run)
    monkeypatch.setattr(script, "two_process_speedup", lambda: next(speedups))
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path / "no-bench"))
    figures_path = tmp_path / "figures.json"
    monkeypatch.setattr(
        sys, "argv", ["throughput.py", "--rounds", str(rounds), "--cli-repeat", "3", "--rss-gb", "0", "--json", str(figures_path)]
    )
    script.main()
    assert not any(times.values())  # every method timed once a round
    return json.loads(figures_path.read_text(encoding="utf-8"))


def test_each_row_is_a_methods_best_time_over_its_pages_and_bytes_and_the_ratios_compare_rows(script, tmp_path, monkeypatch, capsys):
    # Bengali letters take three bytes each in UTF-8: the MB/s columns count bytes, not characters.
    pages = ["প্রধান খবর\n\nসংসদে আজ নতুন বাজেট পাস হয়েছে।", PAGE]
    mb = sum(len(page.encode("utf-8")) for page in pages) / 1e6
    # Made-up times for the two rounds, each method's best in a different round.
    times = {
        "clean, page by page": [2.0, 1.5], "clean_many": [0.4, 0.5], "start-up": [0.3, 0.2],
        "--jobs 1": [10.0, 12.0], "--jobs 2": [7.0, 6.2], "jusText": [4.0, 5.0], "C4": [0.1, 0.08],
    }
    figures = _run_main(script, monkeypatch, tmp_path, pages, times)
    best = {"clean, page by page": 1.5, "clean_many": 0.4, "CLI --jobs 1": 10.0, "CLI --jobs 2": 6.2, script.JUSTEXT: 4.0, "C4 line rule": 0.08}
    assert list(figures["rows"]) == list(best)
    for name, seconds in best.items():
        scale = 3 if name.startswith("CLI") else 1  # the command line cleans the corpus --cli-repeat times
        assert figures["rows"][name] == pytest.approx(
            {"pages": 2 * scale, "seconds": seconds, "pages_per_s": 2 * scale / seconds, "mb_per_s": mb * scale / seconds}
        )
    assert figures["cli_startup_seconds"] == 0.2 and figures["rounds"] == 2
    assert figures["ratios"] == pytest.approx({
        "clean_many / clean page by page, pages/s": 1.5 / 0.4,
        "CLI --jobs 2 / --jobs 1, pages/s": 10.0 / 6.2,
        "CLI --jobs 2 / --jobs 1, pages/s after start-up": (10.0 - 0.2) / (6.2 - 0.2),
        "clean_many / C4 rule, time": 0.4 / 0.08,
        "clean_many / jusText, pages/s": 4.0 / 0.4,
    })
    assert figures["corpus"] == pytest.approx({"pages": 2, "mb": mb, "bench": False})
    assert figures["two_process_speedup_of_the_machine"] == [1.9, 2.0] and figures["stream"] is None
    assert len(figures["machine"]["load_at_round_start"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Corpus: 2 pages, 0.0 MB of UTF-8 text (BOILERPLATE_BENCH=")
    assert "Best of 2 rounds; " in out and "CLI start-up (an empty input): 0.20 s, included in the CLI rows." in out
    assert "Two processes vs one on a fixed loop, per round: 1.90x, 2.00x.\n" in out
    assert f"\n| CLI --jobs 2 | 6 | 6.20 | 1.0 | {mb * 3 / 6.2:.3f} |\n" in out
    assert f"\n| {script.JUSTEXT} | 2 | 4.00 | 0.5 | {mb / 4:.3f} |\n" in out
    assert "\n- CLI --jobs 2 / --jobs 1, pages/s after start-up: 1.63\n" in out and "\n- clean_many / C4 rule, time: 5.00\n" in out


def test_a_command_line_or_clean_many_that_cleans_otherwise_than_clean_stops_the_run(script, tmp_path, monkeypatch):
    # A row's rate is only comparable with the others' when it did the same work.
    times = {
        "clean, page by page": [1.0], "clean_many": [0.5], "start-up": [0.2],
        "--jobs 1": [4.0], "--jobs 2": [2.5], "jusText": [3.0], "C4": [0.1],
    }
    with pytest.raises(SystemExit, match="^the CLI with --jobs 1 differs from clean_many$"):
        _run_main(script, monkeypatch, tmp_path, [PAGE], times, cli_texts=lambda texts: [text + " extra" for text in clean_many(texts)])
    monkeypatch.setattr(script, "clean_many", lambda pages: [page.upper() for page in pages])
    with pytest.raises(SystemExit, match="^clean_many differs from clean page by page$"):
        _run_main(script, monkeypatch, tmp_path, [PAGE], {name: [1.0] for name in times})


class _Command:
    """Stands in for the probe process: it writes the command's output and ends after ``polls`` polls."""

    def __init__(self, args, polls: int, returncode: int = 0, **options):
        self.args, self.polls, self.end = args, polls, returncode
        self.pid, self.returncode = 4242, None
        out = Path(args[args.index("--out") + 1])
        out.mkdir()
        (out / "big.jsonl").write_text("x" * 123, encoding="utf-8")

    def poll(self):
        self.polls -= 1
        if self.polls < 0:
            self.returncode = self.end
        return self.returncode

    def communicate(self):
        return "262144\n", None  # ru_maxrss, in kB on Linux


def _fake_stream(script, monkeypatch, samples_kb: list[int], returncode: int = 0) -> tuple[list, list]:
    started, slept = [], []

    def popen(args, **options):
        started.append(_Command(args, len(samples_kb), returncode))
        return started[-1]

    clock = iter([100.0])
    samples = iter(samples_kb)
    monkeypatch.setattr(script, "subprocess", types.SimpleNamespace(Popen=popen, PIPE=subprocess.PIPE))
    # The run starts at 100 s and every later reading is at 140 s; sampling does not wait.
    monkeypatch.setattr(script, "time", types.SimpleNamespace(perf_counter=lambda: next(clock, 140.0), sleep=slept.append))
    monkeypatch.setattr(script, "_children", lambda pid: [pid + 1] if pid == 4242 else [])
    monkeypatch.setattr(script, "_rss_kb", lambda pid: next(samples) if pid == 4243 else 0)
    return started, slept


# One sample a second, in MiB; the first, 0, is from before the command's /proc status was readable.
@pytest.mark.parametrize("rss_mib, first, last", [
    ([0, 30, 40] + [60] * 17 + [50, 35], 40.0, 50.0),  # 21 samples: tenths of two samples
    ([0, 30, 60, 50], 30.0, 50.0),  # three: a tenth is still one sample
])
def test_the_streaming_run_reports_the_commands_peak_and_its_largest_samples_early_and_late(script, tmp_path, monkeypatch, rss_mib, first, last):
    started, slept = _fake_stream(script, monkeypatch, [mib * 1024 for mib in rss_mib])
    stream = script.stream_rss([PAGE], 1e-5, tmp_path)
    assert slept == [1.0] * len(rss_mib)  # the one-second interval the summary names
    command = started[0].args
    assert command[:2] == [sys.executable, "-c"]
    assert command[3:] == [
        sys.executable, "-m", "boilerplate", "clean", "--jsonl", "--quiet", "--jobs", "1",
        str(tmp_path / "big.jsonl"), "--out", str(tmp_path / "out"),
    ]
    size = stream["bytes"]
    assert size >= 10_000 and stream["records"] > 1  # the file as in the test above
    assert stream == {
        "bytes": size, "records": stream["records"], "seconds": 40.0, "mb_per_s": size / 1e6 / 40,
        "peak_rss_mib": 256.0, "rss_mib_first_tenth_max": first, "rss_mib_last_tenth_max": last, "rss_samples": len(rss_mib) - 1,
        "output_bytes": 123,
    }
    assert not (tmp_path / "big.jsonl").exists() and not (tmp_path / "out" / "big.jsonl").exists()


def test_a_streaming_run_that_fails_says_its_exit_code(script, tmp_path, monkeypatch):
    _fake_stream(script, monkeypatch, [1024], returncode=3)
    with pytest.raises(SystemExit, match="^the streaming run failed with exit code 3$"):
        script.stream_rss([PAGE], 1e-5, tmp_path)


def test_the_c4_rule_keeps_the_lines_keep_c4_keeps_of_each_page(script):
    page = "Home | World\nThe council approved the new budget on Tuesday after a long debate.\nMembers voted nine to four."
    kept = [line for line in page.splitlines() if keep_c4(line)]
    assert 0 < len(kept) < 3  # the menu line goes
    assert script.c4([page, "Home"]) == ["\n".join(kept), ""]


def test_the_corpus_is_labels_pages_then_every_page_of_each_benchmark_folder(script, tmp_path, monkeypatch):
    labelled = [p.read_text(encoding="utf-8") for p in sorted((REPO / "labels" / "pages").glob("*.txt"))]
    monkeypatch.setenv("BOILERPLATE_BENCH", str(tmp_path / "no-bench"))
    assert script.corpus() == labelled
    bench = fake_bench(tmp_path / "bench", FOLDERS)
    for folder in FOLDERS:  # each folder's page its own
        with open(bench / folder / f"{folder}-page.tsv", "a", encoding="utf-8") as f:
            f.write(f"9\tbody\tThe last line of the {folder} page.\n")
    monkeypatch.setenv("BOILERPLATE_BENCH", str(bench))
    pages = script.corpus()
    assert pages[: len(labelled)] == labelled and len(pages) == len(labelled) + 3
    for folder, page in zip(("fundus", "scrapinghub", "readability"), pages[len(labelled):]):
        (bench_page,) = iter_pages(folder, bench)
        assert page.endswith(f"The last line of the {folder} page.")
        # Its lines as the benchmark numbers them: a blank line in each gap between its rows.
        assert page.splitlines() == list(bench_page.lines)


def test_the_jsonl_file_stops_at_the_first_record_that_reaches_its_size_in_bytes(script, tmp_path):
    page = "সংসদে আজ নতুন বাজেট পাস হয়েছে।"  # three bytes a letter: bytes, not characters, are counted
    first = len(json.dumps({"id": 0, "text": page}, ensure_ascii=False).encode("utf-8")) + 1
    assert script.write_jsonl(tmp_path / "a.jsonl", [page], first) == 1
    assert script.write_jsonl(tmp_path / "b.jsonl", [page], first + 1) == 2
    assert script.write_jsonl(tmp_path / "c.jsonl", [page, PAGE]) == 2  # no size: the pages once
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records == [{"id": 0, "text": page}, {"id": 1, "text": PAGE}]


def test_the_streaming_summary_gives_gigabytes_and_megabytes_of_a_thousand_million_and_a_million_bytes(script):
    stream = {
        "bytes": 2**30, "records": 5, "seconds": 64.4, "mb_per_s": 16.677, "peak_rss_mib": 76.4,
        "rss_samples": 0, "rss_mib_first_tenth_max": None, "rss_mib_last_tenth_max": None,
    }
    assert script.stream_summary(stream).startswith(
        "Streaming 1.07 GB of JSON Lines (5 records) through `boilerplate clean --jsonl --jobs 1`: 64 s (16.68 MB/s), peak RSS 76 MiB ("
    )
