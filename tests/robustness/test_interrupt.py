"""Ctrl-C in a terminal: the real command, its tools and its workers all get SIGINT (they share
the terminal's process group); `review` says so in one line, exits 130 as shells expect, and
leaves no tool or worker behind (mypy alone would go on for seconds)."""

from __future__ import annotations

import json
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


def _interrupted(tree: Path, *options: str) -> tuple[int, str, float]:
    """Start the real command on `tree`, Ctrl-C it once mypy and a worker run: its exit code,
    what it printed on standard error, and how long it took to stop."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewer", *options, "."],
        cwd=tree,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job has
        preexec_fn=_interruptible,
    )
    try:
        _wait_for_tools(tree.resolve(), limit=60)
        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, stderr, took


def test_ctrl_c_stops_everything_at_once_with_exit_130(tmp_path: Path) -> None:
    tree = load_benchmark().generate(tmp_path / "tree", 300)
    code, stderr, took = _interrupted(tree.root, "--no-cache")
    assert (code, stderr) == (130, "review: interrupted\n")
    assert took < 5, took
    time.sleep(0.5)  # reaping by init is not instant
    assert _working_in(tree.root.resolve()) == []


def test_a_review_after_ctrl_c_says_what_a_review_without_cache_says(tmp_path: Path) -> None:
    """Interrupted with the cache on, mypy and the workers killed halfway through their
    writes: the next run must not trust anything half made."""
    tree = load_benchmark().generate(tmp_path / "tree", 300).root
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert _interrupted(tree, *cache)[:2] == (130, "review: interrupted\n")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "reviewer", *options, "--format", "json", "."],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        for options in (cache, ["--no-cache"])
    ]
    assert runs[0].returncode in (0, 1), runs[0].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
