"""Rewrites for the access rules, made on small Django files reviewed for real: the change
parses, keeps the user's names, and the rule no longer fires once it is made."""

from __future__ import annotations

import ast
from pathlib import Path

from reviewer.suggestions.base import applied
from tests.test_suggestions import ours, rules_of

VIEWS = """\
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt


class Note(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.TextField()


@login_required
def edit_note(request, note_id):
    note = get_object_or_404(Note, pk=note_id)
    note.text = request.POST["text"]
    note.save()
    return redirect("notes:index")


@login_required
@csrf_exempt
def star_note(request):
    Note.objects.filter(owner=request.user).update(text="*")
    return JsonResponse({"ok": True})
"""


def test_a_django_record_is_loaded_through_its_owner(tmp_path: Path) -> None:
    suggestion, _ = ours(tmp_path / "project", "views.py", VIEWS, "missing-ownership-check")
    assert suggestion is not None
    assert suggestion.before == "    note = get_object_or_404(Note, pk=note_id)"
    assert suggestion.after == "    note = get_object_or_404(Note, pk=note_id, owner=request.user)"
    assert not suggestion.safe
    fixed = applied(VIEWS, suggestion)
    ast.parse(fixed)
    assert "missing-ownership-check" not in rules_of(tmp_path / "after", "views.py", fixed)


def test_the_csrf_exemption_is_taken_off(tmp_path: Path) -> None:
    suggestion, _ = ours(tmp_path / "project", "views.py", VIEWS, "csrf-exempt-state-change")
    assert suggestion is not None
    assert (suggestion.line, suggestion.before, suggestion.after) == (23, "@csrf_exempt", "")
    fixed = applied(VIEWS, suggestion)
    ast.parse(fixed)
    assert "csrf-exempt-state-change" not in rules_of(tmp_path / "after", "views.py", fixed)


def test_no_rewrite_where_the_owner_is_not_a_key_to_the_user(tmp_path: Path) -> None:
    text = VIEWS.replace(
        "owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)",
        "owner_id = models.IntegerField()",
    )
    suggestion, comment = ours(tmp_path / "project", "views.py", text, "missing-ownership-check")
    assert comment.rule.id == "missing-ownership-check"
    assert suggestion is None
