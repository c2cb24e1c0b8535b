"""The real `review` command in a process of its own, as a hook or CI job runs it, and what
it said: shared by the robustness tests."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import CliRun


@dataclass(frozen=True)
class Run(CliRun):
    """What the command said, as the in-process `cli` fixture gives it."""

    def rules(self, path: str) -> set[str]:
        """The rule ids commented on in one file."""
        return {c["rule"] for c in self.json()["comments"] if c["path"] == path}

    def commented(self) -> set[str]:
        """Every file a comment points at (one comment may group several places)."""
        comments = self.json()["comments"]
        return {place["path"] for c in comments for place in c["locations"]}

    def errors(self, path: str) -> list[tuple[str, str]]:
        """(analyzer, message) of each error reported for one file."""
        return [(e["analyzer"], e["message"]) for e in self.json()["errors"] if e["path"] == path]


def review(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """`review --no-cache ARGS` run in `cwd`; what it printed, decoded leniently."""
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
        env=env,
    )
    return Run(done.returncode, done.stdout, done.stderr)
