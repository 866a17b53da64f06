"""Building the python-telegram-bot Application, and what every bot does once at start.

Built in a function (never at import) from Settings, so tests point it at the local fake
through TELEGRAM_API_URL and no default can reach Telegram from a test.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeDefault
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from config import Settings
from handlers.i18n import translator
from handlers.registry import Registry

log = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.2
MENU_LANGUAGES = ("de", "en")

Request = Callable[..., Coroutine[Any, Any, Any]]
TelegramApplication = Application[Any, Any, Any, Any, Any, Any]


class PatientLimiter(AIORateLimiter):
    """Telegram's flood limits, plus retries: RetryAfter waits as long as Telegram asks
    (AIORateLimiter with max_retries), a network error waits with doubling back-off.

    A BadRequest is a NetworkError in python-telegram-bot but retrying it cannot help.
    """

    def __init__(self, attempts: int = ATTEMPTS, backoff: float = FIRST_BACKOFF_SECONDS) -> None:
        super().__init__(max_retries=attempts - 1)
        self.attempts = attempts
        self.backoff = backoff

    async def process_request(
        self,
        callback: Request,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        async def patient(*call_args: Any, **call_kwargs: Any) -> Any:
            for attempt in range(self.attempts):
                try:
                    return await callback(*call_args, **call_kwargs)
                except BadRequest:
                    raise
                except NetworkError as problem:
                    if attempt == self.attempts - 1:
                        raise
                    delay = self.backoff * 2**attempt
                    log.warning("telegram %s failed (%s); retry in %.1fs", endpoint, problem, delay)
                    await asyncio.sleep(delay)
            raise AssertionError("unreachable")

        return await super().process_request(patient, args, kwargs, endpoint, data, rate_limit_args)


def build_application(settings: Settings, *, polling: bool) -> TelegramApplication:
    """The Application for this bot; without polling it has no updater (webhook mode)."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = ApplicationBuilder().token(settings.telegram_bot_token).rate_limiter(PatientLimiter())
    if settings.telegram_api_url:
        builder = builder.base_url(settings.telegram_api_url)
        builder = builder.base_file_url(file_url(settings.telegram_api_url))
    if not polling:
        builder = builder.updater(None)
    return builder.build()


def file_url(api_url: str) -> str:
    """Where files are downloaded from: Telegram serves them beside its API, under
    /file/bot<token>/ where the API is /bot<token>/."""
    head, _, _ = api_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot"


def plain_bot(settings: Settings) -> Bot:
    """A Bot without retries, for senders whose caller decides when to retry.

    Its connection pool is as large as the worker's concurrency: the library's default of
    one connection would queue every concurrent reminder behind a single request.
    """
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    request = HTTPXRequest(
        connection_pool_size=max(1, settings.reminder_concurrency),
        pool_timeout=settings.reminder_send_timeout_seconds,
    )
    return Bot(
        settings.telegram_bot_token,
        base_url=settings.telegram_api_url or "https://api.telegram.org/bot",
        request=request,
    )


async def register_commands(bot: Bot, registry: Registry) -> None:
    """The command menu, in German and English (English also for everyone else)."""
    for language in MENU_LANGUAGES:
        t = translator(language)
        commands = [
            BotCommand(verb.name, t(verb.summary)[:256])
            for verb in registry.verbs
            if verb.menu and verb.name.isascii() and verb.name.isalnum()
        ]
        await bot.set_my_commands(commands, language_code=language)
        if language == "en":
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault())
