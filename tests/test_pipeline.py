"""The stages between the analyzers and the formatter, driven by real tools on real files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Category, Finding, Location, Review, Severity, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import SAMPLES, write

CATALOG = """\
rules:
  - id: sql-injection
    category: security
    severity: blocker
    title: SQL built from strings
    why: Because values are pasted into the statement, a crafted value can change the query.
    how: Pass the values as parameters.
    sources: [bandit:B608, ruff:S608]
  - id: unused-import
    category: readability
    severity: nit
    title: Unused import
    why: An unused import costs start-up time and misleads readers.
    how: Consider removing it.
    sources: [ruff:F401]
  - id: shell-injection
    category: security
    severity: major
    title: Shell command built from a variable
    why: Because the shell parses the string, a crafted value can run other commands.
    how: Pass a list of arguments without a shell.
    sources: [ruff:S602, bandit:B602]
"""

THREE_QUERIES = "import os\nimport sys\n\n" + "".join(
    f'def q{i}(db, v):\n    return db.execute(f"SELECT * FROM t{i} WHERE id = {{v}}")\n\n\n'
    for i in range(3)
)


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    write(tmp_path / "rules", "rules.yaml", CATALOG)
    return load_catalog(tmp_path / "rules")


def review(catalog: Catalog, analyzers: Sequence[Analyzer], **options: Any) -> Review:
    options.setdefault("paths", (".",))
    config = ReviewConfig(cache_dir=None, **options)
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def tools(catalog: Catalog) -> list[Analyzer]:
    return [RuffAnalyzer(RuffOptions(catalog.codes_for("ruff"))), BanditAnalyzer()]


def test_two_analyzers_on_one_problem_make_one_comment(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, tools(catalog))
    [sql] = [c for c in result.comments if c.rule.id == "sql-injection"]
    assert sql.sources == ("bandit:B608", "ruff:S608")
    assert [o.location.line for o in sql.occurrences] == [5, 9, 13]
    assert [o.symbol for o in sql.occurrences] == ["q0", "q1", "q2"]
    assert "Also applies to 2 more places in this file." in sql.body


def test_repeats_in_one_file_group_and_rank_by_severity(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, tools(catalog))
    assert [(c.rule.id, len(c.occurrences)) for c in result.comments] == [
        ("sql-injection", 3),
        ("unused-import", 2),
    ]
    assert result.summary.by_severity == {"blocker": 1, "major": 0, "minor": 0, "nit": 1}


def test_max_comments_keeps_the_most_important(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, tools(catalog), max_comments=1)
    assert [c.rule.id for c in result.comments] == ["sql-injection"]
    assert result.summary.omitted == 1
    assert result.summary.by_severity["nit"] == 1


def test_category_filter_and_rules_turned_off(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    only_readability = review(catalog, tools(catalog), categories=frozenset({Category.READABILITY}))
    assert [c.rule.id for c in only_readability.comments] == ["unused-import"]
    without_imports = review(catalog, tools(catalog), rule_severity={"unused-import": None})
    assert [c.rule.id for c in without_imports.comments] == ["sql-injection"]


def test_configured_severity_replaces_the_catalogs(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, tools(catalog), rule_severity={"unused-import": Severity.MAJOR})
    assert {c.rule.id: c.severity for c in result.comments}["unused-import"] is Severity.MAJOR


@dataclass(frozen=True)
class BrokenAnalyzer:
    """A deliberately broken analyzer: our own seam, standing in for a bug in an adapter."""

    name: str = "broken"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        raise RuntimeError("adapter bug")


def test_a_crashing_analyzer_is_an_error_and_the_rest_goes_on(
    chdir_tmp: Path, catalog: Catalog
) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, [BrokenAnalyzer(), *tools(catalog)])
    assert [(e.analyzer, e.path) for e in result.errors] == [("broken", "")]
    assert "adapter bug" in result.errors[0].message
    assert result.comments


@dataclass(frozen=True)
class FixedAnalyzer:
    """Reports a finding no rule maps: our seam for a catalog gap."""

    name: str = "fixed"
    languages: frozenset[str] = frozenset({"python"})

    def version(self) -> str:
        return "0"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        location = Location(files[0].path, 1, 1)
        return AnalyzerResult(findings=(Finding("fixed", "X1", location, "something"),))


def test_a_finding_no_rule_maps_is_reported_not_lost(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", "x = 1\n")
    result = review(catalog, [FixedAnalyzer()])
    assert [(e.analyzer, e.path, e.message) for e in result.errors] == [
        ("fixed", "app.py", "no rule in the catalog maps fixed:X1")
    ]


def test_unparsable_file_is_an_error_and_others_are_reviewed(
    chdir_tmp: Path, catalog: Catalog
) -> None:
    write(chdir_tmp, "broken.py", "def f(:\n")
    write(chdir_tmp, "app.py", THREE_QUERIES)
    result = review(catalog, tools(catalog))
    assert [(e.path, e.message) for e in result.errors] == [
        ("broken.py", "does not parse at line 1: invalid syntax")
    ]
    assert result.summary.files == 1
    assert {c.path for c in result.comments} == {"app.py"}


def test_fingerprint_survives_lines_inserted_above(chdir_tmp: Path, catalog: Catalog) -> None:
    write(chdir_tmp, "app.py", THREE_QUERIES)
    before = {c.rule.id: c.id for c in review(catalog, tools(catalog)).comments}
    write(chdir_tmp, "app.py", '"""Queries."""\n\n' + THREE_QUERIES)
    after = {c.rule.id: c.id for c in review(catalog, tools(catalog)).comments}
    assert before["sql-injection"] == after["sql-injection"]


ABSORBING = """\
rules:
  - id: swallowed-exception
    category: error-handling
    severity: major
    absorbs: [bare-except]
    title: Exception silently ignored
    why: Because nothing is logged, failures vanish.
    how: Catch the specific exception and handle it.
    sources: [ruff:S110, bandit:B110]
  - id: bare-except
    category: error-handling
    severity: minor
    title: Bare except
    why: Because it also catches KeyboardInterrupt, the program cannot be stopped.
    how: Name the exception.
    sources: [ruff:E722]
