"""Slack fixtures: the fake Web API, the real HTTP app running on a local port, signed requests.

Test modules load them with `pytest_plugins = ["tests.bot.slack_fixtures"]`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from bot.bootstrap import App
from bot.server import build_web_app
from config import Settings
from tests.conftest import Clock, app_on
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"


class RunningServer:
    """The aiohttp app of `crmbot serve`, on 127.0.0.1 and a free port, in its own loop."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None
        self.url = ""

    def __enter__(self) -> RunningServer:
        self.thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    async def _start(self) -> str:
        self.runner = web.AppRunner(build_web_app(self.app))
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    async def _stop(self) -> None:
        """Let work that runs after an ack finish (briefly), then close the server."""
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if others:
            await asyncio.wait(others, timeout=5)
        if self.runner is not None:
            await self.runner.cleanup()

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A workspace with Anna (English, Berlin) and Bob (German, Vienna)."""
    with FakeSlack() as slack:
        slack.add_user("UANNA", "Anna Schmidt", tz="Europe/Berlin", locale="en-US")
        slack.add_user("UBOB", "Bob Meyer", tz="Europe/Vienna", locale="de-DE")
        yield slack


@pytest.fixture
def slack_settings(settings: Settings, fake_slack: FakeSlack) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": fake_slack.api_url,
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
def slack(slack_server: RunningServer, fake_slack: FakeSlack) -> SlackInbound:
    """Signed requests to `POST /slack/events`, as Slack sends them."""
    return SlackInbound(
        slack_server.url + "/slack/events", SIGNING_SECRET, fake_slack.response_url()
    )
