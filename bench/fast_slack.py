"""A fast local fake of the Slack Web API for benchmarks, in processes of its own.

tests/fakes/slack_api.py (a ThreadingHTTPServer that records everything and can be told to
fail) tops out at a few hundred requests a second: fine for tests, but a benchmark of
thousands of messages would measure the fake. This one answers the calls the worker makes
(auth.test, conversations.open, chat.postMessage, and conversations.history with the
metadata of what that process was posted) from aiohttp servers in one or more
processes sharing one port (SO_REUSEPORT), so its CPU does not compete with the harness's.
Each process notes every chat.postMessage (channel, arrival time) and hands its notes back
when stopped; a shared counter tells the harness how many have arrived so far.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

Post = tuple[str, float]


class FastFakeSlack:
    """`with FastFakeSlack(processes=2) as slack:` point clients at `slack.api_url`; after
    the block, `slack.posts` holds every chat.postMessage as (channel, arrival time)."""

    def __init__(self, processes: int = 2) -> None:
        self.processes = processes
        self.posts: list[Post] = []
        self._context = multiprocessing.get_context("spawn")
        self._count: Synchronized[int] = self._context.Value("q", 0)
        self._stop = self._context.Event()
        self._notes = Path(tempfile.mkdtemp(prefix="fast-slack-"))
        self._port = 0
        self._children: list[multiprocessing.process.BaseProcess] = []

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/api/"

    @property
    def worker_env(self) -> dict[str, str]:
        """What a worker needs to send here."""
        return {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_API_URL": self.api_url}

    @property
    def posted(self) -> int:
        """How many chat.postMessage calls have arrived so far, in all processes."""
        return int(self._count.value)

    def __enter__(self) -> FastFakeSlack:
        with reserved_port() as port:
            self._port = port
            ready = [self._context.Event() for _ in range(self.processes)]
            self._children = [
                self._context.Process(
                    target=_serve,
                    args=(port, self._count, self._stop, ready[n], self._notes / f"{n}.json"),
                    daemon=True,
                )
                for n in range(self.processes)
            ]
            for child in self._children:
                child.start()
            for event in ready:
                if not event.wait(120):  # a spawned process imports slowly on a loaded machine
                    raise RuntimeError("fake Slack did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for child in self._children:
            child.join(30)
        for notes in sorted(self._notes.glob("*.json")):
            self.posts += [(c, t) for c, t in json.loads(notes.read_text())]
            notes.unlink()
        self._notes.rmdir()


@contextmanager
def reserved_port() -> Iterator[int]:
    """A free port, held with SO_REUSEPORT until the servers have bound it too."""
    with socket.socket() as held:
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def _serve(port: int, count: Synchronized[int], stop: Event, ready: Event, notes: Path) -> None:
    """One server process: serve until `stop`, then write its notes to `notes`."""
    posts: list[Post] = []
    asyncio.run(_run(port, count, stop, ready, posts))
    notes.write_text(json.dumps(posts))


async def _run(
    port: int, count: Synchronized[int], stop: Event, ready: Event, posts: list[Post]
) -> None:
    stamps: dict[str, list[dict[str, Any]]] = {}

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "chat.postMessage":
            args = await _args(request)
            posts.append((str(args.get("channel")), time.time()))
            if args.get("metadata"):
                stamps.setdefault(str(args.get("channel")), []).append(args["metadata"])
            with count.get_lock():
                count.value += 1
            body = {"ok": True, "channel": args.get("channel"), "ts": f"1.{len(posts):06d}"}
            return web.json_response(body)
        if method == "conversations.open":
            users = str((await _args(request)).get("users", ""))
            return web.json_response({"ok": True, "channel": {"id": _dm_channel(users)}})
        if method == "conversations.history":
            found = stamps.get(str((await _args(request)).get("channel")), [])
            messages = [{"type": "message", "ts": "1.0", "metadata": m} for m in found]
            return web.json_response({"ok": True, "messages": messages})
        if method == "auth.test":
            return web.json_response({"ok": True, "team_id": "T0000TEAM", "user_id": "UBOT0001"})
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/api/{method}", api)
    app.router.add_get("/api/{method}", api)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, reuse_port=True, backlog=1024).start()
    ready.set()
    while not stop.is_set():
        await asyncio.sleep(0.1)
    await runner.cleanup()


async def _args(request: web.Request) -> dict[str, Any]:
    """Arguments as slack_sdk sends them: in the query string, a form, or a JSON body."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    else:
        args.update(parse_qsl(await request.text()))
    return args


def _dm_channel(users: str) -> str:
    """Slack's answer: a direct-message channel of its own for each user."""
    return "D" + users if "," not in users else "G" + users.replace(",", "")
