"""Files members sent the bot, kept until a button press acts on them (at most a day)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.models import Upload

UPLOAD_HOURS = 24


def keep(session: Session, member_id: int, filename: str, data: bytes, now: datetime) -> int:
    """Store a file (pruning expired ones first); returns its id."""
    session.execute(delete(Upload).where(Upload.created_at < now - timedelta(hours=UPLOAD_HOURS)))
    upload = Upload(member_id=member_id, filename=filename[:200], data=data, created_at=now)
    session.add(upload)
    session.flush()
    return upload.id


def of_member(session: Session, upload_id: int, member_id: int) -> Upload | None:
    """The member's own upload; another member's is as good as missing."""
    upload = session.get(Upload, upload_id)
    return upload if upload is not None and upload.member_id == member_id else None


def discard(session: Session, upload: Upload) -> None:
    session.delete(upload)


def discard_all(session: Session) -> None:
    session.execute(delete(Upload))
