"""The Slack Web API client, built one way for the app, the sender and Socket Mode."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from config import Settings

TIMEOUT_SECONDS = 10

log = logging.getLogger("bot.slack.web_api")


def web_client(settings: Settings, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """A client that retries a dropped connection and a 429 (after its Retry-After).

    slack_sdk retries connection errors only by default; rate limits are the common
    failure of a busy bot. `SLACK_API_URL` points it at a local fake in tests. Without a
    `session` slack_sdk opens (and closes) a new connection for every call; a long-lived
    caller passes one from `shared_session()` and closes it when done.
    """
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or AsyncWebClient.BASE_URL,
        timeout=TIMEOUT_SECONDS,
        session=session,
        logger=_quiet_unless_debugging(log),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=1),
        ],
    )


def shared_session() -> aiohttp.ClientSession:
    """A session whose connections are kept alive between calls; create it inside the event
    loop that uses it. The time limit is the one a client without a session sets per call."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))


def _quiet_unless_debugging(logger: logging.Logger) -> logging.Logger:
    """slack_sdk formats a debug line for every call when its logger's own level is unset
    (it checks `logger.level`, not the effective level): pin the level to the effective
    one, so the line is built only when debug logging is actually on."""
    if logger.level == logging.NOTSET:
        logger.setLevel(logger.getEffectiveLevel())
    return logger
