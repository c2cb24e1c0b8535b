# expect: design:cors-wildcard-credentials@15, design:environment-read@15, design:praise-pagination@20, design:unvalidated-request-body@32, design:ownership-unclear@40
"""A Flask JSON API for shared notes, called from the team's single-page app."""

import os

from flask import Flask, abort, g, jsonify, request
from flask_cors import CORS

from notes.auth import login_required
from notes.models import Note, db

MAX_NOTES = 200

app = Flask(__name__)
CORS(app, origins=os.environ.get("ALLOWED_ORIGINS", "*"), supports_credentials=True)


@app.route("/api/notes")
@login_required
def list_notes():
    limit = request.args.get("limit", 50, type=int)
    query = Note.query.filter_by(team_id=g.user.team_id).order_by(Note.updated_at.desc())
    return jsonify([n.to_dict() for n in query.limit(min(limit, MAX_NOTES))])


@app.route("/api/notes/<int:note_id>", methods=["PUT"])
@login_required
def update_note(note_id):
    note = Note.query.get_or_404(note_id)
    if note.user_id != g.user.id:
        abort(403)
    note.body = request.get_json()["body"]
    db.session.commit()
    return jsonify(note.to_dict())


@app.route("/api/notes/<int:note_id>", methods=["DELETE"])
@login_required
def delete_note(note_id):
    note = Note.query.get_or_404(note_id)
    db.session.delete(note)
    db.session.commit()
    return "", 204
