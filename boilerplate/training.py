"""Training and leave-one-site-out evaluation on label folders; ``train.py`` calls :func:`main`.

Leave-one-site-out: for each site, a model is trained on the other sites' pages
and the whole cleaner (model and span passes) runs on this site's pages. Scores
are given per fold and pooled over all lines of all folds (micro). The baselines
run on the same lines in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from sklearn.pipeline import Pipeline

from .baselines import BASELINES
from .cleaner import DEFAULT_CONFIG, Config, decide_lines
from .folders import folder_problem, path_argument
from .labels import (
    SITES_FILE,
    LabelError,
    LabelledPage,
    cannot_read,
    folder_hash,
    label_folder_holding,
    load_label_folders,
    unlabelled_note,
)
from .metrics import body_scores
from .model import CLASS_WEIGHT, C, build_pipeline, save_model
from .stopping import _stop_signals, _stopped_how
from .text import display_width

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = REPO / "labels"
DEFAULT_MODEL_DIR = REPO / "models"
MODEL_COLUMN = "model"


def model_dir_problem(folder: Path) -> str | None:
    """Why a model cannot be saved into ``folder``, found before training; ``None`` when it can.

    The folder is made if missing, so a file in its place or above it, or a folder
    that cannot be written in, would fail only after the whole run.
    """
    problem = folder_problem(folder)
    return None if problem is None else problem.message("--model-dir", folder)


def _check_pages(name: str, pages: object) -> None:
    """A ``TypeError`` saying to pass a list when ``pages`` is one labelled page."""
    if isinstance(pages, LabelledPage):
        raise TypeError(f"{name} takes a list of labelled pages, not one LabelledPage; pass [page].")


def _missing_class(pages: Sequence[LabelledPage]) -> str | None:
    """What the pages lack for training, in a few words; ``None`` when they have body and chrome lines."""
    labels = {label for page in pages for label in page.rows["label"]}
    if not labels:
        return "no page has a labelled line (every page is empty or blank)"
    if len(labels) == 1:
        return f"every labelled line is {labels.pop()}"
    return None


def labelled_sites(pages: Sequence[LabelledPage]) -> list[str]:
    """The sites of leave-one-site-out, sorted: those of the pages that have a labelled line.
    A site whose pages are all blank (a download that came back empty) has nothing to
    train or test on."""
    return sorted({p.site for p in pages if len(p.rows)})


def one_site(pages: Sequence[LabelledPage]) -> str:
    """Why labels of one site have no leave-one-site-out score, and what to do: a page not
    in ``sites.tsv`` is a site of its own, so one site is one page, or ``sites.tsv``'s doing."""
    labelled = [p for p in pages if len(p.rows)]
    lines = " with labelled lines" if len(labelled) < len(pages) else ""
    if len(labelled) == 1:
        return f"the labels hold one page{lines}; add pages of another site."
    return (f"{SITES_FILE} puts all {len(labelled)} pages{lines} in one site, {labelled[0].site}; add pages of another "
            f"site, or correct {SITES_FILE} if they come from more than one.")


def check_trainable(pages: Sequence[LabelledPage], source: str) -> None:
    """Raise :class:`LabelError` unless the pages, and the training pages of every
    leave-one-site-out fold, hold both body and chrome lines: a model needs both.

    ``source`` names the label folders in the message.
    """
    problem = _missing_class(pages)
    if problem:
        raise LabelError(
            f"{source}: {problem}; a model needs body and chrome lines: label pages that have an article and chrome."
        )
    sites = labelled_sites(pages)
    if len(sites) < 2:
        return
    for site in sites:
        problem = _missing_class([p for p in pages if p.site != site])
        if problem:
            raise LabelError(
                f"{source}: leaving out site {site!r} for cross-validation, {problem} in the other sites; "
                "a model needs body and chrome lines: label pages with both from more sites."
            )


def fit(pages: Sequence[LabelledPage], c: float = C, class_weight: str | None = CLASS_WEIGHT) -> Pipeline:
    """A pipeline trained on the labelled lines of ``pages`` (see :func:`~boilerplate.model.build_pipeline`).

    Pages without both body and chrome lines among them are a :class:`LabelError` saying what they lack.
    """
    _check_pages("fit", pages)
    problem = _missing_class(pages)
    if problem:
        raise LabelError(f"fit: {problem}; a model needs body and chrome lines: label pages that have an article and chrome.")
    # Pages are keyed by position: two folders may hold pages of the same name.
    frame = pd.concat([p.rows.assign(page=i) for i, p in enumerate(pages)], ignore_index=True)
    model = build_pipeline(c, class_weight)
    model.fit(frame[["page", "line_no", "text"]], frame["label"])
    return model


