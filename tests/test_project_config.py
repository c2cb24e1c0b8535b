"""The project's own configuration honoured: its Python version, its analyzers' excludes,
its migrations left out, and syntax newer than review's Python said up front."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from reviewer.analyzers.tools.mypy_excludes import is_excluded
from reviewer.config.ruff_project import lowest_minor, project_ruff
from reviewer.languages.base import NewerSyntaxError
from reviewer.languages.python import read as read_python
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


MIGRATION = 'def upgrade(ready: bool) -> None:\n    """Add the orders table."""\n    assert ready\n    print("upgraded")\n'
LEGACY = 'def total() -> int:\n    """The total."""\n    count: int = "none"\n    return count\n'
PYPROJECT = """[project]
name = "shop"
requires-python = ">=3.11"

[tool.ruff]
extend-exclude = ["alembic"]

[tool.mypy]
exclude = "^legacy/"
"""


def test_each_analyzer_leaves_out_what_the_project_excludes_from_it(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "pyproject.toml", PYPROJECT)
    write(tmp_path, "alembic/env.py", MIGRATION)  # a print (ruff only), excluded from ruff
    write(tmp_path, "legacy/old.py", LEGACY)  # a str declared int (mypy only), excluded from mypy
    monkeypatch.chdir(tmp_path)
    report = cli(".", "-f", "json", "--no-cache").json()
    found = {s for comment in report["comments"] for s in comment["sources"]}
    places = {place["path"] for c in report["comments"] for place in c["locations"]}
    assert "ruff:T201" not in found
    assert not any(source.startswith("mypy:") for source in found)
    assert "bandit:B101" in found  # the other analyzers still read them
    assert {"alembic/env.py", "legacy/old.py"} <= places


@pytest.mark.parametrize(
    ("path", "pattern", "excluded"),
    [
        ("alembic/versions/001_add.py", "^alembic/", True),
        ("app/alembic.py", "^alembic/", False),
        ("app/setup.py", r"setup\.py$", True),
        ("build/lib/app.py", "/lib/", True),
    ],
)
def test_mypy_exclude_matches_folders_and_files_as_mypy_does(
    path: str, pattern: str, excluded: bool
) -> None:
    assert is_excluded(path, [re.compile(pattern)]) is excluded


DJANGO_MIGRATION = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.AddField("order", "paid", models.BooleanField(default=False))]
"""
ALEMBIC_REVISION = '''"""add paid

Revision ID: 1a2b3c
"""
from alembic import op

revision: str = "1a2b3c"
down_revision: str | None = None


def upgrade() -> None:
    op.execute("UPDATE orders SET paid = 0")
'''
VIEW = 'def paid(order: dict[str, bool]) -> bool:\n    """Whether it is paid."""\n    return order["paid"]\n'


def migration_project(root: Path) -> None:
    write(root, "pyproject.toml", '[project]\nname = "shop"\n')
    write(root, "shop/views.py", VIEW)
    write(root, "shop/migrations/__init__.py", "")
    write(root, "shop/migrations/0002_paid.py", DJANGO_MIGRATION)
    write(root, "alembic/env.py", "from alembic import context\n\ncontext.configure()\n")
    write(root, "alembic/script.py.mako", "${upgrades}\n")
    write(root, "alembic/versions/1a2b3c_paid.py", ALEMBIC_REVISION)
    write(root, "db/versions/9f_more.py", ALEMBIC_REVISION)


