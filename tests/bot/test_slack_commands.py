"""`/crm` end to end: signed slash commands to the running HTTP app, answers via response_url."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Activity, Followup, Member, Party
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]


def ask(slack: SlackInbound, fake: FakeSlack, text: str, **who: Any) -> dict[str, Any]:
    """Run `/crm text` and return what the bot posted to response_url for it."""
    before = len(fake.calls("response_url"))
    answer = slack.slash(text, **who)
    assert answer.status == 200
    return fake.wait_for("response_url", before + 1)[before].args


def texts(message: dict[str, Any]) -> str:
    """Every piece of text in a message's blocks, one string, for assertions."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks", []))
    return "\n".join(found)


def test_slash_command_answers_privately_and_writes_the_database(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    started = time.monotonic()
    answer = slack.slash("add company Müller GmbH city=Köln")
    assert answer.status == 200 and time.monotonic() - started < 3
    posted = slack_api.wait_for("response_url")[0].args
    assert posted["response_type"] == "ephemeral"
    assert "Müller GmbH" in texts(posted)
    with slack_app.db.session() as session:
        assert session.scalars(select(Party.name)).all() == ["Müller GmbH"]


def test_log_confirmation_is_visible_to_the_channel(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    posted = ask(slack, slack_api, "log call Müller: wants a quote by Friday")
    assert posted["response_type"] == "in_channel"
    assert "wants" not in posted["text"] or "Müller GmbH" in posted["text"]
    with slack_app.db.session() as session:
        assert session.scalars(select(Activity.text)).all() == ["wants a quote by Friday"]


def test_customer_card_shows_fields_activities_followups_and_a_log_button(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, 'add company Müller GmbH city=Köln phone="+49 221 123456"')
    ask(slack, slack_api, "log visit Müller: new machine running")
    ask(slack, slack_api, "followup Müller morgen 10 Uhr: send the quote")
    card = ask(slack, slack_api, "show Müller")
    kinds = [block["type"] for block in card["blocks"]]
    assert kinds[0] == "header" and card["blocks"][0]["text"]["text"] == "Müller GmbH"
    assert any("fields" in block for block in card["blocks"])
    shown = texts(card)
    assert "Köln" in shown and "new machine running" in shown and "send the quote" in shown
    labels = [
        e["text"]["text"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert {"Done", "Snooze 1 day", "Snooze 1 week", "Log activity"} <= set(labels)


def test_a_mentioned_slack_user_gets_the_followup_and_becomes_a_member(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    posted = ask(slack, slack_api, "followup Müller morgen <@UBOB|bob>: call back")
    assert posted["response_type"] == "in_channel"
    with slack_app.db.session() as session:
        bob = session.scalars(select(Member).where(Member.name == "Bob Meyer")).one()
        assert (bob.language, bob.timezone) == ("de", "Europe/Vienna")
        followup = session.scalars(select(Followup)).one()
        assert followup.assignee_id == bob.id
    assert [c.args["user"] for c in slack_api.calls("users.info")] == ["UANNA", "UBOB"]


def test_a_known_member_is_not_looked_up_again(slack: SlackInbound, slack_api: FakeSlack) -> None:
    ask(slack, slack_api, "help")
    ask(slack, slack_api, "mine")
    assert len(slack_api.calls("users.info")) == 1


def test_user_text_cannot_inject_mentions_or_links(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    posted = ask(
        slack, slack_api, "add company Evil &lt;!channel&gt; &amp; &lt;https://x.example|Co&gt;"
    )
    shown = texts(posted)
    assert "&lt;!channel&gt; &amp; &lt;https://x.example|Co&gt;" in shown
    assert "<!channel>" not in shown and "<https" not in shown


def test_an_unknown_command_is_answered_with_a_suggestion(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    posted = ask(slack, slack_api, "shwo Müller")
    assert posted["response_type"] == "ephemeral"
    assert "show" in posted["text"]


def test_mentions_inside_a_note_are_stored_as_the_persons_name(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack_api.add_user("W0CARLA", "Carla Vogt")
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "log note Müller: <@UBOB|bob> and <@W0CARLA> met the buyer")
    ask(slack, slack_api, "followup Müller morgen: ask <@W0CARLA> for the price list")
    with slack_app.db.read_session() as session:
        assert session.scalars(select(Activity.text)).all() == [
            "@Bob Meyer and @Carla Vogt met the buyer"
        ]
        assert session.scalars(select(Followup.text)).all() == [
            "ask @Carla Vogt for the price list"
        ]
    history = texts(ask(slack, slack_api, "history Müller"))
    assert "@Carla Vogt" in history and "@#" not in history


def test_a_channel_mentioned_in_a_slash_command_becomes_an_alerts_channel(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "members")
    with slack_app.db.session() as session:
        session.scalars(select(Member)).one().role = "admin"
    for written, kept in (("<#C0SALES|sales>", "#sales"), ("<#C0SUPPORT>", "slack:C0SUPPORT")):
        answer = ask(slack, slack_api, f"alert won>=10000 -> {written}")
        assert f"won&gt;=10000.00 -&gt; {kept}" in texts(answer)
