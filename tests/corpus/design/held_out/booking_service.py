# expect: design:missing-ownership-check@68, design:sensitive-fields-exposed@94, design:account-enumeration@101
"""Room bookings for a co-working space, served with FastAPI and async SQLAlchemy."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from workspace.db import get_db
from workspace.security import get_current_member, hash_password, verify_password

router = APIRouter(prefix="/bookings")


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_manager: Mapped[bool] = mapped_column(default=False)


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    room: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class BookingOut(BaseModel):
    id: int
    room: str
    starts_at: datetime
    ends_at: datetime


class Reschedule(BaseModel):
    starts_at: datetime
    ends_at: datetime


Db = Annotated[AsyncSession, Depends(get_db)]
Me = Annotated[Member, Depends(get_current_member)]


@router.get("/{booking_id}", response_model=BookingOut)
async def get_booking(booking_id: int, db: Db, me: Me):
    booking = await db.get(Booking, booking_id)
    if booking is None or booking.member_id != me.id:
        raise HTTPException(status_code=404)
    return booking


@router.patch("/{booking_id}", response_model=BookingOut)
async def reschedule(booking_id: int, change: Reschedule, db: Db, me: Me):
    booking = await db.get(Booking, booking_id)
    if booking is None:
        raise HTTPException(status_code=404)
    booking.starts_at = change.starts_at
    booking.ends_at = change.ends_at
    await db.commit()
    return booking


@router.delete("/{booking_id}", status_code=status.HTTP_204_NO_CONTENT)
async def cancel(booking_id: int, db: Db, me: Me):
    result = await db.execute(
        select(Booking).where(Booking.id == booking_id, Booking.member_id == me.id)
    )
    booking = result.scalar_one_or_none()
    if booking is None:
        raise HTTPException(status_code=404)
    await db.delete(booking)
    await db.commit()


@router.get("/members/{member_id}")
async def get_member(member_id: int, db: Db, me: Me):
    if not me.is_manager:
        raise HTTPException(status_code=403)
    member = await db.get(Member, member_id)
    return member


@router.post("/session")
async def sign_in(email: str, password: str, db: Db):
    member = await db.scalar(select(Member).where(Member.email == email))
    if member is None:
        raise HTTPException(status_code=404, detail="No member with this e-mail")
    if not verify_password(password, member.password_hash):
        raise HTTPException(status_code=401, detail="Incorrect password")
    return {"member_id": member.id}


@router.post("/members", status_code=201)
async def join(email: str, password: str, db: Db):
    member = Member(email=email, password_hash=hash_password(password))
    db.add(member)
    await db.commit()
    return {"id": member.id}
