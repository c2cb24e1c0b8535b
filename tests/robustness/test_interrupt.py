"""Ctrl-C in a terminal: the real command, its tools and its workers all get SIGINT (they share
the terminal's process group); `review` says so in one line, exits 130 as shells expect, and
leaves no tool or worker behind (mypy alone would go on for seconds)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.robustness.test_scale import load_benchmark


def _working_in(folder: Path) -> list[str]:
    """The command lines of the processes working in `folder`: review, its tools, its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cwd").resolve().is_relative_to(folder):
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return [command for command in found if command]


def _wait_for_tools(folder: Path, limit: float) -> None:
    """Until mypy and a worker process run beside `review`: the middle of a review."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        running = " ".join(_working_in(folder))
        if "-m mypy" in running and "-m reviewer.workers" in running:
            return
        time.sleep(0.05)
    raise AssertionError(f"the tools never started: {_working_in(folder)}")


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background job may have it ignored


def test_ctrl_c_stops_everything_at_once_with_exit_130(tmp_path: Path) -> None:
    tree = load_benchmark().generate(tmp_path / "tree", 300)
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewer", "--no-cache", "."],
        cwd=tree.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job has
        preexec_fn=_interruptible,
    )
    try:
        _wait_for_tools(tree.root.resolve(), limit=60)
        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, stderr) == (130, "review: interrupted\n")
    assert took < 5, took
    time.sleep(0.5)  # reaping by init is not instant
    assert _working_in(tree.root.resolve()) == []
