# expect: design:praise-annotated@1
"""Money helpers with complete type hints."""
from decimal import ROUND_HALF_EVEN, Decimal


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def from_cents(cents: int) -> Decimal:
    return Decimal(cents) / 100


def add_vat(amount: Decimal, rate: Decimal = Decimal("0.19")) -> Decimal:
    return amount * (1 + rate)


def split(amount: Decimal, parts: int) -> list[Decimal]:
    share = (amount / parts).quantize(Decimal("0.01"))
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def _round(amount):
    return round(amount, 2)
