"""Rule ids accept the analyzers' codes (issue 14, item 8), and rules are chosen as ruff
chooses them (item 9): --select, --ignore, --extend-select, per-file-ignores, .gitignore and
the project's own [tool.ruff]."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from reviewer.catalog.rules import load_catalog
from reviewer.errors import CatalogError
from tests.helpers import Cli, write

QUERY = 'db.execute(f"SELECT * FROM t WHERE id = {v}")'
SQL = f"def a(db, v):\n    return {QUERY}\n"


def rules_found(cli: Cli, *args: str) -> list[tuple[str, str]]:
    run = cli(*args, "--format", "json", "--fail-on", "never")
    assert run.code in (0, 3), run.err
    report = run.json()
    return sorted((c["rule"], loc["path"]) for c in report["comments"] for loc in c["locations"])


def rule_ids(cli: Cli, *args: str) -> set[str]:
    return {rule for rule, _ in rules_found(cli, *args)}


# Item 8: codes everywhere a rule id goes


@pytest.mark.parametrize("code", ["S608", "B608", "ruff:S608", "bandit:B608"])
def test_explain_accepts_an_analyzer_code(cli: Cli, code: str) -> None:
    run = cli("explain", code)
    assert run.code == 0, run.err
    first, _, page = run.out.partition("\n\n")
    assert "sql-injection" in first and code in first
    assert page.startswith("sql-injection: ")


def test_explain_accepts_a_mypy_error_code(cli: Cli) -> None:
    run = cli("explain", "mypy:arg-type")
    assert run.code == 0, run.err
    assert "argument-type-mismatch: " in run.out


RULE = """\
  - id: {id}
    category: correctness
    severity: minor
    title: A rule
    why: Because.
    how: Like this.
    sources: [{source}]
"""


def test_a_code_two_analyzers_share_is_ambiguous(tmp_path: Path) -> None:
    rules = RULE.format(id="one", source="ruff:X100") + RULE.format(id="two", source="bandit:X100")
    write(tmp_path, "rules.yaml", "rules:\n" + rules)
    catalog = load_catalog(tmp_path)
    with pytest.raises(CatalogError, match=r"'X100' is ambiguous: bandit:X100 \(two\), "):
        catalog.resolve("X100")
    assert catalog.resolve("ruff:X100").rule.id == "one"


def test_explain_an_unknown_code_is_a_usage_error(cli: Cli) -> None:
    run = cli("explain", "XYZ123")
    assert run.code == 2
    assert run.err.startswith("review: error: unknown rule 'XYZ123'")


def test_a_suppression_may_name_the_code(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL.replace(")\n", ")  # review: ignore[S608]\n"))
    run = cli("app.py", "--format", "json", "--fail-on", "never")
    assert "sql-injection" not in {c["rule"] for c in run.json()["comments"]}
    assert not run.json()["errors"], run.out


def test_a_suppression_naming_an_unknown_code_is_reported(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL.replace(")\n", ")  # review: ignore[XYZ123]\n"))
    errors = cli("app.py", "--format", "json", "--fail-on", "never").json()["errors"]
    assert any("unknown rule 'XYZ123'" in str(e) for e in errors)


def test_config_rules_keys_may_be_codes(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(chdir_tmp, ".reviewer.toml", '[rules]\nS608 = "off"\n')
    assert "sql-injection" not in rule_ids(cli, "app.py")


def test_config_rules_key_unknown_code_is_a_config_error(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(chdir_tmp, ".reviewer.toml", '[rules]\nXYZ123 = "off"\n')
    run = cli("app.py")
    assert run.code == 2
    assert "unknown rule 'rules.XYZ123'" in run.err


# Item 9: selection like ruff

MIXED = (
    SQL
    + "\n\ndef b(x):\n    return x * 86400\n\n\ndef c(cmd):\n    import os\n    os.system(cmd)\n"
)


@pytest.mark.slow
def test_select_takes_ids_categories_and_codes(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", MIXED)
    everything = rule_ids(cli, "app.py")
    assert {"sql-injection", "missing-docstring"} <= everything
    assert rule_ids(cli, "app.py", "--select", "S608") == {"sql-injection"}
    assert rule_ids(cli, "app.py", "--select", "missing-docstring,B608") == {
        "missing-docstring",
        "sql-injection",
    }
    # a code prefix selects the family, as ruff's does: S6 is S602, S605, S608...
    assert {"sql-injection", "subprocess-shell"} <= rule_ids(cli, "app.py", "--select", "S6")
    security = rule_ids(cli, "app.py", "--select", "security")
    assert "sql-injection" in security and "missing-docstring" not in security


@pytest.mark.slow
def test_ignore_removes_and_extend_select_adds(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", MIXED)
    everything = rule_ids(cli, "app.py")
    assert rule_ids(cli, "app.py", "--ignore", "ruff:S608") == everything - {"sql-injection"}
    added = rule_ids(cli, "app.py", "--select", "S608", "--extend-select", "missing-docstring")
    assert added == {"sql-injection", "missing-docstring"}
    assert rule_ids(cli, "app.py", "--select", "security", "--ignore", "B608") == (
        rule_ids(cli, "app.py", "--select", "security") - {"sql-injection"}
    )


def test_select_naming_an_unknown_rule_is_a_usage_error(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    run = cli("app.py", "--select", "sql-injektion")
    assert run.code == 2
    assert "unknown rule or category 'sql-injektion'" in run.err
    assert "did you mean 'sql-injection'?" in run.err


def test_config_select_ignore_and_per_file_ignores(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(chdir_tmp, "tests/test_app.py", SQL)
    write(chdir_tmp, "other.py", SQL)
    settings = (
        'select = ["security", "missing-docstring"]\nignore = ["missing-docstring"]\n'
        '[per-file-ignores]\n"app.py" = ["S608"]\n"tests/*" = ["sql-injection"]\n'
    )
    write(chdir_tmp, ".reviewer.toml", settings)
    assert rules_found(cli, ".") == [("sql-injection", "other.py")]


def test_config_extend_select_and_bad_per_file_ignores(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", MIXED)
    write(chdir_tmp, ".reviewer.toml", 'select = ["S608"]\nextend-select = ["missing-docstring"]\n')
    assert rule_ids(cli, "app.py") == {"sql-injection", "missing-docstring"}
    write(chdir_tmp, ".reviewer.toml", '[per-file-ignores]\n"*.py" = "S608"\n')
    run = cli("app.py")
    assert run.code == 2 and "'per-file-ignores.*.py' must be a list of strings" in run.err


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def reviewed_paths(cli: Cli, *args: str) -> set[str]:
    return {path for _, path in rules_found(cli, *args, "--select", "S608")}


@pytest.mark.slow
def test_gitignore_is_respected_in_a_repository(cli: Cli, chdir_tmp: Path) -> None:
    for name in ("app.py", "generated/gen.py", "local_x.py", "kept/local_y.py"):
        write(chdir_tmp, name, SQL)
    write(chdir_tmp, ".gitignore", "generated/\nlocal_*.py\n")
    assert len(reviewed_paths(cli, ".")) == 4  # not a repository yet: .gitignore means nothing
    git(chdir_tmp, "init", "-q")
    git(chdir_tmp, "add", "-f", "kept/local_y.py")  # tracked: git no longer ignores it
    assert reviewed_paths(cli, ".") == {"app.py", "kept/local_y.py"}
    assert reviewed_paths(cli, "local_x.py") == {"local_x.py"}  # named: reviewed, as ruff does


PROJECT_RUFF = """\
[tool.ruff]
extend-exclude = ["gen"]
target-version = "py38"