def test_migrations_are_left_out_by_default_and_named(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    migration_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = cli(".", "-f", "json", "--no-cache")
    assert run.json()["summary"]["files"] == 1  # shop/views.py
    assert "alembic/ (Alembic migrations)" in run.err
    assert "shop/migrations/ (Django migrations)" in run.err
    assert "db/versions/ (Alembic migrations)" in run.err
    assert "include-migrations = true" in run.err


def test_include_migrations_reviews_them_again(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    migration_project(tmp_path)
    write(tmp_path, ".reviewer.toml", "include-migrations = true\n")
    monkeypatch.chdir(tmp_path)
    run = cli(".", "-f", "json", "--no-cache")
    assert run.json()["summary"]["files"] == 6
    assert "migrations" not in run.err


def test_a_folder_named_migrations_without_migrations_is_reviewed(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "shop/migrations/helpers.py", VIEW)
    monkeypatch.chdir(tmp_path)
    assert cli(".", "-f", "json", "--no-cache").json()["summary"]["files"] == 1


AUTH_314 = '''"""Signing in."""


def token_of(header: str) -> str | None:
    """The bearer token of an Authorization header."""
    try:
        scheme, token = header.split(" ", 1)
    except ValueError, TypeError:
        return None
    print(scheme)
    return token
'''


def newer_syntax_project(root: Path) -> None:
    write(root, "pyproject.toml", '[project]\nname = "shop"\nrequires-python = ">=3.14"\n')
    write(root, "shop/auth.py", AUTH_314)
    write(root, "shop/views.py", VIEW)


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python reads 3.14 syntax")
def test_newer_syntax_is_said_up_front_and_ruff_still_reviews_it(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer_syntax_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = cli("shop", "-f", "json", "--no-cache").json()
    assert report["errors"] == []
    assert report["summary"]["files"] == 2  # auth.py is reviewed, by ruff
    (note,) = report["notes"]
    assert note.startswith("shop/auth.py uses `except A, B:` without parentheses")
    assert "needs Python 3.14" in note and "only ruff reviewed it" in note
    found = {(c["path"], s) for c in report["comments"] for s in c["sources"]}
    assert ("shop/auth.py", "ruff:T201") in found


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python reads 3.12 syntax")
@pytest.mark.parametrize(
    ("source", "construct"),
    [
        ("type Point = tuple[int, int]\n", "a `type` statement"),
        ("def first[T](items: list[T]) -> T:\n    return items[0]\n", "type parameters"),
        ("class Box[T]:\n    item: T\n", "type parameters"),
        ('names = {"a": "b"}\nshown = f"{names["a"]}"\n', "an f-string"),
    ],
)
def test_pep_695_and_701_syntax_is_named_with_its_python(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, source: str, construct: str
) -> None:
    write(tmp_path, "shapes.py", source)
    monkeypatch.chdir(tmp_path)
    report = cli(".", "-f", "json", "--no-cache").json()
    assert report["errors"] == []
    (note,) = report["notes"]
    assert f"shapes.py uses {construct}" in note and "needs Python 3.12" in note


def test_syntax_no_python_reads_is_still_an_error(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "broken.py", "def total(:\n    return 1\n")
    monkeypatch.chdir(tmp_path)
    report = cli(".", "-f", "json", "--no-cache").json()
    assert report["notes"] == []
    assert [e["path"] for e in report["errors"]] == ["broken.py"]


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python reads 3.14 syntax")
def test_newer_syntax_is_remembered_as_such_in_the_cache(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer_syntax_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    cli("shop", "-f", "json", "--cache-dir", "cache")
    write(tmp_path, "shop/views.py", VIEW + "\n\nLIMIT = 3\n")  # the review is not reused
    report = cli("shop", "-f", "json", "--cache-dir", "cache").json()
    assert report["errors"] == []
    assert "needs Python 3.14" in report["notes"][0]


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    pass\nexcept ValueError, error:\n    pass\n",  # Python 2, not 3.14
        'shown = f"{total"\n',  # a brace never closed, in any Python
    ],
)
def test_syntax_that_only_looks_newer_is_not_called_newer(source: str) -> None:
    with pytest.raises(SyntaxError) as raised:
        read_python(source.encode())
    assert not isinstance(raised.value, NewerSyntaxError)


def test_a_subfolder_reviewed_from_the_top_reads_its_own_pyproject(
    chdir_tmp: Path, cli: Cli
) -> None:
    """`review backend` from the top of a repository: backend's pyproject.toml says Python
    3.14, whose annotations are evaluated lazily (PEP 649), so a forward reference in one is
    not an undefined name, as ruff run in backend/ says too."""
    write(
        chdir_tmp, "backend/pyproject.toml", '[project]\nname = "b"\nrequires-python = ">=3.14"\n'
    )
    write(
        chdir_tmp,
        "backend/models.py",
        "class User:\n    items: list[Item]\n\n\nclass Item:\n    owner: User\n",
    )

    rules = [c["rule"] for c in cli("backend", "-f", "json").json()["comments"]]

    assert "undefined-name" not in rules
