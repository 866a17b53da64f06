"""Dates written out: "3.12.", "03.12.2026", "2026-12-03", "3. Dezember", "Dec 3", "the 3rd",
"Dezember", "Ende Q1", "12/3" (refused as ambiguous unless the member writes US dates)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from handlers.dates.base import (
    AmbiguousDateError,
    Base,
    Day,
    NoMomentError,
    add_months,
    in_month,
    written_year,
)
from handlers.dates.words import MONTHS, POSITIONS, STEPS, WEEKDAYS, alternation

_MON = alternation(MONTHS)
_POS = alternation(POSITIONS)
_STEP = alternation(STEPS)
_ORD = r"(?:\.|st|nd|rd|th)"

_NUMERIC_DATE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?:\.(?: ?(?P<y>\d{4})|(?P<yy>\d{2}))?)?"
)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_SLASH_DATE = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?")
_NAMED_DATES = (
    re.compile(rf"(?P<d>\d{{1,2}}){_ORD}?(?: of)? (?P<mon>{_MON})(?: (?P<y>\d{{4}}))?"),
    re.compile(rf"(?P<mon>{_MON}) (?:the )?(?P<d>\d{{1,2}}){_ORD}?(?: (?P<y>\d{{4}}))?"),
)
_DAY_OF_MONTH = re.compile(rf"(?P<d>\d{{1,2}}){_ORD}")


def next_date(month: int, day: int, today: date) -> date:
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


def _slash(text: str, base: Base) -> tuple[int, int, str | None] | None:
    """12/3 and 12/3/2026: (day, month, year). Day first, unless the member writes US
    dates; when both numbers could be the month and they differ, refused as ambiguous."""
    match = _SLASH_DATE.fullmatch(text)
    if match is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    if base.month_first:
        return second, first, match["y"]
    if first <= 12 and second <= 12 and first != second:
        year = f"{match['y']}" if match["y"] else ""
        raise AmbiguousDateError(text, (f"{first}.{second}.{year}", f"{second}.{first}.{year}"))
    return first, second, match["y"]


def written_date(text: str, base: Base) -> Day | None:
    """3.12., 03.12.2026, 3.12.26, 2026-12-03, 3. Dezember, Dec 3, December 3 2026, the 3rd.

    Without a year it is the next such day, today included: "15.1." in December is next
    January. Day before month, always: "3.4." is 3 April.
    """
    match = _NUMERIC_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)
    slashed = None if match else _slash(text, base)
    if match:
        day, month = int(match["d"]), int(match["m"])
        written = match["y"] or match.groupdict().get("yy")
    elif slashed:
        day, month, written = slashed
    else:
        for pattern in _NAMED_DATES:
            match = pattern.fullmatch(text)
            if match:
                day, month, written = int(match["d"]), MONTHS[match["mon"]], match["y"]
                break
        else:
            return _day_of_month(text, base.today)
    if written:
        return Day(date(written_year(written), month, day))
    return Day(next_date(month, day, base.today))


def _day_of_month(text: str, today: date) -> Day | None:
    """A day of the month alone ("am 3.", "the 3rd"): the next 3rd, today included."""
    match = _DAY_OF_MONTH.fullmatch(text)
    if match is None:
        return None
    wanted = int(match["d"])
    first = today.replace(day=1)
    for months in range(13):
        month = add_months(first, months)
        if wanted <= monthrange(month.year, month.month)[1] and month.replace(day=wanted) >= today:
            return Day(month.replace(day=wanted))
    raise NoMomentError(text)


_MONTH_NAME = re.compile(rf"(?:(?P<pos>{_POS}) (?:of )?)?(?P<mon>{_MON})(?: (?P<y>\d{{4}}))?")


def month_name(text: str, base: Base) -> Day | None:
    """Dezember (its 1st), Anfang/Mitte/Ende Dezember, end of december 2027.

    This year's month unless it is over (then next year's): "Anfang November" on
    23 November is refused as past rather than moved a year on.
    """
    match = _MONTH_NAME.fullmatch(text)
    if match is None:
        return None
    month = MONTHS[match["mon"]]
    today = base.today
    if match["y"]:
        year = written_year(match["y"])
    else:
        year = today.year if month >= today.month else today.year + 1
    return Day(in_month(year, month, POSITIONS[match["pos"]] if match["pos"] else "start"))


_QUARTER = re.compile(
    rf"(?:(?P<pos>{_POS}) (?:des |of )?(?:the )?)?(?:(?:im|in) )?"
    rf"(?:q(?P<q>[1-4])|(?P<n>[1-4])\. quartal|(?P<step>{_STEP}) (?:quartals?|quarter)"
    rf"|(?:quartals?|quarter))(?: (?P<y>\d{{4}}))?"
)


def quarter(text: str, base: Base) -> Day | None:
    """Q1, Ende Q1, Anfang des Quartals, Mitte nächsten Quartals, end of Q3 2027.

    A quarter starts on its first day, has its middle on the 15th of its second month and
    ends on its last day. "Q1" alone is this year's, or next year's once it is over.
    """
    match = _QUARTER.fullmatch(text)
    if match is None:
        return None
    today = base.today
    this = (today.month - 1) // 3
    if match["q"] or match["n"]:
        number = int(match["q"] or match["n"]) - 1
        year = written_year(match["y"]) if match["y"] else today.year + (number < this)
    else:
        if match["pos"] is None and match["step"] is None:
            return None
        step = STEPS[match["step"]] if match["step"] else 0
        year, number = divmod(today.year * 4 + this + step, 4)
    position = POSITIONS[match["pos"]] if match["pos"] else "start"
    first_month = number * 3 + 1
    if position == "start":
        return Day(date(year, first_month, 1))
    if position == "middle":
        return Day(date(year, first_month + 1, 15))
    return Day(in_month(year, first_month + 2, "end"))


def weekday_and_date(text: str, base: Base) -> Day | None:
    """A weekday and a date ("Freitag, den 4.12."): the date if it is that weekday, and
    refused if it is not."""
    weekday, _, rest = text.partition(" ")
    if weekday not in WEEKDAYS or not rest:
        return None
    rest = rest.removeprefix("den ").removeprefix("the ")
    found = written_date(rest, base)
    if found is not None and found.day.weekday() != WEEKDAYS[weekday]:
        raise NoMomentError(text)
    return found
