# expect: none
"""Mostly annotated, but one public function is not."""
from decimal import Decimal


def net(amount: Decimal, rate: Decimal) -> Decimal:
    return amount / (1 + rate)


def gross(amount: Decimal, rate: Decimal) -> Decimal:
    return amount * (1 + rate)


def vat(amount, rate):
    return gross(amount, rate) - amount


def rounded(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))
