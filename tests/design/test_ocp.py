"""OCP: dispatch on a tag or a type, and the look-alikes that are not."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes


def test_if_elif_chain_over_literals(analyze: Analyze) -> None:
    source = """\
    def fee(order):
        if order.payment == "card":
            return 0.3
        elif order.payment == "paypal":
            return 0.5
        elif order.payment in ("cash", "voucher"):
            return 0
        raise ValueError(order.payment)
    """
    [finding] = analyze(source)
    assert (finding.code, finding.location.line, finding.location.end_line) == (
        "type-dispatch",
        2,
        7,
    )
    assert finding.message == "`fee` dispatches on `order.payment` over 4 literal values"


def test_match_over_enum_members_and_guard_clauses_over_project_types(analyze: Analyze) -> None:
    source = """\
    from enum import Enum


    class Status(Enum):
        NEW = 1
        PAID = 2
        SENT = 3


    class Circle: ...
    class Square: ...
    class Triangle: ...


    def label(status):
        match status:
            case Status.NEW:
                return "new"
            case Status.PAID:
                return "paid"
            case Status.SENT:
                return "sent"


    def area(shape):
        if isinstance(shape, Circle):
            return 3.14
        if isinstance(shape, Square):
            return 1.0
        if isinstance(shape, Triangle):
            return 0.5
        raise TypeError(shape)
    """
    findings = analyze(source)
    assert sorted(codes(findings)) == [("type-dispatch", 16), ("type-dispatch", 26)]
    kinds = sorted(str(f.extras["kind"]) for f in findings)
    assert kinds == ["enum members", "types"]


def test_lookalikes_are_not_dispatch(analyze: Analyze) -> None:
    source = """\
    from decimal import Decimal
    from enum import Enum
    from typing import assert_never

    HANDLERS = {"csv": str, "json": repr, "text": format}


    def export(rows, fmt):
        return HANDLERS[fmt](rows)


    class Day(Enum):
        SAT = 6
        SUN = 7
        MON = 1

        def weekend(self):
            match self:
                case Day.SAT | Day.SUN:
                    return True
                case Day.MON:
                    return False


    def render(day: Day) -> str:
        match day:
            case Day.SAT:
                return "s"
            case Day.SUN:
                return "u"
            case Day.MON:
                return "m"
            case _:
                assert_never(day)


    def band(weight):
        if weight > 30:
            return "freight"
        elif weight > 10:
            return "heavy"
        elif weight > 2:
            return "parcel"
        return "letter"


    def to_json(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return value
        if isinstance(value, list):
            return value
        return value


    def status_text(code):
        if code == 404:
            return "missing"
        elif code == 409:
            return "conflict"
        elif code == 429:
            return "slow down"
        return "error"


    def two(kind):
        if kind == "a":
            return 1
        elif kind == "b":
            return 2
        return 3


    def make_backend(name):
        if name == "re":
            return 1
        elif name == "re2":
            return 2
        elif name == "hyperscan":
            return 3
        raise ValueError(name)


    def tokenize_char(char):
        if char == "*":
            return "star"
        elif char == "?":
            return "any"
        elif char == "[":
            return "class"
        return "literal"
    """
    assert analyze(source) == []


def test_dispatch_in_a_parser_module_or_main_is_expected(analyze: Analyze) -> None:
    chain = """\
    def {name}(token):
        if token.kind == "name":
            return 1
        elif token.kind == "number":
            return 2
        elif token.kind == "string":
            return 3
        return 0
    """
    assert analyze(chain.format(name="read"), name="parser.py") == []
    assert analyze(chain.format(name="main"), name="tool.py") == []
    assert analyze(chain.format(name="parse_token"), name="tool.py") == []
    assert codes(analyze(chain.format(name="price"), name="tool.py")) == [("type-dispatch", 2)]
