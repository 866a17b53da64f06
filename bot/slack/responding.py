"""Answers to `response_url` over one kept-alive HTTP session per server.

Bolt's `respond()` opens a new aiohttp session (a new connection, against real Slack its
TLS handshake) for every answer and closes it after: 1.6 ms of CPU per answer against
0.55 ms over a kept-alive session, under fifty people at once. The server opens one
session when it starts (`on_startup`), and every request's `respond` posts over it.

A listener goes on working after its `ack()`, also after SIGTERM has stopped the server,
so the session is closed only once no answer is on its way over it; an answer that starts
later opens its own session, as Bolt's would. Without the server (Socket Mode) Bolt's own
behaviour stays.
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


class SharedSession:
    """The server's session, closed when the server stops and no answer is using it."""

    def __init__(self) -> None:
        self.session: aiohttp.ClientSession | None = None
        self.in_flight = 0
        self.stopping = False

    async def start(self, _app: web.Application) -> None:
        self.session = shared_session()

    async def stop(self, _app: web.Application) -> None:
        self.stopping = True
        await self._close_when_unused()

    async def post(self, url: str, message: dict[str, Any]) -> WebhookResponse:
        session = None if self.stopping else self.session  # None: a session of its own
        self.in_flight += 1
        try:
            return await AsyncWebhookClient(url=url, session=session).send_dict(message)
        finally:
            self.in_flight -= 1
            await self._close_when_unused()

    async def _close_when_unused(self) -> None:
        if self.stopping and self.in_flight == 0 and self.session is not None:
            session, self.session = self.session, None
            await session.close()


class SessionRespond(AsyncRespond):
    """Bolt's `respond()` for one request, posting over the shared session."""

    def __init__(self, response_url: str, shared: SharedSession) -> None:
        super().__init__(response_url=response_url)
        self.shared = shared

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **fields: Any
    ) -> WebhookResponse:
        """The same fields as Bolt's respond(); those left None are not sent."""
        message = text if isinstance(text, dict) else {"text": text, **fields}
        sent = {key: value for key, value in message.items() if value is not None}
        return await self.shared.post(str(self.response_url), sent)


def share_one_session(web_app: web.Application, bolt: AsyncApp) -> None:
    """Open the session with the server and hand it to every request's `respond`."""
    shared = SharedSession()

    async def respond_over_it(
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[Any]],  # Bolt passes middleware arguments by these names
    ) -> Any:
        if shared.session is not None and context.response_url:
            context["respond"] = SessionRespond(context.response_url, shared)
        return await next()

    bolt.use(respond_over_it)
    web_app.on_startup.append(shared.start)
    web_app.on_cleanup.append(shared.stop)
