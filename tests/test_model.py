"""Loading the model: the shipped one works; a broken or foreign one gives one clear error."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from boilerplate import ModelError, clean, load_model
from boilerplate.features import FEATURE_NAMES
from boilerplate.labels import folder_hash
from boilerplate.model import MODEL_FILE, RECEIPT_FILE, packaged_model_dir

from .conftest import LABELS


@pytest.fixture
def model_copy(tmp_path):
    src = packaged_model_dir()
    for name in (MODEL_FILE, RECEIPT_FILE):
        shutil.copy(src / name, tmp_path / name)
    return tmp_path


def test_shipped_model_is_cached_and_matches_the_labels():
    assert load_model() is load_model()
    receipt = json.loads((packaged_model_dir() / RECEIPT_FILE).read_text(encoding="utf-8"))
    assert receipt["labels"] == [{"folder": "labels", "sha256": folder_hash(LABELS)}], "models/ is stale: run python train.py"


def test_an_explicit_path_loads(model_copy):
    model = load_model(model_copy / MODEL_FILE)
    assert model is not load_model()
    page = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    assert clean(page, model=model) == clean(page)


def _not_models():
    from boilerplate.model import build_pipeline

    model_path = str(packaged_model_dir() / MODEL_FILE)
    return [
        (model_path, r"model= takes a loaded model, not a path \(str\); pass load_model\('.*boilerplate\.joblib'\)"),
        (packaged_model_dir() / MODEL_FILE, r"not a path \(PosixPath\); pass load_model\("),
        (Pipeline([("a", None)]), r"model= takes a line model from boilerplate\.load_model\(path\), not this Pipeline"),
        (build_pipeline(), r"not this Pipeline \(expected the fitted Pipeline train\.py saves\); pass load_model\(path\)"),
        ({"scale": 1}, r"not this dict"),
    ]


@pytest.mark.parametrize(("model", "message"), _not_models())
def test_a_path_or_another_object_as_model_says_to_pass_load_model(model, message):
    import pandas as pd

    from boilerplate import clean_many, clean_series, explain

    for call in (lambda: clean("a page", model=model), lambda: explain("a page", model=model),
                 lambda: clean_many(["a page"], model=model), lambda: clean_series(pd.Series(["a page"]), model=model)):
        with pytest.raises(TypeError, match=message):
            call()


def test_a_model_of_another_feature_count_is_refused(model_copy):
    model = load_model(model_copy / MODEL_FILE)
    model.named_steps["scale"].scale_ = model.named_steps["scale"].scale_[:-1]
    with pytest.raises(TypeError, match="not this Pipeline"):
        clean("a page", model=model)


def test_a_folder_loads_its_model_file(model_copy, tmp_path_factory):
    page = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    model = load_model(model_copy)  # the folder train.py writes, as a Path …
    assert clean(page, model=model) == clean(page)
    assert clean(page, model=load_model(str(model_copy))) == clean(page)  # … and as a str
    empty = tmp_path_factory.mktemp("empty")
    with pytest.raises(ModelError, match=rf"empty\d*/boilerplate\.joblib: no model file there \({EXPECTED}\)"):
        load_model(empty)


# Every model error names the file, says what was expected and says to run train.py.
EXPECTED = r"expected a boilerplate\.joblib written by train\.py, with its receipt\.json beside it"


class BytesPathLike:
    """An os.PathLike whose path is bytes (as os.fsencode gives)."""

    def __fspath__(self) -> bytes:
        return b"models"


@pytest.mark.parametrize("path, error, message", [
    (3, TypeError, r"as str or pathlib\.Path, not int; pass nothing for the shipped model\.$"),
    (b"models", TypeError, r"not bytes"),
    (BytesPathLike(), TypeError, r"as str or pathlib\.Path, not BytesPathLike; pass nothing for the shipped model\.$"),
    ("", ValueError, r"^an empty path names no model"),
])
def test_a_model_path_that_names_no_file_says_so(path, error, message, tmp_path, monkeypatch):
    # "" was the current folder: its boilerplate.joblib, if any, was loaded.
    monkeypatch.chdir(tmp_path)
    shutil.copy(packaged_model_dir() / MODEL_FILE, tmp_path / MODEL_FILE)
    with pytest.raises(error, match=message):
        load_model(path)


def test_missing_model(tmp_path):
    from boilerplate.model import load_linear

    # the model file missing from a folder that is there (empty: no receipt either), named or as the folder
    for load in (load_model, load_linear):
        for path in (tmp_path / MODEL_FILE, tmp_path):
            with pytest.raises(ModelError, match=rf"boilerplate\.joblib: no model file there \({EXPECTED}\); run python train.py"):
                load(path)
    # a model's folder that has lost its model file but kept its receipt: it is a model's, to rebuild
    (tmp_path / RECEIPT_FILE).write_text("{}", encoding="utf-8")
    for load in (load_model, load_linear):
        with pytest.raises(ModelError, match=rf"boilerplate\.joblib: no model file there \({EXPECTED}\); run python train.py"):
            load(tmp_path)


def test_a_models_folder_named_like_a_receipt_loads(tmp_path):
    from boilerplate.model import load_linear

    folder = tmp_path / RECEIPT_FILE
    folder.mkdir()
    for name in (MODEL_FILE, RECEIPT_FILE):
        shutil.copy(packaged_model_dir() / name, folder / name)
    page = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    for load in (load_model, load_linear):
        assert clean(page, model=load(folder)) == clean(page)


# A name of 300 bytes is longer than file systems take (255): looking it up raised
# OSError (File name too long) out of Path.is_dir and Path.exists.
@pytest.mark.parametrize("name", ["nothere", "nothere/boilerplate.joblib", "my_model.joblib",
                                  pytest.param("x" * 300, id="too long"),
                                  pytest.param("x" * 300 + "/boilerplate.joblib", id="too long/boilerplate.joblib")])
def test_a_path_that_is_not_there_is_told_to_be_checked_not_rebuilt(name, tmp_path, monkeypatch):
    # A mistyped path: "run python train.py --model-dir ." would train a model into the
    # current folder. A boilerplate.joblib missing from a folder that is there is
    # test_missing_model's case.
    from boilerplate.model import load_linear

    monkeypatch.chdir(tmp_path)
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(name)
        assert str(error.value) == (f"{name}: no such file or folder; check the path (the folder train.py "
                                    "--model-dir wrote, or the boilerplate.joblib in it).")


@pytest.mark.parametrize("held", ["p.txt", "sub/x.jsonl"])
def test_a_folder_of_other_files_is_told_it_is_not_a_models_not_to_rebuild_one_there(held, tmp_path, monkeypatch):
    # Found running boilerplate clean --model pages/ for the README review: a folder of pages
    # (or an --out folder) was told its model file was missing and to "run python train.py
    # --labels DIR... --model-dir pages to rebuild it from the label folders it was trained on".
    from boilerplate.model import load_linear

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages" / held).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pages" / held).write_text("a page", encoding="utf-8")
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load("pages")
        assert str(error.value) == ("pages: not a model's folder (no boilerplate.joblib or receipt.json in it); name "
                                    "the folder train.py --model-dir wrote, or the boilerplate.joblib in it.")
        assert "train.py --labels" not in str(error.value)


def test_the_receipt_named_for_the_model_is_told_to_name_its_folder(model_copy):
    # Tab completion offers receipt.json beside boilerplate.joblib: it was read as a
    # pickle and the model, which is fine, was to be rebuilt.
    from boilerplate.model import load_linear

    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(model_copy / RECEIPT_FILE)
        assert str(error.value) == (f"{model_copy / RECEIPT_FILE}: the model's receipt, not the model; name the "
                                    f"folder it is in, {model_copy}, or the boilerplate.joblib beside it.")


def test_a_file_that_is_no_model_is_told_to_name_the_models_folder(tmp_path):
    # Found by review: a page given as the model (--model page.txt) was told that the
    # receipt.json of its folder is missing, and to train a model into that folder.
    from boilerplate.model import load_linear

    page = tmp_path / "page.txt"
    page.write_text("a page, not a model\n", encoding="utf-8")
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(page)
        assert str(error.value) == (f"{page}: not a model (a boilerplate.joblib written by train.py, with its "
                                    "receipt.json beside it); name the folder train.py --model-dir wrote, or the "
                                    "boilerplate.joblib in it.")
    out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--model", str(page), str(page)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip().endswith(str(error.value))


def test_a_label_folder_given_as_the_model_is_told_to_train_one_on_it(tmp_path):
    """--model my_labels (the folder boilerplate label wrote, not the one train.py writes)
    was told its model file is missing and to rebuild it into the label folder."""
    from boilerplate.labels import write_label_file
    from boilerplate.model import load_linear

    folder = tmp_path / "my labels"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "p.txt").write_text("Menu\n", encoding="utf-8")
    write_label_file(folder / "p.tsv", ["Menu"], ["chrome"])
    message = (f"{folder}: a label folder, not a model; train a model on it (python train.py --labels labels/ "
               f"'{folder}' --model-dir my_model/) and name the folder train.py --model-dir wrote.")
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(folder)
        assert str(error.value) == message
    out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--model", str(folder), str(folder / "pages")],
                         capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip().endswith(message), out.stderr
    with pytest.raises(ModelError) as error:  # not 'train.py --labels labels/ labels', a folder given twice
        load_model(LABELS)
    assert str(error.value) == (f"{LABELS}: the shipped model's label folder, not a model; name no model "
                                "to use the shipped one, which is trained on it.")


def test_truncated_model(model_copy):
    path = model_copy / MODEL_FILE
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ModelError, match=rf"boilerplate\.joblib: cannot be read .*{EXPECTED}\); run python train.py"):
        load_model(path)


def test_a_model_of_ones_own_is_told_to_be_rebuilt_into_its_own_folder(tmp_path):
    # "run python train.py" alone writes the shipped model in models/, not the user's folder.
    folder = tmp_path / "my model"
    folder.mkdir()
    with pytest.raises(ModelError) as error:
        load_model(folder)
    assert str(error.value).endswith(
        f"; run python train.py --labels DIR... --model-dir '{folder}' to rebuild it from the label folders it was trained on."
    )


def test_the_train_commands_told_for_folders_named_with_a_leading_dash_can_be_pasted(tmp_path, monkeypatch):
    # "--model-dir -m" and "--labels labels/ -L" were told: train.py takes -m and -L for options.
    import shlex

    from boilerplate.labels import write_label_file

    monkeypatch.chdir(tmp_path)
    Path("-m").mkdir()
    (tmp_path / "-L" / "pages").mkdir(parents=True)
    (tmp_path / "-L" / "pages" / "p.txt").write_text("Menu\n", encoding="utf-8")
    write_label_file(tmp_path / "-L" / "p.tsv", ["Menu"], ["chrome"])
    for given, told in (("-m", ["--labels", "DIR...", "--model-dir", "./-m"]),
                        ("-L", ["--labels", "labels/", "./-L", "--model-dir", "my_model/"])):
        with pytest.raises(ModelError) as error:
            load_model(Path(given))
        command = re.search(r"python train\.py( [^()]*?)(?= to rebuild|\))", str(error.value)).group(1)
        assert shlex.split(command) == told


def test_the_shipped_model_is_told_to_be_rebuilt_by_train_py(monkeypatch, tmp_path):
    import boilerplate.model

    checkout_models = Path(boilerplate.model.__file__).resolve().parent.parent / "models"
    monkeypatch.setattr(boilerplate.model, "_installed_model_dir", lambda: tmp_path / "nowhere")
    assert boilerplate.model._fix_for(checkout_models / MODEL_FILE) == "run python train.py to rebuild it"


def test_a_damaged_model_inside_an_installed_package_says_to_reinstall(model_copy, monkeypatch):
    # An installed package has no train.py beside it: the fix is to reinstall it.
    import boilerplate.model

    monkeypatch.setattr(boilerplate.model, "_installed_model_dir", lambda: model_copy)
    path = model_copy / MODEL_FILE
    path.write_bytes(path.read_bytes()[:10])  # joblib: EOFError, with no message of its own
    with pytest.raises(ModelError) as error:
        load_model(path)
    message = str(error.value)
    assert "(EOFError: the file ends too soon (truncated?); expected" in message
    assert message.endswith("; reinstall boilerplate (pip install --force-reinstall --no-deps . in its checkout) to restore the "
                            "shipped model.")
    assert "train.py to rebuild" not in message


def test_the_shipped_model_of_an_installed_package_of_another_scikit_learn_is_told_only_to_install_that(
        model_copy, monkeypatch):
    # "... or reinstall boilerplate (pip install --force-reinstall --no-deps . ...)" was told too,
    # which puts back the same model, saved with the same scikit-learn.
    import boilerplate.model

    monkeypatch.setattr(boilerplate.model, "_installed_model_dir", lambda: model_copy)
    receipt = json.loads((model_copy / RECEIPT_FILE).read_text(encoding="utf-8"))
    receipt["versions"]["scikit-learn"] = "1.2.0"
    (model_copy / RECEIPT_FILE).write_text(json.dumps(receipt), encoding="utf-8")
    with pytest.raises(ModelError) as error:
        load_model(model_copy)
    assert str(error.value).endswith(" is installed; install scikit-learn 1.2.* (pip install 'scikit-learn==1.2.*').")


def test_model_file_of_random_bytes(model_copy):
    path = model_copy / MODEL_FILE
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ModelError, match=rf"boilerplate\.joblib: cannot be read .*{EXPECTED}\); run python train.py"):
        load_model(path)


def test_missing_or_corrupt_receipt(model_copy):
    receipt = model_copy / RECEIPT_FILE
    receipt.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"receipt\.json: the receipt is not valid JSON .*expected the JSON object"):
        load_model(model_copy / MODEL_FILE)
    # Named in JSON's words: it said "holds a list", and "holds a NoneType" for null.
    for value, kind in (("[1, 2]", "an array"), ("null", "null"), ('"a model"', "a string")):
        receipt.write_text(value, encoding="utf-8")
        with pytest.raises(ModelError, match=rf"receipt\.json: the receipt holds {kind}, not the JSON object train.py"):
            load_model(model_copy / MODEL_FILE)
    receipt.write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"receipt\.json: does not say which scikit-learn .*run python train.py"):
        load_model(model_copy / MODEL_FILE)
    receipt.write_bytes(b'{"note": "\xff"}')  # not UTF-8, as train.py writes it
    with pytest.raises(ModelError, match=r"receipt\.json: the receipt is not valid JSON \('utf-8' codec can't decode"):
        load_model(model_copy / MODEL_FILE)
    receipt.unlink()
    for path in (model_copy / MODEL_FILE, model_copy):  # the file, or its folder
        with pytest.raises(ModelError, match=rf"receipt\.json: the model's receipt is missing \({EXPECTED}\); run python"):
            load_model(path)


@pytest.mark.parametrize(
    "change, words",
    [
        (
            lambda r: r["versions"].__setitem__("scikit-learn", "1.2.0"),
            r"saved with scikit-learn 1\.2\.0, but .* is installed; install scikit-learn 1\.2\.\* \(pip install 'scikit-learn==1\.2\.\*'\) or",
        ),
        (
            lambda r: r.__setitem__("feature_names", r["feature_names"][:-1]),
            rf"another feature set than this code's \(expected {len(FEATURE_NAMES)} features, "
            rf"the model has {len(FEATURE_NAMES) - 1}; missing {re.escape(FEATURE_NAMES[-1])}\)",
        ),
        (
            lambda r: r.__setitem__("feature_names", r["feature_names"][:-1] + ["colour"]),
            rf"another feature set .*; missing {re.escape(FEATURE_NAMES[-1])}; unknown colour\)",
        ),
        (
            lambda r: r.__setitem__("feature_names", r["feature_names"][::-1]),
            r"another feature set .*in another order\)",
        ),
        (  # three names are listed, and no more
            lambda r: r.__setitem__("feature_names", r["feature_names"][:-3]),
            rf"the model has {len(FEATURE_NAMES) - 3}; missing {', '.join(map(re.escape, FEATURE_NAMES[-3:]))}\)",
        ),
        (
            lambda r: r.__setitem__("feature_names", r["feature_names"][:-4]),
            rf"the model has {len(FEATURE_NAMES) - 4}; missing {', '.join(map(re.escape, FEATURE_NAMES[-4:-1]))} …\)",
        ),
        (
            lambda r: r.__setitem__("feature_names", r["feature_names"] + ["w", "x", "y", "z"]),
            rf"the model has {len(FEATURE_NAMES) + 4}; unknown w, x, y …\)",
        ),
        (
            lambda r: r.pop("feature_names"),
            rf"another feature set than this code's \(expected a list of {len(FEATURE_NAMES)} feature names, found none\)",
        ),
        (
            lambda r: r.__setitem__("feature_names", dict.fromkeys(r["feature_names"], 0)),
            rf"another feature set than this code's \(expected a list of {len(FEATURE_NAMES)} feature names, found an object\)",
        ),
        (
            lambda r: r.__setitem__("versions", [r["versions"]["scikit-learn"]]),
            r"receipt\.json: does not say which scikit-learn saved the model \(expected versions\.scikit-learn",
        ),
    ],
)
def test_incompatible_model(model_copy, change, words):
    path = model_copy / RECEIPT_FILE
    receipt = json.loads(path.read_text(encoding="utf-8"))
    change(receipt)
    path.write_text(json.dumps(receipt), encoding="utf-8")
    with pytest.raises(ModelError, match=rf"{words}.*run python train.py"):
        load_model(model_copy / MODEL_FILE)


def test_a_file_that_is_not_a_model(model_copy):
    import joblib

    joblib.dump({"not": "a model"}, model_copy / MODEL_FILE)
    with pytest.raises(ModelError, match=r"holds a dict, not a boilerplate line model \(expected the scikit-learn Pipeline"):
        load_model(model_copy / MODEL_FILE)


def test_a_pipeline_without_a_body_class_is_refused(model_copy):
    import joblib

    model = load_model(model_copy / MODEL_FILE)
    model.named_steps["classify"].classes_ = np.array(["chrome", "other"])
    joblib.dump(model, model_copy / MODEL_FILE)
    with pytest.raises(ModelError, match=r"holds a Pipeline, not a boilerplate line model \(.*with a 'body' class\)"):
        load_model(model_copy / MODEL_FILE)


def test_a_model_pickled_by_another_patch_release_loads_without_a_warning(model_copy, monkeypatch):
    # The receipt and the pickle record another patch release of this minor release of
    # scikit-learn: the receipt is accepted (only the minor release must match), and
    # scikit-learn's warning for the pickle (an error under -W error) is not raised.
    import warnings

    import joblib
    import sklearn
    import sklearn.base

    other_patch = ".".join(sklearn.__version__.split(".")[:2]) + ".999"
    model = load_model(model_copy / MODEL_FILE)
    with monkeypatch.context() as patch:
        patch.setattr(sklearn.base, "__version__", other_patch)
        joblib.dump(model, model_copy / MODEL_FILE)
    receipt = json.loads((model_copy / RECEIPT_FILE).read_text(encoding="utf-8"))
    receipt["versions"]["scikit-learn"] = other_patch
    (model_copy / RECEIPT_FILE).write_text(json.dumps(receipt), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = load_model(model_copy / MODEL_FILE)
    np.testing.assert_array_equal(loaded.named_steps["classify"].coef_, model.named_steps["classify"].coef_)


def test_a_failure_to_read_the_model_with_no_message_is_named_by_its_kind(model_copy, monkeypatch):
    import joblib

    def load(path):
        raise ValueError()

    monkeypatch.setattr(joblib, "load", load)
    with pytest.raises(ModelError, match=rf"boilerplate\.joblib: cannot be read \(ValueError; {EXPECTED}\)"):
        load_model(model_copy / MODEL_FILE)


def test_a_pipeline_of_other_steps_is_refused(model_copy):
    # The cleaner applies the scaler and the regression as one linear function,
    # so a pipeline built otherwise must be refused, not half-used.
    import joblib

    # load_model, not joblib.load: on another patch release of scikit-learn than the
    # model's, joblib.load warns (InconsistentVersionWarning), an error under pytest.
    model = load_model(model_copy / MODEL_FILE)
    joblib.dump(Pipeline([model.steps[0], model.steps[2]]), model_copy / MODEL_FILE)
    with pytest.raises(ModelError, match=r"featurizer, scaler, logistic regression.*run python train.py"):
        load_model(model_copy / MODEL_FILE)


def test_a_model_file_of_another_feature_count_than_its_receipt_is_refused(model_copy):
    """The model file and its receipt mismatching (a model file of an older feature set put
    back beside a newer receipt): load_model returned it, and cleaning with it then failed
    with a TypeError saying to pass load_model(path), and boilerplate clean --model with a
    traceback."""
    import joblib

    from boilerplate.model import load_linear

    model = load_model(model_copy / MODEL_FILE)
    scale, classify = model.named_steps["scale"], model.named_steps["classify"]
    scale.mean_, scale.scale_, scale.var_ = scale.mean_[:-3], scale.scale_[:-3], scale.var_[:-3]
    scale.n_features_in_ = classify.n_features_in_ = len(FEATURE_NAMES) - 3
    classify.coef_ = classify.coef_[:, :-3]
    joblib.dump(model, model_copy / MODEL_FILE)
    message = (f"{model_copy / MODEL_FILE}: the model has {len(FEATURE_NAMES) - 3} features, but its receipt and "
               f"this code {len(FEATURE_NAMES)} (a model file of another feature set beside this receipt?); run "
               f"python train.py --labels DIR... --model-dir {model_copy} to rebuild it from the label folders it "
               "was trained on.")
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(model_copy)
        assert str(error.value) == message
    out = subprocess.run([sys.executable, "-m", "boilerplate", "clean", "--model", str(model_copy), "-"],
                         input="Menu\n", capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr == f"boilerplate: {message}\n", out.stderr


@pytest.mark.parametrize("cut", ["scaler", "regression"])
def test_a_model_file_whose_scaler_or_regression_alone_has_another_feature_count_is_refused(model_copy, cut):
    # Each step is checked: the scaler's count alone was told as the regression's, "58
    # features, but its receipt and this code 58".
    import joblib

    from boilerplate.model import load_linear

    model = load_model(model_copy / MODEL_FILE)
    scale, classify = model.named_steps["scale"], model.named_steps["classify"]
    if cut == "scaler":
        scale.mean_, scale.scale_, scale.var_ = scale.mean_[:-3], scale.scale_[:-3], scale.var_[:-3]
    else:
        classify.coef_ = classify.coef_[:, :-3]
    joblib.dump(model, model_copy / MODEL_FILE)
    for load in (load_model, load_linear):
        with pytest.raises(ModelError, match=rf"boilerplate\.joblib: the model has {len(FEATURE_NAMES) - 3} features, "
                                             rf"but its receipt and this code {len(FEATURE_NAMES)} \("):
            load(model_copy)


def test_a_model_file_of_another_name_beside_its_receipt_loads(model_copy):
    from boilerplate.model import linear_model, load_linear

    (model_copy / MODEL_FILE).rename(model_copy / "model.pkl")
    model = load_model(model_copy / "model.pkl")
    np.testing.assert_array_equal(load_linear(model_copy / "model.pkl").weights, linear_model(model).weights)
    page = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    assert clean(page, model=model) == clean(page)


def test_a_models_folder_that_also_holds_a_label_file_loads(model_copy):
    # Only a folder without a model is taken for a label folder given in its place.
    (model_copy / "p.tsv").write_text("line_no\tlabel\trole\ttext\n", encoding="utf-8")
    assert isinstance(load_model(model_copy), Pipeline)


def test_a_save_that_fails_writing_the_receipt_leaves_the_model_and_receipt_there(model_copy, monkeypatch):
    from boilerplate.model import save_model

    before = {p.name: p.read_bytes() for p in model_copy.iterdir()}
    write_bytes = Path.write_bytes

    def full_disk(self, data):  # the model is written whole, the receipt runs out of space
        if not self.name.startswith(RECEIPT_FILE):
            return write_bytes(self, data)
        write_bytes(self, data[:10])  # what a full disk leaves: the start of the file
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError, match="No space left") as error:
        save_model(load_model(model_copy), model_copy, {})
    assert error.value.filename == str(model_copy / RECEIPT_FILE)  # the file meant, not its .part
    assert {p.name: p.read_bytes() for p in model_copy.iterdir()} == before  # no .part file either


def test_a_saved_receipt_names_its_model_files_sha256_so_cleaning_reads_the_receipt(model_copy, tmp_path):
    # With another sha256, load_linear quietly loads the model file with scikit-learn instead
    # of reading the receipt's function: cleaning still works, only its start-up is slow.
    from boilerplate.model import LINEAR_KEY, _linear_from_receipt, linear_model, save_model

    model = load_model(model_copy)
    save_model(model, tmp_path / "saved", {})
    receipt = json.loads((tmp_path / "saved" / RECEIPT_FILE).read_text(encoding="utf-8"))
    file_hash = hashlib.sha256((tmp_path / "saved" / MODEL_FILE).read_bytes()).hexdigest()
    assert receipt[LINEAR_KEY]["model_sha256"] == file_hash
    linear = _linear_from_receipt(receipt, tmp_path / "saved" / MODEL_FILE)
    assert linear is not None
    np.testing.assert_array_equal(linear.weights, linear_model(model).weights)


def test_a_save_over_a_model_file_that_is_a_link_writes_where_it_points(model_copy, tmp_path):
    # A folder of links to the model kept elsewhere: os.replace put a file in the link's place.
    from boilerplate.model import linear_model, load_linear, save_model

    kept = tmp_path / "kept"
    kept.mkdir()
    folder = tmp_path / "links"
    folder.mkdir()
    for name in (MODEL_FILE, RECEIPT_FILE):
        shutil.move(model_copy / name, kept / name)
        (folder / name).symlink_to(kept / name)
    model = load_model(folder)
    model.named_steps["classify"].coef_ = model.named_steps["classify"].coef_ * 2
    save_model(model, folder, {})
    assert all((folder / name).is_symlink() for name in (MODEL_FILE, RECEIPT_FILE))
    assert sorted(p.name for p in kept.iterdir()) == [MODEL_FILE, RECEIPT_FILE]  # no .part file left
    np.testing.assert_array_equal(load_linear(kept).weights, linear_model(model).weights)


def test_a_save_stopped_between_its_renames_leaves_a_new_model_whose_receipt_does_not_fit_it(model_copy, monkeypatch):
    # The model is put in place first: its receipt, the old one, names another file's sha256,
    # so the new model file itself is loaded (not the old model under a new receipt).
    import os

    from boilerplate.model import linear_model, load_linear, save_model

    model = load_model(model_copy)
    model.named_steps["classify"].coef_ = model.named_steps["classify"].coef_ * 2
    replace, calls = os.replace, []

    def stop_after_one(src, dst):
        if calls:
            raise KeyboardInterrupt
        calls.append(dst)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", stop_after_one)
    with pytest.raises(KeyboardInterrupt):
        save_model(model, model_copy, {})
    assert sorted(p.name for p in model_copy.iterdir()) == [MODEL_FILE, RECEIPT_FILE]
    np.testing.assert_array_equal(load_linear(model_copy).weights, linear_model(model).weights)


def test_an_installed_package_whose_model_file_is_gone_says_to_reinstall(tmp_path, monkeypatch):
    # No train.py beside the checkout's models/ (a wheel's site-packages): the package's
    # own folder stays the model's, and the fix is to reinstall, not to train.
    import boilerplate.model as model_module

    installed = tmp_path / "site" / "boilerplate" / "models"
    installed.mkdir(parents=True)
    monkeypatch.setattr(model_module, "_installed_model_dir", lambda: installed)
    monkeypatch.setattr(model_module, "_checkout_model_dir", lambda: tmp_path / "site" / "models")
    assert model_module.packaged_model_dir() == installed
    model_module._packaged_linear.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"boilerplate\.joblib: no model file there .*; reinstall boilerplate"):
            model_module.linear_model()
    finally:
        model_module._packaged_linear.cache_clear()


def test_the_default_model_is_the_packaged_one_wherever_you_run(tmp_path, monkeypatch):
    # joblib files are pickles: a models/ folder in the working directory must never
    # be picked up; only an explicit path loads another file.
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / MODEL_FILE).write_bytes(b"not the shipped model")
    before = packaged_model_dir()
    monkeypatch.chdir(tmp_path)
    assert packaged_model_dir() == before
    assert not before.is_relative_to(tmp_path)


# The linear function in the receipt: what cleaning with the packaged model reads,
# so that it starts without scikit-learn.


def test_the_receipt_holds_the_shipped_pipelines_linear_function():
    from boilerplate.model import LINEAR_KEY, linear_model

    receipt = json.loads((packaged_model_dir() / RECEIPT_FILE).read_text(encoding="utf-8"))
    record = receipt[LINEAR_KEY]
    assert record["model_sha256"] == hashlib.sha256((packaged_model_dir() / MODEL_FILE).read_bytes()).hexdigest()
    weights, bias = linear_model(load_model())
    np.testing.assert_allclose(record["weights"], weights, rtol=1e-12, atol=1e-15)
    assert record["bias"] == pytest.approx(bias, rel=1e-12, abs=1e-15)
    assert linear_model() is linear_model()  # read once
    np.testing.assert_array_equal(linear_model().weights, record["weights"])


def _linear_of_copy(model_copy, monkeypatch):
    from boilerplate import model as model_module

    monkeypatch.setattr(model_module, "packaged_model_dir", lambda: model_copy)
    model_module._packaged_linear.cache_clear()
    model_module._load_packaged.cache_clear()
    try:
        return model_module.linear_model()
    finally:
        model_module._packaged_linear.cache_clear()
        model_module._load_packaged.cache_clear()


@pytest.mark.parametrize(
    "damage",
    ["sha256 of another file", "no linear function", "a weight too few", "a weight not a number", "a weight NaN",
     "a bias infinite", "a bias not a number", "other features", "model file unreadable for its sha256"],
)
def test_a_receipt_that_does_not_fit_falls_back_to_the_model_file(model_copy, monkeypatch, damage):
    from boilerplate import model as model_module
    from boilerplate.model import LINEAR_KEY

    path = model_copy / RECEIPT_FILE
    receipt = json.loads(path.read_text(encoding="utf-8"))
    record = receipt[LINEAR_KEY]
    truth = np.array(record["weights"])
    record["weights"] = [0.0] * len(truth)  # what must not be used
    if damage == "sha256 of another file":
        record["model_sha256"] = "0" * 64
    elif damage == "no linear function":
        del receipt[LINEAR_KEY]
    elif damage == "a weight too few":
        record["weights"] = record["weights"][:-1]
    elif damage == "a weight not a number":
        record["weights"][0] = "NaN"
    elif damage == "a weight NaN":  # JSON's NaN, read back as a float
        record["weights"][0] = float("nan")
    elif damage == "a bias infinite":
        record["bias"] = float("inf")
    elif damage == "a bias not a number":
        record["bias"] = "0.5"
    elif damage == "model file unreadable for its sha256":  # the receipt cannot be tied to the file
        def unreadable(path):
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(model_module, "file_sha256", unreadable)
    if damage == "other features":
        # The model file and its sha256 are as train.py wrote them: only the names tell
        # the receipt's weights (and the model) from this code's features.
        record["weights"] = truth.tolist()
        receipt["feature_names"] = receipt["feature_names"][::-1]
        path.write_text(json.dumps(receipt), encoding="utf-8")
        with pytest.raises(ModelError, match="another feature set"):
            _linear_of_copy(model_copy, monkeypatch)
        return
    path.write_text(json.dumps(receipt), encoding="utf-8")
    weights, _ = _linear_of_copy(model_copy, monkeypatch)
    np.testing.assert_allclose(weights, truth, rtol=1e-12)


def test_a_damaged_model_file_is_not_hidden_by_its_receipt(model_copy, monkeypatch):
    (model_copy / MODEL_FILE).write_bytes(b"damaged")
    with pytest.raises(ModelError, match=r"boilerplate\.joblib: cannot be read"):
        _linear_of_copy(model_copy, monkeypatch)


def test_cleaning_with_the_packaged_model_imports_neither_scikit_learn_nor_pandas(tmp_path):
    page = LABELS / "pages" / "001_2e830d144a0854b1.txt"
    code = f"""
