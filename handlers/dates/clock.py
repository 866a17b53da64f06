"""Times of day: "10 Uhr", "um 10:30", "14:30", "3pm", "7 Uhr abends", "mittags", "COB",
and the German clock idioms "halb vier", "viertel nach acht", "dreiviertel neun",
"zehn vor zwölf" (English: "half past three", "quarter to twelve").

Number words are digits by now ("halb 4"). An hour from 1 to 6 said without "Uhr", am/pm
or a leading zero is in the afternoon, as people mean it at work: "um 3", "halb vier" and
"morgen 5:30" are 15:00, 15:30 and 17:30; "3 Uhr", "3am" and "03:00" are 03:00.
"""

from __future__ import annotations

import re
from datetime import time

from handlers.dates.base import NoMomentError
from handlers.dates.parts import AFTERNOON_PARTS, PARTS_OF_DAY
from handlers.dates.words import WEEKDAYS, alternation

_PART = alternation(PARTS_OF_DAY)
_MORNING_AFTER = frozenset({*WEEKDAYS, "heute", "gestern"})
"""The words after which "morgen" is the morning: "Freitag morgen", "heute morgen"."""
_FRAME = re.compile(
    rf"(?:(?P<before>{_PART}) )?(?:(?P<pre>um|at|gegen|ab|bis|by|kurz vor|kurz nach) )?"
    rf"(?P<core>.+?)(?: (?P<after>{_PART}))?"
)
_DIGITS = re.compile(
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"(?: ?(?P<suffix>uhr|h|am|pm|a\.m\.?|p\.m\.?))?"
)
_IDIOMS = (
    (re.compile(r"halb (?P<h>\d{1,2})"), -1, 30, 0),
    (re.compile(r"half past (?P<h>\d{1,2})"), 0, 30, 0),
    (re.compile(r"(?:viertel nach|quarter past|quarter after) (?P<h>\d{1,2})"), 0, 15, 0),
    (re.compile(r"(?:viertel vor|quarter to|quarter before) (?P<h>\d{1,2})"), -1, 45, 0),
    (re.compile(r"dreiviertel (?P<h>\d{1,2})"), -1, 45, 0),
    (re.compile(r"viertel (?P<h>\d{1,2})"), -1, 15, 0),
    (re.compile(r"(?P<m>\d{1,2}) (?:nach|past|after) (?P<h>\d{1,2})"), 0, 0, 1),
    (re.compile(r"(?P<m>\d{1,2}) (?:vor|to|before) (?P<h>\d{1,2})"), -1, 60, -1),
    (re.compile(r"(?P<m>\d{1,2}) nach halb (?P<h>\d{1,2})"), -1, 30, 1),
    (re.compile(r"(?P<m>\d{1,2}) vor halb (?P<h>\d{1,2})"), -1, 30, -1),
)
"""(pattern, hours to add to the hour named, minute, sign of the minutes given): "halb 4"
is 3:30, "10 vor 12" is 11:50, "5 nach halb 8" is 7:35, "dreiviertel 9" is 8:45."""
_PART_ALONE = re.compile(rf"(?:(?:am|in the|this|zu|gegen|um|at|bis|by) )?(?P<part>{_PART})")


def _idiom(core: str) -> tuple[int, int] | None:
    """(hour, minute) of a clock idiom, or None; the hour is 0-23, before the afternoon
    rule. Raises NoMomentError for an idiom with impossible numbers ("halb 25")."""
    core = core.removesuffix(" uhr")
    for pattern, shift, minute, sign in _IDIOMS:
        match = pattern.fullmatch(core)
        if match is None:
            continue
        named = int(match["h"])
        given = int(match["m"]) if sign else 0
        if not 1 <= named <= 24 or (sign and not 1 <= given < 30):
            raise NoMomentError(core)
        return (named + shift) or 12, minute + sign * given  # "halb 1" is 12:30
    return None


def read_clock(text: str, *, day_before: str) -> time | None:
    """10 Uhr, um 10:30, 14:30, 3pm, at 15:30, 7 Uhr abends, halb vier, mittags, COB.

    `day_before` is the day part the time follows ("" if none). A bare number is an hour
    only after "um"/"at" or right after a day ("morgen 10"); "14.30" needs "Uhr" (it would
    be a date otherwise). "morgen" is the morning only after a weekday or "heute"
    ("Freitag morgen"); anywhere else it is tomorrow.
    """
    morning_ok = day_before.rpartition(" ")[2] in _MORNING_AFTER
    alone = _PART_ALONE.fullmatch(text)
    if alone is not None:
        if alone["part"] == "morgen" and not morning_ok:
            return None
        return PARTS_OF_DAY[alone["part"]]
    frame = _FRAME.fullmatch(text)
    if frame is None or (frame["before"] and frame["after"]):
        return None
    part_word = frame["before"] or frame["after"]
    if part_word == "morgen" and not morning_ok:
        return None
    idiom = _idiom(frame["core"])
    if idiom is not None:
        return _placed(*idiom, part_word, explicit=False, text=text)
    match = _DIGITS.fullmatch(frame["core"])
    if match is None:
        return None
    suffix = (match["suffix"] or "").replace(".", "")
    if match["sep"] == "." and suffix not in ("uhr", "h"):
        return None
    if not (frame["pre"] or suffix or match["sep"] or part_word or day_before):
        return None
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if minute > 59 or second > 59:
        raise NoMomentError(text)
    if suffix in ("am", "pm"):
        if part_word or not 1 <= hour <= 12:
            raise NoMomentError(text)
        return time(hour % 12 + (12 if suffix == "pm" else 0), minute, second)
    explicit = bool(suffix) or match["h"].startswith("0")
    return _placed(hour, minute, part_word, explicit=explicit, text=text, second=second)


def _placed(
    hour: int,
    minute: int,
    part_word: str | None,
    *,
    explicit: bool,
    text: str,
    second: int = 0,
) -> time:
    """The hour placed in its part of the day ("7 Uhr abends" is 19:00, "1 Uhr mittags"
    13:00), or in the afternoon when it is 1-6 and not written as a clock time."""
    if hour > 23:
        raise NoMomentError(text)
    if part_word:
        part = PARTS_OF_DAY[part_word]
        if part in AFTERNOON_PARTS:
            hour = hour + 12 if hour < 12 else hour
        elif part.hour == 12:
            hour = hour + 12 if hour < 6 else hour
        elif hour >= 12:  # "15 Uhr morgens"
            raise NoMomentError(text)
    elif not explicit and 1 <= hour <= 6:
        hour += 12
    if hour > 23:
        raise NoMomentError(text)
    return time(hour, minute, second)
