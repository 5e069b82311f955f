"""Adapting the model: label → correct → train, the round trip a user makes."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from boilerplate import planning
from boilerplate.labeling import LabelFileExists, PageError, prefill
from boilerplate.labels import LabelError, load_labels

from .conftest import LABELS, REPO, between, stopped_while_writing

STEMS = ["001_2e830d144a0854b1", "004_07e39cf67280a7c5"]


def test_prefilled_files_load_and_hold_the_cleaners_labels(tmp_path):
    from boilerplate import explain

    written = prefill([LABELS / "pages" / f"{s}.txt" for s in STEMS], tmp_path)
    assert [w.name for w in written] == [f"{s}.tsv" for s in STEMS]
    pages = load_labels(tmp_path)
    for page in pages:
        text = (LABELS / "pages" / f"{page.stem}.txt").read_text(encoding="utf-8")
        assert (tmp_path / "pages" / f"{page.stem}.txt").read_text(encoding="utf-8") == text
        final = [r.label for r in explain(text) if r.label != "blank"]
        assert page.rows["label"].tolist() == final
        assert set(page.rows["role"]) == {""}


def test_existing_label_files_are_not_overwritten(tmp_path):
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    prefill([page], tmp_path)
    corrected = (tmp_path / f"{STEMS[0]}.tsv").read_text(encoding="utf-8").replace("\tbody\t", "\tchrome\t", 1)
    (tmp_path / f"{STEMS[0]}.tsv").write_text(corrected, encoding="utf-8")
    with pytest.raises(LabelFileExists, match="--force"):
        prefill([page], tmp_path)
    assert (tmp_path / f"{STEMS[0]}.tsv").read_text(encoding="utf-8") == corrected
    prefill([page], tmp_path, force=True)
    assert (tmp_path / f"{STEMS[0]}.tsv").read_text(encoding="utf-8") != corrected


def test_another_page_already_in_the_folder_under_the_name_is_not_overwritten(tmp_path):
    # A page put in DIR/pages by hand, with no label file yet, was replaced without a word.
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    (tmp_path / "pages").mkdir()
    mine = tmp_path / "pages" / page.name
    mine.write_text("another page of the same name\n", encoding="utf-8")
    with pytest.raises(LabelFileExists, match=rf"pages/{STEMS[0]}\.txt already exists and is another page; .*--force"):
        prefill([page], tmp_path)
    assert mine.read_text(encoding="utf-8") == "another page of the same name\n"
    assert not (tmp_path / f"{STEMS[0]}.tsv").exists()
    prefill([page], tmp_path, force=True)
    assert mine.read_bytes() == page.read_bytes()


def test_a_page_already_in_the_folder_is_labelled_in_place(tmp_path):
    # The same page there (copied in, or given as DIR/pages/p.txt itself) is no clash.
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    (tmp_path / "pages").mkdir()
    copy = tmp_path / "pages" / page.name
    copy.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())  # saved with a byte order mark: the file itself, given
    assert [t.name for t in prefill([copy], tmp_path)] == [f"{STEMS[0]}.tsv"]
    (tmp_path / f"{STEMS[0]}.tsv").unlink()
    copy.write_bytes(page.read_bytes())
    assert [t.name for t in prefill([page], tmp_path)] == [f"{STEMS[0]}.tsv"]  # a copy of it, given from elsewhere


def test_pages_with_the_same_name_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "p.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="several pages are named p"):
        prefill([tmp_path / "a" / "p.txt", tmp_path / "b" / "p.txt"], tmp_path / "out")


def test_pages_whose_names_differ_only_in_case_are_refused(tmp_path):
    """On macOS and Windows, Index.tsv and index.tsv are one file: the second page's label
    file and copy were written over the first's, and 'Wrote 2 label file(s)' said otherwise."""
    pages = []
    for d, name in (("a", "Index.txt"), ("b", "index.txt"), ("c", "other.txt")):
        (tmp_path / d).mkdir()
        (tmp_path / d / name).write_text(f"Menu of {d}\n", encoding="utf-8")
        pages.append(tmp_path / d / name)
    with pytest.raises(PageError) as error:
        prefill(pages, tmp_path / "out")
    assert error.value.problems == ["several pages are named Index, index (alike but for case: one file on macOS "
                                    "and Windows); rename them so each stem is unique."]
    assert not (tmp_path / "out").exists()


def test_pages_whose_names_differ_only_in_unicode_normalization_are_refused(tmp_path):
    """macOS's file systems take a name in NFC and in NFD (রোববার with its vowel sign
    ো as one character or as two, as another tool saved it) for one file: the second
    page's label file and copy were written over the first's."""
    import unicodedata

    pages = []
    for d, form in (("a", "NFC"), ("b", "NFD")):
        (tmp_path / d).mkdir()
        pages.append(tmp_path / d / (unicodedata.normalize(form, "রোববার") + ".txt"))
        pages[-1].write_text(f"Menu of {d}\n", encoding="utf-8")
    with pytest.raises(PageError) as error:
        prefill(pages, tmp_path / "out")
    [problem] = error.value.problems
    names = ", ".join(sorted(page.stem for page in pages))
    assert problem == (f"several pages are named {names} (alike but for case or Unicode normalization: one file on "
                       "macOS); rename them so each stem is unique.")
    assert not (tmp_path / "out").exists()


