"""Commands acknowledged by a run that died before processing them: the next start runs
each once and answers where the member can still see it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from bot.bootstrap import App
from bot.recovery import recover
from storage import journal
from storage.models import InboundMessage, Party
from storage.types import utcnow
from tests.fakes.slack_answers import TEAM
from tests.fakes.slack_api import FakeSlack

pytest_plugins = ["tests.bot.worker_fixtures"]


def _lost_slash(app: App, slack: FakeSlack, text: str, *, age: timedelta) -> int:
    """A row as the Slack listener journals it before `ack()`, left `received`."""
    with app.db.session() as session:
        journal_id, _stored, _repeat = journal.receive(
            session,
            platform="slack",
            text=text,
            member_id=None,
            channel="C0000SALES",
            origin={
                "response_url": slack.response_url("lost"),
                "user_id": "UANNA",
                "team_id": TEAM,
            },
        )
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == journal_id)
            .values(received_at=utcnow() - age)
        )
    return journal_id


def _statuses(app: App) -> list[str]:
    with app.db.session() as session:
        return list(session.scalars(select(InboundMessage.status)))


def _companies(app: App) -> list[str]:
    with app.db.session() as session:
        return list(session.scalars(select(Party.name)))


def test_a_lost_command_older_than_half_an_hour_is_answered_by_direct_message(
    chat_app: App, slack_api: FakeSlack
) -> None:
    slack_api.add_user("UANNA", "Anna Schmidt")
    _lost_slash(chat_app, slack_api, "add company Müller GmbH", age=timedelta(minutes=31))
    assert asyncio.run(recover(chat_app, utcnow())) == 1
    assert slack_api.calls("response_url") == []
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["channel"] == "DUANNA" and "Müller GmbH" in post.args["text"]
    assert _companies(chat_app) == ["Müller GmbH"] and _statuses(chat_app) == ["done"]


def test_two_processes_starting_together_run_a_lost_command_once(
    chat_app: App, slack_api: FakeSlack
) -> None:
    slack_api.add_user("UANNA", "Anna Schmidt")
    _lost_slash(chat_app, slack_api, "add company Müller GmbH", age=timedelta(seconds=5))

    async def both() -> list[int]:
        now = utcnow()
        return list(await asyncio.gather(recover(chat_app, now), recover(chat_app, now)))

    assert sorted(asyncio.run(both())) == [0, 1]
    assert len(slack_api.calls("response_url")) == 1
    assert _companies(chat_app) == ["Müller GmbH"]


def test_commands_received_after_the_start_are_left_to_their_own_process(
    chat_app: App, slack_api: FakeSlack
) -> None:
    started = utcnow()
    _lost_slash(chat_app, slack_api, "add company Müller GmbH", age=timedelta(seconds=-1))
    assert asyncio.run(recover(chat_app, started)) == 0
    assert _statuses(chat_app) == ["received"]
