"""A chart in Slack: the PNG uploaded with files.getUploadURLExternal, a POST of its bytes to
the URL returned, and files.completeUploadExternal into the conversation (the fake checks
that the bytes arrived before the file is shared)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image

from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]


def dm(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": "D0ANNA",
        "channel_type": "im",
        "user": "UANNA",
        "text": text,
        "ts": "1700000000.000100",
    }


@pytest.fixture
def with_contacts(slack: SlackInbound, slack_api: FakeSlack, clock: Clock) -> None:
    """A call logged a minute ago: this month's contacts chart has a bar."""
    slack.slash("add company Müller GmbH")
    slack_api.wait_for("response_url")
    slack.slash("log call Müller GmbH: wants a quote")
    slack_api.wait_for("response_url", 2)
    clock.now += timedelta(minutes=1)


def shared(slack_api: FakeSlack) -> tuple[str, Image.Image]:
    """The channel the upload was completed in and the picture whose bytes were sent."""
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    (sent,) = slack_api.calls("upload")
    (done,) = slack_api.calls("files.completeUploadExternal")
    assert asked.args["filename"] == "chart.png"
    assert int(asked.args["length"]) == sent.args["size"] <= 200_000
    assert done.args["files"][0]["id"] == sent.args["file_id"]
    png = slack_api.state.uploads[sent.args["file_id"]]
    return done.args["channel_id"], Image.open(io.BytesIO(png)).convert("RGB")


def test_a_chart_asked_in_a_dm_is_uploaded_into_that_dm(
    slack: SlackInbound, slack_api: FakeSlack, with_contacts: None
) -> None:
    assert slack.event(dm("chart contacts"), "Ev-chart-1").status == 200
    slack_api.wait_for("files.completeUploadExternal")
    channel, picture = shared(slack_api)
    assert channel == "D0ANNA"
    assert picture.size == (1000, 600)
    assert (0x1F, 0x6F, 0xB2) in {colour for _, colour in picture.getcolors(1_000_000) or []}
    posted = slack_api.calls("chat.postMessage")[-1].args
    assert posted["channel"] == "D0ANNA" and "Contacts" in posted["text"]


def test_a_slash_chart_answered_privately_goes_to_the_members_dm(
    slack: SlackInbound, slack_api: FakeSlack, with_contacts: None
) -> None:
    slack.slash("chart contacts")
    slack_api.wait_for("files.completeUploadExternal")
    channel, _ = shared(slack_api)
    assert channel == "DUANNA"  # conversations.open for the member, not the #sales channel
    assert slack_api.calls("conversations.open")[-1].args["users"] == "UANNA"


def test_a_chart_the_bot_may_not_post_goes_to_the_dm(
    slack: SlackInbound, slack_api: FakeSlack, with_contacts: None
) -> None:
    slack_api.fail("files.completeUploadExternal", "not_in_channel")
    slack.event(dm("chart contacts"), "Ev-chart-2")
    done = slack_api.wait_for("files.completeUploadExternal", 2)
    assert [call.args["channel_id"] for call in done] == ["D0ANNA", "DUANNA"]


def test_no_upload_for_a_chart_without_data(slack: SlackInbound, slack_api: FakeSlack) -> None:
    slack.slash("chart won_value")
    slack_api.wait_for("response_url")
    assert slack_api.calls("files.getUploadURLExternal") == []
