"""Time as an injected dependency, so business rules can be tested at any hour."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current, timezone-aware time."""

    def now(self) -> datetime:
        """Return the current time with a timezone."""


class SystemClock:
    """Clock backed by the operating system, always in UTC."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(tz=UTC)


@dataclass
class FixedClock:
    """Clock that returns a chosen instant; for tests and replays."""

    current: datetime

    def now(self) -> datetime:
        """Return the chosen instant."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.current += delta
