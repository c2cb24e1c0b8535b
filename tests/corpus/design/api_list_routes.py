# expect: design:unbounded-limit@15, design:unbounded-limit@31, design:praise-annotated@1
"""List endpoints of a small FastAPI and Flask app: who decides how many rows come back."""

from fastapi import APIRouter, Query
from flask import Blueprint, request
from sqlalchemy import select

from app.db import Item, Session, db

router = APIRouter()
blueprint = Blueprint("api", __name__)


@router.get("/items/")
def read_items(session: Session, skip: int = 0, limit: int = 100) -> list[Item]:
    return list(session.scalars(select(Item).offset(skip).limit(limit)))


@router.get("/items/bounded")
def read_bounded(session: Session, limit: int = Query(100, le=500)) -> list[Item]:
    return list(session.scalars(select(Item).limit(limit)))


@router.get("/items/count")
def count_items(session: Session, count: int = 3) -> int:
    return count * 2  # a number, never a row count


@blueprint.route("/posts")
def list_posts() -> dict[str, object]:
    per_page = request.args.get("per_page", 20, type=int)
    page = db.paginate(select(Item), page=1, per_page=per_page)
    return {"items": [item.id for item in page.items]}


@blueprint.route("/posts/capped")
def list_capped() -> dict[str, object]:
    per_page = min(request.args.get("per_page", 20, type=int), 100)
    page = db.paginate(select(Item), page=1, per_page=per_page)
    return {"items": [item.id for item in page.items]}


def helper(session: Session, limit: int = 10) -> list[Item]:  # not a route: the caller decides
    return list(session.scalars(select(Item).limit(limit)))
