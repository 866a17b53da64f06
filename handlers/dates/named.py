"""Days people name: public holidays, fixed or moving with Easter ("Karfreitag",
"Pfingstmontag", "Boxing Day"). A named day is its next occurrence, today included."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from dateutil.easter import easter

NAMED_DAYS: Final[dict[str, tuple[int, int] | int]] = {
    **dict.fromkeys(("neujahr", "neujahrstag", "new year's day", "new years day"), (1, 1)),
    **dict.fromkeys(("heilige 3 koenige", "dreikoenig", "epiphany"), (1, 6)),
    **dict.fromkeys(("valentinstag", "valentine's day"), (2, 14)),
    **dict.fromkeys(("tag der arbeit", "erster mai", "may day"), (5, 1)),
    **dict.fromkeys(("tag der deutschen einheit", "german unity day"), (10, 3)),
    **dict.fromkeys(("reformationstag", "reformation day"), (10, 31)),
    **dict.fromkeys(("allerheiligen", "all saints' day"), (11, 1)),
    **dict.fromkeys(("heiligabend", "heiliger abend", "christmas eve"), (12, 24)),
    **dict.fromkeys(("weihnachten", "christmas", "christmas day"), (12, 25)),
    **dict.fromkeys(("erster weihnachtsfeiertag", "1. weihnachtsfeiertag"), (12, 25)),
    **dict.fromkeys(("zweiter weihnachtsfeiertag", "2. weihnachtsfeiertag"), (12, 26)),
    **dict.fromkeys(("stephanstag", "boxing day"), (12, 26)),
    **dict.fromkeys(("silvester", "new year's eve", "new years eve"), (12, 31)),
    **dict.fromkeys(("gruendonnerstag", "maundy thursday"), -3),
    **dict.fromkeys(("karfreitag", "good friday"), -2),
    **dict.fromkeys(("ostern", "ostersonntag", "easter", "easter sunday"), 0),
    **dict.fromkeys(("ostermontag", "easter monday"), 1),
    **dict.fromkeys(("christi himmelfahrt", "himmelfahrt", "ascension day"), 39),
    **dict.fromkeys(("pfingsten", "pfingstsonntag", "whitsun", "whit sunday"), 49),
    **dict.fromkeys(("pfingstmontag", "whit monday"), 50),
    **dict.fromkeys(("fronleichnam", "corpus christi"), 60),
}
"""A fixed (month, day), or days after Easter Sunday. Keys are folded, number words
written as digits ("Heilige Drei Könige" is read as "heilige 3 koenige")."""

NAMED_WORDS: Final = frozenset(word for name in NAMED_DAYS for word in name.split())


def named_day(name: str, today: date) -> date | None:
    """The next day called `name`, today included; None if no day is called that."""
    rule = NAMED_DAYS.get(name)
    if rule is None:
        return None
    for year in (today.year, today.year + 1):
        found = easter(year) + timedelta(days=rule) if isinstance(rule, int) else date(year, *rule)
        if found >= today:
            return found
    raise AssertionError("a named day comes every year")
