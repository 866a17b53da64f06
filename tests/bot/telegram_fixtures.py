"""Fixtures for the Telegram adapter: the fake Bot API, the running web server, a phone.

Load with `pytest_plugins = ["tests.bot.telegram_fixtures"]`; the phone that posts real
updates lives in tests/fakes/telegram_updates.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App
from bot.console import Console
from config import Settings, explicit_settings
from storage.models import Base
from tests.conftest import Clock, app_on
from tests.fakes.server import RunningServer
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import SECRET, TOKEN, Phone


@pytest.fixture
def telegram_settings(database_url: str, telegram_api: FakeTelegramApi) -> Settings:
    return explicit_settings(
        database_url=database_url,
        crm_language="en",
        crm_timezone="Europe/Berlin",
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_api_url=telegram_api.base_url,
        telegram_webhook_url=None,
        slack_bot_token=None,
    )


@pytest.fixture
def telegram_app(telegram_settings: Settings, clock: Clock) -> Iterator[App]:
    yield from app_on(telegram_settings, clock)


@pytest.fixture
def start_server(telegram_api: FakeTelegramApi) -> Iterator[Callable[[App], RunningServer]]:
    """Start `crmbot serve`'s web app for an App; stopped at the end of the test."""
    started: list[RunningServer] = []

    def start(app: App) -> RunningServer:
        running = RunningServer(app).__enter__()
        started.append(running)
        return running

    yield start
    for running in started:
        running.__exit__(None, None, None)


@pytest.fixture
def server(telegram_app: App, start_server: Callable[[App], RunningServer]) -> RunningServer:
    return start_server(telegram_app)


@pytest.fixture
def invite(telegram_app: App) -> Callable[[str], str]:
    """An admin (the console user anna) invites a colleague; gives the code."""

    def code_for(name: str) -> str:
        answer = json.loads(Console(telegram_app, "anna").ask(f"invite {name}", as_json=True))
        return str(answer["data"]["code"])

    return code_for


@pytest.fixture
def count(telegram_app: App) -> Callable[[type[Base]], int]:
    """How many rows a table holds now."""

    def rows(table: type[Base]) -> int:
        with telegram_app.db.session() as session:
            return session.scalar(select(func.count()).select_from(table)) or 0

    return rows


@pytest.fixture
def anna(telegram_app: App) -> Console:
    """The admin at her desk, on the console."""
    return Console(telegram_app, "anna")


@pytest.fixture
def bob(
    server: RunningServer, telegram_api: FakeTelegramApi, invite: Callable[[str], str]
) -> Phone:
    """A colleague linked through an invite: he sent `/start CODE` from his phone."""
    phone = Phone(server.url, telegram_api, 4242, "Bob")
    welcome = phone.say(f"/start {invite('Bob')}")
    assert "Welcome, Bob" in welcome.params["text"]
    return phone
