"""Bad input gets a clear answer and changes nothing; nothing typed is ever lost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bootstrap import App
from bot.console import Console
from handlers.arguments import rest
from handlers.command import Command
from handlers.context import Context
from handlers.registry import Registry, Verb
from handlers.reply import Reply
from handlers.service import Crm
from handlers.verbs import VERBS
from storage import journal, parties
from tests.conftest import Chat


def test_unknown_verb_suggests_the_closest(chat: Chat) -> None:
    answer = chat("fnid müller")
    assert not answer["ok"]
    assert answer["data"]["suggestion"] == "find"


def test_empty_command_gets_a_hint(chat: Chat) -> None:
    answer = chat("   ")
    assert not answer["ok"]
    assert "help" in answer["text"]


def test_hundred_kilobytes_are_refused_without_a_record(chat: Chat) -> None:
    answer = chat("add company " + "x" * 100_000)
    assert not answer["ok"]
    assert "too long" in answer["text"]
    assert chat("find xxx")["data"]["matches"] == []


@pytest.mark.parametrize(
    "name",
    [
        "Robert'); DROP TABLE parties;--",
        'Quote "Company" & <Sons>',
        "Emoji 🚀 Rocket GmbH",
        "*bold* _under_ `code` [link](http://x)",
    ],
)
def test_hostile_names_are_stored_verbatim(chat: Chat, name: str) -> None:
    added = chat(f"add company {name} force=yes")
    assert added["ok"], added["text"]
    assert chat(f"show #{added['data']['id']}")["text"].splitlines()[0] == name


def test_control_characters_are_removed_from_records(chat: Chat) -> None:
    added = chat("add company Evil\x00\x1b[31m Corp\u202e")
    assert chat(f"show #{added['data']['id']}")["text"].splitlines()[0] == "Evil[31m Corp"


def _add_then_crash(name: str, ctx: Context) -> Reply:
    """A handler that writes, then fails: what a bug halfway through a command looks like."""
    parties.add_company(ctx.session, ctx.member.id, name)
    raise RuntimeError("disk on fire")


def test_a_crash_keeps_the_text_and_writes_nothing(app: App, console: Console) -> None:
    crashing = Registry([*VERBS, Verb("boom", rest, _add_then_crash, "boom <name>", "Crash.")])
    crm = Crm(app.db, app.settings, crashing)
    answer = crm.handle(Command(member_id=console.member_id, text="boom Lost Ltd"))
    assert not answer.ok
    assert "saved" in answer.text
    with app.db.session() as session:
        failed = journal.failed_messages(session)
    assert [row.text for row in failed] == ["boom Lost Ltd"]
    assert "Nothing found" in console.ask("find Lost Ltd")


def test_repeated_delivery_is_handled_once(app: App, console: Console) -> None:
    command = Command(member_id=console.member_id, text="add company Once GmbH", delivery_key="k1")
    first = app.crm.handle(command)
    second = app.crm.handle(command)
    assert first.ok and second.ok
    assert second.repeat
    assert (
        len(app.crm.handle(Command(member_id=console.member_id, text="find Once")).data["matches"])
        == 1
    )


@settings(max_examples=150)
@given(st.text(max_size=300))
def test_random_text_always_gets_an_answer(app: App, console: Console, text: str) -> None:
    reply = app.crm.handle(Command(member_id=console.member_id, text=text))
    assert reply.text


@settings(max_examples=100)
@given(
    st.sampled_from(
        [
            "add company",
            "find",
            "show",
            "log call",
            "followup",
            "snooze 1",
            "done",
            "invite",
            "help",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=120),
)
def test_random_arguments_to_every_verb_get_an_answer(
    app: App, console: Console, verb: str, args: str
) -> None:
    reply = app.crm.handle(Command(member_id=console.member_id, text=f"{verb} {args}"))
    assert reply.text


def test_invisible_characters_alone_count_as_an_empty_command(chat: Chat) -> None:
    answer = chat("\u200b\x07 \t")
    assert not answer["ok"]
    assert "for example: help" in answer["text"]


def test_a_command_answered_by_another_process_first_is_not_run_again(
    app: App, console: Console
) -> None:
    command = Command(member_id=console.member_id, text="add company Twice GmbH")
    receipt = app.crm.receive(command)
    with app.db.session() as session:  # a recovering process took the row meanwhile
        assert journal.claim_received(session, receipt.journal_id)
    answer = app.crm.process(receipt, command)
    assert not answer.ok and answer.repeat
    assert "Nothing found" in console.ask("find Twice GmbH")
