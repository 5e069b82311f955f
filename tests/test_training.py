"""train.py: cross-site scores, the evaluation gate, determinism, and refusing bad labels."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from boilerplate.labels import load_labels, write_label_file
from boilerplate.model import LINEAR_KEY, linear_model, load_model
from boilerplate.training import evaluate, fit, leave_one_site_out

from .conftest import LABELS, REPO, between, readme_section, stopped_while_writing

# The core issue's bar for the cleaner under leave-one-site-out cross-validation.
LINE_F1_FLOOR = 0.93
CHAR_F1_FLOOR = 0.97


@pytest.fixture(scope="module")
def result():
    return evaluate(load_labels(LABELS))


def test_leave_one_site_out_gate(result):
    pooled = result["loso"]["pooled"]
    assert pooled["lines"] == 192 and pooled["pages"] == 5
    assert set(result["loso"]["folds"]) == {"site-a", "kalbela", "inqilab", "usbangla"}
    assert pooled["f1"] >= LINE_F1_FLOOR
    assert pooled["char_f1"] >= CHAR_F1_FLOOR
    assert set(result["baselines"]) == {"long_lines_15w", "sentence_end_3w"}
    for baseline in result["baselines"].values():
        assert pooled["f1"] > baseline["pooled"]["f1"]
        assert pooled["char_f1"] > baseline["pooled"]["char_f1"]


def test_the_readmes_cross_site_figures_are_what_train_py_prints(result):
    # The README's table and per-fold line are written by hand: a change of the model or
    # of the passes that moves them fails here until the README says the new figures.
    section = readme_section("### Cross-site, as `train.py` prints it")
    rows = {
        "**boilerplate** (model + spans)": result["loso"]["pooled"],
        "model alone, before the span passes": result["loso_model_only"]["pooled"],
        "keep lines of ≥ 15 words": result["baselines"]["long_lines_15w"]["pooled"],
        "keep lines of ≥ 3 words ending in a sentence end (`।` included)": result["baselines"]["sentence_end_3w"]["pooled"],
    }
    for name, s in rows.items():
        f1, char_f1 = f"{s['f1']:.3f}", f"{s['char_f1']:.3f}"
        if name.startswith("**"):
            f1, char_f1 = f"**{f1}**", f"**{char_f1}**"
        row = f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {f1} | {char_f1} |"
        assert row in section, f"the README's cross-site table lacks {row!r}: run python train.py and copy its figures"
    pooled = result["loso"]["pooled"]
    assert f"pooled over all {pooled['lines']} labelled lines ({pooled['body_lines']} body)" in " ".join(section.split())
    folds = result["loso"]["folds"]
    said = dict(re.findall(r"(\S+?)(?: \(pages [^)]*\))? (\d\.\d{3} / \d\.\d{3})", between(section, "Per fold", ". ")))
    assert said == {site: f"{s['f1']:.3f} / {s['char_f1']:.3f}" for site, s in folds.items()}


def test_training_is_deterministic():
    pages = load_labels(LABELS)
    a, b = fit(pages), fit(pages)
    np.testing.assert_array_equal(a[-1].coef_, b[-1].coef_)


def test_train_script_json_and_model_folder(tmp_path, result):
    out = subprocess.run(
        [sys.executable, "train.py", "--json", "--model-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    printed = json.loads(out.stdout)
    assert set(printed["loso"]["pooled"]) >= {"precision", "recall", "f1", "char_f1"}
    assert printed["loso"]["pooled"]["f1"] == pytest.approx(result["loso"]["pooled"]["f1"])
    receipt = json.loads((tmp_path / "receipt.json").read_text(encoding="utf-8"))
    assert receipt["cross_validation"]["loso"]["pooled"] == printed["loso"]["pooled"]
    # Retraining gives the shipped model: the same steps and parameters, with the
    # fitted numbers equal to rounding (BLAS kernels differ by CPU, by an ulp or so,
    # so the files' bytes may differ from machine to machine).
    retrained, shipped = load_model(tmp_path / "boilerplate.joblib"), load_model(REPO / "models" / "boilerplate.joblib")
    assert [(name, type(step)) for name, step in retrained.steps] == [(name, type(step)) for name, step in shipped.steps]
    assert retrained.get_params(deep=True).keys() == shipped.get_params(deep=True).keys()
    for (_, a), (_, b) in zip(retrained.steps[1:], shipped.steps[1:]):
        assert a.get_params() == b.get_params()
        if hasattr(b, "classes_"):
            np.testing.assert_array_equal(a.classes_, b.classes_)
        for attribute in ("mean_", "scale_", "coef_", "intercept_"):
            if hasattr(b, attribute):
                np.testing.assert_allclose(getattr(a, attribute), getattr(b, attribute), rtol=1e-9, atol=1e-12)
    # The receipt carries the model's linear function, tied to the file it was taken from.
    record = receipt[LINEAR_KEY]
    assert record["model_sha256"] == hashlib.sha256((tmp_path / "boilerplate.joblib").read_bytes()).hexdigest()
    weights, bias = linear_model(retrained)
    assert record["weights"] == weights.tolist() and record["bias"] == bias


def test_train_script_refuses_bad_labels(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("Menu\n", encoding="utf-8")
    (tmp_path / "p.tsv").write_text("line_no\tlabel\trole\ttext\n1\tmaybe\tnav\tMenu\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "train.py", "--labels", str(tmp_path), "--model-dir", str(tmp_path / "m")],
        cwd=REPO, capture_output=True, text=True,
    )
    assert out.returncode == 2
    assert "p.tsv:2: unknown label 'maybe'" in out.stderr
    assert not (tmp_path / "m").exists()


def test_train_script_refuses_labels_that_are_not_utf8(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("Menu\n", encoding="utf-8")
    (tmp_path / "p.tsv").write_bytes(b"line_no\tlabel\trole\ttext\n1\tchrome\tnav\tMen\xff\n")
    out = subprocess.run(
        [sys.executable, "train.py", "--labels", str(tmp_path), "--model-dir", str(tmp_path / "m")],
        cwd=REPO, capture_output=True, text=True,
    )
    assert out.returncode == 2
    assert "p.tsv:2: not valid UTF-8 (byte 40); save the file as UTF-8." in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "m").exists()


def test_an_empty_model_dir_is_a_usage_error_not_the_current_folder(tmp_path, monkeypatch, capsys):
    from boilerplate import training

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        training.main(["--model-dir", ""])
    assert exit_.value.code == 2
    assert "argument --model-dir: an empty path (an unset variable?)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("inside", ["", "model"])
def test_a_model_dir_in_a_label_folder_is_refused_before_training(tmp_path, capsys, inside):
    """--model-dir my_labels/ wrote boilerplate.joblib and receipt.json among the labels:
    the receipt's sha256 of the folder, taken before, never fitted it again (nor any later
    receipt's the labels alone); --model-dir labels/ put them in the shipped label folder."""
    from boilerplate import training

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")]})
    before = sorted(folder.rglob("*"))
    model_dir = folder / inside if inside else folder
    with pytest.raises(SystemExit) as exit_:
        training.main(["--labels", str(folder), "--model-dir", str(model_dir)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert (f"--model-dir {model_dir} is in the label folder {folder}: the model would change the folder whose "
            "sha256 its receipt records; name a folder of its own") in err, err
    assert sorted(folder.rglob("*")) == before


def _label_folder(folder, pages, sites=None):
    """A label folder of ``pages``: {stem: [(line, label), ...]}; ``sites``: {stem: site}."""
    (folder / "pages").mkdir(parents=True)
    for stem, rows in pages.items():
        (folder / "pages" / f"{stem}.txt").write_text("".join(f"{text}\n" for text, _ in rows), encoding="utf-8")
        lines = [text for text, _ in rows]
        write_label_file(folder / f"{stem}.tsv", lines, [label for text, label in rows if text.strip()])
    if sites:
        (folder / "sites.tsv").write_text("".join(f"{k}\t{v}\n" for k, v in sites.items()), encoding="utf-8")
    return folder


def test_a_model_dir_that_cannot_be_made_is_refused_before_training(tmp_path, monkeypatch, capsys):
    from boilerplate import training

    trained = []
    monkeypatch.setattr(training, "evaluate", lambda *a, **k: trained.append(a))
    monkeypatch.setattr(training, "fit", lambda *a, **k: trained.append(a))
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for model_dir, message in [(tmp_path / "afile", "is a file; name a folder"),
                               (tmp_path / "afile" / "sub", f"{tmp_path / 'afile'} is a file, not a folder")]:
        with pytest.raises(SystemExit) as exit_:
            training.main(["--model-dir", str(model_dir)])
        assert exit_.value.code == 2
        assert f"--model-dir {model_dir}" in (err := capsys.readouterr().err) and message in err, err
    assert not trained


def test_a_model_dir_whose_name_the_file_system_cannot_take_is_refused_before_training(tmp_path, monkeypatch, capsys):
    # It failed after training, at the first write: "File name too long".
    from boilerplate import training

    trained = []
    monkeypatch.setattr(training, "evaluate", lambda *a, **k: trained.append(a))
    monkeypatch.setattr(training, "fit", lambda *a, **k: trained.append(a))
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    model_dir = tmp_path / ("m" * (limit + 1))
    with pytest.raises(SystemExit) as exit_:
        training.main(["--model-dir", str(model_dir)])
    assert exit_.value.code == 2 and not trained
    err = capsys.readouterr().err
    assert (f"--model-dir {model_dir}: the name {'m' * 20}… is longer than the file system takes ({limit + 1} bytes, "
            f"at most {limit}); name a shorter --model-dir") in err, err


def test_a_model_dir_that_cannot_be_written_in_is_refused_saying_why(tmp_path, monkeypatch, capsys):
    # Tests run as root, which permission bits do not stop: os.access is told to say no.
    from boilerplate import training

    trained = []
    monkeypatch.setattr(training, "fit", lambda *a, **k: trained.append(a))
    locked = tmp_path / "locked"
    locked.mkdir()
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: os.fspath(path) != str(locked) and access(path, mode, **kw))
    for why in ("no write permission", "the file system is read-only"):
        if why.endswith("read-only"):
            monkeypatch.setattr(os, "statvfs", lambda path: os.statvfs_result((0,) * 8 + (os.ST_RDONLY, 255)))
        with pytest.raises(SystemExit) as exit_:
            training.main(["--model-dir", str(locked / "m")])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert f"--model-dir {locked / 'm'}: cannot write in {locked} ({why}); name a folder you can write to" in err, err
    assert not trained


ARTICLE = "The council approved the new budget on Tuesday after a long debate that lasted all day."


@pytest.mark.parametrize("pages, sites, message", [
    ({"a": [("Menu", "chrome"), ("Home", "chrome")], "b": [("Share", "chrome")]}, None,
     "every labelled line is chrome; a model needs body and chrome lines"),
    ({"a": [(ARTICLE, "body")]}, None, "every labelled line is body"),
    ({"a": [("", None)], "b": [(" ", None)]}, None, "no page has a labelled line"),
    ({"a": [("Menu", "chrome")], "b": [("Menu", "chrome"), (ARTICLE, "body")]}, {"a": "x", "b": "y"},
     "leaving out site 'y' for cross-validation, every labelled line is chrome in the other sites"),
])
def test_labels_without_both_classes_are_refused_before_training(tmp_path, capsys, pages, sites, message):
    from boilerplate import training

    folder = _label_folder(tmp_path / "l", pages, sites)
    assert training.main(["--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"train.py: {folder}: ") and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "m").exists()


def test_pages_of_the_same_name_in_two_folders_are_two_pages_and_two_sites(tmp_path, capsys):
    """``index.txt`` of two sites, labelled in two folders without sites.tsv: each page
    is a site of its own, as the README says of a page that sites.tsv does not list."""
    from boilerplate import training

    first = _label_folder(tmp_path / "x", {"index": [("Menu", "chrome"), (ARTICLE, "body")]})
    second = _label_folder(tmp_path / "y", {"index": [("Share", "chrome"), ("Home", "chrome"), (ARTICLE, "body")]})
    assert training.main(["--labels", str(first), str(second), "--no-save", "--json"]) == 0
    loso = json.loads(capsys.readouterr().out)["loso"]
    assert loso is not None, "two pages of two sites were taken for one site"
    assert sorted(loso["folds"]) == [f"{first.as_posix()}/index", f"{second.as_posix()}/index"]
    assert loso["pooled"]["pages"] == 2 and loso["pooled"]["lines"] == 5


def test_a_label_folder_given_twice_is_refused(tmp_path, capsys):
    from boilerplate import training

    folder = _label_folder(tmp_path / "x", {"a": [("Menu", "chrome"), (ARTICLE, "body")]})
    _label_folder(tmp_path / "y", {"b": [("Share", "chrome"), (ARTICLE, "body")]})
    argv = ["--labels", str(folder), str(tmp_path / "y"), f"{folder}/", "--model-dir", str(tmp_path / "m")]
    assert training.main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"train.py: {folder}: this label folder is given twice; give each folder once " \
                  "(twice, its pages would count twice).\n"
    assert not (tmp_path / "m").exists()


def test_one_page_labelled_twice_is_refused(tmp_path, capsys):
    """labels/pages labelled again into a folder of one's own (or a label folder copied
    and trained beside its copy): the page was trained on twice, and, each copy a site of
    its own, cross-validation tested it on a model trained on its copy."""
    from boilerplate import training

    page = [("Menu", "chrome"), (ARTICLE, "body")]
    first = _label_folder(tmp_path / "x", {"a": page, "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]})
    second = _label_folder(tmp_path / "y", {"a": [(text, "body") for text, _ in page], "c": page,
                                            "d": [("Home", "chrome"), ("Other words. Here.", "body")]})
    # c saved by an editor in CRLF, with space left at a line's end: still the same page
    (second / "pages" / "c.txt").write_bytes(f"Menu  \r\n{ARTICLE}\r\n".encode("utf-8"))
    argv = ["--labels", str(first), str(second), "--model-dir", str(tmp_path / "m")]
    assert training.main(argv) == 2
    assert capsys.readouterr().err == "train.py: " + "".join(
        f"{second / 'pages' / name}: the same page as {first / 'pages' / 'a.txt'}; keep one of them and its "
        "label file (twice, its lines would count twice, and cross-validation would test it on its copy).\n"
        for name in ("a.txt", "c.txt"))
    assert not (tmp_path / "m").exists()
    for name in ("a", "c"):  # without the copies, the rest trains
        (second / f"{name}.tsv").unlink()
    assert training.main(argv) == 0


def test_help_says_other_labels_need_a_model_dir_of_their_own():
    out = subprocess.run([sys.executable, str(REPO / "train.py"), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "other --labels need a folder of their own" in " ".join(out.stdout.split())


@pytest.mark.parametrize("pages, trained_on", [
    ({"a": [("Menu", "chrome"), (ARTICLE, "body")]}, "the one page"),
    ({"a": [("Menu", "chrome"), (ARTICLE, "body")], "b": [("Share", "chrome"), (ARTICLE, "body")]}, "all 2 pages"),
])
def test_the_closing_line_names_the_pages_trained_on(tmp_path, capsys, pages, trained_on):
    from boilerplate import training

    folder = _label_folder(tmp_path / "l", pages)
    assert training.main(["--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 0
    assert f"Saved the model trained on {trained_on} to {tmp_path / 'm'}/" in capsys.readouterr().out


def test_the_printed_table_stays_aligned_for_long_and_wide_site_names(result):
    from boilerplate.text import display_width
    from boilerplate.training import format_report

    scores = next(iter(result["loso"]["folds"].values()))
    # the widest fold in Latin letters, or in letters two cells wide each (longer on screen than in characters)
    for names in (["a-news-site-with-a-long-name.example", "ঢাকা টাইমস", "東京新聞"], ["ঢাকা টাইমস", "東京新聞東京新聞東京新聞"]):
        table = {"folds": dict.fromkeys(names, scores), "pooled": result["loso"]["pooled"]}
        report = format_report({"loso": table, "loso_model_only": table, "baselines": {"keep lines of ≥ 15 words": table}})
        lines = [line for line in report.splitlines()[1:] if line]
        assert len({display_width(line) for line in lines}) == 1, report
        # the rows right below the rule, a blank line between one method's rows and the next's only
        assert report.splitlines()[3].startswith("model (cleaner) ") and report.splitlines().count("") == 2, report
        numbers = f"{scores['pages']:>6}{scores['lines']:>7}{scores['body_lines']:>6}{scores['precision']:>8.3f}"
        assert sum(numbers in line for line in lines) == len(names) * 3, report


def test_a_missing_label_folder_is_reported_with_the_model_dir_it_needs(tmp_path, capsys):
    from boilerplate import training

    # two things to fix, both told in one run: the folder's path, and a model folder of its own
    with pytest.raises(SystemExit) as exit_:
        training.main(["--labels", str(tmp_path / "nosuch")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nosuch'}: no such label folder" in err and "give --model-dir DIR" in err, err
    assert training.main(["--labels", str(tmp_path / "nosuch"), "--model-dir", str(tmp_path / "m")]) == 2
    assert "no such label folder" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_train_script_stops_quietly_when_its_reader_goes_away():
    # train.py --json | head: the rest of the output has nowhere to go; it ended in a BrokenPipeError traceback.
    proc = subprocess.Popen([sys.executable, str(REPO / "train.py"), "--no-save", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    proc.stdout.close()  # the reader is gone before a line is written
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait() == 128 + 13 and err == b"", err


def test_labels_of_one_site_are_told_why_there_is_no_cross_validation(tmp_path, capsys):
    # "list sites in sites.tsv" cannot help a folder of one page, nor one whose sites.tsv lists them already.
    from boilerplate import training

    page = [("Menu", "chrome"), (ARTICLE, "body")]
    for name, pages, sites, advice in [
        ("one", {"a": page}, None, "the labels hold one page; add pages of another site."),
        ("two", {"a": page, "b": [("Share", "chrome"), (ARTICLE, "body")]}, {"a": "s", "b": "s"},
         "sites.tsv puts all 2 pages in one site, s; add pages of another site, or correct sites.tsv"),
    ]:
        folder = _label_folder(tmp_path / name, pages, sites)
        assert training.main(["--labels", str(folder), "--no-save"]) == 0
        out = capsys.readouterr().out
        assert "No leave-one-site-out score: it needs pages from at least two sites, and " + advice in out, out


def test_a_page_with_no_labelled_line_is_no_site_of_its_own(tmp_path, capsys):
    """A blank page (a download that came back empty, labelled with the others) was a site of
    its own: one page of an article and it were refused ("leaving out site 'a' for
    cross-validation, no page has a labelled line in the other sites"), though without it
    the page trains, and with two sites of articles it changes nothing."""
    from boilerplate import training

    page = [("Menu", "chrome"), (ARTICLE, "body")]
    folder = _label_folder(tmp_path / "one", {"a": page, "blank": [(" ", None)]})
    assert training.main(["--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and (tmp_path / "m" / "boilerplate.joblib").is_file()
    assert ("No leave-one-site-out score: it needs pages from at least two sites, and the labels hold one page "
            "with labelled lines; add pages of another site.") in out, out
    folder = _label_folder(tmp_path / "two", {"a": page, "b": [("Share", "chrome"), (ARTICLE + " More.", "body")],
                                              "blank": [(" ", None)]})
    assert training.main(["--labels", str(folder), "--no-save", "--json"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)["loso"]["folds"]) == ["a", "b"]


def test_pages_without_a_label_file_are_said_to_be_left_out(tmp_path, capsys):
    # A page put in pages/ without its label file was left out of training silently.
    from boilerplate import training

    folder = _label_folder(tmp_path / "my labels", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                                   "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]})
    assert training.main(["--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 0
    assert capsys.readouterr().err == ""
    for name in ("new page.txt", "other.txt"):
        (folder / "pages" / name).write_text("Menu\n", encoding="utf-8")
    (folder / "pages" / "._a.txt").write_bytes(b"\x00\x05")  # macOS's resource data: no page
    assert training.main(["--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 0
    out, err = capsys.readouterr()
    assert "Saved the model trained on all 2 pages" in out
    pages = folder / "pages"
    assert err == (f"train.py: 2 pages without a label file are left out (new page.txt, other.txt); to train on them, "
                   f"write their label files with boilerplate label '{pages / 'new page.txt'}' '{pages / 'other.txt'}' "
                   f"--out '{folder}', then correct them.\n")
    (folder / "pages" / "other.txt").unlink()
    assert training.main(["--labels", str(folder), "--no-save"]) == 0
    assert capsys.readouterr().err.startswith("train.py: 1 page without a label file is left out (new page.txt); "
                                              "to train on it, write its label file with boilerplate label ")


def test_a_label_file_or_page_that_cannot_be_read_is_named_not_a_traceback(tmp_path, capsys, monkeypatch):
    """A file of the label folder that cannot be read (another user's, mode 600) stopped
    train.py with PermissionError's traceback: a label file, sites.tsv, or, once the model
    was trained, a page without a label file, read for the receipt's sha256."""
    from pathlib import Path

    from boilerplate import training

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                            "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]})
    (folder / "sites.tsv").write_text("page\tsite\na\tx\nb\ty\n", encoding="utf-8")
    (folder / "pages" / "new.txt").write_text("Menu\n", encoding="utf-8")
    read_bytes, unreadable = Path.read_bytes, set()

    def refuse(path):
        if path.name in unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    argv = ["--labels", str(folder), "--model-dir", str(tmp_path / "m")]
    for names, told in [({"a.tsv", "b.tsv"}, [folder / "a.tsv", folder / "b.tsv"]),
                        ({"sites.tsv"}, [folder / "sites.tsv"]), ({"new.txt"}, [folder / "pages" / "new.txt"])]:
        unreadable.clear()
        unreadable.update(names)
        assert training.main(argv) == 2
        err = capsys.readouterr().err
        assert f"train.py: {told[0]}: cannot be read (Permission denied); make it readable.\n" in err, err
        assert all(f"{path}: cannot be read (Permission denied); make it readable." in err for path in told), err
        assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("stop, code, told", [
    (OSError(28, "No space left on device"), 1, "train.py: cannot write the model into {model_dir} (No space left on device); "
     "the model there is left as it was. Free some space or name another --model-dir, then rerun.\n"),
    (KeyboardInterrupt(), 130, "train.py: interrupted.\n"),
], ids=["full disk", "Ctrl-C"])
def test_a_model_that_cannot_be_written_leaves_the_one_there(tmp_path, capsys, monkeypatch, stop, code, told):
    # joblib wrote boilerplate.joblib in place: a full disk mid-write left a truncated
    # model beside the old receipt, and train.py ended in a traceback; so did Ctrl-C.
    from boilerplate import training

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                            "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]})
    model_dir = tmp_path / "m"
    assert training.main(["--labels", str(folder), "--model-dir", str(model_dir)]) == 0
    before = {p.name: p.read_bytes() for p in model_dir.iterdir()}
    write_bytes = Path.write_bytes

    def stopped(self, data):  # the model's file, cut off: what a full disk (or a stop) leaves
        write_bytes(self, data[:100])
        raise stop

    monkeypatch.setattr(Path, "write_bytes", stopped)
    capsys.readouterr()
    assert training.main(["--labels", str(folder), "--model-dir", str(model_dir)]) == code
    assert capsys.readouterr().err == told.format(model_dir=model_dir)
    assert {p.name: p.read_bytes() for p in model_dir.iterdir()} == before  # no .part file either
    load_model(model_dir)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGHUP"), reason="needs named pipes and SIGHUP")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_as_train_py_saves_the_model_stop_it_like_ctrl_c(tmp_path, capsys, signum):
    # timeout, Slurm, docker stop (SIGTERM) or a closed terminal (SIGHUP) as the receipt is
    # written: the model there is left as it was, no .part file is left, and one line says what
    # stopped it. They killed the command, which left the new model's .part file and said nothing.
    from boilerplate import training
    from boilerplate.model import MODEL_FILE, RECEIPT_FILE

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                            "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]})
    model_dir = tmp_path / "m"
    assert training.main(["--labels", str(folder), "--model-dir", str(model_dir)]) == 0
    before = {p.name: p.read_bytes() for p in model_dir.iterdir()}
    code, err = stopped_while_writing(
        [sys.executable, str(REPO / "train.py"), "--labels", str(folder), "--model-dir", str(model_dir)],
        blocked=model_dir / f"{RECEIPT_FILE}.part", written=model_dir / f"{MODEL_FILE}.part", signum=signum,
    )
    assert code == 128 + signum, err
    assert err == f"train.py: stopped by {signal.Signals(signum).name}.\n"
    assert {p.name: p.read_bytes() for p in model_dir.iterdir()} == before


@pytest.mark.parametrize("keep", ["none", "chrome"])
def test_fit_refuses_pages_without_both_labels_saying_what_they_lack(keep):
    from boilerplate.labels import LabelError

    # fit([]) failed inside pandas ("No objects to concatenate"), and pages of one label
    # inside scikit-learn ("needs samples of at least 2 classes"); train.py checked first.
    pages = load_labels(LABELS)
    if keep == "none":
        pages, lacks = [], r"no page has a labelled line \(every page is empty or blank\)"
    else:
        pages = [dataclasses.replace(p, rows=p.rows[p.rows["label"] == "chrome"]) for p in pages]
        lacks = "every labelled line is chrome"
    with pytest.raises(LabelError, match=f"^fit: {lacks}; a model needs body and chrome lines"):
        fit(pages)


def test_fit_and_leave_one_site_out_refuse_one_page_given_alone_saying_to_pass_a_list():
    # fit(page) failed with "'LabelledPage' object is not iterable".
    page = load_labels(LABELS)[0]
    for call in (fit, leave_one_site_out):
        with pytest.raises(TypeError, match=r"takes a list of labelled pages, not one LabelledPage; pass \[page\]"):
            call(page)


def test_predict_pages_gives_every_line_what_explain_gives_it_with_that_model_and_config():
    # The rows of leave-one-site-out: the probability, the model's label and the final one
    # that explain gives the page's line with the same model and config (a threshold of
    # 0.9 makes some of the model's labels chrome that 0.5 makes body).
    from boilerplate import Config, explain
    from boilerplate.training import predict_pages

    pages = load_labels(LABELS)
    model, strict = fit(pages[1:]), Config(threshold=0.9)
    rows = predict_pages(model, pages[:2], strict)
    for (stem, site), group in rows.groupby(["page", "site"], sort=False):
        page = next(p for p in pages if p.stem == stem)
        assert site == page.site
        told = [r for r in explain("\n".join(page.lines), model=model, config=strict) if r.label != "blank"]
        assert group["line_no"].tolist() == [r.line_no for r in told]
        np.testing.assert_allclose(group["p_body"], [r.p_body for r in told], rtol=1e-9, atol=1e-12)
        assert group["model_raw"].tolist() == [r.model_label == "body" for r in told]
        assert group["model"].tolist() == [r.label == "body" for r in told]
        assert group["truth"].tolist() == (page.rows["label"] == "body").tolist()
    assert rows["model_raw"].tolist() != predict_pages(model, pages[:2])["model_raw"].tolist()


def test_fit_trains_with_the_c_and_class_weight_it_is_given():
    # bench/choose_c.py picks C and CLASS_WEIGHT by training with other values of both.
    from boilerplate.model import CLASS_WEIGHT, C

    pages = load_labels(LABELS)
    default = fit(pages)[-1]
    for c, weight in [(1.0, CLASS_WEIGHT), (C, "balanced")]:
        classify = fit(pages, c, weight)[-1]
        assert (classify.C, classify.class_weight) == (c, weight)
        assert not np.allclose(classify.coef_, default.coef_)


def test_leave_one_site_out_of_one_site_says_it_needs_two():
    # Without pages of a second site, no fold has pages to train on.
    from boilerplate.labels import LabelError

    pages = [p for p in load_labels(LABELS) if p.site == "site-a"]
    assert len(pages) == 2
    with pytest.raises(LabelError, match="^leave-one-site-out needs pages from at least two sites; list them in sites.tsv"):
        leave_one_site_out(pages)


def test_leave_one_site_out_trains_every_fold_with_the_c_class_weight_and_config_given():
    # Each site's lines, by a model trained on the other sites' pages with these settings
    # and run with this config (bench/choose_c.py compares settings so).
    import pandas as pd

    from boilerplate import Config
    from boilerplate.training import predict_pages

    pages = load_labels(LABELS)
    c, weight, config = 1.0, "balanced", Config(threshold=0.9)
    rows = leave_one_site_out(pages, c, config, weight)
    assert sorted(set(rows["site"])) == sorted({p.site for p in pages})
    for site, group in rows.groupby("site", sort=False):
        model = fit([p for p in pages if p.site != site], c, weight)
        expected = predict_pages(model, [p for p in pages if p.site == site], config)
        pd.testing.assert_frame_equal(group.reset_index(drop=True), expected)
    assert not np.allclose(rows["p_body"], leave_one_site_out(pages)["p_body"])


def test_every_fold_counts_the_pages_and_lines_of_its_site(result):
    pages = load_labels(LABELS)
    for site, scores in result["loso"]["folds"].items():
        of_site = [p for p in pages if p.site == site]
        assert (scores["pages"], scores["lines"]) == (len(of_site), sum(len(p.rows) for p in of_site)), site
    assert result["loso"]["folds"]["site-a"]["pages"] == 2


def test_evaluate_scores_the_folds_trained_with_the_c_and_config_given():
    from boilerplate import Config
    from boilerplate.training import score_table

    pages = load_labels(LABELS)
    c, config = 1.0, Config(threshold=0.9)
    rows = leave_one_site_out(pages, c, config)
    result = evaluate(pages, c, config)
    assert result["loso"] == score_table(rows, "model")
    assert result["loso_model_only"] == score_table(rows, "model_raw")
    assert result["loso_model_only"] != evaluate(pages)["loso_model_only"]


def test_the_shipped_label_and_model_folders_are_known_however_they_are_spelled(monkeypatch, capsys):
    # --labels ./labels is labels/ alone, which may rewrite models/; other labels may not
    # write into models/, named as ./models/ either. Nothing is written: save_model is recorded.
    from boilerplate import training

    saved = []
    monkeypatch.setattr(training, "save_model", lambda model, folder, receipt: saved.append(folder))
    monkeypatch.chdir(REPO)
    assert training.main(["--labels", "./labels"]) == 0
    assert [folder.resolve() for folder in saved] == [REPO / "models"]
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        training.main(["--labels", "labels", str(REPO / "labels" / "pages"), "--model-dir", "./models/"])
    assert exit_.value.code == 2
    assert "the shipped model in models/ is trained on labels/ alone" in capsys.readouterr().err
    assert len(saved) == 1


def test_fit_keeps_pages_of_one_name_apart():
    # Two folders may hold pages of one name (load_label_folders names them apart, fit's
    # callers need not): each is a page of its own to the features, not one page of both.
    pages = load_labels(LABELS)
    alike = [dataclasses.replace(page, stem="index") for page in pages]
    np.testing.assert_array_equal(fit(alike)[-1].coef_, fit(pages)[-1].coef_)


def test_the_receipt_says_which_labels_trained_the_model_and_how(tmp_path, capsys):
    from boilerplate.cleaner import DEFAULT_CONFIG
    from boilerplate.labels import folder_hash
    from boilerplate.model import CLASS_WEIGHT, C
    from boilerplate.training import main

    folder = _label_folder(tmp_path / "mine", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                               "b": [("Share", "chrome"), (ARTICLE + " More.", "body")],
                                               "blank": [(" ", None)]})
    # The folder named as it is, however it was given.
    assert main(["--json", "--labels", str(folder / "pages" / ".."), "--model-dir", str(tmp_path / "m")]) == 0
    printed = json.loads(capsys.readouterr().out)
    receipt = json.loads((tmp_path / "m" / "receipt.json").read_text(encoding="utf-8"))
    assert receipt["labels"] == [{"folder": "mine", "sha256": folder_hash(folder)}]
    assert (receipt["pages"], receipt["lines"]) == (3, 4)  # the blank page has no labelled line
    assert (receipt["C"], receipt["class_weight"], receipt["threshold"]) == (C, CLASS_WEIGHT, DEFAULT_CONFIG.threshold)
    assert receipt["cross_validation"] == {"scheme": "leave-one-site-out", "loso": printed["loso"]}
    assert printed["loso"]["pooled"]["lines"] == 4


def test_labels_of_one_site_print_json_that_says_so_and_a_receipt_without_scores(tmp_path, capsys):
    from boilerplate.training import main

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")]})
    assert main(["--json", "--labels", str(folder), "--model-dir", str(tmp_path / "m")]) == 0
    assert json.loads(capsys.readouterr().out) == {"loso": None, "note": "one site only: no cross-validation"}
    receipt = json.loads((tmp_path / "m" / "receipt.json").read_text(encoding="utf-8"))
    assert receipt["cross_validation"] == {"scheme": "leave-one-site-out", "loso": None}


def test_the_json_names_sites_in_their_own_script(tmp_path, capsys):
    from boilerplate.training import main

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")],
                                            "b": [("Share", "chrome"), (ARTICLE + " More.", "body")]},
                           {"a": "কালবেলা", "b": "ইনকিলাব"})
    assert main(["--json", "--no-save", "--labels", str(folder)]) == 0
    out = capsys.readouterr().out
    assert '"কালবেলা": {' in out and '"ইনকিলাব": {' in out, out


def test_no_save_leaves_the_model_dir_unchecked(tmp_path, capsys):
    # --no-save writes no model: a --model-dir that could not hold one (in a label folder, a file) stops nothing.
    from boilerplate.training import main

    folder = _label_folder(tmp_path / "l", {"a": [("Menu", "chrome"), (ARTICLE, "body")]})
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for model_dir in (folder / "model", tmp_path / "afile"):
        assert main(["--no-save", "--labels", str(folder), "--model-dir", str(model_dir)]) == 0
    assert not (folder / "model").exists()
