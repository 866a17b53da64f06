"""The team: invites, the member list, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.bootstrap import App
from bot.console import Console
from handlers.accounts import redeem_invite
from tests.conftest import Chat, Clock


def test_invite_makes_a_code_that_links_an_account_once(chat: Chat, app: App) -> None:
    answer = chat("invite Carla")
    code = answer["data"]["code"]
    assert code in answer["text"]
    member_id = redeem_invite(app.db, code, "telegram", "555", chat_id="555", now=app.crm.clock())
    assert member_id == answer["data"]["member_id"]
    assert redeem_invite(app.db, code, "telegram", "666", now=app.crm.clock()) is None
    team = chat("members")["text"]
    assert "Carla" in team and "telegram" in team


def test_invite_code_expires_after_a_week(chat: Chat, app: App, clock: Clock) -> None:
    code = chat("invite Carla")["data"]["code"]
    late = clock.now + timedelta(days=7, minutes=1)
    assert redeem_invite(app.db, code, "telegram", "555", now=late) is None


def test_only_admins_may_invite(chat: Chat, chat_as: Callable[[str], Chat], app: App) -> None:
    code = chat("invite Dora")["data"]["code"]
    redeem_invite(app.db, code, "telegram", "777", now=app.crm.clock())
    members = chat("members")["data"]["members"]
    assert {m["name"]: m["role"] for m in members}["Dora"] == "member"


def test_members_lists_roles(chat: Chat) -> None:
    team = chat("members")
    assert team["data"]["members"] == [
        {"id": team["data"]["members"][0]["id"], "name": "anna", "role": "admin"}
    ]


def test_invite_carries_a_deep_link_when_the_bot_is_named(chat: Chat, app: App) -> None:
    app.settings.telegram_bot_username = "acme_crm_bot"
    answer = chat("invite Carla")
    link = f"https://t.me/acme_crm_bot?start={answer['data']['code']}"
    assert answer["data"]["link"] == link
    assert link in answer["text"]


def test_the_team_is_counted_in_singular_and_plural(chat: Chat, app: App) -> None:
    assert chat("members")["text"].startswith("1 member\n")
    chat("language de")
    assert chat("mitglieder")["text"].startswith("1 Mitglied\n")
    Console(app, "bernd")
    assert chat("mitglieder")["text"].startswith("2 Mitglieder\n")
