"""How much a worker claims: no more than it can send within HORIZON_SECONDS.

A job claimed waits behind everything its worker already holds. A worker that held two
batches of 500 at its share of Telegram's 30 messages a second held half a minute of sends,
and took a killed worker's expired claims only after them: that takeover took 32 s. So the
worker measures how fast its jobs leave (sent, handed back or failed alike), holds at most
HORIZON_SECONDS of them, and claims again once half of that has gone, and at least every
RECLAIM_SECONDS while there is room. Claims take the oldest due first, expired leases
included, so a killed worker's messages go out about a lease plus RECLAIM_SECONDS plus
HORIZON_SECONDS after the kill, however much is queued. Where sends are fast (Slack) the
measured rate lifts the holding to the cap, and batches stay as large as before.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

HORIZON_SECONDS = 2.0
RECLAIM_SECONDS = 1.0
FIRST_CLAIM = 10
"""Held before any rate is known: a worker just started may be the next one killed."""
MIN_SPAN_SECONDS = 0.25
"""The shortest time a rate is measured over, so the first few quick sends do not claim
thousands."""


class Intake:
    """One drain's measure of its sending rate, and how many rows to claim now."""

    def __init__(self, most: int, batch: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.most = most
        self.batch = batch
        self.clock = clock
        self._started = clock()
        self._left: deque[float] = deque()
        self._claimed_at: float | None = None
        self._exhausted = False

    def left(self, count: int) -> None:
        """`count` held jobs have finished (sent or not) just now."""
        now = self.clock()
        self._left.extend(now for _ in range(count))

    def target(self) -> int:
        """The jobs to hold: what the recent rate sends in HORIZON_SECONDS, within
        FIRST_CLAIM and `most`."""
        now = self.clock()
        while self._left and self._left[0] <= now - HORIZON_SECONDS:
            self._left.popleft()
        span = max(MIN_SPAN_SECONDS, min(HORIZON_SECONDS, now - self._started))
        wanted = math.ceil(len(self._left) / span * HORIZON_SECONDS)
        return max(FIRST_CLAIM, min(self.most, wanted))

    def room(self, held: int) -> int:
        """How many rows to claim now while `held` jobs are in hand; 0 for not now.

        Claim at once when nothing is held, or when half the target has gone and the last
        claim found all it asked for; otherwise once RECLAIM_SECONDS have passed."""
        target = self.target()
        room = min(self.batch, target - held)
        if room <= 0:
            return 0
        if held == 0 or self._claimed_at is None:
            return room
        if self.clock() - self._claimed_at >= RECLAIM_SECONDS:
            return room
        return room if held <= target // 2 and not self._exhausted else 0

    def claimed(self, asked: int, got: int) -> None:
        """A claim asked for `asked` rows and got `got`: fewer means the queue is empty for
        now, and the next claim waits RECLAIM_SECONDS."""
        self._claimed_at = self.clock()
        self._exhausted = got < asked
