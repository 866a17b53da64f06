"""The App Home tab: the member's open follow-ups, overdue first, with Done and Snooze.

It shows what the `mine` command answers, so Home and chat never disagree; it is published
again whenever the tab opens and after every button pressed on it. Opening the tab is no
command anyone typed, so it is read without being journalled.
"""

from __future__ import annotations

from bot.slack.bridge import Bridge
from bot.slack.modals import OPEN_ACTION
from bot.slack.render import SURFACE_BLOCKS, Block, blocks_for, button, context
from handlers.i18n import translator

HOME_COMMAND = "mine"


async def publish_home(bridge: Bridge, user_id: str, member_id: int, note: str = "") -> None:
    """Render and publish the member's Home; `note` says what the last button did."""
    reply = await bridge.read(member_id, HOME_COMMAND)
    t = translator(reply.language)
    log_button = button(t("Log activity"), "", OPEN_ACTION, "primary")
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": t("Your follow-ups")}},
        {"type": "actions", "block_id": "crm:home", "elements": [log_button]},
    ]
    if note:
        blocks.append(context(note))
    blocks += blocks_for(reply, limit=SURFACE_BLOCKS - len(blocks))
    await bridge.client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
