"""The sample projects are the demo and the regression fixtures: their reviews are pinned."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.helpers import SAMPLES, Cli, CliRun

PROBLEMS = "sample_projects/orders_api"
CLEAN = "sample_projects/orders_api_clean"

# Rule ids the problem project must earn, at least one comment each.
EXPECTED_RULES = {
    "sql-injection",
    "unsafe-deserialization",
    "code-injection",
    "hardcoded-secret",
    "weak-hash",
    "subprocess-shell",
    "insecure-random",
    "insecure-temp-file",
    "url-open-any-scheme",
    "bind-all-interfaces",
    "assert-as-runtime-check",
    "argument-type-mismatch",
    "return-type-mismatch",
    "value-may-be-none",  # `self.get(...)` may find nothing: a minor since issue 16
    "mutable-default-argument",
    "call-in-default-argument",
    "naive-datetime",
    "swallowed-exception",
    "jump-in-finally",
    "raise-without-from",
    "broad-except",
    "complex-function",
    "too-many-parameters",
    "missing-type-hints",
    "print-statement",
    "global-state",
    "unused-variable",
    "unused-import",
    "commented-out-code",
    "naming-convention",
    "missing-docstring",
}

# (rule, file, line) of comments whose place is part of the contract.
PINNED = {
    ("sql-injection", "orders_api/repositories.py", 50),
    ("complex-function", "orders_api/pricing.py", 10),
    ("argument-type-mismatch", "orders_api/delivery_time.py", 50),
    ("value-may-be-none", "orders_api/repositories.py", 79),
}


@pytest.fixture(scope="module")
def problem_review(repo_cli: Cli) -> CliRun:
    return repo_cli(PROBLEMS, "--format", "json", "--fail-on", "never")


def test_problem_sample_earns_the_expected_rules(problem_review: CliRun) -> None:
    found = {c["rule"] for c in problem_review.json()["comments"]}
    assert EXPECTED_RULES - found == set()


def test_problem_sample_pins_some_locations(problem_review: CliRun) -> None:
    places = {
        (c["rule"], loc["path"].removeprefix(PROBLEMS + "/"), loc["line"])
        for c in problem_review.json()["comments"]
        for loc in c["locations"]
    }
    assert PINNED - places == set()


def test_problem_sample_has_no_errors_and_every_category(problem_review: CliRun) -> None:
    report = problem_review.json()
    assert report["errors"] == []
    assert set(report["summary"]["by_category"]) >= {
        "security",
        "correctness",
        "error-handling",
        "readability",
        "testability",
        "solid",
    }


def test_no_two_comments_share_a_rule_and_lines(problem_review: CliRun) -> None:
    seen: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for comment in problem_review.json()["comments"]:
        for loc in comment["locations"]:
            spans = seen[(comment["rule"], loc["path"])]
            assert all(loc["end_line"] < a or b < loc["line"] for a, b in spans), comment
            spans.append((loc["line"], loc["end_line"]))


def test_problem_sample_fails_the_default_run(repo_cli: Cli) -> None:
    run = repo_cli(PROBLEMS, "--max-comments", "5")
    assert run.code == 1
    assert "sql" in run.out.lower()


def test_clean_sample_gets_nothing_above_a_nit(repo_cli: Cli) -> None:
    run = repo_cli(CLEAN, "--format", "json")
    assert run.code == 0
    report = run.json()
    assert report["errors"] == []
    assert [c for c in report["comments"] if c["severity"] != "nit"] == []


def test_clean_sample_earns_specific_praise_and_the_problem_sample_none(
    repo_cli: Cli, problem_review: CliRun
) -> None:
    praise = repo_cli(CLEAN, "--format", "json").json()["praise"]
    assert {p["rule"] for p in praise} >= {"injected-dependencies", "parameterized-sql"}
    assert all(p["body"].startswith("**praise:** ") for p in praise)
    assert problem_review.json()["praise"] == []


@pytest.mark.slow
def test_samples_are_reviewed_without_being_touched(repo_cli: Cli) -> None:
    before = {p: p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    repo_cli(str(SAMPLES), "--format", "json", "--fail-on", "never")
    after = {p: p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    assert after == before
    assert not list(Path(SAMPLES).rglob(".mypy_cache"))


def test_a_mixed_python_and_php_tree_is_one_review(repo_cli: Cli) -> None:
    run = repo_cli(
        "sample_projects/orders_api", "sample_projects/laravel_orders", "--format", "json"
    )
    report = run.json()
    assert run.code == 1
    suffixes = {
        loc["path"].rsplit(".", 1)[-1] for c in report["comments"] for loc in c["locations"]
    }
    assert suffixes == {"py", "php"}
    assert report["summary"]["files"] == 14 + 34
    assert report["errors"] == []
