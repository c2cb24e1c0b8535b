"""Access: records loaded by a client-given id with no owner check, secret fields sent back,
CSRF switched off on views that write, sign-in answers that tell whether an account exists."""

from __future__ import annotations

from reviewer.model import Finding
from tests.design.helpers import Analyze, codes

ACCESS = frozenset(
    {
        "missing-ownership-check",
        "ownership-unclear",
        "sensitive-fields-exposed",
        "csrf-exempt-state-change",
        "account-enumeration",
    }
)


def access_codes(findings: list[Finding], code: str | None = None) -> list[tuple[str, int]]:
    """The access detectors' (code, line) pairs: the other detectors have their own tests."""
    return [pair for pair in codes(findings, code) if pair[0] in ACCESS]


MODELS = """\
from app import db


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255))
    password_hash = db.Column(db.String(256))


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    status = db.Column(db.String(20))


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40))
"""


def test_an_order_changed_by_its_id_with_no_owner_check(analyze: Analyze) -> None:
    source = """\
    from flask import Blueprint, abort
    from flask_login import current_user, login_required
    from models import Order, Tag

    bp = Blueprint("orders", __name__)


    @bp.post("/orders/<int:order_id>/cancel")
    @login_required
    def cancel(order_id):
        order = Order.query.get_or_404(order_id)
        order.status = "cancelled"
        return "", 204


    @bp.post("/orders/<int:order_id>/pay")
    @login_required
    def pay(order_id):
        order = Order.query.get_or_404(order_id)
        if order.user_id != current_user.id:
            abort(404)
        order.status = "paid"
        return "", 204


    @bp.delete("/orders/<int:order_id>")
    @login_required
    def remove(order_id):
        order = Order.query.filter_by(id=order_id, user_id=current_user.id).first_or_404()
        order.delete()
        return "", 204


    @bp.post("/tags/<int:tag_id>")
    @login_required
    def rename(tag_id):
        tag = Tag.query.get_or_404(tag_id)
        tag.name = "renamed"
        return "", 204
    """
    findings = analyze(source, models=MODELS)
    assert access_codes(findings, "missing-ownership-check") == [("missing-ownership-check", 11)]
    assert access_codes(findings, "ownership-unclear") == []
    assert findings[0].message == (
        "`cancel` loads the `Order` whose id the client sends (`order_id`) and changes it"
        " without comparing its `user_id` to the current user"
    )


def test_admin_routes_and_permission_checks_are_not_findings(analyze: Analyze) -> None:
    source = """\
    from flask import Blueprint, abort
    from flask_login import current_user, login_required
    from models import Order
    from auth import admin_required

    bp = Blueprint("admin", __name__)


    @bp.post("/admin/orders/<int:order_id>/refund")
    @admin_required
    def refund(order_id):
        order = Order.query.get_or_404(order_id)
        order.status = "refunded"


    @bp.post("/orders/<int:order_id>/ship")
    @login_required
    def ship(order_id):
        if not current_user.is_staff:
            abort(403)
        order = Order.query.get_or_404(order_id)
        order.status = "shipped"


    @bp.post("/me/orders/<int:order_id>/archive")
    @login_required
    def archive(order_id):
        order = current_user.orders.filter_by(id=order_id).first_or_404()
        order.status = "archived"
    """
    findings = analyze(source, models=MODELS)
    assert access_codes(findings, "missing-ownership-check") == []
    assert access_codes(findings, "ownership-unclear") == []


