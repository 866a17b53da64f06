"""Slack's requests turned into Commands: slash commands, button presses, shortcuts.

Slack never retries a slash command or a button press, so each is journalled (one insert)
before `ack()`: what Slack was told we have, we have. The work follows the acknowledgement
(Bolt keeps running the listener once `ack()` has answered Slack), so the 3-second rule holds
however slow the Web API is. Answers go back through `response_url` or the Web API.
Direct messages and mentions are events, with their own journalling (events.py).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from bot.health import database_unreachable
from bot.slack.bridge import PLATFORM, Bridge, attach
from bot.slack.deal_modal import open_deal_modal, wants_deal_modal
from bot.slack.ephemeral import tag_of
from bot.slack.home import publish_home
from bot.slack.modals import Origin, log_view
from bot.slack.people import Stranger
from bot.slack.pictures import place, upload
from bot.slack.render import escape, patch_item
from bot.slack.saved import saved_text, unlabelled_users
from handlers.activities import KIND_WORDS
from handlers.command import Command, clean
from handlers.i18n import translator
from handlers.reply import Reply

log = logging.getLogger(__name__)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class Listeners:
    """The Bolt listeners; each is a method so the Bolt app is built in a function."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.people = bridge.people

    async def slash(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """`/crm <command>`: the answer comes through response_url, ephemeral unless public."""
        team, user, raw = body.get("team_id", ""), body["user_id"], body.get("text", "")
        if wants_deal_modal(self.bridge.app.crm.registry, raw):
            await ack()
            await open_deal_modal(self.bridge, user, team, body["trigger_id"],
                                  body.get("channel_id"))  # fmt: skip
            return
        kind = self._modal_kind(raw)
        if kind is not None:
            await ack()
            await self._open_log(user, team, body["trigger_id"],
                                 Origin(channel=body.get("channel_id")), kind)  # fmt: skip
            return
        origin = {"response_url": body.get("response_url"), "user_id": user, "team_id": team}
        reply = await self._journalled(
            ack, respond, user, team, body.get("user_name", ""), raw, body.get("channel_id"),
            origin,
        )  # fmt: skip
        if reply is not None:
            await self._answer(respond, reply)
            await attach(self.bridge, user, reply)
            if reply.image is not None:
                where = place(body.get("channel_id"), self.bridge.public(reply))
                await upload(self.bridge.client, reply.image, where, user)

    async def _journalled(
        self, ack: AsyncAck, respond: AsyncRespond, user: str, team: str, name: str, raw: str,
        channel: str | None, origin: dict[str, Any],
    ) -> Reply | None:  # fmt: skip
        """Journal, acknowledge, then run it; None when the database could not be reached,
        in which case the member has been told whether their message was saved."""
        try:
            return await self._journal_then_run(ack, user, team, name, raw, channel, origin)
        except Exception as problem:
            if not database_unreachable(problem):
                raise
            log.warning("slack: database unreachable for a command of %s: %r", user, problem)
            await self._outage(ack, respond)
            return None

    async def _outage(self, ack: AsyncAck, respond: AsyncRespond) -> None:
        """Said in the team's language: the member cannot be looked up without the database."""
        t = translator(self.bridge.app.settings.crm_language)
        if ack.response is None:
            await ack(
                text=t(
                    "The CRM's database is not reachable, so your message was NOT saved. "
                    "Please resend it in a minute."
                ),
                response_type="ephemeral",
            )
            return
        await respond(
            text=t(
                "The CRM's database is not reachable, so your command was not carried out. "
                "Please resend it in a minute."
            ),
            response_type="ephemeral",
        )

    async def _journal_then_run(
        self, ack: AsyncAck, user: str, team: str, name: str, raw: str,
        channel: str | None, origin: dict[str, Any],
    ) -> Reply:  # fmt: skip
        """Journal, acknowledge, then find the member (perhaps asking Slack) and run it."""
        sent = Command(member_id=0, text=raw, platform=PLATFORM, channel=channel, origin=origin)
        known, receipt = await self.bridge.receive_from(user, team, sent)
        journalled = replace(sent, member_id=known or 0)
        await ack()
        try:
            member = known or await self.people.member(user, team, name)
        except Stranger:
            await self.bridge.process(receipt, journalled)
            return self.bridge.stranger_reply()
        text = await self.people.command_text(raw, team)
        command = Command(member_id=member, text=text, platform=PLATFORM, channel=channel)
        return await self.bridge.process(receipt, command)

    def _modal_kind(self, raw: str) -> str | None:
        """`log`, `log call` or `anruf` with nothing more opens the modal, with that kind."""
        resolved = self.bridge.app.crm.registry.resolve(clean(raw))
        if resolved is None or resolved.verb.name != "log":
            return None
        words = resolved.args.split()
        if not words:
            return "call"
        return KIND_WORDS.get(words[0].lower()) if len(words) == 1 else None

    async def _answer(self, respond: AsyncRespond, reply: Reply, **how: Any) -> None:
        """Public or private; a private list is remembered, as Slack will not send it back
        with a press on one of its entries."""
        if self.bridge.public(reply):
            await respond(**self.bridge.message(reply), response_type="in_channel", **how)
            return
        listed = any(part.items for part in reply.sections)
        tag = self.bridge.shown.new_tag() if listed else ""
        message = self.bridge.message(reply, tag)
        if tag:
            self.bridge.shown.remember(tag, message)
        await respond(**message, response_type="ephemeral", **how)

    async def press(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """A button runs the command it carries, for whoever pressed it; the message updates."""
        user = body["user"]
        channel = (body.get("channel") or {}).get("id")
        origin = {"response_url": body.get("response_url"), "user_id": user["id"],
                  "team_id": _team(body)}  # fmt: skip
        reply = await self._journalled(
            ack, respond, user["id"], _team(body), user.get("username", ""), action["value"],
            channel, origin,
        )  # fmt: skip
        if reply is None:
            return
        await attach(self.bridge, user["id"], reply)
        if reply.image is not None:
            where = place(channel, self.bridge.public(reply))
            await upload(self.bridge.client, reply.image, where, user["id"])
        note = escape(reply.text) + (
            f" \u00b7 <@{user['id']}>" if _USER_ID.match(user["id"]) else ""
        )
        if (body.get("view") or {}).get("type") == "home":
            member = await self.people.member(user["id"], _team(body))  # known: it just ran
            await publish_home(self.bridge, user["id"], member, note=reply.text)
            return
        block_id = str(action.get("block_id", ""))
        shown = self._shown(body, block_id)
        if block_id.startswith("crm:item:") and shown.get("blocks"):
            patched: dict[str, Any] = {
                "text": shown.get("text") or reply.text,
                "blocks": patch_item(shown["blocks"], block_id, reply, note),
            }
            tag = tag_of(block_id)
            if tag and not body.get("message"):
                self.bridge.shown.remember(tag, patched)
            await respond(**patched, replace_original=True)
            return
        if self.bridge.public(reply) and (body.get("container") or {}).get("is_ephemeral"):
            await respond(delete_original=True)
            await self._answer(respond, reply)
            return
        await self._answer(respond, reply, replace_original=True)

    def _shown(self, body: dict[str, Any], block_id: str) -> dict[str, Any]:
        """The message a button sat in: Slack sends it, except for an ephemeral one, which
        is recalled (see ephemeral.py); empty when neither knows it."""
        if body.get("message"):
            return dict(body["message"])
        tag = tag_of(block_id)
        return (self.bridge.shown.recall(tag) if tag else None) or {}

    async def open_log_button(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """The card's and Home's "Log activity" button; the card's carries its customer."""
        await ack()
        chosen = json.loads(action.get("value") or "{}")
        origin = Origin(
            channel=(body.get("channel") or {}).get("id"),
            customer=chosen.get("customer"),
            customer_name=chosen.get("name"),
        )
        await self._open_log(body["user"]["id"], _team(body), body["trigger_id"], origin, "call")

    async def save_message(self, ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        """The "Save to CRM" message shortcut: the message, with what it forwards and its
        files, becomes a note's text in the modal. People mentioned without a label are
        named from the database at once; those Slack must be asked about are named by
        updating the modal once it is open (its trigger id allows no call before it)."""
        await ack()
        user, team = shortcut["user"]["id"], _team(shortcut)
        message = shortcut.get("message") or {}
        mentioned = unlabelled_users(message)
        names = await self.people.names(mentioned, team, ask=False)
        origin = Origin(channel=(shortcut.get("channel") or {}).get("id"))
        text = saved_text(message, names)
        opened = await self._open_log(user, team, shortcut["trigger_id"], origin, "note", text)
        missing = [found for found in mentioned if found not in names]
        if not missing:
            return
        names |= await self.people.names(missing, team, ask=True)
        view = log_view(await self.bridge.viewer_translator(user, team), origin, kind="note",
                        text=saved_text(message, names))  # fmt: skip
        try:
            await self.bridge.client.views_update(
                view_id=opened.get("id"), hash=opened.get("hash"), view=view
            )
        except SlackApiError as failed:
            log.info("slack: the saved message's names were not filled in: %s",
                     failed.response.get("error"))  # fmt: skip

    async def _open_log(
        self, user: str, team: str, trigger_id: str, origin: Origin, kind: str, text: str = ""
    ) -> dict[str, Any]:
        """The modal opens first: its trigger id expires three seconds after the click, so
        no users.info lookup may come before it (an unknown user sees the team language).
        Returns the opened view (its id and hash, for an update)."""
        t = await self.bridge.viewer_translator(user, team)
        view = log_view(t, origin, kind=kind, text=text)
        answer = await self.bridge.client.views_open(trigger_id=trigger_id, view=view)
        opened: dict[str, Any] = answer.get("view") or {}
        return opened

    async def home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        try:
            member = await self.people.member(event["user"], body.get("team_id", ""))
        except Stranger:
            return
        await publish_home(self.bridge, event["user"], member)


def _team(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")
