"""HTTP handlers: translate requests into use-case calls and results into JSON."""

import logging
from collections.abc import Mapping
from dataclasses import asdict
from http import HTTPStatus
from types import MappingProxyType

from orders_api_clean.errors import NotFoundError, OrdersError, ValidationError
from orders_api_clean.models import MenuItem, Order, OrderStatus
from orders_api_clean.services import OrderService, PlaceOrder, RestaurantCatalog
from orders_api_clean.web import BadRequestError, Handler, Request, Response, Router

logger = logging.getLogger(__name__)

ERROR_STATUS: Mapping[type[Exception], HTTPStatus] = MappingProxyType({
    NotFoundError: HTTPStatus.NOT_FOUND,
    ValidationError: HTTPStatus.UNPROCESSABLE_ENTITY,
    BadRequestError: HTTPStatus.BAD_REQUEST,
    OrdersError: HTTPStatus.SERVICE_UNAVAILABLE,
})


def menu_item_json(item: MenuItem) -> dict[str, object]:
    """Serialize a menu item, with the price as a decimal string."""
    return {"id": item.id, "name": item.name, "price": str(item.price)}


def order_json(order: Order) -> dict[str, object]:
    """Serialize an order, with amounts as decimal strings."""
    lines = [{"menu_item_id": line.menu_item_id, "name": line.name,
              "quantity": line.quantity} for line in order.lines]
    return {"id": order.id, "status": order.status.value, "status_label": order.label,
            "total": str(order.total), "placed_at": order.placed_at.isoformat(),
            "lines": lines}


def error_response(error: Exception) -> Response:
    """Answer with the status mapped to the error's closest listed ancestor."""
    for error_type in type(error).__mro__:
        status = ERROR_STATUS.get(error_type)
        if status is not None:
            return Response({"error": str(error)}, status)
    raise error


def handles_errors(handler: Handler) -> Handler:
    """Wrap ``handler`` so that expected errors become JSON error responses."""

    def wrapped(request: Request, params: Mapping[str, str]) -> Response:
        try:
            return handler(request, params)
        except (OrdersError, BadRequestError) as exc:
            logger.info("request refused: %s", exc)
            return error_response(exc)

    return wrapped


class OrdersApi:
    """The REST endpoints, each a thin adapter over one use case."""

    def __init__(self, catalog: RestaurantCatalog, orders: OrderService) -> None:
        """Serve ``catalog`` and ``orders``."""
        self._catalog = catalog
        self._orders = orders

    def restaurants(self, request: Request, _params: Mapping[str, str]) -> Response:
        """GET /restaurants?cuisine=... ."""
        restaurants = self._catalog.by_cuisine(request.query.get("cuisine", ""))
        return Response([asdict(r) for r in restaurants])

    def menu(self, _request: Request, params: Mapping[str, str]) -> Response:
        """GET /restaurants/<restaurant_id>/menu ."""
        items = self._catalog.menu(_int_param(params, "restaurant_id"))
        return Response([menu_item_json(item) for item in items])

    def place_order(self, request: Request, _params: Mapping[str, str]) -> Response:
        """POST /orders ."""
        placed = self._orders.place_order(_place_order_command(request.json()))
        body = order_json(placed.order) | {"eta_minutes": placed.eta_minutes}
        return Response(body, HTTPStatus.CREATED)

    def get_order(self, _request: Request, params: Mapping[str, str]) -> Response:
        """GET /orders/<order_id> ."""
        return Response(order_json(self._orders.get(_int_param(params, "order_id"))))

    def change_status(self, request: Request, params: Mapping[str, str]) -> Response:
        """POST /orders/<order_id>/status ."""
        target = _status(request.json().get("status"))
        order = self._orders.change_status(_int_param(params, "order_id"), target)
        return Response(order_json(order))

    def routes(self) -> list[tuple[str, str, Handler]]:
        """Return (method, pattern, handler) for every endpoint."""
        return [
            ("GET", "/restaurants", self.restaurants),
            ("GET", "/restaurants/<restaurant_id>/menu", self.menu),
            ("POST", "/orders", self.place_order),
            ("GET", "/orders/<order_id>", self.get_order),
            ("POST", "/orders/<order_id>/status", self.change_status),
        ]


def create_router(api: OrdersApi) -> Router:
    """Register every endpoint of ``api``, each wrapped in the error mapping."""
    router = Router()
    for method, pattern, handler in api.routes():
        router.add(method, pattern, handles_errors(handler))
    return router


def _int_param(params: Mapping[str, str], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, ValueError) as exc:
        raise BadRequestError(name) from exc


def _status(raw: object) -> OrderStatus:
    try:
        return OrderStatus(raw)
    except ValueError as exc:
        raise BadRequestError("status") from exc


def _place_order_command(payload: Mapping[str, object]) -> PlaceOrder:
    items = payload.get("items")
    if not isinstance(items, list):
        raise BadRequestError("items")
    try:
        return PlaceOrder(
            customer_email=str(payload["email"]),
            restaurant_id=int(str(payload["restaurant_id"])),
            quantities={int(i["menu_item_id"]): int(i["quantity"]) for i in items},
            distance_km=float(str(payload["distance_km"])),
            pricing=str(payload.get("pricing", "standard")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequestError("body") from exc
