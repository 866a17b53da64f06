"""parse_when and split_trailing_when: guards, normalisation, rules first, dateparser last."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo

from handlers.dates import fallback, rules
from handlers.dates.days import NoMomentError
from handlers.dates.errors import DateError
from handlers.dates.words import FALLBACK_WORDS, REWRITES, STRONG_WORDS, VOCABULARY, fold

MAX_LENGTH: Final = 80
"""The longest phrase read at all; the longest sensible one is about 40 characters."""

MAX_WHEN_WORDS: Final = 8
"""The most words split_trailing_when tries as a time ("am nächsten Freitag um 14:30 Uhr")."""

_ALLOWED: Final = re.compile(r"[a-z0-9äöüß .:+-]*")
_NUMBER_WORD: Final = re.compile(
    r"(?:kw|cw)?\d[\d.:+-]*(?:st|nd|rd|th|h|uhr|am|pm|a\.m\.?|p\.m\.?|z)?"
)
_ISO_T: Final = re.compile(r"(\d{4}-\d{2}-\d{2})t(\d)")
_REWRITE: Final = re.compile(
    "|".join(
        rf"\b{re.escape(key)}" + (r"\b" if key[-1].isalnum() else "")
        for key in sorted(REWRITES, key=len, reverse=True)
    )
)
_QUOTES: Final = {'"': '"', "'": "'", "„": '“”"', "“": '”"', "”": '”"', "«": "»", "»": "«"}


@dataclass(frozen=True)
class Prepared:
    """A phrase ready for reading: `text` for dateparser (lower case, umlauts kept), `key`
    for the rules (umlauts written out, synonyms rewritten) and `key`'s words."""

    text: str
    key: str
    words: tuple[str, ...]

    def worth_reading(self) -> bool:
        """Every word a date word or a number, and at least one that names something."""
        return all(_known(word) for word in self.words) and any(
            word in STRONG_WORDS or _NUMBER_WORD.fullmatch(word) for word in self.words
        )

    def worth_dateparser(self) -> bool:
        """A word only dateparser reads ("midnight", "fortnight"), and no number: numbers are
        where dateparser goes wrong ("3.12." as a time, "10 Uhr" as the 10th, "7 in 2
        stunden" as 11:00), and the rules read them all."""
        return any(word in FALLBACK_WORDS for word in self.words) and not any(
            char.isdigit() for char in self.key
        )


def _known(word: str) -> bool:
    return word in VOCABULARY or _NUMBER_WORD.fullmatch(word) is not None


def prepare(phrase: str) -> Prepared | None:
    """Normalise a stripped, short phrase; None for characters no date phrase contains
    (control characters, quotes, slashes, emoji, letters beyond German and English)."""
    if any(unicodedata.category(char)[0] == "C" for char in phrase):
        return None
    text = unicodedata.normalize("NFKC", phrase).lower().replace(",", " ")
    if len(text) > MAX_LENGTH or not _ALLOWED.fullmatch(text):
        return None
    # "dez." and "morgen." lose their dot; "3.12." keeps it.
    words = [word if any(c.isdigit() for c in word) else word.rstrip(".") for word in text.split()]
    text = " ".join(word for word in words if word)
    key = _ISO_T.sub(r"\1 \2", fold(text))
    key = _REWRITE.sub(lambda match: REWRITES[match[0]], key)
    return Prepared(text, key, tuple(key.split()))


def _read(
    prepared: Prepared, now: datetime, zone: ZoneInfo, *, dateparser: bool
) -> datetime | None:
    """Rules first; dateparser only for what they leave that has a word only it reads."""
    if not prepared.words or not prepared.worth_reading():
        return None
    try:
        moment = rules.parse(prepared.key, now)
    except NoMomentError:
        return None
    if moment is None and dateparser and prepared.worth_dateparser():
        moment = fallback.parse(prepared.text, now, zone)
    return moment


