"""`calendar` (kalender): a member's private iCal link to their open follow-ups and the
expected close days of their open deals (all-day events).

The link carries a random secret; only its SHA-256 is stored (storage.calendars), so the
database cannot hand out working links, and the feed looks the hash up and compares it in
constant time. `calendar reset` makes a new secret and the old link stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from sqlalchemy.orm import Session

from handlers.arguments import BadArguments
from handlers.context import Context
from handlers.i18n import translator
from handlers.money import Money, format_money
from handlers.reply import Reply
from storage import calendars, followups, members
from storage.models import Deal, Member

EVENT_LENGTH = timedelta(minutes=15)
PRODUCT = "-//crmbot//follow-ups//EN"


def parse(text: str, ctx: Context) -> bool:
    """True for `calendar reset` (neu), False for `calendar`."""
    word = text.strip().lower()
    if word not in ("", "reset", "neu"):
        raise BadArguments()
    return bool(word)


def calendar(reset: bool, ctx: Context) -> Reply:
    t = ctx.t
    if calendars.feed_of(ctx.session, ctx.member.id) and not reset:
        return Reply(
            text=t(
                "You have a calendar link already. calendar reset makes a new one; the old "
                "one then stops working."
            )
        )
    secret = secrets.token_urlsafe(32)
    calendars.set_secret(ctx.session, ctx.member.id, digest(secret))
    base = (ctx.settings.crm_public_url or f"http://localhost:{ctx.settings.port}").rstrip("/")
    url = f"{base}/calendar/{secret}.ics"
    return Reply(
        text=t(
            "Your private calendar link (subscribe to it in your calendar app; keep it to "
            "yourself): {url}",
            url=url,
        ),
        data={"url": url},
    )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed(session: Session, secret: str, now: datetime) -> bytes | None:
    """The iCal text of the member whose secret this is; None for any unknown secret."""
    wanted = digest(secret)
    member_id = calendars.member_with(session, wanted)
    feed_row = calendars.feed_of(session, member_id) if member_id is not None else None
    if feed_row is None or not hmac.compare_digest(feed_row.secret_hash, wanted):
        return None
    member = members.get(session, feed_row.member_id)
    assert member is not None
    return _ical(session, member, now)


def _ical(session: Session, member: Member, now: datetime) -> bytes:
    member_id, zone = member.id, ZoneInfo(member.timezone)
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    for followup in followups.open_for_assignee(session, member_id):
        event = Event()
        event.add("uid", f"followup-{followup.id}@crmbot")
        event.add("dtstamp", now)
        event.add("dtstart", followup.due_at.astimezone(zone))
        event.add("duration", EVENT_LENGTH)
        party = f"{followup.party.name}: " if followup.party else ""
        event.add("summary", f"{party}{followup.text}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{party}{followup.text}")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    for deal in calendars.closing_deals(session, member_id):
        cal.add_component(_closing(deal, member.language, now))
    cal.add_missing_timezones()
    text: bytes = cal.to_ical()
    return text


def _closing(deal: Deal, language: str, now: datetime) -> Event:
    """A deal's expected close as an all-day event on that day (no time zone: a day is
    the same day in every calendar)."""
    assert deal.close_on is not None
    t = translator(language)
    value = format_money(Money(deal.value, deal.currency), language)
    event = Event()
    event.add("uid", f"deal-{deal.id}@crmbot")
    event.add("dtstamp", now)
    event.add("dtstart", deal.close_on)
    event.add("dtend", deal.close_on + timedelta(days=1))
    event.add("summary", t("Close: {customer}: {title} ({value})", customer=deal.party.name,
                           title=deal.title, value=value))  # fmt: skip
    event.add("transp", "TRANSPARENT")
    return event
