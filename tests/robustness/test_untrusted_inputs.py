"""Issue 13, "Untrusted trees": what gets reviewed. A tree decides neither which of its files
escape review (deep nesting, folder names) nor how the review runs (a config's timeout, its
excludes, its shape); each case runs the real `review` command on real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.config.files import load_settings
from tests.helpers import Cli, write
from tests.robustness.real_command import review


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
    # radon's and bandit's recursive visitors get the room they need: both check the file too
    assert not [e for e in run.errors("chain.py") if e[0] in {"radon", "bandit"}]
    assert "Traceback" not in run.err


# Item 12 ------------------------------------------------------------------------------------

EVAL_MODULE = (
    '"""A module."""\n\n\ndef run(text: str) -> object:\n    """Run."""\n    return eval(text)\n'
)
EVAL_PHP = '<?php\nfunction run(string $formula) {\n    return eval("return $formula;");\n}\n'


def test_folders_named_like_build_output_are_reviewed_unless_they_are(tmp_path: Path) -> None:
    """`build/` here is a package and `vendor/` holds no Composer files: both are code. `env/`
    holds a pyvenv.cfg: a virtual environment, skipped, and said so on stderr."""
    write(tmp_path, "app.py", '"""The app."""\n')
    write(tmp_path, "build/__init__.py", EVAL_MODULE)
    write(tmp_path, "vendor/Formula.php", EVAL_PHP)
    write(tmp_path, "env/pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path, "env/lib/tool.py", EVAL_MODULE)
    run = review(tmp_path, ".", "--format", "json")
    commented = run.commented()
    assert {"build/__init__.py", "vendor/Formula.php"} <= commented
    assert "env/lib/tool.py" not in commented
    assert run.code == 1
    assert "review: skipped env/ (a virtual environment); name a folder to review it" in run.err


@pytest.mark.slow
def test_real_build_output_and_composer_packages_are_skipped_and_named(tmp_path: Path) -> None:
    """setuptools' `build/` (no __init__.py) and Composer's `vendor/` are not the project's
    code; naming the folder on the command line reviews it anyway."""
    write(tmp_path, "app.py", '"""The app."""\n')
    write(tmp_path, "build/lib/app.py", EVAL_MODULE)
    write(tmp_path, "vendor/autoload.php", "<?php\n")
    write(tmp_path, "vendor/acme/Formula.php", EVAL_PHP)
    run = review(tmp_path, ".", "--format", "json")
    assert (run.code, run.json()["comments"]) == (0, [])
    assert "skipped build/ (build output), vendor/ (Composer packages)" in run.err
    named = review(tmp_path, "build", "--format", "json")
    assert named.code == 1
    assert "build/lib/app.py" in named.commented()
    assert "skipped" not in named.err


# Item 16 ------------------------------------------------------------------------------------

TIMEOUT_MESSAGE = "'timeout' must be a number of seconds above 0 and at most 86,400"


@pytest.mark.parametrize(
    "value", ["0", "-1", "86401", "2592000", "1e8", "inf", "-inf", "nan", "true", '"30"']
)
def test_a_timeout_out_of_bounds_is_a_config_error(chdir_tmp: Path, cli: Cli, value: str) -> None:
    """30 days, 1e8, inf or nan lost the tools' findings or ended in a traceback."""
    write(chdir_tmp, ".reviewer.toml", f"timeout = {value}\n")
    write(chdir_tmp, "app.py", '"""The app."""\n')
    run = cli(".")
    assert run.code == 2
    assert run.err == f"review: error: .reviewer.toml: {TIMEOUT_MESSAGE}\n"


@pytest.mark.parametrize("value", ["0.05", "1", "2.5", "86400"])
def test_a_timeout_in_bounds_is_taken(chdir_tmp: Path, value: str) -> None:
    write(chdir_tmp, ".reviewer.toml", f"timeout = {value}\n")
    assert load_settings().timeout == float(value)


# Item 18 ------------------------------------------------------------------------------------


