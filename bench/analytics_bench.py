"""How fast are `report month`, `abc`, a three-filter segment, a 12-month chart, `score`
and `top 10` on a big CRM?

Fills a scratch database (bench/crm_fill.py: C companies with as many contacts, about A
activities per company; then D deals as bench/deals_bench.py makes them), saves the segment
`kind=customer quiet=30d value>=1k`, and runs each command R times end to end through
`Crm.handle` (journal, unit of work, reply; `score` of the customer with the first deal, so
it has deals and activities to weigh), printing p50/p95/max, the bench process's CPU time
(p50: what a busy machine's waiting for a core leaves out; PostgreSQL's own work is not in
it), its statements, the chart's PNG size, and the plans of the slowest SELECTs. The peer,
in the same run, is the plainest aggregate over the biggest table:
`SELECT count(*) FROM activities`.
Target: p95 <= 500 ms, PNG <= 200 kB.

    .venv/bin/python -m bench.analytics_bench                  # 50,000 companies + 50,000
                                                               # contacts, 1,000,000 activities,
                                                               # 200,000 deals, on SQLite
    .venv/bin/python -m bench.analytics_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import random
import time
from itertools import islice

from sqlalchemy import insert, select, text

from bench.bulk_rows import settle
from bench.commands import Statements, listening, print_plans
from bench.crm_fill import fill
from bench.deals_bench import NOW, deal_row
from bench.reminder_bench import scratch_database
from bench.timing import percentile
from bot.bootstrap import App, bootstrap
from config import load_settings
from handlers.command import Command
from storage.models import Deal, Member, Party

COMMANDS = {
    "report month": "report month",
    "abc": "abc",
    "segment (3 filters)": "segment bench",
    "chart won_value": "chart won_value",
    "score <customer>": "score #{customer}",
    "top 10": "top 10",
}
SEGMENT = "segment save bench: kind=customer quiet=30d value>=1k"


def add_deals(app: App, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with app.db.session() as session:
        owners = list(session.scalars(select(Member.id)))
        companies = list(session.scalars(select(Party.id).where(Party.company_id.is_(None))))
    rows = (deal_row(rng, owners, companies, NOW) for _ in range(count))
    while chunk := list(islice(rows, 10_000)):
        with app.db.session() as session:
            session.execute(insert(Deal), chunk)
    settle(app.db)


def run(app: App, runs: int, spy: Statements) -> None:
    print(
        f"{'command':<20} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu ms':>7} {'stmts':>6}  "
        f"{'png kB':>6}"
    )
    with app.db.session() as session:
        customer = session.scalar(select(Deal.party_id).order_by(Deal.id).limit(1))
    for name, written in COMMANDS.items():
        line = written.format(customer=customer)
        timings, cpu, counts, png = [], [], [], 0
        for _ in range(runs):
            before, spy.active = spy.count, True
            started, started_cpu = time.perf_counter(), time.process_time()
            reply = app.crm.handle(Command(member_id=1, text=line, channel="C-BENCH"))
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            spy.active = False
            counts.append(spy.count - before)
            if not reply.ok:
                raise SystemExit(f"{line!r} was refused: {reply.text}")
            png = len(reply.image.data) if reply.image else 0
        print(
            f"{name:<20} {percentile(timings, 50):>7.1f} {percentile(timings, 95):>7.1f} "
            f"{max(timings):>7.1f} {percentile(cpu, 50):>7.1f} {max(counts):>6}  "
            f"{png / 1000 if png else 0:>6.1f}"
        )
    peer = []
    for _ in range(runs):
        started = time.perf_counter()
        with app.db.engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM activities")).one()
        peer.append((time.perf_counter() - started) * 1000)
    print(f"{'peer count(*)':<20} {percentile(peer, 50):>7.1f} {percentile(peer, 95):>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=50_000, help="and as many contacts")
    parser.add_argument("--activities", type=float, default=20.0, help="per company")
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20, help="commands per verb")
    parser.add_argument("--plans", type=int, default=4, help="slowest SELECTs to EXPLAIN")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        app = bootstrap(load_settings(database_url=url, crm_language="en"), upgrade=True)
        started = time.perf_counter()
        filled = fill(app.db, args.companies, 50, args.activities, args.seed)
        add_deals(app, args.deals, args.seed)
        print(
            f"{app.db.engine.dialect.name}: {filled.companies + filled.contacts:,} customers, "
            f"{filled.activities:,} activities, {args.deals:,} deals, "
            f"filled in {time.perf_counter() - started:.0f} s"
        )
        saved = app.crm.handle(Command(member_id=1, text=SEGMENT, channel="C-BENCH"))
        if not saved.ok:
            raise SystemExit(saved.text)
        spy = Statements()
        with listening(spy):
            run(app, args.runs, spy)
        print_plans(app.db, spy, args.plans)
        app.crm.names.close()
        app.db.dispose()


if __name__ == "__main__":
    main()
