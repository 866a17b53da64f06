"""What a member gets back: the wrong dates of issue 12 read right, refusals that name the
unread part with examples, splits that ask when in doubt, days off, and moments in words."""

from __future__ import annotations

import pickle
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import (
    DAY_PARTS,
    DateError,
    describe,
    parse_when,
    split_trailing_when,
    when_splits,
    working_day_note,
)
from handlers.dates.messages import day_off, day_parts_help, refusal
from handlers.i18n import translator
from tests.handlers.dates_moments import BERLIN, LAST_OF_MONTH, MONDAY, local

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def refused(phrase: str, now: datetime = MONDAY, **options: str) -> DateError:
    with pytest.raises(DateError) as caught:
        parse_when(phrase, now=now, tz=options.pop("tz", BERLIN), **options)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Öztürk Do 10 Uhr", "2026-11-26 10:00"),  # was Tuesday
        ("Öztürk Fr 14 Uhr", "2026-11-27 14:00"),  # was today 14:00
        ("Öztürk KW 2 Mittwoch", "2027-01-13 09:00"),  # was the wrong month
        ("Öztürk Freitag in einer Woche", "2026-12-04 09:00"),  # was a Monday
    ],
)
def test_the_wrong_dates_of_issue_12_now_read_right(text: str, expected: str) -> None:
    assert split_trailing_when(text, now=MONDAY, tz=BERLIN) == ("Öztürk", local(expected))


def test_an_unknown_word_is_named_with_two_examples_that_read() -> None:
    error = refused("Frietag 10 Uhr")
    assert (error.reason, error.unread) == ("unknown", "Frietag")
    assert error.examples[0] == "Freitag 10 Uhr"
    assert len(error.examples) == 2
    for example in error.examples:
        parse_when(example, now=MONDAY, tz=BERLIN)


def test_known_words_that_do_not_fit_together_name_the_odd_one_out() -> None:
    error = refused("Freitag 10 Uhr Dezember")
    assert (error.reason, error.unread) == ("unknown", "Dezember")


def test_twelve_slash_three_is_asked_unless_the_member_writes_us_dates() -> None:
    error = refused("12/3")
    assert (error.reason, error.readings) == ("ambiguous_date", ("12.3.", "3.12."))
    assert refused("12/3", language="en", tz=LONDON).reason == "ambiguous_date"
    us = parse_when("12/3", now=MONDAY, tz=NEW_YORK, language="en")
    assert us == local("2026-12-03 09:00", NEW_YORK)
    assert parse_when("25/12", now=MONDAY, tz=BERLIN) == local("2026-12-25 09:00")


def test_end_of_month_on_its_last_day_says_what_it_meant() -> None:
    error = refused("Ende des Monats", LAST_OF_MONTH)
    assert error.reason == "past"
    assert error.moment == local("2026-11-30 09:00")
    text = refusal(error, translator("de"), language="de", tz=BERLIN, now=LAST_OF_MONTH)
    assert "Montag, 30. Nov., 09:00" in text
    assert "Ende des Monats 17 Uhr" in text


def test_a_later_time_on_the_last_day_is_fine() -> None:
    moment = parse_when("Ende des Monats 17 Uhr", now=LAST_OF_MONTH, tz=BERLIN)
    assert moment == local("2026-11-30 17:00")


def test_a_split_that_could_leave_a_customer_in_front_is_asked() -> None:
    customers = {"bau freitag", "bau"}

    def is_customer(words: str) -> bool:
        return words.lower() in customers

    with pytest.raises(DateError) as caught:
        split_trailing_when("Bau Freitag 10 Uhr", now=MONDAY, tz=BERLIN, is_customer=is_customer)
    error = caught.value
    assert error.reason == "ambiguous_split"
    assert [(s.customer, s.moment) for s in error.splits] == [
        ("Bau", local("2026-11-27 10:00")),
        ("Bau Freitag", local("2026-11-23 10:00")),
    ]
    assert split_trailing_when("Bau Freitag 10 Uhr", now=MONDAY, tz=BERLIN) == (
        "Bau",
        local("2026-11-27 10:00"),
    )