def _project_with_generated_code(parent: Path) -> None:
    write(parent, "proj/pyproject.toml", '[tool.reviewer]\nexclude = ["pkg/gen/*"]\n')
    write(parent, "proj/pkg/__init__.py", '"""The package."""\n')
    write(parent, "proj/pkg/gen/x.py", EVAL_MODULE)
    write(parent, "proj/pkg/other/x.py", EVAL_MODULE)


@pytest.mark.parametrize(
    ("where", "args", "shown"),
    [
        ("proj", ["."], "pkg/"),  # the config's own folder
        ("proj/pkg", ["."], ""),  # below it: the config is found above, its globs still hold
    ],
)
def test_a_config_files_excludes_are_relative_to_its_folder(
    tmp_path: Path, where: str, args: list[str], shown: str
) -> None:
    """`pkg/gen/*` in proj/pyproject.toml means proj/pkg/gen wherever review runs from."""
    _project_with_generated_code(tmp_path)
    commented = review(tmp_path / where, *args, "--format", "json").commented()
    assert f"{shown}gen/x.py" not in commented
    assert f"{shown}other/x.py" in commented


def test_a_config_named_with_config_has_its_excludes_read_from_the_working_directory(
    tmp_path: Path,
) -> None:
    """As ruff reads a `--config` file: CI can keep the base branch's settings anywhere (a
    temporary folder) and review the checkout with them."""
    _project_with_generated_code(tmp_path)
    write(tmp_path, "elsewhere/review.toml", 'exclude = ["proj/pkg/other/*"]\n')
    run = review(tmp_path, "--config", "elsewhere/review.toml", "proj", "--format", "json")
    assert run.commented() == {"proj/pkg/gen/x.py"}


def test_a_command_line_exclude_is_relative_to_the_working_directory(tmp_path: Path) -> None:
    """`review proj` from above reads proj's own settings, as ruff reads those beside the
    files it checks (pkg/gen is excluded there); the command line's glob is read from here."""
    _project_with_generated_code(tmp_path)
    write(tmp_path, "proj/pkg/kept/x.py", EVAL_MODULE)
    run = review(tmp_path, "proj", "--exclude", "proj/pkg/other/*", "--format", "json")
    assert run.commented() == {"proj/pkg/kept/x.py"}


# Item 24 (this part) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("tool = 5\n", "'tool' must be a table"),
        ('tool = "x"\n', "'tool' must be a table"),
        ("[[tool.reviewer]]\nfail-on = 'nit'\n", "'tool.reviewer' must be a table"),
        ("[tool]\nreviewer = 3\n", "'tool.reviewer' must be a table"),
    ],
)
def test_a_pyproject_of_the_wrong_shape_is_one_config_error(
    chdir_tmp: Path, cli: Cli, pyproject: str, message: str
) -> None:
    """A traceback (or, for an array of tables, settings silently ignored) before."""
    write(chdir_tmp, "pyproject.toml", pyproject)
    write(chdir_tmp, "app.py", '"""The app."""\n')
    run = cli(".")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(f"review: error: pyproject.toml: {message}")
    assert run.err.count("\n") == 1


def test_a_deleted_working_directory_is_one_line(tmp_path: Path) -> None:
    """`cd` into a folder, delete it, run review: Path.cwd() raised FileNotFoundError."""
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'rmdir "$PWD" && exec "{sys.executable}" -m reviewer --no-cache .'
    done = subprocess.run(
        ["sh", "-c", script], cwd=gone, capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "review: error: the working directory no longer exists\n"


# Item 6 (this part): a symlinked config is read, never written through ----------------------


def test_review_init_never_writes_through_a_planted_config_link(tmp_path: Path) -> None:
    """Reading settings through a `.reviewer.toml` link is what ruff and mypy do too; the one
    command that writes a config refuses a link at its name, dangling ones included. (A guard:
    this held before issue 13.)"""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (repo / ".reviewer.toml").symlink_to(outside / "planted.toml")
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "init"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "already exists; it was left as it is" in done.stderr
    assert list(outside.iterdir()) == []
