"""Updates about earlier messages and about the bot itself: `edited_message` and
`my_chat_member`, shaped as the Bot API sends them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from storage.models import Activity, Identity, InboundMessage
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import (
    Phone,
    buttons,
    edited_update,
    member_update,
    message_update,
    post_update,
)

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]
GROUP = -1001


def activities(app: App) -> list[Activity]:
    with app.db.session() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def unreachable_at(app: App) -> object:
    with app.db.read_session() as session:
        return session.scalars(
            select(Identity.unreachable_at).where(Identity.platform == "telegram")
        ).one()


def post(server: RunningServer, api: FakeTelegramApi, update: dict[str, object]) -> list[object]:
    before = len(api.calls("sendMessage"))
    assert post_update(server.url, update) == 200
    return list(api.wait_for("sendMessage", before + 1)[before:])


def test_editing_a_logged_note_offers_a_correction_and_never_edits_it_silently(
    bob: Phone,
    anna: Console,
    server: RunningServer,
    telegram_api: FakeTelegramApi,
    telegram_app: App,
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    sent = message_update(bob.user, bob.chat_id, message_id=9001, text="Angebot bis Freitag")
    [offer] = post(server, telegram_api, sent)
    bob.press(offer, "Note")
    telegram_api.wait_for("editMessageText")
    [original] = activities(telegram_app)
    edit = edited_update(bob.user, bob.chat_id, 9001, "Angebot bis Montag")
    [question] = post(server, telegram_api, edit)
    assert f"logged as #{original.id} for Müller GmbH" in question.params["text"]
    assert [b["text"] for b in buttons(question)] == ["Log correction"]
    assert [a.text for a in activities(telegram_app)] == ["Angebot bis Freitag"]
    bob.press(question, "Log correction")
    edited = telegram_api.wait_for("editMessageText", 2)[-1]
    assert f"Correction of #{original.id}" in edited.params["text"]
    old, correction = activities(telegram_app)
    assert (old.text, old.corrects_id) == ("Angebot bis Freitag", None)
    assert (correction.text, correction.kind, correction.corrects_id) == (
        "Angebot bis Montag",
        "note",
        original.id,
    )
    assert correction.occurred_at == old.occurred_at


def test_editing_a_message_that_logged_nothing_runs_nothing(
    bob: Phone,
    anna: Console,
    server: RunningServer,
    telegram_api: FakeTelegramApi,
    telegram_app: App,
) -> None:
    anna.ask("add company Müller GmbH")
    sent = message_update(bob.user, bob.chat_id, message_id=9002, text="find müller")
    post(server, telegram_api, sent)
    edit = edited_update(bob.user, bob.chat_id, 9002, "delete Müller")
    [answer] = post(server, telegram_api, edit)
    assert "runs nothing" in answer.params["text"]
    assert "Müller GmbH" in anna.ask("show müller")


def test_a_member_who_blocks_the_bot_is_marked_unreachable_until_they_unblock_it(
    bob: Phone, server: RunningServer, telegram_app: App
) -> None:
    assert unreachable_at(telegram_app) is None
    assert post_update(server.url, member_update(bob.user, bob.chat_id, "member", "kicked")) == 200
    assert unreachable_at(telegram_app) is not None
    assert post_update(server.url, member_update(bob.user, bob.chat_id, "kicked", "member")) == 200
    assert unreachable_at(telegram_app) is None
    with telegram_app.db.read_session() as session:
        texts = session.scalars(
            select(InboundMessage.text).where(InboundMessage.text.like("my_chat_member%"))
        ).all()
    assert texts == [
        f"my_chat_member: member -> kicked in private {bob.chat_id}",
        f"my_chat_member: kicked -> member in private {bob.chat_id}",
    ]


def test_the_bot_removed_from_a_group_is_journalled_and_reaches_members_still(
    bob: Phone, server: RunningServer, telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    assert post_update(server.url, member_update(bob.user, GROUP, "member", "left")) == 200
    assert unreachable_at(telegram_app) is None
    with telegram_app.db.read_session() as session:
        statuses = session.execute(
            select(InboundMessage.status, InboundMessage.text).where(
                InboundMessage.text.like("my_chat_member%")
            )
        ).all()
    assert statuses == [("done", f"my_chat_member: member -> left in group {GROUP}")]
