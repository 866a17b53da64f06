"""Webhook deliveries sent: a signed POST each, with a timeout, retried with back-off.

This runs beside the chat sending, on its own schedule job and its own lock, so a slow or
dead receiving URL never holds back a reminder. A drain claims BATCH deliveries at a time
(storage.webhook_deliveries) and posts them CONCURRENCY at once, each cut off after
TIMEOUT_SECONDS: every claim is posted well inside its lease, so no other worker takes it
meanwhile, and each event reaches each URL once however many workers run. A batch is
settled in one transaction.

A 2xx answer settles a delivery. Any other status, a timeout or a connection error is
tried again after 10 s, 1 min, 5 min, 30 min, 2 h, 5 h, 8 h and 8 h (about 24 hours in
all); after that the delivery is marked failed, which `webhooks` shows. Delivered events are
forgotten after KEEP_SENT.

The receiver verifies a request with the webhook's secret:
`X-Crmbot-Signature` is `sha256=` and the hex HMAC-SHA256 of `X-Crmbot-Timestamp`, a dot
and the raw body.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import aiohttp

from storage import webhook_deliveries
from storage.db import Database
from storage.types import utcnow
from storage.webhook_deliveries import Outgoing

log = logging.getLogger(__name__)

BACKOFF_SECONDS: Final = (10, 60, 300, 1800, 7200, 18000, 28800, 28800)
"""The wait after each failed attempt; when it runs out the delivery has failed."""
TIMEOUT_SECONDS: Final = 10.0
BATCH: Final = 64
CONCURRENCY: Final = 16
LEASE_PER_TIMEOUT: Final = 2 + BATCH // CONCURRENCY
"""A claim's lease in timeouts: every post of a batch, and its settling, fit in it."""
KEEP_SENT: Final = timedelta(days=7)
"""How long a delivered event is kept (it holds personal data); pruned hourly."""
PRUNE_EVERY: Final = timedelta(hours=1)


@dataclass(frozen=True)
class Attempt:
    """How one POST went: `ok` for a 2xx; `result` says it for the webhook's list."""

    ok: bool
    result: str


def retry_at(attempts_before: int, now: datetime) -> datetime | None:
    """When to try again after a failed attempt, or None: give up."""
    if attempts_before >= len(BACKOFF_SECONDS):
        return None
    return now + timedelta(seconds=BACKOFF_SECONDS[attempts_before])


def body_of(outgoing: Outgoing) -> bytes:
    """The JSON the receiver gets: the event's id, type, moment, and the record."""
    envelope = {
        "id": outgoing.event_uid,
        "type": outgoing.event_type,
        "occurred_at": outgoing.occurred_at.isoformat(),
        "data": outgoing.data,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


class WebhookSender:
    """One worker's webhook sending; any number of workers may share a database."""

    def __init__(
        self, db: Database, clock: Callable[[], datetime] = utcnow, timeout: float = TIMEOUT_SECONDS
    ) -> None:
        self.db = db
        self.clock = clock
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self._stopping = False
        self._pruned_at: datetime | None = None

    async def drain(self) -> int:
        """Send everything due now; returns how many were delivered. A call while one
        runs returns at once: the running drain goes on until nothing is due."""
        if self._lock.locked():
            return 0
        delivered = 0
        async with self._lock:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            slots = asyncio.Semaphore(CONCURRENCY)
            async with aiohttp.ClientSession(timeout=timeout) as http:
                while not self._stopping:
                    batch = await asyncio.to_thread(self._claim)
                    if not batch:
                        break
                    attempts = await asyncio.gather(*(self._post(http, slots, o) for o in batch))
                    await asyncio.to_thread(self._settle, list(zip(batch, attempts, strict=True)))
                    delivered += sum(a.ok for a in attempts)
            await asyncio.to_thread(self._prune)
        return delivered

    async def stop(self) -> None:
        """Claim nothing more and wait for the posts in hand to be settled."""
        self._stopping = True
        async with self._lock:
            pass

    def _prune(self) -> None:
        now = self.clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        with self.db.session() as session:
            webhook_deliveries.prune(session, now - KEEP_SENT)
        self._pruned_at = now

    def _claim(self) -> list[Outgoing]:
        with self.db.session() as session:
            lease = timedelta(seconds=LEASE_PER_TIMEOUT * self.timeout)
            return webhook_deliveries.claim(session, self.clock(), lease, BATCH)

    async def _post(
        self, http: aiohttp.ClientSession, slots: asyncio.Semaphore, outgoing: Outgoing
    ) -> Attempt:
        async with slots:  # the timeout runs from the request, not from the wait for a slot
            return await self._attempt(http, outgoing)

    async def _attempt(self, http: aiohttp.ClientSession, outgoing: Outgoing) -> Attempt:
        body = body_of(outgoing)
        timestamp = str(int(self.clock().timestamp()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "crmbot-webhooks",
            "X-Crmbot-Event": outgoing.event_type,
            "X-Crmbot-Delivery": str(outgoing.claim.id),
            "X-Crmbot-Timestamp": timestamp,
            "X-Crmbot-Signature": signature(outgoing.secret, timestamp, body),
        }
        try:
            async with http.post(
                outgoing.url, data=body, headers=headers, allow_redirects=False
            ) as answer:
                return Attempt(200 <= answer.status < 300, f"HTTP {answer.status}")
        except TimeoutError:
            return Attempt(False, f"no answer within {self.timeout:g} s")
        except aiohttp.ClientError as problem:
            return Attempt(False, f"{type(problem).__name__}: {problem}")

    def _settle(self, attempts: list[tuple[Outgoing, Attempt]]) -> None:
        """All of one batch in one transaction: the sent in one statement, each failure
        with its own next try, and each webhook's latest result."""
        now = self.clock()
        with self.db.session() as session:
            webhook_deliveries.settle_sent(session, [o for o, a in attempts if a.ok], now)
            for outgoing, attempt in attempts:
                if attempt.ok:
                    continue
                log.warning(
                    "webhook %s to %s: %s", outgoing.event_type, outgoing.url, attempt.result
                )
                again = retry_at(outgoing.attempts, now)
                webhook_deliveries.settle_failed(session, outgoing, attempt.result, again)
            latest = {outgoing.webhook_id: attempt.result for outgoing, attempt in attempts}
            webhook_deliveries.note_results(session, latest, now)
