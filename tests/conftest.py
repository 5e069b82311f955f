"""Shared fixtures: the repository's paths and tiny label folders built per test."""

from __future__ import annotations

import importlib.util
import errno
import os
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "labels"


@pytest.fixture(autouse=True, scope="session")
def _subprocesses_import_this_checkout():
    """The commands the tests start (``python -m boilerplate``, ``python -c``) import this
    checkout, as the tests themselves do, whatever the current folder: else, run from
    another folder or with ``cwd=tmp_path``, they imported the boilerplate installed in
    the environment (another checkout's, installed with ``pip install -e``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
        yield


@pytest.fixture
def sigint_raises():
    """SIGINT raises KeyboardInterrupt during the test, as in a terminal. A process started
    with SIGINT ignored keeps it ignored (Python installs its handler only where it is not):
    a background job of a non-interactive shell, ``nohup``. A test that sends itself
    SIGINT to stand for Ctrl-C would then see nothing happen."""
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def output_names(folder: Path) -> list[str]:
    """The names in a folder of outputs, sorted, less the manifest that says which run
    made each (``runner.MANIFEST``)."""
    from boilerplate.runner import MANIFEST

    return sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)


def stopped_while_writing(args: list[str], blocked: Path, written: Path, signum: int, cwd: Path = REPO) -> tuple[int, str]:
    """Run the command ``args`` and send it ``signum`` while it writes its files whole: a named
    pipe put at ``blocked`` (a ``NAME.part`` it writes) holds it in ``open`` there, where no
    reader comes, and the signal is sent once ``written`` (a ``NAME.part`` it writes before,
    in the same write) is there. Its exit code and standard error."""
    import signal
    import subprocess
    import tempfile
    import time

    os.mkfifo(blocked)
    with tempfile.TemporaryFile() as err:  # a file: no pipe to keep read
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        try:
            deadline = time.monotonic() + 120
            while not os.path.lexists(written) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if proc.poll() is not None or not os.path.lexists(written):
                err.seek(0)
                pytest.fail(f"the command ended, or did not get there: {err.read().decode('utf-8', 'replace')}")
            proc.send_signal(signum)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:  # the signal did not end it: leave nothing behind, then fail
                proc.send_signal(signal.SIGKILL)
                proc.wait()
        err.seek(0)
        text = err.read().decode("utf-8")
    return proc.returncode, text


def run_reading_broken(monkeypatch, source: Path, breaking: type, kind: str, out: Path) -> tuple:
    """``runner.run`` over ``source`` alone into ``out``, the file it opens wrapped in
    ``breaking`` (which raises an OSError partway): the run's Stats and the messages it reported."""
    from boilerplate import planning, readers, runner

    real_open = open

    def opened(path, *args, **kwargs):
        file = real_open(path, *args, **kwargs)
        return breaking(file) if Path(path) == source else file

    monkeypatch.setattr(readers, "open", opened, raising=False)
    messages: list[str] = []
    stats = runner.run(planning.plan([str(source)], out, kind), planning.Options(kind=kind), report=messages.append)
    return stats, messages


def lines_breaking_at(n: int) -> type:
    """For :func:`run_reading_broken`: a file read line by line whose ``n``-th ``readline``
    raises an I/O error, as a disk or network file system failing partway."""

    class Breaking:
        def __init__(self, file):
            self.file, self.read = file, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def readline(self):
            self.read += 1
            if self.read == n:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return self.file.readline()

    return Breaking


def readme_section(heading: str, end: str = "\n## ") -> str:
    """The README from ``heading`` to the first ``end`` after it (by default, the next
    section of the same level as a ``## `` heading)."""
    return heading + between((REPO / "README.md").read_text(encoding="utf-8"), heading, end)


def between(text: str, start: str, end: str) -> str:
    """``text`` after the first ``start``, up to the first ``end`` after it: a section of a
    report, a README or a message. Either one missing fails the test, naming it (where
    ``text.split(start)[1].split(end)[0]`` gave an IndexError, or the whole rest)."""
    assert start in text, f"{start!r} is not in the text"
    rest = text[text.index(start) + len(start) :]
    assert end in rest, f"{end!r} is not in the text after {start!r}"
    return rest[: rest.index(end)]


def load_script(name: str) -> ModuleType:
    """A script of ``bench/`` (not a package) imported as a module, for its tests."""
    spec = importlib.util.spec_from_file_location(f"{name}_script", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def label_folder(tmp_path):
    """Build a label folder from ``{stem: (page_text, tsv_text)}`` and return its path."""

    def build(pages: dict[str, tuple[str, str]], sites: str | None = None) -> Path:
        (tmp_path / "pages").mkdir(exist_ok=True)
        for stem, (page, tsv) in pages.items():
            (tmp_path / "pages" / f"{stem}.txt").write_text(page, encoding="utf-8")
            (tmp_path / f"{stem}.tsv").write_text(tsv, encoding="utf-8")
        if sites is not None:
            (tmp_path / "sites.tsv").write_text(sites, encoding="utf-8")
        return tmp_path

    return build


@pytest.fixture
def fragile_cleaner(monkeypatch):
    """The batch runner's cleaner, except that a batch holding a page with "BOOM" in it raises."""
    import boilerplate.workers as workers

    real = workers.clean_pages

    def fragile(texts, **kw):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("the cleaner broke")
        return real(texts, **kw)

    monkeypatch.setattr(workers, "clean_pages", fragile)


# Property tests run on a fixed budget: the same examples on every run (derandomized),
# no deadline (the machines are shared and noisy), no example database in the checkout.
# HYPOTHESIS_PROFILE=explore (or pytest --hypothesis-profile=explore) searches wider
# with fresh random examples.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=5000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def inverted_model(tmp_path_factory):
    """A model train.py could write, trained on labels/ with body and chrome swapped:
    it keeps what the shipped one drops, so the output tells which model cleaned."""
    from dataclasses import replace

    from boilerplate.labels import load_labels
    from boilerplate.model import save_model
    from boilerplate.training import fit

    swapped = []
    for page in load_labels(LABELS):
        rows = page.rows.copy()
        rows["label"] = rows["label"].map({"body": "chrome", "chrome": "body"})
        swapped.append(replace(page, rows=rows))
    folder = tmp_path_factory.mktemp("models") / "inverted"
    save_model(fit(swapped), folder, {})
    return folder
