"""Pre-filled label files: the model's labels for new pages, for a person to correct.

``boilerplate label PAGE... --out DIR`` writes, for every page, ``DIR/pages/<stem>.txt``
(the page) and ``DIR/<stem>.tsv`` in the format of ``labels/`` with the cleaner's
final label on every non-blank line and the role left empty. Correct the labels
in any editor or spreadsheet (add roles if you like), then train on the folder:
``python train.py --labels labels/ DIR --model-dir MODEL_DIR``.

An existing label file is never overwritten unless asked (``force=True``): it may
hold a person's corrections; nor is a page of another text that ``DIR/pages`` already
holds under a page's name. Every page is read, and the output folder checked,
before anything is written: a missing page, a folder, a file that is not UTF-8, an
HTML file (as ``boilerplate clean`` refuses one), a page named ``sites.txt``, two pages of one name (or of names alike but for case, one
file on macOS and Windows, or for Unicode normalization, NFC and NFD, one on macOS) or an ``out`` that cannot be a folder (or is a label folder's ``pages/``), or a page named
``~$p`` or ``._p`` (whose label file training would take for Excel's or macOS's)
raises :class:`PageError` with one message per problem, and nothing is written.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .cleaner import DEFAULT_CONFIG, Config, decide_lines
from .folders import folder_problem, write_whole
from .labels import SITES_FILE, LabelError, decode_page, label_file_text
from .model import linear_model
from .planning import HTML_HEAD, looks_like_html, render_file
from .shell import shell_path

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


class LabelFileExists(FileExistsError):
    """A label file is already there and may hold a person's corrections."""


class PageError(ValueError):
    """Pages (or the output folder) that cannot make label files: ``problems`` holds one
    message per problem, each saying what to do."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _read(path: Path) -> tuple[str | None, str | None]:
    """A page's text, or what is wrong with the page (one message that says what to do)."""
    # os.path's tests, not Path's: these raise (before Python 3.14) where the path cannot be
    # looked at, such as a name longer than the file system takes, which is no page there.
    if not os.path.exists(path) and str(path) == "-":
        return None, ("- (standard input) cannot be labelled: a label folder holds each page as a file; "
                      "save the page to a file and give its path.")
    if not os.path.exists(path):
        return None, f"{path}: no such file; check the path."
    if os.path.isdir(path):
        return None, f"{path} is a folder; give its pages, e.g. {shell_path(path)}/*.txt."
    if not os.path.isfile(path):
        return None, f"{path} is not a regular file; save the page to a file and give that."
    try:
        data = path.read_bytes()
        head = data[:HTML_HEAD]  # as boilerplate clean reads it: a BOM is of the first bytes
        # HTML is told before the encoding, as boilerplate clean tells it: HTML in another charset
        # (windows-1252) was told to be saved as UTF-8, and then to be rendered.
        if not looks_like_html(head):
            return decode_page(path, data), None
    except LabelError as exc:  # not UTF-8: the message names the line and byte
        return None, str(exc)
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror or exc}); make it readable, or leave it out."
    # As boilerplate clean refuses it: labelled as text, its markup would be lines to label.
    command, beside = render_file(head, path)
    how = f"{command}, and label that" if beside else command
    return None, f"{path}: an HTML file, not text: render it to text first, e.g. {how}."


def _out_problem(out: Path) -> str | None:
    """Why ``out`` cannot be the label folder (it is made if missing), or ``None``."""
    problem = folder_problem(out)
    if problem is not None:
        return problem.message("--out", out) + "."
    pages = out / "pages"
    if os.path.lexists(pages) and not pages.is_dir():
        return f"--out {out}: {pages} is a file, where a label folder keeps its pages; move it away or name another --out."
    above = _label_folder_of_pages(out)
    if above is not None:
        return (f"--out {out} is the pages folder of the label folder {above}, which holds label files: "
                f"label files go in {above} (give --out {shell_path(above)}, and only the new pages).")
    return None


def _label_folder_of_pages(out: Path) -> Path | None:
    """The label folder whose ``pages/`` ``out`` is (the folder above it holds ``*.tsv``
    files), or ``None``. Label files written there would make that folder fail to load
    (``load_labels`` refuses a label file in ``pages/``), and their pages would go to
    ``pages/pages/``."""
    if out.name in ("", ".."):  # . or .., run from inside pages/: the folder's own name is what counts
        out = Path(os.path.abspath(out))
    if out.name.lower() != "pages":
        return None
    if out.name != "pages":  # Pages: the same folder only where names are alike but for case
        try:
            if not os.path.samefile(out, out.parent / "pages"):
                return None
        except OSError:  # one of them is not there: two folders, or none yet
            return None
    try:
        if any(p.suffix.lower() == ".tsv" and p.is_file() for p in out.parent.iterdir()):
            return out.parent
    except OSError:  # a folder above that cannot be listed: no label folder to spoil that can be seen
        pass
    return None


def _label_files(out: Path, stems: list[str]) -> list[Path]:
    """``out/<stem>.tsv`` for each stem, or the label file of that page already there with
    its suffix in another case (``p.TSV``, which load_labels reads as ``p.tsv``): it may
    hold corrections, and a second file beside it would make the folder unreadable.
    The folder is listed once, however many pages."""
    found: dict[str, Path] = {}
    try:
        for path in sorted(out.iterdir()):
            if path.suffix.lower() == ".tsv" and path.is_file():
                found.setdefault(path.stem, path)
    except OSError:  # no folder yet (or none that can be listed: _out_problem says so)
        pass
    return [found.get(stem, out / f"{stem}.tsv") for stem in stems]


