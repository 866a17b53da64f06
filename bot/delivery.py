"""The contract between the outbox/reminder worker and each platform's sender.

A Sender delivers one platform-neutral Reply to one member's account on its platform and
reports failures in a way the worker can act on: retry later (honouring Retry-After) or give
up on this address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from handlers.reply import Reply


@dataclass(frozen=True)
class Address:
    """Where a member is reached on one platform (from their Identity row)."""

    platform: str
    external_id: str
    chat_id: str | None = None
    team_id: str = ""


class DeliveryError(Exception):
    """A send that did not happen. `retry_after` (seconds) when the platform said so;
    `permanent` when retrying cannot help (blocked bot, deleted account)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, permanent: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    platform: str

    async def send(self, address: Address, reply: Reply, key: str = "") -> None:
        """Deliver or raise DeliveryError; never report success for a message not sent.
        `key` names the message, where the platform can carry it (Slack's metadata)."""
        ...

    async def already_sent(self, address: Address, key: str) -> bool:
        """Whether the message named `key` is already in that chat; False where the
        platform cannot say (then a message in flight when a worker died may repeat)."""
        ...

    async def pace(self) -> None:
        """Wait for the platform's shared send budget, ahead of `send` and outside its time
        limit: a send cut off while it waited its turn might have gone out, and would then
        be sent twice. The turn taken is spent by the next message this sender sends."""
        ...
