"""The project's own configuration honoured: its Python version, its analyzers' excludes,
its migrations left out, and syntax newer than review's Python said up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config.ruff_project import lowest_minor, project_ruff
from tests.helpers import Cli, write

# PEP 649: on Python 3.14 annotations are evaluated lazily, so `Item` may come later.
DEFERRED = """class Order:
    items: list[Item]


class Item:
    name: str
"""


def sources(cli: Cli, *args: str) -> list[str]:
    report = cli(*args, "-f", "json", "--no-cache").json()
    return [source for comment in report["comments"] for source in comment["sources"]]


@pytest.mark.parametrize(
    ("spec", "minor"),
    [(">=3.14", 14), (">=3.10,<4", 10), ("~=3.12.1", 12), ("==3.11.*", 11), ("<3.13", None)],
)
def test_the_lowest_python_allowed_is_read_from_requires_python(
    spec: str, minor: int | None
) -> None:
    assert lowest_minor(spec) == minor


def test_requires_python_sets_ruffs_target_without_a_ruff_table(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "shop"\nrequires-python = ">=3.14"\n')
    assert project_ruff(tmp_path).target_version == "py314"


def test_ruffs_own_target_version_wins_over_requires_python(tmp_path: Path) -> None:
    text = '[project]\nrequires-python = ">=3.14"\n[tool.ruff]\ntarget-version = "py312"\n'
    write(tmp_path, "pyproject.toml", text)
    assert project_ruff(tmp_path).target_version == "py312"


def test_a_ruff_toml_takes_requires_python_from_the_pyproject_beside_it(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nrequires-python = ">=3.14"\n')
    write(tmp_path, "ruff.toml", "line-length = 100\n")
    assert project_ruff(tmp_path).target_version == "py314"


def test_deferred_annotations_on_314_are_not_an_undefined_name(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "shop"\nrequires-python = ">=3.14"\n')
    write(tmp_path, "shop/orders.py", DEFERRED)
    monkeypatch.chdir(tmp_path)
    assert "ruff:F821" not in sources(cli, "shop")


def test_without_requires_python_the_forward_name_is_still_reported(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "shop"\nrequires-python = ">=3.11"\n')
    write(tmp_path, "shop/orders.py", DEFERRED)
    monkeypatch.chdir(tmp_path)
    assert "ruff:F821" in sources(cli, "shop")
