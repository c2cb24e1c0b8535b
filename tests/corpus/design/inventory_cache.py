# expect: design:global-state@5
"""Stock levels cached in process."""
import time

_levels = {}
TTL = 60


def level(sku, fetch):
    cached = _levels.get(sku)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    value = fetch(sku)
    _levels[sku] = (value, time.monotonic() + TTL)
    return value


def forget(sku):
    _levels.pop(sku, None)
