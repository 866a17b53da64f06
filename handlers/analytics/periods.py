"""Calendar periods in the member's own zone: this week, last month, the year to date.

A current period runs from its first midnight to now; `last month` and the like are whole.
Every figure compares with the whole calendar period before, so "this month so far" is set
against all of last month, as a sales manager reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

UNITS: Final = ("week", "month", "quarter", "year")
UNIT_WORDS: Final = {
    "week": "week", "woche": "week", "month": "month", "monat": "month",
    "quarter": "quarter", "quartal": "quarter", "year": "year", "jahr": "year",
}  # fmt: skip
LAST_WORDS: Final = frozenset({"last", "previous", "letzte", "letzter", "letztes", "vorige", "voriger", "voriges", "vergangene", "vergangener", "vergangenes"})  # fmt: skip
THIS_WORDS: Final = frozenset({"this", "current", "diese", "dieser", "dieses", "aktuelle", "aktueller", "aktuelles"})  # fmt: skip
MONTHS_IN: Final = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """`unit` counted `back` from the current one: 0 this one (to date), 1 the last one."""

    unit: str
    back: int = 0

    def line(self) -> str:
        return f"last {self.unit}" if self.back else self.unit


@dataclass(frozen=True)
class Window:
    """Moments `start` up to but not including `end` (aware, in the member's zone)."""

    start: datetime
    end: datetime


def read_period(words: list[str]) -> Period | None:
    """`month`, `last month`, `letzten Monat`, `quartal`; None when the words say no period."""
    folded = [word.lower() for word in words]
    back = 0
    if len(folded) == 2 and (folded[0] in LAST_WORDS or folded[0].rstrip("n") in LAST_WORDS):
        back, folded = 1, folded[1:]
    elif len(folded) == 2 and folded[0] in THIS_WORDS:
        folded = folded[1:]
    if len(folded) != 1 or folded[0] not in UNIT_WORDS:
        return None
    return Period(UNIT_WORDS[folded[0]], back)


def first_day(unit: str, day: date) -> date:
    """The first day of the week (Monday), month, quarter or year that holds `day`."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    month = day.month - (day.month - 1) % MONTHS_IN[unit]
    return date(day.year, month, 1)


def shift(unit: str, day: date, count: int) -> date:
    """The first day `count` units after (or before) the first day `day`."""
    if unit == "week":
        return day + timedelta(weeks=count)
    months = day.year * 12 + day.month - 1 + count * MONTHS_IN[unit]
    return date(months // 12, months % 12 + 1, 1)


def windows(period: Period, now: datetime, zone: ZoneInfo) -> tuple[Window, Window]:
    """The period asked for and the whole one before it, each as moments in `zone`."""
    start = shift(period.unit, first_day(period.unit, now.astimezone(zone).date()), -period.back)
    end = midnight(shift(period.unit, start, 1), zone) if period.back else now.astimezone(zone)
    before = shift(period.unit, start, -1)
    current = Window(midnight(start, zone), end)
    return current, Window(midnight(before, zone), midnight(start, zone))


def trail(unit: str, count: int, now: datetime, zone: ZoneInfo) -> list[Window]:
    """The last `count` periods of a unit up to now, oldest first, the current one to date."""
    current = first_day(unit, now.astimezone(zone).date())
    starts = [shift(unit, current, -back) for back in range(count - 1, -1, -1)]
    ends = [midnight(shift(unit, start, 1), zone) for start in starts[:-1]]
    return [
        Window(midnight(start, zone), end)
        for start, end in zip(starts, [*ends, now.astimezone(zone)], strict=True)
    ]


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)
