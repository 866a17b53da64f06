"""Long polling for `crmbot run` when no webhook URL is configured.

Our own getUpdates loop rather than the library's Updater: Telegram forgets an update once
a later getUpdates names an offset past it, and the Updater asks for the next batch before
the last one is handled. Here an offset moves past an update only after the update is in
the journal, so a crash at any point loses nothing; a redelivered update is recognised by
its id and handled once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.bootstrap import App
from bot.telegram.application import build_application, register_commands
from bot.telegram.handling import TelegramBot
from bot.telegram.webhook import ALLOWED_UPDATES

log = logging.getLogger(__name__)
POLL_TIMEOUT_SECONDS = 10
RETRY_SECONDS = (1, 2, 5, 10, 30)


class Polling:
    """A running polling loop; `await stop()` ends it and closes the connections."""

    def __init__(self, app: App) -> None:
        self.application = build_application(app.settings, polling=False)
        self.handler = TelegramBot(app, self.application.bot)
        self.registry = app.crm.registry
        self.task: asyncio.Task[None] | None = None
        self.sending: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self.application.initialize()
        await register_commands(self.application.bot, self.registry)
        self.task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.sending:
            await asyncio.gather(*self.sending, return_exceptions=True)
        await self.application.shutdown()

    async def _loop(self) -> None:
        offset: int | None = None
        failures = 0
        retries = 0  # of the first update not yet journalled, across getUpdates calls
        while True:
            try:
                updates = await self.application.bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES
                )
            except TelegramError as problem:
                wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                log.warning("telegram getUpdates failed (%s); again in %s s", problem, wait)
                failures += 1
                await asyncio.sleep(wait)
                continue
            failures = 0
            for update in updates:
                if not await self._take(update):
                    retries += 1
                    if retries < len(RETRY_SECONDS):
                        await asyncio.sleep(RETRY_SECONDS[retries - 1])
                        break  # the same offset again: Telegram delivers it once more
                    log.error("telegram update %s skipped after retries", update.update_id)
                retries = 0
                offset = update.update_id + 1

    async def _take(self, update: Update) -> bool:
        """Journal the update, then answer it beside the loop, as the webhook does.

        False when it could not be journalled (the database away, say): the caller keeps
        the offset, so Telegram keeps the update.
        """
        try:
            plan = await self.handler.receive(update)
        except Exception:
            log.exception("telegram update %s failed", update.update_id)
            return False
        task = asyncio.create_task(self.handler.deliver(plan))
        self.sending.add(task)
        task.add_done_callback(self.sending.discard)
        return True


async def start_polling(app: App) -> Polling:
    """Fetch updates with getUpdates and handle each like a webhook delivery."""
    polling = Polling(app)
    await polling.start()
    return polling