def parse_when(phrase: str, *, now: datetime, tz: ZoneInfo) -> datetime:
    """Return the moment `phrase` names, as an aware datetime in UTC.

    `now` is aware (any zone); `tz` is the member's zone, in which "morgen 10 Uhr" is read.
    A day with no time of day means 09:00 in `tz`. Raises DateError: "empty", "too_long"
    (more than 80 characters), "unknown" (names no moment: "32.13.", "blabla") or "past"
    (a moment before `now`: "gestern", "heute 8 Uhr" at 09:00). See the package docstring
    for what each phrase means.
    """
    return _parse(phrase, now, tz, dateparser=True)


def _parse(
    phrase: str, now: datetime, tz: ZoneInfo, *, dateparser: bool, allow_past: bool = False
) -> datetime:
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    text = phrase.strip()
    if not text:
        raise DateError("empty", phrase)
    if len(text) > MAX_LENGTH:
        raise DateError("too_long", text)
    prepared = prepare(text)
    moment = _read(prepared, now.astimezone(tz), tz, dateparser=dateparser) if prepared else None
    if moment is None:
        raise DateError("unknown", text)
    moment = moment.astimezone(UTC)
    if moment < now and not allow_past:
        raise DateError("past", text)
    return moment


def split_trailing_when(
    text: str, *, now: datetime, tz: ZoneInfo, allow_past: bool = False
) -> tuple[str, datetime]:
    """For `followup <customer> <when>`: split text into (customer words, moment).

    The moment is the LONGEST trailing run of words that parses, leaving at least one word
    in front: "Müller GmbH morgen 10 Uhr" -> ("Müller GmbH", tomorrow 10:00). The runs are
    tried with the rules alone first, and with dateparser only if none parses: dateparser
    skips words it has no use for ("midnight express" is midnight to it), which would eat
    the end of a customer's name. A customer in quotes keeps its quotes' content
    whole ('"Bäcker Freitag" morgen' -> "Bäcker Freitag"), and everything after the closing
    quote must be the time. Unquoted, "Bäcker Freitag morgen" is ("Bäcker", Friday morning).

    `allow_past` reads past moments too ("gestern 15 Uhr", for a backdated log).

    Raises DateError: "past" if the longest parsing run is in the past, "unknown" if none
    parses (its phrase is the date-like end of the text, or the last word), "empty" if
    there is no word to read as a time at all.
    """
    stripped = text.strip()
    quoted = _split_quoted(stripped)
    if quoted is not None:
        customer, when = quoted
        if not when:
            raise DateError("empty", "")
        return customer, _parse(when, now, tz, dateparser=True, allow_past=allow_past)
    words = stripped.split()
    if len(words) < 2:
        raise DateError("empty", "")
    for dateparser in (False, True) if _has_fallback_word(words) else (False,):
        for start in range(max(1, len(words) - MAX_WHEN_WORDS), len(words)):
            when = " ".join(words[start:])
            try:
                moment = _parse(when, now, tz, dateparser=dateparser, allow_past=allow_past)
                return " ".join(words[:start]), moment
            except DateError as problem:
                if problem.reason == "past":
                    raise
    raise DateError("unknown", _date_like_end(words))


def _has_fallback_word(words: list[str]) -> bool:
    return any(fold(word.lower()) in FALLBACK_WORDS for word in words)


def _split_quoted(text: str) -> tuple[str, str] | None:
    """('"Bäcker Freitag" morgen') -> ("Bäcker Freitag", "morgen"); None if not quoted."""
    closers = _QUOTES.get(text[:1])
    if closers is None:
        return None
    end = next((i for i in range(1, len(text)) if text[i] in closers), None)
    if end is None or not text[1:end].strip():
        return None
    return text[1:end].strip(), text[end + 1 :].strip()


def _date_like_end(words: list[str]) -> str:
    """The words at the end that look like a date ("32.13."), else the last word: what the
    member is told could not be read."""
    start = len(words) - 1
    while start > 1 and _looks_like_date(words[start - 1]):
        start -= 1
    return " ".join(words[start:])


def _looks_like_date(word: str) -> bool:
    prepared = prepare(word)
    return prepared is not None and all(_known(part) for part in prepared.words)
