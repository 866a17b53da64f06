"""Fixed moments and small helpers shared by the date-phrase tests."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import DateError, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)  # ISO week 48
FRIDAY_EVENING = datetime(2026, 11, 27, 18, 30, tzinfo=BERLIN)
FRIDAY_MORNING = datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN)
LAST_OF_MONTH = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)  # a Monday
NEW_YEARS_EVE = datetime(2026, 12, 31, 10, 0, tzinfo=BERLIN)  # a Thursday, ISO week 53
BEFORE_SUMMER_TIME = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)  # Saturday; clocks go +1h
BEFORE_WINTER_TIME = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)  # Saturday; clocks go -1h


def local(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    """A written local time, "2026-11-24 10:00", as an aware datetime in `zone`."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def reason(phrase: str, now: datetime = MONDAY) -> str:
    with pytest.raises(DateError) as caught:
        parse_when(phrase, now=now, tz=BERLIN)
    return caught.value.reason
