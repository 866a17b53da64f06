"""One row of a vendor's export turned into a customer record we can store, or a reason why
not. Values are cleaned the way typed ones are (handlers.fields): phone numbers normalised,
e-mail addresses checked, kinds in either language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.context import Context, Refusal
from handlers.fields import KIND_ALIASES, MAX_VALUE_CHARS, read_fields
from handlers.imports.layouts import Layout
from storage.models import RELATIONSHIPS

MAX_NAME_CHARS = 200
VENDOR_KINDS = {
    "lead": "prospect", "subscriber": "prospect", "opportunity": "prospect",
    "marketingqualifiedlead": "prospect", "salesqualifiedlead": "prospect",
    "marketing qualified lead": "prospect", "sales qualified lead": "prospect",
    "evangelist": "customer", "customer - direct": "customer", "customer - channel": "customer",
    "channel partner / reseller": "partner", "technology partner": "partner",
    "abonnent": "prospect", "opportunity (verkaufschance)": "prospect",
}  # fmt: skip
"""Vendors' customer stages (HubSpot lifecycle stages, Salesforce account types) as our kinds."""
STANDARD = {"email", "phone", "city", "kind", "tags"}
BUILT_IN = STANDARD | {"name", "first_name", "last_name", "company", "street", "zip", "type"}
"""Fields with a column of their own; every other recognised column becomes a custom field."""


@dataclass
class Record:
    party_type: str  # "company" | "contact"
    name: str
    company: str = ""
    values: dict[str, Any] = field(default_factory=dict)


class BadRow(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def record_of(ctx: Context, layout: Layout, fields: dict[int, str], cells: list[str]) -> Record:
    """The record a row describes; BadRow (translated) when a value is not acceptable."""
    raw = {
        name: cells[i].strip() for i, name in fields.items() if i < len(cells) and cells[i].strip()
    }
    party_type = _party_type(ctx, layout, raw)
    name = raw.get("name") or " ".join(filter(None, (raw.get("first_name"), raw.get("last_name"))))
    if not name or len(name) > MAX_NAME_CHARS:
        raise BadRow(ctx.t("A name of 1 to 200 characters is needed."))
    pairs = {k: v for k, v in raw.items() if k in STANDARD}
    if "phone" not in pairs and "mobile" in raw:
        pairs["phone"] = raw["mobile"]
    if "kind" in pairs:
        pairs["kind"] = _kind(pairs["kind"], layout.vendor == "template")
    try:
        values = read_fields(ctx, pairs)
    except Refusal as refusal:
        raise BadRow(refusal.message) from refusal
    address = ", ".join(filter(None, (raw.get("street"), raw.get("zip"))))
    if address:
        values["address"] = address[:MAX_VALUE_CHARS]
    values["custom"] = {k: v[:MAX_VALUE_CHARS] for k, v in raw.items() if k not in BUILT_IN}
    if pairs.get("phone") == raw.get("mobile"):
        values["custom"].pop("mobile", None)
    return Record(
        party_type, name, raw.get("company", "") if party_type == "contact" else "", values
    )


def _party_type(ctx: Context, layout: Layout, raw: dict[str, str]) -> str:
    if layout.record != "mixed":
        return layout.record
    wanted = raw.get("type", "company").lower()
    kinds = {"company": "company", "firma": "company", "contact": "contact", "kontakt": "contact"}
    if wanted not in kinds:
        raise BadRow(
            ctx.t("The type must be company or contact, not \u201c{value}\u201d.", value=wanted)
        )
    return kinds[wanted]


def _kind(value: str, strict: bool) -> str:
    """A vendor's stage as one of our kinds; an unknown stage of a vendor is kept as the
    default kind (customer) rather than refusing a whole export over a picklist value."""
    folded = value.strip().lower()
    kind = VENDOR_KINDS.get(folded) or KIND_ALIASES.get(folded) or folded
    if kind in RELATIONSHIPS or strict:
        return kind
    return "customer"