"""


def test_a_rule_absorbs_a_related_rule_on_the_same_lines(chdir_tmp: Path) -> None:
    write(chdir_tmp / "rules", "rules.yaml", ABSORBING)
    catalog = load_catalog(chdir_tmp / "rules")
    swallow = "    try:\n        return int(x)\n    except:\n        pass\n"
    reraise = "    try:\n        return int(x)\n    except:\n        return 0\n"
    write(chdir_tmp, "app.py", f"def f(x):\n{swallow}\n\ndef g(x):\n{reraise}")
    result = review(catalog, tools(catalog), paths=("app.py",))
    assert [(c.rule.id, c.line, c.sources) for c in result.comments] == [
        ("swallowed-exception", 4, ("bandit:B110", "ruff:E722", "ruff:S110")),
        ("bare-except", 11, ("ruff:E722",)),
    ]


def test_eight_functions_with_one_problem_make_one_comment(
    chdir_tmp: Path, catalog: Catalog
) -> None:
    queries = "".join(
        f'def q{i}(db, v):\n    return db.execute(f"SELECT * FROM t WHERE id = {{v}}")\n\n\n'
        for i in range(8)
    )
    write(chdir_tmp, "app.py", queries)
    [sql] = review(catalog, tools(catalog)).comments
    assert len(sql.occurrences) == 8
    assert [o.symbol for o in sql.occurrences] == [f"q{i}" for i in range(8)]


def test_one_rule_across_files_is_one_comment_naming_the_other_files(
    chdir_tmp: Path, catalog: Catalog
) -> None:
    write(chdir_tmp, "a.py", THREE_QUERIES)
    write(chdir_tmp, "b.py", THREE_QUERIES)
    sql = next(c for c in review(catalog, tools(catalog)).comments if c.rule.id == "sql-injection")
    assert [(o.location.path, o.location.line) for o in sql.occurrences] == [
        ("a.py", 5),
        ("a.py", 9),
        ("a.py", 13),
        ("b.py", 5),
        ("b.py", 9),
        ("b.py", 13),
    ]
    assert "Also applies to 2 more places in this file and 3 in `b.py`." in sql.body


def test_in_process_analyzers_side_by_side_report_no_parser_errors(chdir_tmp: Path) -> None:
    """CPython 3.11's ast can fail when two threads build trees at once; we parse under a lock."""
    from reviewer.analyzers.design import DesignAnalyzer
    from reviewer.analyzers.tools.radon import RadonAnalyzer
    from reviewer.pipeline.run import run_analyzers

    sources = [SourceFile(str(p), "python") for p in sorted(SAMPLES.rglob("*.py"))]
    for _ in range(5):
        result = run_analyzers([DesignAnalyzer(), RadonAnalyzer()], sources, ReviewConfig())
        assert result.errors == ()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_orders.py", True),
        ("src/app/tests/helpers.py", True),
        ("conftest.py", True),
        ("orders_test.py", True),
        ("tests/Feature/OrderTest.php", True),
        ("src/app/testing_tools.py", False),
        ("src/app/contest.py", False),
        ("src/werkzeug/testing.py", False),
    ],
)
def test_test_files_are_known_by_pytest_conventions(path: str, expected: bool) -> None:
    from reviewer.languages import is_test_file

    assert is_test_file(path) is expected


