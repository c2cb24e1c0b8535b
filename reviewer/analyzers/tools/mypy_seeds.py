"""Warm starts for mypy's per-project caches.

Projects checked under one mypy configuration (a library and its examples, each with a
`pyproject.toml` of its own but the library's `[tool.mypy]`) would each analyze the standard
library's stubs from scratch: 1.4 s of a 1.6 s cold check of flask's tutorial. A project that
starts cold instead starts from a copy of the cache of one already checked under the same
configuration. mypy checks every cache entry against the file it stands for and the options
in force, so a copy can make a check faster, never different; a wrong guess at the
configuration costs a copy and nothing else.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path


class CacheSeeds:
    """The caches of the projects checked so far in this run, one per configuration."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_config: dict[str, Path] = {}

    def offer(self, config: str, cache: Path) -> None:
        """A project's cache, once its mypy has finished: never one mypy is writing."""
        with self._lock:
            self._by_config.setdefault(config, cache)

    def plant(self, config: str, cache: Path) -> bool:
        """Start a cold cache from a copy of one made under the same configuration."""
        with self._lock:
            seed = self._by_config.get(config)
        if seed is None or seed == cache or not _is_cold(cache):
            return False
        try:
            shutil.copytree(seed, cache, dirs_exist_ok=True)
        except (OSError, shutil.Error):
            _empty(cache)  # half a copy could be a torn database: start cold instead
            return False
        return True


def _is_cold(cache: Path) -> bool:
    """True when mypy has written nothing there yet (it keeps a folder per Python version)."""
    try:
        return not any(entry.is_dir() for entry in cache.iterdir())
    except OSError:
        return False


def _empty(cache: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(cache)
        cache.mkdir()
