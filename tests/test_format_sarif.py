"""SARIF 2.1.0: hand-built reviews and the real CLI, validated against the official schema."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reviewer.cli import main
from reviewer.config.options import ReviewConfig
from reviewer.formats import sarif
from reviewer.model import (
    AnalysisError,
    Category,
    Comment,
    Label,
    Location,
    Occurrence,
    Principle,
    Review,
    Rule,
    Severity,
    Summary,
)

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

SQL = Rule(
    "sql-injection",
    Category.SECURITY,
    Severity.BLOCKER,
    "SQL built from strings",
    "The query text is built from values at run time. A crafted value changes the query.",
    "Pass the values as parameters:\n\n```python\ncursor.execute(sql, (value,))\n```",
    ("ruff:S608",),
    references=("CWE-89", "https://example.org/sql"),
)
DIP = Rule(
    "concrete-dependency",
    Category.SOLID,
    Severity.MAJOR,
    "Depends on a concrete class",
    "The class builds what it needs.",
    "Pass it in.",
    ("design:dip",),
    principle=Principle.DIP,
    label=Label.SUGGESTION,
)
SHADOW = Rule(
    "shadowed-builtin",
    Category.READABILITY,
    Severity.MINOR,
    "Name that shadows a built-in",
    "It hides the built-in.",
    "Rename it.",
    ("ruff:A001",),
)
NAMING = Rule(
    "naming", Category.READABILITY, Severity.NIT, "Unusual name", "Names guide.", "Rename.", ("n",)
)
PRAISE = Rule(
    "injected", Category.SOLID, Severity.MINOR, "Injected", "Good.", "-", ("d",), label=Label.PRAISE
)
SOURCE = "".join(f"value_{n} = {n}\n" for n in range(1, 41))
SQL_SOURCE = '''\
"""Users."""

import os
import sqlite3


def find_user(db: sqlite3.Connection, user_id: str) -> list[tuple[str]]:
    """Rows of one user."""
    query = f"SELECT name FROM users WHERE id = {user_id}"
    return db.execute(query).fetchall()


def find_admin(db: sqlite3.Connection, user_id: str) -> list[tuple[str]]:
    """Rows of one administrator."""
    return db.execute(f"SELECT name FROM admins WHERE id = {user_id}").fetchall()
'''


# Helpers shared with the github and gitlab format tests.


def git(folder: Path, *args: str) -> str:
    """Run real git in a folder and return what it printed."""
    command = ["git", *args]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def make_repository(folder: Path) -> Path:
    """A real git repository with an author, so that commits work anywhere."""
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Review Tests")
    git(folder, "config", "user.email", "review-tests@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def write(path: str, text: str = SOURCE) -> str:
    """Write a file below the working directory and return its path as given."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


def comment(
    rule: Rule, *places: tuple[str, int, int], title: str = "", column: int = 0, symbol: str = ""
) -> Comment:
    """A comment of `rule` at (path, line, end_line) places, the first one primary."""
    occurrences = tuple(
        Occurrence(Location(path, line, end, column), symbol, ("message",), rule.sources)
        for path, line, end in places
    )
    return Comment(f"id-{rule.id}", rule, rule.severity, occurrences, title or rule.title, "body")


def review(
    *comments: Comment,
    praise: tuple[Comment, ...] = (),
    errors: tuple[AnalysisError, ...] = (),
    omitted: int = 0,
) -> Review:
    by_severity = {s.value: sum(c.severity is s for c in comments) for s in Severity}
    summary = Summary(2, 80, by_severity, {}, {}, omitted, sum(c.blocking for c in comments))
    return Review(("src",), summary, comments, praise, errors)


def sample_review() -> Review:
    """Four rules, one with three places in two files, praise and both kinds of error."""
    write("src/app/orders.py")
    write("src/app/users.py")
    return review(
        comment(SQL, ("src/app/orders.py", 9, 10), ("src/app/users.py", 3, 3), column=5),
        comment(DIP, ("src/app/orders.py", 20, 30), symbol="OrderService"),
        comment(SHADOW, ("src/app/users.py", 7, 7)),
        comment(NAMING, ("src/app/users.py", 12, 12), ("src/app/users.py", 14, 14)),
        praise=(comment(PRAISE, ("src/app/users.py", 1, 40)),),
        errors=(AnalysisError("mypy", "invalid syntax", "src/app/broken.py"),),
    )


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`review --no-cache ARGS` in-process, as the console script runs it."""
    code = main(["--no-cache", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A real git repository as the working directory."""
    monkeypatch.chdir(make_repository(tmp_path))
    yield tmp_path


