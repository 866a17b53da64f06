"""The worker: APScheduler as the clock, the database as the truth.

Each tick plans digests, escalations and alerts into the outbox, then drains: claim what
can be sent in the next couple of seconds (one transaction; bot/worker/intake.py), send it
outside any transaction, claim again as it drains, and settle each message as its send
returns (bot/worker/ledger.py, many per transaction). Webhooks are drained by their own job
(bot/worker/webhooks.py), so a slow receiving URL never delays a reminder. Nothing lives
only in memory, so a restart or a killed worker changes nothing but timing: an unsettled
claim's lease (short, renewed while the worker lives) runs out and any worker takes it
again. A cron job queues the weekly
report on Mondays at 08:00 team time (handlers/analytics/weekly.py), and an interval job
ranks the customers for the cards' ABC class (handlers/analytics/abc.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.bootstrap import App
from bot.delivery import Sender
from bot.worker.hand import Hand
from bot.worker.intake import RECLAIM_SECONDS, Intake
from bot.worker.jobs import Job, claim_rows, jobs_for
from bot.worker.ledger import Ledger
from bot.worker.sending import ChatPacer, Deliverer, Outcome
from bot.worker.webhooks import WebhookSender
from handlers import reminders
from handlers.analytics import abc
from handlers.analytics.alert_watch import plan_alerts
from handlers.analytics.weekly import SEND_AT, plan_weekly_report
from storage import wakeups
from storage.types import utcnow

log = logging.getLogger(__name__)

POLL_JOB = "poll"
WEBHOOK_JOB = "webhooks"
NEXT_DUE_JOB = "next-due"
WEEKLY_JOB = "weekly-report"
RANK_JOB = "abc-ranking"


class Worker:
    """One worker process's reminder and outbox loop; any number may share a database."""

    def __init__(
        self,
        app: App,
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.app = app
        self.settings = app.settings
        self.senders = senders
        self.clock = clock
        self.ledger = Ledger(app.db, self.settings, clock)
        self.deliverer = Deliverer(
            senders,
            ChatPacer(self.settings.reminder_chat_interval_seconds),
            min(
                self.settings.reminder_send_timeout_seconds,
                self.settings.reminder_lease_seconds / 2,
            ),
            clock,
            self.ledger.current,
        )
        self.webhooks = WebhookSender(app.db, clock)
        self._limit = asyncio.Semaphore(self.settings.reminder_concurrency)
        self._lock = asyncio.Lock()
        self._again = False
        self._stopping = False
        self._started = time.monotonic()
        self._scheduler: AsyncIOScheduler | None = None

    async def tick(self) -> int:
        """Plan and send everything due now; returns how many messages went out.

        A tick that arrives while another runs only asks the running one to go round again,
        so ticks never overlap and none is lost.
        """
        self._again = True
        if self._lock.locked():
            return 0
        sent = 0
        async with self._lock:
            while self._again and not self._stopping:
                self._again = False
                await asyncio.to_thread(self._plan)
                sent += await self.drain()
            await self._wake_at_next_due()
        return sent

    async def weekly_report(self) -> int:
        """Queue the weekly report if it is due and not yet queued by any worker, then send
        what is due; returns how many of its messages this worker queued."""
        queued = await asyncio.to_thread(plan_weekly_report, self.app.crm, self.clock())
        if queued:
            await self.tick()
        return queued

    async def drain(self) -> int:
        """Claim, send and settle until nothing is due.

        Claims are sized by an Intake (bot/worker/intake.py): the worker holds only what it
        can send within a couple of seconds and claims again as that drains, so a killed
        worker's expired claims (the oldest due, so claimed first) never wait behind a long
        queue of this worker's own, and the connection to the chat platform never idles
        while the database works.
        """
        batch = self.settings.reminder_batch_size
        intake = Intake(most=2 * batch, batch=batch)
        hand = Hand()
        async with self.ledger.running():
            try:
                while not self._stopping:
                    if room := intake.room(len(hand)):
                        jobs = await asyncio.to_thread(self._claim, room)
                        intake.claimed(room, len(jobs))
                        self.ledger.hold(jobs)
                        hand.start(self._deliver(job) for job in jobs)
                    if not hand:
                        break  # nothing held and the claim just made found nothing
                    intake.left(await hand.finished(RECLAIM_SECONDS))
            finally:
                await hand.all_finished()
        return hand.sent

    async def _deliver(self, job: Job) -> Outcome:
        async with self._limit:
            outcome = await self.deliverer.deliver(job)
        self.ledger.record(job, outcome)
        return outcome

    def _plan(self) -> None:
        now = self.clock()
        with self.app.db.session() as session:
            reminders.plan_digests(session, now, self.settings.crm_stale_days)
        with self.app.db.session() as session:
            reminders.plan_escalations(session, now, self.settings)
        with self.app.db.session() as session:
            plan_alerts(session, now, self.settings)

    async def rank_customers(self) -> None:
        """Rank every customer for the cards (a read of every won deal, one row written)."""
        await asyncio.to_thread(abc.rank_customers, self.app.db, self.clock(), self.settings)

    def _new(self) -> bool:
        """Up for less than a lease: it may be crash-looping, so it takes a dead worker's
        claims only after the rest (see storage.claims)."""
        return time.monotonic() - self._started < self.settings.reminder_lease_seconds

    def _claim(self, limit: int) -> list[Job]:
        now = self.clock()
        with self.app.db.session() as session:
            claimed = claim_rows(
                session,
                now,
                lease=timedelta(seconds=self.settings.reminder_lease_seconds),
                limit=limit,
                expired_last=self._new(),
            )
        return jobs_for(
            claimed,
            now,
            late_after=timedelta(seconds=self.settings.reminder_late_seconds),
            platforms=self.senders.keys(),
        )

    async def _wake_at_next_due(self) -> None:
        """Besides the poll, a one-off wake-up at the next known due time (if sooner)."""
        if self._scheduler is None or self._stopping:
            return
        now = self.clock()
        due = await asyncio.to_thread(self._next_due, now)
        poll = timedelta(seconds=self.settings.reminder_poll_seconds)
        if due is None or due - now >= poll:
            return
        self._scheduler.add_job(
            self.tick,
            "date",
            run_date=datetime.now(UTC) + (due - now),
            id=NEXT_DUE_JOB,
            replace_existing=True,
            misfire_grace_time=None,
        )

    def _next_due(self, now: datetime) -> datetime | None:
        with self.app.db.session() as session:
            return wakeups.next_due(session, now)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick on the poll interval until `stop` is set, then finish the batch in hand."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.settings.reminder_poll_seconds,
            id=POLL_JOB,
            next_run_time=datetime.now(UTC),
            max_instances=3,  # an overlapping tick only asks the running one to go again
            coalesce=True,
            misfire_grace_time=None,
        )
        if self.settings.report_channel is not None:
            scheduler.add_job(
                self.weekly_report,
                CronTrigger(day_of_week="mon", hour=SEND_AT.hour, minute=SEND_AT.minute,
                            timezone=self.settings.timezone),
                id=WEEKLY_JOB,
                next_run_time=datetime.now(UTC),  # a worker down at 08:00 catches up on start
                coalesce=True,
                misfire_grace_time=None,
            )  # fmt: skip
        scheduler.add_job(
            self.webhooks.drain,
            "interval",
            seconds=self.settings.reminder_poll_seconds,
            id=WEBHOOK_JOB,
            next_run_time=datetime.now(UTC),
            max_instances=3,  # an overlapping drain returns at once
            coalesce=True,
            misfire_grace_time=None,
        )
        scheduler.add_job(
            self.rank_customers,
            "interval",
            seconds=abc.RANK_EVERY.total_seconds(),
            id=RANK_JOB,
            next_run_time=datetime.now(UTC),
            coalesce=True,
            misfire_grace_time=None,
        )
        self._scheduler = scheduler
        scheduler.start()
        log.info("worker started: polling every %ss", self.settings.reminder_poll_seconds)
        try:
            await stop.wait()
        finally:
            self._stopping = True
            scheduler.pause()
            await self.webhooks.stop()
            async with self._lock:
                scheduler.shutdown(wait=False)
                await self._close_senders()
                log.info("worker stopped")

    async def _close_senders(self) -> None:
        """Senders that hold connections (Telegram's Bot) are shut down with the worker."""
        for sender in self.senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                await close()
