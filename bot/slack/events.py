"""Direct messages and mentions: journalled before Slack is told we have them, run once.

Bolt acknowledges an Events API request by itself: its listener runner calls `ack()` for a
listener with `auto_acknowledgement` (every `app.event(...)` one) before starting it, and
the HTTP answer (or, in Socket Mode, the envelope's acknowledgement) leaves only when
`async_dispatch` returns, which is after every global and listener middleware has run. So
the journal is written in a listener middleware (one insert): once Slack hears 200 the
event is in the database, and a crash after that leaves a `received` row that start-up
recovery answers (by DM, there being no response_url). A crash before it leaves Slack
without an answer, and Slack retries the event (up to three times, `X-Slack-Retry-Num`).
The event id is the journal's delivery key, so a retry finds its row and runs nothing.

Only what the CRM uses is journalled: a direct message's text, a file shared in a DM
(`subtype: file_share`, offered to the chat's current customer as `attach document`, as a
Telegram document is), and a mention. Every other message subtype (edits, deletions,
joins, bot messages, ...) is ignored on purpose.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.health import database_unreachable
from bot.slack import shares
from bot.slack.bridge import PLATFORM, Bridge, attach
from bot.slack.people import Stranger
from bot.slack.pictures import place, upload
from handlers.command import Command
from handlers.i18n import translator
from handlers.reply import Reply, error
from handlers.service import Receipt

log = logging.getLogger(__name__)
INBOUND = "crm_inbound"
_DASH = " \u2014 "
_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>\s*")


@dataclass(frozen=True)
class Inbound:
    """An event the CRM uses: its command line and its journal receipt (None when the
    database could not be reached, so nothing was saved)."""

    raw: str
    receipt: Receipt | None
    refusal: Reply | None = None
    """The answer to a shared file the CRM cannot read (a vCard without a name)."""


def command_line(event: dict[str, Any]) -> str | None:
    """The command an event stands for, or None for one the CRM does not use."""
    if event.get("bot_id") or not event.get("user"):
        return None
    if event.get("type") == "app_mention":
        return _LEADING_MENTION.sub("", str(event.get("text") or ""), count=1)
    if event.get("channel_type") != "im":
        return None
    subtype = event.get("subtype")
    if subtype is None:
        return str(event.get("text") or "")
    if subtype == "file_share":
        return _attach_line(event)
    log.debug("slack: ignored a message of subtype %s", subtype)
    return None


def _attach_line(event: dict[str, Any]) -> str | None:
    """`attach document <first file's link> <names, other links, the message text>`."""
    files = [f for f in event.get("files") or [] if isinstance(f, dict)]
    if not files:
        return None
    first, *others = files
    words = [_name(first), *(f"{_name(f)} {_link(f)}".strip() for f in others)]
    words.append(str(event.get("text") or "").strip())
    return f"attach document {_link(first)} {_DASH.join(filter(None, words))}".strip()


def _name(file: dict[str, Any]) -> str:
    return str(file.get("name") or file.get("title") or "").strip()


def _link(file: dict[str, Any]) -> str:
    return str(file.get("permalink") or file.get("url_private") or file.get("id") or "")


class Events:
    """The journalling middleware and the listener of DMs and mentions."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.people = bridge.people

    async def journal(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext,
        next: Callable[[], Awaitable[None]],
    ) -> None:  # fmt: skip
        """Before Bolt acknowledges: one insert, keyed by the event id. A shared vCard or a
        CSV to import is read first (bot/slack/shares.py): its command is what is journalled."""
        raw = command_line(event)
        shared = await self._shared(body, event) if raw is not None else None
        if isinstance(shared, Reply):
            context[INBOUND] = Inbound(raw or "", None, refusal=shared)
        elif raw is not None:
            context[INBOUND] = await self._received(body, event, shared or raw)
        await next()

    async def _shared(self, body: dict[str, Any], event: dict[str, Any]) -> str | Reply | None:
        if event.get("subtype") != "file_share":
            return None
        return await shares.command_for(self.bridge, event, str(body.get("team_id") or ""))

    async def _received(self, body: dict[str, Any], event: dict[str, Any], raw: str) -> Inbound:
        team = str(body.get("team_id") or "")
        try:
            _known, receipt = await self.bridge.receive_from(
                event["user"], team, self._command(body, event, 0, raw)
            )
        except Exception as problem:
            if not database_unreachable(problem):
                raise
            log.warning("slack: database unreachable for an event of %s: %r", event["user"],
                        problem)  # fmt: skip
            return Inbound(raw, None)
        return Inbound(raw, receipt)

    def _command(
        self, body: dict[str, Any], event: dict[str, Any], member: int, text: str
    ) -> Command:
        key = f"slack:{body['event_id']}" if body.get("event_id") else None
        origin = {"user_id": event["user"], "team_id": str(body.get("team_id") or "")}
        return Command(member_id=member, text=text, platform=PLATFORM,
                       channel=event.get("channel"), delivery_key=key, origin=origin)  # fmt: skip

    async def converse(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """Run what the middleware journalled and answer in the DM or the thread."""
        inbound: Inbound | None = context.get(INBOUND)
        if inbound is None:
            return
        if inbound.refusal is not None:
            await self._say(event, inbound.refusal, public=False)
            return
        if inbound.receipt is None:
            await self._say(event, self._unsaved(), public=False)
            return
        if inbound.receipt.repeat:
            return
        reply = await self._run(body, event, inbound.raw, inbound.receipt)
        if not reply.repeat:
            await self._say(event, reply, public=self.bridge.public(reply))
            dm = event["channel"] if event.get("channel_type") == "im" else None
            await attach(self.bridge, event["user"], reply, dm)
            await self._picture(event, reply, dm)

    async def _picture(self, event: dict[str, Any], reply: Reply, dm: str | None) -> None:
        """A chart goes into the DM, or after a mention where the answer was shown."""
        if reply.image is None:
            return
        where = dm or place(event["channel"], self.bridge.public(reply))
        replied_to = None if dm else event.get("ts")
        await upload(self.bridge.client, reply.image, where, event["user"], replied_to)

    async def _run(
        self, body: dict[str, Any], event: dict[str, Any], raw: str, receipt: Receipt
    ) -> Reply:
        team = str(body.get("team_id") or "")
        try:
            member = await self.people.member(event["user"], team)
        except Stranger:
            await self.bridge.process(receipt, self._command(body, event, 0, raw))
            return self.bridge.stranger_reply()
        text = await self.people.command_text(raw, team)
        return await self.bridge.process(receipt, self._command(body, event, member, text))

    def _unsaved(self) -> Reply:
        """Said in the team's language: the member cannot be looked up without the database."""
        t = translator(self.bridge.app.settings.crm_language)
        reply = error(
            t(
                "The CRM's database is not reachable, so your message was NOT saved. "
                "Please resend it in a minute."
            )
        )
        reply.language = t.language
        return reply

    async def _say(self, event: dict[str, Any], reply: Reply, *, public: bool) -> None:
        """In the DM; after a mention, in its thread (for everyone when public, else only
        for the member who wrote)."""
        message = self.bridge.message(reply)
        channel, client = event["channel"], self.bridge.client
        if event.get("channel_type") == "im":
            await client.chat_postMessage(channel=channel, **message)
            return
        thread = event.get("thread_ts") or event.get("ts")
        if public:
            await client.chat_postMessage(channel=channel, thread_ts=thread, **message)
        else:
            await client.chat_postEphemeral(
                channel=channel, user=event["user"], thread_ts=thread, **message
            )
