"""Talking points ask what an interviewer would ask about this code: every question names a
symbol the reviewed source defines, tied to the comment or praise it is built from."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reviewer.catalog.rules import load_catalog
from reviewer.cli.session import configure, review_only
from reviewer.config.options import OutputFormat, Overrides
from reviewer.model import (
    Area,
    Category,
    Comment,
    Label,
    Location,
    Occurrence,
    Review,
    Rule,
    Severity,
)
from reviewer.render.prose import code_span
from reviewer.render.questions import fields, lead_of
from reviewer.render.talking_points import TalkingPoint, talking_points, topic_of
from reviewer.runtime.resources import data_dir
from tests.helpers import SAMPLES
from tests.test_tone import BANNED, prose

CATALOG = load_catalog()
DATA = yaml.safe_load((data_dir("templates") / "reports" / "talking_points.yaml").read_text())
FIELDS = {"symbol", "place", "owner", "member", "holder", "thing", "names", "first", "last"}
SPAN = re.compile(r"(`+)(.+?)\1")
PARTS = re.compile(r"\.|::|->|\\")
SAMPLE_NAMES = ("orders_api", "orders_api_clean", "laravel_orders", "laravel_orders_clean")


@pytest.fixture(scope="module")
def reviews() -> dict[str, Review]:
    """The real review of each sample, every analyzer run."""
    found = {}
    for name in SAMPLE_NAMES:
        overrides = Overrides(
            paths=(str(SAMPLES / name),), no_cache=True, output_format=OutputFormat.JSON
        )
        found[name] = review_only(configure(overrides))
    return found


def python_names(path: Path) -> Iterator[str]:
    """Classes, functions, methods and module-level names a Python file defines, and its module."""
    yield path.stem if path.stem != "__init__" else path.parent.name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        yield from (target.id for target in targets if isinstance(target, ast.Name))


PHP_DEFINITIONS = re.compile(
    r"\b(?:class|interface|trait|enum|function)\s+(\w+)"  # types, functions and methods
    r"|(?:public|protected|private)\s+(?:static\s+)?(?:\??[\w\\]+\s+)?\$(\w+)"  # properties
    r"|Schema::(?:create|table)\(\s*'(\w+)'"  # tables
    r"|\$table->\w+\(\s*'(\w+)'"  # columns
)


def php_names(path: Path) -> Iterator[str]:
    """Classes, interfaces, methods, properties, tables and columns a PHP file defines."""
    yield path.stem
    for match in PHP_DEFINITIONS.finditer(path.read_text(encoding="utf-8")):
        yield next(group for group in match.groups() if group)


def defined_in(sample: str) -> set[str]:
    root = SAMPLES / sample
    names = {name for path in root.rglob("*.py") for name in python_names(path)}
    return names | {name for path in root.rglob("*.php") for name in php_names(path)}


def named_symbols(question: str, defined: set[str]) -> list[str]:
    """The code spans of a question that name something the source defines: the name, and
    its owner where it has one (`OrderService.place_order`, `OrderController::show`)."""
    found = []
    for span in SPAN.finditer(question):
        parts = [part.lstrip("$") for part in PARTS.split(span[2].strip().removesuffix("()"))]
        if parts[-1] in defined and (len(parts) == 1 or parts[-2] in defined):
            found.append(span[2])
    return found


def questions_of(points: list[TalkingPoint]) -> list[tuple[str, Comment]]:
    return [pair for point in points for pair in zip(point.questions, point.grounds, strict=True)]


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_every_question_names_a_symbol_the_reviewed_source_defines(
    sample: str, reviews: dict[str, Review]
) -> None:
    review = reviews[sample]
    points = talking_points(review.comments, review.praise)
    assert bool(points) == bool(review.comments or review.praise)
    assert all(point.questions for point in points)
    defined = defined_in(sample)
    for question, ground in questions_of(points):
        assert named_symbols(question, defined), question
        named = fields(ground, lead_of(ground))  # the comment's own lead, or its class
        assert named["symbol"] in question or named["holder"] in question, question
        assert question.endswith("?") and "{" not in question, question
        assert not BANNED.findall(prose(question)), question


@pytest.mark.parametrize("sample", ["orders_api", "laravel_orders"])
def test_the_problem_samples_ask_about_their_most_serious_findings(
    sample: str, reviews: dict[str, Review]
) -> None:
    review = reviews[sample]
    points = talking_points(review.comments, review.praise)
    asked = {ground.rule.id for _, ground in questions_of(points)}
    expected = {
        "orders_api": {"sql-injection", "io-in-loop", "constructs-collaborator", "refused-bequest"},
        "laravel_orders": {"php-sql-injection", "php-missing-authorization", "php-n-plus-one"},
    }
    assert expected[sample] <= asked
    for point in points:
        rules = [ground.rule.id for ground in point.grounds]
        assert len(point.questions) == len(set(point.questions)) >= 2, point.topic
        assert len(set(rules)) == len(rules) or rules == rules[:1] * 2, point.topic  # follow-up


def test_the_brief_s_example_question_comes_from_the_problem_sample(
    reviews: dict[str, Review],
) -> None:
    review = reviews["orders_api"]
    [dip] = [p for p in talking_points(review.comments) if p.topic.endswith("(DIP)")]
    lead = dip.questions[0]
    assert lead.startswith("`OrderService` builds its own `sqlite3.connect`, `smtplib.SMTP`")
    assert "to test it without a real database or network, and what does that cost?" in lead
    assert dip.questions[1].startswith("`get_service` (")  # a second rule, other code
    assert (
        "hands out one shared `_service`: how would two tests each get their own"
        in (dip.questions[1])
    )


def test_the_clean_sample_has_only_praise_and_is_asked_to_defend_it(
    reviews: dict[str, Review],
) -> None:
    review = reviews["orders_api_clean"]
    assert review.comments == () and review.praise
    points = talking_points(review.comments, review.praise)
    assert {ground.rule.id for _, ground in questions_of(points)} == {
        p.rule.id for p in review.praise
    }
    [dip] = [p for p in points if p.topic.endswith("(DIP)")]
    assert dip.questions[0].startswith("`FallbackEstimator` (")
    assert "typed by `DeliveryTimeEstimator`" in dip.questions[0]  # not by `__init__`
    assert "when would it be over-engineering?" in dip.questions[0]


# Comments made here to check one rule at a time: the shape a real review gives them.


def rule(rule_id: str) -> Rule:
    return CATALOG.rules[rule_id]


def made(
    rule_id: str,
    symbol: str = "place_order",
    path: str = "app/orders.py",
    messages: tuple[str, ...] = ("message",),
    thing: str = "",
) -> Comment:
    place = Occurrence(Location(path, 12, 12), symbol, messages, ("x:1",))
    return Comment(f"id-{rule_id}", rule(rule_id), rule(rule_id).severity, (place,), thing=thing)


def test_a_module_level_finding_is_asked_about_the_name_its_analyzer_quoted() -> None:
    secret = made("hardcoded-secret", "", "app/config.py", ('assigned to: "SECRET_KEY"',))
    [point] = talking_points([secret])
    assert point.questions[0].startswith("Who can read `SECRET_KEY` (`app/config.py:12`)")


def test_with_no_name_at_all_a_question_names_the_module_or_package() -> None:
    [point] = talking_points([made("insecure-temp-file", "", "app/cache.py")])
    assert "`cache` (`app/cache.py:12`)" in point.questions[0]
    [point] = talking_points([made("insecure-temp-file", "", "shop/__init__.py")])
    assert "`shop` (`shop/__init__.py:12`)" in point.questions[0]


def test_a_method_s_class_is_named_where_the_question_is_about_the_class() -> None:
    built = made(
        "php-new-dependency",
        "OrderController::updateStatus",
        "app/Http/OrderController.php",
        ("`OrderController` creates `OrderService` with `new`",),
        thing="`new OrderService()`",
    )
    [point] = talking_points([built])
    assert point.questions == (
        "`OrderController::updateStatus` (`app/Http/OrderController.php:12`) creates "
        "`new OrderService()` itself: how would a test hand it a fake, and what does injecting "
        "it through the container cost?",
        "Where is `OrderController` built for the running application (its composition root), "
        "and what does that place wire together?",
    )


def test_a_topic_asks_once_a_rule_and_once_a_name() -> None:
    points = talking_points(
        [
            made("sql-injection", "get"),
            made("sql-injection", "find"),  # the same rule again
            made("code-injection", "get"),  # the same code again
            made("weak-hash", "hash_password", thing="`hashlib.md5()`"),
            made("insecure-random", "token"),  # past the two a topic asks
        ]
    )
    [security] = points
    assert [g.rule.id for g in security.grounds] == ["sql-injection", "weak-hash"]
    assert "`hashlib.md5()`" in security.questions[1]


def test_praise_is_defended_after_the_topic_s_comments_and_alone_after_them() -> None:
    injected = made("injected-dependencies", "Shop", messages=("typed by `Store`",))
    annotated = made("annotated", "", "app/api.py")
    points = talking_points(
        [made("constructs-collaborator", "Shop.__init__")], [injected, annotated]
    )
    assert [p.topic for p in points] == ["Dependency Inversion (DIP)", "Testability"]
    dip = points[0]
    assert [g.rule.id for g in dip.grounds] == [
        "constructs-collaborator",
        "constructs-collaborator",  # the follow-up: one comment asked about
        "injected-dependencies",
    ]
    assert dip.about.rule.id == "constructs-collaborator"
    assert dip.questions[1].startswith("Where is `Shop` built for the running application")
    assert dip.questions[2].startswith("`Shop` (`app/orders.py:12`) receives its collaborators")
    assert points[1].questions == (
        "Every public function in `api` (`app/api.py:12`) is annotated: what does the type "
        "checker catch for its callers, and what does strict mode cost to keep?",
    )


def test_within_a_severity_the_rules_interviews_ask_about_lead() -> None:
    debug = made("php-debug-output", "OrderController::show", thing="`dd()`")
    sql = made("php-sql-injection", "OrderController::search", thing="`DB::select()`")
    [point] = talking_points([debug, sql])  # ranked as the review ranks them
    assert [g.rule.id for g in point.grounds] == ["php-sql-injection", "php-debug-output"]


def test_hostile_names_stay_inside_their_code_spans() -> None:
    hostile = "<img src=x onerror=alert(1)>`**x**`"
    [point] = talking_points([made("hidden-clock", hostile, messages=(f"`{hostile}` reads",))])
    assert code_span(hostile) in point.questions[0]
    assert SPAN.sub("", point.questions[0]).count("<") == 0


# The data: every template asks a question that names the code, in the voice of docs/voice.md.


def templates() -> Iterator[tuple[str, str]]:
    for topic, entry in DATA.items():
        for question in entry["questions"]:
            yield topic, question
        if entry.get("defend"):
            yield topic, entry["defend"]
        for kind in ("rules", "praise"):
            for listed in (entry.get(kind) or {}).values():
                yield from ((topic, q) for q in ([] if isinstance(listed, str) else listed))


@pytest.mark.parametrize(("topic", "template"), list(templates()))
def test_every_template_names_the_code_and_keeps_the_voice(topic: str, template: str) -> None:
    assert "{symbol}" in template or "{holder}" in template
    assert set(re.findall(r"\{(\w+)\}", template)) <= FIELDS
    assert template.endswith("?")
    assert not BANNED.findall(prose(template)), BANNED.findall(prose(template))
    assert "!" not in prose(template)


def listed_rules() -> Iterator[tuple[str, str, str, object]]:
    for topic, entry in DATA.items():
        for kind in ("rules", "praise"):
            for rule_id, listed in (entry.get(kind) or {}).items():
                yield topic, kind, rule_id, listed


def test_every_listed_rule_exists_once_and_is_of_its_kind() -> None:
    seen: set[str] = set()
    for topic, kind, rule_id, listed in listed_rules():
        assert rule_id in CATALOG.rules, rule_id
        assert rule_id not in seen, rule_id
        seen.add(rule_id)
        is_praise = CATALOG.rules[rule_id].effective_label is Label.PRAISE
        assert is_praise == (kind == "praise"), rule_id
        if isinstance(listed, str):  # shares a list of the same kind
            shared = {r for _, k, r, v in listed_rules() if k == kind and isinstance(v, list)}
            assert listed in shared, rule_id
        else:  # its own list, under its own topic
            assert topic_of(made(rule_id)) == topic, rule_id


@pytest.mark.parametrize("rule_id", sorted(rule for _, _, rule, _ in listed_rules()))
def test_every_listed_rule_asks_about_a_bare_symbol(rule_id: str) -> None:
    """A comment with a symbol only (no thing, no quoted names, no class) still gets a question
    that names it: a rule's last alternative, else its topic's question, needs no more."""
    comment = made(rule_id, "place_order")
    praised = rule(rule_id).effective_label is Label.PRAISE
    [point] = talking_points([], [comment]) if praised else talking_points([comment])
    assert point.grounds[0] is comment
    assert "`place_order` (`app/orders.py:12`)" in point.questions[0]


def test_a_rule_the_data_does_not_list_falls_back_to_its_topic() -> None:
    unlisted = Rule("made-up", Category.SECURITY, Severity.MAJOR, "t", "w", "h", ("x:1",))
    place = Occurrence(Location("app/a.py", 3, 3), "f", ("m",), ("x:1",))
    [point] = talking_points([Comment("i", unlisted, Severity.MAJOR, (place,))])
    assert point.questions == (
        "Where does the input that reaches `f` (`app/a.py:3`) come from, and who controls it?",
        "How would you find every other place like `f`, and keep the pattern from coming back "
        "(linters, review, tests)?",
    )


def test_rules_that_share_their_questions_are_asked_once() -> None:
    [point] = talking_points(
        [made("php-complex-method", "A::run"), made("php-long-method", "B::render")]
    )
    assert [g.rule.id for g in point.grounds] == ["php-complex-method", "php-complex-method"]
    assert point.questions[1].startswith("Which name or extracted function")  # the follow-up


def test_the_code_that_ships_is_asked_about_before_its_tests() -> None:
    in_tests = Occurrence(
        Location("tests/test_a.py", 3, 3), "test_a", ("m",), ("x:1",), area=Area.TESTS
    )
    major = Comment("t", rule("redefined-unused-name"), Severity.MAJOR, (in_tests,))
    [point] = talking_points([major, made("naive-datetime", "next_order_number")])
    assert point.grounds[0].rule.id == "naive-datetime"


def test_a_keyword_the_analyzer_quoted_is_not_taken_for_a_name() -> None:
    quoted = ("Within an `except` clause, raise exceptions with `raise ... from err`",)
    [point] = talking_points([made("raise-without-from", "", "app/deps.py", quoted)])
    assert "`deps` (`app/deps.py:12`)" in point.questions[0]


def test_a_catch_all_of_exception_is_not_said_to_catch_ctrl_c() -> None:
    """`except Exception` leaves KeyboardInterrupt and SystemExit alone; only a bare `except:`
    catches them, so only its question may say so."""
    rules = DATA["error-handling"]["rules"]
    broad = " ".join(rules["broad-except"])

    assert "KeyboardInterrupt" not in broad and "SystemExit" not in broad
    assert "KeyboardInterrupt" in " ".join(rules["bare-except"])
