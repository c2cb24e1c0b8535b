"""What part of the code a run comments on: everything, the lines a change adds, or what is
new since the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.config.options import DiffMode
from reviewer.inputs.baseline import Baseline
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.vcs import ChangeSet
from reviewer.model import Concern


@dataclass(frozen=True)
class Scope:
    """No change set means the whole tree is in scope; with a baseline, only what it does
    not hold is new (`pipeline.baseline.new_only`)."""

    changes: ChangeSet | None = None
    mode: DiffMode = DiffMode.ADDED
    context: int = 3
    baseline: Baseline | None = None

    def files(self, files: Sequence[SourceFile]) -> list[SourceFile]:
        """The files a change touches (all of them without a change set)."""
        if self.changes is None:
            return list(files)
        return [f for f in files if f.path in self.changes.lines]

    def keeps(self, concern: Concern) -> bool:
        """True when the concern lies where this run comments."""
        if self.changes is None:
            return True
        location = concern.finding.location
        if self.mode is DiffMode.FILE:
            return location.path in self.changes.lines
        context = self.context if self.mode is DiffMode.CONTEXT else 0
        return self.changes.touches(location.path, location.line, location.end_line, context)
