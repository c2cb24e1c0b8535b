# expect: design:reset-token-reusable@27, design:reset-token-reusable@46, design:jwt-decode-unverified@55, design:jwt-decode-unverified@59, design:jwt-decode-unverified@65, design:secret-compared-with-eq@74, design:secret-compared-with-eq@83
"""Access tokens, password-reset links and webhook signatures for the API."""
import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import jwt
from itsdangerous import URLSafeTimedSerializer

from api.config import settings
from api.models import TokenType, User

ALGORITHM = "HS256"


def create_access_token(user_id: str, now: datetime) -> str:
    payload = {"sub": user_id, "exp": now + timedelta(minutes=30)}
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def read_access_token(token: str) -> str:
    claims = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    return claims["sub"]


def create_password_reset_token(email: str, now: datetime) -> str:
    return jwt.encode(
        {"sub": email, "exp": now + timedelta(hours=2)},
        settings.SECRET_KEY,
        algorithm=ALGORITHM,
    )


def make_reset_token(user: User, now: datetime) -> str:
    payload = {
        "sub": str(user.id),
        "purpose": "password-reset",
        "pwd": user.password_hash[-10:],
        "exp": now + timedelta(minutes=30),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def reset_link_token(user: User, now: datetime) -> str:
    payload = {"reset": user.id, "exp": now + timedelta(minutes=15)}
    return jwt.encode(payload, settings.RESET_KEY, algorithm=ALGORITHM)


def email_confirmation_token(email: str) -> str:
    serializer = URLSafeTimedSerializer(settings.SECRET_KEY, salt="email-confirm")
    return serializer.dumps(email)


def claims_for_logging(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def lenient_claims(token: str) -> dict:
    return jwt.decode(
        token, settings.SECRET_KEY, algorithms=[ALGORITHM], options={"verify_exp": False}
    )


def legacy_claims(token: str) -> dict:
    return jwt.decode(token, settings.SECRET_KEY)


def header_of(token: str) -> dict:
    return jwt.get_unverified_header(token)


def verify_webhook(body: bytes, signature: str) -> bool:
    expected = hmac.new(settings.WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return expected == signature


def verify_webhook_safely(body: bytes, signature: str) -> bool:
    expected = hmac.new(settings.WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def check_api_key(presented_key: str) -> bool:
    if presented_key != settings.API_KEY:
        return False
    return True


def describe(token: str, token_type: str, claims: dict) -> str:
    if token is None or token == "":
        return "missing"
    if token_type == "bearer" and len(token) == 43:
        return "opaque"
    if claims.get("type") == TokenType.REFRESH:
        return "refresh"
    return "unknown"


def user_by_token(session, token: str) -> User | None:
    return session.query(User).filter(User.token_digest == token).first()


def same_new_password(new_password: str, confirm_password: str) -> bool:
    return new_password == confirm_password


def expired(token_expires_at: datetime, now: datetime) -> bool:
    return token_expires_at == now.replace(tzinfo=timezone.utc)
