"""Paths as the commands that messages print give them: pasted into a shell, such a
command names the file meant and overwrites none.

Kept apart from :mod:`boilerplate.planning`, whose advice most of them are, so that
:mod:`boilerplate.model` and :mod:`boilerplate.labels` can word theirs without it.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path


def unused_name(path: Path) -> Path:
    """``path``, or, when something of that name is there, the first of ``<stem>.1<suffix>``,
    ``<stem>.2<suffix>``, … that is free: where advice may tell a command to write (``> FILE``)
    without overwriting a file. The name keeps its last suffix, which tells a run its kind.

    >>> unused_name(Path("/no/such/folder/a.jsonl"))
    PosixPath('/no/such/folder/a.jsonl')
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / "a.jsonl").touch()
    ...     unused_name(Path(folder) / "a.jsonl").name
    'a.1.jsonl'
    """
    candidate, n = path, 0
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
    return candidate


def shell_path(path: Path | str) -> str:
    """``path`` as a file operand of a shell command: quoted, and ``./`` put before a
    relative path that starts with ``-``, which the command would take for an option.

    A name's bytes that are not UTF-8 (which Python reads as the lone surrogates
    U+DC80–U+DCFF, :func:`os.fsdecode`) are spelt ``\\xHH`` in ``$'…'`` quotes (bash's,
    zsh's and POSIX.1-2024's), which give the shell those bytes: printed as they are, they
    show as ``\\udcff`` and, pasted, name another file.

    >>> shell_path(Path("-a.txt")), shell_path(Path("my page.txt")), shell_path("/tmp/-a.txt")
    ('./-a.txt', "'my page.txt'", '/tmp/-a.txt')
    >>> print(shell_path(os.fsdecode(b"in/caf\\xe9's page.txt")))
    $'in/caf\\xe9\\'s page.txt'
    """
    text = str(path)
    if text.startswith("-"):
        text = "./" + text
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return shlex.quote(text)
    return "$'" + "".join(map(_dollar_quoted, text)) + "'"


def _dollar_quoted(ch: str) -> str:
    """One character of a name as ``$'…'`` quotes spell it: a byte that is not UTF-8 (a lone
    surrogate of :func:`os.fsdecode`) and a control character as ``\\xHH``, ``\\`` and ``'``
    escaped, anything else as it is."""
    if "\udc80" <= ch <= "\udcff":
        return f"\\x{ord(ch) - 0xDC00:02x}"
    if ch in "\\'":
        return "\\" + ch
    if ch < " " or ch == "\x7f":
        return f"\\x{ord(ch):02x}"
    return ch
