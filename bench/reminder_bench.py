"""How late do reminders arrive when many fall due in the same minute?

Sets up N members (Slack, DM channel known) with one follow-up each, all due at the same
moment, starts W `crmbot worker` processes against a fast local fake Slack Web API
(bench/fast_slack.py, in processes of its own), and prints how late the last reminder
arrived after its due time, lateness p50/p95, and duplicates, counted from the fake's own
record of posts. The peer measured in the same run is the fake API's raw capacity: N posts
from one client process (the worker's Slack client) with no database at all.

On PostgreSQL the bench works in a scratch database it creates beside the one named by
--database-url and drops afterwards; it never touches that database's tables.

    .venv/bin/python -m bench.reminder_bench --count 10000 --workers 3
    .venv/bin/python -m bench.reminder_bench --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from bench.fast_slack import FastFakeSlack, Post
from bench.serving import bench_env
from config import Settings
from storage.db import Database
from storage.models import Base, Followup, Identity, Member

ROOT = Path(__file__).resolve().parents[1]


TELEGRAM_USERS = 700_000_000
"""Telegram user ids of the bench's members (a private chat's id is its user's)."""


def chat_of(platform: str, n: int) -> str:
    """Member n's chat: a Slack DM channel, or a Telegram private chat."""
    return f"D{n}" if platform == "slack" else str(TELEGRAM_USERS + n)


def prepare(url: str, count: int, due_at: datetime, platform: str = "slack") -> None:
    """N members with a chat each on `platform` and one follow-up due at `due_at`, in bulk."""
    db = add_members(url, count, platform, due_at)
    with db.engine.begin() as connection:
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
    db.dispose()


def add_members(url: str, count: int, platform: str, now: datetime) -> Database:
    """An emptied database with N members m0… (ids 1…N), each with a chat on `platform`."""
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
                "created_at": now,
            }
            for n in range(count)
        ]
        connection.execute(insert(Member), rows)
        connection.execute(insert(Identity), [_identity(platform, n) for n in range(count)])
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval('members_id_seq', :n)"), {"n": count})
    return db


def _identity(platform: str, n: int) -> dict[str, object]:
    chat = chat_of(platform, n)
    if platform == "slack":
        return {"member_id": n + 1, "platform": platform, "team_id": "T0000TEAM",
                "external_id": f"U{n}", "chat_id": chat}  # fmt: skip
    return {"member_id": n + 1, "platform": platform, "external_id": chat, "chat_id": chat}


@contextmanager
def scratch_database(url: str | None) -> Iterator[str]:
    """A database of the bench's own: a SQLite file, or a PostgreSQL database created
    beside the one `url` names (which is only used to create and drop it)."""
    if url is None or not url.startswith("postgresql"):
        yield url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        return
    name = f"crmbot_bench_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start_worker(url: str, fake_env: dict[str, str]) -> subprocess.Popen[bytes]:
    """One `crmbot worker` process on `url`, sending to the fake whose settings are given."""
    env = bench_env({"DATABASE_URL": url, "REMINDER_POLL_SECONDS": "0.5", **fake_env})
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_workers(url: str, slack: FastFakeSlack, workers: int, count: int, due_at: datetime) -> None:
    """W worker processes until N posts arrived (or two minutes past the due time)."""
    processes = [start_worker(url, slack.worker_env) for _ in range(workers)]
    try:
        deadline = due_at.timestamp() + 120
        while slack.posted < count and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(1)  # a duplicate sent just after the last first post still gets counted
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def raw_capacity(count: int, concurrency: int, fake_processes: int) -> float:
    """Seconds for N chat.postMessage calls from one process through the worker's Slack
    client (one shared session, the worker's concurrency), with no database."""
    from bot.slack.client import shared_session, web_client

    async def run(api_url: str) -> float:
        settings = Settings(slack_bot_token="xoxb-bench", slack_api_url=api_url)
        async with shared_session() as session:
            client = web_client(settings, session)
            limit = asyncio.Semaphore(concurrency)

            async def post(n: int) -> None:
                async with limit:
                    await client.chat_postMessage(channel=f"C{n}", text="x")

            started = time.perf_counter()
            await asyncio.gather(*(post(n) for n in range(count)))
            return time.perf_counter() - started

    with FastFakeSlack(fake_processes) as slack:
        return asyncio.run(run(slack.api_url))


def report(posts: list[Post], count: int, due_at: datetime, platform: str = "slack") -> list[str]:
    expected = {chat_of(platform, n) for n in range(count)}
    late = sorted(t - due_at.timestamp() for _, t in posts)
    duplicates = sum(n - 1 for n in Counter(c for c, _ in posts).values())
    lines = [f"delivered={len(expected & {c for c, _ in posts})}/{count} duplicates={duplicates}"]
    if late:
        p95 = late[int(0.95 * (len(late) - 1))]
        lines.append(
            f"lateness: last={late[-1]:.2f}s p50={statistics.median(late):.2f}s p95={p95:.2f}s"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--fake-processes", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--lead-seconds",
        type=float,
        default=10.0,
        help="how far ahead the due time lies, so workers are up by then",
    )
    args = parser.parse_args()
    settings = Settings()
    with scratch_database(args.database_url) as url, FastFakeSlack(args.fake_processes) as slack:
        due_at = datetime.now(UTC) + timedelta(seconds=args.lead_seconds)
        prepare(url, args.count, due_at)
        if datetime.now(UTC) > due_at:
            print("setup took longer than --lead-seconds; raise it", file=sys.stderr)
            return 1
        run_workers(url, slack, args.workers, args.count, due_at)
    capacity = raw_capacity(args.count, settings.reminder_concurrency, args.fake_processes)
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"backend={make_url(url).get_backend_name()} reminders={args.count} "
        f"workers={args.workers} batch={settings.reminder_batch_size} "
        f"concurrency={settings.reminder_concurrency} fake-processes={args.fake_processes}"
    )
    for line in report(slack.posts, args.count, due_at):
        print(line)
    print(
        f"peer: fake API raw capacity, {args.count} posts from one process, no database: "
        f"{capacity:.2f}s ({args.count / capacity:.0f}/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
