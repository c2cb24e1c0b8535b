"""What the tests share besides fixtures: the repository's paths, a file writer, a CLI run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_projects"


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        data = json.loads(self.out)
        assert isinstance(data, dict)
        return data


class Cli(Protocol):
    """The `cli` and `repo_cli` fixtures: call `review` with these arguments, see what it said."""

    def __call__(self, *args: str) -> CliRun: ...


def write(folder: Path, name: str, text: str) -> Path:
    """Write a file (and its folders) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
