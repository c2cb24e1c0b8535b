"""Composition root: the one place where concrete classes are created and wired."""

import http.client
import logging
import os
import smtplib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from wsgiref.simple_server import make_server

from orders_api_clean.app import OrdersApi, create_router
from orders_api_clean.cache import TtlCache
from orders_api_clean.clock import Clock, SystemClock
from orders_api_clean.delivery_time import (
    FallbackEstimator, HeuristicEstimator, HttpDeliveryTimeClient,
)
from orders_api_clean.models import MenuItem
from orders_api_clean.notifications import SmtpNotifier
from orders_api_clean.services import OrderDependencies, OrderService, RestaurantCatalog
from orders_api_clean.sqlite_repositories import (
    SqliteMenuRepository,
    SqliteOrderRepository,
    SqliteRestaurantRepository,
    create_schema,
)
from orders_api_clean.web import WsgiApp

logger = logging.getLogger(__name__)

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class Settings:
    """Deployment settings, read once at start-up."""

    db_path: str = "orders.db"
    port: int = 8000
    smtp_host: str = "localhost"
    mail_sender: str = "orders@foodhub.local"
    delivery_host: str = "localhost"
    delivery_port: int = 8001

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Settings":
        """Build settings from ``ORDERS_*`` variables, keeping defaults for the rest."""
        default = cls()
        return cls(
            db_path=env.get("ORDERS_DB", default.db_path),
            port=int(env.get("ORDERS_PORT", default.port)),
            smtp_host=env.get("ORDERS_SMTP_HOST", default.smtp_host),
            mail_sender=env.get("ORDERS_MAIL_SENDER", default.mail_sender),
            delivery_host=env.get("ORDERS_DELIVERY_HOST", default.delivery_host),
            delivery_port=int(env.get("ORDERS_DELIVERY_PORT", default.delivery_port)),
        )


def build_app(settings: Settings, connection: sqlite3.Connection,
              clock: Clock | None = None) -> WsgiApp:
    """Wire the whole application around an open database connection."""
    clock = clock or SystemClock()
    restaurants = SqliteRestaurantRepository(connection)
    menus = SqliteMenuRepository(connection)
    delivery_service = HttpDeliveryTimeClient(partial(
        http.client.HTTPConnection, settings.delivery_host, settings.delivery_port,
        timeout=2,
    ))
    mail = partial(smtplib.SMTP, settings.smtp_host, timeout=10)
    orders = OrderService(OrderDependencies(
        restaurants=restaurants,
        menus=menus,
        orders=SqliteOrderRepository(connection),
        estimator=FallbackEstimator(delivery_service, HeuristicEstimator()),
        notifier=SmtpNotifier(mail, sender=settings.mail_sender),
        clock=clock,
    ))
    menu_cache: TtlCache[Sequence[MenuItem]] = TtlCache(clock, ttl=timedelta(minutes=5))
    catalog = RestaurantCatalog(restaurants, menus, menu_cache)
    return WsgiApp(create_router(OrdersApi(catalog, orders)))


def main() -> None:
    """Serve the API on localhost until interrupted."""
    logging.basicConfig(level=logging.INFO)
    settings = Settings.from_env(os.environ)
    connection = sqlite3.connect(settings.db_path, check_same_thread=False)
    try:
        create_schema(connection)
        app = build_app(settings, connection)
        with make_server(LOCALHOST, settings.port, app) as server:
            logger.info("serving on http://%s:%s", LOCALHOST, settings.port)
            server.serve_forever()
    finally:
        connection.close()


if __name__ == "__main__":
    main()
