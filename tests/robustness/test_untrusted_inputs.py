"""Issue 13, "Untrusted trees": what gets reviewed. A tree decides neither which of its files
escape review (deep nesting, folder names) nor how the review runs (a config's timeout, its
excludes, its shape); each case runs the real `review` command on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import write


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        data = json.loads(self.out)
        assert isinstance(data, dict)
        return data

    def rules(self, path: str) -> set[str]:
        """The rule ids commented on in one file."""
        return {c["rule"] for c in self.json()["comments"] if c["path"] == path}

    def errors(self, path: str) -> list[tuple[str, str]]:
        """(analyzer, message) of each error reported for one file."""
        return [(e["analyzer"], e["message"]) for e in self.json()["errors"] if e["path"] == path]


def review(cwd: Path, *args: str) -> Run:
    """The real command in its own process, as a hook or CI job runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def elif_chain(branches: int) -> str:
    """A valid module: one function with an `if`/`elif` chain of so many branches, then the
    blocker every analyzer of security must see."""
    lines = ['"""A chain."""', "", "", "def pick(x: int) -> int:", '    """Pick."""']
    lines += ["    if x == 0:", "        return 0"]
    for value in range(1, branches):
        lines += [f"    elif x == {value}:", f"        return {value}"]
    return "\n".join([*lines, "    return -1", "", "", "eval(input())", ""])


# Item 10 ------------------------------------------------------------------------------------


def test_a_1200_branch_elif_chain_is_reviewed_and_its_eval_fails_the_run(tmp_path: Path) -> None:
    """CPython compiles and runs it; a review that rejected it lost the blocker (exit 0)."""
    write(tmp_path, "chain.py", elif_chain(1200))
    run = review(tmp_path, "chain.py", "--format", "json")
    assert run.code == 1, run.err
    assert "code-injection" in run.rules("chain.py")
    assert not [e for e in run.errors("chain.py") if e[0] == "review"]
    # radon's recursive visitor gets the room it needs, so it measures the file too
    assert not [e for e in run.errors("chain.py") if e[0] == "radon"]
    assert "Traceback" not in run.err
