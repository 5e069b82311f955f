"""Whether an output folder can be made and written in, asked before any work starts.

``boilerplate clean --out``, ``boilerplate label --out`` and ``train.py --model-dir``
make their folder if it is missing; a file in its place or above it, a folder
that cannot be written in, or a folder to make whose name is longer than the file
system takes, would otherwise fail only at the first write, after the whole run.
Each command words the problem in its own message. Also :func:`path_argument`, the
options' type that refuses an empty path, and :func:`write_whole`, which writes files
there whole (``boilerplate label``'s pages and label files, ``boilerplate evaluate``'s report).
"""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple


class FolderProblem(NamedTuple):
    """Why a folder cannot be an output folder.

    ``kind`` is ``"not a folder"`` (the path itself is a file), ``"under a file"``
    (``where``, above it, is a file, so it cannot be made), ``"not writable"``
    (``where``, the folder or the nearest one above it that exists, cannot be
    written in; ``why`` says whether the file system is read-only) or ``"name too
    long"`` (``where``, a folder to be made, has a name longer than the file system
    takes; ``why`` gives both lengths).
    """

    kind: str
    where: Path
    why: str = ""

    @property
    def shown(self) -> str:
        """``where`` as a message shows it: a name longer than 24 characters cut to its first 20 and "…"."""
        name = str(self.where)
        return name if len(name) <= 24 else name[:20] + "…"

    def message(self, option: str, folder: Path) -> str:
        """The problem with ``option``'s ``folder``, saying what to do (no full stop at the end).

        >>> FolderProblem("under a file", Path("a")).message("--model-dir", Path("a/m"))
        '--model-dir a/m: a is a file, not a folder; name another --model-dir'
        >>> FolderProblem("not writable", Path("a"), "no write permission").message("--out", Path("a/b/c"))
        '--out a/b/c: cannot write in a (no write permission); name a folder you can write to'
        >>> FolderProblem("not writable", Path("/mnt"), "the file system is read-only").message("--model-dir", Path("/mnt/m"))
        '--model-dir /mnt/m: cannot write in /mnt (the file system is read-only); name a folder you can write to'
        >>> FolderProblem("name too long", Path("b" * 300), "300 bytes, at most 255").message("--out", Path("b" * 300))[306:]
        ': the name bbbbbbbbbbbbbbbbbbbb… is longer than the file system takes (300 bytes, at most 255); name a shorter --out'
        """
        if self.kind == "name too long":
            return (f"{option} {folder}: the name {self.shown} is longer than the file system takes ({self.why}); "
                    f"name a shorter {option}")
        if self.kind == "not a folder":
            return f"{option} {folder} is a file; name a folder (it is made if missing)"
        if self.kind == "under a file":
            return f"{option} {folder}: {self.where} is a file, not a folder; name another {option}"
        why = f" ({self.why})" if self.why else ""
        return f"{option} {folder}: cannot write in {self.where}{why}; name a folder you can write to"


def nearest_existing(path: Path) -> Path:
    """``path`` itself when it exists (a dangling symlink counts), else the nearest folder above it that does."""
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def folder_problem(folder: Path) -> FolderProblem | None:
    """What stops ``folder`` from being made (if missing) and written in; ``None`` when nothing does.

    What is checked is the folder itself, or when it does not exist yet the nearest
    folder above it, where it will be made (a dangling symlink counts as there).
    Permissions are asked with ``os.access``, which says yes to root (as the system
    does), except on a read-only file system.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> (tmp / "f").write_text("x") and None
    >>> folder_problem(tmp / "new" / "sub"), folder_problem(tmp / "f").kind, folder_problem(tmp / "f" / "sub").kind
    (None, 'not a folder', 'under a file')
    >>> folder_problem(tmp / "new" / ("x" * 256)).why
    '256 bytes, at most 255'
    """
    here = nearest_existing(folder)
    if not here.is_dir():
        return FolderProblem("not a folder" if here == folder else "under a file", here)
    if not os.access(here, os.W_OK | os.X_OK):
        try:
            read_only = bool(os.statvfs(here).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):  # no statvfs (Windows)
            read_only = False
        return FolderProblem("not writable", here, "the file system is read-only" if read_only else "no write permission")
    try:
        longest = os.pathconf(here, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such limit, or no pathconf (Windows)
        longest = None
    if here != folder and longest is not None and longest > 0:
        # The folders to be made: a name too long would fail only at the first write, after the work.
        for name in folder.relative_to(here).parts:
            if (size := len(os.fsencode(name))) > longest:
                return FolderProblem("name too long", Path(name), f"{size} bytes, at most {longest}")
    return None


def path_argument(value: str) -> Path:
    """A path given to an option, refused when empty: ``Path("")`` is the current folder, and
    an empty value is most often an unset variable (``--model-dir "$DIR"``).

    >>> path_argument("")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: an empty path (an unset variable?); name a file or folder.
    """
    if not value:
        raise argparse.ArgumentTypeError("an empty path (an unset variable?); name a file or folder.")
    return Path(value)


def write_whole(files: Mapping[Path, bytes]) -> None:
    """Write each of ``files`` (path: bytes) as ``NAME.part`` beside it, then rename them all
    into place once all are complete: an error (a full disk) or a stop (Ctrl-C) while they
    are written leaves the files there as they were, and no ``.part`` file. A stop as they
    are renamed leaves each file whole, some new and some as they were.

    A path that is a symbolic link is written where it points, the link kept; a file
    written anew keeps the mode of the one it replaces. An ``OSError`` names the file
    meant, not its ``.part`` (a full disk's names none).
    """
    targets = {path: path.resolve() for path in files}
    parts = {path: target.with_name(f"{target.name}.part") for path, target in targets.items()}
    path = None
    try:
        for path, data in files.items():
            parts[path].write_bytes(data)
            if targets[path].is_file():
                shutil.copymode(targets[path], parts[path])
        for path, part in parts.items():
            part.replace(targets[path])
    except BaseException as exc:
        for part in parts.values():
            part.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None and path is not None:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
