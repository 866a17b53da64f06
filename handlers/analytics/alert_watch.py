"""The worker's side of alerts: each poll, every active rule looks at what happened since
shortly before, and each event it finds is queued once per member told.

"Once" holds across any number of workers because the message goes through the outbox
with a dedup key naming the rule, the event and the member (or the rule's chat): a second
worker's insert of the same key is refused by the database, and the outbox's own claims
send each row once. A rule's chat (`-> #sales`) hears it in the team's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session

from config import Settings
from handlers.analytics import abc
from handlers.analytics.alerts import SNOOZE_DAYS, condition
from handlers.analytics.numbers import money
from handlers.i18n import translator
from handlers.reply import Button, Reply
from storage import alerts, journal, members, values
from storage.alerts import Event
from storage.models import AlertRule

LOOK_BACK: Final = timedelta(days=2)
"""How far back each poll looks: events a stopped worker missed for up to this long still
go out when it is back."""


def plan_alerts(session: Session, now: datetime, settings: Settings) -> int:
    """Queue every new alert; returns how many messages were queued."""
    rules = alerts.every(session, active_only=True)
    if not rules:
        return 0
    quiet = alerts.snoozed(session, now)
    admins = alerts.admin_ids(session)
    queued = 0
    for rule in rules:
        for event in _events(session, rule, now, settings):
            if (rule.id, event.party_id) in quiet:
                continue
            if rule.target == "chat":
                queued += _queue_chat(session, rule, event, now, settings, admins)
                continue
            for member_id in _told(rule, event, admins):
                queued += _queue(session, rule, event, member_id, now, settings)
    return queued


def _events(session: Session, rule: AlertRule, now: datetime, settings: Settings) -> list[Event]:
    since = max(rule.created_at, now - LOOK_BACK)
    days = rule.days or 1
    if rule.event == "complaint":
        return alerts.complaints(session, since)
    if rule.event == "complaints":
        return alerts.repeated_complaints(session, since, now, rule.count or 1, days)
    if rule.event == "stuck":
        return alerts.stuck(session, since, now, days)
    if rule.event == "won" and rule.amount is not None:
        return alerts.won_over(session, since, rule.amount, settings.crm_currency)
    found = alerts.gone_quiet(session, since, now, days)
    if rule.abc is None or not found:
        return found
    revenue = values.won_by_customer(session, now - timedelta(days=365), settings.crm_currency)
    classes = abc.classes(revenue)
    return [event for event in found if classes.get(event.party_id) == rule.abc]


def _told(rule: AlertRule, event: Event, admins: list[int]) -> list[int]:
    if rule.target == "member" and rule.target_member_id is not None:
        return [rule.target_member_id]
    if rule.target == "admins":
        return admins
    return [event.owner_id] if event.owner_id is not None else admins


def _queue(
    session: Session, rule: AlertRule, event: Event, member_id: int, now: datetime,
    settings: Settings,
) -> int:  # fmt: skip
    told = members.get(session, member_id)
    if told is None or not told.active:
        return 0
    reply = _message(rule, event, told.language, settings)
    key = f"alert:{rule.id}:{event.key}:{member_id}"[:128]
    return int(
        journal.enqueue(
            session, member_id=member_id, kind="alert", payload=reply.to_dict(),
            not_before=now, dedup_key=key,
        )
    )  # fmt: skip


def _queue_chat(
    session: Session, rule: AlertRule, event: Event, now: datetime, settings: Settings,
    admins: list[int],
) -> int:  # fmt: skip
    """Into the rule's chat; the outbox row belongs to the rule's author (an admin)."""
    owner = rule.created_by_id or (admins[0] if admins else None)
    if owner is None or rule.target_chat is None:
        return 0
    reply = _message(rule, event, settings.crm_language, settings)
    key = f"alert:{rule.id}:{event.key}:chat"[:128]
    return int(
        journal.enqueue(
            session, member_id=owner, kind="alert", payload=reply.to_dict(), not_before=now,
            dedup_key=key, chat=rule.target_chat,
        )
    )  # fmt: skip


def _message(rule: AlertRule, event: Event, language: str, settings: Settings) -> Reply:
    t = translator(language)
    detail = event.detail
    if rule.event == "complaint":
        what = t("Complaint by {who}: {text}", who=detail["by"], text=detail["text"])
    elif rule.event == "complaints":
        what = t("{count} complaints in {days} days", count=detail["count"], days=detail["days"])
    elif rule.event == "quiet":
        what = t("No contact for {days} days", days=rule.days)
    elif rule.event == "stuck":
        what = t("Deal #{id} {title} has been in {stage} for {days} days",
                 id=detail["deal"], title=detail["title"], stage=detail["stage"], days=rule.days)  # fmt: skip
    else:
        value = money({settings.crm_currency: detail["value"]}, language, settings.crm_currency)
        what = t("Deal #{id} {title} won: {value}", id=detail["deal"], title=detail["title"], value=value)  # fmt: skip
    reply = Reply(
        text=t("Alert #{id} ({rule}): {name}", id=rule.id, rule=condition(rule), name=event.party_name)
        + "\n" + what,
        buttons=[
            Button(t("Show"), f"show #{event.party_id}"),
            Button(t("Snooze {days} days", days=SNOOZE_DAYS), f"alert snooze {rule.id} #{event.party_id}"),
        ],
        data={"alert": rule.id, "event": event.key, "customer": event.party_id},
    )  # fmt: skip
    reply.language = language
    return reply
