"""ISP: fat interfaces, and implementers that stub several inherited abstract methods."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

STORE = """\
from abc import ABC, abstractmethod
from typing import Protocol, overload


class Store(Protocol):
    def get(self, key: str) -> bytes: ...
    def put(self, key: str, value: bytes) -> None: ...
    def delete(self, key: str) -> None: ...
    def keys(self) -> list[str]: ...
    def copy(self, source: str, target: str) -> None: ...
    def url(self, key: str) -> str: ...


class Source(ABC):
    @abstractmethod
    def read(self, key): ...

    @abstractmethod
    def write(self, key, value): ...

    @abstractmethod
    def delete(self, key): ...

    def __eq__(self, other):
        return self is other


class Small(Protocol):
    def __len__(self) -> int: ...
    @overload
    def get(self, key: int) -> int: ...
    @overload
    def get(self, key: str) -> str: ...
    def get(self, key): ...
"""


def test_fat_interface_counts_declared_methods(analyze: Analyze) -> None:
    findings = analyze(STORE)
    assert codes(findings, "fat-interface") == [("fat-interface", 5)]
    assert (
        findings[0].message
        == "`Store` declares 6 abstract methods: get, put, delete, keys, copy, url"
    )


def test_stubbed_implementer(analyze: Analyze) -> None:
    source = """\
    from interfaces import Source


    class HttpSource(Source):
        def __init__(self, client):
            self.client = client

        def read(self, key):
            return self.client.fetch(key)

        def write(self, key, value):
            raise NotImplementedError

        def delete(self, key):
            pass


    class Memory(Source):
        def read(self, key):
            return key

        def write(self, key, value):
            return None

        def delete(self, key):
            raise NotImplementedError("kept for history")
    """
    findings = analyze(source, interfaces=STORE)
    assert codes(findings) == [("stubbed-interface", 4)]
    assert (
        findings[0].message
        == "`HttpSource` stubs out 2 methods it inherits from `Source`: write, delete"
    )


def test_test_doubles_are_not_stubbed_interfaces(analyze: Analyze) -> None:
    fake = """\
    from interfaces import Source


    class FakeSource(Source):
        def read(self, key):
            return b""

        def write(self, key, value):
            pass

        def delete(self, key):
            pass
    """
    assert analyze(fake, name="test_sources.py", interfaces=STORE) == []
