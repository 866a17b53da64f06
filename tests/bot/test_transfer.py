"""`crmbot import FILE.csv` and `crmbot export`, run as a shell user runs them."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.bootstrap import App
from handlers.accounts import console_member
from handlers.transfer import BATCH_ROWS, ImportProblem, export_rows, import_file, read_rows
from storage import journal
from storage.db import Database
from tests.bot.shell import crmbot
from tests.conftest import Chat

ROWS = """name,type,company,kind,email,phone,city,address,tags
Müller GmbH,company,,customer,info@mueller.de,+49 221 123456,Köln,Domplatz 1,"vip, bakery"
Jana Roth,contact,Müller GmbH,customer,jana@mueller.de,,,,
Weber AG,company,,prospect,,,Bonn,,
"""


def test_imported_customers_can_be_found_and_exported_again(
    tmp_path: Path, database_url: str
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    imported = crmbot(["import", str(source)], "", database_url)
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 companies and 1 contacts" in imported.stdout
    found = crmbot(["chat", "--json"], "find mueller\n", database_url)
    assert "Jana Roth" in found.stdout
    exported = crmbot(["export"], "", database_url)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    by_name = {row["name"]: row for row in rows}
    assert by_name["Jana Roth"]["company"] == "Müller GmbH"
    assert by_name["Müller GmbH"]["tags"] == "bakery,vip"
    assert by_name["Weber AG"]["kind"] == "prospect"


def test_a_rerun_import_adds_nothing_twice(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    crmbot(["import", str(source)], "", database_url)
    again = crmbot(["import", str(source)], "", database_url)
    assert "imported 0 companies and 0 contacts; 3 already there" in again.stdout


def test_a_bad_row_writes_nothing_and_names_its_line(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS + "Ghost,contact,Nobody Ltd,,,,,,\n", encoding="utf-8")
    failed = crmbot(["import", str(source)], "", database_url)
    assert failed.returncode == 1
    assert "line 5" in failed.stderr and "Nobody Ltd" in failed.stderr
    exported = crmbot(["export"], "", database_url)
    assert len(list(csv.DictReader(io.StringIO(exported.stdout)))) == 0


def test_export_quotes_cells_a_spreadsheet_would_run_as_formulas(app: App, chat: Chat) -> None:
    assert chat('add company =HYPERLINK("http://evil") city=@Köln phone=+49 221 123456')["ok"]
    out = io.StringIO()
    export_rows(app.db, out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["city"] == "'@Köln" and row["phone"] == "'+49 221 123456"
    [again] = read_rows(app.db, io.StringIO(out.getvalue()))
    assert again.name == '=HYPERLINK("http://evil")' and again.values["city"] == "@Köln"


def test_every_bad_line_is_named_and_nothing_is_written(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(
        "name,type,company,kind,email,phone,city,address,tags\n"
        "Müller GmbH,company,,customer,info@mueller.de,,Köln,,\n"
        "Weber AG,company,,customer,not-an-address,,,,\n"
        "Schulz KG,company,,customer,,,,,\n"
        f"Fischer OHG,company,,customer,,,{'K' * 121},,\n",
        encoding="utf-8",
    )
    failed = crmbot(["import", str(source)], "", database_url)
    assert failed.returncode == 1
    assert "line 3:" in failed.stderr and "not-an-address" in failed.stderr
    assert "line 5:" in failed.stderr and "at most 120 characters" in failed.stderr
    assert "imported" not in failed.stdout
    assert crmbot(["export"], "", database_url).stdout.count("\n") == 1


def test_values_are_cleaned_like_chat_input(app: App, tmp_path: Path) -> None:
    rows = read_rows(
        app.db,
        io.StringIO('name,type,city\n"\x1b[31mRot\x1b[0m\u200b GmbH",company,"Kö\x07ln  Mitte"\n'),
    )
    assert rows[0].name == "[31mRot[0m GmbH" and rows[0].values["city"] == "Köln Mitte"


def test_broken_quoting_and_wrong_widths_are_refused_by_line(app: App) -> None:
    with pytest.raises(ImportProblem) as refused:
        read_rows(
            app.db,
            io.StringIO(
                'name,type,city\nA GmbH,company,Bonn,extra\nB GmbH,company\n"C" GmbH,x,y\n'
            ),
        )
    assert [line for line, _message in refused.value.problems] == [2, 3, 4]


def test_the_counts_always_add_up_to_the_rows(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(
        "name,type,company\nMüller GmbH,company,\nMueller GmbH,company,\n"
        "Jana Roth,contact,Müller GmbH\nWeber AG,company,\n",
        encoding="utf-8",
    )
    done = crmbot(["import", str(source)], "", database_url)
    assert "imported 2 companies and 1 contacts; 1 already there" in done.stdout, done.stderr


def test_a_long_import_lets_other_writers_in_between_batches(app: App, tmp_path: Path) -> None:
    if not app.db.is_sqlite:
        pytest.skip("SQLite's single write lock is what a long import can hold")
    rows = "".join(f"Firma {n} GmbH,company\n" for n in range(BATCH_ROWS * 4))
    actor = console_member(app.db, app.settings, "anna")
    importing = threading.Thread(
        target=import_file, args=(app.db, io.StringIO("name,type\n" + rows), actor)
    )
    path = app.db.engine.url.database
    assert path is not None
    got_in_midway = 0
    importing.start()
    while importing.is_alive():
        writer = sqlite3.connect(path, timeout=0.5, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            written = writer.execute("SELECT count(*) FROM parties").fetchone()[0]
            got_in_midway += 0 < written < BATCH_ROWS * 4
            writer.execute("COMMIT")
        except sqlite3.OperationalError:
            pass
        finally:
            writer.close()
    importing.join()
    assert got_in_midway > 0


def test_the_journal_waits_out_a_lock_held_past_the_busy_timeout(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("only SQLite locks the whole database")
    db = Database(database_url, connect_args={"timeout": 0.3, "check_same_thread": False})
    holder = sqlite3.connect(
        db.engine.url.database or "", isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, holder.execute, args=("COMMIT",)).start()
    with db.session() as session:
        journal_id, _stored, _repeat = journal.receive(
            session, platform="console", text="call Müller back", member_id=None
        )
    assert journal_id > 0
    holder.close()
    db.dispose()
