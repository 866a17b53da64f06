"""Alert rules by command, and the worker's planning of alerts: each event once, to the
right people, across workers; paused and snoozed rules stay quiet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from config import Settings
from handlers.analytics.alert_watch import plan_alerts
from storage import activities, deals, members, parties
from storage.models import OutboxMessage
from tests.conftest import Chat, Clock, app_on


@pytest.fixture
def team(app: App, chat: Chat, chat_as: Callable[[str], Chat]) -> dict[str, int]:
    """anna (admin, the console user) and bob (a member), who owns Müller GmbH and
    Schmidt KG."""
    chat("members")
    bob = chat_as("bob")
    bob("help")
    ids = {
        "mueller": bob("add company Müller GmbH")["data"]["id"],
        "schmidt": bob("add company Schmidt KG")["data"]["id"],
    }
    with app.db.session() as session:
        members.by_name(session, "bob")[0].role = "member"
    return ids


def plan(app: App) -> int:
    with app.db.session() as session:
        return plan_alerts(session, app.crm.clock(), app.settings)


def sent(app: App) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(member, text, buttons) of every alert queued, in order."""
    with app.db.session() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "alert").order_by(OutboxMessage.id)
        ).all()
        names = {m.id: m.name for m in members.all_members(session)}
        return [(names[r.member_id], r.payload["text"], r.payload["buttons"]) for r in rows]


def log(app: App, party_id: int, kind: str = "complaint", days_ago: float = 0) -> None:
    with app.db.session() as session:
        bob = members.by_name(session, "bob")[0]
        party = parties.get(session, party_id)
        assert party is not None
        at = app.crm.clock() - timedelta(days=days_ago)
        activities.add(session, bob.id, party, kind, "slow delivery", at)


def test_rules_are_added_listed_paused_and_removed(chat: Chat, team: dict[str, int]) -> None:
    ids = [
        chat(line)["data"]["id"]
        for line in (
            "alert complaint -> owner", "alert quiet 30 class=A -> owner", "alert stuck 14 -> owner",
            "alert won>=10k -> @bob", "alarm beschwerden>=3/30d -> admins",
        )
    ]  # fmt: skip
    assert chat(f"alert pause {ids[1]}")["data"] == {"id": ids[1], "paused": True}
    assert chat(f"alert remove {ids[2]}")["ok"]
    assert chat("alerts")["data"]["alerts"] == [
        {"id": ids[0], "rule": "complaint -> owner", "paused": False},
        {"id": ids[1], "rule": "quiet 30 class=A -> owner", "paused": True},
        {"id": ids[3], "rule": "won>=10000.00 -> @bob", "paused": False},
        {"id": ids[4], "rule": "complaints>=3/30d -> admins", "paused": False},
    ]
    assert f"{ids[1]}. quiet 30 class=A -> owner (paused)" in chat("alarme")["text"]


def test_bad_rules_are_refused(
    chat: Chat, chat_as: Callable[[str], Chat], team: dict[str, int]
) -> None:
    for line in ("alert complaint", "alert colour -> owner", "alert complaint -> #sales",
                 "alert quiet -> owner", "alert won>=lots -> owner", "alert complaint -> nobody"):  # fmt: skip
        assert not chat(line)["ok"], line
    assert not chat("alert pause 99")["ok"]
    refused = chat_as("bob")("alert complaint -> owner")
    assert not refused["ok"] and "admin" in refused["text"]
    assert chat("alerts")["data"] == {"alerts": []}


def test_a_complaint_alerts_the_owner_once_across_two_workers(
    app: App, chat: Chat, team: dict[str, int], settings: Settings, clock: Clock
) -> None:
    rule = chat("alert complaint -> owner")["data"]["id"]
    log(app, team["mueller"])
    assert plan(app) == 1
    assert plan(app) == 0
    other = next(app_on(settings, clock))  # a second worker on the same database
    assert plan(other) == 0
    other.db.dispose()
    ((who, text, buttons),) = sent(app)
    assert who == "bob"
    assert text == f"Alert #{rule} (complaint): Müller GmbH\nComplaint by bob: slow delivery"
    assert buttons[-1]["command"] == f"alert snooze {rule} #{team['mueller']}"


def test_a_third_complaint_in_thirty_days_alerts_the_admins(
    app: App, chat: Chat, team: dict[str, int]
) -> None:
    rule = chat("alert complaints>=3/30d -> admins")["data"]["id"]
    log(app, team["mueller"], days_ago=20)
    log(app, team["mueller"])
    log(app, team["schmidt"])
    assert plan(app) == 0
    log(app, team["mueller"])
    assert plan(app) == 1
    assert sent(app)[0][:2] == (
        "anna",
        f"Alert #{rule} (complaints>=3/30d): Müller GmbH\n3 complaints in 30 days",
    )


def test_a_snoozed_or_paused_rule_stays_quiet(app: App, chat: Chat, team: dict[str, int]) -> None:
    rule = chat("alert complaint -> owner")["data"]["id"]
    assert chat(f"alert snooze {rule} #{team['mueller']}")["ok"]
    log(app, team["mueller"])
    assert plan(app) == 0
    chat(f"alert pause {rule}")
    log(app, team["schmidt"])
    assert plan(app) == 0
    chat(f"alert resume {rule}")
    assert plan(app) == 1
    assert "Schmidt KG" in sent(app)[0][1]


def test_stuck_deal_and_big_win(app: App, chat: Chat, team: dict[str, int], clock: Clock) -> None:
    stuck = chat("alert stuck 14 -> owner")["data"]["id"]
    won = chat("alert won>=10k -> @anna")["data"]["id"]
    made = []
    with app.db.session() as session:
        bob = members.by_name(session, "bob")[0].id
        for who, value in (("mueller", "5000"), ("schmidt", "12000")):
            deal = deals.add(
                session, bob, party=parties.get(session, team[who]), title=f"Deal {who}",
                value=Decimal(value), currency="EUR", owner_id=bob, stage="offer", now=clock.now,
            )  # fmt: skip
            session.flush()
            made.append(deal.id)
    clock.now += timedelta(days=15)
    chat(f"won {made[1]}")
    assert plan(app) == 2
    assert sorted((who, text) for who, text, _ in sent(app)) == [
        ("anna", f"Alert #{won} (won>=10000.00): Schmidt KG\nDeal #{made[1]} Deal schmidt won: €12,000.00"),
        ("bob", f"Alert #{stuck} (stuck 14): Müller GmbH\nDeal #{made[0]} Deal mueller has been in offer for 14 days"),
    ]  # fmt: skip


def test_a_class_a_customer_gone_quiet_alerts_its_owner(
    app: App, chat: Chat, team: dict[str, int], clock: Clock
) -> None:
    rule = chat("alert quiet 30 class=A -> owner")["data"]["id"]
    with app.db.session() as session:
        bob = members.by_name(session, "bob")[0].id
        made = deals.add(
            session, bob, party=parties.get(session, team["mueller"]), title="t",
            value=Decimal("9000"), currency="EUR", owner_id=bob, stage="offer", now=clock.now,
        )  # fmt: skip
        session.flush()
        deals.close_won(session, bob, made, app.settings.stages, clock.now)
    log(app, team["mueller"], "call")
    log(app, team["schmidt"], "call")
    clock.now += timedelta(days=29)
    assert plan(app) == 0
    clock.now += timedelta(days=2)
    assert plan(app) == 1
    assert sent(app)[0][:2] == (
        "bob",
        f"Alert #{rule} (quiet 30 class=A): Müller GmbH\nNo contact for 30 days",
    )
