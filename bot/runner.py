"""Long-running processes until SIGTERM/SIGINT: `crmbot worker` and `crmbot run`.

`crmbot run` is everything the environment configures, in one process: the reminder worker
always; Slack over Socket Mode when SLACK_APP_TOKEN is set; Telegram long polling when no
webhook URL is set; and the HTTP server when something needs it (Slack's signed requests,
Telegram's webhook). Each starter returns something with an async close, stopped in reverse.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack

from aiohttp import web

from bot.bootstrap import App
from bot.worker import Worker, build_senders

log = logging.getLogger(__name__)

Main = Callable[[asyncio.Event], Awaitable[None]]


def until_signalled(main: Main) -> int:
    """Run `main(stop)` on a fresh event loop; SIGTERM or SIGINT sets `stop`, and `main`
    finishes its work in hand before returning, so a deploy loses nothing."""

    async def guarded() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await main(stop)

    asyncio.run(guarded())
    return 0


async def run_worker(app: App, stop: asyncio.Event) -> None:
    """`crmbot worker`: only the reminder and outbox worker."""
    senders = build_senders(app)
    if not senders:
        log.warning("no chat platform configured: reminders will be recorded as undeliverable")
    await Worker(app, senders).run(stop)


async def run_all(app: App, stop: asyncio.Event) -> None:
    """`crmbot run`: the chat connections the settings ask for, and the worker."""
    async with AsyncExitStack() as started:
        await _start_chats(app, started)
        await run_worker(app, stop)


async def _start_chats(app: App, started: AsyncExitStack) -> None:
    settings = app.settings
    if settings.slack_enabled and settings.slack_app_token:
        from bot.slack import start_socket_mode

        handler = await start_socket_mode(app)
        started.push_async_callback(handler.close_async)
        log.info("slack: socket mode connected")
    if settings.telegram_enabled and not settings.telegram_webhook_url:
        from bot.telegram import start_polling

        polling = await start_polling(app)
        started.push_async_callback(polling.stop)
        log.info("telegram: polling")
    if _needs_http(app):
        from bot.server import build_web_app

        runner = web.AppRunner(build_web_app(app))
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", settings.port).start()
        started.push_async_callback(runner.cleanup)
        log.info("http server on port %s", settings.port)


def _needs_http(app: App) -> bool:
    """Webhooks need the server: Slack without Socket Mode, Telegram with a webhook URL."""
    settings = app.settings
    slack_http = settings.slack_enabled and not settings.slack_app_token
    telegram_http = settings.telegram_enabled and bool(settings.telegram_webhook_url)
    return slack_http or telegram_http
