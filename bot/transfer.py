"""`crmbot import FILE.csv` and `crmbot export`: CSV in and out from the shell."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.bootstrap import bootstrap
from handlers.accounts import console_member
from handlers.transfer import ImportProblem, ImportStopped, export_rows, import_file


def import_csv(path: str, operator: str) -> int:
    """Every bad line is named and nothing is written; a database refusal mid-way says what
    was written before it (a rerun skips those rows)."""
    app = bootstrap()
    actor_id = console_member(app.db, app.settings, operator)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            counts = import_file(app.db, file, actor_id)
    except ImportProblem as problem:
        print(f"import failed, nothing written:\n{problem}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as problem:
        print(f"import failed, nothing written: {problem}", file=sys.stderr)
        return 1
    except ImportStopped as stopped:
        done = stopped.written
        print(
            f"import stopped at {stopped}; before it {done['company']} companies and "
            f"{done['contact']} contacts were imported. Fix that line and run the import "
            "again: rows already there are skipped.",
            file=sys.stderr,
        )
        return 1
    print(
        f"imported {counts['company']} companies and {counts['contact']} contacts; "
        f"{counts['skipped']} already there"
    )
    return 0


def export_csv(out: TextIO) -> int:
    export_rows(bootstrap().db, out)
    return 0
