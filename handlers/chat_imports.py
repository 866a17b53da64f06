"""Moving in and backing up from the chat (admins): a CSV sent with the caption `import`,
and `export`.

The file is kept (storage.uploads) and becomes `import <upload id>`: a dry run that reports
what the import would do, with an "Import" button that runs `import <id> confirm=yes`.
Both run the import inside the command's unit of work (handlers.imports.import_here), so
all of the file lands or nothing. `export` answers with the backup zip as an attachment,
which each platform sends to the admin's private chat.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from handlers.arguments import BadArguments, name_and_pairs
from handlers.context import Context, Refusal
from handlers.exports import zip_from
from handlers.imports import ImportOptions, Summary, Unreadable, import_here
from handlers.imports.applying import Outcome
from handlers.imports.wording import counts_line, outcome_line
from handlers.reply import Attachment, Button, Item, Reply, Section
from storage import members, uploads
from storage.db import Database

CAPTIONS = ("import", "importieren")
MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""Telegram hands bots files up to 20 MB; larger files belong to `crmbot import`."""
REPORT_LINES = 20


@dataclass(frozen=True)
class ImportArgs:
    upload: int
    confirmed: bool = False

    def line(self) -> str:
        return f"import {self.upload}" + (" confirm=yes" if self.confirmed else "")


def is_import(caption: str | None) -> bool:
    return (caption or "").strip().lower() in CAPTIONS


def keep_file(db: Database, member_id: int, filename: str, data: bytes, now: datetime) -> str:
    """The command a file sent with `import` stands for. Only an admin's file is kept;
    anyone else gets the bare `import`, which the verb table refuses them."""
    with db.session() as session:
        member = members.get(session, member_id)
        if member is None or not member.is_admin:
            return "import"
        return f"import {uploads.keep(session, member_id, filename, data, now)}"


def parse_import(text: str, ctx: Context) -> ImportArgs:
    parsed = name_and_pairs(text)
    if not parsed.name.isdigit():
        raise BadArguments(ctx.t("Send me a CSV file with the caption import."))
    return ImportArgs(int(parsed.name), parsed.pairs.get("confirm", "").lower() in ("yes", "ja"))


def run_import(args: ImportArgs, ctx: Context) -> Reply:
    t = ctx.t
    upload = uploads.of_member(ctx.session, args.upload, ctx.member.id)
    if upload is None:
        raise Refusal(
            t("That file is gone (imported already, or older than a day). Send it again.")
        )
    options = ImportOptions(dry_run=not args.confirmed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(upload.data)
        try:
            summary, outcomes = import_here(ctx, path, options)
        except Unreadable as problem:
            reason = t(problem.reason, **problem.values)
            raise Refusal(t("Import refused, nothing written: {reason}", reason=reason)) from None
    if summary.refused:
        return _refused(ctx, summary)
    if args.confirmed:
        uploads.discard(ctx.session, upload)
    text = counts_line(t, summary.layout, summary.counts)
    buttons = [] if args.confirmed else [Button(t("Import"), replace(args, confirmed=True).line())]
    return Reply(
        text=text if args.confirmed else f"{text} {t('Dry run: nothing was written.')}",
        sections=[_lines(ctx, t("Lines"), outcomes)],
        buttons=buttons,
        data={"upload": args.upload, "counts": summary.counts, "dry_run": not args.confirmed},
    )


def _refused(ctx: Context, summary: Summary) -> Reply:
    t = ctx.t
    return Reply(
        text=t(
            "Import refused, nothing written: {count} invalid lines. Fix them and send the file "
            "again.",
            count=len(summary.invalid),
        ),
        ok=False,
        sections=[_lines(ctx, t("Invalid lines"), summary.invalid)],
        data={"invalid": [o.line for o in summary.invalid]},
    )


def _lines(ctx: Context, title: str, outcomes: list[Outcome]) -> Section:
    shown = tuple(Item(outcome_line(ctx.t, o)) for o in outcomes[:REPORT_LINES])
    return Section(title, shown, max(0, len(outcomes) - REPORT_LINES))


def export(_: None, ctx: Context) -> Reply:
    """`export`: the whole backup (handlers.exports) as a zip attachment."""
    out = io.BytesIO()
    counts = zip_from(ctx.session, out)
    filename = f"crmbot-backup-{ctx.now.date().isoformat()}.zip"
    return Reply(
        text=ctx.t(
            "The backup: {file} ({customers} customers, {activities} activities, {deals} deals).",
            file=filename,
            customers=counts["customers"],
            activities=counts["activities"],
            deals=counts["deals"],
        ),
        attachment=Attachment(filename, "application/zip", out.getvalue()),
        data={"file": filename, "counts": counts},
    )
