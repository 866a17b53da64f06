"""Storing the records of one file: created, updated, or left as they are, each said per line.

Rows are stored a batch at a time. New parties are planned in memory first (each known by a
placeholder until written, so a contact can name a company created a few lines above it,
and a line repeated in the file is found), then written with a few statements per batch
(storage.imports: the parties, their tags and their audit entries in bulk). A change to an
existing party goes through storage.parties.update, audited as a typed change is; it writes
the planned parties first, since it may name one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.context import Context
from handlers.imports.matching import Matcher
from handlers.imports.records import Record
from storage import imports, parties
from storage.folding import fold
from storage.models import Party

UPDATABLE = ("name", "email", "phone", "city", "address", "relationship_kind")


@dataclass(frozen=True)
class Outcome:
    """What happened to one line: `action` is created, updated, skipped or invalid."""

    line: int
    action: str
    name: str
    reason: str = ""


Item = tuple[int, Record | Outcome]
"""A line of the file: its record, or the outcome of a line found invalid before."""


class Applier:
    def __init__(self, ctx: Context, owner_id: int | None, update: bool) -> None:
        self.ctx = ctx
        self.owner_id = owner_id
        self.update = update
        self.matcher = Matcher(ctx.session)
        self._planned: list[dict[str, Any]] = []

    def apply(self, batch: list[Item]) -> list[Outcome]:
        """Store a batch of lines; their outcomes in line order once all of it is written."""
        outcomes: list[Outcome] = []
        for line, item in batch:
            outcomes += [item] if isinstance(item, Outcome) else self._record(line, item)
        self._write_planned()
        return outcomes

    def _record(self, line: int, record: Record) -> list[Outcome]:
        t = self.ctx.t
        outcomes: list[Outcome] = []
        company_id = self._company(line, record, outcomes)
        found = self.matcher.find(record)
        if found is None:
            self._plan(record, company_id)
            outcomes.append(Outcome(line, "created", record.name, t(record.party_type)))
            return outcomes
        party_id, key = found
        if not self.update:
            reason = t("already there (same {key})", key=t(key))
            outcomes.append(Outcome(line, "skipped", record.name, reason))
            return outcomes
        written = self._write_planned()  # the party or its company may be planned only
        party = parties.get(self.ctx.session, written.get(party_id, party_id))
        assert party is not None
        if company_id is not None:
            company_id = written.get(company_id, company_id)
        changes = _changes(party, record, company_id)
        if not changes:
            outcomes.append(Outcome(line, "skipped", record.name, t("already there, unchanged")))
            return outcomes
        parties.update(self.ctx.session, self.owner_id, party, **changes)
        self.matcher.add(party)
        outcomes.append(Outcome(line, "updated", record.name, ", ".join(sorted(changes))))
        return outcomes

    def _company(self, line: int, record: Record, outcomes: list[Outcome]) -> int | None:
        """A contact's company, planned when the file names one we do not have yet."""
        if not record.company:
            return None
        company_id = self.matcher.company_named(record.company)
        if company_id is None:
            company_id = self._plan(Record("company", record.company), None)
            outcomes.append(Outcome(line, "created", record.company, self.ctx.t("company")))
        return company_id

    def _plan(self, record: Record, company_id: int | None) -> int:
        """A party to create with this batch; its placeholder id."""
        placeholder = -1 - len(self._planned)
        row = {"id": placeholder, "party_type": record.party_type, "name": record.name}
        if record.party_type == "contact":
            row["company_id"] = company_id
        self._planned.append({**row, **record.values})
        values = record.values
        self.matcher.remember(
            placeholder, record.party_type, fold(record.name), values.get("email"),
            values.get("phone"),
        )  # fmt: skip
        return placeholder

    def _write_planned(self) -> dict[int, int]:
        """Write the planned parties; which id each placeholder stood for."""
        if not self._planned:
            return {}
        session = self.ctx.session
        ids = dict(
            zip(
                (row["id"] for row in self._planned),
                imports.new_ids(session, len(self._planned)),
                strict=True,
            )
        )
        for row in self._planned:
            row["id"] = ids[row["id"]]
            if row.get("company_id") is not None and row["company_id"] < 0:
                row["company_id"] = ids[row["company_id"]]
        imports.insert_parties(session, self.owner_id, self._planned)
        self.matcher.settle(ids)
        self._planned = []
        return ids


def _changes(party: Party, record: Record, company_id: int | None) -> dict[str, Any]:
    """What differs: new values replace old ones, tags and custom fields are merged."""
    values = record.values
    changes = {k: values[k] for k in UPDATABLE if k in values and getattr(party, k) != values[k]}
    if record.name != party.name:
        changes["name"] = record.name
    tags = sorted(set(party.tags) | set(values.get("tags", [])))
    if tags != sorted(party.tags):
        changes["tags"] = tags
    custom = {**party.custom, **values.get("custom", {})}
    if custom != party.custom:
        changes["custom"] = custom
    if company_id is not None and company_id != party.company_id:
        changes["company_id"] = company_id
    return changes
