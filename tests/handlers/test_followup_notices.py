"""Anyone may close or move a colleague's follow-up; the assignee hears who did it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Member, OutboxMessage
from tests.conftest import Chat


def told(app: App, name: str) -> list[str]:
    with app.db.read_session() as session:
        member = session.scalars(select(Member).where(Member.name == name)).one()
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.member_id == member.id, OutboxMessage.kind == "notice")
            .order_by(OutboxMessage.id)
        )
        return [row.payload["text"] for row in rows]


def test_closing_or_moving_a_colleagues_followup_tells_them_who_did_it(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    bernd = chat_as("bernd")
    bernd("help")
    chat("add company Müller GmbH")
    first = bernd("followup Müller morgen: call about the invoice")["data"]["id"]
    second = bernd("followup Müller morgen: send the quote")["data"]["id"]
    third = bernd("followup Müller morgen: visit")["data"]["id"]
    assert chat(f"snooze {first} +1d")["ok"]
    assert chat(f"done {first}")["ok"]
    assert chat(f"cancel {second}")["ok"]
    assert bernd(f"done {third}")["ok"]
    assert told(app, "bernd") == [
        f"anna moved your follow-up #{first}: call about the invoice",
        f"anna marked your follow-up #{first} done: call about the invoice",
        f"anna cancelled your follow-up #{second}: send the quote",
    ]


def test_reopening_a_colleagues_followup_tells_them_and_their_own_does_not(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    bernd = chat_as("bernd")
    chat("add company Müller GmbH")
    planned = bernd("followup Müller morgen: call back")["data"]["id"]
    bernd(f"done {planned}")
    assert chat(f"reopen {planned}")["ok"]
    mine = chat("followup Müller morgen: visit")["data"]["id"]
    chat(f"done {mine}")
    chat(f"reopen {mine}")
    assert told(app, "bernd") == [f"anna reopened your follow-up #{planned}: call back"]
    assert told(app, "anna") == []
