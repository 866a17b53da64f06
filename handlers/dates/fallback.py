"""dateparser, for the few date phrases no rule reads ("midnight", "in a fortnight").

Only a phrase the rules could not read, made of known date words, without digits and with
a word only dateparser reads (`words.FALLBACK_WORDS`) reaches this: dateparser never sees a
customer's name, control characters, a page of text or a number it could misread. It is imported here,
on first use, because `import dateparser` costs about 0.3 s at the CLI's start, and its
first parse loads its locale data (another ~0.2 s, once per process).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.dates.words import MORNING


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


def parse(phrase: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The moment dateparser reads in `phrase` (German or English), in `zone`, or None.

    A day without a time of day becomes 09:00, as everywhere else: dateparser would keep
    midnight for "Dec 3" and the time of `now` for "a week from now".
    """
    from dateparser import DateDataParser  # type: ignore[import-untyped,unused-ignore]

    try:
        data = DateDataParser(languages=["de", "en"], settings=_settings(now, zone))
        found = data.get_date_data(phrase)
    except Exception:  # dateparser's own bugs on odd input must not reach the member
        return None
    moment = found.date_obj
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    try:
        local = moment.astimezone(zone)
    except (OverflowError, ValueError):
        return None
    has_time = "time" in getattr(found, "parts", ()) or found.period == "time"
    if has_time:
        return local
    return datetime.combine(local.date(), MORNING, tzinfo=zone)
