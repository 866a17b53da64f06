"""What webhooks cost: a command's time with and without a webhook listening, and how fast
one worker posts queued events to a local receiver. The commands without a webhook run
before and after those with one, so a drift of the machine shows.

The peer of the delivery figure, measured in the same run, is the same bodies posted to the
same receiver by a plain aiohttp client with the same concurrency and no database at all.
The receiver is an aiohttp server answering 200 on 127.0.0.1, in a process of its own.
SQLite in a temporary folder.

    .venv/bin/python -m bench.webhook_bench --events 2000 --commands 200
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bench.timing import timing_line
from bot.bootstrap import App, bootstrap
from bot.worker.webhooks import CONCURRENCY, WebhookSender
from config import explicit_settings
from handlers.command import Command
from storage import members, webhooks

RECEIVER = """
from aiohttp import web
async def ok(request):
    await request.read()
    return web.Response()
app = web.Application()
app.router.add_post("/hook", ok)
web.run_app(app, host="127.0.0.1", port={port}, print=None)
"""


def _commands(app: App, member_id: int, count: int, tag: str) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        reply = app.crm.handle(
            Command(
                member_id=member_id, text=f"add company Bench {tag} {n} GmbH", platform="console"
            )
        )
        times.append((time.perf_counter() - started) * 1000)
        assert reply.ok, reply.text
    return times


async def _peer(url: str, bodies: list[bytes]) -> float:
    limit = asyncio.Semaphore(CONCURRENCY)
    started = time.perf_counter()
    async with aiohttp.ClientSession() as http:

        async def post(body: bytes) -> None:
            async with limit, http.post(url, data=body) as answer:
                assert answer.status == 200

        await asyncio.gather(*(post(b) for b in bodies))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--port", type=int, default=9317)
    options = parser.parse_args()
    url = f"http://127.0.0.1:{options.port}/hook"
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER.format(port=options.port)])
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = explicit_settings(database_url=f"sqlite:///{Path(folder) / 'crm.db'}")
            app = bootstrap(settings)
            with app.db.session() as session:
                member_id = members.create(
                    session, "bench", language="en", timezone="Europe/Berlin"
                ).id
            without = _commands(app, member_id, options.commands, "a")
            with app.db.session() as session:
                hook = webhooks.add(session, member_id, url, ["all"], "s" * 64, datetime.now(UTC))
            with_hook = _commands(app, member_id, options.commands, "b")
            _deliveries(app, url, options.events)
            with app.db.session() as session:
                webhooks.remove(session, member_id, webhooks.get(session, hook.id) or hook)
            again = _commands(app, member_id, options.commands, "c")
            print(timing_line("add company, no webhook", without))
            print(timing_line("add company, one webhook listening", with_hook))
            print(timing_line("add company, no webhook again (after the others)", again))
            app.db.dispose()
    finally:
        receiver.terminate()
        receiver.wait(10)


def _deliveries(app: App, url: str, count: int) -> None:
    now = datetime.now(UTC)
    with app.db.session() as session:
        hook_ids = [hook.id for hook in webhooks.every(session)]
        for n in range(count):
            webhooks.record(session, "customer.updated", now, {"id": n, "name": f"K{n}"}, hook_ids)
    sender = WebhookSender(app.db)
    started = time.perf_counter()
    delivered = asyncio.run(sender.drain())
    ours = time.perf_counter() - started
    bodies = [f'{{"id":"{n:032x}","type":"customer.updated"}}'.encode() for n in range(count)]
    peer = asyncio.run(_peer(url, bodies))
    print(f"webhook worker: {delivered} events in {ours:.2f} s = {delivered / ours:.0f}/s")
    print(f"peer (plain aiohttp, {CONCURRENCY} at once, no database): {count} in {peer:.2f} s "
          f"= {count / peer:.0f}/s")  # fmt: skip


if __name__ == "__main__":
    main()
