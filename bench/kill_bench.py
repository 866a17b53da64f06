"""Commands lost while `crmbot serve` is killed, and reminders doubled or late while
workers are killed; on Slack, Telegram or both (`--platform`).

N client threads talk to one `crmbot serve` on 127.0.0.1 while a killer sends it SIGKILL
and SIGTERM in turn every few seconds and starts it again: signed `/crm add company` slash
commands on Slack, real Update JSON to the webhook on Telegram (an update not answered 200
is posted again until it is, as Telegram redelivers; each chat's next update waits for
that). Counted: what got HTTP 200 against what the database holds once the last restart's
recovery is done (bench/webhook_kill.py for Telegram). The peer, in the same run, is the
same load for the same time with no kills.

Then R reminders fall due at once for W `crmbot worker` processes sending to a local fake
(bench/fast_slack.py, or the tests' fake Bot API in a process, bench/fake_telegram.py); one
worker is SIGKILLed every few seconds and started again. Counted from the fake's record of
sends: duplicates, and lateness from the due time. At each kill, from the database 3 s
later: the killed worker's sends in flight (they reached the fake, the worker never settled
them: the most a kill may double where the platform cannot be asked what was sent, as on
Telegram), and its claims, of which the first one sent again after the kill gives the
takeover delay. The peer is the same run with no kills. Telegram's shared send budget
(30 a second) sets that platform's pace.

    .venv/bin/python -m bench.kill_bench --platform both --seconds 30 --clients 8 --every 3 \\
        --reminders 10000
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bench.chaos import run_threads, under_kills
from bench.fake_telegram import FakeTelegramProcess
from bench.fast_slack import FastFakeSlack, Post
from bench.reminder_bench import prepare, report, scratch_database, start_worker
from bench.webhook_kill import run_webhook
from config import Settings
from storage.db import Database
from storage.models import Followup, Identity, InboundMessage, Party
from tests.bot.served import Served
from tests.fakes.slack_api import FakeSlack

LOOK_SECONDS = 3.0
"""When a killed worker's claims are read: the survivors have renewed theirs by then (every
quarter lease), and the killed one's leases have not yet run out."""


def slash_load(served: Served, clients: int, seconds: float) -> set[str]:
    """Send commands from `clients` threads for `seconds`; the names that got a 200."""
    acked: set[str] = set()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        inbound, n = served.inbound, 0
        while time.monotonic() < deadline:
            name = f"kb-{number}-{n}"
            n += 1
            try:
                answer = inbound.slash(f"add company {name}", user=f"U{number:04d}")
            except OSError:
                time.sleep(0.05)  # refused while down: Slack shows the user an error
                continue
            if answer.status == 200:
                with lock:
                    acked.add(name)

    run_threads(client, clients)
    return acked


def run_slack(url: str, clients: int, seconds: float, every: float | None) -> str:
    with FakeSlack() as slack:
        for c in range(clients):
            slack.add_user(f"U{c:04d}", f"Client {c}")
        served = Served(url, slack, Path(tempfile.mkdtemp(prefix="kill-bench-")))
        acked, kills = under_kills(served, every, lambda: slash_load(served, clients, seconds))
        time.sleep(3)
        served.signal(signal.SIGTERM)
        served.wait()
    db = Database(url)
    with db.session() as session:
        names = set(session.scalars(select(Party.name)))
        waiting = session.scalar(
            select(InboundMessage.id).where(InboundMessage.status == "received").limit(1)
        )
    db.dispose()
    lost = len(acked - names)
    return (
        f"{kills} acknowledged={len(acked)} landed={len(acked & names)} lost={lost} "
        f"({1000 * lost / max(1, len(acked)):.1f} per 1,000) left-received={int(bool(waiting))}"
    )


@dataclass
class Kill:
    """One worker kill: when, when that worker had started, and the chats of its claims."""

    at: float
    since: float
    orphans: frozenset[str] | None = None


def look_at_kill(db: Database, kill: Kill, lease: float) -> None:
    """The killed worker's claims: still claimed, their lease last renewed by it (after its
    start, before the kill; the survivors have renewed theirs since)."""
    low, high = (datetime.fromtimestamp(t + lease, UTC) for t in (kill.since, kill.at))
    with db.read_session() as session:
        chats = session.scalars(
            select(Identity.chat_id)
            .join(Followup, Followup.assignee_id == Identity.member_id)
            .where(Followup.reminder_state == "claimed")
            .where(Followup.lease_until > low, Followup.lease_until <= high)
        )
        kill.orphans = frozenset(str(c) for c in chats)


def after_kills(kills: list[Kill], posts: list[Post]) -> str:
    """Sends in flight at the kills (a claim the killed worker sent and never settled), and
    the worst takeover: seconds from a kill to the next send of one of its claims."""
    in_flight, delays = 0, []
    for kill in kills:
        if kill.orphans is None:
            continue  # the run ended before its claims were read
        looked = kill.at + LOOK_SECONDS  # no other worker may send them before
        in_flight += len({c for c, t in posts if c in kill.orphans and kill.since < t <= looked})
        again = [t for c, t in posts if c in kill.orphans and t > looked]
        delays += [min(again) - kill.at] if again else []
    worst = f"{max(delays):.1f}s" if delays else "-"
    return f"in-flight at kills={in_flight} takeover worst={worst} (of {len(delays)} kills)"


def reminders(url: str, platform: str, count: int, workers: int, every: float | None) -> str:
    """R reminders due in 10 s, W workers, worker 0 killed every `every` seconds."""
    fake = FastFakeSlack(1) if platform == "slack" else FakeTelegramProcess()
    lease = Settings().reminder_lease_seconds
    db = Database(url)
    with fake:  # one Slack process: history answers from what it was posted
        due_at = datetime.now(UTC) + timedelta(seconds=10)
        prepare(url, count, due_at, platform)
        processes = [start_worker(url, fake.worker_env) for _ in range(workers)]
        kills: list[Kill] = []
        started, next_kill = time.time(), due_at.timestamp() + (every or 0)
        try:
            while fake.posted < count and time.time() < due_at.timestamp() + 60 + count / 5:
                now = time.time()
                if kills and kills[-1].orphans is None and now >= kills[-1].at + LOOK_SECONDS:
                    look_at_kill(db, kills[-1], lease)
                elif every and now >= next_kill:
                    processes[0].send_signal(signal.SIGKILL)
                    processes[0].wait()
                    kills.append(Kill(time.time(), started))
                    processes[0] = start_worker(url, fake.worker_env)
                    started = time.time()
                    next_kill = started + every
                time.sleep(0.1)
            time.sleep(1)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)
    db.dispose()
    lines = report(fake.posts, count, due_at, platform)
    return " ".join([f"kills={len(kills)}", after_kills(kills, fake.posts), *lines])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--platform", choices=("slack", "telegram", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between kills")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    platforms = ("slack", "telegram") if args.platform == "both" else (args.platform,)
    serve = {"slack": run_slack, "telegram": run_webhook}
    for platform in platforms:
        for every, label in ((args.every, "with kills"), (None, "peer, no kills")):
            with scratch_database(args.database_url) as url:
                Database(url).upgrade()
                result = serve[platform](url, args.clients, args.seconds, every)
                print(f"{platform} serve, {label}: {result}", flush=True)
        for every, label in ((args.every, "with kills"), (None, "peer, no kills")):
            with scratch_database(args.database_url) as url:
                result = reminders(url, platform, args.reminders, args.workers, every)
                print(f"{platform} reminders, {label}: {result}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
