""" "Save to CRM" on messages as Slack really sends them: files, forwards, bare mentions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Member
from tests.bot.test_slack_commands import ask
from tests.bot.test_slack_modals import activities, filled, opened_view
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import (
    SlackInbound,
    forwarded,
    message_shortcut,
    slack_file,
    view_submission,
)

pytest_plugins = ["tests.bot.slack_fixtures"]
SAVE = "crm_save_message"


def initial_text(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == "text")
    return str(block["element"].get("initial_value", ""))


def save(slack: SlackInbound, text: str, **parts: Any) -> None:
    shortcut = message_shortcut(text, callback_id=SAVE, response_url=slack.response_url, **parts)
    assert slack.interact(shortcut).status == 200


def test_save_to_crm_keeps_the_files_of_the_message_as_links(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    offer, plan = slack_file("angebot.pdf", "F0OFFER"), slack_file("plan.png", "F0PLAN")
    save(slack, "Here is the signed offer", files=[offer, plan], upload=False)
    kept = initial_text(opened_view(slack_api))
    assert kept.startswith("Here is the signed offer")
    assert f"angebot.pdf {offer['permalink']}" in kept
    assert f"plan.png {plan['permalink']}" in kept
    slack.interact(view_submission(opened_view(slack_api), filled("note", kept, "Müller")))
    assert activities(slack_app) == [("note", "Müller GmbH", kept)]


def test_save_to_crm_keeps_the_words_and_author_of_a_forwarded_message(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    shared = forwarded("Wir brauchen 40 Stück bis &lt;Freitag&gt;", "Jana Roth")
    save(slack, "", attachments=[shared])
    assert initial_text(opened_view(slack_api)) == "Jana Roth: Wir brauchen 40 Stück bis <Freitag>"


def test_a_forward_without_text_falls_back_to_slacks_fallback(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    shared = forwarded("", "Jana Roth") | {"fallback": "Jana Roth: Rückruf bitte"}
    save(slack, "fyi", attachments=[shared, {"fallback": "a link preview", "title": "x"}])
    assert initial_text(opened_view(slack_api)) == "fyi\nJana Roth: Rückruf bitte"


def test_a_mention_without_a_label_is_saved_as_the_persons_name(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack_api.add_user("W0CARLA", "Carla Vogt")
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "help", user="UBOB", name="bob")
    save(slack, "<@W0CARLA> and <@UBOB> visit Müller on Friday")
    first = initial_text(opened_view(slack_api))
    assert first == "@W0CARLA and @Bob Meyer visit Müller on Friday"
    updated = slack_api.wait_for("views.update")[0].args
    assert updated["view_id"].startswith("V") and updated["hash"]
    assert initial_text(updated["view"]) == "@Carla Vogt and @Bob Meyer visit Müller on Friday"
    with slack_app.db.read_session() as session:
        assert "Carla Vogt" not in session.scalars(select(Member.name)).all()


def test_views_open_comes_before_any_users_info_for_a_new_user(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    slack_api.add_user("W0CARLA", "Carla Vogt")
    slack_api.delay("users.info", 0.5)
    save(slack, "call <@W0CARLA> back", files=[slack_file("notes.txt")])
    slack_api.wait_for("views.update", timeout=10)
    methods = [c.method for c in slack_api.calls() if c.method != "auth.test"]
    assert methods[0] == "views.open"
    assert methods.index("views.open") < methods.index("users.info")
    assert [c.args["user"] for c in slack_api.calls("users.info")] == ["W0CARLA"]
