"""`crmbot import FILE`: the shell's side of an import (a backup zip is restored whole) — a line per record, a progress bar on a
terminal (rich), and the exit status (0 stored or dry run, 1 refused, nothing written)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.progress import Progress

from bot.bootstrap import App
from handlers.i18n import Translate, translator
from handlers.imports import ImportApp, ImportOptions, Summary, Unreadable, run_import
from handlers.imports.backup import restore
from handlers.imports.wording import counts_line, outcome_line


def import_file(app: App, path: Path, options: ImportOptions, out: TextIO = sys.stdout) -> int:
    t = translator(app.settings.crm_language)
    deps = ImportApp(app.db, app.settings, app.crm.names, app.crm.registry, app.crm.clock)
    try:
        with _progress(out) as progress:
            summary = run_import(
                deps, path, options, lambda o: print(outcome_line(t, o), file=out), progress
            )
    except (Unreadable, OSError) as problem:
        reason = (
            t(problem.reason, **problem.values) if isinstance(problem, Unreadable) else str(problem)
        )
        print(t("Import refused, nothing written: {reason}", reason=reason), file=sys.stderr)
        return 1
    return _summary(t, summary, options, out)


def _restore(app: App, path: Path, out: TextIO) -> int:
    counts = restore(app.db, path)
    t = translator(app.settings.crm_language)
    print(
        t(
            "Restored {members} members, {customers} customers, {activities} activities, "
            "{followups} follow-ups.",
            **counts,
        ),
        file=out,
    )
    return 0


def _summary(t: Translate, summary: Summary, options: ImportOptions, out: TextIO) -> int:
    if summary.refused:
        for outcome in summary.invalid:
            print(outcome_line(t, outcome), file=sys.stderr)
        print(
            t(
                "Import refused, nothing written: {count} invalid lines. Fix them, or import the "
                "valid ones with --skip-invalid.",
                count=len(summary.invalid),
            ),
            file=sys.stderr,
        )
        return 1
    print(counts_line(t, summary.layout, summary.counts), file=out)
    if options.dry_run:
        print(t("Dry run: nothing was written."), file=out)
    return 0


@contextmanager
def _progress(out: TextIO) -> Iterator[Callable[[int, int], None]]:
    """A bar on standard error when it is a terminal; nothing in a pipe or a log."""
    if not sys.stderr.isatty():
        yield lambda _done, _total: None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
