"""deal_month_sums, kept by triggers on `deals`, always adds up to the open deals themselves,
whatever wrote them: the ORM one deal at a time, a bulk insert, a bulk update, a delete.
`pipeline` and `forecast` read only these sums, so a sum that drifted would be a wrong
figure that nothing else shows."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from config.stages import DEFAULT_STAGES, parse_stages
from storage import deals, members, parties
from storage.db import Database
from storage.models import Deal, DealMonthSum, DealStage
from storage.money import cents

STAGES = parse_stages(DEFAULT_STAGES)
OPEN = [stage.name for stage in STAGES.open]
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
Sums = dict[tuple[int, str, str, str], tuple[int, Decimal, Decimal, Decimal]]


def from_deals(session: Session) -> Sums:
    """The sums worked out in Python from every open deal."""
    sums: dict[tuple[int, str, str, str], list[Any]] = defaultdict(
        lambda: [0, Decimal(0), Decimal(0), Decimal(0)]
    )
    for deal in session.scalars(select(Deal).where(Deal.status == "open")):
        month = f"{deal.close_on:%Y-%m}" if deal.close_on else ""
        row = sums[(deal.owner_id, deal.stage, deal.currency, month)]
        own = deal.probability is not None
        row[0] += 1
        row[1] += deal.value
        row[2] += deal.value if own else 0
        row[3] += deal.value * (deal.probability or 0)
    return {key: (n, cents(t), cents(o), cents(w)) for key, (n, t, o, w) in sums.items()}


def from_sums(session: Session) -> Sums:
    rows = session.scalars(select(DealMonthSum).where(DealMonthSum.deals != 0))
    return {
        (r.owner_id, r.stage, r.currency, r.month): (
            r.deals,
            cents(r.total),
            cents(r.own_total),
            cents(r.own_weighted),
        )
        for r in rows
    }


def member(session: Session, name: str) -> int:
    return members.create(session, name, language="de", timezone="Europe/Berlin").id


def random_deal(rng: random.Random, owners: list[int], party_id: int) -> dict[str, Any]:
    close = date(2026, 9, 1) + timedelta(days=rng.randrange(300)) if rng.random() < 0.8 else None
    return {
        "party_id": party_id,
        "title": f"deal {rng.randrange(10**6)}",
        "value": Decimal(rng.randrange(1, 10**7)) / 100,
        "currency": rng.choice(["EUR", "EUR", "USD"]),
        "owner_id": rng.choice(owners),
        "stage": rng.choice(OPEN),
        "probability": rng.choice([None, None, 10, 55, 90]),
        "close_on": close,
        "status": "open",
        "created_at": NOW,
        "updated_at": NOW,
        "stage_changed_at": NOW,
        "touched_at": NOW,
    }


def test_the_sums_follow_every_kind_of_write(migrated_db: Database) -> None:
    rng = random.Random(15)
    with migrated_db.session() as session:
        owners = [member(session, name) for name in ("Anna", "Bob", "Cem")]
        company = parties.add_company(session, owners[0], "Summen GmbH")
        for _ in range(30):
            fields = random_deal(rng, owners, company.id)
            del fields["status"], fields["created_at"], fields["updated_at"]
            del fields["stage_changed_at"], fields["touched_at"], fields["party_id"]
            deals.add(session, owners[0], party=company, now=NOW, **fields)
        session.execute(insert(Deal), [random_deal(rng, owners, company.id) for _ in range(200)])
        assert from_sums(session) == from_deals(session)

        mine = list(session.scalars(select(Deal).where(Deal.status == "open").limit(40)))
        for deal in mine[:10]:
            deals.move(
                session, owners[1], deal, rng.choice([s for s in OPEN if s != deal.stage]), NOW
            )
        for deal in mine[10:15]:
            deals.close_won(session, owners[1], deal, STAGES, NOW, Decimal("123.45"))
        for deal in mine[15:20]:
            deals.close_lost(session, owners[1], deal, STAGES, "Preis", NOW)
        for deal in mine[20:30]:
            deals.update_fields(
                session,
                owners[2],
                deal,
                NOW,
                value=Decimal("999.99"),
                close_on=date(2027, 2, 14),
                probability=rng.choice([None, 40]),
                owner_id=rng.choice(owners),
            )
        for deal in mine[30:40]:
            handed_to = next(owner for owner in owners if owner != deal.owner_id)
            deals.update_fields(session, owners[2], deal, NOW, owner_id=handed_to)
        deals.touch(session, [company.id], NOW + timedelta(hours=1))
        session.flush()
        assert from_sums(session) == from_deals(session)

        session.execute(update(Deal).where(Deal.id % 3 == 0).values(stage="offer", currency="USD"))
        session.execute(update(Deal).where(Deal.id % 7 == 0).values(status="open"))
        gone = (Deal.id % 5 == 0) & (Deal.id > 100)
        session.execute(delete(DealStage).where(DealStage.deal_id.in_(select(Deal.id).where(gone))))
        session.execute(delete(Deal).where(gone))
        assert from_sums(session) == from_deals(session)
    with migrated_db.session() as session:
        assert from_sums(session) == from_deals(session)


def test_a_rolled_back_write_leaves_the_sums_as_they_were(migrated_db: Database) -> None:
    rng = random.Random(7)
    with migrated_db.session() as session:
        owner = member(session, "Anna")
        company_id = parties.add_company(session, owner, "Ruhig GmbH").id
        session.execute(insert(Deal), [random_deal(rng, [owner], company_id) for _ in range(20)])
        before = from_sums(session)
    with pytest.raises(RuntimeError), migrated_db.session() as session:
        session.execute(update(Deal).values(value=Deal.value * 2))
        raise RuntimeError("the command failed")
    with migrated_db.session() as session:
        assert from_sums(session) == before == from_deals(session)


def test_truncating_the_deals_empties_the_sums(migrated_db: Database) -> None:
    if migrated_db.is_sqlite:
        pytest.skip("TRUNCATE is PostgreSQL's")
    with migrated_db.session() as session:
        owner = member(session, "Anna")
        company_id = parties.add_company(session, owner, "Leer GmbH").id
        session.execute(insert(Deal), [random_deal(random.Random(1), [owner], company_id)])
        session.execute(text("TRUNCATE deals CASCADE"))
        assert from_sums(session) == {} == from_deals(session)


def test_the_deals_list_adds_up_what_it_lists(migrated_db: Database) -> None:
    """`deals`, `deals @member` and `deals stage=…` give the sums of their open deals."""
    rng = random.Random(3)
    with migrated_db.session() as session:
        owners = [member(session, name) for name in ("Anna", "Bob")]
        company_id = parties.add_company(session, owners[0], "Liste GmbH").id
        session.execute(insert(Deal), [random_deal(rng, owners, company_id) for _ in range(60)])
        session.execute(update(Deal).where(Deal.id % 4 == 0).values(status="won"))
        every = list(session.scalars(select(Deal).where(Deal.status == "open")))
        for owner_id, stage in [(None, None), (owners[1], None), (None, "offer")]:
            chosen = [
                d for d in every if owner_id in (None, d.owner_id) and stage in (None, d.stage)
            ]
            expected = {
                currency: (
                    sum(1 for d in chosen if d.currency == currency),
                    cents(sum(d.value for d in chosen if d.currency == currency)),
                )
                for currency in sorted({d.currency for d in chosen})
            }
            listed = deals.open_deals(session, owner_id=owner_id, stage=stage)
            assert {t.currency: (t.count, t.total) for t in listed.totals} == expected
            assert [d.value for d in listed.deals] == sorted(
                (d.value for d in chosen), reverse=True
            )[:20]
