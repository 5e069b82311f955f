"""The line model: one scikit-learn pipeline, saved with joblib beside a receipt.

The pipeline is ``FunctionTransformer(featurize) → StandardScaler →
LogisticRegression``: the features travel with the weights,
so the two cannot drift apart. :func:`save_model` writes ``boilerplate.joblib`` and
``receipt.json`` (library versions, the sha256 of the label folder, the feature
names, the cross-validation scores) and, in the receipt, the fitted scaler and
regression folded into one linear function of the features, tied to the model file
by its sha256. :func:`load_model` checks the receipt before it trusts the file.

Cleaning needs only that linear function (:func:`linear_model`): with the packaged
model, ``clean`` and the command line read it from the receipt and never import
scikit-learn, pandas or joblib, which would take most of a second at start-up.

Security: joblib files are pickles, and loading a pickle runs code from it. By
default only the model shipped inside this package is loaded; pass a path only
for a file you made yourself or got from a source you trust.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import platform
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .features import FEATURE_NAMES
from .folders import write_whole
from .shell import shell_path

if TYPE_CHECKING:  # scikit-learn and pandas are imported only where a pipeline is built or loaded
    import pandas as pd
    from sklearn.pipeline import Pipeline

MODEL_FILE = "boilerplate.joblib"
RECEIPT_FILE = "receipt.json"

#: The receipt's key for the linear function (see :func:`linear_model`).
LINEAR_KEY = "decision_function"

#: Inverse regularization strength. The training set is small (192 lines from
#: four sites), so the model is kept regularized. Chosen together with
#: :data:`CLASS_WEIGHT`, on a grid of C from 0.01 to 3 by both weightings, as the pair
#: with the best mean line F1 on the development half of ../shared/bench among those
#: whose leave-one-site-out scores meet issue 6's aims (line F1 ≥ 0.95,
#: character-weighted F1 ≥ 0.98): ``python bench/choose_c.py`` (see the README).
C = 0.02

#: How the regression weighs the two classes: ``None``, every labelled line alike, so
#: the probabilities follow the share of body lines in the labels; ``"balanced"``,
#: body and chrome as if they were equally common. Chosen with :data:`C`.
CLASS_WEIGHT: str | None = None

RETRAIN_HINT = "run python train.py to rebuild it"

#: What a model file must be, for error messages.
EXPECTED_MODEL = f"a {MODEL_FILE} written by train.py, with its {RECEIPT_FILE} beside it"


class ModelError(RuntimeError):
    """The model file is missing, damaged or does not fit this code."""


class LinearModel(NamedTuple):
    """The body log-odds of a line as ``features · weights + bias``: the fitted scaler
    and logistic regression of a pipeline as one function of the unscaled features.
    """

    weights: np.ndarray
    bias: float


def build_pipeline(c: float = C, class_weight: str | None = CLASS_WEIGHT) -> Pipeline:
    """A fresh, unfitted pipeline: featurizer → scaler → logistic regression (see :data:`C`, :data:`CLASS_WEIGHT`)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    from .features import feature_names_out, featurize

    return Pipeline(
        [
            ("features", FunctionTransformer(featurize, feature_names_out=feature_names_out)),
            ("scale", StandardScaler()),
            ("classify", LogisticRegression(C=c, class_weight=class_weight, max_iter=1000)),
        ]
    )


def body_probability(model: Pipeline, X: pd.DataFrame) -> np.ndarray:
    """The probability of ``body`` for each row of ``X`` (see :func:`~boilerplate.features.featurize`)."""
    if len(X) == 0:
        return np.zeros(0)
    column = list(model.classes_).index("body")
    return model.predict_proba(X)[:, column]


