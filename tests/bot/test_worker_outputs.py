"""What the worker posts on its own: charts through the outbox arrive as pictures, alerts
reach a Slack channel or a Telegram group once, and the weekly report lands on Monday at
08:00 with its chart, once however many workers run."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image as Picture

from bot.bootstrap import App
from bot.console import Console
from bot.worker import Worker, build_senders
from config import Settings
from handlers.analytics.plot import trend_png
from handlers.reply import Button, Image, Reply
from storage import activities, deals, group_chats, journal, members, parties
from storage.models import OutboxMessage
from tests.bot.worker_fixtures import Team, run
from tests.conftest import BERLIN, MONDAY_9, Clock, app_on
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_files import shared_files
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import TOKEN

pytest_plugins = ["tests.bot.worker_fixtures"]
GROUP = "-1001234567890"
MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def both_settings(chat_settings: Settings, telegram_api: FakeTelegramApi) -> Settings:
    """Slack and Telegram both configured, each pointed at its local fake."""
    return chat_settings.model_copy(
        update={"telegram_bot_token": TOKEN, "telegram_api_url": telegram_api.base_url}
    )


@pytest.fixture
def both_app(both_settings: Settings, clock: Clock) -> Iterator[App]:
    yield from app_on(both_settings, clock)


def worker_on(settings: Settings, clock: Clock, **changes: object) -> tuple[App, Worker]:
    """One more worker process's app and worker on the same database."""
    app = next(app_on(settings.model_copy(update=changes), clock))
    return app, Worker(app, build_senders(app), clock=clock)


def console(app: App) -> Callable[[str], dict[str, Any]]:
    """anna, the first member (so an admin), at the console, answering in JSON."""
    anna = Console(app, "anna")
    return lambda line: json.loads(anna.ask(line, as_json=True))


def queue_chart(app: App, member_id: int) -> bytes:
    png = trend_png("Calls", ["W46", "W47"], {"all": [3.0, 5.0]}, "", "en")
    reply = Reply(text="Calls", image=Image(png, "Chart: Calls"), buttons=[Button("Show", "mine")])
    with app.db.session() as session:
        journal.enqueue(
            session, member_id=member_id, kind="notice",
            payload=reply.to_dict(with_image=True), not_before=app.crm.clock(),
        )  # fmt: skip
    return png


def is_png(data: bytes) -> bool:
    with Picture.open(io.BytesIO(data)) as picture:
        return picture.format == "PNG" and picture.size[0] > 100


def test_a_chart_sent_through_the_outbox_arrives_as_an_image_on_slack(
    both_app: App, clock: Clock, slack_api: FakeSlack, telegram_api: FakeTelegramApi
) -> None:
    anna = Team(both_app.db).member("anna", slack="UANNA")
    png = queue_chart(both_app, anna)
    _, worker = worker_on(both_app.settings, clock)
    assert run(worker.tick()) == 1
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["channel"] == "DUANNA" and "[Chart: Calls]" in str(post.args["blocks"])
    assert shared_files(slack_api) == [("DUANNA", "chart.png", png)]


def test_a_chart_sent_through_the_outbox_arrives_as_a_photo_on_telegram(
    both_app: App, clock: Clock, telegram_api: FakeTelegramApi
) -> None:
    bob = Team(both_app.db).member("bob", telegram="4711")
    png = queue_chart(both_app, bob)
    _, worker = worker_on(both_app.settings, clock)
    assert run(worker.tick()) == 1
    (photo,) = telegram_api.calls("sendPhoto")
    assert photo.params["chat_id"] == "4711" and photo.params["caption"] == "Chart: Calls"
    assert telegram_api.calls("sendMessage")[0].params["chat_id"] == "4711"
    assert photo.params["photo"]["data"] == png


