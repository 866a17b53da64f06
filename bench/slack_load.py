"""Fifty people on Slack at once: signed `/crm` commands against a real `crmbot serve`.

Fills a scratch database (bench/crm_fill.py; its members are Slack users U000000...),
starts `crmbot serve --workers W` on 127.0.0.1 with SLACK_API_URL pointed at the fast fake
Web API (bench/fast_slack.py), and lets N simulated users each send C slash commands,
half `find <misspelt name>` and half `log call #<id>: ...`, signed as Slack signs them.
Each user waits for an answer before the next command, as a person does. The answer is
Slack's `response_url` post, which goes to a small receiver in this process. With
`--rate R` the users together send R commands a second: each sends on its own beat (users/R
seconds apart, the users' beats spread over that interval) or, when an answer came later
than its beat, as soon as it came; without it each sends again the moment its answer comes,
which measures the most the server answers.

Prints ack latency (the HTTP answer to the slash command) and answer latency (until the
response_url post arrives), p50/p95/max of the commands sent after the first --untimed
seconds (new connections, cold caches), and answers per second over the whole run. The
peer, in the same run: the same commands through `Crm.handle` in this process, one at a
time (what the server adds on top of the CRM itself).

    .venv/bin/python -m bench.slack_load                                   # SQLite
    .venv/bin/python -m bench.slack_load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres --workers 2 --rate 100
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import ClientSession, web
from slack_sdk.signature import SignatureVerifier

from bench.crm_fill import Filled, fill
from bench.fast_slack import FastFakeSlack, reserved_port
from bench.find_bench import company_names, misspell
from bench.reminder_bench import scratch_database
from bench.serving import start_serve
from bench.timing import timing_line
from bot.bootstrap import bootstrap
from config import load_settings
from handlers.command import Command

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
TEAM = "T0000TEAM"


def command_lines(filled: Filled, users: int, each: int, seed: int) -> list[list[str]]:
    """Each user's commands: find and log in turn, on customers picked at random."""
    rng = random.Random(seed)
    wanted = set(rng.sample(range(filled.companies), min(filled.companies, users * each)))
    names = [
        n for i, n in zip(range(max(wanted) + 1), company_names(seed), strict=False) if i in wanted
    ]
    rng.shuffle(names)
    lines = []
    for user in range(users):
        mine = []
        for n in range(each):
            if n % 2 == 0:
                mine.append(f"find {misspell(names[(user * each + n) % len(names)], rng)}")
            else:
                party = rng.randint(1, filled.companies + filled.contacts)
                mine.append(f"log call #{party}: load test {user}/{n}")
        lines.append(mine)
    return lines


@dataclass(frozen=True)
class Beats:
    """When each user sends: every `interval` seconds from its own offset (0: at once)."""

    start: float
    interval: float
    users: int
    counted_from: float
    """Commands sent before this are the warm-up (first connections, caches): not timed."""

    async def wait(self, user: int, n: int) -> None:
        if self.interval:
            due = self.start + self.interval * (n + user / self.users)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))


class Receiver:
    """The response_url endpoint: each request's answer resolves the future of its token."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}

    async def answer(self, request: web.Request) -> web.Response:
        await request.read()
        future = self.waiting.pop(request.match_info["token"], None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return web.json_response({"ok": True})


async def user(
    number: int, lines: list[str], url: str, answers_url: str, receiver: Receiver,
    session: ClientSession, acks: list[float], answers: list[float], beats: Beats,
) -> None:  # fmt: skip
    """One person's commands, each after the answer to the last (and on its beat, if any)."""
    verifier = SignatureVerifier(SECRET)
    for n, line in enumerate(lines):
        await beats.wait(number, n)
        token = f"{number}-{n}"
        form = {
            "token": "legacy", "team_id": TEAM, "team_domain": "bench", "channel_id": "C0BENCH",
            "channel_name": "sales", "user_id": f"U{number:06d}", "user_name": f"member{number}",
            "command": "/crm", "text": line, "api_app_id": "A0000APP",
            "response_url": f"{answers_url}/{token}", "trigger_id": f"1.{token}",
        }  # fmt: skip
        body = urlencode(form)
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body),
        }
        arrived = asyncio.get_running_loop().create_future()
        receiver.waiting[token] = arrived
        sent = time.perf_counter()
        async with session.post(url, data=body, headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"{line!r}: HTTP {response.status}")
        acked = time.perf_counter()
        answered = await asyncio.wait_for(arrived, 120)
        if sent >= beats.counted_from:
            acks.append((acked - sent) * 1000)
            answers.append((answered - sent) * 1000)


