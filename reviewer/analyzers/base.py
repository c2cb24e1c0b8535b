"""The Analyzer protocol, and the helpers every tool adapter shares."""

from __future__ import annotations

import enum
import functools
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult
from reviewer.runtime.launch import CANNOT_START, EXIT_CANNOT_START, launched


class CacheUnit(enum.Enum):
    """What an analyzer's results may be cached by: FILE when a file's findings depend on
    that file alone, PROJECT when on the files of its project (the nearest folder with a
    pyproject.toml, setup.py, .git...), RUN when on all files together, NONE never."""

    FILE = "file"
    PROJECT = "project"
    RUN = "run"
    NONE = "none"


class Analyzer(Protocol):
    """One tool or detector family, built with its own options (reviewer.config.analyzers).
    `run` never raises for a bad file: it reports an error."""

    @property
    def name(self) -> str: ...

    @property
    def languages(self) -> frozenset[str]: ...

    def version(self) -> str: ...

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """Findings for these files (all of the analyzer's languages), and an error for each
        file it could not analyze; never raises because of a bad file."""
        ...


@dataclass(frozen=True)
class Wrapped:
    """An analyzer around another one (cached, shown in the progress display, run in a worker):
    it answers to the inner analyzer's name, languages and version."""

    inner: Analyzer

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def languages(self) -> frozenset[str]:
        return self.inner.languages

    def version(self) -> str:
        return self.inner.version()


@dataclass(frozen=True)
class Deferred:
    """An analyzer built, its module imported, the first time it is used: a review with no
    PHP files never loads the PHP parser. It crosses to a worker process as what it built."""

    name: str
    languages: frozenset[str]
    build: Callable[[], Analyzer]

    @functools.cached_property
    def inner(self) -> Analyzer:
        """The analyzer itself, built on first use."""
        return self.build()

    def version(self) -> str:
        """The built analyzer's version."""
        return self.inner.version()

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """The built analyzer's findings."""
        return self.inner.run(files)

    def __reduce__(self) -> tuple[Callable[[Analyzer], Analyzer], tuple[Analyzer]]:
        return _itself, (self.inner,)


def _itself(analyzer: Analyzer) -> Analyzer:
    return analyzer


def innermost(analyzer: Analyzer) -> Analyzer:
    """The analyzer inside the wrappers and deferrals: the one whose code makes the findings."""
    while isinstance(analyzer, (Wrapped, Deferred)):
        analyzer = analyzer.inner
    return analyzer


class ToolError(Exception):
    """The tool could not give a usable answer: missing, crashed, timed out or printed garbage."""


class ToolCrashedError(ToolError):
    """The tool was killed by a signal (a stack overflow, say): often one file's doing."""


@dataclass(frozen=True)
class ToolOutput:
    stdout: str
    stderr: str
    returncode: int


