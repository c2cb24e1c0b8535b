"""Suggested changes built from the flagged lines, on small files reviewed for real: each
change, made to the file, gives code that parses, no longer draws the rule, and keeps the
user's own names; ruff's own fixes give what `ruff check --fix` gives."""

from __future__ import annotations

import ast
import functools
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer, ruff_binary
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.model import Comment, Review, Suggestion, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from reviewer.suggestions import BUILDERS, Flagged, suggestion_for
from reviewer.suggestions.base import applied
from tests.helpers import write


@functools.cache
def shipped() -> Catalog:
    return load_catalog()


def reviewed(folder: Path) -> Review:
    catalog = shipped()
    ruff = RuffAnalyzer(RuffOptions(catalog.codes_for("ruff")))
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    analyzers = [ruff, BanditAnalyzer(), DesignAnalyzer()]
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def comment_on(review: Review, rule_id: str) -> Comment:
    [comment] = [c for c in review.comments if c.rule.id == rule_id]
    return comment


def suggested(folder: Path, name: str, text: str, rule_id: str) -> tuple[Suggestion, str]:
    """The suggestion of the file's comment on the rule, and the file with it made."""
    path = write(folder, name, text)
    suggestion = comment_on(reviewed(folder), rule_id).suggestion
    assert suggestion is not None
    assert suggestion.before == "\n".join(text.splitlines()[suggestion.line - 1 : suggestion.end_line])
    return suggestion, applied(path.read_text(encoding="utf-8"), suggestion)


def rules_of(folder: Path, name: str, text: str) -> set[str]:
    write(folder, name, text)
    return {c.rule.id for c in reviewed(folder).comments}


def ruff_fixed(folder: Path, text: str, code: str, *, unsafe: bool) -> str:
    """What `ruff check --fix` makes of the file, on a copy of it."""
    copy = write(folder, "copy.py", text)
    extra = ["--unsafe-fixes"] if unsafe else []
    command = [ruff_binary(), "check", "--isolated", "--no-cache", "--fix", *extra]
    subprocess.run([*command, "--select", code, "--exit-zero", str(copy)], check=True)
    return copy.read_text(encoding="utf-8")


# (rule id, ruff code, a file with one such diagnostic, the fix is ruff's safe one)
RUFF_CASES = [
    (
        "unused-import",
        "F401",
        "import json\nimport os\n\n\ndef home() -> str:\n    return os.getcwd()\n",
        True,
    ),
    (
        "non-idiomatic-comparison",
        "E711",
        "def missing(value: object) -> bool:\n    return value == None\n",
        False,
    ),
    (
        "non-idiomatic-comparison",
        "E713",
        "def absent(key: str, seen: set[str]) -> bool:\n    return not key in seen\n",
        True,
    ),
    (
        "mutable-default-argument",
        "B006",
        "def collect(item: int, bucket: list[int] = []) -> list[int]:\n"
        "    bucket.append(item)\n    return bucket\n",
        False,
    ),
]


@pytest.mark.parametrize(("rule_id", "code", "text", "safe"), RUFF_CASES)
def test_ruffs_own_fix_gives_what_ruff_fix_gives(
    tmp_path: Path, rule_id: str, code: str, text: str, safe: bool
) -> None:
    suggestion, fixed = suggested(tmp_path / "project", "module.py", text, rule_id)
    assert suggestion.source == "ruff"
    assert suggestion.safe is safe
    assert suggestion.note
    assert fixed == ruff_fixed(tmp_path / "copy", text, code, unsafe=not safe)
    ast.parse(fixed)
