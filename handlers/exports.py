"""`crmbot export`: everything a team keeps, as a zip of CSV files or one JSON document.

Written as it is read (storage.backup streams every table), so memory stays flat however
many activities there are. CSV cells that a spreadsheet would run as a formula (starting
with =, +, -, @, tab or CR) get a leading apostrophe, as OWASP's "CSV Injection" advises;
a cell that already starts with an apostrophe gets one more, so a restore (handlers.imports.
backup) removes exactly one and gives back the stored value.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from storage import backup
from storage.db import Database

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
TABLES: dict[str, Callable[[Session], Iterator[backup.Row]]] = {
    "members": backup.members,
    "customers": backup.customers,
    "activities": backup.activities,
    "followups": backup.followups,
    "deals": backup.deals,
    "deal_stages": backup.deal_stages,
    "segments": backup.segments,
    "alert_rules": backup.alert_rules,
}
FORMAT = {"format": "crmbot-backup", "version": 1}


def cell(value: Any) -> str:
    """One value as CSV text: lists comma-joined, dicts as JSON, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_zip(db: Database, target: BinaryIO) -> dict[str, int]:
    """One CSV per table; returns how many rows each held."""
    with db.read_session() as session:
        return zip_from(session, target)


def zip_from(session: Session, target: BinaryIO) -> dict[str, int]:
    """The zip, read in `session` (a chat command's own unit of work)."""
    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zip_:
        zip_.writestr("backup.json", json.dumps(FORMAT))
        for name, read in TABLES.items():
            with (
                zip_.open(f"{name}.csv", "w") as raw,
                io.TextIOWrapper(raw, "utf-8", newline="") as out,
            ):
                counts[name] = _write_csv(read(session), out)
    return counts


def _write_csv(rows: Iterator[backup.Row], out: io.TextIOWrapper) -> int:
    writer: Any = None
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.writer(out)
            writer.writerow(row.keys())
        writer.writerow([cell(v) for v in row.values()])
        count += 1
    return count


def write_json(db: Database, target: BinaryIO) -> dict[str, int]:
    """One JSON object, written row by row (no table is ever held whole)."""
    counts: dict[str, int] = {}
    out = io.TextIOWrapper(target, "utf-8")
    out.write(json.dumps(FORMAT)[:-1])
    with db.read_session() as session:
        for name, read in TABLES.items():
            out.write(f', "{name}": [')
            counts[name] = 0
            for row in read(session):
                out.write(
                    (", " if counts[name] else "")
                    + json.dumps(row, default=_iso, ensure_ascii=False)
                )
                counts[name] += 1
            out.write("]")
    out.write("}\n")
    out.detach()
    return counts


def _iso(value: object) -> str:
    """Moments and days as ISO 8601, amounts as exact decimal strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)
