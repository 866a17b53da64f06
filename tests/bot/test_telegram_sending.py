"""Sending under Telegram's limits: flood waits and network errors are retried, and what
a command wrote stays written even when its answer cannot be sent."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import pytest

from bot.bootstrap import App
from bot.delivery import Address, DeliveryError
from bot.telegram import TelegramSender, build_sender
from bot.telegram.application import plain_bot
from handlers.reply import Button, Reply
from storage.db import Database
from storage.models import Company, OutboxMessage
from storage.send_budgets import Budget
from tests.fakes.telegram_api import Failure, FakeTelegramApi
from tests.fakes.telegram_updates import Phone, message_update, post_update

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]

FLOOD = Failure(429, "Too Many Requests: retry after 1", retry_after=1)
GATEWAY = Failure(502, "Bad Gateway")


def test_flood_limit_is_waited_out_and_the_answer_arrives(
    bob: Phone, telegram_api: FakeTelegramApi
) -> None:
    telegram_api.fail_next("sendMessage", FLOOD)
    answer = bob.send(expect=2, text="add company Eilig GmbH")
    assert "Eilig GmbH added" in answer[-1].params["text"]


def test_network_errors_are_retried_with_back_off(
    bob: Phone, telegram_api: FakeTelegramApi
) -> None:
    telegram_api.fail_next("sendMessage", GATEWAY, GATEWAY)
    answer = bob.send(expect=3, text="add company Wackel GmbH")
    assert "Wackel GmbH added" in answer[-1].params["text"]


def test_when_the_answer_cannot_be_sent_the_data_stays_and_the_answer_waits_in_the_outbox(
    bob: Phone, server: RunningServer, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    telegram_api.fail_next("sendMessage", *[GATEWAY] * 4)
    before = len(telegram_api.calls("sendMessage"))
    update = message_update(bob.user, bob.chat_id, text="add company Funkloch AG")
    assert post_update(server.url, update) == 200
    telegram_api.wait_for("sendMessage", before + 4)
    with telegram_app.db.session() as session:
        assert session.query(Company).filter_by(name="Funkloch AG").count() == 1
    assert "Funkloch AG" in bob.say("find funkloch").params["text"]
    deadline = time.monotonic() + 10
    while not (queued := _queued_replies(telegram_app)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(queued) == 1
    assert "Funkloch AG added" in queued[0].payload["text"]


def _queued_replies(app: App) -> list[OutboxMessage]:
    with app.db.session() as session:
        return list(session.query(OutboxMessage).filter_by(kind="reply"))


def send(app: App, chat_id: str, reply: Reply) -> None:
    async def once() -> None:
        sender = build_sender(app.settings, app.db)
        try:
            await sender.send(Address("telegram", chat_id, chat_id), reply)
        finally:
            await sender.close()

    asyncio.run(once())


def test_sender_delivers_a_notice_with_its_buttons(
    telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    send(telegram_app, "4242", Reply("Reminder: call Müller", buttons=[Button("Done", "done 7")]))
    [sent] = telegram_api.calls("sendMessage")
    assert sent.params["chat_id"] == "4242"
    assert sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c:done 7"


def test_sender_reports_a_flood_limit_with_its_wait(
    telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    telegram_api.fail_next("sendMessage", Failure(429, "Too Many Requests", retry_after=3))
    with pytest.raises(DeliveryError) as caught:
        send(telegram_app, "4242", Reply("Reminder"))
    assert caught.value.retry_after == 3
    assert not caught.value.permanent


def test_sender_reports_a_blocked_bot_as_permanent(
    telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    telegram_api.fail_next("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(DeliveryError) as caught:
        send(telegram_app, "4242", Reply("Reminder"))
    assert caught.value.permanent


def test_two_senders_share_one_send_budget(
    telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    """Two worker processes (each its own sender and connection pool) keep one pace."""
    budget = Budget("telegram", rate=10.0, burst=2.0)
    other_db = Database(telegram_app.settings.database_url)

    async def both() -> float:
        senders = [
            TelegramSender(plain_bot(telegram_app.settings), db, budget)
            for db in (telegram_app.db, other_db)
        ]
        started = time.monotonic()
        try:
            await asyncio.gather(
                *(
                    sender.send(Address("telegram", "4242", "4242"), Reply(f"Reminder {n}"))
                    for n in range(6)
                    for sender in senders
                )
            )
        finally:
            for sender in senders:
                await sender.close()
        return time.monotonic() - started

    try:
        elapsed = asyncio.run(both())
    finally:
        other_db.dispose()
    assert len(telegram_api.calls("sendMessage")) == 12
    assert elapsed >= (12 - 2) / 10 * 0.95
