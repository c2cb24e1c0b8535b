"""The Laravel sample projects: every deliberate problem pinned, nothing on the clean one."""

from __future__ import annotations

import re
from functools import cache

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.php.praise import PRAISE_CODES
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import PhpArchitecture
from reviewer.inputs.discovery import discover
from reviewer.model import AnalyzerResult, Label
from tests.helpers import SAMPLES

PROBLEMS = SAMPLES / "laravel_orders"
CLEAN = SAMPLES / "laravel_orders_clean"
ROW = re.compile(
    r"^\| `(?P<file>[^`]+)` \| (?P<line>\d+) \| .+ "
    r"\| `php:(?P<code>[a-z-]+)` \| `(?P<rule>[a-z0-9-]+)` \|$"
)
# Rows of PROBLEMS.md that issue 19 made idioms (facades, Carbon's `now()`): the sample's
# owner removes them from PROBLEMS.md; until then they are expected to be gone.
IDIOMS_NOW = {
    ("app/Services/OrderService.php", 46, "static-dependency"),
    ("app/Services/OrderService.php", 56, "static-dependency"),
    ("app/Services/OrderService.php", 62, "hidden-clock"),
    ("app/Services/OrderService.php", 75, "static-dependency"),
    ("app/Strategies/DeliveredStatusStrategy.php", 13, "hidden-clock"),
}
# Rules no file of the sample shows yet (Blade views, inline authorization).
NOT_IN_SAMPLE_YET = {
    "php-blade-raw-output",
    "php-blade-form-without-csrf",
    "php-authorization-in-controller",
}


@cache
def review(folder: str) -> AnalyzerResult:
    """The workshop the samples follow asks for repositories, so they are reviewed as a
    project that declares them (`[php] architecture = "repositories"`)."""
    files = discover([folder])
    assert files, folder
    return PhpAnalyzer(architecture=PhpArchitecture.REPOSITORIES).run(files)


def places(result: AnalyzerResult) -> set[tuple[str, int, str]]:
    return {
        (f.location.path.split(f"{PROBLEMS.name}/", 1)[1], f.location.line, f.code)
        for f in result.findings
    }


def documented() -> list[dict[str, str]]:
    text = (PROBLEMS / "PROBLEMS.md").read_text(encoding="utf-8")
    return [m.groupdict() for line in text.splitlines() if (m := ROW.match(line))]


def test_problem_sample_finds_exactly_the_documented_problems() -> None:
    expected = {(row["file"], int(row["line"]), row["code"]) for row in documented()}

    assert len(expected) == len(documented()) > 40
    assert places(review(str(PROBLEMS))) == expected - IDIOMS_NOW


def test_problem_sample_earns_every_php_rule() -> None:
    catalog = load_catalog()
    php_rules = {
        r.id
        for r in catalog.rules.values()
        if r.id.startswith("php-") and r.effective_label is not Label.PRAISE
    }

    assert {row["rule"] for row in documented()} == php_rules - NOT_IN_SAMPLE_YET


def test_documented_rules_are_the_catalog_mapping_of_each_code() -> None:
    catalog = load_catalog()
    for row in documented():
        owner = [r.id for r in catalog.rules.values() if f"php:{row['code']}" in r.sources]
        assert owner == [row["rule"]], row


def test_problem_sample_pins_the_codes_of_each_category() -> None:
    codes = {code for _, _, code in places(review(str(PROBLEMS)))}

    assert codes == {
        *("raw-sql", "mass-assignment", "unguarded-model", "unserialize", "eval", "shell-exec"),
        *("weak-password-hash", "insecure-token", "debug-output"),
        *("controller-query", "controller-logic", "type-switch", "new-dependency"),
        *("fat-interface", "throwing-override", "static-dependency", "hidden-clock"),
        *("empty-catch", "broad-catch", "exit", "missing-transaction", "query-in-loop"),
        *("relation-in-loop", "complex-method", "long-method", "many-parameters"),
        *("missing-types", "missing-strict-types"),
        *("missing-authorization", "unclear-authorization", "no-fillable", "unpaginated-index"),
        *("resource-exposes-all", "model-without-resource", "money-column"),
        *("unconstrained-foreign-key", "foreign-key-on-delete", "natural-key-not-unique"),
        *("application-class-in-migration", "env-outside-config", "negated-comparison"),
        *("validation-in-catch-all", "autoload-mismatch", "resource-relation", "client-amount"),
        *("resource-relation-unseen", "client-amount-unchecked"),
    }


def test_problem_sample_parses_cleanly() -> None:
    assert review(str(PROBLEMS)).errors == ()


def test_idioms_in_the_problem_sample_stay_quiet() -> None:
    quiet = ("database/seeders/", "app/Providers/", "routes/", "app/Http/Requests/")
    noisy = [p for p in places(review(str(PROBLEMS))) if p[0].startswith(quiet)]

    assert noisy == []


def test_clean_sample_gets_no_finding_and_no_error() -> None:
    result = review(str(CLEAN))

    assert result.errors == ()
    problems = [f for f in result.findings if f.code not in PRAISE_CODES]
    assert [(f.location.path, f.location.line, f.message) for f in problems] == []


def test_clean_sample_uses_the_patterns_the_rules_recommend() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CLEAN.rglob("*.php")))

    for idiom in (
        "->transaction(",
        "->with(",
        "enum OrderStatus",
        "match ($status)",
        "declare(strict_types=1)",
        "extends FormRequest",
        "$this->app->bind(",
    ):
        assert idiom in sources, idiom
