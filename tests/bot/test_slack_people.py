"""Who becomes a member from Slack: the installed workspace's people, and admins by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from config import Settings
from storage import members
from storage.models import Member
from tests.bot.test_slack_commands import ask, texts
from tests.conftest import Clock, app_on
from tests.fakes.server import RunningServer
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SIGNING_SECRET, SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]
GUEST = {"user": "WGUEST", "name": "gina"}


@pytest.fixture
def start(slack_settings: Settings, slack_api: FakeSlack, clock: Clock) -> Iterator[Any]:
    """Start the app with settings changed as a test asks; returns (inbound, app)."""
    slack_api.add_user("WGUEST", "Gina Gast", team="T0OTHERCO")
    running: list[tuple[Iterator[App], RunningServer]] = []

    def started(**changes: Any) -> tuple[SlackInbound, App]:
        apps = app_on(slack_settings.model_copy(update=changes), clock)
        app = next(apps)
        server = RunningServer(app).__enter__()
        running.append((apps, server))
        url = server.url + "/slack/events"
        return SlackInbound(url, SIGNING_SECRET, slack_api.response_url()), app

    yield started
    for apps, server in running:
        server.__exit__(None, None, None)
        next(apps, None)


def names(app: App) -> list[tuple[str, str]]:
    with app.db.read_session() as session:
        return [(m.name, m.role) for m in session.scalars(select(Member).order_by(Member.id))]


def test_a_slack_connect_guest_is_refused_politely_and_sees_no_customer(
    start: Any, slack_api: FakeSlack
) -> None:
    slack, app = start()
    ask(slack, slack_api, "add company Müller GmbH")
    answer = ask(slack, slack_api, "find Müller", **GUEST)
    assert "only for people of the workspace" in answer["text"]
    assert "Müller" not in str(answer)
    assert names(app) == [("Anna Schmidt", "member")]


def test_a_team_named_in_slack_allowed_teams_may_join(start: Any, slack_api: FakeSlack) -> None:
    slack, app = start(slack_allowed_teams="T0OTHERCO, T0THIRD")
    ask(slack, slack_api, "add company Müller GmbH")
    assert "Müller GmbH" in texts(ask(slack, slack_api, "find Müller", **GUEST))
    assert [name for name, _role in names(app)] == ["Anna Schmidt", "Gina Gast"]


def test_nobody_becomes_admin_by_arriving_first(start: Any, slack_api: FakeSlack) -> None:
    slack, app = start()
    assert "Only an admin" in ask(slack, slack_api, "invite Carla")["text"]
    assert names(app) == [("Anna Schmidt", "member")]


def test_people_named_in_crm_admins_become_admins_by_name_or_id(
    start: Any, slack_api: FakeSlack
) -> None:
    slack, app = start(crm_admins="anna schmidt,UBOB")
    assert "Invite code" in ask(slack, slack_api, "invite Carla")["text"]
    ask(slack, slack_api, "help", user="UBOB", name="bob")
    assert names(app)[:1] == [("Anna Schmidt", "admin")]
    assert ("Bob Meyer", "admin") in names(app)


def test_a_slack_user_whose_name_matches_one_member_without_slack_joins_that_member(
    start: Any, slack_api: FakeSlack
) -> None:
    slack, app = start()
    Console(app, "Bob Meyer").ask("members")
    ask(slack, slack_api, "help", user="UBOB", name="bob")
    assert names(app) == [("Bob Meyer", "admin")]
    with app.db.read_session() as session:
        bob = session.scalars(select(Member)).one()
        platforms = sorted(i.platform for i in members.identities_of(session, bob.id))
        assert platforms == ["console", "slack"]


def test_a_slack_user_named_like_two_members_becomes_a_new_member(
    start: Any, slack_api: FakeSlack
) -> None:
    slack, app = start()
    Console(app, "Bob Meyer").ask("members")
    with app.db.session() as session:
        members.create(session, "Bob Meyer", language="de", timezone="Europe/Berlin")
    ask(slack, slack_api, "help", user="UBOB", name="bob")
    assert [name for name, _role in names(app)] == ["Bob Meyer"] * 3
