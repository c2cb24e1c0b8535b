# expect: design:token-stored-plaintext@28, design:unvalidated-request-body@36, design:unvalidated-request-body@47, design:praise-password-kdf@49, design:hidden-clock@50, design:unvalidated-request-body@60, design:plaintext-password-sent@68, design:unvalidated-request-body@77, design:secret-compared-with-eq@105
"""Team invitations and member accounts for a project-tracker API (Flask, SQLAlchemy)."""
import logging
import secrets
from datetime import datetime, timedelta, timezone

from flask import Blueprint, current_app, jsonify, request
from flask_mail import Message
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from tracker import db, mail
from tracker.models import Member, Team

bp = Blueprint("teams", __name__)
log = logging.getLogger(__name__)


class Invitation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    team_id = db.Column(db.Integer, db.ForeignKey("team.id"), nullable=False)
    email = db.Column(db.String(255), nullable=False)
    invite_token = db.Column(db.String(64), unique=True, nullable=False)
    accepted_at = db.Column(db.DateTime)

    @classmethod
    def create(cls, team, email):
        invitation = cls(team_id=team.id, email=email, invite_token=secrets.token_urlsafe(32))
        db.session.add(invitation)
        return invitation


@bp.post("/teams/<int:team_id>/invitations")
def invite(team_id):
    team = db.get_or_404(Team, team_id)
    email = request.json["email"]
    invitation = Invitation.create(team, email)
    db.session.commit()
    link = f"{current_app.config['FRONTEND_URL']}/join?token={invitation.invite_token}"
    mail.send(Message("You're invited", recipients=[email], body=f"Join {team.name}: {link}"))
    return jsonify(id=invitation.id), 201


@bp.post("/invitations/accept")
def accept():
    data = request.get_json()
    invitation = Invitation.query.filter_by(invite_token=data["token"]).first_or_404()
    member = Member(email=invitation.email, team_id=invitation.team_id)
    member.password_hash = generate_password_hash(data["password"])
    invitation.accepted_at = datetime.now(timezone.utc)
    db.session.add(member)
    db.session.commit()
    log.info("member %s joined team %s", member.email, invitation.team_id)
    return jsonify(id=member.id, email=member.email), 201


@bp.post("/members")
def add_member_by_admin():
    data = request.get_json()
    member = Member(email=data["email"], team_id=data["team_id"])
    member.password_hash = generate_password_hash(data["password"])
    db.session.add(member)
    db.session.commit()
    mail.send(
        Message(
            "Your tracker account",
            recipients=[member.email],
            body=f"Sign in as {member.email} with the password {data['password']}",
        )
    )
    return jsonify(id=member.id), 201


@bp.post("/login")
def login():
    data = request.get_json()
    member = Member.query.filter_by(email=data["email"]).first()
    if member is None or not check_password_hash(member.password_hash, data["password"]):
        log.warning("failed login for %s", data["email"])
        return jsonify(error="invalid credentials"), 401
    return jsonify(token=member.issue_session_token())


def _reset_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_password_reset_token(member):
    return _reset_serializer().dumps({"member": member.id, "pw": member.password_hash[-12:]})


def member_for_reset_token(token, max_age=3600):
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    member = db.session.get(Member, data["member"])
    if member is None or member.password_hash[-12:] != data["pw"]:
        return None
    return member


def check_webhook_secret():
    presented = request.headers.get("X-Tracker-Secret", "")
    return presented == current_app.config["WEBHOOK_SECRET"]


def invitation_expired(invitation, now):
    return invitation.created_at + timedelta(days=7) < now
