"""Real databases for every test: a fresh SQLite file, and PostgreSQL when
CRM_TEST_DATABASE_URL names a server (a scratch database is created there and dropped)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import hypothesis
import pytest
from hypothesis import HealthCheck
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.bootstrap import App, bootstrap
from bot.console import Console
from config import Settings, explicit_settings
from storage.db import Database
from storage.models import Base
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegramApi, running
from tests.fakes.telegram_updates import TOKEN

hypothesis.settings.register_profile(
    "crmbot",
    deadline=None,  # a 2-core CI machine also runs PostgreSQL: timings say nothing here
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis.settings.load_profile("crmbot")
"""Property tests run many examples against one fixture (a database that only grows), and
their speed is the benchmarks' business, not theirs."""

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("CRM_TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One scratch database for the whole run, created and dropped here."""
    server = make_url(os.environ["CRM_TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"crm_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    Database(url).upgrade()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty, migrated database of each backend in turn."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crm.db'}"
        Database(url).upgrade()
        yield url
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    _empty(url)


def _empty(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return explicit_settings(
        database_url=database_url, crm_language="en", crm_timezone="Europe/Berlin"
    )


class Clock:
    """A "now" that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_9)


@pytest.fixture
def app(settings: Settings, clock: Clock) -> Iterator[App]:
    yield from app_on(settings, clock)


def app_on(settings: Settings, clock: Clock) -> Iterator[App]:
    """The whole app on the test clock, its database released afterwards; for fixtures."""
    built = bootstrap(settings, upgrade=False, clock=clock)
    yield built
    built.db.dispose()


@pytest.fixture
def console(app: App) -> Console:
    """The first console user: an admin called anna, writing in English."""
    return Console(app, "anna")


Chat = Callable[[str], dict[str, Any]]


@pytest.fixture
def chat(console: Console) -> Chat:
    """Say one line to the CRM as anna and get the console's JSON answer back."""

    def say(line: str) -> dict[str, Any]:
        answer: dict[str, Any] = json.loads(console.ask(line, as_json=True))
        return answer

    return say


@pytest.fixture
def chat_as(app: App) -> Callable[[str], Chat]:
    """A chat for another console member (created on first use, as console users are)."""

    def member(name: str) -> Chat:
        other = Console(app, name)
        return lambda line: json.loads(other.ask(line, as_json=True))

    return member


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    """The one fake Slack Web API: a workspace with Anna (English, Berlin) and Bob (German,
    Vienna)."""
    with FakeSlack() as slack:
        slack.add_user("UANNA", "Anna Schmidt", tz="Europe/Berlin", locale="en-US")
        slack.add_user("UBOB", "Bob Meyer", tz="Europe/Vienna", locale="de-DE")
        yield slack


@pytest.fixture
def telegram_api() -> Iterator[FakeTelegramApi]:
    """The one fake Telegram Bot API, answering the bot token every test configures."""
    with running(TOKEN) as api:
        yield api
