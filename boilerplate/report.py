"""The evaluation report: renders the figures of :mod:`boilerplate.evaluate` as Markdown and HTML.

``boilerplate evaluate`` (:func:`run`) measures everything once and writes, into
``reports/``:

- ``evaluation.md`` — the report for reading on a code host; its headline table
  sits between :data:`HEADLINE_START` and :data:`HEADLINE_END`, and the README
  carries a copy of that block;
- ``evaluation.html`` — the same report as one self-contained page (styles and the
  plot inline, no script, nothing fetched at view time);
- ``evaluation.json`` — every figure, for programs;
- ``pr_curve.png`` — the precision–recall plot the Markdown shows.

All page text is escaped before it reaches either format, so a line such as
``<script>alert(1)</script>`` shows as text:

>>> html_text("<script>alert(1)</script>")
'&lt;script&gt;alert(1)&lt;/script&gt;'
>>> md_text("a | b <i>")
'a \\\\| b &lt;i&gt;'
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .bench import FOLDERS, BenchError, bench_dir, bench_variable_problem, folder_absence, lacking, missing_folders
from .evaluate import LABELS_LANGUAGE, WORST_PAGES, EvaluationError, collect, model_path_of
from .extras import install_command
from .folders import folder_problem, path_argument, write_whole
from .labels import LabelError, label_folder_holding, load_label_folders, unlabelled_note
from .model import CLASS_WEIGHT, C, ModelError, load_model
from .training import DEFAULT_LABELS, MODEL_COLUMN, REPO, check_trainable, labelled_sites, one_site

DEFAULT_OUT = REPO / "reports"
MD_FILE, HTML_FILE, JSON_FILE, PNG_FILE = "evaluation.md", "evaluation.html", "evaluation.json", "pr_curve.png"

#: The markers around the headline table in the report and in the README.
HEADLINE_START = "<!-- evaluation-headline:start (copied from reports/evaluation.md by boilerplate evaluate) -->"
HEADLINE_END = "<!-- evaluation-headline:end -->"

MATPLOTLIB_MISSING = (
    "boilerplate evaluate draws its plot with matplotlib, which is not installed; "
    f"install it with {install_command('report')}."
)

# Inline Markdown only: the text always sits inside a table cell or after other text,
# so block markers (# - + 1.) cannot start a block, and ( ) only matter after ].
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


# ---------------------------------------------------------------- formatting


def html_text(text: str) -> str:
    """Text for HTML: ``& < > " '`` escaped."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Text for Markdown (also inside a table cell): markup characters escaped, ``& < >`` as entities."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_code(text: str, table: bool = False) -> str:
    """Text as a Markdown code span, shown as it is: no backslash escapes (they do not work
    inside one), a fence longer than any run of backticks in it, and ``|`` escaped in a
    table cell, where GitHub splits cells even inside code.

    >>> md_code("my_labels"), md_code("a`b")
    ('`my_labels`', '``a`b``')
    """
    if table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def f3(value: float) -> str:
    """A score with three decimals, as ``train.py`` prints it.

    >>> f3(0.95238)
    '0.952'
    """
    return f"{value:.3f}"


def _int(value: float) -> str:
    return f"{value:,.0f}"


def _method_names(figures: dict) -> dict[str, str]:
    return {m["key"]: m["name"] for m in figures["methods"]}


def _peer_keys(figures: dict) -> list[str]:
    """Our cleaner and every peer: the rows of the comparison tables."""
    return [m["key"] for m in figures["methods"] if m["key"] != "model_raw"]


def labels_name(figures: dict) -> str:
    """The label folders evaluated cross-site, as the report names them: ``labels/`` for the project's own.

    >>> labels_name({"receipt": {"labels_evaluated": [{"folder": "labels"}, {"folder": "my_labels"}]}})
    'labels/, my_labels/'
    """
    return ", ".join(f"{x['folder']}/" for x in figures["receipt"]["labels_evaluated"])


def _labels_md(figures: dict) -> str:
    """:func:`labels_name` for Markdown prose: as code when it is a plain name, else escaped text."""
    name = labels_name(figures)
    return f"`{name}`" if re.fullmatch(r"[\w.,/ -]+", name) else md_text(name)


def _labels_html(figures: dict) -> str:
    return f"<code>{_h(labels_name(figures))}</code>"


def model_name(figures: dict) -> str:
    """What the unseen pages were cleaned with: the shipped model, or the one ``--model`` named."""
    return "the shipped model" if figures["model"].get("shipped", True) else "the model given by --model"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- the headline


def headline_columns(figures: dict) -> list[tuple[str, str, dict]]:
    """(column title, its size, scores by method) for the headline: cross-site, then each benchmark folder."""
    loso = figures["cross_site"]
    columns = [(f"cross-site, {labels_name(figures)}", f"{loso['pages']} pages", {k: v["pooled"] for k, v in loso["methods"].items()})]
    unseen = figures["unseen"]
    if unseen["available"]:
        for folder in FOLDERS:
            if folder in unseen["folders"]:
                f = unseen["folders"][folder]
                columns.append((f"unseen: {folder}", f"{f['pages']} pages", f["methods"]))
    return columns


def _best(columns: list[tuple[str, str, dict]], keys: Sequence[str]) -> list[str]:
    return [max(keys, key=lambda k: scores[k]["f1"]) for _, _, scores in columns]


