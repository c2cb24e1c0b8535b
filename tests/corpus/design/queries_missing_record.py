# expect: design:missing-record-500@17, design:missing-record-500@23, design:missing-record-500@48, design:missing-record-500@60
"""Ticket views of the support desk: Flask for the agents, FastAPI for the customer API."""
import sqlalchemy as sa
from fastapi import APIRouter, HTTPException
from flask import Blueprint, abort, jsonify, render_template, request
from sqlmodel import Session, select

from desk import db
from desk.models import Comment, Ticket

bp = Blueprint("tickets", __name__)
router = APIRouter(prefix="/api/tickets")


@bp.route("/tickets/<int:ticket_id>")
def show_ticket(ticket_id):
    ticket = Ticket.query.filter_by(id=ticket_id).first()
    return render_template("ticket.html", ticket=ticket, subject=ticket.subject)


@bp.route("/tickets/<int:ticket_id>/close", methods=["POST"])
def close_ticket(ticket_id):
    ticket = db.session.get(Ticket, ticket_id)
    ticket.status = "closed"
    db.session.commit()
    return jsonify({"id": ticket.id, "status": ticket.status})


@bp.route("/tickets/<int:ticket_id>/assign", methods=["POST"])
def assign_ticket(ticket_id):
    ticket = db.get_or_404(Ticket, ticket_id)
    ticket.assignee = request.form["agent"]
    db.session.commit()
    return jsonify({"id": ticket.id})


@bp.route("/tickets/by-reference")
def ticket_by_reference():
    reference = request.args["ref"]
    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.reference == reference))
    if ticket is None:
        abort(404)
    return jsonify({"id": ticket.id, "subject": ticket.subject})


@bp.route("/comments/<int:comment_id>")
def show_comment(comment_id):
    comment = Comment.query.get(comment_id)
    return jsonify({"id": comment.id, "body": comment.body})


@bp.route("/tickets/latest")
def latest_ticket():
    ticket = Ticket.query.order_by(Ticket.created.desc()).first()
    return jsonify({"id": ticket.id if ticket else None})


@router.get("/{ticket_id}")
def read_ticket(ticket_id: int, session: Session) -> dict[str, object]:
    ticket = session.get(Ticket, ticket_id)
    return {"id": ticket.id, "subject": ticket.subject, "status": ticket.status}


@router.get("/{ticket_id}/comments")
def read_comments(ticket_id: int, session: Session) -> list[dict[str, object]]:
    ticket = session.get(Ticket, ticket_id)
    if not ticket:
        raise HTTPException(status_code=404, detail="Ticket not found")
    comments = session.exec(select(Comment).where(Comment.ticket_id == ticket.id)).all()
    return [{"id": c.id, "body": c.body} for c in comments]
