"""Immutable value objects and entities; a status change produces a new ``Order``."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from types import MappingProxyType

from orders_api_clean.errors import InvalidTransitionError, OutOfRangeError


@dataclass(frozen=True, order=True)
class Money:
    """An amount in cents, so sums never suffer from float rounding."""

    cents: int

    def __post_init__(self) -> None:
        """Reject negative amounts; refunds are modelled separately."""
        if self.cents < 0:
            raise OutOfRangeError("cents", self.cents, 0)

    def __add__(self, other: "Money") -> "Money":
        """Add two amounts."""
        return Money(self.cents + other.cents)

    def __str__(self) -> str:
        """Format as a decimal amount, e.g. ``12.50``."""
        return f"{self.cents // 100}.{self.cents % 100:02d}"

    def times(self, quantity: int) -> "Money":
        """Return the amount for ``quantity`` units."""
        return Money(self.cents * quantity)

    def percent_off(self, percent: int) -> "Money":
        """Return the amount reduced by ``percent`` percent, rounded down."""
        return Money(self.cents * (100 - percent) // 100)


ZERO = Money(0)


@dataclass(frozen=True)
class Restaurant:
    """A restaurant that accepts orders, with the name of its cuisine type."""

    id: int
    name: str
    cuisine: str
    address: str


@dataclass(frozen=True)
class MenuItem:
    """A dish a restaurant sells."""

    id: int
    restaurant_id: int
    name: str
    price: Money
    available: bool = True


@dataclass(frozen=True)
class OrderLine:
    """One menu item and how many of it were ordered."""

    menu_item_id: int
    name: str
    unit_price: Money
    quantity: int

    @property
    def amount(self) -> Money:
        """Return the price of the whole line."""
        return self.unit_price.times(self.quantity)


class OrderStatus(Enum):
    """Where an order is in its life cycle."""

    NEW = "new"
    CONFIRMED = "confirmed"
    PREPARING = "preparing"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    def can_become(self, target: "OrderStatus") -> bool:
        """Tell whether the transition table allows moving to ``target``."""
        return target in ALLOWED_TRANSITIONS[self]


ALLOWED_TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = MappingProxyType({
    OrderStatus.NEW: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.PREPARING, OrderStatus.CANCELLED}),
    OrderStatus.PREPARING: frozenset({OrderStatus.OUT_FOR_DELIVERY}),
    OrderStatus.OUT_FOR_DELIVERY: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
})
STATUS_LABELS: Mapping[OrderStatus, str] = MappingProxyType({
    OrderStatus.NEW: "Waiting for the restaurant",
    OrderStatus.CONFIRMED: "Confirmed",
    OrderStatus.PREPARING: "Being prepared",
    OrderStatus.OUT_FOR_DELIVERY: "On the way",
    OrderStatus.DELIVERED: "Delivered",
    OrderStatus.CANCELLED: "Cancelled",
})


@dataclass(frozen=True)
class OrderDraft:
    """An order that has been priced but not stored yet."""

    customer_email: str
    restaurant_id: int
    lines: tuple[OrderLine, ...]
    total: Money
    placed_at: datetime


@dataclass(frozen=True)
class Order:
    """A stored order."""

    id: int
    customer_email: str
    restaurant_id: int
    lines: tuple[OrderLine, ...]
    total: Money
    placed_at: datetime
    status: OrderStatus = OrderStatus.NEW

    @classmethod
    def from_draft(cls, order_id: int, draft: OrderDraft) -> "Order":
        """Return the new order that storing ``draft`` under ``order_id`` created."""
        return cls(order_id, draft.customer_email, draft.restaurant_id, draft.lines,
                   draft.total, draft.placed_at)

    def with_status(self, target: OrderStatus) -> "Order":
        """Return a copy in ``target`` status, or raise if the move is not allowed."""
        if not self.status.can_become(target):
            raise InvalidTransitionError(self.status.value, target.value)
        return replace(self, status=target)

    @property
    def label(self) -> str:
        """Return the customer-facing description of the status."""
        return STATUS_LABELS[self.status]
