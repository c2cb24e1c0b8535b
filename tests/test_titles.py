"""Titles name the offending thing: reviewed for real by ruff, bandit and the design analyzer,
each comment's title says which call, name, comparison, parameter or `except` it is about."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.formats.plain import place_title
from reviewer.model import Comment, Finding, Location, Occurrence, Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer, title
from reviewer.suggestions import Flagged, thing_for
from reviewer.suggestions.things import MAX_THING, inline_code
from tests.helpers import write

APP = """\
import hashlib
import os
import subprocess

import requests
import yaml

_service = None


class User:
    def __init__(self, email: str) -> None:
        self.email = email

    def avatar(self) -> str:
        return hashlib.md5(self.email.encode()).hexdigest()


def translate_text(text: str, items: list[str] = []) -> object:
    response = requests.post("https://api.example.com/t", json={"q": text})
    return response.json()


def load_config(path: str) -> object:
    with open(path) as f:
        return yaml.load(f)


def run(cmd: str) -> object:
    subprocess.run(cmd, shell=True, check=True)
    return eval(cmd)


def get_service() -> object:
    global _service
    if _service is None:
        _service = object()
    return _service


def parse(data: str) -> int | None:
    try:
        return int(data)
    except Exception:
        return None


def check(task: object) -> object:
    if task.complete == False:
        return Item
    return None


def again() -> int:
    try:
        return int("x")
    except ValueError:
        raise RuntimeError("not a number")
