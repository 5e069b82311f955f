"""The built wheel carries the model: clean() works from any folder, with no warning; and
pyproject.toml says what is true: the Python, the dependency floors, what the sdist holds."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr}")
    (path,) = out.glob("boilerplate-*.whl")
    return path


def test_wheel_holds_the_model_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"boilerplate/models/boilerplate.joblib", "boilerplate/models/receipt.json", "boilerplate/py.typed"} <= names
    assert not any(n.startswith(("labels/", "tests/")) for n in names)


def test_wheel_metadata_has_the_package_version_and_the_command(wheel):
    # The version is written once, in boilerplate/__init__.py; pyproject.toml's
    # [tool.hatch.version] reads it from there into the wheel's metadata.
    import boilerplate

    with zipfile.ZipFile(wheel) as whl:
        (info,) = {name.split("/")[0] for name in whl.namelist() if ".dist-info/" in name}
        metadata = whl.read(f"{info}/METADATA").decode("utf-8")
        entry_points = whl.read(f"{info}/entry_points.txt").decode("utf-8")
    assert info == f"boilerplate-{boilerplate.__version__}.dist-info"
    assert f"\nVersion: {boilerplate.__version__}\n" in metadata
    assert "boilerplate = boilerplate.cli:main" in entry_points.splitlines()


def test_wheel_carries_the_license_text(wheel):
    # pyproject.toml says MIT; the MIT license asks that its text go with every copy.
    with zipfile.ZipFile(wheel) as whl:
        licenses = [name for name in whl.namelist() if name.rsplit("/", 1)[-1] == "LICENSE"]
        assert licenses and whl.read(licenses[0]) == (REPO / "LICENSE").read_bytes()


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The python of a new virtual environment with the wheel installed."""
    env = tmp_path_factory.mktemp("installed") / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    # Reuse this environment's scikit-learn, pandas … (a .pth line comes after the
    # new environment's own site-packages, so the installed wheel wins).
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    (Path(purelib) / "_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # --force-reinstall: where this environment has boilerplate installed (not editable: CI's
    # pip install '.[test]'), pip found the wheel's version there, through the .pth line, and
    # installed nothing ("already installed with the same version"), so that the tests below
    # ran on, and took the model out of, this environment's package. pip uninstalls nothing
    # outside the new environment.
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    where = subprocess.run([python, "-c", "import boilerplate; print(boilerplate.__file__)"], capture_output=True, text=True,
                           check=True, cwd=env, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout
    return python


def run_installed(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Without PYTHONPATH: a checkout named there would be imported instead of the installed wheel.
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([python, "-W", "error", "-c", code], cwd=cwd, capture_output=True, text=True, env=clean_env)


def test_installed_package_cleans_from_another_folder_without_warnings(installed, tmp_path):
    page = REPO / "labels" / "pages" / "001_2e830d144a0854b1.txt"
    code = (
        "import boilerplate, pathlib, sys;"
        "assert 'site-packages' in boilerplate.__file__, boilerplate.__file__;"
        f"out = boilerplate.clean(pathlib.Path({str(page)!r}).read_text(encoding='utf-8'));"
        "print(len(out.splitlines()))"
    )
    run = run_installed(installed, code, tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert int(run.stdout) > 10


def test_an_installed_package_whose_model_is_gone_says_to_reinstall(installed, tmp_path):
    # It looked for models/ beside the package, as in a checkout: the error named
    # site-packages/models/boilerplate.joblib and said to run train.py, which an
    # installed package does not have.
    where = run_installed(installed, "import boilerplate.model as m; print(m._installed_model_dir())", tmp_path)
    models = Path(where.stdout.strip())
    (models / "boilerplate.joblib").rename(tmp_path / "aside.joblib")
    try:
        run = run_installed(installed, "import boilerplate; boilerplate.clean('a page')", tmp_path)
        assert run.returncode == 1
        message = run.stderr.strip().splitlines()[-1]
        assert message == (
            f"boilerplate.model.ModelError: {models / 'boilerplate.joblib'}: no model file there (expected a "
            "boilerplate.joblib written by train.py, with its receipt.json beside it); reinstall boilerplate (pip install "
            "--force-reinstall --no-deps . in its checkout) to restore the shipped model."
        )
        # Followed as printed, in the checkout, with the environment's pip: the model is back. ("pip install
        # --force-reinstall from its checkout" was told, and pip install --force-reinstall names nothing to install.)
        command = shlex.split(message.partition("reinstall boilerplate (")[2].partition(" in its checkout)")[0])
        assert command[:2] == ["pip", "install"]
        done = subprocess.run([installed, "-m", *command, "-q"], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert (models / "boilerplate.joblib").is_file()
        assert run_installed(installed, "import boilerplate; boilerplate.clean('a page')", tmp_path).returncode == 0
    finally:
        if not (models / "boilerplate.joblib").exists():
            (tmp_path / "aside.joblib").rename(models / "boilerplate.joblib")


PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def floor(name: str, requirements: list[str] = PROJECT["dependencies"]) -> Version:
    """The lowest version of ``name`` that ``requirements`` (the dependencies) admit."""
    (requirement,) = [r for r in map(Requirement, requirements) if r.name == name]
    return max(Version(s.version) for s in requirement.specifier if s.operator in (">=", "=="))


def test_requires_python_admits_no_python_the_pinned_scikit_learn_refuses():
    # scikit-learn is pinned to the minor release the model was saved with: on a Python
    # that release refuses, pip install finds no scikit-learn and fails.
    ours = SpecifierSet(PROJECT["requires-python"])
    theirs = SpecifierSet(importlib.metadata.metadata("scikit-learn")["Requires-Python"] or "")
    refused = [v for v in (f"3.{minor}" for minor in range(8, 16)) if v in ours and v not in theirs]
    assert refused == [], f"requires-python {ours} admits {refused}, which scikit-learn {theirs} refuses"


def test_sdist_holds_the_files_the_readme_links_to():
    # The sdist carries tests/, and tests/test_labels.py reads LABELING.md; the README
    # links to it and to reports/. (pip cannot build an sdist, so the include list is read.)
    include = set(PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    linked = {target.split("/")[0] for target in re.findall(r"\]\(([^)#:]+)\)", readme)}
    assert "LABELING.md" in linked
    assert linked - include == set()


def test_the_readme_installs_the_clone_editable_before_boilerplate_evaluate():
    # pip install . copies the package into site-packages, away from the clone's labels/
    # and reports/, and boilerplate evaluate then refuses to run without --labels and --out.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in readme.split("```")[1::2] if "\nboilerplate evaluate " in b]
    installs = [line for line in block.splitlines() if line.startswith("pip install")]
    assert installs and all(line.startswith("pip install -e ") for line in installs), installs


def test_the_numpy_floor_can_read_the_shipped_model():
    # The model is a pickle: saved under NumPy 2 it names numpy._core, which NumPy reads
    # from 1.26.1 on (1.26.0 and older: load_model fails with "No module named 'numpy._core'").
    receipt = json.loads((REPO / "models" / "receipt.json").read_text(encoding="utf-8"))
    if Version(receipt["versions"]["numpy"]).major >= 2:
        assert floor("numpy") >= Version("1.26.1")


def test_no_floor_is_below_the_one_scikit_learn_sets():
    # A floor below scikit-learn's own can never be installed, so was never tested.
    theirs = {r.name: r for r in map(Requirement, importlib.metadata.requires("scikit-learn"))
              if r.marker is None}
    ours = {Requirement(r).name for r in PROJECT["dependencies"]} & set(theirs)
    assert ours >= {"numpy", "joblib", "threadpoolctl"}
    below = {name: (str(floor(name)), str(theirs[name].specifier)) for name in ours
             if not all(floor(name) >= Version(s.version) for s in theirs[name].specifier if s.operator == ">=")}
    assert below == {}


def test_the_parquet_extra_installs_a_pyarrow_that_has_what_the_readers_call():
    # boilerplate.readers calls pyarrow.types.is_string_view, new in pyarrow 16: with
    # pyarrow 14 or 15, clean --parquet stopped with an AttributeError and a traceback.
    assert "is_string_view" in (REPO / "boilerplate" / "readers.py").read_text(encoding="utf-8")
    assert floor("pyarrow", PROJECT["optional-dependencies"]["parquet"]) >= Version("16")
