"""`report`: every figure against the hand-computed book in conftest.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select

from bot.bootstrap import App
from storage import deals
from storage.models import Party
from tests.conftest import Chat
from tests.handlers.analytics.conftest import Book, berlin


def test_month_report_figures_match_the_book(chat: Chat, book: Book) -> None:
    answer = chat("report month")
    assert answer["ok"], answer["text"]
    now, before = answer["data"]["figures"], answer["data"]["before"]
    assert now["contacts"] == 5 and before["contacts"] == 4
    assert now["by_kind"] == {"call": 3, "complaint": 1, "note": 1, "visit": 1}
    assert (now["new_customers"], now["new_prospects"]) == (2, 1)
    assert (before["new_customers"], before["new_prospects"]) == (2, 0)
    assert now["followups"] == {"on_time": 1, "late": 1, "open": 1}
    assert before["followups"] == {"on_time": 1, "late": 0, "open": 0}
    assert (now["complaints"], before["complaints"]) == (1, 2)
    assert now["won"] == {"count": 2, "value": {"EUR": "15000.00"}}
    assert now["lost"] == {"count": 1, "value": {"EUR": "5000.00"}}
    assert before["won"] == {"count": 1, "value": {"EUR": "500.00"}}
    assert abs(now["win_rate"] - 2 / 3) < 1e-9 and before["win_rate"] == 0.5
    assert now["average_won"] == {"EUR": "7500.00"}
    assert now["days_to_won"] == 90.0  # (71 + 109) / 2
    assert answer["data"]["pipeline"] == {
        "total": {"EUR": "14000.00"},
        "weighted": {"EUR": "3000.00"},
    }


def test_report_shows_changes_with_arrows_and_percent(chat: Chat, book: Book) -> None:
    text = chat("report month")["text"]
    assert "Report for November 2026" in text
    assert "Contacts: 5 ▲ 25%" in text  # 5 against 4
    assert "Complaints: 1 ▼ 50%" in text
    assert "Won value: €15,000.00 ▲ 2,900%" in text
    assert "Win rate: 67% ▲ 33%" in text  # 2/3 against 1/2


def test_team_table_has_one_row_per_member(chat: Chat, book: Book) -> None:
    team = {row["member"]: row for row in chat("report month")["data"]["team"]}
    assert team["anna"]["contacts"] == 3 and team["bob"]["contacts"] == 2
    assert team["anna"]["won"] == {"count": 1, "value": {"EUR": "12000.00"}}
    assert team["bob"]["followups"] == {"on_time": 0, "late": 0, "open": 1}


def test_report_for_one_member_counts_only_theirs(chat: Chat, book: Book) -> None:
    answer = chat("report month @bob")
    figures = answer["data"]["figures"]
    assert (figures["contacts"], figures["new_customers"], figures["new_prospects"]) == (2, 1, 1)
    assert figures["win_rate"] == 0.5 and figures["days_to_won"] == 109.0
    assert answer["data"]["pipeline"]["total"] == {"EUR": "4000.00"}
    assert "team" not in answer["data"]


def test_last_month_is_the_whole_of_october(chat: Chat, book: Book) -> None:
    answer = chat("bericht letzten monat")
    assert answer["data"]["period"] == {
        "start": "2026-10-01T00:00:00+02:00",
        "end": "2026-11-01T00:00:00+01:00",
    }
    assert answer["data"]["figures"]["contacts"] == 4


def test_empty_period_says_no_data(chat: Chat, book: Book) -> None:
    answer = chat("report week")
    assert answer["text"] == "No data for week 48 of 2026."
    assert answer["data"] == {"empty": True}


def test_report_in_german(chat_as: Callable[[str], Chat], book: Book) -> None:
    bob = chat_as("bob")
    bob("language de")
    text = bob("bericht monat")["text"]
    assert "Bericht für November 2026" in text
    assert "Kontakte: 5 ▲ 25\u00a0%" in text
    assert "Abschlusswert: 15.000,00\u00a0€ ▲ 2.900\u00a0%" in text


def test_unknown_period_offers_the_valid_ones(chat: Chat) -> None:
    answer = chat("report fortnight")
    assert not answer["ok"]
    assert answer["data"]["periods"] == ["week", "month", "quarter", "year"]
    assert "report quarter" in answer["text"]


def test_a_customer_won_again_is_not_new_again(app: App, chat: Chat, book: Book) -> None:
    """Alt KG's first win (11-18 09:00) makes it a new customer of November; a second deal
    won at that very moment and a third on 11-22 are wins, not new customers."""
    with app.db.session() as session:
        alt = session.scalars(select(Party).where(Party.name == "Alt KG")).one()
        for at in (berlin(11, 18), berlin(11, 22)):
            made = deals.add(
                session, book.bob, party=alt, title="t", value=Decimal("1000"), currency="EUR",
                owner_id=book.bob, stage="offer", now=berlin(8, 1),
            )  # fmt: skip
            session.flush()
            deals.close_won(session, book.bob, made, app.settings.stages, at)
    answer = chat("report month")
    figures, team = answer["data"]["figures"], {r["member"]: r for r in answer["data"]["team"]}
    assert figures["won"]["count"] == 4
    assert figures["new_customers"] == 2 and team["bob"]["new_customers"] == 1
    assert json.dumps(figures["new_customers"]) == "2"  # a count, not 2.0, in --json
    assert figures["days_to_won"] == 100.5  # (71 + 109 + 109 + 113) / 4
