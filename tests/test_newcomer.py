"""A newcomer's first hour, as written: the package name, the pasted pre-commit snippet, the
GitHub Action and the CI recipes, and the whole flow from a fresh clone (issue 14)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, write

DISTRIBUTION = "senior-review"
SCHEMAS = REPO / "tests" / "data" / "ci-schemas"
RECIPES = REPO / "docs" / "ci"
CLEAN = '"""Maths."""\n\n\ndef double(value: int) -> int:\n    """Twice the value."""\n    return value * 2\n'
INJECTION = (
    '"""Users."""\n\nimport sqlite3\n\n\n'
    "def find(db: sqlite3.Connection, name: str) -> list[str]:\n"
    '    """Rows named so."""\n'
    "    return db.execute(f\"SELECT id FROM users WHERE name = '{name}'\").fetchall()\n"
)


def run(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=folder, capture_output=True, text=True, env=env, check=False
    )


def review(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(folder, sys.executable, "-m", "reviewer", *args)


def readme_block(marker: str) -> str:
    """The fenced block right after `<!-- snippet:NAME -->` in the README, without its fences."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    tag = f"<!-- snippet:{marker} -->"
    if tag not in text:
        pytest.skip(f"README.md has no {tag} marker yet")
    after = text.split(tag, 1)[1].lstrip("\n")
    assert after.startswith("```"), f"{tag} must be followed by a fenced block"
    return after.split("\n", 1)[1].split("\n```", 1)[0] + "\n"


def git_repository(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.email", "d@example.com"],
        ["config", "user.name", "Dev"],
        ["config", "commit.gpgsign", "false"],
    ):
        run(folder, "git", *args)
    return folder


def init_snippet(folder: Path) -> str:
    """What `review init` tells a newcomer to paste into .pre-commit-config.yaml."""
    done = review(folder, "init")
    assert done.returncode == 0, done.stderr
    return done.stdout[done.stdout.index("repos:") :]


# Item 2: the name on the index


def test_the_package_is_installed_under_its_own_name() -> None:
    """`reviewer` on the index is an unrelated tool with a `review` command of its own."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    scripts = metadata.distribution(DISTRIBUTION).entry_points.select(group="console_scripts")
    assert [(script.name, script.value) for script in scripts] == [("review", "reviewer.cli:main")]


def test_init_names_this_package_not_the_unrelated_one(tmp_path: Path) -> None:
    review(tmp_path, "init")
    header = (tmp_path / ".reviewer.toml").read_text(encoding="utf-8").splitlines()[0]
    assert DISTRIBUTION in header
    assert "pypi.org/project/reviewer" not in header


def test_the_readme_installs_no_unrelated_package() -> None:
    readme_block("pre-commit")  # the README carries issue 14's recipes
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"pip install\s+(-\S+\s+)*reviewer\b", text)


# Item 3: the pre-commit snippet, pasted as printed


def test_the_readme_snippet_is_the_one_init_prints(tmp_path: Path) -> None:
    assert readme_block("pre-commit") == init_snippet(tmp_path)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository's committed HEAD, on a branch named `main`."""
    target = tmp_path_factory.mktemp("clone") / "review"
    done = run(REPO, "git", "clone", "-q", "--no-local", str(REPO), str(target))
    assert done.returncode == 0, done.stderr
    run(target, "git", "checkout", "-q", "-B", "main")
    return target


@pytest.fixture(scope="module")
def hooked(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project whose .pre-commit-config.yaml is `review init`'s snippet, pasted as printed
    with only `repo:` pointing at the clone, then pinned by `pre-commit autoupdate --freeze`."""
    folder = git_repository(tmp_path_factory.mktemp("hooked") / "project")
    snippet = init_snippet(folder)
    (folder / ".reviewer.toml").unlink()
    pasted = re.sub(r"(?m)^(\s*- repo: )\S+", lambda m: m[1] + clone.as_posix(), snippet)
    write(folder, ".pre-commit-config.yaml", pasted)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    for step in ("autoupdate", "--freeze"), ("install",):
        done = run(folder, sys.executable, "-m", "pre_commit", *step, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    return folder, env


def commit(
    folder: Path, env: dict[str, str], name: str, text: str
) -> subprocess.CompletedProcess[str]:
    write(folder, name, text)
    run(folder, "git", "add", name)
    return run(folder, "git", "commit", "-m", f"add {name}", env=env)


def test_the_snippet_s_rev_is_fetched_from_a_fresh_clone_as_written(
    clone: Path, tmp_path: Path
) -> None:
    """pre-commit fetches `rev` from the repository: it must name something there (no tag
    `v0.1.0` exists; tags are not carried)."""
    config = yaml.safe_load(init_snippet(tmp_path))
    rev = config["repos"][0]["rev"]
    fetcher = git_repository(tmp_path / "fetcher")
    done = run(fetcher, "git", "fetch", "-q", "--depth=1", clone.as_posix(), rev)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_autoupdate_freeze_pins_the_snippet_to_a_commit(
    hooked: tuple[Path, dict[str, str]], clone: Path
) -> None:
    folder, _ = hooked
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    head = run(clone, "git", "rev-parse", "HEAD").stdout.strip()
    assert config["repos"][0]["rev"] == head


@pytest.mark.slow
def test_the_pasted_snippet_passes_clean_code_and_refuses_an_injection(
    hooked: tuple[Path, dict[str, str]],
) -> None:
    folder, env = hooked
    run(folder, "git", "add", ".pre-commit-config.yaml")
    clean = commit(folder, env, "maths.py", CLEAN)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    refused = commit(folder, env, "users.py", INJECTION)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "SQL built from strings in `find`" in output
    assert run(folder, "git", "log", "--oneline").stdout.count("\n") == 1
