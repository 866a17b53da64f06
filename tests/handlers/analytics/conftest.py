"""A small book of business whose figures are worked out by hand (now: Mon 23 Nov 2026,
09:00 Berlin; the member's zone is Berlin; all amounts EUR; stage percents lead 10, offer 50).

    customers   kind      owner  created        notes
    Müller      customer  anna   2026-09-01     first activity 09-10 10:00 (a note)
    Neu GmbH    customer  anna   2026-11-04     -> new customer in November
    Prospekt AG prospect  bob    2026-11-06     -> new prospect in November
    Alt KG      prospect  bob    2026-08-01 10:00, first won deal 11-18 -> new customer (Nov)
    Oktober     customer  anna   2026-10-10     -> new customer in October
    (Müller's first won deal, 10-31, makes it a new customer of October)

    activities  November: anna call 11-02, call 11-10, visit 11-05, note 11-03 (no contact);
                bob call 11-12, complaint 11-20 -> contacts 5 (calls 3, visit 1, complaint 1)
                October: anna call 10-15; bob visit 10-20, complaints 10-21, 10-22 -> 4

    deals       w_oct Müller anna   500 won 10-31 10:00     l2 Müller anna 1,000 lost 10-05
                w1    Müller anna 12,000 won 11-20 09:00 (71 days after 09-10 10:00)
                w2    Alt KG bob   3,000 won 11-18 09:00 (109 days after 08-01 10:00)
                l1    Prospekt bob 5,000 lost 11-21
                d1    Müller anna 10,000 open, lead (10 %)   d2 Neu bob 4,000 open, offer (50 %)

    follow-ups  Nov: anna due 11-10 done 11-09 (on time); anna due 11-11 done 11-12 (late);
                bob due 11-16 open; bob due 11-17 cancelled (left out); anna due 11-25 (after now)
                Oct: bob due 10-20 done 10-20 08:00 (on time)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import pytest

from bot.bootstrap import App
from storage import activities, deals, followups, members, parties
from storage.models import Party
from tests.conftest import BERLIN, Chat


def berlin(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BERLIN)


@dataclass
class Book:
    anna: int
    bob: int


@pytest.fixture
def book(app: App, chat: Chat) -> Book:
    chat("members")
    with app.db.session() as session:
        anna = members.by_name(session, "anna")[0]
        bob = members.create(session, "bob", language="de", timezone="Europe/Berlin")
        session.flush()
        stages = app.settings.stages

        def party(name: str, kind: str, owner: int, created: datetime) -> Party:
            made = parties.add_company(
                session, owner, name, relationship_kind=kind, created_at=created
            )
            session.flush()
            return made

        mueller = party("Müller", "customer", anna.id, berlin(9, 1))
        neu = party("Neu GmbH", "customer", anna.id, berlin(11, 4))
        prospekt = party("Prospekt AG", "prospect", bob.id, berlin(11, 6))
        alt = party("Alt KG", "prospect", bob.id, berlin(8, 1, 10))
        party("Oktober", "customer", anna.id, berlin(10, 10))

        for who, target, kind, at in [
            (anna, mueller, "note", berlin(9, 10, 10)),
            (anna, mueller, "call", berlin(11, 2)), (anna, mueller, "call", berlin(11, 10)),
            (anna, neu, "visit", berlin(11, 5)), (anna, mueller, "note", berlin(11, 3)),
            (bob, prospekt, "call", berlin(11, 12)), (bob, prospekt, "complaint", berlin(11, 20)),
            (anna, mueller, "call", berlin(10, 15)), (bob, prospekt, "visit", berlin(10, 20)),
            (bob, prospekt, "complaint", berlin(10, 21)), (bob, prospekt, "complaint", berlin(10, 22)),
        ]:  # fmt: skip
            activities.add(session, who.id, target, kind, "x", at)

        def deal(target: Party, owner: int, value: str, stage: str = "offer") -> deals.Deal:
            made = deals.add(
                session, owner, party=target, title="t", value=Decimal(value), currency="EUR",
                owner_id=owner, stage=stage, now=berlin(8, 1),
            )  # fmt: skip
            session.flush()
            return made

        def won(made: deals.Deal, at: datetime) -> None:
            deals.close_won(session, made.owner_id, made, stages, at)

        def lost(made: deals.Deal, at: datetime) -> None:
            deals.close_lost(session, made.owner_id, made, stages, "Preis", at)

        closing: list[tuple[deals.Deal, Callable[[deals.Deal, datetime], None], datetime]] = [
            (deal(mueller, anna.id, "500"), won, berlin(10, 31, 10)),
            (deal(mueller, anna.id, "1000"), lost, berlin(10, 5)),
            (deal(mueller, anna.id, "12000"), won, berlin(11, 20)),
            (deal(alt, bob.id, "3000"), won, berlin(11, 18)),
            (deal(prospekt, bob.id, "5000"), lost, berlin(11, 21)),
        ]
        for made, close, at in closing:
            close(made, at)
        deal(mueller, anna.id, "10000", "lead")
        deal(neu, bob.id, "4000", "offer")

        def followup(
            who: int, due: datetime, status: str = "open", at: datetime | None = None
        ) -> None:
            made = followups.add(session, who, mueller, "x", due, who)
            session.flush()
            if status != "open":
                followups.close(session, who, made, status, at or due)

        followup(anna.id, berlin(11, 10), "done", berlin(11, 9))
        followup(anna.id, berlin(11, 11), "done", berlin(11, 12))
        followup(bob.id, berlin(11, 16))
        followup(bob.id, berlin(11, 17), "cancelled")
        followup(anna.id, berlin(11, 25))
        followup(bob.id, berlin(10, 20), "done", berlin(10, 20, 8))
        return Book(anna.id, bob.id)


@pytest.fixture
def leads(app: App, chat: Chat) -> dict[str, int]:
    """Leads scored by hand against the shipped scoring file (`score`, `top`, segments).

    Now is Mon 23 Nov 2026, 09:00 Berlin. The default weights (config/scoring_default.toml):
    kind 20, tags 10, city 10, contacts 20 (180 days), recency 15, open deals 15, complaints 10
    (90 days). Points = weight x percent / 100, rounded half up.

        Alpha GmbH  prospect, Berlin, vip; calls 11-01, 11-10, complaint 11-15, Petra (its
                    contact) visit 11-21, a note 11-22; open 6,000 EUR, open 50,000 USD (not
                    counted), won 100,000 EUR (not open)
                    kind 100% 20 | tags vip 100% 10 | city Berlin 100% 10 | contacts 4 -> 60% 12
                    | recency 2 days (a note is no contact) -> 100% 15 | open 6,000 -> 60% 9 | complaints 1 -> 40% 4 = 80
        Beta KG     prospect, Bonn, region=Köln, lead; a call 04-01 (outside 180 days); open 1,000
                    kind 20 | tags lead 50% 5 | region Köln 80% 8 | contacts 0 -> 0 |
                    recency 236 days -> 0 | open 1,000 -> 30% of 15 = 4.5 -> 5 | complaints 10 = 48
        Delta       prospect, Hamburg, nothing else: 20 + 0 + 10 + 0 + 0 + 0 + 10 = 40
        Gamma AG    customer, Berlin: 12 + 0 + 10 + 0 + 0 + 0 + 10 = 32
    """
    ids = {
        "alpha": chat("add company Alpha GmbH kind=prospect city=Berlin tags=vip")["data"]["id"],
        "beta": chat("add company Beta KG kind=prospect city=Bonn region=Köln tags=lead")["data"]["id"],
        "delta": chat("add company Delta kind=prospect city=Hamburg")["data"]["id"],
        "gamma": chat("add company Gamma AG kind=customer city=Berlin")["data"]["id"],
    }  # fmt: skip
    ids["petra"] = chat("add contact Petra Alpha company=Alpha GmbH")["data"]["id"]
    with app.db.session() as session:
        anna = members.by_name(session, "anna")[0].id
        party = {name: parties.get(session, i) for name, i in ids.items()}
        for who, kind, at in [
            ("alpha", "call", berlin(11, 1)), ("alpha", "call", berlin(11, 10)),
            ("alpha", "complaint", berlin(11, 15)), ("petra", "visit", berlin(11, 21)),
            ("alpha", "note", berlin(11, 22)), ("beta", "call", berlin(4, 1)),
        ]:  # fmt: skip
            activities.add(session, anna, party[who], kind, "x", at)

        def deal(who: str, value: str, currency: str = "EUR") -> deals.Deal:
            made = deals.add(
                session, anna, party=party[who], title="t", value=Decimal(value),
                currency=currency, owner_id=anna, stage="offer", now=berlin(10, 1),
            )  # fmt: skip
            session.flush()
            return made

        deal("alpha", "6000")
        deal("alpha", "50000", "USD")
        deals.close_won(session, anna, deal("alpha", "100000"), app.settings.stages, berlin(11, 2))
        deal("beta", "1000")
    return ids
