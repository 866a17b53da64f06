"""Direct messages: a new follow-up for someone else reaches them, and Web API failures are
reported so the worker can retry or give up, never lost and never duplicated."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from bot.delivery import Address, DeliveryError
from bot.slack import build_sender, socket_mode_handler
from bot.worker.loop import Worker
from bot.worker.senders import build_senders
from handlers.reply import Button, Reply
from storage.models import Identity, OutboxMessage
from tests.bot.test_slack_buttons import buttons
from tests.bot.test_slack_commands import ask
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]

BOB = Address("slack", "UBOB", None, "T0000TEAM")


def deliver(app: App, clock: Clock) -> int:
    """One pass of the real reminder worker over the outbox."""

    async def drain() -> int:
        return await Worker(app, build_senders(app), clock).drain()

    return asyncio.run(drain())


def test_a_followup_for_a_colleague_reaches_them_by_direct_message(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App, clock: Clock
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller morgen <@UBOB>: send the quote")
    assert deliver(slack_app, clock) == 1
    assert slack_api.calls("conversations.open")[0].args["users"] == "UBOB"
    dm = slack_api.calls("chat.postMessage")[0].args
    assert dm["channel"] == "DUBOB"
    assert "Anna Schmidt" in dm["text"] and "send the quote" in dm["text"]
    assert "Erledigt" in buttons(dm) and len(buttons(dm)) == 3  # Bob's Slack speaks German
    with slack_app.db.session() as session:
        assert session.scalars(select(OutboxMessage.state)).all() == ["sent"]
        bob = session.scalars(select(Identity).where(Identity.external_id == "UBOB")).one()
        assert bob.chat_id == "DUBOB"
    assert deliver(slack_app, clock) == 0


def test_a_followup_for_oneself_sends_no_message(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App, clock: Clock
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller morgen: send the quote")
    assert deliver(slack_app, clock) == 0
    assert slack_api.calls("chat.postMessage") == []


def send(app: App, address: Address, reply: Reply) -> None:
    asyncio.run(build_sender(app).send(address, reply))


def test_a_rate_limit_is_handed_to_the_worker_at_once_with_retry_after(
    slack_api: FakeSlack, slack_app: App
) -> None:
    slack_api.fail("chat.postMessage", "ratelimited", status=429, retry_after=15)
    with pytest.raises(DeliveryError) as failed:
        send(slack_app, BOB, Reply("hello"))
    assert failed.value.retry_after == 15 and not failed.value.permanent
    assert len(slack_api.calls("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "error", ["account_inactive", "user_not_found", "channel_not_found", "not_in_channel"]
)
def test_a_gone_account_is_a_permanent_failure(
    slack_api: FakeSlack, slack_app: App, error: str
) -> None:
    slack_api.fail("conversations.open", error)
    with pytest.raises(DeliveryError) as failed:
        send(slack_app, BOB, Reply("hello"))
    assert failed.value.permanent


def test_a_stale_dm_channel_is_opened_afresh(slack_api: FakeSlack, slack_app: App) -> None:
    slack_api.fail("chat.postMessage", "channel_not_found")
    send(slack_app, Address("slack", "UBOB", "DOLD", "T0000TEAM"), Reply("hello"))
    assert [c.args["channel"] for c in slack_api.calls("chat.postMessage")] == ["DOLD", "DUBOB"]


def test_slack_down_is_a_retryable_failure(slack_app: App) -> None:
    down = slack_app.settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    app = App(settings=down, db=slack_app.db, crm=slack_app.crm)
    with pytest.raises(DeliveryError) as failed:
        send(app, BOB, Reply("hello", buttons=[Button("Done", "done 1")]))
    assert not failed.value.permanent


def test_socket_mode_is_built_from_the_app_token_without_connecting(
    slack_api: FakeSlack, slack_app: App
) -> None:
    settings = slack_app.settings.model_copy(update={"slack_app_token": "xapp-1-test"})
    app = App(settings=settings, db=slack_app.db, crm=slack_app.crm)

    async def build() -> tuple[str, str]:
        handler = socket_mode_handler(app)
        try:
            return handler.app_token, handler.client.web_client.base_url
        finally:
            await handler.client.close()  # type: ignore[no-untyped-call]

    assert asyncio.run(build()) == ("xapp-1-test", slack_api.api_url)
    assert slack_api.calls() == []


def test_socket_mode_refuses_to_start_without_an_app_token(slack_app: App) -> None:
    with pytest.raises(ValueError, match="SLACK_APP_TOKEN"):
        socket_mode_handler(slack_app)
