"""Files on Slack: a reply's attachment is uploaded (getUploadURLExternal, the bytes,
completeUploadExternal) into the member's DM, whether the command came as /crm or a DM;
a .vcf shared in a DM is fetched with the bot token and becomes a contact."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import vobject
from sqlalchemy import update

from bot.bootstrap import App
from storage.models import Member
from tests.bot.test_slack_commands import ask, texts
from tests.bot.test_slack_events import dm, parties
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_files import host_file, shared_files
from tests.fakes.slack_requests import SlackInbound
from tests.handlers.imports.test_imports import HUBSPOT_DE

pytest_plugins = ["tests.bot.slack_fixtures"]


def test_a_slash_commands_file_is_uploaded_to_the_members_dm(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "add contact Jörg Weiß email=joerg@weiss.de")
    answer = ask(slack, slack_api, "vcard Jörg Weiß")
    assert "Jörg Weiß.vcf" in answer["text"]
    slack_api.wait_for("files.completeUploadExternal")
    [(channel, name, data)] = shared_files(slack_api)
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
    [(channel, name, _)] = shared_files(slack_api)
    assert (channel, name) == ("D0ANNA", "Jörg Weiß.vcf")
    assert slack_api.calls("conversations.open") == []


def test_a_refused_command_uploads_nothing(slack: SlackInbound, slack_api: FakeSlack) -> None:
    assert not ask(slack, slack_api, "vcard Nobody Here")["text"].endswith(".vcf")
    assert slack_api.calls("files.getUploadURLExternal") == []


def shared(slack_api: FakeSlack, data: bytes, name: str = "card.vcf") -> dict[str, Any]:
    """A DM with one file, as Slack sends it (subtype file_share)."""
    return {**dm(""), "subtype": "file_share", "files": [host_file(slack_api, name, data)]}


def test_a_vcard_shared_in_a_dm_becomes_a_contact(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    card = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:J\xc3\xb6rg Wei\xc3\x9f\r\nEND:VCARD\r\n"
    assert slack.event(shared(slack_api, card), "Ev2").status == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    assert "Jörg Weiß" in posted.args["text"]
    assert parties(slack_app) == ["Jörg Weiß"]


def test_a_vcard_like_a_contact_we_have_is_asked_about_first(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add contact Jörg Weiss email=joerg@weiss.de")
    card = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:J\xc3\xb6rg Wei\xc3\x9f\r\nEMAIL:joerg@weiss.de\r\nEND:VCARD\r\n"
    assert slack.event(shared(slack_api, card), "Ev3").status == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    assert "Add anyway" in texts(posted.args)
    assert parties(slack_app) == ["Jörg Weiss"]


def test_a_vcard_without_a_name_is_refused_plainly(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    card = b"BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:+49 171 2345678\r\nEND:VCARD\r\n"
    assert slack.event(shared(slack_api, card), "Ev4").status == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    assert "no name" in posted.args["text"] and parties(slack_app) == []


def test_a_csv_shared_with_import_gets_a_dry_run_with_an_import_button(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    make_admin(slack, slack_api, slack_app)
    event = {
        **shared(slack_api, HUBSPOT_DE.encode("cp1252"), "kunden.csv"),
        "text": "import",
    }
    assert slack.event(event, "Ev5").status == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    assert "Dry run: nothing was written." in posted.args["text"]
    assert "Import" in texts(posted.args) and parties(slack_app) == []


def test_export_uploads_the_backup_zip_to_the_admins_dm(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    make_admin(slack, slack_api, slack_app)
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "export")
    slack_api.wait_for("files.completeUploadExternal")
    [(channel, name, data)] = shared_files(slack_api)
    assert channel == "DUANNA" and name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as zip_:
        assert "Müller GmbH" in zip_.read("customers.csv").decode()


def test_a_member_who_is_no_admin_is_refused_export_and_gets_no_file(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    assert "admin" in ask(slack, slack_api, "export")["text"].lower()
    assert slack_api.calls("files.getUploadURLExternal") == []


def make_admin(slack: SlackInbound, slack_api: FakeSlack, app: App) -> None:
    """Anna, as CRM_ADMINS would make her."""
    ask(slack, slack_api, "members")
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "Anna Schmidt").values(role="admin"))
