"""Day rules: each reads a whole day part of a phrase ("morgen", "nächsten Freitag",
"3.12.", "KW 50", "Ende des Monats") as a `Day`, or returns None.

Phrases arrive prepared: lower case, umlauts written out, single spaces, fillers such as
"am" or "bis zum" already stripped from the front.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from handlers.dates.words import (
    MONTHS,
    NUMBERS,
    PERIODS,
    POSITIONS,
    RELATIVE_DAYS,
    STEPS,
    UNITS,
    WEEKDAYS,
    alternation,
)

FIRST_YEAR = 1970
LAST_YEAR = 2999
"""An explicit year outside these is a typo, not a plan."""


class NoMomentError(Exception):
    """A rule recognised the phrase, but its numbers name no moment: "32.13.", "25 Uhr"."""


@dataclass(frozen=True)
class Day:
    """A calendar day a phrase names.

    `roll` (1 or 7 days) moves the day on, once, when its moment has already passed: "10 Uhr"
    at 11:00 is tomorrow, "Freitag" on a Friday afternoon is next Friday. A day named outright
    ("heute", "3.12.2026", "Ende des Monats") never rolls: if it has passed, it is past.
    """

    day: date
    roll: int = 0


_WD = alternation(WEEKDAYS)
_MON = alternation(MONTHS)
_NUM = rf"(?:\d{{1,4}}|{alternation(NUMBERS)})"
_UNIT = alternation(UNITS)
_STEP = alternation(STEPS)
_POS = alternation(POSITIONS)
_PERIOD = alternation(PERIODS)
_ORD = r"(?:\.|st|nd|rd|th)"


def _monday(today: date, weeks: int = 0) -> date:
    """Monday of this week, or of `weeks` weeks later."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day if it has none."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _in_month(year: int, month: int, position: str) -> date:
    """The 1st, the 15th or the last day of a month."""
    last = monthrange(year, month)[1]
    return date(year, month, {"start": 1, "middle": 15, "end": last}[position])


def _year(text: str) -> int:
    """A written year: "26" is 2026; "1066" is refused."""
    year = int(text)
    year = 2000 + year if len(text) == 2 else year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoMomentError(text)
    return year


