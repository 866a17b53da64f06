"""`calendar`: a private iCal link to a member's open follow-ups and deals' close days, and
the feed behind it."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from sqlalchemy import select

from bot.bootstrap import App
from bot.calendar_feed import mount
from handlers.calendar import feed
from storage.models import CalendarFeed
from tests.conftest import Chat


def secret_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def read_feed(app: App, secret: str) -> bytes | None:
    with app.db.read_session() as session:
        return feed(session, secret, app.crm.clock())


def test_the_feed_lists_open_followups_with_an_alarm_and_their_time_zone(
    app: App, chat: Chat
) -> None:
    chat("add company Müller GmbH")
    chat("followup Müller morgen 10 Uhr: send the quote")
    done = chat("followup Müller Freitag 14 Uhr: old")["data"]["id"]
    chat(f"done {done}")
    url = chat("calendar")["data"]["url"]
    body = read_feed(app, secret_of(url))
    assert body is not None
    parsed = Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Müller GmbH: send the quote"]
    start = events[0].decoded("dtstart")
    assert (start.hour, str(events[0]["dtstart"].params["TZID"])) == (10, "Europe/Berlin")
    assert [str(a["action"]) for a in events[0].walk("VALARM")] == ["DISPLAY"]
    assert [str(z["tzid"]) for z in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_only_a_hash_of_the_secret_is_stored(app: App, chat: Chat) -> None:
    secret = secret_of(chat("calendar")["data"]["url"])
    with app.db.read_session() as session:
        stored = session.scalars(select(CalendarFeed.secret_hash)).one()
    assert secret not in stored and len(stored) == 64


def test_reset_replaces_the_secret_and_the_old_link_stops_working(app: App, chat: Chat) -> None:
    old = secret_of(chat("calendar")["data"]["url"])
    again = chat("calendar")
    assert "url" not in again["data"] and "reset" in again["text"]
    new = secret_of(chat("calendar reset")["data"]["url"])
    assert new != old
    assert read_feed(app, old) is None and read_feed(app, new) is not None


def test_the_link_uses_the_public_url_setting(app: App, chat: Chat) -> None:
    app.settings.crm_public_url = "https://crm.example.com/"
    assert chat("kalender")["data"]["url"].startswith("https://crm.example.com/calendar/")


def test_an_unknown_secret_gets_a_bare_404(app: App, chat: Chat) -> None:
    good = secret_of(chat("calendar")["data"]["url"])

    async def fetch(path: str) -> tuple[int, str, Any]:
        web_app = web.Application()
        mount(web_app, app)
        async with TestClient(TestServer(web_app)) as client:
            answer = await client.get(path)
            return answer.status, await answer.text(), answer.content_type

    status, text, _ = asyncio.run(fetch("/calendar/not-a-secret.ics"))
    assert (status, "calendar" in text.lower()) == (404, False)
    status, text, kind = asyncio.run(fetch(f"/calendar/{good}.ics"))
    assert (status, kind) == (200, "text/calendar") and "BEGIN:VCALENDAR" in text


def test_open_deals_close_days_are_all_day_events_in_the_feed(
    app: App, chat: Chat, chat_as: Any
) -> None:
    chat("add company Müller GmbH")
    chat("deal Müller 12.000 € close=31.12.: Wartungsvertrag")
    chat("deal Müller 5k: no close day")
    lost = chat("deal Müller 3k close=15.12.: Schulung")["data"]["id"]
    chat(f"lost {lost}: Preis")
    chat_as("bob")("settings")
    chat("deal Müller 7k close=10.12. @bob: Bob's deal")
    parsed = Calendar.from_ical(read_feed(app, secret_of(chat("calendar")["data"]["url"])) or b"")
    [event] = parsed.walk("VEVENT")
    assert str(event["summary"]) == "Close: Müller GmbH: Wartungsvertrag (€12,000.00)"
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        date(2026, 12, 31),
        date(2027, 1, 1),
    )
    assert "TZID" not in event["dtstart"].params
