"""A small time-based cache behind a protocol; time comes from an injected clock."""

from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from orders_api_clean.clock import Clock

T = TypeVar("T")


class Cache(Protocol[T]):
    """Key-value cache; a miss returns ``None``."""

    def get(self, key: str) -> T | None:
        """Return the cached value or ``None``."""

    def put(self, key: str, value: T) -> None:
        """Store ``value`` under ``key``."""


class TtlCache(Cache[T]):
    """In-memory cache whose entries expire a fixed time after they were stored."""

    def __init__(self, clock: Clock, ttl: timedelta) -> None:
        """Expire entries ``ttl`` after storing them, as told by ``clock``."""
        self._clock = clock
        self._ttl = ttl
        self._entries: dict[str, tuple[datetime, T]] = {}

    def get(self, key: str) -> T | None:
        """Return the value if present and fresh."""
        entry = self._entries.get(key)
        if entry is None or self._clock.now() >= entry[0]:
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, value: T) -> None:
        """Store ``value`` until the time to live has passed."""
        self._entries[key] = (self._clock.now() + self._ttl, value)
