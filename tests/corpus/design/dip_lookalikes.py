# expect: none
"""Constructors that create values, locks, loggers and containers: all fine."""
import logging
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

import requests


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "EUR"


class RateLimiter:
    def __init__(self, per_second):
        self.lock = threading.Lock()
        self.calls = deque(maxlen=per_second)
        self.per_key = defaultdict(int)
        self.logger = logging.getLogger(__name__)
        self.limit = Money(Decimal("1.00"))


class PriceService:
    def __init__(self, repository, session=None):
        self.repository = repository
        self.session = session if session is not None else requests.Session()

    def price(self, sku):
        return self.repository.price(sku)


class ClientFactory:
    def __init__(self, base_url):
        self.session = requests.Session()
        self.base_url = base_url

    def create(self):
        return self.session


@dataclass
class Cart:
    lines: list = field(default_factory=list)
    owner: str = ""


class PaymentError(Exception):
    def __init__(self, message, gateway):
        super().__init__(message)
        self.gateway = gateway


def make_client(base_url):
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    return session
