"""A finding only the type checker makes says what it cannot prove, not a run-time failure,
at a severity below the one of the same mistake found by a linter too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, write

# A mixin using an attribute of the classes it is mixed into: runs, mypy cannot prove it.
MIXIN = '''"""Models."""


class TimestampMixin:
    """Adds a label."""

    def label(self) -> str:
        """The row's label."""
        return f"{self.name} at {self.created}"
'''
# A base named through a variable built at run time, as Flask-SQLAlchemy's `db.Model` is.
DYNAMIC_BASE = '''"""Models."""


def make_base() -> object:
    """A class built at run time."""
    return type("Model", (), {})


class Registry:
    """Holds the base."""

    Model = make_base()


db = Registry()


class User(db.Model):
    """A user."""
'''
TYPO = '''"""Totals."""


def total(prices: list[int]) -> int:
    """The sum."""
    return summ(prices)
'''


@pytest.fixture
def project(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(chdir_tmp, "pyproject.toml", '[project]\nname = "app"\n')
    return chdir_tmp


def comments(cli: Cli) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(cli(".", "-f", "json", "--fail-on", "never").out)[
        "comments"
    ]
    return found


def test_a_mixin_using_its_hosts_attributes_is_a_minor_the_checker_cannot_prove(
    project: Path, cli: Cli
) -> None:
    write(project, "models.py", MIXIN)
    [comment] = [c for c in comments(cli) if c["rule"] == "missing-attribute"]
    assert comment["severity"] == "minor"


def test_a_base_built_at_run_time_is_not_a_blocking_undefined_name(project: Path, cli: Cli) -> None:
    write(project, "models.py", DYNAMIC_BASE)
    found = comments(cli)
    assert "undefined-name" not in [c["rule"] for c in found]
    [comment] = [c for c in found if c["rule"] == "name-unknown-to-type-checker"]
    assert comment["severity"] == "minor"


def test_a_name_both_linter_and_checker_find_undefined_is_one_blocker(
    project: Path, cli: Cli
) -> None:
    write(project, "totals.py", TYPO)
    found = comments(cli)
    assert [c["severity"] for c in found if "name" in str(c["rule"])] == ["blocker"]


UNTYPED_DECORATOR = '''"""Routes."""


def route(path):
    def wrap(function):
        return function

    return wrap


@route("/")
def index(count: int) -> str:
    """Home."""
    return str(count)
'''


def test_an_annotated_function_under_an_untyped_decorator_is_not_called_unannotated(
    project: Path, cli: Cli
) -> None:
    write(project, "pyproject.toml", '[project]\nname = "app"\n\n[tool.mypy]\nstrict = true\n')
    write(project, "routes.py", UNTYPED_DECORATOR)
    untyped = [c for c in comments(cli) if c["line"] == 11]
    assert [c["rule"] for c in untyped] == ["any-type"]
