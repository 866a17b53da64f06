"""Base, naming and the words stored for kinds and statuses."""

from __future__ import annotations

from sqlalchemy import (
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RELATIONSHIPS = ("customer", "prospect", "supplier", "partner", "investor", "press", "other")
ACTIVITY_KINDS = ("call", "meeting", "visit", "email", "note", "complaint")
FOLLOWUP_STATUSES = ("open", "done", "cancelled", "paused")
"""`paused`: its customer is deleted; restoring the customer opens it again."""
DEAL_STATUSES = ("open", "won", "lost")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
