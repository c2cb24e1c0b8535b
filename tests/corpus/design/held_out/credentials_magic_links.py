# expect: design:praise-annotated@1, design:reset-token-reusable@28, design:reset-token-reusable@32, design:jwt-decode-unverified@51, design:plaintext-password-sent@76, design:secret-compared-with-eq@81, design:hidden-clock@85
"""Passwordless sign-in, password resets and e-mail confirmation for a newsletter platform
(Starlette/FastAPI, PyJWT, SQLAlchemy)."""
import logging
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import APIRouter, HTTPException
from jwt import InvalidTokenError
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsletter.config import settings
from newsletter.mailer import send_template
from newsletter.models import Subscriber, User

router = APIRouter()
logger = logging.getLogger(__name__)


def issue_access_token(user: User, now: datetime) -> str:
    payload = {"sub": str(user.id), "type": "access", "exp": now + timedelta(hours=1)}
    return jwt.encode(payload, settings.JWT_SECRET, algorithm="HS256")


def issue_password_reset_token(user: User, now: datetime) -> str:
    payload = {"sub": str(user.id), "type": "reset", "exp": now + timedelta(minutes=30)}
    return jwt.encode(payload, settings.JWT_SECRET, algorithm="HS256")


def forgot_password_token(user: User, now: datetime) -> str:
    return jwt.encode(
        {"uid": user.id, "exp": now + timedelta(hours=24)}, settings.JWT_SECRET, algorithm="HS256"
    )


def user_for_token(session: Session, token: str, expected_type: str) -> User:
    try:
        claims = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    except InvalidTokenError as error:
        raise HTTPException(status_code=401, detail="invalid token") from error
    if claims.get("type") != expected_type:
        raise HTTPException(status_code=401, detail="wrong token type")
    user = session.get(User, int(claims["sub"]))
    if user is None:
        raise HTTPException(status_code=401, detail="unknown user")
    return user


def subscriber_from_unsubscribe_link(session: Session, token: str) -> Subscriber | None:
    claims = jwt.decode(token, options={"verify_signature": False})
    return session.scalar(select(Subscriber).where(Subscriber.email == claims["email"]))


def email_confirmation_token(subscriber: Subscriber, now: datetime) -> str:
    payload = {"email": subscriber.email, "exp": now + timedelta(days=3)}
    return jwt.encode(payload, settings.JWT_SECRET, algorithm="HS256")


@router.post("/reset-password")
def reset_password(session: Session, token: str, new_password: str) -> dict[str, str]:
    user = user_for_token(session, token, "reset")
    user.set_password(new_password)
    session.commit()
    send_template("password_changed.html", to=user.email, name=user.display_name)
    logger.info("password reset for user %s", user.id)
    return {"detail": "password updated"}


@router.post("/admin/users")
def create_user_with_password(session: Session, email: str, password: str) -> dict[str, int]:
    user = User(email=email)
    user.set_password(password)
    session.add(user)
    session.commit()
    send_template("account_created.html", to=email, email=email, password=password)
    return {"id": user.id}


def tokens_match(presented: str, user: User) -> bool:
    return presented == user.api_token


def expires_soon(token_expires_at: datetime) -> bool:
    return token_expires_at - datetime.now(timezone.utc) < timedelta(minutes=5)
