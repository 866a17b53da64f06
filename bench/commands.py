"""Every verb end to end through `Crm.handle`, at 100,000 (or 1,000,000) customers.

Fills a scratch database in bulk (bench/crm_fill.py: companies, as many contacts, ~10
activities per customer, follow-ups, two deals per customer), builds the app as `crmbot
serve` does, ranks the customers as the worker does, then runs each verb of
bench/command_verbs.py --runs times (the reports over the whole CRM at most 10, `gdpr
export` 3) with fresh arguments and prints p50, p95 and max in ms, the SQL statements each
command sent (BEGIN/COMMIT not counted) and any command that failed. The peer, timed in the same run,
is the bare query the verb cannot do without (see bench/command_verbs.py). Last, the plans
of the slowest SELECTs: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE.

    .venv/bin/python -m bench.commands                                  # SQLite, 100,000
    .venv/bin/python -m bench.commands --customers 1000000
    .venv/bin/python -m bench.commands --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

On PostgreSQL the bench makes a scratch database beside the one named and drops it after.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from bench.command_verbs import VERBS, Pools, peers, whole_crm_runs
from bench.crm_fill import Filled, fill
from bench.find_bench import company_names
from bench.reminder_bench import scratch_database
from bench.timing import percentile
from bot.bootstrap import App, bootstrap
from config import load_settings
from handlers.analytics import abc
from handlers.command import Command
from storage.db import Database
from storage.types import utcnow


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
    cpu: list[float]  # this process's CPU time: what a loaded machine's waiting leaves out
    statements: list[int]
    peer: str
    peer_timings: list[float]
    failed: list[str]
    """Commands answered with a refusal or a failure: timed all the same, and shown."""


def run(app: App, filled: Filled, args: argparse.Namespace, spy: Statements) -> list[Row]:
    rng = random.Random(args.seed)
    wanted = set(rng.sample(range(filled.companies), args.runs))
    names = company_names(args.seed)
    picked = [name for i, name in zip(range(max(wanted) + 1), names, strict=False) if i in wanted]
    pools, floor = Pools.read(app, filled, picked, rng), peers(app)
    rows = []
    for n, (verb, (line, peer)) in enumerate(VERBS.items()):
        if args.verbs and verb not in args.verbs:
            continue
        timings, cpu, counts, peer_timings, failed = [], [], [], [], []
        for i in range(whole_crm_runs(verb, args.runs)):
            values = pools.values(line, n * args.runs + i)
            command = Command(member_id=1, text=line.format(**values), channel="C-BENCH")
            before, spy.active = spy.count, True
            started, started_cpu = time.perf_counter(), time.process_time()
            reply = app.crm.handle(command)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            spy.active = False
            counts.append(spy.count - before)
            if not reply.ok and not reply.data.get("ambiguous"):
                failed.append(f"{command.text!r}: {reply.text}")
            started = time.perf_counter()
            floor[peer](values)
            peer_timings.append((time.perf_counter() - started) * 1000)
        rows.append(Row(verb, timings, cpu, counts, peer, peer_timings, failed))
    return rows


def print_rows(backend: str, filled: Filled, build_s: float, rows: list[Row]) -> None:
    print(
        f"{backend}: {filled.companies:,} companies, {filled.contacts:,} contacts, "
        f"{filled.activities:,} activities, {filled.followups:,} follow-ups, "
        f"{filled.deals:,} deals, "
        f"{filled.members} members; name index built in {build_s:.1f} s"
    )
    print(
        f"{'verb':<11} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu p50':>7} {'stmts':>6}   "
        f"{'peer':<10} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for r in rows:
        stmts = f"{min(r.statements)}" + (
            f"-{max(r.statements)}" if max(r.statements) != min(r.statements) else ""
        )
        print(
            f"{r.verb:<11} {percentile(r.timings, 50):>7.1f} {percentile(r.timings, 95):>7.1f} "
            f"{max(r.timings):>7.1f} {percentile(r.cpu, 50):>7.1f} {stmts:>6}   {r.peer:<10} "
            f"{percentile(r.peer_timings, 50):>7.2f} {percentile(r.peer_timings, 95):>7.2f}"
            + (f"   {len(r.failed)} of {len(r.timings)} failed: {r.failed[0]}" if r.failed else "")
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


def rank(app: App) -> float:
    """What the worker does every few minutes, so `show` and `value` find a ranking."""
    started = time.perf_counter()
    abc.rank_customers(app.db, utcnow(), app.settings)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--activities", type=float, default=10.0, help="per customer")
    parser.add_argument("--deals", type=float, default=2.0, help="per customer")
    parser.add_argument("--runs", type=int, default=50, help="commands per verb")
    parser.add_argument("--plans", type=int, default=3, help="slowest SELECTs to EXPLAIN")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verbs", type=lambda s: s.split(","), help="only these, e.g. show,value")
    parser.add_argument(
        "--start-when",
        type=Path,
        help="measure once this file exists: two runs fill side by side, then measure in turn",
    )
    parser.add_argument("--database-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        settings = load_settings(database_url=url, crm_language="en")
        app = bootstrap(settings, upgrade=True)
        started = time.perf_counter()
        filled = fill(app.db, args.customers, args.members, args.activities, args.seed, args.deals)
        print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)
        while args.start_when and not args.start_when.exists():
            time.sleep(1)
        started = time.perf_counter()
        app.crm.names.refresh()
        build_s = time.perf_counter() - started
        print(f"ranked the customers for the cards' ABC class in {rank(app):.1f} s (the worker)")
        spy = Statements()
        with listening(spy):
            rows = run(app, filled, args, spy)
        print_rows(app.db.engine.dialect.name, filled, build_s, rows)
        print_plans(app.db, spy, args.plans)
        app.crm.names.close()
        app.db.dispose()


if __name__ == "__main__":
    main()
