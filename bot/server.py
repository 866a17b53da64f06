"""`crmbot serve`: one aiohttp server for Slack's and Telegram's webhooks and /healthz.

Each platform package mounts its own routes and start/stop hooks; this module only knows
that there are platforms, not what they say.
"""

from __future__ import annotations

from aiohttp import web

from bot.bootstrap import App


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.router.add_get("/healthz", healthz)
    if app.settings.slack_enabled:
        from bot.slack import mount as mount_slack

        mount_slack(web_app, app)
    if app.settings.telegram_enabled:
        from bot.telegram import mount as mount_telegram

        mount_telegram(web_app, app)
    return web_app


def serve(app: App) -> int:
    web.run_app(build_web_app(app), host="0.0.0.0", port=app.settings.port, print=None)
    return 0
