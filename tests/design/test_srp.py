"""SRP: low cohesion (LCOM4 with size), several kinds of infrastructure, long mixed functions."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

TWO_JOBS = """\
class AccountManager:
    def __init__(self, balances, rates, nickname, avatar_url):
        self.balances = balances
        self.rates = rates
        self.nickname = nickname
        self.avatar_url = avatar_url

    def total(self):
        return sum(self.balances.values())

    def converted(self, currency):
        return self.total() * self.rates[currency]

    def add_rate(self, currency, rate):
        self.rates[currency] = rate

    def display_name(self):
        return self.nickname.title()

    def initials(self):
        return "".join(p[0] for p in self.nickname.split())

    def avatar(self, size):
        return f"{self.avatar_url}?s={size}"

    def card(self):
        return {"name": self.display_name(), "avatar": self.avatar(64)}
"""


def test_low_cohesion_names_the_groups(analyze: Analyze) -> None:
    [finding] = analyze(TWO_JOBS)
    assert (finding.code, finding.location.line, finding.extras["metric"]) == ("low-cohesion", 1, 2)
    groups = sorted(sorted(group) for group in finding.extras["groups"])  # type: ignore[attr-defined]
    assert groups == [
        ["add_rate", "converted", "total"],
        ["avatar", "card", "display_name", "initials"],
    ]
    assert finding.message.startswith("`AccountManager` splits into 2 groups of methods")


def test_small_classes_are_not_measured(analyze: Analyze) -> None:
    small = TWO_JOBS.split("    def initials")[0]
    assert analyze(small) == []


def test_one_method_using_both_states_joins_the_groups(analyze: Analyze) -> None:
    joined = TWO_JOBS + "\n    def statement(self):\n        return self.nickname, self.total()\n"
    assert analyze(joined) == []


def test_a_property_shared_by_both_groups_joins_them(analyze: Analyze) -> None:
    shared = TWO_JOBS.replace("self.nickname.title()", "self.owner.title()")
    shared = shared.replace(
        "sum(self.balances.values())", "sum(self.balances.values()) or self.owner"
    )
    shared += "\n    @property\n    def owner(self):\n        return self.nickname\n"
    assert analyze(shared) == []


def test_dataclasses_are_not_measured(analyze: Analyze) -> None:
    as_dataclass = "from dataclasses import dataclass\n\n\n@dataclass\n" + TWO_JOBS
    assert codes(analyze(as_dataclass), "low-cohesion") == []


MIXED = """\
import smtplib
import sqlite3

import requests


class InvoiceService:
    def __init__(self, conn, smtp, url):
        self.conn = conn
        self.smtp = smtp
        self.url = url

    def load(self, invoice_id):
        return self.conn.execute("SELECT * FROM invoices WHERE id = ?", (invoice_id,)).fetchone()

    def mail(self, invoice):
        self.smtp.sendmail("billing@example.com", invoice["email"], "Your invoice")

    def push(self, invoice):
        requests.post(self.url, json=dict(invoice), timeout=5)
"""


def test_mixed_infrastructure_lists_the_kinds(analyze: Analyze) -> None:
    [finding] = analyze(MIXED)
    assert finding.code == "mixed-infrastructure" and finding.location.line == 7
    assert finding.extras["kinds"] == ["SQL", "HTTP", "e-mail"]
    assert finding.message == "`InvoiceService` uses 3 kinds of infrastructure: SQL, HTTP, e-mail"


def test_two_kinds_are_one_job(analyze: Analyze) -> None:
    two = MIXED.replace("requests.post(self.url, json=dict(invoice), timeout=5)", "return invoice")
    assert analyze(two) == []


def test_cache_and_report_formatting_count_as_kinds(analyze: Analyze) -> None:
    source = """\
    class Report:
        def __init__(self, conn, cache):
            self.conn = conn
            self.cache = cache

        def rows(self, day):
            cached = self.cache.get(day)
            return cached or self.conn.execute("SELECT * FROM sales WHERE day = ?", (day,))

        def text(self, day):
            out = ""
            for name, total in self.rows(day):
                out += f"{name:<20} {total:>8.2f}\\n"
            return out
    """
    [finding] = analyze(source)
    assert finding.extras["kinds"] == ["SQL", "cache", "formatting"]


LONG_MIXED = """\
import csv


def import_orders(path, conn):
    rows = []
    skipped = 0
    with open(path, newline="") as handle:
        for record in csv.DictReader(handle):
            if not record.get("id"):
                skipped += 1
                continue
            quantity = int(record["quantity"])
            if quantity <= 0:
                skipped += 1
                continue
            price = float(record["price"])
            total = round(quantity * price, 2)
            currency = record.get("currency") or "EUR"
            if currency != "EUR":
                total = round(total * 1.1, 2)
            rows.append((record["id"], quantity, total))
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?)", rows)
    conn.commit()
    return len(rows), skipped
"""


def test_long_function_mixing_files_and_sql(analyze: Analyze) -> None:
    [finding] = analyze(LONG_MIXED)
    assert (finding.code, finding.location.line) == ("long-mixed-function", 4)
    assert finding.extras["kinds"] == ["SQL", "filesystem"]
    assert finding.extras["metric"] >= 20


def test_long_function_with_one_kind_or_short_function_is_fine(analyze: Analyze) -> None:
    without_sql = LONG_MIXED.replace("conn.executemany(", "print(").replace("conn.commit()", "")
    assert analyze(without_sql) == []
    short = "def save(path, conn):\n    open(path).write('x')\n    conn.execute('DELETE FROM t')\n"
    assert analyze(short) == []