def big_win(app: App, value: str = "12000") -> int:
    """Bob's deal with Müller GmbH, won just now."""
    with app.db.session() as session:
        bob = members.by_name(session, "bob")[0]
        party = parties.add_company(session, bob.id, "Müller GmbH")
        deal = deals.add(
            session, bob.id, party=party, title="Pumps", value=Decimal(value), currency="EUR",
            owner_id=bob.id, stage="offer", now=app.crm.clock(),
        )  # fmt: skip
        session.flush()
        deals.close_won(session, bob.id, deal, app.settings.stages, app.crm.clock())
        return party.id


def test_an_alert_to_a_slack_channel_is_posted_there_once_across_two_workers(
    chat_app: App, clock: Clock, slack_api: FakeSlack
) -> None:
    slack_api.state.channels.update({"general": "C0GENERAL", "sales": "C0SALES"})
    anna = console(chat_app)
    Team(chat_app.db).member("bob", slack="UBOB")
    saved = anna("alert won>=10000 -> #Sales")
    assert saved["ok"] and saved["data"]["rule"] == "won>=10000.00 -> #sales"
    party = big_win(chat_app)
    clock.now += timedelta(minutes=1)
    first, second = worker_on(chat_app.settings, clock), worker_on(chat_app.settings, clock)
    assert run(first[1].tick()) + run(second[1].tick()) == 1
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["channel"] == "C0SALES"
    rule = saved["data"]["id"]
    assert post.args["text"].startswith(f"Alert #{rule} (won&gt;=10000.00): Müller GmbH")
    assert f"alert snooze {rule} #{party}" in str(post.args["blocks"])


