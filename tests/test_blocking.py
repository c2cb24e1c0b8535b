"""Newcomer, item 5: "blocking" means at or above --fail-on, in every format and the exit code.

Each run is the real command in-process over real files, with the real analyzers; the runs
share one cache folder, so only the first of each tree runs ruff, bandit and mypy."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from reviewer.cli import main as review
from reviewer.model import Category, Comment, Label, Location, Occurrence, Rule, Severity
from reviewer.pipeline.stages import rank
from tests.helpers import write

# A major `suggestion` (request-without-timeout): the rule's label is not `issue`.
FETCH = (
    '"""Fetching."""\n\nimport requests\n\n\ndef fetch(url: str) -> str:\n'
    '    """The page at the address."""\n    return requests.get(url).text\n'
)
# A major `issue` (bare-except).
LOAD = (
    '"""Settings."""\n\n\ndef load(path: str) -> str:\n    """The file\'s text, or nothing."""\n'
    '    try:\n        with open(path, encoding="utf-8") as handle:\n'
    '            return handle.read()\n    except:\n        return ""\n'
)
# A blocker `issue` (code-injection).
ASK = '"""Input."""\n\n\ndef ask() -> object:\n    """An answer."""\n    return eval(input())\n'
FORMATS = ("text", "json", "markdown", "html", "github", "sarif", "gitlab")
WRITE_UPS = ("markdown", "html")  # written to a file, not a verdict unless --fail-on is given
VERDICTS = tuple(f for f in FORMATS if f not in WRITE_UPS)


def run(
    folder: Path, name: str, *options: str, formats: tuple[str, ...] = FORMATS
) -> tuple[int, dict[str, str]]:
    """The exit code of one review of `name` per format (all must agree), and each output."""
    outputs: dict[str, str] = {}
    codes = set()
    for output_format in formats:
        target = folder / f"out.{output_format}"
        arguments = ["--format", output_format, "--output", str(target), *options]
        codes.add(review([*arguments, "--cache-dir", str(folder / "cache"), str(folder / name)]))
        text = target.read_text(encoding="utf-8")
        # The text format wraps at the terminal's width: compare its words, not its lines.
        outputs[output_format] = " ".join(text.split()) if output_format == "text" else text
    assert len(codes) == 1, codes
    return codes.pop(), outputs


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("blocking")
    for name, text in (("fetch.py", FETCH), ("load.py", LOAD), ("ask.py", ASK)):
        write(folder, name, text)
    return folder


def assert_blocking(outputs: dict[str, str], blocking: bool) -> None:
    """Every format says the one comment blocks, or every format says it does not."""
    word = "blocking" if blocking else "non-blocking"
    if "text" in outputs:
        assert re.search(rf"\({word}, ", outputs["text"]), outputs["text"]
        assert f"({'1' if blocking else '0'} blocking)" in outputs["text"], outputs["text"]
        comment = json.loads(outputs["json"])["comments"][0]
        assert comment["blocking"] is blocking
        assert f"({word}, " in comment["body"]
        level = "error" if blocking else "warning"
        assert outputs["github"].startswith(f"::{level} "), outputs["github"]
        sarif = json.loads(outputs["sarif"])["runs"][0]["results"][0]
        assert sarif["properties"]["blocking"] is blocking
    if "markdown" in outputs:
        assert f"({word}, " in outputs["markdown"]
        tile = re.search(
            r'<div class="stat ?([a-z]*)">\s*<dt>Blocking</dt>\s*<dd>(\d+)</dd>', outputs["html"]
        )
        if blocking:
            assert "1 of them blocks merging" in outputs["markdown"]
            assert tile is not None and tile.groups() == ("blocking", "1"), outputs["html"]
        else:  # nothing blocks, or nothing can: a write-up without --fail-on says neither
            assert "1 of them blocks" not in outputs["markdown"]
            assert tile is None or tile.groups() == ("", "0"), outputs["html"]


