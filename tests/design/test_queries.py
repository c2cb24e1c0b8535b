"""Database work a request pays for: writes on every request, missing rows that become a 500,
duplicate checks that two requests pass at once (the per-item queries: test_performance.py)."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

HOOKS = """\
from datetime import datetime, timedelta, timezone

from flask import g
from flask_login import current_user

from app import db


@bp.before_app_request
def before_request():
    if current_user.is_authenticated:
        current_user.last_seen = datetime.now(timezone.utc)
        db.session.commit()
    g.locale = "en"


@app.before_request
def only_when_stale():
    now = datetime.now(timezone.utc)
    if now - current_user.last_seen > timedelta(minutes=5):
        current_user.last_seen = now
        db.session.commit()


@app.before_request
def reads_only():
    g.user = db.session.get(User, 1)


def not_a_hook():
    current_user.last_seen = datetime.now(timezone.utc)
    db.session.commit()
"""


def test_a_hook_that_commits_on_every_request(analyze: Analyze) -> None:
    findings = [f for f in analyze(HOOKS) if f.code == "write-on-every-request"]
    assert codes(findings) == [("write-on-every-request", 13)]
    assert findings[0].message == (
        "`before_request` runs before every request and writes to the database "
        "(`db.session.commit()`) to store `current_user.last_seen`"
    )


def test_middleware_that_saves_and_middleware_that_does_not(analyze: Analyze) -> None:
    source = """\
    from starlette.middleware.base import BaseHTTPMiddleware


    class SeenMiddleware(BaseHTTPMiddleware):
        async def dispatch(self, request, call_next):
            account = request.state.account
            account.seen = now()
            account.save()
            return await call_next(request)


    def session_middleware(get_response):
        def middleware(request):
            request.session.save()
            return get_response(request)

        return middleware


    @app.middleware("http")
    async def log_requests(request, call_next):
        response = await call_next(request)
        audit.log(request.url.path)
        return response
    """
    assert codes(analyze(source), "write-on-every-request") == [("write-on-every-request", 8)]


MODELS = """\
import sqlalchemy as sa

from app import db


class User(db.Model):
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(120), unique=True)
    city = sa.Column(sa.String(80))
"""


def test_a_view_uses_a_row_it_did_not_check(analyze: Analyze) -> None:
    source = """\
    from flask import abort, request

    from app import db
    from models import User


    @bp.route("/users/<int:user_id>")
    def show(user_id):
        user = db.session.get(User, user_id)
        return {"email": user.email}


    @bp.route("/users/by-email")
    def by_email():
        user = User.query.filter_by(email=request.args["email"]).first()
        if user is None:
            abort(404)
        return {"id": user.id}


    @bp.route("/users/first")
    def first_user():
        user = User.query.order_by(User.id).first()
        return {"id": user.id}


    def helper(user_id):
        user = db.session.get(User, user_id)
        return user.email
    """
    findings = [f for f in analyze(source, models=MODELS) if f.code == "missing-record-500"]
    assert codes(findings) == [("missing-record-500", 9)]
    assert findings[0].message == (
        "`show` uses `user` (line 10) as if `db.session.get()` had found a row, but it gives "
        "`None` for an unknown key: a 500 instead of a 404"
    )


def test_django_get_is_a_500_unless_the_view_catches_does_not_exist(analyze: Analyze) -> None:
    source = """\
    from django.http import Http404
    from django.shortcuts import render


    def detail(request, slug):
        post = Post.objects.get(slug=slug)
        return render(request, "post.html", {"post": post})


    def caught(request, slug):
        try:
            post = Post.objects.get(slug=slug)
        except Post.DoesNotExist:
            raise Http404
        return render(request, "post.html", {"post": post})
    """
    findings = analyze(source, name="views.py")
    assert codes(findings, "missing-record-500") == [("missing-record-500", 6)]
    assert "raises `DoesNotExist`" in findings[0].message


def test_check_then_insert_on_a_unique_column(analyze: Analyze) -> None:
    source = """\
    import sqlalchemy as sa
    from flask import request
    from sqlalchemy.exc import IntegrityError

    from app import db
    from models import User


    @bp.post("/users")
    def create_user():
        data = request.get_json()
        if db.session.scalar(sa.select(User).where(User.email == data["email"])):
            return {"error": "taken"}, 400
        db.session.add(User(email=data["email"]))
        db.session.commit()
        return {}, 201


    @bp.post("/guarded")
    def create_guarded():
        data = request.get_json()
        if db.session.scalar(sa.select(User).where(User.email == data["email"])):
            return {"error": "taken"}, 400
        db.session.add(User(email=data["email"]))
        try:
            db.session.commit()
        except IntegrityError:
            return {"error": "taken"}, 400
        return {}, 201


    @bp.post("/cities")
    def by_city():
        data = request.get_json()
        if db.session.scalar(sa.select(User).where(User.city == data["city"])):
            return {"error": "taken"}, 400
        db.session.add(User(city=data["city"]))
        db.session.commit()
        return {}, 201


    @bp.post("/users/<int:user_id>/email")
    def missing_user(user_id):
        user = db.session.scalar(sa.select(User).where(User.email == request.json["old"]))
        if user is None:
            return {"error": "not found"}, 404
        user.email = request.json["new"]
        db.session.commit()
        return {}
    """
    findings = [f for f in analyze(source, models=MODELS) if f.code == "unique-race"]
    assert codes(findings) == [("unique-race", 12)]
    assert findings[0].message.startswith(
        "`create_user` checks that no `User` has this `email` and then writes it (line 14)"
    )


def test_the_check_can_sit_in_a_project_function(analyze: Analyze) -> None:
    crud = """\
    from sqlmodel import select

    from models import User


    def get_user_by_email(*, session, email):
        return session.exec(select(User).where(User.email == email)).first()


    def create_user(*, session, email):
        user = User(email=email)
        session.add(user)
        session.commit()
        return user
    """
    source = """\
    from fastapi import HTTPException

    import crud


    @router.post("/signup")
    def register(session, user_in):
        user = crud.get_user_by_email(session=session, email=user_in.email)
        if user:
            raise HTTPException(status_code=400, detail="exists")
        return crud.create_user(session=session, email=user_in.email)
    """
    assert codes(analyze(source, crud=crud, models=MODELS), "unique-race") == [("unique-race", 8)]


def test_a_django_queryset_update_in_middleware_is_a_write(analyze: Analyze) -> None:
    source = """\
    from django.utils import timezone


    class LastSeenMiddleware:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            Member.objects.filter(user=request.user).update(seen=timezone.now())
            return self.get_response(request)
    """
    assert codes(analyze(source), "write-on-every-request") == [("write-on-every-request", 9)]


def test_a_login_that_uses_the_row_it_found_is_not_a_duplicate_check(analyze: Analyze) -> None:
    source = """\
    import sqlalchemy as sa
    from flask import request

    from app import db
    from models import LoginAttempt, User


    @bp.post("/login")
    def login():
        email = request.form["email"]
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user and user.check_password(request.form["password"]):
            return {"token": user.issue_token()}
        db.session.add(LoginAttempt(email=email))
        db.session.commit()
        return {"error": "invalid"}, 401
    """
    assert codes(analyze(source, models=MODELS), "unique-race") == []
