"""Testability: hidden clock, randomness and environment; shared state; I/O while constructing;
exiting from library code."""

from __future__ import annotations

import textwrap

from tests.design.helpers import Analyze, codes

CLOCK = """\
import time
from datetime import date, datetime, timezone


def is_overdue(invoice):
    return datetime.now(timezone.utc) > invoice.due_at


def days_left(invoice):
    return (invoice.due - date.today()).days


def timed(job, logger):
    start = time.time()
    job()
    logger.info("took %.1fs", time.time() - start)


class SystemClock:
    def now(self):
        return datetime.now(timezone.utc)


def overdue_with(invoice, clock, when=datetime.now()):
    return clock.now() > invoice.due_at


def main():
    print(datetime.now())
"""


def test_hidden_clock_in_logic_but_not_in_stopwatches_seams_or_roots(analyze: Analyze) -> None:
    findings = analyze(CLOCK)
    assert codes(findings) == [("hidden-clock", 6), ("hidden-clock", 10)]
    assert findings[0].message == "`is_overdue` reads the clock with `datetime.now()`"


def test_a_clock_read_as_the_default_of_a_parameter_is_injectable(analyze: Analyze) -> None:
    source = """\
    from datetime import date


    def run(day=None):
        day = day or date.today()
        return day


    def run_later(day=None):
        return date.today() if day is None else day
    """
    assert analyze(source) == []


def test_test_modules_may_read_the_clock_and_draw_random_values(analyze: Analyze) -> None:
    source = CLOCK + "\n\nimport random\n\n\ndef pick(items):\n    return random.choice(items)\n"
    assert analyze(source, name="test_invoices.py") == []
    assert analyze(source, name="invoices_test.py") == []
    assert analyze(source, name="conftest.py") == []


def test_hidden_randomness(analyze: Analyze) -> None:
    source = """\
    import random
    import secrets
    import uuid


    def assign(ticket, agents):
        ticket.agent = random.choice(agents)


    def new_id():
        return uuid.uuid4().hex


    def token():
        return secrets.token_urlsafe(16)


    def shuffled(items, seed):
        rng = random.Random(seed)
        rng.shuffle(items)
        return items


    def random_greeting(names):
        return random.choice(names)


    class IdGenerator:
        def next_id(self):
            return uuid.uuid4()
    """
    findings = analyze(source)
    assert codes(findings) == [("hidden-randomness", 7), ("hidden-randomness", 11)]
    assert findings[1].message == "`new_id` draws randomness from `uuid.uuid4()`"


def test_environment_reads_outside_configuration(analyze: Analyze) -> None:
    source = """\
    import os

    CHANNEL = os.environ.get("ALERT_CHANNEL", "#ops")


    def send(message):
        url = os.environ["ALERT_URL"]
        return url, message


    def load_config():
        return {"url": os.getenv("ALERT_URL")}


    def child_env():
        return dict(os.environ)


    def main():
        return os.environ.get("START")


    class Settings:
        def __init__(self):
            self.url = os.environ["ALERT_URL"]


    if __name__ == "__main__":
        print(os.environ.get("DEBUG"))
    """
    findings = analyze(source)
    assert codes(findings) == [("environment-read", 3), ("environment-read", 7)]
    assert findings[0].message == (
        "module `module` reads the environment variable `ALERT_CHANNEL` at import time"
    )
    assert findings[1].message == "`send` reads the environment variable `ALERT_URL`"
    assert analyze(source, name="settings.py") == []


def test_module_containers_changed_by_functions(analyze: Analyze) -> None:
    source = """\
    import threading
    from typing import Final

    _seen = set()
    HANDLERS = {}
    _lock = threading.Lock()
    _guarded = {}
    REGISTRY: Final[dict[str, object]] = {}
    DEFAULTS = ["a"]
    _counter = 0


    def register(name):
        def decorator(func):
            HANDLERS[name] = func
            return func
        return decorator


    def plugin(func):
        HANDLERS[func.__name__] = func
        return func


    def seen(event_id):
        duplicate = event_id in _seen
        _seen.add(event_id)
        return duplicate


    def remember(key, value):
        with _lock:
            _guarded[key] = value


    def tags(extra, DEFAULTS=DEFAULTS):
        DEFAULTS = list(DEFAULTS)
        DEFAULTS.append(extra)
        return DEFAULTS


    def bump():
        global _counter
        _counter += 1
    """
    findings = analyze(source)
    assert codes(findings) == [("global-state", 4)]
    assert findings[0].message == "`_seen` is a module-level set changed by `seen`"


def test_io_in_constructor(analyze: Analyze) -> None:
    source = """\
    import json
    import smtplib
    from pathlib import Path


    class PriceList:
        def __init__(self, path):
            with open(path) as handle:
                self.prices = json.load(handle)


    class Mailer:
        def __init__(self, smtp: smtplib.SMTP):
            self.smtp = smtp
            self.smtp.login("user", "secret")


    class Catalog:
        def __init__(self, prices):
            self.prices = dict(prices)
            self.path = Path("prices.json")

        @classmethod
        def from_file(cls, path):
            return cls(json.loads(Path(path).read_text()))
    """
    findings = analyze(source)
    assert codes(findings) == [("io-in-constructor", 8), ("io-in-constructor", 15)]
    assert findings[0].message == (
        "`PriceList.__init__` does filesystem I/O (`open()`) while the object is built"
    )


def test_exit_in_library_code_only(analyze: Analyze) -> None:
    library = """\
    import os
    import sys


    def require(token):
        if not token:
            sys.exit(2)
        return token


    def validate(rows):
        if not rows:
            raise SystemExit("nothing to do")
        return rows


    def fatal(message):
        print(message)
        sys.exit(1)


    def child():
        os._exit(0)
    """
    assert codes(analyze(library)) == [("exit-in-library", 7), ("exit-in-library", 13)]
    assert analyze(library, name="cli.py") == []
    script = textwrap.dedent(library) + "\n\nif __name__ == '__main__':\n    require('x')\n"
    assert analyze(script, name="tool.py") == []
