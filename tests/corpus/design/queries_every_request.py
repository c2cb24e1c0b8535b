# expect: design:hidden-clock@20, design:write-on-every-request@21, design:hidden-clock@29, design:hidden-clock@47, design:write-on-every-request@48
"""Request hooks and middleware of the support desk app."""
import time
from datetime import datetime, timedelta, timezone

from flask import Blueprint, g, request
from flask_login import current_user

from desk import db
from desk.models import Agent

bp = Blueprint("desk", __name__)

STALE_AFTER = timedelta(minutes=5)


@bp.before_app_request
def touch_agent():
    if current_user.is_authenticated:
        current_user.last_active = datetime.now(timezone.utc)
        db.session.commit()
    g.started = time.monotonic()


@bp.before_app_request
def touch_agent_when_stale():
    if not current_user.is_authenticated:
        return
    now = datetime.now(timezone.utc)
    if current_user.last_active is None or now - current_user.last_active > STALE_AFTER:
        current_user.last_active = now
        db.session.commit()


@bp.before_request
def load_agent():
    g.agent = db.session.get(Agent, request.headers.get("X-Agent-Id"))


class LastVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            profile = request.user.profile
            profile.last_visit = datetime.now(timezone.utc)
            profile.save(update_fields=["last_visit"])
        return self.get_response(request)


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.monotonic() - started) * 1000:.0f}"
        return response