def test_label_correct_train_round_trip(tmp_path):
    folder = tmp_path / "mine"
    cli = subprocess.run(
        [sys.executable, "-m", "boilerplate", "label", *[str(LABELS / "pages" / f"{s}.txt") for s in STEMS], "--out", str(folder)],
        capture_output=True, text=True,
    )
    assert cli.returncode == 0, cli.stderr
    hint = cli.stderr.splitlines()[-1]
    assert f"python train.py --labels labels/ {folder} --model-dir my_model/" in hint  # not over the shipped model
    # The person corrects the files: here, by copying the hand labels over them.
    for stem in STEMS:
        shutil.copy(LABELS / f"{stem}.tsv", folder / f"{stem}.tsv")
    # ... and trains them with labels/ less these pages (labelled twice, a page is refused)
    base = tmp_path / "base"
    shutil.copytree(LABELS, base, ignore=shutil.ignore_patterns(*[f"{stem}.*" for stem in STEMS]))
    sites = (LABELS / "sites.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    (base / "sites.tsv").write_text("".join(row for row in sites if row.split("\t")[0] not in STEMS), encoding="utf-8")
    model_dir = tmp_path / "model"
    train = subprocess.run(
        [sys.executable, "train.py", "--json", "--labels", str(base), str(folder), "--model-dir", str(model_dir)],
        cwd=REPO, capture_output=True, text=True,
    )
    assert train.returncode == 0, train.stderr
    scores = json.loads(train.stdout)
    assert scores["loso"]["pooled"]["lines"] == 192  # every labelled line once
    receipt = json.loads((model_dir / "receipt.json").read_text(encoding="utf-8"))
    assert [entry["folder"] for entry in receipt["labels"]] == ["base", "mine"]
    assert receipt["pages"] == 5


def test_one_site_trains_without_cross_validation(tmp_path):
    prefill([LABELS / "pages" / f"{STEMS[0]}.txt"], tmp_path / "one")
    train = subprocess.run(
        [sys.executable, "train.py", "--labels", str(tmp_path / "one"), "--model-dir", str(tmp_path / "m")],
        cwd=REPO, capture_output=True, text=True,
    )
    assert train.returncode == 0, train.stderr
    assert "No leave-one-site-out score" in train.stdout
    assert (tmp_path / "m" / "boilerplate.joblib").is_file()


def test_training_on_other_labels_refuses_to_overwrite_the_shipped_model(tmp_path, capsys):
    from boilerplate import training

    page = tmp_path / "new.txt"  # a page labels/ does not hold
    page.write_text("Extra menu\n" + (LABELS / "pages" / f"{STEMS[0]}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    prefill([page], tmp_path / "one")
    shipped = {p.name: p.read_bytes() for p in (REPO / "models").iterdir()}
    with pytest.raises(SystemExit) as exit_:
        training.main(["--labels", str(LABELS), str(tmp_path / "one")])
    assert exit_.value.code == 2
    assert "the shipped model in models/ is trained on labels/ alone; give --model-dir DIR" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (REPO / "models").iterdir()} == shipped
    # --no-save evaluates without writing, so it needs no folder
    assert training.main(["--labels", str(LABELS), str(tmp_path / "one"), "--no-save", "--json"]) == 0


def _label(*args, cwd):
    return subprocess.run([sys.executable, "-m", "boilerplate", "label", *args], cwd=cwd, capture_output=True, text=True)


def test_the_train_command_it_prints_can_be_pasted_for_a_folder_with_a_space(tmp_path):
    # Unquoted, "--labels labels/ my labels" trained on labels/, my and labels.
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    result = _label("a.txt", "--out", "my labels", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    command = result.stderr.splitlines()[-1].partition(": ")[2]
    assert shlex.split(command) == ["python", "train.py", "--labels", "labels/", "my labels", "--model-dir", "my_model/"]


def test_the_label_folder_given_with_a_slash_is_named_with_one(tmp_path):
    # "--out my_labels/" printed "Wrote 1 label file(s) to my_labels// ...".
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    result = _label("a.txt", "--out", "my_labels/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wrote, hint = result.stderr.splitlines()
    assert wrote.startswith("Wrote 1 label file(s) to my_labels/ with")
    assert shlex.split(hint.partition(": ")[2])[3:5] == ["labels/", "my_labels/"]


@pytest.mark.parametrize("out", ["labels", "labels/", "./labels"])
def test_pages_labelled_into_labels_get_a_train_command_that_names_it_once(tmp_path, out):
    # "python train.py --labels labels/ labels/ ..." was refused: a label folder given twice.
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    result = _label("a.txt", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = shlex.split(result.stderr.splitlines()[-1].partition(": ")[2])
    assert words == ["python", "train.py", "--labels", "labels/", "--model-dir", "my_model/"]


def _own_model(folder, *label_folders):
    """The shipped model copied into ``folder``, its receipt saying that it was trained on
    ``label_folders`` (as train.py records them: each folder's name)."""
    shutil.copytree(REPO / "models", folder)
    receipt = json.loads((folder / "receipt.json").read_text(encoding="utf-8"))
    receipt["labels"] = [{"folder": name, "sha256": "0" * 64} for name in label_folders]
    (folder / "receipt.json").write_text(json.dumps(receipt), encoding="utf-8")


def test_labelling_with_a_model_of_your_own_prints_a_train_command_that_keeps_its_label_folders(tmp_path):
    """README: pre-fill the next pages with boilerplate label --model my_model/. The command it
    printed trained labels/ and the new folder only, into my_model/ whatever --model named:
    pasted, it rewrote the model without the pages labelled before."""
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    _own_model(tmp_path / "site_model", "labels", "mine")

    def command(*args):
        result = _label("a.txt", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        hint = result.stderr.splitlines()[-1]
        return hint, shlex.split(hint.partition(": ")[2])

    hint, words = command("--out", "more", "--model", "site_model")
    assert "with the label folders site_model was trained on" in hint
    assert words == ["python", "train.py", "--labels", "labels/", "mine", "more", "--model-dir", "site_model"]
    # More pages labelled into a folder the model was trained on: the folder is named once.
    hint, words = command("--out", "mine/", "--model", "site_model/boilerplate.joblib")
    assert words == ["python", "train.py", "--labels", "labels/", "mine/", "--model-dir", "site_model"]
    # The shipped model, trained on labels/ alone, is not to be rewritten: a folder of its own.
    hint, words = command("--out", "again", "--model", str(REPO / "models"), "--force")
    assert words == ["python", "train.py", "--labels", "labels/", "again", "--model-dir", "my_model/"]


def test_the_train_command_for_a_model_folder_with_a_space_can_be_pasted(tmp_path):
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    _own_model(tmp_path / "site model", "labels", "mine")
    result = _label("a.txt", "--out", "more", "--model", "site model", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = shlex.split(result.stderr.splitlines()[-1].partition(": ")[2])
    assert words == ["python", "train.py", "--labels", "labels/", "mine", "more", "--model-dir", "site model"]


def test_the_train_command_for_folders_named_with_a_leading_dash_can_be_pasted(tmp_path):
    # "--labels labels/ mine -L --model-dir -m" was printed: train.py takes -L and -m for options.
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    _own_model(tmp_path / "-m", "labels", "mine")
    result = _label("a.txt", "--out=-L", "--model", "./-m", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = shlex.split(result.stderr.splitlines()[-1].partition(": ")[2])
    assert words == ["python", "train.py", "--labels", "labels/", "mine", "./-L", "--model-dir", "./-m"]


@pytest.mark.parametrize("entries", [
    ["labels", "mine"],  # not the {"folder": name} train.py writes
    [{"folder": "labels"}, {"sha256": "0" * 64}],  # one without its folder
    [{"folder": "labels"}, {"folder": ""}],
    [{"folder": "labels"}, {"folder": 3}],
])
def test_a_receipt_that_does_not_say_its_label_folders_gives_the_plain_train_command(tmp_path, entries):
    # _train_command: the label folders of the receipt, "none when the receipt does not say".
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    _own_model(tmp_path / "site_model")
    receipt = json.loads((tmp_path / "site_model" / "receipt.json").read_text(encoding="utf-8"))
    receipt["labels"] = entries
    (tmp_path / "site_model" / "receipt.json").write_text(json.dumps(receipt), encoding="utf-8")
    result = _label("a.txt", "--out", "more", "--model", "site_model", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = shlex.split(result.stderr.splitlines()[-1].partition(": ")[2])
    assert words == ["python", "train.py", "--labels", "labels/", "more", "--model-dir", "my_model/"]


def test_a_label_file_that_cannot_be_written_is_reported_with_exit_code_1(tmp_path):
    # Found only while writing (a folder stands where the label file goes): no traceback,
    # and exit code 1, not the 2 of a page that cannot be labelled.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    (tmp_path / "L" / "a.tsv").mkdir(parents=True)
    result = _label("a.txt", "--out", "L", "--force", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"boilerplate: cannot write {os.path.join('L', 'a.tsv')} (Is a directory); fix that, then rerun with --force.\n"


def test_a_full_disk_while_labelling_is_reported_without_a_file_name_it_does_not_have(tmp_path, monkeypatch, capsys):
    # A write to a file on a full disk raises OSError without a file name.
    from boilerplate import labeling
    from boilerplate.cli import main

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(labeling, "prefill", full)
    assert main(["label", str(LABELS / "pages" / f"{STEMS[0]}.txt"), "--out", str(tmp_path / "L")]) == 1
    assert capsys.readouterr().err == "boilerplate: cannot write (No space left on device); fix that, then rerun with --force.\n"


def test_a_stop_while_labelling_leaves_every_page_and_label_file_whole(tmp_path, monkeypatch):
    # Ctrl-C as the second page's label file is put in place: the first page and its
    # label file are whole (they load), the second's label file is not there, and no
    # .part file is left. Each was written in place, and a stop cut it short.
    from boilerplate.labels import load_label_file
    from boilerplate.text import is_blank

    for stem in STEMS[:2]:
        shutil.copy(LABELS / "pages" / f"{stem}.txt", tmp_path / f"{stem}.txt")
    real = os.replace

    def replace(src, dst):
        if Path(dst).name == f"{STEMS[1]}.tsv":
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        prefill([tmp_path / f"{stem}.txt" for stem in STEMS[:2]], tmp_path / "L")
    monkeypatch.undo()
    first = load_label_file(tmp_path / "L" / f"{STEMS[0]}.tsv", tmp_path / "L" / "pages" / f"{STEMS[0]}.txt")
    assert len(first.rows) == sum(not is_blank(line) for line in first.lines)  # a row for every line
    assert not (tmp_path / "L" / f"{STEMS[1]}.tsv").exists()
    assert [p.name for p in (tmp_path / "L").rglob("*.part")] == []


def test_a_stop_as_a_label_file_is_rewritten_leaves_the_page_and_label_file_there_as_they_were(tmp_path, monkeypatch):
    # --force over a label folder, with another page of the same name: Ctrl-C halfway
    # through writing the new label file leaves the page and the label file there (which
    # may hold a person's corrections) as they were, a pair, and no .part file.
    page = tmp_path / f"{STEMS[0]}.txt"
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", page)
    prefill([page], tmp_path / "L")
    label, kept = tmp_path / "L" / f"{STEMS[0]}.tsv", tmp_path / "L" / "pages" / page.name
    before = {label: label.read_bytes(), kept: kept.read_bytes()}
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", page)
    real = Path.write_bytes

    def cut_short(path, data):  # half the label file written, then Ctrl-C
        if not path.name.startswith(label.name):
            return real(path, data)
        real(path, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", cut_short)
    with pytest.raises(KeyboardInterrupt):
        prefill([page], tmp_path / "L", force=True)
    monkeypatch.undo()
    assert {path: path.read_bytes() for path in before} == before
    assert [p.name for p in (tmp_path / "L").rglob("*.part")] == []


def test_force_over_a_label_file_that_is_a_link_writes_where_it_points_keeping_the_link_and_the_mode(tmp_path):
    # As a label file was written in place before it was written whole: a link (a label
    # file kept elsewhere) stays a link, and the file it points to keeps its mode.
    from boilerplate.labels import load_label_file

    page = tmp_path / f"{STEMS[0]}.txt"
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", page)
    kept = tmp_path / "kept" / f"{STEMS[0]}.tsv"
    kept.parent.mkdir()
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    (tmp_path / "L").mkdir()
    link = tmp_path / "L" / kept.name
    link.symlink_to(kept)
    prefill([page], tmp_path / "L", force=True)
    assert link.is_symlink() and link.resolve() == kept.resolve()
    load_label_file(link, tmp_path / "L" / "pages" / page.name)  # the new one, whole
    assert kept.stat().st_mode & 0o777 == 0o640


def test_a_stop_as_a_new_page_is_put_in_place_leaves_no_label_file_without_it(tmp_path, monkeypatch):
    # Ctrl-C as the page is renamed into the label folder: its label file, not yet renamed,
    # is taken back with it. A label file put in place first would be left without its
    # page, and the folder would not load.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / f"{STEMS[0]}.txt")
    real = os.replace

    def replace(src, dst):
        if Path(dst) == tmp_path / "L" / "pages" / f"{STEMS[0]}.txt":
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        prefill([tmp_path / f"{STEMS[0]}.txt"], tmp_path / "L")
    monkeypatch.undo()
    assert [p.relative_to(tmp_path / "L").as_posix() for p in (tmp_path / "L").rglob("*") if p.is_file()] == []


def test_ctrl_c_while_labelling_ends_with_exit_code_130_and_says_what_is_kept(tmp_path, monkeypatch, capsys):
    from boilerplate import labeling
    from boilerplate.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(labeling, "prefill", interrupted)
    assert main(["label", str(LABELS / "pages" / f"{STEMS[0]}.txt"), "--out", str(tmp_path / "L")]) == 130
    assert capsys.readouterr().err == (
        "boilerplate: interrupted; the label files written so far are whole: rerun with --force to write them all.\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGHUP"), reason="needs named pipes and SIGHUP")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_while_labelling_stop_it_like_ctrl_c(tmp_path, signum):
    # timeout, Slurm, docker stop (SIGTERM) or a closed terminal (SIGHUP) as the second page is
    # written: the label files written so far are whole, and no .part file is left. They killed
    # the command, which left the second page's .part files, said nothing, and exited by the signal.
    from boilerplate.labels import load_label_file
    from boilerplate.text import is_blank

    out = tmp_path / "L"
    (out / "pages").mkdir(parents=True)
    code, err = stopped_while_writing(
        [sys.executable, "-m", "boilerplate", "label", *(str(LABELS / "pages" / f"{stem}.txt") for stem in STEMS),
         "--out", str(out)],
        blocked=out / f"{STEMS[1]}.tsv.part", written=out / "pages" / f"{STEMS[1]}.txt.part", signum=signum,
    )
    assert code == 128 + signum, err
    assert err == (f"boilerplate: stopped by {signal.Signals(signum).name}; the label files written so far are whole:"
                   " rerun with --force to write them all.\n")
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert left == sorted(["pages", f"pages/{STEMS[0]}.txt", f"{STEMS[0]}.tsv"])
    first = load_label_file(out / f"{STEMS[0]}.tsv", out / "pages" / f"{STEMS[0]}.txt")
    assert len(first.rows) == sum(not is_blank(line) for line in first.lines)  # a row for every line


@pytest.mark.parametrize("encoding, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"),
                                            ("utf-32-le", "UTF-32LE"), ("utf-16", "UTF-16")])
def test_a_page_in_utf16_or_utf32_is_refused_as_boilerplate_clean_refuses_it(tmp_path, encoding, name):
    """Without a byte order mark, UTF-16 of ASCII text is valid UTF-8 (a NUL after every
    letter): it was labelled, and trained on, as lines of NULs and letters, where
    boilerplate clean refuses it as UTF-16; a label folder's page read so is refused too."""
    page = tmp_path / "wide.txt"
    page.write_bytes("Home | News\n\nA paragraph of the article. It ends here.\n".encode(encoding))
    with pytest.raises(PageError) as error:
        prefill([page], tmp_path / "out")
    assert error.value.problems == [f"{page}: {name} text, not UTF-8; save the file as UTF-8."]
    assert not (tmp_path / "out").exists()
    prefill([LABELS / "pages" / f"{STEMS[0]}.txt"], tmp_path / "out")  # the label folder's page, saved so
    (tmp_path / "out" / "pages" / f"{STEMS[0]}.txt").write_bytes(page.read_bytes())
    with pytest.raises(LabelError, match=rf"{STEMS[0]}\.txt: {name} text, not UTF-8; save the file as UTF-8\."):
        load_labels(tmp_path / "out")


def test_an_html_file_is_refused_as_boilerplate_clean_refuses_it(tmp_path):
    # It was labelled line by line, its tags among the lines, where boilerplate clean
    # says to render it to text first.
    html = "<!DOCTYPE html>\n<html><head><title>News</title></head>\n<body><p>A paragraph.</p></body></html>\n"
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    (tmp_path / "q.txt").write_text(html, encoding="utf-8")
    (tmp_path / "r.txt").write_text("<html>: the root element of a page, and what it holds.\n", encoding="utf-8")
    with pytest.raises(PageError) as error:
        prefill([tmp_path / name for name in ("p.html", "q.txt", "r.txt")], tmp_path / "out")
    render = "w3m -dump -O UTF-8 -T text/html"
    p, q = tmp_path / "p.html", tmp_path / "q.txt"
    assert error.value.problems == [
        f"{p}: an HTML file, not text: render it to text first, e.g. {render} {p} > {tmp_path / 'p.txt'}, and label that.",
        f"{q}: an HTML file, not text: render it to text first, e.g. mv {q} {tmp_path / 'q.html'} && {render} {tmp_path / 'q.html'} > {q}.",
    ]
    assert not (tmp_path / "out").exists()
    prefill([tmp_path / "r.txt"], tmp_path / "out")  # text that names the tag is text
    assert (tmp_path / "out" / "r.tsv").is_file()


@pytest.mark.skipif(shutil.which("w3m") is None, reason="w3m is not installed")
def test_html_in_another_charset_is_told_to_be_rendered_as_boilerplate_clean_tells_it(tmp_path):
    # It was told "p.html:1: not valid UTF-8 (byte 91); save the file as UTF-8.", and only once
    # that was done, to render it; boilerplate clean tells the render command at once.
    paragraph = "Le café crème du quartier ferme ses portes après quarante ans de service, disent les voisins."
    html = (f'<!DOCTYPE html>\n<html><head><meta charset="windows-1252"><title>t</title></head>'
            f"<body><p>{paragraph}</p></body></html>\n")
    (tmp_path / "p.html").write_bytes(html.encode("cp1252"))
    out = _label("p.html", "--out", "L", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr == (f"boilerplate: p.html: an HTML file, not text: render it to text first, e.g. "
                          f"{planning.html_render_command(html.encode('cp1252'))} p.html > p.txt, and label that.\n")
    assert "-I windows-1252" in out.stderr
    command = between(out.stderr, "e.g. ", ", and label that")
    assert subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True).returncode == 0
    assert paragraph in " ".join((tmp_path / "p.txt").read_text(encoding="utf-8").split())
    assert _label("p.txt", "--out", "L", cwd=tmp_path).returncode == 0


def test_the_render_command_writes_no_page_that_is_there(tmp_path):
    # "w3m ... p.html > p.txt, and label that" was printed with a p.txt beside it, which the
    # command done overwrote: it may be another page, or the one already labelled.
    (tmp_path / "p.html").write_text("<!DOCTYPE html>\n<html><body><p>A paragraph.</p></body></html>\n", encoding="utf-8")
    (tmp_path / "p.txt").write_text("Another page.\n", encoding="utf-8")
    with pytest.raises(PageError) as error:
        prefill([tmp_path / "p.html"], tmp_path / "out")
    [problem] = error.value.problems
    assert problem.endswith(f"text/html {tmp_path / 'p.html'} > {tmp_path / 'p.1.txt'}, and label that.")
    assert (tmp_path / "p.txt").read_text(encoding="utf-8") == "Another page.\n"


def test_the_render_command_takes_an_html_file_named_like_an_option_for_a_file(tmp_path, monkeypatch):
    # "w3m ... -p.html > -p.txt" was printed: w3m took the name for options.
    monkeypatch.chdir(tmp_path)
    Path("-p.html").write_text("<!DOCTYPE html>\n<html><body><p>A paragraph.</p></body></html>\n", encoding="utf-8")
    with pytest.raises(PageError) as error:
        prefill([Path("-p.html")], Path("out"))
    assert error.value.problems == [
        "-p.html: an HTML file, not text: render it to text first, e.g. w3m -dump -O UTF-8 -T text/html ./-p.html"
        " > ./-p.txt, and label that."
    ]


def test_an_html_file_is_told_by_its_first_4096_bytes_and_rendered_to_txt_whatever_the_case_of_its_html_name(tmp_path):
    # As boilerplate clean: a tag closed within the first 4,096 bytes (README) makes it
    # HTML; .htm and .HTML are HTML names as .html is, and the command is quoted for a shell.
    start = "<html>\n<body> "
    (tmp_path / "a.txt").write_text(start + "a" * (4094 - len(start)) + "</body></html>\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(start + "a" * (4095 - len(start)) + "</body></html>\n", encoding="utf-8")
    html = "<!DOCTYPE html>\n<html><body><p>A paragraph.</p></body></html>\n"
    (tmp_path / "P.HTM").write_text(html, encoding="utf-8")
    (tmp_path / "my page.html").write_text(html, encoding="utf-8")
    with pytest.raises(PageError) as error:
        prefill([tmp_path / name for name in ("a.txt", "b.txt", "P.HTM", "my page.html")], tmp_path / "out")
    render = "w3m -dump -O UTF-8 -T text/html"
    a, p, mine = tmp_path / "a.txt", tmp_path / "P.HTM", tmp_path / "my page.html"
    assert error.value.problems == [
        f"{a}: an HTML file, not text: render it to text first, e.g. mv {a} {tmp_path / 'a.html'} && {render} {tmp_path / 'a.html'} > {a}.",
        f"{p}: an HTML file, not text: render it to text first, e.g. {render} {p} > {tmp_path / 'P.txt'}, and label that.",
        f"{mine}: an HTML file, not text: render it to text first, e.g. {render} '{mine}' > '{tmp_path / 'my page.txt'}', "
        "and label that.",
    ]


def test_an_html_file_with_a_bom_is_told_by_the_same_first_4096_bytes_as_boilerplate_clean_reads(tmp_path):
    # label read the 4,096 bytes after the BOM, clean the file's first 4,096: a tag closed
    # at bytes 4,095-4,096 made the page HTML for the one and text for the other.
    start = "\ufeff<html>\n<body> "
    for name, fill in (("a.txt", 4094), ("b.txt", 4095)):
        (tmp_path / name).write_text(start + "a" * (fill - len(start.encode("utf-8"))) + "</body></html>\n", encoding="utf-8")
    for name, html in (("a.txt", True), ("b.txt", False)):
        data = (tmp_path / name).read_bytes()
        assert (planning._other_kind(planning.Task(tmp_path / name, None, "text"), data) is not None) is html
    with pytest.raises(PageError) as error:
        prefill([tmp_path / "a.txt"], tmp_path / "out")
    assert error.value.problems[0].startswith(f"{tmp_path / 'a.txt'}: an HTML file, not text")
    prefill([tmp_path / "b.txt"], tmp_path / "out")
    assert (tmp_path / "out" / "b.tsv").is_file()


def test_every_page_is_checked_before_anything_is_written(tmp_path):
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    (tmp_path / "bad.txt").write_bytes(b"Menu\n\xff\n")
    (tmp_path / "pages").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for args, messages in [
        (["a.txt", "missing.txt", "--out", "L"], ["missing.txt: no such file; check the path."]),
        (["pages", "--out", "L"], ["pages is a folder; give its pages, e.g. pages/*.txt."]),
        (["a.txt", "bad.txt", "missing.txt", "--out", "L"],  # one message per problem
         ["bad.txt:2: not valid UTF-8 (byte 5); save the file as UTF-8.", "missing.txt: no such file; check the path."]),
        (["a.txt", "--out", "afile"], ["--out afile is a file; name a folder (it is made if missing)."]),
        (["a.txt", "--out", ""], ["--out is an empty path (an unset variable?); name a folder."]),
        (["-", "--out", "L"], ["- (standard input) cannot be labelled: a label folder holds each page as a file; "
                               "save the page to a file and give its path."]),
        # A name longer than the file system takes was "cannot write x…x.txt (File name too long);
        # fix that, then rerun with --force" (exit code 1): Path.exists raised OSError.
        (["a.txt", "x" * 300 + ".txt", "--out", "L"], ["x" * 300 + ".txt: no such file; check the path."]),
    ]:
        out = _label(*args, cwd=tmp_path)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr.splitlines() == [f"boilerplate: {m}" for m in messages], (args, out.stderr)
        assert not (tmp_path / "L").exists() and not (tmp_path / "a.tsv").exists()
    # Nothing was left behind, so the corrected command runs without --force.
    assert _label("a.txt", "--out", "L", cwd=tmp_path).returncode == 0
    assert (tmp_path / "L" / "a.tsv").is_file()
    again = _label("a.txt", "--out", "L", cwd=tmp_path)
    assert again.returncode == 2 and "already exists and may hold corrections; leave its page out" in again.stderr


@pytest.mark.parametrize("folder", ["my pages", "-pages"])
def test_a_folder_given_as_a_page_is_told_a_glob_of_its_pages_that_can_be_pasted(tmp_path, folder):
    # "my pages is a folder; give its pages, e.g. my pages/*.txt.": pasted, that names my and pages/*.txt.
    import glob
    import shlex

    (tmp_path / folder).mkdir()
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / folder / "a.txt")
    out = _label("--out", "L", "--", folder, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    example = out.stderr.strip().partition(" e.g. ")[2].removesuffix(".")
    pasted = [page for word in shlex.split(example) for page in glob.glob(word, root_dir=tmp_path)]
    assert [tmp_path / page for page in pasted] == [tmp_path / folder / "a.txt"]
    assert _label("--out", "L", *pasted, cwd=tmp_path).returncode == 0


def test_a_file_where_the_label_folder_keeps_its_pages_is_refused_before_anything_is_written(tmp_path):
    # It failed at the first write: "cannot write L/pages (File exists); fix that, then rerun with --force."
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    (tmp_path / "L").mkdir()
    (tmp_path / "L" / "pages").write_text("a list of pages\n", encoding="utf-8")
    out = _label("a.txt", "--out", "L", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert out.stderr == ("boilerplate: --out L: L/pages is a file, where a label folder keeps its pages; move it "
                          "away or name another --out.\n")
    assert sorted(p.name for p in (tmp_path / "L").iterdir()) == ["pages"]


def test_the_pages_folder_of_a_label_folder_as_out_is_refused_before_anything_is_written(tmp_path):
    # It wrote L/pages/b.tsv and L/pages/pages/b.txt: L then did not load ("a label file in
    # pages/, where only pages are read"), and moving the file as told left its page behind.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    assert _label("a.txt", "--out", "L", cwd=tmp_path).returncode == 0
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "L").rglob("*"))
    out = _label("b.txt", "--out", "L/pages", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert out.stderr == ("boilerplate: --out L/pages is the pages folder of the label folder L, which holds label "
                          "files: label files go in L (give --out L, and only the new pages).\n")
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "L").rglob("*")) == before
    assert [page.stem for page in load_labels(tmp_path / "L")] == ["a"]
    # Named in another case, it is that folder where names are alike but for case (macOS,
    # Windows; here a link stands for it), and another folder where they are not.
    (tmp_path / "L" / "Pages").symlink_to("pages")
    out = _label("b.txt", "--out", "L/Pages", cwd=tmp_path)
    assert out.returncode == 2 and "is the pages folder of the label folder L" in out.stderr, out.stderr
    (tmp_path / "L" / "Pages").unlink()
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "L").rglob("*")) == before
    # A folder named pages elsewhere (not a label folder's) is a label folder like any other.
    assert _label("b.txt", "--out", "work/pages", cwd=tmp_path).returncode == 0
    assert [page.stem for page in load_labels(tmp_path / "work" / "pages")] == ["b"]


def test_the_pages_folder_of_a_label_folder_named_as_dot_is_refused_too(tmp_path):
    # Run from inside L/pages, --out . (or .. from a folder in it) has no name of its own:
    # it was taken for a label folder, and L/pages/b.tsv and L/pages/pages/b.txt were written.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    assert _label("a.txt", "--out", "L", cwd=tmp_path).returncode == 0
    (tmp_path / "L" / "pages" / "sub").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "L").rglob("*"))
    label_folder = tmp_path / "L"
    for out_name, cwd in ((".", tmp_path / "L" / "pages"), ("..", tmp_path / "L" / "pages" / "sub")):
        out = _label(str(tmp_path / "b.txt"), "--out", out_name, cwd=cwd)
        assert out.returncode == 2, out.stderr
        assert out.stderr == (f"boilerplate: --out {out_name} is the pages folder of the label folder {label_folder}, "
                              f"which holds label files: label files go in {label_folder} (give --out {label_folder}, "
                              "and only the new pages).\n")
        assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "L").rglob("*")) == before
    assert [page.stem for page in load_labels(tmp_path / "L")] == ["a"]


def test_the_label_folder_a_refused_pages_folder_is_told_to_give_can_be_pasted(tmp_path):
    # Unquoted, "give --out my labels" named two arguments.
    import shlex

    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    assert _label("a.txt", "--out", "my labels", cwd=tmp_path).returncode == 0
    out = _label("b.txt", "--out", "my labels/pages", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    given = out.stderr.rpartition("(give ")[2].partition(", and only the new pages")[0]
    assert shlex.split(given) == ["--out", "my labels"], out.stderr
    assert _label("b.txt", *shlex.split(given), cwd=tmp_path).returncode == 0
    assert [page.stem for page in load_labels(tmp_path / "my labels")] == ["a", "b"]


def test_existing_label_files_are_counted_not_only_the_first_named(tmp_path):
    # Only the first was named: a user who moved it aside was stopped again by the next.
    pages = [LABELS / "pages" / f"{stem}.txt" for stem in STEMS]
    prefill(pages, tmp_path)
    with pytest.raises(LabelFileExists, match=rf"{STEMS[0]}\.tsv already exists \(and 1 more\) and may hold "
                                              r"corrections; leave their pages out to label only new ones, or pass "
                                              r"--force to overwrite them\.$"):
        prefill(pages, tmp_path)
    with pytest.raises(LabelFileExists, match=r"\.tsv already exists and may hold corrections; leave its page out to "
                                              r"label only new ones, or pass --force to overwrite it\.$"):
        prefill(pages[:1], tmp_path)


def test_adding_pages_to_a_label_folder_is_told_to_leave_out_the_labelled_ones(tmp_path):
    """Rerun over my_pages/*.txt with new pages in it, the only advice was --force, which
    overwrites the person's corrections of the pages labelled before."""
    pages = [LABELS / "pages" / f"{stem}.txt" for stem in STEMS]
    prefill(pages[:1], tmp_path)
    with pytest.raises(LabelFileExists) as error:
        prefill(pages, tmp_path)
    assert "leave its page out to label only new ones, or pass --force" in str(error.value)


def test_label_help_says_what_it_does():
    out = subprocess.run([sys.executable, "-m", "boilerplate", "label", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "pre-filled with the model's labels" in out.stdout.split("positional arguments")[0]


def test_a_page_named_sites_is_refused_not_written_over_sites_tsv(tmp_path):
    """sites.txt's label file would be sites.tsv, the folder's list of sites: unreadable as
    either, and with --force the person's list would be overwritten."""
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "sites.txt")
    out = tmp_path / "L"
    out.mkdir()
    (out / "sites.tsv").write_text("page\tsite\na\tmysite\n", encoding="utf-8")
    for force in ([], ["--force"]):
        result = _label("sites.txt", "--out", "L", *force, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            "boilerplate: sites.txt: its label file would be sites.tsv, the label folder's list of sites; "
            "rename the page (e.g. sites_page.txt)."]
    assert (out / "sites.tsv").read_text(encoding="utf-8") == "page\tsite\na\tmysite\n"
    assert not (out / "pages").exists()


def test_a_page_named_sites_is_one_problem_among_the_others(tmp_path):
    """The README: every problem gets its message in one run, sites.txt and a name two
    pages share among them, so that one corrected command runs."""
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "sites.txt")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / d / "p.txt")
    result = _label("sites.txt", "a/p.txt", "b/p.txt", "missing.txt", "--out", "L", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "boilerplate: several pages are named p; rename them so each stem is unique.",
        "boilerplate: sites.txt: its label file would be sites.tsv, the label folder's list of sites; "
        "rename the page (e.g. sites_page.txt).",
        "boilerplate: missing.txt: no such file; check the path."]
    assert not (tmp_path / "L").exists()


def test_one_page_given_twice_is_labelled_once(tmp_path):
    """As clean does with one file given twice; two pages of one name are still refused."""
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    result = _label("a.txt", "./a.txt", "--out", "L", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Wrote 1 label file(s) to L/ with")  # the files written, not the paths given
    assert sorted(p.name for p in (tmp_path / "L").iterdir()) == ["a.tsv", "pages"]
    assert len(load_labels(tmp_path / "L")) == 1


def test_a_label_file_with_its_suffix_in_capitals_is_not_written_beside(tmp_path):
    # load_labels reads p.TSV as p.tsv: a p.tsv written beside it left the folder
    # unreadable ("two label files"), and the corrections in p.TSV were not guarded by --force.
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    prefill([page], tmp_path)
    (tmp_path / f"{STEMS[0]}.tsv").rename(tmp_path / f"{STEMS[0]}.TSV")
    corrected = (tmp_path / f"{STEMS[0]}.TSV").read_text(encoding="utf-8").replace("\tbody\t", "\tchrome\t", 1)
    (tmp_path / f"{STEMS[0]}.TSV").write_text(corrected, encoding="utf-8")
    with pytest.raises(LabelFileExists, match=rf"{STEMS[0]}\.TSV already exists"):
        prefill([page], tmp_path)
    assert prefill([page], tmp_path, force=True) == [tmp_path / f"{STEMS[0]}.TSV"]
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [f"{STEMS[0]}.TSV"]
    assert [p.stem for p in load_labels(tmp_path)] == [STEMS[0]]


def test_the_output_folder_is_listed_once_however_many_pages(tmp_path, monkeypatch):
    # Looking for a page's label file in another case listed the folder once per page:
    # 3,000 pages into a folder of 3,000 label files took 12.3 s (2.4 s listed once).
    pages = [LABELS / "pages" / f"{stem}.txt" for stem in STEMS]
    prefill(pages, tmp_path)
    listed = []
    iterdir = type(tmp_path).iterdir
    monkeypatch.setattr(type(tmp_path), "iterdir", lambda self: listed.append(self) or iterdir(self))
    assert prefill(pages, tmp_path, force=True) == [tmp_path / f"{stem}.tsv" for stem in STEMS]
    assert listed.count(tmp_path) == 1


def test_a_page_named_sites_in_capitals_is_refused(tmp_path):
    # Its label file SITES.tsv is the list of sites to load_labels (any case, as on a
    # case-insensitive file system).
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "SITES.txt")
    with pytest.raises(ValueError, match=r"its label file would be sites\.tsv, the label folder's list of sites"):
        prefill([tmp_path / "SITES.txt"], tmp_path / "L")


def test_a_page_whose_label_file_train_py_would_pass_over_or_take_for_excels_is_refused(tmp_path):
    """~$p.tsv is read as Excel's owner file (training stopped, advising to delete it, with
    the corrections) and ._p.tsv as macOS's resource file (passed over, silently): a page
    named so got a label file that train.py never reads."""
    for name in ("~$p.txt", "._q.txt"):
        shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / name)
    with pytest.raises(PageError) as error:
        prefill([tmp_path / "~$p.txt", tmp_path / "._q.txt"], tmp_path / "L")
    assert error.value.problems == [
        f"{tmp_path / '~$p.txt'}: its label file would be ~$p.tsv, which train.py takes for Excel's owner file; "
        "rename the page (e.g. p.txt).",
        f"{tmp_path / '._q.txt'}: its label file would be ._q.tsv, which train.py takes for macOS's resource file "
        "and passes over; rename the page (e.g. q.txt).",
    ]
    assert not (tmp_path / "L").exists()


