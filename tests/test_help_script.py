"""bench/*.py --help: each script says what it measures, how to run it and what it reads, as its docstring does."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

SCRIPTS = ["alternatives", "blank_lines", "choose_c", "choose_code", "corpus_mode", "group_by", "scaling", "throughput", "versus_c4", "wrapped"]
#: The scripts that read ../shared/bench (scaling and group_by without --cli build their pages).
READ_THE_BENCHMARK = {"alternatives", "blank_lines", "choose_c", "choose_code", "corpus_mode", "throughput", "versus_c4", "wrapped"}


@pytest.mark.parametrize("name", SCRIPTS)
def test_help_shows_the_whole_docstring(name):
    # Found by review: --help showed only the docstring's first line, so that five scripts'
    # help did not say they need ../shared/bench, nor how they are run.
    out = subprocess.run([sys.executable, str(REPO / "bench" / f"{name}.py"), "--help"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"python bench/{name}.py" in out.stdout
    if name in READ_THE_BENCHMARK:
        assert "../shared/bench" in out.stdout
