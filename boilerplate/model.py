"""The line model: one scikit-learn pipeline, saved with joblib beside a receipt.

The pipeline is ``FunctionTransformer(featurize) → StandardScaler →
LogisticRegression(class_weight="balanced")``: the features travel with the weights,
so the two cannot drift apart. :func:`save_model` writes ``boilerplate.joblib`` and
``receipt.json`` (library versions, the sha256 of the label folder, the feature
names, the cross-validation scores). :func:`load_model` checks the receipt before
it trusts the file.

Security: joblib files are pickles, and loading a pickle runs code from it. By
default only the model shipped inside this package is loaded; pass a path only
for a file you made yourself or got from a source you trust.
"""

from __future__ import annotations

import json
import platform
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from .features import FEATURE_NAMES, feature_names_out, featurize

MODEL_FILE = "boilerplate.joblib"
RECEIPT_FILE = "receipt.json"

#: Inverse regularization strength. The training set is small (192 lines from
#: four sites), so the model is kept regularized. Chosen among 0.03–3 as the value
#: with the best mean line F1 on the development half of ../shared/bench among
#: those keeping the leave-one-site-out gate of train.py (see the README).
C = 0.2

RETRAIN_HINT = "run python train.py to rebuild it"

#: What a model file must be, for error messages.
EXPECTED_MODEL = f"a {MODEL_FILE} written by train.py, with its {RECEIPT_FILE} beside it"


class ModelError(RuntimeError):
    """The model file is missing, damaged or does not fit this code."""


def build_pipeline(c: float = C) -> Pipeline:
    """A fresh, unfitted pipeline: featurizer → scaler → logistic regression."""
    return Pipeline(
        [
            ("features", FunctionTransformer(featurize, feature_names_out=feature_names_out)),
            ("scale", StandardScaler()),
            ("classify", LogisticRegression(C=c, class_weight="balanced", max_iter=1000)),
        ]
    )


def body_probability(model: Pipeline, X: pd.DataFrame) -> np.ndarray:
    """The probability of ``body`` for each row of ``X`` (see :func:`featurize`)."""
    if len(X) == 0:
        return np.zeros(0)
    column = list(model.classes_).index("body")
    return model.predict_proba(X)[:, column]


def body_probability_from_features(model: Pipeline, values: np.ndarray) -> np.ndarray:
    """:func:`body_probability` for lines already featurized (rows of :func:`~boilerplate.features.line_table`).

    The scaler and the logistic regression of the pipeline are applied as one
    linear function, row by row: the same probabilities as the pipeline's
    ``predict_proba`` (to rounding), without its per-call checks and without
    BLAS threads, so each row's result does not depend on the rows beside it.
    """
    if len(values) == 0:
        return np.zeros(0)
    weights, bias = _linear_form(model)
    z = np.einsum("ij,j->i", values, weights) + bias
    return 1.0 / (1.0 + np.exp(-z))


def _linear_form(model: Pipeline) -> tuple[np.ndarray, float]:
    """Weights and bias of the body log-odds as a function of the unscaled features."""
    scale, classify = model.named_steps["scale"], model.named_steps["classify"]
    coef, intercept = classify.coef_[0], float(classify.intercept_[0])
    if list(classify.classes_).index("body") == 0:  # coef_ speaks for classes_[1]
        coef, intercept = -coef, -intercept
    weights = coef / scale.scale_
    return weights, intercept - float(np.dot(scale.mean_, weights))


def _versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "joblib": joblib.__version__,
    }


