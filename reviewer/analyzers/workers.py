"""In-process analyzers (radon, the design and PHP detectors) run in worker processes, so that
their CPU work does not queue behind one interpreter lock while the tools run beside them.

Each run gets a process of its own rather than a slot in a shared pool: one that crashes or
overruns the timeout is killed without taking the other analyzers' work with it. A worker is
started like a tool, in a session of its own so that Ctrl-C in the terminal does not reach it
halfway through its imports (a traceback): `review` ends it with the tools instead, and a
`review` killed outright takes it along (reviewer.runtime.launch.die_with)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

import reviewer
from reviewer.analyzers.base import (
    Analyzer,
    Wrapped,
    child_environment,
    python_module,
    running,
    signal_name,
)
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalysisError, AnalyzerResult
from reviewer.runtime.launch import die_with

MIN_FILES = 40
# Below the tools' priority: mypy, the longest single job, keeps a core while these share
# what is left (niceness 5 gives a process about a third of the CPU time of niceness 0).
NICENESS = 5


@dataclass(frozen=True)
class InWorker(Wrapped):
    """An analyzer whose `run` happens in a worker process of its own, given `timeout`
    seconds to answer."""

    timeout: float

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        if len(files) < MIN_FILES:  # starting a process costs more than a few files take
            return self.inner.run(files)
        ours, theirs = multiprocessing.Pipe()
        with theirs:
            worker = subprocess.Popen(  # noqa: S603  # nosec B603 - our interpreter, no shell
                [
                    *python_module("reviewer.analyzers.workers"),
                    str(theirs.fileno()),
                    str(os.getpid()),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # its answer comes through the pipe
                pass_fds=[theirs.fileno()],
                start_new_session=True,
                env=child_environment(*_our_import_path()),
            )
        with ours, worker, running(worker):
            try:
                ours.send((self.inner, list(files)))
                return self._answer(ours, worker, self.timeout)
            except ConnectionError:  # it died before reading its work
                return self._died(worker)
            finally:
                worker.kill()

    def _answer(
        self, ours: Connection, worker: subprocess.Popen[bytes], timeout: float
    ) -> AnalyzerResult:
        if not ours.poll(timeout):
            return self._failed(f"timed out after {timeout:g} s")
        try:
            answer: object = ours.recv()
        except (EOFError, ConnectionError):  # it ended without a word: killed, or crashed
            return self._died(worker)
        if isinstance(answer, AnalyzerResult):
            return answer
        return self._failed(f"crashed: {answer}")

    def _died(self, worker: subprocess.Popen[bytes]) -> AnalyzerResult:
        return self._failed(f"its worker process died ({_exit_reason(worker.wait())})")

    def _failed(self, message: str) -> AnalyzerResult:
        return AnalyzerResult(errors=(AnalysisError(self.name, message),))


def _our_import_path() -> tuple[str, ...]:
    """The folders this process imports from, so that a worker finds the same modules (the
    analyzers it is sent are pickled by module name), but never an empty or relative entry,
    nor the working directory, often the reviewed tree, unless our own package came from it."""
    ours = os.path.dirname(os.path.dirname(os.path.realpath(reviewer.__file__)))
    here = os.path.realpath(os.getcwd())
    folders = (os.path.realpath(f) for f in sys.path if os.path.isabs(f))
    return tuple(f for f in folders if f != here or f == ours)


def _exit_reason(code: int) -> str:
    return signal_name(-code) if code < 0 else f"exit code {code}"


def serve(connection: Connection) -> None:
    """A worker's whole life: one run, and its result (or why it failed) sent back."""
    os.nice(NICENESS)
    analyzer: Analyzer
    analyzer, files = connection.recv()
    answer: AnalyzerResult | str
    try:
        answer = analyzer.run(files)
    except Exception as error:  # noqa: BLE001 - the parent reports it; the worker just ends
        answer = repr(error)
    connection.send(answer)


def main(connection: int, parent: int) -> None:
    """Serve one run, and end in silence when `review` goes first (the pipe closes under a
    read or write) or was killed (this process is then killed too)."""
    die_with(parent)
    with (
        contextlib.suppress(EOFError, ConnectionError, KeyboardInterrupt),
        Connection(connection) as given,
    ):
        serve(given)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
