# expect: design:constructs-collaborator@20
"""Constructors typed by protocols that still build a client of their own."""
from typing import Protocol

import requests


class Ledger(Protocol):
    def record(self, amount: int) -> None: ...


class Clock(Protocol):
    def now(self) -> float: ...


class Billing:
    def __init__(self, ledger: Ledger, clock: Clock):
        self.ledger = ledger
        self.clock = clock
        self.http = requests.Session()

    def bill(self, amount):
        self.ledger.record(amount)
        self.http.post("https://billing.example.com", json={"amount": amount}, timeout=5)


class Concrete:
    def __init__(self, ledger: "InMemoryLedger", other: "InMemoryLedger"):
        self.ledger = ledger
        self.other = other


class InMemoryLedger:
    def __init__(self):
        self.entries = []

    def record(self, amount):
        self.entries.append(amount)
