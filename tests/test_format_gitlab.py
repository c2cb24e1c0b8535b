"""GitLab Code Quality report: the fields GitLab reads, unique fingerprints, valid severities."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reviewer.config.options import ReviewConfig
from reviewer.formats import gitlab
from reviewer.model import AnalysisError, Review
from tests.test_format_sarif import (
    NAMING,
    SHADOW,
    SOURCE,
    comment,
    repository,
    review,
    run_cli,
    sample_review,
    sql_project,
    with_messages,
    write,
)

__all__ = ["repository", "sql_project"]  # fixtures used here

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}


def report(value: Review) -> list[Any]:
    """The Code Quality report of a review, parsed and checked for GitLab's required fields."""
    out = gitlab.format(value, ReviewConfig())
    assert not out.startswith("\ufeff")
    issues = json.loads(out)
    assert isinstance(issues, list)
    for issue in issues:
        assert_gitlab_issue(issue)
    return issues


def assert_gitlab_issue(issue: Any) -> None:
    """What GitLab's documentation requires of one entry."""
    assert set(issue) >= REQUIRED
    assert issue["severity"] in SEVERITIES
    assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert isinstance(issue["location"]["path"], str)
    assert isinstance(issue["location"]["lines"]["begin"], int)
    assert issue["description"]


def test_one_issue_per_place_in_file_order(repository: Path) -> None:
    issues = [i for i in report(sample_review()) if i["check_name"] != gitlab.ERROR_CHECK]
    places = [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues]
    assert places == [
        ("src/app/orders.py", 9),
        ("src/app/orders.py", 20),
        ("src/app/users.py", 3),
        ("src/app/users.py", 7),
        ("src/app/users.py", 12),
        ("src/app/users.py", 14),
    ]


def test_fields_of_an_issue(repository: Path) -> None:
    first = report(sample_review())[0]
    assert first == {
        "type": "issue",
        "check_name": "sql-injection",
        "description": "SQL built from strings. The query text is built from values at run time.",
        "categories": ["Security"],
        "severity": "blocker",
        "fingerprint": first["fingerprint"],
        "location": {"path": "src/app/orders.py", "lines": {"begin": 9, "end": 10}},
    }


def test_severities_map_to_gitlabs_names(repository: Path) -> None:
    issues = report(sample_review())
    by_check = {i["check_name"]: i["severity"] for i in issues}
    assert by_check == {
        "sql-injection": "blocker",
        "concrete-dependency": "major",
        "shadowed-builtin": "minor",
        "naming": "info",
        gitlab.ERROR_CHECK: "info",
    }


def test_fingerprints_are_unique_and_stable(repository: Path) -> None:
    first = [i["fingerprint"] for i in report(sample_review())]
    assert len(set(first)) == len(first)
    assert first == [i["fingerprint"] for i in report(sample_review())]


def test_fingerprints_survive_lines_inserted_above(repository: Path) -> None:
    write("a.py")
    before = report(review(comment(SHADOW, ("a.py", 5, 5))))
    write("a.py", "# new\n" + SOURCE)
    after = report(review(comment(SHADOW, ("a.py", 6, 6))))
    assert after[0]["fingerprint"] == before[0]["fingerprint"]
    assert after[0]["location"]["lines"]["begin"] == 6


def test_praise_is_left_out_and_errors_are_info_entries(repository: Path) -> None:
    errors = (
        AnalysisError("mypy", "invalid syntax", "src/broken.py"),
        AnalysisError("bandit", "bandit is not installed"),
    )
    issues = report(review(praise=sample_review().praise, errors=errors))
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        (gitlab.ERROR_CHECK, "info", "src/broken.py"),
        (gitlab.ERROR_CHECK, "info", "."),
    ]
    assert (
        issues[0]["description"] == "review: mypy could not analyze src/broken.py: invalid syntax"
    )
    assert issues[1]["description"] == "review: bandit did not run: bandit is not installed"


def test_an_empty_review_is_an_empty_array(repository: Path) -> None:
    assert gitlab.format(review(), ReviewConfig()) == "[]\n"


def test_output_is_deterministic(repository: Path) -> None:
    write("a.py")
    value = review(comment(NAMING, ("a.py", 3, 3)), comment(SHADOW, ("a.py", 1, 1)))
    out = gitlab.format(value, ReviewConfig())
    assert out == gitlab.format(value, ReviewConfig())
    assert [i["location"]["lines"]["begin"] for i in json.loads(out)] == [1, 3]


def test_cli_gitlab_on_a_real_sql_injection(
    sql_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(capsys, "app", "--format", "gitlab")
    assert code == 1
    issues = json.loads(out)
    for issue in issues:
        assert_gitlab_issue(issue)
    assert {i["location"]["path"] for i in issues} == {"src/app/users.py"}
    sql = [i for i in issues if i["check_name"] == "sql-injection"]
    assert [(i["severity"], i["location"]["lines"]["begin"]) for i in sql] == [
        ("blocker", 9),
        ("blocker", 15),
    ]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    _, again = run_cli(capsys, "app", "--format", "gitlab")
    assert [i["fingerprint"] for i in json.loads(again)] == fingerprints


def test_the_description_carries_the_analyzers_specific_words(repository: Path) -> None:
    said = with_messages(comment(SHADOW, ("src/app/users.py", 7, 7)), "Variable `id` shadows")
    [issue] = json.loads(gitlab.format(review(said), ReviewConfig()))
    assert issue["description"].endswith("Details: Variable `id` shadows.")
