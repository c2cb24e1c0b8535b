# expect: design:hidden-randomness@29, design:token-stored-plaintext@31, design:jwt-decode-unverified@52, design:secret-compared-with-eq@61, design:hidden-randomness@87, design:plaintext-password-sent@100
"""Billing service for a SaaS: API clients, Stripe-style webhooks, service tokens (FastAPI)."""
import hashlib
import hmac
import logging
import uuid
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.config import settings
from billing.db import get_session
from billing.models import ApiClient, Customer

router = APIRouter()
logger = logging.getLogger("billing")


class ClientIn(BaseModel):
    name: str
    contact_email: str


def register_client(session: Session, body: ClientIn) -> tuple[ApiClient, str]:
    client_secret = uuid.uuid4().hex
    client = ApiClient(name=body.name, contact_email=body.contact_email)
    client.client_secret = client_secret
    session.add(client)
    session.commit()
    return client, client_secret


def client_for_secret(session: Session, secret: str) -> ApiClient | None:
    return session.scalar(select(ApiClient).where(ApiClient.client_secret == secret))


def service_token(client: ApiClient, now: datetime) -> str:
    claims = {"sub": str(client.id), "scope": "billing", "exp": now + timedelta(minutes=15)}
    return jwt.encode(claims, settings.SERVICE_KEY, algorithm="HS256")


def client_id_from_token(token: str) -> str:
    claims = jwt.decode(token, settings.SERVICE_KEY, algorithms=["HS256"])
    return claims["sub"]


def debug_claims(token: str) -> dict:
    claims = jwt.decode(token, settings.SERVICE_KEY, algorithms=["HS256"], options={"verify_exp": False})
    logger.debug("claims %s", claims)
    return claims


@router.post("/webhooks/payments")
async def payment_webhook(request: Request, signature: str = Header(alias="X-Signature")):
    body = await request.body()
    computed = hmac.new(settings.WEBHOOK_KEY.encode(), body, hashlib.sha256).hexdigest()
    if computed != signature:
        raise HTTPException(status_code=400, detail="bad signature")
    return {"received": True}


@router.post("/webhooks/refunds")
async def refund_webhook(request: Request, signature: str = Header(alias="X-Signature")):
    body = await request.body()
    computed = hmac.new(settings.WEBHOOK_KEY.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(computed, signature):
        raise HTTPException(status_code=400, detail="bad signature")
    return {"received": True}


@router.get("/customers/{customer_id}/invoice-file")
def invoice_file(customer_id: int, checksum: str, session: Session = Depends(get_session)):
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise HTTPException(status_code=404)
    data = customer.latest_invoice_pdf()
    if hashlib.sha256(data).hexdigest() != checksum:
        raise HTTPException(status_code=409, detail="invoice changed")
    return {"size": len(data)}


def rotate_client_secret(session: Session, client: ApiClient, now: datetime) -> str:
    fresh = uuid.uuid4().hex
    client.secret_sha256 = hashlib.sha256(fresh.encode()).hexdigest()
    client.rotated_at = now
    session.commit()
    logger.info("rotated secret of client %s", client.id)
    return fresh


def connect_smtp(smtp, password: str) -> None:
    smtp.login(settings.SMTP_USER, password)


def audit_login(user_email: str, password: str, succeeded: bool) -> None:
    logger.info("login %s for %s with password %s", "ok" if succeeded else "failed", user_email, password)


def ping(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).isoformat()
