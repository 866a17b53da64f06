"""`POST /telegram/webhook` on the shared aiohttp server.

The secret header is checked before anything is read; then the update is handled up to
the durable point (journal, database) and only then answered 200, so Telegram never gets
a 200 for an update we could still lose. Sending the answer happens after, in a task.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from typing import Any

from aiohttp import web
from telegram import Bot, Update

from bot.bootstrap import App
from bot.telegram.application import build_application, register_commands
from bot.telegram.handling import TelegramBot

log = logging.getLogger(__name__)
PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
"""Telegram sends only these kinds; without edited_message and my_chat_member an edited
note or a blocked bot would go unnoticed."""
SHOWN_BYTES = 2000
_UPDATE_ID = re.compile(rb'"update_id"\s*:\s*(\d{1,18})')


class Webhook:
    """The webhook's life: the Application starts and stops with the web server."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.application = build_application(app.settings, polling=False)
        self.handler = TelegramBot(app, self.application.bot)
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self, _web_app: web.Application) -> None:
        await self.application.initialize()
        await register_commands(self.application.bot, self.app.crm.registry)
        url = self.app.settings.telegram_webhook_url
        if url:
            await self.application.bot.set_webhook(
                url,
                secret_token=self.app.settings.telegram_webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )

    async def stop(self, _web_app: web.Application) -> None:
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.application.shutdown()

    async def receive(self, request: web.Request) -> web.Response:
        if not self._authentic(request):
            return web.json_response({"ok": False}, status=403)
        raw = await request.read()
        update = parse_update(raw, self.application.bot)
        if update is None:
            log.warning("telegram: ignored a body that is not a usable update (%d bytes)", len(raw))
            await asyncio.to_thread(self.handler.ignore, update_key(raw), _shown(raw))
            return web.json_response({"ok": True})
        plan = await self.handler.receive(update)
        task = asyncio.create_task(self.handler.deliver(plan))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return web.json_response({"ok": True})

    def _authentic(self, request: web.Request) -> bool:
        """Fail closed: without a configured secret no request is accepted."""
        secret = self.app.settings.telegram_webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        return bool(secret) and hmac.compare_digest(given.encode(), (secret or "").encode())


def parse_update(raw: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body, or None when it is not one we can read: not UTF-8, not
    JSON, not an object, carrying lone surrogates (no database can store them), or a shape
    the library rejects. Telegram would redeliver anything but a 200 for a day, holding back
    that chat's later updates, so such bodies are journalled as ignored instead."""
    try:
        body: Any = json.loads(raw.decode("utf-8"))
        if not isinstance(body, dict):
            return None
        json.dumps(body, ensure_ascii=False).encode("utf-8")
        return Update.de_json(body, bot)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def update_key(raw: bytes) -> str | None:
    """The delivery key of even a broken body, so Telegram's redelivery is recorded once."""
    found = _UPDATE_ID.search(raw)
    return f"telegram:{int(found[1])}" if found else None


def _shown(raw: bytes) -> str:
    return raw[:SHOWN_BYTES].decode("utf-8", "replace")


def mount(web_app: web.Application, app: App) -> Webhook:
    if not app.settings.telegram_webhook_secret:
        log.warning("TELEGRAM_WEBHOOK_SECRET is not set: %s refuses every request", PATH)
    webhook = Webhook(app)
    web_app.router.add_post(PATH, webhook.receive)
    web_app.on_startup.append(webhook.start)
    web_app.on_cleanup.append(webhook.stop)
    return webhook
