"""Every verb costs a small, fixed number of SQL statements, however much data there is.

A statement is a round trip to the database; at a million customers the number of them,
not their speed, is what makes a command slow (issue 13: `find` once cost one query per
match). Each verb runs once through `Crm.handle` on a small but complete set of data, and
its statements (every engine: the name index reads through its own on a SQLite file) are
counted and held to the bound in STATEMENT_BOUNDS.

A new verb adds one entry there: a realistic command line (with {company}, {contact} and
{followup} standing for ids made below) and the statements it may cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.bootstrap import App
from bot.console import Console
from handlers.chat_imports import keep_file
from handlers.command import Command
from handlers.verbs import VERBS
from storage import chat_contexts
from tests.conftest import Chat
from tests.statements import counted

STATEMENT_BOUNDS: dict[str, tuple[str, int]] = {
    "help": ("help log", 4),
    "add": ("add company Neue Bäckerei GmbH city=Köln", 9),
    "find": ("find müller", 8),
    "show": ("show #{company}", 14),
    "history": ("history #{company}", 10),
    "log": ("log call #{company}: wants a quote", 12),
    "followup": ("followup #{company} tomorrow 10:00: send the quote", 9),
    "done": ("done {followup}", 7),
    "cancel": ("cancel {open}", 7),
    "snooze": ("snooze {later} in 2 days", 7),
    "mine": ("mine", 5),
    "today": ("today", 5),
    "overdue": ("overdue", 5),
    "invite": ("invite Berta", 9),
    "members": ("members", 7),
    "remind": ("remind me at 8:30", 6),
    "digest": ("digest off", 6),
    "language": ("language en", 5),
    "timezone": ("timezone Europe/Berlin", 5),
    "notify": ("notify first", 6),
    "settings": ("settings", 4),
    "start": ("start", 4),
    "jot": ("jot they want a quote by Friday", 7),
    "checkin": ("checkin 50.94,6.96", 11),
    "attach": ("attach document offer.pdf the offer", 10),
    "contact": ("contact Carla Neu phone=+49 221 555", 6),
    "correct": ("correct {activity}: call 0 at 10:00", 10),
    "edited": ("edited m1: call 0 at 10:00", 9),
    "set": ("set #{company} city=Bonn", 9),
    "tag": ("tag #{company} +vip -alt", 10),
    "owner": ("owner #{company} @Carl", 11),
    "delete": ("delete #{contact}", 10),
    "restore": ("restore {deleted}", 12),
    "merge": ("merge #{twin} into #{company}", 21),
    "undo": ("undo", 10),
    "reopen": ("reopen {closed}", 7),
    "assign": ("assign {later} @Carl", 9),
    "list": ("list city=Köln tag=vip", 7),
    "feed": ("feed week", 5),
    "member": ("member rename Carl to Carlo", 7),
    "link": ("link @Dirk Carl", 9),
    "deal": ("deal #{company} 12.000 € stage=offer: Wartung", 9),
    "deals": ("deals mine", 6),
    "stage": ("stage {deal} negotiation", 8),
    "won": ("won {deal} 11.500 €", 10),
    "lost": ("lost {deal}: Preis", 8),
    "pipeline": ("pipeline", 6),
    "forecast": ("forecast quarter", 6),
    "calendar": ("calendar", 8),
    "report": ("report month", 9),
    "chart": ("chart won_value", 5),
    "token": ("token new webshop write", 7),
    "vcard": ("vcard #{contact}", 8),
    "gdpr": ("gdpr export #{contact}", 11),
    "import": ("import {upload}", 9),
    "export": ("export", 13),
    "score": ("score #{company}", 9),
    "top": ("top 5 city=Köln kind=customer", 7),
    "value": ("value #{company}", 10),
    "abc": ("abc", 5),
    "segment": ("segment save köln: city=Köln stage=lead value>=1k", 6),
    "segments": ("segments", 5),
    "alert": ("alert complaint -> owner", 5),
    "alerts": ("alerts", 5),
    "webhook": ("webhook add https://shop.example.com/hook customer.created,deal.won", 8),
    "webhooks": ("webhooks", 5),
}
"""verb -> (command line, most statements it may cost), journal writes included."""


CHANNEL = "C-STATEMENTS"
"""One chat for the whole test, so verbs on the current customer (jot, checkin) find it."""


@pytest.fixture
def ids(app: App, console_member: int) -> dict[str, int]:
    """A company with contacts, activities and open follow-ups, as a member makes them."""

    def say(line: str) -> dict[str, Any]:
        reply = app.crm.handle(
            Command(member_id=console_member, text=line, platform="console", channel=CHANNEL)
        )
        assert reply.ok, reply.text
        return reply.data

    company = say("add company Müller GmbH city=Köln")["id"]
    contact = say("add contact Anna Schmidt company=Müller GmbH")["id"]
    say("add contact Bernd Kurz company=Müller GmbH")
    say("invite Carl")
    calls = [say(f"log call #{company}: call {n}")["id"] for n in range(3)]
    followups = [say(f"followup #{company} tomorrow 9:00: call back {n}")["id"] for n in range(3)]
    twin = say("add company Müller Zwei GmbH force=yes")["id"]
    deleted = say(f"add contact Dora Weg company=#{company}")["id"]
    say(f"delete #{deleted}")
    closed = say(f"followup #{company} tomorrow 9:00: closed")["id"]
    say(f"done {closed}")
    say("invite Dirk")
    deal = say(f"deal #{company} 20k close=Ende des Monats: Rahmenvertrag")["id"]
    sheet = b"Company name,City\nSchulz KG,Bonn\n"
    upload = int(keep_file(app.db, console_member, "k.csv", sheet, app.crm.clock()).split()[1])
    with app.db.session() as session:  # as the Telegram adapter does after `show`
        chat_contexts.set_current(session, "console", CHANNEL, console_member, company)
        chat_contexts.remember_message(session, "console", CHANNEL, console_member, "m1", "call 0")
    return {
        "company": company,
        "contact": contact,
        "followup": followups[0],
        "open": followups[1],
        "later": followups[2],
        "twin": twin,
        "deleted": deleted,
        "closed": closed,
        "deal": deal,
        "activity": calls[0],
        "upload": upload,
    }


def statements_of(app: App, member_id: int, line: str) -> tuple[bool, list[str]]:
    """Whether the command succeeded, and the statements it sent."""
    with counted() as statements:
        reply = app.crm.handle(
            Command(member_id=member_id, text=line, platform="console", channel=CHANNEL)
        )
    return reply.ok, statements


def test_every_verb_has_a_statement_bound() -> None:
    assert {verb.name for verb in VERBS} <= set(STATEMENT_BOUNDS)


@pytest.mark.parametrize("verb", sorted(STATEMENT_BOUNDS))
def test_a_verb_costs_a_few_statements(
    verb: str, app: App, console_member: int, ids: dict[str, int]
) -> None:
    line, bound = STATEMENT_BOUNDS[verb]
    ok, statements = statements_of(app, console_member, line.format(**ids))
    assert ok, f"{line} was refused: its statements say nothing"
    assert len(statements) <= bound, "\n".join(statements)


def test_find_costs_the_same_for_ten_matches_as_for_one(
    app: App, console_member: int, chat: Chat
) -> None:
    chat("add company Zander Einzeln GmbH")
    chat("add contact Zora Eins company=Zander Einzeln GmbH")
    _, one = statements_of(app, console_member, "find zander einzeln")
    for n in range(10):
        chat(f"add company Quast Zehnfach {n} GmbH")
        chat(f"add contact Quirin {n} company=Quast Zehnfach {n} GmbH")
    _, ten = statements_of(app, console_member, "find quast zehnfach")
    assert len(ten) == len(one), "\n".join(ten)


def test_members_costs_the_same_for_a_team_of_ten_as_for_one(
    app: App, console_member: int, chat_as: Callable[[str], Chat]
) -> None:
    _, one = statements_of(app, console_member, "members")
    for n in range(9):
        chat_as(f"colleague{n}")("help")
    _, ten = statements_of(app, console_member, "members")
    assert len(ten) == len(one), "\n".join(ten)


@pytest.fixture
def console_member(console: Console) -> int:
    """The member the `chat` fixture speaks as."""
    return console.member_id
