# expect: design:cors-wildcard-credentials@22, design:praise-password-kdf@19, design:praise-ownership-check@42, design:environment-read@17, design:environment-read@24, design:praise-annotated@1
"""A small FastAPI service for room bookings."""

import os
from datetime import datetime

from fastapi import Depends, FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from passlib.context import CryptContext
from pydantic import BaseModel
from sqlalchemy.orm import Session

from bookings.auth import current_account
from bookings.db import get_session
from bookings.models import Account, Booking

DEBUG = os.getenv("BOOKINGS_DEBUG") == "1"

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")

app = FastAPI(debug=DEBUG)
app.add_middleware(
    CORSMiddleware,
    allow_origins=os.getenv("CORS_ORIGINS", "*").split(","),
    allow_credentials=True,
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)


class BookingIn(BaseModel):
    room_id: int
    starts_at: datetime
    ends_at: datetime


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


@app.delete("/bookings/{booking_id}", status_code=204)
def cancel_booking(
    booking_id: int,
    session: Session = Depends(get_session),
    account: Account = Depends(current_account),
) -> None:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise HTTPException(status_code=404)
    if booking.account_id != account.id:
        raise HTTPException(status_code=403, detail="Not your booking")
    session.delete(booking)
    session.commit()


@app.post("/bookings", status_code=201)
def create_booking(
    booking_in: BookingIn,
    session: Session = Depends(get_session),
    account: Account = Depends(current_account),
) -> dict[str, int]:
    booking = Booking(account_id=account.id, **booking_in.model_dump())
    session.add(booking)
    session.commit()
    return {"id": booking.id}
