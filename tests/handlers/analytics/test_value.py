"""`value`, `abc` and the class on the card, against a book computed by hand.

Now is Mon 23 Nov 2026, 09:00 Berlin; twelve months reach back to 23 Nov 2025, 09:00.
Won in EUR within them (100,000 in all), ranked:

    Eins   50,000 (03-01)                        before  0 %  -> A
    Zwei   30,000 (05-01) + 5,000 by its contact before 50 %  -> A (crosses 80 %: still A)
    Drei    9,000 (02-01); 99,999 USD not counted before 85 %  -> B
    Vier    4,000 (2025-12-01)                   before 94 %  -> B (crosses 95 %: still B)
    Fünf    2,000 (10-01)                        before 98 %  -> C
    Sechs   nothing                                            -> C (no revenue)

Eins also won 20,000 on 2025-06-01 (outside the twelve months, in its 2025 revenue) and has
open deals of 10,000 at offer (50 %) and 2,000 at lead (10 %): 12,000, weighted 5,200.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from bot.bootstrap import App
from handlers.analytics import abc
from storage import activities, deals, members, parties
from tests.conftest import BERLIN, Chat, Clock


def berlin(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, tzinfo=BERLIN)


@pytest.fixture
def book(app: App, chat: Chat) -> dict[str, int]:
    names = ("Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs")
    ids = {name: chat(f"add company {name} AG")["data"]["id"] for name in names}
    ids["Zora"] = chat("add contact Zora Zwei company=Zwei AG")["data"]["id"]
    with app.db.session() as session:
        anna = members.by_name(session, "anna")[0].id
        party = {name: parties.get(session, i) for name, i in ids.items()}

        def deal(who: str, value: str, stage: str = "offer", currency: str = "EUR") -> deals.Deal:
            made = deals.add(
                session, anna, party=party[who], title="t", value=Decimal(value),
                currency=currency, owner_id=anna, stage=stage, now=berlin(2025, 1, 1),
            )  # fmt: skip
            session.flush()
            return made

        for who, value, at, currency in [
            ("Eins", "50000", berlin(2026, 3, 1), "EUR"), ("Eins", "20000", berlin(2025, 6, 1), "EUR"),
            ("Zwei", "30000", berlin(2026, 5, 1), "EUR"), ("Zora", "5000", berlin(2026, 6, 1), "EUR"),
            ("Drei", "9000", berlin(2026, 2, 1), "EUR"), ("Drei", "99999", berlin(2026, 2, 2), "USD"),
            ("Vier", "4000", berlin(2025, 12, 1), "EUR"), ("Fünf", "2000", berlin(2026, 10, 1), "EUR"),
        ]:  # fmt: skip
            deals.close_won(
                session, anna, deal(who, value, currency=currency), app.settings.stages, at
            )
        deal("Eins", "10000", "offer")
        deal("Eins", "2000", "lead")
        activities.add(session, anna, party["Eins"], "call", "x", berlin(2026, 11, 20))
    return ids


def test_value_shows_revenue_per_year_pipeline_and_last_contact(
    chat: Chat, book: dict[str, int]
) -> None:
    answer = chat("value Eins AG")
    assert answer["ok"], answer["text"]
    assert answer["data"]["won"] == {"2025": {"EUR": "20000.00"}, "2026": {"EUR": "50000.00"}}
    assert answer["data"]["open"] == {
        "count": 2,
        "total": {"EUR": "12000.00"},
        "weighted": {"EUR": "5200.00"},
    }
    assert answer["data"]["last_contact"] == "2026-11-20T08:00:00+00:00"
    assert answer["data"]["abc"] == "A"
    assert "Won in 2026: €50,000.00" in answer["text"]
    assert "Open pipeline: €12,000.00, weighted €5,200.00" in answer["text"]


def test_a_companys_value_includes_its_contacts_deals(chat: Chat, book: dict[str, int]) -> None:
    assert chat("kundenwert Zwei AG")["data"]["won"] == {"2026": {"EUR": "35000.00"}}


def test_abc_classes_by_twelve_months_revenue(chat: Chat, book: dict[str, int]) -> None:
    answer = chat("abc")
    classes = answer["data"]["classes"]
    assert {name: [c["name"] for c in group["customers"]] for name, group in classes.items()} == {
        "A": ["Eins AG", "Zwei AG"],
        "B": ["Drei AG", "Vier AG"],
        "C": ["Fünf AG"],
    }
    assert [(g["count"], g["revenue"]) for g in classes.values()] == [
        (2, "85000.00"),
        (2, "13000.00"),
        (1, "2000.00"),
    ]
    assert answer["data"]["total"] == "100000.00"
    assert "A: 2 customers, €85,000.00 (85%)" in answer["text"]


def test_the_card_shows_the_class(chat: Chat, book: dict[str, int]) -> None:
    assert "ABC class: A (€50,000.00 in 12 months)" in chat("show Eins AG")["text"]
    assert "ABC class: B (€4,000.00 in 12 months)" in chat("show Vier AG")["text"]
    assert "ABC class: C (no revenue in 12 months)" in chat("show Sechs AG")["text"]
    assert "ABC class" not in chat("show Zora Zwei")["text"]


def _ranked_by_the_worker(app: App, clock: Clock) -> None:
    """What the worker does every few minutes (bot/worker/loop.py)."""
    abc.rank_customers(app.db, clock.now, app.settings)


def _sechs_wins_60000(chat: Chat) -> None:
    won = chat(f"won {chat('deal Sechs AG 60000 EUR: big order')['data']['id']}")
    assert won["ok"], won["text"]


def test_the_card_places_the_customer_in_the_workers_ranking_and_says_when(
    app: App, chat: Chat, book: dict[str, int], clock: Clock
) -> None:
    _ranked_by_the_worker(app, clock)
    clock.now += timedelta(minutes=5)
    cards = {name: chat(f"value {name} AG")["data"]["abc"] for name in list(book)[:6]}
    assert cards == {"Eins": "A", "Zwei": "A", "Drei": "B", "Vier": "B", "Fünf": "C", "Sechs": "C"}
    text = chat("show Zwei AG")["text"]
    assert "ABC class: A (€35,000.00 in 12 months; customers ranked Mon 23 Nov 2026, 09:00)" in text
    assert "ABC class: C (no revenue in 12 months)" in chat("show Sechs AG")["text"]


def test_a_win_after_the_ranking_moves_the_customer_at_once(
    app: App, chat: Chat, book: dict[str, int], clock: Clock
) -> None:
    _ranked_by_the_worker(app, clock)
    _sechs_wins_60000(chat)
    assert chat("value Sechs AG")["data"]["abc"] == "A"
    assert "ABC class: A (€60,000.00 in 12 months; customers ranked" in chat("show Sechs")["text"]


def test_without_a_recent_ranking_the_card_ranks_everyone_itself(
    app: App, chat: Chat, book: dict[str, int], clock: Clock
) -> None:
    _ranked_by_the_worker(app, clock)
    _sechs_wins_60000(chat)
    clock.now += abc.TRUSTED_FOR + timedelta(minutes=1)
    assert "ABC class: A (€60,000.00 in 12 months)" in chat("show Sechs AG")["text"]
    assert chat("value Vier AG")["data"]["abc"] == "C"  # B in the old ranking: 96 % before it now


def test_abc_without_revenue_says_no_data(chat: Chat) -> None:
    answer = chat("abc")
    assert answer["data"] == {"empty": True}
    assert answer["text"] == "No data for the last 12 months."


def test_value_in_german(chat: Chat, book: dict[str, int]) -> None:
    chat("language de")
    text = chat("kundenwert Eins AG")["text"]
    assert "Gewonnen 2026: 50.000,00\u00a0€" in text
    assert "ABC-Klasse: A (50.000,00\u00a0€ in 12 Monaten)" in text