def body_probability_from_features(model: LinearModel, values: np.ndarray) -> np.ndarray:
    """:func:`body_probability` for lines already featurized (rows of :func:`~boilerplate.features.line_table`).

    ``model`` is the pipeline's :func:`linear_model`: the same probabilities as the
    pipeline's ``predict_proba`` (to rounding), without its per-call checks and
    without BLAS threads. Each row's sum is taken in one fixed order, feature by
    feature, so a line's probability is the same to the last bit whatever rows
    lie beside it: alone (``clean``, ``explain``) or in a batch (``clean_many``),
    it meets a threshold equal to its own ``p_body`` the same way. (A dot product
    or ``einsum`` over the rows sums in an order that depends on the memory layout
    and length of the batch.)

    >>> model = LinearModel(np.array([0.5, -2.0]), 0.25)
    >>> body_probability_from_features(model, np.array([[1.0, 0.0], [0.0, 1.0]])).round(3).tolist()
    [0.679, 0.148]
    """
    n = len(values)
    if n == 0:
        return np.zeros(0)
    if n <= SMALL_BATCH:
        # A few rows (one page): a running sum along each row, which adds in the same
        # order as the loop below, ((bias + w0·x0) + w1·x1) + …, in two calls instead
        # of two per feature. Addition commutes exactly, so bias + t equals t + bias.
        terms = values * model.weights
        terms[:, 0] += model.bias
        z = np.cumsum(terms, axis=1)[:, -1]
    else:
        # Column by column: each element gets its own multiply and add, in feature
        # order (NumPy's elementwise ufuncs do not fuse or reorder them); the feature
        # table is Fortran-ordered, so each column is contiguous.
        z = np.full(n, model.bias, dtype=np.float64)
        term = np.empty(n, dtype=np.float64)
        for j, weight in enumerate(model.weights.tolist()):
            np.multiply(values[:, j], weight, out=term)
            z += term
    # Log-odds below about -709 (a model of a few pages can weigh a feature that barely
    # varied in them heavily) overflow exp to inf, and the probability is 0, as expit's.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


#: Up to this many rows, :func:`body_probability_from_features` takes a running sum
#: along each row; beyond, a loop over the features (fewer, larger array operations).
#: Both add in the same order, so the result does not depend on it. For 100 features
#: the two cost the same at about 250 rows (50 rows: 20 µs against 89 µs; 1,000 rows:
#: 944 µs against 117 µs).
SMALL_BATCH = 200


def linear_model(model: Pipeline | None = None) -> LinearModel:
    """The linear function of the features that gives a pipeline's body log-odds.

    With no ``model``, the packaged model's, read from its receipt (cached): the
    receipt holds it with the sha256 of the model file it was taken from, and when
    that does not match, or the receipt predates it, the model file itself is loaded
    (with :func:`load_model`'s checks and errors); :func:`load_linear` does the same
    for a model file you name. A :class:`LinearModel` is returned as it is.

    A ``model`` that is a path, or not a fitted pipeline of this shape, gives a
    ``TypeError`` saying to pass what :func:`load_model` returns: loading a file is
    left to :func:`load_model`, called once (it reads a pickle; see the module).
    """
    if model is None:
        return _packaged_linear()
    if isinstance(model, LinearModel):  # already one: load_linear's, or this function's
        return model
    if isinstance(model, (str, os.PathLike)):
        raise TypeError(
            f"model= takes a loaded model, not a path ({type(model).__name__}); "
            f"pass load_model({os.fspath(model)!r}), loaded once and reused for every call."
        )
    try:
        scale, classify = model.named_steps["scale"], model.named_steps["classify"]
        coef, intercept = np.asarray(classify.coef_[0], dtype=float), float(classify.intercept_[0])
        if list(classify.classes_).index("body") == 0:  # coef_ speaks for classes_[1]
            coef, intercept = -coef, -intercept
        # A scaler made with with_mean=False records mean_ but does not subtract it;
        # with_std=False leaves scale_ None.
        weights = coef / scale.scale_ if scale.with_std else coef
        bias = intercept - float(np.dot(scale.mean_, weights)) if scale.with_mean else intercept
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        weights = None
    if weights is None or weights.shape != (len(FEATURE_NAMES),):
        raise TypeError(
            f"model= takes a line model from boilerplate.load_model(path), not this {type(model).__name__} "
            "(expected the fitted Pipeline train.py saves); pass load_model(path), or leave model out for the shipped one."
        )
    return LinearModel(weights, bias)


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _linear_record(model: Pipeline, dumped: bytes) -> dict[str, Any]:
    """What the receipt holds of :func:`linear_model` (floats round-trip exactly through JSON),
    with the sha256 of the model file's bytes, ``dumped``."""
    weights, bias = linear_model(model)
    return {"model_sha256": hashlib.sha256(dumped).hexdigest(), "weights": [float(w) for w in weights], "bias": bias}


