"""Saving the "log an activity" modal (see modals.py for what it asks and why in that order).

A modal must be answered within three seconds, and a problem must be shown on the field
it concerns; the commands below are local database work, so they run before the answer and
a refusal comes back as `response_action: errors`. The confirmations are posted after it.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError

from bot.slack.bridge import Bridge
from bot.slack.modals import Entry, Origin, followup_line, log_line, read_entry
from handlers.reply import Reply

log = logging.getLogger(__name__)


class LogSubmission:
    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge

    async def __call__(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = body["user"]
        team = (body.get("team") or {}).get("id") or user.get("team_id", "")
        member = await self.bridge.people.member(user["id"], team, user.get("username", ""))
        origin, entry = read_entry(view)
        replies, problem = await self._save(member, origin, entry)
        if problem is not None:
            await ack(response_action="errors", errors=problem)
            return
        await ack()
        for reply in replies:
            await self._confirm(reply, member, user["id"], origin.channel)

    async def _save(
        self, member: int, origin: Origin, entry: Entry
    ) -> tuple[list[Reply], dict[str, str] | None]:
        """Run the commands; stop at the first refusal and say which field it concerns."""
        customer_field = "text" if origin.customer else "customer"
        found = await self.bridge.run(member, f"show {entry.customer}", channel=origin.channel)
        if not found.ok:
            return [], {customer_field: _problem(found)}
        ref = f"#{found.data['id']}"
        replies = []
        planned = followup_line(ref, entry)
        if planned is not None:
            followup = await self.bridge.run(member, planned, channel=origin.channel)
            if not followup.ok:
                return [], {"followup": _problem(followup)}
            replies.append(followup)
        logged = await self.bridge.run(member, log_line(ref, entry), channel=origin.channel)
        if not logged.ok:
            return replies, {"text": _problem(logged)}
        return [logged, *replies], None

    async def _confirm(self, reply: Reply, member: int, user_id: str, channel: str | None) -> None:
        """To the channel (public), to the person there (private), or as a DM from Home."""
        message = await self.bridge.message(reply, member)
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


def _problem(reply: Reply) -> str:
    """A refusal for a form field: Slack shows at most a short line there."""
    names = [c["name"] for c in reply.data.get("candidates", [])]
    text = f"{reply.text} {', '.join(names)}" if names else reply.text
    return text[:300]
