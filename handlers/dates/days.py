"""Day rules: each reads a whole day part of a phrase ("morgen", "nächsten Freitag",
"KW 7 Dienstag", "Montag in zwei Wochen", "3.12.", "Ende Q1", "Karfreitag") as a `Day`,
or returns None.

Phrases arrive prepared: lower case, umlauts written out, number words as digits, single
spaces, fillers such as "am" or "bis zum" already stripped from the front.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from handlers.dates.base import (
    Base,
    Day,
    NoMomentError,
    add_months,
    in_month,
    iso_week_monday,
    monday,
    next_weekday,
    written_year,
)
from handlers.dates.named import named_day
from handlers.dates.offsets import offset_day, working_days
from handlers.dates.words import PERIODS, POSITIONS, RELATIVE_DAYS, STEPS, WEEKDAYS, alternation
from handlers.dates.written import month_name, quarter, weekday_and_date, written_date

_WD = alternation(WEEKDAYS)
_STEP = alternation(STEPS)
_POS = alternation(POSITIONS)
_PERIOD = alternation(PERIODS)
_WEEK_DAY = {"start": 0, "middle": 2, "end": 4}


def _relative_day(text: str, base: Base) -> Day | None:
    """heute, morgen, übermorgen, gestern ..."""
    offset = RELATIVE_DAYS.get(text)
    return None if offset is None else Day(base.today + timedelta(days=offset))


_WEEKDAY = re.compile(rf"(?:(?P<step>{_STEP}) )?(?P<wd>{_WD})(?P<after> after next)?")


def _weekday(text: str, base: Base) -> Day | None:
    """Freitag, Fr., diesen Freitag, nächsten Freitag, übernächsten Freitag, Thursday after
    next, letzten Freitag.

    "nächsten Freitag" is the first Friday after today, so on a Monday it is this week's
    Friday (as most people and dateparser read "next friday"); it is never today.
    """
    match = _WEEKDAY.fullmatch(text)
    if match is None or (match["after"] and match["step"]):
        return None
    today, weekday = base.today, WEEKDAYS[match["wd"]]
    step = 2 if match["after"] else STEPS[match["step"]] if match["step"] else 0
    if step == 0:
        return next_weekday(weekday, today)
    if step < 0:
        return Day(today - timedelta(days=(today.weekday() - weekday) % 7 or 7))
    ahead = (weekday - today.weekday()) % 7 or 7
    return Day(today + timedelta(days=ahead + 7 * (step - 1)))


_WEEKDAY_IN_WEEK = (
    re.compile(rf"(?P<wd>{_WD}) (?:in )?(?:der )?(?P<step>{_STEP}) (?:woche|week)"),
    re.compile(rf"(?:in )?(?:der )?(?P<step>{_STEP}) (?:woche|week) (?:am |on )?(?P<wd>{_WD})"),
    re.compile(rf"(?P<wd>{_WD}) in (?P<n>\d{{1,2}}) (?:woche|wochen|week|weeks)"),
    re.compile(rf"in (?P<n>\d{{1,2}}) (?:woche|wochen|week|weeks) (?:am |on )?(?P<wd>{_WD})"),
)


def _weekday_in_week(text: str, base: Base) -> Day | None:
    """nächste Woche Dienstag, Dienstag nächste Woche, tuesday next week, and a weekday in
    a week some weeks on: "Montag in zwei Wochen", "in 3 Wochen am Donnerstag" are that
    weekday in the calendar week that many weeks after this one."""
    for pattern in _WEEKDAY_IN_WEEK:
        match = pattern.fullmatch(text)
        if match:
            weeks = STEPS[match["step"]] if "step" in match.re.groupindex else int(match["n"])
            return Day(monday(base.today, weeks) + timedelta(days=WEEKDAYS[match["wd"]]))
    return None


_KW = (
    r"(?:kw|cw|kalenderwoche|calendar week|week|woche) ?(?P<week>\d{1,2})"
    r"(?: (?P<year>\d{4}))?"
)
_CALENDAR_WEEK = (
    re.compile(rf"(?:in )?(?:der )?{_KW}"),
    re.compile(rf"(?P<wd>{_WD}) (?:in |im |of |on )?(?:der |the )?{_KW}"),
    re.compile(rf"(?:in )?(?:der )?{_KW} (?:am |on )?(?P<wd>{_WD})"),
)


def _calendar_week(text: str, base: Base) -> Day | None:
    """KW 50 (its Monday), KW 7 Dienstag, Dienstag KW 7, Wednesday of week 2.

    Week 50 is this year's, or next year's once it is over. While it runs, "KW 50" is its
    Monday, which may have passed: refused as past rather than moved a year on.
    """
    for pattern in _CALENDAR_WEEK:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        return None
    week = int(match["week"])
    weekday = WEEKDAYS[match["wd"]] if "wd" in match.re.groupindex else 0
    try:
        if match["year"]:
            first = date.fromisocalendar(written_year(match["year"]), week, 1)
        else:
            first = iso_week_monday(week, base.today, text)
    except ValueError as problem:
        raise NoMomentError(text) from problem
    return Day(first + timedelta(days=weekday))


_PERIOD_PHRASE = re.compile(
    rf"(?:(?P<pos>{_POS}) (?:des |der |of )?(?:the )?)?(?:in der |im )?"
    rf"(?:(?P<step>{_STEP}) )?(?P<period>{_PERIOD})"
)


def _period(text: str, base: Base) -> Day | None:
    """nächste Woche, Ende des Monats, Anfang nächsten Monats, end of next month, next year,
    diese Woche.

    A week starts on Monday, has its middle on Wednesday and ends on Friday. "nächste Woche"
    alone is next Monday, "nächsten Monat" the 1st of next month. "Ende der Woche" is this
    Friday, rolling on like a bare "Freitag"; "diese Woche" is this week's Friday, by which
    it is to be done. Quarters are read by `written.quarter`.
    """
    match = _PERIOD_PHRASE.fullmatch(text)
    if match is None or PERIODS[match["period"]] == "quarter":
        return None
    if match["pos"] is None and match["step"] is None:
        return None
    step = STEPS[match["step"]] if match["step"] else 0
    period = PERIODS[match["period"]]
    if match["pos"] is None and step == 0:
        if period != "week":
            raise NoMomentError(text)
        return Day(monday(base.today) + timedelta(days=4))
    position = POSITIONS[match["pos"]] if match["pos"] else "start"
    today = base.today
    if period == "week":
        if step == 0:
            return next_weekday(_WEEK_DAY[position], today)
        return Day(monday(today, step) + timedelta(days=_WEEK_DAY[position]))
    if period == "month":
        first = add_months(today.replace(day=1), step)
        return Day(in_month(first.year, first.month, position))
    year = today.year + step
    return Day(
        {"start": date(year, 1, 1), "middle": date(year, 7, 1), "end": date(year, 12, 31)}[position]
    )


_WEEKEND = re.compile(
    rf"(?:am |at the |on the |the )?(?:(?P<step>{_STEP}) )?(?:wochenende|weekend)"
)


def _weekend(text: str, base: Base) -> Day | None:
    """am Wochenende, this weekend: the coming Saturday (today on a Saturday, while its
    09:00 is ahead); nächstes Wochenende, next weekend: next week's Saturday."""
    match = _WEEKEND.fullmatch(text)
    if match is None:
        return None
    step = STEPS[match["step"]] if match["step"] else 0
    if step < 0:
        return Day(monday(base.today, step) + timedelta(days=5))
    if step == 0:
        return next_weekday(5, base.today)
    return Day(monday(base.today, step) + timedelta(days=5))


def _named(text: str, base: Base) -> Day | None:
    """Neujahr, Karfreitag, Tag der Deutschen Einheit, Boxing Day: the next one."""
    found = named_day(text, base.today)
    return None if found is None else Day(found)


_DAY_RULES: tuple[Callable[[str, Base], Day | None], ...] = (
    _relative_day,
    _weekday,
    _weekday_in_week,
    _period,
    _calendar_week,
    written_date,
    month_name,
    quarter,
    weekday_and_date,
    offset_day,
    working_days,
    _weekend,
    _named,
)


def read_day(text: str, base: Base) -> Day | None:
    """The day `text` names, by the first rule that reads it; None if none does."""
    for rule in _DAY_RULES:
        found = rule(text, base)
        if found is not None:
            return found
    return None
