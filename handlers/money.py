"""Reading money as people write it, German or English, and showing it the member's way.

How separators are read (the rule the tests pin down):
- Both `.` and `,` in one number: the one that comes last is the decimal separator and may
  appear only once; the other groups thousands (`12.500,50`, `12,500.50`).
- One kind, more than once: it groups thousands (`1.000.000`, `1,000,000`).
- One kind, once: a thousands separator when exactly three digits follow it and one to three
  digits (not a lone `0`) stand before it (`12.000` and `12,000` are 12000, `1.234` is 1234);
  otherwise the decimal separator (`12,5`, `12.5`, `0,125`, `1234.5`).
- With a multiplier (`k`, `Tsd`, `Mio`, `m`, `Mrd`, `bn` ...) a single separator is always
  decimal: `1,2 Mio` and `1.250m` are millions and a quarter, as people mean them.
- Groups after the first have exactly three digits; anything else (`1.234,5.6`, `1,234.5,6`,
  `1.23.456`) is ambiguous and refused, never guessed. Spaces do not group (`12 000` is no
  amount), so a customer name ending in a number cannot run into the value.
- `,-` or `.-` after the number means "no cents" (`3.000,-`).

Currencies are ISO 4217 codes, the symbols and the German and English names Babel knows
(`€`, `$`, `£`, `CHF`, `Euro`, `US-Dollar`); the code is the one stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

from babel.numbers import format_currency, get_currency_name, get_currency_symbol, list_currencies

from storage.folding import fold

REASONS: Final = frozenset(
    {
        "empty",
        "not_money",
        "not_positive",
        "ambiguous",
        "unknown_currency",
        "too_large",
        "too_precise",
    }
)
MAX_TEXT: Final = 40
CENT: Final = Decimal("0.01")
LARGEST: Final = Decimal("999999999999.99")
"""The most deals.value (Numeric(14, 2)) holds."""

MULTIPLIERS: Final = {
    **dict.fromkeys(("k", "tsd", "tausend", "thousand"), Decimal(10**3)),
    **dict.fromkeys(("m", "mio", "mn", "million", "millionen", "millions"), Decimal(10**6)),
    **dict.fromkeys(("mrd", "milliarde", "milliarden", "bn"), Decimal(10**9)),
}
"""No "Bio" or "billion": a German Billion is an English trillion."""

_SYMBOL: Final = r"[^\W\d_]{0,3}[^\w\s.,+\-−]"
_SHAPE: Final = re.compile(
    rf"(?P<sign>[-−+]?)\s*(?:(?P<pre>{_SYMBOL}|[^\W\d_]{{3}})\s*)?(?P<sign2>[-−+]?)\s*"
    r"(?P<number>\d(?:[\d.,]*\d)?)(?P<dash>[.,][-—]{1,2})?\s*(?P<tail>.*)"
)
_MULTIPLIER: Final = re.compile(
    "(?P<word>" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + r")(?![^\W\d_])\.?\s*",
    re.IGNORECASE,
)


class MoneyError(ValueError):
    """Text that is no amount we can take. `reason` is one of REASONS; `text` is what the
    member wrote (for the message)."""

    reason: str
    text: str

    def __init__(self, reason: str, text: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown MoneyError reason {reason!r}")
        super().__init__(reason, text)
        self.reason = reason
        self.text = text

    def __str__(self) -> str:
        return f"{self.reason}: {self.text[:60]!r}"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    """Positive, with at most two decimal places."""
    currency: str
    """ISO 4217 code."""


def parse_money(text: str, default_currency: str) -> Money:
    """The amount `text` writes, in its currency or else `default_currency`."""
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    if not cleaned:
        raise MoneyError("empty", text)
    shape = _SHAPE.fullmatch(cleaned) if len(cleaned) <= MAX_TEXT else None
    if shape is None:
        raise MoneyError("not_money", text)
    tail = shape["tail"]
    multiplier = _MULTIPLIER.match(tail)
    if multiplier is not None:
        tail = tail[multiplier.end() :]
    currency = _currency(shape["pre"], tail, default_currency, text)
    if "-" in shape["sign"] + shape["sign2"] or "−" in shape["sign"] + shape["sign2"]:
        raise MoneyError("not_positive", text)
    number = _read_number(shape["number"], scaled=multiplier is not None, text=text)
    if shape["dash"] and number != number.to_integral_value():
        raise MoneyError("ambiguous", text)
    if multiplier is not None:
        number *= MULTIPLIERS[multiplier["word"].lower()]
    return Money(_checked(number, text), currency)


def split_trailing_money(text: str, default_currency: str) -> tuple[str, Money] | None:
    """`Müller GmbH 12.000 €` -> ("Müller GmbH", 12000 EUR): the amount that ends `text`.

    The longest ending (up to four words) that reads as money wins, so `EUR 9.999,99` keeps
    its code while `SAP 50k` keeps its customer. None when nothing there looks like money; a
    MoneyError when it does but is refused (`Müller -500 €`).
    """
    words = text.split()
    refusal: MoneyError | None = None
    found: tuple[str, Money] | None = None
    for size in range(1, min(4, len(words)) + 1):
        try:
            money = parse_money(" ".join(words[-size:]), default_currency)
        except MoneyError as error:
            if refusal is None and error.reason != "not_money":
                refusal = error
            continue
        found = (" ".join(words[:-size]), money)
    if found is None and refusal is not None:
        raise refusal
    return found


def format_money(money: Money, language: str) -> str:
    """`12.000,00 €` in German, `€12,000.00` in English (Babel's patterns)."""
    return format_currency(money.amount, money.currency, locale=language)


def currency_code(word: str) -> str | None:
    """The ISO code a code, symbol or name stands for (`eur`, `€`, `Euro` -> EUR)."""
    key = word.strip()
    if key.upper() in _codes():
        return key.upper()
    return _symbols().get(key) or _names().get(fold(key))


def _currency(pre: str | None, tail: str, default: str, text: str) -> str:
    codes = {code for code in (_word_currency(pre, text), _word_currency(tail, text)) if code}
    if len(codes) > 1:
        raise MoneyError("ambiguous", text)
    return codes.pop() if codes else default


def _word_currency(word: str | None, text: str) -> str | None:
    if not word:
        return None
    code = currency_code(word)
    if code is not None:
        return code
    looks_like_one = (len(word) == 3 and word.isalpha()) or re.fullmatch(_SYMBOL, word)
    raise MoneyError("unknown_currency" if looks_like_one else "not_money", text)


def _read_number(digits: str, scaled: bool, text: str) -> Decimal:
    separators = [char for char in digits if char in ".,"]
    if not separators:
        return Decimal(digits)
    decimal = separators[-1]
    if len(set(separators)) == 2 or (
        len(separators) == 1 and not _groups_thousands(digits, scaled)
    ):
        if separators.count(decimal) > 1:
            raise MoneyError("ambiguous", text)
        whole, _, fraction = digits.rpartition(decimal)
        return Decimal(_ungrouped(whole, text) + "." + fraction)
    return Decimal(_ungrouped(digits, text))


def _groups_thousands(digits: str, scaled: bool) -> bool:
    """A single separator: thousands when exactly three digits follow one to three others."""
    before, _, after = digits.replace(",", ".").partition(".")
    return not scaled and len(after) == 3 and len(before) <= 3 and before != "0"


def _ungrouped(digits: str, text: str) -> str:
    groups = re.split(r"[.,]", digits)
    if len(set(re.findall(r"[.,]", digits))) > 1:
        raise MoneyError("ambiguous", text)
    if not 1 <= len(groups[0]) <= 3 and len(groups) > 1:
        raise MoneyError("ambiguous", text)
    if any(len(group) != 3 for group in groups[1:]):
        raise MoneyError("ambiguous", text)
    return "".join(groups)


def _checked(amount: Decimal, text: str) -> Decimal:
    if amount <= 0:
        raise MoneyError("not_positive", text)
    if amount != amount.quantize(CENT):
        raise MoneyError("too_precise", text)
    if amount > LARGEST:
        raise MoneyError("too_large", text)
    return amount.quantize(CENT)


@cache
def _codes() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if code != "XXX")


@cache
def _symbols() -> dict[str, str]:
    """Symbols that stand for one currency in German and English (`€`, `$`, `£`, `A$`)."""
    seen: dict[str, set[str]] = {}
    for code in _codes():
        for language in ("de", "en"):
            symbol = get_currency_symbol(code, language)
            if symbol != code and "." not in symbol and not symbol.isalpha():
                seen.setdefault(symbol, set()).add(code)
    return {symbol: codes.pop() for symbol, codes in seen.items() if len(codes) == 1}


@cache
def _names() -> dict[str, str]:
    """Folded German and English names, singular and plural (`euro`, `euros`, `us dollar`)."""
    seen: dict[str, set[str]] = {}
    for code in _codes():
        for language in ("de", "en"):
            for count in (1, 2):
                seen.setdefault(fold(get_currency_name(code, count, language)), set()).add(code)
    return {name: codes.pop() for name, codes in seen.items() if len(codes) == 1}
