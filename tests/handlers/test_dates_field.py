"""The field reps' table: phrases written as people type them, with hand-worked moments
(dates_field_winter.py, dates_field_spring.py). Each must read to exactly that moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.dates import parse_when
from tests.handlers.dates_field_spring import (
    EASTER_WEEK,
    EASTER_WEEK_PHRASES,
    MONTH_END,
    MONTH_END_PHRASES,
    OLD_YEAR,
    OLD_YEAR_PHRASES,
)
from tests.handlers.dates_field_winter import FRIDAY, FRIDAY_PHRASES, TUESDAY, TUESDAY_PHRASES
from tests.handlers.dates_moments import BERLIN, local

CASES = [
    *((TUESDAY, phrase, expected) for phrase, expected in TUESDAY_PHRASES),
    *((FRIDAY, phrase, expected) for phrase, expected in FRIDAY_PHRASES),
    *((EASTER_WEEK, phrase, expected) for phrase, expected in EASTER_WEEK_PHRASES),
    *((OLD_YEAR, phrase, expected) for phrase, expected in OLD_YEAR_PHRASES),
    *((MONTH_END, phrase, expected) for phrase, expected in MONTH_END_PHRASES),
]


@pytest.mark.parametrize(("now", "phrase", "expected"), CASES)
def test_field_phrase_means_its_moment(now: datetime, phrase: str, expected: str) -> None:
    moment = parse_when(phrase, now=now, tz=BERLIN)
    assert moment == local(expected)
    assert moment.tzinfo is UTC


def test_the_table_has_at_least_three_hundred_phrases_none_twice_per_now() -> None:
    assert len(CASES) >= 300
    assert len({(now, phrase) for now, phrase, _ in CASES}) == len(CASES)
