"""In-process cache for menus and orders, persisted between restarts."""
import os
import pickle
import tempfile
import time

_cache = {}
CACHE_FILE = os.environ.get("ORDERS_CACHE_FILE") or tempfile.mktemp(suffix=".cache")


def get(key):
    entry = _cache.get(key)
    if entry is None:
        return None
    value, expires = entry
    if time.time() > expires:
        del _cache[key]
        return None
    return pickle.loads(value)


def set(key, value, ttl=300):
    _cache[key] = (pickle.dumps(value), time.time() + ttl)


def save_to_disk():
    with open(CACHE_FILE, "wb") as f:
        pickle.dump(_cache, f)


def load_from_disk():
    if not os.path.exists(CACHE_FILE):
        return
    with open(CACHE_FILE, "rb") as f:
        try:
            _cache.update(pickle.load(f))
        except:
            pass