def test_a_lone_major_suggestion_blocks_under_the_default_fail_on(tree: Path) -> None:
    code, outputs = run(tree, "fetch.py", formats=VERDICTS)
    assert code == 1
    assert "suggestion (blocking, error-handling)" in outputs["text"]
    assert_blocking(outputs, blocking=True)
    code, write_ups = run(tree, "fetch.py", formats=WRITE_UPS)  # a write-up is no verdict
    assert code == 0
    assert_blocking(write_ups, blocking=False)
    code, write_ups = run(tree, "fetch.py", "--fail-on", "major", formats=WRITE_UPS)
    assert code == 1
    assert_blocking(write_ups, blocking=True)


def test_a_major_issue_does_not_block_under_fail_on_blocker(tree: Path) -> None:
    code, outputs = run(tree, "load.py", "--fail-on", "blocker")
    assert code == 0
    assert "issue (non-blocking, error-handling)" in outputs["text"]
    assert_blocking(outputs, blocking=False)


def test_a_blocker_blocks_under_fail_on_blocker(tree: Path) -> None:
    code, outputs = run(tree, "ask.py", "--fail-on", "blocker")
    assert code == 1
    assert_blocking(outputs, blocking=True)


def test_nothing_blocks_under_fail_on_never(tree: Path) -> None:
    code, outputs = run(tree, "ask.py", "--fail-on", "never")
    assert code == 0
    assert_blocking(outputs, blocking=False)


def test_the_memo_of_one_fail_on_is_not_shown_under_another(tree: Path) -> None:
    """The bodies carry the decoration: a review kept under one --fail-on is not reused."""
    assert run(tree, "load.py", formats=VERDICTS)[0] == 1
    code, outputs = run(tree, "load.py", "--fail-on", "blocker")
    assert code == 0
    assert_blocking(outputs, blocking=False)


def test_an_issue_still_ranks_before_a_suggestion_of_the_same_severity() -> None:
    """Ranking used the old "blocking" to put a major issue before a major suggestion; with
    blocking a matter of severity alone, the label keeps that order."""

    def major(category: Category, label: Label) -> Comment:
        rule = Rule(label.value, category, Severity.MAJOR, "t", "w", "h", ("x:y",), label=label)
        place = Occurrence(Location("a.py", 1, 1), "", (), ())
        return Comment(label.value, rule, Severity.MAJOR, (place,))

    suggestion = major(Category.SECURITY, Label.SUGGESTION)
    issue = major(Category.READABILITY, Label.ISSUE)
    assert [c.label for c in rank([suggestion, issue])] == [Label.ISSUE, Label.SUGGESTION]


@pytest.mark.parametrize(
    ("severity", "label"),
    [
        (Severity.MINOR, Label.QUESTION),
        (Severity.MAJOR, Label.ISSUE),
        (Severity.BLOCKER, Label.ISSUE),
    ],
)
def test_a_question_its_analyzer_raised_to_major_is_an_issue(
    severity: Severity, label: Label
) -> None:
    """`reset-token-reusable` asks (minor) unless the token has no purpose claim and shares
    the access tokens' key, when the analyzer raises it to major: then there is no question."""
    rule = Rule("ask", Category.SECURITY, Severity.MINOR, "t", "w", "h", ("x:y",))
    asking = replace(rule, label=Label.QUESTION)
    place = Occurrence(Location("a.py", 1, 1), "", (), ())

    assert Comment("ask", asking, severity, (place,)).label is label


def test_a_rule_that_asks_at_major_keeps_asking() -> None:
    rule = Rule("ask", Category.SECURITY, Severity.MAJOR, "t", "w", "h", ("x:y",))
    place = Occurrence(Location("a.py", 1, 1), "", (), ())

    asking = Comment("ask", replace(rule, label=Label.QUESTION), Severity.MAJOR, (place,))

    assert asking.label is Label.QUESTION


def test_a_write_up_without_fail_on_does_not_talk_of_blocking(tree: Path) -> None:
    code, write_ups = run(tree, "fetch.py", formats=WRITE_UPS)

    assert code == 0
    assert "merging" not in write_ups["markdown"]
    assert "<dt>Blocking</dt>" not in write_ups["html"]
