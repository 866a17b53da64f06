"""`crmbot import FILE` and `crmbot export`, run as a shell user runs them."""

from __future__ import annotations

import io
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest

from bot.bootstrap import App
from bot.imports import import_file
from handlers.imports import BATCH_ROWS, ImportOptions
from tests.bot.shell import crmbot

ROWS = """name,type,company,kind,email,phone,city,address,tags
Müller GmbH,company,,customer,info@mueller.de,+49 221 123456,Köln,Domplatz 1,"vip, bakery"
Jana Roth,contact,Müller GmbH,customer,jana@mueller.de,,,,
Weber AG,company,,prospect,,,Bonn,,
"""


def test_imported_customers_can_be_found_and_backed_up(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    imported = crmbot(["import", str(source)], "", database_url)
    assert imported.returncode == 0, imported.stderr
    assert "3 created, 0 updated, 0 already there" in imported.stdout
    found = crmbot(["chat", "--json"], "find mueller\n", database_url)
    assert "Jana Roth" in found.stdout
    target = tmp_path / "backup.zip"
    assert crmbot(["export", str(target)], "", database_url).returncode == 0
    with zipfile.ZipFile(target) as backup:
        customers = backup.read("customers.csv").decode()
    assert "Jana Roth" in customers and "bakery,vip" in customers


def test_a_rerun_import_adds_nothing_twice(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    crmbot(["import", str(source)], "", database_url)
    again = crmbot(["import", str(source)], "", database_url)
    assert "0 created, 0 updated, 3 already there" in again.stdout


def test_a_bad_row_writes_nothing_and_names_its_line(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS + "Ghost,ghost,,,,,,,\n", encoding="utf-8")
    failed = crmbot(["import", str(source)], "", database_url)
    assert failed.returncode == 1
    assert "line 5" in failed.stderr and "ghost" in failed.stderr
    exported = crmbot(["export", "--format", "json"], "", database_url)
    assert '"customers": []' in exported.stdout


def test_a_long_import_lets_other_writers_in_between_batches(app: App, tmp_path: Path) -> None:
    if not app.db.is_sqlite:
        pytest.skip("SQLite's single write lock is what a long import can hold")
    source = tmp_path / "many.csv"
    rows = "".join(f"Firma {n} GmbH,company\n" for n in range(BATCH_ROWS * 4))
    source.write_text("name,type\n" + rows, encoding="utf-8")
    importing = threading.Thread(
        target=import_file, args=(app, source, ImportOptions(), io.StringIO())
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


def test_imported_values_are_cleaned_like_chat_input(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "dirty.csv"
    source.write_text(
        'name,type,city\n"\x1b[31mRot\x1b[0m\u200b GmbH",company,"Kö\x07ln  Mitte"\n',
        encoding="utf-8",
    )
    assert crmbot(["import", str(source)], "", database_url).returncode == 0
    shown = crmbot(["chat", "--json"], "show Rot GmbH\n", database_url)
    assert "[31mRot[0m GmbH" in shown.stdout and "Köln Mitte" in shown.stdout