def test_a_model_that_cannot_be_used_is_refused_before_anything_is_written(tmp_path):
    # The model was first used after out/pages was made: a path given as model= (or a
    # broken shipped model, for boilerplate label) left an empty label folder behind.
    page = tmp_path / "p.txt"
    page.write_text("Menu\n", encoding="utf-8")
    with pytest.raises(TypeError, match="not a path"):
        prefill([page], tmp_path / "out", model=str(REPO / "models"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("as_path", [False, True])
def test_one_page_given_as_a_path_not_a_list_is_refused_with_what_to_pass(tmp_path, as_path):
    # A str is an iterable of characters: each was read as a page's path ("p", ".", "t", …),
    # and a Path is no iterable at all (TypeError: 'PosixPath' object is not iterable).
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    with pytest.raises(TypeError, match=r"a list of pages.*\[page\]"):
        prefill(page if as_path else str(page), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_page_that_is_not_a_regular_file_is_refused(tmp_path):
    # /dev/null read as a page gave an empty label file for it.
    import os

    with pytest.raises(PageError) as error:
        prefill([os.devnull], tmp_path / "out")
    assert error.value.problems == [f"{os.devnull} is not a regular file; save the page to a file and give that."]
    assert not (tmp_path / "out").exists()


def test_a_page_that_cannot_be_read_is_told_why_in_a_few_words(tmp_path, monkeypatch):
    page = tmp_path / "p.txt"
    page.write_text("Menu\n", encoding="utf-8")

    real = Path.read_bytes

    def refuse(path):  # as a file without read permission (the tests may run as root, who reads it all the same)
        if path == page:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(PageError) as error:
        prefill([page], tmp_path / "out")
    assert error.value.problems == [f"{page}: cannot be read (Permission denied); make it readable, or leave it out."]


def test_a_broken_link_where_the_label_folder_keeps_its_pages_is_refused_before_anything_is_written(tmp_path):
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    (tmp_path / "L").mkdir()
    (tmp_path / "L" / "pages").symlink_to(tmp_path / "gone")
    with pytest.raises(PageError) as error:
        prefill([tmp_path / "a.txt"], tmp_path / "L")
    assert error.value.problems == [f"--out {tmp_path / 'L'}: {tmp_path / 'L' / 'pages'} is a file, where a label "
                                    "folder keeps its pages; move it away or name another --out."]
    assert sorted(p.name for p in (tmp_path / "L").iterdir()) == ["pages"]


def test_a_folder_named_like_a_label_file_is_not_taken_for_one(tmp_path):
    # Only files are label files (load_labels reads no folder): a folder p.TSV does not stop p.txt being labelled.
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    (tmp_path / f"{STEMS[0]}.TSV").mkdir()
    assert prefill([page], tmp_path) == [tmp_path / f"{STEMS[0]}.tsv"]
    assert [p.stem for p in load_labels(tmp_path)] == [STEMS[0]]


def test_a_page_in_the_folder_that_differs_only_in_white_space_is_another_page(tmp_path):
    # Its bytes are not the page's: writing the page over it would lose them.
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    (tmp_path / "pages").mkdir()
    mine = tmp_path / "pages" / page.name
    mine.write_bytes(page.read_bytes() + b"\n\n")
    with pytest.raises(LabelFileExists, match=r"already exists and is another page"):
        prefill([page], tmp_path)
    assert mine.read_bytes() == page.read_bytes() + b"\n\n"


def test_one_page_given_as_bytes_not_a_list_is_refused_with_what_to_pass(tmp_path):
    page = LABELS / "pages" / f"{STEMS[0]}.txt"
    with pytest.raises(TypeError, match=r"^prefill\(\) takes a list of pages, not one bytes; pass \[page\] for one page\.$"):
        prefill(bytes(page), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_empty_page_path_is_refused_not_taken_for_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PageError) as error:
        prefill([""], tmp_path / "out")
    assert error.value.problems == ["a page is an empty path (an unset variable?); name the page's file."]
    assert not (tmp_path / "out").exists()


def test_prefilled_labels_are_the_cleaners_with_the_config_given(tmp_path):
    # A threshold of 0.9 makes lines chrome that the default keeps: the labels to correct are those of that config.
    from boilerplate import Config, explain

    strict = Config(threshold=0.9)
    pages = [LABELS / "pages" / f"{s}.txt" for s in STEMS]
    prefill(pages, tmp_path / "strict", config=strict)
    prefill(pages, tmp_path / "default")
    strict_labels, default_labels = [], []
    for page in load_labels(tmp_path / "strict"):
        text = (LABELS / "pages" / f"{page.stem}.txt").read_text(encoding="utf-8")
        assert page.rows["label"].tolist() == [r.label for r in explain(text, config=strict) if r.label != "blank"]
        strict_labels += page.rows["label"].tolist()
    default_labels = [label for page in load_labels(tmp_path / "default") for label in page.rows["label"]]
    assert strict_labels != default_labels


def test_other_pages_already_in_the_folder_under_the_names_are_counted_not_only_the_first_named(tmp_path):
    pages = [LABELS / "pages" / f"{stem}.txt" for stem in STEMS]
    (tmp_path / "pages").mkdir()
    for page in pages:
        (tmp_path / "pages" / page.name).write_text("another page of the same name\n", encoding="utf-8")
    with pytest.raises(LabelFileExists) as error:
        prefill(pages, tmp_path)
    assert str(error.value) == (f"{tmp_path / 'pages' / pages[0].name} already exists (and 1 more) and is another "
                                "page; move them away or rename these pages, or pass --force to overwrite them.")
    assert not list(tmp_path.glob("*.tsv"))


def test_a_page_named_only_by_excels_prefix_is_told_a_name_to_rename_it_to(tmp_path):
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "~$.txt")
    with pytest.raises(PageError) as error:
        prefill([tmp_path / "~$.txt"], tmp_path / "L")
    assert error.value.problems == [f"{tmp_path / '~$.txt'}: its label file would be ~$.tsv, which train.py takes "
                                    "for Excel's owner file; rename the page (e.g. page.txt)."]


def test_a_page_file_named_minus_is_labelled_as_any_page(tmp_path, monkeypatch):
    # Only a '-' that names no file stands for standard input.
    monkeypatch.chdir(tmp_path)
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "-")
    assert [t.name for t in prefill(["-"], tmp_path / "out")] == ["-.tsv"]
    assert [page.stem for page in load_labels(tmp_path / "out")] == ["-"]


def test_the_pages_folder_of_a_label_folder_whose_label_files_are_named_in_capitals_is_refused_as_out(tmp_path):
    # A label file's suffix is read in any case (P.TSV, as load_labels reads it): the folder above is a label folder.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    assert _label("a.txt", "--out", "L", cwd=tmp_path).returncode == 0
    (tmp_path / "L" / "a.tsv").rename(tmp_path / "L" / "a.TSV")
    assert [page.stem for page in load_labels(tmp_path / "L")] == ["a"]
    out = _label("b.txt", "--out", "L/pages", cwd=tmp_path)
    assert out.returncode == 2 and "is the pages folder of the label folder L" in out.stderr, out.stderr


def test_a_folder_named_pages_beside_a_folder_named_like_a_label_file_is_a_label_folder_like_any_other(tmp_path):
    # notes.tsv is a folder, not a label file: the folder above pages/ is no label folder.
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    (tmp_path / "work" / "notes.tsv").mkdir(parents=True)
    out = _label("b.txt", "--out", "work/pages", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [page.stem for page in load_labels(tmp_path / "work" / "pages")] == ["b"]


def test_a_folder_pages_in_another_case_beside_a_label_folders_pages_is_a_label_folder_like_any_other(tmp_path):
    # Where names differ by case (here), L/Pages beside L/pages is another folder: not the pages
    # folder of the label folder L, so a label folder may be made there.
    shutil.copy(LABELS / "pages" / f"{STEMS[0]}.txt", tmp_path / "a.txt")
    shutil.copy(LABELS / "pages" / f"{STEMS[1]}.txt", tmp_path / "b.txt")
    assert _label("a.txt", "--out", "L", cwd=tmp_path).returncode == 0
    (tmp_path / "L" / "Pages").mkdir()
    if (tmp_path / "L" / "Pages").samefile(tmp_path / "L" / "pages"):
        pytest.skip("names alike but for case are one file here")
    out = _label("b.txt", "--out", "L/Pages", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [page.stem for page in load_labels(tmp_path / "L" / "Pages")] == ["b"]
    assert [page.stem for page in load_labels(tmp_path / "L")] == ["a"]
