"""A chat the bot posts into on its own (an alert's `#channel`, the weekly report):
`slack:#sales` or `slack:C0123ABCD` (a channel by name or id), `telegram:-100123456`
(a group by its chat id). One syntax for CRM_REPORT_CHANNEL and for what storage keeps,
so a wrong value is refused where it is written, not when the first message is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Platform = Literal["slack", "telegram"]
SLACK_ID: Final = re.compile(r"^[CG][A-Z0-9]{2,20}$")
SLACK_NAME: Final = re.compile(r"^#[a-z0-9][a-z0-9_\-.]{0,79}$")
SLACK_MENTION: Final = re.compile(r"^<#(?P<id>[CG][A-Z0-9]{2,20})(?:\|(?P<name>[^>]*))?>$")
TELEGRAM_ID: Final = re.compile(r"^-\d{1,19}$")
EXAMPLES: Final = "slack:#sales, slack:C0123ABCD or telegram:-1001234567890"


@dataclass(frozen=True)
class ChatTarget:
    """A group chat on one platform: a Slack channel id or `#name`, a Telegram chat id."""

    platform: Platform
    chat: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat}"


def parse_chat_target(text: str) -> ChatTarget:
    """`slack:#sales` (or `<#C123|sales>` as Slack writes a channel) into a ChatTarget;
    ValueError naming the accepted forms for anything else."""
    platform, _, chat = text.strip().partition(":")
    platform, chat = platform.strip().lower(), chat.strip()
    if platform == "slack":
        mention = SLACK_MENTION.match(chat)
        if mention is not None:
            return ChatTarget("slack", mention["id"])
        if SLACK_ID.match(chat) or SLACK_NAME.match(chat.lower()):
            return ChatTarget("slack", chat.lower() if chat.startswith("#") else chat)
    if platform == "telegram" and TELEGRAM_ID.match(chat):
        return ChatTarget("telegram", chat)
    raise ValueError(f"{text.strip()[:80]!r} is no chat the bot can post into; write {EXAMPLES}")
