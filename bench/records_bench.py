"""How fast `list`, `find` by phone/e-mail, `find notes:` and `merge` are, against a naive peer.

Fills a scratch database with N customers (city, tag row, phone in E.164, e-mail) and 5*N
activities in bulk (bench/bulk_rows.py: COPY on PostgreSQL, then VACUUM ANALYZE as
autovacuum would; SQLite keeps no statistics, as in production), plus one customer with
10,000 activities, then times each query 50 times with the indexed storage function the
command uses and with a naive peer in the same run: the same question asked so that no
index can answer it (an exhaustive scan). Then it prints the plans of the slowest statements
the indexed side sent.

    .venv/bin/python -m bench.records_bench --customers 100000
    .venv/bin/python -m bench.records_bench --customers 100000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

A PostgreSQL URL names the server: a scratch database is created beside it and dropped.
The peer of `find notes:` ranks every matching note in the database (bm25, ts_rank: what
the command did before it ranked only the newest notes.WINDOW matches, in Python); "agree"
counts the phrases whose best note is the one the command's own rank gives when it ranks
every match, no window.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from bench.bulk_rows import load, settle
from bench.commands import Statements, listening, print_plans
from bench.reminder_bench import scratch_database
from storage import merging, notes, parties
from storage.db import Database
from storage.folding import fold
from storage.listing import Filters, page
from storage.models import Activity, Member, Party
from storage.note_rank import Candidate
from storage.types import UTCDateTime, utcnow

CITIES = [f"Stadt {n}" for n in range(200)]
TAGS = [f"tag{n}" for n in range(20)]
WORDS = [
    "angebot", "preis", "rückruf", "termin", "lieferung",
    "rechnung", "brötchen", "kaffee", "maschine", "vertrag",
]  # fmt: skip
COMMON = "angebot brötchen"  # both in 1 note of 15
RARER = "vertrag maschine preis"  # all three in 1 note of 120
RUNS = 50
BIG = 10_000
_RANK_ALL = {
    "sqlite": """
        SELECT a.id FROM activities_fts AS f
          JOIN activities AS a ON a.id = f.rowid JOIN parties AS p ON p.id = a.party_id
         WHERE activities_fts MATCH :query AND p.deleted_at IS NULL
         ORDER BY bm25(activities_fts), a.occurred_at DESC, a.id DESC LIMIT 10""",
    "postgresql": """
        SELECT a.id FROM activities AS a JOIN parties AS p ON p.id = a.party_id
         WHERE a.text_search @@ to_tsquery('simple', :query) AND p.deleted_at IS NULL
         ORDER BY ts_rank(a.text_search, to_tsquery('simple', :query)) DESC,
                  a.occurred_at DESC, a.id DESC LIMIT 10""",
}


def fill(db: Database, customers: int, rng: random.Random) -> int:
    """Parties 1..customers with their tag rows and five activities each, in bulk."""
    now = utcnow().replace(tzinfo=None)
    with db.session() as session:
        member = Member(name="bench", role="admin")
        session.add(member)
        session.flush()
        member_id = member.id
    ids = range(1, customers + 1)
    load(db, "parties", _PARTY_COLUMNS, (_party(p, member_id, now) for p in ids))
    load(db, "party_tags", ("party_id", "tag"), ((p, TAGS[p % len(TAGS)]) for p in ids))
    activities = (
        (5 * (p - 1) + k + 1, p, member_id, "call", "{}",
         " ".join(rng.sample(WORDS, 3)) + f" nr{p}-{k}", now - timedelta(days=k))
        for p in ids
        for k in range(5)
    )  # fmt: skip
    load(db, "activities", _ACTIVITY_COLUMNS, activities)
    return member_id


_PARTY_COLUMNS = (
    "id", "party_type", "name", "search_key", "core_key", "relationship_kind", "tags",
    "custom", "city", "city_key", "phone_e164", "email_key", "created_at", "updated_at",
    "owner_id", "last_contact_at",
)  # fmt: skip
_ACTIVITY_COLUMNS = ("id", "party_id", "member_id", "kind", "meta", "text", "occurred_at")


def _party(p: int, member_id: int, now: datetime) -> tuple[object, ...]:
    i = p - 1
    city = CITIES[i % len(CITIES)]
    return (
        p, "company", f"Firma {i}", f"firma {i}", f"firma {i}", "customer", "[]", "{}",
        city, fold(city), f"+4930{1000000 + i}", f"info{i}@firma.de", now, now, member_id,
        now - timedelta(days=i % 365),
    )  # fmt: skip


def big_record(db: Database, member_id: int) -> tuple[int, int]:
    """A duplicate with 10,000 activities, and the record it merges into."""
    now = utcnow()
    with db.session() as session:
        source = parties.add_company(session, member_id, "Dublette GmbH")
        target = parties.add_company(session, member_id, "Original GmbH")
        session.execute(
            insert(Activity),
            [
                {
                    "party_id": source.id,
                    "member_id": member_id,
                    "kind": "note",
                    "meta": {},
                    "text": f"eintrag {k}",
                    "occurred_at": now,
                }
                for k in range(BIG)
            ],
        )
        return source.id, target.id


def p95(db: Database, work: Callable[[object], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        with db.read_session() as session:
            start = time.perf_counter()
            work(session)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(times, n=20)[18]


_EVERY_MATCH = {
    "sqlite": text(
        "SELECT a.id, a.text, a.occurred_at FROM activities_fts AS f "
        "JOIN activities AS a ON a.id = f.rowid JOIN parties AS p ON p.id = a.party_id "
        "WHERE activities_fts MATCH :query AND p.deleted_at IS NULL"
    ).columns(occurred_at=UTCDateTime),
    "postgresql": text(
        "SELECT a.id, a.text, a.occurred_at FROM activities AS a "
        "JOIN parties AS p ON p.id = a.party_id "
        "WHERE a.text_search @@ to_tsquery('simple', :query) AND p.deleted_at IS NULL"
    ).columns(occurred_at=UTCDateTime),
}


def rank_all(session: Session, phrase: str = COMMON) -> list[int]:
    dialect = session.get_bind().dialect.name
    query = notes.match(dialect, notes.NoteQuery.of(phrase), prefix=True)
    return [row.id for row in session.execute(text(_RANK_ALL[dialect]), {"query": query})]


def every_match_ranked(session: Session, query: notes.NoteQuery) -> list[int]:
    """The command's rank over every matching note, no window (whole words, then as
    beginnings when those find fewer than ten, as the command does)."""
    dialect = session.get_bind().dialect.name
    for prefix in (False, True):
        words = notes.match(dialect, query, prefix=prefix)
        rows = session.execute(_EVERY_MATCH[dialect], {"query": words})
        best = notes.rank([Candidate(*row) for row in rows], query, prefix)[:10]
        if len(best) == 10:
            break
    return best


def agreement(db: Database) -> str:
    """Whether the windowed search's best note is the one ranking every match gives, for a
    few queries of different sizes."""
    phrases = [COMMON, "kaffee", RARER, "nr7"]
    same = 0
    with db.read_session() as session:
        for phrase in phrases:
            query = notes.NoteQuery.of(phrase)
            exhaustive = every_match_ranked(session, query)
            windowed = notes.search(session, query, 10)
            same += bool(exhaustive) and windowed[:1] == exhaustive[:1]
    return f"{same}/{len(phrases)} best notes agree with ranking every match"


def run(db: Database, customers: int, naive_runs: int = RUNS) -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    member_id = fill(db, customers, rng)
    source, target = big_record(db, member_id)
    if not db.is_sqlite:
        settle(db)
    print(
        f"{db.engine.dialect.name}: {customers:,} customers, {5 * customers + BIG:,} activities "
        f"filled in {time.perf_counter() - started:.0f} s"
    )
    some = customers // 2
    filters = Filters(city="Stadt 7", tag="tag7")
    naive_list = text(
        "SELECT p.id FROM parties p WHERE lower(p.city) || '' = 'stadt 7' AND p.deleted_at IS NULL "
        "AND p.id IN (SELECT t.party_id + 0 FROM party_tags t WHERE t.tag || '' = 'tag7') "
        "ORDER BY p.name LIMIT 20"
    )
    rows = [
        ("list city= tag= (first page)", lambda s: page(s, filters, 20, 1), lambda s: s.execute(naive_list).all(), 50),
        ("find phone", lambda s: parties.by_phone_or_email(s, f"+4930{1000000 + some}", None),
         lambda s: s.execute(text("SELECT id FROM parties WHERE phone_e164 || '' = :p"), {"p": f"+4930{1000000 + some}"}).all(), 10),
        ("find e-mail", lambda s: parties.by_phone_or_email(s, None, f"INFO{some}@firma.de"),
         lambda s: s.execute(text("SELECT id FROM parties WHERE lower(email_key) || '' = :e"), {"e": f"info{some}@firma.de"}).all(), 10),
        ("find notes: (2 words)", lambda s: notes.search(s, notes.NoteQuery.of(COMMON), 10),
         lambda s: rank_all(s), 100),
        ("find notes: (3 words, rarer)", lambda s: notes.search(s, notes.NoteQuery.of(RARER), 10),
         lambda s: rank_all(s, RARER), 100),
    ]  # fmt: skip
    print(f"{'query':32} {'p95 ms':>9} {'naive p95 ms':>13} {'goal ms':>8}")
    for name, fast, naive, goal in rows:
        print(f"{name:32} {p95(db, fast):9.2f} {p95(db, naive, naive_runs):13.2f} {goal:8}")
    print(agreement(db))
    explain(db, [row[1] for row in rows])
    with db.session() as session:
        duplicate, keeper = session.get(Party, source), session.get(Party, target)
        assert duplicate is not None and keeper is not None
        start = time.perf_counter()
        merging.merge(session, member_id, duplicate, keeper, utcnow())
        session.flush()
        merged = (time.perf_counter() - start) * 1000
        moved = session.scalar(select(Activity.id).where(Activity.party_id == target).limit(1))
    print(
        f"{'merge of 10,000 activities':32} {merged:9.2f} {'':>13} {1000:8}  (moved: {moved is not None})"
    )


def explain(db: Database, calls: list[Callable[[Session], object]]) -> None:
    """The plans of the slowest statements the indexed side sends (EXPLAIN QUERY PLAN on
    SQLite, EXPLAIN ANALYZE on PostgreSQL)."""
    spy = Statements(active=True)
    with listening(spy), db.read_session() as session:
        for call in calls:
            call(session)
    print_plans(db, spy, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--naive-runs", type=int, default=RUNS, help="fewer for the slow peers at a million"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, scratch_database(args.database_url) as url:
        db = Database(url if args.database_url else f"sqlite:///{Path(scratch) / 'bench.db'}")
        db.upgrade()
        run(db, args.customers, args.naive_runs)
        db.dispose()


if __name__ == "__main__":
    main()
