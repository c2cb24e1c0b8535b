"""The queries rewrites on small files reviewed for real: a lookup that answers 404 itself, or
a guard that raises the framework's 404, in place of a missing row's 500."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reviewer.suggestions.base import applied
from tests.test_suggestions import ours, rules_of

FLASK = """\
from flask import Blueprint

from app import db
from app.models import Ticket

bp = Blueprint("tickets", __name__)


@bp.route("/tickets/<int:ticket_id>")
def show(ticket_id):
{lookup}
    return {{"subject": ticket.subject}}
"""

# (file name, the view's text, what the changed lines read)
CASES = [
    (
        "routes.py",
        FLASK.format(lookup="    ticket = db.session.get(Ticket, ticket_id)"),
        "    ticket = db.get_or_404(Ticket, ticket_id)",
    ),
    (
        "routes.py",
        FLASK.format(lookup="    ticket = Ticket.query.filter_by(id=ticket_id).first()"),
        "    ticket = Ticket.query.filter_by(id=ticket_id).first_or_404()",
    ),
    (
        "routes.py",
        FLASK.format(lookup="    ticket = Ticket.query.get(ticket_id)"),
        "    ticket = Ticket.query.get_or_404(ticket_id)",
    ),
    (
        "api.py",
        "from fastapi import APIRouter, HTTPException\n\nrouter = APIRouter()\n\n\n"
        '@router.get("/tickets/{ticket_id}")\n'
        "def read_ticket(ticket_id: int, session: Session) -> dict[str, str]:\n"
        "    ticket = session.get(Ticket, ticket_id)\n"
        '    return {"subject": ticket.subject}\n',
        "    ticket = session.get(Ticket, ticket_id)\n"
        "    if ticket is None:\n"
        '        raise HTTPException(status_code=404, detail="ticket not found")',
    ),
    (
        "views.py",
        "from django.shortcuts import get_object_or_404, render\n\n\n"
        "def detail(request, slug):\n"
        "    post = Post.objects.get(slug=slug)\n"
        '    return render(request, "post.html", {"post": post})\n',
        "    post = get_object_or_404(Post, slug=slug)",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_the_lookup_answers_404(tmp_path: Path, name: str, text: str, expected: str) -> None:
    suggestion, _ = ours(tmp_path / "project", name, text, "missing-record-500")
    assert suggestion is not None
    assert suggestion.after == expected
    fixed = applied(text, suggestion)
    ast.parse(fixed)
    assert "missing-record-500" not in rules_of(tmp_path / "after", name, fixed)


def test_no_guard_for_django_get_without_the_shortcut(tmp_path: Path) -> None:
    text = (
        "from django.http import Http404\nfrom django.shortcuts import render\n\n\n"
        "def detail(request, slug):\n"
        "    post = Post.objects.get(slug=slug)\n"
        '    return render(request, "post.html", {"post": post})\n'
    )
    suggestion, _ = ours(tmp_path / "project", "views.py", text, "missing-record-500")
    assert suggestion is None
