"""Numbers written in words, German and English, up to the sixties, and fractions.

`spell_out` turns them into digits before any rule runs, so "in drei Werktagen", "um zehn",
"halb vier", "dreiundzwanzig Uhr" and "twenty-five minutes" read like "in 3 Werktagen",
"um 10", "halb 4", "23 Uhr" and "25 minutes". A fraction becomes a decimal with a comma
("anderthalb" -> "1,5"), the form `offsets.py` reads as an amount and never as a date.
"""

from __future__ import annotations

from typing import Final

_UNITS_DE: Final = {
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
}
_TENS_DE: Final = {"zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50, "sechzig": 60}
_TEENS_DE: Final = {
    "zehn": 10,
    "elf": 11,
    "zwoelf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fuenfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
_UNITS_EN: Final = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS_EN: Final = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_EN: Final = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}


def _german() -> dict[str, int]:
    words = {**_UNITS_DE, **_TEENS_DE, **_TENS_DE, "zwo": 2, "eins": 1}
    words |= dict.fromkeys(("eine", "einer", "einem", "einen"), 1)
    for tens_word, tens in _TENS_DE.items():
        for unit_word, unit in _UNITS_DE.items():
            words[f"{unit_word}und{tens_word}"] = tens + unit
    return words


def _english() -> dict[str, int]:
    words = {**_UNITS_EN, **_TEENS_EN, **_TENS_EN, "a": 1, "an": 1}
    for tens_word, tens in _TENS_EN.items():
        for unit_word, unit in _UNITS_EN.items():
            words[f"{tens_word}-{unit_word}"] = tens + unit
    return words


NUMBER_WORDS: Final[dict[str, int]] = {**_german(), **_english()}
"""Every number word (folded) and its value: 1 to 69."""

FRACTIONS: Final[dict[str, str]] = {
    "anderthalb": "1,5",
    "eineinhalb": "1,5",
    "einhalb": "0,5",
    **{f"{word}einhalb": f"{value},5" for word, value in _UNITS_DE.items() if value > 1},
}
"""German fractions of a count ("zweieinhalb Stunden"); the English ones are rewrites
("one and a half" -> "1,5", vocabulary.py)."""


def spell_out(words: list[str]) -> list[str]:
    """Folded words with number words and fractions as digits; "twenty three" is one."""
    out: list[str] = []
    previous = ""
    for word in words:
        value = NUMBER_WORDS.get(word)
        if word in FRACTIONS:
            out.append(FRACTIONS[word])
        elif value is None:
            out.append(word)
        elif previous in _TENS_EN and word in _UNITS_EN:
            out[-1] = str(_TENS_EN[previous] + value)  # "twenty three"
        else:
            out.append(str(value))
        previous = word
    return out
