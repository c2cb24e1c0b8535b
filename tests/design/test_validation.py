"""Validation and nesting: request data used before a schema checked it, blocks nested four
levels deep, conditions of five or more checks."""

from __future__ import annotations

from reviewer.model import Severity
from tests.design.helpers import Analyze, codes

FLASK_API = """\
from flask import request

from app import db
from app.models import User


@bp.route("/users", methods=["POST"])
def create_user():
    data = request.get_json()
    if "username" not in data or "email" not in data:
        return {"error": "username and email are required"}, 400
    user = User()
    user.from_dict(data)
    db.session.add(user)
    db.session.commit()
    return user.to_dict(), 201


@bp.route("/translate", methods=["POST"])
def translate_text():
    data = request.get_json()
    return {"text": translate(data["text"], data["dest_language"])}
"""


def test_a_null_body_tested_with_in_and_written_into_a_model(analyze: Analyze) -> None:
    findings = [f for f in analyze(FLASK_API) if f.code == "unvalidated-request-body"]
    assert codes(findings) == [
        ("unvalidated-request-body", 10),
        ("unvalidated-request-body", 22),
    ]
    assert findings[0].message == (
        "`create_user`: `'username' not in data` is a TypeError, a 500, on a `null` body"
        " (and 1 more); `user.from_dict` writes it into the model unchecked"
    )
    assert findings[1].message == (
        "`translate_text`: `data['text']` is a KeyError, a 500, when missing (and 1 more)"
    )
    assert all(f.raise_to is None for f in findings)


def test_schemas_guards_and_werkzeug_mappings_are_not_flagged(analyze: Analyze) -> None:
    source = """\
    from flask import abort, request

    from app.schemas import NewOrder


    @bp.route("/orders", methods=["POST"])
    def create_order():
        payload = NewOrder.model_validate(request.get_json())
        return save(payload)


    @bp.route("/notes", methods=["POST"])
    def add_note():
        data = request.get_json(silent=True) or {}
        if "text" not in data:
            abort(400)
        return {"text": data["text"]}


    @bp.route("/login", methods=["POST"])
    def login():
        username = request.form["username"]
        return sign_in(username, request.args["next"])


    @bp.route("/tags", methods=["POST"])
    def tag():
        data = request.get_json()
        if data and "tag" in data:
            return {"tag": str(data.get("tag"))}
        if not request.json or "label" not in request.json:
            abort(400)
        params = {"page": 1}
        params.update(request.args)
        return params


    @bp.route("/profile", methods=["POST"])
    def edit_profile():
        form = ProfileForm()
        if form.validate_on_submit():
            current_user.about_me = form.about_me.data
        return render_template("profile.html", form=form)
    """
    assert codes(analyze(source), "unvalidated-request-body") == []


def test_a_function_without_the_request_is_not_a_handler(analyze: Analyze) -> None:
    source = """\
    import json
    from urllib import request


    def totals(data):
        return data["total"]


    def parse(body):
        return json.loads(body)["items"]


    def fetch(url):
        return json.loads(request.urlopen(url).read())["items"]
    """
    assert codes(analyze(source), "unvalidated-request-body") == []


DJANGO_VIEWS = """\
from django.shortcuts import redirect

from .forms import DonationForm
from .models import Donation


def donate(request):
    form = DonationForm(request.POST or None)
    if form.is_valid():
        amount = int(request.POST["amount"])
        Donation.objects.create(amount=amount, email=request.POST["email"])
        notify(request.POST.get("campaign"))
        return redirect("thanks")
    return redirect("error")


def subscribe(request):
    form = DonationForm(request.POST)
    if form.is_valid():
        Donation.objects.create(email=form.cleaned_data["email"])
    return redirect("thanks")


def rename(request, pk):
    title = request.POST.get("title")
    Donation.objects.filter(pk=pk).update(title=title)
    return redirect("thanks")


def lookup(request):
    if "ref" in request.GET:
        return Donation.objects.get(ref=request.GET["ref"])
    return None
"""

DJANGO_FORMS = """\
from django import forms


class DonationForm(forms.Form):
    amount = forms.IntegerField(min_value=1)
    email = forms.EmailField()
"""


