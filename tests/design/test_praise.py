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


def test_password_kdf_names_the_function_and_the_library(analyze: Analyze) -> None:
    source = """\
    from werkzeug.security import check_password_hash, generate_password_hash


    class User:
        def set_password(self, password):
            self.password_hash = generate_password_hash(password)

        def check_password(self, password):
            return check_password_hash(self.password_hash, password)
    """
    findings = analyze(source)
    assert codes(findings) == [("praise-password-kdf", 6)]
    assert findings[0].message == (
        "`set_password` hashes passwords with `generate_password_hash` (werkzeug): salted, "
        "and slow to guess."
    )


def test_password_kdf_lists_pwdlib_hashers(analyze: Analyze) -> None:
    source = """\
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    password_hash = PasswordHash((Argon2Hasher(),))
    """
    findings = analyze(source)
    assert codes(findings) == [("praise-password-kdf", 4)]
    assert "`password_hash` hashes passwords with `PasswordHash` (pwdlib: `Argon2Hasher`)" in (
        findings[0].message
    )


def test_no_kdf_praise_for_weak_choices_or_beside_a_fast_digest(analyze: Analyze) -> None:
    weak = [
        'from werkzeug.security import generate_password_hash\nh = generate_password_hash(p, method="md5")\n',
        'from passlib.context import CryptContext\nctx = CryptContext(schemes=["md5_crypt", "bcrypt"])\n',
        "import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', pw, salt, 1000)\n",
        "def set_password(user, pw):\n    user.set_password(pw)\n",
    ]
    for source in weak:
        assert analyze(source) == [], source
    beside_digest = """\
    import hashlib

    import bcrypt


    def store(password):
        return bcrypt.hashpw(password, bcrypt.gensalt())


    def legacy(password):
        return hashlib.sha256(password.encode()).hexdigest()
    """
    assert analyze(beside_digest) == []


def test_django_set_password_is_praised_where_django_provides_it(analyze: Analyze) -> None:
    source = """\
    from django.contrib.auth.models import BaseUserManager


    class UserManager(BaseUserManager):
        def create_user(self, email, password):
            user = self.model(email=email)
            user.set_password(password)
            user.save()
            return user
    """
    assert codes(analyze(source)) == [("praise-password-kdf", 7)]


ITEMS = """\
from fastapi import APIRouter, HTTPException

router = APIRouter()


@router.put("/items/{item_id}")
def update_item(item_id: int, item_in: dict, session: SessionDep, current_user: CurrentUser):
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404)
    if item.owner_id != current_user.id:
        raise HTTPException(status_code=403)
    item.title = item_in["title"]
    session.commit()
    return item


@router.delete("/items/{item_id}")
def delete_item(item_id: int, session: SessionDep, current_user: CurrentUser):
    item = session.query(Item).filter_by(id=item_id, owner_id=current_user.id).first()
    if item is None:
        raise HTTPException(status_code=404)
    session.delete(item)
    session.commit()


@router.get("/items/{item_id}")
def read_item(item_id: int, session: SessionDep):
    return session.get(Item, item_id)
"""


def test_ownership_checked_before_every_change(analyze: Analyze) -> None:
    findings = [f for f in analyze(ITEMS) if f.code == "praise-ownership-check"]
    assert codes(findings) == [("praise-ownership-check", 7)]
    assert findings[0].message == (
        "`update_item` and `delete_item` load `item` by id and check `item.owner_id` against "
        "`current_user.id` before changing it."
    )


def test_no_ownership_praise_when_one_route_changes_a_record_unchecked(analyze: Analyze) -> None:
    unchecked = ITEMS.replace(
        "filter_by(id=item_id, owner_id=current_user.id)", "filter_by(id=item_id)"
    )
    assert codes(analyze(unchecked), "praise-ownership-check") == []
    after_the_change = ITEMS.replace(
        "    if item.owner_id != current_user.id:\n        raise HTTPException(status_code=403)\n"
        '    item.title = item_in["title"]\n',
        '    item.title = item_in["title"]\n    if item.owner_id != current_user.id:\n'
        "        raise HTTPException(status_code=403)\n",
    )
    assert codes(analyze(after_the_change), "praise-ownership-check") == []


def test_pagination_caps_and_their_opposite(analyze: Analyze) -> None:
    source = """\
    from fastapi import APIRouter, Query
    from flask import request

    router = APIRouter()


    @router.get("/orders")
    def list_orders(session, skip: int = 0, limit: int = Query(50, le=200)):
        return session.query(Order).offset(skip).limit(limit).all()


    @bp.route("/users")
    def list_users():
        per_page = min(request.args.get("per_page", 20, type=int), 100)
        return User.query.paginate(per_page=per_page)
    """
    findings = analyze(source)
    assert codes(findings) == [("praise-pagination", 8)]
    assert findings[0].message == (
        "`list_orders` and `list_users` cap the page size a client can ask for: "
        "`limit: Query(50, le=200)`."
    )
    unbounded = source + (
        "\n\n    @router.get('/events')\n    def list_events(session, limit: int = 100):\n"
        "        return session.query(Event).limit(limit).all()\n"
    )
    assert codes(analyze(unbounded)) == [("unbounded-limit", 19)]


