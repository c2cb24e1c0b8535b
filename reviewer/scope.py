"""What part of the code a run comments on: everything, or the lines a change adds."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.discovery import SourceFile
from reviewer.model import Concern
from reviewer.vcs import ChangeSet


class DiffMode(enum.Enum):
    """`added`: the added lines; `context`: near them; `file`: anywhere in a changed file."""

    ADDED = "added"
    CONTEXT = "context"
    FILE = "file"


@dataclass(frozen=True)
class Scope:
    """No change set means the whole tree is in scope."""

    changes: ChangeSet | None = None
    mode: DiffMode = DiffMode.ADDED
    context: int = 3

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
