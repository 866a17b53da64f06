"""Properties over phrases generated from the grammar, each with its moment computed here
from the calendar (never by the code under test), and a check that a phrase with any
unknown word in it yields no date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from handlers.dates import DateError, parse_when
from handlers.dates.vocabulary import VOCABULARY
from tests.handlers.dates_moments import BERLIN

SPELLINGS = [  # every way a rep writes each weekday, Monday first
    ["Montag", "Mo", "Mo.", "monday", "mon", "Mon."],
    ["Dienstag", "Di", "Di.", "tuesday", "tue", "Tues"],
    ["Mittwoch", "Mi", "Mi.", "wednesday", "wed"],
    ["Donnerstag", "Do", "Do.", "thursday", "thu", "Thurs"],
    ["Freitag", "Fr", "Fr.", "friday", "fri"],
    ["Samstag", "Sa", "Sa.", "saturday", "sat"],
    ["Sonntag", "So", "So.", "sunday", "sun"],
]
HOURS_DE = {7: "sieben", 8: "acht", 9: "neun", 10: "zehn", 11: "elf", 12: "zwölf"}
nows = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2031, 12, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=BERLIN)
)
weekdays = st.integers(0, 6)


def spelled(weekday: int, pick: int, upper: bool) -> str:
    words = SPELLINGS[weekday]
    word = words[pick % len(words)]
    return word.upper() if upper else word


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BERLIN)


def next_weekday_at(now: datetime, weekday: int, clock: time) -> datetime:
    """The first day from today on that is `weekday` and whose `clock` is not past."""
    for ahead in range(15):
        day = now.date() + timedelta(days=ahead)
        if day.weekday() == weekday and at(day, clock) >= now:
            return at(day, clock)
    raise AssertionError("a weekday comes every week")


def expect(phrase: str, now: datetime, expected: datetime) -> None:
    assert parse_when(phrase, now=now, tz=BERLIN) == expected, phrase


@settings(max_examples=300, deadline=None)
@given(
    now=nows,
    weekday=weekdays,
    pick=st.integers(0, 5),
    upper=st.booleans(),
    hour=st.integers(7, 20),
    minute=st.sampled_from([0, 15, 30, 45]),
    form=st.integers(0, 3),
)
def test_weekday_with_a_time(
    now: datetime, weekday: int, pick: int, upper: bool, hour: int, minute: int, form: int
) -> None:
    clock = [f"{hour}:{minute:02d} Uhr", f"um {hour}:{minute:02d}", f"{hour}.{minute:02d} Uhr"]
    clock.append(f"{hour}:{minute:02d}")
    phrase = f"{spelled(weekday, pick, upper)} {clock[form]}"
    expect(phrase, now, next_weekday_at(now, weekday, time(hour, minute)))


@settings(max_examples=200, deadline=None)
@given(now=nows, weekday=weekdays, pick=st.integers(0, 5), week=st.integers(1, 52))
def test_weekday_in_a_calendar_week(now: datetime, weekday: int, pick: int, week: int) -> None:
    name = spelled(weekday, pick, upper=False)
    phrase = [f"KW {week} {name}", f"{name} KW {week}", f"{name} in KW {week}"][pick % 3]
    year = now.isocalendar().year
    if date.fromisocalendar(year, week, 7) < now.date():
        year += 1
    expected = at(date.fromisocalendar(year, week, weekday + 1), time(9))
    if expected < now:
        with pytest.raises(DateError) as caught:
            parse_when(phrase, now=now, tz=BERLIN)
        assert caught.value.reason == "past"
    else:
        expect(phrase, now, expected)


@settings(max_examples=200, deadline=None)
@given(now=nows, weekday=weekdays, pick=st.integers(0, 5), weeks=st.integers(1, 4))
def test_weekday_some_weeks_on(now: datetime, weekday: int, pick: int, weeks: int) -> None:
    name = spelled(weekday, pick, upper=False)
    count = {1: "einer", 2: "zwei", 3: "3", 4: "vier"}[weeks]
    unit = "Woche" if weeks == 1 else "Wochen"
    phrase = [f"{name} in {count} {unit}", f"in {count} {unit} am {name}"][pick % 2]
    monday = now.date() - timedelta(days=now.weekday())
    expect(phrase, now, at(monday + timedelta(weeks=weeks, days=weekday), time(9)))


@settings(max_examples=200, deadline=None)
@given(now=nows, named=st.sampled_from(sorted(HOURS_DE)), idiom=st.integers(0, 3))
def test_german_clock_idioms(now: datetime, named: int, idiom: int) -> None:
    word = HOURS_DE[named]
    phrase, hour, minute = [
        (f"halb {word}", named - 1, 30),
        (f"viertel nach {word}", named, 15),
        (f"viertel vor {word}", named - 1, 45),
        (f"dreiviertel {word}", named - 1, 45),
    ][idiom]
    clock = time(hour + 12 if hour <= 6 else hour, minute)  # business hours: 6:30 is 18:30
    today = at(now.date(), clock)
    expect(phrase, now, today if today >= now else at(now.date() + timedelta(days=1), clock))


@settings(max_examples=150, deadline=None)
@given(now=nows, count=st.integers(1, 12), region=st.sampled_from(["DE", "DE-BY", "DE-BE"]))
def test_working_days_skip_weekends_and_holidays(now: datetime, count: int, region: str) -> None:
    country, _, subdivision = region.partition("-")
    days_off = holidays.country_holidays(
        country, subdiv=subdivision or None, years=range(now.year, now.year + 2)
    )
    day, left = now.date(), count
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in days_off:
            left -= 1
    moment = parse_when(f"in {count} Werktagen", now=now, tz=BERLIN, region=region)
    assert moment == at(day, time(9))


NOT_A_WORD = st.text(alphabet="bcdfghjklnpqrstvwxz", min_size=4, max_size=9)
GRAMMAR_PHRASES = [
    "Do 10 Uhr", "morgen früh", "KW 7 Dienstag", "in drei Werktagen", "halb vier",
    "Freitag in einer Woche", "Ende Q1", "Montagabend", "in anderthalb Stunden", "3.12.",
    "next friday 2pm", "tomorrow morning", "Thursday after next", "am Wochenende",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    phrase=st.sampled_from(GRAMMAR_PHRASES),
    word=NOT_A_WORD,
    where=st.integers(0, 6),
    upper=st.booleans(),
)
def test_a_phrase_with_an_unknown_word_yields_no_date(
    phrase: str, word: str, where: int, upper: bool
) -> None:
    assume(word not in VOCABULARY)
    word = word.capitalize() if upper else word
    words = phrase.split()
    words.insert(where % (len(words) + 1), word)
    now = datetime(2026, 11, 23, 9, tzinfo=BERLIN)
    with pytest.raises(DateError) as caught:
        parse_when(" ".join(words), now=now, tz=BERLIN)
    assert caught.value.reason == "unknown"
    assert caught.value.unread == word
    assert len(caught.value.examples) == 2
