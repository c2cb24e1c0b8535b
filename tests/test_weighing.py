"""A comment weighs what it says where it is: less in a developer's script or a migration than
in the code that ships, a step less when the analyzer itself was unsure, led by its most
important place; "Start here" names only sure comments in shipped code; one comment never
fails a category. Reviewed for real by ruff and bandit with the shipped catalog."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reviewer.analyzers.base import Analyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.languages import area_of
from reviewer.model import Area, Comment, Confidence, Location, Occurrence, Review, Severity, Voice
from reviewer.pipeline.fingerprints import fingerprints
from reviewer.pipeline.run import run_review
from reviewer.pipeline.scoring import category_scores, grade
from reviewer.pipeline.stages import make_comment
from reviewer.render.comments import make_renderer
from reviewer.render.start_here import start_here
from tests.helpers import write

SHELL_AND_PRINT = """\
import subprocess


def rebuild(name: str) -> None:
    print("rebuilding", name)
    subprocess.run("make " + name, shell=True, check=True)
"""


@functools.cache
def shipped() -> Catalog:
    return load_catalog()


def reviewed(folder: Path, *, ruff: bool = True) -> Review:
    catalog = shipped()
    analyzers: list[Analyzer] = [BanditAnalyzer()]
    if ruff:
        analyzers.append(RuffAnalyzer(RuffOptions(catalog.codes_for("ruff"))))
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def severities(review: Review, path_end: str) -> dict[str, Severity]:
    """Rule id to severity of every comment with a place in the file ending so."""
    return {
        c.rule.id: c.severity
        for c in review.comments
        if any(o.location.path.endswith(path_end) for o in c.occurrences)
    }


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("app/orders.py", Area.CODE),
        ("tests/test_orders.py", Area.TESTS),
        ("scripts/seed.py", Area.SCRIPTS),
        ("manage.py", Area.SCRIPTS),
        ("blog/migrations/0002_post.py", Area.MIGRATIONS),
        ("alembic/versions/4b2_add_items.py", Area.MIGRATIONS),
        ("database/seeders/MenuSeeder.php", Area.SCRIPTS),
        ("core/management/commands/backup.py", Area.SCRIPTS),
        ("app/Console/Commands/PruneOrders.php", Area.SCRIPTS),
        ("Console/Commands/PruneOrders.php", Area.SCRIPTS),  # reviewed from inside `app/`
        ("database/migrations/2024_01_01_create_orders.php", Area.MIGRATIONS),
        ("app/Factories/PricingStrategyFactory.php", Area.CODE),  # the pattern, not test data
    ],
)
def test_the_area_of_a_file_comes_from_its_path(path: str, area: Area) -> None:
    assert area_of(path) is area


def test_a_developer_script_may_print_and_its_shell_command_is_minor(tmp_path: Path) -> None:
    write(tmp_path, "app/jobs.py", SHELL_AND_PRINT)
    write(tmp_path, "scripts/rebuild.py", SHELL_AND_PRINT)

    review = reviewed(tmp_path)

    shipped_code, script = severities(review, "app/jobs.py"), severities(review, "rebuild.py")
    assert shipped_code["print-statement"] is Severity.MINOR
    assert "print-statement" not in script
    assert shipped_code["subprocess-shell"] is Severity.MAJOR
    shell = {rule: level for rule, level in script.items() if "shell" in rule}
    assert shell and set(shell.values()) == {Severity.MINOR}


def test_a_migration_needs_no_docstrings_or_named_constants(tmp_path: Path) -> None:
    migration = """\
def upgrade(rows):
    return [row for row in rows if row["version"] > 3]
"""
    write(tmp_path, "store/migrations/m0002_versions.py", migration)
    write(tmp_path, "store/versions.py", migration)

    review = reviewed(tmp_path)

    assert {"missing-docstring", "magic-number"} <= set(severities(review, "store/versions.py"))
    assert not {"missing-docstring", "magic-number"} & set(severities(review, "m0002_versions.py"))


def test_a_finding_its_analyzer_is_unsure_of_weighs_a_step_less(tmp_path: Path) -> None:
    # bandit is unsure (LOW) of SQL assembled away from an execute call, fairly sure (MEDIUM)
    # of SQL assembled inside one; alone, without ruff, its word is the only one.
    write(
        tmp_path,
        "app/users.py",
        """\