def run_tool(
    args: Sequence[str], timeout: float, ok_codes: Sequence[int] = (0, 1), cwd: Path | None = None
) -> ToolOutput:
    """Run a tool without a shell and return what it printed; ToolError on anything else.

    On a timeout the tool is killed and its output abandoned at once, even when a process
    it started still holds the output open. The tool dies with `review`, even a killed one
    (reviewer.runtime.launch), and stays in our process group, so that Ctrl-C in a terminal reaches
    it too."""
    if _stopping.is_set():
        raise ToolError("not run: the review was interrupted")
    try:
        process = subprocess.Popen(  # noqa: S603  # nosec B603 - a fixed argument list, no shell
            launched(list(args)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            cwd=cwd,
            env=child_environment(),
        )
    except FileNotFoundError as error:
        raise ToolError(f"{args[0]} is not installed") from error
    except OSError as error:
        raise ToolError(f"{args[0]} cannot be run: {error.strerror or error}") from error
    with process, running(process):
        stdout, stderr = _communicate(process, timeout)
    return _checked(ToolOutput(stdout, stderr, process.returncode), ok_codes)


_running: set[subprocess.Popen[Any]] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


@contextmanager
def running(process: subprocess.Popen[Any]) -> Iterator[None]:
    """While the block runs, `process` is one that `stop_tools` kills."""
    with _running_lock:
        _running.add(process)
        if _stopping.is_set():  # started just as the review was interrupted
            process.kill()
    try:
        yield
    finally:
        with _running_lock:
            _running.discard(process)


def stop_tools() -> None:
    """Kill every tool still running and start no more: the review was interrupted. (A tool
    gets Ctrl-C from the terminal too, but mypy, for one, goes on for seconds.)"""
    _stopping.set()
    with _running_lock:
        for process in _running:
            process.kill()


def _communicate(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _kill(process)
        raise ToolError(f"timed out after {timeout:g} s") from error
    except BaseException:
        _kill(process)
        raise


def _kill(process: subprocess.Popen[str]) -> None:
    """End the tool and reap it; its pipes are closed unread when `process` is left."""
    process.kill()
    process.wait()


def _checked(output: ToolOutput, ok_codes: Sequence[int]) -> ToolOutput:
    code, said = output.returncode, gist(output.stderr or output.stdout)
    missing = _MISSING_MODULE.search(output.stderr)
    if code == EXIT_CANNOT_START and output.stderr.startswith(CANNOT_START):
        raise ToolError(output.stderr.removeprefix(CANNOT_START).strip())
    if code < 0:
        raise ToolCrashedError(f"crashed ({signal_name(-code)}): {said}")
    if missing and code != 0 and not output.stdout.strip():
        raise ToolError(f"{missing[1]} is not installed for {sys.executable}")
    if code not in ok_codes:
        raise ToolError(f"exited with {code}: {said}")
    return output


_MISSING_MODULE = re.compile(r"No module named '?([\w.]+)'?")


def signal_name(number: int) -> str:
    """`SIGSEGV` for 11: how a process killed by a signal is described."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def python_module(module: str) -> list[str]:
    """The command that runs a module of the interpreter `review` itself runs in. `-P` keeps
    the working directory, often the reviewed tree, off its import path: a `bandit.py` there
    must not run in bandit's place."""
    return [sys.executable, "-P", "-m", module]


def child_environment(*import_first: str) -> dict[str, str]:
    """Our environment for a child process, its PYTHONPATH holding `import_first` and then
    only the absolute folders of ours: an empty or relative entry names the working
    directory, which is often the reviewed tree."""
    given = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    folders = [*import_first, *(f for f in given if os.path.isabs(f))]
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if folders:
        environment["PYTHONPATH"] = os.pathsep.join(folders)
    return environment


def last_line(text: str) -> str:
    """The last non-empty line of a tool's output, for a one-line error message."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"


def gist(text: str) -> str:
    """The line of a tool's output that says what went wrong: its first `error:` line (clap,
    which ruff uses, ends with a hint to try --help), else its last line."""
    for line in text.splitlines():
        if line.strip().lower().startswith("error:"):
            return line.strip()[:300]
    return last_line(text)


def parse_json(text: str, tool: str) -> object:
    """The tool's JSON output, or ToolError naming the tool when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ToolError(f"{tool} printed output that is not JSON: {last_line(text)}") from error


def failed(analyzer: str, failure: Exception) -> AnalyzerResult:
    """A result that says the whole analyzer could not run."""
    return AnalyzerResult(errors=(AnalysisError(analyzer, str(failure)),))


MAX_ISOLATING_RUNS = 32
# Bytes of file names on one tool's command line: well under Linux's 2 MiB for arguments and
# environment together (macOS allows 1 MiB), so a tree of 30,000 files takes a few runs.
ARGV_BUDGET = 128 * 1024


def argv_size(files: Sequence[SourceFile]) -> int:
    """What the files' names take of a command line: their bytes, a NUL and a pointer each."""
    return sum(len(os.fsencode(f.path)) + 1 + 8 for f in files)


def batches(files: Sequence[SourceFile], budget: int | None = None) -> Iterator[list[SourceFile]]:
    """The files in order, in groups whose names fit in `budget` (ARGV_BUDGET) bytes of a
    command line; a file whose name alone is longer gets a group of its own."""
    limit = ARGV_BUDGET if budget is None else budget
    group: list[SourceFile] = []
    size = 0
    for file in files:
        needed = argv_size([file])
        if group and size + needed > limit:
            yield group
            group, size = [], 0
        group.append(file)
        size += needed
    if group:
        yield group


def isolating(
    run: Callable[[Sequence[SourceFile]], AnalyzerResult],
    files: Sequence[SourceFile],
    analyzer: str,
) -> AnalyzerResult:
    """`run` over all the files, a batch that fits on a command line at a time; when the tool
    crashes, over each half of the batch, down to the file that crashes it, which gets an
    error of its own while the others are analyzed. After MAX_ISOLATING_RUNS runs on one
    batch the crash is the whole analyzer's (ToolCrashedError)."""
    return merged(*(_isolating(run, batch, analyzer) for batch in batches(files)))


def _isolating(
    run: Callable[[Sequence[SourceFile]], AnalyzerResult],
    files: Sequence[SourceFile],
    analyzer: str,
) -> AnalyzerResult:
    runs = 0

    def attempt(group: Sequence[SourceFile]) -> AnalyzerResult:
        nonlocal runs
        runs += 1
        try:
            return run(group)
        except ToolCrashedError as crash:
            if runs >= MAX_ISOLATING_RUNS:
                raise
            if len(group) == 1:
                return AnalyzerResult(errors=(AnalysisError(analyzer, str(crash), group[0].path),))
            half = len(group) // 2
            return merged(attempt(group[:half]), attempt(group[half:]))

    return attempt(files)


def merged(*results: AnalyzerResult) -> AnalyzerResult:
    """The findings and errors of several results, in order."""
    return AnalyzerResult(
        findings=tuple(f for r in results for f in r.findings),
        errors=tuple(e for r in results for e in r.errors),
    )
