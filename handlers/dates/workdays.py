"""Working days: Monday to Friday except the public holidays of the team's region.

The region is the setting `CRM_HOLIDAYS`: a country ("DE") or a country and a subdivision
("DE-BY"), as the `holidays` package names them. Its calendars are built once per region
and year and kept (a bounded cache), so a long-running bot does not rebuild them per phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

MAX_WORKING_DAYS = 260
"""The most working days an offset may count ("in 3 Werktagen"): about a year."""


@lru_cache(maxsize=64)
def _calendar(region: str, year: int, language: str) -> holidays.HolidayBase:
    country, _, subdivision = region.upper().partition("-")
    return holidays.country_holidays(
        country, subdiv=subdivision or None, years=year, language=language
    )


def holiday_name(day: date, region: str, language: str = "en_US") -> str | None:
    """The public holiday on `day` in `region`, in `language` where the package has it."""
    name = _calendar(region, day.year, language).get(day)
    return None if name is None else str(name)


def is_working_day(day: date, region: str) -> bool:
    return day.weekday() < 5 and holiday_name(day, region) is None


def next_working_day(day: date, region: str) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day, region):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int, region: str) -> date:
    """`count` working days after `day`: "in 3 Werktagen" on a Friday is Wednesday."""
    for _ in range(count):
        day = next_working_day(day, region)
    return day


@dataclass(frozen=True)
class DayOff:
    """A moment on a day nobody works: why (`holiday` is its name, None on a weekend), and
    the same time of day on the next working day, which a reply may offer instead."""

    holiday: str | None
    next_working: datetime


def working_day_note(
    moment: datetime, tz: ZoneInfo, region: str, language: str = "en"
) -> DayOff | None:
    """None if `moment` falls on a working day in `tz`; otherwise why not, and the next
    working day at the same wall-clock time (as an aware UTC datetime).

    `language` names the holiday ("de": "Karfreitag", "en": "Good Friday").
    """
    local = moment.astimezone(tz)
    if is_working_day(local.date(), region):
        return None
    name = holiday_name(local.date(), region, "de" if language == "de" else "en_US")
    later = next_working_day(local.date(), region)
    wall = time(local.hour, local.minute)
    return DayOff(name, datetime.combine(later, wall, tzinfo=tz).astimezone(UTC))