def save_model(model: Pipeline, folder: str | Path, receipt: dict[str, Any]) -> None:
    """Write the model and its receipt into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    full = {"versions": _versions(), "feature_names": list(FEATURE_NAMES), **receipt}
    joblib.dump(model, folder / MODEL_FILE, compress=3)
    (folder / RECEIPT_FILE).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def packaged_model_dir() -> Path:
    """Where the shipped model lives: inside the installed package, or ``models/`` of a checkout."""
    inside = Path(str(resources.files("boilerplate"))) / "models"
    if (inside / MODEL_FILE).is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "models"


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(path: str | Path | None = None) -> Pipeline:
    """Load a model, checking its receipt; with no ``path``, the packaged model (cached).

    Only pass a path to a file from a source you trust: joblib files can run code.
    """
    if path is None:
        return _load_packaged()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_packaged() -> Pipeline:
    return _load(packaged_model_dir() / MODEL_FILE)


def read_receipt(model_path: Path) -> dict[str, Any]:
    """The receipt beside a model file."""
    receipt_path = model_path.with_name(RECEIPT_FILE)
    try:
        receipt = json.loads(receipt_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"{receipt_path}: the model's receipt is missing (expected {EXPECTED_MODEL}); {RETRAIN_HINT}."
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"{receipt_path}: the receipt is not valid JSON ({exc}; expected the JSON object train.py writes); "
            f"{RETRAIN_HINT}."
        ) from None
    if not isinstance(receipt, dict):
        raise ModelError(
            f"{receipt_path}: the receipt holds a {type(receipt).__name__}, not the JSON object train.py writes; "
            f"{RETRAIN_HINT}."
        )
    return receipt


def _feature_difference(names: object) -> str:
    """What differs between a receipt's feature names and this code's, in a few words."""
    expected = len(FEATURE_NAMES)
    if not isinstance(names, list):
        return f"expected a list of {expected} feature names, found {type(names).__name__}"
    missing = [n for n in FEATURE_NAMES if n not in names]
    extra = [n for n in names if n not in FEATURE_NAMES]
    parts = [f"expected {expected} features, the model has {len(names)}"]
    if missing:
        parts.append("missing " + ", ".join(map(str, missing[:3])) + (" …" if len(missing) > 3 else ""))
    if extra:
        parts.append("unknown " + ", ".join(map(str, extra[:3])) + (" …" if len(extra) > 3 else ""))
    if not missing and not extra:
        parts.append("in another order")
    return "; ".join(parts)


def _load(path: Path) -> Pipeline:
    if not path.is_file():
        raise ModelError(f"{path}: no model file there (expected {EXPECTED_MODEL}); {RETRAIN_HINT}.")
    receipt = read_receipt(path)
    versions = receipt.get("versions")
    saved = versions.get("scikit-learn") if isinstance(versions, dict) else None
    if not isinstance(saved, str):
        raise ModelError(
            f"{path.with_name(RECEIPT_FILE)}: does not say which scikit-learn saved the model "
            f"(expected versions.scikit-learn, as train.py writes); {RETRAIN_HINT}."
        )
    if _minor(saved) != _minor(sklearn.__version__):
        raise ModelError(
            f"{path}: saved with scikit-learn {saved}, but {sklearn.__version__} is installed; "
            f"install scikit-learn {'.'.join(_minor(saved))}.* or {RETRAIN_HINT}."
        )
    names = receipt.get("feature_names")
    if names != list(FEATURE_NAMES):
        raise ModelError(
            f"{path}: made for another feature set than this code's ({_feature_difference(names)}); {RETRAIN_HINT}."
        )
    try:
        with warnings.catch_warnings():
            # Same minor release (checked above): scikit-learn's pickles of these
            # estimators do not change between patch releases.
            warnings.simplefilter("ignore", InconsistentVersionWarning)
            model = joblib.load(path)
    except Exception as exc:  # joblib raises many kinds for a damaged file
        raise ModelError(
            f"{path}: cannot be read ({type(exc).__name__}: {exc}; expected {EXPECTED_MODEL}); {RETRAIN_HINT}."
        ) from None
    if (
        not isinstance(model, Pipeline)
        or "body" not in getattr(model, "classes_", ())
        or [type(step) for _, step in model.steps] != [FunctionTransformer, StandardScaler, LogisticRegression]
    ):
        raise ModelError(
            f"{path}: holds a {type(model).__name__}, not a boilerplate line model (expected the scikit-learn "
            f"Pipeline train.py builds: featurizer, scaler, logistic regression, with a 'body' class); {RETRAIN_HINT}."
        )
    return model
