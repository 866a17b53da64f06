"""Direct messages to a member on Slack, for the outbox and reminder worker (bot/delivery.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery import Address, DeliveryError
from bot.slack.client import shared_session
from bot.slack.render import blocks_for, fallback_text
from handlers.accounts import remember_chat
from handlers.reply import Reply
from storage.db import Database

log = logging.getLogger(__name__)

# Errors that no retry can cure: the person or the conversation is gone, or the message
# itself is one Slack will never take.
PERMANENT_ERRORS = frozenset(
    {
        "account_inactive",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "channel_not_found",
        "is_archived",
        "cannot_dm_bot",
        "invalid_blocks",
        "msg_too_long",
        "not_authed",
        "invalid_auth",
        "token_revoked",
    }
)


class SlackSender:
    """Sends one Reply as a direct message: conversations.open, then chat.postMessage.

    The DM channel is kept in the member's Identity (when a database is given), so a
    reminder costs one API call. A remembered channel that has gone stale is opened afresh
    once before the send is given up.

    Unless the client came with an HTTP session, all sends share one (kept-alive
    connections instead of a new connection per call), opened on the first send in the
    running event loop and closed by `close()` when the worker stops. A session belongs to
    its event loop: a send from another loop (a test running each tick in its own) opens a
    fresh one.
    """

    platform = "slack"

    def __init__(self, client: AsyncWebClient, db: Database | None = None):
        self.client = client
        self.db = db
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def close(self) -> None:
        """Close the session this sender opened; a later send opens a new one."""
        session, self._session = self._session, None
        if session is not None:
            self.client.session = None
            await session.close()

    def _use_shared_session(self) -> None:
        loop = asyncio.get_running_loop()
        if self._session is not None and self._loop is not loop:
            self.client.session = self._session = None
        if self.client.session is None:
            self._session = self.client.session = shared_session()
            self._loop = loop

    async def send(self, address: Address, reply: Reply) -> None:
        self._use_shared_session()
        try:
            await self._send(address, reply)
        except SlackApiError as failed:
            raise delivery_error(failed) from failed
        except (TimeoutError, aiohttp.ClientError) as failed:
            raise DeliveryError(f"slack unreachable: {failed!r}") from failed

    async def _send(self, address: Address, reply: Reply) -> None:
        channel = address.chat_id or await self.open_dm(address)
        try:
            await self.post(channel, reply)
        except SlackApiError as failed:
            if address.chat_id is None or _error(failed) != "channel_not_found":
                raise
            await self.post(await self.open_dm(address), reply)

    async def post(self, channel: str, reply: Reply) -> str:
        """Post `reply` into `channel`; returns the message's ts."""
        answer = await self.client.chat_postMessage(
            channel=channel, text=fallback_text(reply), blocks=blocks_for(reply)
        )
        return str(answer.get("ts", ""))

    async def open_dm(self, address: Address) -> str:
        opened = await self.client.conversations_open(users=address.external_id)
        channel = str(opened["channel"]["id"])
        if self.db is not None:
            await asyncio.to_thread(
                remember_chat,
                self.db,
                "slack",
                address.external_id,
                channel,
                team_id=address.team_id,
            )
        return channel


def delivery_error(failed: SlackApiError) -> DeliveryError:
    """What the worker needs to know about a failed call: wait, retry later or give up."""
    error = _error(failed)
    status = getattr(failed.response, "status_code", None)
    if status == 429 or error == "ratelimited":
        return DeliveryError(f"slack: {error}", retry_after=_retry_after(failed.response.headers))
    log.warning("slack send failed: %s", error)
    return DeliveryError(f"slack: {error}", permanent=error in PERMANENT_ERRORS)


def _error(failed: SlackApiError) -> str:
    return str(failed.response.get("error", "unknown_error"))


def _retry_after(headers: Any) -> float:
    """Slack's Retry-After in seconds (1 when it did not say)."""
    value = headers.get("Retry-After") or headers.get("retry-after") if headers else None
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else 1.0
    except ValueError:
        return 1.0
