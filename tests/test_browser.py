"""The HTML report in a real browser: headless Chromium renders it with no console error and no fetch.

Chromium is driven over its DevTools pipe (``--remote-debugging-pipe``: commands on
file descriptor 3, replies on 4, each a JSON message ending in NUL), so the test
needs no port and no package beyond Debian's ``chromium``. ``.ci/run`` installs it;
elsewhere the test skips when it is missing.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from boilerplate import load_model
from boilerplate.evaluate import collect, model_path_of
from boilerplate.labels import load_labels
from boilerplate.report import HTML_FILE, write_report

from .conftest import REPO
from .report_helpers import HOSTILE, hostile_labels

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe",
]
TIMEOUT = 60.0

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing in CI; .ci/run installs it with apt-get install chromium.")
    pytestmark = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium); .ci/run installs it")


class Chromium:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        from_browser, from_browser_w = os.pipe()
        # Park the child's ends above 4 so that moving them onto 3 and 4 cannot clobber each other.
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 5)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 5)
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)

        def onto_3_and_4() -> None:
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=onto_3_and_4,
        )
        os.close(child_r)
        os.close(child_w)
        self._from_browser = from_browser
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=self.session)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, url: str) -> None:
        """Navigate and wait for the load event."""
        self.call("Page.navigate", session=self.session, url=url)
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read(deadline))

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", session=self.session, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, dialogs, and any request that is not the file itself or inline."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    found.append(f"request: {url}")
        return found

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (EOFError, TimeoutError, RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture
def browser(tmp_path):
    chromium = Chromium(tmp_path / "profile")
    yield chromium
    chromium.close()


def test_committed_report_renders_cleanly(browser):
    browser.open((REPO / "reports" / HTML_FILE).as_uri())
    assert browser.problems() == []
    assert browser.evaluate("document.title") == "boilerplate — evaluation report"
    # the summary table, with a row per method and our own row first
    rows = browser.evaluate("[...document.querySelectorAll('#summary table.headline tbody tr')]"
                            ".map(r => r.cells[0].textContent)")
    assert rows[0] == "boilerplate" and len(rows) >= 6
    # the plot is there and decoded
    size = browser.evaluate("(() => { const i = document.getElementById('pr-curve');"
                            " return i && i.complete ? [i.naturalWidth, i.naturalHeight] : null; })()")
    assert size is not None and size[0] > 500 and size[1] > 300
    # all eight parts, and the page laid out to a readable width
    sections = browser.evaluate("[...document.querySelectorAll('main > section')].map(s => s.id)")
    assert sections == ["summary", "cross-site", "unseen", "peers", "roles", "model", "lines", "speed", "receipt"]
    assert browser.evaluate("document.querySelector('main').getBoundingClientRect().width") <= 1120


def test_hostile_page_text_shows_as_text(browser, tmp_path):
    labels = hostile_labels(tmp_path / "labels")
    figures, curves = collect(load_labels(labels), [labels], load_model(), model_path_of(None), language="en",
                              use_bench=False)
    write_report(figures, curves, tmp_path / "out")
    browser.open((tmp_path / "out" / HTML_FILE).as_uri())
    assert browser.problems() == []
    cells = browser.evaluate("[...document.querySelectorAll('td.text')].map(td => td.textContent)")
    expected = [line["text"] for page in figures["lines"] for line in page["lines"]]
    assert cells == expected
    assert all(any(h in c for c in cells) for h in HOSTILE)
    assert browser.evaluate("document.querySelectorAll('script').length") == 0
    assert browser.evaluate("document.querySelectorAll('img').length") == 1


def test_the_check_sees_console_errors_and_fetches(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><title>bad</title><script>console.error("broken")</script>'
                    '<img src="http://127.0.0.1:9/missing.png">', encoding="utf-8")
    browser.open(page.as_uri())
    found = browser.problems()
    assert any("console.error" in p for p in found)
    assert any(p == "request: http://127.0.0.1:9/missing.png" for p in found)
