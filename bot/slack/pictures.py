"""A reply's picture (a chart) uploaded into the conversation it answers.

The upload itself is bot/slack/files.py's `upload_file`. An answer only its member sees (an ephemeral one) keeps its picture private too: it goes
to the member's direct messages with the bot, as it does when the bot is not in the channel.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.files import upload_file
from handlers.reply import Image

log = logging.getLogger(__name__)
NOT_THERE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def place(channel: str | None, shared: bool) -> str | None:
    """Where a picture may go: a DM or a channel the answer is shown to (None: privately)."""
    return channel if channel and (shared or channel.startswith("D")) else None


async def upload(
    client: AsyncWebClient, image: Image, channel: str | None, user: str,
    thread_ts: str | None = None,
) -> None:  # fmt: skip
    """Into `channel` (a thread of it when given), else into the member's DM with the bot."""
    if channel:
        try:
            await _upload(client, image, channel, thread_ts)
            return
        except SlackApiError as problem:
            if problem.response.get("error") not in NOT_THERE:
                raise
            log.info("slack: chart not allowed in %s, sent privately", channel)
    opened = await client.conversations_open(users=user)
    await _upload(client, image, str(opened["channel"]["id"]), None)


async def _upload(
    client: AsyncWebClient, image: Image, channel: str, thread_ts: str | None
) -> None:
    await upload_file(client, channel, "chart.png", image.data, title=image.alt,
                      thread_ts=thread_ts)  # fmt: skip