def find(conn, name):
    return conn.execute("SELECT * FROM users WHERE name = '%s'" % name)


def describe(name):
    return "SELECT your dish from the menu, " + name
""",
    )

    review = reviewed(tmp_path, ruff=False)

    by_line = {o.location.line: c for c in review.comments for o in c.occurrences}
    assert by_line[2].severity is Severity.BLOCKER and by_line[2].confidence is Confidence.MEDIUM
    assert by_line[6].severity is Severity.MAJOR and by_line[6].confidence is Confidence.LOW


def test_a_comment_leads_with_the_shipped_module_where_its_habit_shows_most(
    tmp_path: Path,
) -> None:
    write(tmp_path, "shop/__init__.py", "VERSION = 1\n")
    write(tmp_path, "shop/a_helpers.py", "def tidy():\n    return 1\n")
    write(
        tmp_path,
        "shop/orders.py",
        "def place():\n    return 1\n\n\ndef cancel():\n    return 2\n",
    )

    review = reviewed(tmp_path)

    [docstrings] = [c for c in review.comments if c.rule.id == "missing-docstring"]
    paths = [o.location.path for o in docstrings.occurrences]
    assert paths[0].endswith("shop/orders.py")  # path order would lead with `__init__.py`
    assert any(p.endswith("shop/__init__.py") for p in paths)


def place(path: str, line: int, confidence: Confidence = Confidence.HIGH) -> Occurrence:
    where = Location(path, line, line)
    return Occurrence(where, "f", ("message",), ("ruff:X1",), "", confidence, area_of(path))


def comment(rule_id: str, *places: Occurrence) -> Comment:
    rule = shipped().rules[rule_id]
    return make_comment(rule, rule.severity, [*places])


def test_the_lead_place_does_not_change_what_a_place_is_fingerprinted_as() -> None:
    # identical code in one file is told apart by its index in path order; the lead (the sure
    # place, line 5) must not take the index of the first place
    in_path_order = [place("a/one.py", 3, Confidence.LOW), place("a/one.py", 5)]
    made = comment("sql-injection", *in_path_order)
    expected = fingerprints("sql-injection", in_path_order)
    assert made.line == 5
    assert {o.location.line: o.fingerprint for o in made.occurrences} == {
        3: expected[0],
        5: expected[1],
    }


def test_start_here_names_sure_comments_that_lead_in_shipped_code() -> None:
    ranked = [
        comment("sql-injection", place("tests/test_db.py", 4)),
        comment("sql-injection", place("app/db.py", 9, Confidence.LOW)),
        comment("hardcoded-secret", place("app/settings.py", 2)),
        comment("missing-docstring", place("app/db.py", 1)),
        comment("complex-function", place("app/orders.py", 12)),  # a minor on how it reads
        comment("hidden-clock", place("app/orders.py", 7)),  # a heuristic: low by its rule
        comment("print-statement", place("app/cli.py", 3)),
        comment("insecure-temp-file", place("app/cli.py", 3)),  # the same line: said already
    ]
    chosen = [(c.rule.id, c.path) for c in start_here(ranked)]
    assert chosen == [("hardcoded-secret", "app/settings.py"), ("print-statement", "app/cli.py")]


def test_one_comment_never_fails_a_category_but_many_do() -> None:
    lone = [comment("hardcoded-secret", place("app/settings.py", 2))]
    lone_blocker = [comment("sql-injection", place("app/db.py", 9))]
    many = [comment("sql-injection", place(f"app/m{i}.py", 9)) for i in range(4)]

    assert grade(category_scores(lone, 345)["security"]) in {"A", "B", "C"}
    assert grade(category_scores(lone_blocker, 345)["security"]) == "D"
    assert grade(category_scores(many, 345)["security"]) == "F"
    assert (
        category_scores(lone_blocker, 5000)["security"]
        > category_scores(lone_blocker, 345)["security"]
    )
