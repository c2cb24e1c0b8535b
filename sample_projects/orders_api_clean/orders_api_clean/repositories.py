"""Storage ports: small protocols holding only what the services need."""

from collections.abc import Collection, Sequence
from typing import Protocol

from orders_api_clean.models import MenuItem, Order, OrderDraft, Restaurant


class RestaurantRepository(Protocol):
    """Read access to restaurants."""

    def get(self, restaurant_id: int) -> Restaurant:
        """Return the restaurant or raise ``NotFoundError``."""

    def by_cuisine(self, cuisine: str) -> Sequence[Restaurant]:
        """Return the restaurants serving ``cuisine``, by name."""


class MenuRepository(Protocol):
    """Read access to menu items."""

    def for_restaurant(self, restaurant_id: int) -> Sequence[MenuItem]:
        """Return the available items of a restaurant, by name."""

    def get_many(self, restaurant_id: int, ids: Collection[int]) -> dict[int, MenuItem]:
        """Return the requested items of one restaurant, keyed by id, in one query."""


class OrderRepository(Protocol):
    """Persistence of orders."""

    def add(self, draft: OrderDraft) -> Order:
        """Store a new order and return it with its id."""

    def get(self, order_id: int) -> Order:
        """Return the order or raise ``NotFoundError``."""

    def save_status(self, order: Order) -> None:
        """Persist the current status of ``order``."""
