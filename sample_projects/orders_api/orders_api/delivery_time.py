"""Delivery-time estimation: calls the Phase 3 microservice, falls back to a local guess."""
import logging
import random
import subprocess
import time
import urllib.request
from datetime import datetime, timedelta

from orders_api import config

logger = logging.getLogger(__name__)


class DeliveryHttpClient:
    def __init__(self, base_url=config.DELIVERY_SERVICE_URL):
        self.base_url = base_url

    def get(self, path):
        with urllib.request.urlopen(self.base_url + path, timeout=5) as resp:
            return resp.read().decode()


_client = DeliveryHttpClient()


def fetch_remote_estimate(address: str, restaurant_id: int) -> str:
    return _client.get(f"/estimate?address={address}&restaurant={restaurant_id}")


def distance_km(address):
    # the routing CLI is installed on the production box
    out = subprocess.check_output("route-calc --from depot --to '%s'" % address, shell=True)
    return float(out.strip())


def estimate_minutes(address, restaurant_id, items_count):
    start = time.time()
    try:
        minutes = int(fetch_remote_estimate(address, restaurant_id))
    except Exception as e:
        logger.warning("remote estimate failed: %s", e)
        minutes = 20 + items_count * 2 + int(distance_km(address) * 3)
    minutes += random.randint(0, 5)
    logger.debug("estimate took %.2fs", time.time() - start)
    return minutes


def expected_arrival(address: str, restaurant_id: int) -> datetime:
    raw = fetch_remote_estimate(address, restaurant_id)
    return datetime.now() + timedelta(minutes=raw)
