"""Label files: reading, validating and writing the hand labels in ``labels/``.

A label folder holds ``pages/<stem>.txt`` (the page as it was) and ``<stem>.tsv``
with the columns ``line_no  label  role  text`` and an optional ``comment`` (no
other column; empty cells after the last, as spreadsheets write them, are ignored):
``line_no`` is 1-based as :meth:`str.splitlines` counts, ``text`` is the stripped
line (backslash, tab, CR and LF escaped as ``\\\\``, ``\\t``, ``\\r``, ``\\n``).
A cell that a spreadsheet or :mod:`csv` writer quoted (``"a ""b"" c"``) is read
as its value (a quoted comment may run over several lines, as a note typed with
line breaks is saved); the text is still checked against the page's line (canonically
equivalent text matches: an editor may save it in another normalization form; and so does
its UTF-8 read as Windows-1252 or Mac Roman, as Excel's Text Import reads a file without
a byte order mark). A
text that starts with a double quote is written quoted, so that those tools read it
as it is.
Every non-blank line has exactly one row; blank lines have none. ``role`` may be
left empty (files written by ``boilerplate label`` leave it for the person). An optional
``sites.tsv`` (``page  site``) says which pages come from one site, for
leave-one-site-out evaluation; a page it does not list is a site of its own. A site
named in two cases (``City News``, ``city news``) is refused, there or across folders.
Label files and ``sites.tsv`` are UTF-8, or UTF-16 (with a byte order mark, as Excel's
"Unicode Text" writes it, or without); pages are UTF-8. A label file's suffix may
be written in any case (``p.TSV``), and so may ``sites.tsv``'s name (``SITES.TSV``;
two of them are refused, and so is a page named ``sites``).
A ``<stem>.txt``, ``.csv`` or ``.tab`` beside the label files, of a page's stem, that
starts with the header (or cannot be read) is refused, and so is a workbook of a page's
stem (``.xlsx``, ``.xls``, ``.ods``, ``.numbers``): a spreadsheet's Save As (or Save,
in its own format) names a label file so, and its corrections would go unread; so is a
``sites.csv``, ``.txt`` or ``.tab`` that starts with ``page``, and a ``sites`` workbook.
A name that keeps ``.tsv`` before those suffixes (``p.tsv.txt``, as Notepad's Save As
names ``p.tsv``) is of the page's stem (and of ``sites``) too.
A page put there instead of in ``pages/`` is asked to move, and so is a label file put
in ``pages/``.

The roles and what they mean are those of the repository's LABELING.md.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .planning import _wide_encoding
from .shell import shell_path
from .text import is_blank, strip_line

if TYPE_CHECKING:
    import pandas as pd

BODY_ROLES = ("title", "paragraph", "subheading", "source")
CHROME_ROLES = (
    "nav",
    "date",
    "byline",
    "meta",
    "page-title",
    "caption",
    "initials",
    "list",
    "promo",
    "comments",
    "footer",
)
ROLES = {"body": BODY_ROLES, "chrome": CHROME_ROLES}
HEADER = ("line_no", "label", "role", "text")
SITES_FILE = "sites.tsv"
#: The names spreadsheets give a label file saved in another format, refused beside
#: the label files: Excel's "Text" and "Unicode Text" (.txt), CSV (.csv), .tab.
SAVED_AS = (".txt", ".csv", ".tab")
#: Spreadsheets' own formats, in which a label file opened in one may be saved (Excel .xlsx
#: and .xls, LibreOffice .ods, Numbers .numbers, a folder on older Macs): refused beside the
#: label files by name alone, as their content cannot be read to tell.
WORKBOOKS = (".xlsx", ".xls", ".ods", ".numbers")
#: At most this many problems of one label file are reported (the first ones), with how many more there are.
MAX_PROBLEMS = 10


class LabelError(ValueError):
    """A label file that does not match its page or the labelling rules.

    Also a label folder that cannot be read as one: not there, holding no label files,
    given twice, or with a bad list of sites. The message names the file or folder.
    """


@dataclass(frozen=True)
class LabelledPage:
    """One page and its labels: ``rows`` has a row per non-blank line."""

    stem: str
    site: str
    lines: tuple[str, ...]
    rows: pd.DataFrame  # line_no, label, role, text, comment


def escape(text: str) -> str:
    r"""Escape a line for a TSV cell.

    >>> escape("a\tb\\c")
    'a\\tb\\\\c'
    """
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def unescape(cell: str) -> str:
    r"""Undo :func:`escape`.

    >>> unescape(escape("a\tb\\c")) == "a\tb\\c"
    True
    """
    out, i = [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            nxt = cell[i + 1]
            out.append({"t": "\t", "r": "\r", "n": "\n", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def unquote(cell: str) -> str:
    r"""A cell's value when it is in the quoted form that spreadsheets and :mod:`csv`
    write for a field holding a double quote (``"say ""hi"" now"`` for ``say "hi" now``);
    any other cell as it is.

    >>> unquote('"say ""hi"" now"'), unquote('""'), unquote('say "hi" now'), unquote('"hi" now')
    ('say "hi" now', '', 'say "hi" now', '"hi" now')
    """
    inner = cell[1:-1]
    if len(cell) >= 2 and cell[0] == cell[-1] == '"' and '"' not in inner.replace('""', ""):
        return inner.replace('""', '"')
    return cell


#: The code pages a spreadsheet reads a UTF-8 file in when nothing says it is UTF-8 (no byte
#: order mark, as :func:`write_label_file` writes none): Excel's Text Import takes Windows
#: (ANSI), Windows-1252, on Windows and Macintosh on a Mac.
MISREAD_AS = ("cp1252", "mac_roman")


def _utf8_misread(text: str) -> list[str]:
    r"""What a text stood for if a spreadsheet read it from UTF-8 in a code page of
    :data:`MISREAD_AS` (``à¦•à¦¾à¦²`` is ``কাল`` read as Windows-1252): the text of each
    code page it decodes in. Windows reads the five bytes Windows-1252 leaves undefined
    (0x8D of every hasanta) as the C1 controls of their numbers.

    >>> _utf8_misread("à¦•à¦¾à¦²"), _utf8_misread("à¦•à§\x8d"), _utf8_misread("Menu"), _utf8_misread("কাল")
    (['কাল'], ['ক্'], [], [])
    """
    if text.isascii():
        return []
    found = []
    for encoding in MISREAD_AS:
        data = bytearray()
        for ch in text:
            try:
                data += ch.encode(encoding)
            except UnicodeEncodeError:
                if ord(ch) > 0xFF:
                    break
                data.append(ord(ch))
        else:
            try:
                found.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    return found


def _text_matches(cell: str, page_text: str) -> bool:
    """Whether a text cell is the page's (stripped) line: as written first (a line may
    itself be in quotes), then unquoted, as often as a tool quoted it (one that read
    a quoted cell as it is and quoted it again when saving). Canonically equivalent
    text matches: an editor that saves in another Unicode normalization form turns
    ``ज़`` (U+095B) into ``ज`` and a nukta, or ``أ`` into ``ا`` and a hamza above; and
    so does the line's UTF-8 read in a legacy code page (:func:`_utf8_misread`).

    >>> _text_matches('"say ""hi"" now"', 'say "hi" now'), _text_matches('"say hi"', '"say hi"'), _text_matches('"x"', 'y')
    (True, True, False)
    """
    page_text = unicodedata.normalize("NFC", page_text)
    while True:
        text = unescape(cell)
        if unicodedata.normalize("NFC", strip_line(text)) == page_text or any(
            unicodedata.normalize("NFC", strip_line(t)) == page_text for t in _utf8_misread(text)
        ):
            return True
        if unquote(cell) == cell:
            return False
        cell = unquote(cell)


def _excerpts(text: str, page_text: str, width: int = 40) -> tuple[str, str]:
    """The two texts around where they first differ, ``width`` characters of each (``…``
    marks a cut), so that a message shows the difference even far into a long line.

    >>> _excerpts("Menus", "Menu")
    ('Menus', 'Menu')
    >>> _excerpts("a" * 50 + "x" + "b" * 50, "a" * 50 + "y" + "b" * 50, 10)
    ('…aaaaaxbbbb…', '…aaaaaybbbb…')
    """
    first = next((i for i, (a, b) in enumerate(zip(text, page_text)) if a != b), min(len(text), len(page_text)))
    start = max(0, min(first - width // 2, max(len(text), len(page_text)) - width))

    def cut(s: str) -> str:
        return ("…" if start else "") + s[start:start + width] + ("…" if len(s) > start + width else "")

    return cut(text), cut(page_text)


def _lost_to_question_marks(cell: str, page_text: str) -> bool:
    """Whether a text cell is the page's line with its characters outside ASCII turned
    into ``?``, as a spreadsheet that saves in a legacy code page writes them (Excel's
    "Text (Tab delimited)" turns every Bengali letter into one).

    >>> _lost_to_question_marks("?????: ??", "ঢাকা।: অক"), _lost_to_question_marks("Menu?", "Menu!")
    (True, False)
    """
    text = strip_line(unescape(unquote(cell)))
    return len(text) == len(page_text) and text != page_text and all(
        a == b or (a == "?" and ord(b) > 127) for a, b in zip(text, page_text)
    )


#: What Excel, LibreOffice and Google Sheets show for a formula they cannot compute: a
#: line starting with ``=``, ``+``, ``-`` or ``@`` (``- Advertisement -``) is read as one.
SPREADSHEET_ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#N/A", "#NUM!", "#DIV/0!", "#NULL!", "#ERROR!")
#: A number (``7``, ``1,234.5``, ``1.23E+19``, ``25%``), a date (``1/5/2024``, ``5-Jan-24``; Excel's
#: d-mmm, ``12-Jan``, for a date without a year, and mmm-yy, ``Mar-24``, for one without a day)
#: or a time (``10:30:00 AM``) as a spreadsheet writes the value it read a line as. ASCII only.
_SPREADSHEET_VALUE = re.compile(
    r"[-+]?[0-9.,]*[0-9][0-9.,]*(?:E[-+]?[0-9]+)?%?"
    r"|[0-9]{1,4}[-/.][0-9A-Za-z]{1,9}[-/.][0-9]{1,4}(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?: ?[AP]M)?)?"
    r"|[0-9]{1,2}-[A-Za-z]{3}|[A-Za-z]{3}-[0-9]{2}"
    r"|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?: ?[AP]M)?",
    re.IGNORECASE,
)


def _spreadsheet_value(cell: str, page_text: str) -> bool:
    """Whether a text cell that does not match its line is what a spreadsheet made of the
    line when it opened the file: a number, date or time it read the line as (the line
    holds its first digits, less leading zeros: ``13`` for a line ``12`` is another line),
    or the error value of a formula (the line starts as one does).

    >>> _spreadsheet_value("7", "007"), _spreadsheet_value("5-Jan-24", "Jan 5, 2024"), _spreadsheet_value("#NAME?", "- Ad -")
    (True, True, True)
    >>> _spreadsheet_value("12-Jan", "Jan 12"), _spreadsheet_value("Mar-24", "March 2024")
    (True, True)
    >>> _spreadsheet_value("Menus", "Menu"), _spreadsheet_value("7", "seven"), _spreadsheet_value("13", "12")
    (False, False, False)
    """
    text = strip_line(unescape(unquote(cell)))
    if text.upper() in SPREADSHEET_ERRORS or re.fullmatch(r"Err:[0-9]{3}", text):  # LibreOffice: Err:508
        return page_text[:1] in "=+-@"
    if _SPREADSHEET_VALUE.fullmatch(text) is None:
        return False
    digits = re.search(r"[0-9]+", text).group().lstrip("0") or "0"
    return digits in page_text


def _drop_empty_tail(cells: list[str], width: int) -> list[str]:
    """The cells without the empty ones past the first ``width``: a spreadsheet writes
    every row as wide as its widest, so a note typed once in a further column, or a
    column used and cleared, leaves empty cells at the end of every row.

    >>> _drop_empty_tail(["1", "body", "", "Text", "", "", '""'], 5), _drop_empty_tail(["1", "", ""], 2)
    (['1', 'body', '', 'Text', ''], ['1', ''])
    """
    cells = list(cells)
    while len(cells) > width and not unquote(cells[-1]).strip():
        cells.pop()
    return cells


def _rows(raw: list[str], comment_at: int | None) -> Iterator[tuple[int, str]]:
    r"""The rows after the header, each with its line in the file: a quoted comment cell
    (the last of ``comment_at`` columns) that holds a line break, as a spreadsheet writes
    a note typed over several lines, runs on up to its closing quote, over lines that
    hold no tab (a line with a tab is the next row), and the line that closes it before
    its first tab (the empty cells of a padded row follow the quote).

    >>> list(_rows(["header", '1\tbody\t\tText\t"first line', 'second"', "3\tbody\t\tMore\t"], 5))
    [(2, '1\tbody\t\tText\t"first line\nsecond"'), (4, '3\tbody\t\tMore\t')]
    >>> list(_rows(["header", '1\tbody\t\tText\t"first line', 'second"\t', "3\tbody\t\tMore\t\t"], 5))
    [(2, '1\tbody\t\tText\t"first line\nsecond"\t'), (4, '3\tbody\t\tMore\t\t')]
    """
    i = 1
    while i < len(raw):
        first, row = i + 1, raw[i]
        cells = row.split("\t")
        if comment_at is not None and len(cells) == comment_at:
            # The comment's lines are gathered and its quotes counted line by line (joining
            # and counting it whole at each line took its length squared).
            last, pieces = cells[-1], [row]
            odd = last.count('"') % 2
            while last.startswith('"') and odd and i + 1 < len(raw):
                head = raw[i + 1].split("\t")[0]
                if "\t" in raw[i + 1] and not head.count('"') % 2:
                    break  # the next row
                i += 1
                pieces.append(raw[i])
                odd ^= head.count('"') % 2
            row = "\n".join(pieces)
        yield first, row
        i += 1


def read_utf8(path: Path, data: bytes | None = None) -> str:
    """A label folder's file as text: UTF-8, a leading BOM dropped (``data``: its bytes, if read already).

    A file that is not UTF-8 raises :class:`LabelError` with the file, line and byte.
    """
    if data is None:
        data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LabelError(
            f"{path}:{line}: not valid UTF-8 (byte {exc.start}); save the file as UTF-8."
        ) from None


#: Windows' code pages for the languages it is set to, in which Excel's "Text (Tab delimited)" saves a
#: file there (Windows-1252 in western Europe and the Americas): :func:`_code_page` tells which a label file is in.
CODE_PAGES = {
    "cp1252": "Western European", "cp1250": "Central European", "cp1251": "Cyrillic", "cp1253": "Greek",
    "cp1254": "Turkish", "cp1255": "Hebrew", "cp1256": "Arabic", "cp1257": "Baltic", "cp1258": "Vietnamese",
    "cp874": "Thai", "cp932": "Japanese", "cp936": "Simplified Chinese", "cp949": "Korean",
    "cp950": "Traditional Chinese",
}


def _code_page(data: bytes, lines: Sequence[str]) -> str | None:
    r"""The code page of :data:`CODE_PAGES` in which the label file ``data`` (no UTF-8) is written:
    the one in which most rows whose text is not ASCII match their line of the page ``lines``
    (the first of a tie), else ``None`` (none matches: a Bengali letter saved as ``?``).

    >>> lines = ["뒤로가기", "", "한국일보 홈"]
    >>> data = "line_no\tlabel\trole\ttext\n1\tchrome\tnav\t뒤로가기\n3\tchrome\tnav\t한국일보 홈\n".encode("cp949")
    >>> _code_page(data, lines), _code_page("1\tbody\t\tcafé\n".encode("cp1252"), ["café"]), _code_page(b"1\tbody\t\t?\n", ["ক"])
    ('cp949', 'cp1252', None)
    """
    best, most = None, 0
    for encoding in CODE_PAGES:
        try:
            rows = data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
        matched = 0
        for cells in (row.split("\t") for row in rows):
            number = unquote(cells[0]).strip()
            if (len(cells) >= 4 and not cells[3].isascii() and number.isdecimal() and 1 <= int(number) <= len(lines)
                    and _text_matches(cells[3], strip_line(lines[int(number) - 1]))):
                matched += 1
        if matched > most:
            best, most = encoding, matched
    return best


def read_table(path: Path, lines: Sequence[str] | None = None) -> str:
    """A label file or ``sites.tsv`` as text: UTF-8 (:func:`read_utf8`), or UTF-16 with
    its byte order mark, as Excel saves "Unicode Text", its only tab-separated format
    that keeps other scripts than Latin, or UTF-16 without one (:func:`_utf16_without_mark`).

    A file that is neither raises :class:`LabelError` with the file, line and byte; for a
    label file, given its page's ``lines``, also the code page it is in (:func:`_code_page`).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "sites.tsv"
    >>> _ = path.write_text("page\\tsite\\r\\n", encoding="utf-16")
    >>> read_table(path)
    'page\\tsite\\r\\n'
    """
    data = path.read_bytes()
    encoding = _utf16_without_mark(data)
    if encoding is None and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return read_utf8(path, data)
        except LabelError as exc:
            code_page = _code_page(data, lines) if lines is not None else None
            if code_page not in (None, "cp1252"):  # not Windows-1252, whose letters become ?
                raise LabelError(
                    f"{exc} It is in Windows' {CODE_PAGES[code_page]} code page ({code_page[2:]}), in which Excel's "
                    "\"Text (Tab delimited)\" saves it on a Windows set to that language; save it as Unicode Text."
                ) from None
            if lines is None and any(_decodes(data, encoding) for encoding in CODE_PAGES):
                # sites.tsv: no page's lines to tell the code page by, and a site's name in Korean or Russian
                # was told that its letters became ?.
                raise LabelError(
                    f"{exc} It may be in a Windows code page, in which Excel's \"Text (Tab delimited)\" saves it: "
                    "Windows-1252 in the West, which cannot hold Bengali and most other scripts (their letters "
                    "become ?), or the language's own on a Windows set to another (949 for Korean); save it as "
                    "Unicode Text."
                ) from None
            if not _windows_1252(data):
                raise
            # Excel's "Text (Tab delimited)" writes Windows-1252: a curly quote or a dash is
            # a byte that is no UTF-8, and every Bengali letter a "?".
            raise LabelError(
                f"{exc} It reads as Windows-1252, which Excel's \"Text (Tab delimited)\" writes: that format "
                "cannot hold Bengali and most other scripts (their letters become ?); save it as Unicode Text."
            ) from None
    encoding = encoding or "utf-16"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise LabelError(
            f"{path}:{line}: not valid UTF-16 (byte {exc.start}); save the file again as UTF-8 or Unicode text."
        ) from None


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether ``data`` is text in ``encoding``."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _windows_1252(data: bytes) -> bool:
    r"""Whether ``data`` decodes as Windows-1252 (Excel's "Text (Tab delimited)" on Windows).

    >>> _windows_1252("“Quoted” – text".encode("cp1252")), _windows_1252(b"\x81")
    (True, False)
    """
    return _decodes(data, "cp1252")


def _utf16_without_mark(data: bytes) -> str | None:
    r"""``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` is UTF-16 without a byte order
    mark, as some tools write it, else None.

    Every label file and ``sites.tsv`` starts with an ASCII header (``line_no``,
    ``page``), and UTF-8 text never holds a NUL byte: a NUL right after or right
    before the first character tells UTF-16 apart.

    >>> _utf16_without_mark("line_no".encode("utf-16-le")), _utf16_without_mark("page".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> _utf16_without_mark("line_no".encode("utf-8")), _utf16_without_mark(b""), _utf16_without_mark(b"\x00\x00")
    (None, None, None)
    """
    if len(data) < 2 or (data[0] == 0) == (data[1] == 0):
        return None
    return "utf-16-le" if data[1] == 0 else "utf-16-be"


def read_page(path: Path) -> str:
    """A page's text, decoded as UTF-8 (a leading BOM is dropped).

    A page in UTF-16 or UTF-32 raises :class:`LabelError`, as ``boilerplate clean``
    refuses it (:func:`~boilerplate.planning._wide_encoding`): without a byte order mark,
    UTF-16 of ASCII text is valid UTF-8, a NUL after every letter.
    """
    return decode_page(path, path.read_bytes())


def decode_page(path: Path, data: bytes) -> str:
    """:func:`read_page` of the bytes ``data``, already read from ``path`` (which messages name)."""
    encoding = _wide_encoding(data)
    if encoding is not None:
        raise LabelError(f"{path}: {encoding} text, not UTF-8; save the file as UTF-8.")
    return read_utf8(path, data)


def _csv_hint(row: str, columns: Sequence[str] = ("page", "site")) -> str:
    """What to say of a row (a header, by its ``columns``) whose cells are separated by
    commas or semicolons, as a spreadsheet's CSV writes them; ``""`` for any other.

    >>> _csv_hint('"page";"site"')[:44], _csv_hint("page\tsite"), _csv_hint("page")
    ('; its columns are separated by semicolons (s', '', '')
    """
    for separator, name in ((",", "commas"), (";", "semicolons")):
        if "\t" not in row and [unquote(c).strip() for c in row.split(separator)][:len(columns)] == list(columns):
            return (f"; its columns are separated by {name} (saved as CSV?): save it as tab-separated text "
                    "(Excel: Unicode Text; LibreOffice: Text CSV with Tab as the field delimiter)")
    return ""


#: What to say of a row whose columns are separated by spaces: an editor set to turn tabs into spaces.
SPACES_HINT = ("; its columns are separated by spaces, not tabs (an editor may have turned the tabs into spaces): "
               "separate them with tabs")


def _spaced_header(row: str, columns: Sequence[str]) -> str | None:
    r"""``columns`` as a header row wrote them, separated by spaces instead of tabs (as an editor
    that turns tabs into spaces saves it), in any case; ``None`` for any other row.

    >>> _spaced_header("line_no label   role    text", HEADER), _spaced_header("Page  Site", ("page", "site"))
    ('line_no label role text', 'Page Site')
    >>> _spaced_header("line_no\tlabel\trole\ttext", HEADER), _spaced_header("page site", HEADER)
    (None, None)
    """
    cells = [unquote(cell) for cell in re.split(r"[ \t]+", row.strip())]
    if " " not in row or [cell.lower() for cell in cells[:len(columns)]] != list(columns):
        return None
    return " ".join(cells[:len(columns)])


def _spaced_row(row: str) -> int | None:
    r"""The line number of a label file's row whose first columns are separated by spaces
    instead of tabs (a whole number and a label, in any case, with spaces and no tab after either), else
    ``None``: a space beside a tab is one typed after a cell.

    >>> _spaced_row("4    chrome  nav     * H news"), _spaced_row("4\tChrome    nav"), _spaced_row("4   body")
    (4, 4, 4)
    >>> _spaced_row("4\tchrome\tMenu"), _spaced_row("4 Menu"), _spaced_row("four chrome nav"), _spaced_row("4\tbody \tMenu")
    (None, None, None, None)
    """
    found = re.match(r'[ \t]*"?([0-9]+)"?([ \t]+)"?([A-Za-z]+)"?([ \t]+|$)', row)
    if found is None or found[3].lower() not in ROLES or not any(
            " " in gap and "\t" not in gap for gap in (found[2], found[4])):
        return None
    return int(found[1])


def load_label_file(tsv: Path, page: Path, site: str | None = None) -> LabelledPage:
    """Read and validate one label file against its page.

    Raises one :class:`LabelError` naming the file and line of every bad row (the first
    :data:`MAX_PROBLEMS`, then how many more) for: a missing page, a page
    that is not UTF-8, a label file neither UTF-8 nor UTF-16, a bad header, a wrong number of columns, a bad ``line_no``, an
    unknown label or role, a role of the other label, a ``line_no`` out of range or on
    a blank line, a text that does not match the page, a duplicate row, or a non-blank
    line with no row; first, when most rows whose text is not their line's find it a number of
    lines further down or up (:func:`_moved_by`), that the page changed since it was labelled.
    A row for a line of only invisible format characters (blank
    since they are stripped like white space; label files written before gave it a
    row) is ignored, whatever it says.
    """
    if not page.is_file():
        beside = tsv.with_name(page.name)
        if beside.is_file() and beside != page:
            raise LabelError(f"{tsv}: its page {page} is missing, and {beside} is beside the label file: "
                             f"pages are read from {page.parent}; move it there.")
        # A page renamed (by hand, or a file manager's "p (copy).txt"), or its label file
        # renamed: the page in pages/ has no label file now.
        labelled = _labelled_stems(tsv.parent)
        pages = sorted(page.parent.glob("*.txt")) if page.parent.is_dir() else []
        others = [q for q in pages if unicodedata.normalize("NFC", q.stem) not in labelled]
        # A second, corrected copy beside the page's label file: a browser names a second download
        # p (1).tsv, Google Sheets' p - Sheet1.tsv. Removed, as advised, its corrections were lost.
        firsts = [q.stem for q in pages if unicodedata.normalize("NFC", q.stem) in labelled and tsv.stem.startswith(q.stem)
                  and tsv.stem[len(q.stem):][:1] in (" ", "_", "-", ".", "(")]
        if not others and firsts:
            first = max(firsts, key=len)
            hint = (f"{tsv.name} may be the labels of page {first} saved under another name: if so, save it as "
                    f"{first}.tsv, over the old one, then remove {tsv.name}; else ")
        elif len(others) == 1:
            hint = (f"{page.parent} holds {others[0].name}, which has no label file: if it is this page, rename "
                    f"{others[0].name} to {page.name}, or {tsv.name} to {others[0].stem}{tsv.suffix}; else ")
        else:
            hint = (f"{page.parent} holds {', '.join(q.name for q in others[:5])}{' …' if len(others) > 5 else ''}, "
                    "which have no label file: if one is this page, name the page and its label file alike; else "
                    ) if others else ""
        raise LabelError(f"{tsv}: its page {page} is missing; {hint}put the page there or remove the label file.")
    lines = tuple(read_page(page).splitlines())
    raw = read_table(tsv, lines).splitlines()
    # A space typed around a name is not seen (as in sites.tsv): shown in a message, it could not be.
    header = _drop_empty_tail([unquote(cell).strip() for cell in raw[0].split("\t")] if raw else [], 0)
    if tuple(header[:4]) != HEADER:
        expected = f"{tsv}:1: the header must start with {'<TAB>'.join(HEADER)}"
        if len(header) == 1 and _csv_hint(raw[0], HEADER):
            raise LabelError(f"{expected}{_csv_hint(raw[0], HEADER)}.")
        spaced = _spaced_header(raw[0], HEADER) if raw else None
        if spaced is not None:  # the names in order: not "put its columns in that order"
            case = " and write the names in lower case" if spaced != " ".join(HEADER) else ""
            raise LabelError(f"{expected}, not {spaced}{SPACES_HINT}{case}.")
        if len(header) > 1 and header[0].isdecimal() and header[1].lower() in ROLES:
            # A row: the header deleted, or sorted in among the rows (a spreadsheet's sort of every row):
            # not "put its columns in that order".
            at = next((i for i, row in enumerate(raw[1:], 2)
                       if tuple(unquote(cell).strip() for cell in row.split("\t")[:4]) == HEADER), None)
            fix = (f"the header is at line {at} (sorted in with the rows?): move it back to line 1" if at else
                   f"add the header, {'<TAB>'.join(HEADER)}<TAB>comment, as line 1")
            raise LabelError(f"{expected}, not a row ({'<TAB>'.join(header[:4])}); {fix}.")
        fix = "write the names in lower case" if tuple(h.lower() for h in header[:4]) == HEADER else (
            "put its columns in that order")
        found = f", not {'<TAB>'.join(header[:4])}; {fix}" if header else ""
        raise LabelError(f"{expected}{found}.")
    if header[4:] not in ([], ["comment"]):
        fix = "write comment in lower case" if [h.lower() for h in header[4:]] == ["comment"] else (
            "put notes in the comment column and delete the other columns")
        raise LabelError(f"{tsv}:1: after text the header may have only comment, not {'<TAB>'.join(header[4:])}; {fix}.")
    has_comment = header[4:] == ["comment"]
    width = 5 if has_comment else 4
    records, seen, problems = [], {}, []
    astray = []  # (line_no, text) of the rows whose text is not their line's: the page may have changed
    for file_line, row in _rows(raw, width if has_comment else None):
        if not row.strip():
            continue
        try:
            where = f"{tsv}:{file_line}"
            cells = _drop_empty_tail(row.split("\t"), width)
            if len(cells) == width - 1 and has_comment:
                cells.append("")
            if len(cells) != width:
                # A note typed after the text, in a column the header does not name.
                hint = "; a note after text goes in a column headed comment: add comment to the header" if (
                    not has_comment and len(cells) > width) else ""
                number = unquote(cells[0]).strip()
                spaced = _spaced_row(row) if len(cells) < width else None
                if spaced is not None:
                    number, hint = str(spaced), SPACES_HINT
                if number.isdecimal() and 1 <= int(number) <= len(lines):  # the row of its line, refused
                    seen.setdefault(int(number), file_line)
                raise LabelError(f"{where}: expected {width} tab-separated columns, found {len(cells)}{hint}.")
            # A spreadsheet or csv writer may have quoted cells: a text holding a double
            # quote, or every cell. The text is checked by _text_matches.
            text = cells[3]
            cells = [unquote(cell) for cell in cells]
            # A space typed around a label or a role (in a spreadsheet, say) is not seen; int() ignores one too.
            no_cell, label, role = cells[0], cells[1].strip(), cells[2].strip()
            try:
                line_no = int(no_cell)
            except ValueError:
                decimal = re.fullmatch(r"\s*([0-9]+)[.,]0+\s*", no_cell)  # 3.0: a spreadsheet's number format
                if decimal is None:
                    raise LabelError(f"{where}: line_no {no_cell!r} is not a whole number; give the number of the "
                                     f"line of {page.name} the row is for (1 to {len(lines)}).") from None
                if 1 <= int(decimal[1]) <= len(lines):  # the row of its line, refused
                    seen.setdefault(int(decimal[1]), file_line)
                raise LabelError(f"{where}: line_no {no_cell!r} is not a whole number; write it {int(decimal[1])}, "
                                 "without decimals (a spreadsheet may have given the column a number format "
                                 "with decimals: give it one without).") from None
            if not 1 <= line_no <= len(lines):
                astray.append((line_no, text))  # a page cut short, perhaps
                raise LabelError(f"{where}: line_no {line_no} is out of range; {page.name} has {len(lines)} lines: "
                                 "fix the line_no, or delete the row.")
            if line_no in seen:
                raise LabelError(f"{where}: line {line_no} already has a row at {tsv}:{seen[line_no]}; keep one of "
                                 "the two (delete the other, or fix its line_no).")
            seen[line_no] = file_line
            # A name in another case is told so, as a header name is (a spreadsheet may capitalize it).
            if label not in ROLES:
                hint = (f"write it in lower case, {label.lower()!r}" if label.lower() in ROLES
                        else "use 'body' or 'chrome'")
                raise LabelError(f"{where}: unknown label {label!r}; {hint}.")
            if role and role.lower() in ROLES[label] and role not in ROLES[label]:
                raise LabelError(f"{where}: unknown role {role!r}; write it in lower case, {role.lower()!r}.")
            if role and role not in ROLES[label]:
                other = "chrome" if label == "body" else "body"
                if _text_matches(cells[2], strip_line(lines[line_no - 1])):
                    # Its role cell left out, not left empty: a row of four under a comment column was taken
                    # for one without its comment, and its text for a role.
                    columns = "<TAB>".join(HEADER + (("comment",) if has_comment else ()))
                    raise LabelError(f"{where}: the role column holds the text of line {line_no} (the row's role cell "
                                     f"is left out, not left empty); a row is {columns}: keep the role's cell, "
                                     "empty when the line has no role.")
                if role.lower() not in ROLES[other]:  # no role at all (a typo): not one of the other label's
                    raise LabelError(f"{where}: unknown role {role!r}; a {label} line takes one of {', '.join(ROLES[label])}.")
                case = f" ({role.lower()!r}, in lower case)" if role != role.lower() else ""
                raise LabelError(f"{where}: role {role!r} does not go with label {label!r}; it is a {other} role{case}.")
            page_text = strip_line(lines[line_no - 1])
            if is_blank(page_text):
                if lines[line_no - 1].strip():
                    # Only invisible format or control characters: blank now, a line with a row in label
                    # files written before; that row is ignored, not refused.
                    continue
                astray.append((line_no, text))
                raise LabelError(f"{where}: line {line_no} of {page.name} is blank; blank lines take no row: fix the "
                                 "line_no, or delete the row.")
            if not _text_matches(text, page_text):
                astray.append((line_no, text))
                if _lost_to_question_marks(text, page_text):
                    raise LabelError(
                        f"{where}: text has '?' where line {line_no} of {page.name} has other characters "
                        f"({unescape(text)[:40]!r} vs {page_text[:40]!r}): the file was saved in an encoding that "
                        "cannot hold them (Excel's \"Text (Tab delimited)\"); save it as UTF-8 or as Unicode Text."
                    )
                shown, line = _excerpts(strip_line(unescape(unquote(text))), page_text)
                advice = ("; fix the line_no or the text." if not _spreadsheet_value(text, page_text) else
                          ": a spreadsheet read the line as a number, date or formula: type it again after a ' "
                          "(which keeps it as text), or import the text column as Text.")
                raise LabelError(
                    f"{where}: text does not match line {line_no} of {page.name} ({shown!r} vs {line!r}){advice}"
                )
            records.append((line_no, label, role, page_text, cells[4] if has_comment else ""))
        except LabelError as exc:  # every bad row is reported, for one round of corrections
            problems.append(str(exc))
    missing = [i for i, line in enumerate(lines, 1) if not is_blank(line) and i not in seen]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        problems.append(f"{tsv}: non-blank lines of {page.name} have no row: {shown}.")
    moved = _moved_by(astray, lines)
    if moved is not None:  # first: its row-by-row consequences may fill the problems shown
        shift, count = moved
        n = f"{abs(shift)} line{'s' if abs(shift) > 1 else ''}"
        way, change, fix = (("further down", "added", f"add {abs(shift)} to their line_no and give the new lines rows")
                            if shift > 0 else ("further up", "removed", f"subtract {abs(shift)} from their line_no "
                                               "and delete the rows of the lines removed"))
        problems.insert(0, f"{tsv}: {count} rows find their text {n} {way} in {page.name} than their line_no: the "
                           f"page has changed since it was labelled ({n} {change} above them?); put the page that was "
                           f"labelled back in {page.parent}, or {fix}.")
    if problems:
        more = len(problems) - MAX_PROBLEMS
        raise LabelError("\n".join(problems[:MAX_PROBLEMS] + ([f"{tsv}: and {more} more problems in this file."]
                                                              if more > 0 else [])))
    records.sort()
    import pandas as pd

    rows = pd.DataFrame(records, columns=["line_no", "label", "role", "text", "comment"])
    return LabelledPage(stem=tsv.stem, site=site or tsv.stem, lines=lines, rows=rows)


def _moved_by(rows: Sequence[tuple[int, str]], lines: Sequence[str]) -> tuple[int, int] | None:
    r"""How far, and for how many of ``rows`` (``(line_no, text)`` whose text is not their
    line's), the page ``lines`` moved their texts, as lines added to it (or removed) above
    them move them: the most common distance to a line of the same text, when it is so for
    two rows or more and half of them or more; else ``None``.

    >>> _moved_by([(1, "Menu"), (3, "Headline"), (5, "Text")], ["Banner", "Menu", "", "Headline", "", "Text"])
    (1, 3)
    >>> _moved_by([(1, "Menu")], ["Banner", "Menu"]), _moved_by([(1, "Menus"), (3, "Texts")], ["Menu", "", "Text"])
    (None, None)
    """
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines, 1):
        if not is_blank(line):
            where.setdefault(unicodedata.normalize("NFC", strip_line(line)), []).append(i)
    shifts = Counter()
    for line_no, text in rows:
        found = where.get(unicodedata.normalize("NFC", strip_line(unescape(unquote(text)))), [])
        shifts.update({i - line_no for i in found if i != line_no})
    if not shifts:
        return None
    shift, count = shifts.most_common(1)[0]
    return (shift, count) if count >= 2 and 2 * count >= len(rows) else None


def _sites_path(folder: Path) -> Path | None:
    """The folder's ``sites.tsv``, its name in any case (``SITES.TSV``, as a label file's
    suffix may be: on a case-insensitive file system it is the same file), or ``None``.
    Two of them (``sites.tsv`` and ``SITES.TSV``, told apart by the file system) raise
    :class:`LabelError`."""
    try:
        found = sorted(p for p in folder.iterdir() if p.name.lower() == SITES_FILE and p.is_file())
    except OSError:
        found = []
    if len(found) > 1:
        raise LabelError(f"{folder}: two lists of sites ({', '.join(p.name for p in found)}); keep one.")
    return found[0] if found else None


#: What to do of two names of a site that differ only in case (:func:`_read_sites`, :func:`load_label_folders`).
SAME_SITE = ("write a site's name alike wherever it is named (as two sites, its pages would fall into different "
             "cross-validation folds)")


def _read_sites(folder: Path, labelled: Collection[str] = ()) -> dict[str, str]:
    """The site of each page listed in ``folder``'s list of sites. A second header
    row (two lists pasted into one) is refused when no page of ``labelled`` bears its name.
    A page's name in another Unicode normalization form than its file's names it (the name
    of ``labelled`` is returned), and site names are compared in NFC (and returned so)."""
    path = _sites_path(folder)
    if path is None:
        return {}
    sites, where, spelled = {}, {}, {}
    # A name typed in another Unicode normalization form than the file's (macOS writes NFD) is its page,
    # and a site's so is that site: both look alike.
    stems = {unicodedata.normalize("NFC", stem): stem for stem in labelled}
    for file_line, row in enumerate(read_table(path).splitlines(), 1):
        # Quoted as in label files; a space typed around a name would make another site.
        cells = [unquote(cell).strip() for cell in row.split("\t")]
        if file_line == 1 and cells[:2] == ["page", "site"]:
            continue
        if file_line == 1 and sorted(cell.lower() for cell in cells[:2]) == ["page", "site"]:
            # Site<TAB>Page or Page<TAB>Site: read as a row, it was a page "site" (or "Page") without a label file.
            fixes = [fix for wrong, fix in ((cells[0].lower() != "page", "put the pages in the first column"),
                                            (cells[:2] != [c.lower() for c in cells[:2]], "write the names in lower case"))
                     if wrong]
            raise LabelError(f"{path}:1: the header must be page<TAB>site, in that order and in lower case, "
                             f"not {'<TAB>'.join(cells[:2])}; {' and '.join(fixes)}.")
        if file_line == 1 and cells[0].strip() == HEADER[0]:
            raise LabelError(f"{path}: a label file by its header, but {path.name} is the label folder's list of "
                             f"sites ({SITES_FILE}, in any case); rename the page and its label file (e.g. "
                             f"{path.stem}_page).")
        if not row.strip() or row.startswith("#"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            # No tab, but a space between words; not in a page's own name ("my page", its site left out).
            spaced = len(cells) == 1 and len(row.split()) > 1 and unicodedata.normalize("NFC", cells[0]) not in stems
            hint = "; its page and site are separated by spaces, not a tab: separate them with a tab" if spaced else ""
            raise LabelError(f"{path}:{file_line}: expected 'page<TAB>site'{_csv_hint(row) or hint}.")
        page, site = (unicodedata.normalize("NFC", cell) for cell in cells[:2])
        page = stems.get(page, page)
        if [page.lower(), site.lower()] == ["page", "site"] and page not in labelled:
            # Read as a row, it named a page "page" without a label file.
            raise LabelError(f"{path}:{file_line}: the header page<TAB>site again (two lists pasted into one?); "
                             "delete this line.")
        if sites.get(page, site) != site:
            raise LabelError(
                f"{path}:{file_line}: page {page} is listed at line {where[page]} with site {sites[page]!r}, "
                f"here with {site!r}; list each page once."
            )
        # So would a name typed in another case: one site's pages in two cross-validation folds.
        first, line = spelled.setdefault(site.casefold(), (site, file_line))
        if first != site:
            raise LabelError(f"{path}:{file_line}: site {site!r} is {first!r} of line {line} in another case; "
                             f"{SAME_SITE}.")
        sites[page] = site
        where.setdefault(page, file_line)
    return sites


def _may_be_labels(path: Path, first: str = HEADER[0]) -> bool:
    """Whether a file beside the label files may be a label table saved under another
    name: it starts with the header's first column name (``first``; ``page`` for the
    list of sites; whatever separates the columns: a CSV has commas), or cannot be
    read as text to tell.
    A page put beside its label file instead of in ``pages/`` is not (see
    :func:`load_label_file` for what is said of it).
    """
    try:
        line = read_table(path).partition("\n")[0]
    except (LabelError, OSError):
        return True
    return line.strip().lstrip('"').startswith(first)  # tab-, comma- or semicolon-separated


def _saved_as_stem(path: Path, stems: Collection[str] = ()) -> str:
    """The name of the page (or ``sites``) whose labels a file beside the label files may
    hold: its stem, less a ``.tsv`` kept in it (``p.tsv.txt``: Notepad's Save As names
    ``p.tsv`` so, and so does a rename to ``p.tsv`` where Windows hides the suffix
    ``.txt``), unless the stem is a page's of ``stems`` as it is.

    >>> _saved_as_stem(Path("p.tsv.txt")), _saved_as_stem(Path("p.TSV.xlsx")), _saved_as_stem(Path("p.txt"))
    ('p', 'p', 'p')
    >>> _saved_as_stem(Path("p.tsv.txt"), {"p.tsv"})
    'p.tsv'
    """
    stem = Path(path.stem)
    return stem.stem if stem.suffix.lower() == ".tsv" and path.stem not in stems else path.stem


def cannot_read(exc: OSError, path: str | Path) -> str:
    """What to say of a file (or folder) of a label folder that cannot be read (another
    user's, say): ``exc`` names it, else ``path`` does."""
    return f"{exc.filename or path}: cannot be read ({exc.strerror or exc}); make it readable."


def load_labels(folder: str | Path) -> list[LabelledPage]:
    r"""Every labelled page of a folder, validated, in file-name order (one
    :class:`LabelError` holds the problems of every label file).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "pages").mkdir()
    >>> _ = (folder / "pages" / "p1.txt").write_text("Menu\n\nএকটি অনুচ্ছেদ।\n", encoding="utf-8")
    >>> _ = (folder / "p1.tsv").write_text("line_no\tlabel\trole\ttext\tcomment\n"
    ...     "1\tchrome\tnav\tMenu\t\n3\tbody\tparagraph\tএকটি অনুচ্ছেদ।\t\n", encoding="utf-8")
    >>> [(p.stem, p.site, p.rows["label"].tolist()) for p in load_labels(folder)]
    [('p1', 'p1', ['chrome', 'body'])]
    >>> import shutil; shutil.rmtree(folder)
    """
    folder = Path(folder)
    if folder.is_file():
        raise LabelError(f"{folder} is a file, not a label folder; give the folder that holds the label files "
                         "(<page>.tsv) and pages/.")
    if not folder.is_dir():
        raise LabelError(f"{folder}: no such label folder; check the path.")
    # Excel keeps an owner file ~$p.tsv beside p.tsv while it is open, and LibreOffice a lock
    # file .~lock.p.tsv# (the corrections may be unsaved); macOS writes ._p.tsv (resource
    # data) on other file systems. A suffix in capitals (p.TSV, as some systems write names)
    # is a label file too.
    listed = sorted(folder.iterdir())
    candidates = [p for p in listed if p.suffix.lower() == ".tsv" and p.is_file()]
    owners = sorted([(p, "Excel's owner file", p.name[2:], "Excel") for p in candidates if p.name.startswith("~$")]
                    + [(p, "LibreOffice's lock file", p.name[7:-1], "LibreOffice") for p in listed
                       if p.name.startswith(".~lock.") and p.name.endswith("#") and p.name[7:-1].lower().endswith(".tsv")])
    if owners:
        raise LabelError("\n".join(
            f"{owner}: {what}: {name} is open in {program}; save your corrections and close it (if {program} is "
            "closed, the file is left over: delete it)." for owner, what, name, program in owners
        ))
    tsvs = [p for p in candidates if p.name.lower() != SITES_FILE and not p.name.startswith("._")]
    # Moved into pages/, a label file is passed over, and its page left out of training.
    misplaced = sorted(p for p in (folder / "pages").glob("*") if p.suffix.lower() == ".tsv" and p.is_file()
                       and not p.name.startswith(("._", "~$")))
    if misplaced:
        raise LabelError("\n".join(
            f"{p}: {'the list of sites' if p.name.lower() == SITES_FILE else 'a label file'} in pages/, where only "
            f"pages are read; move it to {folder}." for p in misplaced))
    twice = sorted(stem for stem, n in Counter(p.stem for p in tsvs).items() if n > 1)
    if twice:
        names = ", ".join(p.name for p in tsvs if p.stem == twice[0])
        raise LabelError(f"{folder}: page {twice[0]} has two label files ({names}); keep one.")
    if not tsvs:
        pages = folder / "pages"
        if any(pages.glob("*.txt")):
            raise LabelError(f"{folder}: no label files (*.tsv), only pages; write them with boilerplate label "
                             f"{shell_path(pages)}/*.txt --out {shell_path(folder)}, then correct them.")
        raise LabelError(f"{folder}: no label files (*.tsv) found; a label folder holds <page>.tsv files and "
                         "the pages in pages/, as boilerplate label PAGE... --out DIR writes them.")
    # Saved with "Save As", a spreadsheet names the file after its format (Excel's
    # "Unicode Text" p.txt, LibreOffice's CSV p.csv): the corrections would sit beside
    # the label file, unread, and the model would learn the uncorrected labels.
    labelled = {p.stem for p in tsvs}
    stems = {p.stem for p in (folder / "pages").glob("*.txt")} | labelled
    saved_as = sorted(p for p in folder.glob("*") if p.suffix.lower() in WORKBOOKS
                      or (p.suffix.lower() in SAVED_AS and p.is_file()))
    copies = [(p, _saved_as_stem(p, stems)) for p in saved_as]
    copies = [(p, stem) for p, stem in copies if stem in stems and (p.suffix.lower() in WORKBOOKS or _may_be_labels(p))]
    if copies:
        raise LabelError("\n".join(
            f"{copy}: labels of page {stem} saved under another name? Only {stem}.tsv is read; "
            f"save your corrections as {stem}.tsv (tab-separated), then remove {copy.name}." for copy, stem in copies
        ))
    # sites.tsv saved so: passed over, every page would be a site of its own.
    lists = [p for p in saved_as if _saved_as_stem(p).lower() == Path(SITES_FILE).stem
             and (p.suffix.lower() in WORKBOOKS or _may_be_labels(p, "page"))]
    if lists:
        raise LabelError(f"{lists[0]}: the list of sites saved under another name? Only {SITES_FILE} is read; save it "
                         f"as {SITES_FILE} (tab-separated), then remove {lists[0].name}.")
    sites = _read_sites(folder, labelled)
    unknown = sorted(set(sites) - labelled)
    if unknown:
        suffixed = [page for page in unknown
                    if Path(page).suffix.lower() in (".txt", ".tsv") and Path(page).stem in labelled]
        named = [f"{page} is {Path(page).stem}" for page in suffixed]
        hint = f"; name a page without its suffix ({', '.join(named)})" if named else ""
        # A page of pages/ whose label file is not written (or was removed), or a name of no page here:
        # a typo, or a page of another label folder, whose own sites.tsv lists it.
        unlabelled = [page for page in unknown if page not in suffixed and (folder / "pages" / f"{page}.txt").is_file()]
        if unlabelled:
            hint += (f"; write the label file{'s' if len(unlabelled) > 1 else ''} of {', '.join(unlabelled)} with "
                     f"boilerplate label {' '.join(shell_path(folder / 'pages' / f'{page}.txt') for page in unlabelled)}"
                     f" --out {shell_path(folder)}, then correct {'them' if len(unlabelled) > 1 else 'it'}, or "
                     f"remove {'their rows' if len(unlabelled) > 1 else 'its row'}")
        strangers = [page for page in unknown if page not in suffixed and page not in unlabelled]
        if strangers:
            one = len(strangers) == 1
            hint += (f"; {', '.join(strangers)} {'is no page' if one else 'are no pages'} of {folder}: correct "
                     f"the name{'' if one else 's'} or remove {'its row' if one else 'their rows'} (a page of "
                     f"another label folder goes in that folder's {SITES_FILE}: a site named alike in both is one site)")
        raise LabelError(f"{_sites_path(folder)}: pages without label files: {', '.join(unknown)}{hint}.")
    pages, problems = [], []
    for tsv in tsvs:  # every file's problems at once, as every row's
        try:
            pages.append(load_label_file(tsv, _page_path(folder, tsv.stem), sites.get(tsv.stem)))
        except LabelError as exc:
            problems.append(str(exc))
        except OSError as exc:  # its page's too
            problems.append(cannot_read(exc, tsv))
    if problems:
        raise LabelError("\n".join(problems))
    return pages


def _labelled_stems(folder: Path) -> set[str]:
    """The names of the pages that have a label file in ``folder`` (its suffix in any case, as :func:`load_labels` reads it),
    in NFC: a page's name in another normalization form than its label file's is its page (:func:`_page_path`)."""
    return {unicodedata.normalize("NFC", p.stem) for p in folder.iterdir() if p.suffix.lower() == ".tsv"}


def _page_path(folder: Path, stem: str) -> Path:
    """The page of the label file ``<stem>.tsv`` in ``folder``: ``pages/<stem>.txt``, or the one page there
    whose name is ``stem`` in another Unicode normalization form (a file named on macOS, NFD, beside one
    named elsewhere, NFC: the two look alike)."""
    page = folder / "pages" / f"{stem}.txt"
    if page.is_file() or not (folder / "pages").is_dir():
        return page
    alike = [q for q in (folder / "pages").glob("*.txt")
             if unicodedata.normalize("NFC", q.stem) == unicodedata.normalize("NFC", stem) and q.is_file()]
    return alike[0] if len(alike) == 1 else page


def unlabelled_pages(folders: Sequence[str | Path]) -> list[Path]:
    r"""The pages in each folder's ``pages/`` that have no label file there: :func:`load_labels`
    leaves them out, so ``train.py`` and ``boilerplate evaluate`` say which (:func:`unlabelled_note`).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "pages").mkdir()
    >>> for stem in ("a", "b"):
    ...     _ = (folder / "pages" / f"{stem}.txt").write_text("Menu\n", encoding="utf-8")
    >>> _ = (folder / "a.tsv").write_text("line_no\tlabel\trole\ttext\n1\tchrome\tnav\tMenu\n", encoding="utf-8")
    >>> [p.name for p in unlabelled_pages([folder])]
    ['b.txt']
    >>> import shutil; shutil.rmtree(folder)
    """
    out: list[Path] = []
    for folder in map(Path, folders):
        labelled = _labelled_stems(folder)  # macOS's ._p and Excel's ~$p in pages/ are no pages
        out += sorted(p for p in (folder / "pages").glob("*.txt")
                      if unicodedata.normalize("NFC", p.stem) not in labelled and not p.name.startswith(("._", "~$")))
    return out


def unlabelled_note(folders: Sequence[str | Path]) -> str | None:
    """What to tell of :func:`unlabelled_pages` (``None``: every page has its label file):
    how many were left out, and the command that writes their label files."""
    pages = unlabelled_pages(folders)
    if not pages:
        return None
    one = len(pages) == 1
    what = "1 page without a label file is" if one else f"{len(pages)} pages without a label file are"
    it, files = ("it", "its label file") if one else ("them", "their label files")
    commands = [f"boilerplate label {' '.join(shell_path(p) for p in pages if p.parent.parent == folder)} "
                f"--out {shell_path(folder)}" for folder in dict.fromkeys(p.parent.parent for p in pages)]
    return (f"{what} left out ({', '.join(p.name for p in pages[:5])}{', …' if len(pages) > 5 else ''}); to train "
            f"on {it}, write {files} with {' and '.join(commands)}, then correct {it}.")


def load_label_folders(folders: Sequence[str | Path]) -> list[LabelledPage]:
    r"""Every labelled page of several folders (:func:`load_labels` of each, in order),
    as ``train.py`` and ``boilerplate evaluate`` read their ``--labels``.

    A page name that more than one folder holds (``index`` in two folders) is a
    different page in each: those pages are named ``<folder>/<name>``, and one that
    its folder's ``sites.tsv`` does not list is a site of its own, as in one folder.
    A site that two folders' ``sites.tsv`` name alike is one site (named in another
    case, it raises :class:`LabelError`). A folder given
    twice, or one page labelled twice (the same lines, in two folders or under two
    names), raises :class:`LabelError`.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> for name, menu in (("a", "Menu"), ("b", "Home")):
    ...     (tmp / name / "pages").mkdir(parents=True)
    ...     _ = (tmp / name / "pages" / "index.txt").write_text(f"{menu}\n", encoding="utf-8")
    ...     _ = (tmp / name / "index.tsv").write_text(f"line_no\tlabel\trole\ttext\n1\tchrome\tnav\t{menu}\n", encoding="utf-8")
    >>> [(p.stem == p.site, Path(p.stem).relative_to(tmp).as_posix()) for p in load_label_folders([tmp / "a", tmp / "b"])]
    [(True, 'a/index'), (True, 'b/index')]
    >>> import shutil; shutil.rmtree(tmp)
    """
    if isinstance(folders, (str, os.PathLike)):  # not read letter by letter
        raise TypeError(f"load_label_folders takes a list of label folders, not one {type(folders).__name__}; "
                        "pass [folder].")
    resolved = [Path(folder).resolve() for folder in folders]
    for i, folder in enumerate(folders):
        if resolved[i] in resolved[:i]:
            raise LabelError(f"{folder}: this label folder is given twice; give each folder once "
                             "(twice, its pages would count twice).")
    loaded, problems = [], []
    for folder in folders:  # every folder's problems at once
        try:
            loaded.append((Path(folder), load_labels(folder)))
        except LabelError as exc:
            problems.append(str(exc))
        except OSError as exc:  # the folder, or its sites.tsv
            problems.append(cannot_read(exc, folder))
    if problems:
        raise LabelError("\n".join(problems))
    # One page labelled twice (labels/pages labelled again into a folder of one's own, a
    # folder trained beside its copy): each copy is a site of its own unless sites.tsv
    # says otherwise, so cross-validation tested the page on a model trained on its copy.
    # A copy saved by an editor that trims the ends of lines, or in CRLF or NFD, is the same page.
    first: dict[tuple[str, ...], Path] = {}
    for folder, pages in loaded:
        for page in pages:
            path = folder / "pages" / f"{page.stem}.txt"
            text = tuple(unicodedata.normalize("NFC", strip_line(line)) for line in page.lines if not is_blank(line))
            if text and first.setdefault(text, path) != path:
                problems.append(f"{path}: the same page as {first[text]}; keep one of them and its label file "
                                "(twice, its lines would count twice, and cross-validation would test it on its copy).")
    if problems:
        raise LabelError("\n".join(problems))
    # A site named alike in two folders' sites.tsv is one site; named in another case, it was two.
    listed = [_read_sites(folder, {page.stem for page in pages}) for folder, pages in loaded]
    spelled: dict[str, tuple[str, Path | None]] = {}
    for (folder, _), sites in zip(loaded, listed):
        for site in dict.fromkeys(sites.values()):
            known, where = spelled.setdefault(site.casefold(), (site, _sites_path(folder)))
            if known != site:
                problems.append(f"{_sites_path(folder)}: site {site!r} is {known!r} of {where} in another case; "
                                f"{SAME_SITE}.")
    if problems:
        raise LabelError("\n".join(problems))
    count = Counter(page.stem for _, pages in loaded for page in pages)
    out = []
    for (folder, pages), sites in zip(loaded, listed):
        for page in pages:
            if count[page.stem] > 1:
                name = (folder / page.stem).as_posix()
                page = replace(page, stem=name, site=page.site if page.stem in sites else name)
            out.append(page)
    return out


def labels_frame(pages: list[LabelledPage]) -> pd.DataFrame:
    """All rows of the pages as one frame with ``page`` and ``site`` columns."""
    import pandas as pd

    frames = [p.rows.assign(page=p.stem, site=p.site) for p in pages]
    return pd.concat(frames, ignore_index=True)


def label_folder_holding(path: str | Path, folders: Sequence[str | Path]) -> str | Path | None:
    """The first of the label ``folders`` that ``path`` is or lies inside, as given, else ``None``.

    A model or a report written there would change the folder whose sha256
    (:func:`folder_hash`) a model's receipt records: ``train.py --model-dir`` and
    ``boilerplate evaluate --out`` refuse such a folder.

    >>> label_folder_holding("my_labels/model", ["labels", "my_labels"]), label_folder_holding("models", ["labels"])
    ('my_labels', None)
    """
    target = Path(path).resolve()
    return next((folder for folder in folders if Path(folder).resolve() in (target, *target.parents)), None)


def folder_hash(folder: str | Path) -> str:
    """sha256 over the names and bytes of every file in a label folder.

    The receipt of a model records it, so anyone can tell which labels made it.
    """
    folder = Path(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _text_cell(text: str) -> str:
    r"""A line escaped for the text column, and quoted when it starts with a double quote:
    a spreadsheet or :mod:`csv` reader would take that quote for the start of a quoted
    cell and drop it.

    >>> import csv
    >>> next(csv.reader([_text_cell('"Quoted" headline')])), _text_cell('A "quoted" word')
    (['"Quoted" headline'], 'A "quoted" word')
    """
    cell = escape(text)
    return '"' + cell.replace('"', '""') + '"' if cell.startswith('"') else cell


def write_label_file(path: Path, lines: list[str], labels: list[str], roles: list[str] | None = None) -> None:
    """Write a label file for the non-blank ``lines``, with ``labels`` (and roles) in order:
    one of each per non-blank line, else ``ValueError``, and nothing is written."""
    path.write_text(label_file_text(lines, labels, roles), encoding="utf-8")


def label_file_text(lines: list[str], labels: list[str], roles: list[str] | None = None) -> str:
    """What :func:`write_label_file` writes (``ValueError`` for as many labels or roles as it refuses)."""
    non_blank = [(i, strip_line(line)) for i, line in enumerate(lines, 1) if not is_blank(line)]
    if len(labels) != len(non_blank):
        raise ValueError(f"{len(labels)} labels for {len(non_blank)} non-blank lines.")
    if roles is not None and len(roles) != len(non_blank):
        raise ValueError(f"{len(roles)} roles for {len(non_blank)} non-blank lines.")
    roles = roles or [""] * len(labels)
    out = ["\t".join(HEADER + ("comment",))]
    out += [f"{i}\t{lab}\t{role}\t{_text_cell(text)}\t" for (i, text), lab, role in zip(non_blank, labels, roles)]
    return "\n".join(out) + "\n"
