"""The HTML write-up of the problem sample, opened in real headless Chromium.

How console errors are detected: Chromium runs with `--remote-debugging-pipe` and we speak the
DevTools protocol to it over file descriptors 3 and 4 (NUL-separated JSON, the transport
Puppeteer uses). With the Runtime and Log domains enabled, the browser reports every console
message (`Runtime.consoleAPICalled`), every uncaught exception (`Runtime.exceptionThrown`) and
every browser-side problem such as a resource blocked by the Content-Security-Policy or a failed
load (`Log.entryAdded`), each with its level. Once the page has loaded, both domains are enabled
again, which makes Chromium report everything the document logged a second time: a message
logged before DevTools rejoined a new renderer process is not missed. This is structured data
with levels, unlike the log lines of `--enable-logging=stderr`, whose format changes between
versions. A control test feeds a page with known errors through the same code, so a listener that
stopped hearing anything fails instead of passing quietly. The same session checks the DOM,
measures overflow at phone width and takes the two screenshots.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer.cli import main

REPO = Path(__file__).resolve().parent.parent
# Debian's chromium; REVIEW_CHROMIUM names another binary (the tests of the skip use a
# path where there is none). Absent, the browser tests skip, unless REVIEW_REQUIRE_BROWSER=1
# (set by .ci/run, which installs Chromium) makes its absence a failure.
CHROMIUM = Path(os.environ.get("REVIEW_CHROMIUM") or "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
LAPTOP = (1280, 2000)
PHONE = (390, 1600)
TIMEOUT = 15.0
MIN_PNG_BYTES = 20_000
ERROR_LEVELS = {"error", "warning", "assert"}


@dataclass
class Problems:
    """What the page reported: console calls, uncaught exceptions, browser log entries."""

    messages: list[str] = field(default_factory=list)

    def note(self, event: dict[str, object]) -> None:
        """Keep an event that is an error or a warning, as one readable line."""
        method, params = event.get("method"), event.get("params")
        if not isinstance(params, dict):
            return
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.messages.append(f"exception: {json.dumps(details)[:300]}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ERROR_LEVELS:
            args = [a.get("value", a.get("description")) for a in params.get("args", [])]
            self.messages.append(f"console.{params.get('type')}: {args}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") in ERROR_LEVELS:
                self.messages.append(
                    f"{entry.get('source')} {entry.get('level')}: {entry.get('text')}"
                )


class DevTools:
    """A DevTools protocol session with one headless Chromium over `--remote-debugging-pipe`."""

    def __init__(self, profile: Path) -> None:
        self._to_browser_r, self._to_browser_w = os.pipe()
        self._from_browser_r, self._from_browser_w = os.pipe()
        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=self._wire_pipe,  # runs in the child before exec; no threads here
        )
        os.close(self._to_browser_r)
        os.close(self._from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.problems = Problems()

    def _wire_pipe(self) -> None:
        """In the child: Chromium reads commands from fd 3 and writes replies to fd 4."""
        read = fcntl.fcntl(self._to_browser_r, fcntl.F_DUPFD, 10)
        write = fcntl.fcntl(self._from_browser_w, fcntl.F_DUPFD, 10)
        os.dup2(read, 3)
        os.dup2(write, 4)

    def send(self, method: str, session: str = "", **params: object) -> dict[str, object]:
        """Send one command and wait for its result, noting events that arrive meanwhile."""
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser_w, json.dumps(message).encode() + b"\0")
        reply = self._until(lambda m: m.get("id") == self._next_id)
        assert "error" not in reply, f"{method} failed: {reply['error']}"
        result = reply.get("result", {})
        assert isinstance(result, dict)
        return result

    def _until(self, wanted: Callable[[dict[str, object]], bool]) -> dict[str, object]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for message in self._messages(deadline):
                self.problems.note(message)
                if wanted(message):
                    return message

    def _messages(self, deadline: float) -> Iterator[dict[str, object]]:
        """The messages of the next chunk the browser writes."""
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([self._from_browser_r], [], [], max(remaining, 0))
        assert ready, "Chromium did not answer over the DevTools pipe in time"
        chunk = os.read(self._from_browser_r, 1 << 20)
        assert chunk, "Chromium closed the DevTools pipe"
        *complete, self._buffer = (self._buffer + chunk).split(b"\0")
        for raw in complete:
            yield json.loads(raw)

    def close(self) -> None:
        with contextlib.suppress(AssertionError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser_w)
        os.close(self._from_browser_r)


@dataclass
class Page:
    """One tab: navigate, evaluate, emulate a screen size, take screenshots."""

    tools: DevTools
    session: str

    def open(self, url: str) -> None:
        """Navigate and wait until this page has loaded (not a late event of about:blank)."""
        self.tools.send("Page.navigate", self.session, url=url)
        # Polling, since a load event can arrive while another reply is awaited.
        loaded = "document.readyState === 'complete' && location.href"
        deadline = time.monotonic() + TIMEOUT
        while self.evaluate(loaded) != url:
            assert time.monotonic() < deadline, f"{url} did not load"
            time.sleep(0.05)
        self.replay()

    def replay(self) -> None:
        """Re-enable Runtime and Log: Chromium then reports again what the document logged.

        Navigating from about:blank to a file can move the tab to a new renderer process,
        and a message logged before DevTools rejoined it would otherwise be missed.
        """
        for domain in ("Runtime", "Log"):
            self.tools.send(f"{domain}.disable", self.session)
            self.tools.send(f"{domain}.enable", self.session)
        self.evaluate("1")  # one more round trip, so the replayed events have arrived

    def evaluate(self, expression: str) -> object:
        result = self.tools.send(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        value = result.get("result", {})
        return value.get("value") if isinstance(value, dict) else None

    def screen(self, width: int, height: int, mobile: bool) -> None:
        self.tools.send(
            "Emulation.setDeviceMetricsOverride",
            self.session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def screenshot(self, path: Path) -> Path:
        data = self.tools.send("Page.captureScreenshot", self.session, format="png")["data"]
        assert isinstance(data, str)
        path.write_bytes(base64.b64decode(data))
        return path


def require_chromium() -> None:
    """Skip the browser tests where Chromium is absent; fail instead where CI requires it."""
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("REVIEW_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; REVIEW_REQUIRE_BROWSER=1 requires it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Page]:
    """A fresh headless Chromium with one tab whose console and log we listen to."""
    require_chromium()
    tools = DevTools(tmp_path / "profile")
    try:
        target = tools.send("Target.createTarget", url="about:blank")["targetId"]
        session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        assert isinstance(session, str)
        for domain in ("Page", "Runtime", "Log"):
            tools.send(f"{domain}.enable", session)
        yield Page(tools, session)
    finally:
        tools.close()


@pytest.fixture
def in_repo() -> Iterator[Path]:
    """Run the CLI from the repository root, as a user would; restore the folder after."""
    old = Path.cwd()
    os.chdir(REPO)
    try:
        yield REPO
    finally:
        os.chdir(old)


def write_review(out: Path) -> Path:
    code = main(
        [
            "--no-cache",
            "sample_projects/orders_api",
            "--format",
            "html",
            "-o",
            str(out),
            "--fail-on",
            "never",
        ]
    )
    assert code == 0, f"review exited {code}"
    return out


SECTIONS = [
    "Scorecard",
    "Start here",
    "Strengths",
    "Comments by category and file",
    "Talking points",
    "A map of the code",
    "Could not analyze",
]
HEADINGS = "[...document.querySelectorAll('h1, h2')].map(h => h.textContent.trim())"
COMMENTS = "document.querySelectorAll('#comments article.comment').length"
ANNOUNCED = "+document.querySelector('.overview').textContent.match(/left (\\d+) comment/)[1]"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.slow
def test_the_write_up_loads_cleanly_and_is_photographed(
    in_repo: Path, browser: Page, tmp_path: Path
) -> None:
    page = write_review(tmp_path / "review.html")
    started = time.monotonic()
    browser.screen(*LAPTOP, mobile=False)
    browser.open(page.as_uri())
    headings = browser.evaluate(HEADINGS)
    assert isinstance(headings, list)
    assert headings[0] == "Code review: sample_projects/orders_api"
    assert headings[1:] == [h for h in SECTIONS if h in headings]
    assert {"Scorecard", "Start here", "Comments by category and file", "Talking points"} <= set(
        headings
    )
    shown, announced = browser.evaluate(COMMENTS), browser.evaluate(ANNOUNCED)
    assert isinstance(shown, int) and shown > 0
    assert shown == announced, "every comment the summary counts is on the page"
    laptop = browser.screenshot(tmp_path / "laptop.png")
    browser.screen(*PHONE, mobile=True)
    assert browser.evaluate(OVERFLOW) == 0, "the page is wider than a phone"
    phone = browser.screenshot(tmp_path / "phone.png")
    assert browser.tools.problems.messages == []
    for shot in (laptop, phone):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > MIN_PNG_BYTES, f"{shot.name} looks empty"
    assert time.monotonic() - started < TIMEOUT


def test_the_listener_hears_console_errors_and_blocked_loads(browser: Page, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="img-src data:">'
        '<img src="https://example.invalid/x.png">'
        "<script>console.error('on purpose'); null.boom;</script>",
        encoding="utf-8",
    )
    browser.open(page.as_uri())
    found = "\n".join(browser.tools.problems.messages)
    assert "on purpose" in found
    assert "exception" in found
    assert "Content Security Policy" in found
