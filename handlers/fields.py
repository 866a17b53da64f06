"""Reading the key=value fields of `add company` / `add contact` in either language."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from handlers.context import Context, Refusal
from storage.models import RELATIONSHIPS

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
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def read_fields(ctx: Context, pairs: dict[str, str]) -> dict[str, Any]:
    """Model values from the pairs; unknown keys become custom fields, bad values a Refusal."""
    values: dict[str, Any] = {"custom": {}}
    for raw_key, raw_value in pairs.items():
        value = raw_value.strip()
        if len(value) > MAX_VALUE_CHARS:
            raise Refusal(ctx.t("The value of {key} is too long.", key=raw_key))
        key = KEY_ALIASES.get(raw_key)
        if key is None:
            values["custom"][raw_key[:40]] = value
        else:
            values[key] = _convert(ctx, key, value)
    return values


def _convert(ctx: Context, key: str, value: str) -> Any:
    if key == "email":
        if not _EMAIL.match(value):
            raise Refusal(ctx.t("\u201c{value}\u201d is not an e-mail address.", value=value))
        return value
    if key == "phone":
        return phone_number(ctx, value)
    if key == "tags":
        return sorted({tag.strip().lower() for tag in value.split(",") if tag.strip()})
    if key == "relationship_kind":
        kind = KIND_ALIASES.get(value.lower(), value.lower())
        if kind not in RELATIONSHIPS:
            raise Refusal(
                ctx.t(
                    "Unknown kind \u201c{value}\u201d. Use one of: {kinds}",
                    value=value,
                    kinds=", ".join(ctx.t(k) for k in RELATIONSHIPS),
                )
            )
        return kind
    return value


def phone_number(ctx: Context, value: str) -> str:
    """A phone number in international form; a German number may omit +49."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Refusal(ctx.t("\u201c{value}\u201d is not a phone number.", value=value))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
