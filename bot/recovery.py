"""On start, finish every command the last run acknowledged but never processed.

A Slack command is journalled (`received`) before `ack()`, and the work follows; a process
killed in between leaves the row `received` and the member without an answer, and Slack
never sends it again. `serve` and `run` therefore start by taking each such row (a guarded
UPDATE to `processing`, so of two processes starting together only one runs it), running
it through the CRM, and answering: on Slack through the command's response_url while it is
valid (30 minutes), else as a direct message; on Telegram into the chat. An answer no
platform takes goes to the outbox, whose worker retries it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from bot.bootstrap import App
from bot.delivery import Address, DeliveryError, Sender
from bot.worker import build_senders
from handlers.command import Command
from handlers.reply import Reply
from handlers.service import Receipt
from storage import journal, members
from storage.types import utcnow

log = logging.getLogger(__name__)

RESPONSE_URL_VALID = timedelta(minutes=30)
RESPONSE_URL_TIMEOUT_SECONDS = 10

_running: set[asyncio.Task[int]] = set()


@dataclass(frozen=True)
class Unanswered:
    """A journal row left `received`: what is needed to run it and answer it."""

    journal_id: int
    platform: str
    text: str
    member_id: int | None
    channel: str | None
    origin: dict[str, Any]
    received_at: datetime


def recover_in_background(app: App) -> None:
    """Start `recover` in a task of the running loop. The cut-off is taken now, before this
    process acknowledges anything, so only rows of earlier runs are taken."""
    task = asyncio.create_task(recover(app, utcnow()))
    _running.add(task)
    task.add_done_callback(_running.discard)


async def recover(app: App, received_before: datetime) -> int:
    """Run and answer every row received before `received_before` and still unprocessed;
    returns how many this process took."""
    rows = await asyncio.to_thread(_unanswered, app, received_before)
    if not rows:
        return 0
    log.info("recovery: %d commands were acknowledged but not processed", len(rows))
    senders = build_senders(app)
    taken = 0
    try:
        for row in rows:
            if not await asyncio.to_thread(_claim, app, row.journal_id):
                continue
            taken += 1
            try:
                await _finish(app, senders, row)
            except Exception:
                log.exception("recovery: journal entry %s failed", row.journal_id)
    finally:
        for sender in senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                await close()
    return taken


def _unanswered(app: App, before: datetime) -> list[Unanswered]:
    with app.db.read_session() as session:
        return [
            Unanswered(
                r.id, r.platform, r.text, r.member_id, r.channel, r.origin or {}, r.received_at
            )
            for r in journal.unanswered(session, before)
        ]


def _claim(app: App, journal_id: int) -> bool:
    with app.db.session() as session:
        return journal.claim_received(session, journal_id)


async def _finish(app: App, senders: dict[str, Sender], row: Unanswered) -> None:
    member, text = row.member_id or 0, row.text
    if row.platform == "slack":
        member, text = await _slack_member_and_text(app, row)
    command = Command(member_id=member, text=text, platform=row.platform, channel=row.channel)
    reply = await asyncio.to_thread(app.crm.process, Receipt(row.journal_id, claimed=True), command)
    if await _respond_on_slack(app, row, reply):
        return
    address = await asyncio.to_thread(_address, app, row, member)
    sender = senders.get(row.platform)
    if address is not None and sender is not None:
        try:
            await sender.send(address, reply)
            return
        except DeliveryError as failed:
            log.warning("recovery: answer to entry %s not sent: %s", row.journal_id, failed)
    if member:
        await asyncio.to_thread(_queue, app, member, reply)


async def _slack_member_and_text(app: App, row: Unanswered) -> tuple[int, str]:
    """The member (asking Slack for a user first seen in the lost command) and the text
    with Slack's mention markup read, as the listener would have done."""
    from bot.slack import web_client
    from bot.slack.people import People

    people = People(app, web_client(app.settings))
    user, team = str(row.origin.get("user_id", "")), str(row.origin.get("team_id", ""))
    member = row.member_id or (await people.member(user, team) if user else 0)
    return member, await people.command_text(row.text, team)


async def _respond_on_slack(app: App, row: Unanswered, reply: Reply) -> bool:
    """Answer through the command's response_url while Slack still takes it."""
    url = row.origin.get("response_url")
    if row.platform != "slack" or not url or utcnow() - row.received_at > RESPONSE_URL_VALID:
        return False
    from bot.slack.render import blocks_for, fallback_text

    public = reply.public and reply.ok and app.settings.slack_public_replies
    body = {
        "text": fallback_text(reply),
        "blocks": blocks_for(reply),
        "response_type": "in_channel" if public else "ephemeral",
    }
    timeout = aiohttp.ClientTimeout(total=RESPONSE_URL_TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(str(url), json=body) as answer,
        ):
            return answer.status == 200
    except (TimeoutError, aiohttp.ClientError) as failed:
        log.warning("recovery: response_url for entry %s failed: %r", row.journal_id, failed)
        return False


def _address(app: App, row: Unanswered, member_id: int) -> Address | None:
    """Slack: the user's direct messages. Telegram: the chat the command came from."""
    if row.platform == "slack" and row.origin.get("user_id"):
        return Address("slack", str(row.origin["user_id"]), None, str(row.origin.get("team_id")))
    with app.db.read_session() as session:
        identity = members.identity_of(session, member_id, row.platform)
        if identity is None:
            return None
        return Address(row.platform, identity.external_id, row.channel or identity.chat_id)


def _queue(app: App, member_id: int, reply: Reply) -> None:
    with app.db.session() as session:
        journal.enqueue(
            session,
            member_id=member_id,
            kind="reply",
            payload=reply.to_dict(with_image=True),
            not_before=utcnow(),
        )
