"""A progress display on standard error for runs longer than a moment: which analyzers are
running, and on how many files. Silent when standard error is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from reviewer.analyzers.base import Wrapped
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Display:
    """One line per analyzer with a spinner while it runs; removed when the review is done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, highlight=False)
        self._progress: Progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            refresh_per_second=8,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Display:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def started(self, name: str, files: int) -> None:
        noun = "file" if files == 1 else "files"
        self._tasks[name] = self._progress.add_task(f"{name}: {files} {noun}", total=1)

    def finished(self, name: str) -> None:
        if name in self._tasks:
            self._progress.update(self._tasks[name], completed=1, visible=False)


@dataclass(frozen=True)
class Reported(Wrapped):
    """An analyzer whose start and end the display shows."""

    display: Display

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        self.display.started(self.name, len(files))
        try:
            return self.inner.run(files)
        finally:
            self.display.finished(self.name)


def wanted(machine_readable: bool) -> bool:
    """Only for people watching a terminal, and never mixed into machine-readable output."""
    return not machine_readable and sys.stderr.isatty()
