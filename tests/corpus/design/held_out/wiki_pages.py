# expect: design:unvalidated-request-body@52, design:hidden-clock@53, design:missing-ownership-check@61, design:sensitive-fields-exposed@71
"""A team wiki on Flask: pages anyone on the team can read, drafts only their author edits."""

from datetime import datetime, timezone

from flask import Blueprint, abort, g, jsonify, request
from flask_sqlalchemy import SQLAlchemy

from wiki.auth import login_required

db = SQLAlchemy()
bp = Blueprint("pages", __name__, url_prefix="/api/pages")


class Writer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    email = db.Column(db.String(255))
    password_digest = db.Column(db.String(128))
    session_token = db.Column(db.String(64))

    def as_dict(self):
        return {"id": self.id, "name": self.name}


class Page(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("writer.id"))
    title = db.Column(db.String(200))
    body = db.Column(db.Text)
    published = db.Column(db.Boolean, default=False)
    updated_at = db.Column(db.DateTime)

    def as_dict(self):
        return {"id": self.id, "title": self.title, "body": self.body}


@bp.get("/<int:page_id>")
def read_page(page_id):
    page = db.get_or_404(Page, page_id)
    if not page.published:
        abort(404)
    return jsonify(page.as_dict())


@bp.put("/<int:page_id>")
@login_required
def edit_page(page_id):
    page = db.get_or_404(Page, page_id)
    if page.author_id != g.user.id:
        abort(403)
    page.body = request.json["body"]
    page.updated_at = datetime.now(timezone.utc)
    db.session.commit()
    return jsonify(page.as_dict())


@bp.post("/<int:page_id>/publish")
@login_required
def publish_page(page_id):
    page = db.get_or_404(Page, page_id)
    page.published = True
    db.session.commit()
    return jsonify(page.as_dict())


@bp.get("/writers/<int:writer_id>")
@login_required
def writer_profile(writer_id):
    writer = db.get_or_404(Writer, writer_id)
    return jsonify(writer.__dict__)


@bp.get("/writers/<int:writer_id>/card")
def writer_card(writer_id):
    return jsonify(db.get_or_404(Writer, writer_id).as_dict())
