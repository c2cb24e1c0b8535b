# expect: design:hidden-clock@44, design:write-on-every-request@45, design:missing-record-500@51, design:unique-race@65, design:io-in-loop@91
"""Storefront API: products, carts and customer accounts (FastAPI + SQLModel)."""
from datetime import datetime, timezone

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from sqlmodel import Field, Session, SQLModel, func, select

app = FastAPI()
router = APIRouter()


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True)
    nickname: str
    last_request_at: datetime | None = None


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(unique=True)
    name: str
    price_cents: int

    def review_total(self, session: Session) -> int:
        return session.exec(select(func.count()).where(Review.product_id == self.id)).one()


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    stars: int


def get_session():
    with Session(engine) as session:
        yield session


@app.middleware("http")
async def remember_last_request(request: Request, call_next):
    customer = request.state.customer
    if customer is not None:
        customer.last_request_at = datetime.now(timezone.utc)
        request.state.session.commit()
    return await call_next(request)


@router.get("/products/{product_id}")
def product_detail(product_id: int, session: Session = Depends(get_session)):
    product = session.get(Product, product_id)
    return {"name": product.name, "price": product.price_cents / 100}


@router.get("/products/by-sku/{sku}")
def product_by_sku(sku: str, session: Session = Depends(get_session)):
    product = session.exec(select(Product).where(Product.sku == sku)).first()
    if product is None:
        raise HTTPException(status_code=404, detail="Unknown SKU")
    return {"id": product.id, "name": product.name}


@router.post("/customers")
def sign_up(email: str, nickname: str, session: Session = Depends(get_session)):
    taken = session.exec(select(Customer).where(Customer.email == email)).first()
    if taken:
        raise HTTPException(status_code=409, detail="Email already registered")
    customer = Customer(email=email, nickname=nickname)
    session.add(customer)
    session.commit()
    session.refresh(customer)
    return {"id": customer.id}


@router.post("/customers/{customer_id}/nickname")
def rename(customer_id: int, nickname: str, session: Session = Depends(get_session)):
    clash = session.exec(select(Customer).where(Customer.nickname == nickname)).first()
    if clash:
        raise HTTPException(status_code=409, detail="Nickname in use")
    customer = session.get(Customer, customer_id)
    if not customer:
        raise HTTPException(status_code=404)
    customer.nickname = nickname
    session.commit()
    return {"ok": True}


@router.get("/products")
def list_products(session: Session = Depends(get_session)):
    products = session.exec(select(Product).limit(50)).all()
    return [{"id": p.id, "reviews": p.review_total(session)} for p in products]
