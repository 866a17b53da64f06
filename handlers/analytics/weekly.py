"""The weekly report: every Monday at 08:00 (team time zone) `report week` for the week
just ended, with its charts as pictures, into CRM_REPORT_CHANNEL.

It is read as the team sees it (the team's language and zone, no member's view) at the
last moment of that week, so "this week" is the whole of it and each chart's twelve weeks
end with it. Its messages go through the outbox keyed by the week (`weekly:2026-W47`), so
however many workers plan it, and however often, the database takes each message once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final

from sqlalchemy.orm import Session

from handlers.analytics.chart import ChartArgs, chart
from handlers.analytics.periods import Period, first_day
from handlers.analytics.report import ReportArgs, report
from handlers.context import Context
from handlers.service import Crm
from storage import alerts, digests, journal
from storage.models import Member

CHARTS: Final = ("contacts", "won_value")
SEND_AT: Final = time(8, 0)
"""Monday's hour it goes out; until the end of that Monday a worker that was down sends it
when it starts."""
SPACING: Final = timedelta(seconds=1)
"""The charts follow the report, a second apart, so they arrive after it."""


def due_week(now: datetime, crm: Crm) -> date | None:
    """The Monday that began last week, when this week's report is due now (on a Monday
    from 08:00 team time until midnight); else None."""
    local = now.astimezone(crm.settings.timezone)
    if local.weekday() != 0 or local.time() < SEND_AT:
        return None
    return first_day("week", local.date()) - timedelta(days=7)


def plan_weekly_report(crm: Crm, now: datetime) -> int:
    """Queue last week's report and charts for the report channel once; returns how many
    messages this call queued (0 when none is due, none is configured, or another worker
    queued them first)."""
    target, week = crm.settings.report_channel, due_week(now, crm)
    if target is None or week is None:
        return 0
    year, number, _ = week.isocalendar()
    key = f"weekly:{year}-W{number:02d}"
    with crm.db.read_session() as session:  # the figures, read without the write lock
        admins = alerts.admin_ids(session)
        if not admins or digests.taken_keys(session, [key]):
            return 0
        ctx = _team_context(crm, session, week)
        charts = [chart(ChartArgs(kpi, Period("week")), ctx) for kpi in CHARTS]
        shown = [report(ReportArgs(Period("week")), ctx)]  # an empty week says so
        shown += [reply for reply in charts if reply.image is not None]
        payloads = [reply.to_dict(with_image=True) for reply in shown]
    queued = 0
    with crm.db.session() as session:
        for n, payload in enumerate(payloads):
            taken = journal.enqueue(
                session, member_id=admins[0], kind="report", chat=str(target), payload=payload,
                not_before=now + n * SPACING, dedup_key=key if n == 0 else f"{key}:{n}",
            )  # fmt: skip
            if not taken:  # another worker queued this week's first
                break
            queued += 1
    return queued


def _team_context(crm: Crm, session: Session, week: date) -> Context:
    """The team's view at the last moment of the week starting `week` (never stored)."""
    settings = crm.settings
    zone = settings.timezone
    end = datetime.combine(week + timedelta(days=7), time(0), zone) - timedelta(microseconds=1)
    team = Member(name="team", role="admin", language=settings.crm_language,
                  timezone=settings.crm_timezone)  # fmt: skip
    return Context(
        session=session,
        member=team,
        settings=settings,
        names=crm.names,
        now=end,
        registry=crm.registry,
    )
