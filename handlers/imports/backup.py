"""Restoring a `crmbot export` zip into an empty database: members, customers, activities,
follow-ups, deals with their stage history, saved segments and alert rules, with the ids of
the old database mapped to new ones. A backup made before deals (or segments) were exported
restores without them.

Only into an empty database: a backup is a whole team's state, and merging two of them is a
question of judgement no file answers. All of it lands or nothing (one transaction).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from handlers.exports import FORMULA_STARTS, TABLES
from handlers.i18n import N_
from handlers.imports.reading import Unreadable
from storage import activities, alerts, backup, followups, members, parties, segments
from storage.db import Database
from storage.models import Party

REQUIRED = ("members", "customers", "activities", "followups")


def is_backup(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def restore(db: Database, path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as zip_, db.session() as session:
        if not set(zip_.namelist()) >= {f"{name}.csv" for name in REQUIRED}:
            raise Unreadable(N_("This zip is not a crmbot backup."))
        if backup.party_count(session):
            raise Unreadable(N_("A backup is restored into an empty database only."))
        counts = {name: 0 for name in TABLES if f"{name}.csv" in zip_.namelist()}
        people: dict[str, int] = {m.name: m.id for m in members.all_members(session)}
        for row in _table(zip_, "members"):
            if row["name"] not in people:
                member = members.create(
                    session, row["name"], language=row["language"], timezone=row["timezone"],
                    role=row["role"],
                )  # fmt: skip
                member.digest_time, member.notify = row["digest_time"], row["notify"]
                member.digest_enabled = row["digest_enabled"] == "true"
                session.flush()
                people[member.name] = member.id
            counts["members"] += 1
        ids = _customers(session, _table(zip_, "customers"), people, counts)
        _activities(session, _table(zip_, "activities"), people, ids, counts)
        for row in _table(zip_, "followups"):
            followup = followups.add(
                session, people[row["creator"]], _party(ids, row["customer_id"]), row["text"],
                _moment(row["due_at"]), people[row["assignee"]],
            )  # fmt: skip
            followup.created_at = _moment(row["created_at"])
            if row["status"] != "open":
                followups.close(
                    session,
                    people[row["creator"]],
                    followup,
                    row["status"],
                    _moment(row["closed_at"]),
                )
            counts["followups"] += 1
        if "deals" in counts:
            _deals(session, zip_, people, ids, counts)
        if "segments" in counts:
            _analytics(session, zip_, people, counts)
        return counts


def _customers(
    session: Any, rows: Iterator[dict[str, str]], people: dict[str, int], counts: dict[str, int]
) -> dict[str, Party]:
    ids: dict[str, Party] = {}
    for row in rows:
        values: dict[str, Any] = {
            "relationship_kind": row["kind"], "email": row["email"] or None,
            "phone": row["phone"] or None, "address": row["address"] or None,
            "city": row["city"] or None, "tags": [t for t in row["tags"].split(",") if t],
            "custom": json.loads(row["custom"]) if row["custom"] else {},
        }  # fmt: skip
        owner = people.get(row["owner"]) if row["owner"] else None
        if row["type"] == "company":
            ids[row["id"]] = parties.add_company(session, owner, row["name"], **values)
        else:
            company = ids.get(row["company_id"]) if row["company_id"] else None
            ids[row["id"]] = parties.add_contact(session, owner, row["name"], company, **values)
        counts["customers"] += 1
    return ids


def _activities(
    session: Any,
    rows: Iterator[dict[str, str]],
    people: dict[str, int],
    ids: dict[str, Party],
    counts: dict[str, int],
) -> None:
    new_ids: dict[str, int] = {}
    for row in rows:
        activity = activities.add(
            session, people[row["member"]], ids[row["customer_id"]], row["kind"], row["text"],
            _moment(row["occurred_at"]), json.loads(row["meta"]) if row["meta"] else {},
        )  # fmt: skip
        activity.corrects_id = new_ids.get(row["corrects_id"]) if row["corrects_id"] else None
        new_ids[row["id"]] = activity.id
        counts["activities"] += 1


def _deals(
    session: Any,
    zip_: zipfile.ZipFile,
    people: dict[str, int],
    ids: dict[str, Party],
    counts: dict[str, int],
) -> None:
    deals: dict[str, int] = {}
    for row in _table(zip_, "deals"):
        owner = people[row["owner"]]
        deal = backup.restore_deal(
            session, owner, party_id=ids[row["customer_id"]].id, title=row["title"],
            value=Decimal(row["value"]), currency=row["currency"], stage=row["stage"],
            probability=int(row["probability"]) if row["probability"] else None,
            close_on=date.fromisoformat(row["close_on"]) if row["close_on"] else None,
            status=row["status"], lost_reason=row["lost_reason"] or None, owner_id=owner,
            created_at=_moment(row["created_at"]), stage_changed_at=_moment(row["stage_changed_at"]),
            touched_at=_moment(row["touched_at"]),
            closed_at=_moment(row["closed_at"]) if row["closed_at"] else None,
        )  # fmt: skip
        session.flush()
        deals[row["id"]] = deal.id
        counts["deals"] += 1
    for row in _table(zip_, "deal_stages"):
        backup.restore_stage(
            session, deal_id=deals[row["deal_id"]], from_stage=row["from_stage"] or None,
            to_stage=row["to_stage"], member_id=people.get(row["member"]) if row["member"] else None,
            at=_moment(row["at"]),
        )  # fmt: skip
        counts["deal_stages"] += 1


def _analytics(
    session: Any, zip_: zipfile.ZipFile, people: dict[str, int], counts: dict[str, int]
) -> None:
    """Saved segments and alert rules; a rule watches from now on, not from its first start."""
    for row in _table(zip_, "segments"):
        segments.save(
            session, people.get(row["created_by"]), row["name"], json.loads(row["filters"] or "{}")
        )
        counts["segments"] += 1
    for row in _table(zip_, "alert_rules"):
        alerts.add(
            session, people.get(row["created_by"]), event=row["event"],
            days=int(row["days"]) if row["days"] else None,
            count=int(row["count"]) if row["count"] else None,
            amount=Decimal(row["amount"]) if row["amount"] else None, abc=row["abc"] or None,
            target=row["target"], target_member_id=people.get(row["target_member"]),
            paused=row["paused"] == "true",
        )  # fmt: skip
        counts["alert_rules"] += 1


def _table(zip_: zipfile.ZipFile, name: str) -> Iterator[dict[str, str]]:
    """Rows of one CSV of the zip, streamed, with the export's formula guard taken off."""
    with zip_.open(f"{name}.csv") as raw, io.TextIOWrapper(raw, "utf-8", newline="") as text:
        for row in csv.DictReader(text):
            yield {k: _plain(v) for k, v in row.items()}


def _plain(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS else value


def _party(ids: dict[str, Party], old_id: str) -> Party | None:
    return ids[old_id] if old_id else None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)
