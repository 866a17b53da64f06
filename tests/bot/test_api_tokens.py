"""`token new|revoke` in chat: admins make and revoke API tokens; only a hash is kept."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from bot.bootstrap import App
from handlers.tokens import digest
from storage.models import ApiToken, InboundMessage, Member
from tests.conftest import Chat


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(chat: Chat, app: App) -> None:
    made = chat("token new webshop write")
    token = made["data"]["token"]
    assert token in made["text"]
    with app.db.read_session() as session:
        row = session.scalars(select(ApiToken)).one()
        journal = [str(m.reply) for m in session.scalars(select(InboundMessage))]
    assert (row.name, row.scope, row.token_hash) == ("webshop", "write", digest(token))
    assert token not in repr([row.name, row.key, row.token_hash])
    assert not any(token in answer for answer in journal)
    assert any("[secret]" in answer for answer in journal)


def test_tokens_are_listed_with_their_scope_and_a_name_is_taken_once(chat: Chat) -> None:
    chat("token new webshop write")
    chat("token new reports")
    assert chat("token new webshop read")["ok"] is False
    assert chat("token")["data"]["tokens"] == [
        {"name": "reports", "scope": "read"},
        {"name": "webshop", "scope": "write"},
    ]


def test_revoking_an_unknown_token_is_refused(chat: Chat) -> None:
    refused = chat("token revoke nothing")
    assert refused["ok"] is False
    assert "nothing" in refused["text"]


def test_only_an_admin_may_make_a_token(chat: Chat, chat_as: Any, app: App) -> None:
    bernd = chat_as("bernd")
    bernd("members")
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "bernd").values(role="member"))
    refused = bernd("token new mine write")
    assert refused["ok"] is False
    assert "admin" in refused["text"]
    assert chat("token")["data"]["tokens"] == []


def test_german_words_make_a_read_token(chat: Chat) -> None:
    chat("sprache de")
    assert chat("schlüssel neu lager lesen")["data"]["scope"] == "read"
