"""Storing the records of one file: created, updated, or left as they are, each said per line.

Every write goes through storage.parties (add_company, add_contact, update), so every change
is audited as a typed one would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.context import Context
from handlers.imports.matching import Matcher
from handlers.imports.records import Record
from storage import parties
from storage.models import Party

UPDATABLE = ("name", "email", "phone", "city", "address", "relationship_kind")


@dataclass(frozen=True)
class Outcome:
    """What happened to one line: `action` is created, updated, skipped or invalid."""

    line: int
    action: str
    name: str
    reason: str = ""


class Applier:
    def __init__(self, ctx: Context, owner_id: int | None, update: bool) -> None:
        self.ctx = ctx
        self.owner_id = owner_id
        self.update = update
        self.matcher = Matcher(ctx.session)

    def apply(self, line: int, record: Record) -> list[Outcome]:
        t = self.ctx.t
        outcomes: list[Outcome] = []
        company_id = self._company(line, record, outcomes)
        found = self.matcher.find(record)
        if found is None:
            self.matcher.add(self._create(record, company_id))
            outcomes.append(Outcome(line, "created", record.name, t(record.party_type)))
            return outcomes
        party_id, key = found
        party = parties.get(self.ctx.session, party_id)
        assert party is not None
        if not self.update:
            reason = t("already there (same {key})", key=t(key))
            outcomes.append(Outcome(line, "skipped", record.name, reason))
            return outcomes
        changes = _changes(party, record, company_id)
        if not changes:
            outcomes.append(Outcome(line, "skipped", record.name, t("already there, unchanged")))
            return outcomes
        parties.update(self.ctx.session, self.owner_id, party, **changes)
        self.matcher.add(party)
        outcomes.append(Outcome(line, "updated", record.name, ", ".join(sorted(changes))))
        return outcomes

    def _company(self, line: int, record: Record, outcomes: list[Outcome]) -> int | None:
        """A contact's company, created when the file names one we do not have yet."""
        if not record.company:
            return None
        company_id = self.matcher.company_named(record.company)
        if company_id is None:
            company = parties.add_company(self.ctx.session, self.owner_id, record.company)
            self.matcher.add(company)
            company_id = company.id
            outcomes.append(Outcome(line, "created", record.company, self.ctx.t("company")))
        return company_id

    def _create(self, record: Record, company_id: int | None) -> Party:
        session = self.ctx.session
        if record.party_type == "company":
            return parties.add_company(session, self.owner_id, record.name, **record.values)
        company = parties.get(session, company_id) if company_id else None
        return parties.add_contact(session, self.owner_id, record.name, company, **record.values)


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