def predict_pages(model: Pipeline, pages: Sequence[LabelledPage], config: Config = DEFAULT_CONFIG) -> pd.DataFrame:
    """One row per labelled line: the truth, the model's and the cleaner's decisions, and the baselines'."""
    frames = []
    for page in pages:
        decision = decide_lines(list(page.lines), model, config)
        rows = page.rows.copy()
        assert rows["line_no"].tolist() == decision.line_nos, "labels and page disagree on non-blank lines"
        rows["page"], rows["site"] = page.stem, page.site
        rows["p_body"] = decision.p_body
        rows["model_raw"] = decision.model_body
        rows[MODEL_COLUMN] = decision.body
        for name, rule in BASELINES.items():
            rows[name] = [rule(t) for t in rows["text"]]
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    out["truth"] = out["label"] == "body"
    out["chars"] = out["text"].str.len()
    return out


def leave_one_site_out(
    pages: Sequence[LabelledPage], c: float = C, config: Config = DEFAULT_CONFIG, class_weight: str | None = CLASS_WEIGHT
) -> pd.DataFrame:
    """Predictions for every labelled line by a model that never saw its site."""
    _check_pages("leave_one_site_out", pages)
    sites = labelled_sites(pages)
    if len(sites) < 2:
        raise LabelError("leave-one-site-out needs pages from at least two sites; list them in sites.tsv.")
    frames = []
    for site in sites:
        model = fit([p for p in pages if p.site != site], c, class_weight)
        frames.append(predict_pages(model, [p for p in pages if p.site == site], config))
    return pd.concat(frames, ignore_index=True)


def score_table(predictions: pd.DataFrame, column: str) -> dict:
    """Scores of one decision column per site (fold) and pooled."""
    folds = {}
    for site, group in predictions.groupby("site", sort=True):
        folds[site] = {"pages": int(group["page"].nunique()), **body_scores(group["truth"], group[column], group["chars"])}
    pooled = {
        "pages": int(predictions["page"].nunique()),
        **body_scores(predictions["truth"], predictions[column], predictions["chars"]),
    }
    return {"folds": folds, "pooled": pooled}


def evaluate(pages: Sequence[LabelledPage], c: float = C, config: Config = DEFAULT_CONFIG) -> dict:
    """Leave-one-site-out scores of the model and of each baseline."""
    predictions = leave_one_site_out(pages, c, config)
    result = {"loso": score_table(predictions, MODEL_COLUMN)}
    result["loso_model_only"] = score_table(predictions, "model_raw")
    result["baselines"] = {name: score_table(predictions, name) for name in BASELINES}
    return result


def format_report(result: dict) -> str:
    """The scores as a plain-text table, its columns as wide as their longest name (by terminal cells)."""
    methods = [("model (cleaner)", result["loso"]), ("model, before spans", result["loso_model_only"])]
    methods += list(result["baselines"].items())
    rows = [(name, fold, s) for name, table in methods for fold, s in [*table["folds"].items(), ("pooled", table["pooled"])]]
    name_width = max(display_width(name) for name, _, _ in [("method", "", None), *rows]) + 2
    fold_width = max(display_width(fold) for _, fold, _ in [("", "fold", None), *rows]) + 2

    def left(text: str, width: int) -> str:
        return text + " " * (width - display_width(text))

    header = f"{left('method', name_width)}{left('fold', fold_width)}{'pages':>6}{'lines':>7}{'body':>6}{'P':>8}{'R':>8}{'F1':>8}{'charF1':>8}"
    out = [
        "Leave-one-site-out on the labels (train on the other sites, test on this one); body class.",
        header,
        "-" * display_width(header),
    ]
    previous = None
    for name, fold, s in rows:
        if previous is not None and name != previous:
            out.append("")
        previous = name
        out.append(
            f"{left(name, name_width)}{left(fold, fold_width)}{s['pages']:>6}{s['lines']:>7}{s['body_lines']:>6}"
            f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['char_f1']:>8.3f}"
        )
    return "\n".join(out).rstrip()


