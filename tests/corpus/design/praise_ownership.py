# expect: design:praise-annotated@1, design:praise-ownership-check@24
"""Notes of the signed-in user: each route that changes a note checks whose it is."""

import uuid

from fastapi import APIRouter, HTTPException, status
from sqlmodel import select

from notes.deps import CurrentUser, SessionDep
from notes.models import Note

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("/{note_id}")
def read_note(note_id: uuid.UUID, session: SessionDep, current_user: CurrentUser) -> Note:
    note = session.get(Note, note_id)
    if note is None or note.owner_id != current_user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Note not found")
    return note


@router.patch("/{note_id}/pin")
def pin_note(
    note_id: uuid.UUID,
    session: SessionDep,
    current_user: CurrentUser,
) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Note not found")
    if note.owner_id != current_user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Not your note")
    note.pinned = True
    session.add(note)
    session.commit()
    return note


@router.delete("/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: uuid.UUID, session: SessionDep, current_user: CurrentUser) -> None:
    statement = select(Note).where(Note.id == note_id)
    note = session.exec(
        statement.where(Note.owner_id == current_user.id)
    ).first()
    if note is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Note not found")
    session.delete(note)
    session.commit()
