"""Long polling for `crmbot run` when no webhook URL is configured."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.bootstrap import App
from bot.telegram.application import build_application, register_commands
from bot.telegram.handling import TelegramBot
from bot.telegram.webhook import ALLOWED_UPDATES

log = logging.getLogger(__name__)
POLL_TIMEOUT_SECONDS = 10


class Polling:
    """A running polling loop; `await stop()` ends it and closes the connections."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.application = application

    async def stop(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()


async def start_polling(app: App) -> Polling:
    """Fetch updates with getUpdates and handle each like a webhook delivery."""
    application = build_application(app.settings, polling=True)
    handler = TelegramBot(app, application.bot)

    async def on_update(update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            await handler.process(update)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update failed: %r", update, exc_info=context.error)

    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    await application.initialize()
    await register_commands(application.bot, app.crm.registry)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES
    )
    return Polling(application)
