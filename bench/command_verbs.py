"""The verbs bench/commands.py runs, the values their lines take, and each one's peer.

A line's {placeholders} are filled per run from `Pools`: a random customer, an open or a
closed follow-up, an open deal, an activity, a customer deleted by an earlier `delete` run.
The verbs run in the order below: `undo` takes back the edits before it, `restore` brings
back what `delete` removed, `merge` comes last because it uses its customers up.

The peer of a verb is the bare query it cannot do without, on its own connection: the name
index search, a primary-key fetch, the indexed follow-up list, the first page of customers,
the newest activities, the count and sum of the open deals, or (for the reports over the
whole CRM) a count of every activity.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from bench.crm_fill import Filled
from bench.find_bench import misspell
from bot.bootstrap import App
from storage.models import Activity, Deal, Followup, Member, Party

ASSIGNEE = "member2"
"""Whom `assign` hands follow-ups to (the pools hold none of theirs)."""

VERBS: dict[str, tuple[str, str]] = {
    "find": ("find {misspelt}", "index"),
    "show": ("show #{party}", "party"),
    "history": ("history #{party}", "party"),
    "log": ("log call #{party}: wants a quote", "party"),
    "followup": ("followup #{party} tomorrow 10:00: send the quote", "party"),
    "done": ("done {open}", "followup"),
    "cancel": ("cancel {open}", "followup"),
    "snooze": ("snooze {open} in 3 days", "followup"),
    "assign": ("assign {open} @" + ASSIGNEE, "followup"),
    "reopen": ("reopen {closed}", "followup"),
    "mine": ("mine", "mine"),
    "today": ("today", "mine"),
    "overdue": ("overdue", "mine"),
    "add": ("add company Bench {n} GmbH", "member"),
    "set": ("set #{party} city=Berlin phone=030 5550{n}", "party"),
    "tag": ("tag #{party} +vip -lead", "party"),
    "owner": ("owner #{party} @member3", "party"),
    "undo": ("undo", "member"),
    "score": ("score #{party}", "party"),
    "value": ("value #{party}", "party"),
    "vcard": ("vcard #{party}", "party"),
    "correct": ("correct {activity}: called back at 10:00", "activity"),
    "list": ("list owner=@member4", "page"),
    "list city": ("list city=Berlin tag=vip", "page"),
    "feed": ("feed week", "newest"),
    "members": ("members", "member"),
    "settings": ("settings", "member"),
    "remind": ("remind me at 8:30", "member"),
    "help": ("help log", "member"),
    "deal": ("deal #{party} 12.500 € close=in 30 days: Bench deal {n}", "party"),
    "deals": ("deals mine", "figures"),
    "stage": ("stage {deal} offer", "deal"),
    "won": ("won {deal} 11k", "deal"),
    "lost": ("lost {deal}: Preis", "deal"),
    "set deal": ("set deal {deal} value=15.000 close=in 60 days", "deal"),
    "pipeline": ("pipeline", "figures"),
    "forecast": ("forecast quarter", "figures"),
    "top": ("top 10 owner=@member5", "everything"),
    "abc": ("abc", "everything"),
    "report": ("report month", "everything"),
    "chart": ("chart won_value", "everything"),
    "gdpr export": ("gdpr export #{contact}", "party"),
    "delete": ("delete #{party}", "party"),
    "restore": ("restore #{deleted}", "party"),
    "merge": ("merge #{contact} into #{other}", "party"),
}
"""verb -> (command line, peer); a new verb adds one line (and a peer if it needs one)."""

WHOLE_CRM = frozenset({"top", "abc", "report", "chart"})
"""Verbs that read the whole CRM (reports, classes, rankings): run at most 10 times."""
EVERY_NOTE = frozenset({"gdpr export"})
"""Verbs that read every note for a person's name (seconds at a million): at most 3 times."""


