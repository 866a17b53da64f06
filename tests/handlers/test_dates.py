"""Date phrases: what members type, and the exact moment each one names.

Expected moments are written as local wall-clock times in Europe/Berlin; parse_when returns
UTC, and the comparison is between instants.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.dates import DateError, parse_when, split_trailing_when
from handlers.dates.words import VOCABULARY

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)  # ISO week 48
FRIDAY_EVENING = datetime(2026, 11, 27, 18, 30, tzinfo=BERLIN)
FRIDAY_MORNING = datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN)
LAST_OF_MONTH = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)  # a Monday
NEW_YEARS_EVE = datetime(2026, 12, 31, 10, 0, tzinfo=BERLIN)  # a Thursday, ISO week 53
BEFORE_SUMMER_TIME = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)  # Saturday; clocks go +1h
BEFORE_WINTER_TIME = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)  # Saturday; clocks go -1h


def local(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    """A written local time, "2026-11-24 10:00", as an aware datetime in `zone`."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def reason(phrase: str, now: datetime = MONDAY) -> str:
    with pytest.raises(DateError) as caught:
        parse_when(phrase, now=now, tz=BERLIN)
    return caught.value.reason


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


# ---------------------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize(
    "phrase",
    [
        "gestern",
        "letzten Montag",
        "vor 2 Tagen",
        "yesterday",
        "vorgestern",
        "vor 3 Stunden",
        "2 days ago",
        "last week",
        "letzte Woche",
        "last friday",
        "heute 8 Uhr",
        "3.12.2025",
        "1.1.1970 00:00",
        "2026-11-20",
        "November",  # this month's 1st
        "Anfang des Monats",
    ],
)
def test_past(phrase: str) -> None:
    assert reason(phrase) == "past"


@pytest.mark.parametrize(
    "phrase",
    ["heute Abend", "tonight", "heute", "KW 48", "27.11."],
)
def test_past_on_friday_evening(phrase: str) -> None:
    assert reason(phrase, FRIDAY_EVENING) == "past"


@pytest.mark.parametrize(
    "phrase",
    [
        "32.13.",
        "blabla",
        "30.02.",
        "31.04.2027",
        "1.13.",
        "25 Uhr",
        "24:00",
        "morgen 10:75",
        "13pm",
        "15 Uhr morgens",
        "14.30",  # neither a date nor, without "Uhr", a time
        "3/12",  # day or month first? refused rather than guessed
        "12/3/2026",
        "diese Woche",  # which day of it?
        "Freitag, den 28.11.",  # 28 November 2026 is a Saturday
        "KW 54",
        "KW 0",
        "in 9999 Jahren",
        "9999-12-31",
        "morgen\x00",
        "mor\x00gen",
        "morgen\tum 10",
        "morgen\u200b10 Uhr",  # zero-width space
        "\x1b[31mmorgen",
        "'; DROP TABLE followups; --",
        "morgen; DELETE FROM followups",
        "1 OR 1=1",
        "<script>alert(1)</script>",
        "**morgen**",
        "morgen 🙂",
        "Müller GmbH",
        "7 in 2 Stunden",  # dateparser would say 11:00
        "halb elf",
        "Wochenende",
        "am um der",
    ],
)
def test_unknown(phrase: str) -> None:
    assert reason(phrase) == "unknown"


@pytest.mark.parametrize("phrase", ["", "   ", "\n", "\t \r\n"])
def test_empty(phrase: str) -> None:
    assert reason(phrase) == "empty"


@pytest.mark.parametrize("phrase", ["x" * 200, "morgen " * 20, "3" * 81, "ä" * 10_000])
def test_too_long(phrase: str) -> None:
    assert reason(phrase) == "too_long"


def test_eighty_characters_are_read_eighty_one_are_not() -> None:
    phrase = "morgen" + " " * 68 + "10 Uhr"
    assert len(phrase) == 80
    assert parse_when(f"  {phrase}  ", now=MONDAY, tz=BERLIN) == local("2026-11-24 10:00")
    assert reason(phrase + "!") == "too_long"


def test_date_error_carries_reason_and_phrase() -> None:
    with pytest.raises(DateError) as caught:
        parse_when("  gestern ", now=MONDAY, tz=BERLIN)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.reason, error.phrase) == ("past", "gestern")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.phrase) == ("past", "gestern")
    assert "past" in str(error)
    with pytest.raises(ValueError, match="reason"):
        DateError("nonsense", "x")


# ---------------------------------------------------------------------------------------
# split_trailing_when