import sys
from boilerplate import clean, clean_many, explain
from boilerplate.cli import main
text = open({str(page)!r}, encoding="utf-8").read()
assert clean(text) and clean_many([text]) == [clean(text)] and explain(text)
assert main(["clean", "-q", {str(page)!r}, "--out", {str(tmp_path / "out")!r}]) == 0
print(" ".join(m for m in ("sklearn", "scipy", "pandas", "joblib") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert (tmp_path / "out" / page.name).read_text(encoding="utf-8") == clean(page.read_text(encoding="utf-8")) + "\n"


def test_cleaning_reads_the_receipt_whatever_scikit_learn_is_installed(model_copy, monkeypatch):
    path = model_copy / RECEIPT_FILE
    receipt = json.loads(path.read_text(encoding="utf-8"))
    receipt["versions"]["scikit-learn"] = "0.1.0"
    path.write_text(json.dumps(receipt), encoding="utf-8")
    weights, _ = _linear_of_copy(model_copy, monkeypatch)
    np.testing.assert_array_equal(weights, receipt["decision_function"]["weights"])
    with pytest.raises(ModelError, match="saved with scikit-learn 0.1.0"):
        load_model(model_copy / MODEL_FILE)


def test_a_rows_probability_is_the_same_to_the_last_bit_in_a_small_and_a_large_batch():
    # Up to SMALL_BATCH rows the log-odds are a running sum along each row; beyond, a
    # loop over the features: both must add in the same order.
    from boilerplate.model import SMALL_BATCH, LinearModel, body_probability_from_features

    rng = np.random.default_rng(7)
    k = 60
    large = np.asfortranarray(rng.normal(size=(SMALL_BATCH + 500, k)) * 10 ** rng.uniform(-4, 4, size=(1, k)))
    weights = rng.normal(size=k) * 10 ** rng.uniform(-3, 3, size=k)
    weights *= 20 / np.abs(large @ weights).max()  # log-odds within ±20: many rounding steps, no overflow
    model = LinearModel(weights, float(rng.normal()))
    whole = body_probability_from_features(model, large)
    for start in (0, 17, SMALL_BATCH - 3):
        part = np.asfortranarray(large[start : start + 40])
        assert body_probability_from_features(model, part).tobytes() == whole[start : start + 40].tobytes()


def test_a_rows_probability_does_not_depend_on_the_memory_layout_of_its_batch():
    # The running sum adds feature by feature in either layout; a sum along the rows of a
    # C-ordered array is pairwise, in another order.
    from boilerplate.model import SMALL_BATCH, LinearModel, body_probability_from_features

    rng = np.random.default_rng(3)
    k = 60
    large = np.asfortranarray(rng.normal(size=(SMALL_BATCH + 100, k)) * 10 ** rng.uniform(-4, 4, size=(1, k)))
    weights = rng.normal(size=k) * 10 ** rng.uniform(-3, 3, size=k)
    weights *= 20 / np.abs(large @ weights).max()
    model = LinearModel(weights, float(rng.normal()))
    whole = body_probability_from_features(model, large)
    part = np.ascontiguousarray(large[:40])
    assert body_probability_from_features(model, part).tobytes() == whole[:40].tobytes()


def test_log_odds_beyond_the_range_of_exp_give_0_and_1_without_an_overflow_warning():
    # A model trained on a few pages can weigh a feature that barely varied in them
    # heavily: a line of another page then has log-odds of -250,000 (seen in a
    # leave-one-site-out fold of two pre-filled pages). np.exp(250000) overflowed and
    # warned (an error under -W error); predict_proba's expit does neither.
    from scipy.special import expit

    from boilerplate.model import SMALL_BATCH, LinearModel, body_probability_from_features

    model = LinearModel(np.array([1.0, 0.5]), -0.25)
    for n in (4, SMALL_BATCH + 4):  # both ways of summing
        values = np.asfortranarray(np.tile([[-250000.0, 1.0], [1000.0, 0.0], [-709.5, 0.0], [0.3, 0.2]], (n // 4, 1)))
        p = body_probability_from_features(model, values)
        np.testing.assert_allclose(p, expit(values @ model.weights + model.bias), rtol=1e-15, atol=1e-300)
        assert p[0] == 0.0 and p[1] == 1.0


@pytest.mark.parametrize("params", [{"scale__with_mean": False}, {"scale__with_std": False},
                                    {"scale__with_mean": False, "scale__with_std": False}])
def test_the_linear_function_of_a_scaler_that_does_not_centre_or_scale_is_its_pipelines(params):
    # StandardScaler(with_mean=False) still records mean_ but does not subtract it: the
    # linear function subtracted it all the same, and its probabilities were off by up
    # to 0.16 from predict_proba's; with_std=False (scale_ None) was refused as no model.
    import pandas as pd

    from boilerplate.features import featurize
    from boilerplate.labels import load_labels
    from boilerplate.model import body_probability, body_probability_from_features, build_pipeline, linear_model

    pages = load_labels(LABELS)[:6]
    frame = pd.concat([p.rows.assign(page=i) for i, p in enumerate(pages)], ignore_index=True)
    X = frame[["page", "line_no", "text"]]
    model = build_pipeline().set_params(**params).fit(X, frame["label"])
    np.testing.assert_allclose(body_probability_from_features(linear_model(model), featurize(X).to_numpy()),
                               body_probability(model, X), rtol=1e-9, atol=1e-12)


def test_a_model_whose_scaler_does_not_scale_loads_as_its_linear_function_does(tmp_path):
    # StandardScaler(with_std=False) leaves scale_ None: load_linear read the model from
    # its receipt, but load_model refused it, saying it had 58 features where its receipt
    # and this code had 58.
    import pandas as pd

    from boilerplate.features import featurize
    from boilerplate.labels import load_labels
    from boilerplate.model import body_probability, body_probability_from_features, build_pipeline, load_linear, save_model

    pages = load_labels(LABELS)[:6]
    frame = pd.concat([p.rows.assign(page=i) for i, p in enumerate(pages)], ignore_index=True)
    X = frame[["page", "line_no", "text"]]
    save_model(build_pipeline().set_params(scale__with_std=False).fit(X, frame["label"]), tmp_path, {})
    np.testing.assert_allclose(body_probability(load_model(tmp_path), X),
                               body_probability_from_features(load_linear(tmp_path), featurize(X).to_numpy()),
                               rtol=1e-9, atol=1e-12)


def test_a_page_of_no_lines_has_no_body_probabilities():
    # scikit-learn refuses zero rows ("Found array with 0 sample(s)"): a page with no
    # line has no probability, as body_probability_from_features gives it.
    import pandas as pd

    from boilerplate.features import featurize
    from boilerplate.model import body_probability, body_probability_from_features, linear_model

    X = pd.DataFrame({"page": pd.Series([], dtype=int), "line_no": pd.Series([], dtype=int),
                      "text": pd.Series([], dtype=str)})
    for p in (body_probability(load_model(), X), body_probability_from_features(linear_model(), featurize(X).to_numpy())):
        assert p.shape == (0,)


def test_a_model_of_another_feature_count_in_all_its_steps_is_refused(model_copy):
    # A pipeline fitted on one feature fewer (a model of an older feature set): its scaler and
    # regression agree with each other, but not with the features this code computes.
    model = load_model(model_copy / MODEL_FILE)
    scale, classify = model.named_steps["scale"], model.named_steps["classify"]
    scale.mean_, scale.var_, scale.scale_ = scale.mean_[:-1], scale.var_[:-1], scale.scale_[:-1]
    classify.coef_ = classify.coef_[:, :-1]
    with pytest.raises(TypeError, match="not this Pipeline"):
        clean("a page", model=model)


def test_the_shipped_models_folder_without_its_model_is_told_to_be_rebuilt_not_to_be_another_folder(monkeypatch, tmp_path):
    # models/ of a checkout that lost boilerplate.joblib and receipt.json but holds other
    # files (a README): it is the shipped model's folder, whose fix is to rebuild it.
    import boilerplate.model

    shipped = tmp_path / "models"
    shipped.mkdir()
    (shipped / "README.md").write_text("the shipped model\n", encoding="utf-8")
    monkeypatch.setattr(boilerplate.model, "_checkout_model_dir", lambda: shipped)
    monkeypatch.setattr(boilerplate.model, "_installed_model_dir", lambda: tmp_path / "nowhere")
    with pytest.raises(ModelError, match=rf"boilerplate\.joblib: no model file there \({EXPECTED}\); run python train.py to rebuild it\.$"):
        load_model(shipped)


@pytest.mark.parametrize("held", ["pages/", "P.TSV"])
def test_a_label_folder_of_only_pages_or_a_label_file_in_capitals_is_told_to_train_one_on_it(tmp_path, held):
    # load_labels reads a label file whatever the case of its suffix; pages/ alone is a label folder begun.
    folder = tmp_path / "my_labels"
    folder.mkdir()
    if held.endswith("/"):
        (folder / held).mkdir()
    else:
        (folder / held).write_text("line_no\tlabel\trole\ttext\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"my_labels: a label folder, not a model; train a model on it"):
        load_model(folder)


def test_a_model_file_of_another_name_without_its_receipt_is_told_its_receipt_is_missing(tmp_path):
    # A .joblib is taken for a model file, whatever its name: what it lacks is its receipt.
    shutil.copy(packaged_model_dir() / MODEL_FILE, tmp_path / "my_model.joblib")
    with pytest.raises(ModelError, match=rf"receipt\.json: the model's receipt is missing \({EXPECTED}\)"):
        load_model(tmp_path / "my_model.joblib")


@pytest.mark.parametrize("names, told", [
    (["my_site.joblib"], "{folder} holds my_site.joblib: if it is the model, rename it boilerplate.joblib again (or "
                         "name it in place of the folder); else run python train.py"),
    (["a.joblib", "b.joblib"], "{folder} holds a.joblib, b.joblib: if one is the model, rename it boilerplate.joblib "
                               "again (or name it in place of the folder); else run python train.py"),
    (["a.joblib", "b.joblib", "c.joblib"], "{folder} holds a.joblib, b.joblib, c.joblib: if one is the model, "
                                           "rename it boilerplate.joblib again"),
    (["a.joblib", "b.joblib", "c.joblib", "d.joblib"], "{folder} holds a.joblib, b.joblib, c.joblib …: if one is "
                                                       "the model, rename it boilerplate.joblib again"),
])
def test_a_model_file_renamed_in_its_folder_is_named_with_the_model_it_misses(model_copy, names, told):
    # Told only that the model file is missing and to rebuild the model from its label folders.
    from boilerplate.model import load_linear

    for name in names:
        shutil.copy(model_copy / MODEL_FILE, model_copy / name)
    (model_copy / MODEL_FILE).unlink()
    for load in (load_model, load_linear):
        with pytest.raises(ModelError) as error:
            load(model_copy)
        assert str(error.value).startswith(f"{model_copy / MODEL_FILE}: no model file there (expected a "
                                           "boilerplate.joblib written by train.py, with its receipt.json beside it); "
                                           + told.format(folder=model_copy)), str(error.value)
    # named in place of the folder, as told, it loads
    assert isinstance(load_model(model_copy / names[0]), Pipeline)


def test_a_folder_named_like_a_model_file_beside_the_missing_model_is_not_named_as_the_model(model_copy):
    # A folder old.joblib (a backup of a model folder, say) is no model file that could be renamed.
    (model_copy / MODEL_FILE).unlink()
    (model_copy / "old.joblib").mkdir()
    with pytest.raises(ModelError) as error:
        load_model(model_copy)
    assert str(error.value).startswith(f"{model_copy / MODEL_FILE}: no model file there (expected a boilerplate.joblib "
                                       "written by train.py, with its receipt.json beside it); run python train.py"), (
        str(error.value))
