"""`crmbot serve` stopped as a deploy stops it (SIGTERM) or as a crash does (SIGKILL), in
the middle of a slash command Slack was already told we have: the member still gets the
answer, and the note is in the database."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import InboundMessage, Party
from tests.bot.served import Served
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.add_user("UANNA", "Anna Schmidt", locale="en-US")
        yield slack


@pytest.fixture
def served(database_url: str, slack_api: FakeSlack, tmp_path: Path) -> Iterator[Served]:
    server = Served(database_url, slack_api, tmp_path)
    yield server
    server.close()


def _stored(database_url: str) -> tuple[list[str], list[str]]:
    db = Database(database_url)
    try:
        with db.session() as session:
            names = list(session.scalars(select(Party.name)))
            statuses = list(session.scalars(select(InboundMessage.status)))
    finally:
        db.dispose()
    return names, statuses


def test_sigterm_right_after_the_ack_still_answers_and_keeps_the_command(
    served: Served, slack_api: FakeSlack, database_url: str
) -> None:
    served.start()
    slack_api.delay("users.info", 1.5)  # the work after the ack is still running
    assert served.inbound.slash("add company Müller GmbH").status == 200
    served.signal(signal.SIGTERM)
    assert served.wait() == 0
    (answer,) = slack_api.calls("response_url")
    assert "Müller GmbH" in answer.args["text"]
    assert _stored(database_url) == (["Müller GmbH"], ["done"])


def test_a_command_acknowledged_before_a_sigkill_is_run_and_answered_on_restart(
    served: Served, slack_api: FakeSlack, database_url: str
) -> None:
    served.start()
    slack_api.delay("users.info", 30)
    assert served.inbound.slash("add company Müller GmbH").status == 200
    served.signal(signal.SIGKILL)
    served.wait()
    assert _stored(database_url) == ([], ["received"])
    slack_api.delay("users.info", 0)
    served.start()
    (answer,) = slack_api.wait_for("response_url", 1, timeout=20)
    assert "Müller GmbH" in answer.args["text"]
    served.signal(signal.SIGTERM)
    assert served.wait() == 0
    assert _stored(database_url) == (["Müller GmbH"], ["done"])
