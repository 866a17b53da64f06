"""Date phrases as members type them, German or English: "morgen 10 Uhr", "Do 10 Uhr".

    parse_when(phrase, *, now, tz, language="de", region="DE") -> datetime (aware, UTC)
    split_trailing_when(text, *, now, tz, language="de", region="DE", is_customer=None)
        -> (customer words, datetime)
    when_splits(text, *, now, tz, ...) -> every (customer, phrase, moment) that reads
    DateError(reason, phrase, *, unread, examples, moment, readings, splits)
    describe(moment, language, tz, *, now=None) -> "Donnerstag, 26. Nov., 10:00"
    working_day_note(moment, tz, region, language) -> DayOff(holiday, next_working) | None
    DAY_PARTS: the hour of each part of the day; messages.refusal / day_off / day_parts_help

The rule that comes first: every word of a phrase is understood, or the phrase is refused
naming the part that was not (`DateError.unread`) with two examples close to what was
typed (`DateError.examples`). A weekday, a week number or a time of day is never dropped.

Reasons: "empty", "too_long", "unknown" (`unread`, `examples`), "past" (`moment`: what
the phrase meant, e.g. "Ende des Monats" on the month's last day at 10:00 is today
09:00), "ambiguous_date" ("12/3"; `readings` = ("12.3.", "3.12."); a US-English member
reads it month first), "ambiguous_split" (`splits`: the candidate (customer, phrase,
moment) readings, longest date first).

Splitting `followup <customer> <when>` (split.py): the date is the longest trailing run
of words that reads completely. When a shorter date also reads and leaves a customer's
exact name in front (the caller's `is_customer` says so: "Bau Montag 10 Uhr" with a
customer "Bau Montag"), the split is ambiguous and the member is asked. A day word right
before the date that is not part of it is refused unless the customer words name a
customer. A customer in quotes ('"Bäcker Freitag" morgen') is never split.

How: prepare.py normalises (case, umlauts, dots, compounds, number words as digits,
synonyms); rules.py cuts a phrase into a day (days.py, written.py, offsets.py, named.py)
and a time of day (clock.py, parts.py) and reads each whole; dateparser (fallback.py,
imported on first use) gets only phrases of known words with a word only it reads
("midnight", "in a fortnight"), and its answer is dropped if it ignored any word.

What phrases mean (`tz` is the member's zone; a day with no time of day is 09:00 there)
is listed in the README's "Date phrases". Wall-clock times are local in `tz` on their
day, so "morgen 9 Uhr" on the Saturday before a daylight-saving change is 09:00 on the
Sunday, in that Sunday's offset. A time that does not exist that night (02:30 in March)
is read with the offset before the change.
"""

from handlers.dates.describe import describe
from handlers.dates.errors import DateError, Split
from handlers.dates.parts import DAY_PARTS
from handlers.dates.phrases import parse_when
from handlers.dates.split import split_trailing_when, when_splits
from handlers.dates.workdays import DayOff, working_day_note

__all__ = [
    "DAY_PARTS",
    "DateError",
    "DayOff",
    "Split",
    "describe",
    "parse_when",
    "split_trailing_when",
    "when_splits",
    "working_day_note",
]
