"""Block Kit limits: long answers are cut cleanly, never rejected by Slack."""

from __future__ import annotations

from typing import Any

from bot.slack.render import MESSAGE_BLOCKS, SURFACE_BLOCKS, blocks_for, fallback_text
from handlers.i18n import translator
from handlers.reply import Button, Field, Item, Reply, Section
from tests.bot.test_slack_commands import ask
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]

EN = translator("en")
DONE = (Button("Done", "done 1", "primary"), Button("Snooze 1 day", "snooze 1 +1d"))


def listing(count: int, more: int = 0) -> Reply:
    items = tuple(Item(f"#{n} follow-up number {n}", DONE) for n in range(count))
    return Reply(text=f"{count} follow-ups", sections=[Section("Open", items, more)])


def more_note(blocks: list[dict[str, Any]]) -> str:
    last = blocks[-1]
    assert last["type"] == "context"
    text: str = last["elements"][0]["text"]
    return text


def test_a_long_list_is_cut_to_fifty_blocks_and_says_how_many_more() -> None:
    blocks = blocks_for(listing(60, more=5))
    assert len(blocks) <= MESSAGE_BLOCKS
    shown = sum(1 for b in blocks if str(b.get("block_id", "")).startswith("crm:text:"))
    assert more_note(blocks) == f"and {65 - shown} more"
    assert blocks[-2]["type"] == "actions"  # an entry never loses its buttons to the cut


def test_app_home_may_use_a_hundred_blocks() -> None:
    blocks = blocks_for(listing(60), limit=SURFACE_BLOCKS)
    assert MESSAGE_BLOCKS < len(blocks) <= SURFACE_BLOCKS


def test_a_list_that_fits_is_shown_whole() -> None:
    blocks = blocks_for(listing(3, more=2))
    assert more_note(blocks) == "and 2 more"
    assert sum(1 for b in blocks if b["type"] == "actions") == 3


def test_long_text_is_cut_inside_the_section_limit() -> None:
    blocks = blocks_for(Reply(text="&" * 5000))
    text = blocks[0]["text"]["text"]
    assert len(text) <= 3000 and text.endswith("\u2026") and not text.endswith("&amp\u2026")
    assert len(fallback_text(Reply(text="x" * 5000))) <= 3000


def test_button_labels_are_cut_and_overlong_commands_left_out() -> None:
    reply = Reply(text="pick", buttons=[Button("L" * 100, "show #1"), Button("x", "y" * 2001)])
    elements = blocks_for(reply)[-1]["elements"]
    assert len(elements) == 1 and len(elements[0]["text"]["text"]) <= 75


def test_many_fields_are_split_ten_to_a_section() -> None:
    reply = Reply(text="card", fields=[Field(f"f{n}", "v") for n in range(15)])
    sizes = [len(b["fields"]) for b in blocks_for(reply) if "fields" in b]
    assert sizes == [10, 5]


def test_every_user_text_is_escaped_and_verbatim() -> None:
    hostile = "<!channel> <@U1> <https://evil.example|click> & more"
    reply = Reply(
        text=hostile,
        title=hostile,
        fields=[Field(hostile, hostile)],
        sections=[Section(hostile, (Item(hostile, (Button(hostile, "help"),)),))],
    )
    for block in blocks_for(reply):
        for piece in _mrkdwn(block):
            assert "<" not in piece["text"] and piece["verbatim"] is True


def _mrkdwn(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [p for value in node for p in _mrkdwn(value)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == "mrkdwn" else []
    return own + [p for value in node.values() for p in _mrkdwn(value)]


def test_thirty_followups_in_slack_stay_within_the_limit(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    for day in range(1, 31):
        ask(slack, slack_api, f"followup Müller in {day} Tagen: call number {day}")
    listing_ = ask(slack, slack_api, "mine")
    assert len(listing_["blocks"]) <= MESSAGE_BLOCKS
    assert more_note(listing_["blocks"]).startswith("and ")
