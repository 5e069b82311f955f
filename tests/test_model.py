"""Loading the model: the shipped one works; a broken or foreign one gives one clear error."""

from __future__ import annotations

import json
import shutil

import pytest

from boilerplate import ModelError, clean, load_model
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


def test_missing_model(tmp_path):
    with pytest.raises(ModelError, match=r"no model file there; run python train.py"):
        load_model(tmp_path / MODEL_FILE)


def test_truncated_model(model_copy):
    path = model_copy / MODEL_FILE
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ModelError, match=r"boilerplate\.joblib: cannot be read .*run python train.py"):
        load_model(path)


def test_missing_or_corrupt_receipt(model_copy):
    receipt = model_copy / RECEIPT_FILE
    receipt.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        load_model(model_copy / MODEL_FILE)
    receipt.unlink()
    with pytest.raises(ModelError, match="receipt is missing"):
        load_model(model_copy / MODEL_FILE)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda r: r["versions"].__setitem__("scikit-learn", "1.2.0"), "saved with scikit-learn 1.2.0"),
        (lambda r: r.__setitem__("feature_names", r["feature_names"][:-1]), "another feature set"),
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
    with pytest.raises(ModelError, match="does not hold a boilerplate line model"):
        load_model(model_copy / MODEL_FILE)
