"""`GET /calendar/<secret>.ics` on `crmbot serve`: a member's follow-ups for their calendar app.

Mount with `mount(web_app, app)`. An unknown secret gets the same bare 404 as any unknown
path, so a guesser learns nothing; the lookup runs in a worker thread (a database read).

A secret has 256 bits, so guessing is hopeless, but a guesser still costs database reads:
each client address may miss MISSES_ALLOWED times in a moving minute (the `limits`
library's moving window, in this process's memory), after which every request of that
address gets 429 until the window has moved on. The address is the last hop of
X-Forwarded-For when a proxy (the platform's router) sets it, else the peer's.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from bot.bootstrap import App
from handlers.calendar import feed

MAX_SECRET_CHARS = 100
MISSES_ALLOWED = 10


def mount(web_app: web.Application, app: App, misses_allowed: int = MISSES_ALLOWED) -> None:
    limiter = MovingWindowRateLimiter(MemoryStorage())
    misses = RateLimitItemPerMinute(misses_allowed)

    async def calendar(request: web.Request) -> web.Response:
        address = client_address(request)
        if not limiter.test(misses, "calendar", address):
            raise web.HTTPTooManyRequests(headers={"Retry-After": "60"})
        secret = request.match_info["secret"]
        body = (
            await asyncio.to_thread(_read, app, secret) if len(secret) <= MAX_SECRET_CHARS else None
        )
        if body is None:
            limiter.hit(misses, "calendar", address)
            raise web.HTTPNotFound()
        return web.Response(
            body=body,
            content_type="text/calendar",
            charset="utf-8",
            headers={"Cache-Control": "private, max-age=300"},
        )

    web_app.router.add_get("/calendar/{secret}.ics", calendar)


def client_address(request: web.Request) -> str:
    forwarded = request.headers.get("X-Forwarded-For", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.remote or "unknown"


def _read(app: App, secret: str) -> bytes | None:
    with app.db.read_session() as session:
        return feed(session, secret, app.crm.clock())