def test_fastapi_user_dependencies_and_superuser_routes(analyze: Analyze) -> None:
    source = """\
    import uuid
    from typing import Annotated

    from fastapi import APIRouter, Depends
    from sqlmodel import Field, Session, SQLModel

    from deps import get_current_user, get_current_active_superuser, get_session

    router = APIRouter()


    class Account(SQLModel, table=True):
        id: uuid.UUID = Field(primary_key=True)
        hashed_password: str


    class Item(SQLModel, table=True):
        id: uuid.UUID = Field(primary_key=True)
        owner_id: uuid.UUID = Field(foreign_key="account.id")


    CurrentUser = Annotated[Account, Depends(get_current_user)]


    @router.delete("/items/{id}")
    def delete_item(session: Session, current_user: CurrentUser, id: uuid.UUID) -> None:
        item = session.get(Item, id)
        session.delete(item)


    @router.delete("/admin/items/{id}", dependencies=[Depends(get_current_active_superuser)])
    def purge_item(session: Session, id: uuid.UUID) -> None:
        item = session.get(Item, id)
        session.delete(item)


    @router.put("/items/{id}")
    def update_item(session: Session, current_user: CurrentUser, id: uuid.UUID) -> None:
        item = session.get(Item, id)
        if not current_user.is_superuser and item.owner_id != current_user.id:
            raise HTTPException(status_code=403, detail="Not enough permissions")
        item.title = "x"
    """
    findings = [f for f in analyze(source) if f.code == "missing-ownership-check"]
    assert access_codes(findings) == [("missing-ownership-check", 27)]
    assert findings[0].message.endswith(
        "and deletes it without comparing its `owner_id` to the current user"
    )


def test_a_question_where_the_model_or_the_user_cannot_be_seen(analyze: Analyze) -> None:
    source = """\
    from django.contrib.auth import get_user
    from django.shortcuts import get_object_or_404, redirect

    from billing.models import Invoice
    from models import Order


    def void_invoice(request, invoice_id):
        invoice = get_object_or_404(Invoice, pk=invoice_id)
        invoice.status = "void"
        invoice.save()
        return redirect("invoices")


    def close_order(request, order_id):
        Order.objects.filter(pk=order_id).update(status="closed")
        return redirect("orders")


    def show_order(request, order_id):
        order = get_object_or_404(Order, pk=order_id)
        return render(request, "order.html", {"order": order})
    """
    findings = analyze(source, models=MODELS)
    assert access_codes(findings, "ownership-unclear") == [
        ("ownership-unclear", 9),
        ("ownership-unclear", 16),
    ]
    assert access_codes(findings, "missing-ownership-check") == []


def test_reading_a_private_record_asks_and_a_public_one_does_not(analyze: Analyze) -> None:
    source = """\
    from flask import jsonify
    from flask_login import login_required
    from models import Order, User

    @bp.get("/orders/<int:order_id>")
    @login_required
    def show_order(order_id):
        order = Order.query.get_or_404(order_id)
        return jsonify(id=order.id, status=order.status)


    @bp.get("/users/<int:user_id>")
    @login_required
    def show_user(user_id):
        user = User.query.get_or_404(user_id)
        return jsonify(id=user.id)
    """
    assert access_codes(analyze(source, models=MODELS)) == [("ownership-unclear", 8)]


def test_django_scoped_loads_and_class_based_views(analyze: Analyze) -> None:
    models = """\
    from django.conf import settings
    from django.db import models


    class Note(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        text = models.TextField()
    """
    source = """\
    from django.contrib.auth.decorators import login_required
    from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
    from django.shortcuts import get_object_or_404
    from django.views import View

    from notes.models import Note


    @login_required
    def edit(request, note_id):
        note = get_object_or_404(Note, pk=note_id)
        note.text = request.POST["text"]
        note.save()


    @login_required
    def edit_own(request, note_id):
        note = get_object_or_404(Note, pk=note_id, owner=request.user)
        note.text = request.POST["text"]
        note.save()


    class NoteDelete(LoginRequiredMixin, View):
        def post(self, request, note_id):
            note = Note.objects.get(pk=note_id)
            note.delete()


    class NoteArchive(UserPassesTestMixin, View):
        def post(self, request, note_id):
            note = Note.objects.get(pk=note_id)
            note.delete()
    """
    found = analyze(source, "views.py", **{"notes/__init__": "", "notes/models": models})
    findings = [f for f in found if f.code in ACCESS]
    assert access_codes(findings) == [
        ("missing-ownership-check", 11),
        ("missing-ownership-check", 25),
    ]
    assert findings[1].message.startswith("`NoteDelete.post` loads the `Note`")


