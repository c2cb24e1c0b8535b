"""The validation rewrites on small files reviewed for real: a guard clause in place of a
nested block, and a validated form's `cleaned_data` in place of the raw `request.POST`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reviewer.model import Finding, Location
from reviewer.suggestions import Flagged
from reviewer.suggestions.base import applied
from reviewer.suggestions.python_validation import guard_clause
from tests.helpers import write
from tests.test_suggestions import comment_on, ours, reviewed, rules_of

GUARDS = [
    (
        "a top-level if ending the function returns early",
        """\
def ship(orders, warehouse):
    if warehouse.is_open:
        for order in orders:
            if order.paid:
                with warehouse.lock():
                    warehouse.send(order)
""",
        """\
def ship(orders, warehouse):
    if not warehouse.is_open:
        return
    for order in orders:
        if order.paid:
            with warehouse.lock():
                warehouse.send(order)
""",
    ),
    (
        "an if ending a loop continues, `is None` turned to `is not None`",
        """\
def totals(orders):
    result = {}
    for order in orders:
        note = order.note
        if order.cancelled_at is None:
            for line in order.lines:
                with line.locked():
                    if line.quantity:
                        result[line.sku] = line.quantity
    return result
""",
        """\
def totals(orders):
    result = {}
    for order in orders:
        note = order.note
        if order.cancelled_at is not None:
            continue
        for line in order.lines:
            with line.locked():
                if line.quantity:
                    result[line.sku] = line.quantity
    return result
""",
    ),
    (
        "an `and` chain turned by De Morgan, in a function that returns values",
        """\
def first_ready(batches):
    if batches and not batches.closed and batches.owner in STAFF:
        # the ready ones, in order
        for batch in batches:
            try:
                if batch.ready:
                    return batch
            except LookupError:
                pass
""",
        """\
def first_ready(batches):
    if not batches or batches.closed or batches.owner not in STAFF:
        return None
    # the ready ones, in order
    for batch in batches:
        try:
            if batch.ready:
                return batch
        except LookupError:
            pass
""",
    ),
    (
        "an if followed by the function's last `return 0` returns 0 early",
        """\
def discount(order, customer):
    if customer.active:
        for line in order.lines:
            if line.eligible:
                with customer.lock():
                    if order.coupon is not None:
                        return order.coupon.rate
    return 0
""",
        """\
def discount(order, customer):
    if not customer.active:
        return 0
    for line in order.lines:
        if line.eligible:
            with customer.lock():
                if order.coupon is not None:
                    return order.coupon.rate
    return 0
""",
    ),
]


@pytest.mark.parametrize(("why", "text", "expected"), GUARDS, ids=[g[0] for g in GUARDS])
def test_a_guard_clause_keeps_the_code_and_takes_a_level_away(
    tmp_path: Path, why: str, text: str, expected: str
) -> None:
    suggestion, comment = ours(tmp_path / "project", "shipping.py", text, "deep-nesting")
    assert suggestion is not None, why
    assert suggestion.safe
    fixed = applied(text, suggestion)
    assert fixed == expected
    ast.parse(fixed)
    assert comment.suggestion == suggestion


def test_no_guard_where_the_if_has_an_else_or_a_string_spans_lines(tmp_path: Path) -> None:
    text = '''\
def report(orders):
    if orders:
        for order in orders:
            if order.paid:
                with order.lock():
                    print("""
paid""")
    else:
        print("none")


def audit(orders):
    if orders:
        for order in orders:
            if order.paid:
                with order.lock():
                    print("""
paid""")
'''
    path = write(tmp_path, "audit.py", text)
    for line in (2, 13):
        found = Finding("design", "deep-nesting", Location(path.as_posix(), line, line + 3, 5), "")
        flagged = Flagged("deep-nesting", path.as_posix(), line, line + 3, (found,), text)
        assert guard_clause(flagged) is None


def test_a_pyramid_of_ifs_is_one_comment_about_nesting(tmp_path: Path) -> None:
    text = """\
def discount(order, customer):
    if customer.active:
        if customer.verified:
            if order.total > 100:
                if order.coupon:
                    return order.coupon.rate
    return 0
"""
    folder = tmp_path / "project"
    write(folder, "pricing.py", text)
    review = reviewed(folder)
    comment = comment_on(review, "deep-nesting")
    assert "ruff:SIM102" in comment.sources
    assert "simplifiable-control-flow" not in {c.rule.id for c in review.comments}


FORMS = """\
from django import forms


class DonationForm(forms.Form):
    amount = forms.IntegerField(min_value=1)
    email = forms.EmailField()
"""

VIEWS = """\
from django.shortcuts import redirect

from .forms import DonationForm


def donate(request):
    form = DonationForm(request.POST)
    if form.is_valid():
        amount = int(request.POST["amount"])
        token = request.POST["token"]
        charge(amount, request.POST["email"], token)
        return redirect("thanks")
    return redirect("error")
"""


def test_the_raw_post_read_of_a_form_field_becomes_cleaned_data(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    write(folder, "__init__.py", "")
    write(folder, "forms.py", FORMS)
    suggestion, comment = ours(folder, "views.py", VIEWS, "unvalidated-request-body")
    assert suggestion is not None
    assert not suggestion.safe
    assert suggestion.after == (
        '        amount = int(form.cleaned_data["amount"])\n'
        '        token = request.POST["token"]\n'
        '        charge(amount, form.cleaned_data["email"], token)'
    )
    fixed = applied(VIEWS, suggestion)
    ast.parse(fixed)
    assert "unvalidated-request-body" in rules_of(tmp_path / "after", "views.py", fixed)
    assert comment.severity.value == "major"
