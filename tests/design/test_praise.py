"""Earned praise: only where measured, at most one per file, never beside its opposite."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

PORTS = """\
from abc import ABC, abstractmethod
from typing import Protocol


class Users(Protocol):
    def add(self, email: str) -> int: ...


class Mailer(ABC):
    @abstractmethod
    def send(self, to: str, body: str) -> None: ...
"""

SIGN_UP = """\
from ports import Mailer, Users


class SignUp:
    def __init__(self, users: Users, mailer: "Mailer | None", sender: str = "hi@example.com"):
        self._users = users
        self._mailer = mailer
        self._sender = sender

    def __call__(self, email):
        user_id = self._users.add(email)
        if self._mailer:
            self._mailer.send(email, "Welcome")
        return user_id
"""


def test_injected_dependencies(analyze: Analyze) -> None:
    findings = analyze(SIGN_UP, ports=PORTS)
    assert codes(findings) == [("praise-injected-dependencies", 4)]
    assert findings[0].message == (
        "`SignUp` receives its 2 collaborators through `__init__`, each typed by a Protocol or "
        "ABC: `Users`, `Mailer`."
    )


def test_no_injection_praise_when_a_collaborator_is_built_or_types_are_concrete(
    analyze: Analyze,
) -> None:
    built = SIGN_UP.replace(
        "        self._sender = sender\n", "        self._http = HttpClient()\n"
    )
    assert codes(analyze(built, ports=PORTS)) == [("constructs-collaborator", 8)]
    concrete = SIGN_UP.replace("from ports import Mailer, Users", "from mail import Mailer, Users")
    assert analyze(concrete, ports=PORTS) == []


SQL = """\
import sqlite3

SCHEMA = "CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, email TEXT)"


class Customers:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def create(self):
        self.conn.execute(SCHEMA)

    def add(self, email):
        return self.conn.execute("INSERT INTO customers (email) VALUES (?)", (email,))

    def by_email(self, email):
        query = "SELECT id FROM customers WHERE email = :email"
        return self.conn.execute(query, {"email": email}).fetchone()
"""


def test_parameterized_sql(analyze: Analyze) -> None:
    findings = analyze(SQL)
    assert codes(findings) == [("praise-parameterized-sql", 1)]
    assert findings[0].extras["metric"] == 2


def test_no_sql_praise_beside_a_formatted_statement(analyze: Analyze) -> None:
    formatted = SQL + (
        "\n    def search(self, prefix):\n"
        "        return self.conn.execute(f\"SELECT id FROM customers WHERE email > '{prefix}'\")\n"
    )
    assert analyze(formatted) == []


ANNOTATED = """\
def net(amount: float, rate: float) -> float:
    return amount / (1 + rate)


def gross(amount: float, rate: float = 0.2) -> float:
    return amount * (1 + rate)


class Vat:
    def __init__(self, rate: float) -> None:
        self.rate = rate

    def of(self, amount: float) -> float:
        return amount * self.rate

    def _round(self, amount):
        return round(amount, 2)
"""


def test_annotated_public_functions(analyze: Analyze) -> None:
    findings = analyze(ANNOTATED)
    assert codes(findings) == [("praise-annotated", 1)]
    assert findings[0].message == "All 4 public functions in this module are fully annotated."


def test_no_annotation_praise_with_one_gap_or_too_few_functions(analyze: Analyze) -> None:
    assert analyze(ANNOTATED.replace("def net(amount: float,", "def net(amount,")) == []
    assert analyze(ANNOTATED.split("class Vat")[0]) == []


MACHINE = """\
ALLOWED = {
    "open": {"in_progress", "closed"},
    "in_progress": {"open", "resolved"},
    "resolved": {"closed", "open"},
    "closed": set(),
}


class Ticket:
    def __init__(self):
        self.status = "open"

    def move(self, target):
        if target not in ALLOWED[self.status]:
            raise ValueError(target)
        self.status = target
"""


def test_state_machine_as_data(analyze: Analyze) -> None:
    findings = analyze(MACHINE)
    assert codes(findings) == [("praise-state-machine-data", 1)]
    assert findings[0].message == (
        "`ALLOWED` lists the allowed transitions between 4 states as data, consulted by `move`."
    )


def test_no_state_machine_praise_for_lookalikes_or_beside_dispatch(analyze: Analyze) -> None:
    menu = 'MENU = {"thai": ["curry"], "greek": ["gyros"], "italian": ["pizza"]}\n'
    assert analyze(menu + "\n\ndef dishes(c):\n    return MENU[c]\n") == []
    unused = MACHINE.split("class Ticket")[0]
    assert analyze(unused) == []
    dispatch = MACHINE + (
        "\n\ndef badge(status):\n"
        '    if status == "open":\n        return 1\n'
        '    elif status == "resolved":\n        return 2\n'
        '    elif status == "closed":\n        return 3\n'
        "    return 0\n"
    )
    assert codes(analyze(dispatch)) == [("type-dispatch", 20)]


def test_tests_earn_no_praise(analyze: Analyze) -> None:
    assert analyze(ANNOTATED, name="test_vat.py") == []
