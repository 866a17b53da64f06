"""Moving customers in and out as CSV (`crmbot import`, `crmbot export`).

Columns: name, type (company|contact), company, kind, email, phone, city, address, tags
(and `id`, which export writes and import ignores). An import reads the whole file first,
through the same cleaning and checks as chat input, and names every bad line; only a file
without one is written, in batches that each commit, so a long import never holds
SQLite's one write lock for longer than a batch and live commands keep working.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from handlers.context import Refusal
from handlers.fields import check_fields, check_name
from handlers.i18n import Translate, translator
from storage import parties
from storage.db import Database
from storage.folding import fold
from storage.models import Party

COLUMNS = ("id", "name", "type", "company", "kind", "email", "phone", "city", "address", "tags")
BATCH_ROWS = 500
BATCH_PAUSE_SECONDS = 0.11
"""On SQLite, a pause between batches longer than the longest sleep of SQLite's busy
handler (100 ms): a waiting writer polls within it and gets the lock, where an importer that
re-took the lock at once would starve it."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to Excel and LibreOffice (OWASP "CSV
Injection"); export prefixes it with a single quote, import takes that quote off again."""


class ImportProblem(ValueError):
    """Every bad line of a file, each named with its line number; nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {message}" for line, message in problems))


class ImportStopped(RuntimeError):
    """The database refused a row of a checked file: what came before it is written."""

    def __init__(self, line: int, reason: str, written: Counter[str]) -> None:
        self.line = line
        self.written = written
        super().__init__(f"line {line}: the database refused it ({reason})")


@dataclass(frozen=True)
class Row:
    """One checked line of the file, ready to write."""

    line: int
    kind: str
    name: str
    company: str
    values: dict[str, Any]


def import_file(db: Database, source: TextIO, actor_id: int) -> Counter[str]:
    """Companies first, then contacts (who may name a company from the same file).

    A row whose name exists already with the same type is skipped, so an import can be rerun.
    Returns how many companies and contacts were added and how many rows were skipped; the
    three always add up to the file's rows.
    """
    rows = read_rows(db, source)
    ordered = sorted(rows, key=lambda row: row.kind != "company")
    counts: Counter[str] = Counter()
    for start in range(0, len(ordered), BATCH_ROWS):
        if start and db.is_sqlite:
            time.sleep(BATCH_PAUSE_SECONDS)
        counts += _write_batch(db, ordered[start : start + BATCH_ROWS], actor_id, counts)
    return counts


def read_rows(db: Database, source: TextIO) -> list[Row]:
    """The file's rows checked, or ImportProblem naming every bad line."""
    t = translator("en")
    reader = csv.DictReader(source, strict=True)
    problems: list[tuple[int, str]] = []
    rows: list[Row] = []
    try:
        unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
        if unknown or "name" not in (reader.fieldnames or ()):
            raise ImportProblem([(1, f"the header needs a name column and only {COLUMNS}")])
        for raw in _records(reader, problems):
            try:
                rows.append(_checked(t, reader.line_num, raw))
            except Refusal as refusal:
                problems.append((reader.line_num, refusal.message))
    except csv.Error as broken:
        problems.append((reader.line_num + 1, f"broken quoting: {broken}"))
    problems += _missing_companies(db, rows)
    if problems:
        raise ImportProblem(sorted(problems))
    return rows


def _records(
    reader: csv.DictReader[str], problems: list[tuple[int, str]]
) -> Iterator[dict[str, str]]:
    """Rows with exactly the header's number of values; any other is a bad line."""
    width = len(reader.fieldnames or ())
    for raw in reader:
        extra = raw.pop(None, None)
        if extra or any(value is None for value in raw.values()):
            problems.append((reader.line_num, f"expected {width} values"))
            continue
        yield raw


def _checked(t: Translate, line: int, raw: dict[str, str]) -> Row:
    cells = {key.strip().lower(): _unquoted(value) for key, value in raw.items()}
    kind = (cells.get("type") or "company").lower()
    if kind not in ("company", "contact"):
        raise Refusal(f"type must be company or contact, not {kind!r}")
    if kind == "company" and cells.get("company"):
        raise Refusal("a company cannot belong to a company")
    pairs = {
        key: cells.get(key, "") for key in ("kind", "email", "phone", "city", "address", "tags")
    }
    values = check_fields(t, {key: value for key, value in pairs.items() if value})
    values.pop("custom")
    values.setdefault("relationship_kind", "customer")
    values.setdefault("tags", [])
    company = check_name(t, cells["company"]) if cells.get("company") else ""
    return Row(line, kind, check_name(t, cells.get("name", "")), company, values)


def _unquoted(value: str | None) -> str:
    """A cell as typed: the quote export put before a formula-like value comes off."""
    text = (value or "").strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _missing_companies(db: Database, rows: list[Row]) -> list[tuple[int, str]]:
    """Contacts naming a company that is neither in the file nor in the database."""
    in_file = {fold(row.name) for row in rows if row.kind == "company"}
    wanted = {row.company for row in rows if row.kind == "contact" and row.company}
    with db.read_session() as session:
        known = {name for name in wanted if _company(session, name) is not None}
    return [
        (row.line, f"no company named {row.company!r}")
        for row in rows
        if row.company and fold(row.company) not in in_file and row.company not in known
    ]


def _write_batch(
    db: Database, batch: list[Row], actor_id: int, before: Counter[str]
) -> Counter[str]:
    """One transaction: the write lock is released when it commits."""
    counts: Counter[str] = Counter()
    line = batch[0].line
    try:
        with db.session() as session:
            for row in batch:
                line = row.line
                counts[_write(session, row, actor_id)] += 1
                session.flush()
    except DBAPIError as refused:
        raise ImportStopped(line, str(refused.orig).strip(), before) from refused
    return counts


def _write(session: Session, row: Row, actor_id: int) -> str:
    if any(p.party_type == row.kind for p in parties.with_exact_key(session, row.name)):
        return "skipped"
    if row.kind == "company":
        parties.add_company(session, actor_id, row.name, **row.values)
        return "company"
    company = _company(session, row.company) if row.company else None
    parties.add_contact(session, actor_id, row.name, company, **row.values)
    return "contact"


def _company(session: Session, name: str) -> Party | None:
    found = [p for p in parties.with_exact_key(session, name) if p.party_type == "company"]
    return found[0] if found else None


def export_rows(db: Database, out: TextIO) -> int:
    """Every company and contact as CSV, in the import's columns, so export feeds import."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    with db.read_session() as session:
        everyone = parties.everyone(session)
        for party in everyone:
            cells = {
                "id": str(party.id),
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
            writer.writerow({key: neutralised(value) for key, value in cells.items()})
    return len(everyone)


def neutralised(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
