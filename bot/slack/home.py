"""The App Home tab: my open follow-ups (overdue first), my open deals, the team's pipeline.

Each part shows what a command answers (`mine`, `deals mine`, `pipeline`), so Home and chat
never disagree; it is published again whenever the tab opens and after every button pressed
on it. Opening the tab is no command anyone typed, so each part is read without being
journalled. Slack allows 100 blocks on Home: the follow-ups get half, the deals a quarter,
the pipeline the rest, each ending in "and N more" when it does not fit.
"""

from __future__ import annotations

from bot.slack.bridge import Bridge
from bot.slack.modals import OPEN_ACTION
from bot.slack.render import SURFACE_BLOCKS, Block, blocks_for, button, context
from handlers.i18n import translator

HOME_COMMAND = "mine"
DEALS_COMMAND = "deals mine"
PIPELINE_COMMAND = "pipeline"
FOLLOWUP_BLOCKS = SURFACE_BLOCKS // 2
DEAL_BLOCKS = SURFACE_BLOCKS // 4


async def publish_home(bridge: Bridge, user_id: str, member_id: int, note: str = "") -> None:
    """Render and publish the member's Home; `note` says what the last button did."""
    reply = await bridge.read(member_id, HOME_COMMAND)
    t = translator(reply.language)
    log_button = button(t("Log activity"), "", OPEN_ACTION, "primary")
    blocks: list[Block] = [
        _header(t("Your follow-ups")),
        {"type": "actions", "block_id": "crm:home", "elements": [log_button]},
    ]
    if note:
        blocks.append(context(note))
    blocks += blocks_for(reply, limit=FOLLOWUP_BLOCKS - len(blocks))
    blocks += [{"type": "divider"}, _header(t("Your open deals"))]
    blocks += blocks_for(await bridge.read(member_id, DEALS_COMMAND), limit=DEAL_BLOCKS - 2)
    blocks.append({"type": "divider"})
    pipeline = await bridge.read(member_id, PIPELINE_COMMAND)
    blocks += blocks_for(pipeline, limit=SURFACE_BLOCKS - len(blocks))
    await bridge.client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}