"""


@functools.cache
def shipped() -> Catalog:
    return load_catalog()


def reviewed(folder: Path) -> Review:
    catalog = shipped()
    analyzers = [RuffAnalyzer(RuffOptions(catalog.codes_for("ruff"))), BanditAnalyzer()]
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, [*analyzers, DesignAnalyzer()], catalog, make_renderer(Voice.PEER))


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("titles")
    write(folder, "app.py", APP)
    return {c.rule.id: c.title for c in reviewed(folder).comments}


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("hash-not-for-security", ": `hashlib.md5()` in `User.avatar`"),
        ("request-without-timeout", ": `requests.post()` in `translate_text`"),
        ("unsafe-deserialization", ": `yaml.load()` in `load_config`"),
        ("subprocess-shell", ": `subprocess.run(..., shell=True)` in `run`"),
        ("code-injection", " in `run`"),  # the title names `eval` already
        ("mutable-default-argument", ": `items=[]` in `translate_text`"),
        ("broad-except", " in `parse`"),  # "Catch-all `except Exception`" says it
        ("non-idiomatic-comparison", ": `task.complete == False` in `check`"),
        ("undefined-name", ": `Item` in `check`"),
        ("global-state", ": `_service` in `get_service`"),
        ("raise-without-from", ": `raise RuntimeError(...)` in `again`"),
        ("unused-import", ": `os`"),
    ],
)
def test_the_title_names_the_thing_then_where(
    titles: dict[str, str], rule_id: str, expected: str
) -> None:
    rule_title = shipped().get(rule_id).title
    assert titles[rule_id] == rule_title + expected  # the rule's title stays findable


def flagged(text: str, line: int, rule_id: str, path: str = "app.py", *messages: str) -> Flagged:
    findings = tuple(
        Finding("ruff", "X1", Location(path, line, line), message) for message in messages
    )
    return Flagged(rule_id, path, line, line, findings, text)


def test_a_long_expression_is_cut_and_stays_on_one_line() -> None:
    text = f"if {'very_long_name_' * 6} == False:\n    pass\n"
    thing = thing_for(flagged(text, 1, "non-idiomatic-comparison"))
    assert thing.endswith("…`") and len(thing) <= MAX_THING + 2


def test_backticks_and_control_characters_in_the_tree_stay_inert() -> None:
    text = 'import requests\nrequests.Session()["a``b\\x1b"].post(url)\n'
    thing = thing_for(flagged(text, 2, "request-without-timeout"))
    assert thing.startswith("```") and thing.endswith("```") and "\x1b" not in thing
    assert inline_code("`x`") == "`` `x` ``"
    assert inline_code("a\u202eb\nc") == "`a b c`"


def test_no_thing_where_none_fits_or_the_code_does_not_parse() -> None:
    assert thing_for(flagged("x = 1\n", 1, "request-without-timeout")) == ""
    assert thing_for(flagged("def f(:\n", 1, "mutable-default-argument")) == ""
    assert thing_for(flagged("x = 1\n", 1, "long-function")) == ""


def test_a_name_is_taken_from_the_message_only_where_the_line_says_it() -> None:
    said = flagged("import os\n", 1, "unused-import", "app.py", "`sys` imported but unused")
    assert thing_for(said) == ""


@pytest.mark.parametrize(
    ("rule_id", "line", "expected"),
    [
        ("php-eval", "        eval($code);", "`eval()`"),
        ("php-unsafe-unserialize", "$data = unserialize($raw);", "`unserialize()`"),
        ("php-debug-output", "        dd($order);", "`dd()`"),
        ("php-new-dependency", "$this->mailer = new SmtpMailer($host);", "`new SmtpMailer()`"),
        ("php-static-dependency", "$rate = Cache::get('rate');", "`Cache::get()`"),
        ("php-broad-catch", "} catch (\\Exception $e) {", "`catch (\\Exception)`"),
        ("php-exit", "    die('stop');", "`die`"),
        ("php-mass-assignment", "User::create($request->all());", "`$request->all()`"),
        ("php-type-switch", "switch ($order->status) {", "`switch ($order->status)`"),
    ],
)
def test_php_things_are_read_from_the_line(rule_id: str, line: str, expected: str) -> None:
    text = f"<?php\n\n{line}\n"
    assert thing_for(flagged(text, 3, rule_id, "app/Http/OrderController.php")) == expected


def test_the_thing_is_said_of_the_lead_place_only() -> None:
    catalog = shipped()
    rule = catalog.get("request-without-timeout")
    places = tuple(
        Occurrence(Location("app.py", line, line), symbol, (), ("ruff:S113",))
        for line, symbol in ((3, "a"), (9, "b"))
    )
    comment = Comment("c0ffee", rule, rule.severity, places, thing="`requests.get()`")
    assert title(comment) == "HTTP request without a timeout: `requests.get()` in `a`"
    assert title(comment, places[1]) == "HTTP request without a timeout in `b`"
    done = make_renderer(Voice.PEER)(comment)
    assert place_title(done, places[0]) == (
        "HTTP request without a timeout: requests.get() in a"  # the concise one-liner
    )


@pytest.mark.parametrize(
    ("rule_id", "text", "message", "expected"),
    [
        (
            "unused-import",
            "from typing import List\n",
            "`typing.List` imported but unused",
            "typing.List",
        ),
        ("ambiguous-name", "l = []\n", "Ambiguous variable name: `l`", "l"),
        ("type-dispatch", 'if kind == "a":\n', "`f` dispatches on `kind` over 3 values", "kind"),
        ("missing-attribute", "user.nme\n", '"User" has no attribute "nme"', "nme"),
        ("jump-in-finally", "return True\n", "`return` inside `finally` blocks", "return True"),
    ],
)
def test_names_the_analyzers_quote_or_the_statement(
    rule_id: str, text: str, message: str, expected: str
) -> None:
    assert thing_for(flagged(text, 1, rule_id, "app.py", message)) == f"`{expected}`"


def test_php_names_the_analyzer_quotes() -> None:
    said = "`OrderController::index` loads `$order->restaurant` for each `$order` of `$orders`"
    text = "<?php\n'restaurant' => $order->restaurant->name,\n"
    php = flagged(text, 2, "php-n-plus-one", "app/OrderController.php", said)
    assert thing_for(php) == "`$order->restaurant`"


def test_a_thing_the_title_or_symbol_already_says_is_not_repeated() -> None:
    catalog = shipped()
    place = Occurrence(Location("app.py", 3, 3), "OrderNotFound", (), ("ruff:N818",))
    naming = catalog.get("naming-convention")
    assert title(Comment("c", naming, naming.severity, (place,), thing="`OrderNotFound`")) == (
        f"{naming.title} in `OrderNotFound`"
    )
    ambiguous = catalog.get("ambiguous-name")  # "Name that looks like a digit" has an `l`
    done = title(Comment("c", ambiguous, ambiguous.severity, (place,), thing="`l`"))
    assert done == f"{ambiguous.title}: `l` in `OrderNotFound`"


def test_a_call_that_always_uses_a_shell_is_named_without_a_shell_keyword() -> None:
    text = (
        "import os\n\n\ndef build(lang: str) -> None:\n    os.system('pybabel init -l ' + lang)\n"
    )
    assert thing_for(flagged(text, 5, "shell-command-in-dev-script")) == "`os.system()`"
