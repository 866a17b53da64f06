"""`Crm.run`: typed arguments from another system take the chat's path exactly."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update

from bot.bootstrap import App
from handlers.arguments import PartyRef
from handlers.cards import CustomerArgs
from handlers.customers import AddArgs
from handlers.tokens import TokenArgs
from storage.models import InboundMessage, Member, Party
from tests.conftest import Chat


def _member(chat: Chat, app: App, name: str) -> int:
    with app.db.read_session() as session:
        found = session.scalar(select(Member.id).where(Member.name == name))
    assert found is not None
    return found


def test_a_run_write_is_journalled_as_its_line_and_done(app: App, chat: Chat) -> None:
    chat("members")
    args = AddArgs("company", "Müller GmbH", {"city": "Köln"})
    reply = app.crm.run("add", args, _member(chat, app, "anna"), platform="api", write=True)
    assert reply.ok
    with app.db.read_session() as session:
        row = session.scalars(select(InboundMessage).where(InboundMessage.platform == "api")).one()
    assert (row.text, row.status) == ("add company Müller GmbH city=Köln", "done")


def test_a_refused_run_changes_nothing(app: App, chat: Chat) -> None:
    chat("members")
    args = AddArgs("contact", "Anna", {}, PartyRef.of(999))
    reply = app.crm.run("add", args, _member(chat, app, "anna"), platform="api", write=True)
    assert not reply.ok
    with app.db.read_session() as session:
        assert session.scalars(select(Party)).all() == []
        row = session.scalars(select(InboundMessage).where(InboundMessage.platform == "api")).one()
    assert row.status == "refused"


def test_a_run_read_answers_without_a_journal_row(app: App, chat: Chat) -> None:
    chat("add company Bau AG")
    args = CustomerArgs("show", PartyRef("Bau AG"))
    reply = app.crm.run("show", args, _member(chat, app, "anna"), platform="api", write=False)
    assert reply.data["name"] == "Bau AG"
    with app.db.read_session() as session:
        assert (
            session.scalars(select(InboundMessage).where(InboundMessage.platform == "api")).all()
            == []
        )


def test_an_admin_only_verb_is_refused_to_a_member_as_in_chat(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat("members")
    chat_as("bernd")("members")
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "bernd").values(role="member"))
    reply = app.crm.run(
        "token",
        TokenArgs("new", "x", "write"),
        _member(chat, app, "bernd"),
        platform="api",
        write=True,
    )
    assert not reply.ok
    assert "admin" in reply.text
