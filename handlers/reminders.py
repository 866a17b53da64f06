"""What the reminder worker says, and the rules for when it says it.

Reminders, digests and escalations are Replies in the recipient's language and time zone,
with buttons that carry ordinary command lines (`done 12`, `snooze 12 +1d`, `show #4`), so a
press on any platform is handled like typed text. The worker (bot/worker) only claims, sends
and settles; every rule about content and timing lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy.orm import Session

from config import Settings
from handlers.i18n import N_, Translate, format_moment, translator
from handlers.money import Money, format_money
from handlers.reply import Button, Item, Reply, Section
from storage import deals, digests, followups, journal
from storage.models import Deal, Followup, Member

WEEKDAYS_OFF = (5, 6)
DIGEST_LIMIT = 25
PLAN_BATCH = 500


def _zone(member: Member) -> ZoneInfo:
    return ZoneInfo(member.timezone)


def _when(member: Member, moment: datetime) -> str:
    return format_moment(moment, member.language, _zone(member))


def _customer(followup: Followup) -> str:
    return followup.party.name if followup.party else ""


def _buttons(t: Translate, followup: Followup) -> list[Button]:
    buttons = [
        Button(t("Done"), f"done {followup.id}", "primary"),
        Button(t("Snooze 1 hour"), f"snooze {followup.id} +1h"),
        Button(t("Snooze 1 day"), f"snooze {followup.id} +1d"),
    ]
    if followup.party_id is not None:
        buttons.append(Button(t("Show customer"), f"show #{followup.party_id}"))
    return buttons


def is_late(followup: Followup, now: datetime, late_after: timedelta) -> bool:
    """A reminder sent well after its time (a worker was down) says so."""
    return now - followup.due_at > late_after


def reminder(followup: Followup, now: datetime, late_after: timedelta) -> Reply:
    """The direct message to the assignee when a follow-up falls due."""
    member = followup.assignee
    t = translator(member.language)
    late = is_late(followup, now, late_after)
    values = {"id": followup.id, "what": followup.text, "when": _when(member, followup.due_at)}
    if followup.party:
        template = (
            N_("Overdue since {when}: #{id} {customer}: {what}")
            if late
            else N_("Due now ({when}): #{id} {customer}: {what}")
        )
        values["customer"] = followup.party.name
    else:
        template = (
            N_("Overdue since {when}: #{id} {what}")
            if late
            else N_("Due now ({when}): #{id} {what}")
        )
    return Reply(
        title=t("Overdue follow-up") if late else t("Follow-up reminder"),
        text=t(template, **values),
        buttons=_buttons(t, followup),
        language=member.language,
        data={
            "followup_id": followup.id,
            "party_id": followup.party_id,
            "customer": _customer(followup),
            "due_at": followup.due_at.astimezone(_zone(member)).isoformat(),
            "overdue": late,
        },
    )


def digest(
    member: Member, items: Sequence[Followup], now: datetime, attention: Sequence[Deal] = ()
) -> Reply | None:
    """The morning list: overdue first, then the rest of today, then the member's deals past
    their close date or gone quiet; None when all are empty."""
    if not items and not attention:
        return None
    t = translator(member.language)
    late = [f for f in items if f.due_at < now]
    coming = [f for f in items if f.due_at >= now]
    sections = [
        Section(
            title,
            tuple(_digest_item(t, member, f) for f in group[:DIGEST_LIMIT]),
            max(0, len(group) - DIGEST_LIMIT),
        )
        for title, group in ((t("Overdue"), late), (t("Today"), coming))
        if group
    ]
    if attention:
        today = now.astimezone(_zone(member)).date()
        items_ = tuple(_deal_item(t, member, deal, today) for deal in attention[:DIGEST_LIMIT])
        more = max(0, len(attention) - DIGEST_LIMIT)
        sections.append(Section(t("Deals needing attention"), items_, more))
    return Reply(
        title=t("Your day"),
        text=t("Today: {today}, overdue: {overdue}.", today=len(coming), overdue=len(late)),
        sections=sections,
        language=member.language,
        data={
            "digest": [f.id for f in items],
            "overdue": len(late),
            "today": len(coming),
            "deals": [deal.id for deal in attention],
        },
    )


def _deal_item(t: Translate, member: Member, deal: Deal, today: date) -> Item:
    """A deal past its expected close, or quiet since it was last touched."""
    late = deal.close_on is not None and deal.close_on < today
    why = (
        t(
            "expected to close {day}",
            day=format_date(deal.close_on, "medium", locale=member.language),
        )
        if late and deal.close_on
        else t("quiet since {when}", when=_when(member, deal.touched_at))
    )
    money = format_money(Money(deal.value, deal.currency), member.language)
    text = f"#{deal.id} {deal.party.name}: {deal.title} \u00b7 {money} \u00b7 {why}"
    return Item(
        text, (Button(t("Won"), f"won {deal.id}", "primary"), Button(t("Lost"), f"lost {deal.id}"))
    )


def _digest_item(t: Translate, member: Member, followup: Followup) -> Item:
    customer = f" \u00b7 {followup.party.name}" if followup.party else ""
    text = f"#{followup.id} {_when(member, followup.due_at)}{customer}: {followup.text}"
    return Item(text, (Button(t("Done"), f"done {followup.id}", "primary"),))


def escalation(followup: Followup) -> Reply:
    """Told to the creator when the assignee let a follow-up lie too long."""
    creator = followup.creator
    t = translator(creator.language)
    buttons = (
        [Button(t("Show customer"), f"show #{followup.party_id}")] if followup.party_id else []
    )
    return Reply(
        title=t("Overdue follow-up"),
        text=t(
            "{who} has not done follow-up #{id} ({customer}), due {when}: {what}",
            who=followup.assignee.name,
            id=followup.id,
            customer=_customer(followup) or "-",
            when=_when(creator, followup.due_at),
            what=followup.text,
        ),
        buttons=buttons,
        language=creator.language,
        data={"followup_id": followup.id, "escalation": True},
    )


def working_deadline(start: datetime, hours: float, zone: ZoneInfo) -> datetime:
    """`start` plus `hours` counted on working days only (Saturday and Sunday do not count).

    Elapsed time is measured in UTC, so a daylight-saving change is an hour like any other.
    """
    moment = start.astimezone(zone)
    left = timedelta(hours=hours)
    while True:
        if moment.weekday() in WEEKDAYS_OFF:
            monday = moment.date() + timedelta(days=7 - moment.weekday())
            moment = datetime.combine(monday, time(0), tzinfo=zone)
            continue
        midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=zone)
        today = midnight.astimezone(UTC) - moment.astimezone(UTC)
        if today >= left:
            return (moment.astimezone(UTC) + left).astimezone(zone)
        left -= today
        moment = midnight


def digest_key(member: Member, now: datetime) -> str | None:
    """`digest:<member>:<local date>` when this member's digest is due now, else None."""
    local = now.astimezone(_zone(member))
    if local.weekday() in WEEKDAYS_OFF or not member.digest_enabled:
        return None
    if local.time() < time.fromisoformat(member.digest_time):
        return None
    return f"digest:{member.id}:{local.date().isoformat()}"


