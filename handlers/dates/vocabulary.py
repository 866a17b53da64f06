"""Every word a date phrase may contain, and the synonyms written the one way rules know.

A phrase with any other word is refused before any rule or dateparser runs, naming that
word: it keeps `split_trailing_when` fast (most suffixes of a command hold a customer's
name) and stops anything from skipping words it does not know ("und morgen" would
otherwise be tomorrow).
"""

from __future__ import annotations

from typing import Final

from handlers.dates.named import NAMED_WORDS
from handlers.dates.numbers import FRACTIONS, NUMBER_WORDS
from handlers.dates.parts import COMPOUNDS, PARTS_OF_DAY
from handlers.dates.words import (
    MONTHS,
    NOW_WORDS,
    PERIODS,
    POSITIONS,
    RELATIVE_DAYS,
    STEPS,
    UNITS,
    WEEKDAYS,
    WORKING_DAYS,
)

REWRITES: Final[dict[str, str]] = {
    "tonight": "heute abend",
    "this morning": "heute morgens",
    "this afternoon": "heute nachmittags",
    "this evening": "heute abend",
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
    "quartalsende": "ende des quartals",
    "quartalsanfang": "anfang des quartals",
    "jahresende": "ende des jahres",
    "jahresanfang": "anfang des jahres",
    "jahresbeginn": "anfang des jahres",
    "year end": "end of year",
    "year-end": "end of year",
    "einer halben stunde": "30 minuten",
    "eine halbe stunde": "30 minuten",
    "halbe stunde": "30 minuten",
    "half an hour": "30 minutes",
    "half hour": "30 minutes",
    "einer viertelstunde": "15 minuten",
    "eine viertelstunde": "15 minuten",
    "viertelstunde": "15 minuten",
    "a quarter of an hour": "15 minutes",
    "quarter of an hour": "15 minutes",
    "an hour and a half": "1,5 hours",
    "one and a half": "1,5",
    "mid-": "mid ",
    "o'clock": "uhr",
    "close of business": "cob",
    "end of business": "cob",
    "end of the day": "cob",
    "end of day": "cob",
    "early morning": "frueh",
    "late morning": "vormittag",
    "business days": "werktage",
    "business day": "werktag",
    "working days": "werktage",
    "working day": "werktag",
    "workdays": "werktage",
    "workday": "werktag",
}
"""Synonyms written the one way the rules know, applied to the folded phrase."""

FILLERS: Final = frozenset(
    {
        # before a day: "am Freitag", "bis zum 3.12.", "on the 3rd", "in der nächsten Woche"
        *("am", "an", "on", "the", "den", "der", "des", "dem", "im", "in", "bis", "by"),
        *("until", "till", "zum", "zur", "ab", "fuer", "for", "spaetestens", "of", "at"),
        # times: "um 10 Uhr", "at 3 pm", "viertel nach acht", "half past three"
        *("um", "gegen", "zu", "uhr", "pm", "a.m", "p.m", "nach", "vor", "halb", "viertel"),
        *("dreiviertel", "half", "past", "to", "after"),
        # offsets: "vor 2 Tagen", "2 days ago", "2 days from now", "3 Tage später"
        *("ago", "from", "later", "spaeter", "und", "and"),
        # weeks: "KW 7", "calendar week 7", "am Wochenende"
        *("kw", "cw", "kalenderwoche", "calendar"),
    }
)
"""Words that belong to date phrases but name nothing alone: "um", "am", "der"."""

FALLBACK_WORDS: Final = frozenset({"fortnight", "fortnights", "midnight"})
"""Words no rule reads but dateparser does (fallback.py)."""

_PHRASE_WORDS: Final = frozenset(
    word
    for phrase in (*REWRITES, *POSITIONS, *WORKING_DAYS, *PARTS_OF_DAY)
    for word in phrase.split()
)

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
        *WORKING_DAYS,
        *COMPOUNDS,
        *NAMED_WORDS,
        "wochenende",
        "weekend",
    }
    - FILLERS
)
"""Words that name a date or a time by themselves."""

VOCABULARY: Final = (
    STRONG_WORDS
    | FILLERS
    | set(STEPS)
    | set(NUMBER_WORDS)
    | set(FRACTIONS)
    | _PHRASE_WORDS
    | {"weeks", "after", "next"}
)
"""Every word (folded, without its trailing dot) a date phrase may hold."""