def test_a_channel_as_slack_sends_it_in_a_slash_command_is_taken_by_its_id(
    chat_app: App, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = console(chat_app)
    saved = anna("alert complaint -> <#C0SALES|sales>")
    assert saved["data"]["rule"] == "complaint -> #sales"
    assert anna("alerts")["data"]["alerts"][0]["rule"] == "complaint -> #sales"
    with chat_app.db.session() as session:
        anna_id = members.by_name(session, "anna")[0].id
        party = parties.add_company(session, anna_id, "Schmidt KG")
        activities.add(session, anna_id, party, "complaint", "late again", clock.now)
    _, worker = worker_on(chat_app.settings, clock)
    run(worker.tick())
    assert [c.args["channel"] for c in slack_api.calls("chat.postMessage")] == ["C0SALES"]
    assert not slack_api.calls("conversations.list")


def test_an_unknown_slack_channel_fails_for_good_without_retrying(
    chat_app: App, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = console(chat_app)
    Team(chat_app.db).member("bob", slack="UBOB")
    anna("alert won>=10000 -> #nirgendwo")
    big_win(chat_app)
    _, worker = worker_on(chat_app.settings, clock)
    run(worker.tick())
    assert not slack_api.calls("chat.postMessage")
    with chat_app.db.session() as session:
        (row,) = session.query(OutboxMessage).filter_by(kind="alert").all()
        assert row.state == "failed" and "channel_not_found" in (row.last_error or "")


def test_an_alert_to_a_telegram_group_goes_to_the_group_named_by_its_title(
    both_app: App, clock: Clock, telegram_api: FakeTelegramApi, slack_api: FakeSlack
) -> None:
    with both_app.db.session() as session:
        group_chats.seen(session, "telegram", GROUP, "Vertrieb Süd", clock.now)
    anna = console(both_app)
    Team(both_app.db).member("bob", telegram="4711")
    saved = anna("alert won>=10000 -> #vertrieb sud")
    assert saved["data"]["rule"] == "won>=10000.00 -> #Vertrieb Süd"
    big_win(both_app)
    _, worker = worker_on(both_app.settings, clock)
    run(worker.tick())
    (sent,) = telegram_api.calls("sendMessage")
    assert sent.params["chat_id"] == GROUP and "Müller GmbH" in sent.params["text"]
    assert "alert snooze" in str(sent.params["reply_markup"])
    assert not slack_api.calls("chat.postMessage")


def test_a_group_nobody_used_the_bot_in_is_refused_as_an_alert_target(app: App) -> None:
    refused = console(app)("alert complaint -> #Vertrieb")
    assert not refused["ok"] and "Vertrieb" in refused["text"]


def test_two_groups_of_one_title_are_asked_about_not_guessed(app: App, clock: Clock) -> None:
    with app.db.session() as session:
        group_chats.seen(session, "telegram", "-1001", "Vertrieb", clock.now)
        group_chats.seen(session, "telegram", "-1002", "vertrieb", clock.now)
    refused = console(app)("alert complaint -> #Vertrieb")
    assert not refused["ok"]
    assert "telegram:-1001" in refused["text"] and "telegram:-1002" in refused["text"]
    assert console(app)("alerts")["data"]["alerts"] == []


def last_week_activity(app: App) -> None:
    """Two calls in week 47 (16–22 Nov 2026), one in week 46."""
    with app.db.session() as session:
        anna = members.by_name(session, "anna")[0].id
        party = parties.add_company(session, anna, "Müller GmbH")
        for day in (18, 19, 11):
            activities.add(
                session, anna, party, "call", "x", datetime(2026, 11, day, 10, tzinfo=BERLIN)
            )


def test_the_weekly_report_reaches_the_slack_channel_on_monday_at_eight_once(
    chat_app: App, clock: Clock, slack_api: FakeSlack
) -> None:
    slack_api.state.channels["sales"] = "C0SALES"
    console(chat_app)("members")
    last_week_activity(chat_app)
    first = worker_on(chat_app.settings, clock, crm_report_channel="slack:#sales")
    second = worker_on(chat_app.settings, clock, crm_report_channel="slack:#sales")
    clock.now = MONDAY_8 - timedelta(minutes=1)
    assert run(first[1].weekly_report()) == 0
    clock.now = MONDAY_8
    assert run(first[1].weekly_report()) + run(second[1].weekly_report()) == 2
    run(first[1].tick())
    clock.now += timedelta(seconds=2)
    run(first[1].tick())
    (post,) = slack_api.calls("chat.postMessage")[:1]
    assert post.args["channel"] == "C0SALES" and "week 47 of 2026" in post.args["text"]
    assert "Contacts" in str(post.args["blocks"])
    ((channel, name, png),) = shared_files(slack_api)
    assert (channel, name) == ("C0SALES", "chart.png") and is_png(png)
    clock.now += timedelta(days=1)
    assert run(second[1].weekly_report()) == 0


def test_the_weekly_report_goes_to_a_telegram_group_with_its_chart(
    both_app: App, clock: Clock, telegram_api: FakeTelegramApi
) -> None:
    console(both_app)("members")
    last_week_activity(both_app)
    _, worker = worker_on(both_app.settings, clock, crm_report_channel=f"telegram:{GROUP}")
    clock.now = MONDAY_9
    assert run(worker.weekly_report()) == 2
    clock.now += timedelta(seconds=2)
    run(worker.tick())
    texts = [c.params["chat_id"] for c in telegram_api.calls("sendMessage")]
    (photo,) = telegram_api.calls("sendPhoto")
    assert texts[0] == GROUP and photo.params["chat_id"] == GROUP
    assert is_png(photo.params["photo"]["data"])


def test_a_worker_started_later_on_monday_sends_the_weekly_report_it_missed(
    chat_app: App, clock: Clock, slack_api: FakeSlack
) -> None:
    slack_api.state.channels["sales"] = "C0SALES"
    console(chat_app)("members")
    last_week_activity(chat_app)
    _, worker = worker_on(chat_app.settings, clock, crm_report_channel="slack:#sales")

    async def started_until_posted() -> None:
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        for _ in range(200):
            if slack_api.calls("chat.postMessage"):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await running

    run(started_until_posted())
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["channel"] == "C0SALES" and "week 47 of 2026" in post.args["text"]
