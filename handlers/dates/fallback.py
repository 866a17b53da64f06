"""dateparser, behind the rules, for the few words only it reads ("midnight", "in a
fortnight"): the people this bot is built for asked for it by name, and it knows those
idioms in many spellings.

Only a phrase every word of which is a known date word, without digits and with a word
from `vocabulary.FALLBACK_WORDS`, reaches this: dateparser never sees a customer's name,
control characters, a page of text or a number it could misread. And dateparser skips
words it has no use for, so an answer is kept only if every word that names something
matters to it: dropping any one of them must change the answer. It is imported here, on
first use (`import dateparser` costs about 0.3 s), always with `languages=` (without, it
guesses among all languages: slow) and with our "now" as RELATIVE_BASE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.dates.parts import MORNING
from handlers.dates.vocabulary import STRONG_WORDS

LANGUAGES = ["de", "en"]


def _settings(now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    """Settings that make dateparser's answers ours: German day-month order, the future,
    our "now" (naive local wall time, as dateparser wants it) and aware results."""
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "TIMEZONE": zone.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RETURN_TIME_AS_PERIOD": True,
    }


def _read(phrase: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """dateparser's moment for `phrase` in `zone`; a day without a time is 09:00, as
    everywhere else (dateparser keeps midnight, or the time of `now`)."""
    from dateparser import DateDataParser  # type: ignore[import-untyped,unused-ignore]

    try:
        found = DateDataParser(languages=LANGUAGES, settings=_settings(now, zone)).get_date_data(
            phrase
        )
    except Exception:  # dateparser's own bugs on odd input must not reach the member
        return None
    moment = found.date_obj
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    try:
        local = moment.astimezone(zone)
    except (OverflowError, ValueError):
        return None
    if "time" in getattr(found, "parts", ()) or found.period == "time":
        return local
    return datetime.combine(local.date(), MORNING, tzinfo=zone)


def parse(phrase: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The moment dateparser reads in `phrase`, or None, also when it ignored a word."""
    moment = _read(phrase, now, zone)
    if moment is None:
        return None
    words = phrase.split()
    for index, word in enumerate(words):
        if word not in STRONG_WORDS or len(words) == 1:
            continue
        without = " ".join(words[:index] + words[index + 1 :])
        if _read(without, now, zone) == moment:
            return None  # the same answer without the word: dateparser did not read it
    return moment
