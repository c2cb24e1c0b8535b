"""Testability and error-handling detectors of the PHP analyzer, on real snippets."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php


def in_class(body: str, cls: str = "OrderService", namespace: str = "App\\Services") -> str:
    return php(
        f"class {cls}\n{{\n    public function handle(Order $order): void\n"
        f"    {{\n{body}\n    }}\n}}",
        namespace,
    )


# --- collaborators a domain service hides (facades: tests/php/test_php_precision_idioms.py) --


def test_container_lookup_in_a_service_is_reported(analyze: Analyze) -> None:
    found = of(analyze(in_class("$gateway = app(PaymentGateway::class);")), "static-dependency")

    assert [f.message for f in found] == [
        "`OrderService::handle` resolves `PaymentGateway::class` from the container with `app()`"
    ]


def test_strategies_are_domain_code_too(analyze: Analyze) -> None:
    source = in_class("$g = resolve(Gateway::class);", "PendingStrategy", "App\\Strategies")

    assert len(of(analyze(source, "app/Strategies/PendingStrategy.php"), "static-dependency")) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "DB::transaction(fn () => $this->orders->add($order));",
        "$status = OrderStatus::from('paid');",
        "$slug = Str::slug($order->name);",
        "throw InvalidOrderTransition::between($a, $b);",
        "$this->cache->forget('orders');",
        "self::audit($order);",
    ],
)
def test_injected_collaborators_and_pure_statics_are_fine(analyze: Analyze, statement: str) -> None:
    assert of(analyze(in_class(statement)), "static-dependency") == []


@pytest.mark.parametrize(
    ("cls", "namespace", "path"),
    [
        ("OrderRepository", "App\\Repositories", "app/Repositories/OrderRepository.php"),
        ("OrderObserver", "App\\Observers", "app/Observers/OrderObserver.php"),
        ("AppServiceProvider", "App\\Providers", "app/Providers/AppServiceProvider.php"),
    ],
)
def test_facades_outside_domain_services_are_fine(
    analyze: Analyze, cls: str, namespace: str, path: str
) -> None:
    source = in_class("$gateway = app(PaymentGateway::class);", cls, namespace)

    assert of(analyze(source, path), "static-dependency") == []


# --- the clock ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "reading"),
    [
        ("$late = time() > $order->deadline;", "time()"),
        ("$weekend = date('N') >= 6;", "date()"),
        ("return new DateTimeImmutable() > $order->promisedAt();", "new DateTimeImmutable()"),
        ("$today = new \\DateTime('now');\nreturn $today < $order->due;", "new DateTime()"),
    ],
)
def test_clock_reads_in_business_rules_are_reported(
    analyze: Analyze, statement: str, reading: str
) -> None:
    found = of(analyze(in_class(statement)), "hidden-clock")

    assert [f.message for f in found] == [
        f"`OrderService::handle` reads PHP's clock with `{reading}`"
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "$late = $this->clock->now() > $order->promised_at;",
        "$day = date('Y-m-d', $order->created_at->getTimestamp());",
        "$at = new DateTimeImmutable('2024-05-01 12:00');",
    ],
)
def test_injected_clock_and_fixed_dates_are_fine(analyze: Analyze, statement: str) -> None:
    assert of(analyze(in_class(statement)), "hidden-clock") == []


@pytest.mark.parametrize(
    ("cls", "namespace", "path"),
    [
        ("OrderController", "App\\Http\\Controllers", "app/Http/Controllers/OrderController.php"),
        ("OrderObserver", "App\\Observers", "app/Observers/OrderObserver.php"),
        ("SystemClock", "App\\Infrastructure", "app/Infrastructure/SystemClock.php"),
        ("OrderSeeder", "Database\\Seeders", "database/seeders/OrderSeeder.php"),
    ],
)
def test_clock_at_the_edges_is_fine(analyze: Analyze, cls: str, namespace: str, path: str) -> None:
    source = in_class("$late = time() > $order->deadline;", cls, namespace)

    assert of(analyze(source, path), "hidden-clock") == []


# --- empty and broad catches, exit ----------------------------------------------------------


def test_empty_catch_is_reported(analyze: Analyze) -> None:
    body = "try {\n    $this->pay($order);\n} catch (PaymentFailed $e) {\n}"

    found = of(analyze(in_class(body)), "empty-catch")

    assert [(f.location.line, f.message) for f in found] == [
        (13, "`OrderService::handle` catches `PaymentFailed` and does nothing with it")
    ]


def test_catch_with_a_comment_or_a_statement_is_not_empty(analyze: Analyze) -> None:
    commented = (
        "try {\n    $this->pay($order);\n} catch (PaymentFailed) {\n    // retried by the job\n}"
    )
    handled = (
        "try {\n    $this->pay($order);\n} catch (PaymentFailed $e) {\n    $this->retry($order);\n}"
    )

    assert of(analyze(in_class(commented)), "empty-catch") == []
    assert of(analyze(in_class(handled)), "empty-catch") == []


@pytest.mark.parametrize(
    "caught", ["\\Exception", "Exception", "\\Throwable", "PaymentFailed | \\Throwable"]
)
def test_catch_all_that_carries_on_is_reported(analyze: Analyze, caught: str) -> None:
    body = (
        f"try {{\n    $this->pay($order);\n}} catch ({caught} $e) {{\n"
        f"    $this->logger->error('x');\n}}"
    )

    found = of(analyze(in_class(body)), "broad-catch")

    assert len(found) == 1 and "carries on" in found[0].message
    assert of(analyze(in_class(body)), "empty-catch") == []


@pytest.mark.parametrize(
    "handler",
    [
        "report($e);\n    throw $e;",
        "throw new PaymentFailed('declined', previous: $e);",
        "abort(502, 'Payment provider unavailable');",
    ],
)
def test_catch_all_that_rethrows_or_aborts_is_fine(analyze: Analyze, handler: str) -> None:
    body = f"try {{\n    $this->pay($order);\n}} catch (\\Throwable $e) {{\n    {handler}\n}}"

    assert of(analyze(in_class(body)), "broad-catch") == []


def test_specific_catch_is_not_broad(analyze: Analyze) -> None:
    body = (
        "try {\n    $this->pay($order);\n} catch (PaymentFailed $e) {\n    $this->retry($order);\n}"
    )

    assert of(analyze(in_class(body)), "broad-catch") == []


@pytest.mark.parametrize("statement", ["exit;", "exit(1);", "die('stop');", "die;", "die();"])
def test_exit_and_die_in_application_code_are_reported(analyze: Analyze, statement: str) -> None:
    found = of(analyze(in_class(statement)), "exit")

    assert len(found) == 1 and found[0].message.startswith("`OrderService::handle` stops")


def test_exit_outside_functions_and_in_tests_is_fine(analyze: Analyze) -> None:
    script = "<?php\nrequire __DIR__ . '/vendor/autoload.php';\nexit($kernel->handle());\n"
    test = in_class("exit(0);", "OrderTest", "Tests\\Feature")

    assert of(analyze(script, "artisan.php"), "exit") == []
    assert of(analyze(test, "tests/Feature/OrderTest.php"), "exit") == []


@pytest.mark.parametrize(
    ("handler", "confidence"),
    [
        ("$this->logger->error('payment failed', ['order' => $order->id]);", "low"),
        ("Log::warning('payment failed');\n    return null;", "low"),
        ("report($e);\n    return null;", "low"),
        ("return null;", None),
        ("$this->retry($order);", None),
    ],
)
def test_a_catch_all_that_logs_is_probably_a_deliberate_boundary(
    analyze: Analyze, handler: str, confidence: str | None
) -> None:
    body = f"try {{\n    $this->pay($order);\n}} catch (\\Throwable $e) {{\n    {handler}\n}}"

    [found] = of(analyze(in_class(body)), "broad-catch")

    assert found.extras.get("confidence") == confidence
    assert ("logs it" in found.message) == (confidence == "low")
