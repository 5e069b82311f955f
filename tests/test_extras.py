"""The install commands in the messages for a missing extra name its packages, not
``boilerplate[extra]``: PyPI's ``boilerplate`` is another project."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib

import pytest

from boilerplate.extras import install_command

from .conftest import REPO

EXTRAS = ("parquet", "dask", "peers", "report")


def _normal(requirement: str) -> tuple[str, list[str]]:
    """A requirement's name (``_`` as ``-``, lower case) and its version bounds, sorted:
    metadata may write pyproject's ``<4,>=3`` as ``>=3,<4``.

    >>> _normal("lxml_html_clean >= 0.1"), _normal("justext<4,>=3")
    (('lxml-html-clean', ['>=0.1']), ('justext', ['<4', '>=3']))
    """
    name, bounds = re.fullmatch(r"([^<>=!~]+)(.*)", requirement.replace(" ", "")).groups()
    return name.replace("_", "-").lower(), sorted(filter(None, bounds.split(",")))


@pytest.mark.parametrize("extra", EXTRAS)
def test_the_command_installs_what_pyproject_lists_for_the_extra(extra):
    listed = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    command = shlex.split(install_command(extra))
    assert command[:2] == ["pip", "install"] and not any("boilerplate" in word for word in command)
    assert sorted(map(_normal, command[2:])) == sorted(map(_normal, listed[extra]))


def test_the_messages_for_a_missing_extra_give_the_command():
    # Before, each said pip install 'boilerplate[...]', which on a machine without this
    # project installs PyPI's unrelated boilerplate.
    from boilerplate import dask as bdask
    from boilerplate.evaluate import JUSTEXT_MISSING
    from boilerplate.report import MATPLOTLIB_MISSING

    assert install_command("dask") in bdask._MISSING
    assert install_command("peers") in JUSTEXT_MISSING
    assert install_command("report") in MATPLOTLIB_MISSING
    code = ("import sys; sys.modules['pyarrow'] = sys.modules['pyarrow.parquet'] = None; "
            "from boilerplate.cli import main; sys.exit(main(['clean', '--parquet', 'x.parquet']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 2 and f"Parquet needs pyarrow: {install_command('parquet')}." in out.stderr


def test_without_the_projects_metadata_the_command_installs_from_the_checkout(monkeypatch):
    from importlib import metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "requires", missing)
    assert install_command("parquet") == "pip install '.[parquet]' in this project's checkout"


def _with_requires(monkeypatch, requires):
    from importlib import metadata

    monkeypatch.setattr(metadata, "requires", lambda name: requires)


def test_each_package_is_quoted_as_metadata_names_it_without_the_space_before_its_marker(monkeypatch):
    _with_requires(monkeypatch, ["numpy>=1.26", "pyarrow>=16 ; extra == 'parquet'", "lxml-html-clean>=0.1; extra == 'peers'"])
    assert install_command("parquet") == "pip install 'pyarrow>=16'"
    assert install_command("peers") == "pip install 'lxml-html-clean>=0.1'"


def test_markers_are_read_however_the_build_backend_wrote_them(monkeypatch):
    _with_requires(monkeypatch, ['a>=1; extra == "parquet"', "b>=2; extra=='parquet'", 'c>=3; python_version >= "3.11" and extra  ==  "parquet"'])
    assert shlex.split(install_command("parquet"))[2:] == ["a>=1", "b>=2", "c>=3"]


def test_an_extra_with_no_package_listed_gets_the_checkout_command_not_a_bare_pip_install(monkeypatch):
    # metadata.requires gives None for a distribution that lists no requirement at all
    _with_requires(monkeypatch, None)
    assert install_command("parquet") == "pip install '.[parquet]' in this project's checkout"
    _with_requires(monkeypatch, ["numpy>=1.26", "pyarrow>=16; extra == 'parquet'"])
    assert install_command("report") == "pip install '.[report]' in this project's checkout"
