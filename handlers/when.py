"""Date phrases read for one member: their language, zone, holidays and "now".

Every verb that takes a `<when>` reads it through here, so a phrase means the same in
`followup`, `snooze`, `log … followup=` and the chat's follow-up offer, and a refusal names
the part that could not be read, in the member's language.
"""

from __future__ import annotations

from datetime import datetime

from handlers.context import Context, Refusal
from handlers.dates import DateError, describe, parse_when, split_trailing_when
from handlers.dates.messages import day_off, refusal
from handlers.dates.workdays import working_day_note
from storage import parties


def moment(ctx: Context, phrase: str, *, argument: str | None = None) -> datetime:
    """The moment `phrase` names, or a Refusal that says why not."""
    try:
        return read(ctx, phrase)
    except DateError as problem:
        raise Refusal(date_problem(ctx, problem), argument=argument) from problem


def read(ctx: Context, phrase: str) -> datetime:
    """The moment `phrase` names, or the DateError, for a caller with its own exceptions."""
    return parse_when(
        phrase,
        now=ctx.now,
        tz=ctx.zone,
        language=ctx.member.language,
        region=ctx.settings.crm_holidays,
    )


def split(ctx: Context, text: str) -> tuple[str, datetime]:
    """Customer words and the moment that ends `text`; the split asks when the words before
    a shorter date name a customer exactly (raised as DateError "ambiguous_split")."""
    return split_trailing_when(
        text,
        now=ctx.now,
        tz=ctx.zone,
        language=ctx.member.language,
        region=ctx.settings.crm_holidays,
        is_customer=lambda words: bool(parties.with_exact_key(ctx.session, words)),
    )


def date_problem(ctx: Context, problem: DateError) -> str:
    return refusal(problem, ctx.t, language=ctx.member.language, tz=ctx.zone, now=ctx.now)


def spoken(ctx: Context, when: datetime) -> str:
    """ "Donnerstag, 26. Nov., 10:00": the understood moment in words, so a wrong reading
    is seen at once."""
    return describe(when, ctx.member.language, ctx.zone, now=ctx.now)


def day_off_note(ctx: Context, when: datetime) -> tuple[str, datetime] | None:
    """What to say when `when` falls on a weekend or public holiday, and the next working
    day at the same time; None on a working day."""
    note = working_day_note(when, ctx.zone, ctx.settings.crm_holidays, ctx.member.language)
    if note is None:
        return None
    text = day_off(note, when, ctx.t, language=ctx.member.language, tz=ctx.zone)
    return text, note.next_working
