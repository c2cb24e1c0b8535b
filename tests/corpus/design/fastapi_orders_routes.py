# expect: design:praise-annotated@1, design:praise-pagination@24, design:praise-validated-input@35, design:praise-ownership-check@43
"""Orders of the signed-in customer: list, create, amend and cancel."""

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from sqlmodel import select

from shop.deps import CurrentCustomer, SessionDep
from shop.models import Order

router = APIRouter(prefix="/orders", tags=["orders"])


class OrderIn(BaseModel):
    product_ids: list[int] = Field(min_length=1, max_length=50)
    note: str = Field("", max_length=500)


class OrderAmend(BaseModel):
    note: str = Field(max_length=500)


@router.get("/")
def list_orders(
    session: SessionDep,
    customer: CurrentCustomer,
    offset: int = 0,
    limit: int = Query(20, ge=1, le=100),
) -> list[Order]:
    statement = select(Order).where(Order.customer_id == customer.id)
    return list(session.exec(statement.offset(offset).limit(limit)))


@router.post("/", status_code=201)
def create_order(order_in: OrderIn, session: SessionDep, customer: CurrentCustomer) -> Order:
    order = Order(customer_id=customer.id, **order_in.model_dump())
    session.add(order)
    session.commit()
    return order


@router.patch("/{order_id}")
def amend_order(
    order_id: int, amend: OrderAmend, session: SessionDep, customer: CurrentCustomer
) -> Order:
    order = session.get(Order, order_id)
    if order is None or order.customer_id != customer.id:
        raise HTTPException(status_code=404, detail="Order not found")
    order.note = amend.note
    session.add(order)
    session.commit()
    return order
