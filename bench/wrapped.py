"""Hard-wrapped pages: the cleaner on pages as a fixed-width dump shows them (a script, not a test).

``lynx -dump``, ``w3m -dump``, e-mail and RFCs break every paragraph into lines of
a fixed width. This script wraps each page of ``labels/pages`` and, when present,
of ``../shared/bench``, gives every piece the label of the line it came from, and
prints line F1 / character-weighted F1 of the body class for the shipped model:

- on the pages as they are;
- wrapped at each width, with wrapped paragraphs joined (the shipped cleaner);
- wrapped at each width, with no paragraph joined (the cleaner before it
  recognised hard wraps: every piece judged as a line of its own);

and the share of pieces whose final label is the one their line gets on the page
unwrapped. ``--tool textwrap`` (the default) wraps with Python's ``textwrap``
(greedy, at spaces, long words kept whole, widths in characters). ``--tool w3m``
and ``--tool lynx`` render each page's non-blank lines as HTML paragraphs and dump
them with that program (Debian packages ``w3m``, ``lynx``); w3m counts widths in
terminal cells, so a Bengali line of 110 characters can fill 80 columns. A page
whose dump does not show one block per paragraph is left out and counted.
``labels/`` is the model's own training data, so its row shows what wrapping does,
not how well the model generalizes. Usage::

    python bench/wrapped.py [--widths 72 80] [--tool textwrap|w3m|lynx]
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's code

import numpy as np  # noqa: E402

from boilerplate import features  # noqa: E402
from boilerplate.bench import FOLDERS, absence, bench_dir, iter_pages, lacking, missing_folders  # noqa: E402
from boilerplate.cleaner import decide_pages  # noqa: E402
from boilerplate.labels import load_labels  # noqa: E402
from boilerplate.metrics import body_scores  # noqa: E402


def wrap(lines: list[str], width: int) -> tuple[list[str], list[int]]:
    """The page wrapped at ``width``, and for each of its lines the 1-based line it came from."""
    out, source = [], []
    for no, line in enumerate(lines, 1):
        pieces = textwrap.wrap(line.strip(), width, break_long_words=False, break_on_hyphens=False) or [""]
        out += pieces
        source += [no] * len(pieces)
    return out, source


def dump(lines: list[str], width: int, tool: str) -> tuple[list[str], list[int]] | None:
    """The page's non-blank lines as HTML paragraphs, dumped by ``tool`` at ``width``, and each line's source line.

    None when the dump does not show one block of lines per paragraph, each holding
    its paragraph's words.
    """
    numbers = [no for no, line in enumerate(lines, 1) if line.strip()]
    document = "<html><head><meta charset='utf-8'></head><body>"
    document += "".join(f"<p>{html.escape(lines[no - 1].strip())}</p>" for no in numbers) + "</body></html>"
    if tool == "w3m":
        command = ["w3m", "-dump", "-cols", str(width), "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"]
    else:
        command = ["lynx", "-dump", "-stdin", f"-width={width}", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8"]
    shown = subprocess.run(command, input=document.encode("utf-8"), capture_output=True, check=True).stdout
    out = shown.decode("utf-8").splitlines()
    source, block, blank_before = [], -1, True
    for line in out:
        if line.strip():
            block += blank_before
            source.append(numbers[block] if block < len(numbers) else 0)
        else:
            source.append(0)
        blank_before = not line.strip()
    if block != len(numbers) - 1:
        return None
    for no in numbers:
        if _letters(" ".join(line for line, s in zip(out, source) if s == no)) != _letters(lines[no - 1]):
            return None
    return out, source


def _letters(text: str) -> str:
    """A paragraph's text as a dump must keep it: Unicode-normalized, without white space
    (long words are broken), format characters (soft hyphens, byte-order and direction
    marks are dropped) and hyphens (a break at a soft hyphen shows one)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch != "-" and not ch.isspace() and unicodedata.category(ch) != "Cf")


def render(pages: list[tuple[list[str], dict[int, bool]]], width: int | None, tool: str = "textwrap") -> list:
    """Each page as shown: its lines and each line's source line (None for a page the tool could not map)."""
    if width is None:
        return [(lines, list(range(1, len(lines) + 1))) for lines, _ in pages]
    if tool == "textwrap":
        return [wrap(lines, width) for lines, _ in pages]
    return [dump(lines, width, tool) for lines, _ in pages]


