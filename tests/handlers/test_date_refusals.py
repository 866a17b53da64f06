"""Date phrases that name no moment ahead, splitting a follow-up's customer from its time,
dateparser kept out of the way, and properties over random text."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.dates import DateError, parse_when, split_trailing_when
from handlers.dates.vocabulary import VOCABULARY
from tests.handlers.dates_moments import (
    BERLIN,
    FRIDAY_EVENING,
    MONDAY,
    local,
    reason,
)

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
    ["heute Abend", "tonight", "KW 48", "27.11."],
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


@settings(max_examples=400)
@given(phrase=any_text, now=moments, zone=st.sampled_from(ZONES))
def test_parse_when_never_fails_otherwise(phrase: str, now: datetime, zone: ZoneInfo) -> None:
    try:
        moment = parse_when(phrase, now=now, tz=zone)
    except DateError as error:
        assert error.reason in {"empty", "too_long", "unknown", "past", "ambiguous_date"}
        return
    assert moment.tzinfo is UTC
    assert moment >= now


@settings(max_examples=200)
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
