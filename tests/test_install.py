"""The wheel carries the catalog and templates: an installed `review` works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO, write


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("senior_review-*.whl")
    return built


def test_wheel_contains_rules_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("reviewer/_data/rules/") and n.endswith(".yaml") for n in names)
    assert "reviewer/_data/templates/comments/default.md.j2" in names


def test_installed_review_runs_from_an_unrelated_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    write(
        work,
        "users.py",
        'def q(db, v):\n    return db.execute(f"SELECT * FROM t WHERE id = {v}")\n',
    )
    environment = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "users.py", "--no-cache", "--format", "json"],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert '"bandit:B608"' in done.stdout
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reviewer.runtime.resources import data_dir; print(data_dir('rules'))",
        ],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)
