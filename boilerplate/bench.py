"""Reading the line benchmark in ``../shared/bench`` (pages from outside the project).

The benchmark is evaluation data from published extraction test sets: it is read
from its folder at evaluation time and never copied into the repository. Each
folder (``fundus``, ``scrapinghub``, ``readability``) holds ``pages.tsv`` and one
``<page_id>.tsv`` per page with ``line_no  label  text`` for the non-blank lines.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .labels import unescape
from .text import is_blank, strip_line

#: Where the benchmark lives relative to the repository, unless BOILERPLATE_BENCH says otherwise.
DEFAULT_BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
FOLDERS = ("fundus", "scrapinghub", "readability")

#: The largest line number a benchmark row may give. A page is rebuilt with a blank line
#: in every gap between its rows, so a line_no of 10**12 would ask for that many lines.
MAX_LINE_NO = 10_000_000

#: The columns each file's first row, its header, begins with: ``pages.tsv``'s, a page's.
LISTING_HEADER = ("page_id", "language")
PAGE_HEADER = ("line_no", "label", "text")


class BenchError(ValueError):
    """A benchmark file that does not hold what the format says: a page that ``pages.tsv``
    lists without its file, a file whose first row is not its header, or a row that is not
    ``line_no label text`` of a non-blank line (a line_no past :data:`MAX_LINE_NO` too), or
    a page that ``pages.tsv`` lists twice. The message names the file and the row."""


@dataclass(frozen=True)
class BenchPage:
    """One benchmark page: its lines (blank ones restored from gaps) and the gold labels."""

    folder: str
    page_id: str
    language: str
    lines: tuple[str, ...]
    line_nos: tuple[int, ...]
    labels: tuple[str, ...]

    @property
    def truth(self) -> list[bool]:
        """Whether each labelled line (in :attr:`line_nos`' order) is body."""
        return [label == "body" for label in self.labels]


def bench_dir() -> Path | None:
    """The benchmark folder, or ``None`` when it is not there: when none of :data:`FOLDERS`
    has its ``pages.tsv`` in it. A copy that lacks some of them (fundus too) is the
    benchmark without those folders (:func:`missing_folders`)."""
    path = Path(os.environ.get("BOILERPLATE_BENCH", DEFAULT_BENCH))
    return path if any((path / folder / "pages.tsv").is_file() for folder in FOLDERS) else None


def missing_folders(root: Path | None = None) -> list[str]:
    """The folders of :data:`FOLDERS` without a line to score in the benchmark (``root``, or
    :func:`bench_dir`): no ``pages.tsv``, one that lists no page, or pages without a line
    (:func:`folder_absence` says which). No line of them is scored, so a copy that lacks
    one would be measured without it. All of them when there is no benchmark.

    >>> missing_folders(Path("/nowhere"))
    ['fundus', 'scrapinghub', 'readability']
    """
    root = root or bench_dir()
    return [folder for folder in FOLDERS if root is None or folder_absence(root, folder) is not None]


def lacking(root: Path, folders: Iterable[str]) -> str:
    """What ``folders`` of the benchmark at ``root`` lack (:func:`folder_absence`; a folder
    that lacks nothing is left out), joined by commas, as messages name a partial copy.

    >>> lacking(Path("/nowhere"), ["fundus", "readability"])
    'no fundus/pages.tsv, no readability/pages.tsv'
    """
    return ", ".join(filter(None, (folder_absence(root, folder) for folder in folders)))


def folder_absence(root: Path, folder: str) -> str | None:
    """What a folder of the benchmark lacks, ``no fundus/pages.tsv``, ``no page in
    fundus/pages.tsv`` (only its header) or ``no line in the pages of fundus/pages.tsv``
    (each page's file its header alone), else ``None`` (a file that cannot be read is
    not missing: reading the pages says why). Pages are read until one has a line:
    the first, in a benchmark as published."""
    listing = root / folder / "pages.tsv"
    if not listing.is_file():
        return f"no {folder}/pages.tsv"
    try:
        pages = _rows(listing, LISTING_HEADER)
        if not pages:
            return f"no page in {folder}/pages.tsv"
        if all(row[0] and not _rows(root / folder / f"{row[0]}.tsv", PAGE_HEADER) for _, row in pages):
            return f"no line in the pages of {folder}/pages.tsv"
    except BenchError:
        return None
    return None


def bench_variable_problem() -> str | None:
    """What is wrong when ``BOILERPLATE_BENCH`` is set and names no benchmark (a typo, a
    copy not mounted), else ``None``. :func:`bench_dir` takes such a folder for no
    benchmark, as the tests want it; ``boilerplate evaluate`` refuses it instead of
    writing a report without the benchmark, or blaming ``../shared/bench``."""
    value = os.environ.get("BOILERPLATE_BENCH")
    if value is None or bench_dir() is not None:
        return None
    return (f"{absence()}; name the folder that holds {', '.join(FOLDERS)}, unset it to read ../shared/bench "
            "beside the repository, or give --no-bench")


def absence() -> str:
    """Why there is no benchmark, for the scripts in ``bench/`` that go on (or stop)
    without it: ``../shared/bench`` is not there, or ``BOILERPLATE_BENCH`` names a
    folder that holds none (:func:`bench_variable_problem`'s case), which the
    scripts, unlike ``boilerplate evaluate``, take for no benchmark: they say which.
    """
    value = os.environ.get("BOILERPLATE_BENCH")
    if value is None:
        return "../shared/bench is not there"
    return f"BOILERPLATE_BENCH={shlex.quote(value)} names no benchmark (no {FOLDERS[0]}/pages.tsv in it)"


def _rows(path: Path, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The rows after the header, each with its row number in the file (the header is row 1).

    Row 1 must begin with the columns ``header`` (after a byte order mark, if any), or be
    empty in an empty file: a file without its header would otherwise lose its first row.
    """
    # Rows end at LF only (CRLF too: read_text folds it): the format escapes CR and LF in
    # a cell but not U+2028, U+0085 or a form feed, which str.splitlines would also split at.
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise BenchError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise BenchError(f"{path}: not UTF-8") from None
    first = lines[0].removeprefix("\ufeff")
    if first and first.split("\t")[: len(header)] != list(header):
        raise BenchError(f"{path}, row 1: not the header ({', '.join(header)}, tab-separated) that the format "
                         "begins with; read as the header, this row would be lost")
    return [(no, row.split("\t")) for no, row in enumerate(lines[1:], 2) if row]


def read_page(folder: Path, page_id: str, language: str = "") -> BenchPage:
    """One page of a benchmark folder; a :class:`BenchError` names a row that does not fit the format."""
    path = folder / f"{page_id}.tsv"
    rows = []
    for row_no, row in _rows(path, PAGE_HEADER):
        where = f"{path}, row {row_no}"
        if len(row) < 3:
            raise BenchError(f"{where}: {len(row)} column(s), where the format has line_no, label and text")
        if not (row[0].isascii() and row[0].isdigit() and row[0].strip("0")):
            raise BenchError(f"{where}: line_no {row[0]!r} is not a line number (1 or more)")
        digits = row[0].lstrip("0")
        if len(digits) > len(str(MAX_LINE_NO)) or int(digits) > MAX_LINE_NO:  # int() refuses 4,301 digits
            shown = digits if len(digits) <= 20 else f"{digits[:20]}… ({len(digits):,} digits)"
            raise BenchError(f"{where}: line_no {shown} is past {MAX_LINE_NO:,}, the most lines a benchmark page may have")
        if row[1] not in ("body", "chrome"):
            raise BenchError(f"{where}: label {row[1]!r} is neither body nor chrome")
        text = unescape(row[2])
        if is_blank(text):
            raise BenchError(f"{where}: line {row[0]} is blank to the cleaner, and the format leaves blank lines out")
        rows.append((int(row[0]), row[1], text, row_no))
    # In line order, as the cleaner decides the lines: each gold label stays with its line.
    rows.sort(key=lambda r: (r[0], r[3]))
    for (no, *_), (next_no, *_, row_no) in zip(rows, rows[1:]):
        if no == next_no:
            raise BenchError(f"{path}, row {row_no}: line {no} has another row already")
    line_nos = tuple(no for no, _, _, _ in rows)
    lines = [""] * (line_nos[-1] if line_nos else 0)
    for no, _, text, _ in rows:
        lines[no - 1] = text
    return BenchPage(folder.name, page_id, language, tuple(lines), line_nos, tuple(label for _, label, _, _ in rows))


def iter_pages(folder_name: str, root: Path | None = None) -> Iterator[BenchPage]:
    """The pages of one benchmark folder listed in its ``pages.tsv``, in that order."""
    root = root or bench_dir()
    if root is None:
        return
    folder = root / folder_name
    if not (folder / "pages.tsv").is_file():
        return
    listed: dict[str, int] = {}
    for row_no, row in _rows(folder / "pages.tsv", LISTING_HEADER):
        if len(row) < 2 or not row[0]:
            raise BenchError(f"{folder / 'pages.tsv'}, row {row_no}: no page_id and language")
        if row[0] in listed:  # read twice, its lines would be scored twice
            raise BenchError(f"{folder / 'pages.tsv'}, row {row_no}: page {row[0]} is listed in row {listed[row[0]]} already")
        listed[row[0]] = row_no
        yield read_page(folder, row[0], row[1])


_DATED = re.compile(r"_[0-9]{4}_[0-9]{2}_[0-9]{2}$")
_NUMBERED = re.compile(r"-[0-9]+$")


def publisher(page_id: str) -> str:
    """The publisher of a benchmark page: its id without a date or a number at the end.

    fundus names a page by its publisher and date, readability by its site and a
    number; scrapinghub's ids (hashes) name no publisher, so each page is its own.

    >>> publisher("de-Tagesspiegel_2024_04_25"), publisher("nytimes-5"), publisher("lazy-image-1"), publisher("0a1b")
    ('de-Tagesspiegel', 'nytimes', 'lazy-image', '0a1b')
    """
    return _NUMBERED.sub("", _DATED.sub("", page_id))


def predict_bench(model, folders=FOLDERS, root: Path | None = None, config=None):
    """One row per benchmark line: ``folder page_id language line_no truth model_raw model chars``.

    ``model_raw`` is the model's own label, ``model`` the cleaner's final one. Returns an
    empty frame when the benchmark is absent.
    """
    import pandas as pd

    from .cleaner import decide_pages
    from .cleaner import DEFAULT_CONFIG

    config = config or DEFAULT_CONFIG
    pages = [page for folder in folders for page in iter_pages(folder, root)]
    decisions = decide_pages([list(page.lines) for page in pages], model, config)
    frames = [
        pd.DataFrame(
            {
                "folder": page.folder,
                "page_id": page.page_id,
                "language": page.language,
                "line_no": page.line_nos,
                "truth": page.truth,
                "p_body": decision.p_body,
                "model_raw": decision.model_body,
                "model": decision.body,
                # As the features and the labels' scores count a line (LineTable.n_chars, the text column).
                "chars": [len(strip_line(page.lines[i - 1])) for i in page.line_nos],
            }
        )
        for page, decision in zip(pages, decisions)
    ]
    columns = ["folder", "page_id", "language", "line_no", "truth", "p_body", "model_raw", "model", "chars"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