def _linear_from_receipt(receipt: dict[str, Any], model_path: Path) -> LinearModel | None:
    """The receipt's linear function, if it is whole, fits this code's features and the file."""
    record = receipt.get(LINEAR_KEY)
    if not isinstance(record, dict) or receipt.get("feature_names") != list(FEATURE_NAMES):
        return None
    weights, bias = record.get("weights"), record.get("bias")
    if not (
        isinstance(weights, list)
        and len(weights) == len(FEATURE_NAMES)
        and all(isinstance(w, float) and math.isfinite(w) for w in weights)
        and isinstance(bias, float)
        and math.isfinite(bias)
    ):
        return None
    try:
        if record.get("model_sha256") != file_sha256(model_path):
            return None
    except OSError:
        return None
    return LinearModel(np.array(weights, dtype=float), bias)


def load_linear(path: str | Path) -> LinearModel:
    """The linear function of the model at ``path`` (its file, or the folder ``train.py``
    wrote it into), which is all cleaning needs (``boilerplate clean --model``).

    It is read from the model's receipt when the receipt holds it for this very file
    (by its sha256) and this code's features: no scikit-learn import, no pickle
    loaded. Otherwise the model file is loaded, with :func:`load_model`'s checks and
    errors (a :class:`ModelError` saying what to do): only name a file from a source
    you trust.
    """
    path = _named_model_file(path)
    if not path.is_file():
        raise ModelError(_no_model_file(path))
    return _linear_from_receipt(read_receipt(path), path) or linear_model(_load(path))


def model_file(path: str | Path) -> Path:
    """The model file a path names: a folder (as ``train.py --model-dir`` writes it)
    stands for its ``boilerplate.joblib``; any other path for itself.

    A path that is not a ``str`` or ``os.PathLike`` raises ``TypeError``, and an empty
    one ``ValueError``: ``Path("")`` would be the current folder.
    """
    if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise TypeError(f"a model is named by the path of its file or folder, as str or pathlib.Path, not "
                        f"{type(path).__name__}; pass nothing for the shipped model.")
    if not os.fspath(path):
        raise ValueError("an empty path names no model (an unset variable?); give the model's file or folder, "
                         "or nothing for the shipped model.")
    path = Path(path)
    # os.path's test, not Path's: Path.is_dir raises (before Python 3.14) where the path
    # cannot be looked at, such as a name longer than the file system takes.
    return path / MODEL_FILE if os.path.isdir(path) else path


def not_there(path: str | Path) -> str:
    """What to say of a model path the user gave that is not there: a typo, to be checked."""
    return (f"{path}: no such file or folder; check the path (the folder train.py --model-dir wrote, "
            f"or the {MODEL_FILE} in it).")


