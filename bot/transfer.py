"""`crmbot import FILE.csv` and `crmbot export`: CSV in and out from the shell."""

from __future__ import annotations

import csv
import sys
from typing import TextIO

from bot.bootstrap import bootstrap
from handlers.accounts import console_member
from handlers.transfer import ImportProblem, export_rows, import_rows


def import_csv(path: str, operator: str) -> int:
    app = bootstrap()
    actor_id = console_member(app.db, app.settings, operator)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            counts = import_rows(app.db, csv.DictReader(file), actor_id)
    except (OSError, ImportProblem, csv.Error, UnicodeDecodeError) as problem:
        print(f"import failed, nothing written: {problem}", file=sys.stderr)
        return 1
    print(
        f"imported {counts['company']} companies and {counts['contact']} contacts; "
        f"{counts['skipped']} already there"
    )
    return 0


def export_csv(out: TextIO) -> int:
    export_rows(bootstrap().db, out)
    return 0
