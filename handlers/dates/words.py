"""The words of date phrases, German and English, as the rules see them.

Every key is lower case with umlauts written out (ä -> ae, ö -> oe, ü -> ue, ß -> ss), so
"nächsten" and "naechsten" are one word. `fold` produces that form. Numbers written in
words are digits by the time a rule sees them (numbers.py); the words a phrase may contain
at all are in vocabulary.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_FOLD: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Write out umlauts and ß, the form every key below has."""
    return text.translate(_FOLD)


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, longest first so "montag" beats "mon"."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(word) for word in ordered) + ")"


def _inflected(*stems: str) -> list[str]:
    """German adjective endings: "naechste" -> naechste, naechsten, naechster, ..."""
    return [stem + ending for stem in stems for ending in ("", "n", "r", "s", "m")]


WEEKDAYS: Final[dict[str, int]] = {
    **dict.fromkeys(("montag", "monday", "mon", "mo"), 0),
    **dict.fromkeys(("dienstag", "tuesday", "tue", "tues", "di"), 1),
    **dict.fromkeys(("mittwoch", "wednesday", "wed", "weds", "mi"), 2),
    **dict.fromkeys(("donnerstag", "thursday", "thu", "thur", "thurs", "do"), 3),
    **dict.fromkeys(("freitag", "friday", "fri", "fr"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "saturday", "sat", "sa"), 5),
    **dict.fromkeys(("sonntag", "sunday", "sun", "so"), 6),
}
"""The two-letter German forms (Mo, Di, Do, So) are weekdays too: inside a date phrase
"do" and "so" can mean nothing else. A customer whose name ends in one ("Haus Do") is
told apart by `split.split_trailing_when`, which asks when a split is in doubt."""

FULL_WEEKDAYS: Final = frozenset(word for word in WEEKDAYS if len(word) > 4)

MONTHS: Final[dict[str, int]] = {
    **dict.fromkeys(("januar", "jaenner", "january", "jan"), 1),
    **dict.fromkeys(("februar", "february", "feb"), 2),
    **dict.fromkeys(("maerz", "march", "mrz", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "december", "dez", "dec"), 12),
}

RELATIVE_DAYS: Final[dict[str, int]] = {
    "heute": 0,
    "today": 0,
    "morgen": 1,
    "tomorrow": 1,
    "tmrw": 1,
    "uebermorgen": 2,
    "gestern": -1,
    "yesterday": -1,
    "vorgestern": -2,
}

NOW_WORDS: Final = frozenset({"jetzt", "sofort", "now"})

UNITS: Final[dict[str, str]] = {
    **dict.fromkeys(("min", "mins", "minute", "minuten", "minutes"), "minutes"),
    **dict.fromkeys(("std", "h", "stunde", "stunden", "hour", "hours", "hr", "hrs"), "hours"),
    **dict.fromkeys(("tag", "tage", "tagen", "day", "days"), "days"),
    **dict.fromkeys(("woche", "wochen", "week", "weeks"), "weeks"),
    **dict.fromkeys(("monat", "monate", "monaten", "month", "months"), "months"),
    **dict.fromkeys(("jahr", "jahre", "jahren", "year", "years"), "years"),
}

WORKING_DAYS: Final = frozenset(
    {
        *("werktag", "werktage", "werktagen", "arbeitstag", "arbeitstage", "arbeitstagen"),
        *("business day", "business days", "working day", "working days", "workday"),
        "workdays",
    }
)
"""Days that skip weekends and public holidays (`workdays.py`)."""

STEPS: Final[dict[str, int]] = {
    **dict.fromkeys(["this", *_inflected("diese")], 0),
    **dict.fromkeys(["next", "coming", *_inflected("naechste", "kommende")], 1),
    **dict.fromkeys(_inflected("uebernaechste"), 2),
    **dict.fromkeys(["last", "previous", *_inflected("letzte", "vergangene")], -1),
}
"""Which occurrence a modifier picks: 0 this, 1 the next, 2 the one after, -1 the last."""

PERIODS: Final[dict[str, str]] = {
    **dict.fromkeys(("woche", "week"), "week"),
    **dict.fromkeys(("monat", "monats", "month"), "month"),
    **dict.fromkeys(("quartal", "quartals", "quarter"), "quarter"),
    **dict.fromkeys(("jahr", "jahres", "jahrs", "year"), "year"),
}

POSITIONS: Final[dict[str, str]] = {
    **dict.fromkeys(("anfang", "beginn", "beginning of", "start of", "early"), "start"),
    **dict.fromkeys(("mitte", "middle of", "mid"), "middle"),
    **dict.fromkeys(("ende", "end of", "late"), "end"),
}
"""Where in a week, month, quarter or year: start (Monday, the 1st), middle (Wednesday, the
15th; of a quarter the 15th of its second month; of a year 1 July), end (Friday, the last
day)."""
