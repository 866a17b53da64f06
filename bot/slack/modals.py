"""The "log an activity" modal: a kind picker, the customer, the text, an optional follow-up.

It opens from `/crm log` with nothing after it, from the customer card's button, from App
Home and from the "Save to CRM" message shortcut (with the message as the text). On submit
it becomes one ordinary command, so the CRM's rules apply exactly as if it had been typed:
`log <kind> <customer> [followup=<date>]: <text>` (a wrong or ambiguous customer, or a
date in the past, is shown on its field).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.slack.render import Block, cut
from handlers.activities import LogArgs
from handlers.arguments import PartyRef
from handlers.i18n import Translate
from storage.models import ACTIVITY_KINDS

CALLBACK_ID = "crm_log"
OPEN_ACTION = "crm:log"
TEXT_CHARS = 3000


@dataclass(frozen=True)
class Origin:
    """What the modal remembers between opening and submitting (Slack's private_metadata)."""

    channel: str | None = None
    customer: str | None = None
    customer_name: str | None = None

    def dump(self) -> str:
        return json.dumps(
            {"channel": self.channel, "customer": self.customer, "name": self.customer_name}
        )

    @classmethod
    def load(cls, metadata: str) -> Origin:
        body = json.loads(metadata or "{}")
        return cls(body.get("channel"), body.get("customer"), body.get("name"))


@dataclass(frozen=True)
class Entry:
    """A submitted modal, as the words the commands need."""

    kind: str
    customer: str
    text: str
    followup_date: str | None


def log_view(t: Translate, origin: Origin, *, kind: str = "call", text: str = "") -> Block:
    """The modal; with a customer already chosen (from a card) it is shown, not asked."""
    blocks = [_customer_block(t, origin), _kind_block(t, kind), _text_block(t, text)]
    blocks.append(
        {
            "type": "input",
            "block_id": "followup",
            "optional": True,
            "label": _plain(t("Follow-up on")),
            "element": {"type": "datepicker", "action_id": "value"},
            "hint": _plain(t("A reminder at 09:00 that day, for you.")),
        }
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": origin.dump(),
        "title": _plain(cut(t("Log activity"), 24)),
        "submit": _plain(cut(t("Save"), 24)),
        "close": _plain(cut(t("Cancel"), 24)),
        "blocks": blocks,
    }


def _customer_block(t: Translate, origin: Origin) -> Block:
    if origin.customer:
        name = origin.customer_name or origin.customer
        return {"type": "section", "text": _plain(t("Customer: {name}", name=name))}
    return {
        "type": "input",
        "block_id": "customer",
        "label": _plain(t("Customer")),
        "element": {
            "type": "plain_text_input",
            "action_id": "value",
            "max_length": 200,
            "placeholder": _plain(t("Name, e.g. Müller")),
        },
    }


def _kind_block(t: Translate, kind: str) -> Block:
    options = [{"text": _plain(t(k).capitalize()), "value": k} for k in ACTIVITY_KINDS]
    chosen = next((o for o in options if o["value"] == kind), options[0])
    return {
        "type": "input",
        "block_id": "kind",
        "label": _plain(t("Kind")),
        "element": {
            "type": "static_select",
            "action_id": "value",
            "options": options,
            "initial_option": chosen,
        },
    }


def _text_block(t: Translate, text: str) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": TEXT_CHARS,
    }
    if text.strip():
        element["initial_value"] = cut(text, TEXT_CHARS)
    return {"type": "input", "block_id": "text", "label": _plain(t("What happened?")),
            "element": element}  # fmt: skip


def read_entry(view: dict[str, Any]) -> tuple[Origin, Entry]:
    """The submitted values; Slack has already enforced the required fields."""
    origin = Origin.load(view.get("private_metadata", ""))
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def value(block: str) -> dict[str, Any]:
        found: dict[str, Any] = values.get(block, {}).get("value", {})
        return found

    kind = (value("kind").get("selected_option") or {}).get("value", "note")
    entry = Entry(
        kind=kind if kind in ACTIVITY_KINDS else "note",
        customer=origin.customer or str(value("customer").get("value") or "").strip(),
        text=str(value("text").get("value") or "").strip(),
        followup_date=value("followup").get("selected_date"),
    )
    return origin, entry


def command_line(entry: Entry) -> str:
    """The form as the one command it stands for."""
    return LogArgs(entry.kind, PartyRef(entry.customer), entry.text, entry.followup_date).line()


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}
