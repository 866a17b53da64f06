"""Long-running processes until SIGTERM/SIGINT: `crmbot serve`, `crmbot worker`, `crmbot run`.

`crmbot run` is everything the environment configures, in one process: the reminder worker
always; Slack over Socket Mode when SLACK_APP_TOKEN is set; Telegram long polling when no
webhook URL is set; and the HTTP server when something needs it (Slack's signed requests,
Telegram's webhook). Each starter returns something with an async close, stopped in reverse.

On SIGTERM each part stops taking new work and finishes what it holds; work still running
in tasks after that (a Slack listener after its `ack()`, a Telegram delivery) gets a bounded
time to end before the loop closes, instead of being cancelled as `asyncio.run` would.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack

from bot.bootstrap import App
from bot.recovery import recover_in_background
from bot.worker import Worker, build_senders

log = logging.getLogger(__name__)

Main = Callable[[asyncio.Event], Awaitable[None]]

# Time for work left in tasks once `main` has returned; with the server's request drain it
# stays within the ~30 s a platform allows between SIGTERM and SIGKILL.
TASK_DRAIN_SECONDS = 8.0


def until_signalled(main: Main) -> int:
    """Run `main(stop)` on a fresh event loop; SIGTERM or SIGINT sets `stop`, and `main`
    finishes its work in hand before returning, so a deploy loses nothing."""

    async def guarded() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await main(stop)
        await finish_tasks(TASK_DRAIN_SECONDS)

    asyncio.run(guarded())
    return 0


async def finish_tasks(timeout: float) -> None:
    """Wait (at most `timeout`) for every other task of the loop to end by itself."""
    current = asyncio.current_task()
    pending = {task for task in asyncio.all_tasks() if task is not current}
    if not pending:
        return
    log.info("stopping: waiting for %d tasks in hand", len(pending))
    _done, left = await asyncio.wait(pending, timeout=timeout)
    if left:
        log.warning("stopping: %d tasks still running after %ss are cut off", len(left), timeout)


async def run_worker(app: App, stop: asyncio.Event) -> None:
    """`crmbot worker`: only the reminder and outbox worker."""
    senders = build_senders(app)
    if not senders:
        log.warning("no chat platform configured: reminders will be recorded as undeliverable")
    await Worker(app, senders).run(stop)


async def run_all(app: App, stop: asyncio.Event) -> None:
    """`crmbot run`: the chat connections the settings ask for, and the worker."""
    recover_in_background(app)
    async with AsyncExitStack() as started:
        await _start_chats(app, started)
        if _needs_http(app):
            from bot.server import serve_until

            await asyncio.gather(serve_until(app, stop), run_worker(app, stop))
        else:
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


def _needs_http(app: App) -> bool:
    """Webhooks need the server: Slack without Socket Mode, Telegram with a webhook URL."""
    settings = app.settings
    slack_http = settings.slack_enabled and not settings.slack_app_token
    telegram_http = settings.telegram_enabled and bool(settings.telegram_webhook_url)
    return slack_http or telegram_http
