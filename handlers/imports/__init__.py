"""`crmbot import FILE`: moving a team's customers in from another CRM or a spreadsheet.

A first pass reads the whole file (streamed), checks every row and keeps the checked
records in a spool (handlers.imports.spool); a file with any invalid row is refused with
every bad line named, unless `skip_invalid` lets the valid ones land. A second pass stores
the spooled records BATCH_ROWS at a time (handlers.imports.applying: a few statements per
batch), reporting each line; a dry run is that same pass rolled back, so it says exactly
what a real run would do.

On PostgreSQL the second pass is one transaction: all of a file lands or nothing, and live
commands go on beside it (it locks only the rows it writes). SQLite has one write lock for
the whole database, and one long transaction would hold it against every live command, so
there each batch is its own transaction, with a pause after it; every row was checked
before the first is written, and a database refusal mid-way (a disk full) leaves the
batches before it, each reported line by line.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from config import Settings
from handlers.context import Context
from handlers.i18n import N_
from handlers.imports.applying import Applier, Outcome
from handlers.imports.layouts import choose
from handlers.imports.reading import Unreadable, rows, shape_of
from handlers.imports.records import BadRow, record_of
from handlers.imports.spool import Spool, spooled
from handlers.registry import Registry
from storage import members
from storage.db import Database
from storage.models import Member
from storage.search import NameIndex

__all__ = ["ImportOptions", "Outcome", "Summary", "Unreadable", "import_here", "run_import"]


@dataclass(frozen=True)
class ImportOptions:
    vendor: str = "auto"
    dry_run: bool = False
    update: bool = False
    skip_invalid: bool = False
    owner: str | None = None


@dataclass
class Summary:
    layout: str = ""
    lines: int = 0
    invalid: list[Outcome] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    refused: bool = False


BATCH_ROWS = 1000
BATCH_PAUSE_SECONDS = 0.1
"""Between SQLite batches: long enough for a waiting writer's busy handler to wake and take
the lock (it sleeps up to 100 ms between tries), or the import would take it straight back."""


@dataclass(frozen=True)
class ImportApp:
    """What an import needs of the running app (bootstrap builds it)."""

    db: Database
    settings: Settings
    names: NameIndex
    registry: Registry
    clock: Callable[[], datetime]


class _DryRun(Exception):
    """Raised at the end of a dry run so the unit of work rolls everything back."""


def run_import(
    app: ImportApp,
    path: Path,
    options: ImportOptions,
    report: Callable[[Outcome], None],
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> Summary:
    with spooled() as spool:
        with app.db.read_session() as session:
            summary = _checked(_context(app, session, options.owner), path, options, spool)
        if summary.invalid and not options.skip_invalid:
            summary.refused = True
            return summary
        with contextlib.suppress(_DryRun):
            _store(app, spool, options, summary, report, progress)
    return summary


def _checked(ctx: Context, path: Path, options: ImportOptions, spool: Spool) -> Summary:
    """The first pass: the file's layout, and every row checked into `spool` (nothing
    written to the database)."""
    shape = shape_of(path)
    chosen = choose(shape.header, options.vendor)
    if chosen is None:
        raise Unreadable(
            N_("No column of this file is one I know (found: {columns})."),
            columns=", ".join(shape.header[:12]) or "-",
        )
    layout, fields = chosen
    summary = Summary(layout=f"{layout.vendor} {layout.record}")
    for line, cells in rows(path, shape):
        summary.lines += 1
        try:
            spool.add(line, record_of(ctx, layout, fields, cells))
        except BadRow as bad:
            summary.invalid.append(Outcome(line, "invalid", _first(cells), bad.message))
            spool.add(line, summary.invalid[-1])
    return summary


def import_here(ctx: Context, path: Path, options: ImportOptions) -> tuple[Summary, list[Outcome]]:
    """The whole import inside the caller's unit of work (a chat command), in a savepoint:
    all of the file lands or nothing, and a dry run rolls its savepoint back. For files of
    chat size only: on SQLite it holds the write lock until it is done."""
    with spooled() as spool:
        summary = _checked(ctx, path, options, spool)
        if summary.invalid and not options.skip_invalid:
            summary.refused = True
            return summary, []
        outcomes: list[Outcome] = []
        savepoint = ctx.session.begin_nested()
        applier = Applier(ctx, ctx.member.id, options.update)
        for batch in spool.batches(BATCH_ROWS):
            outcomes += applier.apply(batch)
    _count(summary, outcomes)
    if options.dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return summary, outcomes


def _store(
    app: ImportApp,
    spool: Spool,
    options: ImportOptions,
    summary: Summary,
    report: Callable[[Outcome], None],
    progress: Callable[[int, int], None],
) -> None:
    """The second pass: the checked lines stored a batch at a time (see the module's text)."""
    commit_each = app.db.is_sqlite and not options.dry_run
    with app.db.sessions() as session:
        transaction = session.begin()
        ctx = _context(app, session, options.owner)
        applier = Applier(ctx, ctx.member.id, options.update)
        done = 0
        for batch in spool.batches(BATCH_ROWS):
            outcomes = applier.apply(batch)
            for outcome in outcomes:
                report(outcome)
            _count(summary, outcomes)
            done += len(batch)
            progress(done, summary.lines)
            if commit_each:
                transaction.commit()
                time.sleep(BATCH_PAUSE_SECONDS)  # live commands take the write lock now
                transaction = session.begin()
        if options.dry_run:
            transaction.rollback()
            raise _DryRun
        transaction.commit()


def _count(summary: Summary, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        summary.counts[outcome.action] = summary.counts.get(outcome.action, 0) + 1


def _context(app: ImportApp, session: Session, owner: str | None) -> Context:
    """The owner's context (their language for the report); without one, an unsaved stand-in
    in the team's language, so the imported customers are unowned and the audit names no one."""
    member = _owner(session, owner) if owner else None
    return Context(
        session=session,
        member=member
        or Member(language=app.settings.crm_language, timezone=app.settings.crm_timezone),
        settings=app.settings,
        names=app.names,
        now=app.clock(),
        registry=app.registry,
        platform="console",
    )


def _owner(session: Session, name: str) -> Member:
    found = members.by_name(session, name)
    if len(found) != 1:
        raise Unreadable(
            N_("There is no member \u201c{name}\u201d. Type members for the team.")
            if not found
            else N_("\u201c{name}\u201d could be: {names}. Be more precise."),
            name=name,
            names=", ".join(m.name for m in found[:5]),
        )
    return found[0]


def _first(cells: list[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")[:60]