def _named_model_file(path: str | Path) -> Path:
    """:func:`model_file` for a path the user gave, which must be there: a mistyped path
    is told to be checked, not rebuilt (the fix for a model file missing from a folder
    that is there, a boilerplate.joblib in it or the folder itself), and the receipt
    to be replaced by its folder (read as a pickle, it would fail and the model, which
    is fine, would be told to be rebuilt), and a label folder to be trained on."""
    file = model_file(path)
    given = Path(path)
    # os.path's tests, as in model_file: a name too long to be a file's is not there either.
    if not os.path.exists(given) and not (given.name == MODEL_FILE and os.path.isdir(given.parent)):
        raise ModelError(not_there(given))
    if given.name == RECEIPT_FILE and given.is_file():  # beside the model: tab completion offers both
        raise ModelError(f"{given}: the model's receipt, not the model; name the folder it is in, {given.parent}, "
                         f"or the {MODEL_FILE} beside it.")
    no_model = given.is_dir() and not file.exists() and not (given / RECEIPT_FILE).exists()
    if no_model and _is_label_folder(given):
        # The folder boilerplate label wrote, given for the one train.py writes (--model my_labels):
        # it was told its model file is missing, and to rebuild the model into the label folder.
        if given.resolve() == (_checkout_model_dir().parent / "labels").resolve():
            raise ModelError(f"{given}: the shipped model's label folder, not a model; name no model to use the "
                             "shipped one, which is trained on it.")
        raise ModelError(f"{given}: a label folder, not a model; train a model on it (python train.py --labels "
                         f"labels/ {shell_path(given)} --model-dir my_model/) and name the folder train.py "
                         "--model-dir wrote.")
    shipped = (_checkout_model_dir(), _installed_model_dir())  # their fix: rebuild, reinstall
    if no_model and _holds_files(given) and given.resolve() not in {folder.resolve() for folder in shipped}:
        # A folder of something else (--model my_pages/, or an --out folder): it was told its model
        # file is missing, and to rebuild the model into it "from the label folders it was trained on".
        raise ModelError(f"{given}: not a model's folder (no {MODEL_FILE} or {RECEIPT_FILE} in it); name the "
                         f"folder train.py --model-dir wrote, or the {MODEL_FILE} in it.")
    if given.is_file() and given.suffix != ".joblib" and not given.with_name(RECEIPT_FILE).exists():
        # A page or some other file given by mistake (--model page.txt): no receipt beside it, so
        # it was told that the receipt (of the folder it is in) is missing, and to train a model there.
        raise ModelError(f"{given}: not a model ({EXPECTED_MODEL}); name the folder train.py --model-dir "
                         f"wrote, or the {MODEL_FILE} in it.")
    return file


def _holds_files(folder: Path) -> bool:
    """Whether a folder holds anything: an empty one may be a model's whose files are gone."""
    try:
        return any(True for _ in folder.iterdir())
    except OSError:
        return False


def _is_label_folder(folder: Path) -> bool:
    """Whether a folder holds label files (``*.tsv``) or ``pages/``, as a label folder does."""
    try:
        return (folder / "pages").is_dir() or any(p.suffix.lower() == ".tsv" for p in folder.iterdir())
    except OSError:
        return False


@lru_cache(maxsize=1)
def _packaged_linear() -> LinearModel:
    return load_linear(packaged_model_dir() / MODEL_FILE)


def _versions() -> dict[str, str]:
    import joblib
    import pandas as pd
    import sklearn

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "joblib": joblib.__version__,
    }


