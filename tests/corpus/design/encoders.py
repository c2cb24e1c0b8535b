# expect: none
"""Subclasses of standard-library classes and protocol implementations."""
import json
import threading
from typing import Protocol


class DecimalEncoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


class Worker(threading.Thread):
    def run(self):
        pass


class Sender(Protocol):
    def send(self, to: str, body: str) -> None: ...

    def close(self) -> None: ...


class ConsoleSender(Sender):
    def send(self, recipient: str, text: str) -> None:
        print(recipient, text)

    def close(self) -> None:
        return None


class Shape:
    def scale(self, factor):
        return self

    def describe(self, verbose=False):
        return "shape"


class Circle(Shape):
    def scale(self, ratio):
        return self

    def describe(self, verbose=False, precision=2):
        return f"circle ({precision})"