[tool.ruff.lint]
ignore = ["S", "ZZZ9"]
per-file-ignores = {"sub/*" = ["F"]}
"""


def test_the_projects_ruff_settings_are_honoured_for_ruffs_findings(
    cli: Cli, chdir_tmp: Path
) -> None:
    for name in ("app.py", "gen/g.py", "sub/s.py"):
        write(chdir_tmp, name, "import os\n\n\n" + SQL)
    write(chdir_tmp, "pyproject.toml", PROJECT_RUFF)
    args = ("--select", "unused-import,sql-injection", "--format", "json", "--fail-on", "never")
    report = cli(".", *args).json()
    assert report["errors"] == []  # ZZZ9, unknown to ruff, is not handed to it
    found = {c["rule"]: c for c in report["comments"]}
    assert {loc["path"] for loc in found["unused-import"]["locations"]} == {"app.py"}
    # the project decided ruff's S608, not bandit's B608: the same problem is still reported
    assert found["sql-injection"]["sources"] == ["bandit:B608"]
    assert len(found["sql-injection"]["locations"]) == 3
    # a folder the project excludes from ruff, named on the command line: checked, as ruff does
    assert rule_ids(cli, "gen", "--select", "unused-import") == {"unused-import"}


def test_the_projects_ruff_target_version_reaches_ruff(chdir_tmp: Path) -> None:
    from reviewer.analyzers.tools.ruff import RuffAnalyzer
    from reviewer.config.analyzers import RuffOptions
    from reviewer.config.files import load_settings, resolve
    from reviewer.config.options import Overrides

    write(chdir_tmp, "ruff.toml", 'target-version = "py38"\n[lint]\nignore = ["F401"]\n')
    config = resolve(Overrides(), load_settings())
    command = RuffAnalyzer(RuffOptions(("F", "S608"), project=config.project_ruff)).command([])
    assert "--target-version=py38" in command and "--ignore=F401" in command, command


def test_no_respect_gitignore_reviews_what_git_ignores(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(chdir_tmp, "generated/gen.py", SQL)
    write(chdir_tmp, ".gitignore", "generated/\n")
    git(chdir_tmp, "init", "-q")
    assert reviewed_paths(cli, ".", "--no-respect-gitignore") == {"app.py", "generated/gen.py"}


def test_with_config_the_trees_ruff_settings_are_not_read(cli: Cli, chdir_tmp: Path) -> None:
    tree, base = chdir_tmp / "checkout", chdir_tmp / "base"
    write(tree, "app.py", "import os\n")
    write(tree, "pyproject.toml", '[tool.ruff.lint]\nignore = ["F"]\n')  # the change's own
    write(base, "pyproject.toml", '[tool.reviewer]\nfail-on = "never"\n')  # the base branch's
    os.chdir(tree)  # chdir_tmp goes back where it was
    assert rule_ids(cli, ".", "--select", "unused-import") == set()
    settings = str(base / "pyproject.toml")
    chosen = rule_ids(cli, ".", "--select", "unused-import", "--config", settings)
    assert chosen == {"unused-import"}


def test_a_change_to_the_projects_ruff_settings_is_not_hidden_by_the_cache(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer.cli import main

    write(chdir_tmp, "app.py", "import os\n")
    args = ["app.py", "--select", "unused-import", "--format", "json", "--fail-on", "never"]

    def found() -> list[object]:
        main([*args, "--cache-dir", str(chdir_tmp / "cache")])
        return json.loads(capsys.readouterr().out)["comments"]  # type: ignore[no-any-return]

    assert found()
    write(chdir_tmp, "pyproject.toml", '[tool.ruff.lint]\nignore = ["F401"]\n')
    assert found() == []
