"""A phrase made ready for the rules: lower case, umlauts written out, synonyms rewritten,
compounds split ("Donnerstagvormittag"), number words as digits; and the words in it that
no date phrase contains, which are then named in the refusal."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from handlers.dates.numbers import spell_out
from handlers.dates.parts import COMPOUNDS
from handlers.dates.vocabulary import FALLBACK_WORDS, REWRITES, STRONG_WORDS, VOCABULARY
from handlers.dates.words import fold

MAX_LENGTH: Final = 80
"""The longest phrase read at all; the longest sensible one is about 40 characters."""

_ALLOWED_WORD: Final = re.compile(r"[a-z0-9äöüß.:+/,'-]+")
_NUMBER_WORD: Final = re.compile(
    r"\+?(?:kw|cw|q)?\d[\d.:,/+-]*"
    r"(?:st|nd|rd|th|h|uhr|am|pm|a\.m\.?|p\.m\.?|z|min|m|d|w)?"
)
_ISO_WORD: Final = re.compile(r"\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?")
_ISO_T: Final = re.compile(r"(\d{4}-\d{2}-\d{2})t(\d)")
_LONE_COMMA: Final = re.compile(r",(?!\d)|(?<!\d),")
_REWRITE: Final = re.compile(
    "|".join(
        rf"\b{re.escape(key)}" + (r"\b" if key[-1].isalnum() else "")
        for key in sorted(REWRITES, key=len, reverse=True)
    )
)


@dataclass(frozen=True)
class Prepared:
    """A phrase ready for reading: `text` for dateparser (lower case, umlauts kept), `key`
    for the rules and `key`'s words; `unread` holds the member's words (as typed, lower
    case) that no date phrase contains."""

    text: str
    key: str
    words: tuple[str, ...]
    unread: tuple[str, ...]

    def worth_reading(self) -> bool:
        """No unknown word, and at least one that names something."""
        return not self.unread and any(
            word in STRONG_WORDS or _NUMBER_WORD.fullmatch(word) for word in self.words
        )

    def worth_dateparser(self) -> bool:
        """A word only dateparser reads ("midnight", "fortnight"), and no digit: numbers
        are where dateparser goes wrong ("3.12." as a time, "10 Uhr" as the 10th, "7 in 2
        stunden" as 11:00), and the rules read them all."""
        return any(word in FALLBACK_WORDS for word in self.words) and not any(
            char.isdigit() for char in self.text
        )


def known(word: str) -> bool:
    """Whether a word (lower case, trailing dot removed) may stand in a date phrase."""
    folded = fold(word)
    if "-" in folded and folded.startswith("mid-"):  # "mid-December"
        folded = folded.removeprefix("mid-")
    return bool(
        folded in VOCABULARY
        or folded in COMPOUNDS
        or _NUMBER_WORD.fullmatch(folded)
        or _ISO_WORD.fullmatch(folded)
    )


def words_of(phrase: str, *, lower: bool = True) -> list[str] | None:
    """The words of a phrase, lower case (unless not `lower`), "Mo." and "Dez." without
    their dot ("3.12." keeps it); None if it holds control characters."""
    if any(unicodedata.category(char)[0] == "C" for char in phrase):
        return None
    text = _LONE_COMMA.sub(" ", unicodedata.normalize("NFKC", phrase))
    text = text.lower() if lower else text
    return [w if any(c.isdigit() for c in w) else w.rstrip(".") or w for w in text.split()]


def prepare(phrase: str) -> Prepared | None:
    """Normalise a stripped, short phrase; None if it holds control characters."""
    words = words_of(phrase)
    if words is None:
        return None
    typed = words_of(phrase, lower=False) or []
    unread = tuple(
        as_typed
        for word, as_typed in zip(words, typed, strict=False)
        if not (_ALLOWED_WORD.fullmatch(word) and known(word))
    )
    text = " ".join(words)
    key = _ISO_T.sub(r"\1 \2", fold(text))
    key = " ".join(COMPOUNDS.get(word, word) for word in key.split())
    key = _REWRITE.sub(lambda match: REWRITES[match[0]], key)
    folded = spell_out(key.split())
    return Prepared(text, " ".join(folded), tuple(folded), unread)