def main(argv: Sequence[str] | None = None) -> int:
    """``train.py``'s command line; its exit code."""
    with _stop_signals() as take_stops:
        try:
            take_stops()
            return _main(argv)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: no traceback; save_model leaves no .part file
            what, code = _stopped_how(exc)
            print(f"train.py: {what}.", file=sys.stderr)
            return code


def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="train.py",
        description="Retrain the line model on label folders, print leave-one-site-out scores, save the model.",
    )
    parser.add_argument(
        "--labels", nargs="+", type=path_argument, default=[DEFAULT_LABELS], metavar="DIR",
        help="label folders to train on (default: labels/ of this repository)",
    )
    parser.add_argument("--model-dir", type=path_argument, default=DEFAULT_MODEL_DIR, help="where to write the model (default: models/, the shipped model, "
                        "which only labels/ alone may rewrite: other --labels need a folder of their own)")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    parser.add_argument("--no-save", action="store_true", help="evaluate only; leave the model folder alone")
    args = parser.parse_args(argv)
    # The labels' problem and the model folder's are both reported, so that one run shows all there is to fix.
    try:
        pages = load_label_folders(args.labels)
        check_trainable(pages, " ".join(map(str, args.labels)))
        label_problem = None
    except LabelError as exc:
        label_problem = str(exc)
        print(f"train.py: {label_problem}", file=sys.stderr)
    own_labels = [folder.resolve() for folder in args.labels] != [DEFAULT_LABELS.resolve()]
    if own_labels and not args.no_save and args.model_dir.resolve() == DEFAULT_MODEL_DIR.resolve():
        parser.error(
            "the shipped model in models/ is trained on labels/ alone; "
            "give --model-dir DIR for a model of these label folders (or --no-save)"
        )
    problem = None if args.no_save else model_dir_problem(args.model_dir)
    # Among the labels, the model and its receipt would change the folder the receipt gives the sha256 of.
    within = None if args.no_save else label_folder_holding(args.model_dir, args.labels)
    if within is not None:
        problem = (f"--model-dir {args.model_dir} is in the label folder {within}: the model would change the "
                   "folder whose sha256 its receipt records; name a folder of its own")
    if problem:
        parser.error(problem)
    if label_problem:
        return 2
    if (note := unlabelled_note(args.labels)) is not None:
        print(f"train.py: {note}", file=sys.stderr)
    try:  # the receipt's sha256 of every file of the folders (pages without a label file too), before the work
        hashes = [] if args.no_save else [{"folder": folder.resolve().name, "sha256": folder_hash(folder)}
                                          for folder in args.labels]
    except OSError as exc:
        print(f"train.py: {cannot_read(exc, args.labels[0])}", file=sys.stderr)
        return 2
    result = evaluate(pages) if len(labelled_sites(pages)) > 1 else None
    if not args.no_save:
        model = fit(pages)
        receipt = {
            "labels": hashes,
            "pages": len(pages),
            "lines": int(sum(len(p.rows) for p in pages)),
            "C": C,
            "class_weight": CLASS_WEIGHT,
            "threshold": DEFAULT_CONFIG.threshold,
            "cross_validation": {"scheme": "leave-one-site-out", "loso": result["loso"] if result else None},
        }
        try:
            save_model(model, args.model_dir, receipt)
        except OSError as exc:  # a full disk, a folder made read-only
            why = exc.strerror or exc
            print(f"train.py: cannot write the model into {args.model_dir} ({why}); the model there is left as it "
                  "was. Free some space or name another --model-dir, then rerun.", file=sys.stderr)
            return 1
    try:
        if args.json:
            print(json.dumps(result or {"loso": None, "note": "one site only: no cross-validation"}, indent=2, ensure_ascii=False))
        else:
            if result:
                print(format_report(result))
            else:
                print(f"No leave-one-site-out score: it needs pages from at least two sites, and {one_site(pages)}")
            if not args.no_save:
                trained_on = "the one page" if len(pages) == 1 else f"all {len(pages)} pages"
                print(f"\nSaved the model trained on {trained_on} to {args.model_dir}/")
        sys.stdout.flush()
    except BrokenPipeError:  # train.py --json | head: the model is saved; stop quietly, as boilerplate clean does
        from .cli import _broken_pipe

        return _broken_pipe()
    return 0
