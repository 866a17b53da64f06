"""The Bolt app: built in a function, mounted on the shared aiohttp server or on Socket Mode.

Every HTTP request's signature and timestamp are verified on the raw bytes before Bolt
parses anything (a forged or stale one gets 401, an undecodable one 400, never a 500), and
Bolt verifies again; we never turn that off. Bolt's own logger is kept at WARNING: at INFO
it writes whole request bodies, which lets anyone forge log lines and fill the disk. `process_before_response=False` lets a
listener go on working after its `ack()` has answered Slack.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from bot.slack.bridge import Bridge
from bot.slack.client import web_client
from bot.slack.deal_modal import CALLBACK_ID as DEAL_CALLBACK_ID
from bot.slack.deal_modal import DealSubmission
from bot.slack.events import Events
from bot.slack.listeners import Listeners
from bot.slack.modals import CALLBACK_ID, OPEN_ACTION
from bot.slack.render import RUN_ACTION
from bot.slack.responding import share_one_session
from bot.slack.submit import LogSubmission

log = logging.getLogger(__name__)

SLASH_COMMAND = "/crm"
SAVE_SHORTCUT = "crm_save_message"
EVENTS_PATH = "/slack/events"
BOLT_KEY = web.AppKey("slack_bolt", AsyncApp)


def build_bolt_app(app: App, client: AsyncWebClient | None = None) -> AsyncApp:
    """A Bolt app with every listener of ours; nothing connects until a request comes."""
    client = client or web_client(app.settings)
    bolt_logger = logging.getLogger("slack_bolt")
    bolt_logger.setLevel(logging.WARNING)
    bolt = AsyncApp(
        client=client,
        signing_secret=app.settings.slack_signing_secret or "",
        process_before_response=False,
        logger=bolt_logger,
    )
    bridge = Bridge(app, client)
    listeners = Listeners(bridge)
    bolt.command(SLASH_COMMAND)(listeners.slash)
    bolt.action(re.compile(f"^{re.escape(RUN_ACTION)}:"))(listeners.press)
    bolt.action(OPEN_ACTION)(listeners.open_log_button)
    bolt.shortcut(SAVE_SHORTCUT)(listeners.save_message)
    bolt.view(CALLBACK_ID)(LogSubmission(bridge))
    bolt.view(DEAL_CALLBACK_ID)(DealSubmission(bridge))
    bolt.event("app_home_opened")(listeners.home_opened)
    events = Events(bridge)
    bolt.event("message", middleware=[events.journal])(events.converse)
    bolt.event("app_mention", middleware=[events.journal])(events.converse)
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
    share_one_session(web_app, bolt)
    verifier = SignatureVerifier(app.settings.slack_signing_secret or "")

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            log.warning("slack: refused a body that is not UTF-8 (%d bytes)", len(raw))
            return web.json_response({"error": "undecodable body"}, status=400)
        if not _signed(verifier, body, request):
            log.warning("slack: refused a request without a valid signature (%d bytes)", len(raw))
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            parsed = AsyncBoltRequest(body=body, query=request.query_string,
                                      headers=dict(request.headers))  # fmt: skip
        except (ValueError, TypeError, AttributeError, KeyError):
            log.warning("slack: refused a signed body that is not a Slack payload")
            return web.json_response({"error": "malformed body"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(parsed))

    web_app.router.add_post(EVENTS_PATH, events)


def _signed(verifier: SignatureVerifier, body: str, request: web.Request) -> bool:
    """Slack's signature over the raw body; a timestamp that is not a number is a forgery."""
    try:
        return verifier.is_valid(
            body,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
        )
    except ValueError:
        return False


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