def _other_page(kept: Path, path: Path, text: str) -> bool:
    """Is ``kept`` (a label folder's copy of a page) there and another page than ``path``, whose text is ``text``?"""
    try:
        if path.samefile(kept):
            return False
        return kept.read_bytes() != text.encode("utf-8")
    except OSError:  # not there (or not readable: writing it fails and says so)
        return False


def prefill(pages: Iterable[str | Path], out: str | Path, *, force: bool = False, model: Pipeline | None = None,
            config: Config = DEFAULT_CONFIG) -> list[Path]:
    """Write pre-filled label files for ``pages`` (a list of paths; one path alone is a
    ``TypeError``) into ``out``; returns the label files written.

    The labels are those of ``model``, from :func:`boilerplate.load_model` (default: the shipped one).

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "p.txt").write_text("সর্বশেষ\\n\\nএটি একটি দীর্ঘ অনুচ্ছেদ যা অনেক শব্দ দিয়ে লেখা এবং শেষে একটি দাঁড়ি আছে।", encoding="utf-8")
    >>> [f.name for f in prefill([tmp / "p.txt"], tmp / "out")]
    ['p.tsv']
    """
    if isinstance(pages, (str, bytes, os.PathLike)):
        # A str is an iterable of characters: each would be read as a page's path.
        raise TypeError(f"prefill() takes a list of pages, not one {type(pages).__name__}; pass [page] for one page.")
    pages = list(pages)
    # Path("") is the current folder: an unset "$DIR" would label (or write into) it.
    if any(isinstance(p, str) and not p for p in pages):
        raise PageError(["a page is an empty path (an unset variable?); name the page's file."])
    if isinstance(out, str) and not out:
        raise PageError(["--out is an empty path (an unset variable?); name a folder."])
    out = Path(out)
    paths, files = [], set()
    for path in map(Path, pages):  # one file given twice (my_pages/*.txt my_pages/a.txt) is labelled once
        try:
            status = path.stat()
        except OSError:  # _read says what is wrong with it
            paths.append(path)
            continue
        if (status.st_dev, status.st_ino) not in files:  # what Path.samefile compares
            files.add((status.st_dev, status.st_ino))
            paths.append(path)
    stems = Counter(p.stem for p in paths)
    clashes = sorted(s for s, n in stems.items() if n > 1)
    problems = [f"several pages are named {', '.join(clashes)}; rename them so each stem is unique."] if clashes else []
    # Index.tsv and index.tsv are one file on macOS and Windows, and so on macOS are a name in
    # NFC and in NFD: the second would be written over the first.
    alike: dict[str, list[str]] = {}
    for stem in sorted(stems):
        alike.setdefault(unicodedata.normalize("NFD", unicodedata.normalize("NFD", stem).casefold()), []).append(stem)
    problems += [f"several pages are named {', '.join(names)} (alike but for "
                 f"{'case: one file on macOS and Windows' if len({n.casefold() for n in names}) == 1 else 'case or Unicode normalization: one file on macOS'}"
                 "); rename them so each stem is unique." for _, names in sorted(alike.items()) if len(names) > 1]
    # sites.tsv is the folder's list of sites, not a label file: load_labels reads it as
    # such, and --force would write over the person's list.
    problems += [
        f"{page}: its label file would be {SITES_FILE}, the label folder's list of sites; "
        f"rename the page (e.g. {page.stem}_page{page.suffix})."
        for page in paths if f"{page.stem}.tsv".lower() == SITES_FILE  # SITES.tsv too: load_labels takes any case
    ]
    # load_labels reads ~$p.tsv as Excel's owner file and passes ._p.tsv over (macOS's).
    problems += [
        f"{page}: its label file would be {page.stem}.tsv, which train.py takes for {whose}; "
        f"rename the page (e.g. {page.stem[2:] or 'page'}{page.suffix})."
        for page in paths for prefix, whose in (("~$", "Excel's owner file"),
                                                ("._", "macOS's resource file and passes over"))
        if page.stem.startswith(prefix)
    ]
    # Every problem at once, so that one corrected command runs (not one rerun per problem).
    read = [_read(path) for path in paths]
    problems += [problem for _, problem in read if problem is not None]
    out_problem = _out_problem(out)
    if problems or out_problem:
        raise PageError(problems + ([out_problem] if out_problem else []))
    texts = [text for text, _ in read if text is not None]  # every page's, as nothing is wrong
    targets = _label_files(out, [p.stem for p in paths])
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        others = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise LabelFileExists(
            f"{existing[0]} already exists{others} and may hold corrections; leave "
            f"{'their pages' if others else 'its page'} out to label only new ones, or pass --force to overwrite "
            f"{'them' if others else 'it'}."
        )
    if not force:
        # A page already in the folder under the name, with no label file (put there by
        # hand), is not this one: writing this one would lose it.
        clashes = [
            kept for path, text in zip(paths, texts)
            if _other_page(kept := out / "pages" / f"{path.stem}.txt", path, text)
        ]
        if clashes:
            others = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
            raise LabelFileExists(
                f"{clashes[0]} already exists{others} and is another page; move "
                f"{'them' if others else 'it'} away or rename {'these pages' if others else 'this page'}, or pass --force to overwrite "
                f"{'them' if others else 'it'}."
            )
    linear = linear_model(model)  # a model that cannot be used (a path, a broken shipped one) fails before any write
    (out / "pages").mkdir(parents=True, exist_ok=True)
    for path, target, text in zip(paths, targets, texts):
        lines = text.splitlines()
        decision = decide_lines(lines, linear, config)
        labels = ["body" if keep else "chrome" for keep in decision.body]
        # Written whole: a page or label file cut short by a stop or a full disk was refused by
        # the next run (another page) and by training (its last lines without a row).
        write_whole({out / "pages" / f"{path.stem}.txt": text.encode("utf-8"),
                     target: label_file_text(lines, labels).encode("utf-8")})
    return targets
