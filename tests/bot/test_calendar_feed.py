"""`GET /calendar/<secret>.ics`: a client address that keeps guessing secrets gets 429."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import App
from bot.calendar_feed import MISSES_ALLOWED, mount
from tests.conftest import Chat


def statuses(app: App, paths: list[str], forwarded_for: str | None = None) -> list[int]:
    async def fetch() -> list[int]:
        web_app = web.Application()
        mount(web_app, app)
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        async with TestClient(TestServer(web_app)) as client:
            answers = [await client.get(path, headers=headers) for path in paths]
            return [answer.status for answer in answers]

    return asyncio.run(fetch())


def test_a_guesser_gets_429_after_ten_misses_and_even_a_good_link_waits(
    app: App, chat: Chat
) -> None:
    good = chat("calendar")["data"]["url"].rsplit("/", 1)[1]
    guesses = [f"/calendar/guess{n}.ics" for n in range(MISSES_ALLOWED + 1)]
    answered = statuses(app, [f"/calendar/{good}", *guesses, f"/calendar/{good}"])
    assert answered == [200] + [404] * MISSES_ALLOWED + [429, 429]


def test_good_links_do_not_count_as_misses(app: App, chat: Chat) -> None:
    good = chat("calendar")["data"]["url"].rsplit("/", 1)[1]
    assert statuses(app, [f"/calendar/{good}"] * (MISSES_ALLOWED + 5)) == [200] * (
        MISSES_ALLOWED + 5
    )


def test_the_limit_is_per_client_behind_the_proxy(app: App) -> None:
    guesses = [f"/calendar/guess{n}.ics" for n in range(MISSES_ALLOWED + 1)]

    async def two_clients() -> tuple[int, int]:
        web_app = web.Application()
        mount(web_app, app)
        async with TestClient(TestServer(web_app)) as client:
            for path in guesses:
                await client.get(path, headers={"X-Forwarded-For": "10.0.0.1"})
            blocked = await client.get("/calendar/x.ics", headers={"X-Forwarded-For": "10.0.0.1"})
            other = await client.get("/calendar/x.ics", headers={"X-Forwarded-For": "10.0.0.2"})
            return blocked.status, other.status

    assert asyncio.run(two_clients()) == (429, 404)
