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

    >>> shell_path(Path("-a.txt")), shell_path(Path("my page.txt")), shell_path("/tmp/-a.txt")
    ('./-a.txt', "'my page.txt'", '/tmp/-a.txt')
    """
    text = str(path)
    return shlex.quote("./" + text if text.startswith("-") else text)
