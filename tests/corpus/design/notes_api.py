# expect: design:praise-annotated@1, design:missing-ownership-check@71, design:ownership-unclear@83, design:sensitive-fields-exposed@93, design:sensitive-fields-exposed@99, design:missing-ownership-check@106, design:missing-record-500@106
"""A FastAPI service for shared notes: each note belongs to the user who wrote it."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from sqlmodel import Field, Session, SQLModel, select

from notes_deps import get_current_user, get_session, require_admin
from notes_storage import Attachment

router = APIRouter(prefix="/notes", tags=["notes"])


class Account(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(unique=True, index=True)
    hashed_password: str
    is_superuser: bool = False


class AccountPublic(SQLModel):
    id: uuid.UUID
    email: str


class Note(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    title: str
    body: str = ""
    owner_id: uuid.UUID = Field(foreign_key="account.id", nullable=False)


class NoteUpdate(SQLModel):
    title: str | None = None
    body: str | None = None


SessionDep = Annotated[Session, Depends(get_session)]
CurrentAccount = Annotated[Account, Depends(get_current_user)]


@router.get("/{note_id}", response_model=Note)
def read_note(note_id: uuid.UUID, session: SessionDep, current_user: CurrentAccount) -> Any:
    note = session.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404, detail="Note not found")
    if note.owner_id != current_user.id and not current_user.is_superuser:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Not your note")
    return note


@router.put("/{note_id}", response_model=Note)
def update_note(
    note_id: uuid.UUID, body: NoteUpdate, session: SessionDep, current_user: CurrentAccount
) -> Any:
    note = session.exec(
        select(Note).where(Note.id == note_id, Note.owner_id == current_user.id)
    ).first()
    if note is None:
        raise HTTPException(status_code=404, detail="Note not found")
    note.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(note)
    session.commit()
    return note


@router.delete("/{note_id}")
def delete_note(note_id: uuid.UUID, session: SessionDep, current_user: CurrentAccount) -> dict:
    note = session.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404, detail="Note not found")
    session.delete(note)
    session.commit()
    return {"deleted": str(note_id)}


@router.delete("/attachments/{attachment_id}")
def delete_attachment(
    attachment_id: uuid.UUID, session: SessionDep, current_user: CurrentAccount
) -> dict:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise HTTPException(status_code=404, detail="Attachment not found")
    session.delete(attachment)
    session.commit()
    return {"deleted": str(attachment_id)}


@router.get("/accounts/me")
def read_me(current_user: CurrentAccount) -> Any:
    return current_user


@router.get("/accounts/{account_id}")
def read_account(account_id: uuid.UUID, session: SessionDep) -> Any:
    account = session.get(Account, account_id)
    return account


@router.patch("/accounts/{account_id}", response_model=AccountPublic)
def rename_account(
    account_id: uuid.UUID, email: str, session: SessionDep, current_user: CurrentAccount
) -> Any:
    account = session.get(Account, account_id)
    account.email = email
    session.add(account)
    session.commit()
    return account


@router.delete("/accounts/{account_id}", dependencies=[Depends(require_admin)])
def delete_account(account_id: uuid.UUID, session: SessionDep) -> dict:
    account = session.get(Account, account_id)
    session.delete(account)
    session.commit()
    return {"deleted": str(account_id)}


@router.get("/accounts/{account_id}/public", response_model=AccountPublic)
def read_account_public(account_id: uuid.UUID, session: SessionDep) -> Any:
    return session.get(Account, account_id)
