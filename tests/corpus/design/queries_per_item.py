# expect: design:io-in-loop@20, design:io-in-loop@87
"""Members API of a book club: members, their reviews and the clubs they belong to."""
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import Blueprint, request, url_for

from bookclub import db

bp = Blueprint("members", __name__)

LEVELS = ["bronze", "silver", "gold"]


class PagedResource:
    @staticmethod
    def page_of(query, page, per_page, endpoint):
        results = db.paginate(query, page=page, per_page=per_page, error_out=False)
        return {
            "items": [entry.as_json() for entry in results.items],
            "total": results.total,
            "next": url_for(endpoint, page=page + 1) if results.has_next else None,
        }


class Member(PagedResource, db.Model):
    id = sa.Column(sa.Integer, primary_key=True)
    handle = sa.Column(sa.String(40), unique=True, nullable=False)
    joined = sa.Column(sa.DateTime, default=lambda: datetime.now(timezone.utc))

    def review_count(self):
        statement = sa.select(sa.func.count(Review.id)).where(Review.member_id == self.id)
        return db.session.scalar(statement)

    def club_count(self):
        return self.clubs.count()

    def as_json(self):
        return {
            "id": self.id,
            "handle": self.handle,
            "reviews": self.review_count(),
            "clubs": self.club_count(),
        }


class Review(db.Model):
    id = sa.Column(sa.Integer, primary_key=True)
    member_id = sa.Column(sa.ForeignKey("member.id"))
    stars = sa.Column(sa.Integer)
    text = sa.Column(sa.Text)

    def summary(self):
        return {"id": self.id, "stars": self.stars, "excerpt": self.text[:80]}


class Badge:
    def __init__(self, level):
        self.level = level

    def label(self):
        return self.level.title()


@bp.get("/members")
def list_members():
    page = request.args.get("page", 1, type=int)
    return Member.page_of(sa.select(Member), page, 20, "members.list_members")


@bp.get("/members/<int:member_id>/reviews")
def member_reviews(member_id):
    reviews = db.session.scalars(sa.select(Review).where(Review.member_id == member_id))
    return {"reviews": [review.summary() for review in reviews]}


@bp.get("/badges")
def badges():
    return {"badges": [Badge(level).label() for level in LEVELS]}


@bp.get("/leaderboard")
def leaderboard():
    members = db.session.scalars(sa.select(Member).limit(10)).all()
    board = []
    for member in members:
        board.append({"handle": member.handle, "reviews": member.review_count()})
    return {"board": board}
