"""What a worker holds and what it owes the database, kept current while it sends.

Each outcome is settled within SETTLE_INTERVAL of its send returning (many at once, in one
transaction), not after the whole batch: a worker killed mid-batch can only leave the
messages then in flight unsettled. Every claim held is renewed while the worker lives (a
heartbeat every quarter lease), so leases can be short and a killed worker's claims are
taken over within one lease.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from bot.worker.jobs import Job
from bot.worker.sending import Outcome
from bot.worker.settling import settle
from config import Settings
from storage import claims
from storage.claims import Claim
from storage.db import Database

log = logging.getLogger(__name__)

SETTLE_INTERVAL = 0.1


class Ledger:
    """The claims a worker holds (with their current lease token) and unsettled outcomes."""

    def __init__(self, db: Database, settings: Settings, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.lease = timedelta(seconds=settings.reminder_lease_seconds)
        self._held: dict[tuple[str, int], Claim] = {}
        self._owed: list[tuple[Job, Outcome]] = []
        self._lock = asyncio.Lock()
        self._renewed_at = clock()

    def hold(self, jobs: Iterable[Job]) -> None:
        for job in jobs:
            self._held[job.claim.key] = job.claim

    def current(self, claim: Claim) -> Claim | None:
        """The claim with its lease as renewed, or None once it is no longer ours."""
        return self._held.get(claim.key)

    def record(self, job: Job, outcome: Outcome) -> None:
        self._owed.append((job, outcome))

    async def flush(self) -> None:
        """Settle what is owed, and renew the leases when a quarter lease has passed."""
        async with self._lock:
            owed, self._owed = self._owed, []
            if owed:
                now_owed = [(self._current_job(job), outcome) for job, outcome in owed]
                for job, _ in owed:
                    self._held.pop(job.claim.key, None)
                await asyncio.to_thread(self._settle, now_owed)
            if self._held and self.clock() - self._renewed_at >= self.lease / 4:
                await self._renew()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Flush every SETTLE_INTERVAL while the block runs, and once more at its end."""
        task = asyncio.create_task(self._beat())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await self.flush()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(SETTLE_INTERVAL)
            try:
                await self.flush()
            except Exception:  # the database away for a moment: the next beat tries again
                log.exception("worker: settling or renewing failed")

    def _current_job(self, job: Job) -> Job:
        claim = self._held.get(job.claim.key, job.claim)
        return dataclasses.replace(job, claim=claim)

    def _settle(self, owed: list[tuple[Job, Outcome]]) -> None:
        with self.db.session() as session:
            settle(session, owed, self.clock(), self.settings)

    async def _renew(self) -> None:
        now = self.clock()
        held = list(self._held.values())
        renewed = await asyncio.to_thread(self._renew_in_db, held, now + self.lease)
        self._renewed_at = now
        for lost in {c.key for c in held} - {c.key for c in renewed}:
            self._held.pop(lost, None)  # taken by another worker, or snoozed meanwhile
        self._held.update((c.key, c) for c in renewed)

    def _renew_in_db(self, held: list[Claim], until: datetime) -> list[Claim]:
        with self.db.session() as session:
            return claims.renew(session, held, until)