def score(
    pages: list[tuple[list[str], dict[int, bool]]],
    width: int | None,
    join: bool = True,
    tool: str = "textwrap",
    rendered: list | None = None,
) -> tuple[dict, float, int]:
    """Scores of the body class over ``pages`` (lines, truth by line number), the share of lines
    decided as unwrapped, and the number of pages left out (their dump could not be mapped).
    ``rendered``: what :func:`render` gives for these arguments, when already made."""
    if rendered is None:
        rendered = render(pages, width, tool)
    left_out = sum(shown is None for shown in rendered)
    pages = [page for page, shown in zip(pages, rendered) if shown is not None]
    shown = [page for page in rendered if page is not None]
    if join:
        decisions = decide_pages([lines for lines, _ in shown], None)
    else:
        def no_wraps(page, line_no, texts, b=None):
            return np.zeros(len(texts), dtype=bool)

        with mock.patch.object(features, "continued_lines", no_wraps):
            decisions = decide_pages([lines for lines, _ in shown], None)
    unwrapped = decide_pages([lines for lines, _ in pages], None)
    truth, kept, chars, same = [], [], [], []
    for (lines, source), (_, labels), decision, plain in zip(shown, pages, decisions, unwrapped):
        body_on_page = dict(zip(plain.line_nos, plain.body.tolist()))
        for no, body in zip(decision.line_nos, decision.body.tolist()):
            truth.append(labels[source[no - 1]])
            kept.append(body)
            chars.append(len(lines[no - 1].strip()))
            same.append(body == body_on_page[source[no - 1]])
    return body_scores(np.array(truth), np.array(kept), np.array(chars)), float(np.mean(same)), left_out


def collections() -> dict[str, list[tuple[list[str], dict[int, bool]]]]:
    found = {
        "labels/ (training pages)": [
            (list(page.lines), dict(zip(page.rows["line_no"], page.rows["label"].eq("body"))))
            for page in load_labels(REPO / "labels")
        ]
    }
    if (root := bench_dir()) is not None:
        missing = missing_folders(root)  # no line to score: a row of them would be 0.000
        for folder in (f for f in FOLDERS if f not in missing):
            found[folder] = [
                (list(page.lines), dict(zip(page.line_nos, page.truth)))
                for page in iter_pages(folder)
            ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widths", type=int, nargs="+", default=[72, 80], help="wrap widths (default 72 80)")
    parser.add_argument("--tool", choices=("textwrap", "w3m", "lynx"), default="textwrap", help="what wraps the pages")
    args = parser.parse_args(argv)
    if min(args.widths) < 1:
        parser.error("every --widths value must be at least 1")
    if args.tool != "textwrap" and shutil.which(args.tool) is None:
        parser.error(f"{args.tool} is not installed (Debian: apt-get install {args.tool}).")
    if (root := bench_dir()) is None:
        print(f"{absence()}: labels/ only.")
    elif missing := missing_folders(root):
        print(f"the benchmark {root} has {lacking(root, missing)}: its other folders only.")
    columns = ["as is"] + [f"{kind} at {w}" for w in args.widths for kind in ("joined", "not joined")]
    print(f"Wrapped by {args.tool}.")
    print("| pages | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    agreement, skipped = [], []
    for name, pages in collections().items():
        cells = [score(pages, None)[0]]
        for width in args.widths:
            rendered = render(pages, width, args.tool)
            joined, same, left_out = score(pages, width, rendered=rendered)
            cells += [joined, score(pages, width, join=False, rendered=rendered)[0]]
            agreement.append(f"{name} at {width}: {same:.3f}")
            if left_out:
                skipped.append(f"{name} at {width}: {left_out} of {len(pages)}")
        print(f"| {name} | " + " | ".join(f"{s['f1']:.3f} / {s['char_f1']:.3f}" for s in cells) + " |")
    print()
    print("Line F1 / character-weighted F1 of the body class, micro over the lines shown.")
    print("Lines decided as on the page unwrapped (joined): " + "; ".join(agreement) + ".")
    print("Pages left out (the dump did not show one block per paragraph): " + ("; ".join(skipped) or "none") + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
