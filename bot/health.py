"""`GET /healthz`, and telling a database outage apart from a bug.

A load balancer asks /healthz whether to send traffic here; the answer is only honest if
it asks the database, since without it the CRM can neither store nor answer anything.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from storage.db import Database

log = logging.getLogger(__name__)
HEALTH_TIMEOUT_SECONDS = 2.0


def database_unreachable(error: BaseException) -> bool:
    """Whether `error` says the database is out of reach (down, cut off, timed out, locked)
    rather than that our own code is wrong."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout | TimeoutError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


async def database_health(db: Database) -> web.Response:
    """200 `{"ok": true}` when `SELECT 1` answers within the timeout, else 503. The query
    runs in a thread: a hanging connection must not stall the event loop."""
    try:
        await asyncio.wait_for(asyncio.to_thread(db.ping), HEALTH_TIMEOUT_SECONDS)
    except Exception as problem:  # any failure to answer is "unreachable" to a balancer
        log.warning("healthz: database unreachable: %r", problem)
        return web.json_response({"ok": False, "database": "unreachable"}, status=503)
    return web.json_response({"ok": True, "database": "ok"})


def add_healthz(web_app: web.Application, db: Database) -> None:
    """Mount `GET /healthz` with the database check."""

    async def healthz(_request: web.Request) -> web.Response:
        return await database_health(db)

    web_app.router.add_get("/healthz", healthz)
