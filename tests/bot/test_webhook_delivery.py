"""Webhook deliveries through the real worker code, over real HTTP to a local receiver:
signed so the secret verifies them, retried with back-off, cut off by a timeout, and each
event posted to each URL once however many workers run."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.bootstrap import App
from bot.console import Console
from bot.worker import Worker
from bot.worker.webhooks import WebhookSender
from handlers.chat_imports import keep_file
from storage import webhooks
from storage.db import Database
from storage.models import WebhookDelivery, WebhookEvent
from tests.bot.shell import process_env
from tests.bot.test_worker_processes import Workers
from tests.bot.worker_fixtures import run
from tests.conftest import MONDAY_9, Chat, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.webhook_receiver import Received, WebhookReceiver

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]


def verified(secret: str, request: Received) -> bool:
    """What a receiver does: the HMAC of `timestamp.body` with the secret, compared in
    constant time with the signature header."""
    timestamp = request.headers["X-Crmbot-Timestamp"]
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256)
    return hmac.compare_digest(f"sha256={mac.hexdigest()}", request.headers["X-Crmbot-Signature"])


def delivery(app: App) -> WebhookDelivery:
    """The one delivery row a test made."""
    with app.db.read_session() as session:
        return session.scalars(select(WebhookDelivery)).one()


def import_customers(app: App, console: Console, chat: Chat, count: int) -> None:
    """`count` new customers in one command (a chat import): `count` events."""
    rows = "".join(f"Kunde {n} GmbH,Köln\n" for n in range(count))
    sheet = f"Company name,City\n{rows}".encode()
    line = keep_file(app.db, console.member_id, "k.csv", sheet, app.crm.clock())
    assert chat(f"{line} confirm=yes")["ok"]


def test_a_new_customer_is_posted_once_signed_with_the_webhooks_secret(
    app: App, chat: Chat, clock: Clock
) -> None:
    with WebhookReceiver() as receiver:
        secret = chat(f"webhook add {receiver.url} customer.created")["data"]["secret"]
        chat("add company Müller GmbH city=Köln")
        sender = WebhookSender(app.db, clock)
        assert run(sender.drain()) == 1
        assert run(sender.drain()) == 0
        (request,) = receiver.received()
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Crmbot-Event"] == "customer.created"
    assert request.headers["X-Crmbot-Delivery"] == str(delivery(app).id)
    assert request.headers["X-Crmbot-Timestamp"] == str(int(MONDAY_9.timestamp()))
    assert verified(secret, request)
    assert not verified("0" * 64, request)
    assert not verified(secret, Received("POST", "/hook", request.headers, request.body + b" "))
    body = request.json()
    assert body["type"] == "customer.created" and len(body["id"]) == 32
    assert body["occurred_at"] == "2026-11-23T08:00:00+00:00"
    assert body["data"] == chat("list")["data"]["customers"][0]
    (listed,) = chat("webhooks")["data"]["webhooks"]
    assert (listed["state"], listed["waiting"], listed["last_result"]) == ("active", 0, "HTTP 200")


def test_an_answer_of_500_is_tried_again_ten_seconds_later_with_the_same_delivery(
    app: App, chat: Chat, clock: Clock
) -> None:
    with WebhookReceiver() as receiver:
        receiver.answer(500)
        chat(f"webhook add {receiver.url} all")
        chat("add company Müller GmbH")
        sender = WebhookSender(app.db, clock)
        assert run(sender.drain()) == 0
        assert "HTTP 500" in chat("webhooks")["text"]
        clock.now += timedelta(seconds=9)
        assert run(sender.drain()) == 0
        clock.now += timedelta(seconds=1)
        assert run(sender.drain()) == 1
        first, second = receiver.received()
    assert first.body == second.body
    assert first.headers["X-Crmbot-Delivery"] == second.headers["X-Crmbot-Delivery"]
    assert (delivery(app).state, delivery(app).attempts) == ("sent", 1)
    (listed,) = chat("webhooks")["data"]["webhooks"]
    assert (listed["state"], listed["last_result"]) == ("active", "HTTP 200")


def test_retries_back_off_for_about_a_day_then_the_delivery_is_marked_failed(
    app: App, chat: Chat, clock: Clock
) -> None:
    waits: list[float] = []
    with WebhookReceiver() as receiver:
        receiver.answer(*[503] * 20)
        chat(f"webhook add {receiver.url} all")
        chat("add company Müller GmbH")
        sender = WebhookSender(app.db, clock)
        while delivery(app).state != "failed":
            assert run(sender.drain()) == 0
            row = delivery(app)
            if row.state == "pending":
                waits.append((row.not_before - clock.now).total_seconds())
                clock.now = row.not_before
        clock.now += timedelta(days=2)
        assert run(sender.drain()) == 0
        assert len(receiver.received()) == 9
    assert waits == [10, 60, 300, 1800, 7200, 18000, 28800, 28800]
    assert 23 * 3600 < sum(waits) <= 24 * 3600
    answer = chat("webhooks")
    (listed,) = answer["data"]["webhooks"]
    assert (listed["state"], listed["failed"], listed["last_result"]) == ("failing", 1, "HTTP 503")
    assert "1 given up" in answer["text"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_url_that_refuses_connections_is_tried_again(app: App, chat: Chat, clock: Clock) -> None:
    chat(f"webhook add http://127.0.0.1:{_closed_port()}/hook all")
    chat("add company Müller GmbH")
    assert run(WebhookSender(app.db, clock).drain()) == 0
    row = delivery(app)
    assert (row.state, row.attempts) == ("pending", 1)
    assert row.not_before == clock.now + timedelta(seconds=10)
    assert "Connect" in (row.last_error or "")


def test_a_receiver_that_answers_too_slowly_is_cut_off_and_tried_again(
    app: App, chat: Chat, clock: Clock
) -> None:
    with WebhookReceiver(delay=3.0) as receiver:
        chat(f"webhook add {receiver.url} all")
        chat("add company Müller GmbH")
        started = time.monotonic()
        assert run(WebhookSender(app.db, clock, timeout=0.5).drain()) == 0
        took = time.monotonic() - started
    assert took < 2.5
    assert (delivery(app).state, delivery(app).last_error) == ("pending", "no answer within 0.5 s")


def test_a_change_rolled_back_sends_nothing(
    app: App, chat: Chat, console: Console, clock: Clock
) -> None:
    with WebhookReceiver() as receiver:
        chat(f"webhook add {receiver.url} all")
        sheet = b"Company name,City\nSchulz KG,Bonn\n"
        dry = chat(keep_file(app.db, console.member_id, "k.csv", sheet, app.crm.clock()))
        assert dry["ok"] and dry["data"]["dry_run"]
        assert chat("deal Nobody 5k: nothing")["ok"] is False
        assert run(WebhookSender(app.db, clock).drain()) == 0
        assert receiver.received() == []


def test_two_workers_post_each_event_once(
    app: App, chat: Chat, console: Console, clock: Clock
) -> None:
    with WebhookReceiver(delay=0.05) as receiver:
        chat(f"webhook add {receiver.url} all")
        import_customers(app, console, chat, 80)
        other = Database(app.settings.database_url)
        senders = [WebhookSender(app.db, clock), WebhookSender(other, clock)]
        together = threading.Barrier(2)
        delivered = [0, 0]

        def work(n: int) -> None:
            together.wait()
            delivered[n] = asyncio.run(senders[n].drain())

        threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        other.dispose()
        posted = Counter(request.json()["id"] for request in receiver.received())
    assert len(posted) == 80 and set(posted.values()) == {1}
    assert sum(delivered) == 80 and min(delivered) > 0


def test_worker_processes_post_each_event_once(
    app: App, chat: Chat, console: Console, tmp_path: Path
) -> None:
    with WebhookReceiver(delay=0.02) as receiver:
        chat(f"webhook add {receiver.url} customer.created")
        import_customers(app, console, chat, 60)
        env = process_env(DATABASE_URL=app.settings.database_url, REMINDER_POLL_SECONDS="0.2")
        workers = Workers(env, tmp_path)
        workers.start(2)
        try:
            receiver.log.wait_for("POST", 60, timeout=60)
            time.sleep(0.5)  # a duplicate would arrive now
        finally:
            assert workers.stop() == [0, 0]
        posted = Counter(request.json()["id"] for request in receiver.received())
    assert len(posted) == 60 and set(posted.values()) == {1}


def test_a_hanging_webhook_does_not_hold_back_a_reminder(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack
) -> None:
    anna = team.member("anna", slack="UANNA")
    team.followup(anna, MONDAY_9, "send the quote")
    with WebhookReceiver(delay=2.0) as receiver:
        with chat_app.db.session() as session:
            hook = webhooks.add(session, anna, receiver.url, ["all"], "s" * 64, MONDAY_9)
            webhooks.record(session, "webhook.test", MONDAY_9, {}, [hook.id])

        async def scenario() -> tuple[int, bool, int]:
            posting = asyncio.create_task(worker.webhooks.drain())
            await asyncio.sleep(0.3)
            reminded = await worker.tick()
            waiting = not posting.done()
            return reminded, waiting, await posting

        assert run(scenario()) == (1, True, 1)
        assert len(receiver.received()) == 1
    assert len(slack_api.calls("chat.postMessage")) == 1


def test_delivered_events_are_forgotten_after_a_week_and_owed_ones_kept(
    app: App, chat: Chat, clock: Clock
) -> None:
    def stored() -> tuple[int, list[str]]:
        with app.db.read_session() as session:
            events = session.scalar(select(func.count()).select_from(WebhookEvent)) or 0
            states = session.scalars(select(WebhookDelivery.state).order_by(WebhookDelivery.id))
            return events, list(states)

    with WebhookReceiver() as receiver:
        chat(f"webhook add {receiver.url} all")
        failing = chat(f"webhook add http://127.0.0.1:{_closed_port()}/hook all")["data"]["id"]
        chat("add company Müller GmbH")
        sender = WebhookSender(app.db, clock)
        run(sender.drain())
        clock.now += timedelta(days=8)
        run(sender.drain())
        assert stored() == (1, ["pending"])
        chat(f"webhook remove {failing}")
        clock.now += timedelta(hours=1)
        run(sender.drain())
    assert stored() == (0, [])
