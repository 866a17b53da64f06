"""Deals in storage: each change keeps its history and its audit, amounts stay exact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from config.stages import DEFAULT_STAGES, parse_stages
from storage import audit, deals, members, parties
from storage.db import Database
from storage.models import Deal
from tests.conftest import BERLIN, MONDAY_9

STAGES = parse_stages(DEFAULT_STAGES)


@dataclass
class Team:
    anna: int
    bob: int
    mueller: int
    schmidt: int


@pytest.fixture
def team(migrated_db: Database) -> Team:
    with migrated_db.session() as session:
        anna = members.create(session, "Anna", language="en", timezone="Europe/Berlin")
        bob = members.create(session, "Bob", language="de", timezone="Europe/Berlin")
        mueller = parties.add_company(session, anna.id, "Müller GmbH", relationship_kind="prospect")
        schmidt = parties.add_company(session, bob.id, "Schmidt AG")
        return Team(anna.id, bob.id, mueller.id, schmidt.id)


def _add(
    db: Database,
    team: Team,
    value: str,
    *,
    party: int | None = None,
    owner: int | None = None,
    stage: str = "lead",
    currency: str = "EUR",
    at: datetime = MONDAY_9,
    close_on: date | None = None,
) -> int:
    with db.session() as session:
        customer = parties.get(session, party or team.mueller)
        assert customer is not None
        deal = deals.add(
            session,
            owner or team.anna,
            party=customer,
            title=f"Deal {value}",
            value=Decimal(value),
            currency=currency,
            owner_id=owner or team.anna,
            stage=stage,
            now=at,
            close_on=close_on,
        )
        return deal.id


def _deal(db: Database, deal_id: int) -> Deal:
    with db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        return deal


def test_a_value_comes_back_to_the_cent_as_decimal(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "12345.67", close_on=date(2026, 12, 1))
    deal = _deal(migrated_db, deal_id)
    assert deal.value == Decimal("12345.67") and isinstance(deal.value, Decimal)
    assert (deal.status, deal.stage, deal.close_on) == ("open", "lead", date(2026, 12, 1))
    assert deal.party.name == "Müller GmbH" and deal.owner.name == "Anna"


def test_a_stage_move_keeps_who_when_and_the_before(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "1000")
    later = MONDAY_9 + timedelta(days=2)
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        assert deals.move(session, team.bob, deal, "offer", later) is True
        assert deals.move(session, team.bob, deal, "offer", later) is False
        moves = deals.history(session, deal_id)
        entries = audit.entries_for(session, "deals", deal_id)
    assert [(m.from_stage, m.to_stage, m.member_id) for m in moves] == [
        (None, "lead", team.anna),
        ("lead", "offer", team.bob),
    ]
    assert moves[1].at == later
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before is not None and entries[1].before["stage"] == "lead"
    assert entries[1].after is not None and entries[1].after["stage"] == "offer"
    assert entries[1].after["value"] == "1000.00"
    deal = _deal(migrated_db, deal_id)
    assert deal.stage_changed_at == later and deal.touched_at == later


def test_won_at_a_final_value_closes_the_deal(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "12000")
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        deals.close_won(session, team.anna, deal, STAGES, MONDAY_9, Decimal("11500.50"))
        entries = audit.entries_for(session, "deals", deal_id)
    deal = _deal(migrated_db, deal_id)
    assert (deal.status, deal.stage, deal.value, deal.closed_at) == (
        "won",
        "won",
        Decimal("11500.50"),
        MONDAY_9,
    )
    assert entries[-1].before is not None and entries[-1].before["value"] == "12000.00"


def test_lost_keeps_its_reason(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "500")
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        deals.close_lost(session, team.anna, deal, STAGES, "Preis", MONDAY_9)
        moves = deals.history(session, deal_id)
    deal = _deal(migrated_db, deal_id)
    assert (deal.status, deal.stage, deal.lost_reason) == ("lost", "lost", "Preis")
    assert moves[-1].to_stage == "lost"


def test_a_closed_deal_does_not_move_or_close_again(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "500")
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        deals.close_won(session, team.anna, deal, STAGES, MONDAY_9)
        with pytest.raises(deals.DealClosed):
            deals.move(session, team.anna, deal, "offer", MONDAY_9)
        with pytest.raises(deals.DealClosed):
            deals.close_lost(session, team.anna, deal, STAGES, "Preis", MONDAY_9)


def test_set_changes_only_editable_fields_and_audits(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "500")
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        deals.update_fields(
            session, team.anna, deal, MONDAY_9, owner_id=team.bob, probability=40, title="Neu"
        )
        with pytest.raises(ValueError, match="status"):
            deals.update_fields(session, team.anna, deal, MONDAY_9, status="won")
        entry = audit.entries_for(session, "deals", deal_id)[-1]
    assert entry.before is not None and entry.after is not None
    assert (entry.before["owner_id"], entry.after["owner_id"]) == (team.anna, team.bob)
    assert _deal(migrated_db, deal_id).probability == 40


def test_open_deals_come_largest_first_with_sums_over_all(
    migrated_db: Database, team: Team
) -> None:
    small = _add(migrated_db, team, "999.99")
    big = _add(migrated_db, team, "20000")
    middle = _add(migrated_db, team, "5000.01", stage="offer")
    dollars = _add(migrated_db, team, "3000", currency="USD")
    theirs = _add(migrated_db, team, "7000", party=team.schmidt, owner=team.bob)
    closed = _add(migrated_db, team, "90000")
    with migrated_db.session() as session:
        deal = deals.get(session, closed)
        assert deal is not None
        deals.close_won(session, team.anna, deal, STAGES, MONDAY_9)
    with migrated_db.session() as session:
        mine = deals.open_deals(session, owner_id=team.anna, limit=2)
        offers = deals.open_deals(session, stage="offer")
        schmidt = deals.open_deals(session, party_ids=[team.schmidt])
        won = deals.won_totals(session, [team.mueller, team.schmidt])
    assert [d.id for d in mine.deals] == [big, middle]
    # 20000 + 5000.01 + 999.99 in euros; the dollars apart
    assert mine.totals == [
        deals.Total("EUR", 3, Decimal("26000.00")),
        deals.Total("USD", 1, Decimal("3000.00")),
    ]
    assert [d.id for d in offers.deals] == [middle]
    assert [d.id for d in schmidt.deals] == [theirs]
    assert won == [deals.Total("EUR", 1, Decimal("90000.00"))]
    assert small not in [d.id for d in mine.deals] and dollars not in [d.id for d in mine.deals]


def test_an_activity_freshens_only_open_deals_and_never_backwards(
    migrated_db: Database, team: Team
) -> None:
    fresh = _add(migrated_db, team, "100", at=MONDAY_9)
    other = _add(migrated_db, team, "100", party=team.schmidt, at=MONDAY_9)
    with migrated_db.session() as session:
        deals.touch(session, [team.mueller], MONDAY_9 + timedelta(hours=3))
        deals.touch(session, [team.mueller], MONDAY_9 + timedelta(hours=1))
    assert _deal(migrated_db, fresh).touched_at == MONDAY_9 + timedelta(hours=3)
    assert _deal(migrated_db, other).touched_at == MONDAY_9


def test_the_digest_finds_deals_overdue_or_quiet(migrated_db: Database, team: Team) -> None:
    today = MONDAY_9.astimezone(BERLIN).date()
    overdue = _add(migrated_db, team, "1", close_on=today - timedelta(days=1))
    quiet = _add(migrated_db, team, "2", at=MONDAY_9 - timedelta(days=20))
    _add(migrated_db, team, "3", close_on=today)
    _add(migrated_db, team, "4", owner=team.bob, close_on=today - timedelta(days=9))
    with migrated_db.session() as session:
        found = deals.needing_attention(session, team.anna, today, MONDAY_9 - timedelta(days=14))
    assert sorted(d.id for d in found) == sorted([overdue, quiet])


def test_a_customers_history_shows_its_deals_moves(migrated_db: Database, team: Team) -> None:
    deal_id = _add(migrated_db, team, "100")
    _add(migrated_db, team, "100", party=team.schmidt)
    with migrated_db.session() as session:
        deal = deals.get(session, deal_id)
        assert deal is not None
        deals.move(session, team.bob, deal, "qualified", MONDAY_9 + timedelta(minutes=5))
        moves = deals.stage_changes(session, [team.mueller], limit=10)
        assert [(m.deal.id, m.to_stage, m.member_id) for m in moves] == [
            (deal_id, "qualified", team.bob),
            (deal_id, "lead", team.anna),
        ]
