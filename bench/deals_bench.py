"""How fast are `pipeline`, `forecast quarter` and `deals @member` on a big book of deals?

Fills a scratch database with C companies and D deals (bulk insert, deterministic for a
seed: 50 owners, stages weighted like a real funnel, one deal in twenty in dollars, one in
ten with its own probability, expected closes a year around "now", a quarter of them won or
lost), then times each query R times and prints p50/p95/max with the query plans. The peer,
in the same run, is the plainest aggregate over the same table:
`SELECT count(*), sum(value) FROM deals`. Target: p95 <= 100 ms.

    .venv/bin/python -m bench.deals_bench                        # SQLite file under /tmp
    .venv/bin/python -m bench.deals_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

On PostgreSQL the bench makes a scratch database beside the one named and drops it after.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session

from bench.bulk_rows import settle
from bench.find_bench import company_names
from bench.reminder_bench import scratch_database
from bench.timing import percentile
from config.stages import DEFAULT_STAGES, parse_stages
from storage import deals
from storage.db import Database
from storage.deal_figures import Period
from storage.models import Deal, Member, Party
from storage.pipeline import forecast, pipeline
from storage.search.bulk import add_companies

STAGES = parse_stages(DEFAULT_STAGES)
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
OWNERS = 50
FUNNEL = {"lead": 30, "qualified": 20, "offer": 15, "negotiation": 10, "won": 15, "lost": 10}
QUARTERS = [
    Period(date(2026, 10, 1), date(2027, 1, 1)),
    Period(date(2027, 1, 1), date(2027, 4, 1)),
    Period(date(2027, 4, 1), date(2027, 7, 1)),
    Period(date(2027, 7, 1), date(2027, 10, 1)),
]


def fill(db: Database, customers: int, count: int, seed: int) -> float:
    """Owners, companies and deals in bulk (Core executemany); seconds taken."""
    started = time.perf_counter()
    with db.session() as session:
        session.execute(
            insert(Member),
            [
                {"name": f"Owner {n}", "language": "de", "timezone": "Europe/Berlin"}
                for n in range(OWNERS)
            ],
        )
    add_companies(db, islice(company_names(seed), customers))
    rng = random.Random(seed)
    with db.session() as session:
        owners = list(session.scalars(select(Member.id)))
        party_ids = list(session.scalars(select(Party.id)))
    rows = (deal_row(rng, owners, party_ids, NOW) for _ in range(count))
    while chunk := list(islice(rows, 10_000)):
        with db.session() as session:
            session.execute(insert(Deal), chunk)
    return time.perf_counter() - started


def deal_row(
    rng: random.Random, owners: list[int], party_ids: list[int], now: datetime
) -> dict[str, Any]:
    """One deal of a funnel a year deep around `now` (also bench/crm_fill.py's)."""
    stage = rng.choices(list(FUNNEL), list(FUNNEL.values()))[0]
    created = now - timedelta(days=rng.uniform(0, 365))
    touched = created + (now - created) * rng.random()
    closed = stage in ("won", "lost")
    return {
        "title": f"Deal {rng.randrange(10**6)}",
        "party_id": rng.choice(party_ids),
        "owner_id": rng.choice(owners),
        "value": Decimal(rng.randrange(50_000, 50_000_000)) / 100,
        "currency": "USD" if rng.random() < 0.05 else "EUR",
        "stage": stage,
        "probability": rng.choice((5, 40, 90)) if rng.random() < 0.1 else None,
        "close_on": (now + timedelta(days=rng.uniform(-180, 365))).date()
        if rng.random() < 0.9
        else None,
        "status": stage if closed else "open",
        "lost_reason": "Preis" if stage == "lost" else None,
        "created_at": created,
        "updated_at": touched,
        "closed_at": touched if closed else None,
        "stage_changed_at": touched,
        "touched_at": touched,
    }


QUERIES: dict[str, Callable[[Session, int], object]] = {
    "pipeline": lambda session, _owner: pipeline(session, STAGES),
    "pipeline @m": lambda session, owner: pipeline(session, STAGES, owner_id=owner),
    "forecast quarter": lambda session, _owner: forecast(session, STAGES, QUARTERS, BERLIN),
    "deals @m": lambda session, owner: deals.open_deals(session, owner_id=owner, limit=20),
    "deals (everyone's)": lambda session, _owner: deals.open_deals(session, limit=20),
    "peer count+sum": lambda session, _owner: session.execute(
        text("SELECT count(*), sum(value) FROM deals")
    ).one(),
}


def measure(db: Database, repeats: int, seed: int) -> dict[str, list[float]]:
    """Milliseconds per call, each query in turn, in one session per call (as a command has)."""
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {name: [] for name in QUERIES}
    for _ in range(repeats):
        owner = rng.randrange(1, OWNERS + 1)
        for name, query in QUERIES.items():
            with db.session() as session:
                started = time.perf_counter()
                query(session, owner)
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def plans(db: Database) -> Iterator[str]:
    """Each query's statements with the database's plan for them, parameters bound."""
    for name, query in QUERIES.items():
        captured = _statements(db, query)
        explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN ANALYZE "
        for statement, parameters in captured:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            with db.engine.connect() as connection:
                rows = connection.exec_driver_sql(explain + statement, parameters).all()
            yield f"-- {name}: {' '.join(statement.split())[:160]}..."
            yield from ("   " + " | ".join(str(v) for v in row) for row in rows)


def _statements(db: Database, query: Callable[[Session, int], object]) -> list[tuple[str, Any]]:
    captured: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        captured.append((args[2], args[3]))

    event.listen(db.engine, "before_cursor_execute", capture)
    with db.session() as session:
        query(session, 1)
    event.remove(db.engine, "before_cursor_execute", capture)
    return captured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL server to make a scratch database on")
    parser.add_argument("--no-plans", action="store_true")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        db = Database(url)
        db.upgrade()
        seconds = fill(db, args.customers, args.deals, args.seed)
        settle(db)
        timings = measure(db, args.repeats, args.seed)
        if not args.no_plans:
            print("\n".join(plans(db)))
        db.dispose()
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    print(
        f"backend={backend} customers={args.customers:,} deals={args.deals:,} insert={seconds:.1f}s repeats={args.repeats}"
    )
    print(f"{'query':<18} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for name, values in timings.items():
        print(
            f"{name:<18} {percentile(values, 50):>7.1f} {percentile(values, 95):>7.1f} {max(values):>7.1f}"
        )


if __name__ == "__main__":
    main()
