"""Reading the key=value fields of `add company` / `add contact` in either language.

The same checks serve chat input and CSV import: every value is cleaned of control
characters and measured against its column before the database sees it, so SQLite (which
would store anything) and PostgreSQL (which would refuse) answer alike.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import phonenumbers
from sqlalchemy import String

from handlers.command import clean
from handlers.context import Context, Refusal
from handlers.i18n import Translate
from storage.models import RELATIONSHIPS, Party

KEY_ALIASES = {
    "email": "email", "mail": "email", "e-mail": "email",
    "phone": "phone", "tel": "phone", "telefon": "phone", "mobil": "phone", "mobile": "phone",
    "city": "city", "stadt": "city", "ort": "city",
    "address": "address", "adresse": "address", "anschrift": "address",
    "tags": "tags", "tag": "tags", "schlagworte": "tags",
    "kind": "relationship_kind", "type": "relationship_kind", "art": "relationship_kind",
    "typ": "relationship_kind", "beziehung": "relationship_kind",
    "company": "company", "firma": "company",
    "force": "force",
}  # fmt: skip
KIND_ALIASES = {
    "kunde": "customer", "interessent": "prospect", "lieferant": "supplier",
    "partner": "partner", "investor": "investor", "presse": "press", "sonstige": "other",
    "andere": "other",
}  # fmt: skip
MAX_VALUE_CHARS = 300
MAX_CUSTOM_KEY_CHARS = 40
PHONE_CACHE_SIZE = 65_536
"""Distinct numbers whose international form is kept (a few MB at most)."""


def _chars(column: str) -> int:
    kind = Party.__table__.c[column].type
    assert isinstance(kind, String) and kind.length is not None
    return kind.length


MAX_NAME_CHARS = _chars("name")
COLUMN_CHARS: dict[str, int] = {key: _chars(key) for key in ("email", "phone", "city", "address")}
"""The longest value each column holds; any other value (a custom field) MAX_VALUE_CHARS."""
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def read_fields(ctx: Context, pairs: dict[str, str]) -> dict[str, Any]:
    """Model values from the pairs; unknown keys become custom fields, bad values a Refusal."""
    return check_fields(ctx.t, pairs)


def check_fields(t: Translate, pairs: dict[str, str]) -> dict[str, Any]:
    """`read_fields` for callers without a chat (CSV import): refusals in `t`'s language."""
    values: dict[str, Any] = {"custom": {}}
    for raw_key, raw_value in pairs.items():
        value = clean(raw_value)
        key = KEY_ALIASES.get(raw_key)
        if key is None and len(raw_key) > MAX_CUSTOM_KEY_CHARS:
            raise Refusal(
                t(
                    "The field name \u201c{key}\u2026\u201d is too long (at most {limit} characters).",
                    key=raw_key[:MAX_CUSTOM_KEY_CHARS],
                    limit=MAX_CUSTOM_KEY_CHARS,
                )
            )
        limit = COLUMN_CHARS.get(key or "", MAX_VALUE_CHARS)
        if len(value) > limit:
            raise Refusal(
                t(
                    "The value of {key} is too long (at most {limit} characters).",
                    key=raw_key,
                    limit=limit,
                )
            )
        if key is None:
            values["custom"][raw_key] = value
        else:
            values[key] = _convert(t, key, value)
    return values


def check_name(t: Translate, name: str) -> str:
    """A customer's name: cleaned, with a letter or digit, and short enough for its column."""
    name = clean(name)
    if not any(ch.isalnum() for ch in name):
        raise Refusal(t("Please give a name."))
    if len(name) > MAX_NAME_CHARS:
        raise Refusal(
            t("That name is too long (at most {limit} characters).", limit=MAX_NAME_CHARS)
        )
    return name


def _convert(t: Translate, key: str, value: str) -> Any:
    if key == "email":
        if not _EMAIL.match(value):
            raise Refusal(t("\u201c{value}\u201d is not an e-mail address.", value=value))
        return value
    if key == "phone":
        return phone_number(t, value)
    if key == "tags":
        return sorted({tag.strip().lower() for tag in value.split(",") if tag.strip()})
    if key == "relationship_kind":
        kind = KIND_ALIASES.get(value.lower(), value.lower())
        if kind not in RELATIONSHIPS:
            raise Refusal(
                t(
                    "Unknown kind \u201c{value}\u201d. Use one of: {kinds}",
                    value=value,
                    kinds=", ".join(t(k) for k in RELATIONSHIPS),
                )
            )
        return kind
    return value


def phone_number(t: Translate, value: str) -> str:
    """A phone number in international form; a German number may omit +49."""
    international = _international(value)
    if international is None:
        raise Refusal(t("\u201c{value}\u201d is not a phone number.", value=value))
    return international


@functools.lru_cache(maxsize=PHONE_CACHE_SIZE)
def _international(value: str) -> str | None:
    """`value` in international form, or None when it is no phone number. Parsing is a
    third of an import's work, and an export repeats numbers (a company's switchboard on
    each of its contacts, every line of a re-import): each distinct one is parsed once."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
