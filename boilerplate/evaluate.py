"""The figures of the evaluation report: cross-site, unseen pages, peers, roles, the model, speed.

:func:`collect` measures everything the report shows, in one run, and returns it
as one JSON-ready dict; :mod:`boilerplate.report` only renders it. The parts:

1. **cross-site** — leave-one-site-out on a label folder
   (:func:`boilerplate.training.leave_one_site_out`, the same predictions and
   :func:`~boilerplate.training.score_table` that ``train.py`` prints), per fold,
   per page and pooled; each fold fitted at the evaluated model's own C and class
   weighting (a model this version of ``train.py`` wrote has its C and weighting);
2. **unseen pages** — the shipped model on each folder of ``../shared/bench``
   (:func:`boilerplate.bench.predict_bench`), per folder and per language, and
   the pages it does worst on (names and figures only: no benchmark text ever
   reaches the report);
3. **peers** on the same lines in the same run (:data:`PEERS`): line rules,
   jusText 3 with the page language's stoplist, and keeping everything;
4. **roles** — kept and dropped lines for every labelled role;
5. **the model** — standardized coefficients, the threshold, precision–recall;
6. **every labelled line** with its probability and decision;
7. **speed** of ``clean`` and of each peer on the same pages;
8. the model's receipt.

>>> peer_decisions(["Home", "The council approved the new budget on Tuesday."], "en")["c4"]
[False, True]
"""

from __future__ import annotations

import datetime as _dt
import html
import importlib.metadata
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, precision_recall_curve
from sklearn.pipeline import Pipeline

from . import __version__
from .baselines import keep_c4, keep_c4_danda, keep_long_lines, keep_sentences
from .bench import FOLDERS, bench_dir, iter_pages, predict_bench
from .cleaner import DEFAULT_CONFIG, clean
from .curves import in_pool
from .labels import BODY_ROLES, CHROME_ROLES, LabelledPage, folder_hash
from .extras import install_command
from .metrics import body_scores
from .model import CLASS_WEIGHT, MODEL_FILE, C, file_sha256, read_receipt
from .text import is_blank
from .training import MODEL_COLUMN, leave_one_site_out, score_table

#: The language of the project's own labels (Bengali news); jusText uses its stoplist there.
LABELS_LANGUAGE = "bn"

#: How many of the worst benchmark pages the report names.
WORST_PAGES = 10

#: Speed is measured on every n-th benchmark page (and all labelled pages): enough
#: pages of every folder to be representative, few enough to keep the run short.
SPEED_STRIDE = 10

#: Each method is timed over the sample again until this many seconds have passed,
#: so that the fast line rules are not timed on a few microseconds.
SPEED_MIN_SECONDS = 0.25

#: At most this many passes over the speed sample, whatever the time.
SPEED_MAX_ROUNDS = 200

#: ISO 639-1 codes (as the benchmark's ``pages.tsv`` gives them) → jusText stoplist
#: names. Norwegian without a variant (``no``) is written in Bokmål far more often.
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "an": "Aragonese", "hy": "Armenian",
    "az": "Azerbaijani", "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian",
    "br": "Breton", "bg": "Bulgarian", "ca": "Catalan", "cv": "Chuvash", "hr": "Croatian",
    "cs": "Czech", "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto",
    "et": "Estonian", "fi": "Finnish", "fr": "French", "gl": "Galician", "ka": "Georgian",
    "de": "German", "el": "Greek", "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew",
    "hi": "Hindi", "hu": "Hungarian", "is": "Icelandic", "io": "Ido", "ig": "Igbo",
    "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese", "kn": "Kannada",
    "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lv": "Latvian", "lt": "Lithuanian", "lb": "Luxembourgish", "mk": "Macedonian", "ms": "Malay",
    "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi", "ne": "Nepali", "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk", "oc": "Occitan", "fa": "Persian",
    "pl": "Polish", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "sr": "Serbian", "sh": "Serbo_Croatian", "sk": "Slovak", "sl": "Slovenian", "es": "Spanish",
    "su": "Sundanese", "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog", "ta": "Tamil",
    "te": "Telugu", "tr": "Turkish", "tk": "Turkmen", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon", "cy": "Welsh",
    "fy": "West_Frisian", "yo": "Yoruba",
}

JUSTEXT_MISSING = (
    "jusText is not installed, so it is left out of the comparison; "
    f"install it with {install_command('peers')}."
)


