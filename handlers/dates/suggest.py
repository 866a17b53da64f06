"""Two phrases close to a refused one, for the member to copy: the phrase with its unread
word put right ("Frietag 10 Uhr" -> "freitag 10 Uhr") when that reads, and the nearest
of a few examples in the member's language (rapidfuzz)."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from rapidfuzz import fuzz, process, utils

from handlers.dates.base import Base
from handlers.dates.prepare import words_of
from handlers.dates.reading import reads
from handlers.dates.vocabulary import STRONG_WORDS
from handlers.dates.words import fold

EXAMPLES: Final[dict[str, tuple[str, ...]]] = {
    "de": (
        "morgen 10 Uhr",
        "Do 10 Uhr",
        "Freitag 14 Uhr",
        "nächste Woche Dienstag",
        "Dienstag KW 7",
        "Montag in zwei Wochen",
        "Donnerstagvormittag",
        "Montagabend",
        "übermorgen früh",
        "heute 17 Uhr",
        "halb vier",
        "viertel nach acht",
        "3.12.",
        "3. Dezember 15 Uhr",
        "in 2 Stunden",
        "in anderthalb Stunden",
        "in drei Werktagen",
        "am nächsten Arbeitstag",
        "Ende des Monats",
        "Mitte nächsten Monats",
        "Ende Q1",
        "am Wochenende",
        "Karfreitag",
        "+3d",
    ),
    "en": (
        "tomorrow 3pm",
        "friday 2pm",
        "next tuesday",
        "thursday after next",
        "tuesday next week",
        "tonight",
        "friday COB",
        "half past three",
        "Dec 3",
        "December 3rd at 2pm",
        "in 2 hours",
        "in half an hour",
        "in three business days",
        "next working day",
        "end of next month",
        "end of Q1",
        "this weekend",
        "Boxing Day",
        "+1w",
    ),
}
_CORRECTABLE: Final = sorted(word for word in STRONG_WORDS if len(word) > 3)


def _corrected(phrase: str, unread: str, local: datetime, base: Base) -> str | None:
    """`phrase` with each unread word swapped for the nearest date word, if it then reads."""
    words = words_of(phrase, lower=False) or []
    wrong = set(unread.split())
    fixed = []
    for word in words:
        if word in wrong:
            best = process.extractOne(
                fold(word.lower()), _CORRECTABLE, scorer=fuzz.ratio, score_cutoff=70
            )
            if best is None:
                return None
            word = best[0].capitalize() if word[:1].isupper() else best[0]
        fixed.append(word)
    candidate = " ".join(fixed)
    return candidate if candidate != " ".join(words) and reads(candidate, local, base) else None


def examples(
    phrase: str, unread: str, language: str, local: datetime, base: Base
) -> tuple[str, ...]:
    """Two phrases that read, close to `phrase`."""
    found: list[str] = []
    corrected = _corrected(phrase, unread, local, base) if unread and unread != phrase else None
    if corrected:
        found.append(corrected)
    choices = EXAMPLES.get(language, EXAMPLES["en"])
    nearest = process.extract(
        phrase, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
    )
    for example, _, _ in nearest:
        if example not in found and len(found) < 2:
            found.append(example)
    return tuple(found)
