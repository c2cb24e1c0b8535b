"""Pricing strategies chosen by name from a registry; a new promotion is a new class."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from orders_api_clean.errors import UnknownPricingError
from orders_api_clean.models import Money


@dataclass(frozen=True)
class PricingContext:
    """Everything a strategy may look at to price an order."""

    subtotal: Money
    placed_at: datetime
    loyalty_points: int = 0


class PricingStrategy(Protocol):
    """Turns a subtotal into the amount the customer pays for the food."""

    def price(self, context: PricingContext) -> Money:
        """Return the discounted amount for ``context``."""


class StandardPricing:
    """No discount."""

    def price(self, context: PricingContext) -> Money:
        """Return the subtotal unchanged."""
        return context.subtotal


@dataclass(frozen=True)
class HappyHourPricing:
    """A percentage off for orders placed within a daily time window."""

    percent_off: int = 20
    start_hour: int = 15
    end_hour: int = 18

    def price(self, context: PricingContext) -> Money:
        """Apply the discount when the order time falls in the window."""
        if self.start_hour <= context.placed_at.hour < self.end_hour:
            return context.subtotal.percent_off(self.percent_off)
        return context.subtotal


@dataclass(frozen=True)
class LoyaltyPricing:
    """Tiered discount: (minimum points, percent off), best tier first."""

    tiers: tuple[tuple[int, int], ...] = ((1000, 10), (500, 5))

    def price(self, context: PricingContext) -> Money:
        """Apply the best tier the customer qualifies for."""
        for min_points, percent in self.tiers:
            if context.loyalty_points >= min_points:
                return context.subtotal.percent_off(percent)
        return context.subtotal


PRICING_STRATEGIES: Mapping[str, PricingStrategy] = MappingProxyType({
    "standard": StandardPricing(),
    "happy_hour": HappyHourPricing(),
    "loyalty": LoyaltyPricing(),
})


def strategy_for(
    name: str, strategies: Mapping[str, PricingStrategy] = PRICING_STRATEGIES
) -> PricingStrategy:
    """Look up a strategy by name, failing with a domain error if it is unknown."""
    try:
        return strategies[name]
    except KeyError as exc:
        raise UnknownPricingError(name) from exc


@dataclass(frozen=True)
class DeliveryFeeSchedule:
    """Delivery fee in cents by distance: (max km, fee) tiers, then a flat maximum."""

    tiers: tuple[tuple[float, int], ...] = ((5.0, 299), (10.0, 499))
    beyond_last_tier: int = 799

    def fee_for(self, distance_km: float) -> Money:
        """Return the fee of the first tier that covers ``distance_km``."""
        for max_km, cents in self.tiers:
            if distance_km <= max_km:
                return Money(cents)
        return Money(self.beyond_last_tier)