class EvaluationError(RuntimeError):
    """The evaluation could not be completed (the benchmark or a peer failed)."""


@dataclass(frozen=True)
class Method:
    """One column of the comparison: the cleaner, the model alone, or a peer."""

    key: str
    name: str
    description: str


def _line_rule(rule: Callable[[str], bool]) -> Callable[[Sequence[str], str], list[bool]]:
    return lambda lines, language: [rule(line) for line in lines]


#: The cleaner and the model alone, as the report names them.
OURS = (
    Method(MODEL_COLUMN, "boilerplate", "the shipped cleaner: model and span passes"),
    Method("model_raw", "boilerplate, model only", "the model's own labels, before the span passes"),
)

#: The peers, in the order the report shows them; each decides on a page's non-blank lines.
PEERS: dict[str, tuple[Method, Callable[[Sequence[str], str], list[bool]]]] = {}


def _peer(key: str, name: str, description: str, decide: Callable[[Sequence[str], str], list[bool]]) -> None:
    PEERS[key] = (Method(key, name, description), decide)


@lru_cache(maxsize=None)
def _justext_stoplist(language: str) -> frozenset[str] | None:
    import justext  # noqa: PLC0415 - optional dependency

    name = stoplist_name(language)
    return frozenset(justext.get_stoplist(name)) if name else None


def stoplist_name(language: str) -> str | None:
    """The jusText stoplist used for an ISO 639-1 language code, or ``None`` if it has none.

    >>> stoplist_name("bn"), stoplist_name("ja")
    ('Bengali', None)
    """
    name = JUSTEXT_STOPLISTS.get(language.lower())
    if name is None or not justext_available():
        return None
    import justext  # noqa: PLC0415 - optional dependency

    return name if name in justext.get_stoplists() else None


@lru_cache(maxsize=1)
def justext_available() -> bool:
    """Whether the optional jusText peer can run (``pip install 'boilerplate[peers]'``)."""
    try:
        import justext  # noqa: F401, PLC0415 - optional dependency
    except ImportError:
        return False
    return True


def keep_justext(lines: Sequence[str], language: str) -> list[bool]:
    """jusText 3 on the page with each line wrapped in ``<p>``: True for the lines it calls good.

    With no stoplist for the language, jusText's own language-independent mode is used
    (an empty stoplist with both stopword thresholds at 0, as its command line does).

    >>> article = ("The council approved the new budget on Tuesday after a long debate. It adds money "
    ...     "for the schools and the roads of the town, and it cuts what the council spends on outside "
    ...     "consultants by a third, which the mayor has wanted for years.")
    >>> keep_justext(["Home", "Login", article, "<b>Most read</b>"], "en")
    [False, False, True, False]
    """
    import justext  # noqa: PLC0415 - optional dependency
    from lxml.etree import ParserError  # noqa: PLC0415

    stoplist = _justext_stoplist(language)
    options = {} if stoplist is not None else {"stopwords_low": 0, "stopwords_high": 0}
    body = "".join(f"<p>{html.escape(_xml_safe(line), quote=False)}</p>" for line in lines)
    document = f"<html><body>{body}</body></html>".encode("utf-8")
    keep = [False] * len(lines)
    try:
        paragraphs = justext.justext(document, stoplist or frozenset(), encoding="utf-8", **options)
    except ParserError:  # nothing left to parse: every line is dropped
        return keep
    for paragraph in paragraphs:
        # "/html[1]/body[1]/p[7]" is the 7th line; a line lxml dropped keeps False.
        tail = paragraph.xpath.rsplit("/", 1)[-1]
        if tail.startswith("p[") and not paragraph.is_boilerplate:
            keep[int(tail[2:-1]) - 1] = True
    return keep


def _xml_safe(line: str) -> str:
    """The line without the control characters that an HTML parser refuses."""
    return "".join(ch for ch in line if ch >= " " or ch in "\t")


