"""Sending one job: pacing per chat, trying its addresses, and judging the outcome.

Chat platforms allow about one message a second into one chat; a pacer per chat keeps to
that without slowing the messages bound for other chats. A send is judged only by the
sender's word: success, DeliveryError (transient, with Retry-After when the platform gave
one, or permanent), or any other exception (transient), so nothing is marked sent unless it
was sent.

A chat that must wait (Retry-After, or its pace) does not hold a sending slot: the message
goes back to the queue with `not_before` and the worker moves on to other chats. A message
whose earlier try may have gone out (its lease ran out, or an earlier try failed) is first
looked for on the platform, where the platform can say (Slack's message metadata).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.delivery import Address, DeliveryError, Sender
from bot.worker.jobs import Job
from storage.claims import Claim

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 900.0
# A chat whose next free slot is further off than this is handed back, not waited for.
DEFER_AFTER_SECONDS = 2.0


@dataclass(frozen=True)
class Outcome:
    """`sent`, or why not: `retry_after` seconds for a transient failure, else permanent;
    `released` when it is known not to have gone out and may go after `retry_after` (no
    attempt counted). `gone`: addresses the platform refused for good."""

    sent: bool
    error: str = ""
    retry_after: float | None = None
    released: bool = False
    gone: tuple[Address, ...] = ()

    @property
    def permanent(self) -> bool:
        return not self.sent and not self.released and self.retry_after is None


class LeaseRunningOut(Exception):
    """Too little of the claim's lease is left to send safely: another worker may take it
    any moment, and two sends would be a duplicate."""


class MustWait(Exception):
    """The chat cannot take a message for `seconds` (its pace, or the platform's
    Retry-After): hand the message back rather than hold a sending slot."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"chat busy for {seconds:.1f}s")
        self.seconds = seconds


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: 2, 4, 8, ... up to 15 min."""
    return float(min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** min(attempts, 20)))


class ChatPacer:
    """At most one message per `interval` seconds into each chat, in this process."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._next: dict[tuple[str, str], float] = {}

    def delay(self, address: Address) -> float:
        """Seconds until the chat's next free slot (nothing reserved)."""
        key = (address.platform, address.chat_id or address.external_id)
        return max(0.0, self._next.get(key, 0.0) - self.clock())

    async def wait(self, address: Address) -> None:
        key = (address.platform, address.chat_id or address.external_id)
        now = self.clock()
        slot = max(now, self._next.get(key, now))
        self._next[key] = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)

    def hold(self, address: Address, seconds: float) -> None:
        """The platform said Retry-After for this chat: nothing more into it before then."""
        key = (address.platform, address.chat_id or address.external_id)
        self._next[key] = max(self._next.get(key, 0.0), self.clock() + seconds)


class Deliverer:
    """Sends jobs through the platform senders, paced, with a time limit on each send.
    `lease_of` gives a claim's current lease (renewed by the worker's ledger)."""

    def __init__(
        self,
        senders: Mapping[str, Sender],
        pacer: ChatPacer,
        timeout: float,
        clock: Callable[[], datetime],
        lease_of: Callable[[Claim], Claim | None] = lambda claim: claim,
    ) -> None:
        self.senders = senders
        self.pacer = pacer
        self.timeout = timeout
        self.clock = clock
        self.lease_of = lease_of

    async def deliver(self, job: Job) -> Outcome:
        """Every address (notify all) or the first that works (notify first)."""
        if not job.addresses:
            return Outcome(False, "no chat account to send to")
        sent, errors, waits = False, [], []
        gone: list[Address] = []
        for address in job.addresses:
            try:
                error = await self._send_one(address, job)
            except LeaseRunningOut:
                return Outcome(True) if sent else Outcome(False, "lease ran out", released=True)
            except MustWait as busy:
                if sent:
                    return Outcome(True, gone=tuple(gone))
                return Outcome(False, str(busy), busy.seconds, released=True, gone=tuple(gone))
            if error is None:
                sent = True
                if not job.every_address:
                    break
                continue
            errors.append(f"{address.platform}: {error}")
            if error.permanent:
                gone.append(address)
            else:
                waits.append(error.retry_after or backoff(job.attempts))
        if sent:
            return Outcome(True, gone=tuple(gone))
        return Outcome(False, "; ".join(errors), max(waits) if waits else None, gone=tuple(gone))

    async def _send_one(self, address: Address, job: Job) -> DeliveryError | None:
        """One send; it starts only while the lease outlasts the send's time limit, so a
        slow batch is handed back instead of being sent twice. Waiting for the platform's
        budget comes first, outside that limit (see Sender.pace)."""
        if (busy := self.pacer.delay(address)) > DEFER_AFTER_SECONDS:
            raise MustWait(busy)
        await self.pacer.wait(address)
        sender = self.senders[address.platform]
        await sender.pace()
        claim = self.lease_of(job.claim)
        if claim is None or self.clock() + timedelta(seconds=self.timeout) > claim.lease_until:
            raise LeaseRunningOut
        try:
            if (job.claim.reclaimed or job.attempts) and await asyncio.wait_for(
                sender.already_sent(address, job.key), self.timeout
            ):
                log.info("%s was sent before its lease ran out: not sent again", job.key)
                return None
            await asyncio.wait_for(sender.send(address, job.reply, job.key), self.timeout)
        except DeliveryError as error:
            log.warning("send to %s failed (%s): %s", address.platform, job.claim, error)
            if error.retry_after:
                self.pacer.hold(address, error.retry_after)
                raise MustWait(error.retry_after) from error
            return error
        except Exception as error:  # any other failure may pass: try again later
            log.warning("send to %s failed (%s): %r", address.platform, job.claim, error)
            return DeliveryError(repr(error))
        return None
