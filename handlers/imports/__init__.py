"""`crmbot import FILE`: moving a team's customers in from another CRM or a spreadsheet.

All of a file lands or nothing. A first pass reads the whole file (streamed) and checks
every row; a file with any invalid row is refused with every bad line named, unless
`skip_invalid` lets the valid ones land. A second pass stores the rows in one transaction,
reporting each line; a dry run is that same pass rolled back, so it says exactly what a real
run would do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from config import Settings
from handlers.context import Context
from handlers.i18n import N_
from handlers.imports.applying import Applier, Outcome
from handlers.imports.layouts import Layout, choose
from handlers.imports.reading import Shape, Unreadable, rows, shape_of
from handlers.imports.records import BadRow, record_of
from handlers.registry import Registry
from storage import members
from storage.db import Database
from storage.models import Member
from storage.search import NameIndex

__all__ = ["ImportOptions", "Outcome", "Summary", "Unreadable", "run_import"]


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


@dataclass(frozen=True)
class Crm:
    """What an import needs of the running app (bootstrap builds it)."""

    db: Database
    settings: Settings
    names: NameIndex
    registry: Registry
    clock: Callable[[], datetime]


class _DryRun(Exception):
    """Raised at the end of a dry run so the unit of work rolls everything back."""


def run_import(
    crm: Crm,
    path: Path,
    options: ImportOptions,
    report: Callable[[Outcome], None],
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> Summary:
    shape = shape_of(path)
    chosen = choose(shape.header, options.vendor)
    if chosen is None:
        raise Unreadable(
            N_("No column of this file is one I know (found: {columns})."),
            columns=", ".join(shape.header[:12]) or "-",
        )
    layout, fields = chosen
    summary = Summary(layout=f"{layout.vendor} {layout.record}")
    with crm.db.read_session() as session:
        ctx = _context(crm, session, options.owner)
        for line, cells in rows(path, shape):
            summary.lines += 1
            try:
                record_of(ctx, layout, fields, cells)
            except BadRow as bad:
                summary.invalid.append(Outcome(line, "invalid", _first(cells), bad.message))
    if summary.invalid and not options.skip_invalid:
        summary.refused = True
        return summary
    with contextlib.suppress(_DryRun):
        _store(crm, path, shape, layout, fields, options, summary, report, progress)
    return summary


def _store(
    crm: Crm,
    path: Path,
    shape: Shape,
    layout: Layout,
    fields: dict[int, str],
    options: ImportOptions,
    summary: Summary,
    report: Callable[[Outcome], None],
    progress: Callable[[int, int], None],
) -> None:
    bad = {outcome.line: outcome for outcome in summary.invalid}
    with crm.db.session() as session:
        ctx = _context(crm, session, options.owner)
        applier = Applier(ctx, ctx.member.id, options.update)
        for done, (line, cells) in enumerate(rows(path, shape), start=1):
            outcomes = (
                [bad[line]]
                if line in bad
                else applier.apply(line, record_of(ctx, layout, fields, cells))
            )
            for outcome in outcomes:
                summary.counts[outcome.action] = summary.counts.get(outcome.action, 0) + 1
                report(outcome)
            progress(done, summary.lines)
        if options.dry_run:
            raise _DryRun


def _context(crm: Crm, session: Session, owner: str | None) -> Context:
    """The owner's context (their language for the report); without one, an unsaved stand-in
    in the team's language, so the imported customers are unowned and the audit names no one."""
    member = _owner(session, owner) if owner else None
    return Context(
        session=session,
        member=member
        or Member(language=crm.settings.crm_language, timezone=crm.settings.crm_timezone),
        settings=crm.settings,
        names=crm.names,
        now=crm.clock(),
        registry=crm.registry,
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
