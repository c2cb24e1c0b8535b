"""`env()` outside the configuration, negations bound to the wrong operand, and predictable
generators behind share links."""

from __future__ import annotations

import pytest

from reviewer.model import Severity
from tests.php.helpers import Analyze, of, php


def service(body: str) -> str:
    return php(
        f"""
final class PaymentClient
{{
    public function handle(string $status, ?string $token): mixed
    {{
        {body}
    }}
}}
"""
    )


def test_env_in_application_code_is_reported_as_a_minor(analyze: Analyze) -> None:
    [found] = of(analyze(service("return env('PAYMENT_KEY');")), "env-outside-config")

    assert found.message == (
        "`PaymentClient::handle` reads `env('PAYMENT_KEY')` outside the configuration files"
    )
    assert found.raise_to is Severity.MINOR


def test_env_in_a_branch_taken_only_in_tests_stays_a_nit(analyze: Analyze) -> None:
    body = "return app()->runningUnitTests() ? env('X_API_VERSION') : $status;"

    [found] = of(analyze(service(body)), "env-outside-config")
    assert found.raise_to is None


@pytest.mark.parametrize(
    "name",
    [
        "config/services.php",
        "app/Config/services.php",
        "app/Console/Commands/SetupStorage.php",
        "tests/Feature/PaymentTest.php",
        "database/seeders/PaymentSeeder.php",
    ],
)
def test_env_in_configuration_commands_tests_and_seeders_is_not_reported(
    analyze: Analyze, name: str
) -> None:
    assert of(analyze(service("return env('PAYMENT_KEY');"), name), "env-outside-config") == []


def test_config_helper_is_not_env(analyze: Analyze) -> None:
    source = service("return config('services.payment.key') ?? $this->env('x');")

    assert of(analyze(source), "env-outside-config") == []


@pytest.mark.parametrize(
    ("condition", "reads"),
    [
        ("!$status === 'paid'", "`!($status === 'paid')`"),
        ("! $status == 'paid'", "`!($status == 'paid')`"),
        ("!$token !== 0", "`!($token !== 0)`"),
    ],
)
def test_negation_before_a_comparison_is_reported(
    analyze: Analyze, condition: str, reads: str
) -> None:
    [found] = of(analyze(service(f"return {condition};")), "negated-comparison")

    assert "(a boolean)" in found.message
    assert reads in found.message


@pytest.mark.parametrize(
    "condition",
    [
        "$status !== 'paid'",
        "!($status === 'paid')",
        "!$token === false",
        "!$token === null",
        "!empty($status) && $status === 'paid'",
    ],
)
def test_well_placed_negations_are_not_reported(analyze: Analyze, condition: str) -> None:
    assert of(analyze(service(f"return {condition};")), "negated-comparison") == []


def test_share_link_from_mt_rand_is_a_predictable_token(analyze: Analyze) -> None:
    source = service(
        "$shareLink = 'https://example.test/s/' . mt_rand();\n        return $shareLink;"
    )

    assert len(of(analyze(source), "insecure-token")) == 1
