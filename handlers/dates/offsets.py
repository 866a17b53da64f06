"""Amounts of time from now: "in 3 Tagen", "in anderthalb Stunden", "vor 2 Tagen",
"in drei Werktagen", "am nächsten Arbeitstag", and the short forms "+3d", "+2h", "+30m",
"+1w"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from handlers.dates.base import Base, Day, NoMomentError, add_months
from handlers.dates.words import STEPS, UNITS, alternation
from handlers.dates.workdays import MAX_WORKING_DAYS, add_working_days

_UNIT = alternation(UNITS)
_COUNT = r"(?P<n>\d{1,4}(?:[,.]5)?)"
_OFFSETS = (
    (re.compile(rf"in {_COUNT} (?P<unit>{_UNIT})"), 1),
    (re.compile(rf"{_COUNT} (?P<unit>{_UNIT}) (?:from now|from today|later|spaeter)"), 1),
    (re.compile(rf"vor {_COUNT} (?P<unit>{_UNIT})"), -1),
    (re.compile(rf"{_COUNT} (?P<unit>{_UNIT}) ago"), -1),
)
_SHORT = re.compile(r"\+(?P<n>\d{1,4}) ?(?P<unit>min|m|h|d|w)")
_SHORT_UNITS = {"min": "minutes", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_EXACT_UNITS = frozenset({"minutes", "hours"})


def offset(text: str) -> tuple[float, str] | None:
    """A count and a unit: "in 3 Tagen" is (3, "days"), "vor 2 Stunden" (-2, "hours"),
    "in 1,5 Stunden" (1.5, "hours"). Half days, weeks or months name no moment."""
    for pattern, sign in _OFFSETS:
        match = pattern.fullmatch(text)
        if match:
            count = float(match["n"].replace(",", "."))
            unit = UNITS[match["unit"]]
            if not count.is_integer() and unit not in _EXACT_UNITS:
                raise NoMomentError(text)
            return sign * count, unit
    return None


def exact_offset(text: str, now: datetime) -> datetime | None:
    """in 2 Stunden, in 30 Minuten, in anderthalb Stunden, +2h, +30m: exactly that much
    later, across any DST change. "+3d" and "+1w" keep the time of day of now."""
    short = _SHORT.fullmatch(text)
    if short:
        unit, whole = _SHORT_UNITS[short["unit"]], int(short["n"])
        if unit in _EXACT_UNITS:
            return now.astimezone(UTC) + timedelta(**{unit: whole})
        days = whole * (7 if unit == "weeks" else 1)
        wall = now.replace(tzinfo=None) + timedelta(days=days)
        return wall.replace(tzinfo=now.tzinfo)
    found = offset(text)
    if found is not None and found[1] in _EXACT_UNITS:
        return now.astimezone(UTC) + timedelta(**{found[1]: found[0]})
    return None


def offset_day(text: str, base: Base) -> Day | None:
    """in 3 Tagen, in einer Woche, in 2 months: that calendar day (09:00 unless a time
    follows). Minutes and hours are exact moments, read by `exact_offset`."""
    found = offset(text)
    if found is None or found[1] in _EXACT_UNITS:
        return None
    count, unit = int(found[0]), found[1]
    if unit in ("days", "weeks"):
        return Day(base.today + timedelta(days=count * (7 if unit == "weeks" else 1)))
    return Day(add_months(base.today, count * (12 if unit == "years" else 1)))


_WORK = r"(?:werktag|werktage|werktagen|arbeitstag|arbeitstage|arbeitstagen)"
_WORKING_OFFSET = (
    re.compile(rf"in (?P<n>\d{{1,3}}) {_WORK}"),
    re.compile(rf"(?P<n>\d{{1,3}}) {_WORK} (?:from now|from today|later|spaeter)"),
)
_NEXT_WORKING = re.compile(rf"(?:{alternation(k for k, v in STEPS.items() if v == 1)}) {_WORK}")


def working_days(text: str, base: Base) -> Day | None:
    """in drei Werktagen, in 3 business days, am nächsten Arbeitstag, next working day:
    counted in working days from today, skipping weekends and the region's holidays."""
    if _NEXT_WORKING.fullmatch(text):
        return Day(add_working_days(base.today, 1, base.region))
    for pattern in _WORKING_OFFSET:
        match = pattern.fullmatch(text)
        if match:
            count = int(match["n"])
            if not 0 < count <= MAX_WORKING_DAYS:
                raise NoMomentError(text)
            return Day(add_working_days(base.today, count, base.region))
    return None
