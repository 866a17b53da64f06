"""deals, pipeline and forecast through the console, against a book worked out by hand.

"Now" is Mon 23 Nov 2026, 09:00 Berlin. Stage percents: lead 10, qualified 25, offer 50,
negotiation 75. At 10:00 a call with Schmidt touches its deals C and D.

    deal  customer  value          stage        own %  close
    A     Müller    10,000.00 EUR  lead                2026-11-30
    B     Müller    20,000.00 EUR  offer               2026-12-15
    C     Schmidt    8,000.00 EUR  offer        90     2027-01-20
    D     Schmidt    5,000.50 EUR  negotiation         2026-11-27
    E     Müller     3,000.00 USD  qualified           2026-12-01
    F     Müller     7,000.00 EUR  negotiation         (none)
    W     Müller    12,345.67 EUR  won today (Nov)
    L     Schmidt   50,000.00 EUR  lost
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from handlers import reminders
from storage.models import OutboxMessage
from tests.conftest import Chat, Clock


@pytest.fixture
def book(chat: Chat, clock: Clock) -> dict[str, int]:
    chat("add company Müller GmbH")
    chat("add company Schmidt AG")
    lines = {
        "A": "deal Müller 10.000 € close=2026-11-30: A",
        "B": "deal Müller 20k stage=offer close=2026-12-15: B",
        "C": "deal Schmidt 8.000 EUR stage=offer probability=90 close=2027-01-20: C",
        "D": "deal Schmidt 5.000,50 € stage=verhandlung close=2026-11-27: D",
        "E": "deal Müller $3,000 stage=qualified close=2026-12-01: E",
        "F": "deal Müller 7000 stage=negotiation: F",
        "W": "deal Müller 12.345,67 € close=2026-12-31: W",
        "L": "deal Schmidt 50k: L",
    }
    ids = {}
    for name, line in lines.items():
        answer = chat(line)
        assert answer["ok"], answer["text"]
        ids[name] = answer["data"]["id"]
    assert chat(f"won {ids['W']}")["ok"]
    assert chat(f"lost {ids['L']}: Preis")["ok"]
    clock.now += timedelta(hours=1)
    assert chat("log call Schmidt: status")["ok"]
    return ids


def test_deals_lists_open_deals_largest_first_with_sums_per_currency(
    chat: Chat, book: dict[str, int]
) -> None:
    answer = chat("chancen")
    assert [d["title"] for d in answer["data"]["deals"]] == ["B", "A", "C", "F", "D", "E"]
    assert answer["data"]["totals"] == [
        {
            "currency": "EUR",
            "count": 5,
            "total": "50000.50",
        },  # 20,000 + 10,000 + 8,000 + 7,000 + 5,000.50
        {"currency": "USD", "count": 1, "total": "3000.00"},
    ]
    assert "6 open deals: €50,000.50, $3,000.00" in answer["text"]


def test_deals_by_customer_stage_and_owner(chat: Chat, book: dict[str, int]) -> None:
    assert [d["title"] for d in chat("deals Schmidt")["data"]["deals"]] == ["C", "D"]
    assert [d["title"] for d in chat("deals stage=angebot")["data"]["deals"]] == ["B", "C"]
    assert len(chat("deals mine")["data"]["deals"]) == 6
    assert chat("deals @anna")["data"]["totals"][0]["total"] == "50000.50"


def test_pipeline_sums_weights_and_names_the_stalest_deal_of_each_stage(
    chat: Chat, book: dict[str, int]
) -> None:
    stages = chat("pipeline")["data"]["stages"]
    figures = [(s["stage"], s["currency"], s["count"], s["total"], s["weighted"]) for s in stages]
    assert figures == [
        ("lead", "EUR", 1, "10000.00", "1000.00"),  # 10 % of 10,000
        ("qualified", "USD", 1, "3000.00", "750.00"),  # 25 % of 3,000
        ("offer", "EUR", 2, "28000.00", "17200.00"),  # 50 % of 20,000 + C's own 90 % of 8,000
        ("negotiation", "EUR", 2, "12000.50", "9000.38"),  # 75 % of 12,000.50 = 9,000.375
    ]
    stalest = {s["stage"]: s["stalest"]["title"] for s in stages}
    # C and D were touched by the call at 10:00, so the untouched B and F are the stalest.
    assert stalest == {"lead": "A", "qualified": "E", "offer": "B", "negotiation": "F"}


def test_forecast_by_month_weighted_best_case_committed_and_won_beside(
    chat: Chat, book: dict[str, int]
) -> None:
    answer = chat("forecast month")
    rows = {(r["period"], r["currency"]): r for r in answer["data"]["periods"]}
    figures = {
        key: (r["count"], r["weighted"], r["best_case"], r["committed"], r["won"])
        for key, r in rows.items()
    }
    assert figures == {
        # A 10 % of 10,000 + D 75 % of 5,000.50 = 1,000 + 3,750.375; D is committed; W won
        ("2026-11-01", "EUR"): (2, "4750.38", "15000.50", "5000.50", "12345.67"),
        ("2026-12-01", "EUR"): (1, "10000.00", "20000.00", "0.00", "0.00"),  # B
        ("2026-12-01", "USD"): (1, "750.00", "3000.00", "0.00", "0.00"),  # E
        ("2027-01-01", "EUR"): (1, "7200.00", "8000.00", "0.00", "0.00"),  # C at its own 90 %
        ("undated", "EUR"): (1, "5250.00", "7000.00", "7000.00", "0.00"),  # F
    }


def test_forecast_by_quarter_in_german_words(chat: Chat, book: dict[str, int]) -> None:
    answer = chat("prognose quartal")
    rows = {(r["period"], r["currency"]): r for r in answer["data"]["periods"]}
    q4 = rows["2026-10-01", "EUR"]
    # A + B + D: 1,000 + 10,000 + 3,750.375; best case 35,000.50; committed D only
    assert (q4["weighted"], q4["best_case"], q4["committed"], q4["won"]) == (
        "14750.38",
        "35000.50",
        "5000.50",
        "12345.67",
    )
    assert rows["2027-01-01", "EUR"]["best_case"] == "8000.00"
    assert "Q4 2026" in answer["text"]


def test_forecast_refuses_a_period_it_does_not_know(chat: Chat) -> None:
    answer = chat("forecast year")
    assert not answer["ok"] and "forecast [month|quarter]" in answer["text"]


def test_customer_card_shows_open_deals_and_won_revenue(chat: Chat, book: dict[str, int]) -> None:
    text = chat("show Müller")["text"]
    assert "Open deals:" in text and f"#{book['B']} Müller GmbH: B" in text
    assert "Won:\n  - €12,345.67" in text


def test_history_lists_stage_changes_with_who(chat: Chat, book: dict[str, int]) -> None:
    text = chat("history Schmidt")["text"]
    assert f"#{book['L']} L: lead \u2192 lost \u00b7 anna" in text
    assert f"#{book['D']} D: negotiation \u00b7 anna" in text


def test_digest_names_deals_past_their_close_date_and_deals_gone_quiet(
    chat: Chat, clock: Clock, app: App
) -> None:
    chat("add company Müller GmbH")
    chat("add company Schmidt AG")
    late = chat("deal Müller 5k close=2026-11-25: late")["data"]["id"]
    quiet = chat("deal Schmidt 7k close=2027-03-01: quiet")["data"]["id"]
    kept = chat("deal Müller 9k close=2027-03-01: kept")["data"]["id"]
    assert chat("digest on")["ok"]
    clock.now += timedelta(days=15)  # Tue 8 Dec: Schmidt quiet for 15 days, Müller touched below
    chat("log note Müller: still talking")
    with app.db.session() as session:
        assert reminders.plan_digests(session, clock.now, app.settings.crm_stale_days) == 1
    with app.db.session() as session:
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest")).one()
    assert message.payload["data"]["deals"] == [late, quiet]
    assert kept not in message.payload["data"]["deals"]
    (section,) = [s for s in message.payload["sections"] if s["title"] == "Deals needing attention"]
    assert "expected to close Nov 25, 2026" in section["items"][0]["text"]
    assert "quiet since" in section["items"][1]["text"]
