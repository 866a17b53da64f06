"""Moving customers in and out as CSV (`crmbot import`, `crmbot export`).

Columns: name, type (company|contact), company, kind, email, phone, city, address, tags.
An import is all or nothing: one bad row and nothing is written, with the line named.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from sqlalchemy.orm import Session

from storage import parties
from storage.db import Database
from storage.models import RELATIONSHIPS, Party

COLUMNS = ("id", "name", "type", "company", "kind", "email", "phone", "city", "address", "tags")


class ImportProblem(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")


def import_rows(db: Database, rows: Iterable[dict[str, str]], actor_id: int) -> Counter[str]:
    """Companies first, then contacts (who may name a company from the same file).

    A row whose name exists already with the same type is skipped, so an import can be rerun.
    Returns how many companies and contacts were added and how many rows were skipped.
    """
    cleaned = [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in rows]
    counts: Counter[str] = Counter()
    with db.session() as session:
        for wanted in ("company", "contact"):
            for line, row in enumerate(cleaned, start=2):
                kind = (row.get("type") or "company").lower()
                if kind not in ("company", "contact"):
                    raise ImportProblem(line, f"type must be company or contact, not {kind!r}")
                if kind == wanted:
                    counts[_import_row(session, line, row, kind, actor_id)] += 1
    return counts


def _import_row(session: Session, line: int, row: dict[str, str], kind: str, actor_id: int) -> str:
    name = row.get("name", "")
    if not name or len(name) > 200:
        raise ImportProblem(line, "a name of 1 to 200 characters is needed")
    if any(p.party_type == kind for p in parties.with_exact_key(session, name)):
        return "skipped"
    if kind == "company":
        parties.add_company(session, actor_id, name, **_values(line, row))
        return "company"
    company = _company_named(session, line, row.get("company", ""))
    parties.add_contact(session, actor_id, name, company, **_values(line, row))
    return "contact"


def _values(line: int, row: dict[str, str]) -> dict[str, Any]:
    relationship = (row.get("kind") or "customer").lower()
    if relationship not in RELATIONSHIPS:
        raise ImportProblem(line, f"unknown kind {relationship!r}")
    return {
        "relationship_kind": relationship,
        "email": row.get("email") or None,
        "phone": row.get("phone") or None,
        "city": row.get("city") or None,
        "address": row.get("address") or None,
        "tags": sorted({t.strip().lower() for t in row.get("tags", "").split(",") if t.strip()}),
    }


def _company_named(session: Session, line: int, name: str) -> Party | None:
    if not name:
        return None
    found = [p for p in parties.with_exact_key(session, name) if p.party_type == "company"]
    if not found:
        raise ImportProblem(line, f"no company named {name!r}")
    return found[0]


def export_rows(db: Database, out: TextIO) -> int:
    """Every company and contact as CSV, in the import's columns, so export feeds import."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    with db.session() as session:
        everyone = parties.everyone(session)
        for party in everyone:
            writer.writerow(
                {
                    "id": party.id,
                    "name": party.name,
                    "type": party.party_type,
                    "company": party.company.name if party.company else "",
                    "kind": party.relationship_kind,
                    "email": party.email or "",
                    "phone": party.phone or "",
                    "city": party.city or "",
                    "address": party.address or "",
                    "tags": ",".join(party.tags),
                }
            )
    return len(everyone)
