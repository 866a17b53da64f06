"""Outcomes written back: sent, handed back, retried later, or given up; and accounts that
failed for good marked unreachable, with the creator of the follow-up told.

All of one flush in one transaction (storage.db's session), so a crash settles all or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.worker.jobs import Job
from bot.worker.sending import Outcome
from config import Settings
from handlers.i18n import translator
from handlers.reply import Reply
from storage import claims, journal, recipients


def settle(
    session: Session, results: Sequence[tuple[Job, Outcome]], now: datetime, settings: Settings
) -> None:
    claims.settle_all_sent(session, [job.claim for job, o in results if o.sent], now)
    for job, outcome in results:
        for address in outcome.gone:
            if recipients.mark_unreachable(session, address.platform, address.external_id, now):
                _tell_creator(session, job, address.platform, now)
        if outcome.sent:
            continue
        if outcome.released:
            claims.release(session, job.claim, now + timedelta(seconds=outcome.retry_after or 0))
        elif outcome.retry_after is None or job.attempts + 1 >= settings.reminder_max_attempts:
            claims.settle_failed(session, job.claim, outcome.error)
        else:
            retry_at = now + timedelta(seconds=outcome.retry_after)
            claims.settle_retry(session, job.claim, retry_at, outcome.error)


def _tell_creator(session: Session, job: Job, platform: str, now: datetime) -> None:
    """The one who gave a member a follow-up learns that its reminders cannot reach them
    there; the next reminders go to the member's other platforms."""
    if job.creator is None or job.creator[0] == job.member_id:
        return
    creator_id, language = job.creator
    t = translator(language)
    text = t(
        "{name} cannot be reached on {platform} any more (the bot was blocked or the account "
        "is gone): reminders of your follow-ups for them will not arrive there.",
        name=job.member_name,
        platform=platform.capitalize(),
    )
    journal.enqueue(
        session,
        member_id=creator_id,
        kind="notice",
        payload=Reply(text=text, language=language).to_dict(),
        not_before=now,
        dedup_key=f"unreachable:{job.member_id}:{platform}:{creator_id}:{now.date()}",
    )
