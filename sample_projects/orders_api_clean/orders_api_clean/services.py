"""Use cases written against protocols: no connection, environment or system clock."""

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from orders_api_clean.cache import Cache
from orders_api_clean.clock import Clock
from orders_api_clean.delivery_time import DeliveryRequest, DeliveryTimeEstimator
from orders_api_clean.errors import (
    EmptyOrderError, ExternalServiceError, NotFoundError, OutOfRangeError,
)
from orders_api_clean.models import (
    ZERO, MenuItem, Money, Order, OrderDraft, OrderLine, OrderStatus, Restaurant,
)
from orders_api_clean.notifications import Notifier
from orders_api_clean.pricing import DeliveryFeeSchedule, PricingContext, strategy_for
from orders_api_clean.repositories import (
    MenuRepository, OrderRepository, RestaurantRepository,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlaceOrder:
    """A customer's request to order food: menu item id -> quantity."""

    customer_email: str
    restaurant_id: int
    quantities: Mapping[int, int]
    distance_km: float
    pricing: str = "standard"
    loyalty_points: int = 0


@dataclass(frozen=True)
class PlacedOrder:
    """The stored order and when it should arrive."""

    order: Order
    eta_minutes: int


class RestaurantCatalog:
    """Browsing restaurants and menus, with menus cached."""

    def __init__(self, restaurants: RestaurantRepository, menus: MenuRepository,
                 menu_cache: Cache[Sequence[MenuItem]]) -> None:
        """Read through the repositories, caching menus in ``menu_cache``."""
        self._restaurants = restaurants
        self._menus = menus
        self._menu_cache = menu_cache

    def by_cuisine(self, cuisine: str) -> Sequence[Restaurant]:
        """Return the restaurants serving ``cuisine``."""
        return self._restaurants.by_cuisine(cuisine)

    def menu(self, restaurant_id: int) -> Sequence[MenuItem]:
        """Return the menu of an existing restaurant, from the cache when fresh."""
        key = f"menu:{restaurant_id}"
        cached = self._menu_cache.get(key)
        if cached is not None:
            return cached
        self._restaurants.get(restaurant_id)
        items = self._menus.for_restaurant(restaurant_id)
        self._menu_cache.put(key, items)
        return items


@dataclass(frozen=True)
class OrderDependencies:
    """The collaborators of ``OrderService``, grouped so the wiring stays readable."""

    restaurants: RestaurantRepository
    menus: MenuRepository
    orders: OrderRepository
    estimator: DeliveryTimeEstimator
    notifier: Notifier
    clock: Clock
    fees: DeliveryFeeSchedule = field(default_factory=DeliveryFeeSchedule)


class OrderService:
    """Places orders and moves them through their statuses."""

    def __init__(self, deps: OrderDependencies) -> None:
        """Work only through the injected collaborators."""
        self._deps = deps

    def place_order(self, command: PlaceOrder) -> PlacedOrder:
        """Price, store and confirm a new order."""
        restaurant = self._deps.restaurants.get(command.restaurant_id)
        lines = self._order_lines(restaurant.id, command.quantities)
        placed_at = self._deps.clock.now()
        total = self._total(command, lines, placed_at)
        order = self._deps.orders.add(
            OrderDraft(command.customer_email, restaurant.id, lines, total, placed_at)
        )
        item_count = sum(line.quantity for line in lines)
        eta = self._deps.estimator.estimate_minutes(
            DeliveryRequest(restaurant.id, command.distance_km, item_count)
        )
        self._notify(lambda: self._deps.notifier.order_placed(order, eta), order)
        return PlacedOrder(order, eta)

    def get(self, order_id: int) -> Order:
        """Return a stored order."""
        return self._deps.orders.get(order_id)

    def change_status(self, order_id: int, target: OrderStatus) -> Order:
        """Move an order to ``target`` if the transition table allows it."""
        order = self._deps.orders.get(order_id).with_status(target)
        self._deps.orders.save_status(order)
        self._notify(lambda: self._deps.notifier.status_changed(order), order)
        return order

    def _order_lines(self, restaurant_id: int,
                     quantities: Mapping[int, int]) -> tuple[OrderLine, ...]:
        if not quantities:
            raise EmptyOrderError
        items = self._deps.menus.get_many(restaurant_id, quantities.keys())
        lines = []
        for item_id, quantity in sorted(quantities.items()):
            if quantity < 1:
                raise OutOfRangeError("quantity", quantity, 1)
            item = items.get(item_id)
            if item is None or not item.available:
                raise NotFoundError("menu_item", item_id)
            lines.append(OrderLine(item.id, item.name, item.price, quantity))
        return tuple(lines)

    def _total(self, command: PlaceOrder, lines: Sequence[OrderLine],
               placed_at: datetime) -> Money:
        subtotal = sum((line.amount for line in lines), ZERO)
        context = PricingContext(subtotal, placed_at, command.loyalty_points)
        food = strategy_for(command.pricing).price(context)
        return food + self._deps.fees.fee_for(command.distance_km)

    @staticmethod
    def _notify(send: Callable[[], None], order: Order) -> None:
        """Notify best effort: a mail outage must not undo an order already stored."""
        try:
            send()
        except ExternalServiceError:
            logger.warning("could not notify about order %s", order.id, exc_info=True)
