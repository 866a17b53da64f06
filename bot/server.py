"""`crmbot serve`: one aiohttp server for Slack's and Telegram's webhooks and /healthz.

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

from aiohttp import web

from bot.bootstrap import App

log = logging.getLogger(__name__)

# What a platform gives a process between SIGTERM and SIGKILL is about 30 s (Heroku, Docker
# and Kubernetes defaults); requests in hand get most of it.
REQUEST_DRAIN_SECONDS = 20.0


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.router.add_get("/healthz", healthz)
    if app.settings.slack_enabled:
        from bot.slack import mount as mount_slack

        mount_slack(web_app, app)
    if app.settings.telegram_enabled:
        from bot.telegram import mount as mount_telegram

        mount_telegram(web_app, app)
    return web_app


async def serve_until(app: App, stop: asyncio.Event, host: str = "0.0.0.0") -> None:
    """Serve on the settings' port until `stop` is set; then accept no new connection and
    give the requests in hand up to REQUEST_DRAIN_SECONDS to be answered."""
    runner = web.AppRunner(build_web_app(app), shutdown_timeout=REQUEST_DRAIN_SECONDS)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, app.settings.port).start()
        log.info("http server on port %s", app.settings.port)
        await stop.wait()
        log.info("stopping: no new connections, finishing the requests in hand")
    finally:
        await runner.cleanup()


def serve(app: App) -> int:
    """`crmbot serve`: answer what the last run left unanswered, then serve until SIGTERM."""
    from bot.recovery import recover_in_background
    from bot.runner import until_signalled

    async def main(stop: asyncio.Event) -> None:
        recover_in_background(app)
        await serve_until(app, stop)

    return until_signalled(main)
