"""bench/scaling.py: what one measurement holds, on the smallest page (no figure is checked)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPO

SCRIPT = REPO / "bench" / "scaling.py"


def test_a_measurement_is_of_clean_as_a_user_runs_it_without_scikit_learn_or_pandas():
    # clean(text) with the shipped model imports neither; a process that loads them has
    # some 150 MB more resident memory, which the peak RSS column would show as clean()'s.
    code = (
        "import runpy, sys; sys.modules['sklearn'] = sys.modules['pandas'] = None; "
        f"sys.argv = [{str(SCRIPT)!r}, '--child', 'one-line', '1']; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["kind"] == "one-line" and figures["lines"] == 1 and 0.99 < figures["mb"] <= 1.0
    assert figures["output_chars"] > 0
    assert figures["peak_rss_mb"] >= figures["rss_before_mb"] > 0
