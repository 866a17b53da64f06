"""The rule layer: every phrase read without dateparser.

`parse` takes a prepared phrase (lower case, umlauts written out, number words as digits,
single spaces; see `prepare.py`) and returns an aware datetime, or None when no rule reads
the whole phrase, or raises `NoMomentError` when a rule knows its shape but its numbers name
no moment ("32.13.", "30.02.", "25 Uhr"): those never reach dateparser, which would read
"32.13." as 13 November 2032.

A phrase is a day (days.py) and a time of day (clock.py), either of which may be missing:
"morgen 10 Uhr", "Freitag", "14:30". `parse` tries every way to cut the phrase into a day
part and a time part (time last, then time first) and takes the first cut where both parts
are read, whole. A few phrases are exact moments as a whole: "in 2 Stunden", "+2h",
"jetzt", "heute", ISO 8601 with an offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from handlers.dates.base import Base, Day, NoMomentError
from handlers.dates.clock import read_clock
from handlers.dates.days import read_day
from handlers.dates.offsets import exact_offset
from handlers.dates.parts import MORNING
from handlers.dates.words import NOW_WORDS

_DAY_FILLERS = frozenset(
    {"am", "an", "on", "the", "den", "im", "bis", "by", "until", "till", "zum", "zur", "ab"}
    | {"fuer", "for", "spaetestens"}
)
"""Words before a day that change nothing: "am Freitag", "bis zum 3.12.", "on the 3rd"."""

_ISO_MOMENT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<zone>z|[+-]\d{2}:?\d{2})"
)
_TODAY = frozenset({"heute", "today"})


def _later_today(now: datetime) -> datetime:
    """ "heute" alone: today 09:00 while that is ahead, else the next full hour, if that
    is still today (from 23:00 on it is not, and "heute" is refused as passed)."""
    morning = datetime.combine(now.date(), MORNING, tzinfo=now.tzinfo)
    if morning >= now:
        return morning
    wall = now.replace(tzinfo=None, minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if wall.date() != now.date():
        return morning
    return wall.replace(tzinfo=now.tzinfo)


def _exact_moment(text: str, now: datetime) -> datetime | None:
    """jetzt/now, heute alone, in 2 Stunden, +2h, +3d, and ISO 8601 with an offset
    ("2026-12-03 14:00+01:00", as `crmbot chat --json` prints it)."""
    if text in NOW_WORDS:
        return now
    if text in _TODAY:
        return _later_today(now)
    found = exact_offset(text, now)
    if found is not None:
        return found
    match = _ISO_MOMENT.fullmatch(text)
    if match:
        zone = "+00:00" if match["zone"] == "z" else match["zone"]
        return datetime.fromisoformat(f"{match['date']}T{match['time']}{zone}")
    return None


def _strip_fillers(text: str) -> str:
    words = text.split(" ") if text else []
    while words and words[0] in _DAY_FILLERS:
        words.pop(0)
    return " ".join(words)


def _cuts(words: list[str]) -> Iterator[tuple[str, str, bool]]:
    """(day part, time part, time follows the day) for every way to cut the phrase."""
    yield " ".join(words), "", False
    count = len(words)
    for size in range(1, min(count, 6) + 1):  # "morgen | um 10 Uhr"
        yield " ".join(words[:-size]), " ".join(words[-size:]), True
    for size in range(1, min(count - 1, 6) + 1):  # "um 10 Uhr | am Freitag"
        yield " ".join(words[size:]), " ".join(words[:size]), False


def _at(day: Day, clock: time | None, now: datetime) -> datetime:
    """The day at the time (09:00 if none) in `now`'s zone, rolled on once if that moment
    has passed already."""
    wall = clock or MORNING
    zone = now.tzinfo
    moment = datetime.combine(day.day, wall, tzinfo=zone)
    if day.roll and moment.astimezone(UTC) < now.astimezone(UTC):
        moment = datetime.combine(day.day + timedelta(days=day.roll), wall, tzinfo=zone)
    return moment


def _read_cut(
    day_text: str, clock_text: str, now: datetime, base: Base, *, after: bool
) -> datetime | None:
    """One cut of a phrase: its day part and its time part both read, or None."""
    clock = read_clock(clock_text, day_before=day_text if after else "") if clock_text else None
    if clock_text and clock is None:
        return None
    if day_text:
        day = read_day(day_text, base)
    elif clock:
        day = Day(now.date(), roll=1)  # "10 Uhr": today, or tomorrow once 10:00 has passed
    else:
        return None
    return None if day is None else _at(day, clock, now)


def parse(text: str, now: datetime, base: Base) -> datetime | None:
    """The moment a prepared phrase names, as an aware datetime; None if no rule reads it.

    `now` is aware, in the member's zone, which is where wall-clock phrases are read; `base`
    carries today, the holiday region and the date order. Raises `NoMomentError` for a
    phrase of a known shape that names no moment (`AmbiguousDateError` for "12/3"). Past
    moments are returned as they are: the caller refuses them.
    """
    try:
        moment = _exact_moment(text, now)
    except (ValueError, OverflowError) as problem:
        raise NoMomentError(text) from problem
    if moment is not None:
        return moment
    invalid: NoMomentError | None = None
    for day_text, clock_text, after in _cuts(text.split(" ")):
        try:
            moment = _read_cut(_strip_fillers(day_text), clock_text, now, base, after=after)
        except NoMomentError as problem:  # 30.02., 25 Uhr, 12/3
            invalid = invalid or problem
            continue
        except (ValueError, OverflowError):  # the year 10000, ...
            invalid = invalid or NoMomentError(text)
            continue
        if moment is not None:
            return moment
    if invalid is not None:
        raise invalid
    return None
