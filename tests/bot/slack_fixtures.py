"""Slack fixtures: the fake Web API, the real HTTP app running on a local port, signed requests.

Test modules load them with `pytest_plugins = ["tests.bot.slack_fixtures"]`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.bootstrap import App
from config import Settings
from tests.conftest import Clock, app_on
from tests.fakes.server import RunningServer
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.fakes.slack_requests import SIGNING_SECRET, SlackInbound


@pytest.fixture
def slack_settings(settings: Settings, slack_api: FakeSlack) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": slack_api.api_url,
        }
    )


@pytest.fixture
def slack_app(slack_settings: Settings, clock: Clock) -> Iterator[App]:
    yield from app_on(slack_settings, clock)


@pytest.fixture
def slack_server(slack_app: App) -> Iterator[RunningServer]:
    with RunningServer(slack_app) as server:
        yield server


@pytest.fixture
def slack(slack_server: RunningServer, slack_api: FakeSlack) -> SlackInbound:
    """Signed requests to `POST /slack/events`, as Slack sends them."""
    return SlackInbound(
        slack_server.url + "/slack/events", SIGNING_SECRET, slack_api.response_url()
    )
