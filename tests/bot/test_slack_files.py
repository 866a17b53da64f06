"""Files on Slack: a reply's attachment is uploaded (getUploadURLExternal, the bytes,
completeUploadExternal) into the member's DM, whether the command came as /crm or a DM."""

from __future__ import annotations

import vobject

from tests.bot.test_slack_commands import ask
from tests.bot.test_slack_events import dm
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]


def test_a_slash_commands_file_is_uploaded_to_the_members_dm(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "add contact Jörg Weiß email=joerg@weiss.de")
    answer = ask(slack, slack_api, "vcard Jörg Weiß")
    assert "Jörg Weiß.vcf" in answer["text"]
    slack_api.wait_for("files.completeUploadExternal")
    [(channel, name, data)] = slack_api.shared_files()
    assert (channel, name) == ("DUANNA", "Jörg Weiß.vcf")
    assert vobject.readOne(data.decode()).email.value == "joerg@weiss.de"
    [asked] = slack_api.calls("files.getUploadURLExternal")
    assert int(asked.args["length"]) == len(data)


def test_a_direct_messages_file_goes_into_that_dm(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "add contact Jörg Weiß")
    assert slack.event(dm("vcard Jörg"), "Ev1").status == 200
    slack_api.wait_for("files.completeUploadExternal")
    [(channel, name, _)] = slack_api.shared_files()
    assert (channel, name) == ("D0ANNA", "Jörg Weiß.vcf")
    assert slack_api.calls("conversations.open") == []


def test_a_refused_command_uploads_nothing(slack: SlackInbound, slack_api: FakeSlack) -> None:
    assert not ask(slack, slack_api, "vcard Nobody Here")["text"].endswith(".vcf")
    assert slack_api.calls("files.getUploadURLExternal") == []
