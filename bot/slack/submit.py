"""Saving a modal: the "log an activity" form (see modals.py) and the base every form shares.

The whole form is one command (`log <kind> <customer> [followup=<date>]: <text>`), so the
activity and its follow-up are saved in one transaction or not at all. A modal must be
answered within three seconds, and a problem must be shown on the field it concerns; the
command is local database work, so it runs before the answer, and a refusal comes back as
`response_action: errors` on the field the refusal names. The confirmation is posted after.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError

from bot.slack.bridge import Bridge
from bot.slack.modals import Origin, command_line, read_entry
from bot.slack.people import Stranger
from handlers.i18n import translator
from handlers.reply import Reply

log = logging.getLogger(__name__)


class FieldProblem(Exception):
    """A form value refused before any command runs, shown on its field."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(field, text)
        self.field = field
        self.text = text


class Submission:
    """A modal submitted: its form becomes one command, run as the member who sent it.

    Each form says which command it stands for (`command`) and on which of its fields a
    refusal belongs (`field`); `fallback_field` shows what concerns no field (a stranger).
    """

    fallback_field = "text"

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge

    async def __call__(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = body["user"]
        team = (body.get("team") or {}).get("id") or user.get("team_id", "")
        try:
            member = await self.bridge.people.member(user["id"], team, user.get("username", ""))
        except Stranger:
            await ack(response_action="errors", errors={self.fallback_field: self._stranger()})
            return
        try:
            channel, line = await self.command(member, view)
        except FieldProblem as problem:
            await ack(response_action="errors", errors={problem.field: problem.text[:300]})
            return
        reply = await self.bridge.run(member, line, channel=channel)
        if not reply.ok:
            await ack(response_action="errors", errors={self.field(view, reply): _problem(reply)})
            return
        await ack()
        await self._confirm(reply, user["id"], channel)

    async def command(self, member_id: int, view: dict[str, Any]) -> tuple[str | None, str]:
        """The channel the form was opened in and the command line it stands for."""
        raise NotImplementedError

    def field(self, view: dict[str, Any], reply: Reply) -> str:
        """The block id a refused command's problem is shown on."""
        raise NotImplementedError

    def _stranger(self) -> str:
        return translator(self.bridge.app.settings.crm_language)(
            "Sorry, this CRM works only for people of the workspace it is installed in. "
            "Please ask a member of that team."
        )

    async def _confirm(self, reply: Reply, user_id: str, channel: str | None) -> None:
        """To the channel (public), to the person there (private), or as a DM from Home."""
        message = self.bridge.message(reply)
        client = self.bridge.client
        try:
            if channel and self.bridge.public(reply):
                await client.chat_postMessage(channel=channel, **message)
            elif channel:
                await client.chat_postEphemeral(channel=channel, user=user_id, **message)
            else:
                await client.chat_postMessage(channel=user_id, **message)
        except SlackApiError as failed:
            log.warning("modal confirmation to %s failed (%s); sent as DM", channel,
                        failed.response.get("error"))  # fmt: skip
            await client.chat_postMessage(channel=user_id, **message)


class LogSubmission(Submission):
    async def command(self, member_id: int, view: dict[str, Any]) -> tuple[str | None, str]:
        origin, entry = read_entry(view)
        return origin.channel, command_line(entry)

    def field(self, view: dict[str, Any], reply: Reply) -> str:
        return _field(Origin.load(view.get("private_metadata", "")), reply)


def _field(origin: Origin, reply: Reply) -> str:
    """The form field a refusal concerns; a customer chosen on a card has no field of its
    own, so its problems show on the text."""
    if reply.argument == "customer":
        return "text" if origin.customer else "customer"
    return "followup" if reply.argument == "followup" else "text"


def _problem(reply: Reply) -> str:
    """A refusal for a form field: Slack shows at most a short line there (with the
    candidates, when the customer was ambiguous)."""
    names = [item.text for section in reply.sections for item in section.items]
    text = f"{reply.text} {', '.join(names)}" if names else reply.text
    return text[:300]
