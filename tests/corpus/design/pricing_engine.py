# expect: design:praise-annotated@1
"""Pricing with strategies chosen from a table."""
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType

Rule = Callable[[Decimal], Decimal]


def _standard(amount: Decimal) -> Decimal:
    return amount


def _sale(amount: Decimal) -> Decimal:
    return amount * Decimal("0.8")


def _clearance(amount: Decimal) -> Decimal:
    return amount * Decimal("0.5")


RULES: Mapping[str, Rule] = MappingProxyType(
    {"standard": _standard, "sale": _sale, "clearance": _clearance}
)


def price(amount: Decimal, rule: str) -> Decimal:
    return RULES[rule](amount)


def price_all(amounts: list[Decimal], rule: str) -> list[Decimal]:
    apply = RULES[rule]
    return [apply(amount) for amount in amounts]


def cheapest(amounts: list[Decimal]) -> Decimal:
    return min(amounts, default=Decimal(0))
