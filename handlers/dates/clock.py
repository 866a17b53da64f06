"""Times of day: "10 Uhr", "um 10:30", "14:30", "3pm", "7 Uhr abends", "mittags", "noon"."""

from __future__ import annotations

import re
from datetime import time

from handlers.dates.days import NoMomentError
from handlers.dates.words import AFTERNOON, EVENING, NOON, PARTS_OF_DAY, WEEKDAYS, alternation

_PART = alternation(PARTS_OF_DAY)
_MORNING_AFTER = frozenset({*WEEKDAYS, "heute", "gestern"})
"""The words after which "morgen" is the morning: "Freitag morgen", "heute morgen"."""
_CLOCK = re.compile(
    rf"(?:(?P<before>{_PART}) )?(?:(?P<pre>um|at|gegen|ab) )?"
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"(?: ?(?P<suffix>uhr|h|am|pm|a\.m\.?|p\.m\.?))?"
    rf"(?: (?P<after>{_PART}))?"
)
_PART_ALONE = re.compile(rf"(?:(?:am|in the|this|zu|gegen|um|at) )?(?P<part>{_PART})")


def read_clock(text: str, *, day_before: str) -> time | None:
    """10 Uhr, um 10:30, 14:30, 3pm, at 15:30, 7 Uhr abends, mittags, noon, in the evening.

    `day_before` is the day part the time follows ("" if none). A bare number is an hour
    only after "um"/"at" or right after a day ("morgen 10"); "14.30" needs "Uhr" (it would
    be a date otherwise). An hour from 1 to 6 written without "Uhr", am/pm or a leading
    zero is in the afternoon, as people mean it at work: "um 3" and "morgen 5:30" are 15:00
    and 17:30; "3 Uhr", "3am" and "03:00" are 03:00. "morgen" is the morning only after a
    weekday or "heute" ("Freitag morgen"); anywhere else it is tomorrow.
    """
    after_day = bool(day_before)
    morning_ok = day_before.rpartition(" ")[2] in _MORNING_AFTER
    match = _CLOCK.fullmatch(text)
    if match is None:
        alone = _PART_ALONE.fullmatch(text)
        if alone is None or (alone["part"] == "morgen" and not morning_ok):
            return None
        return PARTS_OF_DAY[alone["part"]]
    if match["before"] and match["after"]:
        return None
    part_word = match["before"] or match["after"]
    if part_word == "morgen" and not morning_ok:
        return None
    suffix = (match["suffix"] or "").replace(".", "")
    if match["sep"] == "." and suffix not in ("uhr", "h"):
        return None
    if not (match["pre"] or suffix or match["sep"] or part_word or after_day):
        return None
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if minute > 59 or second > 59:
        raise NoMomentError(text)
    if suffix in ("am", "pm"):
        if part_word or not 1 <= hour <= 12:
            raise NoMomentError(text)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif hour > 23:
        raise NoMomentError(text)
    elif part_word:
        hour = _in_part_of_day(hour, PARTS_OF_DAY[part_word], text)
    elif not suffix and 1 <= hour <= 6 and not match["h"].startswith("0"):
        hour += 12
    return time(hour, minute, second)


def _in_part_of_day(hour: int, part: time, text: str) -> int:
    """7 Uhr abends is 19:00, 3 Uhr nachmittags 15:00, 1 Uhr mittags 13:00."""
    if part in (AFTERNOON, EVENING):
        return hour + 12 if hour < 12 else hour
    if part == NOON:
        return hour + 12 if hour < 6 else hour
    if hour >= 12:  # "15 Uhr morgens"
        raise NoMomentError(text)
    return hour
