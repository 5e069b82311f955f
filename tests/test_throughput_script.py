"""bench/throughput.py: what it reports, with small settings (no figure is checked: they depend on the machine)."""

from __future__ import annotations

import pytest

from .conftest import load_script

PAGE = "Home | World\n\nThe council approved the new budget on Tuesday after a long debate. Members voted nine to four.\n"


@pytest.fixture(scope="module")
def script():
    return load_script("throughput")


def test_a_streaming_run_too_short_to_sample_is_still_reported(script, tmp_path):
    stream = script.stream_rss([PAGE], 1e-5, tmp_path)
    assert stream["records"] >= 1 and stream["output_bytes"] > 0 and stream["peak_rss_mb"] > 0
    summary = script.stream_summary(stream)
    assert summary.startswith("Streaming 0.00 GB of JSON Lines") and f"peak RSS {stream['peak_rss_mb']:.0f} MB" in summary
    # A run under the one-second sampling interval has no samples (on a slow machine this one may have some).
    unsampled = {**stream, "rss_samples": 0, "rss_mb_first_tenth_max": None, "rss_mb_last_tenth_max": None}
    assert "no sample over time: the run was shorter than the one-second sampling interval" in script.stream_summary(unsampled)
    sampled = {**stream, "rss_samples": 3, "rss_mb_first_tenth_max": 70.0, "rss_mb_last_tenth_max": 71.0}
    assert "(largest sample in the first tenth of the run 70 MB, in the last tenth 71 MB)." in script.stream_summary(sampled)