def test_asserts_magic_numbers_and_docstrings_are_left_alone_in_tests(chdir_tmp: Path) -> None:
    """The real ruff and bandit flag all three in both files; only the application's count."""
    code = "def check(rows):\n    assert len(rows) == 3\n    return rows\n"
    write(chdir_tmp, "app/orders.py", '"""Orders."""\n\n\n' + code)
    write(chdir_tmp, "tests/test_orders.py", '"""Tests."""\n\n\n' + code)
    config = ReviewConfig(cache_dir=None)
    analyzers: list[Analyzer] = [
        RuffAnalyzer(RuffOptions(load_catalog().codes_for("ruff"))),
        BanditAnalyzer(),
    ]
    review = run_review(config, analyzers, load_catalog(), make_renderer(Voice.PEER))
    places = {(c.rule.id, o.location.path) for c in review.comments for o in c.occurrences}
    rules = {"assert-as-runtime-check", "magic-number", "missing-docstring"}
    assert {rule for rule, _ in places} >= rules
    assert {(rule, path) for rule, path in places if rule in rules} == {
        (rule, "app/orders.py") for rule in rules
    }


def test_a_secret_in_a_test_file_is_a_nit_and_test_data_from_random_says_nothing(
    chdir_tmp: Path,
) -> None:
    """The real bandit and ruff flag the password and `random` in both files."""
    code = 'import random\n\nPASSWORD = "hunter2-Secret"\nSEED = random.random()\n'
    write(chdir_tmp, "app/settings.py", code)
    write(chdir_tmp, "tests/test_login.py", code)
    analyzers: list[Analyzer] = [
        RuffAnalyzer(RuffOptions(load_catalog().codes_for("ruff"))),
        BanditAnalyzer(),
    ]
    config = ReviewConfig(cache_dir=None)
    review = run_review(config, analyzers, load_catalog(), make_renderer(Voice.PEER))
    found = {
        (c.rule.id, o.location.path, c.severity) for c in review.comments for o in c.occurrences
    }
    secret, random_ = "hardcoded-secret", "insecure-random"
    assert {f for f in found if f[0] in {secret, random_}} == {
        (secret, "app/settings.py", Severity.MAJOR),
        (secret, "tests/test_login.py", Severity.NIT),
        (random_, "app/settings.py", Severity.MINOR),
    }