_peer("long_lines_15w", "keep lines of ≥ 15 words", "a line of 15 words or more is kept", _line_rule(keep_long_lines))
_peer(
    "sentence_end_3w", "≥ 3 words ending a sentence",
    "at least 3 words and a sentence end (। ॥ . ? ! and others, also before closing quotes)",
    _line_rule(keep_sentences),
)
_peer(
    "c4", "C4 line rule",
    "as published, and as tensorflow_datasets' c4_utils applies it to a line: it holds no word of more than "
    "1,000 characters and, with its citation markers ([1], [edit], [citation needed]) removed, it ends in "
    ". ? ! \" but not in ..., and has at least 5 words "
    "(C4's javascript and cookie-policy line filters, and its page drops "
    "for a curly bracket, lorem ipsum or fewer than 3 sentences, are not applied)",
    _line_rule(keep_c4),
)
_peer("c4_danda", "C4 line rule + । ॥", "the C4 rule with । and ॥ added to its line ends", _line_rule(keep_c4_danda))
_peer(
    "justext", "jusText 3",
    "each line wrapped in <p>, the page language's stoplist, default settings",
    keep_justext,
)
_peer("keep_all", "keep everything", "the floor: every line is kept", lambda lines, language: [True] * len(lines))


def methods(with_justext: bool | None = None) -> list[Method]:
    """Every method the report compares, ours first; jusText only when it is installed."""
    with_justext = justext_available() if with_justext is None else with_justext
    peers = [m for key, (m, _) in PEERS.items() if key != "justext" or with_justext]
    return [*OURS, *peers]


def peer_decisions(lines: Sequence[str], language: str, with_justext: bool | None = None) -> dict[str, list[bool]]:
    """Every peer's decision for each of a page's non-blank lines, by peer key."""
    with_justext = justext_available() if with_justext is None else with_justext
    return {key: decide(lines, language) for key, (_, decide) in PEERS.items() if key != "justext" or with_justext}


# ---------------------------------------------------------------- scores


def _scores(frame: pd.DataFrame, column: str) -> dict:
    scores = body_scores(frame["truth"], frame[column], frame["chars"])
    exact = frame.assign(ok=frame["truth"] == frame[column].astype(bool)).groupby(_page_keys(frame))["ok"].all()
    return {"pages": int(len(exact)), **scores, "exact_pages": int(exact.sum())}


def _page_keys(frame: pd.DataFrame) -> list[str]:
    return ["folder", "page_id"] if "page_id" in frame.columns else ["page"]


def _add_peers(frame: pd.DataFrame, language: str, with_justext: bool) -> pd.DataFrame:
    """The cross-site frame with a column per peer (pages' rows are in line order)."""
    out = frame.copy()
    columns: dict[str, np.ndarray] = {}
    for _, group in frame.groupby("page", sort=False):
        positions = frame.index.get_indexer(group.sort_values("line_no").index)
        decided = peer_decisions(frame["text"].to_numpy()[positions].tolist(), language, with_justext)
        for key, keep in decided.items():
            columns.setdefault(key, np.zeros(len(frame), dtype=bool))[positions] = keep
    for key, values in columns.items():
        out[key] = values
    return out


# ---------------------------------------------------------------- 1. cross-site


def cross_site(pages: Sequence[LabelledPage], language: str = LABELS_LANGUAGE,
               with_justext: bool | None = None, c: float = C,
               class_weight: str | None = CLASS_WEIGHT) -> tuple[pd.DataFrame, dict]:
    """Leave-one-site-out predictions with every peer's column, and their figures.

    Each fold's model is fitted at ``c`` and ``class_weight`` (``train.py``'s by default;
    :func:`collect` passes the evaluated model's own), which the figures record.
    """
    with_justext = justext_available() if with_justext is None else with_justext
    predictions = leave_one_site_out(pages, c, class_weight=class_weight)
    predictions = _add_peers(predictions, language, with_justext)
    keys = [m.key for m in methods(with_justext)]
    figures = {
        "language": language,
        "stoplist": stoplist_name(language) if with_justext else None,
        "C": c,
        "class_weight": class_weight,
        "pages": int(predictions["page"].nunique()),
        "lines": int(len(predictions)),
        "body_lines": int(predictions["truth"].sum()),
        "sites": sorted(predictions["site"].unique().tolist()),
        "methods": {},
        "per_page": [],
    }
    for key in keys:
        table = score_table(predictions, key)
        table["pooled"]["exact_pages"] = _scores(predictions, key)["exact_pages"]
        figures["methods"][key] = table
    for (site, page), group in predictions.groupby(["site", "page"], sort=False):
        row = {"page": page, "site": site, **_scores(group, MODEL_COLUMN)}
        row["exact"] = bool(row.pop("exact_pages"))
        row.pop("pages")
        figures["per_page"].append(row)
    figures["per_page"].sort(key=lambda r: r["page"])
    return predictions, figures


