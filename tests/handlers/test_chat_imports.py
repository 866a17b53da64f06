"""Moving in and backing up from the chat: a kept CSV becomes a dry run with an Import button,
`export` answers with the backup zip; both for admins only."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, update

from bot.bootstrap import App
from bot.console import Console
from handlers.chat_imports import keep_file
from storage.models import Member, Party, Upload
from tests.conftest import Chat
from tests.handlers.imports.test_imports import HUBSPOT_DE


def count(app: App, model: type[Party] | type[Upload]) -> int:
    with app.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def keep(app: App, console: Console, text: str, encoding: str = "cp1252") -> str:
    return keep_file(
        app.db, console.member_id, "kunden.csv", text.encode(encoding), app.crm.clock()
    )


def demote(app: App, name: str) -> None:
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == name).values(role="member"))


def test_a_sent_csv_is_a_dry_run_with_an_import_button_that_imports_it(
    app: App, chat: Chat, console: Console
) -> None:
    line = keep(app, console, HUBSPOT_DE)
    dry = chat(line)
    assert dry["ok"] and dry["data"]["dry_run"] and "Dry run: nothing was written." in dry["text"]
    assert "line 2: created Jürgen Müller" in dry["text"]
    assert f"Import: {line} confirm=yes" in dry["text"]
    assert count(app, Party) == 0
    done = chat(f"{line} confirm=yes")
    assert done["data"]["counts"]["created"] == 4 and count(app, Party) == 4
    assert count(app, Upload) == 0
    again = chat(f"{line} confirm=yes")
    assert not again["ok"] and "gone" in again["text"] and count(app, Party) == 4


def test_a_file_with_bad_lines_is_refused_and_names_them(
    app: App, chat: Chat, console: Console
) -> None:
    bad = HUBSPOT_DE + ";;broken@;;;\n"
    answer = chat(keep(app, console, bad) + " confirm=yes")
    assert not answer["ok"] and answer["data"]["invalid"] == [4]
    assert count(app, Party) == 0


def test_a_file_of_no_known_layout_is_refused_plainly(
    app: App, chat: Chat, console: Console
) -> None:
    answer = chat(keep(app, console, "foo;bar\n1;2\n"))
    assert not answer["ok"] and "No column of this file is one I know" in answer["text"]


def test_a_member_who_is_no_admin_is_refused_and_nothing_is_kept(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    bob = chat_as("bob")
    demote(app, "bob")
    bob_console = Console(app, "bob")
    assert keep(app, bob_console, HUBSPOT_DE) == "import"
    assert count(app, Upload) == 0
    assert not bob("import")["ok"]
    assert not bob("export")["ok"]


def test_export_answers_with_the_backup_zip(app: App, chat: Chat, tmp_path: Path) -> None:
    chat("add company Müller GmbH")
    chat("deal Müller 5k: Wartung")
    answer = chat("export")
    path = Path(answer["data"]["attachment"])
    assert path.name == "crmbot-backup-2026-11-23.zip"
    with zipfile.ZipFile(path) as zip_:
        deals = list(csv.DictReader(io.StringIO(zip_.read("deals.csv").decode())))
    assert [d["title"] for d in deals] == ["Wartung"]
    assert answer["data"]["counts"]["customers"] == 1
