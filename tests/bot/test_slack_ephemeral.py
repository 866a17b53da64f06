"""Ephemeral lists are remembered only while Slack lets their response_url be used."""

from __future__ import annotations

from bot.slack.ephemeral import KEPT, RESPONSE_URL_SECONDS, Shown, tag_of
from tests.bot.test_slack_buttons import entry_buttons, press_entry
from tests.bot.test_slack_commands import ask
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]


def test_a_list_is_forgotten_when_its_response_url_has_expired() -> None:
    now = [1000.0]
    shown = Shown(clock=lambda: now[0])
    tag = shown.new_tag()
    shown.remember(tag, {"text": "list", "blocks": [{"type": "divider"}]})
    assert tag_of(f"crm:item:0-1{tag}") == tag.lstrip("~")
    now[0] += RESPONSE_URL_SECONDS - 1
    assert shown.recall(tag) == {"text": "list", "blocks": [{"type": "divider"}]}
    now[0] += 2
    assert shown.recall(tag) is None


def test_only_the_newest_lists_are_kept() -> None:
    shown = Shown()
    tags = [shown.new_tag() for _ in range(KEPT + 1)]
    for tag in tags:
        shown.remember(tag, {"text": tag, "blocks": []})
    assert shown.recall(tags[0]) is None and shown.recall(tags[-1]) is not None
    assert tag_of("crm:item:0-1") is None


def test_a_press_on_a_list_nobody_remembers_still_answers_with_the_outcome(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller morgen: send the quote")
    listing = ask(slack, slack_api, "mine")
    block_id, element = entry_buttons(listing)[0]
    forgotten = (block_id.rsplit("~", 1)[0] + "~00000000", element)
    updated = press_entry(slack, slack_api, forgotten)
    assert updated["replace_original"] is True and "done" in updated["text"]