def test_django_post_read_raw_after_the_form_validated_is_major_for_money(
    analyze: Analyze,
) -> None:
    findings = [
        f
        for f in analyze(DJANGO_VIEWS, name="views.py", forms=DJANGO_FORMS)
        if f.code == "unvalidated-request-body"
    ]
    assert codes(findings) == [
        ("unvalidated-request-body", 10),
        ("unvalidated-request-body", 26),
    ]
    donate, rename = findings
    assert donate.message == (
        "`donate` validates `form` but then reads the raw request: `request.POST['amount']`"
        " where `form.cleaned_data['amount']` has the checked value (and 1 more)"
    )
    assert donate.raise_to is Severity.MAJOR
    assert donate.extras == {"form": "form", "fields": "amount email"}
    assert rename.message == (
        "`rename`: `Donation.objects.filter(pk=pk).update` writes it into the model unchecked"
    )
    assert rename.raise_to is None


def test_a_request_proxy_of_the_project_or_bottle_counts(analyze: Analyze) -> None:
    source = """\
    from shop.web import request


    @app.route("/orders/<order_id>/status", methods=["POST"])
    def update_status(order_id):
        return service.update_status(order_id, request.json["status"])
    """
    assert codes(analyze(source), "unvalidated-request-body") == [("unvalidated-request-body", 6)]


def test_a_body_spread_into_a_model_constructor(analyze: Analyze) -> None:
    source = """\
    import json


    def create_order(request):
        payload = json.loads(request.body)
        order = Order(**payload)
        order.save()
        return order


    @bp.post("/quick")
    async def quick_order(request):
        order = Order(**await request.json())
        return order
    """
    findings = analyze(source)
    assert codes(findings, "unvalidated-request-body") == [
        ("unvalidated-request-body", 6),
        ("unvalidated-request-body", 13),
    ]


NESTED = """\
def ship(orders, warehouse):
    for order in orders:
        if order.paid:
            with warehouse.lock():
                if order.address:
                    warehouse.send(order)


def archive(orders):
    for order in orders:
        if order.paid:
            with open(order.path) as handle:
                handle.write("x")


def route(order):
    if order.kind == "post":
        return 1
    elif order.kind == "courier":
        for leg in order.legs:
            if leg.ready:
                return 2
    elif order.kind == "pickup":
        return 3


def outer(items):
    def inner(item):
        if item:
            for part in item:
                if part:
                    return part
    for item in items:
        if item:
            return inner(item)
"""


def test_four_levels_of_blocks_and_no_fewer(analyze: Analyze) -> None:
    findings = [f for f in analyze(NESTED) if f.code == "deep-nesting"]
    assert codes(findings) == [("deep-nesting", 2)]
    [found] = findings
    assert found.message == (
        "`ship` nests its control flow 4 levels deep (for, if, with, if), down to line 5"
    )
    assert (found.location.line, found.location.end_line) == (2, 5)


def test_try_and_match_blocks_count_once(analyze: Analyze) -> None:
    source = """\
    def handle(events):
        for event in events:
            try:
                match event.kind:
                    case "paid":
                        if event.total:
                            record(event)
                    case _:
                        pass
            except ValueError:
                pass
    """
    findings = [f for f in analyze(source) if f.code == "deep-nesting"]
    assert [f.message for f in findings] == [
        "`handle` nests its control flow 4 levels deep (for, try, match, if), down to line 6"
    ]


def test_conditions_of_five_checks_or_more(analyze: Analyze) -> None:
    source = """\
    def can_ship(order, stock):
        if order.paid and order.address and not order.on_hold and stock.covers(order) and order.lines:
            return True
        if order.paid and order.address and (order.express or order.priority):
            return True
        return order.a and order.b and order.c and order.d and order.e


    def pick(orders):
        return [o for o in orders if o.a or (o.b and o.c) or (o.d and o.e and o.f)]
    """
    findings = [f for f in analyze(source) if f.code == "long-boolean-chain"]
    assert codes(findings) == [("long-boolean-chain", 2), ("long-boolean-chain", 10)]
    assert findings[0].message == (
        "a condition in `can_ship` joins 5 checks with `and`/`or` and says none of them by name"
    )
