"""The tests' fake Telegram Bot API (tests/fakes/telegram_api.py) in a process of its own,
for benchmarks: its threads then do not compete with the harness's for one GIL.

Every sendMessage is noted as it arrives (chat id, arrival time), one line each, in a file
the harness reads while the run goes on: how many arrived so far, and which chats they went
to (to find the sends still in flight when a worker is killed).
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from bench.fast_slack import Post
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import TOKEN


class LoggingTelegramApi(FakeTelegramApi):
    """The fake, noting each sendMessage in `notes` before it is answered."""

    def __init__(self, token: str, notes: Path) -> None:
        super().__init__(token)
        self.notes = notes.open("a", buffering=1)

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "sendMessage":
            with self.lock:
                self.notes.write(f"{params['chat_id']} {time.time()}\n")
        return super().answer(method, params)


class FakeTelegramProcess:
    """`with FakeTelegramProcess() as telegram:` point workers at `telegram.worker_env`;
    `telegram.posts` is every sendMessage so far as (chat id, arrival time)."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self._notes = Path(tempfile.mkdtemp(prefix="fake-telegram-")) / "sends.log"
        self._notes.touch()
        self._child: multiprocessing.process.BaseProcess | None = None
        self.base_url = ""

    @property
    def worker_env(self) -> dict[str, str]:
        return {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": self.base_url}

    @property
    def posts(self) -> list[Post]:
        lines = self._notes.read_text().split("\n")[:-1]  # a line still being written: not yet
        return [(chat, float(t)) for chat, t in (line.split() for line in lines)]

    @property
    def posted(self) -> int:
        """How many chats got a message so far (a duplicate is not counted twice)."""
        return len({chat for chat, _ in self.posts})

    def __enter__(self) -> FakeTelegramProcess:
        receive, send = self._context.Pipe(duplex=False)
        self._child = self._context.Process(
            target=_serve, args=(self._notes, self._stop, send), daemon=True
        )
        self._child.start()
        if not receive.poll(30):
            raise RuntimeError("fake Telegram did not start")
        self.base_url = str(receive.recv())
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._child is not None:
            self._child.join(30)


def _serve(notes: Path, stop: Event, started: Any) -> None:
    api = LoggingTelegramApi(TOKEN, notes)
    api.start()
    started.send(api.base_url)
    stop.wait()
    api.stop()
