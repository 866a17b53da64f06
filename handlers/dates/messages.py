"""What a member is told about a date phrase: refusals that name the unread part with two
examples, a moment on a day off, and the hours of the parts of the day (for `help
followup`). Message ids are English, translated through the catalogue."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.dates.describe import describe
from handlers.dates.errors import DateError
from handlers.dates.parts import DAY_PARTS
from handlers.dates.workdays import DayOff
from handlers.i18n import N_, Translate

EMPTY = N_("When? Add a time, for example: morgen 10 Uhr")
TOO_LONG = N_("That time is too long to read.")
UNREAD = N_("I cannot read \u201c{unread}\u201d in \u201c{phrase}\u201d. Try: {examples}.")
UNKNOWN = N_("I cannot read \u201c{phrase}\u201d as a time. Try: {examples}.")
PAST = N_("\u201c{phrase}\u201d is in the past. Choose a time ahead.")
PASSED = N_(
    "\u201c{phrase}\u201d means {moment}, which has passed. Choose a time ahead, for example \u201c{phrase} 17 Uhr\u201d."
)
AMBIGUOUS_DATE = N_(
    "\u201c{phrase}\u201d can be the {first} or the {second}. Write the day first, with dots: {first} or {second}"
)
AMBIGUOUS_SPLIT = N_(
    "Which customer and which time? Put the customer in quotes, for example: {choices}"
)
HOLIDAY = N_("{day} is a public holiday ({holiday}). The next working day is {next}.")
WEEKEND = N_("{day} is on a weekend. The next working day is {next}.")
DAY_PARTS_TITLE = N_("Parts of the day")
DEFAULT_EXAMPLES = "morgen 10 Uhr, Freitag 14 Uhr, in 2 Stunden"


def refusal(problem: DateError, t: Translate, *, language: str, tz: ZoneInfo, now: datetime) -> str:
    """The member-facing words for a DateError, in the member's language."""
    phrase = problem.phrase[:60]
    examples = ", ".join(problem.examples) or DEFAULT_EXAMPLES
    if problem.reason == "empty":
        return t(EMPTY)
    if problem.reason == "too_long":
        return t(TOO_LONG)
    if problem.reason == "past":
        moment = problem.moment
        if moment is not None and moment.astimezone(tz).date() == now.astimezone(tz).date():
            return t(PASSED, phrase=phrase, moment=describe(moment, language, tz, now=now))
        return t(PAST, phrase=phrase)
    if problem.reason == "ambiguous_date" and len(problem.readings) == 2:
        first, second = problem.readings
        return t(AMBIGUOUS_DATE, phrase=phrase, first=first, second=second)
    if problem.reason == "ambiguous_split":
        choices = " / ".join(
            f"\u201c{split.customer}\u201d {split.phrase}" for split in problem.splits
        )
        return t(AMBIGUOUS_SPLIT, choices=choices)
    if problem.unread and problem.unread != problem.phrase:
        return t(UNREAD, unread=problem.unread[:40], phrase=phrase, examples=examples)
    return t(UNKNOWN, phrase=phrase, examples=examples)


def day_off(note: DayOff, moment: datetime, t: Translate, *, language: str, tz: ZoneInfo) -> str:
    """ "Freitag, 3. Apr., 10:00 is a public holiday (Karfreitag). The next working day is
    ..." for a follow-up's answer."""
    day = describe(moment, language, tz)
    later = describe(note.next_working, language, tz)
    if note.holiday:
        return t(HOLIDAY, day=day, holiday=note.holiday, next=later)
    return t(WEEKEND, day=day, next=later)


def day_parts_help(t: Translate) -> list[str]:
    """One line per part of the day and its hour, for `help followup`."""
    return [t(DAY_PARTS_TITLE) + ":"] + [
        f"{hour:%H:%M} \u2014 {', '.join(words)}" for hour, words in DAY_PARTS
    ]
