"""DIP: constructors that build collaborators, and module-level clients used by functions."""

from __future__ import annotations

from reviewer.model import Severity
from tests.design.helpers import Analyze, codes


def test_constructor_creating_connections_and_services(analyze: Analyze) -> None:
    source = """\
    import smtplib
    import sqlite3

    from payments import StripeGateway


    class OrderService:
        def __init__(self, db_path, repository=None):
            self.conn = sqlite3.connect(db_path)
            self.smtp = smtplib.SMTP("localhost")
            self.gateway = StripeGateway()
            self.repository = repository or OrderRepository()


    class Exporter:
        def __init__(self):
            self.client = ReportClient()


    class OrderRepository: ...
    class ReportClient: ...
    """
    findings = analyze(source)
    assert codes(findings) == [("constructs-collaborator", 9), ("constructs-collaborator", 17)]
    service, exporter = findings
    assert service.message == (
        "`OrderService.__init__` creates its own collaborators: `sqlite3.connect`, "
        "`smtplib.SMTP`, `StripeGateway`"
    )
    assert service.raise_to is Severity.MAJOR
    assert exporter.raise_to is None


def test_values_locks_loggers_collections_and_factories_are_fine(analyze: Analyze) -> None:
    source = """\
    import logging
    import threading
    from collections import defaultdict, deque
    from dataclasses import dataclass, field
    from decimal import Decimal

    import requests


    @dataclass
    class Money:
        amount: Decimal
        client: object = field(default_factory=lambda: requests.Session())


    class Limiter:
        def __init__(self, session=None):
            self.lock = threading.Lock()
            self.calls = deque(maxlen=10)
            self.counts = defaultdict(int)
            self.logger = logging.getLogger(__name__)
            self.price = Money(Decimal(1))
            self.session = session if session is not None else requests.Session()


    class SessionFactory:
        def __init__(self):
            self.session = requests.Session()


    class PaymentError(Exception):
        def __init__(self, message):
            super().__init__(message)
            self.client = PaymentClient()


    def create_client():
        return requests.Session()


    class PaymentClient: ...
    """
    assert analyze(source) == []


def test_composition_root_module_may_build_everything(analyze: Analyze) -> None:
    source = """\
    import sqlite3

    import requests

    http = requests.Session()


    class App:
        def __init__(self):
            self.conn = sqlite3.connect("app.db")


    def main():
        return App(), http.get("https://example.com", timeout=5)
    """
    assert analyze(source, name="bootstrap.py") == []
    assert sorted(codes(analyze(source, name="service.py"))) == [
        ("constructs-collaborator", 10),
        ("module-singleton", 5),
    ]


def test_module_singletons_eager_and_lazy(analyze: Analyze) -> None:
    source = """\
    import logging
    import sqlite3

    import requests

    logger = logging.getLogger(__name__)
    session = requests.Session()
    unused = requests.Session()
    _db = None


    def temperature(city):
        logger.info("asking for %s", city)
        return session.get(f"https://weather.example.com/{city}", timeout=5).json()


    def connection():
        global _db
        if _db is None:
            _db = sqlite3.connect("weather.db")
        return _db
    """
    findings = analyze(source)
    assert codes(findings) == [("module-singleton", 7), ("module-singleton", 20)]
    assert (
        findings[0].message
        == "`session` is a module-level `requests.Session` used by `temperature`"
    )