def _next_date(month: int, day: int, today: date) -> date:
    """The next `day`.`month`. (this year, or a later one), today included. 29.02. waits
    for a leap year; 30.02. is invalid."""
    for year in range(today.year, today.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise NoMomentError(f"{day}.{month}.")


def _next_weekday(weekday: int, today: date) -> Day:
    """A bare weekday: today if it is that day (rolling a week once its moment passed)."""
    return Day(today + timedelta(days=(weekday - today.weekday()) % 7), roll=7)


# ---------------------------------------------------------------------------------------
# Day rules: each reads a whole day part, or returns None.


def _relative_day(text: str, today: date) -> Day | None:
    """heute, morgen, übermorgen, gestern ..."""
    offset = RELATIVE_DAYS.get(text)
    return None if offset is None else Day(today + timedelta(days=offset))


_WEEKDAY = re.compile(rf"(?:(?P<step>{_STEP}) )?(?P<wd>{_WD})")


def _weekday(text: str, today: date) -> Day | None:
    """Freitag, diesen Freitag, nächsten Freitag, übernächsten Freitag, letzten Freitag.

    "nächsten Freitag" is the first Friday after today, so on a Monday it is this week's
    Friday (as most people and dateparser read "next friday"); it is never today.
    """
    match = _WEEKDAY.fullmatch(text)
    if match is None:
        return None
    weekday = WEEKDAYS[match["wd"]]
    step = STEPS[match["step"]] if match["step"] else 0
    if step == 0:
        return _next_weekday(weekday, today)
    if step < 0:
        return Day(today - timedelta(days=(today.weekday() - weekday) % 7 or 7))
    ahead = (weekday - today.weekday()) % 7 or 7
    return Day(today + timedelta(days=ahead + 7 * (step - 1)))


_WEEKDAY_IN_WEEK = (
    re.compile(rf"(?P<wd>{_WD}) (?:in )?(?:der )?(?P<step>{_STEP}) (?:woche|week)"),
    re.compile(rf"(?:in )?(?:der )?(?P<step>{_STEP}) (?:woche|week) (?:am |on )?(?P<wd>{_WD})"),
)


def _weekday_in_week(text: str, today: date) -> Day | None:
    """nächste Woche Dienstag, Dienstag nächste Woche, tuesday next week."""
    for pattern in _WEEKDAY_IN_WEEK:
        match = pattern.fullmatch(text)
        if match:
            monday = _monday(today, STEPS[match["step"]])
            return Day(monday + timedelta(days=WEEKDAYS[match["wd"]]))
    return None


_PERIOD_PHRASE = re.compile(
    rf"(?:(?P<pos>{_POS}) (?:des |der |of )?(?:the )?)?(?:in der |im )?"
    rf"(?:(?P<step>{_STEP}) )?(?P<period>{_PERIOD})"
)


def _period(text: str, today: date) -> Day | None:
    """nächste Woche, Ende des Monats, Anfang nächsten Monats, end of next month, next year.

    A week starts on Monday, has its middle on Wednesday and ends on Friday. "nächste Woche"
    alone is next Monday, "nächsten Monat" the 1st of next month. "Ende der Woche" is this
    Friday, rolling on like a bare "Freitag". "diese Woche" alone names no day: refused.
    """
    match = _PERIOD_PHRASE.fullmatch(text)
    if match is None:
        return None
    step = STEPS[match["step"]] if match["step"] else 0
    if match["pos"] is None and match["step"] is None:
        return None
    if match["pos"] is None and step == 0:
        raise NoMomentError(text)
    position = POSITIONS[match["pos"]] if match["pos"] else "start"
    period = PERIODS[match["period"]]
    if period == "week":
        weekday = {"start": 0, "middle": 2, "end": 4}[position]
        if step == 0:
            return _next_weekday(weekday, today)
        return Day(_monday(today, step) + timedelta(days=weekday))
    if period == "month":
        first = _add_months(today.replace(day=1), step)
        return Day(_in_month(first.year, first.month, position))
    year = today.year + step
    return Day(
        {"start": date(year, 1, 1), "middle": date(year, 7, 1), "end": date(year, 12, 31)}[position]
    )


_CALENDAR_WEEK = re.compile(
    r"(?:in )?(?:der )?(?:kw|cw|kalenderwoche|calendar week|week|woche) ?(?P<week>\d{1,2})"
    r"(?: (?P<year>\d{4}))?"
)


def _calendar_week(text: str, today: date) -> Day | None:
    """KW 50: Monday of ISO week 50 of this year, or of next year once week 50 is over.

    While week 50 runs, "KW 50" is its Monday, which may have passed: refused as past
    rather than moved a year on.
    """
    match = _CALENDAR_WEEK.fullmatch(text)
    if match is None:
        return None
    week = int(match["week"])
    if match["year"]:
        return Day(date.fromisocalendar(_year(match["year"]), week, 1))
    this_year = today.isocalendar().year
    for year in (this_year, this_year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:  # no week 53 that year
            continue
        if monday + timedelta(days=6) >= today:
            return Day(monday)
    raise NoMomentError(text)


_NUMERIC_DATE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?:\.(?: ?(?P<y>\d{4})|(?P<yy>\d{2}))?)?"
)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NAMED_DATES = (
    re.compile(rf"(?P<d>\d{{1,2}}){_ORD}?(?: of)? (?P<mon>{_MON})(?: (?P<y>\d{{4}}))?"),
    re.compile(rf"(?P<mon>{_MON}) (?:the )?(?P<d>\d{{1,2}}){_ORD}?(?: (?P<y>\d{{4}}))?"),
)
_DAY_OF_MONTH = re.compile(rf"(?P<d>\d{{1,2}}){_ORD}")


def _date(text: str, today: date) -> Day | None:
    """3.12., 03.12.2026, 3.12.26, 2026-12-03, 3. Dezember, Dec 3, December 3 2026, the 3rd.

    Without a year it is the next such day, today included: "3.12." on 4 December is next
    year's. Day before month, always: "3.4." is 3 April. "3/4" is refused elsewhere.
    """
    match = _NUMERIC_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)
    if match:
        day, month = int(match["d"]), int(match["m"])
        written = match["y"] or match.groupdict().get("yy")
    else:
        for pattern in _NAMED_DATES:
            match = pattern.fullmatch(text)
            if match:
                day, month, written = int(match["d"]), MONTHS[match["mon"]], match["y"]
                break
        else:
            return _day_of_month(text, today)
    if written:
        return Day(date(_year(written), month, day))
    return Day(_next_date(month, day, today))