def test_a_day_word_left_between_customer_and_date_is_not_swallowed() -> None:
    with pytest.raises(DateError) as caught:
        split_trailing_when("Müller Montag 3.12.", now=MONDAY, tz=BERLIN)
    assert (caught.value.reason, caught.value.unread) == ("unknown", "Montag")
    found = split_trailing_when(
        "Müller Montag 3.12.",
        now=MONDAY,
        tz=BERLIN,
        is_customer=lambda words: words == "Müller Montag",
    )
    assert found == ("Müller Montag", local("2026-12-03 09:00"))


def test_every_complete_split_is_listed_longest_date_first() -> None:
    splits = when_splits("Müller GmbH morgen 10 Uhr", now=MONDAY, tz=BERLIN)
    assert [s.phrase for s in splits] == ["morgen 10 Uhr", "10 Uhr"]


def test_a_moment_on_a_holiday_or_weekend_offers_the_next_working_day() -> None:
    christmas = local("2026-12-25 10:00")
    note = working_day_note(christmas, BERLIN, "DE", "de")
    assert note is not None
    assert note.next_working == local("2026-12-28 10:00")
    assert note.holiday is not None and "Weihnacht" in note.holiday
    saturday = working_day_note(local("2026-11-28 09:00"), BERLIN, "DE")
    assert saturday is not None and saturday.holiday is None
    assert saturday.next_working == local("2026-11-30 09:00")
    assert working_day_note(local("2026-11-27 09:00"), BERLIN, "DE") is None
    epiphany = local("2027-01-06 09:00")
    assert working_day_note(epiphany, BERLIN, "DE") is None
    assert working_day_note(epiphany, BERLIN, "DE-BY") is not None
    text = day_off(note, christmas, translator("de"), language="de", tz=BERLIN)
    assert "Montag, 28. Dez. 2026, 10:00" in text


def test_working_days_follow_the_region() -> None:
    tuesday = datetime(2027, 1, 5, 12, tzinfo=BERLIN)
    assert parse_when("am nächsten Arbeitstag", now=tuesday, tz=BERLIN) == local("2027-01-06 09:00")
    in_bavaria = parse_when("am nächsten Arbeitstag", now=tuesday, tz=BERLIN, region="DE-BY")
    assert in_bavaria == local("2027-01-07 09:00")


def test_the_understood_moment_in_words() -> None:
    thursday = local("2026-11-26 10:00")
    assert describe(thursday, "de", BERLIN, now=MONDAY) == "Donnerstag, 26. Nov., 10:00"
    assert describe(thursday, "en", BERLIN, now=MONDAY) == "Thursday, 26 Nov, 10:00"
    assert describe(local("2027-01-13 09:00"), "de", BERLIN, now=MONDAY).endswith("2027, 09:00")


def test_each_documented_part_of_the_day_reads_as_its_hour() -> None:
    just_after_midnight = datetime(2026, 11, 23, 0, 1, tzinfo=BERLIN)
    for hour, words in DAY_PARTS:
        for word in words:
            if "(" in word:
                continue
            moment = parse_when(word, now=just_after_midnight, tz=BERLIN)
            assert moment.astimezone(BERLIN).time() == hour, word
    lines = day_parts_help(translator("de"))
    assert lines[0] == "Tageszeiten:"
    assert "17:00 \u2014 Feierabend, Dienstschluss, COB, EOB, EOD, close of business" in lines


def test_refusals_in_german_name_what_was_not_read() -> None:
    german = translator("de")
    text = refusal(refused("Frietag 10 Uhr"), german, language="de", tz=BERLIN, now=MONDAY)
    assert text.startswith("Ich kann \u201eFrietag\u201c in \u201eFrietag 10 Uhr\u201c nicht lesen")
    assert "Freitag 10 Uhr" in text
    ambiguous = refusal(refused("12/3"), german, language="de", tz=BERLIN, now=MONDAY)
    assert "12.3." in ambiguous and "3.12." in ambiguous


def test_a_date_error_keeps_its_details_through_pickle() -> None:
    error = refused("Frietag 10 Uhr")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.unread, copy.examples) == (error.reason, "Frietag", error.examples)


def test_dateparser_reads_only_what_it_reads_whole() -> None:
    assert parse_when("in a fortnight", now=MONDAY, tz=BERLIN) == local("2026-12-07 09:00")
    assert refused("midnight Frietag").unread == "Frietag"
