"""What every adapter hands to the CRM: who said what, where."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_COMMAND_CHARS = 4000
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Command:
    """One line a member typed (or a button they pressed, which carries a line too).

    `delivery_key` is the platform's id for this delivery (Slack event id, Telegram update
    id); a repeat of it is answered from the journal instead of being handled twice.
    """

    member_id: int
    text: str
    platform: str = "console"
    channel: str | None = None
    delivery_key: str | None = None

    @property
    def verb(self) -> str:
        return clean(self.text).split(" ", 1)[0]

    @property
    def args(self) -> str:
        parts = clean(self.text).split(" ", 1)
        return parts[1].strip() if len(parts) > 1 else ""


def clean(text: str) -> str:
    """Drop control and format characters (keeping line breaks) and squeeze spaces.

    Invisible characters have no business in a CRM record and can break every renderer.
    """
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\n":
            kept.append(ch)
        elif category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and ch != "\u200d"):
            kept.append(" " if ch in "\t\r\v\f" else "")
        else:
            kept.append(ch)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(kept).split("\n"))
    return "\n".join(line for line in lines if line).strip()
