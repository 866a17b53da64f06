"""Direct messages to a member on Slack, for the outbox and reminder worker (bot/delivery.py).

A message with a picture (a chart) is posted, then its PNG uploaded into the same
conversation (bot/slack/files.py), so a chart queued in the outbox arrives as an image.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery import Address, DeliveryError
from bot.slack.client import shared_session
from bot.slack.files import upload_file
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
        "not_in_channel",
    }
)

# Each message the worker posts carries this event type and its key in Slack's message
# metadata, so "did it go out?" can be asked of the channel's history.
METADATA_EVENT = "crm_outbox"
HISTORY_WINDOW_SECONDS = 24 * 3600
HISTORY_LIMIT = 200
CHANNEL_PAGE = 200


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
        # A 429 is the worker's to handle (the message goes back with Retry-After and others
        # go on); the client's own retry would sleep inside the send and hold a slot.
        client.retry_handlers = [
            h for h in client.retry_handlers if not isinstance(h, AsyncRateLimitErrorRetryHandler)
        ]
        self.client = client
        self.db = db
        self._channels: dict[str, str] = {}
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

    async def send(self, address: Address, reply: Reply, key: str = "") -> None:
        self._use_shared_session()
        try:
            await self._send(address, reply, key)
        except SlackApiError as failed:
            raise delivery_error(failed) from failed
        except (TimeoutError, aiohttp.ClientError) as failed:
            raise DeliveryError(f"slack unreachable: {failed!r}") from failed

    async def pace(self) -> None:
        """Slack has no budget across chats: the worker paces each chat, and a 429 comes
        back as Retry-After."""

    async def already_sent(self, address: Address, key: str) -> bool:
        """Whether a message stamped with `key` is in the member's DM (the last day of it)."""
        self._use_shared_session()
        try:
            channel = await self._channel(address)
            history = await self.client.conversations_history(
                channel=channel,
                oldest=str(time.time() - HISTORY_WINDOW_SECONDS),
                limit=HISTORY_LIMIT,
                include_all_metadata=True,
            )
        except SlackApiError as failed:
            raise delivery_error(failed) from failed
        except (TimeoutError, aiohttp.ClientError) as failed:
            raise DeliveryError(f"slack unreachable: {failed!r}") from failed
        return any(_stamped(message, key) for message in history.get("messages") or [])

    async def _send(self, address: Address, reply: Reply, key: str) -> None:
        channel = await self._channel(address)
        try:
            await self.post(channel, reply, key)
        except SlackApiError as failed:
            stale_dm = address.chat_id is not None and address.external_id
            if not stale_dm or _error(failed) != "channel_not_found":
                raise
            channel = await self.open_dm(address)
            await self.post(channel, reply, key)
        if reply.image is not None:
            await upload_file(
                self.client, channel, "chart.png", reply.image.data, title=reply.image.alt
            )

    async def post(self, channel: str, reply: Reply, key: str = "") -> str:
        """Post `reply` into `channel`, stamped with `key` when given; returns its ts."""
        answer = await self.client.chat_postMessage(
            channel=channel,
            text=fallback_text(reply),
            blocks=blocks_for(reply),
            metadata=_metadata(key) if key else None,
        )
        return str(answer.get("ts", ""))

    async def _channel(self, address: Address) -> str:
        """The conversation to post into: a channel named `#sales` (an alert's or the
        weekly report's), a known channel or DM, or the member's DM opened now."""
        if address.chat_id and address.chat_id.startswith("#"):
            return await self.channel_id(address.chat_id)
        return address.chat_id or await self.open_dm(address)

    async def channel_id(self, name: str) -> str:
        """A channel's id from its `#name` (conversations.list, remembered by this sender);
        `channel_not_found`, which is permanent, when the bot can see no such channel."""
        wanted = name.removeprefix("#").lower()
        if wanted not in self._channels:
            cursor = None
            while True:
                page = await self.client.conversations_list(
                    types="public_channel,private_channel", exclude_archived=True,
                    limit=CHANNEL_PAGE, cursor=cursor,
                )  # fmt: skip
                for channel in page.get("channels") or []:
                    self._channels[str(channel.get("name", "")).lower()] = str(channel["id"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if wanted in self._channels or not cursor:
                    break
        if wanted not in self._channels:
            raise DeliveryError(f"slack: channel_not_found: #{wanted}", permanent=True)
        return self._channels[wanted]

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


def _metadata(key: str) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"key": key}}


def _stamped(message: dict[str, Any], key: str) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return bool(metadata.get("event_type") == METADATA_EVENT and payload.get("key") == key)


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
