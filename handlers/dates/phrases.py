"""parse_when: guards, normalisation, rules first, dateparser last, and refusals that say
what could not be read."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from handlers.dates.base import AmbiguousDateError, Base, NoMomentError
from handlers.dates.errors import DateError
from handlers.dates.prepare import MAX_LENGTH, Prepared, prepare, words_of
from handlers.dates.reading import moment_of, reads
from handlers.dates.suggest import examples
from handlers.dates.usage import month_first


def parse_when(
    phrase: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    language: str = "de",
    region: str = "DE",
) -> datetime:
    """Return the moment `phrase` names, as an aware datetime in UTC.

    `now` is aware (any zone); `tz` is the member's zone, in which "morgen 10 Uhr" is read;
    `language` ("de" or "en") picks the examples in a refusal and, with a US zone, reads
    "12/3" month first; `region` names the public holidays working days skip ("DE-BY").
    A day with no time of day means 09:00 in `tz`. Raises DateError (see errors.py) with
    the part not understood and two examples close to what was typed.
    """
    return read(phrase, now=now, tz=tz, language=language, region=region, dateparser=True)


def read(
    phrase: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    language: str,
    region: str,
    dateparser: bool,
) -> datetime:
    """parse_when, with dateparser optional (split.py tries the rules alone first)."""
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    text = phrase.strip()
    if not text:
        raise DateError("empty", phrase)
    if len(text) > MAX_LENGTH:
        raise DateError("too_long", text)
    local = now.astimezone(tz)
    base = Base(local.date(), region, month_first(language, tz))
    prepared = prepare(text)
    try:
        moment = moment_of(prepared, local, base, dateparser=dateparser)
    except AmbiguousDateError as problem:
        raise DateError("ambiguous_date", text, readings=problem.readings) from None
    except NoMomentError:
        moment = None
    if moment is None:
        unread = _unread(text, prepared, local, base)
        raise DateError(
            "unknown", text, unread=unread, examples=examples(text, unread, language, local, base)
        )
    moment = moment.astimezone(UTC)
    if moment < now:
        raise DateError("past", text, moment=moment)
    return moment


def _unread(text: str, prepared: Prepared | None, local: datetime, base: Base) -> str:
    """The part of a refused phrase that was not understood: its unknown words; else what
    is left beside the longest run of its words that reads ("Freitag 10 Uhr Dezember"
    -> "Dezember"); else the whole phrase."""
    if prepared is None:
        return text
    if prepared.unread:
        return " ".join(prepared.unread)
    words = words_of(text, lower=False) or []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            if reads(" ".join(words[start : start + size]), local, base):
                return " ".join(words[:start] + words[start + size :])
    return text