def headline_markdown(figures: dict) -> str:
    """The headline table as a Markdown block between the headline markers."""
    names = _method_names(figures)
    keys = _peer_keys(figures)
    columns = headline_columns(figures)
    best = _best(columns, keys)
    out = [HEADLINE_START, "", "| method | " + " | ".join(f"{md_text(t)} ({n})" for t, n, _ in columns) + " |",
           "| --- |" + " --- |" * len(columns)]
    for key in keys:
        name = f"**{md_text(names[key])}**" if key == MODEL_COLUMN else md_text(names[key])
        cells = []
        for (_, _, scores), top in zip(columns, best):
            f1 = f3(scores[key]["f1"])
            cells.append(f"{'**' + f1 + '**' if key == top else f1} / {f3(scores[key]['char_f1'])}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("")
    note = ("Line F1 / character-weighted F1 of the body class, micro over lines; the best line F1 "
            f"of each column in bold. Cross-site: leave-one-site-out on {_labels_md(figures)}.")
    if figures["unseen"]["available"]:
        note += (f" Unseen: {model_name(figures)} on `../shared/bench`, whose pages are not in its training data"
                 f" (its C, its class weighting and {CHOSEN_ON_HALF} were chosen on half of them: see §2).")
    else:
        note += " The benchmark `../shared/bench` was not there, so unseen pages are left out."
    out += [note, "", HEADLINE_END]
    return "\n".join(out)


def extract_headline(text: str) -> str | None:
    """The headline block (markers included) of a report or README, or ``None``: from the
    first start marker to the first end marker after it (an end marker before it, quoted in
    prose, is no block's end)."""
    start = text.find(HEADLINE_START)
    end = text.find(HEADLINE_END, start) if start >= 0 else -1
    if end < 0:
        return None
    return text[start : end + len(HEADLINE_END)]


def updated_readme(path: Path, headline: str) -> str | None:
    """The README's text with its headline block replaced by ``headline``; ``None`` when it has no block.

    Its line ends are kept as they are: a README with CRLF ones gets the block with CRLF too.
    """
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    old = extract_headline(text)
    if old is None:
        return None
    return text.replace(old, headline.replace("\n", "\r\n") if "\r\n" in text else headline)


# ---------------------------------------------------------------- the plot


def pr_plot(curves: dict, threshold: float) -> bytes:
    """The precision–recall curves of the model's probability as a PNG, the threshold marked."""
    try:
        import matplotlib  # noqa: PLC0415 - optional dependency

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt  # noqa: PLC0415
    except ImportError:
        raise RuntimeError(MATPLOTLIB_MISSING) from None
    colors = ["#0b6e4f", "#c0392b", "#2c6fbb", "#8e44ad", "#d68910"]
    fig, ax = plt.subplots(figsize=(7.2, 4.6), dpi=150)
    for (name, curve), color in zip(curves.items(), colors):
        if curve["average_precision"] is None:  # no body line: no curve to draw (the table says so)
            continue
        shown = name.replace("$", r"\$")  # a $ in a folder's name is text, not mathtext
        label = f"{shown} — AP {curve['average_precision']:.3f}"
        ax.plot(curve["recall"], curve["precision"], color=color, lw=1.8, label=label, drawstyle="steps-post")
        at = curve["at_threshold"]
        ax.plot([at["recall"]], [at["precision"]], "o", color=color, ms=7, mec="white", mew=1.5, zorder=5)
    ax.plot([], [], "o", color="#555", ms=7, mec="white", label=f"threshold p(body) ≥ {threshold:g}")
    ax.set_xlabel("recall of body lines")
    ax.set_ylabel("precision of body lines")
    ax.set_xlim(0, 1.01)
    ax.set_ylim(0, 1.03)
    ax.grid(True, color="#e5e5e5", lw=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    ax.set_title("Model probability before the span passes", fontsize=10, loc="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


# ---------------------------------------------------------------- Markdown


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def _score_cells(s: dict) -> list[str]:
    return [_int(s["lines"]), _int(s["body_lines"]), f3(s["precision"]), f3(s["recall"]), f3(s["f1"]),
            f3(s["char_f1"])]


SCORE_HEADER = ["lines", "body", "P", "R", "F1", "char F1"]

#: What was chosen on the benchmark's development half, besides the model's C and class
#: weighting: the numbers of the bench/choose_*.py scripts (choose_credit.py's is the longest
#: credit, text.CREDIT_MAX_WORDS).
CHOSEN_ON_HALF = "the select, code, near, cohesion, lists and headline passes' numbers and the longest credit of a caption"

#: What §2 says of how far the benchmark is from blind.
HALVES_NOTE = (
    "None of these pages is in the model's training data, but they are not a blind test: the model's "
    f"regularization C, its class weighting and {CHOSEN_ON_HALF} were chosen on the development half "
    "(pages whose id has an even sha1), and some of the cleaner's rules were written after looking at benchmark pages of either half (the README says which). "
    "The two halves are scored apart below."
)
HALF_NAMES = {"development": "development (C, weighting, the passes' numbers and the longest credit chosen here)", "held_out": "held out"}


def _half_cells(s: dict) -> list[str]:
    """A half's score cells; with no page of the folder in the half, its scores are :data:`NO_POINT`
    (there is nothing to score, which :func:`~boilerplate.metrics.body_scores` gives as 0).

    >>> _half_cells({"lines": 0, "body_lines": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "char_f1": 0.0})
    ['0', '0', '–', '–', '–', '–']
    """
    cells = _score_cells(s)
    return cells if s["lines"] else [*cells[:2], *[NO_POINT] * (len(cells) - 2)]


def _halves_gap_note(halves: dict) -> str:
    """The note under the halves table when a half of some folder holds no page."""
    empty = any(not s["lines"] for folder in halves.values() for s in folder.values())
    return f"{NO_POINT}: no page of the folder is in this half." if empty else ""


def _bar(value: float, scale: float, width: int = 12) -> str:
    n = round(abs(value) / scale * width) if scale else 0
    return ("+" if value >= 0 else "−") + "█" * n


CURVE_INTRO = (
    "How many pages of your own to label: a model trained on {labels} plus *k* pages drawn from a "
    "benchmark folder (its pool half, by a hash of the page id), scored on the folder's other half. "
    "Each *k* > 0 is the mean of {draws} random draws (min–max in brackets). *k* = 0 is {k0} "
    "alone. Line F1 of the body class."
)


#: The cell of a *k* the folder's pool is too small for (:func:`boilerplate.curves.learning_curve` leaves it out).
NO_POINT = "–"
CURVE_GAP_NOTE = f" {NO_POINT}: the folder's pool holds fewer than k pages."


def _curve_rows(curve: dict) -> tuple[list[str], list[list[str]]]:
    """The curve's table: each point under the column of its *k*, :data:`NO_POINT` where a folder has none."""
    ks = curve["ks"]
    rows = []
    for folder, points in curve["folders"].items():
        by_k = {point["k"]: point for point in points}
        cells = []
        for k in ks:
            point = by_k.get(k)
            if point is None:
                cells.append(NO_POINT)
                continue
            spread = f" ({f3(point['f1_min'])}–{f3(point['f1_max'])})" if point["draws"] > 1 else ""
            cells.append(f"{f3(point['f1'])}{spread}")
        rows.append([folder, str(points[0]["held_out_pages"]), *cells])
    return ["folder", "held-out pages", *[f"k = {k}" for k in ks]], rows


def _curve_gap_note(rows: list[list[str]]) -> str:
    return CURVE_GAP_NOTE if any(NO_POINT in row[2:] for row in rows) else ""


def _curve_k0(figures: dict) -> str:
    """What *k* = 0 is trained on, as plain text; empty when it is the label folders, which the caller names.

    The shipped model's training data only when the shipped model's receipt records these
    label folders: a folder of one's own may be named ``labels/`` too.
    """
    shipped = figures["model"].get("shipped", True) and figures["receipt"]["labels_match"]
    return "the shipped model's training data" if shipped else ""


def _curve_markdown(curve: dict | None, figures: dict) -> list[str]:
    if not curve:
        return []
    header, rows = _curve_rows(curve)
    note = _curve_gap_note(rows)
    rows = [[md_text(r[0]), *r[1:]] for r in rows]
    return ["", f"### Learning curve: {md_text(labels_name(figures))} plus k pages of the folder", "",
            md_text(CURVE_INTRO).replace("\\*", "*").format(
                draws=curve["draws"], labels=_labels_md(figures), k0=md_text(_curve_k0(figures)) or _labels_md(figures))
            + md_text(note) + _refit_note(curve, md_text, md_code),
            "",
            *_md_table(header, rows, "l" + "r" * (len(header) - 1))]


SITE_INTRO = (
    "What labelling pages of your own site buys: each page of a publisher with two pages or more in a "
    "folder (the publisher: the page id without its date or number; scrapinghub's ids name none) is cleaned "
    "by a model trained on {labels} plus that publisher's other pages, and by one trained on {labels} alone. "
    "Line F1 / character-weighted F1 of the body class over those pages."
)


def _site_rows(site: list[dict], figures: dict) -> tuple[list[str], list[list[str]]]:
    header = ["folder", "publishers", "pages", f"{labels_name(figures)} alone", "+ the publisher's other pages"]
    rows = [[r["folder"], str(r["publishers"]), str(r["pages"]), f"{f3(r['f1'])} / {f3(r['char_f1'])}",
             f"{f3(r['f1_site'])} / {f3(r['char_f1_site'])}"] for r in site]
    return header, rows


def _site_markdown(site: list[dict] | None, figures: dict) -> list[str]:
    if not site:
        return []
    header, rows = _site_rows(site, figures)
    intro = md_text(SITE_INTRO).format(labels=_labels_md(figures)) + _refit_note(site[0], md_text, md_code)
    return ["", "### Pages of one publisher", "", intro, "",
            *_md_table([md_text(h) for h in header], [[md_text(c) for c in r] for r in rows], "lrrrr")]


def _site_html(site: list[dict] | None, figures: dict) -> str:
    if not site:
        return ""
    header, rows = _site_rows(site, figures)
    intro = _h(SITE_INTRO).format(labels=_labels_html(figures)) + _refit_note(site[0], _h, _html_code)
    body = [_row([f'<td class="l">{_h(r[0])}</td>', *[f"<td>{_h(c)}</td>" for c in r[1:]]]) for r in rows]
    return f"<h3>Pages of one publisher</h3><p>{intro}</p>" + _html_table([_h(h) for h in header], body)


def _curve_html(curve: dict | None, figures: dict) -> str:
    if not curve:
        return ""
    header, rows = _curve_rows(curve)
    intro = _h(CURVE_INTRO).replace("*k*", "<em>k</em>").format(
        draws=curve["draws"], labels=_labels_html(figures), k0=_h(_curve_k0(figures)) or _labels_html(figures))
    intro += _h(_curve_gap_note(rows)) + _refit_note(curve, _h, _html_code)
    body = [_row([f'<td class="l">{_h(r[0])}</td>', *[f"<td>{_h(c)}</td>" for c in r[1:]]]) for r in rows]
    return f"<h3>Learning curve: {_h(labels_name(figures))} plus k pages of the folder</h3><p>{intro}</p>" + _html_table(header, body)


def render_markdown(figures: dict) -> str:
    """The report as Markdown (every part; page text escaped)."""
    names = _method_names(figures)
    loso = figures["cross_site"]
    unseen = figures["unseen"]
    model = figures["model"]
    out = [
        "# Evaluation report",
        "",
        f"Made by {md_code(figures['command'])} on {figures['generated']}. "
        "Every figure below was measured in that one run; the HTML version "
        "(`evaluation.html`, one self-contained file) shows the same with the plot inline.",
        "",
        "## Summary",
        "",
        headline_markdown(figures),
        "",
    ]
    out += [f"> {md_text(note)}" for note in figures["notes"]]

    # 1
    pooled = loso["methods"][MODEL_COLUMN]["pooled"]
    out += [
        "", f"## 1. Cross-site quality on {md_text(labels_name(figures))}", "",
        f"Leave-one-site-out: for each of the {len(loso['sites'])} sites a model trained on the other sites "
        f"cleans this site's pages ({_fit_note(loso, md_text, md_code)}). Body class over "
        f"{loso['lines']} lines ({loso['body_lines']} body). **{pooled['exact_pages']} of {loso['pages']} pages** "
        "come out with exactly the labelled body.", "",
        "### By site (fold) and pooled", "",
    ]
    rows = []
    for method in (MODEL_COLUMN, "model_raw"):
        table = loso["methods"][method]
        for fold, s in [*table["folds"].items(), ("pooled", table["pooled"])]:
            rows.append([md_text(names[method]), md_text(fold), str(s["pages"]), *_score_cells(s)])
    out += _md_table(["method", "site", "pages", *SCORE_HEADER], rows, "llr" + "r" * 6)
    out += ["", "### By page (boilerplate)", ""]
    rows = [[md_text(p["page"]), md_text(p["site"]), *_score_cells(p), "yes" if p["exact"] else "no"]
            for p in loso["per_page"]]
    out += _md_table(["page", "site", *SCORE_HEADER, "exact body"], rows, "ll" + "r" * 6 + "l")

    # 2
    out += ["", "## 2. Unseen pages (../shared/bench)", ""]
    if not unseen["available"]:
        out += ["The benchmark `../shared/bench` was not there, so this part is left out. "
                "Put it beside the repository (see its README) and run `boilerplate evaluate` again."]
    else:
        out += [
            f"{_capital(model_name(figures))} on pages from three published extraction test sets, each line labelled by "
            "projecting the set's gold text. Micro over lines; page names and figures only.", "",
            HALVES_NOTE, "",
            "### By folder", "",
        ]
        rows = [[md_text(folder), str(f["pages"]), str(f["languages"]), *_score_cells(f["methods"][MODEL_COLUMN]),
                 f"{f['methods'][MODEL_COLUMN]['exact_pages']}"] for folder, f in unseen["folders"].items()]
        p = unseen["pooled"]
        rows.append(["all", str(p["pages"]), "", *_score_cells(p["methods"][MODEL_COLUMN]),
                     f"{p['methods'][MODEL_COLUMN]['exact_pages']}"])
        out += _md_table(["folder", "pages", "languages", *SCORE_HEADER, "exact pages"], rows)
        out += ["", "### The development half and the held-out half", ""]
        rows = [[md_text(folder), md_text(HALF_NAMES[half]), str(s["pages"]), *_half_cells(s)]
                for folder, halves in unseen["halves"].items() for half, s in halves.items()]
        out += _md_table(["folder", "half", "pages", *SCORE_HEADER], rows, "ll" + "r" * 7)
        if note := _halves_gap_note(unseen["halves"]):
            out += ["", md_text(note)]
        out += ["", "### By language", ""]
        rows = []
        for language, f in unseen["languages"].items():
            s = f["methods"][MODEL_COLUMN]
            jt = f["methods"].get("justext")
            rows.append([md_text(language), str(s["pages"]), md_text(", ".join(f["folders"])), *_score_cells(s),
                         f3(jt["f1"]) if jt else "–", md_text(f["stoplist"] or "none: language-independent mode")])
        out += _md_table(["language", "pages", "folders", *SCORE_HEADER, "jusText F1", "jusText stoplist"], rows,
                         "lrl" + "r" * 7 + "l")
        out += ["", f"### The {WORST_PAGES} pages it does worst on", "",
                "By character-weighted F1, then line F1.", ""]
        rows = [[md_text(w["folder"]), md_text(w["page_id"]), md_text(w["language"]), *_score_cells(w)]
                for w in unseen["worst"]]
        out += _md_table(["folder", "page", "language", *SCORE_HEADER], rows, "lll" + "r" * 6)
        out += _curve_markdown(figures.get("learning_curve"), figures)
        out += _site_markdown(figures.get("same_site"), figures)

    # 3
    out += ["", "## 3. Peers on the same lines, in the same run", ""]
    out += [f"- **{md_text(m['name'])}** — {md_text(m['description'])}" for m in figures["methods"]]
    if "justext" in _method_names(figures):
        out += ["", _stoplist_note(figures, md_text, _labels_md(figures), "*By language*")]
    blocks = [(f"{labels_name(figures)}, cross-site", {k: v["pooled"] for k, v in loso["methods"].items()})]
    if unseen["available"]:
        blocks += [(f"unseen: {folder}", f["methods"]) for folder, f in unseen["folders"].items()]
    for title, scores in blocks:
        out += ["", f"### {md_text(title)}", ""]
        rows = [[md_text(names[k]), *_score_cells(scores[k])[2:], str(scores[k]["exact_pages"])]
                for k in [m["key"] for m in figures["methods"]]]
        out += _md_table(["method", "P", "R", "F1", "char F1", "exact pages"], rows)

    # 4
    keys = [m["key"] for m in figures["methods"]]
    out += ["", f"## 4. Errors by role ({md_text(labels_name(figures))}, cross-site)", "",
            "How many lines of each role each method kept. A body role should be kept whole, a chrome role "
            "not at all.", ""]
    rows = []
    for r in figures["roles"]:
        rows.append([md_text(r["role"]), r["label"], str(r["lines"]),
                     *(f"{r['kept'][k]} of {r['lines']}" for k in keys)])
    out += _md_table(["role", "class", "lines", *(md_text(names[k]) for k in keys)], rows, "llr" + "r" * len(keys))
    errors = _errors(figures)
    out += ["", f"### boilerplate's {len(errors)} wrong lines", ""]
    if errors:
        rows = [[md_text(page), str(line["line_no"]), "chrome kept" if line["kept"] else "body dropped",
                 md_text(line["role"] or "(none)"), f"{line['p_body']:.2f}", md_text(line["text"])]
                for page, line in errors]
        out += _md_table(["page", "line", "error", "role", "p", "text"], rows, "lrllrl")
    else:
        out.append("None: every labelled line is decided right.")

    # 5
    coefs = model["coefficients"]
    scale = max(abs(c["coefficient"]) for c in coefs) if coefs else 1.0
    out += ["", "## 5. The model", "",
            f"Logistic regression on standardized features; a line is the model's body when its probability "
            f"is at least **{model['threshold']:g}** (the decision threshold), before the span passes.", "",
            f"![Precision–recall curves with the threshold marked]({PNG_FILE})", ""]
    rows = [[md_text(name), *_curve_cells(c)] for name, c in model["curves"].items()]
    out += _md_table(["curve", "average precision", f"P at {model['threshold']:g}", f"R at {model['threshold']:g}",
                      "lines"], rows)
    if note := _no_body_note(model["curves"]):
        out += ["", md_text(note)]
    out += ["", "Every feature's coefficient on the standardized scale (positive: towards body), largest first.", ""]
    rows = [[md_code(c['feature'], table=True), f"{c['coefficient']:+.3f}", _bar(c["coefficient"], scale)] for c in coefs]
    out += _md_table(["feature", "coefficient", ""], rows, "lrl")

    # 6
    out += ["", "## 6. Every labelled page, line by line", "",
            "Cross-site decisions (the model never saw the page's site): p = probability of body, "
            "✔ kept, · dropped; **CHROME KEPT** and **BODY DROPPED** mark the errors.", ""]
    for page in figures["lines"]:
        errors = sum(line["kept"] != line["truth"] for line in page["lines"])
        out += ["<details>", f"<summary>{html_text(page['page'])} ({html_text(page['site'])}): "
                f"{len(page['lines'])} lines, {errors} error{'s' * (errors != 1)}</summary>", ""]
        rows = []
        for line in page["lines"]:
            mark = ("**CHROME KEPT**" if line["kept"] else "**BODY DROPPED**") if line["kept"] != line["truth"] else ""
            rows.append([str(line["line_no"]), f"{line['p_body']:.2f} {_bar(line['p_body'], 1.0, 10)[1:]}",
                         ("✔" if line["kept"] else "·") + _by_spans(line, False), mark,
                         f"{'body' if line['truth'] else 'chrome'}: {md_text(line['role'] or '(none)')}",
                         md_text(line["text"])])
        out += _md_table(["line", "p", "kept", "error", "label: role", "text"], rows, "rlllll")
        out += ["", "</details>", ""]

    # 7
    sp = figures["speed"]
    out += ["## 7. Speed", "", _speed_text(sp, md_text, md_code), ""]
    rows = [[md_text("clean" if k == MODEL_COLUMN else names[k]), _int(v["pages_per_s"]), _int(v["lines_per_s"]),
             f"{v['seconds']:.2f}", str(v["rounds"])] for k, v in sp["methods"].items()]
    out += _md_table(["method", "pages/s", "lines/s", "seconds", "passes"], rows)

    # 8
    out += ["", "## 8. The model receipt", ""]
    out += _md_table(["", ""], _receipt_rows(figures), "ll")
    out.append("")
    return "\n".join(out)


def _curve_cells(curve: dict) -> list[str]:
    """A precision–recall curve's row of the model table; :data:`NO_POINT` for a figure it has not
    (:func:`~boilerplate.evaluate.pr_curve` gives none on lines without a body line).

    >>> _curve_cells({"average_precision": None, "at_threshold": {"precision": 0.0, "recall": None}, "lines": 4})
    ['–', '0.000', '–', '4']
    """
    at = curve["at_threshold"]
    return [NO_POINT if value is None else f3(value)
            for value in (curve["average_precision"], at["precision"], at["recall"])] + [_int(curve["lines"])]


def _no_body_note(curves: dict) -> str:
    """The note under the model table when a curve's lines hold no body line."""
    if all(c["average_precision"] is not None for c in curves.values()):
        return ""
    return (f"{NO_POINT}: the curve's lines hold no body line, so it has no average precision, no recall "
            "and no curve in the plot.")


def _fit_note(loso: dict, text, code) -> str:
    """How each cross-site fold's model was fitted, ``text`` escaping the prose and ``code`` marking up a name:
    as ``python train.py`` fits it, or at the evaluated model's own C and class weighting.

    A report's figures from before they recorded it were fitted as ``train.py`` fits.
    """
    if _as_train_py(loso):
        return "the same predictions and scores as " + code("python train.py")
    c, weight = loso.get("C", C), loso.get("class_weight", CLASS_WEIGHT)
    return (text(f"each fitted as the evaluated model was, at C = {c} and class weighting {weight or 'none'}, where ")
            + code("python train.py") + text(f" fits at C = {C} and class weighting {CLASS_WEIGHT or 'none'}"))


def _as_train_py(fitted: dict) -> bool:
    """Were these models (the cross-site folds, the curve, the publishers' table) fitted at
    ``python train.py``'s C and class weighting? Figures from before they recorded it were."""
    return (fitted.get("C", C), fitted.get("class_weight", CLASS_WEIGHT)) == (C, CLASS_WEIGHT)


def _html_code(name: str) -> str:
    return f"<code>{_h(name)}</code>"


def _refit_note(fitted: dict, text, code) -> str:
    """For the learning curve and the publishers' table (``fitted``: the curve, or a row of
    the table), how their models were fitted when not as ``python train.py`` fits; else empty.
    """
    if _as_train_py(fitted):
        return ""
    return text(" Its models are ") + _fit_note(fitted, text, code) + text(".")


def _stoplist_note(figures: dict, text, labels: str, by_language: str) -> str:
    """Which stoplist jusText used on the labels (and on the benchmark), ``text`` escaping the prose."""
    loso = figures["cross_site"]
    if loso.get("stoplist"):
        note = f"jusText on {labels} uses the {text(loso['stoplist'])} stoplist"
    else:
        note = (f"jusText has no stoplist for the language of {labels} ({text(loso['language'])}): there it runs in "
                "its language-independent mode")
    if not figures["unseen"]["available"]:
        return note + "."
    return note + f"; on the benchmark, each page's language's stoplist (see {by_language})."


def _by_spans(line: dict, as_html: bool) -> str:
    """A note when the span passes overturned the model's own label for this line.

    >>> _by_spans({"model_raw": False, "kept": True}, as_html=False)
    ' by the span passes (model: chrome)'
    """
    if line["model_raw"] == line["kept"]:
        return ""
    note = f"by the span passes (model: {'body' if line['model_raw'] else 'chrome'})"
    return f' <span class="sub">{note}</span>' if as_html else f" {note}"


def _errors(figures: dict) -> list[tuple[str, dict]]:
    """(page, line) for every labelled line the cleaner got wrong cross-site, in page order."""
    return [(page["page"], line) for page in figures["lines"] for line in page["lines"] if line["kept"] != line["truth"]]


def _speed_text(sp: dict, text, code) -> str:
    """How speed was measured, with ``text`` escaping prose and ``code`` marking up a name."""
    labelled = sp["pages"] - sp["bench_pages"]
    sample = f"the {labelled} labelled pages"
    if sp["bench_pages"]:
        sample += f" and every {sp['stride']}th benchmark page ({sp['bench_pages']})"
    load = "" if sp["load_average"] is None else f", load average {sp['load_average']} when timing began"
    return text(f"On {sp['pages']} pages ({_int(sp['lines'])} non-blank lines: {sample}), each method alone in one "
                f"process on this machine ({sp['cores']} cores{load}), "
                f"the whole sample again until at least {sp['min_seconds']:g} s had passed. Every method "
                "starts from the page's text. ") + code("clean") + text(
                " includes featurizing, the model and the span passes; the model was loaded beforehand.")


def _weighting(class_weight: object) -> str:
    """The model's class weighting as the receipt row shows it."""
    return "none (every labelled line alike)" if class_weight is None else md_text(str(class_weight))


def _receipt_rows(figures: dict) -> list[list[str]]:
    r = figures["receipt"]
    trained = ", ".join(f"{x['folder']} {x['sha256']}" for x in r["trained_on"])
    evaluated = ", ".join(f"{x['folder']} {x['sha256']}" for x in r["labels_evaluated"])
    versions = ", ".join(f"{k} {v}" for k, v in r["versions"].items() if v)
    saved = ", ".join(f"{k} {v}" for k, v in r["saved_versions"].items())
    return [
        ["command", md_code(figures["command"], table=True)],
        ["date", figures["generated"]],
        ["model file", f"{md_text(r['model_file'])}, sha256 {r['model_sha256']}"],
        ["trained on", f"{md_text(trained)} ({r['trained_pages']} pages, {r['trained_lines']} lines)"],
        ["labels evaluated", md_text(evaluated) + ("" if r["labels_match"] else " (**not the labels the model was trained on**)")],
        ["C, class weighting, threshold", f"{r['C']}, {_weighting(r.get('class_weight', 'balanced'))}, {r['threshold']}"],
        ["saved with", md_text(saved)],
        ["run with", md_text(versions)],
    ]


# ---------------------------------------------------------------- HTML

CSS = """
:root { --ink:#1d2329; --muted:#5f6b76; --line:#e3e7eb; --soft:#f5f7f9; --accent:#0b6e4f;
  --bad:#c0392b; --warn:#b9770e; --body:#0b6e4f; --chrome:#8a96a3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; color:var(--ink); background:#fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Bengali", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 28px 80px; }
header.top { margin-bottom: 8px; }
h1 { font-size: 30px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 22px; margin: 46px 0 10px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 26px 0 8px; color: #2c3640; }
p { margin: 8px 0; max-width: 78ch; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: var(--soft);
  padding: 1px 5px; border-radius: 4px; }
nav.toc { display:flex; flex-wrap:wrap; gap: 6px 16px; font-size: 14px; margin: 12px 0 0; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 18px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: #fff; }
.card .k { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .v { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
.card .s { font-size: 13px; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 8px 0 4px; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th { font-weight: 600; color: #39444f; background: var(--soft); white-space: nowrap; }
td.l, th.l { text-align: left; }
tr.ours td { background: #eef7f2; }
tr.ours td:first-child { font-weight: 650; }
td.best { font-weight: 700; }
td .sub, th .sub { color: var(--muted); font-size: 12px; font-weight: 400; }
td.err { color: var(--bad); font-weight: 600; }
td.ok { color: var(--body); }
figure { margin: 14px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; }
figcaption { font-size: 13px; color: var(--muted); }
.side { display:flex; flex-wrap:wrap; gap: 0 28px; align-items:flex-start; }
.coef { display:inline-block; position: relative; width: 120px; height: 10px; background: var(--soft);
  border-radius: 2px; vertical-align: middle; }
.coef i { position:absolute; left:0; top:0; bottom:0; border-radius: 2px; }
.coef i.pos { background: var(--body); }
.coef i.neg { background: var(--bad); opacity:.75; }
table.headline td:first-child, table.headline th:first-child { white-space: nowrap; }
table.roles th { white-space: normal; vertical-align: bottom; min-width: 64px; }
table.roles td { white-space: nowrap; }
details.page { border: 1px solid var(--line); border-radius: 10px; margin: 10px 0; background:#fff; }
details.page > summary { cursor: pointer; padding: 10px 14px; font-weight: 600; list-style-position: inside; }
details.page > summary .muted { font-weight: 400; }
details.page[open] > summary { border-bottom: 1px solid var(--line); }
table.lines { width: 100%; font-size: 14px; }
table.lines td { text-align: left; border-bottom: 1px solid #f0f2f4; }
table.lines td.no { color: var(--muted); text-align: right; width: 3em; }
table.lines td.text { width: 60%; overflow-wrap: anywhere; }
table.lines .sub { color: var(--muted); font-size: 12px; }
table.lines td.etext { text-align: left; overflow-wrap: anywhere; }
table.lines tr.kept td.text { color: var(--ink); }
table.lines tr.dropped td.text { color: #7b8590; }
table.lines tr.fp { background: #fdf1e6; }
table.lines tr.fn { background: #fbeaea; }
.pbar { display:inline-block; position:relative; width: 80px; height: 8px; background: var(--soft);
  border-radius: 4px; vertical-align: middle; margin-right: 6px; }
.pbar i { position:absolute; left:0; top:0; bottom:0; border-radius: 4px; background: var(--chrome); }
.pbar.on i { background: var(--body); }
.pbar b { position:absolute; top:-3px; bottom:-3px; border-left: 1px dashed #444; }
.tag { display:inline-block; font-size: 12px; padding: 0 6px; border-radius: 9px; white-space: nowrap; }
.tag.body { background:#e3f3ec; color:#0b5a41; }
.tag.chrome { background:#eceff2; color:#4e5a66; }
.tag.fp { background:#b9770e; color:#fff; }
.tag.fn { background:#c0392b; color:#fff; }
.note { border-left: 3px solid var(--warn); padding: 6px 12px; background:#fdf7ec; margin: 10px 0; }
dl.receipt { display:grid; grid-template-columns: max-content 1fr; gap: 4px 18px; font-size: 14px; }
dl.receipt dt { color: var(--muted); }
dl.receipt dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 50px; font-size: 13px; color: var(--muted); }
"""


def _h(text: object) -> str:
    return html_text(str(text))


def _html_table(header: Sequence[str], rows: Sequence[str], cls: str = "", left: int = 1) -> str:
    """A table; the first ``left`` columns are text (left-aligned), the others figures."""
    head = "".join(f'<th class="{"l" if i < left else ""}">{h}</th>' for i, h in enumerate(header))
    return (f'<div class="table-wrap"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _tds(s: dict) -> str:
    return "".join(f"<td>{c}</td>" for c in _score_cells(s))


def _row(cells: Sequence[str], cls: str = "") -> str:
    return f'<tr class="{cls}">' + "".join(cells) + "</tr>"


def render_html(figures: dict, png: bytes) -> str:
    """The report as one self-contained HTML page (page text escaped, the plot inline)."""
    names = _method_names(figures)
    loso = figures["cross_site"]
    unseen = figures["unseen"]
    model = figures["model"]
    keys = [m["key"] for m in figures["methods"]]
    parts: list[str] = []
    add = parts.append

    # summary
    pooled = loso["methods"][MODEL_COLUMN]["pooled"]
    cards = [("cross-site F1", f3(pooled["f1"]), f"char-weighted {f3(pooled['char_f1'])} · {labels_name(figures)}, {loso['pages']} pages")]
    if unseen["available"]:
        for folder, f in unseen["folders"].items():
            s = f["methods"][MODEL_COLUMN]
            cards.append((f"unseen: {folder}", f3(s["f1"]), f"char-weighted {f3(s['char_f1'])} · {f['pages']} pages"))
    add('<section id="summary"><h2>Summary</h2><div class="cards">')
    for k, v, s in cards:
        add(f'<div class="card"><div class="k">{_h(k)}</div><div class="v">{_h(v)}</div><div class="s">{_h(s)}</div></div>')
    add("</div>")
    columns = headline_columns(figures)
    best = _best(columns, _peer_keys(figures))
    rows = []
    for key in _peer_keys(figures):
        cells = [f'<td class="l">{_h(names[key])}</td>']
        for (_, _, scores), top in zip(columns, best):
            s = scores[key]
            cells.append(f'<td class="{"best" if key == top else ""}">{f3(s["f1"])} '
                         f'<span class="sub">/ {f3(s["char_f1"])}</span></td>')
        rows.append(_row(cells, "ours" if key == MODEL_COLUMN else ""))
    add(_html_table(["method", *(f'{_h(t)}<br><span class="sub">{_h(n)}</span>' for t, n, _ in columns)], rows,
                    "headline"))
    add('<p class="muted small">Line F1 <span class="sub">/ character-weighted F1</span> of the body class, micro '
        f"over lines; the best line F1 of each column in bold. Cross-site: leave-one-site-out on {_labels_html(figures)}. "
        + (f"Unseen: {_h(model_name(figures))} on <code>../shared/bench</code>, whose pages are not in its training data "
           f"(its C, its class weighting and {_h(CHOSEN_ON_HALF)} were chosen on half of them: see §2)."
           if unseen["available"] else "The benchmark <code>../shared/bench</code> was not there: unseen pages are left out.")
        + "</p>")
    for note in figures["notes"]:
        add(f'<p class="note">{_h(note)}</p>')
    add("</section>")

    # 1
    add(f'<section id="cross-site"><h2>1. Cross-site quality on {_h(labels_name(figures))}</h2>')
    add(f"<p>Leave-one-site-out: for each of the {len(loso['sites'])} sites, a model trained on the other sites "
        f"cleans this site's pages — {_fit_note(loso, _h, _html_code)}. Body class "
        f"over {loso['lines']} lines ({loso['body_lines']} body). <strong>{pooled['exact_pages']} of {loso['pages']} "
        "pages</strong> come out with exactly the labelled body.</p>")
    add("<h3>By site (fold) and pooled</h3>")
    rows = []
    for method in (MODEL_COLUMN, "model_raw"):
        table = loso["methods"][method]
        for fold, s in [*table["folds"].items(), ("pooled", table["pooled"])]:
            cls = "ours" if method == MODEL_COLUMN and fold == "pooled" else ""
            rows.append(_row([f'<td class="l">{_h(names[method])}</td>', f'<td class="l">{_h(fold)}</td>',
                              f"<td>{s['pages']}</td>", _tds(s)], cls))
    add(_html_table(["method", "site", "pages", *SCORE_HEADER], rows, left=2))
    add("<h3>By page (boilerplate)</h3>")
    rows = [_row([f'<td class="l">{_h(p["page"])}</td>', f'<td class="l">{_h(p["site"])}</td>', _tds(p),
                  f'<td class="{"ok" if p["exact"] else "err"}">{"yes" if p["exact"] else "no"}</td>'])
            for p in loso["per_page"]]
    add(_html_table(["page", "site", *SCORE_HEADER, "exact body"], rows, left=2))
    add("</section>")

    # 2
    add('<section id="unseen"><h2>2. Unseen pages (../shared/bench)</h2>')
    if not unseen["available"]:
        add('<p class="note">The benchmark <code>../shared/bench</code> was not there, so this part is left out. '
            "Put it beside the repository (see its README) and run <code>boilerplate evaluate</code> again.</p>")
    else:
        add(f"<p>{_h(_capital(model_name(figures)))} on pages from three published extraction test sets, each line "
            "labelled by projecting the set's gold text onto the lines. Micro over lines; page names and figures "
            f"only — no benchmark text is copied here.</p><p>{_h(HALVES_NOTE)}</p><h3>By folder</h3>")
        rows = []
        for folder, f in unseen["folders"].items():
            s = f["methods"][MODEL_COLUMN]
            rows.append(_row([f'<td class="l">{_h(folder)}</td>', f"<td>{f['pages']}</td>", f"<td>{f['languages']}</td>",
                              _tds(s), f"<td>{s['exact_pages']}</td>"]))
        s = unseen["pooled"]["methods"][MODEL_COLUMN]
        rows.append(_row(['<td class="l">all</td>', f"<td>{unseen['pooled']['pages']}</td>", "<td></td>", _tds(s),
                          f"<td>{s['exact_pages']}</td>"], "ours"))
        add(_html_table(["folder", "pages", "languages", *SCORE_HEADER, "exact pages"], rows))
        add("<h3>The development half and the held-out half</h3>")
        rows = [_row([f'<td class="l">{_h(folder)}</td>', f'<td class="l">{_h(HALF_NAMES[half])}</td>',
                      f"<td>{s['pages']}</td>", *(f"<td>{c}</td>" for c in _half_cells(s))])
                for folder, halves in unseen["halves"].items() for half, s in halves.items()]
        add(_html_table(["folder", "half", "pages", *SCORE_HEADER], rows, left=2))
        if note := _halves_gap_note(unseen["halves"]):
            add(f'<p class="muted small">{_h(note)}</p>')
        add("<h3>By language</h3>")
        rows = []
        for language, f in unseen["languages"].items():
            s = f["methods"][MODEL_COLUMN]
            jt = f["methods"].get("justext")
            rows.append(_row([f'<td class="l">{_h(language)}</td>', f"<td>{s['pages']}</td>",
                              f'<td class="l">{_h(", ".join(f["folders"]))}</td>', _tds(s),
                              f"<td>{f3(jt['f1']) if jt else '–'}</td>",
                              f'<td class="l">{_h(f["stoplist"] or "none: language-independent mode")}</td>']))
        add(_html_table(["language", "pages", "folders", *SCORE_HEADER, "jusText F1", "jusText stoplist"], rows,
                        "languages"))
        add(f"<h3>The {WORST_PAGES} pages it does worst on</h3><p class='muted small'>By character-weighted F1, "
            "then line F1.</p>")
        rows = [_row([f'<td class="l">{_h(w["folder"])}</td>', f'<td class="l">{_h(w["page_id"])}</td>',
                      f'<td class="l">{_h(w["language"])}</td>', _tds(w)]) for w in unseen["worst"]]
        add(_html_table(["folder", "page", "language", *SCORE_HEADER], rows, left=3))
        add(_curve_html(figures.get("learning_curve"), figures))
        if figures.get("same_site"):
            add(_site_html(figures["same_site"], figures))
    add("</section>")

    # 3
    add('<section id="peers"><h2>3. Peers on the same lines, in the same run</h2><ul>')
    for m in figures["methods"]:
        add(f"<li><strong>{_h(m['name'])}</strong> — {_h(m['description'])}</li>")
    add("</ul>")
    if "justext" in names:
        add(f"<p>{_stoplist_note(figures, _h, _labels_html(figures), '<em>By language</em>')}</p>")
    blocks = [(f"{labels_name(figures)}, cross-site", {k: v["pooled"] for k, v in loso["methods"].items()})]
    if unseen["available"]:
        blocks += [(f"unseen: {folder}", f["methods"]) for folder, f in unseen["folders"].items()]
    for title, scores in blocks:
        add(f"<h3>{_h(title)}</h3>")
        top = max(keys, key=lambda k: scores[k]["f1"])
        rows = []
        for k in keys:
            s = scores[k]
            rows.append(_row([f'<td class="l">{_h(names[k])}</td>', f"<td>{f3(s['precision'])}</td>",
                              f"<td>{f3(s['recall'])}</td>", f'<td class="{"best" if k == top else ""}">{f3(s["f1"])}</td>',
                              f"<td>{f3(s['char_f1'])}</td>", f"<td>{s['exact_pages']} of {s['pages']}</td>"],
                             "ours" if k == MODEL_COLUMN else ""))
        add(_html_table(["method", "P", "R", "F1", "char F1", "exact pages"], rows))
    add("</section>")

    # 4
    add(f'<section id="roles"><h2>4. Errors by role ({_h(labels_name(figures))}, cross-site)</h2>'
        "<p>How many lines of each role each method kept. A body role should be kept whole, a chrome role not at "
        "all; the cells in red are errors.</p>")
    rows = []
    for r in figures["roles"]:
        cells = [f'<td class="l">{_h(r["role"])}</td>', f'<td class="l"><span class="tag {r["label"]}">{r["label"]}</span></td>',
                 f"<td>{r['lines']}</td>"]
        for k in keys:
            kept = r["kept"][k]
            wrong = (r["lines"] - kept) if r["label"] == "body" else kept
            cells.append(f'<td class="{"err" if wrong else ""}">{kept} of {r["lines"]}</td>')
        rows.append(_row(cells))
    add(_html_table(["role", "class", "lines", *(_h(names[k]) for k in keys)], rows, "roles", left=2))
    errors = _errors(figures)
    add(f"<h3>boilerplate's {len(errors)} wrong lines</h3>")
    if errors:
        rows = []
        for page, line in errors:
            tag = '<span class="tag fp">chrome kept</span>' if line["kept"] else '<span class="tag fn">body dropped</span>'
            rows.append(_row([f'<td class="l">{_h(page)}</td>', f"<td>{line['line_no']}</td>", f'<td class="l">{tag}</td>',
                              f'<td class="l">{_h(line["role"] or "(none)")}</td>', f"<td>{line['p_body']:.2f}</td>",
                              f'<td class="etext">{_h(line["text"])}</td>']))
        add(_html_table(["page", "line", "error", "role", "p(body)", "text"], rows, "lines", left=6))
    else:
        add("<p>None: every labelled line is decided right.</p>")
    add("</section>")

    # 5
    add('<section id="model"><h2>5. The model</h2>')
    add(f"<p>Logistic regression on standardized features. A line is the model's body when its probability is at "
        f"least <strong>{model['threshold']:g}</strong>, the decision threshold; the span passes come after.</p>")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    add(f'<figure><img id="pr-curve" src="{src}" width="1080" height="690" '
        'alt="Precision–recall curves of the model probability, the threshold marked on each">'
        "<figcaption>Precision–recall of the model's probability (before the span passes): cross-site on "
        + _labels_html(figures) + (f" and {_h(model_name(figures))} on each benchmark folder" if unseen["available"] else "")
        + ". The dots are the threshold.</figcaption></figure>")
    rows = [_row([f'<td class="l">{_h(name)}</td>', *(f"<td>{cell}</td>" for cell in _curve_cells(c))])
            for name, c in model["curves"].items()]
    add(_html_table(["curve", "average precision", f"P at {model['threshold']:g}", f"R at {model['threshold']:g}",
                     "lines"], rows))
    if note := _no_body_note(model["curves"]):
        add(f'<p class="muted small">{_h(note)}</p>')
    add("<h3>Every feature's standardized coefficient</h3><p class='muted small'>The change in the log-odds of "
        "body for one standard deviation of the feature; strongest first on each side.</p>")
    coefs = model["coefficients"]
    scale = max(abs(c["coefficient"]) for c in coefs) if coefs else 1.0

    def coef_table(subset: list[dict], title: str) -> str:
        rows = []
        for c in subset:
            v = c["coefficient"]
            width = 100 * abs(v) / scale if scale else 0
            bar = f'<span class="coef"><i class="{"pos" if v >= 0 else "neg"}" style="width:{width:.1f}%"></i></span>'
            rows.append(_row([f'<td class="l"><code>{_h(c["feature"])}</code></td>', f"<td>{v:+.3f}</td>",
                              f'<td class="l">{bar}</td>']))
        return _html_table([title, "coefficient", ""], rows, "coefs")

    towards_chrome = sorted((c for c in coefs if c["coefficient"] < 0), key=lambda c: c["coefficient"])
    add('<div class="side">' + coef_table([c for c in coefs if c["coefficient"] >= 0], "towards body")
        + coef_table(towards_chrome, "towards chrome") + "</div>")
    add("</section>")

    # 6
    add('<section id="lines"><h2>6. Every labelled page, line by line</h2>'
        "<p>Cross-site decisions: the model that made them never saw the page's site. The bar is the probability "
        "of body (the dashed mark is the threshold); green lines are kept. "
        '<span class="tag fp">chrome kept</span> and <span class="tag fn">body dropped</span> mark the errors.</p>')
    threshold = model["threshold"]
    for page in figures["lines"]:
        lines = page["lines"]
        fp = sum(line["kept"] and not line["truth"] for line in lines)
        fn = sum(line["truth"] and not line["kept"] for line in lines)
        summary = (f'{_h(page["page"])} <span class="muted">· {_h(page["site"])} · {len(lines)} lines · '
                   f"{fp} chrome kept · {fn} body dropped</span>")
        add(f'<details class="page"><summary>{summary}</summary>')
        rows = []
        for line in lines:
            cls = "kept" if line["kept"] else "dropped"
            mark = ""
            if line["kept"] and not line["truth"]:
                cls, mark = cls + " fp", '<span class="tag fp">chrome kept</span>'
            elif line["truth"] and not line["kept"]:
                cls, mark = cls + " fn", '<span class="tag fn">body dropped</span>'
            label = "body" if line["truth"] else "chrome"
            p = line["p_body"]
            bar = (f'<span class="pbar{" on" if line["kept"] else ""}" title="p(body) = {p:.3f}">'
                   f'<i style="width:{100 * p:.1f}%"></i><b style="left:{100 * threshold:.0f}%"></b></span>')
            rows.append(_row([f'<td class="no">{line["line_no"]}</td>',
                              f'<td class="l" style="white-space:nowrap">{bar}{p:.2f}</td>',
                              f'<td class="l">{mark or ("kept" if line["kept"] else "dropped")}{_by_spans(line, True)}</td>',
                              f'<td class="l"><span class="tag {label}">{_h(line["role"] or label)}</span></td>',
                              f'<td class="text">{_h(line["text"])}</td>'], cls))
        add(_html_table(["line", "p(body)", "decision", "role", "text"], rows, "lines", left=5))
        add("</details>")
    add("</section>")

    # 7
    sp = figures["speed"]
    speed_text = _speed_text(sp, _h, _html_code)
    add(f'<section id="speed"><h2>7. Speed</h2><p>{speed_text}</p>')
    rows = [_row([f'<td class="l">{_h("clean" if k == MODEL_COLUMN else names[k])}</td>', f"<td>{_int(v['pages_per_s'])}</td>",
                  f"<td>{_int(v['lines_per_s'])}</td>", f"<td>{v['seconds']:.2f}</td>", f"<td>{v['rounds']}</td>"],
                 "ours" if k == MODEL_COLUMN else "") for k, v in sp["methods"].items()]
    add(_html_table(["method", "pages/s", "lines/s", "seconds", "passes"], rows))
    add("</section>")

    # 8
    add('<section id="receipt"><h2>8. The model receipt</h2><dl class="receipt">')
    for key, value in _receipt_rows(figures):
        add(f"<dt>{_h(key)}</dt><dd>{_h(figures['command'] if key == 'command' else _plain(value))}</dd>")
    add("</dl></section>")

    toc = [("summary", "Summary"), ("cross-site", "1 Cross-site"), ("unseen", "2 Unseen pages"), ("peers", "3 Peers"),
           ("roles", "4 Errors by role"), ("model", "5 The model"), ("lines", "6 Line by line"), ("speed", "7 Speed"),
           ("receipt", "8 Receipt")]
    nav = "".join(f'<a href="#{a}">{_h(t)}</a>' for a, t in toc)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>boilerplate — evaluation report</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        '<header class="top"><h1>boilerplate — evaluation report</h1>'
        f'<div class="muted small">Made by <code>{_h(figures["command"])}</code> on {_h(figures["generated"])}; '
        "every figure measured in that one run.</div>"
        f'<nav class="toc">{nav}</nav></header>\n'
        + "\n".join(parts)
        + '\n<footer>Generated by <code>boilerplate evaluate</code>. Regenerate it after retraining; do not edit by hand.</footer>'
        "\n</main>\n</body>\n</html>\n"
    )


def _plain(markdown_cell: str) -> str:
    """A receipt cell without its Markdown escapes and emphasis, for HTML.

    One pass from the left, so that a ``*`` or backtick md_text escaped (in a folder
    named a`b) stays text, and only an unescaped ``**`` or backtick is markup.
    """
    text = re.sub(r"\\(.)|\*\*|`", lambda m: m.group(1) or "", markdown_cell)
    return html.unescape(text)


# ---------------------------------------------------------------- the command


def write_report(figures: dict, curves: dict, out: Path, readme: Path | None = None) -> list[Path]:
    """Write the four report files into ``out`` (and the headline into ``readme``); return what was written.

    The files (and the README) are written whole (:func:`~boilerplate.folders.write_whole`):
    an error while writing (``OSError``, a full disk) leaves the earlier report and the
    README whole, and no ``.part`` file behind; so does a stop (Ctrl-C), though one as
    they are renamed may leave the report part new, part old. A README given as a symlink
    is updated where it points, keeping its mode.
    """
    png = pr_plot(curves, figures["model"]["threshold"])
    files = {PNG_FILE: png, MD_FILE: render_markdown(figures).encode("utf-8"),
             HTML_FILE: render_html(figures, png).encode("utf-8"),
             JSON_FILE: (json.dumps(figures, indent=1, ensure_ascii=False) + "\n").encode("utf-8")}
    targets = {out / name: data for name, data in files.items()}
    new_readme = updated_readme(readme, headline_markdown(figures)) if readme is not None else None
    if new_readme is not None:
        targets[readme] = new_readme.encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    write_whole(targets)
    return list(targets)


def language_argument(value: str) -> str:
    """``--language``: an ISO 639-1 code, in lower case, as jusText's stoplists are looked
    up by (:data:`~boilerplate.evaluate.JUSTEXT_STOPLISTS`). Anything but two letters of
    a to z, in any case (white space around them is let be), is refused: an empty value
    (most often an unset variable) or a three-letter code (``ben``) would run jusText
    without a stoplist, and the report would not say why.

    >>> language_argument("BN")
    'bn'
    >>> language_argument("ben")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'ben' is not an ISO 639-1 code; give its two letters, e.g. bn for Bengali.
    """
    code = value.strip().lower()
    if len(code) != 2 or not all("a" <= letter <= "z" for letter in code):
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 639-1 code; give its two letters, e.g. bn for Bengali.")
    return code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``evaluate`` subcommand's options."""
    parser.add_argument("--labels", nargs="+", type=path_argument, default=[DEFAULT_LABELS], metavar="DIR",
                        help="label folders for the cross-site part (default: labels/ of this repository)")
    parser.add_argument("--language", type=language_argument, default=LABELS_LANGUAGE, metavar="CODE",
                        help="ISO 639-1 language of the label folders, for jusText's stoplist (default: bn)")
    parser.add_argument("--model", type=path_argument, default=None, metavar="FILE",
                        help="a model file you trust, or the --model-dir folder train.py wrote it into "
                             "(default: the shipped model)")
    parser.add_argument("--out", type=path_argument, default=DEFAULT_OUT, metavar="DIR",
                        help="where to write the report (default: reports/ of this repository, which holds the "
                             "shipped model's report on labels/ and ../shared/bench: give another folder with other "
                             "--labels, --model or --language, with --no-bench, or without ../shared/bench)")
    parser.add_argument("--no-bench", action="store_true", help="leave out ../shared/bench even when it is there")
    parser.add_argument("--readme", type=path_argument, default=None, metavar="FILE",
                        help="copy the headline table into this README's marked block "
                             "(default: the repository's README.md when writing to reports/, else none)")


def _command(args: argparse.Namespace) -> str:
    """The command line that reproduces this run, options at their defaults left out, quoted for a shell."""
    parts = ["boilerplate", "evaluate"]
    if [Path(p).resolve() for p in args.labels] != [DEFAULT_LABELS.resolve()]:
        parts += ["--labels", *map(str, args.labels)]
    if args.language != LABELS_LANGUAGE:
        parts += ["--language", args.language]
    if args.model is not None:
        parts += ["--model", str(args.model)]
    if Path(args.out).resolve() != DEFAULT_OUT.resolve():
        parts += ["--out", str(args.out)]
    if args.no_bench:
        parts.append("--no-bench")
    if args.readme is not None:
        parts += ["--readme", str(args.readme)]
    return shlex.join(parts)


def usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, found before anything is measured; ``None`` when nothing is.

    The report in ``reports/`` (and the README's copy of its headline) is the shipped
    model's on ``labels/``: a report of other label folders or another model needs an
    ``--out`` of its own. Installed (no ``pyproject.toml`` beside the package), there
    is no ``labels/`` or ``reports/``: both ``--labels`` and ``--out`` are needed. A
    ``--readme`` must be a UTF-8 file with a headline block, and ``--out`` a folder
    that can be made and written in, outside the label folders.
    """
    own_labels = [Path(p).resolve() for p in args.labels] != [DEFAULT_LABELS.resolve()]
    own_model = args.model is not None and model_path_of(args.model).resolve() != model_path_of(None).resolve()
    default_out = Path(args.out).resolve() == DEFAULT_OUT.resolve()
    if not (REPO / "pyproject.toml").is_file() and (not own_labels or default_out):
        # An installed package: its defaults would be site-packages/labels and site-packages/reports.
        return ("boilerplate is installed, not run from a clone of its repository, so it has no labels/ and "
                "reports/ of its own; give --labels DIR (label folders, e.g. a clone's labels/) and --out DIR, or "
                "install a clone editable (pip install -e .) to write its reports/")
    if (own_labels or own_model) and default_out:
        what = "other label folders" if own_labels else "another model"
        return (f"{DEFAULT_OUT.name}/ holds the report of the shipped model on labels/ (the README copies its "
                f"headline); give --out DIR for a report of {what}")
    out_problem = folder_problem(Path(args.out))
    if out_problem is not None:
        return out_problem.message("--out", Path(args.out))
    # Among the labels, the report's files would change the folder whose sha256 the model's receipt records.
    if (within := label_folder_holding(args.out, args.labels)) is not None:
        return (f"--out {args.out} is in the label folder {within}: the report's files would change the folder "
                "whose sha256 the model's receipt records; name a folder of its own")
    if not args.no_bench and (problem := bench_variable_problem()) is not None:
        return problem
    no_bench = bench_dir() is None
    if default_out and (args.no_bench or no_bench or args.language != LABELS_LANGUAGE):
        why = ("--no-bench" if args.no_bench else "../shared/bench is not beside the repository"
               if no_bench else f"--language {args.language}")
        return (f"{DEFAULT_OUT.name}/ holds the report measured on labels/ with their language ({LABELS_LANGUAGE}) "
                f"and on ../shared/bench (the README copies its headline), and {why}; give --out DIR for this report")
    missing = [] if args.no_bench or no_bench else missing_folders()
    if default_out and missing:
        return (f"{DEFAULT_OUT.name}/ holds the report measured on every folder of ../shared/bench "
                f"({', '.join(FOLDERS)}; the README copies its headline), and {bench_dir()} has "
                f"{lacking(bench_dir(), missing)}; give --out DIR for this report")
    if args.readme is not None:
        readme = Path(args.readme)
        # os.path's tests: Path's raise (before Python 3.14) for a name longer than the file system takes.
        if not os.path.isfile(readme):
            what = "not a file" if os.path.exists(readme) else "no such file"
            return f"--readme {readme}: {what}; name the README whose headline block to update, or leave --readme out"
        try:
            text = readme.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
            return f"--readme {readme}: cannot be read ({reason}); name a README you can read and write, as UTF-8"
        if extract_headline(text) is None:
            return (f"--readme {readme} has no headline block ({HEADLINE_START} … {HEADLINE_END}); "
                    "put one where the table should go, or leave --readme out")
    return None


def run(args: argparse.Namespace) -> int:
    """Measure, render and write the report; 2 with one clear message when something is missing.

    Wrong options (see :func:`usage_error`) are refused before anything is measured.
    """
    def progress(message: str) -> None:
        print(f"boilerplate evaluate: {message}", file=sys.stderr, flush=True)

    problem = usage_error(args)
    if problem is not None:
        print(f"boilerplate: {problem}.", file=sys.stderr)
        return 2
    try:
        import matplotlib  # noqa: F401, PLC0415 - checked first: no point measuring without it
    except ImportError:
        print(f"boilerplate: {MATPLOTLIB_MISSING}", file=sys.stderr)
        return 2
    try:
        pages = load_label_folders(args.labels)
        check_trainable(pages, " ".join(map(str, args.labels)))
        if len(labelled_sites(pages)) < 2:
            raise LabelError(f"{' '.join(map(str, args.labels))}: leave-one-site-out needs pages from at least "
                             f"two sites, and {one_site(pages)}")
        model_path = model_path_of(args.model)
        model = load_model(args.model)
    except (LabelError, ModelError) as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 2
    if (note := unlabelled_note(args.labels)) is not None:
        print(f"boilerplate evaluate: {note}", file=sys.stderr)
    root = None if args.no_bench else bench_dir()
    for folder in missing_folders(root) if root is not None else []:
        print(f"boilerplate evaluate: the benchmark {root} has {folder_absence(root, folder)}: {folder} is left out.",
              file=sys.stderr)
    try:
        figures, curves = collect(pages, args.labels, model, model_path, language=args.language,
                                  use_bench=not args.no_bench, command=_command(args), progress=progress)
    except EvaluationError as exc:
        print(f"boilerplate: {exc}", file=sys.stderr)
        return 1
    except BenchError as exc:
        print(f"boilerplate: the benchmark cannot be read: {exc}; fix that file, or give --no-bench.", file=sys.stderr)
        return 2
    readme = args.readme
    if readme is None and args.out.resolve() == DEFAULT_OUT.resolve() and (REPO / "README.md").is_file():
        readme = REPO / "README.md"
    try:
        written = write_report(figures, curves, args.out, readme)
    except OSError as exc:
        print(f"boilerplate: cannot write the report to {args.out}: {exc.strerror or exc}; nothing was written.",
              file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    if readme is not None and extract_headline(readme.read_text(encoding="utf-8")) is None:
        print(f"boilerplate: {readme} has no headline block ({HEADLINE_START} … {HEADLINE_END}); left it alone.",
              file=sys.stderr)
    return 0
