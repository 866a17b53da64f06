"""Answers to `response_url` and Web API calls over one kept-alive HTTP session per server.

Bolt's `respond()` and an AsyncWebClient without a session each open a new aiohttp session
(a new connection, its TLS handshake against real Slack) for every call and close it after:
under fifty people at once that is a good part of a serve process's CPU. The server opens
one session when it starts (`on_startup`), every request's `respond` and the app's Web API
client use it, and it is closed when the server stops. Without the server (Socket Mode)
Bolt's own behaviour stays.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack.client import shared_session


class SessionRespond(AsyncRespond):
    """Bolt's `respond()` for one request, posting over the shared session."""

    def __init__(self, response_url: str, session: aiohttp.ClientSession) -> None:
        super().__init__(response_url=response_url)
        self.session = session

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **fields: Any
    ) -> WebhookResponse:
        """The same fields as Bolt's respond(); those left None are not sent."""
        message = text if isinstance(text, dict) else {"text": text, **fields}
        client = AsyncWebhookClient(url=str(self.response_url), session=self.session)
        return await client.send_dict({k: v for k, v in message.items() if v is not None})


def share_one_session(web_app: web.Application, bolt: AsyncApp) -> None:
    """Open the session with the server, hand it to every request, close it at the end."""
    held: dict[str, aiohttp.ClientSession] = {}

    async def start(_app: web.Application) -> None:
        held["session"] = bolt.client.session = shared_session()

    async def stop(_app: web.Application) -> None:
        session = held.pop("session", None)
        if session is not None:
            bolt.client.session = None
            await session.close()

    async def respond_over_it(
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[Any]],  # Bolt passes middleware arguments by these names
    ) -> Any:
        session = held.get("session")
        if session is not None and context.response_url:
            context["respond"] = SessionRespond(context.response_url, session)
        return await next()

    bolt.use(respond_over_it)
    web_app.on_startup.append(start)
    web_app.on_cleanup.append(stop)