@pytest.fixture
def sql_project(repository: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed SQL injection at src/app/users.py, with `src` as the working directory."""
    write("src/app/users.py", SQL_SOURCE)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "users")
    monkeypatch.chdir(repository / "src")
    return repository


# The schema and the log.


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    """The official SARIF 2.1.0 schema (OASIS), kept as test data in this repository."""
    assert SCHEMA.is_file(), f"the official SARIF schema is missing: {SCHEMA}"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def render(value: Review, config: ReviewConfig | None = None) -> Any:
    """The SARIF log of a review, parsed."""
    return json.loads(sarif.format(value, config or ReviewConfig()))


def only_run(log: Any) -> Any:
    [run] = log["runs"]
    return run


def results(log: Any) -> list[Any]:
    return list(only_run(log)["results"])


def rules(log: Any) -> dict[str, Any]:
    return {rule["id"]: rule for rule in only_run(log)["tool"]["driver"]["rules"]}


def uri(result: Any) -> str:
    return str(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])


def start_line(result: Any) -> int:
    return int(result["locations"][0]["physicalLocation"]["region"]["startLine"])


def fingerprint(result: Any) -> str:
    return str(result["partialFingerprints"][sarif.FINGERPRINT_KEY])


# Hand-built reviews.


def test_a_full_review_is_valid_sarif(
    repository: Path, validator: jsonschema.Draft7Validator
) -> None:
    log = render(sample_review())
    validator.validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == sarif.SCHEMA_URI
    driver = only_run(log)["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("review", "0.1.0")


def test_the_output_is_indented_and_the_same_every_time(repository: Path) -> None:
    value = sample_review()
    out = sarif.format(value, ReviewConfig())
    assert out == sarif.format(value, ReviewConfig())
    assert out.startswith('{\n  "$schema"')
    assert out.endswith("}\n")


def test_every_rule_used_is_described_once_and_praise_is_not_a_result(repository: Path) -> None:
    log = render(sample_review())
    assert list(rules(log)) == [
        "concrete-dependency",
        "naming",
        "shadowed-builtin",
        "sql-injection",
    ]
    assert {r["ruleId"] for r in results(log)} == set(rules(log))
    assert len(results(log)) == 6


def test_rule_descriptor_fields(repository: Path) -> None:
    described = rules(render(sample_review()))["sql-injection"]
    assert described["name"] == "SqlInjection"
    assert described["shortDescription"] == {"text": SQL.title}
    assert described["fullDescription"] == {"text": SQL.why}
    assert described["defaultConfiguration"] == {"level": "error"}
    help_ = described["help"]
    for part in (SQL.why, "cursor.execute(sql, (value,))", "https://example.org/sql", "CWE-89"):
        assert part in help_["text"]
        assert part in help_["markdown"]
    assert "[CWE-89](https://cwe.mitre.org/data/definitions/89.html)" in help_["markdown"]
    assert described["properties"] == {
        "tags": ["security", "external/cwe/cwe-089"],
        "precision": "high",
        "security-severity": "9.0",
    }


def test_security_severity_only_on_security_rules(repository: Path) -> None:
    described = rules(render(sample_review()))
    assert [r for r in described if "security-severity" in described[r]["properties"]] == [
        "sql-injection"
    ]
    dip = described["concrete-dependency"]["properties"]
    assert dip == {"tags": ["solid", "DIP"], "precision": "medium", "problem.severity": "error"}


@pytest.mark.parametrize(
    ("severity", "level", "score"),
    [
        (Severity.BLOCKER, "error", "9.0"),
        (Severity.MAJOR, "error", "7.0"),
        (Severity.MINOR, "warning", "4.0"),
        (Severity.NIT, "note", "2.0"),
    ],
)
def test_levels_and_security_severity_follow_the_configured_severity(
    repository: Path, severity: Severity, level: str, score: str
) -> None:
    write("a.py")
    config = ReviewConfig(rule_severity={"sql-injection": severity})
    value = review(Comment("c", SQL, severity, comment(SQL, ("a.py", 2, 2)).occurrences, "t"))
    log = render(value, config)
    described = rules(log)["sql-injection"]
    assert described["defaultConfiguration"] == {"level": level}
    assert described["properties"]["security-severity"] == score
    assert [r["level"] for r in results(log)] == [level]


def test_one_result_per_place_with_region_rule_index_and_message(repository: Path) -> None:
    log = render(sample_review())
    indexes = {rule_id: n for n, rule_id in enumerate(rules(log))}
    sql = [r for r in results(log) if r["ruleId"] == "sql-injection"]
    assert [uri(r) for r in sql] == ["src/app/orders.py", "src/app/users.py"]
    first = sql[0]
    assert first["ruleIndex"] == indexes["sql-injection"]
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"] == {"startLine": 9, "endLine": 10, "startColumn": 5}
    assert first["message"]["text"] == (
        "SQL built from strings. The query text is built from values at run time."
        " The same applies at [src/app/users.py:3](2)."
    )


def test_related_locations_are_the_comments_other_places(repository: Path) -> None:
    sql = [r for r in results(render(sample_review())) if r["ruleId"] == "sql-injection"]
    second = sql[1]
    [related] = second["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "src/app/orders.py"
    assert related["physicalLocation"]["region"]["startLine"] == 9
    assert "[src/app/orders.py:9](1)" in second["message"]["text"]
    alone = [r for r in results(render(sample_review())) if r["ruleId"] == "shadowed-builtin"]
    assert "relatedLocations" not in alone[0]


def test_no_column_means_no_start_column(repository: Path) -> None:
    [shadow] = [r for r in results(render(sample_review())) if r["ruleId"] == "shadowed-builtin"]
    region = shadow["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "endLine": 7}


def test_results_are_sorted_by_file_and_line(repository: Path) -> None:
    found = results(render(sample_review()))
    keys = [(uri(r), start_line(r)) for r in found]
    assert keys == sorted(keys)


def test_uris_are_relative_to_the_repository_root_from_a_subfolder(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("src/app/my file.py")
    monkeypatch.chdir(repository / "src")
    log = render(review(comment(SHADOW, ("app/my file.py", 1, 1))))
    assert [uri(r) for r in results(log)] == ["src/app/my%20file.py"]
    base = only_run(log)["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repository.resolve().as_uri() + "/"


def test_without_git_uris_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write("pkg/mod.py")
    log = render(review(comment(SHADOW, ("pkg/mod.py", 1, 1))))
    assert [uri(r) for r in results(log)] == ["pkg/mod.py"]


def test_a_file_outside_the_repository_gets_an_absolute_file_uri(
    repository: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "ext.py"
    outside.write_text(SOURCE, encoding="utf-8")
    [result] = results(render(review(comment(SHADOW, (str(outside), 1, 1)))))
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.resolve().as_uri()}


# Fingerprints.


def test_fingerprints_are_stable_and_differ_between_places(repository: Path) -> None:
    first = [fingerprint(r) for r in results(render(sample_review()))]
    second = [fingerprint(r) for r in results(render(sample_review()))]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{16}", f) for f in first)


def test_fingerprints_survive_lines_inserted_above(repository: Path) -> None:
    write("a.py")
    before = results(render(review(comment(SHADOW, ("a.py", 5, 5), ("a.py", 9, 9)))))
    write("a.py", "# a new first line\n\n" + SOURCE)
    after = results(render(review(comment(SHADOW, ("a.py", 7, 7), ("a.py", 11, 11)))))
    assert [fingerprint(r) for r in after] == [fingerprint(r) for r in before]


def test_a_new_place_earlier_in_the_review_keeps_the_others_fingerprints(repository: Path) -> None:
    write("b.py")
    write("a.py", "other = 1\n")
    before = results(render(review(comment(SHADOW, ("b.py", 5, 5)))))
    after = results(render(review(comment(SHADOW, ("a.py", 1, 1), ("b.py", 5, 5)))))
    assert fingerprint(before[0]) == fingerprint(after[1])


def test_the_same_code_twice_in_a_file_is_counted(repository: Path) -> None:
    write("a.py", "x = 1\nx = 1\n")
    found = results(render(review(comment(SHADOW, ("a.py", 1, 1), ("a.py", 2, 2)))))
    marks = [fingerprint(r) for r in found]
    assert len(set(marks)) == 2  # the identical lines are told apart by their count


# What could not be analyzed.


def test_errors_are_notifications_and_only_an_analyzer_failure_is_unsuccessful(
    repository: Path, validator: jsonschema.Draft7Validator
) -> None:
    file_error = AnalysisError("mypy", "invalid syntax", "src/broken.py")
    [invocation] = only_run(render(review(errors=(file_error,))))["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"] == "mypy: invalid syntax"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/broken.py"
    crash = AnalysisError("bandit", "bandit is not installed")
    log = render(review(errors=(file_error, crash)))
    validator.validate(log)
    [invocation] = only_run(log)["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [n["level"] for n in invocation["toolExecutionNotifications"]] == ["warning", "error"]


def test_an_empty_review_is_valid(repository: Path, validator: jsonschema.Draft7Validator) -> None:
    log = render(review())
    validator.validate(log)
    assert results(log) == []
    assert rules(log) == {}


# The real command line in a real git repository.


def test_cli_sarif_on_a_real_sql_injection(
    sql_project: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft7Validator
) -> None:
    code, out = run_cli(capsys, "app", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    validator.validate(log)
    found = results(log)
    sql = [r for r in found if r["ruleId"] == "sql-injection"]
    assert [start_line(r) for r in sql] == [9, 15]
    assert {uri(r) for r in found} == {"src/app/users.py"}
    described = rules(log)
    assert "unused-import" in described
    with_score = [r for r in described if "security-severity" in described[r]["properties"]]
    assert with_score == ["sql-injection"]
    assert described["sql-injection"]["properties"]["security-severity"] == "9.0"
    _, again = run_cli(capsys, "app", "--format", "sarif")
    fingerprints = [fingerprint(r) for r in found]
    assert fingerprints == [fingerprint(r) for r in results(json.loads(again))]
    assert len(set(fingerprints)) == len(fingerprints)


def with_messages(value: Comment, *messages: str) -> Comment:
    """The comment with the analyzers' own words at its first place."""
    first = dataclasses.replace(value.primary, messages=messages)
    return dataclasses.replace(value, occurrences=(first, *value.occurrences[1:]))


def test_the_message_carries_the_analyzers_specific_words(repository: Path) -> None:
    said = with_messages(comment(SQL, ("src/app/orders.py", 9, 9)), "Query built with `f[0]`")
    [result] = results(render(review(said)))
    assert result["message"]["text"].endswith("at run time. Details: Query built with `f\\[0\\]`.")
