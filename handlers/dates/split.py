"""`followup <customer> <when>`: telling the customer from the date, deliberately.

The date is the longest trailing run of words that reads completely as a moment. Every
shorter trailing run that also reads is another way to split the text ("Bau Montag 10 Uhr"
is Bau on Monday at 10:00, or Bau Montag today at 10:00). Only the customers can tell them
apart, so the caller passes `is_customer` (does this text name a customer exactly?) and
gets DateError("ambiguous_split") with the candidates when a shorter date leaves a known
customer in front. A word that names a time or day and stands right before the date
without being part of it ("Müller Freitag in einer Woche" if that did not read) is never
silently made part of the customer: refused unless the customer words name a customer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from handlers.dates.errors import DateError, Split
from handlers.dates.parts import COMPOUNDS, PARTS_OF_DAY
from handlers.dates.phrases import read
from handlers.dates.prepare import known, words_of
from handlers.dates.vocabulary import FALLBACK_WORDS
from handlers.dates.words import RELATIVE_DAYS, WEEKDAYS, fold

MAX_WHEN_WORDS: Final = 8
"""The most words tried as a time ("am nächsten Freitag um 14:30 Uhr")."""

_QUOTES: Final = {'"': '"', "'": "'", "„": '“”"', "“": '”"', "”": '”"', "«": "»", "»": "«"}
_DAY_WORDS: Final = frozenset({*WEEKDAYS, *RELATIVE_DAYS, *PARTS_OF_DAY, *COMPOUNDS})


def when_splits(
    text: str, *, now: datetime, tz: ZoneInfo, language: str = "de", region: str = "DE"
) -> tuple[Split, ...]:
    """Every way to read `text` as customer words and a complete date phrase, the longest
    date first; each leaves at least one word in front. Raises DateError("past") if the
    longest reading is in the past (never a shorter one: "Müller heute 8 Uhr" at 09:00 is
    not "8 Uhr" tomorrow)."""
    words = text.split()
    found: list[Split] = []
    has_fallback = any(fold(word.lower()) in FALLBACK_WORDS for word in words)
    for dateparser in (False, True) if has_fallback else (False,):
        for start in range(max(1, len(words) - MAX_WHEN_WORDS), len(words)):
            if not all(known(word) for word in words_of(" ".join(words[start:])) or ["\x00"]):
                continue
            when = " ".join(words[start:])
            try:
                moment = read(
                    when, now=now, tz=tz, language=language, region=region, dateparser=dateparser
                )
            except DateError as problem:
                if problem.reason == "past" and not found:
                    raise
                if problem.reason == "ambiguous_date" and not found:
                    raise
                continue
            found.append(Split(" ".join(words[:start]), when, moment))
        if found:
            break
    return tuple(found)


def split_trailing_when(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    language: str = "de",
    region: str = "DE",
    is_customer: Callable[[str], bool] | None = None,
) -> tuple[str, datetime]:
    """Split text into (customer words, moment): "Müller GmbH morgen 10 Uhr" ->
    ("Müller GmbH", tomorrow 10:00).

    A customer in quotes keeps its quotes' content whole ('"Bäcker Freitag" morgen'), and
    everything after the closing quote must be the time. Unquoted, the longest trailing
    date wins, unless `is_customer` says a shorter one leaves a customer's exact name in
    front: DateError("ambiguous_split", splits=...) then, for the caller to ask.

    Raises DateError: "past" (the longest reading is past), "unknown" (none reads; its
    phrase is the date-like end of the text; or a day word stands between the customer
    and the date, unread), "ambiguous_date", "ambiguous_split", "empty" (no word to read
    as a time).
    """
    stripped = text.strip()
    quoted = _split_quoted(stripped)
    if quoted is not None:
        customer, when = quoted
        if not when:
            raise DateError("empty", "")
        return customer, read(
            when, now=now, tz=tz, language=language, region=region, dateparser=True
        )
    words = stripped.split()
    if len(words) < 2:
        raise DateError("empty", "")
    splits = when_splits(stripped, now=now, tz=tz, language=language, region=region)
    if not splits:
        end = _date_like_end(words)
        read(end, now=now, tz=tz, language=language, region=region, dateparser=True)
        raise DateError("unknown", end, unread=end)  # reads alone, but not after the name
    best = splits[0]
    if is_customer is not None:
        named = tuple(split for split in splits[1:] if is_customer(split.customer))
        if named:
            raise DateError("ambiguous_split", best.phrase, splits=(best, *named))
    before = best.customer.split()[-1]
    if fold(before.lower().rstrip(".")) in _DAY_WORDS and not (
        is_customer is not None and is_customer(best.customer)
    ):
        raise DateError("unknown", f"{before} {best.phrase}", unread=before)
    return best.customer, best.moment


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
    """The words at the end that could belong to a date ("32.13."), else the last word:
    what the member is told could not be read."""
    start = len(words) - 1
    while start > 1 and known(words[start - 1].lower().rstrip(".")):
        start -= 1
    return " ".join(words[start:])
