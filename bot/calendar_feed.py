"""`GET /calendar/<secret>.ics` on `crmbot serve`: a member's follow-ups for their calendar app.

Mount with `mount(web_app, app)`. An unknown secret gets the same bare 404 as any unknown
path, so a guesser learns nothing; the lookup runs in a worker thread (a database read).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.bootstrap import App
from handlers.calendar import feed

MAX_SECRET_CHARS = 100


def mount(web_app: web.Application, app: App) -> None:
    async def calendar(request: web.Request) -> web.Response:
        secret = request.match_info["secret"]
        if len(secret) > MAX_SECRET_CHARS:
            raise web.HTTPNotFound()
        body = await asyncio.to_thread(_read, app, secret)
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=body,
            content_type="text/calendar",
            charset="utf-8",
            headers={"Cache-Control": "private, max-age=300"},
        )

    web_app.router.add_get("/calendar/{secret}.ics", calendar)


def _read(app: App, secret: str) -> bytes | None:
    with app.db.read_session() as session:
        return feed(session, secret, app.crm.clock())
