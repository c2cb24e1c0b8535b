"""GitHub Actions workflow commands: parsed back as the runner reads them, escapes and all."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.config.options import ReviewConfig
from reviewer.formats import github
from reviewer.model import AnalysisError, Comment, Location, Occurrence, Review, Rule, Severity
from tests.test_format_sarif import (
    DIP,
    NAMING,
    SHADOW,
    SQL,
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

_COMMAND = re.compile(r"^::(?P<name>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")


@dataclass(frozen=True)
class Command:
    name: str
    properties: dict[str, str]
    message: str


def unescape(text: str) -> str:
    """The runner's reading of an escaped value (`%25` last, so `%253A` stays `%3A`)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> Command:
    """One workflow command line, as GitHub's runner splits and unescapes it."""
    match = _COMMAND.match(line)
    assert match, line
    pairs = (item.split("=", 1) for item in (match["properties"] or "").split(",") if item)
    properties = {key: unescape(value) for key, value in pairs}
    return Command(match["name"], properties, unescape(match["message"]))


def commands(value: Review) -> list[Command]:
    out = github.format(value, ReviewConfig())
    assert out.endswith("\n")
    return [parse(line) for line in out.splitlines()]


def test_one_annotation_per_place_in_review_order_then_errors_then_summary(
    repository: Path,
) -> None:
    found = commands(sample_review())
    assert [c.name for c in found] == [
        "error",
        "error",
        "error",  # the major DIP suggestion: at the default --fail-on major, it blocks
        "warning",
        "notice",
        "notice",
        "warning",
        "notice",
    ]
    places = [(c.properties["file"], c.properties["line"]) for c in found[:6]]
    assert places == [
        ("src/app/orders.py", "9"),
        ("src/app/users.py", "3"),
        ("src/app/orders.py", "20"),
        ("src/app/users.py", "7"),
        ("src/app/users.py", "12"),
        ("src/app/users.py", "14"),
    ]


def test_annotation_properties_title_and_message(repository: Path) -> None:
    first = commands(sample_review())[0]
    assert first.properties == {
        "file": "src/app/orders.py",
        "line": "9",
        "endLine": "10",
        "col": "5",
        "title": "issue (blocking, security): SQL built from strings",
    }
    assert first.message == (
        "The query text is built from values at run time.\n\n"
        "Pass the values as parameters.\n\nFor example, in other code:\n\n"
        "    cursor.execute(sql, (value,))\n\n[sql-injection]"
    )


def test_each_place_names_its_own_function(repository: Path) -> None:
    write("a.py")
    places = (
        Occurrence(Location("a.py", 1, 1), "first", (), ()),
        Occurrence(Location("a.py", 9, 9), "second", (), ()),
    )
    value = review(Comment("c", SHADOW, Severity.MINOR, places, "Shadow in `first`"))
    titles = [c.properties["title"] for c in commands(value)[:2]]
    assert titles == [
        "suggestion (non-blocking, readability): Shadow in `first`",
        "suggestion (non-blocking, readability): Name that shadows a built-in in `second`",
    ]


@pytest.mark.parametrize(
    ("rule", "name"),
    [(SQL, "error"), (DIP, "error"), (SHADOW, "warning"), (NAMING, "notice")],
)
def test_level_follows_blocking_and_severity(repository: Path, rule: Rule, name: str) -> None:
    write("a.py")
    assert commands(review(comment(rule, ("a.py", 1, 1))))[0].name == name


def test_a_major_comment_is_an_error_only_where_major_blocks(repository: Path) -> None:
    """Newcomer, item 5: blocking is the run's --fail-on, whatever the rule's label."""
    write("a.py")
    suggestion = Comment("c", DIP, Severity.MAJOR, comment(DIP, ("a.py", 1, 1)).occurrences, "t")
    issue = Comment("c", SQL, Severity.MAJOR, suggestion.occurrences, "t")
    assert suggestion.blocking and issue.blocking
    assert [c.name for c in commands(review(suggestion, issue))[:2]] == ["error", "error"]
    at_blocker = [c.under(Severity.BLOCKER) for c in (suggestion, issue)]
    assert [c.name for c in commands(review(*at_blocker))[:2]] == ["warning", "warning"]


