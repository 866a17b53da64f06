"""What a handler works with for one command: the unit of work and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from config import Settings
from handlers.i18n import Translate, format_moment, translator
from handlers.reply import Notice
from storage.models import Member
from storage.search import NameIndex

if TYPE_CHECKING:
    from handlers.registry import Registry


class Refusal(Exception):
    """A clear, translated answer to bad input; the unit of work is rolled back."""

    def __init__(self, message: str, **data: object) -> None:
        super().__init__(message)
        self.message = message
        self.data = data


@dataclass
class Context:
    session: Session
    member: Member
    settings: Settings
    names: NameIndex
    now: datetime
    registry: Registry
    platform: str = "console"
    notices: list[Notice] = field(default_factory=list)

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
