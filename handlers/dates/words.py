"""The words of date phrases, German and English, as the rules see them.

Every key is lower case with umlauts written out (ä -> ae, ö -> oe, ü -> ue, ß -> ss), so
"nächsten" and "naechsten" are one word. `fold` produces that form.

`VOCABULARY` is every word a date phrase may contain. A phrase with any other word is
refused before any rule or dateparser runs: that is what keeps `split_trailing_when` fast
(most suffixes of a command contain a customer's name) and what stops dateparser from
skipping words it does not know ("und morgen" would otherwise be tomorrow).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time
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
    **dict.fromkeys(("montag", "monday", "mon"), 0),
    **dict.fromkeys(("dienstag", "tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("mittwoch", "wednesday", "wed"), 2),
    **dict.fromkeys(("donnerstag", "thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("freitag", "friday", "fri"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "saturday", "sat"), 5),
    **dict.fromkeys(("sonntag", "sunday", "sun"), 6),
}
"""German two-letter abbreviations (Mo, Di, Do, So) are left out on purpose: "so" and "do"
are ordinary words, and a customer called "Haus Do" must not end in a weekday."""

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

NUMBERS: Final[dict[str, int]] = {
    **dict.fromkeys(("ein", "eine", "einer", "einem", "einen", "one", "a", "an"), 1),
    **dict.fromkeys(("zwei", "zwo", "two"), 2),
    **dict.fromkeys(("drei", "three"), 3),
    **dict.fromkeys(("vier", "four"), 4),
    **dict.fromkeys(("fuenf", "five"), 5),
    **dict.fromkeys(("sechs", "six"), 6),
    **dict.fromkeys(("sieben", "seven"), 7),
    **dict.fromkeys(("acht", "eight"), 8),
    **dict.fromkeys(("neun", "nine"), 9),
    **dict.fromkeys(("zehn", "ten"), 10),
    **dict.fromkeys(("elf", "eleven"), 11),
    **dict.fromkeys(("zwoelf", "twelve"), 12),
}

UNITS: Final[dict[str, str]] = {
    **dict.fromkeys(("min", "mins", "minute", "minuten", "minutes"), "minutes"),
    **dict.fromkeys(("std", "h", "stunde", "stunden", "hour", "hours", "hr", "hrs"), "hours"),
    **dict.fromkeys(("tag", "tage", "tagen", "day", "days"), "days"),
    **dict.fromkeys(("woche", "wochen", "week", "weeks"), "weeks"),
    **dict.fromkeys(("monat", "monate", "monaten", "month", "months"), "months"),
    **dict.fromkeys(("jahr", "jahre", "jahren", "year", "years"), "years"),
}

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
    **dict.fromkeys(("jahr", "jahres", "jahrs", "year"), "year"),
}

POSITIONS: Final[dict[str, str]] = {
    **dict.fromkeys(("anfang", "beginn", "beginning of", "start of", "early"), "start"),
    **dict.fromkeys(("mitte", "middle of", "mid"), "middle"),
    **dict.fromkeys(("ende", "end of", "late"), "end"),
}
"""Where in a week, month or year: start (Monday, 1st, 1 January), middle (Wednesday, 15th,
1 July), end (Friday, last day, 31 December)."""

MORNING: Final = time(9)
NOON: Final = time(12)
AFTERNOON: Final = time(15)
EVENING: Final = time(18)

PARTS_OF_DAY: Final[dict[str, time]] = {
    **dict.fromkeys(("morgens", "frueh", "vormittag", "vormittags", "morning"), MORNING),
    "morgen": MORNING,  # only after a day: "Freitag morgen"; alone it is tomorrow
    **dict.fromkeys(("mittag", "mittags", "noon", "midday"), NOON),
    **dict.fromkeys(("nachmittag", "nachmittags", "afternoon"), AFTERNOON),
    **dict.fromkeys(("abend", "abends", "evening"), EVENING),
}

REWRITES: Final[dict[str, str]] = {
    "tonight": "heute abends",
    "this morning": "heute morgens",
    "this afternoon": "heute nachmittags",
    "this evening": "heute abends",
    "the day after tomorrow": "uebermorgen",
    "day after tomorrow": "uebermorgen",
    "the day before yesterday": "vorgestern",
    "day before yesterday": "vorgestern",
    "this coming": "next",
    "the week after next": "uebernaechste woche",
    "week after next": "uebernaechste woche",
    "monatsende": "ende des monats",
    "monatsanfang": "anfang des monats",
    "monatsbeginn": "anfang des monats",
    "monatsmitte": "mitte des monats",
    "month end": "end of month",
    "month-end": "end of month",
    "jahresende": "ende des jahres",
    "jahresanfang": "anfang des jahres",
    "jahresbeginn": "anfang des jahres",
    "year end": "end of year",
    "year-end": "end of year",
    "einer halben stunde": "30 minuten",
    "half an hour": "30 minutes",
    "mid-": "mid ",
}
"""Synonyms written the one way the rules know, applied to the folded phrase."""

FILLERS: Final = frozenset(
    {
        # before a day: "am Freitag", "bis zum 3.12.", "on the 3rd", "in der nächsten Woche"
        "am",
        "an",
        "on",
        "the",
        "den",
        "der",
        "des",
        "dem",
        "im",
        "in",
        "bis",
        "by",
        "until",
        "till",
        "zum",
        "zur",
        "ab",
        "fuer",
        "for",
        "spaetestens",
        "of",
        # before or after a time: "um 10 Uhr", "at 3 pm"
        "um",
        "at",
        "gegen",
        "zu",
        "uhr",
        "pm",
        "a.m",
        "p.m",
        # offsets: "vor 2 Tagen", "2 days ago", "2 days from now", "3 Tage später"
        "vor",
        "ago",
        "from",
        "later",
        "spaeter",
        "kw",
        "cw",
        "kalenderwoche",
        "calendar",
    }
)
"""Words that belong to date phrases but name nothing alone: "um", "am", "der"."""

FALLBACK_WORDS: Final = frozenset({"fortnight", "fortnights", "midnight"})
"""Words no rule reads but dateparser does. Only a phrase with one of them goes to
dateparser: it reads nearly any heap of date words as some date ("nov mon" is 23 November
next year, "wed h" a Wednesday), so a phrase the rules refuse is refused, not guessed."""

_POSITION_WORDS: Final = frozenset(word for key in POSITIONS for word in key.split())

STRONG_WORDS: Final = frozenset(
    {
        *WEEKDAYS,
        *MONTHS,
        *RELATIVE_DAYS,
        *NOW_WORDS,
        *UNITS,
        *PERIODS,
        *PARTS_OF_DAY,
        *FALLBACK_WORDS,
    }
    - FILLERS
)
"""Words that name a date or a time by themselves, one of which dateparser needs to see."""

VOCABULARY: Final = STRONG_WORDS | FILLERS | set(NUMBERS) | set(STEPS) | _POSITION_WORDS
