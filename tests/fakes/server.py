"""`crmbot serve`'s web app on 127.0.0.1 and a free port, in its own thread and event loop,
so a test talks to it over real HTTP as Slack and Telegram do."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from bot.bootstrap import App
from bot.server import build_web_app


class RunningServer:
    """Use as a context manager; `url` is the server's base address once entered."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None
        self.url = ""

    def __enter__(self) -> RunningServer:
        self.thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(20)
        return self

    async def _start(self) -> str:
        self.runner = web.AppRunner(build_web_app(self.app))
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        port = self.runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    async def _stop(self) -> None:
        """Let work that runs after an answer finish (briefly), then close the server."""
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if others:
            await asyncio.wait(others, timeout=5)
        if self.runner is not None:
            await self.runner.cleanup()

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
