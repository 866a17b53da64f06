"""What every adapter hands to the CRM: who said what, where."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_COMMAND_CHARS = 4300
"""A Telegram message (4096 characters) plus room for what a button adds to it (the verb,
the customer, a moment), so a button offered for the longest message still runs."""
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Command:
    """One line a member typed (or a button they pressed, which carries a line too).

    `delivery_key` is the platform's id for this delivery (Slack event id, Telegram update
    id); a repeat of it is answered from the journal instead of being handled twice.
    `member_id` is 0 while the sender is not yet looked up (a Slack command is journalled
    before that); `origin` is what the platform needs to answer later (a response_url).
    """

    member_id: int
    text: str
    platform: str = "console"
    channel: str | None = None
    delivery_key: str | None = None
    origin: dict[str, Any] | None = None


def clean(text: str) -> str:
    """Drop control and format characters (keeping line breaks) and squeeze spaces.

    Invisible characters have no business in a CRM record and can break every renderer.
    Most text has none (`isprintable`), and skips the walk through every character: an
    import cleans every cell of a 100,000-row file.
    """
    if text.isprintable():
        return _SPACES.sub(" ", text).strip()
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
