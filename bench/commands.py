"""Every verb end to end through `Crm.handle`, at 100,000 (or 1,000,000) customers.

Fills a scratch database in bulk (bench/crm_fill.py: companies, as many contacts, ~10
activities per customer, follow-ups, two deals per customer), builds the app as `crmbot serve` does, then runs
each verb --runs times with fresh arguments and prints p50, p95 and max in ms and the SQL
statements each command sent (BEGIN/COMMIT not counted). The peer, timed in the same run,
is the bare query the verb cannot do without (the name index search, a primary-key fetch,
the indexed follow-up list, count and sum of the open deals). Last, the plans of the slowest SELECTs: SQLite's
EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE.

    .venv/bin/python -m bench.commands                                  # SQLite, 100,000
    .venv/bin/python -m bench.commands --customers 1000000
    .venv/bin/python -m bench.commands --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

On PostgreSQL the bench makes a scratch database beside the one named and drops it after.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, event, func, select

from bench.crm_fill import Filled, fill
from bench.find_bench import company_names, misspell
from bench.reminder_bench import scratch_database
from bench.timing import percentile
from bot.bootstrap import App, bootstrap
from config import load_settings
from handlers.command import Command
from storage.db import Database
from storage.models import Deal, Followup, Member, Party

VERBS: dict[str, tuple[str, str]] = {
    "find": ("find {misspelt}", "index"),
    "show": ("show #{party}", "party"),
    "history": ("history #{party}", "party"),
    "log": ("log call #{party}: wants a quote", "party"),
    "followup": ("followup #{party} tomorrow 10:00: send the quote", "party"),
    "done": ("done {open}", "followup"),
    "cancel": ("cancel {open}", "followup"),
    "snooze": ("snooze {open} in 3 days", "followup"),
    "mine": ("mine", "mine"),
    "today": ("today", "mine"),
    "overdue": ("overdue", "mine"),
    "add": ("add company Bench {n} GmbH", "member"),
    "members": ("members", "member"),
    "settings": ("settings", "member"),
    "remind": ("remind me at 8:30", "member"),
    "help": ("help log", "member"),
    "deal": ("deal #{party} 12.500 € close=in 30 days: Bench deal {n}", "party"),
    "deals": ("deals mine", "figures"),
    "stage": ("stage {deal} offer", "deal"),
    "won": ("won {deal} 11k", "deal"),
    "lost": ("lost {deal}: Preis", "deal"),
    "set deal": ("set deal {deal} value=15.000 close=in 60 days", "deal"),
    "pipeline": ("pipeline", "figures"),
    "forecast": ("forecast quarter", "figures"),
}
"""verb -> (command line, peer); a new verb adds one line (and a peer if it needs one)."""


@dataclass
class Statements:
    """Statements sent while counting, with the slowest SELECTs kept for EXPLAIN."""

    count: int = 0
    active: bool = False  # only the verbs' statements are kept, not the peers'
    slowest: list[tuple[float, str, Any]] = field(default_factory=list)
    started: dict[int, float] = field(default_factory=dict)

    def before(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.count += 1
        self.started[id(cursor)] = time.perf_counter()

    def after(self, _c: Any, cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        elapsed = time.perf_counter() - self.started.pop(id(cursor), time.perf_counter())
        if self.active and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.slowest.append((elapsed, statement, parameters))
            self.slowest = sorted(self.slowest, key=lambda s: -s[0])[:30]


@contextmanager
def listening(statements: Statements) -> Iterator[None]:
    event.listen(Engine, "before_cursor_execute", statements.before)
    event.listen(Engine, "after_cursor_execute", statements.after)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", statements.before)
        event.remove(Engine, "after_cursor_execute", statements.after)


@dataclass
class Row:
    verb: str
    timings: list[float]
    statements: list[int]
    peer: str
    peer_timings: list[float]


def run(app: App, filled: Filled, args: argparse.Namespace, spy: Statements) -> list[Row]:
    rng = random.Random(args.seed)
    with app.db.session() as session:
        open_ids = list(session.scalars(select(Followup.id).where(Followup.status == "open")))
        leads = list(session.scalars(select(Deal.id).where(Deal.stage == "lead")))
    rng.shuffle(open_ids)
    rng.shuffle(leads)
    names = company_names(args.seed)
    wanted = set(rng.sample(range(filled.companies), args.runs))
    picked = [name for i, name in zip(range(max(wanted) + 1), names, strict=False) if i in wanted]
    peers = _peers(app)
    rows = []
    for n, (verb, (line, peer)) in enumerate(VERBS.items()):
        timings, counts, peer_timings = [], [], []
        for i in range(args.runs):
            values = {
                "misspelt": misspell(picked[i], rng),
                "party": rng.randint(1, filled.companies + filled.contacts),
                "open": open_ids.pop() if "{open}" in line else 0,
                "deal": leads.pop() if "{deal}" in line else 0,
                "n": n * args.runs + i,
            }
            command = Command(member_id=1, text=line.format(**values), channel="C-BENCH")
            before, spy.active = spy.count, True
            started = time.perf_counter()
            reply = app.crm.handle(command)
            timings.append((time.perf_counter() - started) * 1000)
            spy.active = False
            counts.append(spy.count - before)
            if not reply.ok and not reply.data.get("ambiguous"):
                raise SystemExit(f"{command.text!r} was refused: {reply.text}")
            started = time.perf_counter()
            peers[peer](values)
            peer_timings.append((time.perf_counter() - started) * 1000)
        rows.append(Row(verb, timings, counts, peer, peer_timings))
    return rows


def _peers(app: App) -> dict[str, Callable[[dict[str, Any]], object]]:
    """The bare work each verb needs, on its own connection: the floor under the verb."""

    def fetch(model: type[Any], key: str) -> Callable[[dict[str, Any]], object]:
        def run(values: dict[str, Any]) -> object:
            with app.db.engine.connect() as connection:
                ident = values[key] if key else 1
                return connection.execute(select(model).where(model.id == ident)).first()

        return run

    def mine(values: dict[str, Any]) -> object:
        with app.db.engine.connect() as connection:
            return _open_list(connection)

    def figures(values: dict[str, Any]) -> object:
        """The plainest aggregate over the open deals: count and sum, no grouping."""
        with app.db.engine.connect() as connection:
            query = select(func.count(), func.sum(Deal.value)).where(Deal.status == "open")
            return connection.execute(query).one()

    return {
        "index": lambda values: app.crm.names.search(values["misspelt"], 10),
        "party": fetch(Party, "party"),
        "followup": fetch(Followup, "open"),
        "member": fetch(Member, ""),
        "mine": mine,
        "deal": fetch(Deal, "deal"),
        "figures": figures,
    }


def _open_list(connection: Connection) -> object:
    query = (
        select(Followup.id, Followup.due_at, Followup.text)
        .where(Followup.assignee_id == 1, Followup.status == "open")
        .order_by(Followup.due_at)
        .limit(25)
    )
    return connection.execute(query).all()


def print_rows(backend: str, filled: Filled, build_s: float, rows: list[Row]) -> None:
    print(
        f"{backend}: {filled.companies:,} companies, {filled.contacts:,} contacts, "
        f"{filled.activities:,} activities, {filled.followups:,} follow-ups, "
        f"{filled.deals:,} deals, "
        f"{filled.members} members; name index built in {build_s:.1f} s"
    )
    print(
        f"{'verb':<10} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'stmts':>6}   "
        f"{'peer':<9} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for r in rows:
        stmts = f"{min(r.statements)}" + (
            f"-{max(r.statements)}" if max(r.statements) != min(r.statements) else ""
        )
        print(
            f"{r.verb:<10} {percentile(r.timings, 50):>7.1f} {percentile(r.timings, 95):>7.1f} "
            f"{max(r.timings):>7.1f} {stmts:>6}   {r.peer:<9} "
            f"{percentile(r.peer_timings, 50):>7.2f} {percentile(r.peer_timings, 95):>7.2f}"
        )


def print_plans(db: Database, spy: Statements, count: int) -> None:
    """The plans of the `count` slowest distinct SELECTs the verbs sent."""
    seen: set[str] = set()
    sqlite = db.is_sqlite
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ANALYZE "
    for elapsed, statement, parameters in spy.slowest:
        if statement in seen or len(seen) == count:
            continue
        seen.add(statement)
        print(f"\n-- {elapsed * 1000:.1f} ms: {' '.join(statement.split())[:300]}")
        with db.engine.connect() as connection:
            plan = connection.exec_driver_sql(prefix + statement, parameters).all()
        for row in plan:
            print("   ", row[-1] if sqlite else row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--activities", type=float, default=10.0, help="per customer")
    parser.add_argument("--deals", type=float, default=2.0, help="per customer")
    parser.add_argument("--runs", type=int, default=50, help="commands per verb")
    parser.add_argument("--plans", type=int, default=3, help="slowest SELECTs to EXPLAIN")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        settings = load_settings(database_url=url, crm_language="en")
        app = bootstrap(settings, upgrade=True)
        started = time.perf_counter()
        filled = fill(app.db, args.customers, args.members, args.activities, args.seed, args.deals)
        print(f"filled in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        app.crm.names.refresh()
        build_s = time.perf_counter() - started
        spy = Statements()
        with listening(spy):
            rows = run(app, filled, args, spy)
        print_rows(app.db.engine.dialect.name, filled, build_s, rows)
        print_plans(app.db, spy, args.plans)
        app.crm.names.close()
        app.db.dispose()


if __name__ == "__main__":
    main()