def test_csrf_exempt_on_a_view_that_writes_for_the_signed_in_user(analyze: Analyze) -> None:
    source = """\
    import hmac

    import stripe
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse
    from django.views.decorators.csrf import csrf_exempt

    from .models import Vote


    @login_required
    @csrf_exempt
    def vote(request, poll_id):
        Vote.objects.create(poll_id=poll_id, user=request.user)
        return JsonResponse({"ok": True})


    @csrf_exempt
    def stripe_webhook(request):
        event = stripe.Webhook.construct_event(request.body, request.headers["Stripe-Signature"], "k")
        Vote.objects.filter(pk=event["id"]).update(paid=True)
        return JsonResponse({"ok": True})


    @csrf_exempt
    def ping(request):
        return JsonResponse({"pong": True})


    @csrf_exempt
    def open_counter(request):
        Vote.objects.filter(pk=request.POST["id"]).update(seen=True)
        return JsonResponse({"ok": True})
    """
    findings = analyze(source)
    assert access_codes(findings, "csrf-exempt-state-change") == [("csrf-exempt-state-change", 12)]
    assert findings[0].message == (
        "`vote` switches CSRF protection off and writes data (`Vote.objects.create`) for the"
        " signed-in user"
    )


def test_secret_fields_sent_with_a_record(analyze: Analyze) -> None:
    source = """\
    from django.forms import ModelForm, model_to_dict
    from django.http import JsonResponse
    from rest_framework import serializers

    from models import Order, User


    class UserSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = "__all__"


    class UserPublicSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            exclude = ["password_hash"]


    class OrderForm(ModelForm):
        class Meta:
            model = Order
            fields = "__all__"


    def user_detail(request, user_id):
        user = User.objects.get(pk=user_id)
        return JsonResponse(model_to_dict(user))


    def order_detail(request, order_id):
        order = Order.objects.get(pk=order_id, user=request.user)
        return JsonResponse(model_to_dict(order))


    def me(request):
        return JsonResponse(vars(request.user))
    """
    findings = analyze(source, models=MODELS)
    assert access_codes(findings) == [
        ("sensitive-fields-exposed", 11),
        ("sensitive-fields-exposed", 28),
        ("sensitive-fields-exposed", 37),
    ]
    assert findings[0].message == (
        "`UserSerializer` takes every field of `User`, `password_hash` included"
    )


def test_a_to_dict_with_a_token_and_a_fastapi_route_without_response_model(
    analyze: Analyze,
) -> None:
    source = """\
    from fastapi import APIRouter
    from sqlmodel import Field, Session, SQLModel

    router = APIRouter()


    class User(SQLModel, table=True):
        id: int = Field(primary_key=True)
        email: str
        hashed_password: str
        reset_token_sent_at: str | None = None

        def to_dict(self):
            return {"id": self.id, "email": self.email, "reset": self.hashed_password}


    class UserPublic(SQLModel):
        id: int
        email: str


    @router.get("/users/{user_id}")
    def read_user(user_id: int, session: Session):
        user = session.get(User, user_id)
        return user


    @router.get("/users/{user_id}/public", response_model=UserPublic)
    def read_user_public(user_id: int, session: Session):
        user = session.get(User, user_id)
        return user


    @router.get("/users/{user_id}/typed")
    def read_user_typed(user_id: int, session: Session) -> UserPublic:
        user = session.get(User, user_id)
        return user
    """
    findings = analyze(source)
    assert access_codes(findings, "sensitive-fields-exposed") == [
        ("sensitive-fields-exposed", 14),
        ("sensitive-fields-exposed", 25),
    ]
    assert "`hashed_password` included" in findings[-1].message