def _day_of_month(text: str, today: date) -> Day | None:
    """A day of the month alone ("am 3.", "the 3rd"): the next 3rd, today included."""
    match = _DAY_OF_MONTH.fullmatch(text)
    if match is None:
        return None
    wanted = int(match["d"])
    first = today.replace(day=1)
    for months in range(13):
        month = _add_months(first, months)
        if wanted <= monthrange(month.year, month.month)[1] and month.replace(day=wanted) >= today:
            return Day(month.replace(day=wanted))
    raise NoMomentError(text)


_MONTH_NAME = re.compile(rf"(?:(?P<pos>{_POS}) (?:of )?)?(?P<mon>{_MON})(?: (?P<y>\d{{4}}))?")


def _month_name(text: str, today: date) -> Day | None:
    """Dezember (its 1st), Anfang/Mitte/Ende Dezember, end of december 2027.

    This year's month unless it is over (then next year's): "Anfang November" on
    23 November is refused as past rather than moved a year on.
    """
    match = _MONTH_NAME.fullmatch(text)
    if match is None:
        return None
    month = MONTHS[match["mon"]]
    if match["y"]:
        year = _year(match["y"])
    else:
        year = today.year if month >= today.month else today.year + 1
    return Day(_in_month(year, month, POSITIONS[match["pos"]] if match["pos"] else "start"))


def _weekday_and_date(text: str, today: date) -> Day | None:
    """A weekday and a date ("Freitag, den 4.12."): the date if it is that weekday, and
    refused if it is not."""
    weekday, _, rest = text.partition(" ")
    if weekday not in WEEKDAYS or not rest:
        return None
    rest = rest.removeprefix("den ").removeprefix("the ")
    found = _date(rest, today)
    if found is not None and found.day.weekday() != WEEKDAYS[weekday]:
        raise NoMomentError(text)
    return found


_OFFSETS = (
    (re.compile(rf"in (?P<n>{_NUM}) (?P<unit>{_UNIT})"), 1),
    (re.compile(rf"(?P<n>{_NUM}) (?P<unit>{_UNIT}) (?:from now|from today|later|spaeter)"), 1),
    (re.compile(rf"vor (?P<n>{_NUM}) (?P<unit>{_UNIT})"), -1),
    (re.compile(rf"(?P<n>{_NUM}) (?P<unit>{_UNIT}) ago"), -1),
)


def offset(text: str) -> tuple[int, str] | None:
    """A count and a unit: "in 3 Tagen" is (3, "days"), "vor 2 Stunden" (-2, "hours")."""
    for pattern, sign in _OFFSETS:
        match = pattern.fullmatch(text)
        if match:
            count = NUMBERS.get(match["n"]) or int(match["n"])
            return sign * count, UNITS[match["unit"]]
    return None


def _offset_day(text: str, today: date) -> Day | None:
    """in 3 Tagen, in einer Woche, in 2 months: that calendar day (09:00 unless a time
    follows). Minutes and hours are exact moments, read by `_exact_moment`."""
    found = offset(text)
    if found is None or found[1] in ("minutes", "hours"):
        return None
    count, unit = found
    if unit in ("days", "weeks"):
        return Day(today + timedelta(days=count * (7 if unit == "weeks" else 1)))
    return Day(_add_months(today, count * (12 if unit == "years" else 1)))


_DAY_RULES: tuple[Callable[[str, date], Day | None], ...] = (
    _relative_day,
    _weekday,
    _weekday_in_week,
    _period,
    _calendar_week,
    _date,
    _month_name,
    _weekday_and_date,
    _offset_day,
)


def read_day(text: str, today: date) -> Day | None:
    """The day `text` names, by the first rule that reads it; None if none does."""
    for rule in _DAY_RULES:
        found = rule(text, today)
        if found is not None:
            return found
    return None
