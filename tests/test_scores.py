"""Scores that measure: a clean project outranks a flawed one in every category, a score is
weighed by the amount of code and by severity, and one habit is not many problems."""

from __future__ import annotations

import pytest

from reviewer.catalog.rules import load_catalog
from reviewer.cli.session import configure, review_only
from reviewer.config.options import OutputFormat, Overrides
from reviewer.model import Category, Comment, Location, Occurrence, Severity
from reviewer.pipeline.scoring import category_scores, grade, summarize
from tests.helpers import SAMPLES

CATALOG = load_catalog()
PAIRS = {
    "python": ("orders_api_clean", "orders_api"),
    "php": ("laravel_orders_clean", "laravel_orders"),
}


def scores_of(sample: str) -> dict[str, int]:
    """The category scores of the real review of a sample, every analyzer run."""
    overrides = Overrides(
        paths=(str(SAMPLES / sample),), no_cache=True, output_format=OutputFormat.JSON
    )
    return dict(review_only(configure(overrides)).summary.scores)


@pytest.mark.parametrize("language", sorted(PAIRS))
def test_the_clean_sample_outranks_the_flawed_one_in_every_category(language: str) -> None:
    clean, flawed = (scores_of(sample) for sample in PAIRS[language])
    assert set(clean) == set(flawed) == {c.value for c in Category}
    for category in clean:
        assert clean[category] > flawed[category] or clean[category] == flawed[category] == 100
    assert sum(clean.values()) > sum(flawed.values())


def comment(rule_id: str, places: int = 1, severity: Severity | None = None) -> Comment:
    rule = CATALOG.rules[rule_id]
    occurrences = tuple(
        Occurrence(Location(f"app/m{n}.py", 3, 3), "f", ("m",), ("x:1",)) for n in range(places)
    )
    return Comment(f"{rule_id}-{places}", rule, severity or rule.severity, occurrences)


def security(comments: list[Comment], lines: int = 1000) -> int:
    return category_scores(comments, lines)["security"]


def test_the_docstring_s_examples_hold() -> None:
    assert security([]) == 100
    assert security([comment("hardcoded-secret")]) == 80  # one major in 1,000 lines
    assert security([comment("sql-injection")], lines=120) == 67  # small: weighed as 1,000
    assert security([comment("sql-injection"), comment("code-injection")], lines=120) == 50
    habit = [comment("insecure-random", places=700)]
    assert security(habit) == 77  # one minor habit, however widespread


@pytest.mark.parametrize("severity", list(Severity), ids=lambda s: s.value)
@pytest.mark.parametrize("lines", [12, 345, 1000, 5000, 40000])
def test_one_finding_never_fails_a_category(severity: Severity, lines: int) -> None:
    assert grade(security([comment("sql-injection", severity=severity)], lines)) != "F"


def test_the_same_comments_weigh_less_in_more_code() -> None:
    found = [comment("sql-injection"), comment("hardcoded-secret", places=3)]
    ranked = [security(found, lines) for lines in (1000, 4000, 20000)]
    assert ranked == sorted(ranked) and len(set(ranked)) == 3


def test_severity_orders_the_score() -> None:
    ranked = [security([comment("sql-injection", severity=s)]) for s in Severity]
    assert ranked == sorted(ranked) and len(set(ranked)) == len(Severity)


def test_a_habit_counts_less_than_as_many_problems_and_stops_growing() -> None:
    """A comment is one root cause: its places weigh less than as many comments, and past
    nine places (type hints missing from 700 functions) they add nothing."""
    habit = security([comment("insecure-random", places=4)])
    problems = security([comment("insecure-random", places=1) for _ in range(4)])
    assert problems < habit < security([comment("insecure-random")])
    nine, seven_hundred = (security([comment("insecure-random", places=n)]) for n in (9, 700))
    assert nine == seven_hundred < security([comment("insecure-random", places=8)])


def test_many_majors_are_not_an_a_in_a_workshop_sized_project() -> None:
    majors = [comment("hardcoded-secret") for _ in range(3)]
    assert grade(security(majors, lines=1500)) in {"D", "F"}


def test_a_change_is_not_scored() -> None:
    found = [comment("sql-injection")]
    assert summarize(found, files=1, lines=13, omitted=0, scored=False).scores == {}
    assert summarize(found, files=1, lines=13, omitted=0).scores["security"] == 67
