# expect: design:plaintext-password-sent@32, design:praise-validated-input@41, design:plaintext-password-sent@48, design:plaintext-password-sent@57, design:plaintext-password-sent@69
"""Account e-mails and sign-up for the shop's API (FastAPI, SQLAlchemy)."""
import logging

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, EmailStr
from sqlalchemy.orm import Session

from shop.db import SessionDep
from shop.mail import render_email, send_email
from shop.models import User
from shop.security import hash_password, verify_password

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/accounts")


class SignUp(BaseModel):
    email: EmailStr
    full_name: str
    password: str


class PasswordChange(BaseModel):
    current_password: str
    new_password: str


def welcome_email(email_to: str, full_name: str, password: str) -> str:
    return render_email(
        "welcome.html",
        context={"name": full_name, "email": email_to, "password": password},
    )


def welcome_email_without_password(email_to: str, full_name: str) -> str:
    return render_email("welcome.html", context={"name": full_name, "email": email_to})


@router.post("/")
def sign_up(body: SignUp, session: SessionDep) -> dict[str, str]:
    if session.query(User).filter_by(email=body.email).first():
        raise HTTPException(status_code=409, detail="That e-mail is taken")
    user = User(email=body.email, full_name=body.full_name)
    user.password_hash = hash_password(body.password)
    session.add(user)
    session.commit()
    html = welcome_email(body.email, body.full_name, body.password)
    send_email(to=body.email, subject="Welcome", html=html)
    logger.info("signed up %s", body.email)
    return {"email": user.email, "full_name": user.full_name}


@router.post("/me/password")
def change_password(body: PasswordChange, user: User, session: Session) -> dict[str, str]:
    if not verify_password(body.current_password, user.password_hash):
        logger.warning("wrong current password for %s: %r", user.email, body.current_password)
        raise HTTPException(status_code=400, detail="Incorrect password")
    if body.current_password == body.new_password:
        raise HTTPException(status_code=400, detail="Choose a new password")
    user.password_hash = hash_password(body.new_password)
    session.commit()
    logger.info("password changed for %s (length %d)", user.email, len(body.new_password))
    return {"detail": "Password updated"}


@router.post("/debug-login")
def debug_login(email: str, password: str) -> dict[str, str]:
    logger.debug(f"login attempt {email} / {password}")
    return {"email": email, "password_hash": hash_password(password)}


def mail_backend(settings):
    from django.core.mail.backends.smtp import EmailBackend

    return EmailBackend(
        host=settings.EMAIL_HOST, username=settings.EMAIL_USER, password=settings.EMAIL_PASSWORD
    )


def send_digest(recipients, body, password):
    from django.core.mail import send_mail

    send_mail("Digest", body, "news@example.com", recipients, auth_password=password)