@pytest.mark.parametrize(
    ("text", "customer", "expected"),
    [
        ("Müller GmbH morgen 10 Uhr", "Müller GmbH", "2026-11-24 10:00"),
        ("Müller morgen", "Müller", "2026-11-24 09:00"),
        ("Schmidt & Co. KG nächste Woche Dienstag 14:30", "Schmidt & Co. KG", "2026-12-01 14:30"),
        ("Autohaus Süd am Freitag um 14 Uhr", "Autohaus Süd", "2026-11-27 14:00"),
        ("Meier next friday 2pm", "Meier", "2026-11-27 14:00"),
        ("Haus 7 in 2 Stunden", "Haus 7", "2026-11-23 11:00"),
        ("Filiale 3 3.12.", "Filiale 3", "2026-12-03 09:00"),
        # a date word inside the name stays in it
        ("Mai Logistik morgen", "Mai Logistik", "2026-11-24 09:00"),
        ("Heute GmbH morgen", "Heute GmbH", "2026-11-24 09:00"),
        ("Firma Mai morgen", "Firma Mai", "2026-11-24 09:00"),  # not "1 May, in the morning"
        # date-ish words dateparser would skip ("ende morgen" is tomorrow to it) stay too
        ("Firma Ende morgen", "Firma Ende", "2026-11-24 09:00"),
        ("Neun Live morgen", "Neun Live", "2026-11-24 09:00"),
        # unquoted, a date word at the end of the name is part of the time ...
        ("Bäcker Freitag morgen", "Bäcker", "2026-11-27 09:00"),
        # ... quoted, it is not
        ('"Bäcker Freitag" morgen', "Bäcker Freitag", "2026-11-24 09:00"),
        ("„Bäcker Freitag“ 3.12. 15 Uhr", "Bäcker Freitag", "2026-12-03 15:00"),
        ("'Montag & Söhne' nächsten Montag", "Montag & Söhne", "2026-11-30 09:00"),
        ("  Müller   GmbH   morgen  ", "Müller GmbH", "2026-11-24 09:00"),
        ("Kunde in a fortnight", "Kunde", "2026-12-07 09:00"),
    ],
)
def test_split_trailing_when(text: str, customer: str, expected: str) -> None:
    found_customer, moment = split_trailing_when(text, now=MONDAY, tz=BERLIN)
    assert found_customer == customer
    assert moment == local(expected)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "why", "phrase"),
    [
        ("Müller GmbH blabla", "unknown", "blabla"),
        ("Müller 32.13.", "unknown", "32.13."),
        ("Müller GmbH um 25 Uhr", "unknown", "um 25 Uhr"),
        ("Müller heute 8 Uhr", "past", "heute 8 Uhr"),  # not "8 Uhr" tomorrow
        ("Müller gestern", "past", "gestern"),
        ("Müller GmbH 3.12.2025", "past", "3.12.2025"),
        ("Müller", "empty", ""),
        ("", "empty", ""),
        ('"Müller GmbH"', "empty", ""),
        ('"Müller GmbH" blabla', "unknown", "blabla"),
        ('"Müller GmbH" gestern', "past", "gestern"),
        ("morgen", "empty", ""),  # no customer in front
    ],
)
def test_split_trailing_when_refuses(text: str, why: str, phrase: str) -> None:
    with pytest.raises(DateError) as caught:
        split_trailing_when(text, now=MONDAY, tz=BERLIN)
    assert (caught.value.reason, caught.value.phrase) == (why, phrase)


# ---------------------------------------------------------------------------------------
# dateparser stays out of the way


def test_dateparser_is_imported_only_for_what_the_rules_leave() -> None:
    script = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
from handlers.dates import DateError, parse_when, split_trailing_when
berlin = ZoneInfo("Europe/Berlin")
now = datetime(2026, 11, 23, 9, tzinfo=berlin)
assert "dateparser" not in sys.modules
for phrase in ["morgen 10 Uhr", "next friday", "Dec 3", "KW 50", "in 2 hours", "3.12."]:
    parse_when(phrase, now=now, tz=berlin)
for phrase in ["32.13.", "blabla", "30.02.", "Müller GmbH", "7 in 2 Stunden"]:
    try:
        parse_when(phrase, now=now, tz=berlin)
    except DateError:
        pass
split_trailing_when("Müller GmbH morgen 10 Uhr", now=now, tz=berlin)
assert "dateparser" not in sys.modules, "dateparser was imported"
parse_when("midnight", now=now, tz=berlin)
assert "dateparser" in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------
# Properties

ZONES = [BERLIN, ZoneInfo("UTC"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]
DATE_TOKENS = [
    *sorted(VOCABULARY),
    "0", "3", "10", "23", "25", "99", "2026", "9999", "3.12.", "32.13.", "29.02.", "14:30",
    "3pm", "kw50", "2026-12-03", "1st", "31.", "-", ".", ":", "+01:00", "10uhr", "12:60",
]  # fmt: skip
date_like_text = st.lists(st.sampled_from(DATE_TOKENS), min_size=1, max_size=6).map(" ".join)
any_text = st.one_of(st.text(max_size=120), date_like_text)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from(ZONES)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phrase=any_text, now=moments, zone=st.sampled_from(ZONES))
def test_parse_when_never_fails_otherwise(phrase: str, now: datetime, zone: ZoneInfo) -> None:
    try:
        moment = parse_when(phrase, now=now, tz=zone)
    except DateError as error:
        assert error.reason in {"empty", "too_long", "unknown", "past"}
        return
    assert moment.tzinfo is UTC
    assert moment >= now


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customer=st.text(min_size=1, max_size=40), phrase=any_text, now=moments)
def test_split_trailing_when_never_fails_otherwise(
    customer: str, phrase: str, now: datetime
) -> None:
    try:
        found, moment = split_trailing_when(f"{customer} {phrase}", now=now, tz=BERLIN)
    except DateError:
        return
    assert found.strip()
    assert moment.tzinfo is UTC
    assert moment >= now
