"""Date phrases: what members type, and the exact moment each one names.

Expected moments are written as local wall-clock times in Europe/Berlin; parse_when returns
UTC, and the comparison is between instants.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import parse_when
from tests.handlers.dates_moments import (
    BEFORE_SUMMER_TIME,
    BEFORE_WINTER_TIME,
    BERLIN,
    FRIDAY_EVENING,
    FRIDAY_MORNING,
    LAST_OF_MONTH,
    MONDAY,
    NEW_YEARS_EVE,
    local,
    reason,
    utc,
)

MONDAY_CASES = [
    # German: days
    ("morgen", "2026-11-24 09:00"),
    ("morgen 10 Uhr", "2026-11-24 10:00"),
    ("morgen um 10:30", "2026-11-24 10:30"),
    ("Morgen 10", "2026-11-24 10:00"),
    ("morgen früh um 8", "2026-11-24 08:00"),
    ("morgen Nachmittag", "2026-11-24 15:00"),
    ("morgen Abend um 7", "2026-11-24 19:00"),
    ("übermorgen", "2026-11-25 09:00"),
    ("uebermorgen 14 Uhr", "2026-11-25 14:00"),
    ("heute 17 Uhr", "2026-11-23 17:00"),
    ("heute", "2026-11-23 09:00"),  # its 09:00 is now, not past
    ("heute Abend", "2026-11-23 18:00"),
    ("heute Mittag", "2026-11-23 12:00"),
    ("jetzt", "2026-11-23 09:00"),
    # German: weekdays
    ("Freitag", "2026-11-27 09:00"),
    ("Freitag 14 Uhr", "2026-11-27 14:00"),
    ("am Freitag um 14 Uhr", "2026-11-27 14:00"),
    ("Freitag, 14:30", "2026-11-27 14:30"),
    ("Freitag morgen", "2026-11-27 09:00"),
    ("14 Uhr am Freitag", "2026-11-27 14:00"),
    ("bis Freitag", "2026-11-27 09:00"),
    ("Montag", "2026-11-23 09:00"),  # today: its 09:00 is not past yet
    ("Dienstag", "2026-11-24 09:00"),
    ("Sonntag", "2026-11-29 09:00"),
    ("nächsten Freitag", "2026-11-27 09:00"),
    ("naechsten Freitag", "2026-11-27 09:00"),
    ("kommenden Freitag", "2026-11-27 09:00"),
    ("nächsten Montag", "2026-11-30 09:00"),  # never today
    ("übernächsten Freitag", "2026-12-04 09:00"),
    ("diesen Donnerstag", "2026-11-26 09:00"),
    ("Freitag, den 27.11.", "2026-11-27 09:00"),
    # German: weeks
    ("nächste Woche", "2026-11-30 09:00"),
    ("nächste Woche Dienstag", "2026-12-01 09:00"),
    ("Dienstag nächste Woche", "2026-12-01 09:00"),
    ("nächste Woche Dienstag 10 Uhr", "2026-12-01 10:00"),
    ("in der nächsten Woche", "2026-11-30 09:00"),
    ("übernächste Woche", "2026-12-07 09:00"),
    ("Ende nächster Woche", "2026-12-04 09:00"),
    ("Mitte nächster Woche", "2026-12-02 09:00"),
    ("Ende der Woche", "2026-11-27 09:00"),
    ("KW 50", "2026-12-07 09:00"),
    ("kw50", "2026-12-07 09:00"),
    ("Kalenderwoche 50", "2026-12-07 09:00"),
    ("KW 48", "2026-11-23 09:00"),  # this week; its Monday 09:00 is now
    ("KW 47", "2027-11-22 09:00"),  # over this year
    ("KW 1", "2027-01-04 09:00"),
    ("KW 53", "2026-12-28 09:00"),  # 2026 has 53 ISO weeks
    # German: dates
    ("3.12.", "2026-12-03 09:00"),
    ("3.12", "2026-12-03 09:00"),
    ("3.12. 15 Uhr", "2026-12-03 15:00"),
    ("am 3.12. um 15:30", "2026-12-03 15:30"),
    ("bis zum 3.12.", "2026-12-03 09:00"),
    ("03.12.2026", "2026-12-03 09:00"),
    ("3.12.26", "2026-12-03 09:00"),
    ("3.12.2027", "2027-12-03 09:00"),
    ("15.1.", "2027-01-15 09:00"),
    ("23.11.", "2026-11-23 09:00"),  # today counts
    ("22.11.", "2027-11-22 09:00"),  # yesterday's date: next year's
    ("29.02.", "2028-02-29 09:00"),  # the next 29 February
    ("3. Dezember", "2026-12-03 09:00"),
    ("3. Dez.", "2026-12-03 09:00"),
    ("am 3.", "2026-12-03 09:00"),
    # German: offsets
    ("in 2 Stunden", "2026-11-23 11:00"),
    ("in 30 Minuten", "2026-11-23 09:30"),
    ("in einer halben Stunde", "2026-11-23 09:30"),
    ("in 3 Tagen", "2026-11-26 09:00"),
    ("in 3 Tagen um 11 Uhr", "2026-11-26 11:00"),
    ("in einer Woche", "2026-11-30 09:00"),
    ("in zwei Wochen", "2026-12-07 09:00"),
    ("in 2 Monaten", "2027-01-23 09:00"),
    ("3 Tage später", "2026-11-26 09:00"),
    # German: months and years
    ("Ende des Monats", "2026-11-30 09:00"),
    ("Monatsende", "2026-11-30 09:00"),
    ("Ende des Monats 16 Uhr", "2026-11-30 16:00"),
    ("Anfang nächsten Monats", "2026-12-01 09:00"),
    ("nächsten Monat", "2026-12-01 09:00"),
    ("Mitte nächsten Monats", "2026-12-15 09:00"),
    ("Ende nächsten Monats", "2026-12-31 09:00"),
    ("Ende Dezember", "2026-12-31 09:00"),
    ("Anfang Januar", "2027-01-01 09:00"),
    ("Dezember", "2026-12-01 09:00"),
    ("Jahresende", "2026-12-31 09:00"),
    ("nächstes Jahr", "2027-01-01 09:00"),
    # German: times of day
    ("10 Uhr", "2026-11-23 10:00"),
    ("8 Uhr", "2026-11-24 08:00"),  # passed today: tomorrow
    ("9 Uhr", "2026-11-23 09:00"),  # now exactly
    ("14:30", "2026-11-23 14:30"),
    ("14.30 Uhr", "2026-11-23 14:30"),
    ("15h", "2026-11-23 15:00"),
    ("um 3", "2026-11-23 15:00"),  # a bare 1-6 is the afternoon
    ("3 Uhr", "2026-11-24 03:00"),  # with "Uhr" it is as written
    ("03:00", "2026-11-24 03:00"),
    ("0 Uhr", "2026-11-24 00:00"),
    ("7 Uhr abends", "2026-11-23 19:00"),
    ("gegen 11", "2026-11-23 11:00"),
    ("mittags", "2026-11-23 12:00"),
    ("abends", "2026-11-23 18:00"),
    ("MORGEN 10 UHR", "2026-11-24 10:00"),
    ("  morgen   10  Uhr ", "2026-11-24 10:00"),
    ("morgen\u00a010 Uhr", "2026-11-24 10:00"),  # no-break space
    # English
    ("tomorrow", "2026-11-24 09:00"),
    ("Tomorrow 3pm", "2026-11-24 15:00"),
    ("tomorrow at 15:30", "2026-11-24 15:30"),
    ("tomorrow at 3:30 p.m.", "2026-11-24 15:30"),
    ("tomorrow morning", "2026-11-24 09:00"),
    ("tomorrow evening", "2026-11-24 18:00"),
    ("the day after tomorrow", "2026-11-25 09:00"),
    ("today 5pm", "2026-11-23 17:00"),
    ("tonight", "2026-11-23 18:00"),
    ("noon", "2026-11-23 12:00"),
    ("at noon", "2026-11-23 12:00"),
    ("12am", "2026-11-24 00:00"),
    ("next week", "2026-11-30 09:00"),
    ("next friday", "2026-11-27 09:00"),
    ("this coming friday", "2026-11-27 09:00"),
    ("friday 2pm", "2026-11-27 14:00"),
    ("on friday at 2 pm", "2026-11-27 14:00"),
    ("friday next week", "2026-12-04 09:00"),
    ("next monday 10am", "2026-11-30 10:00"),
    ("Dec 3", "2026-12-03 09:00"),
    ("3 Dec", "2026-12-03 09:00"),
    ("December 3 2026", "2026-12-03 09:00"),
    ("December 3rd, 2027", "2027-12-03 09:00"),
    ("the 3rd of December at 2pm", "2026-12-03 14:00"),
    ("the 3rd", "2026-12-03 09:00"),
    ("mid-December", "2026-12-15 09:00"),
    ("in 2 hours", "2026-11-23 11:00"),
    ("in an hour", "2026-11-23 10:00"),
    ("in half an hour", "2026-11-23 09:30"),
    ("in 3 days", "2026-11-26 09:00"),
    ("in a week", "2026-11-30 09:00"),
    ("2 days from now", "2026-11-25 09:00"),
    ("end of month", "2026-11-30 09:00"),
    ("end of the month", "2026-11-30 09:00"),
    ("end of next month", "2026-12-31 09:00"),
    ("next month", "2026-12-01 09:00"),
    ("week 50", "2026-12-07 09:00"),
    ("now", "2026-11-23 09:00"),
    # ISO 8601
    ("2026-12-03", "2026-12-03 09:00"),
    ("2026-12-03 14:00", "2026-12-03 14:00"),
    ("2026-12-03T14:00", "2026-12-03 14:00"),
    ("2026-12-03T14:00:00+01:00", "2026-12-03 14:00"),
    ("2026-12-03T13:00Z", "2026-12-03 14:00"),
    # left to dateparser
    ("midnight", "2026-11-24 00:00"),
    ("in a fortnight", "2026-12-07 09:00"),
]

FRIDAY_EVENING_CASES = [
    ("Freitag", "2026-12-04 09:00"),  # today's 09:00 has passed: next week
    ("Freitag 20 Uhr", "2026-11-27 20:00"),  # today's 20:00 has not
    ("nächsten Freitag", "2026-12-04 09:00"),
    ("morgen", "2026-11-28 09:00"),
    ("10 Uhr", "2026-11-28 10:00"),
    ("20 Uhr", "2026-11-27 20:00"),
    ("abends", "2026-11-28 18:00"),
    ("heute 20 Uhr", "2026-11-27 20:00"),
    ("Montag", "2026-11-30 09:00"),
    ("nächste Woche", "2026-11-30 09:00"),
    ("Ende der Woche", "2026-12-04 09:00"),
    ("Monatsende", "2026-11-30 09:00"),
    ("KW 49", "2026-11-30 09:00"),
    ("in 2 Stunden", "2026-11-27 20:30"),
    ("3.12.", "2026-12-03 09:00"),
]

OTHER_DAY_CASES = [
    (FRIDAY_MORNING, "Freitag", "2026-11-27 09:00"),  # 08:00 on a Friday: today
    (FRIDAY_MORNING, "nächsten Freitag", "2026-12-04 09:00"),
    (FRIDAY_MORNING, "heute", "2026-11-27 09:00"),
    (FRIDAY_MORNING, "heute morgen", "2026-11-27 09:00"),
    (FRIDAY_MORNING, "Freitag morgen 8:30", "2026-11-27 08:30"),
    (LAST_OF_MONTH, "Ende des Monats 17 Uhr", "2026-11-30 17:00"),
    (LAST_OF_MONTH, "Anfang nächsten Monats", "2026-12-01 09:00"),
    (LAST_OF_MONTH, "Monatsende", None),  # today 09:00 has passed: refused, not moved
    (NEW_YEARS_EVE, "morgen", "2027-01-01 09:00"),
    (NEW_YEARS_EVE, "nächste Woche", "2027-01-04 09:00"),
    (NEW_YEARS_EVE, "KW 1", "2027-01-04 09:00"),
    (NEW_YEARS_EVE, "3.1.", "2027-01-03 09:00"),
    (NEW_YEARS_EVE, "nächsten Monat", "2027-01-01 09:00"),
    (NEW_YEARS_EVE, "Januar", "2027-01-01 09:00"),
]

DST_CASES = [  # expected in UTC: Berlin is +01:00 in winter, +02:00 in summer
    (BEFORE_SUMMER_TIME, "morgen 9 Uhr", "2026-03-29 07:00"),
    (BEFORE_SUMMER_TIME, "morgen", "2026-03-29 07:00"),
    (BEFORE_SUMMER_TIME, "Sonntag", "2026-03-29 07:00"),
    (BEFORE_SUMMER_TIME, "in 1 Tag", "2026-03-29 07:00"),
    (BEFORE_SUMMER_TIME, "in 24 Stunden", "2026-03-29 11:00"),  # exact: 13:00 on the wall
    (BEFORE_SUMMER_TIME, "morgen 02:30", "2026-03-29 01:30"),  # no such wall time: +01:00
    (BEFORE_SUMMER_TIME, "Montag 9 Uhr", "2026-03-30 07:00"),
    (BEFORE_WINTER_TIME, "morgen 9 Uhr", "2026-10-25 08:00"),
    (BEFORE_WINTER_TIME, "morgen", "2026-10-25 08:00"),
    (BEFORE_WINTER_TIME, "in 24 Stunden", "2026-10-25 10:00"),
    (BEFORE_WINTER_TIME, "morgen 02:30", "2026-10-25 00:30"),  # twice that night: the first
    (datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN), "in 2 Stunden", "2026-03-29 02:30"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN), "in 2 Stunden", "2026-10-25 01:30"),
]


@pytest.mark.parametrize(("phrase", "expected"), MONDAY_CASES)
def test_monday_morning(phrase: str, expected: str) -> None:
    moment = parse_when(phrase, now=MONDAY, tz=BERLIN)
    assert moment == local(expected)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(("phrase", "expected"), FRIDAY_EVENING_CASES)
def test_friday_evening(phrase: str, expected: str) -> None:
    assert parse_when(phrase, now=FRIDAY_EVENING, tz=BERLIN) == local(expected)


@pytest.mark.parametrize(("now", "phrase", "expected"), OTHER_DAY_CASES)
def test_other_days(now: datetime, phrase: str, expected: str | None) -> None:
    if expected is None:
        assert reason(phrase, now) == "past"
    else:
        assert parse_when(phrase, now=now, tz=BERLIN) == local(expected)


@pytest.mark.parametrize(("now", "phrase", "expected_utc"), DST_CASES)
def test_daylight_saving_changes(now: datetime, phrase: str, expected_utc: str) -> None:
    moment = parse_when(phrase, now=now, tz=BERLIN)
    assert moment == utc(expected_utc)
    assert moment.tzinfo is UTC


def test_table_is_large_enough() -> None:
    total = len(MONDAY_CASES) + len(FRIDAY_EVENING_CASES) + len(OTHER_DAY_CASES) + len(DST_CASES)
    assert total >= 70


def test_now_in_any_zone_and_the_members_zone() -> None:
    assert parse_when("morgen 10 Uhr", now=MONDAY.astimezone(UTC), tz=BERLIN) == local(
        "2026-11-24 10:00"
    )
    new_york = ZoneInfo("America/New_York")
    late_sunday_there = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 22:00 on Sunday in New York
    assert parse_when("heute 23 Uhr", now=late_sunday_there, tz=new_york) == local(
        "2026-11-22 23:00", new_york
    )
    assert parse_when("morgen 10 Uhr", now=late_sunday_there, tz=new_york) == local(
        "2026-11-23 10:00", new_york
    )


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("morgen", now=datetime(2026, 11, 23, 9), tz=BERLIN)
