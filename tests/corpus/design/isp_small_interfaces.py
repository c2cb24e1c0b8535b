# expect: none
"""Small interfaces, each fully implemented."""
from abc import ABC, abstractmethod
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class Sink(ABC):
    @abstractmethod
    def emit(self, record): ...

    @abstractmethod
    def close(self): ...


class ListSink(Sink):
    def __init__(self):
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def close(self):
        self.records.clear()


class BaseSink(Sink):
    """Shared plumbing; still abstract."""

    @abstractmethod
    def emit(self, record): ...

    def close(self):
        return None
