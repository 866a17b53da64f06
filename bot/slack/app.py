"""The Bolt app: built in a function, mounted on the shared aiohttp server or on Socket Mode.

Bolt verifies every HTTP request's signature and timestamp (a forged or stale one gets 401
before any listener runs); we never turn that off. `process_before_response=False` lets a
listener go on working after its `ack()` has answered Slack.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from bot.slack.bridge import Bridge
from bot.slack.client import web_client
from bot.slack.listeners import Listeners
from bot.slack.modals import CALLBACK_ID, OPEN_ACTION
from bot.slack.render import RUN_ACTION
from bot.slack.submit import LogSubmission

log = logging.getLogger(__name__)

SLASH_COMMAND = "/crm"
SAVE_SHORTCUT = "crm_save_message"
EVENTS_PATH = "/slack/events"
BOLT_KEY = web.AppKey("slack_bolt", AsyncApp)


def build_bolt_app(app: App, client: AsyncWebClient | None = None) -> AsyncApp:
    """A Bolt app with every listener of ours; nothing connects until a request comes."""
    client = client or web_client(app.settings)
    bolt = AsyncApp(
        client=client,
        signing_secret=app.settings.slack_signing_secret or "",
        process_before_response=False,
        logger=logging.getLogger("slack_bolt"),
    )
    bridge = Bridge(app, client)
    listeners = Listeners(bridge)
    bolt.command(SLASH_COMMAND)(listeners.slash)
    bolt.action(re.compile(f"^{re.escape(RUN_ACTION)}:"))(listeners.press)
    bolt.action(OPEN_ACTION)(listeners.open_log_button)
    bolt.shortcut(SAVE_SHORTCUT)(listeners.save_message)
    bolt.view(CALLBACK_ID)(LogSubmission(bridge))
    bolt.event("app_home_opened")(listeners.home_opened)
    bolt.event("message")(listeners.message)
    bolt.event("app_mention")(listeners.mention)
    bolt.error(_log_error)
    return bolt


async def _log_error(error: Exception, body: dict[str, Any]) -> None:
    """A failed listener is logged with what Slack sent; what a command wrote stays written."""
    log.error("slack listener failed for %s: %r", body.get("type") or body.get("command"), error,
              exc_info=error)  # fmt: skip


def mount(web_app: web.Application, app: App) -> None:
    """`POST /slack/events` on the shared server: slash commands, interactivity and events."""
    bolt = build_bolt_app(app)
    web_app[BOLT_KEY] = bolt

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    web_app.router.add_post(EVENTS_PATH, events)


def socket_mode_handler(app: App) -> AsyncSocketModeHandler:
    """Socket Mode for `crmbot run` (no public URL needed); it needs SLACK_APP_TOKEN."""
    if not app.settings.slack_app_token:
        raise ValueError("Socket Mode needs SLACK_APP_TOKEN (an xapp- token)")
    bolt = build_bolt_app(app)
    return AsyncSocketModeHandler(bolt, app.settings.slack_app_token, web_client=bolt.client)


async def start_socket_mode(app: App) -> AsyncSocketModeHandler:
    """Connect to Slack over Socket Mode and return the handler (`await handler.close_async()`)."""
    handler = socket_mode_handler(app)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    return handler
