"""The understood moment in words, so a wrong reading is seen at once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

_PATTERNS = {
    ("de", False): "EEEE, d. MMM, HH:mm",
    ("de", True): "EEEE, d. MMM yyyy, HH:mm",
    ("en", False): "EEEE, d MMM, HH:mm",
    ("en", True): "EEEE, d MMM yyyy, HH:mm",
}


def describe(moment: datetime, language: str, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """ "Donnerstag, 26. Nov., 10:00" / "Thursday, 26 Nov, 10:00" in the member's zone; the
    year is written when it is not the year of `now` (or always, without `now`)."""
    local = moment.astimezone(tz)
    with_year = now is None or now.astimezone(tz).year != local.year
    lang = "de" if language == "de" else "en"
    return format_datetime(local, _PATTERNS[lang, with_year], tzinfo=tz, locale=lang)