def plan_digests(session: Session, now: datetime, stale_days: int) -> int:
    """Queue today's digest for everyone whose time has come; returns how many were queued.

    Once per member and local day, however many workers run this (the dedup key), and even
    when nothing was due then (recorded as skipped, so 10:00's overdue items do not trigger
    a late digest).
    """
    due = {key: m for m in digests.digest_members(session) if (key := digest_key(m, now))}
    queued = 0
    for key in sorted(set(due) - digests.taken_keys(session, list(due))):
        member = due[key]
        local = now.astimezone(_zone(member))
        end_of_day = datetime.combine(
            local.date() + timedelta(days=1), time(0), tzinfo=_zone(member)
        )
        quiet_since = now - timedelta(days=stale_days)
        attention = deals.needing_attention(session, member.id, local.date(), quiet_since)
        items = followups.open_for_assignee(session, member.id, end_of_day)
        reply = digest(member, items, now, attention)
        if reply is None:
            digests.record_skipped(session, member.id, "digest", key, now)
            continue
        queued += journal.enqueue(
            session,
            member_id=member.id,
            kind="digest",
            payload=reply.to_dict(),
            not_before=now,
            dedup_key=key,
        )
    return queued


def plan_escalations(session: Session, now: datetime, settings: Settings) -> int:
    """Tell creators about follow-ups overdue for longer than the escalation time (counted
    in the assignee's working days); each follow-up at most once per due time."""
    hours = settings.overdue_escalation_hours
    queued = 0
    for followup in digests.escalation_candidates(
        session, now - timedelta(hours=hours), PLAN_BATCH
    ):
        deadline = working_deadline(followup.due_at, hours, _zone(followup.assignee))
        if deadline > now or not digests.mark_escalated(session, followup.id, now):
            continue
        if followup.creator_id == followup.assignee_id:
            continue
        queued += journal.enqueue(
            session,
            member_id=followup.creator_id,
            kind="escalation",
            payload=escalation(followup).to_dict(),
            not_before=now,
            dedup_key=f"escalate:{followup.id}:{followup.due_at:%Y%m%dT%H%M%S}",
        )
    return queued