def test_sign_in_and_reset_answers_that_tell_an_account_exists(analyze: Analyze) -> None:
    source = """\
    from fastapi import APIRouter, Depends, HTTPException

    from deps import get_current_active_superuser, get_user_by_email, verify_password

    router = APIRouter()


    @router.post("/login")
    def login(email: str, password: str):
        user = get_user_by_email(email)
        if user is None:
            raise HTTPException(status_code=400, detail="User not found")
        if not verify_password(password, user.hashed_password):
            raise HTTPException(status_code=400, detail="Incorrect password")
        return user


    @router.post("/password-recovery/{email}")
    def recover_password(email: str):
        user = get_user_by_email(email)
        if not user:
            raise HTTPException(status_code=404, detail="Try again")
        return {"sent": True}


    @router.post("/password-recovery-html/{email}", dependencies=[Depends(get_current_active_superuser)])
    def recover_password_html(email: str):
        user = get_user_by_email(email)
        if not user:
            raise HTTPException(status_code=404, detail="The user with this e-mail does not exist")
        return user.email


    @router.post("/signin")
    def sign_in(email: str, password: str):
        user = get_user_by_email(email)
        if user is None or not verify_password(password, user.hashed_password):
            raise HTTPException(status_code=400, detail="Incorrect email or password")
        return user


    @router.post("/reset")
    def reset_request(email: str):
        user = get_user_by_email(email)
        if user:
            send(user)
        return {"message": "If that e-mail is registered, we sent a link"}
    """
    assert access_codes(analyze(source)) == [
        ("account-enumeration", 12),
        ("account-enumeration", 21),
    ]


def test_a_blueprint_checked_before_each_request_and_an_admin_area(analyze: Analyze) -> None:
    guarded = """\
    from flask import Blueprint, abort
    from flask_login import current_user, login_required
    from models import Order

    bp = Blueprint("staff", __name__)


    @bp.before_request
    def only_staff():
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403)


    @bp.post("/orders/<int:order_id>/close")
    @login_required
    def close(order_id):
        order = Order.query.get_or_404(order_id)
        order.status = "closed"
    """
    admin_area = """\
    from flask_login import login_required
    from models import Order


    @bp.post("/admin/orders/<int:order_id>/close")
    @login_required
    def close(order_id):
        order = Order.query.get_or_404(order_id)
        order.status = "closed"
    """
    assert access_codes(analyze(guarded, models=MODELS)) == []
    assert access_codes(analyze(admin_area, "routes.py", models=MODELS)) == [
        ("ownership-unclear", 8)
    ]


def test_a_user_dependency_behind_an_alias_of_any_name(analyze: Analyze) -> None:
    deps = """\
    from typing import Annotated

    from fastapi import Depends

    from security import get_current_member
    from models import User

    Me = Annotated[User, Depends(get_current_member)]
    """
    source = """\
    from fastapi import APIRouter

    from deps import Me
    from models import Order

    router = APIRouter()


    @router.post("/orders/{order_id}/cancel")
    def cancel(order_id: int, me: Me):
        order = Order.query.get(order_id)
        order.status = "cancelled"


    @router.post("/orders/{order_id}/pay")
    def pay(order_id: int, me: Me):
        order = Order.query.get(order_id)
        if order.user_id != me.id:
            raise PermissionError(order_id)
        order.status = "paid"
    """
    assert access_codes(analyze(source, models=MODELS, deps=deps)) == [
        ("missing-ownership-check", 11)
    ]