@dataclass
class Pools:
    """Ids the lines use up: each run takes its own, so no command repeats another's work."""

    rng: random.Random
    filled: Filled
    names: list[str]
    open_ids: list[int]
    closed_ids: list[int]
    deal_ids: list[int]
    deleted: list[int] = field(default_factory=list)

    @classmethod
    def read(cls, app: App, filled: Filled, names: list[str], rng: random.Random) -> Pools:
        with app.db.session() as session:
            status = Followup.status
            assignee = select(Member.id).where(Member.name == ASSIGNEE).scalar_subquery()
            open_ids = list(
                session.scalars(
                    select(Followup.id).where(status == "open", Followup.assignee_id != assignee)
                )
            )  # `assign {open} @member2` of one of member2's own would be refused
            closed = list(session.scalars(select(Followup.id).where(status == "done").limit(5000)))
            leads = list(session.scalars(select(Deal.id).where(Deal.stage == "lead")))
        for ids in (open_ids, closed, leads):
            rng.shuffle(ids)
        return cls(rng, filled, names, open_ids, closed, leads)

    def values(self, line: str, n: int) -> dict[str, Any]:
        """The placeholders of one run of `line`; only those it names are taken from a pool."""
        rng, parties = self.rng, self.filled.companies + self.filled.contacts
        values: dict[str, Any] = {
            "misspelt": misspell(self.names[n % len(self.names)], rng),
            "party": rng.randint(1, parties),
            "other": rng.randint(self.filled.companies + 1, parties),
            "contact": rng.randint(self.filled.companies + 1, parties),
            "activity": rng.randint(1, self.filled.activities),
            "n": n,
        }
        if "{open}" in line:
            values["open"] = self.open_ids.pop()
        if "{closed}" in line:
            values["closed"] = self.closed_ids.pop()
        if "{deal}" in line:
            values["deal"] = self.deal_ids.pop()
        if "{deleted}" in line:
            values["deleted"] = self.deleted.pop()
        if line.startswith("delete"):
            self.deleted.append(values["party"])
        return values


def peers(app: App) -> dict[str, Callable[[dict[str, Any]], object]]:
    """The bare work each verb needs, on its own connection: the floor under the verb."""

    def on_connection(query: Callable[[dict[str, Any]], Any]) -> Callable[..., object]:
        def run(values: dict[str, Any]) -> object:
            with app.db.engine.connect() as connection:
                return connection.execute(query(values)).all()

        return run

    def fetch(model: type[Any], key: str) -> Callable[[dict[str, Any]], object]:
        return on_connection(lambda values: select(model).where(model.id == values.get(key, 1)))

    return {
        "index": lambda values: app.crm.names.search(values["misspelt"], 10),
        "party": fetch(Party, "party"),
        "followup": fetch(Followup, "open"),
        "activity": fetch(Activity, "activity"),
        "member": fetch(Member, ""),
        "deal": fetch(Deal, "deal"),
        "mine": on_connection(lambda _: _open_list()),
        "page": on_connection(
            lambda _: select(Party.id, Party.name).order_by(Party.search_key).limit(20)
        ),
        "newest": on_connection(
            lambda _: select(Activity.id).order_by(Activity.occurred_at.desc()).limit(20)
        ),
        "figures": on_connection(
            lambda _: select(func.count(), func.sum(Deal.value)).where(Deal.status == "open")
        ),
        "everything": on_connection(lambda _: select(func.count()).select_from(Activity)),
    }


def _open_list() -> Any:
    return (
        select(Followup.id, Followup.due_at, Followup.text)
        .where(Followup.assignee_id == 1, Followup.status == "open")
        .order_by(Followup.due_at)
        .limit(25)
    )


def whole_crm_runs(verb: str, runs: int) -> int:
    """How often `verb` runs: the whole-CRM reports at most 10 times, a scan of every
    note 3."""
    if verb in EVERY_NOTE:
        return min(runs, 3)
    return min(runs, 10) if verb in WHOLE_CRM else runs
