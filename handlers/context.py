"""What a handler works with for one command: the unit of work and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from config import Settings
from handlers.i18n import Translate, format_moment, translator
from handlers.reply import Notice
from storage import audit
from storage.models import Member
from storage.search import NameIndex

if TYPE_CHECKING:
    from handlers.registry import Registry


class Refusal(Exception):
    """A clear, translated answer to bad input; the unit of work is rolled back.

    `argument` names the part of the command at fault ("customer", "followup"), so a form
    can show the answer on its field.
    """

    def __init__(self, message: str, *, argument: str | None = None, **data: object) -> None:
        super().__init__(message)
        self.message = message
        self.argument = argument
        self.data = data


class Links(Protocol):
    """Platform links a handler may hand out; the edges (bot/) know their shapes."""

    def invite(self, code: str) -> str | None: ...


class NoLinks:
    def invite(self, code: str) -> str | None:
        return None


@dataclass
class Context:
    session: Session
    member: Member
    settings: Settings
    names: NameIndex
    now: datetime
    registry: Registry
    platform: str = "console"
    channel: str | None = None
    links: Links = field(default_factory=NoLinks)
    notices: list[Notice] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Audit entries of this unit of work carry the command's moment."""
        self.session.info[audit.NOW] = self.now

    @property
    def t(self) -> Translate:
        return translator(self.member.language)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.member.timezone)

    def moment(self, value: datetime) -> str:
        """A stored UTC moment as this member reads it."""
        return format_moment(value, self.member.language, self.zone)

    def local_iso(self, value: datetime) -> str:
        return value.astimezone(self.zone).isoformat()
