"""How the member writes dates: whether "12/3" puts the month first."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from babel.core import get_global


@cache
def _territory(zone: str) -> str:
    return str(get_global("zone_territories").get(zone, ""))


def month_first(language: str, tz: ZoneInfo) -> bool:
    """US English (English, in a US time zone) writes 12/3 for 3 December; everyone else
    either writes the day first or is asked."""
    return language == "en" and _territory(tz.key) == "US"
