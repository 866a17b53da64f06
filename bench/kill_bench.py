"""Commands lost while `crmbot serve` is killed, and reminders doubled or late while
workers are killed.

N client threads send signed `/crm add company kb-<client>-<n>` slash commands to one
`crmbot serve` on 127.0.0.1 while a killer sends it SIGKILL and SIGTERM in turn every few
seconds and starts it again. Counted: commands that got HTTP 200 (Slack was told we have
them) against companies that are in the database once the last restart's recovery is
done. The peer, in the same run, is the same load for the same time with no kills.

Then R reminders fall due at once for W `crmbot worker` processes sending to the fast fake
Slack (bench/fast_slack.py); one worker is SIGKILLed every few seconds and started again.
Counted from the fake's record of posts: duplicates, and the lateness of the last one (the
worst delay a kill caused). The peer is the same run with no kills.

    .venv/bin/python -m bench.kill_bench --seconds 30 --clients 8 --every 3 --reminders 10000
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bench.fast_slack import FastFakeSlack
from bench.reminder_bench import prepare, report, scratch_database, start_worker
from storage.db import Database
from storage.models import InboundMessage, Party
from tests.bot.served import Served
from tests.fakes.slack_api import FakeSlack


def load(served: Served, clients: int, seconds: float, stop_killing: threading.Event) -> set[str]:
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

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop_killing.set()
    return acked


def killer(served: Served, every: float, stop: threading.Event, kills: list[str]) -> None:
    signals = (signal.SIGKILL, signal.SIGTERM)
    while not stop.wait(every):
        signum = signals[len(kills) % 2]
        served.signal(signum)
        served.wait()
        kills.append(signum.name)
        served.start()


def landed(url: str) -> tuple[set[str], int]:
    db = Database(url)
    try:
        with db.session() as session:
            names = set(session.scalars(select(Party.name)))
            waiting = session.scalar(
                select(InboundMessage.id).where(InboundMessage.status == "received").limit(1)
            )
    finally:
        db.dispose()
    return names, 0 if waiting is None else 1


def run(url: str, clients: int, seconds: float, every: float | None) -> str:
    with FakeSlack() as slack:
        for c in range(clients):
            slack.add_user(f"U{c:04d}", f"Client {c}")
        served = Served(url, slack, Path(tempfile.mkdtemp(prefix="kill-bench-")))
        served.start()
        stop, kills = threading.Event(), list[str]()
        chaos = None
        if every:
            chaos = threading.Thread(target=killer, args=(served, every, stop, kills))
            chaos.start()
        acked = load(served, clients, seconds, stop)
        if chaos is not None:
            chaos.join()
        served.signal(signal.SIGTERM)
        served.wait()
        served.start()  # the last restart answers what the last kill left behind
        time.sleep(3)
        served.signal(signal.SIGTERM)
        served.wait()
    names, waiting = landed(url)
    lost = len(acked - names)
    per_1000 = 1000 * lost / max(1, len(acked))
    return (
        f"kills={len(kills)} ({kills.count('SIGKILL')} SIGKILL, {kills.count('SIGTERM')} SIGTERM) "
        f"acknowledged={len(acked)} landed={len(acked & names)} lost={lost} "
        f"({per_1000:.1f} per 1,000) left-received={waiting}"
    )


def reminders(url: str, count: int, workers: int, every: float | None) -> list[str]:
    """R reminders due in 10 s, W workers, worker 0 killed every `every` seconds."""
    with FastFakeSlack(1) as slack:  # one process: history answers from what it was posted
        due_at = datetime.now(UTC) + timedelta(seconds=10)
        prepare(url, count, due_at)
        processes = [start_worker(url, slack) for _ in range(workers)]
        kills, next_kill = 0, due_at.timestamp() + (every or 0)
        try:
            while slack.posted < count and time.time() < due_at.timestamp() + 180:
                if every and time.time() >= next_kill:
                    processes[0].send_signal(signal.SIGKILL)
                    processes[0].wait()
                    processes[0] = start_worker(url, slack)
                    kills, next_kill = kills + 1, time.time() + every
                time.sleep(0.05)
            time.sleep(1)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)
    return [f"kills={kills}", *report(slack.posts, count, due_at)]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between kills")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        Database(url).upgrade()
        print("with kills: " + run(url, args.clients, args.seconds, args.every))
    with scratch_database(args.database_url) as url:
        Database(url).upgrade()
        print("peer, no kills: " + run(url, args.clients, args.seconds, None))
    for every, label in ((args.every, "reminders with kills"), (None, "peer, no kills")):
        with scratch_database(args.database_url) as url:
            print(f"{label}: " + " ".join(reminders(url, args.reminders, args.workers, every)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
