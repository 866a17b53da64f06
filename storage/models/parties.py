"""Companies and contacts, their tags and the name-change feed of the name index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    Base,
)
from storage.models.people import Member
from storage.types import UTCDateTime, utcnow

LIVE = text("deleted_at IS NULL")
"""The partial indexes of `list` (migration 0017) hold live parties only."""


class Party(Base):
    """A company or a contact: anyone the team keeps a relationship with."""

    __tablename__ = "parties"
    __table_args__ = (
        Index("ix_parties_search_key", "search_key"),
        Index("ix_parties_company_name", "company_id", "name"),
        Index("ix_parties_owner", "owner_id"),
        Index("ix_parties_core_key", "core_key"),
        Index("ix_parties_phone_e164", "phone_e164"),
        Index("ix_parties_email_key", "email_key"),
        *(
            Index(name, *columns, sqlite_where=LIVE, postgresql_where=LIVE)
            for name, columns in (
                ("ix_parties_live_key", ("search_key", "id", "deleted_at")),
                ("ix_parties_live_city", ("city_key", "search_key", "id", "deleted_at")),
                ("ix_parties_live_owner", ("owner_id", "search_key", "id", "deleted_at")),
                ("ix_parties_live_kind", ("relationship_kind", "search_key", "id", "deleted_at")),
            )
        ),
        Index("ix_parties_last_contact", "last_contact_at"),
        Index("ix_parties_created", "created_at", "owner_id", "relationship_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_type: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(200))
    relationship_kind: Mapped[str] = mapped_column(String(16), default="customer")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    core_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The folded name without legal forms (GmbH, AG, ...): "Müller GmbH" and "Müller AG"
    are one firm to a person, so adding the second asks first."""
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    email_key: Mapped[str | None] = mapped_column(String(200))
    city_key: Mapped[str | None] = mapped_column(String(120))
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The newest logged contact (notes aside), here or at a contact: `list quiet=90d`."""
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    """Set on a merged duplicate, which stays (deleted) so that its old name finds the target."""

    owner: Mapped[Member | None] = relationship()
    company: Mapped[Party | None] = relationship(
        remote_side=[id], back_populates="contacts", foreign_keys=[company_id]
    )
    contacts: Mapped[list[Party]] = relationship(
        back_populates="company", foreign_keys=[company_id]
    )

    __mapper_args__ = {"polymorphic_on": "party_type", "polymorphic_identity": "party"}


class Company(Party):
    __mapper_args__ = {"polymorphic_identity": "company"}


class Contact(Party):
    __mapper_args__ = {"polymorphic_identity": "contact"}


class PartyTag(Base):
    """One tag of one party, kept beside `Party.tags` so that `list tag=` reads an index."""

    __tablename__ = "party_tags"
    __table_args__ = (Index("ix_party_tags_tag", "tag", "party_id"),)

    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)


class PartyNameChange(Base):
    """The last change of each party's name, stamped by triggers (migration 0002).

    Written only by the database itself; each process's name index reads it to learn what
    other processes added, renamed or deleted since its last look (storage.search.feed).
    """

    __tablename__ = "party_name_changes"
    __table_args__ = (Index("ix_party_name_changes_stamp", "stamp"),)

    party_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(BigInteger)