def test_checksums_token_types_and_local_dicts_are_not_secrets_or_writes(
    analyze: Analyze,
) -> None:
    source = """\
    from django.contrib.auth.decorators import login_required
    from django.db import models
    from django.http import JsonResponse
    from django.views.decorators.csrf import csrf_exempt


    class Upload(models.Model):
        content_hash = models.CharField(max_length=64)
        token_type = models.CharField(max_length=10)
        is_secret = models.BooleanField(default=False)

        def to_dict(self):
            return {"hash": self.content_hash, "type": self.token_type, "private": self.is_secret}


    @login_required
    @csrf_exempt
    def preview(request):
        context = {"user": request.user.username}
        context.update(request.POST.dict())
        seen = set()
        seen.add(request.user.pk)
        return JsonResponse(context)
    """
    assert access_codes(analyze(source)) == []


def test_no_question_in_a_module_without_users(analyze: Analyze) -> None:
    source = """\
    from flask import Blueprint

    from inventory.models import Shelf

    bp = Blueprint("shelves", __name__)


    @bp.post("/shelves/<int:shelf_id>/empty")
    def empty(shelf_id):
        shelf = Shelf.query.get_or_404(shelf_id)
        shelf.items = []
    """
    assert access_codes(analyze(source)) == []


def test_a_private_record_handed_to_a_service_is_asked_about(analyze: Analyze) -> None:
    source = """\
    import logging

    from flask_login import login_required
    from models import Order
    from services import OrderService

    logger = logging.getLogger(__name__)


    @bp.post("/orders/<int:order_id>/ship")
    @login_required
    def ship(order_id):
        order = Order.query.get_or_404(order_id)
        OrderService().ship(order=order)
        return "", 204


    @bp.post("/orders/<int:order_id>/log")
    @login_required
    def log_order(order_id):
        order = Order.query.get_or_404(order_id)
        logger.info("seen %s", order)
        return str(order)
    """
    findings = analyze(source, models=MODELS)
    assert access_codes(findings) == [("ownership-unclear", 13), ("ownership-unclear", 21)]
    assert findings[0].message.endswith(
        "and hands it to `OrderService().ship` without comparing its `user_id` to the current user"
    )
    assert "and sends it back without" in findings[1].message


def test_drf_views_signed_in_only_are_not_checked_an_owner_permission_is(
    analyze: Analyze,
) -> None:
    models = """\
    from django.db import models


    class Comment(models.Model):
        author = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE)
        body = models.TextField()
    """
    source = """\
    from rest_framework import generics
    from rest_framework.permissions import IsAuthenticated

    from comments.models import Comment
    from comments.permissions import IsAuthorOrReadOnly


    class CommentDestroy(generics.DestroyAPIView):
        permission_classes = (IsAuthenticated,)

        def destroy(self, request, comment_pk=None):
            comment = Comment.objects.get(pk=comment_pk)
            comment.delete()


    class CommentDestroyChecked(generics.DestroyAPIView):
        permission_classes = (IsAuthenticated, IsAuthorOrReadOnly)

        def destroy(self, request, comment_pk=None):
            comment = Comment.objects.get(pk=comment_pk)
            comment.delete()
    """
    files = {"comments/__init__": "", "comments/models": models}
    assert access_codes(analyze(source, "views.py", **files)) == [("missing-ownership-check", 12)]


def test_a_record_named_by_its_slug(analyze: Analyze) -> None:
    models = """\
    from django.conf import settings
    from django.db import models


    class Board(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        slug = models.SlugField(unique=True)
        title = models.CharField(max_length=80)
    """
    source = """\
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import get_object_or_404

    from boards.models import Board


    @login_required
    def rename_board(request, board_slug):
        board = get_object_or_404(Board, slug=board_slug)
        board.title = request.POST["title"]
        board.save()


    def show_board(request, board_slug):
        board = get_object_or_404(Board, slug=board_slug)
        return render(request, "board.html", {"board": board})
    """
    files = {"boards/__init__": "", "boards/models": models}
    assert access_codes(analyze(source, "views.py", **files)) == [("missing-ownership-check", 9)]
