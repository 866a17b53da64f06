"""Fixtures for the reminder tests: a team on a real database, follow-ups due when a test
wants them, and the two fake chat platforms the real senders talk to.

Loaded with `pytest_plugins = ["tests.bot.worker_fixtures"]` in the test modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pytest

from bot.bootstrap import App
from bot.worker import Worker, build_senders
from config import Settings
from storage import followups, members, parties
from storage.db import Database
from storage.models import Followup
from tests.conftest import Clock, app_on
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack


@dataclass
class Team:
    """Builds members and follow-ups straight through storage, as the handlers would."""

    db: Database

    def member(
        self,
        name: str,
        *,
        telegram: str | None = None,
        slack: str | None = None,
        language: str = "en",
        timezone: str = "Europe/Berlin",
        notify: str = "all",
        digest: bool = False,
    ) -> int:
        """A member; without a digest unless asked, so a test sees only what it is about."""
        with self.db.session() as session:
            member = members.create(session, name, language=language, timezone=timezone)
            member.notify = notify
            member.digest_enabled = digest
            session.flush()
            if slack:
                members.link_identity(session, member, "slack", slack, team_id="T0000TEAM")
            if telegram:
                members.link_identity(session, member, "telegram", telegram, chat_id=telegram)
            return member.id

    def followup(
        self,
        assignee: int,
        due_at: datetime,
        text: str = "call back",
        *,
        customer: str | None = "Müller GmbH",
        creator: int | None = None,
    ) -> int:
        with self.db.session() as session:
            party = parties.add_company(session, assignee, customer) if customer else None
            made = followups.add(session, creator or assignee, party, text, due_at, assignee)
            session.flush()
            return made.id

    def followups_many(self, assignees: list[int], due_at: datetime) -> list[int]:
        """One follow-up per assignee, all due at once, written in one transaction."""
        with self.db.session() as session:
            made = [
                followups.add(session, a, None, f"task {n}", due_at, a)
                for n, a in enumerate(assignees)
            ]
            session.flush()
            return [f.id for f in made]

    def members_many(self, count: int, platforms: tuple[str, ...] = ("telegram",)) -> list[int]:
        """Many members at once, each on one of `platforms` in turn, with a known chat:
        Telegram chat `5000000+n`, Slack DM channel `D<n>` (so no lookup is needed)."""
        with self.db.session() as session:
            made = [
                members.create(session, f"m{n}", language="en", timezone="UTC", role="member")
                for n in range(count)
            ]
            for n, member in enumerate(made):
                member.digest_enabled = False
                platform = platforms[n % len(platforms)]
                user = str(5_000_000 + n) if platform == "telegram" else f"U{n}"
                chat = user if platform == "telegram" else f"D{n}"
                team = "T0000TEAM" if platform == "slack" else ""
                members.link_identity(session, member, platform, user, team_id=team, chat_id=chat)
            return [m.id for m in made]


@pytest.fixture
def team(app: App) -> Team:
    return Team(app.db)


@pytest.fixture
def chat_settings(settings: Settings, slack_api: FakeSlack) -> Settings:
    """The test database with the chat platforms configured, pointed at the local fakes."""
    return settings.model_copy(
        update={
            "slack_bot_token": BOT_TOKEN,
            "slack_api_url": slack_api.api_url,
        }
    )


@pytest.fixture
def chat_app(chat_settings: Settings, clock: Clock) -> Iterator[App]:
    yield from app_on(chat_settings, clock)


@pytest.fixture
def worker(chat_app: App, clock: Clock) -> Worker:
    """A worker on the test clock, with the real senders; each test drives its ticks."""
    return Worker(chat_app, build_senders(chat_app), clock=clock)


T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """One worker step, as the worker's event loop would run it."""
    return asyncio.run(coroutine)


def stored_followup(app: App, followup_id: int) -> Followup:
    """A follow-up as the database has it now."""
    with app.db.session() as session:
        found = session.get(Followup, followup_id)
        assert found is not None
        return found
