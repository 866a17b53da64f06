"""`GET /api/v1/customers` at 100,000 customers through a real `crmbot serve`.

Fills a scratch database (bench/crm_fill.py: half companies, half contacts), makes a read
token with the chat's `token new`, starts `crmbot serve` on 127.0.0.1 and sends R list
requests one after another over HTTP, the filters of chat `list` in turn (none, kind=,
city=, a deep page, owner=), as soon as it answers /healthz, and R more once it has settled:
in its first seconds the server reads every name and builds its name index in a thread,
which competes with the requests for the GIL (py-spy: a third of the server's busy samples
over its first 600 requests at 100,000 customers on PostgreSQL). Prints p50/p95/max per
request. The peers, in the same run
and on the same requests: `Crm.run("list", ...)` in this process (the CRM without HTTP and
token), and `storage.listing.page` alone (the two queries without the CRM), with its count
capped (as lists count) and exact (as they counted before, and do with `count=exact`).

    .venv/bin/python -m bench.api_bench                                   # SQLite
    .venv/bin/python -m bench.api_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.crm_fill import fill
from bench.fast_slack import reserved_port
from bench.reminder_bench import scratch_database
from bench.serving import start_serve, wait_settled
from bench.timing import timing_line
from bot.bootstrap import App, bootstrap
from config import load_settings
from handlers.command import Command
from handlers.listing import ListArgs
from storage import listing

ROOT = Path(__file__).resolve().parents[1]
QUERIES = (
    ("", {}),
    ("kind=customer", {"kind": "customer"}),
    ("city=Köln", {"city": "Köln"}),
    ("page=200", {}),
    ("owner=member1", {"owner": "member1"}),
)


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    return start_serve(port, {"DATABASE_URL": url, "CRM_API_REQUESTS_PER_MINUTE": "1000000"})


def over_http(base: str, token: str, requests: int) -> list[float]:
    timings = []
    for n in range(requests):
        query = urllib.parse.quote(QUERIES[n % len(QUERIES)][0], safe="=&")
        request = urllib.request.Request(
            f"{base}/api/v1/customers?{query}", headers={"Authorization": f"Bearer {token}"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()
            assert answer.status == 200
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def through_crm(app: App, requests: int) -> list[float]:
    timings = []
    for n in range(requests):
        text, filters = QUERIES[n % len(QUERIES)]
        args = ListArgs(filters, 200 if text == "page=200" else 1)
        started = time.perf_counter()
        reply = app.crm.run("list", args, 1, platform="api", write=False)
        timings.append((time.perf_counter() - started) * 1000)
        assert reply.ok, reply.text
    return timings


def storage_alone(app: App, requests: int, cap: int | None = listing.COUNT_CAP) -> list[float]:
    """`listing.page` without the CRM; with `cap=None` it counts every match (`count=exact`),
    as every list did before the count stopped at COUNT_CAP."""
    timings = []
    for n in range(requests):
        text, filters = QUERIES[n % len(QUERIES)]
        wanted = listing.Filters(
            city=filters.get("city"), kind=filters.get("kind"),
            owner_id=2 if "owner" in filters else None,
        )  # fmt: skip
        started = time.perf_counter()
        with app.db.read_session() as session:
            listing.page(session, wanted, 20, 200 if text == "page=200" else 1, cap)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000, help="companies + contacts")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        app = bootstrap(load_settings(database_url=url, crm_language="en"), upgrade=True)
        fill(app.db, args.customers // 2, 5, 1.0, args.seed)
        token = app.crm.handle(Command(member_id=1, text="token new bench read")).data["token"]
        with reserved_port() as port:
            pass
        server = start_server(url, port)
        try:
            http = over_http(f"http://127.0.0.1:{port}", token, args.requests)
            settling = wait_settled(server)
            settled = over_http(f"http://127.0.0.1:{port}", token, args.requests)
        finally:
            server.terminate()
            server.wait(30)
        crm = through_crm(app, args.requests)
        alone = storage_alone(app, args.requests)
        exact = storage_alone(app, args.requests, cap=None)
        app.db.dispose()
        backend = url.split(":", 1)[0].split("+", 1)[0]
        print(f"backend={backend} customers={args.customers:,} requests={args.requests}")
        print(timing_line("GET /api/v1/customers over HTTP, from the server's start", http))
        print(timing_line(f"the same once the server settled ({settling:.1f} s more)", settled))
        print(timing_line("peer: Crm.run('list') in process", crm))
        print(timing_line("peer: storage.listing.page alone", alone))
        print(timing_line("peer: storage.listing.page alone, count=exact", exact))


if __name__ == "__main__":
    main()