async def load(
    lines: list[list[str]], url: str, rate: float, untimed: float
) -> tuple[list[float], list[float], float]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/response/{token}", receiver.answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    with reserved_port() as port:
        await web.TCPSite(runner, "127.0.0.1", port, reuse_port=True).start()
    acks: list[float] = []
    answers: list[float] = []
    started = time.perf_counter()
    beats = Beats(started, len(lines) / rate if rate else 0.0, len(lines), started + untimed)
    async with ClientSession() as session:
        answers_url = f"http://127.0.0.1:{port}/response"
        users = (
            user(n, mine, url, answers_url, receiver, session, acks, answers, beats)
            for n, mine in enumerate(lines)
        )
        await asyncio.gather(*users)
    wall = time.perf_counter() - started
    await runner.cleanup()
    return acks, answers, wall


def start_server(url: str, api_url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    settings = {"DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url}  # fmt: skip
    return start_serve(port, settings, "--workers", str(workers))


def peer(url: str, lines: list[list[str]]) -> list[float]:
    """The same commands through Crm.handle in this process, one at a time."""
    app = bootstrap(load_settings(database_url=url, crm_language="en"), upgrade=False)
    app.crm.names.refresh()
    timings = []
    for number, mine in enumerate(lines):
        for line in mine:
            started = time.perf_counter()
            app.crm.handle(Command(member_id=number + 1, text=line, channel="C0PEER"))
            timings.append((time.perf_counter() - started) * 1000)
    app.crm.names.close()
    app.db.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--commands", type=int, default=6, help="per user")
    parser.add_argument("--workers", type=int, default=1, help="crmbot serve processes")
    parser.add_argument("--rate", type=float, default=0, help="commands/s offered (0: at once)")
    parser.add_argument("--untimed", type=float, default=2.0, help="first seconds sent, not timed")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds after /healthz")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url, FastFakeSlack(1) as slack:
        app = bootstrap(load_settings(database_url=url), upgrade=True)
        filled = fill(app.db, args.customers, max(args.users, 2), 10.0, args.seed)
        app.db.dispose()
        lines = command_lines(filled, args.users, args.commands, args.seed)
        with reserved_port() as port:
            pass
        server = start_server(url, slack.api_url, args.workers, port)
        try:
            time.sleep(args.warmup)  # the name index builds in the background meanwhile
            events = f"http://127.0.0.1:{port}/slack/events"
            acks, answers, wall = asyncio.run(load(lines, events, args.rate, args.untimed))
        finally:
            server.terminate()
            server.wait(30)
        alone = peer(url, lines)
        total = sum(len(mine) for mine in lines)
        backend = url.split(":", 1)[0].split("+", 1)[0]
        print(
            f"backend={backend} workers={args.workers} customers={args.customers:,} "
            f"users={args.users} commands={total} (half find, half log) "
            f"offered={f'{args.rate:g}/s' if args.rate else 'as answered'}"
        )
        print(timing_line("ack", acks, 0))
        print(timing_line("answer", answers, 0))
        print(f"timed: the {len(answers)} sent after the first {args.untimed:g} s")
        print(f"throughput: {total / wall:.1f} answers/s over {wall:.1f} s")
        print(timing_line("peer: Crm.handle alone, one at a time", alone, 0))


if __name__ == "__main__":
    main()