def test_percent_comma_colon_and_newlines_are_escaped(repository: Path) -> None:
    write("a.py")
    title = "Odd: 100%, really\r\nsecond line"
    out = github.format(review(comment(SHADOW, ("a.py", 1, 1), title=title)), ReviewConfig())
    first_line = out.splitlines()[0]
    assert "title=suggestion (non-blocking%2C readability)%3A Odd%3A 100%25%2C really%0D%0A" in (
        first_line
    )
    assert len(out.splitlines()) == 2
    assert parse(first_line).properties["title"].endswith(title)


def test_a_message_keeps_colons_and_commas_but_escapes_percent(repository: Path) -> None:
    write("a.py")
    assert github.escape_data("a: b, 50%\nc") == "a: b, 50%25%0Ac"
    assert github.escape_property("a: b, 50%\nc") == "a%3A b%2C 50%25%0Ac"


def test_errors_are_warnings_naming_the_file(repository: Path) -> None:
    errors = (
        AnalysisError("mypy", "invalid syntax: line 3", "src/broken.py"),
        AnalysisError("bandit", "bandit is not installed"),
    )
    found = commands(review(errors=errors))
    assert found[0] == Command(
        "warning",
        {"file": "src/broken.py", "title": "review could not analyze src/broken.py"},
        "invalid syntax: line 3",
    )
    assert found[1] == Command(
        "warning", {"title": "review: bandit did not run"}, "bandit is not installed"
    )
    assert found[2].message == "No comments. 2 analysis errors (see the warnings)."


def test_the_summary_notice_counts_and_warns_about_githubs_limit(repository: Path) -> None:
    write("a.py")
    many = comment(NAMING, *[("a.py", n, n) for n in range(1, 13)])
    summary = commands(review(many, comment(SQL, ("a.py", 20, 20)), omitted=2))[-1]
    assert summary.name == "notice"
    assert summary.properties == {"title": "review"}
    assert summary.message == (
        "2 comments at 13 places (1 blocking). 2 more not shown (--max-comments)."
        " GitHub shows at most 10 annotations of each level per step: the rest are in this log."
    )


def test_no_limit_warning_while_each_level_fits(repository: Path) -> None:
    write("a.py")
    nits = comment(NAMING, *[("a.py", n, n) for n in range(1, 9)])
    minors = comment(SHADOW, *[("a.py", n, n) for n in range(11, 19)])
    summary = commands(review(nits, minors))[-1]
    assert summary.message == "2 comments at 16 places (0 blocking)."


def test_praise_is_not_annotated(repository: Path) -> None:
    found = commands(sample_review())
    assert not any("Injected" in c.properties.get("title", "") for c in found)


def test_cli_github_on_a_real_sql_injection(
    sql_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(capsys, "app", "--format", "github")
    assert code == 1
    found = [parse(line) for line in out.splitlines()]
    errors = [c for c in found if c.name == "error"]
    assert [(c.properties["file"], c.properties["line"]) for c in errors] == [
        ("src/app/users.py", "9"),
        ("src/app/users.py", "15"),
    ]
    assert errors[0].properties["title"].startswith("issue (blocking, security): ")
    assert errors[1].properties["title"].endswith("in `find_admin`")
    assert all(c.properties["file"] == "src/app/users.py" for c in found[:-1])
    summary = found[-1]
    assert (summary.name, summary.properties) == ("notice", {"title": "review"})
    counted = re.fullmatch(r"\d+ comments? at (\d+) places? \(1 blocking\)\.", summary.message)
    assert counted, summary.message
    assert int(counted[1]) == len(found) - 1


def test_the_annotation_carries_the_analyzers_specific_words(repository: Path) -> None:
    said = with_messages(comment(NAMING, ("src/app/users.py", 7, 7)), "Function `getX` 2 words")
    [line] = github.format(review(said), ReviewConfig()).splitlines()[:1]
    assert line.endswith("%0A%0ADetails: Function `getX` 2 words%0A%0A[naming]")


def test_each_annotation_carries_the_words_said_of_its_own_line(repository: Path) -> None:
    two = comment(NAMING, ("src/app/users.py", 7, 7), ("src/app/users.py", 20, 20))
    first, second = two.occurrences
    said = dataclasses.replace(
        two,
        occurrences=(
            dataclasses.replace(first, messages=("Function `getX` 2 words",)),
            dataclasses.replace(second, messages=("Function `getY` 3 words",)),
        ),
    )
    lines = github.format(review(said), ReviewConfig()).splitlines()[:2]
    assert lines[0].endswith("%0A%0ADetails: Function `getX` 2 words%0A%0A[naming]")
    assert lines[1].endswith("%0A%0ADetails: Function `getY` 3 words%0A%0A[naming]")
