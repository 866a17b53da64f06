"""The Slack Web API client, built one way for the app, the sender and Socket Mode."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from config import Settings

TIMEOUT_SECONDS = 10


def web_client(settings: Settings) -> AsyncWebClient:
    """A client that retries a dropped connection and a 429 (after its Retry-After).

    slack_sdk retries connection errors only by default; rate limits are the common
    failure of a busy bot. `SLACK_API_URL` points it at a local fake in tests.
    """
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or AsyncWebClient.BASE_URL,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=1),
        ],
    )
