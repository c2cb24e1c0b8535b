"""Delivery-time estimation: the Phase 3 microservice, with a local fallback."""

import http.client
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Protocol
from urllib.parse import urlencode

from orders_api_clean.errors import ExternalServiceError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryRequest:
    """What an estimator needs to know about an order."""

    restaurant_id: int
    distance_km: float
    item_count: int


class DeliveryTimeEstimator(Protocol):
    """Estimates how many minutes an order takes to arrive."""

    def estimate_minutes(self, request: DeliveryRequest) -> int:
        """Return the expected delivery time in whole minutes."""


@dataclass(frozen=True)
class HeuristicEstimator:
    """Base time, plus preparation time per item, plus travel time per kilometre."""

    base_minutes: int = 15
    minutes_per_item: int = 2
    minutes_per_km: int = 3

    def estimate_minutes(self, request: DeliveryRequest) -> int:
        """Return a deterministic estimate from the order's size and distance."""
        travel = round(request.distance_km * self.minutes_per_km)
        return self.base_minutes + request.item_count * self.minutes_per_item + travel


class HttpDeliveryTimeClient:
    """Asks the delivery-time microservice over HTTP."""

    def __init__(self, connect: Callable[[], http.client.HTTPConnection]) -> None:
        """Open connections with ``connect``, which fixes host, port and timeout."""
        self._connect = connect

    def estimate_minutes(self, request: DeliveryRequest) -> int:
        """Return the service's estimate or raise ``ExternalServiceError``."""
        query = urlencode({"restaurant_id": request.restaurant_id,
                           "distance_km": request.distance_km,
                           "items": request.item_count})
        connection = self._connect()
        try:
            connection.request("GET", f"/estimate?{query}")
            response = connection.getresponse()
            return _parse_minutes(response.status, response.read())
        except OSError as exc:
            raise ExternalServiceError(str(exc)) from exc
        finally:
            connection.close()


def _parse_minutes(status: int, payload: bytes) -> int:
    if status != HTTPStatus.OK:
        raise ExternalServiceError(status)
    try:
        return int(json.loads(payload)["minutes"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ExternalServiceError(payload[:100]) from exc


class FallbackEstimator:
    """Uses the primary estimator and falls back to the secondary when it fails."""

    def __init__(self, primary: DeliveryTimeEstimator,
                 fallback: DeliveryTimeEstimator) -> None:
        """Try ``primary`` first, then ``fallback``."""
        self._primary = primary
        self._fallback = fallback

    def estimate_minutes(self, request: DeliveryRequest) -> int:
        """Return the primary estimate, or the fallback one if the primary is down."""
        try:
            return self._primary.estimate_minutes(request)
        except ExternalServiceError:
            logger.warning("delivery-time service down; using fallback", exc_info=True)
            return self._fallback.estimate_minutes(request)
