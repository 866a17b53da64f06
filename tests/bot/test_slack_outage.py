"""PostgreSQL cut off mid-run, by a TCP proxy between the app and the database."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.bootstrap import App
from bot.health import add_healthz
from config import Settings
from tests.bot.test_slack_events import dm
from tests.conftest import Clock, app_on
from tests.fakes.server import RunningServer
from tests.fakes.slack_answers import BOT_USER
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SIGNING_SECRET, SlackInbound
from tests.fakes.tcp_proxy import TcpProxy

pytest_plugins = ["tests.bot.slack_fixtures"]


@pytest.fixture
def proxy(database_url: str) -> Iterator[TcpProxy]:
    if not database_url.startswith("postgresql"):
        pytest.skip("an outage needs a database behind a network connection")
    url = make_url(database_url)
    with TcpProxy((url.host or "127.0.0.1", url.port or 5432)) as running:
        yield running


@pytest.fixture
def cut_app(slack_settings: Settings, proxy: TcpProxy, clock: Clock) -> Iterator[App]:
    through = proxy.url_for(slack_settings.database_url)
    yield from app_on(slack_settings.model_copy(update={"database_url": through}), clock)


@pytest.fixture
def cut_server(cut_app: App) -> Iterator[RunningServer]:
    with RunningServer(cut_app) as server:
        yield server


@pytest.fixture
def cut_slack(cut_server: RunningServer, slack_api: FakeSlack) -> SlackInbound:
    return SlackInbound(cut_server.url + "/slack/events", SIGNING_SECRET, slack_api.response_url())


def test_a_command_during_an_outage_is_told_it_was_not_saved_within_slacks_three_seconds(
    cut_slack: SlackInbound, slack_api: FakeSlack, proxy: TcpProxy
) -> None:
    assert cut_slack.slash("add company Müller GmbH").status == 200
    slack_api.wait_for("response_url")
    proxy.cut()
    started = time.monotonic()
    answer = cut_slack.slash("log call Müller: wants a quote")
    assert answer.status == 200 and time.monotonic() - started < 3
    said = answer.json()
    assert said["response_type"] == "ephemeral"
    assert "not reachable" in said["text"] and "NOT saved" in said["text"]
    proxy.restore()
    assert cut_slack.slash("show Müller").status == 200
    assert "Müller GmbH" in slack_api.wait_for("response_url", 2)[1].args["text"]


def test_a_dm_and_a_mention_during_an_outage_are_told_they_were_not_saved(
    cut_slack: SlackInbound, slack_api: FakeSlack, proxy: TcpProxy
) -> None:
    assert cut_slack.slash("help").status == 200
    slack_api.wait_for("response_url")
    proxy.cut()
    started = time.monotonic()
    assert cut_slack.event(dm("log call Müller: wants a quote"), "Ev001").status == 200
    assert time.monotonic() - started < 3
    said = slack_api.wait_for("chat.postMessage", timeout=10)[0].args
    assert said["channel"] == "D0ANNA" and "NOT saved" in said["text"]
    mention = {"type": "app_mention", "channel": "C0000SALES", "user": "UANNA",
               "text": f"<@{BOT_USER}> log call Müller: wants a quote", "ts": "1700000000.000300"}  # fmt: skip
    assert cut_slack.event(mention, "Ev002").status == 200
    private = slack_api.wait_for("chat.postEphemeral", timeout=10)[0].args
    assert (private["user"], private["thread_ts"]) == ("UANNA", "1700000000.000300")
    assert "NOT saved" in private["text"]


def _health(base: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


class HealthServer(RunningServer):
    """Only `GET /healthz` as bot/health.py mounts it (bot/server.py wires the same call)."""

    async def _start(self) -> str:
        web_app = web.Application()
        add_healthz(web_app, self.app.db)
        self.runner = web.AppRunner(web_app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        return f"http://127.0.0.1:{self.runner.addresses[0][1]}"


def test_healthz_reports_an_unreachable_database_with_503(cut_app: App, proxy: TcpProxy) -> None:
    with HealthServer(cut_app) as server:
        assert _health(server.url) == (200, {"ok": True, "database": "ok"})
        proxy.cut()
        started = time.monotonic()
        assert _health(server.url) == (503, {"ok": False, "database": "unreachable"})
        assert time.monotonic() - started < 5
        proxy.restore()
        assert _health(server.url)[0] == 200
