"""How late do reminders arrive when many fall due in the same minute?

Sets up N members (Slack, DM channel known) with one follow-up each, all due at the same
moment, starts W `crmbot worker` processes against a local fake Slack Web API, and prints
how late the last reminder arrived after its due time, lateness p50/p95, and duplicates.
The peer measured in the same run is the fake API's raw capacity: N posts from one client
process with no database at all.

    .venv/bin/python -m bench.reminder_bench --count 10000 --workers 3
    .venv/bin/python -m bench.reminder_bench --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from storage.db import Database
from storage.models import Base, Followup, Identity, Member
from tests.fakes.slack_api import Failure, FakeSlack

ROOT = Path(__file__).resolve().parents[1]


class TimedSlack(FakeSlack):
    """The fake Slack, also noting when each call arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: list[tuple[str, float]] = []

    def record(self, method: str, args: dict[str, Any], token: str | None) -> Failure | None:
        if method == "chat.postMessage":
            self.arrivals.append((str(args.get("channel")), time.time()))
        return super().record(method, args, token)


def prepare(url: str, count: int, due_at: datetime) -> None:
    """N members with a Slack DM channel each and one follow-up due at `due_at`, in bulk."""
    db = Database(url)
    db.upgrade()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        rows = [
            {
                "id": n + 1,
                "name": f"m{n}",
                "role": "member",
                "language": "en",
                "timezone": "UTC",
                "digest_time": "08:00",
                "digest_enabled": False,
                "notify": "all",
                "created_at": due_at,
            }
            for n in range(count)
        ]
        connection.execute(insert(Member), rows)
        connection.execute(
            insert(Identity),
            [
                {
                    "member_id": n + 1,
                    "platform": "slack",
                    "team_id": "T0000TEAM",
                    "external_id": f"U{n}",
                    "chat_id": f"D{n}",
                }
                for n in range(count)
            ],
        )
        connection.execute(
            insert(Followup),
            [
                {
                    "text": f"task {n}",
                    "due_at": due_at,
                    "assignee_id": n + 1,
                    "creator_id": n + 1,
                    "status": "open",
                    "created_at": due_at,
                    "reminder_state": "pending",
                    "attempts": 0,
                }
                for n in range(count)
            ],
        )
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval('members_id_seq', :n)"), {"n": count})
    db.dispose()


def run_workers(url: str, slack: TimedSlack, workers: int, count: int, due_at: datetime) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_API_URL": slack.api_url,
        "REMINDER_POLL_SECONDS": "0.5",
        "PYTHONPATH": str(ROOT),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    deadline = due_at.timestamp() + 120
    while len(slack.arrivals) < count and time.time() < deadline:
        time.sleep(0.1)
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(30)
    return time.time()


async def raw_capacity(slack: FakeSlack, count: int) -> float:
    """N chat.postMessage calls from one process through the same client, no database."""
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token="xoxb-bench", base_url=slack.api_url, timeout=60)
    limit = asyncio.Semaphore(20)

    async def post(n: int) -> None:
        async with limit:
            await client.chat_postMessage(channel=f"C{n}", text="x")

    started = time.perf_counter()
    await asyncio.gather(*(post(n) for n in range(count)))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--lead-seconds",
        type=float,
        default=8.0,
        help="how far ahead the due time lies, so workers are up by then",
    )
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{scratch}/bench.db"
    with TimedSlack() as slack:
        due_at = datetime.now(UTC) + timedelta(seconds=args.lead_seconds)
        prepare(url, args.count, due_at)
        if datetime.now(UTC) > due_at:
            print("setup took longer than --lead-seconds; raise it", file=sys.stderr)
            return 1
        run_workers(url, slack, args.workers, args.count, due_at)
        arrivals = list(slack.arrivals)
    late = sorted(t - due_at.timestamp() for _, t in arrivals)
    duplicates = sum(n - 1 for n in Counter(c for c, _ in arrivals).values())
    with FakeSlack() as peer:
        capacity = asyncio.run(raw_capacity(peer, args.count))
    backend = url.split(":", 1)[0]
    print(f"backend={backend} reminders={args.count} workers={args.workers}")
    print(f"delivered={len({c for c, _ in arrivals})} duplicates={duplicates}")
    if late:
        p95 = late[int(0.95 * (len(late) - 1))]
        print(f"lateness: last={late[-1]:.2f}s p50={statistics.median(late):.2f}s p95={p95:.2f}s")
    print(f"peer: fake API raw capacity, {args.count} posts from one process: {capacity:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
