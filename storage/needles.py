"""What identifies a person in free text, for a GDPR erasure or access request.

People rarely write a name the way the record holds it: "Herr Weiß", "Dr. Weiss",
"Weiß, Jörg", "0171/234 56 78", "+49 (0)171 2345678". So a person is found by their names
(full, reversed, spelled without umlauts or ß), a contact's surname after a title, the
e-mail, and the phone number in any notation: its national digits in order, with spaces,
dashes, slashes, dots or brackets between them and any of the usual prefixes in front.
A bare surname is not enough: "Lang" or "Weiß" are everyday words too.

The database narrows the rows (`mentions`: LIKE, letter case ignored as far as its lower()
folds it, JSON's escaped form included; a phone as its digits in order with anything
between); the regular expression of `redact` then decides, and replaces each mention.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import phonenumbers
from sqlalchemy import ColumnElement, Text, cast, func, or_

from storage.keys import DEFAULT_REGION, phone_forms
from storage.models import Party

REDACTED = "[erased]"
MIN_NEEDLE_CHARS = 3
"""Shorter values (a one-letter name) would redact half the database."""
TITLES = ("Herr", "Herrn", "Hr.", "Frau", "Fr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
          "Dr", "Dr.", "Prof.", "Herr Dr.", "Frau Dr.")  # fmt: skip
_SPELLINGS = (
    str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}),
    str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "A", "Ö": "O", "Ü": "U"}),
)
_BETWEEN = r"[\s\-/.()]{0,3}"
"""What people put between the digits of a phone number."""


@dataclass(frozen=True)
class Needles:
    """`words` are found as written (any letter case); `phones` are (country code,
    national digits), found in any notation."""

    words: tuple[str, ...]
    phones: tuple[tuple[int, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phones)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        words = [re.escape(w) for w in sorted(self.words, key=len, reverse=True)]
        return re.compile("|".join(words + [_phone(*p) for p in self.phones]), re.IGNORECASE)


def needles_of(parties: Iterable[Party]) -> Needles:
    """What identifies the person: each name (as written, reversed, without umlauts), a
    contact's surname after a title, the e-mail, and the phone in any notation."""
    words: set[str] = set()
    phones: set[tuple[int, str]] = set()
    for party in parties:
        values = [party.name, party.email, party.phone, *phone_forms(party.phone_e164)]
        values += _name_forms(party.name, contact=party.party_type == "contact")
        words.update(v.strip() for v in values if v and len(v.strip()) >= MIN_NEEDLE_CHARS)
        if party.phone_e164:
            number = phonenumbers.parse(party.phone_e164, DEFAULT_REGION)
            national = phonenumbers.national_significant_number(number)
            phones.add((number.country_code or 0, national))
    return Needles(tuple(sorted(words)), tuple(sorted(phones)))


def _name_forms(name: str | None, *, contact: bool) -> list[str]:
    parts = (name or "").split()
    forms = [" ".join(parts)]
    if contact and len(parts) >= 2:
        first, last = " ".join(parts[:-1]), parts[-1]
        forms += [f"{last}, {first}", *(f"{title} {last}" for title in TITLES)]
    return [spelled for form in forms for spelled in _spelled(form)]


def _spelled(text: str) -> set[str]:
    return {text, *(text.translate(table) for table in _SPELLINGS)}


def _phone(country: int, national: str) -> str:
    """A number in any notation: +49 171 …, 0049-171-…, +49 (0)171 …, (0171) …, 0171/…"""
    prefix = rf"(?:(?:\+|00)\s*{country}{_BETWEEN}(?:\(0\){_BETWEEN})?|\(?0{_BETWEEN})?"
    return rf"(?<![\d+]){prefix}{_BETWEEN.join(national)}(?!\d)"


def mentions(column: Any, needles: Needles) -> ColumnElement[bool]:
    """Whether the column's text may hold a needle (a superset: `redact` decides)."""
    as_text = func.lower(cast(column, Text))
    forms = {form.lower() for n in needles.words for form in (n, json.dumps(n)[1:-1])}
    found = [as_text.contains(form, autoescape=True) for form in sorted(forms)]
    found += [as_text.like("%" + "%".join(national) + "%") for _, national in needles.phones]
    return or_(*found)


def redact(value: Any, needles: Needles) -> Any:
    """`value` (text, or a JSON tree of texts) with every mention replaced by REDACTED."""
    if isinstance(value, str):
        return needles.pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [redact(v, needles) for v in value]
    if isinstance(value, dict):
        return {redact(k, needles): redact(v, needles) for k, v in value.items()}
    return value
