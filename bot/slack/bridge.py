"""What every Slack listener needs: who is talking, running their command, and how to say it.

The CRM's handlers are synchronous SQLAlchemy; they run in a worker thread so the event
loop keeps acknowledging Slack within its three seconds.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from bot.slack.ephemeral import Shown
from bot.slack.files import upload_file
from bot.slack.modals import OPEN_ACTION
from bot.slack.people import People
from bot.slack.render import Block, blocks_for, button, fallback_text
from handlers.accounts import member_for
from handlers.command import Command
from handlers.i18n import Translate, translator
from handlers.reply import Reply, error
from handlers.service import Receipt

PLATFORM = "slack"


class Bridge:
    """One per Bolt app: the CRM service, the Web API client and the people behind users."""

    def __init__(self, app: App, client: AsyncWebClient) -> None:
        self.app = app
        self.client = client
        self.people = People(app, client)
        self.shown = Shown()

    async def run(
        self, member_id: int, text: str, *, channel: str | None = None,
        delivery_key: str | None = None,
    ) -> Reply:  # fmt: skip
        command = Command(
            member_id=member_id,
            text=text,
            platform=PLATFORM,
            channel=channel,
            delivery_key=delivery_key,
        )
        return await asyncio.to_thread(self.app.crm.handle, command)

    async def receive_from(
        self, user: str, team: str, command: Command
    ) -> tuple[int | None, Receipt]:
        """The member behind a Slack user (None: not seen before) and the command journalled
        as theirs: one trip to a worker thread, as every slash command and press needs both
        before its ack."""

        def both() -> tuple[int | None, Receipt]:
            known = member_for(self.app.db, self.app.settings, PLATFORM, user, team_id=team)
            return known, self.app.crm.receive(replace(command, member_id=known or 0))

        return await asyncio.to_thread(both)

    async def process(self, receipt: Receipt, command: Command) -> Reply:
        return await asyncio.to_thread(self.app.crm.process, receipt, command)

    async def read(self, member_id: int, text: str) -> Reply:
        """A command nobody typed (the Home tab): answered, not journalled."""
        command = Command(member_id=member_id, text=text, platform=PLATFORM)
        return await asyncio.to_thread(self.app.crm.read, command)

    async def translate(self, member_id: int) -> Translate:
        """For Slack's own surfaces (modals, Home's header), which no Reply describes."""
        return translator(await self.people.language(member_id))

    def stranger_reply(self) -> Reply:
        """A Slack Connect guest's answer; the journal row is settled as refused (an unknown
        member) and nothing else is read or written."""
        t = translator(self.app.settings.crm_language)
        reply = error(
            t(
                "Sorry, this CRM works only for people of the workspace it is installed in. "
                "Please ask a member of that team."
            )
        )
        reply.language = t.language
        return reply

    async def viewer_translator(self, user: str, team: str) -> Translate:
        """For a modal about to open: a known member's language, else the team's. It never
        asks Slack about the user, since the trigger id expires three seconds after a click."""
        known = await self.people.known(user, team)
        if known:
            return await self.translate(known)
        return translator(self.app.settings.crm_language)

    def public(self, reply: Reply) -> bool:
        """Confirmations the team should see go to the channel, when so configured."""
        return reply.public and reply.ok and self.app.settings.slack_public_replies

    def message(self, reply: Reply, tag: str = "") -> dict[str, Any]:
        """`text` and `blocks` for chat.postMessage, respond() and friends."""
        return {
            "text": fallback_text(reply),
            "blocks": blocks_for(reply, extra_buttons=log_button(reply), tag=tag),
        }


async def attach(bridge: Bridge, user: str, reply: Reply, dm: str | None = None) -> None:
    """A reply's file goes to the member's direct messages (`dm` when the conversation is
    one already), never into a channel: a backup or a GDPR export is for them alone."""
    if reply.attachment is None:
        return
    if dm is None:
        opened = await bridge.client.conversations_open(users=user)
        dm = str(opened["channel"]["id"])
    file = reply.attachment
    await upload_file(bridge.client, dm, file.filename, file.data)


def log_button(reply: Reply) -> list[Block]:
    """A reply about a customer gets a "Log activity" button that opens the modal for it."""
    subject = reply.subject
    if not reply.ok or subject is None or subject.kind != "party":
        return []
    chosen = json.dumps({"customer": f"#{subject.id}", "name": subject.name[:200]})
    return [button(translator(reply.language)("Log activity"), chosen, OPEN_ACTION)]
