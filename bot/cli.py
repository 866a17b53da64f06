"""`crmbot`: the one console script. Each subcommand is one process type (chat, serve,
worker, run, db upgrade, import, export), as the README's Processes table lists them.

Subcommands import their adapters when they run, so `crmbot chat` does not pay for Slack,
Telegram and dateparser imports it never uses.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from config import load_settings, setup_logging

IMPORT_SOURCES = ("auto", "hubspot", "pipedrive", "salesforce", "zoho", "template")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    action: Callable[[argparse.Namespace], int] = getattr(args, "action", _run)
    return action(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crmbot", description="A chat-first CRM.")
    sub = parser.add_subparsers(title="commands")

    chat = sub.add_parser("chat", help="talk to the CRM in this terminal (or from a pipe)")
    chat.add_argument("--as", dest="name", default=None, help="member name (default: your login)")
    chat.add_argument("--json", action="store_true", help="one JSON object per answer")
    chat.set_defaults(action=_chat)

    serve = sub.add_parser("serve", help="HTTP server for Slack and Telegram webhooks")
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes sharing $PORT (PostgreSQL)"
    )
    serve.set_defaults(action=_serve)
    sub.add_parser("worker", help="send due reminders and digests").set_defaults(action=_worker)
    sub.add_parser("run", help="everything configured, in one process").set_defaults(action=_run)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(title="db commands", required=True)
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(action=_db_upgrade)

    imp = sub.add_parser("import", help="move customers in from another CRM's CSV export")
    imp.add_argument("file")
    imp.add_argument("--from", dest="vendor", default="auto", choices=IMPORT_SOURCES)
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would happen, write nothing"
    )
    imp.add_argument("--update", action="store_true", help="change what differs, fill empty fields")
    imp.add_argument("--skip-invalid", action="store_true", help="store the valid rows of a file")
    imp.add_argument("--owner", default=None, help="the member who looks after the customers")
    imp.set_defaults(action=_import)
    exp = sub.add_parser("export", help="everything, as a zip of CSV files or one JSON file")
    exp.add_argument("file", nargs="?", default="-", help="where to write (default: stdout)")
    exp.add_argument("--format", dest="form", default="zip", choices=("zip", "json"))
    exp.set_defaults(action=_export)
    return parser


def _chat(args: argparse.Namespace) -> int:
    from bot import console
    from bot.bootstrap import bootstrap

    setup_logging("WARNING")
    name = getattr(args, "name", None) or getpass.getuser() or "console"
    return console.main(bootstrap(), name, getattr(args, "json", False))


def _serve(args: argparse.Namespace) -> int:
    from bot.server import serve_processes

    workers = getattr(args, "workers", 1)
    if workers < 1:
        raise SystemExit("--workers must be at least 1")
    if workers == 1:
        return _serve_one()
    return serve_processes(workers, _serve_shared_port)


def _serve_one(reuse_port: bool = False) -> int:
    from bot.bootstrap import bootstrap
    from bot.server import serve

    setup_logging()
    app = bootstrap()
    app.crm.names.start_background_build()
    return serve(app, reuse_port=reuse_port)


def _serve_shared_port() -> int:
    return _serve_one(reuse_port=True)


def _worker(args: argparse.Namespace) -> int:
    from bot.bootstrap import bootstrap
    from bot.runner import run_worker, until_signalled

    setup_logging()
    app = bootstrap()
    return until_signalled(lambda stop: run_worker(app, stop))


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not (settings.slack_enabled or settings.telegram_enabled):
        return _chat(args)
    from bot.bootstrap import bootstrap
    from bot.runner import run_all, until_signalled

    setup_logging()
    app = bootstrap(settings)
    app.crm.names.start_background_build()
    return until_signalled(lambda stop: run_all(app, stop))


def _db_upgrade(args: argparse.Namespace) -> int:
    from storage.db import Database

    setup_logging()
    Database(load_settings().database_url).upgrade()
    return 0


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.bootstrap import bootstrap
    from bot.imports import import_file
    from handlers.imports import ImportOptions

    setup_logging("WARNING")
    options = ImportOptions(args.vendor, args.dry_run, args.update, args.skip_invalid, args.owner)
    return import_file(bootstrap(), Path(args.file), options)


def _export(args: argparse.Namespace) -> int:
    from bot.bootstrap import bootstrap
    from handlers.exports import write_json, write_zip

    setup_logging("WARNING")
    write = write_zip if args.form == "zip" else write_json
    db = bootstrap().db
    if args.file == "-":
        write(db, sys.stdout.buffer)
    else:
        with open(args.file, "wb") as target:
            write(db, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
