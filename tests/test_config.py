"""Configuration files: found, validated with helpful messages, and overridden by the CLI."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.config.analyzers import RuffOptions
from reviewer.config.files import MAX_RUFF_THRESHOLD, load_settings, resolve
from reviewer.config.options import FailOn, OutputFormat, Overrides
from reviewer.config.thresholds import (
    DesignThresholds,
    PhpThresholds,
    Thresholds,
    threshold_names,
)
from reviewer.errors import ConfigError
from reviewer.inputs.discovery import SourceFile
from reviewer.model import Severity, Voice
from tests.helpers import Cli, write

SQL = 'def q(db, v):\n    return db.execute(f"SELECT * FROM t WHERE id = {v}")\n'


def config_error(folder: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(start=folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.reviewer]\nfail-on = "minor"\nmax-comments = 7\n')
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    settings = load_settings(start=tmp_path / "src" / "pkg")
    assert (settings.fail_on, settings.max_comments) == (FailOn.MINOR, 7)


def test_reviewer_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.reviewer]\nvoice = "peer"\n')
    write(tmp_path, ".reviewer.toml", 'voice = "mentor"\n')
    assert load_settings(start=tmp_path).voice is Voice.MENTOR


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.reviewer]\nvoice = "peer"\n')
    write(tmp_path, "sub/pyproject.toml", "[project]\nname = 'x'\n")
    assert load_settings(start=tmp_path / "sub").voice is Voice.PEER


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.reviewer]\nfail_on = "minor"\n')
    message = config_error(tmp_path)
    assert "pyproject.toml: unknown key 'fail_on'; did you mean 'fail-on'?" in message


def test_unknown_threshold_and_bad_values(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", "[thresholds]\nmax-complexty = 12\n")
    assert "unknown key 'thresholds.max-complexty'; did you mean 'max-complexity'?" in config_error(
        tmp_path
    )
    write(tmp_path, ".reviewer.toml", 'fail-on = "majr"\n')
    assert "'fail-on' cannot be 'majr'; did you mean 'major'?" in config_error(tmp_path)
    write(tmp_path, ".reviewer.toml", '[rules]\nunused-import = "silent"\n')
    assert "'rules.unused-import' cannot be 'silent'" in config_error(tmp_path)


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", "fail-on = \n")
    assert ".reviewer.toml: invalid TOML" in config_error(tmp_path)


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", 'fail-on = "nit"\nmax-comments = 3\nexclude = ["gen/*"]\n')
    settings = load_settings(start=tmp_path)
    config = resolve(Overrides(fail_on=FailOn.BLOCKER, exclude=("tmp/*",)), settings)
    assert (config.fail_on, config.max_comments) == (FailOn.BLOCKER, 3)
    # the file's globs are anchored to its folder; the command line's stay relative
    assert config.exclude == (f"{tmp_path.resolve().as_posix()}/gen/*", "tmp/*")
    assert resolve(Overrides(output_format=OutputFormat.MARKDOWN), settings).voice is Voice.MENTOR


def test_thresholds_and_rule_levels_reach_the_config(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".reviewer.toml",
        '[thresholds]\nmax-args = 8\nmin-dispatch-cases = 4\n[rules]\nunused-import = "off"\n'
        'missing-docstring = "minor"\n',
    )
    config = resolve(Overrides(), load_settings(start=tmp_path))
    assert config.thresholds.max_args == 8
    assert config.design_thresholds == DesignThresholds(min_dispatch_cases=4)
    assert config.php_thresholds == PhpThresholds(max_args=8, min_dispatch_cases=4)
    assert config.rule_severity == {"unused-import": None, "missing-docstring": Severity.MINOR}


def test_every_threshold_is_named_once_php_ones_too() -> None:
    names = threshold_names()
    assert len(names) == len(set(names))
    assert {"max-complexity", "min-dispatch-cases", "min-interface-methods", "min-writes"} <= set(
        names
    )


def test_php_only_thresholds_are_configurable(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", "[thresholds]\nmin-interface-methods = 9\nmin-writes = 3\n")
    config = resolve(Overrides(), load_settings(start=tmp_path))
    assert config.php_thresholds == PhpThresholds(min_interface_methods=9, min_writes=3)
    assert config.design_thresholds == DesignThresholds()


def test_cli_applies_the_file_and_rejects_unknown_rules(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(
        chdir_tmp,
        "pyproject.toml",
        '[tool.reviewer]\n[tool.reviewer.rules]\nsql-injection = "off"\n',
    )
    run = cli("app.py", "--format", "json")
    assert [c["rule"] for c in run.json()["comments"] if c["rule"] == "sql-injection"] == []
    write(chdir_tmp, "pyproject.toml", '[tool.reviewer.rules]\nsql-injektion = "off"\n')
    run = cli("app.py")
    assert run.code == 2
    assert run.err == (
        "review: error: pyproject.toml: unknown rule 'rules.sql-injektion'; "
        "did you mean 'sql-injection'?\n"
    )


def test_cli_config_syntax_error_exits_two(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", SQL)
    write(chdir_tmp, ".reviewer.toml", "[[broken\n")
    run = cli("app.py")
    assert run.code == 2
    assert run.err.startswith("review: error: ") and "invalid TOML" in run.err
    assert "Traceback" not in run.err


def test_a_ruff_threshold_is_bounded_and_a_design_one_is_not(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", "[thresholds]\nmax-statements = 1_000_001\n")
    message = config_error(tmp_path)
    assert message.endswith(
        "'thresholds.max-statements' must be a whole number from 1 to 1,000,000"
    )
    write(tmp_path, ".reviewer.toml", "[thresholds]\nmin-cohesion-lines = 1_000_001\n")
    assert load_settings(start=tmp_path).thresholds == {"min-cohesion-lines": 1_000_001}


def test_ruff_accepts_every_threshold_at_the_bound(tmp_path: Path) -> None:
    write(tmp_path, "app.py", SQL)
    bound = dict.fromkeys((f.name for f in dataclasses.fields(Thresholds)), MAX_RUFF_THRESHOLD)
    options = RuffOptions(("S608", "C901", "PLR0913"), Thresholds(**bound))
    result = RuffAnalyzer(options).run([SourceFile(str(tmp_path / "app.py"), "python")])
    assert (result.errors, [f.code for f in result.findings]) == ((), ["S608"])
