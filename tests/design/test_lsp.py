"""LSP: refused bequests and overrides whose signature cannot stand in for the base."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

BASE = """\
from abc import ABC, abstractmethod


class Writer:
    def write(self, name, rows):
        self.last = (name, rows)

    def delete(self, name):
        self.last = None

    def hook(self):
        \"\"\"Does nothing unless overridden.\"\"\"


class Exporter(ABC):
    @abstractmethod
    def export(self, rows):
        raise NotImplementedError
"""


def test_refusing_a_concrete_method(analyze: Analyze) -> None:
    source = """\
    from base import Writer


    class ArchiveWriter(Writer):
        def write(self, name, rows):
            raise NotImplementedError("read-only")

        def delete(self, name):
            pass
    """
    findings = analyze(source, base=BASE)
    assert codes(findings) == [("refused-bequest", 5), ("refused-bequest", 8)]
    assert findings[0].message == "`ArchiveWriter.write` raises where `Writer.write` is implemented"
    assert (
        findings[1].message
        == "`ArchiveWriter.delete` does nothing where `Writer.delete` is implemented"
    )


def test_abstract_hooks_null_objects_and_unknown_bases_are_fine(analyze: Analyze) -> None:
    source = """\
    import json
    from abc import abstractmethod

    from base import Exporter, Writer


    class CsvExporter(Exporter):
        def export(self, rows):
            return ",".join(rows)


    class Quiet(Writer):
        def hook(self):
            pass


    class NullWriter(Writer):
        def write(self, name, rows):
            pass


    class StillAbstract(Writer):
        @abstractmethod
        def write(self, name, rows):
            raise NotImplementedError


    class Encoder(json.JSONEncoder):
        def default(self, o):
            raise NotImplementedError
    """
    assert analyze(source, base=BASE) == []


def test_override_with_fewer_or_new_required_parameters(analyze: Analyze) -> None:
    source = """\
    class Gateway:
        def charge(self, amount, currency):
            return amount

        def refund(self, payment_id, amount=None):
            return payment_id


    class Card(Gateway):
        def charge(self, amount):
            return amount

        def refund(self, payment_id, amount=None, reason=""):
            return payment_id


    class Invoice(Gateway):
        def charge(self, amount, currency, due):
            return amount

        def refund(self, payment_id, *, notify=False, **options):
            return payment_id


    class Flexible(Gateway):
        def charge(self, *args, **kwargs):
            return args
    """
    findings = analyze(source)
    assert codes(findings) == [
        ("incompatible-override", 10),
        ("incompatible-override", 18),
        ("incompatible-override", 21),
    ]
    assert findings[0].message == (
        "`Card.charge` takes 1 positional parameter where 2 are expected by `Gateway.charge`"
    )
    assert findings[1].message == (
        "`Invoice.charge` adds the required parameter `due`, which is not passed by callers "
        "of `Gateway.charge`"
    )
