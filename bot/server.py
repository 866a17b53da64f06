"""`crmbot serve`: one aiohttp server for Slack's and Telegram's webhooks, /healthz, the
calendar feeds and the JSON API.

Each platform package mounts its own routes and start/stop hooks; this module only knows
that there are platforms, not what they say.

It does not use `web.run_app`: that cancels every pending task on SIGTERM, and work that
runs after a request was answered (Slack listeners after `ack()`, Telegram's deliveries)
would be cut off mid-way. `serve_until` stops listening when told, lets the requests in
hand finish, and the runner (bot/runner.py `until_signalled`) waits for the rest.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from collections.abc import Callable

from aiohttp import web

from bot.api import mount as mount_api
from bot.bootstrap import App
from bot.calendar_feed import mount as mount_calendar
from bot.health import add_healthz

log = logging.getLogger(__name__)

# What a platform gives a process between SIGTERM and SIGKILL is about 30 s (Heroku, Docker
# and Kubernetes defaults); requests in hand get most of it.
REQUEST_DRAIN_SECONDS = 20.0


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    add_healthz(web_app, app.db)
    mount_calendar(web_app, app)
    mount_api(web_app, app)
    if app.settings.slack_enabled:
        from bot.slack import mount as mount_slack

        mount_slack(web_app, app)
    if app.settings.telegram_enabled:
        from bot.telegram import mount as mount_telegram

        mount_telegram(web_app, app)
    return web_app


async def serve_until(
    app: App, stop: asyncio.Event, host: str = "0.0.0.0", *, reuse_port: bool = False
) -> None:
    """Serve on the settings' port until `stop` is set; then accept no new connection and
    give the requests in hand up to REQUEST_DRAIN_SECONDS to be answered."""
    runner = web.AppRunner(build_web_app(app), shutdown_timeout=REQUEST_DRAIN_SECONDS)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, app.settings.port, reuse_port=reuse_port or None)
        await site.start()
        log.info("http server on port %s", app.settings.port)
        await stop.wait()
        log.info("stopping: no new connections, finishing the requests in hand")
    finally:
        await runner.cleanup()


def serve(app: App, *, reuse_port: bool = False) -> int:
    """`crmbot serve`: answer what the last run left unanswered, then serve until SIGTERM."""
    from bot.recovery import recover_in_background
    from bot.runner import until_signalled

    async def main(stop: asyncio.Event) -> None:
        recover_in_background(app)
        await serve_until(app, stop, reuse_port=reuse_port)

    return until_signalled(main)


def serve_processes(count: int, serve_one: Callable[[], int]) -> int:
    """`crmbot serve --workers N`: N server processes sharing one port (SO_REUSEPORT).

    The kernel spreads new connections over the processes, so N of them use N cores where
    one is bound to one by Python's GIL. Each process is spawned fresh (nothing forked
    from a parent that holds database connections or threads) and builds its own app and
    name index. For PostgreSQL; SQLite allows one writer at a time, whatever the count.
    SIGTERM or Ctrl-C stops them all; the exit code is the worst of theirs (0 when they stopped
    as told).
    """
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=serve_one, name=f"serve-{n}") for n in range(count)]
    for child in children:
        child.start()

    def stop(_signal: int, _frame: object) -> None:
        for child in children:
            if child.is_alive():
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.join()
    stopped = -signal.SIGTERM  # a child still starting up dies of our SIGTERM: as asked
    return max(abs(code) for code in [0] + [c.exitcode or 0 for c in children] if code != stopped)