# ---------------------------------------------------------------- 2. unseen pages


def bench_peers(root: Path, with_justext: bool) -> pd.DataFrame:
    """Every peer's decision for each benchmark line, indexed by ``folder page_id line_no``."""
    peers: dict[str, list[bool]] = {}
    keys: list[tuple[str, str, int]] = []
    for folder in FOLDERS:
        for page in iter_pages(folder, root):
            texts = [page.lines[no - 1] for no in page.line_nos]
            for key, keep in peer_decisions(texts, page.language, with_justext).items():
                peers.setdefault(key, []).extend(keep)
            keys.extend((folder, page.page_id, no) for no in page.line_nos)
    index = pd.MultiIndex.from_tuples(keys, names=["folder", "page_id", "line_no"])
    return pd.DataFrame(peers, index=index, dtype=bool)


def _start_peers_worker(root: Path, with_justext: bool, out: Path) -> subprocess.Popen:
    """Run :func:`bench_peers` in a fresh interpreter that writes its frame to ``out``.

    A plain subprocess rather than :mod:`multiprocessing`: it never re-imports the
    caller's main script, and never forks a process that holds threads.
    """
    code = (
        "import sys, pathlib; from boilerplate.evaluate import bench_peers; "
        "bench_peers(pathlib.Path(sys.argv[1]), sys.argv[2] == '1').to_pickle(sys.argv[3])"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                      env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", code, str(root), "1" if with_justext else "0", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )


def bench_predictions(model: Pipeline, root: Path | None, with_justext: bool | None = None) -> pd.DataFrame:
    """The model's and every peer's decision for each line of the benchmark (empty when absent).

    The peers (jusText takes as long as the model) run in a second process while
    this one runs the model: the two halves take about as long on two cores.
    """
    with_justext = justext_available() if with_justext is None else with_justext
    if root is None:
        return pd.DataFrame()
    with tempfile.TemporaryDirectory(prefix="boilerplate-evaluate-") as tmp:
        out = Path(tmp) / "peers.pkl"
        worker = _start_peers_worker(root, with_justext, out)
        try:
            frame = predict_bench(model, FOLDERS, root)
            _, stderr = worker.communicate()  # Ctrl-C here too: the model's half is often done first
        except BaseException:  # a BenchError, Ctrl-C: the worker must not go on reading the benchmark alone
            worker.kill()
            worker.communicate()  # reaps it and closes its pipe
            raise
        if worker.returncode != 0:
            raise EvaluationError(f"the peers on the benchmark failed in their worker process:\n{stderr.strip()}")
        peer_frame = pd.read_pickle(out)  # written just now by our own worker
    if frame.empty:
        return frame
    joined = frame.join(peer_frame, on=["folder", "page_id", "line_no"])
    if len(joined) != len(peer_frame) or joined[list(peer_frame.columns)].isna().any().any():
        raise EvaluationError("the benchmark changed while it was read; run the evaluation again.")
    return joined.astype({key: bool for key in peer_frame.columns})


def unseen(frame: pd.DataFrame, with_justext: bool | None = None) -> dict:
    """Per folder, per language and worst-page figures of the benchmark predictions."""
    if frame.empty:
        return {"available": False}
    keys = [m.key for m in methods(with_justext)]
    figures: dict = {"available": True, "folders": {}, "languages": {}, "worst": []}
    for folder, group in frame.groupby("folder", sort=False):
        figures["folders"][folder] = {
            "pages": int(group["page_id"].nunique()),
            "languages": int(group["language"].nunique()),
            "methods": {key: _scores(group, key) for key in keys},
        }
    figures["pooled"] = {
        "pages": int(frame.groupby(["folder", "page_id"]).ngroups),
        "methods": {key: _scores(frame, key) for key in keys},
    }
    # The model's C was chosen on the development half (curves.in_pool); the other half is scored apart.
    development = frame["page_id"].map(in_pool).to_numpy(dtype=bool)
    figures["halves"] = {
        folder: {half: _scores(frame[(frame["folder"] == folder).to_numpy() & (development == dev)], MODEL_COLUMN)
                 for half, dev in (("development", True), ("held_out", False))}
        for folder in figures["folders"]
    }
    for language, group in frame.groupby("language", sort=True):
        figures["languages"][language] = {
            "folders": sorted(group["folder"].unique().tolist()),
            "stoplist": stoplist_name(language) if "justext" in keys else None,
            "methods": {key: _scores(group, key) for key in keys if key in (MODEL_COLUMN, "justext", "c4_danda")},
        }
    pages = []
    for (folder, page_id), group in frame.groupby(["folder", "page_id"], sort=False):
        s = _scores(group, MODEL_COLUMN)
        pages.append({"folder": folder, "page_id": page_id, "language": group["language"].iloc[0],
                      **{k: v for k, v in s.items() if k not in ("pages", "exact_pages")}})
    # Worst first by character-weighted F1 (how much of the text goes wrong), then line F1.
    # Ties (several pages at 0) go to the page with more body lines missed.
    pages.sort(key=lambda r: (r["char_f1"], r["f1"], -r["body_lines"], r["folder"], r["page_id"]))
    figures["worst"] = pages[:WORST_PAGES]
    return figures


# ---------------------------------------------------------------- 4. roles


def roles(predictions: pd.DataFrame, keys: Sequence[str]) -> list[dict]:
    """For every role in the labels: its class, its line count and how many lines each method kept."""
    order = {role: i for i, role in enumerate((*BODY_ROLES, *CHROME_ROLES))}
    rows = []
    for (label, role), group in predictions.groupby(["label", "role"], sort=False):
        rows.append({"label": label, "role": role or "(none)", "lines": int(len(group)),
                     "kept": {key: int(group[key].sum()) for key in keys}})
    rows.sort(key=lambda r: (r["label"] != "body", order.get(r["role"], len(order)), r["role"]))
    return rows


# ---------------------------------------------------------------- 5. the model


def coefficients(model: Pipeline) -> list[dict]:
    """Every feature's coefficient on the standardized scale, towards ``body``, largest first."""
    classifier = model[-1]
    sign = 1.0 if classifier.classes_[1] == "body" else -1.0
    names = model[:-1].get_feature_names_out()
    values = sign * classifier.coef_[0]
    rows = [{"feature": str(n), "coefficient": float(v)} for n, v in zip(names, values)]
    return sorted(rows, key=lambda r: -r["coefficient"])


def pr_curve(truth: np.ndarray, p_body: np.ndarray, threshold: float) -> dict:
    """The precision–recall curve of the model's probability, and the point at the threshold.

    Lines without a body line among them have no curve, no average precision and no
    recall (``None``; the report shows them as not available); the precision at the
    threshold is still :func:`~boilerplate.metrics.body_scores`'.
    """
    truth = np.asarray(truth, dtype=bool)
    p_body = np.asarray(p_body, dtype=float)
    at = body_scores(truth, p_body >= threshold, np.ones(len(truth)))
    if not truth.any():  # scikit-learn would warn, and set the recall to 1 at every threshold
        return {"precision": [], "recall": [], "average_precision": None,
                "at_threshold": {"precision": at["precision"], "recall": None}, "lines": int(len(truth))}
    precision, recall, _ = precision_recall_curve(truth, p_body)
    return {
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "average_precision": float(average_precision_score(truth, p_body)),
        "at_threshold": {"precision": at["precision"], "recall": at["recall"]},
        "lines": int(len(truth)),
    }


# ---------------------------------------------------------------- 6. every labelled line


def line_view(predictions: pd.DataFrame) -> list[dict]:
    """Every labelled page, line by line, with the cross-site decisions."""
    pages = []
    for page, group in predictions.groupby("page", sort=True):
        lines = [
            {"line_no": int(r.line_no), "text": r.text, "role": r.role, "truth": bool(r.truth),
             "p_body": float(r.p_body), "model_raw": bool(r.model_raw), "kept": bool(getattr(r, MODEL_COLUMN))}
            for r in group.sort_values("line_no").itertuples()
        ]
        pages.append({"page": page, "site": group["site"].iloc[0], "lines": lines})
    return pages


# ---------------------------------------------------------------- 7. speed


@dataclass(frozen=True)
class SpeedPage:
    """A page for the speed test: its full text and language, and whether it is a benchmark page."""

    text: str
    language: str
    bench: bool = False


def speed_sample(pages: Sequence[LabelledPage], language: str, root: Path | None) -> list[SpeedPage]:
    """The labelled pages and every :data:`SPEED_STRIDE`-th benchmark page of each folder."""
    sample = [SpeedPage("\n".join(p.lines), language) for p in pages]
    if root is not None:
        for folder in FOLDERS:
            for i, page in enumerate(iter_pages(folder, root)):
                if i % SPEED_STRIDE == 0:
                    sample.append(SpeedPage("\n".join(page.lines), page.language, bench=True))
    return sample


def _time(run: Callable[[], object]) -> tuple[float, int]:
    rounds, start = 0, time.perf_counter()
    while True:
        run()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= SPEED_MIN_SECONDS or rounds >= SPEED_MAX_ROUNDS:
            return elapsed, rounds


def _load_average() -> float | None:
    """The system's load average over the last minute, or ``None`` where there is none (Windows)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):  # no os.getloadavg on Windows; OSError where it cannot be read
        return None


def speed(model: Pipeline, sample: Sequence[SpeedPage], with_justext: bool | None = None) -> dict:
    """Pages and lines per second of ``clean`` and of each peer, one after the other on one core.

    Every method starts from the page's text: the peers split it into lines and
    skip blank ones; ``clean`` does the same and also joins the article's lines.
    """
    with_justext = justext_available() if with_justext is None else with_justext
    n_lines = sum(sum(not is_blank(line) for line in p.text.splitlines()) for p in sample)

    def peer_run(decide):
        def run():
            for p in sample:
                decide([line for line in p.text.splitlines() if not is_blank(line)], p.language)
        return run

    runs = {MODEL_COLUMN: lambda: [clean(p.text, model=model) for p in sample]}
    for key, (_, decide) in PEERS.items():
        if key == "keep_all" or (key == "justext" and not with_justext):
            continue
        if key == "justext":
            for p in sample[:1]:
                decide(["warm up"], p.language)  # import and stoplist loading are not timed
        runs[key] = peer_run(decide)
    out = {"pages": len(sample), "lines": int(n_lines), "bench_pages": sum(p.bench for p in sample),
           "stride": SPEED_STRIDE, "min_seconds": SPEED_MIN_SECONDS, "cores": os.cpu_count(),
           "load_average": _load_average(), "methods": {}}
    clean(sample[0].text if sample else "", model=model)  # warm up
    for key, run in runs.items():
        seconds, rounds = _time(run)
        out["methods"][key] = {
            "seconds": seconds, "rounds": rounds,
            "pages_per_s": rounds * len(sample) / seconds if seconds else 0.0,
            "lines_per_s": rounds * n_lines / seconds if seconds else 0.0,
        }
    return out


# ---------------------------------------------------------------- 8. receipt


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _same_labels(trained: list, evaluated: list[dict]) -> bool:
    """Whether the label folders evaluated are those the model was trained on, in any order."""
    def key(folders: list) -> list[tuple]:
        return sorted((str(f.get("folder")), str(f.get("sha256"))) if isinstance(f, dict) else (str(f), "")
                      for f in folders)
    return isinstance(trained, list) and key(trained) == key(evaluated)


def receipt(model_path: Path, labels_dirs: Sequence[Path]) -> dict:
    """The model's receipt, the hash of its file and of the labels evaluated, and versions now."""
    saved = read_receipt(model_path)
    now = [{"folder": d.resolve().name, "sha256": folder_hash(d)} for d in labels_dirs]
    versions = {"boilerplate": __version__, "python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "pandas", "joblib", "justext", "lxml", "matplotlib"):
        versions[name] = _version(name)
    return {
        "model_file": model_path.name,
        "model_sha256": file_sha256(model_path),
        "trained_on": saved.get("labels", []),
        "labels_evaluated": now,
        "labels_match": _same_labels(saved.get("labels", []), now),
        "trained_pages": saved.get("pages"),
        "trained_lines": saved.get("lines"),
        "C": saved.get("C"),
        # Receipts written before the weighting was recorded are of balanced models: it was the only one.
        "class_weight": saved.get("class_weight", "balanced"),
        "threshold": saved.get("threshold"),
        "saved_versions": saved.get("versions", {}),
        "versions": versions,
    }


# ---------------------------------------------------------------- everything


def collect(
    pages: Sequence[LabelledPage],
    labels_dirs: Sequence[Path],
    model: Pipeline,
    model_path: Path,
    *,
    language: str = LABELS_LANGUAGE,
    bench_root: Path | None = None,
    use_bench: bool = True,
    command: str = "boilerplate evaluate",
    now: _dt.datetime | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> tuple[dict, dict]:
    """Every figure of the report (JSON-ready) and the curves for its plot.

    ``bench_root`` defaults to :func:`boilerplate.bench.bench_dir`; with ``use_bench``
    false the benchmark is left out even when it is there.
    """
    with_justext = justext_available()
    keys = [m.key for m in methods(with_justext)]
    root = (bench_root or bench_dir()) if use_bench else None
    threshold = DEFAULT_CONFIG.threshold

    progress("cross-site: leave-one-site-out on the labels")
    # Each fold is fitted as the evaluated model was (load_model checks its last step is the regression).
    classifier = model[-1]
    predictions, loso = cross_site(pages, language, with_justext, classifier.C, classifier.class_weight)
    progress("unseen pages: the benchmark" if root else "unseen pages: no benchmark, skipped")
    bench = bench_predictions(model, root, with_justext) if root else pd.DataFrame()
    progress("learning curve" if root else "learning curve: no benchmark, skipped")
    fitted = {"c": classifier.C, "class_weight": classifier.class_weight}  # as the cross-site folds
    curve = learning_curve_figures(pages, root, **fitted) if root else None
    progress("pages of one publisher" if root else "pages of one publisher: no benchmark, skipped")
    site = same_site_figures(pages, root, **fitted) if root else None
    progress("speed")
    speeds = speed(model, speed_sample(pages, language, root), with_justext)

    labels_name = ", ".join(f"{Path(d).resolve().name}/" for d in labels_dirs)  # as the receipt names them
    curves = {f"cross-site ({labels_name})": pr_curve(predictions["truth"], predictions["p_body"], threshold)}
    for folder, group in bench.groupby("folder", sort=False) if not bench.empty else ():
        curves[f"unseen: {folder}"] = pr_curve(group["truth"], group["p_body"], threshold)

    figures = {
        "generated": (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "methods": [{"key": m.key, "name": m.name, "description": m.description} for m in methods(with_justext)],
        "notes": [] if with_justext else [JUSTEXT_MISSING],
        "cross_site": loso,
        "unseen": unseen(bench, with_justext),
        "learning_curve": curve,
        "same_site": site,
        "roles": roles(predictions, keys),
        "model": {
            "threshold": threshold,
            "shipped": model_path.resolve() == model_path_of(None).resolve(),
            "coefficients": coefficients(model),
            "curves": {name: {k: v for k, v in c.items() if k not in ("precision", "recall")}
                       for name, c in curves.items()},
        },
        "lines": line_view(predictions),
        "speed": speeds,
        "receipt": receipt(model_path, labels_dirs),
    }
    return figures, curves


def learning_curve_figures(
    pages: Sequence[LabelledPage], root: Path, c: float = C, class_weight: str | None = CLASS_WEIGHT
) -> dict | None:
    """The learning curve of :mod:`boilerplate.curves` (its models fitted at ``c`` and
    ``class_weight``), JSON-ready (``None`` when it is empty)."""
    from .curves import KS, REPEATS, learning_curve  # noqa: PLC0415

    frame = learning_curve(list(pages), root=root, c=c, class_weight=class_weight)
    if frame.empty:
        return None
    folders: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        folders.setdefault(row.pop("folder"), []).append({k: (float(v) if isinstance(v, float) else int(v))
                                                          for k, v in row.items()})
    return {"ks": list(KS), "draws": REPEATS, "folders": folders, "C": c, "class_weight": class_weight}


def same_site_figures(
    pages: Sequence[LabelledPage], root: Path, c: float = C, class_weight: str | None = CLASS_WEIGHT
) -> list[dict] | None:
    """:func:`boilerplate.curves.same_site`'s rows (its models fitted at ``c`` and
    ``class_weight``), JSON-ready (``None`` when there are none)."""
    from .curves import same_site  # noqa: PLC0415

    frame = same_site(list(pages), root=root, c=c, class_weight=class_weight)
    if frame.empty:
        return None
    return [{**{k: (v if isinstance(v, str) else float(v) if isinstance(v, float) else int(v)) for k, v in row.items()},
             "C": c, "class_weight": class_weight}
            for row in frame.to_dict("records")]


def model_path_of(path: Path | None) -> Path:
    """The model file the report evaluates: ``path`` (a folder, as ``train.py --model-dir``
    writes, stands for its model file: :func:`~boilerplate.model.model_file`), or the shipped one."""
    from .model import model_file, packaged_model_dir  # noqa: PLC0415

    if path is None:
        return packaged_model_dir() / MODEL_FILE
    return model_file(path)
