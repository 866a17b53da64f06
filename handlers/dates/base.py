"""What every day rule shares: the day it returns, what it reads from, and its errors."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_YEAR = 1970
LAST_YEAR = 2999
"""An explicit year outside these is a typo, not a plan."""


class NoMomentError(Exception):
    """A rule recognised the phrase, but its numbers name no moment: "32.13.", "25 Uhr"."""


class AmbiguousDateError(NoMomentError):
    """A date that reads two ways ("12/3": 12 March or 3 December). `readings` are the two
    ways, written as German dates ("12.3.", "3.12."), for the member to choose from."""

    def __init__(self, text: str, readings: tuple[str, str]) -> None:
        super().__init__(text)
        self.readings = readings


@dataclass(frozen=True)
class Base:
    """What a day is read against: today in the member's zone, the public holidays of
    `region` ("DE", "DE-BY"), and whether 12/3 puts the month first (US English)."""

    today: date
    region: str = "DE"
    month_first: bool = False


@dataclass(frozen=True)
class Day:
    """A calendar day a phrase names.

    `roll` (1 or 7 days) moves the day on, once, when its moment has already passed: "10 Uhr"
    at 11:00 is tomorrow, "Freitag" on a Friday afternoon is next Friday. A day named outright
    ("heute", "3.12.2026", "Ende des Monats") never rolls: if it has passed, it is past.
    """

    day: date
    roll: int = 0


def monday(today: date, weeks: int = 0) -> date:
    """Monday of this week, or of `weeks` weeks later."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day if it has none."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def in_month(year: int, month: int, position: str) -> date:
    """The 1st, the 15th or the last day of a month."""
    last = monthrange(year, month)[1]
    return date(year, month, {"start": 1, "middle": 15, "end": last}[position])


def written_year(text: str) -> int:
    """A written year: "26" is 2026; "1066" is refused."""
    year = int(text)
    year = 2000 + year if len(text) == 2 else year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoMomentError(text)
    return year


def next_weekday(weekday: int, today: date) -> Day:
    """A bare weekday: today if it is that day (rolling a week once its moment passed)."""
    return Day(today + timedelta(days=(weekday - today.weekday()) % 7), roll=7)


def iso_week_monday(week: int, today: date, text: str) -> date:
    """Monday of ISO week `week` of this year, or of next year once that week is over;
    while it runs, its own Monday (which may have passed: the caller refuses it then)."""
    this_year = today.isocalendar().year
    for year in (this_year, this_year + 1):
        try:
            first = date.fromisocalendar(year, week, 1)
        except ValueError:  # no week 53 that year
            continue
        if first + timedelta(days=6) >= today:
            return first
    raise NoMomentError(text)
