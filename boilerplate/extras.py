"""The packages of the optional extras, for the messages that say how to install them.

The extras' names are not a safe install command: ``pip install 'boilerplate[parquet]'``
on a machine without this project fetches PyPI's ``boilerplate``, an unrelated
project. :func:`install_command` names the packages themselves, as this
installation's metadata (``pyproject.toml``'s optional dependencies) lists them.
"""

from __future__ import annotations

import re
import shlex
from importlib import metadata

DISTRIBUTION = "boilerplate"


def install_command(extra: str) -> str:
    """The ``pip install`` command for the packages that ``extra`` adds.

    >>> install_command("report")  # doctest: +ELLIPSIS
    "pip install 'matplotlib>=...'"

    Without this project's metadata (its source run uninstalled), it is the extra
    installed from the project's checkout.
    """
    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        requires = []
    marker = re.compile(rf"""\bextra\s*==\s*["']{re.escape(extra)}["']""")
    packages = [r.partition(";")[0].strip() for r in requires if marker.search(r.partition(";")[2])]
    if not packages:
        return f"pip install '.[{extra}]' in this project's checkout"
    return "pip install " + " ".join(shlex.quote(p) for p in packages)
