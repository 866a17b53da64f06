"""The deliveries a drain has in hand, one task each, and a wake-up as any of them finishes.

The drain claims again as its holding drains (bot/worker/intake.py), so it must learn of
every finished delivery; `asyncio.wait` on a thousand tasks costs about a third of a
millisecond a call, once per message. A done-callback counts them instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterable
from typing import Any

from bot.worker.sending import Outcome


class Hand:
    """Tasks running deliveries; `sent` counts those that went out."""

    def __init__(self) -> None:
        self.sent = 0
        self._tasks: set[asyncio.Task[Outcome]] = set()
        self._failed: list[asyncio.Task[Outcome]] = []
        self._finished = 0
        self._wake = asyncio.Event()

    def __len__(self) -> int:
        return len(self._tasks)

    def start(self, deliveries: Iterable[Coroutine[Any, Any, Outcome]]) -> None:
        for delivery in deliveries:
            task = asyncio.create_task(delivery)
            self._tasks.add(task)
            task.add_done_callback(self._done)

    async def finished(self, timeout: float) -> int:
        """Wait until a delivery finishes, or `timeout`; how many finished since last asked.
        A delivery that raised raises here, as it would have if awaited."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()
        if self._failed:
            await self._failed.pop(0)
        count, self._finished = self._finished, 0
        return count

    async def all_finished(self) -> None:
        """Wait for every delivery still in hand (a drain's end, or a worker stopping)."""
        await asyncio.gather(*self._tasks, *self._failed)

    def _done(self, task: asyncio.Task[Outcome]) -> None:
        self._tasks.discard(task)
        self._finished += 1
        self._wake.set()
        if task.cancelled() or task.exception() is not None:
            self._failed.append(task)
        else:
            self.sent += task.result().sent
