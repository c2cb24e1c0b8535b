# expect: design:praise-annotated@1, design:type-dispatch@14
"""Discounts for the checkout."""
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Customer:
    tier: str
    orders: int


def discount(customer: Customer, subtotal: Decimal) -> Decimal:
    if customer.tier == "gold":
        rate = Decimal("0.10")
    elif customer.tier == "silver":
        rate = Decimal("0.05")
    elif customer.tier == "bronze":
        rate = Decimal("0.02")
    else:
        rate = Decimal(0)
    if customer.orders > 100:
        rate += Decimal("0.02")
    return (subtotal * rate).quantize(Decimal("0.01"))


def free_shipping(customer: Customer, subtotal: Decimal) -> bool:
    return customer.tier == "gold" or subtotal > 50


def loyalty_points(subtotal: Decimal) -> int:
    return int(subtotal // 10)
