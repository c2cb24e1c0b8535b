# expect: design:io-in-loop@40
"""A small API client with retries and batched lookups."""
import logging
import time

import requests

logger = logging.getLogger(__name__)


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CatalogClient:
    def __init__(self, base_url, session=None, retries=3):
        self.base_url = base_url
        self.session = session or requests.Session()
        self.retries = retries

    def get_json(self, path):
        for attempt in range(self.retries):
            try:
                response = self.session.get(self.base_url + path, timeout=5)
                response.raise_for_status()
                return response.json()
            except requests.ConnectionError:
                logger.info("retrying %s (attempt %d)", path, attempt + 1)
                time.sleep(2**attempt)
        raise RuntimeError(f"{path} unavailable after {self.retries} attempts")

    def products(self, ids):
        found = []
        for batch in chunks(ids, 100):
            found.extend(self.session.get(self.base_url + "/products", params={"ids": batch}, timeout=5).json())
        return found

    def product_prices(self, ids):
        return {pid: self.session.get(f"{self.base_url}/prices/{pid}", timeout=5).json() for pid in ids}