def save_model(model: Pipeline, folder: str | Path, receipt: dict[str, Any]) -> None:
    """Write the model and its receipt into ``folder``.

    Both are written whole (:func:`folders.write_whole`): a write that fails (a full
    disk: the ``OSError`` is raised) or is stopped leaves the model and receipt that
    were there, and no ``.part`` file.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    import joblib

    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)  # the same bytes as dumped to a file
    dumped = buffer.getvalue()
    full = {
        "versions": _versions(),
        "feature_names": list(FEATURE_NAMES),
        **receipt,
        LINEAR_KEY: _linear_record(model, dumped),
    }
    # The model is renamed into place first. Stopped between the two renames, the new model
    # has the old receipt, whose sha256 does not fit it: load_linear then loads the (whole)
    # model file instead of the receipt's function.
    write_whole({
        folder / MODEL_FILE: dumped,
        folder / RECEIPT_FILE: (json.dumps(full, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    })


def _installed_model_dir() -> Path:
    """Where an installed package (a wheel) keeps the shipped model."""
    return Path(str(resources.files("boilerplate"))) / "models"


def _checkout_model_dir() -> Path:
    """Where a checkout of the repository keeps the shipped model: ``models/`` beside the package."""
    return Path(__file__).resolve().parent.parent / "models"


def packaged_model_dir() -> Path:
    """Where the shipped model lives: inside the installed package, or ``models/`` of a checkout.

    An installed package whose model file is gone keeps its own folder (its errors say
    to reinstall); only a checkout, with ``train.py`` beside the package, has ``models/``.
    """
    inside = _installed_model_dir()
    if (inside / MODEL_FILE).is_file():
        return inside
    checkout = _checkout_model_dir()
    if (checkout.parent / "train.py").is_file():
        return checkout
    return inside


def _no_model_file(path: Path) -> str:
    """What to say of a model file that is not there: what to do, and first, when its folder
    holds other ``.joblib`` files (the model renamed, ``my_site.joblib``), to name it so again."""
    try:
        others = sorted(p.name for p in path.parent.glob("*.joblib") if p.is_file() and p != path)
    except OSError:
        others = []
    renamed = (f"{shell_path(path.parent)} holds {', '.join(others[:3])}{' …' if len(others) > 3 else ''}: if "
               f"{'it' if len(others) == 1 else 'one'} is the model, rename it {MODEL_FILE} again (or name it in "
               "place of the folder); else ") if others else ""
    return f"{path}: no model file there (expected {EXPECTED_MODEL}); {renamed}{_fix_for(path)}."


def _fix_for(model_path: Path) -> str:
    """What to do about a model that cannot be used: retrain it (a model of one's own into
    its own folder: ``python train.py`` alone rewrites the shipped one), or, for the model
    inside an installed package (where there is no train.py), reinstall the package."""
    folder = model_path.parent.resolve()
    if folder == _installed_model_dir().resolve():
        # --no-deps: the package's own files (the model is one), not every dependency reinstalled too.
        return "reinstall boilerplate (pip install --force-reinstall --no-deps . in its checkout) to restore the shipped model"
    if folder == _checkout_model_dir().resolve():
        return RETRAIN_HINT
    return (f"run python train.py --labels DIR... --model-dir {shell_path(model_path.parent)} "
            "to rebuild it from the label folders it was trained on")


def _reason(exc: Exception) -> str:
    """An exception in a few words, also when it has no message of its own.

    >>> _reason(EOFError())
    'EOFError: the file ends too soon (truncated?)'
    >>> _reason(EOFError("Ran out of input"))
    'EOFError: Ran out of input'
    """
    if isinstance(exc, EOFError) and not str(exc):
        return "EOFError: the file ends too soon (truncated?)"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(path: str | Path | None = None) -> Pipeline:
    """Load a model, checking its receipt; with no ``path``, the packaged model (cached).

    ``path`` is the model file, or the folder :func:`save_model` (``train.py``)
    wrote it into: a folder stands for its ``boilerplate.joblib``. Only pass a path
    to a file from a source you trust: joblib files can run code. The result, a fitted
    scikit-learn ``Pipeline``, is what ``model=`` of :func:`boilerplate.clean`,
    :func:`boilerplate.clean_many` and the others takes: load it once, pass it to every call.

    A missing, damaged or incompatible model file or receipt is a :class:`ModelError`
    that names the file and says what to do (a path that is not there, to check it);
    a ``path`` that is neither a ``str`` nor an ``os.PathLike`` of one (such as a
    ``pathlib.Path``) is a ``TypeError``, and an empty one a ``ValueError``.

    >>> load_model("no_such_model/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    boilerplate.model.ModelError: no_such_model: no such file or folder; check the path (...).
    >>> load_model("")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: an empty path names no model (an unset variable?); ...
    """
    if path is None:
        return _load_packaged()
    return _load(_named_model_file(path))


@lru_cache(maxsize=1)
def _load_packaged() -> Pipeline:
    return _load(packaged_model_dir() / MODEL_FILE)


def json_kind(value: object) -> str:
    """What a value read with :func:`json.loads` is, in JSON's words, for a message:
    Python's type names (``NoneType``, ``list``, ``dict``) are not what the file holds.

    >>> json_kind(None), json_kind(True), json_kind(2.5), json_kind([1]), json_kind({"a": 1})
    ('null', 'a boolean', 'a number', 'an array', 'an object')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: True is an int
        return "a boolean"
    kinds = ((str, "a string"), ((int, float), "a number"), (list, "an array"), (dict, "an object"))
    return next((kind for types, kind in kinds if isinstance(value, types)), f"a {type(value).__name__}")


def read_receipt(model_path: Path) -> dict[str, Any]:
    """The receipt beside a model file."""
    receipt_path = model_path.with_name(RECEIPT_FILE)
    try:
        receipt = json.loads(receipt_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"{receipt_path}: the model's receipt is missing (expected {EXPECTED_MODEL}); {_fix_for(model_path)}."
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"{receipt_path}: the receipt is not valid JSON ({exc}; expected the JSON object train.py writes); "
            f"{_fix_for(model_path)}."
        ) from None
    if not isinstance(receipt, dict):
        raise ModelError(
            f"{receipt_path}: the receipt holds {json_kind(receipt)}, not the JSON object train.py writes; "
            f"{_fix_for(model_path)}."
        )
    return receipt


def _feature_difference(names: object) -> str:
    """What differs between a receipt's feature names and this code's, in a few words."""
    expected = len(FEATURE_NAMES)
    if not isinstance(names, list):
        found = "none" if names is None else json_kind(names)  # None: the key is missing, or null
        return f"expected a list of {expected} feature names, found {found}"
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
    import joblib
    import sklearn
    from sklearn.exceptions import InconsistentVersionWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    if not path.is_file():
        raise ModelError(_no_model_file(path))
    receipt = read_receipt(path)
    versions = receipt.get("versions")
    saved = versions.get("scikit-learn") if isinstance(versions, dict) else None
    if not isinstance(saved, str):
        raise ModelError(
            f"{path.with_name(RECEIPT_FILE)}: does not say which scikit-learn saved the model "
            f"(expected versions.scikit-learn, as train.py writes); {_fix_for(path)}."
        )
    if _minor(saved) != _minor(sklearn.__version__):
        # The shipped model of an installed package: reinstalled (its files alone), it is the same pickle.
        installed = path.parent.resolve() == _installed_model_dir().resolve()
        retrain = "" if installed else f" or {_fix_for(path)}"
        series = ".".join(_minor(saved)) + ".*"
        raise ModelError(
            f"{path}: saved with scikit-learn {saved}, but {sklearn.__version__} is installed; "
            f"install scikit-learn {series} (pip install 'scikit-learn=={series}'){retrain}."
        )
    names = receipt.get("feature_names")
    if names != list(FEATURE_NAMES):
        raise ModelError(
            f"{path}: made for another feature set than this code's ({_feature_difference(names)}); {_fix_for(path)}."
        )
    try:
        with warnings.catch_warnings():
            # Same minor release (checked above): scikit-learn's pickles of these
            # estimators do not change between patch releases.
            warnings.simplefilter("ignore", InconsistentVersionWarning)
            model = joblib.load(path)
    except Exception as exc:  # joblib raises many kinds for a damaged file
        raise ModelError(
            f"{path}: cannot be read ({_reason(exc)}; expected {EXPECTED_MODEL}); {_fix_for(path)}."
        ) from None
    if (
        not isinstance(model, Pipeline)
        or "body" not in getattr(model, "classes_", ())
        or [type(step) for _, step in model.steps] != [FunctionTransformer, StandardScaler, LogisticRegression]
    ):
        raise ModelError(
            f"{path}: holds a {type(model).__name__}, not a boilerplate line model (expected the scikit-learn "
            f"Pipeline train.py builds: featurizer, scaler, logistic regression, with a 'body' class); {_fix_for(path)}."
        )
    # The receipt's feature names were checked; the model file may be another's (of an older
    # feature set, put back beside this receipt): cleaning with it failed with a TypeError.
    n = len(FEATURE_NAMES)
    scale, coef = (np.shape(getattr(step, name, None)) for (_, step), name in zip(model.steps[1:], ("scale_", "coef_")))
    if (scale != (n,) and model.steps[1][1].with_std) or coef != (1, n):  # with_std=False: scale_ is None
        # The count that differs from this code's, of the scaler or the regression (one of them may fit).
        counts = {shape[-1] for shape in (scale, coef) if shape} - {n}
        raise ModelError(
            f"{path}: the model has {counts.pop() if len(counts) == 1 else 'another number of'} features, but its "
            f"receipt and this code {n} (a model file of another feature set beside this receipt?); {_fix_for(path)}."
        )
    return model