VALIDATED = """\
from fastapi import APIRouter
from schemas import OrderCreate, OrderUpdate

router = APIRouter()


@router.post("/orders")
def create_order(order_in: OrderCreate, session: SessionDep):
    return save(session, order_in)


@router.patch("/orders/{order_id}")
def update_order(order_id: int, order_in: OrderUpdate, session: SessionDep):
    return save(session, order_in)


@router.post("/orders/{order_id}/cancel")
def cancel_order(order_id: int, session: SessionDep):
    return cancel(session, order_id)
"""
SCHEMAS = """\
from pydantic import BaseModel
from sqlmodel import SQLModel


class OrderBase(SQLModel):
    note: str = ""


class OrderCreate(OrderBase):
    lines: list[int]


class OrderUpdate(BaseModel):
    note: str


class Order(OrderBase, table=True):
    id: int
"""


def test_every_body_taken_through_a_schema(analyze: Analyze) -> None:
    findings = analyze(VALIDATED, schemas=SCHEMAS)
    assert codes(findings) == [("praise-validated-input", 8)]
    assert findings[0].message == (
        "Every route here that takes a body (`create_order` and `update_order`) takes it "
        "through `OrderCreate` and `OrderUpdate`, which validate it before the route uses it."
    )


def test_no_validation_praise_beside_a_raw_body_or_a_table_model(analyze: Analyze) -> None:
    raw = VALIDATED + (
        "\n\n@router.put('/orders/{order_id}/note')\n"
        "async def set_note(order_id: int, request: Request):\n"
        "    return await request.json()\n"
    )
    assert analyze(raw, schemas=SCHEMAS) == []
    table = VALIDATED.replace("order_in: OrderUpdate", "order_in: Order").replace(
        "OrderCreate, OrderUpdate", "Order, OrderCreate"
    )
    assert analyze(table, schemas=SCHEMAS) == []


def test_flask_forms_validate_every_body(analyze: Analyze) -> None:
    source = """\
    from flask import request


    @bp.route("/login", methods=["GET", "POST"])
    def login():
        form = LoginForm()
        if form.validate_on_submit():
            return sign_in(form.email.data)
        return render_template("login.html", form=form)


    @bp.route("/signup", methods=["POST"])
    def signup():
        data = SignupSchema().load(request.get_json())
        return create(data)


    @bp.route("/logout")
    def logout():
        return sign_out()
    """
    findings = analyze(source)
    assert codes(findings) == [("praise-validated-input", 5)]
    assert "through `LoginForm` and `SignupSchema`" in findings[0].message


def test_an_owner_compared_with_another_loaded_user_is_no_ownership_check(
    analyze: Analyze,
) -> None:
    source = """\
    @bp.route("/users/<int:user_id>/posts/<int:post_id>", methods=["DELETE"])
    def remove_post(user_id, post_id):
        user = db.get_or_404(User, user_id)
        post = db.get_or_404(Post, post_id)
        if post.author != user:
            abort(404)
        db.session.delete(post)
        db.session.commit()
    """
    assert codes(analyze(source), "praise-ownership-check") == []
    signed_in = source.replace("post.author != user", "post.author != current_user")
    assert codes(analyze(signed_in), "praise-ownership-check") == [("praise-ownership-check", 2)]


DJANGO_VIEWS = """\
from django.shortcuts import get_object_or_404, redirect, render

from shop.forms import AddressForm, ProfileForm


def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("profile")
    return render(request, "profile.html", {"form": form})


def add_address(request):
    if request.method == "POST":
        form = AddressForm(request.POST)
        if form.is_valid():
            form.save()
            return redirect("addresses")
    return render(request, "address.html", {"form": AddressForm()})


def address_list(request):
    return render(request, "addresses.html")
"""


def test_django_views_that_validate_through_forms(analyze: Analyze) -> None:
    findings = analyze(DJANGO_VIEWS, name="views.py")
    assert codes(findings) == [("praise-validated-input", 6)]
    assert "through `ProfileForm` and `AddressForm`" in findings[0].message


def test_a_field_read_around_the_form_is_no_validated_input(analyze: Analyze) -> None:
    around = DJANGO_VIEWS.replace(
        '            form.save()\n            return redirect("addresses")',
        '            form.save(note=request.POST["note"])\n            return redirect("addresses")',
    )
    assert around != DJANGO_VIEWS
    found = analyze(around, name="views.py")
    assert [f.code for f in found] == ["unvalidated-request-body"]  # said, and not praised


def test_an_owner_field_named_after_the_signed_in_variable(analyze: Analyze) -> None:
    source = """\
    @router.delete("/bookings/{booking_id}")
    def cancel(booking_id: int, session: SessionDep, account: Account = Depends(current_account)):
        booking = session.get(Booking, booking_id)
        if booking.account_id != account.id:
            raise HTTPException(status_code=403)
        session.delete(booking)
    """
    findings = [f for f in analyze(source) if f.code == "praise-ownership-check"]
    assert codes(findings) == [("praise-ownership-check", 2)]
    assert "`booking.account_id` against `account.id`" in findings[0].message
