"""A CRM of a given size, inserted in bulk: members, companies, contacts, activities,
follow-ups, deals. For benchmarks only: rows go in by Core executemany in large batches (the
handlers would take hours for a million customers), in one transaction per table.

Ids are 1..n in insertion order on a fresh database (both SQLite and PostgreSQL number
them so); `Filled` says which ranges hold what.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, text

from bench.bulk_rows import settle
from bench.deals_bench import deal_row
from bench.find_bench import FIRST_NAMES, SURNAMES, company_names
from storage import bulk
from storage.db import Database
from storage.folding import fold
from storage.models import ACTIVITY_KINDS, Activity, Base, Deal, Followup, Identity, Member
from storage.search.bulk import add_companies
from storage.types import utcnow

BATCH = 20_000


@dataclass(frozen=True)
class Filled:
    members: int
    companies: int  # party ids 1..companies
    contacts: int  # party ids companies+1 .. companies+contacts
    activities: int
    followups: int
    deals: int  # deal ids 1..deals


def fill(
    db: Database,
    customers: int,
    members: int,
    activities_each: float,
    seed: int,
    deals_each: float = 0.0,
) -> Filled:
    """`customers` companies with as many contacts, ~`activities_each` activities per
    customer and one follow-up per two, a fifth of them still open, spread over members;
    `deals_each` deals per company, a funnel like bench/deals_bench.py's."""
    rng = random.Random(seed)
    now = utcnow()
    _insert(db, Base.metadata.tables[Member.__tablename__], _members(members, now))
    _insert(db, Base.metadata.tables[Identity.__tablename__], _identities(members))
    add_companies(db, itertools.islice(company_names(seed), customers), batch=BATCH)
    parties = Base.metadata.tables["parties"]
    _insert(db, parties, _contacts(rng, customers, members, now))
    party_count = 2 * customers
    activity_count = int(party_count * activities_each / 2)
    _insert(
        db,
        Base.metadata.tables[Activity.__tablename__],
        _activities(rng, activity_count, party_count, members, now),
    )
    followup_count = customers // 2
    _insert(
        db,
        Base.metadata.tables[Followup.__tablename__],
        _followups(rng, followup_count, party_count, members, now),
    )
    deal_count = int(customers * deals_each)
    owners, party_ids = list(range(1, members + 1)), list(range(1, party_count + 1))
    _insert(
        db,
        Base.metadata.tables[Deal.__tablename__],
        (deal_row(rng, owners, party_ids, now) for _ in range(deal_count)),
    )
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("SELECT setval('members_id_seq', :n)"), {"n": members})
    settle(db)
    return Filled(members, customers, customers, activity_count, followup_count, deal_count)


def _insert(db: Database, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    """`rows` into `table` in batches, as an import writes them (storage/bulk.py: COPY on
    PostgreSQL, about 5x executemany's rate; executemany on SQLite)."""
    with db.session() as session:
        while batch := list(itertools.islice(rows, BATCH)):
            bulk.insert_rows(session, table, batch)


def _members(count: int, now: datetime) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {
            "id": n + 1,
            "name": f"member{n}",
            "role": "admin" if n == 0 else "member",
            "language": "en",
            "timezone": "Europe/Berlin",
            "digest_time": "08:00",
            "digest_enabled": True,
            "notify": "all",
            "created_at": now,
        }


def _identities(count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {
            "member_id": n + 1,
            "platform": "slack",
            "team_id": "T0000TEAM",
            "external_id": f"U{n:06d}",
            "chat_id": f"D{n:06d}",
        }


def _contacts(
    rng: random.Random, count: int, members: int, now: datetime
) -> Iterator[dict[str, Any]]:
    for _ in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        yield {
            "party_type": "contact",
            "name": name,
            "search_key": fold(name),
            "relationship_kind": "customer",
            "company_id": rng.randint(1, count),
            "owner_id": rng.randint(1, members),
            "tags": [],
            "custom": {},
            "created_at": now,
            "updated_at": now,
        }


def _activities(
    rng: random.Random, count: int, parties: int, members: int, now: datetime
) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {
            "party_id": rng.randint(1, parties),
            "member_id": rng.randint(1, members),
            "kind": rng.choice(ACTIVITY_KINDS),
            "text": f"talked about order {n}",
            "occurred_at": now - timedelta(minutes=rng.randint(1, 3 * 365 * 24 * 60)),
            "meta": {},
        }


def _followups(
    rng: random.Random, count: int, parties: int, members: int, now: datetime
) -> Iterator[dict[str, Any]]:
    for n in range(count):
        open_ = rng.random() < 0.2
        yield {
            "party_id": rng.randint(1, parties),
            "text": f"call back about order {n}",
            "due_at": now + timedelta(hours=rng.randint(-30 * 24, 30 * 24)),
            "assignee_id": rng.randint(1, members),
            "creator_id": rng.randint(1, members),
            "status": "open" if open_ else "done",
            "created_at": now,
            "reminder_state": "pending" if open_ else "sent",
            "attempts": 0,
        }
